//! `--format concise`: one line per finding, `path:line:column:
//! severity[rule] message`, the form editors and `grep` read, then the human
//! format's summary line. Columns count Unicode scalar values, as in the
//! human and JSON formats.

use std::fmt::Write as _;

use super::{FileError, Human, HumanOptions, Renderer, Summary};
use crate::findings::DocumentReport;

pub struct Concise;

impl Renderer for Concise {
    fn document(&self, report: &DocumentReport) -> String {
        let mut out = String::new();
        for f in &report.findings {
            let _ = writeln!(
                out,
                "{}:{}:{}: {}[{}] {}{}",
                report.path,
                f.span.line,
                f.span.column,
                f.severity,
                f.rule,
                f.message,
                if f.waived { " (waived)" } else { "" }
            );
        }
        out
    }

    fn footer(&self, summary: &Summary, errors: &[FileError]) -> String {
        Human::new(HumanOptions::default()).footer(summary, errors)
    }
}
