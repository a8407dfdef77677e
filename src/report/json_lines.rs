//! `--format json-lines`: one JSON object per line, each with a `type`: a
//! `finding` line per finding, an `error` line per file that could not be
//! checked, and a last `summary` line. Documented in
//! `docs/output-formats.md`.

use serde::Serialize;

use super::{FileError, Renderer, Summary};
use crate::findings::{DocumentReport, Finding, FindingKind, Label};
use crate::kind::DocKind;
use crate::packs::Severity;
use crate::source::Span;

pub struct JsonLines;

#[derive(Serialize)]
struct FindingLine<'a> {
    r#type: &'static str,
    path: &'a str,
    document_kind: DocKind,
    rule: &'a str,
    severity: Severity,
    kind: FindingKind,
    message: &'a str,
    help: &'a str,
    span: Span,
    labels: &'a [Label],
}

impl<'a> FindingLine<'a> {
    fn new(report: &'a DocumentReport, f: &'a Finding) -> Self {
        FindingLine {
            r#type: "finding",
            path: &report.path,
            document_kind: report.kind,
            rule: &f.rule,
            severity: f.severity,
            kind: f.kind,
            message: &f.message,
            help: &f.help,
            span: f.span,
            labels: &f.labels,
        }
    }
}

#[derive(Serialize)]
struct Tagged<'a, T: Serialize> {
    r#type: &'static str,
    #[serde(flatten)]
    body: &'a T,
}

fn line(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string(value)
        .unwrap_or_else(|e| format!("{{\"type\":\"error\",\"message\":{:?}}}", e.to_string()));
    text.push('\n');
    text
}

impl Renderer for JsonLines {
    fn document(&self, report: &DocumentReport) -> String {
        report
            .findings
            .iter()
            .map(|f| line(&FindingLine::new(report, f)))
            .collect()
    }

    fn footer(&self, summary: &Summary, errors: &[FileError]) -> String {
        let mut out: String = errors
            .iter()
            .map(|body| {
                line(&Tagged {
                    r#type: "error",
                    body,
                })
            })
            .collect();
        out.push_str(&line(&Tagged {
            r#type: "summary",
            body: summary,
        }));
        out
    }

    fn reports_errors(&self) -> bool {
        true
    }
}
