//! Property tests: whatever text the library is handed, parsing and checking
//! never panic, every span it reports lies inside the text on character
//! boundaries with the line and columns of its ends, and (for documents
//! built from known parts) no word of the prose is lost from the clauses.
//!
//! Three generators, from tame to wild:
//!
//! - `clean_doc`: Markdown-ish documents built from headings (`#`..`######`,
//!   `1.`, `4.2`, `Section 7`, `ARTICLE IV`, all caps), paragraphs of a small
//!   vocabulary with legally meaningful words, lists (`-`, `*`, `1.`, `(a)`,
//!   `a)`, `•`) nested and under lead-ins, block quotes, HTML comments
//!   (suppressions, pack-test expectations), front matter, code fences,
//!   tables, links, emphasis, HTML blocks, non-ASCII words, and LF, CRLF, CR
//!   or mixed line endings. Each prose word's place is recorded, so the test
//!   can ask that a clause covers it.
//! - `noisy_doc`: the same blocks glued without blank lines, with stray
//!   markup, control and format characters and arbitrary strings mixed in.
//! - `arbitrary_text`: any string at all.
//!
//! Each document is read both as Markdown and as plain text. The built-in
//! packs are compiled once for the whole file.

use std::ops::Range;
use std::sync::{Arc, LazyLock};

use clauselint::document::Document;
use clauselint::findings::{DocumentReport, Phrase};
use clauselint::judge;
use clauselint::{CheckOptions, DocKind, Format, KindSource, Packs, SourceFile, Span, check};
use proptest::prelude::*;
use proptest::sample::select;

mod common;
use common::position;

static PACKS: LazyLock<Arc<Packs>> =
    LazyLock::new(|| Packs::builtin().expect("built-in packs compile"));

// ---------------------------------------------------------------------------
// Generators.

/// Prose vocabulary. Multi-word entries are recorded word by word.
const WORDS: &[&str] = &[
    "must not",
    "may",
    "may not",
    "shall",
    "shall not",
    "must",
    "unless",
    "except",
    "including but not limited to",
    "not limited to",
    "Customer",
    "Provider",
    "you",
    "You",
    "We",
    "Licensee",
    "suspend",
    "terminate",
    "audit",
    "facial recognition",
    "surveillance",
    "human rights",
    "police",
    "law enforcement",
    "weapons",
    "use",
    "the Services",
    "the Model",
    "to",
    "for",
    "any",
    "or",
    "and",
    "in the United States",
    "real-time",
    "unlawful",
    "agrees",
    "account",
    "if",
    "breach",
    "is prohibited",
    "individuals",
    "track",
    "monitor",
    "without",
    "consent",
    "where practicable",
    "reasonable efforts",
    "within 30 days",
    "immediately",
    "predictive policing",
    "mass surveillance",
    "biometric identification",
    "discriminate",
    "deceive",
    "military",
    "report",
    "misuse",
    "policy",
    "third parties",
    "Nothing in this Agreement prohibits",
    "should",
    "encourage",
    "at its own risk",
    "e.g.",
    "U.S.",
    "Inc.",
    // Non-ASCII.
    "café",
    "naïve",
    "Straße",
    "中文条款",
    "禁止",
    "😀",
    "👩\u{200d}💻",
    "e\u{301}tat",
    "שלום",
    "אסור",
    "مرحبا",
    "محظور",
    "Ωmega",
    "ﬁnal",
];

/// Words that only the noisy generator uses: markup fragments, entities,
/// control and format characters.
const NOISE: &[&str] = &[
    "\u{feff}",
    "\u{200d}",
    "\u{200b}",
    "\u{301}",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\u{3000}",
    "\u{a0}",
    "\u{202e}",
    "\u{0}",
    "\u{1b}[31m",
    "\r",
    "\t",
    "\u{b}",
    "\u{c}",
    "&amp;",
    "&#x0;",
    "&#1234567;",
    "&nbsp;",
    "\\*",
    "\\",
    "<span>",
    "</div>",
    "<br/>",
    "<p>",
    "[link]",
    "[link]: https://example.com",
    "![img](x.png)",
    "[^1]",
    "[^1]: a note",
    "|",
    "`",
    "``",
    "```",
    "~~~",
    "<!--",
    "-->",
    "$x$",
    "$$",
    "- [ ] ",
    "* ",
    "1. ",
    "(a) ",
    "#",
    "> ",
    "---",
    "+++",
    "kind: aup",
    "kind: banana",
    ". ",
    "...",
    ";",
    "“",
    "”",
    "’",
    "(",
    ")",
    "\u{10ffff}",
    "\u{fffd}",
    "\u{d7ff}",
];

