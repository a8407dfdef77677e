//! The machine-readable output formats (`sarif`, `github`, `junit`,
//! `concise`, `json-lines`), driven through the library as the command line
//! drives them: header, the documents' texts with the separator between two
//! non-empty texts, footer.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use clauselint::findings::FindingKind;
use clauselint::report::{Concise, FileError, GitHub, JUnit, JsonLines, Renderer, Sarif, Summary};
use clauselint::{
    CheckOptions, DocumentReport, Format, Packs, Selection, Severity, SourceFile, check,
};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn packs() -> Arc<Packs> {
    static PACKS: OnceLock<Arc<Packs>> = OnceLock::new();
    PACKS
        .get_or_init(|| Packs::builtin().expect("the built-in packs load"))
        .clone()
}

/// Checks `text` as a document named `path`.
fn check_text(path: &str, text: &str) -> DocumentReport {
    check(
        &SourceFile::new(path, text),
        Format::from_path(path),
        &packs(),
        &CheckOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{path}: {}", e.message))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

/// Checks a file of the repository, named by its path from the root.
fn check_file(path: &str) -> DocumentReport {
    check_text(path, &read(path))
}

/// Every file of a fixture directory, sorted, as paths from the root.
fn fixture_dir(dir: &str) -> Vec<String> {
    let mut paths: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("read {dir}: {e}"))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .map(|p| format!("{dir}/{}", p.file_name().unwrap().to_str().unwrap()))
        .collect();
    paths.sort();
    paths
}

/// All documents of `fixtures/examples` and `fixtures/format`.
fn all_fixtures() -> Vec<DocumentReport> {
    let mut paths = fixture_dir("fixtures/examples");
    paths.extend(fixture_dir("fixtures/format"));
    paths.iter().map(|p| check_file(p)).collect()
}

fn file_error(path: &str, message: &str, place: Option<(usize, usize, usize)>) -> FileError {
    FileError {
        path: path.into(),
        message: message.into(),
        line: place.map(|p| p.0),
        column: place.map(|p| p.1),
        offset: place.map(|p| p.2),
        rendered: None,
    }
}

/// The whole output of a run, written as the command line writes it.
fn render(renderer: &dyn Renderer, reports: &[DocumentReport], errors: &[FileError]) -> String {
    let mut summary = Summary::default();
    let mut out = renderer.header();
    let mut wrote = false;
    for report in reports {
        summary.add(report);
        let text = renderer.document(report);
        if text.is_empty() {
            continue;
        }
        if wrote {
            out.push_str(renderer.separator());
        }
        out.push_str(&text);
        wrote = true;
    }
    summary.input_errors = errors.len();
    out.push_str(&renderer.footer(&summary, errors));
    out
}

const UNICODE: &str = "fixtures/format/unicode.md";
const PERMITTED: &str = "fixtures/format/permitted.md";
const CLEAN: &str = "fixtures/format/clean.md";

// ---------------------------------------------------------------- SARIF

/// The OASIS SARIF 2.1.0 schema: a copy under `tests/data/` if the project
/// keeps one, else `../shared/schemas/` beside the repository (CI has it).
fn sarif_validator() -> Option<jsonschema::Validator> {
    let candidates = [
        root().join("tests/data/sarif-2.1.0.json"),
        root().join("../shared/schemas/sarif-schema-2.1.0.json"),
    ];
    let Some(path) = candidates.iter().find(|p| p.is_file()) else {
        eprintln!(
            "SKIPPED: SARIF schema validation: no SARIF 2.1.0 schema at {} or {}",
            candidates[0].display(),
            candidates[1].display()
        );
        return None;
    };
    let text = std::fs::read_to_string(path).expect("read the SARIF schema");
    let mut schema: Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    // This copy keeps the log's own constraints in `definitions.Root`, which
    // nothing references: as is, it accepts any JSON. Validate against Root.
    if schema.get("properties").is_none() && schema.get("$ref").is_none() {
        let root = schema["definitions"]["Root"].clone();
        let root = root.as_object().expect("the schema has definitions.Root");
        assert!(root.contains_key("properties") && root.contains_key("required"));
        for (key, value) in root {
            schema[key] = value.clone();
        }
    }
    // The published schema's pattern for `language` (of a run and of a
    // tool component) has a stray `]`, which ECMAScript (Annex B) reads as a
    // literal `]` but the validator's regex engine rejects. Escaping it keeps
    // the meaning; clauselint writes neither property.
    for definition in ["run", "toolComponent"] {
        let pattern = &mut schema["definitions"][definition]["properties"]["language"]["pattern"];
        assert_eq!(*pattern, r"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
        *pattern = r"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\]?$".into();
    }
    Some(jsonschema::validator_for(&schema).expect("the SARIF schema compiles"))
}

fn sarif(reports: &[DocumentReport], errors: &[FileError]) -> Value {
    let text = render(&Sarif::new(packs()), reports, errors);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("SARIF is not JSON ({e}):\n{text}"))
}

fn assert_valid_sarif(validator: &jsonschema::Validator, log: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what}: {} schema errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results array")
}

fn result<'a>(log: &'a Value, uri: &str, rule: &str) -> &'a Value {
    results(log)
        .iter()
        .find(|r| {
            r["ruleId"] == rule
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
        })
        .unwrap_or_else(|| panic!("no {rule} result for {uri}"))
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let Some(validator) = sarif_validator() else {
        return;
    };
    let reports = all_fixtures();
    assert!(reports.len() >= 13, "fixtures found: {}", reports.len());
    // Documents without findings (clean.md) add nothing to `results`.
    assert!(reports.iter().any(|r| r.findings.is_empty()));
    let errors = [
        file_error("docs/missing file.md", "no such file or directory", None),
        file_error(
            "docs/bad.md",
            "not valid UTF-8: byte 0xff at offset 3",
            Some((1, 4, 3)),
        ),
    ];
    let log = sarif(&reports, &errors);
    assert_valid_sarif(&validator, &log, "all fixtures with two file errors");
    let findings: usize = reports.iter().map(|r| r.findings.len()).sum();
    assert_eq!(results(&log).len(), findings);

    for report in &reports {
        let log = sarif(std::slice::from_ref(report), &[]);
        assert_valid_sarif(&validator, &log, &report.path);
    }
    assert_valid_sarif(&validator, &sarif(&[], &[]), "no documents");

    // The validator does reject what SARIF forbids.
    let mut bad = log.clone();
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] =
        0.into();
    bad["runs"][0]["results"][1]["ruleID"] = "typo".into();
    assert_eq!(validator.iter_errors(&bad).count(), 2);
}

