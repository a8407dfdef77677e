//! Pack sources and the errors they can have, as miette diagnostics that
//! point into the pack file.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, NamedSource, SourceCode, SourceSpan,
    SpanContents,
};
use thiserror::Error;

use super::schema::PackFile;
use crate::report::escape::TerminalText;

/// What a file read as TOML is to clauselint: its errors say which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    Pack,
    Config,
}

impl std::fmt::Display for FileRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FileRole::Pack => "pack",
            FileRole::Config => "config",
        })
    }
}

/// The text of one pack file and the name it is reported under.
#[derive(Debug, Clone)]
pub struct PackSource {
    pub name: Arc<str>,
    pub text: Arc<str>,
    /// A pack compiled into the binary: it is in no directory, so no user
    /// file without `[pack]` can join it.
    pub(crate) builtin: bool,
    /// A pack file or the configuration.
    pub(crate) role: FileRole,
    /// Whether its errors may quote it. Not for a pack a configuration
    /// named outside its own directory (allowed by `--allow-outside-packs`):
    /// such a file may be anyone's, and its errors give only its name and
    /// the place.
    pub(crate) reveal: bool,
}

impl PackSource {
    /// A user pack file: `name` is its path, and a file of the same directory
    /// without `[pack]` may join its pack.
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Self {
        PackSource {
            name: name.into(),
            text: text.into(),
            builtin: false,
            role: FileRole::Pack,
            reveal: true,
        }
    }

    /// A configuration file's text, for its errors.
    pub(crate) fn config(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Self {
        PackSource {
            role: FileRole::Config,
            ..PackSource::new(name, text)
        }
    }

    /// A built-in pack, named `builtin:<file>`.
    pub(crate) fn builtin(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Self {
        PackSource {
            builtin: true,
            ..PackSource::new(name, text)
        }
    }

    /// Reads a pack file, or every `*.toml` file of a pack directory (sorted;
    /// the order does not decide which pack a file without `[pack]` joins:
    /// see `compile`). Only regular files of at most 4 MiB of text are read
    /// (see [`super::files`]).
    pub fn read(path: &Path) -> Result<Vec<PackSource>, PackError> {
        super::files::pack_files(path)?
            .into_iter()
            .map(|p| PackSource::read_file(&p, true))
            .collect()
    }

    /// Reads one pack file; `reveal`: whether its errors may quote it.
    pub(crate) fn read_file(path: &Path, reveal: bool) -> Result<PackSource, PackError> {
        let text = super::files::read_text(path, FileRole::Pack)?;
        Ok(PackSource {
            reveal,
            ..PackSource::new(path.display().to_string(), text)
        })
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
    #[error("cannot read {role} {path}: {message}")]
    Io {
        role: FileRole,
        path: String,
        message: String,
    },
    #[error("{} in {role} {name}", plural(issues.len()))]
    Invalid {
        role: FileRole,
        /// Whether the problems may quote the file (see [`PackSource`]).
        reveal: bool,
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
            role: source.role,
            reveal: source.reveal,
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
    /// None for a file whose text is not shown.
    src: Option<IssueSource>,
    span: Range<usize>,
    help: Option<String>,
    code: &'static str,
}

/// The text an issue's snippet is drawn from: the whole file, or, when a line
/// of the snippet is very long, a window of it.
#[derive(Debug)]
enum IssueSource {
    Whole(NamedSource<Arc<str>>),
    Window(Window),
}

impl SourceCode for IssueSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        match self {
            IssueSource::Whole(s) => s.read_span(span, before, after),
            IssueSource::Window(w) => w.read_span(span, before, after),
        }
    }
}

/// Lines longer than this are cut around the problem in a snippet: the
/// renderer cannot indent a label past column 65,535 (it panics), and a
/// snippet of a whole long line is unreadable anyway.
const LONG_LINE: usize = 1_000;
/// Bytes kept before the problem, of the problem, and after it, on a cut line.
const KEEP_BEFORE: usize = 60;
const KEEP_SPAN: usize = 200;
const KEEP_AFTER: usize = 60;
/// Bytes kept of a long line shown as context.
const KEEP_CONTEXT: usize = 120;
/// Marks where a cut line was cut.
const CUT: &str = "…";

/// The lines around a problem (the line before, the problem's line, the line
/// after), long ones cut, standing for the file: line numbers and the
/// problem's column are the file's.
#[derive(Debug)]
struct Window {
    name: String,
    text: String,
    /// The file's line number (0-based) of the window's first line.
    first_line: usize,
    /// The window's line (0-based) holding the problem.
    problem_line: usize,
    /// On that line: bytes of the file's line cut before the window's text,
    /// and the length of the cut mark put in their place.
    cut: usize,
    mark: usize,
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        // Without context lines the column is the span's own (the one the
        // report's `file:line:column` shows): give the file's.
        let column = if before == 0 && inner.line() == self.problem_line {
            inner.column().saturating_sub(self.mark) + self.cut
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count() + self.first_line,
        )))
    }
}