const RULES: &[&str] = &[
    "prohibited-use/surveillance",
    "prohibited-use/facial-recognition-police",
    "prohibited-use/permitted-high-risk",
    "leverage/suspension",
    "leverage/termination",
    "human-rights/commitment",
];

/// A piece of a generated document.
#[derive(Debug, Clone)]
enum Piece {
    /// A prose word: some clause must cover it (in clean documents).
    Word(String),
    /// Markup, separators, or text that may legitimately be left out.
    Text(String),
    /// A line ending: 0 LF, 1 CRLF, 2 CR (unless the document has one style).
    Eol(u8),
}

fn text(s: impl Into<String>) -> Piece {
    Piece::Text(s.into())
}

/// A vocabulary entry as pieces: each word recorded, spaces between.
fn words_of(entry: &str, upper: bool) -> Vec<Piece> {
    let mut out = Vec::new();
    for (i, w) in entry.split(' ').enumerate() {
        if i > 0 {
            out.push(text(" "));
        }
        let w = if upper {
            w.to_uppercase()
        } else {
            w.to_string()
        };
        out.push(Piece::Word(w));
    }
    out
}

fn capitalise(pieces: &mut [Piece]) {
    if let Some(Piece::Word(w)) = pieces.iter_mut().find(|p| matches!(p, Piece::Word(_))) {
        let mut chars = w.chars();
        if let Some(c) = chars.next() {
            *w = c.to_uppercase().chain(chars).collect();
        }
    }
}

/// Separators between words: mostly one space.
fn separator() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        20 => Just(" "),
        1 => Just("  "),
        1 => Just(" \t "),
        1 => Just("\u{a0}"),
        1 => Just(" \u{2028}"),
        1 => Just(" \u{200b}"),
        1 => Just(" \u{3000} "),
    ]
}

/// A word or phrase of the vocabulary, maybe emphasised, in code, or a link.
fn inline() -> impl Strategy<Value = Vec<Piece>> {
    (select(WORDS), 0u8..24).prop_map(|(w, deco)| {
        let mut p = words_of(w, false);
        let wrap = |open: &str, close: &str, mut p: Vec<Piece>| {
            p.insert(0, text(open));
            p.push(text(close));
            p
        };
        match deco {
            0 => wrap("*", "*", p),
            1 => wrap("**", "**", p),
            2 => wrap("`", "`", p),
            3 => wrap("[", "](https://example.com/terms#use)", p),
            4 => wrap("_", "_", p),
            5 => wrap("~~", "~~", p),
            6 => wrap("<em>", "</em>", p),
            7 => {
                p.push(text(" <!-- clauselint-disable-next-line leverage -->"));
                p
            }
            8 => {
                p.push(text("<br>"));
                p
            }
            _ => p,
        }
    })
}

/// A sentence: words, separators, an optional capital and an ending.
fn sentence() -> impl Strategy<Value = Vec<Piece>> {
    (
        prop::collection::vec((inline(), separator()), 1..12),
        select(&[".", ".", ".", ";", ":", ",", "", "!", "?", " —", "…", ".)"][..]),
        any::<bool>(),
    )
        .prop_map(|(words, end, cap)| {
            let mut out = Vec::new();
            for (i, (w, sep)) in words.into_iter().enumerate() {
                if i > 0 {
                    out.push(text(sep));
                }
                out.extend(w);
            }
            if cap {
                capitalise(&mut out);
            }
            out.push(text(end));
            out
        })
}

/// Sentences joined by spaces or hard line breaks.
fn paragraph() -> impl Strategy<Value = Vec<Piece>> {
    prop::collection::vec((sentence(), 0u8..8), 1..4).prop_map(|sentences| {
        let mut out = Vec::new();
        for (i, (s, join)) in sentences.into_iter().enumerate() {
            if i > 0 {
                out.push(if join < 3 {
                    Piece::Eol(join)
                } else {
                    text(" ")
                });
            }
            out.extend(s);
        }
        out
    })
}