#[test]
fn sarif_weak_finding_counts_utf16_columns() {
    // Line 8 has 東京 and 🚀 before "You may not use…": the clause starts at
    // character 45 but at UTF-16 code unit 46 (🚀 is two code units).
    let report = check_file(UNICODE);
    let log = sarif(std::slice::from_ref(&report), &[]);
    let r = result(&log, UNICODE, "prohibited-use/facial-recognition-police");
    assert_eq!(r["level"], "warning");
    assert_eq!(r["properties"]["findingKind"], "weak");
    let location = &r["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], UNICODE);
    let region = &location["region"];
    assert_eq!(region["startLine"], 8);
    assert_eq!(region["startColumn"], 46);
    assert_eq!(region["endLine"], 8);
    assert_eq!(region["endColumn"], 141);
    assert_eq!(
        region["snippet"]["text"],
        "You may not use the Services for facial recognition by police departments in the United States."
    );
    assert!(region.get("charOffset").is_none() && region.get("byteOffset").is_none());
    assert_eq!(
        r["message"]["text"],
        "the restriction on facial recognition by law enforcement is weakened (scope-limited): \
         [scope-limited: limited to one jurisdiction, product or deployment mode](1)"
    );
    let related = &r["relatedLocations"][0];
    assert_eq!(related["id"], 1);
    assert_eq!(
        related["message"]["text"],
        "scope-limited: limited to one jurisdiction, product or deployment mode"
    );
    let region = &related["physicalLocation"]["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endColumn"]
        ),
        (&Value::from(8), &Value::from(120), &Value::from(140))
    );
    assert_eq!(region["snippet"]["text"], "in the United States");

    // The permitted finding of permitted.md is an error with two labels.
    let log = sarif(&[check_file(PERMITTED)], &[]);
    let r = result(&log, PERMITTED, "prohibited-use/permitted-high-risk");
    assert_eq!(r["level"], "error");
    assert_eq!(
        r["message"]["text"],
        "this clause permits facial recognition by or for law enforcement: \
         [this permits the use](1); \
         [a use `prohibited-use/facial-recognition-police` restricts](2)"
    );
    assert_eq!(r["relatedLocations"].as_array().unwrap().len(), 2);
}

#[test]
fn sarif_rules_describe_every_loaded_rule() {
    let packs = packs();
    let log = sarif(&all_fixtures(), &[]);
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "clauselint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), packs.rules.len());
    for (descriptor, rule) in rules.iter().zip(&packs.rules) {
        assert_eq!(descriptor["id"], rule.id.as_str());
        let name = descriptor["name"].as_str().unwrap();
        assert!(
            name.starts_with(|c: char| c.is_ascii_uppercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric()),
            "{}: name `{name}` is not PascalCase",
            rule.id
        );
        assert_eq!(
            descriptor["shortDescription"]["text"],
            rule.summary.as_str()
        );
        for key in ["text", "markdown"] {
            let help = descriptor["help"][key].as_str().unwrap();
            assert!(help.contains(rule.help.trim()), "{}: help {key}", rule.id);
            assert!(
                help.contains(rule.model_clause.trim().lines().next().unwrap_or("")),
                "{}: model clause in help {key}",
                rule.id
            );
        }
        assert!(
            descriptor["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("## Model clause\n\n> "),
            "{}",
            rule.id
        );
        let tags = descriptor["properties"]["tags"].as_array().unwrap();
        assert_eq!(tags[0], packs.pack_of(rule).id.as_str());
    }
    let by_id = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
    let fr = by_id("prohibited-use/facial-recognition-police");
    assert_eq!(fr["name"], "FacialRecognitionByPolice");
    assert_eq!(fr["defaultConfiguration"]["level"], "warning");
    assert_eq!(
        by_id("prohibited-use/permitted-high-risk")["defaultConfiguration"]["level"],
        "error"
    );

    // Every result's ruleIndex points at the rule with its id, and every
    // embedded link in its message names one of its related locations.
    assert!(!results(&log).is_empty());
    for r in results(&log) {
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], r["ruleId"], "{r}");
        let ids: HashSet<u64> = r["relatedLocations"]
            .as_array()
            .map(|a| a.iter().map(|l| l["id"].as_u64().unwrap()).collect())
            .unwrap_or_default();
        let text = r["message"]["text"].as_str().unwrap();
        let links: Vec<u64> = text
            .match_indices("](")
            .map(|(i, _)| {
                let rest = &text[i + 2..];
                rest[..rest.find(')').unwrap()].parse().unwrap()
            })
            .collect();
        assert_eq!(links.len(), ids.len(), "{text}");
        assert!(links.iter().all(|id| ids.contains(id)), "{text}");
    }
}

