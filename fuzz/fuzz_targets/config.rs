//! Fuzz target: the configuration loader, as `clauselint check` reads an
//! untrusted repository's `clauselint.toml`: the text check (UTF-8, control
//! characters), the TOML and its validation, the rendered diagnostics, the
//! rule ids checked against loaded packs, the globs (include, exclude,
//! `[[kinds]]`, waivers) matched against paths, and waiver expiry notes.
//!
//! The input is the file's bytes. See docs/fuzzing.md.

#![no_main]

use std::path::Path;

use clauselint::config::{Config, Date};
use clauselint::packs::{PackError, PackSource, files};
use clauselint::{CheckOptions, Format, Packs, SourceFile, check};
use libfuzzer_sys::fuzz_target;
use miette::{GraphicalReportHandler, GraphicalTheme};

/// A pack small enough to compile for every input, whose ids the
/// dictionary knows.
const PACK: &str = "[pack]\nid = \"mine\"\nname = \"Mine\"\n\n[[rule]]\nid = \"mine/harbor\"\nname = \"Harbor\"\nsummary = \"s\"\nexpected-in = [\"aup\", \"contract\"]\n[[rule.pattern]]\nall = [[\"harbor\"]]\n\n[[rule]]\nid = \"mine/dock\"\nname = \"Dock\"\nsummary = \"s\"\nexpected-in = [\"contract\"]\n[[rule.pattern]]\nall = [[\"dock\"]]\n";

/// A document with a finding of `mine/dock` (missing) for waivers to cover.
const DOC: &str = "---\nkind: contract\n---\n# Terms\n\nThe harbor is open.\n";

/// Paths a run could hand the globs: relative, absolute inside and outside
/// the configuration's directory, climbing, odd.
const PATHS: &[&str] = &[
    "terms/aup.md",
    "/repo/terms/aup.md",
    "/repo/contracts/acme-msa.md",
    "contracts/../terms/x.txt",
    "../outside.md",
    "/elsewhere/policies/aup/a.md",
    "",
    ".",
    "a/b/c/d/e/f.markdown",
];

fuzz_target!(|data: &[u8]| {
    let text = match files::check_text(data.to_vec()) {
        Ok(text) => text,
        Err(message) => {
            // What is said of a file that is not text quotes none of it.
            assert!(!message.chars().any(char::is_control), "{message:?}");
            return;
        }
    };
    dates(&text);
    let config = match Config::parse("clauselint.toml", &text, Path::new("/repo")) {
        Ok(config) => config,
        Err(e) => {
            check_error(&e, &text);
            return;
        }
    };
    for pack in &config.packs {
        assert_eq!(pack.path, Path::new("/repo").join(&pack.written));
        assert!(pack.span.end <= text.len());
    }
    let mut packs = Packs::compile_only(&[PackSource::new("mine.toml", PACK)]).expect("pack");
    let packs_mut = std::sync::Arc::get_mut(&mut packs).expect("not shared");
    if let Err(e) = config.apply(packs_mut) {
        check_error(&e, &text);
    }
    globs(&config, &packs);
});

/// Parsing a date never panics, and a parsed date is a real one that
/// writes back as it was read.
fn dates(text: &str) {
    for line in text.lines().take(4) {
        if let Some(d) = Date::parse(line) {
            assert!((1..=12).contains(&d.month) && (1..=31).contains(&d.day));
            assert_eq!(Date::parse(&d.to_string()), Some(d));
        }
    }
}

/// Every problem points inside the file, and the rendered diagnostics
/// (as on a terminal without colour) carry no control character but line
/// breaks: the file's text was checked, so none can come from it.
fn check_error(e: &PackError, text: &str) {
    for issue in e.issues() {
        assert!(
            issue.span.start <= issue.span.end && issue.span.end <= text.len(),
            "{:?} in {} bytes",
            issue.span,
            text.len()
        );
    }
    let mut out = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_links(false)
        .render_report(&mut out, &e.report())
        .expect("renders");
    assert!(out.contains("config"), "{out}");
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
}

/// The globs match any path without panicking, and waivers applied to a
/// report give notes placed in the file.
fn globs(config: &Config, packs: &Packs) {
    let source = SourceFile::new("doc.md", DOC);
    let Ok(mut report) = check(&source, Format::Markdown, packs, &CheckOptions::default()) else {
        return;
    };
    let today = Date::parse("2026-11-22").expect("a date");
    for path in PATHS {
        let _ = config.selects(Path::new(path));
        let _ = config.kind_for(Path::new(path));
        report.path = (*path).to_string();
        let uses = config.apply_waivers(&mut report, today);
        assert_eq!(uses.len(), config.waivers.len());
        for problem in config.waiver_problems(&uses, today) {
            assert!(problem.line >= 1 && problem.column >= 1);
            assert!(problem.message.contains("waive"));
        }
    }
}
