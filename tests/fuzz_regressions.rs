//! Regressions found with the `check` fuzz target (docs/fuzzing.md): slow
//! inputs whose reports grew with the square of the document.

use std::sync::{Arc, LazyLock};

use clauselint::findings::FindingKind;
use clauselint::report::{Human, HumanOptions, Renderer};
use clauselint::{CheckOptions, DocumentReport, Format, Packs, SourceFile, check};

static PACKS: LazyLock<Arc<Packs>> = LazyLock::new(|| Packs::builtin().unwrap());

fn report(text: &str) -> DocumentReport {
    let source = SourceFile::new("policy.md", text);
    check(&source, Format::Markdown, &PACKS, &CheckOptions::default()).unwrap()
}

fn human(report: &DocumentReport) -> String {
    Human::new(HumanOptions::default()).document(report)
}

/// The words of the document each unknown-id note points at.
fn unknown_id_notes(report: &DocumentReport) -> Vec<&str> {
    report
        .findings
        .iter()
        .filter(|f| {
            f.kind == FindingKind::UnusedSuppression && f.message.contains("is not a loaded rule")
        })
        .map(|f| &report.source.text()[f.span.range()])
        .collect()
}

#[test]
fn unknown_suppression_ids_are_reported_on_their_own_words() {
    let r = report(
        "# Terms\n\n<!-- clauselint-disable nope/a prohibited-use\n  nope/b -->\nYou may use it.\n",
    );
    assert_eq!(unknown_id_notes(&r), ["nope/a", "nope/b"]);
}

/// Found by the fuzzer as a timeout, then out of memory at 60 KB: an
/// unterminated comment repeating `<!-- clauselint-disable `. Every word
/// after the directive is an unknown id, and each note spanned the whole
/// comment, so every format that shows a note's text (human snippets, SARIF
/// snippets and fingerprints) repeated the document once per word.
#[test]
fn many_unknown_ids_in_one_comment_do_not_repeat_the_comment() {
    let text = "<!-- clauselint-disable ".repeat(500);
    let r = report(&text);
    let notes = unknown_id_notes(&r);
    // After the opening `<!-- clauselint-disable`, 499 times both words.
    assert_eq!(notes.len(), 998);
    assert!(
        notes
            .iter()
            .all(|w| *w == "<!--" || *w == "clauselint-disable")
    );
    let covered: usize = r.findings.iter().map(|f| f.span.end - f.span.start).sum();
    assert!(covered <= 3 * text.len(), "findings cover {covered} bytes");
}

/// Found by the fuzzer as a timeout: many findings on one long line (here
/// a suppression comment repeated on one line, each unused and naming an
/// unknown id). The human snippet of each showed the whole line.
#[test]
fn a_snippet_shows_a_long_line_only_around_its_finding() {
    let text = format!("{}\n", "<!-- clauselint-disable x -->".repeat(400));
    let r = report(&text);
    assert_eq!(
        r.findings.len(),
        800,
        "each comment unused, each `x` unknown"
    );
    let out = human(&r);
    let longest = out.lines().map(str::len).max().unwrap();
    assert!(
        longest < 3 * 1024,
        "a line of {longest} bytes in the human output"
    );
}

#[test]
fn a_windowed_snippet_keeps_its_line_number_and_words() {
    let text = format!(
        "# Terms\n\n{}<!-- clauselint-disable-next-line nope/zz -->\nYou may use it.\n",
        "word ".repeat(2000)
    );
    let r = report(&text);
    assert_eq!(unknown_id_notes(&r), ["nope/zz"]);
    let out = human(&r);
    let snippet = out
        .lines()
        .find(|l| l.contains("nope/zz -->"))
        .unwrap_or_else(|| panic!("no snippet line with the comment:\n{out}"));
    assert!(snippet.trim_start().starts_with("3 │"), "{snippet}");
    assert!(snippet.len() < 3 * 1024, "{} bytes", snippet.len());
    assert!(
        out.contains("policy.md:3:"),
        "the header names line 3:\n{out}"
    );
}

/// Found by the fuzzer as a panic (minimized by `cargo fuzz tmin`): a space
/// before the front matter's `=` and a no-break space after it put the
/// value's offset inside the no-break space, and slicing the source there
/// panicked.
#[test]
fn front_matter_with_spaces_around_the_separator_does_not_panic() {
    for text in [
        "+++\nkind =\u{a0}.",
        "+++\nkind =\u{a0}aup\n+++\n# Policy\n",
    ] {
        for format in [Format::Markdown, Format::PlainText] {
            let source = SourceFile::new("policy.md", text);
            let _ = check(&source, format, &PACKS, &CheckOptions::default());
        }
    }
    let r = report("---\nkind :\u{a0}aup\n---\n# Policy\n");
    assert_eq!(r.kind, clauselint::DocKind::Aup);
}
