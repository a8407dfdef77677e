//! `--format json`: one JSON object for the run, written as a stream (one
//! document per line inside the `documents` array), documented in
//! `docs/json-output.md`.

use serde::Serialize;

use super::{FileError, Renderer, Summary};
use crate::findings::DocumentReport;

/// Version of the JSON output's shape; bumped on incompatible changes.
pub const JSON_VERSION: u32 = 1;

#[derive(Debug, Clone, Default)]
pub struct Json {
    /// The configuration file in use (`config` in the output; null: none).
    pub config: Option<String>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

impl Renderer for Json {
    fn header(&self) -> String {
        let tool = serde_json::to_string(&Tool {
            name: "clauselint",
            version: env!("CARGO_PKG_VERSION"),
        })
        .unwrap_or_default();
        let config = serde_json::to_string(&self.config).unwrap_or_else(|_| "null".into());
        format!(
            "{{\"version\":{JSON_VERSION},\"tool\":{tool},\"config\":{config},\"documents\":[\n"
        )
    }

    fn document(&self, report: &DocumentReport) -> String {
        let mut body = serde_json::to_string(report)
            .unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()));
        body.push('\n');
        body
    }

    fn separator(&self) -> &'static str {
        ","
    }

    fn footer(&self, summary: &Summary, errors: &[FileError]) -> String {
        let errors = serde_json::to_string(errors).unwrap_or_else(|_| "[]".into());
        let summary = serde_json::to_string(summary).unwrap_or_else(|_| "{}".into());
        format!("],\"errors\":{errors},\"summary\":{summary}}}\n")
    }

    fn reports_errors(&self) -> bool {
        true
    }
}