/// A heading's words, title case.
fn title() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(select(WORDS), 1..5)
}

fn title_pieces(words: &[&str], upper: bool) -> Vec<Piece> {
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(text(" "));
        }
        let mut p = words_of(w, upper);
        capitalise(&mut p);
        out.extend(p);
    }
    out
}

fn heading() -> impl Strategy<Value = Vec<Piece>> {
    (title(), 1usize..=6, 0u8..8, 1u32..40).prop_map(|(words, level, style, n)| {
        let t = title_pieces(&words, false);
        let mut out = Vec::new();
        match style {
            0 | 1 => {
                out.push(text(format!("{} ", "#".repeat(level))));
                out.extend(t);
                if style == 1 {
                    out.push(text(" ##"));
                }
            }
            2 => {
                out.push(text(format!("{n}. ")));
                out.extend(t);
            }
            3 => {
                out.push(text(format!("{n}.{level} ")));
                out.extend(t);
            }
            4 => {
                out.push(Piece::Word("Section".into()));
                out.push(text(format!(" {n}")));
                if level % 2 == 0 {
                    out.push(text(": "));
                    out.extend(t);
                }
            }
            5 => {
                out.push(Piece::Word("ARTICLE".into()));
                out.push(text([" I", " II", " IV", " IX", " XLII", " VI"][level - 1]));
                if level % 2 == 0 {
                    out.push(text(" - "));
                    out.extend(title_pieces(&words, true));
                }
            }
            6 => out.extend(title_pieces(&words, true)),
            _ => {
                // A run-in heading: "2. Grant of License. Subject to …"
                out.push(text(format!("{n}. ")));
                out.extend(t);
                out.push(text(". "));
                out.extend(words_of("You must not use the Services", false));
                out.push(text("."));
            }
        }
        out
    })
}

const MARKERS: &[&str] = &["-", "*", "1.", "(a)", "a)", "•", "+", "i."];

/// A list, maybe under a lead-in, with nested items.
fn list() -> impl Strategy<Value = Vec<Piece>> {
    (
        select(MARKERS),
        0u8..4,
        prop::collection::vec((sentence(), 0u8..6, any::<bool>()), 1..8),
        0u8..3,
    )
        .prop_map(|(marker, lead, items, indent_style)| {
            let mut out = Vec::new();
            match lead {
                0 => {
                    out.extend(words_of("You must not use the Services to:", false));
                    out.push(Piece::Eol(0));
                }
                1 => {
                    out.extend(words_of(
                        "Customer agrees not to use the Model for any of the following:",
                        false,
                    ));
                    out.push(Piece::Eol(1));
                    out.push(Piece::Eol(1));
                }
                _ => {}
            }
            let unit = marker.len() + 1;
            let mut depth = 0usize;
            for (i, (s, step, wrap)) in items.into_iter().enumerate() {
                if i > 0 {
                    out.push(Piece::Eol(0));
                    // Deeper by one, same, or back out.
                    depth = match step {
                        0 | 1 => (depth + 1).min(5),
                        2 => depth.saturating_sub(1),
                        3 => 0,
                        _ => depth,
                    };
                }
                let indent = match indent_style {
                    0 => " ".repeat(depth * unit),
                    1 => "\t".repeat(depth),
                    _ => " ".repeat(depth * 4),
                };
                out.push(text(format!("{indent}{marker} ")));
                out.extend(s);
                if wrap {
                    // A continuation line at the item's content column.
                    out.push(Piece::Eol(0));
                    out.push(text(format!("{indent}{}", " ".repeat(unit))));
                    out.extend(words_of("unless Provider agrees in writing", false));
                }
            }
            out
        })
}

/// Prefixes every line of a block with `prefix`.
fn prefix_lines(block: Vec<Piece>, prefix: &str) -> Vec<Piece> {
    let mut out = vec![text(prefix)];
    for p in block {
        let eol = matches!(p, Piece::Eol(_));
        out.push(p);
        if eol {
            out.push(text(prefix));
        }
    }
    out
}

