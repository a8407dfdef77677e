//! `--format github`: GitHub Actions workflow commands. Each finding is an
//! `::error`, `::warning` or `::notice` annotation on its span, with the
//! rule as title and the help on a second line; files that could not be
//! checked are `::error` annotations; a plain summary line ends the output.
//! Every value is escaped with the runner's escapes for its place, property
//! or message ([`escape`](super::escape)): a file name, a rule id or a
//! message cannot end a command early or start another.

use std::fmt::Write as _;

use super::escape::{github_message, github_property};
use super::{FileError, Human, HumanOptions, Renderer, Summary};
use crate::findings::DocumentReport;
use crate::packs::Severity;

pub struct GitHub;

impl Renderer for GitHub {
    fn document(&self, report: &DocumentReport) -> String {
        let mut out = String::new();
        let file = github_property(&report.path);
        // A waived finding is an accepted position, not an annotation.
        for f in report.findings.iter().filter(|f| !f.waived) {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "notice",
            };
            let mut message = f.message.clone();
            if !f.help.is_empty() {
                message.push('\n');
                message.push_str(&f.help);
            }
            for note in &f.notes {
                message.push_str("\nnote: ");
                message.push_str(note);
            }
            let s = &f.span;
            let _ = writeln!(
                out,
                "::{command} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                s.line,
                s.column,
                s.end_line,
                s.end_column,
                github_property(&f.rule),
                github_message(&message)
            );
        }
        out
    }

    fn footer(&self, summary: &Summary, errors: &[FileError]) -> String {
        let mut out = String::new();
        for e in errors {
            let _ = write!(out, "::error file={}", github_property(&e.path));
            if let Some(line) = e.line {
                let _ = write!(out, ",line={line}");
                if let Some(col) = e.column {
                    let _ = write!(out, ",col={col}");
                }
            }
            let _ = writeln!(out, "::{}", github_message(&e.message));
        }
        out.push_str(&Human::new(HumanOptions::default()).footer(summary, errors));
        out
    }

    fn reports_errors(&self) -> bool {
        true
    }
}
