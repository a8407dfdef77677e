//! Pathological inputs through the built binary: huge lines, huge lists,
//! deep nesting, huge numbers of headings, very long words, zero-width and
//! combining characters, right-to-left text, mixed line endings, and files
//! with nothing in them. Every input is generated here, in a temporary
//! directory, at test time.
//!
//! Each run must end with exit 0 or 1 (never 2, a signal or a panic), print
//! JSON that parses and names every file, keep every span inside its file on
//! character boundaries, and still check the small policy passed beside the
//! pathological file. There are no timing assertions: scaling is measured by
//! the benchmarks.

use std::fmt::Write as _;
use std::process::{Command, Stdio};

use serde_json::Value;

mod common;
use common::{each_span, position};

/// A small policy checked beside every pathological file: its surveillance
/// restriction is weak (lawfulness-only), labelled on "unlawful".
const COMPANION: &str = "# Acceptable Use Policy\n\n\
    You must not use the Services for unlawful surveillance of individuals.\n";

/// Asserts that a concept is found (present or weak) in a document; the
/// message says which document and why it matters.
fn assert_found(doc: &Value, concept: &str, why: &str) {
    assert_ne!(status(doc, concept), "missing", "{concept}: {why}");
}

/// Writes `files` to a temporary directory, followed by the companion
/// policy, and checks them all with `--format json`; asserts the exit code,
/// that nothing panicked, that the JSON parses, names every file in order
/// and reports no input error, and that every span is valid.
fn check_json(files: &[(&str, &str)]) -> Value {
    let tmp = tempfile::tempdir().unwrap();
    let files: Vec<(&str, &str)> = files
        .iter()
        .copied()
        .chain([("companion.md", COMPANION)])
        .collect();
    for (name, text) in &files {
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
    let out = Command::new(env!("CARGO_BIN_EXE_clauselint"))
        .current_dir(tmp.path())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .args(["check", "--format", "json"])
        .args(&names)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "clauselint panicked:\n{stderr}"
    );
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?} (a signal when None)\n{stderr}",
        out.status.code()
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "bad JSON ({e}): {}…",
            &stdout[..stdout.floor_char_boundary(2000)]
        )
    });
    let paths: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, names, "every file is reported, in order");
    assert_eq!(v["errors"], serde_json::json!([]), "no input error");
    for (doc, (_, text)) in v["documents"].as_array().unwrap().iter().zip(&files) {
        assert_spans_in(doc, text);
    }
    v
}

/// The document named `path` in a run.
fn document<'a>(v: &'a Value, path: &str) -> &'a Value {
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == path)
        .unwrap()
}

fn status<'a>(doc: &'a Value, concept: &str) -> &'a str {
    doc["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["concept"] == concept)
        .unwrap_or_else(|| panic!("no coverage of {concept}"))["status"]
        .as_str()
        .unwrap()
}

/// Every span lies in the text, on character boundaries, on lines that
/// exist.
fn assert_spans_in(doc: &Value, text: &str) {
    let lines = text.matches('\n').count() as u64 + 1;
    each_span(doc, &mut |span| {
        let start = span["start"].as_u64().unwrap() as usize;
        let end = span["end"].as_u64().unwrap() as usize;
        assert!(start <= end && end <= text.len(), "{span} out of bounds");
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "{span} splits a character"
        );
        for k in ["line", "end_line"] {
            let line = span[k].as_u64().unwrap();
            assert!((1..=lines).contains(&line), "{span}: no line {line}");
        }
    });
}

/// The companion policy was checked: its weak surveillance finding is there,
/// labelled on "unlawful".
fn assert_companion_checked(v: &Value) {
    let doc = document(v, "companion.md");
    assert_eq!(doc["kind"], "aup");
    assert_eq!(status(doc, "prohibited-use/surveillance"), "weak");
    let finding = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "prohibited-use/surveillance")
        .expect("the companion's surveillance finding");
    let label = &finding["labels"][0]["span"];
    let start = label["start"].as_u64().unwrap() as usize;
    let end = label["end"].as_u64().unwrap() as usize;
    assert_eq!(&COMPANION[start..end], "unlawful");
}

/// Sentences of a policy, cycled to fill large inputs.
const SENTENCES: &[&str] = &[
    "You must not use the Services for facial recognition by police.",
    "Customer shall not engage in mass surveillance of individuals, except where required by law.",
    "We may suspend or terminate your account if you breach this policy.",
    "Provider may audit Customer's use of the Services on reasonable notice.",
    "Nothing in this Agreement prohibits the use of the Services for weapons development.",
    "You should respect human rights, including but not limited to privacy.",
];

