//! The built-in packs compiled ahead of time.
//!
//! Compiling the built-in TOML (parsing, spelling every term, building the
//! trie) was most of a small check's start-up, so `rules/builtin.packs`
//! holds the compiled result and loading with no user packs reads it
//! instead. The file starts with a hash of the TOML it was made from: a
//! snapshot that does not match the embedded packs (rules edited, snapshot
//! not rewritten) is ignored and the TOML compiled, so it is never wrong,
//! only slower. The hash also covers the code that defines and fills the
//! compiled structures (see `build.rs`), so a snapshot made by other code is
//! ignored too: decoding it into other structures could give garbage. The
//! test `builtin_snapshot_is_current` fails when the file is stale and
//! rewrites it when run with `CLAUSELINT_BLESS=1`.

use super::Packs;
use super::builtin::BUILTIN_PACKS;

/// Format marker. (A change to the compiled structures also changes the
/// hash after it, which covers the code that defines them.)
const MAGIC: &[u8; 8] = b"CLPACK02";

/// The snapshot embedded in the binary.
const SNAPSHOT: &[u8] = include_bytes!("../../rules/builtin.packs");

/// FNV-1a over `bytes`, continuing from `h` (`build.rs` has the same).
const fn eat(mut h: u64, bytes: &[u8]) -> u64 {
    let mut i = 0;
    while i < bytes.len() {
        h ^= bytes[i] as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    // A separator, so ("ab", "c") and ("a", "bc") differ.
    (h ^ 0xff).wrapping_mul(0x0100_0000_01b3)
}

/// FNV-1a over the code that shapes and fills the compiled packs (hashed
/// by `build.rs`), then the built-in packs' names and texts, computed when
/// the binary is built: stable across Rust versions (unlike `DefaultHasher`),
/// and no work at start-up.
const SOURCE_HASH: u64 = {
    let mut h: u64 = include!(concat!(env!("OUT_DIR"), "/pack_code_hash.rs"));
    let mut i = 0;
    while i < BUILTIN_PACKS.len() {
        let (name, text) = BUILTIN_PACKS[i];
        h = eat(h, name.as_bytes());
        h = eat(h, text.as_bytes());
        i += 1;
    }
    h
};

/// The compiled built-in packs from the snapshot, if it is current.
pub(super) fn load() -> Option<Packs> {
    decode(SNAPSHOT)
}

fn decode(snapshot: &[u8]) -> Option<Packs> {
    let rest = snapshot.strip_prefix(MAGIC.as_slice())?;
    let (hash, body) = rest.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*hash) != SOURCE_HASH {
        return None;
    }
    let mut packs: Packs = postcard::from_bytes(body).ok()?;
    packs.share_regexes();
    Some(packs)
}

/// The snapshot file's bytes for compiled built-in packs.
#[cfg(test)]
fn encode(packs: &Packs) -> Result<Vec<u8>, postcard::Error> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&SOURCE_HASH.to_le_bytes());
    out.extend(postcard::to_allocvec(packs)?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packs::compile;
    use crate::packs::load::PackSource;

    fn compiled_from_toml() -> Packs {
        let sources: Vec<PackSource> = BUILTIN_PACKS
            .iter()
            .map(|(name, text)| PackSource::builtin(format!("builtin:{name}"), *text))
            .collect();
        compile::compile(&sources).expect("built-in packs compile")
    }

    #[test]
    fn builtin_snapshot_is_current() {
        let fresh = encode(&compiled_from_toml()).expect("packs encode");
        if fresh == SNAPSHOT {
            return;
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/builtin.packs");
        if std::env::var_os("CLAUSELINT_BLESS").is_some() {
            std::fs::write(path, &fresh).expect("snapshot written");
            return;
        }
        panic!(
            "{path} is stale (the built-in packs, or the code that compiles them, changed): \
             run `CLAUSELINT_BLESS=1 cargo test --lib builtin_snapshot` and commit it"
        );
    }

    #[test]
    fn the_snapshot_loads_as_the_toml_compiles() {
        let loaded = load().expect("the committed snapshot is current and decodes");
        let compiled = compiled_from_toml();
        // The same structure, field for field (Debug shows every field).
        assert_eq!(format!("{loaded:?}"), format!("{compiled:?}"));
        // Regexes written alike share one compilation, decoded or compiled
        // (the built-in packs write the address regex twice).
        for packs in [&loaded, &compiled] {
            let regexes: Vec<_> = packs
                .groups
                .iter()
                .filter_map(|g| g.regex.as_ref())
                .collect();
            let mut alike = 0;
            for (i, a) in regexes.iter().enumerate() {
                for b in &regexes[i + 1..] {
                    assert_eq!(a.as_str() == b.as_str(), a.shares_with(b));
                    alike += usize::from(a.as_str() == b.as_str());
                }
            }
            assert!(alike > 0);
        }
    }

    #[test]
    fn the_snapshot_hash_covers_the_compiling_code_as_well_as_the_packs() {
        // The hash as it would be of the packs alone, from FNV's usual start.
        let packs_only = BUILTIN_PACKS
            .iter()
            .fold(0xcbf2_9ce4_8422_2325, |h, (name, text)| {
                eat(eat(h, name.as_bytes()), text.as_bytes())
            });
        assert_ne!(SOURCE_HASH, packs_only);
        let code: u64 = include!(concat!(env!("OUT_DIR"), "/pack_code_hash.rs"));
        let with_code = BUILTIN_PACKS.iter().fold(code, |h, (name, text)| {
            eat(eat(h, name.as_bytes()), text.as_bytes())
        });
        assert_eq!(SOURCE_HASH, with_code);
    }

    #[test]
    fn a_snapshot_of_other_sources_or_damaged_is_ignored() {
        assert!(decode(SNAPSHOT).is_some());
        // Made from other TOML.
        let mut other = SNAPSHOT.to_vec();
        other[MAGIC.len()] ^= 1;
        assert!(decode(&other).is_none());
        // Another format.
        let mut format = SNAPSHOT.to_vec();
        format[MAGIC.len() - 1] = b'0';
        assert!(decode(&format).is_none());
        // Cut short.
        assert!(decode(&SNAPSHOT[..SNAPSHOT.len() / 2]).is_none());
        assert!(decode(&SNAPSHOT[..MAGIC.len() + 4]).is_none());
    }
}
