//! Exact spans in `clauselint check --format json` for the documents in
//! `fixtures/format/`, which exercise input handling: CRLF, a byte-order
//! mark, tabs, non-ASCII text before a clause, front matter, HTML, plain text
//! with numbered headings and enumerated lists, and abbreviations.
//!
//! Every expected position below was counted by hand from the fixture text;
//! the comments show the counting.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::{each_span, position};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn clauselint() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clauselint"));
    cmd.current_dir(root()).env_remove("NO_COLOR");
    cmd
}

/// Runs `clauselint check --format json ARGS` (with `stdin` when given) and
/// parses the output; any exit code but 0 or 1 fails the test.
fn check_json(args: &[&str], stdin: Option<&[u8]>) -> Value {
    let mut cmd = clauselint();
    cmd.args(["check", "--format", "json"]).args(args);
    if let Some(bytes) = stdin {
        cmd.write_stdin(bytes.to_vec());
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}\n{stderr}\n{stdout}",
        out.status.code()
    );
    assert_eq!(stderr, "", "JSON output reports errors in the JSON");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("bad JSON ({e}):\n{stdout}"))
}

/// One run over the whole `fixtures/format/` directory, shared by the tests.
fn format_run() -> &'static Value {
    static RUN: OnceLock<Value> = OnceLock::new();
    RUN.get_or_init(|| check_json(&["--fail-on", "never", "fixtures/format"], None))
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).unwrap()
}

fn document<'a>(run: &'a Value, path: &str) -> &'a Value {
    run["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == path)
        .unwrap_or_else(|| panic!("no document {path} in the output"))
}

/// The only finding of `rule` in a document.
fn finding<'a>(doc: &'a Value, rule: &str) -> &'a Value {
    let found: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect();
    assert_eq!(found.len(), 1, "findings of {rule}: {found:#?}");
    found[0]
}

fn coverage<'a>(doc: &'a Value, concept: &str) -> &'a Value {
    doc["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["concept"] == concept)
        .unwrap_or_else(|| panic!("no coverage entry for {concept}"))
}

/// The source text a span covers.
fn text<'a>(src: &'a [u8], span: &Value) -> &'a str {
    let start = span["start"].as_u64().unwrap() as usize;
    let end = span["end"].as_u64().unwrap() as usize;
    std::str::from_utf8(&src[start..end]).unwrap()
}

/// (line, column, column_utf16) of the start and of the end of a span.
fn place(span: &Value) -> [u64; 6] {
    [
        "line",
        "column",
        "column_utf16",
        "end_line",
        "end_column",
        "end_column_utf16",
    ]
    .map(|k| {
        span[k]
            .as_u64()
            .unwrap_or_else(|| panic!("span without {k}"))
    })
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect()
}

/// Every span of a document lies inside the source, on character
/// boundaries, and its line and columns match an independent computation.
/// Returns the number of spans checked.
fn assert_spans_valid(doc: &Value, src: &[u8]) -> usize {
    let path = doc["path"].as_str().unwrap();
    let mut n = 0;
    each_span(doc, &mut |span| {
        n += 1;
        let start = span["start"].as_u64().unwrap() as usize;
        let end = span["end"].as_u64().unwrap() as usize;
        assert!(
            start <= end && end <= src.len(),
            "{path}: {span} out of bounds"
        );
        let text = std::str::from_utf8(src).unwrap();
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "{path}: {span} splits a character"
        );
        let (l, c, c16) = position(text, start);
        let (el, ec, ec16) = position(text, end);
        let expected = [l, c, c16, el, ec, ec16].map(|n| n as u64);
        assert_eq!(place(span), expected, "{path}: {span}");
    });
    n
}

// ---------------------------------------------------------------------------
// Non-ASCII text before the clause, YAML front matter.