/// About `bytes` bytes of sentences separated by spaces: one line.
fn one_line(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 200);
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(SENTENCES[i % SENTENCES.len()]);
        s.push(' ');
        i += 1;
    }
    s
}

// ---------------------------------------------------------------------------

#[test]
fn a_one_megabyte_line_without_a_newline() {
    let line = one_line(1 << 20);
    assert!(!line.contains('\n'));
    let v = check_json(&[("line.md", &line), ("line.txt", &line)]);
    for path in ["line.md", "line.txt"] {
        let doc = document(&v, path);
        // Everything is on line 1, and the sentences are still read.
        each_span(doc, &mut |span| assert_eq!(span["end_line"], 1, "{span}"));
        assert_found(doc, "prohibited-use/facial-recognition-police", path);
        assert_found(doc, "leverage/suspension", path);
    }
    assert_companion_checked(&v);
}

/// List items, cycled: five high-risk uses and one other.
const ITEMS: &[&str] = &[
    "engage in mass surveillance of individuals;",
    "develop weapons for military use;",
    "perform facial recognition for police;",
    "discriminate against people on the basis of race;",
    "deceive people with synthetic media;",
    "send unsolicited messages;",
];

/// A policy with an enforcement clause, then `lead_in` and `n` list items.
fn long_list(lead_in: &str, n: usize) -> String {
    let mut s = String::from(
        "# Acceptable Use Policy\n\nWe may suspend your account if you breach this policy.\n\n",
    );
    let _ = write!(s, "{lead_in}\n\n");
    for i in 0..n {
        let _ = writeln!(s, "- {}", ITEMS[i % ITEMS.len()]);
    }
    s
}

const CONCEPTS: &[&str] = &[
    "prohibited-use/surveillance",
    "prohibited-use/weapons-military",
    "prohibited-use/facial-recognition-police",
    "prohibited-use/discrimination",
    "prohibited-use/deception",
];

// Other engineers removed a quadratic path here (permissive items); in a
// debug build the 100,000-item runs take 2-10 s each on 2 cores.
#[test]
fn a_hundred_thousand_list_items_under_one_lead_in() {
    // The same list with 6 items and with 100,000: each item is read alike.
    let n = 100_000;
    let restrict = "You must not use the Services to:";
    let permit = "You may use the Services to:";
    let small = long_list(restrict, ITEMS.len());
    let big = long_list(restrict, n);
    let small_permit = long_list(permit, ITEMS.len());
    let big_permit = long_list(permit, n);
    let files = [
        ("small.md", &small),
        ("big.md", &big),
        ("big.txt", &big),
        ("small-permit.md", &small_permit),
        ("big-permit.md", &big_permit),
    ];
    let v = check_json(&files.map(|(n, t)| (n, t.as_str())));

    // Under "must not": the surveillance item is a restriction read from
    // the lead-in, and every concept has the status it has in the short list.
    let small_doc = document(&v, "small.md");
    for path in ["small.md", "big.md", "big.txt"] {
        let doc = document(&v, path);
        for concept in CONCEPTS {
            assert_eq!(
                status(doc, concept),
                status(small_doc, concept),
                "{path}: {concept}"
            );
        }
        assert_eq!(
            status(doc, "prohibited-use/surveillance"),
            "present",
            "{path}"
        );
        let c = doc["coverage"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["concept"] == "prohibited-use/surveillance")
            .unwrap();
        let e = &c["evidence"][0];
        assert_eq!(e["text"], ITEMS[0], "{path}");
        assert_eq!(e["anatomy"]["modality"], "restriction", "{path}");
        assert_eq!(e["anatomy"]["modality_source"], "lead-in", "{path}");
    }

    // Under "may": each high-risk item is a permission; the items of the
    // short list that are reported are reported every time they recur.
    let permitted = |path: &str| -> Vec<String> {
        let text = files.iter().find(|(n, _)| *n == path).unwrap().1;
        document(&v, path)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["kind"] == "permitted")
            .map(|f| {
                let s = f["span"]["start"].as_u64().unwrap() as usize;
                let e = f["span"]["end"].as_u64().unwrap() as usize;
                text[s..e].to_string()
            })
            .collect()
    };
    let small_items = permitted("small-permit.md");
    assert!(
        small_items.len() >= 3,
        "most high-risk items are permissions: {small_items:?}"
    );
    let expected = (0..n)
        .filter(|i| small_items.iter().any(|t| t == ITEMS[i % ITEMS.len()]))
        .count();
    assert_eq!(permitted("big-permit.md").len(), expected);
    assert_companion_checked(&v);
}