/// The line holding byte `pos` (a newline belongs to the line it ends),
/// without its line ending.
fn line_at(text: &str, pos: usize) -> Range<usize> {
    let start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let mut end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    if end > start && text.as_bytes()[end - 1] == b'\r' {
        end -= 1;
    }
    start..end
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A context line, cut if long.
fn push_context(out: &mut String, line: &str) {
    if line.len() > KEEP_CONTEXT {
        out.push_str(&line[..floor_boundary(line, KEEP_CONTEXT)]);
        out.push_str(CUT);
    } else {
        out.push_str(line);
    }
}

/// The snippet source of an issue at `span` (within `text`), and the span in
/// it: the whole file, unless a line of the snippet is longer than
/// [`LONG_LINE`]; then the problem's line and its neighbours, cut, with the
/// span cut to its first line and [`KEEP_SPAN`] bytes.
fn snippet(name: &Arc<str>, text: &Arc<str>, span: Range<usize>) -> (IssueSource, Range<usize>) {
    let whole = |span| {
        (
            IssueSource::Whole(NamedSource::new(printable(name), text.clone())),
            span,
        )
    };
    let start = floor_boundary(text, span.start);
    let line = line_at(text, start);
    let prev = (line.start > 0).then(|| line_at(text, line.start - 1));
    let after_line = text[line.end..].find('\n').map(|i| line.end + i + 1);
    let next = after_line
        .filter(|&n| n < text.len())
        .map(|n| line_at(text, n));
    let long = |r: &Range<usize>| r.len() > LONG_LINE;
    let end_line = line_at(text, floor_boundary(text, span.end.max(start)));
    let any_long = long(&line)
        || prev.as_ref().is_some_and(long)
        || next.as_ref().is_some_and(long)
        || (end_line != line && long(&end_line));
    if !any_long {
        return whole(span);
    }
    let mut out = String::new();
    let mut first_line = text[..line.start].bytes().filter(|&b| b == b'\n').count();
    let mut problem_line = 0;
    if let Some(p) = &prev {
        push_context(&mut out, &text[p.clone()]);
        out.push('\n');
        first_line -= 1;
        problem_line = 1;
    }
    let s = start.min(line.end);
    let e = span.end.clamp(s, line.end);
    let e = floor_boundary(text, e.min(s + KEEP_SPAN)).max(s);
    let from = if s - line.start > KEEP_BEFORE + CUT.len() {
        floor_boundary(text, s - KEEP_BEFORE)
    } else {
        line.start
    };
    let to = if line.end - e > KEEP_AFTER + CUT.len() {
        ceil_boundary(text, e + KEEP_AFTER)
    } else {
        line.end
    };
    let mark = if from > line.start { CUT } else { "" };
    out.push_str(mark);
    let base = out.len();
    out.push_str(&text[from..to]);
    if to < line.end {
        out.push_str(CUT);
    }
    if let Some(n) = &next {
        out.push('\n');
        push_context(&mut out, &text[n.clone()]);
    }
    let window = Window {
        name: printable(name).into_owned(),
        text: out,
        first_line,
        problem_line,
        cut: from - line.start,
        mark: mark.len(),
    };
    (
        IssueSource::Window(window),
        base + (s - from)..base + (e - from),
    )
}

impl Diagnostic for IssueDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Error)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.src.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.src.as_ref()?;
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
    code: &'static str,
}

