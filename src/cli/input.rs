//! Inputs: expanding paths into documents (directories walked with the
//! `ignore` crate, so `.gitignore` is respected), reading and decoding them.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clauselint::report::FileError;
use clauselint::{Format, SourceFile};
use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};

/// Extensions checked when walking directories.
pub const EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

#[derive(Debug, Clone)]
pub enum Input {
    File(PathBuf),
    Stdin { name: String },
}

impl Input {
    pub fn display(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin { name } => name.clone(),
        }
    }
}

/// Expands the command-line paths; problems with a path are returned as
/// file errors and the others are still checked. `select` filters the files
/// found by walking directories (the config's include/exclude); files named
/// on the command line are always checked.
pub fn collect(
    paths: &[PathBuf],
    stdin_name: Option<&str>,
    select: &dyn Fn(&Path) -> bool,
) -> (Vec<Input>, Vec<FileError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin {
                name: stdin_name.unwrap_or("<stdin>").to_string(),
            });
            continue;
        }
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(plain_error(&path.display().to_string(), &io_message(&e)));
                continue;
            }
        };
        if meta.is_file() {
            inputs.push(Input::File(path.clone()));
            continue;
        }
        let mut found: Vec<PathBuf> = Vec::new();
        let walker = ignore::WalkBuilder::new(path)
            .follow_links(false)
            .require_git(false)
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    if e.file_type().is_some_and(|t| t.is_file())
                        && has_extension(e.path())
                        && select(e.path())
                    {
                        found.push(e.into_path());
                    }
                }
                Err(e) => errors.push(plain_error(&path.display().to_string(), &e.to_string())),
            }
        }
        found.sort();
        inputs.extend(found.into_iter().map(Input::File));
    }
    (inputs, errors)
}

fn has_extension(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

pub fn plain_error(path: &str, message: &str) -> FileError {
    FileError {
        path: path.to_string(),
        message: message.to_string(),
        line: None,
        column: None,
        offset: None,
        rendered: Some(format!("error: {path}: {message}\n")),
    }
}

/// Reads and decodes an input.
pub fn read(input: &Input) -> Result<(SourceFile, Format), FileError> {
    let name = input.display();
    let bytes = match input {
        Input::File(p) => std::fs::read(p).map_err(|e| plain_error(&name, &io_message(&e)))?,
        Input::Stdin { .. } => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| plain_error(&name, &format!("cannot read standard input: {e}")))?;
            buf
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            let line = prefix.matches('\n').count() + 1;
            // Columns count characters after a byte-order mark, as in spans.
            let last = prefix.rsplit('\n').next().unwrap_or("");
            let last = if line == 1 {
                last.trim_start_matches('\u{feff}')
            } else {
                last
            };
            let column = last.chars().count() + 1;
            return Err(FileError {
                path: name.clone(),
                message: format!(
                    "not valid UTF-8: byte 0x{:02x} at offset {valid}",
                    bytes[valid]
                ),
                line: Some(line),
                column: Some(column),
                offset: Some(valid),
                rendered: Some(format!(
                    "error: {name}:{line}:{column}: not valid UTF-8 (byte 0x{:02x} at offset {valid})\n",
                    bytes[valid]
                )),
            });
        }
    };
    let format = Format::from_path(&name);
    Ok((SourceFile::new(name, text), format))
}

/// An input error with a place in the document, rendered with its snippet.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
struct PlacedError {
    message: String,
    src: NamedSource<Arc<str>>,
    span: std::ops::Range<usize>,
}

impl Diagnostic for PlacedError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("clauselint::input"))
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some("here".into()), self.span.clone()),
        )))
    }
}

/// A file error at a place of a source file.
pub fn placed_error(source: &SourceFile, message: &str, span: std::ops::Range<usize>) -> FileError {
    let pos = source.position(span.start);
    let diag = PlacedError {
        message: format!("{}: {message}", source.name()),
        src: NamedSource::new(source.name(), source.text_arc()),
        span: span.clone(),
    };
    FileError {
        path: source.name().to_string(),
        message: message.to_string(),
        line: Some(pos.line),
        column: Some(pos.column),
        offset: Some(span.start),
        rendered: Some(super::render_diagnostic(&diag)),
    }
}