#[test]
fn ten_thousand_levels_of_nested_lists() {
    // Markdown opens a list at every marker of the line: 10,000 levels.
    // Plain text reads the line as one item whose text starts "- - -".
    let clause = "You must not use the Services for facial recognition by police.";
    let bullets = format!("{}{clause}\n", "- ".repeat(10_000));
    let numbered = format!("{}{clause}\n", "1. ".repeat(10_000));
    let mixed = format!("{}{clause}\n", "- 1. * 2) + ".repeat(2_000));
    // And 1,000 levels by indentation, with text at every level.
    let mut indented = String::from("You must not use the Services to:\n\n");
    for level in 0..1_000 {
        let _ = writeln!(
            indented,
            "{}- monitor people at level {level}",
            "  ".repeat(level)
        );
    }
    let v = check_json(&[
        ("bullets.md", &bullets),
        ("numbered.md", &numbered),
        ("mixed.md", &mixed),
        ("bullets.txt", &bullets),
        ("indented.md", &indented),
        ("indented.txt", &indented),
    ]);
    for path in ["bullets.md", "numbered.md", "mixed.md", "bullets.txt"] {
        let doc = document(&v, path);
        assert_found(
            doc,
            "prohibited-use/facial-recognition-police",
            &format!("{path}: the innermost item is still read"),
        );
    }
    assert_companion_checked(&v);
}

#[test]
fn ten_thousand_levels_of_nested_blockquotes() {
    let clause = "You must not use the Services for facial recognition by police.";
    let tight = format!("{}{clause}\n", ">".repeat(10_000));
    let spaced = format!("{}{clause}\n", "> ".repeat(10_000));
    // Quotes holding lists holding quotes, then lazy continuation lines.
    let mixed = format!(
        "{}{clause}\nand this line continues it.\n\n{}- {clause}\n",
        "> - ".repeat(3_000),
        "> ".repeat(5_000)
    );
    let v = check_json(&[
        ("tight.md", &tight),
        ("spaced.md", &spaced),
        ("mixed.md", &mixed),
        ("spaced.txt", &spaced),
    ]);
    for path in ["tight.md", "spaced.md", "mixed.md"] {
        assert_found(
            document(&v, path),
            "prohibited-use/facial-recognition-police",
            &format!("{path}: the innermost quote is still read"),
        );
    }
    assert_companion_checked(&v);
}

#[test]
fn a_hundred_thousand_headings() {
    let mut md = String::from("# Acceptable Use Policy\n\n");
    let mut txt = String::from("ACCEPTABLE USE POLICY\n\n");
    for i in 0..100_000 {
        let _ = writeln!(md, "{} Heading {i}\n", "#".repeat(2 + i % 5));
        let _ = writeln!(txt, "Section {i}\n");
    }
    let tail = "## Restrictions\n\nYou must not use the Services for mass surveillance.\n";
    md.push_str(tail);
    txt.push_str("Section 100000\n\nYou must not use the Services for mass surveillance.\n");
    let v = check_json(&[("headings.md", &md), ("headings.txt", &txt)]);
    for path in ["headings.md", "headings.txt"] {
        let doc = document(&v, path);
        assert_eq!(doc["kind"], "aup", "{path}: from the title");
        assert_found(
            doc,
            "prohibited-use/surveillance",
            &format!("{path}: the clause after the last heading is read"),
        );
    }
    assert_companion_checked(&v);
}

#[test]
fn very_long_words() {
    // A 200 KB word of letters, a 200 KB word of two-byte characters (cut
    // into clauses on character boundaries), and a 1 MB run of 'a', each
    // between two sentences that must still be read.
    let before = "You must not use the Services for facial recognition by police. ";
    let after = " We may suspend your account if you breach this policy.\n";
    let letters: String = "surveillance".chars().cycle().take(200_000).collect();
    let accents = "é".repeat(100_000);
    let run = "a".repeat(1 << 20);
    let docs: Vec<(String, String)> = [("letters", &letters), ("accents", &accents), ("run", &run)]
        .iter()
        .flat_map(|(name, word)| {
            let text = format!("{before}{word}{after}");
            [
                (format!("{name}.md"), text.clone()),
                (format!("{name}.txt"), text),
            ]
        })
        .collect();
    let refs: Vec<(&str, &str)> = docs.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let v = check_json(&refs);
    for (path, _) in &docs {
        let doc = document(&v, path);
        assert_found(doc, "prohibited-use/facial-recognition-police", path);
        assert_found(doc, "leverage/suspension", path);
    }
    assert_companion_checked(&v);
}

