//! Fuzz target: parse + check + render, as `clauselint check` does for one
//! document, with invariants on everything the library hands back.
//!
//! Input layout: the first byte chooses the options, the rest is the document
//! (decoded with `String::from_utf8_lossy`, as `--encoding lossy` would).
//!
//! - bit 0: Markdown (0) or plain text (1);
//! - bits 1-3: 0 and 7 detect the document kind, 1-6 give
//!   `DocKind::ALL[n - 1]` as `--kind` would;
//! - bit 4: trace a rule (chosen by the document's length), as `--trace`;
//! - bit 5: select one pack (chosen by the document's length), as `--pack`;
//! - bit 6: human output in colour, without the coverage table, 60 columns
//!   wide (else plain, with the coverage table, the default width);
//! - bit 7: the file name (a name hinting at an acceptable-use policy, or a
//!   neutral one; either ends in `.md` or `.txt` to match bit 0).
//!
//! See docs/fuzzing.md.

#![no_main]

use std::io::Write as _;
use std::sync::{Arc, LazyLock};

use clauselint::config::Config;
use clauselint::document::{ClauseKind, Document};
use clauselint::findings::{Evidence, Phrase};
use clauselint::report::{
    Concise, GitHub, Human, HumanOptions, JUnit, Json, JsonLines, Renderer, Sarif, Summary,
};
use clauselint::{
    CheckOptions, DocKind, DocumentReport, Format, KindSource, Packs, Selection, SourceFile, Span,
    check,
};
use libfuzzer_sys::fuzz_target;

/// The built-in packs with the default configuration applied, compiled once
/// (as `clauselint check` without a config file does).
static PACKS: LazyLock<Arc<Packs>> = LazyLock::new(|| {
    let mut packs = Packs::builtin().expect("built-in packs compile");
    let config = Config::defaults(std::path::Path::new("."));
    let p = Arc::get_mut(&mut packs).expect("packs not shared yet");
    config.apply(p).expect("default config applies");
    packs
});

/// The SARIF renderer, built once (its header describes every rule), with
/// its header and footer checked once to make a JSON document.
static SARIF: LazyLock<Sarif> = LazyLock::new(|| {
    let sarif = Sarif::new(PACKS.clone());
    let empty = format!(
        "{}{}",
        sarif.header(),
        sarif.footer(&Summary::default(), &[])
    );
    serde_json::from_str::<serde_json::Value>(&empty).expect("SARIF with no results is JSON");
    sarif
});

