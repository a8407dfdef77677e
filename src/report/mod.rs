//! Output formats. Each format renders documents to text independently (so
//! workers can render in parallel) and writes a header and footer around
//! them. Renderers never print; the command line writes what they return.

mod human;
mod json;

use serde::Serialize;

pub use human::{Human, HumanOptions};
pub use json::Json;

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
    /// Files that could not be read or parsed.
    pub input_errors: usize,
}

impl Summary {
    pub fn add(&mut self, report: &DocumentReport) {
        self.documents += 1;
        for f in &report.findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Note => self.notes += 1,
            }
            match f.kind {
                FindingKind::Missing => self.missing += 1,
                FindingKind::Weak => self.weak += 1,
                FindingKind::Permitted => self.permitted += 1,
            }
        }
    }

    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.notes
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