fn quote() -> impl Strategy<Value = Vec<Piece>> {
    (prop_oneof![paragraph(), list()], 1usize..5, any::<bool>()).prop_map(
        |(block, depth, spaced)| {
            let prefix = if spaced { "> " } else { ">" }.repeat(depth);
            prefix_lines(block, &prefix)
        },
    )
}

fn comment() -> impl Strategy<Value = Vec<Piece>> {
    (select(RULES), 0u8..8).prop_map(|(rule, style)| {
        let body = match style {
            0 => format!("clauselint-disable {rule}"),
            1 => "clauselint-enable".to_string(),
            2 => "clauselint-disable-next-line leverage".to_string(),
            3 => format!("clauselint-disable-file {rule} no-such/rule"),
            4 => format!("expect: {rule} weak"),
            5 => format!("expect: {rule} missing"),
            6 => "clauselint-disable".to_string(),
            _ => "a note to the drafters".to_string(),
        };
        if style % 2 == 0 {
            vec![text(format!("<!-- {body} -->"))]
        } else {
            vec![
                text("<!--"),
                Piece::Eol(0),
                text(body),
                Piece::Eol(0),
                text("-->"),
            ]
        }
    })
}

fn fence() -> impl Strategy<Value = Vec<Piece>> {
    (
        select(&["```", "~~~", "````"][..]),
        select(&["", "text", "rust", "md"][..]),
        paragraph(),
    )
        .prop_map(|(f, lang, body)| {
            // The fence's content is code: no word in it needs a clause.
            let mut out = vec![text(format!("{f}{lang}")), Piece::Eol(0)];
            out.extend(body.into_iter().map(|p| match p {
                Piece::Word(w) => Piece::Text(w),
                p => p,
            }));
            out.push(Piece::Eol(0));
            out.push(text(f));
            out
        })
}

fn table() -> impl Strategy<Value = Vec<Piece>> {
    prop::collection::vec(prop::collection::vec(select(WORDS), 2..4), 1..4).prop_map(|rows| {
        let cols = rows[0].len();
        let mut out = vec![text("| Term ".repeat(cols) + "|"), Piece::Eol(0)];
        out.push(text("|:---".repeat(cols) + "|"));
        for row in rows {
            out.push(Piece::Eol(0));
            for i in 0..cols {
                out.push(text("| "));
                out.extend(words_of(row.get(i).copied().unwrap_or("audit"), false));
                out.push(text(" "));
            }
            out.push(text("|"));
        }
        out
    })
}

fn html_block() -> impl Strategy<Value = Vec<Piece>> {
    (sentence(), any::<bool>()).prop_map(|(s, split)| {
        let mut out = vec![text("<div>")];
        if split {
            out.push(Piece::Eol(0));
        }
        out.extend(s);
        if split {
            out.push(Piece::Eol(0));
        }
        out.push(text("</div>"));
        out
    })
}

fn rule_line() -> impl Strategy<Value = Vec<Piece>> {
    select(&["***", "___", "* * *"][..]).prop_map(|r| vec![text(r)])
}

fn block() -> impl Strategy<Value = Vec<Piece>> {
    prop_oneof![
        4 => heading(),
        8 => paragraph(),
        4 => list(),
        2 => quote(),
        2 => comment(),
        1 => fence(),
        1 => table(),
        1 => html_block(),
        1 => rule_line(),
    ]
}

/// Optional front matter (it is never prose).
fn front_matter() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(
        0.3,
        select(
            &[
                "---\nkind: aup\n---\n",
                "---\r\nkind: contract\r\ntitle: Master Terms\r\n---\r\n",
                "---\nkind: 'product-terms' # note\n---\n",
                "---\nkind: banana\n---\n",
                "---\nkind:\n---\n",
                "+++\nkind = \"license\"\n+++\n",
                "---\ntitle: \"Acceptable Use\"\n...\n",
            ][..],
        )
        .prop_map(str::to_string),
    )
}

/// A generated document: its parts and how to render them.
#[derive(Debug, Clone)]
struct Doc {
    bom: bool,
    front_matter: Option<String>,
    blocks: Vec<Vec<Piece>>,
    /// Pieces between blocks.
    gaps: Vec<Vec<Piece>>,
    /// One line ending for the whole document, or each its own.
    eol: Option<u8>,
    /// With no one line ending: added to each line ending's own, in turn.
    mix: Vec<u8>,
}