/// Inserts `mark` after every character of `text` that `after` selects.
fn sprinkle(text: &str, mark: &str, after: impl Fn(char) -> bool) -> String {
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if after(c) {
            out.push_str(mark);
        }
    }
    out
}

#[test]
fn zero_width_and_combining_characters_throughout() {
    let policy = "# Acceptable Use Policy\n\n\
        You must not use the Services for facial recognition by police.\n\n\
        - to engage in mass surveillance;\n\
        - to build weapons.\n\n\
        We may suspend your account if you breach this policy.\n";
    // A zero-width joiner after every character; a combining acute accent
    // after every vowel; zero-width spaces, joiners and non-joiners between
    // words; a byte-order mark in the middle of words; all of them at once.
    let zwj = sprinkle(policy, "\u{200d}", |_| true);
    let combining = sprinkle(policy, "\u{301}", |c| "aeiou".contains(c));
    let between = sprinkle(policy, "\u{200b}\u{200c}\u{200d}", |c| c == ' ');
    let bom_inside = sprinkle(policy, "\u{feff}", |c| c == 's');
    let all = sprinkle(&combining, "\u{200d}\u{301}\u{200b}", |c| c != '\n');
    let texts = [
        ("zwj.md", &zwj),
        ("combining.md", &combining),
        ("between.md", &between),
        ("bom-inside.md", &bom_inside),
        ("all.md", &all),
        ("all.txt", &all),
    ];
    let v = check_json(&texts.map(|(n, t)| (n, t.as_str())));
    // Spans of the combining-accent document still point at whole words:
    // every phrase's text is what its span covers.
    let doc = document(&v, "combining.md");
    each_span(&doc["coverage"], &mut |span| {
        let s = span["start"].as_u64().unwrap() as usize;
        let e = span["end"].as_u64().unwrap() as usize;
        let cut = &combining[s..e];
        assert!(
            !cut.starts_with('\u{301}'),
            "{span}: a span starts on a combining mark: {cut:?}"
        );
    });
    assert_companion_checked(&v);
}

#[test]
fn right_to_left_text_around_an_english_clause() {
    let clause = "You must not use the Services for facial recognition by police.";
    let enforcement = "We may suspend or terminate your account if you breach this policy.";
    let english = format!("# Acceptable Use Policy\n\n{clause}\n\n{enforcement}\n");
    // Hebrew and Arabic paragraphs, right-to-left marks and embeddings
    // around and inside the English clause's paragraph.
    let rtl = format!(
        "# Acceptable Use Policy\n\n\
         מדיניות שימוש מקובל. אסור להשתמש בשירותים למעקב.\n\n\
         سياسة الاستخدام المقبول. يحظر استخدام الخدمات للمراقبة.\n\n\
         \u{200f}שלום\u{200f} {clause} \u{202b}مرحبا بكم\u{202c}\n\n\
         \u{2067}{enforcement}\u{2069}\n"
    );
    let v = check_json(&[
        ("english.md", &english),
        ("rtl.md", &rtl),
        ("rtl.txt", &rtl),
    ]);
    for (path, text) in [
        ("english.md", &english),
        ("rtl.md", &rtl),
        ("rtl.txt", &rtl),
    ] {
        let doc = document(&v, path);
        let c = doc["coverage"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["concept"] == "prohibited-use/facial-recognition-police")
            .unwrap();
        // A binding, global restriction backed by a suspension right.
        assert_eq!(c["status"], "present", "{path}: {c}");
        let object = &c["evidence"][0]["anatomy"]["object"];
        let s = object["span"]["start"].as_u64().unwrap() as usize;
        let e = object["span"]["end"].as_u64().unwrap() as usize;
        assert_eq!(&text[s..e], object["text"].as_str().unwrap());
        assert!(
            clause.contains(object["text"].as_str().unwrap()),
            "{path}: {object}"
        );
        let evidence = c["evidence"][0]["text"].as_str().unwrap();
        assert!(evidence.contains(clause), "{path}: {evidence}");
    }
    assert_companion_checked(&v);
}