#[test]
fn sarif_uris_are_escaped_and_fingerprints_survive_line_shifts() {
    let text = read(UNICODE);
    let before = check_text("policies/our terms.md", &text);
    // Three more lines before the heading: every finding moves down.
    let shifted = check_text(
        "policies/our terms.md",
        &text.replacen("\n# ", "\n\n\n\n# ", 1),
    );
    let a = sarif(std::slice::from_ref(&before), &[]);
    let b = sarif(std::slice::from_ref(&shifted), &[]);
    let fingerprints = |log: &Value| -> Vec<(String, String, u64)> {
        results(log)
            .iter()
            .map(|r| {
                let location = &r["locations"][0]["physicalLocation"];
                assert_eq!(
                    location["artifactLocation"]["uri"],
                    "policies/our%20terms.md"
                );
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    r["partialFingerprints"]["clauselintFindingHash/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    location["region"]["startLine"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let (a, b) = (fingerprints(&a), fingerprints(&b));
    assert_eq!(a.len(), before.findings.len());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            (&x.0, &x.1),
            (&y.0, &y.1),
            "fingerprint changed with the lines"
        );
        assert_eq!(x.2 + 3, y.2);
    }
    // Fingerprints tell the findings of a document apart, and are
    // `<16 hex digits>:<occurrence>`.
    let unique: HashSet<&String> = a.iter().map(|x| &x.1).collect();
    assert_eq!(unique.len(), a.len());
    for (_, fp, _) in &a {
        let (hash, n) = fp.split_once(':').unwrap();
        assert!(
            hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()),
            "{fp}"
        );
        assert_eq!(n, "1");
    }
    // The same words under another path are another finding.
    let elsewhere = sarif(&[check_text("policies/other.md", &text)], &[]);
    assert_ne!(
        results(&elsewhere)[0]["partialFingerprints"],
        results(&sarif(&[before], &[]))[0]["partialFingerprints"]
    );
}

#[test]
fn sarif_file_errors_are_notifications() {
    let errors = [file_error(
        "docs/bad.md",
        "not valid UTF-8: byte 0xff at offset 3",
        Some((2, 4, 30)),
    )];
    let log = sarif(&[check_file(CLEAN)], &errors);
    assert_eq!(results(&log).len(), 0);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(
        notes[0]["message"]["text"],
        "not valid UTF-8: byte 0xff at offset 3"
    );
    let location = &notes[0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "docs/bad.md");
    assert_eq!(location["region"], serde_json::json!({"startLine": 2}));

    let log = sarif(&[check_file(CLEAN)], &[]);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    assert!(invocation.get("toolExecutionNotifications").is_none());
}

#[test]
fn sarif_finding_of_an_unknown_rule_has_no_rule_index() {
    let mut report = check_file(PERMITTED);
    report.findings[0].rule = "clauselint/unused-suppression".into();
    let log = sarif(std::slice::from_ref(&report), &[]);
    let r = &results(&log)[0];
    assert_eq!(r["ruleId"], "clauselint/unused-suppression");
    assert!(r.get("ruleIndex").is_none(), "{r}");
    if let Some(validator) = sarif_validator() {
        assert_valid_sarif(&validator, &log, "unknown rule");
    }
}

// ---------------------------------------------------------------- GitHub

const PERMITTED_HELP: &str = "Remove the permission or replace it with a binding restriction. \
     If a narrowly defined use is to be allowed, make it subject to the provider's prior \
     written approval and stated safeguards instead of granting it outright.";

#[test]
fn github_annotations_for_a_known_document() {
    let out = render(&GitHub, &[check_file(PERMITTED), check_file(CLEAN)], &[]);
    let expected = format!(
        "::error file=fixtures/format/permitted.md,line=7,col=1,endLine=7,endColumn=82,\
         title=prohibited-use/permitted-high-risk::this clause permits facial recognition \
         by or for law enforcement%0A{PERMITTED_HELP}\n\
         clauselint: 2 documents checked: 1 error, 0 warnings, 0 notes \
         (0 missing, 0 weak, 1 permitted)\n"
    );
    assert_eq!(out, expected);

    // Columns count characters: the weak clause of unicode.md starts at 45.
    let out = render(&GitHub, &[check_file(UNICODE)], &[]);
    let line = out
        .lines()
        .find(|l| l.contains("title=prohibited-use/facial-recognition-police::"))
        .unwrap();
    assert!(
        line.starts_with(
            "::warning file=fixtures/format/unicode.md,line=8,col=45,endLine=8,endColumn=140,\
             title=prohibited-use/facial-recognition-police::the restriction on facial \
             recognition by law enforcement is weakened (scope-limited)%0AA strong clause"
        ),
        "{line}"
    );
    assert_eq!(
        out.lines().filter(|l| l.starts_with("::warning ")).count(),
        13
    );
}

#[test]
fn github_escapes_properties_and_messages() {
    let mut report = check_text("docs/a,b:c%d.md", &read(PERMITTED));
    report.findings[0].message = "50% done: a, b\r\nnext".into();
    report.findings[0].rule = "pack:x,y".into();
    let mut note = report.findings[0].clone();
    note.severity = Severity::Note;
    note.help.clear();
    let mut warning = note.clone();
    warning.severity = Severity::Warning;
    report.findings.extend([note, warning]);
    let errors = [
        file_error("odd, name:1.md", "bad\nbyte: 100%", Some((3, 2, 40))),
        file_error("gone.md", "no such file or directory", None),
    ];
    let out = render(&GitHub, &[report], &errors);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            format!(
                "::error file=docs/a%2Cb%3Ac%25d.md,line=7,col=1,endLine=7,endColumn=82,\
                 title=pack%3Ax%2Cy::50%25 done: a, b%0D%0Anext%0A{PERMITTED_HELP}"
            )
            .as_str(),
            "::notice file=docs/a%2Cb%3Ac%25d.md,line=7,col=1,endLine=7,endColumn=82,\
             title=pack%3Ax%2Cy::50%25 done: a, b%0D%0Anext",
            "::warning file=docs/a%2Cb%3Ac%25d.md,line=7,col=1,endLine=7,endColumn=82,\
             title=pack%3Ax%2Cy::50%25 done: a, b%0D%0Anext",
            "::error file=odd%2C name%3A1.md,line=3,col=2::bad%0Abyte: 100%25",
            "::error file=gone.md::no such file or directory",
            "clauselint: 1 document checked: 1 error, 1 warning, 1 note \
             (0 missing, 0 weak, 3 permitted); 2 files could not be read",
        ]
    );
}