impl Doc {
    /// The text and the byte ranges of its prose words.
    fn render(&self) -> (String, Vec<Range<usize>>) {
        let mut s = String::new();
        let mut words = Vec::new();
        if self.bom {
            s.push('\u{feff}');
        }
        if let Some(fm) = &self.front_matter {
            s.push_str(fm);
        }
        let mut eols = 0usize;
        let mut push = |p: &Piece, s: &mut String| match p {
            Piece::Word(w) => {
                let start = s.len();
                s.push_str(w);
                if !w.trim().is_empty() {
                    words.push(start..s.len());
                }
            }
            Piece::Text(t) => s.push_str(t),
            Piece::Eol(e) => {
                eols += 1;
                let mixed = e + self.mix.get(eols % self.mix.len().max(1)).unwrap_or(&0);
                s.push_str(match self.eol.unwrap_or(mixed) % 3 {
                    0 => "\n",
                    1 => "\r\n",
                    _ => "\r",
                })
            }
        };
        for (i, block) in self.blocks.iter().enumerate() {
            if i > 0 {
                for p in &self.gaps[(i - 1) % self.gaps.len().max(1)] {
                    push(p, &mut s);
                }
            }
            for p in block {
                push(p, &mut s);
            }
        }
        (s, words)
    }
}

/// Blank lines between blocks (maybe with spaces or tabs on them).
fn blank_gap() -> impl Strategy<Value = Vec<Piece>> {
    (0u8..3, 0u8..3, select(&["", " ", "\t", "  \t "][..]))
        .prop_map(|(a, b, ws)| vec![Piece::Eol(a), text(ws), Piece::Eol(b)])
}

fn line_endings() -> impl Strategy<Value = Option<u8>> {
    prop_oneof![
        4 => Just(Some(0)),
        2 => Just(Some(1)),
        1 => Just(Some(2)),
        2 => Just(None),
    ]
}

fn clean_doc() -> impl Strategy<Value = Doc> {
    (
        any::<bool>(),
        front_matter(),
        prop::collection::vec(block(), 0..14),
        prop::collection::vec(blank_gap(), 1..4),
        line_endings(),
        prop::collection::vec(0u8..3, 1..8),
    )
        .prop_map(|(bom, front_matter, blocks, gaps, eol, mix)| Doc {
            bom: bom && front_matter.is_none(),
            front_matter,
            blocks,
            gaps,
            eol,
            mix,
        })
}

/// Anything: arbitrary strings, every char, or special characters only.
fn arbitrary_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(any::<char>(), 0..200).prop_map(String::from_iter),
        prop::collection::vec(select(NOISE), 0..100).prop_map(|v| v.concat()),
    ]
}

fn noisy_block() -> impl Strategy<Value = Vec<Piece>> {
    prop_oneof![
        6 => block(),
        2 => arbitrary_text().prop_map(|s| vec![text(s)]),
        2 => prop::collection::vec(prop_oneof![select(NOISE), select(WORDS)], 1..30)
            .prop_map(|v| vec![text(v.join(" "))]),
        1 => select(&["```", "<!-- unterminated", "---", "<div>", "| a |", "[^x]:"][..])
            .prop_map(|s| vec![text(s)]),
    ]
}

fn noisy_gap() -> impl Strategy<Value = Vec<Piece>> {
    prop_oneof![
        3 => blank_gap(),
        1 => (0u8..3).prop_map(|e| vec![Piece::Eol(e)]),
        1 => Just(vec![]),
        1 => select(NOISE).prop_map(|s| vec![text(s)]),
    ]
}

fn noisy_doc() -> impl Strategy<Value = Doc> {
    (
        any::<bool>(),
        front_matter(),
        prop::collection::vec(noisy_block(), 0..14),
        prop::collection::vec(noisy_gap(), 1..6),
        line_endings(),
        prop::collection::vec(0u8..3, 1..8),
    )
        .prop_map(|(bom, front_matter, blocks, gaps, eol, mix)| Doc {
            bom,
            front_matter,
            blocks,
            gaps,
            eol,
            mix,
        })
}

// ---------------------------------------------------------------------------
// What must hold.

