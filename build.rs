//! Embeds the built-in packs' annotated test documents (`fixtures/rules/`,
//! `fixtures/negation/`) so that `clauselint test` with no path runs them
//! from the binary, like the packs themselves.

use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// The modules that define the compiled packs' structures and fill them
/// (`src/packs/snapshot.rs` reads the snapshot, it does not shape it).
const PACK_CODE: &[&str] = &[
    "src/kind.rs",
    "src/packs/compile.rs",
    "src/packs/lemma.rs",
    "src/packs/load.rs",
    "src/packs/mod.rs",
    "src/packs/schema.rs",
    "src/packs/terms.rs",
];

/// FNV-1a, as `src/packs/snapshot.rs` hashes the packs' texts (`eat`); the
/// build script cannot call into the crate it builds.
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h ^ 0xff).wrapping_mul(0x0100_0000_01b3)
}

/// A hash of `PACK_CODE`: the built-in packs' snapshot is used only by
/// binaries of the code that made it. Decoding a snapshot made by code with
/// other structures does not always fail; it can give garbage.
fn pack_code_hash(root: &Path) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325;
    for file in PACK_CODE {
        println!("cargo:rerun-if-changed={file}");
        // Line endings aside: a checkout with CRLF endings is the same code.
        let text = fs::read_to_string(root.join(file))
            .unwrap_or_default()
            .replace('\r', "");
        h = fnv(h, file.as_bytes());
        h = fnv(h, text.as_bytes());
    }
    h
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(
        out_dir.join("pack_code_hash.rs"),
        format!("{}u64\n", pack_code_hash(&root)),
    )
    .expect("write pack_code_hash.rs");
    let mut files = Vec::new();
    for dir in ["fixtures/rules", "fixtures/negation"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(&root.join(dir), &mut files);
    }
    files.sort();
    let mut code = String::from("&[\n");
    for f in &files {
        let rel = f
            .strip_prefix(&root)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        // Named from the crate's own directory when it is compiled, not by
        // this checkout's absolute path: builds of several checkouts that
        // share a target directory share this file too.
        let from_root = format!("/{rel}");
        code.push_str(&format!(
            "    ({rel:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {from_root:?}))),\n"
        ));
    }
    code.push_str("]\n");
    let out = out_dir.join("builtin_tests.rs");
    fs::write(out, code).expect("write builtin_tests.rs");
}