fuzz_target!(|data: &[u8]| {
    let Some((&options, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    run(options, text);
});

fn run(options: u8, text: String) {
    let packs: &Arc<Packs> = &PACKS;
    let format = if options & 1 == 0 {
        Format::Markdown
    } else {
        Format::PlainText
    };
    let kind = match (options >> 1) & 7 {
        n @ 1..=6 => Some((DocKind::ALL[usize::from(n) - 1], KindSource::Cli)),
        _ => None,
    };
    let trace =
        (options & 0x10 != 0).then(|| packs.rules[text.len() % packs.rules.len()].id.clone());
    let selection = if options & 0x20 != 0 {
        Selection {
            packs: vec![packs.packs[text.len() % packs.packs.len()].id.clone()],
            rules: Vec::new(),
        }
    } else {
        Selection::default()
    };
    let stem = if options & 0x80 != 0 {
        "acceptable-use-policy"
    } else {
        "fuzz"
    };
    let ext = match format {
        Format::Markdown => "md",
        Format::PlainText => "txt",
    };
    let name = format!("{stem}.{ext}");
    assert_eq!(Format::from_path(&name), format);

    let source = SourceFile::new(name, text);
    let text = source.text();

    // The parse on its own: the structure every later stage indexes into.
    let doc = Document::parse(text, format);
    check_document(&source, &doc);

    let check_options = CheckOptions {
        kind,
        selection,
        trace,
    };
    let report = match check(&source, format, packs, &check_options) {
        Ok(report) => report,
        Err(e) => {
            // Only a front-matter `kind` the tool does not know is an error,
            // and only when no kind was given.
            assert!(kind.is_none(), "an error with a given kind: {}", e.message);
            assert!(e.span.start <= e.span.end, "error span reversed");
            assert!(e.span.end <= text.len(), "error span past the end");
            assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
            return;
        }
    };
    if let Some((k, _)) = kind {
        assert_eq!(report.kind, k, "the given kind is the kind");
    }
    check_report(&source, &report);
    render(&report, options & 0x40 != 0);
}

/// A byte range of the source: ordered, inside it, on character boundaries.
fn check_range(text: &str, start: usize, end: usize, what: &str) {
    assert!(start <= end, "{what}: {start} > {end}");
    assert!(
        end <= text.len(),
        "{what}: {end} past the end {}",
        text.len()
    );
    assert!(
        text.is_char_boundary(start),
        "{what}: {start} inside a character"
    );
    assert!(
        text.is_char_boundary(end),
        "{what}: {end} inside a character"
    );
}

/// A resolved span: a good range whose lines and columns are its offsets'.
fn check_span(source: &SourceFile, span: &Span, what: &str) {
    check_range(source.text(), span.start, span.end, what);
    let start = source.position(span.start);
    let end = source.position(span.end);
    assert_eq!(
        (span.line, span.column, span.column_utf16),
        (start.line, start.column, start.column_utf16),
        "{what}: start position"
    );
    assert_eq!(
        (span.end_line, span.end_column, span.end_column_utf16),
        (end.line, end.column, end.column_utf16),
        "{what}: end position"
    );
    assert!(
        (span.line, span.column) <= (span.end_line, span.end_column),
        "{what}: ends before it starts"
    );
}

/// A phrase: a good span and exactly the source text it covers.
fn check_phrase(source: &SourceFile, phrase: &Phrase, what: &str) {
    check_span(source, &phrase.span, what);
    assert_eq!(
        phrase.text,
        source.text()[phrase.span.range()],
        "{what}: text is not the span's"
    );
}

fn check_document(source: &SourceFile, doc: &Document) {
    let text = source.text();
    let norm = doc.text.as_str();
    let mut prev_end = 0;
    for (i, c) in doc.clauses.iter().enumerate() {
        check_range(norm, c.text.start, c.text.end, "clause (normalised text)");
        assert!(
            c.text.start >= prev_end,
            "clause {i} overlaps or precedes the one before it"
        );
        prev_end = c.text.end;
        let r = doc.clause_source_range(i);
        check_range(text, r.start, r.end, "clause (source)");
        assert!(
            c.section < doc.sections.len(),
            "clause {i}: no such section"
        );
        if let Some(l) = c.lead_in {
            assert!(l < i, "clause {i}: lead-in {l} does not come before it");
        }
        if !c.text.is_empty() {
            assert_eq!(
                doc.clause_at(c.text.start),
                Some(i),
                "clause_at its own start"
            );
        }
    }
    for (i, s) in doc.sections.iter().enumerate() {
        if let Some(h) = s.heading {
            assert!(h < doc.clauses.len(), "section {i}: no such heading clause");
            assert_eq!(
                doc.clauses[h].kind,
                ClauseKind::Heading,
                "section {i}: heading"
            );
        }
        if let Some(p) = s.parent {
            assert!(p < i, "section {i}: parent {p} does not come before it");
        }
    }
    if let Some(t) = doc.title {
        assert!(t < doc.clauses.len(), "no such title clause");
    }
    for c in &doc.comments {
        check_range(text, c.span.start, c.span.end, "comment");
        check_range(text, c.body.start, c.body.end, "comment body");
        assert!(
            c.span.start <= c.body.start && c.body.end <= c.span.end,
            "comment body outside the comment"
        );
        assert!(text[c.span.clone()].starts_with("<!--"), "comment start");
    }
    if let Some(fm) = &doc.front_matter {
        check_range(text, fm.span.start, fm.span.end, "front matter");
        assert_eq!(
            fm.span.start,
            source.content_start(),
            "front matter starts the file"
        );
        if let Some((_, r)) = &fm.kind {
            check_range(text, r.start, r.end, "front-matter kind");
            assert!(fm.span.start <= r.start && r.end <= fm.span.end);
        }
    }
}

fn check_evidence(source: &SourceFile, e: &Evidence) {
    check_span(source, &e.span, "evidence");
    let covered = &source.text()[e.span.range()];
    match e.text.strip_suffix('…') {
        Some(cut) if e.text != covered => {
            assert!(
                covered.starts_with(cut),
                "evidence text is not its clause's start"
            );
        }
        _ => assert_eq!(e.text, covered, "evidence text is not its clause"),
    }
    let a = &e.anatomy;
    if let Some(cue) = &a.cue {
        check_phrase(source, cue, "cue");
    }
    if let Some(n) = &a.negation {
        check_phrase(source, &n.cue, "negation cue");
        check_span(source, &n.scope, "negation scope");
        assert!(
            n.scope.start <= n.cue.span.start,
            "scope starts after its cue"
        );
        assert!(n.cue.span.end <= n.scope.end, "scope ends before its cue");
    }
    check_phrase(source, &a.object, "object");
    for (list, what) in [
        (&a.conditions, "condition"),
        (&a.hedges, "hedge"),
        (&a.qualifiers, "qualifier"),
        (&a.consequences, "consequence"),
    ] {
        for p in list {
            check_phrase(source, p, what);
        }
    }
}

fn check_report(source: &SourceFile, report: &DocumentReport) {
    assert_eq!(report.source.text(), source.text(), "the report's source");
    for c in &report.coverage {
        for e in &c.evidence {
            check_evidence(source, e);
        }
        if let Some(first) = c.evidence.first() {
            assert_eq!(
                c.features, first.features,
                "coverage features are the first evidence's"
            );
        }
    }
    for f in &report.findings {
        check_span(source, &f.span, "finding");
        for l in &f.labels {
            check_span(source, &l.span, "label");
        }
        assert!(!f.rule.is_empty(), "a finding without a rule");
    }
    for t in &report.trace {
        assert!(t.line >= 1 && t.line <= source.line_count(), "trace line");
    }
}

/// Renders the report in every format, as the command line would for a run
/// of this one document, into memory; checks what can be checked cheaply.
fn render(report: &DocumentReport, colour: bool) {
    let mut summary = Summary::default();
    summary.add(report);
    let human = Human::new(HumanOptions {
        color: colour,
        coverage: !colour,
        width: colour.then_some(60),
    });
    let sarif: &Sarif = &SARIF;
    let renderers: [(&str, &dyn Renderer); 7] = [
        ("human", &human),
        ("concise", &Concise),
        ("json", &Json::default()),
        ("json-lines", &JsonLines),
        ("sarif", sarif),
        ("github", &GitHub),
        ("junit", &JUnit),
    ];
    let mut out: Vec<u8> = Vec::new();
    for (name, r) in renderers {
        out.clear();
        let document = r.document(report);
        // The SARIF header (every rule) was checked once: only its results
        // are checked here, as a JSON array.
        let whole = if name == "sarif" {
            format!("[{document}]")
        } else {
            format!("{}{document}{}", r.header(), r.footer(&summary, &[]))
        };
        out.write_all(whole.as_bytes()).expect("writing to memory");
        match name {
            "json" | "sarif" => {
                if let Err(e) = serde_json::from_slice::<serde_json::Value>(&out) {
                    panic!("{name} output is not JSON ({e}):\n{whole}");
                }
            }
            "json-lines" => {
                for line in whole.lines().filter(|l| !l.is_empty()) {
                    if let Err(e) = serde_json::from_str::<serde_json::Value>(line) {
                        panic!("a JSON line is not JSON ({e}):\n{line}");
                    }
                }
            }
            "junit" => {
                let bad = whole.chars().find(|&c| {
                    !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
                });
                assert!(
                    bad.is_none(),
                    "JUnit output has {bad:?}, not allowed in XML 1.0"
                );
            }
            _ => {}
        }
        std::hint::black_box(&out);
    }
}