/// A range lies in `text`, in order, on character boundaries.
fn assert_range(text: &str, r: &Range<usize>, what: &str) {
    assert!(
        r.start <= r.end && r.end <= text.len(),
        "{what}: {r:?} out of 0..{}",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what}: {r:?} splits a character in {:?}",
        &text[text.floor_char_boundary(r.start.saturating_sub(8))
            ..text.ceil_char_boundary((r.end + 8).min(text.len()))]
    );
}

fn assert_span(text: &str, span: &Span, what: &str) {
    assert_range(text, &span.range(), what);
    let start = position(text, span.start);
    let end = position(text, span.end);
    assert_eq!(
        (span.line, span.column, span.column_utf16),
        start,
        "{what}: start of {span:?}"
    );
    assert_eq!(
        (span.end_line, span.end_column, span.end_column_utf16),
        end,
        "{what}: end of {span:?}"
    );
}

fn assert_phrase(text: &str, p: &Phrase, what: &str) {
    assert_span(text, &p.span, what);
    assert_eq!(p.text, text[p.span.range()], "{what}: phrase text");
}

/// The parsed document's own ranges: clauses in the normalised text and in
/// the source, sections, comments, front matter.
fn assert_document(doc: &Document, text: &str) {
    let norm = doc.text.as_str();
    let mut prev_end = 0;
    for (i, c) in doc.clauses.iter().enumerate() {
        assert_range(norm, &c.text, &format!("clause {i} in the normalised text"));
        assert!(!c.text.is_empty(), "clause {i} is empty");
        assert!(
            c.text.start >= prev_end,
            "clause {i} overlaps the one before"
        );
        prev_end = c.text.end;
        assert_range(
            text,
            &doc.clause_source_range(i),
            &format!("clause {i} in the source"),
        );
        assert!(c.section < doc.sections.len(), "clause {i}: bad section");
        if let Some(l) = c.lead_in {
            assert!(l < i, "clause {i}: lead-in {l} is not before it");
        }
    }
    for (i, s) in doc.sections.iter().enumerate() {
        if let Some(h) = s.heading {
            assert!(h < doc.clauses.len(), "section {i}: bad heading");
            assert_eq!(doc.clauses[h].section, i, "section {i}: heading elsewhere");
        }
        if let Some(p) = s.parent {
            assert!(p < i, "section {i}: parent {p} is not before it");
        }
    }
    if let Some(t) = doc.title {
        assert!(doc.sections.iter().any(|s| s.heading == Some(t)));
    }
    for c in &doc.comments {
        assert_range(text, &c.span, "comment");
        assert_range(text, &c.body, "comment body");
        assert!(c.span.start <= c.body.start && c.body.end <= c.span.end);
    }
    if let Some(fm) = &doc.front_matter {
        assert_range(text, &fm.span, "front matter");
        if let Some((value, r)) = &fm.kind {
            assert_range(text, r, "front matter kind");
            assert_eq!(&text[r.clone()], value);
        }
    }
    // Every byte of the normalised text maps into the source.
    assert_range(text, &doc.text.to_source(0..norm.len()), "whole text");
}

/// The judge's ranges, in the normalised text, before they are resolved
/// (resolving floors to character boundaries, which could hide a bad one).
fn assert_judgement(doc: &Document, text: &str, trace: Option<usize>) {
    let hits = clauselint::matching::DocHits::find(doc, &PACKS);
    let matcher = clauselint::matching::Matcher::new(doc, &PACKS, &hits);
    let j = judge::judge(doc, &matcher, &PACKS, &|_| true, trace);
    let norm = doc.text.as_str();
    let verdicts = j
        .concepts
        .iter()
        .flat_map(|c| &c.evidence)
        .chain(j.permitted.iter().map(|p| &p.verdict));
    for v in verdicts {
        assert!(v.clause < doc.clauses.len());
        let mut ranges = vec![("anchor", v.anchor.clone())];
        if let Some(c) = &v.cue {
            ranges.push(("cue", c.span.clone()));
            if let Some(p) = &c.party_span {
                ranges.push(("party", p.clone()));
            }
        }
        ranges.extend(v.features.iter().map(|f| ("feature", f.span.clone())));
        let ph = &v.phrases;
        for (name, list) in [
            ("condition", &ph.conditions),
            ("hedge", &ph.hedges),
            ("qualifier", &ph.qualifiers),
            ("consequence", &ph.consequences),
        ] {
            ranges.extend(list.iter().map(|r| (name, r.clone())));
        }
        for (name, r) in ranges {
            assert_range(norm, &r, &format!("verdict {name}"));
            assert_range(
                text,
                &doc.text.to_source(r),
                &format!("verdict {name} source"),
            );
        }
    }
    for t in &j.trace {
        assert_range(norm, &t.anchor, "trace anchor");
        assert!(t.clause < doc.clauses.len());
    }
}