// ---------------------------------------------------------------- JUnit

/// An element of a parsed XML document.
#[derive(Debug)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> &str {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("<{}> has no `{name}`", self.name))
    }

    fn count(&self, name: &str) -> usize {
        self.children(name).count()
    }

    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// A strict parser for the XML that JUnit output uses: an XML declaration,
/// elements, attributes, character data and references. It rejects anything
/// not well-formed XML 1.0 (unbalanced or mismatched tags, a raw `<` or `&`,
/// an unknown entity, a duplicate attribute, a character XML forbids).
fn parse_xml(input: &str) -> Result<Element, String> {
    fn legal(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    }
    struct P<'a> {
        s: &'a str,
        i: usize,
    }
    impl P<'_> {
        fn rest(&self) -> &str {
            &self.s[self.i..]
        }
        fn eat(&mut self, t: &str) -> bool {
            let ok = self.rest().starts_with(t);
            if ok {
                self.i += t.len();
            }
            ok
        }
        fn expect(&mut self, t: &str) -> Result<(), String> {
            if self.eat(t) {
                Ok(())
            } else {
                Err(format!("expected `{t}` at byte {}", self.i))
            }
        }
        fn ws(&mut self) -> bool {
            let n = self.rest().len()
                - self
                    .rest()
                    .trim_start_matches([' ', '\t', '\n', '\r'])
                    .len();
            self.i += n;
            n > 0
        }
        fn name(&mut self) -> Result<String, String> {
            let n = self
                .rest()
                .find(|c: char| !(c.is_ascii_alphanumeric() || "_:.-".contains(c)))
                .unwrap_or(self.rest().len());
            let name = self.rest()[..n].to_string();
            if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
                return Err(format!("bad name at byte {}", self.i));
            }
            self.i += n;
            Ok(name)
        }
        fn reference(&mut self) -> Result<char, String> {
            let end = self.rest().find(';').ok_or("unterminated reference")?;
            let r = &self.rest()[1..end];
            let c = match r {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ if r.starts_with("#x") => u32::from_str_radix(&r[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or(format!("bad reference &{r};"))?,
                _ if r.starts_with('#') => r[1..]
                    .parse()
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or(format!("bad reference &{r};"))?,
                _ => return Err(format!("unknown entity &{r};")),
            };
            if !legal(c) {
                return Err(format!("reference to a character XML forbids: &{r};"));
            }
            self.i += end + 1;
            Ok(c)
        }
        fn element(&mut self) -> Result<Element, String> {
            self.expect("<")?;
            let name = self.name()?;
            let mut attributes: Vec<(String, String)> = Vec::new();
            loop {
                let spaced = self.ws();
                if self.eat("/>") {
                    return Ok(Element {
                        name,
                        attributes,
                        children: vec![],
                        text: String::new(),
                    });
                }
                if self.eat(">") {
                    break;
                }
                if !spaced {
                    return Err(format!("expected whitespace at byte {}", self.i));
                }
                let key = self.name()?;
                self.ws();
                self.expect("=")?;
                self.ws();
                let quote = if self.eat("\"") {
                    '"'
                } else {
                    self.expect("'")?;
                    '\''
                };
                let mut value = String::new();
                loop {
                    let c = self.rest().chars().next().ok_or("unterminated attribute")?;
                    match c {
                        _ if c == quote => {
                            self.i += 1;
                            break;
                        }
                        '<' => return Err(format!("`<` in attribute at byte {}", self.i)),
                        '&' => value.push(self.reference()?),
                        // Attribute-value normalisation: literal white space
                        // becomes a space.
                        '\t' | '\n' | '\r' => {
                            value.push(' ');
                            self.i += 1;
                        }
                        _ => {
                            value.push(c);
                            self.i += c.len_utf8();
                        }
                    }
                }
                if attributes.iter().any(|(k, _)| *k == key) {
                    return Err(format!("duplicate attribute {key}"));
                }
                attributes.push((key, value));
            }
            let mut children = Vec::new();
            let mut text = String::new();
            loop {
                if self.eat("</") {
                    let end = self.name()?;
                    if end != name {
                        return Err(format!("</{end}> closes <{name}>"));
                    }
                    self.ws();
                    self.expect(">")?;
                    return Ok(Element {
                        name,
                        attributes,
                        children,
                        text,
                    });
                }
                if self.rest().starts_with("]]>") {
                    return Err("`]]>` in character data".into());
                }
                match self
                    .rest()
                    .chars()
                    .next()
                    .ok_or(format!("<{name}> is not closed"))?
                {
                    '<' => children.push(self.element()?),
                    '&' => text.push(self.reference()?),
                    c => {
                        text.push(c);
                        self.i += c.len_utf8();
                    }
                }
            }
        }
    }
    if let Some(c) = input.chars().find(|&c| !legal(c)) {
        return Err(format!("character XML forbids: {c:?}"));
    }
    let mut p = P { s: input, i: 0 };
    if p.eat("<?xml ") {
        let end = p.rest().find("?>").ok_or("unterminated declaration")?;
        p.i += end + 2;
    }
    p.ws();
    let root = p.element()?;
    p.ws();
    if !p.rest().is_empty() {
        return Err(format!("content after the root element at byte {}", p.i));
    }
    Ok(root)
}

#[test]
fn xml_checker_rejects_malformed_documents() {
    for bad in [
        "<a>",
        "<a></b>",
        "<a x=\"1\" x=\"2\"/>",
        "<a>&nbsp;</a>",
        "<a>1 & 2</a>",
        "<a x=\"<\"/>",
        "<a>\u{1}</a>",
        "<a>&#1;</a>",
        "<a/><b/>",
        "<a>]]></a>",
    ] {
        assert!(parse_xml(bad).is_err(), "accepted {bad:?}");
    }
    let ok = parse_xml("<?xml version=\"1.0\"?>\n<a x='&lt;&#10;'>t&amp;<b/>u</a>\n").unwrap();
    assert_eq!(
        (ok.attr("x"), ok.text.as_str(), ok.count("b")),
        ("<\n", "t&u", 1)
    );
}

