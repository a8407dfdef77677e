//! Output formats. Each format renders documents to text independently (so
//! workers can render in parallel) and writes a header and footer around
//! them. Renderers never print; the command line writes what they return.

mod concise;
pub mod escape;
mod github;
mod human;
mod json;
mod json_lines;
mod junit;
mod sarif;

use serde::Serialize;

pub use concise::Concise;
pub use github::GitHub;
pub use human::{Human, HumanOptions};
pub use json::Json;
pub use json_lines::JsonLines;
pub use junit::JUnit;
pub use sarif::Sarif;

use crate::findings::{DocumentReport, FindingKind};
use crate::packs::Severity;

/// A file that could not be checked, as every format reports it.
#[derive(Debug, Clone, Serialize)]
pub struct FileError {
    pub path: String,
    pub message: String,
    /// 1-based line and column of the problem, when there is a place.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Byte offset of the problem, when there is a place.
    pub offset: Option<usize>,
    /// A pre-rendered diagnostic for human output (with a source snippet).
    #[serde(skip)]
    pub rendered: Option<String>,
}

/// Totals over a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub documents: usize,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub missing: usize,
    pub weak: usize,
    pub permitted: usize,
    /// Suppression comments that suppressed nothing (reported as notes).
    pub unused_suppressions: usize,
    /// Findings covered by a waiver (not in the counts above).
    pub waived: usize,
    /// Files that could not be read or parsed.
    pub input_errors: usize,
}

impl Summary {
    pub fn add(&mut self, report: &DocumentReport) {
        self.documents += 1;
        for f in &report.findings {
            if f.waived {
                self.waived += 1;
                continue;
            }
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Note => self.notes += 1,
            }
            match f.kind {
                FindingKind::Missing => self.missing += 1,
                FindingKind::Weak => self.weak += 1,
                FindingKind::Permitted => self.permitted += 1,
                FindingKind::UnusedSuppression => self.unused_suppressions += 1,
            }
        }
    }

    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.notes
    }

    /// Adds another summary's counts.
    pub fn merge(&mut self, s: &Summary) {
        self.documents += s.documents;
        self.errors += s.errors;
        self.warnings += s.warnings;
        self.notes += s.notes;
        self.missing += s.missing;
        self.weak += s.weak;
        self.permitted += s.permitted;
        self.unused_suppressions += s.unused_suppressions;
        self.waived += s.waived;
        self.input_errors += s.input_errors;
    }
}

/// An output format.
pub trait Renderer: Sync {
    /// Text before the first document.
    fn header(&self) -> String {
        String::new()
    }
    /// One document.
    fn document(&self, report: &DocumentReport) -> String;
    /// Written between two documents.
    fn separator(&self) -> &'static str {
        ""
    }
    /// Text after the last document.
    fn footer(&self, summary: &Summary, errors: &[FileError]) -> String;
    /// Whether file errors are part of the output (else they go to stderr).
    fn reports_errors(&self) -> bool {
        false
    }
}