fn assert_report(report: &DocumentReport, text: &str) {
    let lines = text.matches('\n').count() + 1;
    for f in &report.findings {
        let what = format!("finding {} ({:?})", f.rule, f.kind);
        assert_span(text, &f.span, &what);
        for l in &f.labels {
            assert_span(text, &l.span, &format!("{what}: label {}", l.message));
        }
    }
    for c in &report.coverage {
        for e in &c.evidence {
            let what = format!("evidence of {}", c.concept);
            assert_span(text, &e.span, &what);
            let clause = &text[e.span.range()];
            match e.text.strip_suffix('…') {
                Some(cut) if clause.len() > 400 => assert!(clause.starts_with(cut)),
                _ => assert_eq!(e.text, clause, "{what}: text"),
            }
            let a = &e.anatomy;
            assert_phrase(text, &a.object, &format!("{what}: object"));
            if let Some(cue) = &a.cue {
                assert_phrase(text, cue, &format!("{what}: cue"));
            }
            if let Some(n) = &a.negation {
                assert_phrase(text, &n.cue, &format!("{what}: negation cue"));
                assert_span(text, &n.scope, &format!("{what}: negation scope"));
            }
            for p in a
                .conditions
                .iter()
                .chain(&a.hedges)
                .chain(&a.qualifiers)
                .chain(&a.consequences)
            {
                assert_phrase(text, p, &format!("{what}: phrase"));
            }
        }
    }
    for t in &report.trace {
        assert!((1..=lines).contains(&t.line), "trace line {}", t.line);
    }
}

/// Parses, judges and checks `text` in both formats; asserts every range.
/// Returns the parsed documents (Markdown, plain text).
fn check_both(text: &str, kind: Option<DocKind>, trace: &str) -> [Document; 2] {
    let source = SourceFile::new("doc.md", text);
    let options = CheckOptions {
        kind: kind.map(|k| (k, KindSource::Config)),
        trace: Some(trace.to_string()),
        ..CheckOptions::default()
    };
    [Format::Markdown, Format::PlainText].map(|format| {
        let doc = Document::parse(text, format);
        assert_document(&doc, text);
        assert_judgement(&doc, text, PACKS.rule_index(trace));
        match check(&source, format, &PACKS, &options) {
            Ok(report) => assert_report(&report, text),
            // A front matter kind that is not a kind: the error points at it.
            Err(e) => {
                assert_range(text, &e.span, "input error");
                assert!(kind.is_none(), "an error with a given kind: {}", e.message);
            }
        }
        doc
    })
}

/// Every prose word lies inside a clause's source range.
fn assert_words_kept(doc: &Document, text: &str, words: &[Range<usize>]) {
    let mut clauses: Vec<Range<usize>> = (0..doc.clauses.len())
        .map(|i| doc.clause_source_range(i))
        .collect();
    clauses.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    for w in words {
        // The clauses starting at or before the word; any of them may reach it.
        let i = clauses.partition_point(|c| c.start <= w.start);
        let kept = clauses[..i].iter().rev().any(|c| c.end >= w.end);
        assert!(
            kept,
            "{:?} format: word {:?} at {w:?} is in no clause\nclauses: {:?}",
            doc.format,
            &text[w.clone()],
            clauses.iter().map(|c| &text[c.clone()]).collect::<Vec<_>>()
        );
    }
}

fn kind() -> impl Strategy<Value = Option<DocKind>> {
    prop_oneof![
        3 => Just(None),
        1 => Just(Some(DocKind::Aup)),
        1 => Just(Some(DocKind::Contract)),
        1 => Just(Some(DocKind::License)),
    ]
}