fn junit(reports: &[DocumentReport], errors: &[FileError]) -> Element {
    let text = render(&JUnit, reports, errors);
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    parse_xml(&text).unwrap_or_else(|e| panic!("JUnit output is not well-formed: {e}\n{text}"))
}

#[test]
fn junit_has_a_suite_per_document_and_a_case_per_concept() {
    let reports = all_fixtures();
    let errors = [file_error(
        "docs/gone.md",
        "no such file or directory",
        None,
    )];
    let root = junit(&reports, &errors);
    assert_eq!(root.name, "testsuites");
    assert_eq!(root.count("testsuite"), reports.len() + 1);
    for (suite, report) in root.children("testsuite").zip(&reports) {
        assert_eq!(suite.attr("name"), report.path);
        // A full check covers every concept of the built-in packs.
        assert_eq!(report.coverage.len(), 24, "{}", report.path);
        let permitted = report
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Permitted)
            .count();
        let cases: Vec<&Element> = suite.children("testcase").collect();
        assert_eq!(cases.len(), 24 + permitted, "{}", report.path);
        assert_eq!(suite.attr("tests"), cases.len().to_string());
        assert_eq!(suite.attr("failures"), report.findings.len().to_string());
        assert_eq!(suite.attr("errors"), "0");
        let failures: Vec<&Element> = cases.iter().flat_map(|c| c.children("failure")).collect();
        assert_eq!(failures.len(), report.findings.len(), "{}", report.path);
        for (case, coverage) in cases.iter().zip(&report.coverage) {
            assert_eq!(case.attr("classname"), report.path);
            assert_eq!(case.attr("name"), coverage.concept);
            // A concept fails exactly when it has a finding.
            let finding = report
                .findings
                .iter()
                .find(|f| f.rule == coverage.concept && f.kind != FindingKind::Permitted);
            match (finding, case.children("failure").next()) {
                (None, None) => {}
                (Some(f), Some(failure)) => {
                    assert_eq!(failure.attr("message"), f.message);
                    assert_eq!(failure.attr("type"), f.severity.as_str());
                    assert!(failure.text.starts_with(&format!(
                        "{}\nat {}:{}:{}\n",
                        f.message, report.path, f.span.line, f.span.column
                    )));
                    assert!(failure.text.contains(&format!("help: {}\n", f.help)));
                }
                (f, failure) => panic!("{}: finding {f:?}, failure {failure:?}", coverage.concept),
            }
        }
        // Then one case per permitted finding.
        let extra = &cases[24..];
        for (case, f) in extra.iter().zip(
            report
                .findings
                .iter()
                .filter(|f| f.kind == FindingKind::Permitted),
        ) {
            assert_eq!(
                case.attr("name"),
                format!("{} at {}:{}", f.rule, f.span.line, f.span.column)
            );
            assert_eq!(
                case.children("failure").next().unwrap().attr("type"),
                "error"
            );
        }
    }
    let error_suite = root.children("testsuite").last().unwrap();
    assert_eq!(error_suite.attr("name"), "docs/gone.md");
    assert_eq!(
        (
            error_suite.attr("tests"),
            error_suite.attr("failures"),
            error_suite.attr("errors")
        ),
        ("1", "0", "1")
    );
    let error = error_suite
        .children("testcase")
        .next()
        .unwrap()
        .children("error")
        .next()
        .unwrap();
    assert_eq!(error.attr("message"), "no such file or directory");
    assert_eq!(error.text, "docs/gone.md: no such file or directory");
}

#[test]
fn junit_failure_of_a_weak_concept() {
    let root = junit(&[check_file(UNICODE)], &[]);
    let suite = root.children("testsuite").next().unwrap();
    assert_eq!((suite.attr("tests"), suite.attr("failures")), ("24", "13"));
    let case = suite
        .children("testcase")
        .find(|c| c.attr("name") == "prohibited-use/facial-recognition-police")
        .unwrap();
    let failure = case.children("failure").next().unwrap();
    assert_eq!(failure.attr("type"), "warning");
    assert_eq!(
        failure.text,
        "the restriction on facial recognition by law enforcement is weakened (scope-limited)\n\
         at fixtures/format/unicode.md:8:45\n\
         features: scope-limited\n  \
         fixtures/format/unicode.md:8:119: scope-limited: limited to one jurisdiction, product or deployment mode\n\
         help: A strong clause prohibits, in binding terms and in every jurisdiction, use of the \
         product for facial recognition by or on behalf of any police or other law-enforcement \
         agency, with no law-enforcement exception, and is backed by a suspension or termination right.\n"
    );
    // Present concepts pass: suspension is present in unicode.md.
    let present = suite
        .children("testcase")
        .find(|c| c.attr("name") == "leverage/suspension")
        .unwrap();
    assert!(present.children.is_empty());
}

