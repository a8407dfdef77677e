//! Pack sources and the errors they can have, as miette diagnostics that
//! point into the pack file.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};
use thiserror::Error;

use super::schema::PackFile;

/// The text of one pack file and the name it is reported under.
#[derive(Debug, Clone)]
pub struct PackSource {
    pub name: Arc<str>,
    pub text: Arc<str>,
}

impl PackSource {
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Self {
        PackSource {
            name: name.into(),
            text: text.into(),
        }
    }

    /// Reads a pack file, or every `*.toml` file of a pack directory (sorted).
    pub fn read(path: &Path) -> Result<Vec<PackSource>, PackError> {
        let io_err = |p: &Path, e: std::io::Error| PackError::Io {
            path: p.display().to_string(),
            message: e.to_string(),
        };
        let meta = std::fs::metadata(path).map_err(|e| io_err(path, e))?;
        let mut files = Vec::new();
        if meta.is_dir() {
            for entry in std::fs::read_dir(path).map_err(|e| io_err(path, e))? {
                let p = entry.map_err(|e| io_err(path, e))?.path();
                if p.extension().is_some_and(|e| e == "toml") && p.is_file() {
                    files.push(p);
                }
            }
            files.sort();
            if files.is_empty() {
                return Err(PackError::Io {
                    path: path.display().to_string(),
                    message: "the directory holds no .toml pack files".into(),
                });
            }
        } else {
            files.push(path.to_path_buf());
        }
        files
            .into_iter()
            .map(|p| {
                let bytes = std::fs::read(&p).map_err(|e| io_err(&p, e))?;
                let text = String::from_utf8(bytes).map_err(|e| PackError::Io {
                    path: p.display().to_string(),
                    message: format!(
                        "not valid UTF-8 (first bad byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                })?;
                Ok(PackSource::new(p.display().to_string(), text))
            })
            .collect()
    }

    pub(crate) fn parse(&self) -> Result<PackFile, PackIssue> {
        toml::from_str::<PackFile>(&self.text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            PackIssue::new(e.message().trim().to_string(), span)
        })
    }
}

/// One problem in a pack file, at a byte range of it.
#[derive(Debug, Clone)]
pub struct PackIssue {
    pub message: String,
    pub span: Range<usize>,
    pub help: Option<String>,
}

impl PackIssue {
    pub fn new(message: impl Into<String>, span: Range<usize>) -> Self {
        PackIssue {
            message: message.into(),
            span,
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Why packs could not be loaded. Every problem of a file is reported at
/// once, each pointing at its place in the file.
#[derive(Debug, Error)]
pub enum PackError {
    #[error("cannot read pack {path}: {message}")]
    Io { path: String, message: String },
    #[error("{} in pack {name}", plural(issues.len()))]
    Invalid {
        name: Arc<str>,
        source_text: Arc<str>,
        issues: Vec<PackIssue>,
    },
}

fn plural(n: usize) -> String {
    if n == 1 {
        "1 problem".into()
    } else {
        format!("{n} problems")
    }
}

impl PackError {
    pub fn invalid(source: &PackSource, issues: Vec<PackIssue>) -> PackError {
        PackError::Invalid {
            name: source.name.clone(),
            source_text: source.text.clone(),
            issues,
        }
    }

    /// The problems, for tests and machine output.
    pub fn issues(&self) -> &[PackIssue] {
        match self {
            PackError::Io { .. } => &[],
            PackError::Invalid { issues, .. } => issues,
        }
    }
}

/// A single issue rendered with its own snippet, related to the file error.
#[derive(Debug, Error)]
#[error("{message}")]
struct IssueDiagnostic {
    message: String,
    src: NamedSource<Arc<str>>,
    span: Range<usize>,
    help: Option<String>,
}

impl Diagnostic for IssueDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("clauselint::pack"))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Error)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some("here".to_string()), self.span.clone()),
        )))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }
}

/// Renders a pack error as miette diagnostics: one per issue.
pub struct PackErrorReport {
    top: String,
    issues: Vec<IssueDiagnostic>,
}

impl PackError {
    pub fn report(&self) -> PackErrorReport {
        match self {
            PackError::Io { .. } => PackErrorReport {
                top: self.to_string(),
                issues: Vec::new(),
            },
            PackError::Invalid {
                name,
                source_text,
                issues,
            } => PackErrorReport {
                top: self.to_string(),
                issues: issues
                    .iter()
                    .map(|i| IssueDiagnostic {
                        message: i.message.clone(),
                        src: NamedSource::new(name.as_ref(), source_text.clone()),
                        span: clamp(i.span.clone(), source_text.len()),
                        help: i.help.clone(),
                    })
                    .collect(),
            },
        }
    }
}

fn clamp(r: Range<usize>, len: usize) -> Range<usize> {
    r.start.min(len)..r.end.min(len).max(r.start.min(len))
}

impl std::fmt::Debug for PackErrorReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.top)
    }
}

impl std::fmt::Display for PackErrorReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.top)
    }
}

impl std::error::Error for PackErrorReport {}

impl Diagnostic for PackErrorReport {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("clauselint::pack"))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        Some(Box::new(self.issues.iter().map(|i| i as &dyn Diagnostic)))
    }
}
