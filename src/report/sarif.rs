//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other SARIF
//! viewers read it. One run: `tool.driver.rules` lists every loaded rule,
//! each finding is a `result`, and files that could not be checked are tool
//! execution notifications of the run's one invocation.
//!
//! The log is written as a stream: the header opens the run's `results`
//! array, each document renders its results (one per line, separated by
//! commas; nothing at all for a document without findings) and the footer
//! closes the array and adds the invocation. [`Renderer::separator`] is a
//! comma, so it must be written only between two documents that rendered
//! something: a document without findings adds no element to the array.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use serde_json::{Value, json};

use super::{FileError, Renderer, Summary};
use crate::findings::{DocumentReport, Finding};
use crate::packs::{Packs, Rule, RuleType, Severity};
use crate::source::Span;

/// The `$schema` written in the log.
const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Key of the fingerprint in each result's `partialFingerprints`.
const FINGERPRINT_KEY: &str = "clauselintFindingHash/v1";

pub struct Sarif {
    packs: Arc<Packs>,
    /// The configuration file in use, in the invocation's properties.
    config: Option<String>,
    /// Everything up to the opening of `results`: the rules do not change
    /// during a run.
    header: String,
}

impl Sarif {
    pub fn new(packs: Arc<Packs>) -> Sarif {
        let rules: Vec<Value> = packs.rules.iter().map(|r| descriptor(&packs, r)).collect();
        let mut driver = json!({
            "name": "clauselint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        });
        if let Some(uri) = [env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_HOMEPAGE")]
            .into_iter()
            .find(|u| !u.is_empty())
        {
            driver["informationUri"] = uri.into();
        }
        let tool = json!({ "driver": driver });
        let header = format!(
            "{{\"$schema\":\"{SARIF_SCHEMA}\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{tool},\
             \"columnKind\":\"utf16CodeUnits\",\"results\":[\n"
        );
        Sarif {
            packs,
            config: None,
            header,
        }
    }

    /// Names the configuration file in use (`invocations[0].properties`).
    pub fn with_config(mut self, config: Option<String>) -> Sarif {
        self.config = config;
        self
    }

    /// A finding as a `result`; `fingerprint` is its partial fingerprint.
    fn result(&self, report: &DocumentReport, finding: &Finding, fingerprint: String) -> Value {
        let text = report.source.text();
        let uri = artifact_uri(&report.path);
        let mut message = escape_message(&finding.message);
        let mut related = Vec::new();
        for (i, label) in finding.labels.iter().enumerate() {
            let id = i + 1;
            message.push_str(if i == 0 { ": " } else { "; " });
            let _ = write!(message, "[{}]({id})", escape_message(&label.message));
            related.push(json!({
                "id": id,
                "message": { "text": label.message },
                "physicalLocation": physical_location(&uri, &label.span, text),
            }));
        }
        let mut result = json!({
            "ruleId": finding.rule,
            "level": level(finding.severity),
            "message": { "text": message },
            "locations": [{ "physicalLocation": physical_location(&uri, &finding.span, text) }],
            "partialFingerprints": { FINGERPRINT_KEY: fingerprint },
            "properties": {
                "findingKind": finding.kind.as_str(),
                "documentKind": report.kind.as_str(),
            },
        });
        if let Some(index) = self.packs.rule_index(&finding.rule) {
            result["ruleIndex"] = index.into();
        }
        if !related.is_empty() {
            result["relatedLocations"] = related.into();
        }
        if finding.waived {
            // A waiver is an external, justified suppression (SARIF §3.35).
            let justification = finding.waiver.as_ref().map_or_else(String::new, |w| {
                let mut text = w.reason.clone();
                if let Some(by) = &w.approved_by {
                    let _ = write!(text, " (approved by {by})");
                }
                if let Some(until) = &w.expires {
                    let _ = write!(text, " (until {until})");
                }
                text
            });
            result["suppressions"] = json!([{
                "kind": "external",
                "status": "accepted",
                "justification": justification,
            }]);
        }
        result
    }
}

impl Renderer for Sarif {
    fn header(&self) -> String {
        self.header.clone()
    }

    fn document(&self, report: &DocumentReport) -> String {
        // Identical findings (same rule and words) are told apart by their
        // order, as GitHub does for its own line hashes.
        let mut seen: HashMap<u64, usize> = HashMap::new();
        let lines: Vec<String> = report
            .findings
            .iter()
            .map(|f| {
                let hash = fingerprint(report, f);
                let n = seen.entry(hash).or_insert(0);
                *n += 1;
                self.result(report, f, format!("{hash:016x}:{n}"))
                    .to_string()
            })
            .collect();
        if lines.is_empty() {
            String::new()
        } else {
            format!("{}\n", lines.join(",\n"))
        }
    }

    fn separator(&self) -> &'static str {
        ","
    }

    fn footer(&self, _summary: &Summary, errors: &[FileError]) -> String {
        let mut invocation = json!({ "executionSuccessful": errors.is_empty() });
        if let Some(config) = &self.config {
            invocation["properties"] = json!({ "configuration": config });
        }
        if !errors.is_empty() {
            let notifications: Vec<Value> = errors
                .iter()
                .map(|e| {
                    let mut location =
                        json!({ "artifactLocation": { "uri": artifact_uri(&e.path) } });
                    // The error's column counts Unicode scalar values, not
                    // the run's UTF-16 code units: only the line is given.
                    if let Some(line) = e.line {
                        location["region"] = json!({ "startLine": line });
                    }
                    json!({
                        "level": "error",
                        "message": { "text": e.message },
                        "locations": [{ "physicalLocation": location }],
                    })
                })
                .collect();
            invocation["toolExecutionNotifications"] = notifications.into();
        }
        format!("],\"invocations\":[{invocation}]}}]}}\n")
    }

    fn reports_errors(&self) -> bool {
        true
    }
}

/// A rule as a SARIF `reportingDescriptor`.
fn descriptor(packs: &Packs, rule: &Rule) -> Value {
    let (default, kind) = match rule.rule_type {
        RuleType::Concept => (rule.severity.missing, "concept"),
        RuleType::Permitted => (rule.severity.permitted, "permitted"),
    };
    let pack = &packs.pack_of(rule).id;
    let mut tags = vec![pack.as_str()];
    if pack != kind {
        tags.push(kind);
    }
    let short = if rule.summary.is_empty() {
        &rule.name
    } else {
        &rule.summary
    };
    let full = [rule.summary.as_str(), rule.help.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let help = rule_help(rule);
    json!({
        "id": rule.id,
        "name": pascal_case(&rule.name),
        "shortDescription": { "text": short },
        "fullDescription": { "text": full, "markdown": full },
        "help": { "text": help, "markdown": help },
        "defaultConfiguration": { "level": level(default), "enabled": rule.enabled },
        "properties": { "tags": tags },
    })
}

/// The rule's documentation as `clauselint explain` shows it: explanation,
/// what a strong clause contains, the model clause and the sources. The
/// explanation is Markdown already, so `help.text` is the same Markdown.
fn rule_help(rule: &Rule) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !rule.explanation.trim().is_empty() {
        parts.push(rule.explanation.trim().to_string());
    }
    if !rule.help.trim().is_empty() {
        parts.push(format!(
            "## What a strong clause contains\n\n{}",
            rule.help.trim()
        ));
    }
    let model = rule.model_clause.trim();
    if !model.is_empty() {
        let quoted: Vec<String> = model.lines().map(|l| format!("> {l}")).collect();
        parts.push(format!("## Model clause\n\n{}", quoted.join("\n")));
    }
    if !rule.sources.is_empty() {
        parts.push(format!("Sources: {}", rule.sources.join("; ")));
    }
    if parts.is_empty() {
        parts.push(rule.name.clone());
    }
    parts.join("\n\n")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// `Facial recognition by police` → `FacialRecognitionByPolice`.
fn pascal_case(name: &str) -> String {
    name.replace(['\'', '’'], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

/// A span of the document: SARIF columns are 1-based UTF-16 code units
/// (the run's `columnKind`), and `endColumn` is just past the region, as in
/// clauselint's spans.
fn physical_location(uri: &str, span: &Span, text: &str) -> Value {
    json!({
        "artifactLocation": { "uri": uri },
        "region": {
            "startLine": span.line,
            "startColumn": span.column_utf16,
            "endLine": span.end_line,
            "endColumn": span.end_column_utf16,
            "snippet": { "text": text.get(span.range()).unwrap_or("") },
        },
    })
}

/// The path as a URI reference: relative paths stay relative (without a
/// leading `./`), absolute paths become `file:` URIs, and every byte other
/// than an unreserved character or `/` is percent-encoded.
fn artifact_uri(path: &str) -> String {
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    let mut rest = path.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    let bytes = rest.as_bytes();
    let mut out = String::new();
    if rest.starts_with('/') {
        out.push_str("file://");
    } else if bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && &bytes[1..3] == b":/" {
        // A Windows drive: file:///C:/…
        out.push_str("file:///");
        out.push_str(&rest[..2]);
        rest = &rest[2..];
    }
    for b in rest.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Plain text for a SARIF message: `\`, `[` and `]` are escaped so that
/// only the embedded links are links (SARIF §3.11.6).
fn escape_message(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// FNV-1a (64 bits) of the rule id, the path and the words of the finding's
/// span with whitespace runs collapsed: stable when lines move or a
/// paragraph is re-wrapped.
fn fingerprint(report: &DocumentReport, finding: &Finding) -> u64 {
    let words = report.source.text().get(finding.span.range()).unwrap_or("");
    let mut hash = Fnv1a::new();
    hash.write(finding.rule.as_bytes());
    hash.write(&[0]);
    hash.write(report.path.as_bytes());
    hash.write(&[0]);
    for (i, word) in words.split_whitespace().enumerate() {
        if i > 0 {
            hash.write(b" ");
        }
        hash.write(word.as_bytes());
    }
    hash.0
}

struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(artifact_uri("docs/a b.md"), "docs/a%20b.md");
        assert_eq!(artifact_uri("./././x.md"), "x.md");
        assert_eq!(artifact_uri("/tmp/x y.md"), "file:///tmp/x%20y.md");
        assert_eq!(artifact_uri("a:b#c?.md"), "a%3Ab%23c%3F.md");
        assert_eq!(artifact_uri("política.md"), "pol%C3%ADtica.md");
        assert_eq!(artifact_uri("<stdin>"), "%3Cstdin%3E");
    }

    #[test]
    fn fnv1a_known_values() {
        let hash = |s: &str| {
            let mut h = Fnv1a::new();
            h.write(s.as_bytes());
            h.0
        };
        assert_eq!(hash(""), 0xcbf29ce484222325);
        assert_eq!(hash("a"), 0xaf63dc4c8601ec8c);
        assert_eq!(hash("foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn names_and_messages() {
        assert_eq!(
            pascal_case("Facial recognition by police"),
            "FacialRecognitionByPolice"
        );
        assert_eq!(
            pascal_case("Use-case disclosure and approval"),
            "UseCaseDisclosureAndApproval"
        );
        assert_eq!(
            pascal_case("Unlawful use (baseline)"),
            "UnlawfulUseBaseline"
        );
        assert_eq!(pascal_case("Provider's right"), "ProvidersRight");
        assert_eq!(escape_message(r"a [b] \c"), r"a \[b\] \\c");
    }
}
