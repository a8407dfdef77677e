//! Plain timing loops, for side-by-side runs and instruction counts.
//!
//! Criterion's statistics need many quiet seconds; these loops print one
//! figure quickly, so two builds can be run alternately in a noisy minute,
//! and a fixed amount of work can be counted by valgrind
//! (`benches/instructions.sh`). docs/performance.md describes both.
//!
//! ```text
//! cargo bench --bench loops                      # 50 KB document, best of 15 rounds
//! cargo bench --bench loops -- 3 --dir DIR       # every document under DIR, best of 3
//! ```
//!
//! A round checks the 50 KB document 200 times (the figure is per check), or
//! every `.md`/`.txt`/`.markdown` file under `DIR` once, on one thread,
//! with the built-in packs loaded once before the first round.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clauselint::{CheckOptions, Format, Packs, SourceFile, check};

/// Checks of the 50 KB document in one round.
const CHECKS_PER_ROUND: usize = 200;

fn usage() -> ExitCode {
    eprintln!("usage: loops [ROUNDS] [--dir DIR]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut rounds: Option<usize> = None;
    let mut dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // What `cargo bench` passes to every bench target.
            "--bench" => {}
            "--dir" => match args.next() {
                Some(d) => dir = Some(PathBuf::from(d)),
                None => return usage(),
            },
            n => match n.parse() {
                Ok(n) if n > 0 && rounds.is_none() => rounds = Some(n),
                _ => return usage(),
            },
        }
    }
    let packs = match Packs::builtin() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("loops: the built-in packs did not load: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (sources, checks_per_round) = match &dir {
        Some(d) => match documents(d) {
            Ok(s) if !s.is_empty() => (s, 1),
            Ok(_) => {
                eprintln!(
                    "loops: no .md, .markdown or .txt file under {}",
                    d.display()
                );
                return ExitCode::from(2);
            }
            Err(e) => {
                eprintln!("loops: {}: {e}", d.display());
                return ExitCode::from(2);
            }
        },
        None => {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data/terms-50k.md");
            match std::fs::read_to_string(&path) {
                Ok(text) => (
                    vec![(
                        SourceFile::new(path.display().to_string(), text),
                        Format::Markdown,
                    )],
                    CHECKS_PER_ROUND,
                ),
                Err(e) => {
                    eprintln!("loops: {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    let bytes: usize = sources.iter().map(|(s, _)| s.text().len()).sum();
    let options = CheckOptions::default();
    let rounds = rounds.unwrap_or(if dir.is_some() { 3 } else { 15 });
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let started = Instant::now();
        for _ in 0..checks_per_round {
            for (source, format) in &sources {
                black_box(check(source, *format, &packs, &options).ok());
            }
        }
        best = best.min(started.elapsed().as_secs_f64() / checks_per_round as f64);
    }
    let mb_per_s = bytes as f64 / 1e6 / best;
    match &dir {
        Some(d) => println!(
            "{}: {} documents, {bytes} bytes: best of {rounds} rounds {:.1} ms ({mb_per_s:.1} MB/s)",
            d.display(),
            sources.len(),
            best * 1e3
        ),
        None => println!(
            "50 KB document: best of {rounds} rounds of {CHECKS_PER_ROUND} checks {:.4} ms per check ({mb_per_s:.1} MB/s)",
            best * 1e3
        ),
    }
    ExitCode::SUCCESS
}

/// Every document under `dir`, recursively, in path order.
fn documents(dir: &Path) -> std::io::Result<Vec<(SourceFile, Format)>> {
    let mut paths = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("md" | "markdown" | "txt")
            ) {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path.display().to_string();
            let format = Format::from_path(&name);
            let text = std::fs::read_to_string(&path)?;
            Ok((SourceFile::new(name, text), format))
        })
        .collect()
}