#[test]
fn junit_escapes_markup_and_forbidden_characters() {
    let path = "docs/a&b <c> \"d\" 'e'\u{1}.md";
    let mut report = check_text(path, &read(PERMITTED));
    report.findings[0].message = "x < y && \"q\" 'r' ]]> \u{0}\u{b} tab\there\r\nend".into();
    let errors = [file_error(
        "bad\u{7}<&>.md",
        "line one\nline two",
        Some((1, 1, 0)),
    )];
    let root = junit(&[report], &errors);
    let suite = root.children("testsuite").next().unwrap();
    let clean = "docs/a&b <c> \"d\" 'e'\u{FFFD}.md";
    assert_eq!(suite.attr("name"), clean);
    let case = suite.children("testcase").last().unwrap();
    assert_eq!(case.attr("classname"), clean);
    let failure = case.children("failure").next().unwrap();
    // Attribute values keep tabs and line breaks as character references.
    assert_eq!(
        failure.attr("message"),
        "x < y && \"q\" 'r' ]]> \u{FFFD}\u{FFFD} tab\there\r\nend"
    );
    assert!(failure.text.starts_with(
        "x < y && \"q\" 'r' ]]> \u{FFFD}\u{FFFD} tab\there\r\nend\nat docs/a&b <c> \"d\" 'e'\u{FFFD}.md:7:1\n"
    ));
    let error_suite = root.children("testsuite").last().unwrap();
    assert_eq!(error_suite.attr("name"), "bad\u{FFFD}<&>.md");
    let error = error_suite
        .children("testcase")
        .next()
        .unwrap()
        .children("error")
        .next()
        .unwrap();
    assert_eq!(error.attr("message"), "line one\nline two");
    assert_eq!(error.text, "bad\u{FFFD}<&>.md:1:1: line one\nline two");
}

// ---------------------------------------------------------------- concise

#[test]
fn concise_lines() {
    let out = render(
        &Concise,
        &[
            check_file(PERMITTED),
            check_file(CLEAN),
            check_file(UNICODE),
        ],
        &[file_error("gone.md", "no such file or directory", None)],
    );
    let u = "fixtures/format/unicode.md";
    let expected = [
        "fixtures/format/permitted.md:7:1: error[prohibited-use/permitted-high-risk] this clause permits facial recognition by or for law enforcement".to_string(),
        format!("{u}:6:3: warning[human-rights/commitment] no commitment to respect human rights in the use of the product"),
        format!("{u}:6:3: warning[human-rights/framework-reference] no international human-rights instrument is named"),
        format!("{u}:6:3: warning[human-rights/grievance-mechanism] no channel for reporting misuse or human-rights concerns"),
        format!("{u}:6:3: warning[human-rights/policy-reference] no reference to the provider's human-rights policy or statement"),
        format!("{u}:6:3: warning[prohibited-use/deception] no restriction on impersonation, undisclosed synthetic media or disinformation"),
        format!("{u}:6:3: warning[prohibited-use/discrimination] no restriction on discrimination or profiling on protected characteristics"),
        format!("{u}:6:3: warning[prohibited-use/high-risk-safety] no restriction on uses where failure could cause death, injury or severe damage"),
        format!("{u}:6:3: warning[prohibited-use/predictive-policing] no restriction on predictive policing or risk scoring of individuals"),
        format!("{u}:6:3: warning[prohibited-use/surveillance] no restriction on surveillance, tracking or monitoring of individuals"),
        format!("{u}:6:3: warning[prohibited-use/unlawful-use] no restriction on use that violates law or the rights of others"),
        format!("{u}:6:3: warning[prohibited-use/weapons-military] no restriction on weapons development or military use"),
        format!("{u}:8:45: warning[prohibited-use/biometric-identification] the restriction on biometric identification is weakened (scope-limited)"),
        format!("{u}:8:45: warning[prohibited-use/facial-recognition-police] the restriction on facial recognition by law enforcement is weakened (scope-limited)"),
        "clauselint: 3 documents checked: 1 error, 13 warnings, 0 notes (11 missing, 2 weak, 1 permitted); 1 file could not be read".to_string(),
    ];
    assert_eq!(out.lines().collect::<Vec<_>>(), expected);
    assert!(out.ends_with('\n'));
    // File errors are not part of concise output (the CLI writes them to stderr).
    assert!(!Concise.reports_errors());
}

// ---------------------------------------------------------------- json-lines

#[test]
fn json_lines_exact() {
    let errors = [file_error(
        "docs/bad.md",
        "not valid UTF-8: byte 0xff at offset 3",
        Some((1, 4, 3)),
    )];
    let out = render(
        &JsonLines,
        &[check_file(PERMITTED), check_file(CLEAN)],
        &errors,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(
        lines[0],
        r#"{"type":"finding","path":"fixtures/format/permitted.md","document_kind":"other","rule":"prohibited-use/permitted-high-risk","severity":"error","kind":"permitted","message":"this clause permits facial recognition by or for law enforcement","help":"Remove the permission or replace it with a binding restriction. If a narrowly defined use is to be allowed, make it subject to the provider's prior written approval and stated safeguards instead of granting it outright.","span":{"start":48,"end":129,"line":7,"column":1,"column_utf16":1,"end_line":7,"end_column":82,"end_column_utf16":82},"labels":[{"span":{"start":57,"end":60,"line":7,"column":10,"column_utf16":10,"end_line":7,"end_column":13,"end_column_utf16":13},"message":"this permits the use","feature":null},{"span":{"start":82,"end":88,"line":7,"column":35,"column_utf16":35,"end_line":7,"end_column":41,"end_column_utf16":41},"message":"a use `prohibited-use/facial-recognition-police` restricts","feature":null}]}"#
    );
    assert_eq!(
        lines[1],
        r#"{"type":"error","path":"docs/bad.md","message":"not valid UTF-8: byte 0xff at offset 3","line":1,"column":4,"offset":3}"#
    );
    // The summary line carries every field of the JSON output's summary.
    assert!(
        lines[2].starts_with(
            r#"{"type":"summary","documents":2,"errors":1,"warnings":0,"notes":0,"missing":0,"weak":0,"permitted":1,"#
        ) && lines[2].ends_with(r#""input_errors":1}"#),
        "{}",
        lines[2]
    );
}

#[test]
fn json_lines_has_one_typed_object_per_line() {
    let reports = all_fixtures();
    let out = render(&JsonLines, &reports, &[]);
    let objects: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let findings: Vec<&DocumentReport> =
        reports.iter().filter(|r| !r.findings.is_empty()).collect();
    let total: usize = findings.iter().map(|r| r.findings.len()).sum();
    assert_eq!(objects.len(), total + 1);
    assert!(objects[..total].iter().all(|o| o["type"] == "finding"));
    assert_eq!(objects[total]["type"], "summary");
    assert_eq!(objects[total]["documents"], reports.len());
    let unicode = objects
        .iter()
        .find(|o| o["path"] == UNICODE && o["rule"] == "prohibited-use/facial-recognition-police")
        .unwrap();
    assert_eq!(unicode["kind"], "weak");
    assert_eq!(unicode["document_kind"], "aup");
    assert_eq!(
        (&unicode["span"]["column"], &unicode["span"]["column_utf16"]),
        (&Value::from(45), &Value::from(46))
    );
}

#[test]
fn formats_report_file_errors_in_their_output() {
    let packs = packs();
    for (name, renderer, reports) in [
        (
            "sarif",
            Box::new(Sarif::new(packs)) as Box<dyn Renderer>,
            true,
        ),
        ("github", Box::new(GitHub), true),
        ("junit", Box::new(JUnit), true),
        ("json-lines", Box::new(JsonLines), true),
        ("concise", Box::new(Concise), false),
    ] {
        assert_eq!(renderer.reports_errors(), reports, "{name}");
        let out = render(
            renderer.as_ref(),
            &[],
            &[file_error("zz-unreadable.md", "permission denied", None)],
        );
        assert_eq!(out.contains("zz-unreadable.md"), reports, "{name}: {out}");
        assert!(out.ends_with('\n'), "{name}");
    }
}

// ---------------------------------------------------------------- docs

/// The `n`th (0-based) fenced block of `lang` in `text`, with its last newline.
fn fenced(text: &str, lang: &str, n: usize) -> String {
    let fence = format!("```{lang}\n");
    let mut rest = text;
    for _ in 0..n {
        rest = &rest[rest.find(&fence).expect("a fenced block") + fence.len()..];
    }
    let start = rest.find(&fence).expect("a fenced block") + fence.len();
    let end = start + rest[start..].find("\n```").expect("a closing fence");
    format!("{}\n", &rest[start..end])
}

/// The text of a documentation page from a heading on.
fn section<'a>(doc: &'a str, heading: &str) -> &'a str {
    let at = doc
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("no heading {heading}"));
    &doc[at..]
}