#[test]
fn unicode_before_the_clause_counts_scalars_and_utf16_units() {
    let path = "fixtures/format/unicode.md";
    let src = read(path);
    let doc = document(format_run(), path);
    assert_eq!(doc["format"], "markdown");
    assert_eq!(doc["kind"], "aup");
    assert_eq!(doc["kind_source"], "front-matter");
    assert_eq!(doc["kind_reason"], "front matter says `kind: aup`");

    let rule = "prohibited-use/facial-recognition-police";
    let cov = coverage(doc, rule);
    assert_eq!(cov["status"], "weak");
    assert_eq!(cov["expected"], true);
    assert_eq!(strings(&cov["features"]), ["scope-limited"]);

    let f = finding(doc, rule);
    assert_eq!(f["kind"], "weak");
    assert_eq!(f["severity"], "warning");
    let clause = "You may not use the Services for facial recognition by police departments in the United States.";
    assert_eq!(text(&src, &f["span"]), clause);
    assert_eq!(f["span"], cov["evidence"][0]["span"]);
    assert_eq!(cov["evidence"][0]["text"], clause);
    // Line 8: "Ünïcode naïveté at our 東京 office 🚀 matters. You may not …"
    // Ünïcode 1-7, space 8, naïveté 9-15, space 16, at 17-18, space 19,
    // our 20-22, space 23, 東京 24-25, space 26, office 27-32, space 33,
    // 🚀 34, space 35, matters. 36-43, space 44: "You" is column 45. The
    // rocket is the only character outside the BMP: UTF-16 column 46.
    // The clause is 95 ASCII characters: it ends before column 140 (141).
    assert_eq!(place(&f["span"]), [8, 45, 46, 8, 140, 141]);
    // Byte offset: line 8 starts at byte 92 (front matter 47 bytes, blank
    // line, the 43-byte heading line, blank line) and the 44 characters
    // before "You" take 55 bytes (Ü ï ï é: 2 bytes each, 東 京: 3, 🚀: 4).
    assert_eq!(f["span"]["start"], 147);
    assert_eq!(f["span"]["end"], 147 + clause.len());

    let labels = f["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 1, "{labels:#?}");
    assert_eq!(labels[0]["feature"], "scope-limited");
    assert_eq!(text(&src, &labels[0]["span"]), "in the United States");
    // "in" is character 75 of the clause: column 45 + 74 = 119 (UTF-16 120);
    // 20 characters later the label ends before column 139 (140).
    assert_eq!(place(&labels[0]["span"]), [8, 119, 120, 8, 139, 140]);
    assert!(
        labels[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("scope-limited: ")
    );
}

#[test]
fn missing_finding_points_at_the_title_after_front_matter() {
    let path = "fixtures/format/unicode.md";
    let src = read(path);
    let doc = document(format_run(), path);
    let f = finding(doc, "prohibited-use/weapons-military");
    assert_eq!(f["kind"], "missing");
    assert_eq!(
        coverage(doc, "prohibited-use/weapons-military")["status"],
        "missing"
    );
    assert_eq!(
        text(&src, &f["span"]),
        "Kōbō Widgets — Acceptable Use Policy"
    );
    // Line 6 "# Kōbō Widgets — Acceptable Use Policy": the title starts at
    // column 3 and is 36 characters, all in the BMP.
    assert_eq!(place(&f["span"]), [6, 3, 3, 6, 39, 39]);
    let labels = f["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0]["span"], f["span"]);
    assert_eq!(labels[0]["feature"], Value::Null);
}

// ---------------------------------------------------------------------------
// Byte-order mark, heuristic kind.

#[test]
fn byte_order_mark_is_kept_in_offsets_but_is_not_a_column() {
    let path = "fixtures/format/bom.md";
    let src = read(path);
    assert!(src.starts_with(b"\xef\xbb\xbf# "), "bom.md lost its BOM");
    let doc = document(format_run(), path);
    assert_eq!(doc["kind"], "aup");
    assert_eq!(doc["kind_source"], "heuristic");
    assert_eq!(
        doc["kind_reason"],
        "title \"Orchard Cloud Acceptable Use Policy\" mentions \"acceptable use\""
    );

    // The title is on line 1 after the BOM (3 bytes) and "# ".
    let f = finding(doc, "prohibited-use/deception");
    assert_eq!(f["kind"], "missing");
    assert_eq!(
        text(&src, &f["span"]),
        "Orchard Cloud Acceptable Use Policy"
    );
    assert_eq!(f["span"]["start"], 5);
    assert_eq!(place(&f["span"]), [1, 3, 3, 1, 38, 38]);

    let rule = "prohibited-use/surveillance";
    let cov = coverage(doc, rule);
    assert_eq!(cov["status"], "weak");
    assert_eq!(strings(&cov["features"]), ["lawfulness-only"]);
    let f = finding(doc, rule);
    assert_eq!(
        text(&src, &f["span"]),
        "You must not use the Services to conduct unlawful surveillance of individuals."
    );
    assert_eq!(place(&f["span"]), [3, 1, 1, 3, 79, 79]);
    let labels = f["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0]["feature"], "lawfulness-only");
    assert_eq!(text(&src, &labels[0]["span"]), "unlawful");
    // "You must not use the Services to conduct " is 41 characters.
    assert_eq!(place(&labels[0]["span"]), [3, 42, 42, 3, 50, 50]);

    assert_eq!(coverage(doc, "leverage/suspension")["status"], "present");
}

// ---------------------------------------------------------------------------
// CRLF line endings.

#[test]
fn crlf_file_spans_exclude_the_carriage_return() {
    let path = "fixtures/format/crlf-product-terms.md";
    let src = read(path);
    let crlf = src.windows(2).filter(|w| w == b"\r\n").count();
    let lf = src.iter().filter(|&&b| b == b'\n').count();
    assert!(
        crlf == 9 && lf == 9,
        "{path} must keep its CRLF line endings (see .gitattributes)"
    );
    let doc = document(format_run(), path);
    assert_eq!(doc["kind"], "product-terms");
    assert_eq!(doc["kind_source"], "front-matter");

    let rule = "prohibited-use/facial-recognition-police";
    assert_eq!(coverage(doc, rule)["status"], "weak");
    assert_eq!(strings(&coverage(doc, rule)["features"]), ["scope-limited"]);
    let f = finding(doc, rule);
    let clause = "Customer may not use Beacon Maps for facial recognition by police departments in the United States.";
    assert_eq!(text(&src, &f["span"]), clause);
    // Six CRLF lines come before it: "---" (5 bytes with CRLF),
    // "kind: product-terms" (21), "---" (5), "" (2),
    // "# Beacon Maps Service Terms" (29), "" (2): 64 bytes.
    assert_eq!(f["span"]["start"], 64);
    assert_eq!(place(&f["span"]), [7, 1, 1, 7, 100, 100]);
    let labels = f["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0]["feature"], "scope-limited");
    assert_eq!(text(&src, &labels[0]["span"]), "in the United States");
    assert_eq!(place(&labels[0]["span"]), [7, 79, 79, 7, 99, 99]);

    let sus = coverage(doc, "leverage/suspension");
    assert_eq!(sus["status"], "present");
    assert_eq!(
        text(&src, &sus["evidence"][0]["span"]),
        "Provider may suspend the Services if Customer breaches these terms."
    );
}

#[test]
fn crlf_hard_wrapped_label_spans_two_lines_read_from_stdin() {
    // Written here byte by byte: BOM, CRLF front matter, emoji and CJK before
    // the clause, and the feature's words broken over a CRLF.
    let src = "\u{feff}---\r\nkind: aup\r\n---\r\n# Harbour Acceptable Use Policy\r\n\r\n\
               À propos 🙂 — 注意. You may not use the Services for facial recognition \
               by police departments in the United\r\nStates.\r\n\r\n\
               We may suspend your access if you breach this policy.\r\n"
        .as_bytes();
    let run = check_json(&["--stdin-filename", "harbour.md", "-"], Some(src));
    let docs = run["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc["path"], "harbour.md");
    assert_eq!(doc["format"], "markdown");
    assert_eq!(doc["kind"], "aup");
    assert_eq!(doc["kind_source"], "front-matter");
    assert!(assert_spans_valid(doc, src) > 0);

    let f = finding(doc, "prohibited-use/facial-recognition-police");
    assert_eq!(
        text(src, &f["span"]),
        "You may not use the Services for facial recognition by police departments in the United\r\nStates."
    );
    // Line 6: À 1, space 2, propos 3-8, space 9, 🙂 10, space 11, — 12,
    // space 13, 注意 14-15, "." 16, space 17: "You" at column 18, UTF-16 19.
    // The clause ends on line 7 after "States." (column 8).
    assert_eq!(place(&f["span"]), [6, 18, 19, 7, 8, 8]);
    let labels = f["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0]["feature"], "scope-limited");
    assert_eq!(text(src, &labels[0]["span"]), "in the United\r\nStates");
    // "in" at 18 + 74 = 92 (UTF-16 93); ends after "States" on line 7.
    assert_eq!(place(&labels[0]["span"]), [6, 92, 93, 7, 7, 7]);

    let title = finding(doc, "prohibited-use/weapons-military");
    assert_eq!(text(src, &title["span"]), "Harbour Acceptable Use Policy");
    assert_eq!(place(&title["span"]), [4, 3, 3, 4, 32, 32]);
}

// ---------------------------------------------------------------------------
// Tabs.

#[test]
fn a_tab_counts_as_one_column() {
    let path = "fixtures/format/tabs.md";
    let src = read(path);
    assert_eq!(src.iter().filter(|&&b| b == b'\t').count(), 2);
    let doc = document(format_run(), path);
    assert_eq!(doc["kind_source"], "heuristic");
    let f = finding(doc, "prohibited-use/facial-recognition-police");
    assert_eq!(f["kind"], "weak");
    assert_eq!(
        text(&src, &f["span"]),
        "Notice:\tYou may not use the Services for facial recognition by police departments\tin the United States."
    );
    assert_eq!(place(&f["span"]), [3, 1, 1, 3, 104, 104]);
    let labels = f["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0]["feature"], "scope-limited");
    assert_eq!(text(&src, &labels[0]["span"]), "in the United States");
    // "Notice:" 1-7, tab 8, "You … departments" 9-81, tab 82: "in" at 83.
    assert_eq!(place(&labels[0]["span"]), [3, 83, 83, 3, 103, 103]);
}

// ---------------------------------------------------------------------------
// HTML comments and inline tags inside a clause.

#[test]
fn html_tags_and_comments_stay_inside_the_clause_span() {
    let path = "fixtures/format/html.md";
    let src = read(path);
    let doc = document(format_run(), path);
    assert_eq!(doc["kind_source"], "front-matter");
    let rule = "prohibited-use/facial-recognition-police";
    let f = finding(doc, rule);
    let clause = "You may not use the Services for <em>facial recognition</em> by police \
                  <!-- which agencies? --> departments <strong>in the United States</strong>.";
    assert_eq!(text(&src, &f["span"]), clause);
    assert_eq!(coverage(doc, rule)["evidence"][0]["text"], clause);
    assert_eq!(place(&f["span"]), [9, 1, 1, 9, 147, 147]);
    let labels = f["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0]["feature"], "scope-limited");
    // The label covers the words inside <strong>, not the tags.
    assert_eq!(text(&src, &labels[0]["span"]), "in the United States");
    // 33 characters of plain words, <em> 4, "facial recognition" 18, </em> 5,
    // " by police " 11, the comment 24, " departments " 13, <strong> 8 = 116.
    assert_eq!(place(&labels[0]["span"]), [9, 117, 117, 9, 137, 137]);

    // The anchor term is read through the tags.
    let object = &coverage(doc, rule)["evidence"][0]["anatomy"]["object"];
    assert_eq!(
        text(&src, &object["span"]),
        object["text"].as_str().unwrap()
    );

    // The drafting-note comment on its own line is not clause text: no
    // evidence or finding starts inside a comment.
    let source = std::str::from_utf8(&src).unwrap();
    let note = source.find("<!-- Drafting").unwrap();
    let note = note as u64..(note + source[note..].find("-->").unwrap() + 3) as u64;
    each_span(doc, &mut |span| {
        let start = span["start"].as_u64().unwrap();
        assert!(!note.contains(&start), "span in comment: {span}");
    });
}

// ---------------------------------------------------------------------------
// TOML front matter, Markdown ordered list.

#[test]
fn toml_front_matter_sets_the_kind() {
    let path = "fixtures/format/toml-front-matter.md";
    let src = read(path);
    assert!(src.starts_with(b"+++\n"));
    let doc = document(format_run(), path);
    assert_eq!(doc["kind"], "license");
    assert_eq!(doc["kind_source"], "front-matter");

    let weapons = coverage(doc, "prohibited-use/weapons-military");
    assert_eq!(weapons["status"], "present");
    assert_eq!(strings(&weapons["features"]), Vec::<&str>::new());
    let span = &weapons["evidence"][0]["span"];
    assert_eq!(
        text(&src, span),
        "You shall not use the Model, or any output of the Model, to develop, \
         produce or operate weapons, or for any other military purpose."
    );
    // "1. " is the list marker: the clause starts at column 4 of line 8.
    assert_eq!(place(span), [8, 4, 4, 8, 135, 135]);
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"] != "prohibited-use/weapons-military"),
        "a present concept has no finding"
    );

    let term = coverage(doc, "leverage/termination");
    assert_eq!(term["status"], "present");
    assert_eq!(term["expected"], true);
    assert_eq!(
        text(&src, &term["evidence"][0]["span"]),
        "Licensor may terminate this Licence at once if you breach Section 1."
    );
}

// ---------------------------------------------------------------------------
// Abbreviations do not end sentences.

#[test]
fn abbreviations_do_not_split_the_clause() {
    let path = "fixtures/format/abbreviations.md";
    let src = read(path);
    let doc = document(format_run(), path);
    let rule = "prohibited-use/facial-recognition-police";
    let f = finding(doc, rule);
    let clause = "Customers (e.g., agencies of the U.S. federal government, i.e. any \
                  department listed in Sec. 4.2) must not use the Services for facial \
                  recognition by police departments in the United States.";
    // The whole sentence, and not the one after it.
    assert_eq!(text(&src, &f["span"]), clause);
    assert_eq!(place(&f["span"]), [7, 1, 1, 7, 191, 191]);
    let labels = f["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0]["feature"], "scope-limited");
    assert_eq!(text(&src, &labels[0]["span"]), "in the United States");
    assert_eq!(place(&labels[0]["span"]), [7, 170, 170, 7, 190, 190]);

    let sus = coverage(doc, "leverage/suspension");
    assert_eq!(sus["status"], "present");
    assert_eq!(
        text(&src, &sus["evidence"][0]["span"]),
        "Northgate Analytics Inc. may suspend access to the Services for any breach of this policy."
    );
}

// ---------------------------------------------------------------------------
// Plain text: numbered and all-caps headings, (a)/(b) lists.

#[test]
fn plain_text_headings_and_enumerated_lists() {
    let path = "fixtures/format/acceptable-use-numbered.txt";
    let src = read(path);
    let doc = document(format_run(), path);
    assert_eq!(doc["format"], "plain-text");
    assert_eq!(doc["kind"], "aup");
    assert_eq!(doc["kind_source"], "heuristic");
    // "4.2 Use Restrictions" is read as a heading.
    assert_eq!(
        doc["kind_reason"],
        "heading \"4.2 Use Restrictions\" mentions \"use restrictions\""
    );

    // (a) and (b) are list items: their clauses start after the markers.
    let weapons = coverage(doc, "prohibited-use/weapons-military");
    assert_eq!(weapons["status"], "present");
    let span = &weapons["evidence"][0]["span"];
    assert_eq!(
        text(&src, span),
        "build weapons or other tools for military operations;"
    );
    assert_eq!(place(span), [15, 5, 5, 15, 58, 58]);

    let rule = "prohibited-use/surveillance";
    assert_eq!(coverage(doc, rule)["status"], "weak");
    let f = finding(doc, rule);
    assert_eq!(
        text(&src, &f["span"]),
        "engage in unlawful surveillance of individuals."
    );
    assert_eq!(place(&f["span"]), [16, 5, 5, 16, 52, 52]);
    let labels = f["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0]["feature"], "lawfulness-only");
    assert_eq!(text(&src, &labels[0]["span"]), "unlawful");
    assert_eq!(place(&labels[0]["span"]), [16, 15, 15, 16, 23, 23]);

    // "ARTICLE IV" is a heading: the sentence on the next line is a clause
    // of its own, starting at column 1.
    let commitment = coverage(doc, "human-rights/commitment");
    assert_eq!(commitment["status"], "present");
    assert_eq!(
        text(&src, &commitment["evidence"][0]["span"]),
        "You must respect internationally recognized human rights in your use of the Platform."
    );
    assert_eq!(place(&commitment["evidence"][0]["span"])[..3], [4, 1, 1]);

    // "ENFORCEMENT", an all-caps line directly followed by text, is a heading.
    let sus = coverage(doc, "leverage/suspension");
    assert_eq!(sus["status"], "present");
    assert_eq!(
        text(&src, &sus["evidence"][0]["span"]),
        "We may suspend your account if you breach Section 4.2."
    );
    assert_eq!(place(&sus["evidence"][0]["span"])[..3], [19, 1, 1]);

    // "5. Termination." is a run-in heading: the clause starts after it.
    let term = coverage(doc, "leverage/termination");
    assert_eq!(term["status"], "present");
    assert_eq!(term["expected"], false);
    assert_eq!(
        text(&src, &term["evidence"][0]["span"]),
        "Orbit may terminate these terms if you breach Section 4.2."
    );
    assert_eq!(place(&term["evidence"][0]["span"])[..3], [21, 17, 17]);

    // The all-caps "PERMITTED AND PROHIBITED USES" is the section where
    // missing use restrictions belong.
    let f = finding(doc, "prohibited-use/deception");
    assert_eq!(f["kind"], "missing");
    assert_eq!(text(&src, &f["span"]), "PERMITTED AND PROHIBITED USES");
    assert_eq!(place(&f["span"]), [6, 1, 1, 6, 30, 30]);
    assert_eq!(
        f["labels"][0]["message"],
        "the clause belongs in this section"
    );
}

// ---------------------------------------------------------------------------
// Standard input.

#[test]
fn stdin_with_a_filename_is_reported_like_the_file() {
    let path = "fixtures/format/unicode.md";
    let src = read(path);
    let run = check_json(&["-", "--stdin-filename", "policy.md"], Some(&src));
    let doc = &run["documents"][0];
    assert_eq!(doc["path"], "policy.md");
    assert_eq!(run["summary"]["documents"], 1);
    // Everything but the path is what the file gives.
    let mut from_file = document(format_run(), path).clone();
    from_file["path"] = "policy.md".into();
    assert_eq!(doc, &from_file);
    let f = finding(doc, "prohibited-use/facial-recognition-police");
    assert_eq!(place(&f["labels"][0]["span"]), [8, 119, 120, 8, 139, 140]);
}

#[test]
fn stdin_filename_decides_plain_text_and_default_name_is_markdown() {
    let path = "fixtures/format/acceptable-use-numbered.txt";
    let src = read(path);
    let run = check_json(&["--stdin-filename", "orbit.txt", "-"], Some(&src));
    let doc = &run["documents"][0];
    assert_eq!(doc["path"], "orbit.txt");
    assert_eq!(doc["format"], "plain-text");
    let f = finding(doc, "prohibited-use/surveillance");
    assert_eq!(place(&f["labels"][0]["span"]), [16, 15, 15, 16, 23, 23]);
    assert_spans_valid(doc, &src);

    let run = check_json(&["-"], Some(&src));
    let doc = &run["documents"][0];
    assert_eq!(doc["path"], "<stdin>");
    assert_eq!(doc["format"], "markdown");
    assert_spans_valid(doc, &src);
}

// ---------------------------------------------------------------------------
// Kind sources.

#[test]
fn kind_on_the_command_line_overrides_front_matter() {
    let run = check_json(&["--kind", "contract", "fixtures/format/unicode.md"], None);
    let doc = &run["documents"][0];
    assert_eq!(doc["kind"], "contract");
    assert_eq!(doc["kind_source"], "cli");
    assert_eq!(doc["kind_reason"], "--kind contract");
    // leverage/audit is expected in contracts, not in the AUP the front
    // matter declares.
    assert_eq!(coverage(doc, "leverage/audit")["expected"], true);
    let aup = document(format_run(), "fixtures/format/unicode.md");
    assert_eq!(coverage(aup, "leverage/audit")["expected"], false);
}

#[test]
fn permitted_finding_labels_the_cue_and_the_use() {
    let path = "fixtures/format/permitted.md";
    let src = read(path);
    let doc = document(format_run(), path);
    assert_eq!(doc["kind"], "other");
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(f["rule"], "prohibited-use/permitted-high-risk");
    assert_eq!(f["kind"], "permitted");
    assert_eq!(f["severity"], "error");
    assert_eq!(
        text(&src, &f["span"]),
        "Customer may use the Services for facial recognition by law enforcement agencies."
    );
    assert_eq!(place(&f["span"]), [7, 1, 1, 7, 82, 82]);
    let labels = f["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 2);
    assert_eq!(text(&src, &labels[0]["span"]), "may");
    assert_eq!(place(&labels[0]["span"]), [7, 10, 10, 7, 13, 13]);
    assert_eq!(labels[0]["message"], "this permits the use");
    assert!(labels.iter().all(|l| l["feature"].is_null()));
    assert_eq!(
        labels[1]["message"],
        "a use `prohibited-use/facial-recognition-police` restricts"
    );
    assert!(text(&src, &labels[1]["span"]).starts_with("facial"));
    // Permitted rules give findings, never coverage.
    assert!(
        doc["coverage"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["concept"] != "prohibited-use/permitted-high-risk")
    );
}

// ---------------------------------------------------------------------------
// Whole-output checks.

#[test]
fn every_span_lies_in_its_file_on_char_boundaries() {
    let run = format_run();
    let docs = run["documents"].as_array().unwrap();
    let paths: Vec<&str> = docs.iter().map(|d| d["path"].as_str().unwrap()).collect();
    // Directory walking is sorted.
    assert_eq!(
        paths,
        [
            "fixtures/format/abbreviations.md",
            "fixtures/format/acceptable-use-numbered.txt",
            "fixtures/format/bom.md",
            "fixtures/format/clean.md",
            "fixtures/format/crlf-product-terms.md",
            "fixtures/format/html.md",
            "fixtures/format/permitted.md",
            "fixtures/format/tabs.md",
            "fixtures/format/toml-front-matter.md",
            "fixtures/format/unicode.md",
        ]
    );
    let mut spans = 0;
    for doc in docs {
        spans += assert_spans_valid(doc, &read(doc["path"].as_str().unwrap()));
    }
    assert!(spans > 100, "only {spans} spans");
    assert_eq!(run["errors"], serde_json::json!([]));
}

#[test]
fn every_span_of_the_examples_is_valid() {
    let run = check_json(&["--fail-on", "never", "fixtures/examples"], None);
    let docs = run["documents"].as_array().unwrap();
    // The examples change; at least the three bundled ones are there.
    for name in [
        "acme-vision-aup.md",
        "northwind-cloud-agreement.md",
        "open-model-license.txt",
    ] {
        let path = format!("fixtures/examples/{name}");
        assert!(docs.iter().any(|d| d["path"] == path.as_str()), "{path}");
    }
    for doc in docs {
        assert_spans_valid(doc, &read(doc["path"].as_str().unwrap()));
        assert_report_invariants(doc, &read(doc["path"].as_str().unwrap()));
    }
}

/// The relations docs/json-output.md states between a document's fields.
fn assert_report_invariants(doc: &Value, src: &[u8]) {
    let path = doc["path"].as_str().unwrap();
    for c in doc["coverage"].as_array().unwrap() {
        let status = c["status"].as_str().unwrap();
        let evidence = c["evidence"].as_array().unwrap();
        assert_eq!(
            !c["features"].as_array().unwrap().is_empty(),
            status == "weak",
            "{path}: {c}"
        );
        assert_eq!(evidence.is_empty(), status == "missing", "{path}: {c}");
        if let Some(first) = evidence.first() {
            assert_eq!(first["features"], c["features"], "{path}: {c}");
        }
        for e in evidence {
            let t = e["text"].as_str().unwrap();
            let span_text = text(src, &e["span"]);
            if span_text.len() > 400 {
                let cut = t.strip_suffix('…').expect("long evidence ends with …");
                assert!(span_text.starts_with(cut), "{path}: {t}");
                // Cut at the last character boundary within 400 bytes.
                assert!((397..=400).contains(&cut.len()), "{path}: {t}");
            } else {
                assert_eq!(t, span_text, "{path}");
            }
            let a = &e["anatomy"];
            let mut phrases = vec![&a["object"]];
            phrases.extend(a["conditions"].as_array().unwrap());
            if !a["cue"].is_null() {
                phrases.push(&a["cue"]);
            }
            if !a["negation"].is_null() {
                phrases.push(&a["negation"]["cue"]);
            }
            for p in phrases {
                assert_eq!(text(src, &p["span"]), p["text"], "{path}: {p}");
            }
        }
    }
    let findings = doc["findings"].as_array().unwrap();
    let order: Vec<(u64, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["span"]["start"].as_u64().unwrap(),
                f["rule"].as_str().unwrap(),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "{path}: findings not sorted");
    for f in findings {
        let kind = f["kind"].as_str().unwrap();
        let labels = f["labels"].as_array().unwrap();
        if kind == "permitted" {
            continue;
        }
        let c = coverage(doc, f["rule"].as_str().unwrap());
        assert_eq!(c["status"], kind, "{path}: {f}");
        assert_eq!(c["expected"], true);
        if kind == "weak" {
            assert_eq!(f["span"], c["evidence"][0]["span"], "{path}: {f}");
            let label_features: BTreeSet<&str> = labels
                .iter()
                .map(|l| l["feature"].as_str().unwrap())
                .collect();
            let features: BTreeSet<&str> = strings(&c["features"]).into_iter().collect();
            assert_eq!(label_features, features, "{path}: {f}");
        } else {
            assert_eq!(labels.len(), 1);
            assert_eq!(labels[0]["span"], f["span"]);
        }
    }
}

#[test]
fn format_documents_keep_the_report_invariants() {
    let run = format_run();
    for doc in run["documents"].as_array().unwrap() {
        assert_report_invariants(doc, &read(doc["path"].as_str().unwrap()));
    }
    // Summary totals are the sums over the documents.
    let docs = run["documents"].as_array().unwrap();
    let all: Vec<&Value> = docs
        .iter()
        .flat_map(|d| d["findings"].as_array().unwrap())
        .collect();
    let count = |key: &str, value: &str| all.iter().filter(|f| f[key] == value).count();
    let s = &run["summary"];
    assert_eq!(s["documents"], docs.len());
    assert_eq!(s["errors"], count("severity", "error"));
    assert_eq!(s["warnings"], count("severity", "warning"));
    assert_eq!(s["notes"], count("severity", "note"));
    assert_eq!(s["missing"], count("kind", "missing"));
    assert_eq!(s["weak"], count("kind", "weak"));
    assert_eq!(s["permitted"], count("kind", "permitted"));
    assert_eq!(s["input_errors"], 0);
}

#[test]
fn long_evidence_is_cut_at_a_character_boundary_within_400_bytes() {
    // An odd number of ASCII bytes, then two-byte letters: byte 400 falls
    // inside "é", so the cut goes back one byte.
    let head = "Customer shall not use the Services for mass surveillance of persons ";
    assert_eq!(head.len() % 2, 1);
    let clause = format!("{head}{}.", "é".repeat(300));
    let text = format!("# Acceptable Use Policy\n\n{clause}\n");
    let run = check_json(
        &["--stdin-filename", "policy.md", "--kind", "aup", "-"],
        Some(text.as_bytes()),
    );
    let coverage = run["documents"][0]["coverage"].as_array().unwrap();
    let surveillance = coverage
        .iter()
        .find(|c| c["concept"] == "prohibited-use/surveillance")
        .unwrap();
    let e = &surveillance["evidence"][0];
    let t = e["text"].as_str().unwrap();
    let cut = t.strip_suffix('…').expect("cut evidence ends with …");
    assert_eq!(cut.len(), 399, "{t}");
    assert!(clause.starts_with(cut));
    assert_eq!(
        &text[e["span"]["start"].as_u64().unwrap() as usize..][..cut.len()],
        cut
    );
}