/// The diagnostic code of a file's errors.
fn code_of(role: FileRole) -> &'static str {
    match role {
        FileRole::Pack => "clauselint::pack",
        FileRole::Config => "clauselint::config",
    }
}

impl PackError {
    pub fn report(&self) -> PackErrorReport {
        match self {
            PackError::Io { role, .. } => PackErrorReport {
                top: printable(&self.to_string()).into_owned(),
                issues: Vec::new(),
                code: code_of(*role),
            },
            PackError::Invalid {
                role,
                reveal,
                name,
                source_text,
                issues,
            } => PackErrorReport {
                top: printable(&self.to_string()).into_owned(),
                issues: if *reveal {
                    shown_issues(name, source_text, issues, *role)
                } else {
                    issues
                        .iter()
                        .map(|i| {
                            let span = clamp(i.span.clone(), source_text.len());
                            hidden_issue(name, source_text, span.start, *role)
                        })
                        .collect()
                },
                code: code_of(*role),
            },
        }
    }
}

/// The issues of a file that may be quoted, each with its snippet. The
/// snippets are drawn from a copy of the text escaped for a terminal or CI
/// log, made once for all the issues ([`TerminalText`]: the text of a pack
/// or configuration read from disk holds no control character, but it can
/// hold BiDi controls, and `##[` anywhere in a line of a CI log is a
/// workflow command); lines are the same in both, and each span is moved
/// onto the copy.
fn shown_issues(
    name: &Arc<str>,
    text: &Arc<str>,
    issues: &[PackIssue],
    role: FileRole,
) -> Vec<IssueDiagnostic> {
    let escaped = TerminalText::new(text);
    let shown: Arc<str> = if escaped.is_unchanged() {
        text.clone()
    } else {
        escaped.as_str().into()
    };
    issues
        .iter()
        .map(|i| {
            let span = escaped.range_to_shown(clamp(i.span.clone(), text.len()));
            let (src, span) = snippet(name, &shown, span);
            IssueDiagnostic {
                message: printable(&i.message).into_owned(),
                src: Some(src),
                span,
                help: i.help.as_deref().map(|h| printable(h).into_owned()),
                code: code_of(role),
            }
        })
        .collect()
}

/// Text for a terminal or CI log, escaped as every path and message is
/// ([`crate::report::escape::terminal_line`]: control and BiDi characters
/// written as `\n`, `\u{1b}`, runner commands broken). A message can quote
/// a value that a TOML escape wrote (`"\u001b[2J"`), and a file name can
/// hold anything; the text of a file read from disk was checked already
/// (see [`super::files::check_text`]). The printers of these diagnostics
/// (stderr, the language server) do not escape them again.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    crate::report::escape::terminal_line(text)
}

/// An issue of a file whose text must not be shown: its place, and no word
/// of it (the parser's messages can quote a value).
fn hidden_issue(name: &str, text: &str, at: usize, role: FileRole) -> IssueDiagnostic {
    let at = floor_boundary(text, at);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let name = printable(name);
    IssueDiagnostic {
        message: format!(
            "{name}:{line}:{column}: not a valid {role} file; its text is not shown, as it is \
             outside the configuration's directory"
        ),
        src: None,
        span: 0..0,
        help: Some(format!(
            "to see the problems, load it yourself: clauselint rules --rules {name}"
        )),
        code: code_of(role),
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
        Some(Box::new(self.code))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        Some(Box::new(self.issues.iter().map(|i| i as &dyn Diagnostic)))
    }
}