#[test]
fn documented_examples_are_real_output() {
    // The example document of docs/json-output.md, checked for four rules.
    let json_doc = read("docs/json-output.md");
    let at = json_doc
        .find("`harbor-aup.md`:")
        .expect("the JSON output example");
    let harbor = fenced(&json_doc[at..], "markdown", 0);
    let options = CheckOptions {
        selection: Selection {
            packs: vec![],
            rules: [
                "human-rights/grievance-mechanism",
                "prohibited-use/surveillance",
                "prohibited-use/permitted-high-risk",
                "leverage/suspension",
            ]
            .map(String::from)
            .to_vec(),
        },
        ..CheckOptions::default()
    };
    let path = "harbor-aup.md";
    let report = check(
        &SourceFile::new(path, harbor),
        Format::from_path(path),
        &packs(),
        &options,
    )
    .expect("the example checks");
    let reports = std::slice::from_ref(&report);

    let doc = read("docs/output-formats.md");
    // The `github` section shows the command's template first.
    for (heading, block, renderer) in [
        ("## `concise`", 0, Box::new(Concise) as Box<dyn Renderer>),
        ("## `github`", 1, Box::new(GitHub)),
        ("## `json-lines`", 0, Box::new(JsonLines)),
    ] {
        assert_eq!(
            fenced(section(&doc, heading), "text", block),
            render(renderer.as_ref(), reports, &[]),
            "the example of {heading} in docs/output-formats.md"
        );
    }
    assert_eq!(
        fenced(section(&doc, "## `junit`"), "xml", 0),
        render(&JUnit, reports, &[]),
        "the example of junit in docs/output-formats.md"
    );

    // The SARIF example shows the surveillance result as it is.
    let log = sarif(reports, &[]);
    let r = result(&log, path, "prohibited-use/surveillance");
    let shown = fenced(section(&doc, "## `sarif`"), "json", 0);
    for part in [
        format!("\"ruleIndex\": {}", r["ruleIndex"]),
        format!(
            "\"partialFingerprints\": {{\"clauselintFindingHash/v1\": {}}}",
            r["partialFingerprints"]["clauselintFindingHash/v1"]
        ),
        format!("\"message\": {{\"text\": {}}}", r["message"]["text"]),
    ] {
        assert!(
            shown.contains(&part),
            "the SARIF example of docs/output-formats.md lacks {part}"
        );
    }
}

// ------------------------------------------------- through the command line

/// The binary, run in `dir`, with colour off.
fn clauselint_in(dir: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_clauselint"));
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// A directory with a clean document, one with findings (one of them
/// waived by `clauselint.toml`), and a configuration.
fn waiver_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let terms = dir.path().join("terms");
    std::fs::create_dir(&terms).unwrap();
    std::fs::copy(root().join(CLEAN), terms.join("a-clean.md")).unwrap();
    std::fs::copy(root().join(UNICODE), terms.join("b-unicode.md")).unwrap();
    std::fs::write(
        dir.path().join("clauselint.toml"),
        "[[waiver]]\ndocuments = \"terms/b-unicode.md\"\n\
         rule = \"prohibited-use/facial-recognition-police\"\n\
         reason = \"US-only product, reviewed.\"\napproved-by = \"Legal\"\n",
    )
    .unwrap();
    dir
}