/// 256 cases a property (a few seconds in a debug build), unless
/// `PROPTEST_CASES` asks for more.
fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 256;
    }
    config
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn clean_documents_keep_every_word_and_every_span_valid(
        doc in clean_doc(),
        kind in kind(),
        trace in select(RULES),
    ) {
        let (text, words) = doc.render();
        let [md, plain] = check_both(&text, kind, trace);
        assert_words_kept(&md, &text, &words);
        assert_words_kept(&plain, &text, &words);
    }

    #[test]
    fn noisy_documents_never_panic_and_keep_spans_valid(
        doc in noisy_doc(),
        kind in kind(),
        trace in select(RULES),
    ) {
        let (text, _) = doc.render();
        check_both(&text, kind, trace);
    }

    #[test]
    fn arbitrary_text_never_panics_and_keeps_spans_valid(
        text in arbitrary_text(),
        kind in kind(),
        trace in select(RULES),
    ) {
        check_both(&text, kind, trace);
    }
}

// ---------------------------------------------------------------------------
// The failures these properties found, kept as plain tests.

/// The byte ranges of `words` (each found once, in order) in `text`.
fn ranges_of(text: &str, words: &[&str]) -> Vec<Range<usize>> {
    let mut from = 0;
    words
        .iter()
        .map(|w| {
            let start = from + text[from..].find(w).unwrap();
            from = start + w.len();
            start..from
        })
        .collect()
}

#[test]
fn a_line_break_after_a_replaced_space_cuts_no_character() {
    // The entity is a space and the soft break adds none: the break's
    // offset used to point at the next character, which was cut in two.
    for text in [
        "+++\r&nbsp;</div>\u{10ffff}",
        "Alpha&nbsp;\nΩmega one\nΩmega two&nbsp;\n中文 three\n",
    ] {
        let [md, plain] = check_both(text, None, RULES[0]);
        let words: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == ';' || c == '&')
            .filter(|w| w.len() > 4 && !w.contains(['<', '+']))
            .collect();
        let ranges = ranges_of(text, &words);
        assert_words_kept(&md, text, &ranges);
        assert_words_kept(&plain, text, &ranges);
    }
}

#[test]
fn an_unclosed_comment_ending_in_a_multibyte_character() {
    // Its body was cut three bytes before the end, as if it ended "-->".
    for text in [
        "<!--\u{2028}|",
        "<!-- clauselint-disable é",
        "Text\n\n<!-- 中",
    ] {
        let [md, _] = check_both(text, None, RULES[0]);
        assert_eq!(md.comments.len(), 1, "{text:?}");
    }
}

#[test]
fn a_definition_with_letters_that_grow_when_lower_cased() {
    // "Ⱥ" is 2 bytes and "ⱥ" 3: offsets into the clause were used in its
    // lower-cased copy.
    for text in [
        "¡Ⱥ\"¡\"",
        "ȺȺȺ Corp (\"Provider\") and you (\"Customer\") agree. Provider may suspend the Services.",
        "\"ȺPI\" means the ȺPI service of Ⱥcme Inc. You must not use the ȺPI for surveillance.",
    ] {
        check_both(text, Some(DocKind::Aup), RULES[0]);
    }
}

#[test]
fn lone_carriage_returns_end_lines_in_markdown_and_plain_text() {
    // pulldown-cmark took a lone CR for no line ending: the fence opened on
    // "```\r*must not*." never closed and swallowed the heading after it.
    let text = "```\r*must not*.\r```\r\r# Must not";
    let [md, plain] = check_both(text, None, RULES[0]);
    let words = ranges_of(text, &["Must", "not"]);
    assert_words_kept(&md, text, &words);
    assert_words_kept(&plain, text, &words);
    let heading = |doc: &Document| doc.title.map(|t| doc.clause_text(t).to_string());
    assert_eq!(heading(&md).as_deref(), Some("Must not"));
    // A title on its own line, ended by a CR, in both formats.
    let text = "# Acceptable Use Policy\rYou must not use the Services for surveillance.\r";
    let [md, _] = check_both(text, None, RULES[0]);
    assert_eq!(heading(&md).as_deref(), Some("Acceptable Use Policy"));
    let text = "ACCEPTABLE USE POLICY\r\rYou must not use the Services for surveillance.\r";
    let [_, plain] = check_both(text, None, RULES[0]);
    assert_eq!(heading(&plain).as_deref(), Some("ACCEPTABLE USE POLICY"));
}
