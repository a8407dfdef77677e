//! `--format junit`: JUnit XML for CI test reports. Each document is a
//! `<testsuite>` with one `<testcase>` per concept of its coverage and one
//! per `permitted` finding; a concept with a finding fails. Each file that
//! could not be checked is a `<testsuite>` with one erroring `<testcase>`.
//! The header and footer wrap the suites in `<testsuites>`, which has no
//! totals: they are not known until the end.

use std::fmt::Write as _;

use super::{FileError, Renderer, Summary};
use crate::findings::{DocumentReport, Finding, FindingKind};

pub struct JUnit;

struct Case<'a> {
    name: String,
    failure: Option<&'a Finding>,
}

impl Renderer for JUnit {
    fn header(&self) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"clauselint\">\n".into()
    }

    fn document(&self, report: &DocumentReport) -> String {
        let mut cases: Vec<Case> = report
            .coverage
            .iter()
            .map(|c| Case {
                name: c.concept.clone(),
                failure: None,
            })
            .collect();
        // A missing or weak finding fails its concept's case; any other
        // finding (a permitted use; defensively, a second finding of one
        // concept) gets a case of its own, so every finding is exactly one
        // failure.
        // A waived finding is an accepted position: its case passes.
        for f in report.findings.iter().filter(|f| !f.waived) {
            let slot = match f.kind {
                FindingKind::Missing | FindingKind::Weak => report
                    .coverage
                    .iter()
                    .position(|c| c.concept == f.rule)
                    .filter(|&i| cases[i].failure.is_none()),
                _ => None,
            };
            match slot {
                Some(i) => cases[i].failure = Some(f),
                None => cases.push(Case {
                    name: format!("{} at {}:{}", f.rule, f.span.line, f.span.column),
                    failure: Some(f),
                }),
            }
        }

        let path = escape(&report.path);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
            cases.len(),
            cases.iter().filter(|c| c.failure.is_some()).count()
        );
        let _ = writeln!(
            out,
            "    <properties>\n      <property name=\"kind\" value=\"{}\"/>\n    </properties>",
            report.kind.as_str()
        );
        for case in &cases {
            let name = escape(&case.name);
            let Some(f) = case.failure else {
                let _ = writeln!(out, "    <testcase classname=\"{path}\" name=\"{name}\"/>");
                continue;
            };
            let _ = writeln!(out, "    <testcase classname=\"{path}\" name=\"{name}\">");
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                escape(&f.message),
                f.severity,
                escape_text(&failure_text(report, f))
            );
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
        out
    }

    fn footer(&self, _summary: &Summary, errors: &[FileError]) -> String {
        let mut out = String::new();
        for e in errors {
            let path = escape(&e.path);
            let place = match (e.line, e.column) {
                (Some(line), Some(col)) => format!("{}:{line}:{col}", e.path),
                (Some(line), None) => format!("{}:{line}", e.path),
                _ => e.path.clone(),
            };
            let _ = write!(
                out,
                "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    \
                 <testcase classname=\"{path}\" name=\"check\">\n      \
                 <error message=\"{}\" type=\"input-error\">{}</error>\n    \
                 </testcase>\n  </testsuite>\n",
                escape(&e.message),
                escape_text(&format!("{place}: {}", e.message))
            );
        }
        out.push_str("</testsuites>\n");
        out
    }

    fn reports_errors(&self) -> bool {
        true
    }
}

/// The body of a failure: message, place, weakening features, labels, help.
fn failure_text(report: &DocumentReport, f: &Finding) -> String {
    let mut text = format!(
        "{}\nat {}:{}:{}\n",
        f.message, report.path, f.span.line, f.span.column
    );
    if let Some(c) = report.coverage_of(&f.rule)
        && f.kind == FindingKind::Weak
        && !c.features.is_empty()
    {
        let _ = writeln!(text, "features: {}", c.features.join(", "));
    }
    for l in &f.labels {
        let _ = writeln!(
            text,
            "  {}:{}:{}: {}",
            report.path, l.span.line, l.span.column, l.message
        );
    }
    if !f.help.is_empty() {
        let _ = writeln!(text, "help: {}", f.help);
    }
    text
}

/// Escapes an XML 1.0 attribute value.
fn escape(text: &str) -> String {
    escape_xml(text, true)
}

/// Escapes XML 1.0 character data.
fn escape_text(text: &str) -> String {
    escape_xml(text, false)
}

/// The five markup characters become entities; characters XML 1.0 does not
/// allow become U+FFFD; CR (which parsers would drop) becomes a character
/// reference, and so do LF and tab in attribute values (which parsers would
/// turn into spaces).
fn escape_xml(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'.. => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}
