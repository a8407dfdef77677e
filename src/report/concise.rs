//! `--format concise`: one line per finding, `path:line:column:
//! severity[rule] message`, the form editors and `grep` read, then the human
//! format's summary line. Columns count Unicode scalar values, as in the
//! human and JSON formats. Paths, rule ids and messages are escaped for
//! the terminal ([`terminal_line`]): a finding is one line.

use std::fmt::Write as _;

use super::escape::terminal_line;
use super::{FileError, Human, HumanOptions, Renderer, Summary};
use crate::findings::DocumentReport;

pub struct Concise;

impl Renderer for Concise {
    fn document(&self, report: &DocumentReport) -> String {
        let mut out = String::new();
        let path = terminal_line(&report.path);
        for f in &report.findings {
            let _ = writeln!(
                out,
                "{}:{}:{}: {}[{}] {}{}",
                path,
                f.span.line,
                f.span.column,
                f.severity,
                terminal_line(&f.rule),
                terminal_line(&f.message),
                if f.waived { " (waived)" } else { "" }
            );
        }
        out
    }

    fn footer(&self, summary: &Summary, errors: &[FileError]) -> String {
        Human::new(HumanOptions::default()).footer(summary, errors)
    }
}