#[test]
fn cli_sarif_to_a_file_is_valid_with_clean_documents_and_waivers() {
    let project = waiver_project();
    let out = clauselint_in(project.path())
        .args([
            "check",
            "--format",
            "sarif",
            "--output",
            "report.sarif",
            "terms",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "the report goes to the file only");
    let text = std::fs::read_to_string(project.path().join("report.sarif")).unwrap();
    let log: Value = serde_json::from_str(&text).expect("one complete JSON document");
    if let Some(validator) = sarif_validator() {
        assert_valid_sarif(&validator, &log, "CLI SARIF with a clean document");
    }
    let waived = result(
        &log,
        "terms/b-unicode.md",
        "prohibited-use/facial-recognition-police",
    );
    assert_eq!(
        waived["suppressions"],
        serde_json::json!([{
            "kind": "external",
            "status": "accepted",
            "justification": "US-only product, reviewed. (approved by Legal)",
        }])
    );
    let unsuppressed = results(&log)
        .iter()
        .filter(|r| r.get("suppressions").is_none())
        .count();
    assert!(unsuppressed > 0);
    // Nothing else was left in the directory.
    let mut names: Vec<String> = std::fs::read_dir(project.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["clauselint.toml", "report.sarif", "terms"]);
}

#[test]
fn cli_github_and_junit_leave_out_waived_findings() {
    let project = waiver_project();
    let github = clauselint_in(project.path())
        .args(["check", "--format", "github", "terms"])
        .output()
        .unwrap();
    let github = String::from_utf8(github.stdout).unwrap();
    assert!(github.contains("title=prohibited-use/"), "{github}");
    assert!(
        !github.contains("title=prohibited-use/facial-recognition-police"),
        "a waived finding is not annotated:\n{github}"
    );
    let junit = clauselint_in(project.path())
        .args(["check", "--format", "junit", "terms"])
        .output()
        .unwrap();
    let junit = String::from_utf8(junit.stdout).unwrap();
    let doc = parse_xml(&junit).expect("well-formed JUnit");
    let suite = doc
        .children
        .iter()
        .find(|s| {
            s.attributes
                .iter()
                .any(|(k, v)| k == "name" && v == "terms/b-unicode.md")
        })
        .expect("a suite for the document");
    let case = suite
        .children
        .iter()
        .find(|c| {
            c.attributes
                .iter()
                .any(|(k, v)| k == "name" && v == "prohibited-use/facial-recognition-police")
        })
        .expect("a case for the waived concept");
    assert!(case.children.is_empty(), "the waived concept's case passes");
    let failures: usize = suite
        .attributes
        .iter()
        .find(|(k, _)| k == "failures")
        .map(|(_, v)| v.parse().unwrap())
        .unwrap();
    let failing_cases = suite
        .children
        .iter()
        .filter(|c| c.children.iter().any(|f| f.name == "failure"))
        .count();
    assert_eq!(failures, failing_cases);
}

#[test]
fn cli_human_marks_waived_findings_and_counts_them() {
    let project = waiver_project();
    let out = clauselint_in(project.path())
        .args(["check", "terms/b-unicode.md"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("(waived)"), "{text}");
    assert!(
        text.contains("waived: US-only product, reviewed.; approved by Legal"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("; 1 waived"), "{text}");
}

#[test]
fn cli_output_never_overwrites_an_input() {
    let project = waiver_project();
    let doc = project.path().join("terms/b-unicode.md");
    let before = std::fs::read(&doc).unwrap();
    let out = clauselint_in(project.path())
        .args([
            "check",
            "--format",
            "json",
            "--output",
            "terms/b-unicode.md",
            "terms",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: --output terms/b-unicode.md: is one of the documents to check\n"
    );
    assert_eq!(std::fs::read(&doc).unwrap(), before);
}

#[test]
fn cli_output_into_a_missing_directory_is_an_error() {
    let project = waiver_project();
    let out = clauselint_in(project.path())
        .args(["check", "--output", "no/such/dir/report.txt", "terms"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with(
            "error: --output no/such/dir/report.txt: cannot create a file in no/such/dir: "
        ),
        "{stderr}"
    );
    assert!(!project.path().join("no").exists());
}

#[test]
fn cli_output_replaces_an_existing_report_whole() {
    let project = waiver_project();
    let report = project.path().join("report.json");
    std::fs::write(&report, "x".repeat(1_000_000)).unwrap();
    let out = clauselint_in(project.path())
        .args([
            "check",
            "--format",
            "json",
            "-o",
            "report.json",
            "terms/a-clean.md",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(v["summary"]["documents"], 1);
}

/// Sends `signal` (a `kill` name such as "TERM") to a running clauselint
/// writing `--output report.json` over many documents, once its temporary
/// file exists, and returns the exit code and the project directory.
#[cfg(unix)]
fn interrupt_output(signal: &str) -> (Option<i32>, tempfile::TempDir) {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let project = tempfile::tempdir().unwrap();
    let docs = project.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    // Enough text that the run is still going when the signal comes.
    let paragraph = "You must not use the Services to track individuals without \
                     their consent. We may suspend the Services if you breach this \
                     policy, unless the breach is cured within 30 days.\n\n";
    let text = format!("# Acceptable Use Policy\n\n{}", paragraph.repeat(600));
    for i in 0..400 {
        std::fs::write(docs.join(format!("terms-{i:03}.md")), &text).unwrap();
    }
    std::fs::write(project.path().join("report.json"), "the previous report\n").unwrap();
    let temp_files = |dir: &std::path::Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".clauselint-"))
            .collect()
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_clauselint"))
        .current_dir(project.path())
        .args(["check", "--format", "json", "-o", "report.json", "docs"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while temp_files(project.path()).is_empty() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before its temporary file was seen"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no temporary file"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let kill = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let code = child.wait().unwrap().code();
    assert!(
        temp_files(project.path()).is_empty(),
        "a temporary file was left"
    );
    (code, project)
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_the_previous_report_and_no_partial_file() {
    for signal in ["INT", "TERM"] {
        let (code, project) = interrupt_output(signal);
        assert_eq!(code, Some(130), "SIG{signal}");
        assert_eq!(
            std::fs::read_to_string(project.path().join("report.json")).unwrap(),
            "the previous report\n",
            "SIG{signal}"
        );
    }
}