#[test]
fn mixed_line_endings_keep_positions_on_the_right_words() {
    // CRLF, LF and lone CR in one document. Only LF starts a line in the
    // output (docs/json-output.md): a lone CR belongs to its line, and
    // counts as one column.
    let text = "# Acceptable Use Policy\r\n\
                \r\n\
                Scope of this policy.\r\
                You must not use the Services for unlawful surveillance of individuals.\n\
                \n\
                Other rules.\r\n\
                \r\
                We may suspend your account if you breach this policy.\r\n";
    let unlawful = text.find("unlawful").unwrap();
    let v = check_json(&[("mixed.md", text), ("mixed.txt", text)]);
    for path in ["mixed.md", "mixed.txt"] {
        let doc = document(&v, path);
        assert_eq!(doc["kind"], "aup", "{path}: {}", doc["kind_reason"]);
        let finding = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "prohibited-use/surveillance")
            .unwrap_or_else(|| panic!("{path}: no surveillance finding"));
        assert_eq!(finding["kind"], "weak");
        // The finding is the clause, from "You" to the full stop: the
        // sentence before it, ended by a lone CR, is not part of it.
        let you = text.find("You must").unwrap();
        let end = text.find("individuals.").unwrap() + "individuals.".len();
        let span = &finding["span"];
        assert_eq!(span["start"], you, "{path}");
        assert_eq!(span["end"], end, "{path}");
        let (line, column, _) = position(text, you);
        assert_eq!(
            (line, column),
            (3, 23),
            "line 3 after `Scope of this policy.\\r`"
        );
        assert_eq!(
            (span["line"].clone(), span["column"].clone()),
            (line.into(), column.into())
        );
        // The lawfulness-only label is on "unlawful".
        let label = finding["labels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["feature"] == "lawfulness-only")
            .unwrap_or_else(|| panic!("{path}: {finding}"));
        let (l, c, c16) = position(text, unlawful);
        assert_eq!(label["span"]["start"], unlawful);
        assert_eq!(label["span"]["end"], unlawful + "unlawful".len());
        assert_eq!(
            [
                &label["span"]["line"],
                &label["span"]["column"],
                &label["span"]["column_utf16"]
            ],
            [&Value::from(l), &Value::from(c), &Value::from(c16)],
            "{path}"
        );
        // The suspension clause after `\r\n\r` is read.
        assert_eq!(status(doc, "leverage/suspension"), "present", "{path}");
    }
    assert_companion_checked(&v);
}

#[test]
fn lone_cr_line_endings_close_a_code_fence() {
    // Lines ended by CR only. The fence must close at its own line, not
    // swallow the clause after it; everything is on line 1 of the output.
    let text = "# Acceptable Use Policy\r\r\
                ```\rexample of a request\r```\r\r\
                You must not use the Services for unlawful surveillance of individuals.\r";
    let unlawful = text.find("unlawful").unwrap();
    let v = check_json(&[("cr.md", text), ("cr.txt", text)]);
    for path in ["cr.md", "cr.txt"] {
        let doc = document(&v, path);
        assert_eq!(doc["kind"], "aup", "{path}: {}", doc["kind_reason"]);
        assert_eq!(status(doc, "prohibited-use/surveillance"), "weak", "{path}");
        let finding = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "prohibited-use/surveillance")
            .unwrap_or_else(|| panic!("{path}: no surveillance finding"));
        let label = finding["labels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["feature"] == "lawfulness-only")
            .unwrap_or_else(|| panic!("{path}: {finding}"));
        assert_eq!(label["span"]["start"], unlawful, "{path}");
        let (line, column, _) = position(text, unlawful);
        assert_eq!((line, column), (1, unlawful + 1));
        assert_eq!(label["span"]["line"], line, "{path}");
        assert_eq!(label["span"]["column"], column, "{path}");
    }
    assert_companion_checked(&v);
}

#[test]
fn empty_and_whitespace_only_files() {
    let files: [(&str, &str); 7] = [
        ("empty.md", ""),
        ("spaces.md", "   \n\t\t\n  \t \n"),
        ("crlf.md", "\r\n\r\n  \r\n"),
        ("cr.txt", "\r\r \r\t\r"),
        (
            "unicode-spaces.md",
            "\u{a0}\u{2028}\u{2029}\u{3000}\u{85}\n\u{202f}\u{205f}\n",
        ),
        (
            "unicode-spaces.txt",
            "\u{a0}\u{2028}\u{2029}\u{3000}\u{85}\n\u{202f}\u{205f}\n",
        ),
        ("bom-and-spaces.md", "\u{feff}  \n\n\t\n"),
    ];
    let v = check_json(&files);
    for (name, _) in files {
        let doc = document(&v, name);
        assert_eq!(doc["kind"], "other", "{name}");
        assert_eq!(doc["findings"], serde_json::json!([]), "{name}");
        assert!(
            doc["coverage"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["status"] == "missing"),
            "{name}"
        );
    }
    assert_companion_checked(&v);
}
