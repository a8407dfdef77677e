//! Human output: miette diagnostics with labelled source snippets, the kind
//! decision, an optional coverage table, and a one-line summary.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::sync::{Arc, Mutex};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::escape::{TerminalText, terminal_line, terminal_text};
use super::{FileError, Renderer, Summary};
use crate::findings::{DocumentReport, Finding, FindingKind};
use crate::judge::Status;
use crate::packs::Severity;
use crate::source::SourceFile;

#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    pub color: bool,
    pub coverage: bool,
    /// Terminal width for wrapping.
    pub width: Option<usize>,
}

pub struct Human {
    options: HumanOptions,
    handler: GraphicalReportHandler,
    /// Messages and help texts, wrapped once: a rule's texts are the same
    /// in every finding, and wrapping them again for each finding was 4%
    /// of a run on many documents.
    messages: WrapCache,
    helps: WrapCache,
    /// The configuration file in use, named in the header (escaped for the
    /// terminal like every path).
    config: Option<String>,
}

/// Texts wrapped to a width, by text. miette indents what it is given
/// (its own wrapping is off), so a text is wrapped to the width left after
/// the indent miette puts before it: the lines are those miette's wrapping
/// would make. Texts come from packs and documents: they are escaped for
/// the terminal before they are wrapped (so that an escape takes the room
/// it is shown in), and again after (so that no wrapped line starts a
/// runner command).
struct WrapCache {
    width: usize,
    wrapped: Mutex<HashMap<String, Arc<str>>>,
}

impl WrapCache {
    fn new(width: usize) -> WrapCache {
        WrapCache {
            width,
            wrapped: Mutex::new(HashMap::new()),
        }
    }

    fn get(&self, text: &str) -> Arc<str> {
        // A poisoned lock only means another renderer panicked; the map is
        // still whole.
        let mut wrapped = self.wrapped.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(done) = wrapped.get(text) {
            return done.clone();
        }
        let options =
            textwrap::Options::new(self.width).word_separator(textwrap::WordSeparator::AsciiSpace);
        let lines = textwrap::wrap(&terminal_text(text), options).join("\n");
        let done: Arc<str> = terminal_text(&lines).into();
        wrapped.insert(text.to_string(), done.clone());
        done
    }
}

impl Human {
    pub fn new(options: HumanOptions) -> Human {
        let theme = if options.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let width = options.width.unwrap_or(100);
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_links(false)
            .with_width(width)
            .with_wrap_lines(false)
            .with_context_lines(1)
            .tab_width(4);
        // miette leaves 2 columns of the width free, and puts `  ⚠ ` before
        // a message and `  help: ` before a help text.
        let room = width.saturating_sub(2);
        Human {
            options,
            handler,
            messages: WrapCache::new(room.saturating_sub(4).max(1)),
            helps: WrapCache::new(room.saturating_sub(8).max(1)),
            config: None,
        }
    }

    /// Names the configuration file in use in the header.
    pub fn with_config(mut self, config: Option<String>) -> Human {
        self.config = config;
        self
    }

    fn paint(&self, text: &str, code: &str) -> String {
        if self.options.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Renders one finding as a miette diagnostic.
    pub fn finding(&self, report: &DocumentReport, finding: &Finding) -> String {
        self.render_finding(report, &Shown::new(&report.source), finding)
    }

    /// [`Human::finding`], with the document as shown made once for all
    /// its findings.
    fn render_finding(
        &self,
        report: &DocumentReport,
        shown: &Shown<'_>,
        finding: &Finding,
    ) -> String {
        let message = if finding.waived {
            self.messages.get(&format!("{} (waived)", finding.message))
        } else {
            self.messages.get(&finding.message)
        };
        let help = match finding.waiver.as_ref().filter(|_| finding.waived) {
            Some(w) => {
                let mut text = format!("waived: {}", w.reason);
                if let Some(by) = &w.approved_by {
                    let _ = write!(text, "; approved by {by}");
                }
                if let Some(until) = &w.expires {
                    let _ = write!(text, "; until {until}");
                }
                Some(self.helps.get(&text))
            }
            None => (!finding.help.is_empty()).then(|| self.helps.get(&finding.help)),
        };
        let diag = FindingDiagnostic {
            finding,
            message,
            help,
            source: DiagnosticSource { shown },
        };
        let mut out = String::new();
        if self.handler.render_report(&mut out, &diag).is_err() {
            let _ = writeln!(
                out,
                "{}: {}[{}] {}",
                terminal_line(&report.path),
                finding.severity,
                terminal_line(&finding.rule),
                terminal_line(&finding.message)
            );
        }
        for note in &finding.notes {
            let _ = writeln!(out, "  note: {}", terminal_line(note));
        }
        out
    }

    fn coverage(&self, report: &DocumentReport) -> String {
        let mut out = String::new();
        let width = report
            .coverage
            .iter()
            .map(|c| terminal_line(&c.concept).len())
            .max()
            .unwrap_or(10)
            .max(7);
        let _ = writeln!(
            out,
            "Coverage of {} ({}):",
            terminal_line(&report.path),
            report.kind
        );
        let _ = writeln!(
            out,
            "  {:<width$}  {:<9}{:<9} features / evidence",
            "concept", "status", "expected"
        );
        for c in &report.coverage {
            let status = match c.status {
                Status::Present => self.paint("present", "32"),
                Status::Weak => self.paint("weak   ", "33"),
                Status::Missing if c.expected => self.paint("missing", "31"),
                Status::Missing => self.paint("missing", "2"),
            };
            let pad = "  ";
            let detail = match c.evidence.first() {
                Some(e) => {
                    let feats = if c.features.is_empty() {
                        String::new()
                    } else {
                        format!("{} ", terminal_line(&c.features.join(", ")))
                    };
                    format!("{feats}(line {})", e.span.line)
                }
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "  {:<width$}  {status}{pad}{:<9} {detail}",
                terminal_line(&c.concept),
                if c.expected { "yes" } else { "no" }
            );
        }
        let count = |s: Status| report.coverage.iter().filter(|c| c.status == s).count();
        let _ = writeln!(
            out,
            "  {} present, {} weak, {} missing\n",
            count(Status::Present),
            count(Status::Weak),
            count(Status::Missing)
        );
        out
    }
}

impl Renderer for Human {
    fn header(&self) -> String {
        match &self.config {
            Some(config) => format!("clauselint: configuration {}\n", terminal_line(config)),
            None => String::new(),
        }
    }

    fn document(&self, report: &DocumentReport) -> String {
        let mut out = String::new();
        let n = report.findings.len();
        let _ = writeln!(
            out,
            "{} {} kind {} ({}), {}",
            self.paint("▶", "1"),
            self.paint(&terminal_line(&report.path), "1"),
            report.kind,
            terminal_line(&report.kind_reason),
            match n {
                0 => "no findings".to_string(),
                1 => "1 finding".to_string(),
                n => format!("{n} findings"),
            }
        );
        // The document as shown is made once, and only if a finding shows it.
        if n > 0 {
            let shown = Shown::new(&report.source);
            for f in &report.findings {
                out.push_str(&self.render_finding(report, &shown, f));
            }
        }
        if self.options.coverage {
            if n > 0 {
                out.push('\n');
            }
            out.push_str(&self.coverage(report));
        }
        out
    }

    fn footer(&self, summary: &Summary, _errors: &[FileError]) -> String {
        let plural = |n: usize, w: &str| {
            if n == 1 {
                format!("1 {w}")
            } else {
                format!("{n} {w}s")
            }
        };
        let mut line = format!(
            "clauselint: {} checked: {}, {}, {} ({} missing, {} weak, {} permitted)",
            plural(summary.documents, "document"),
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.notes, "note"),
            summary.missing,
            summary.weak,
            summary.permitted,
        );
        if summary.waived > 0 {
            let _ = write!(line, "; {} waived", summary.waived);
        }
        if summary.input_errors > 0 {
            let _ = write!(
                line,
                "; {} could not be read",
                plural(summary.input_errors, "file")
            );
        }
        format!("{line}\n")
    }
}

/// How far a snippet reaches on either side of the words it shows, in bytes:
/// a very long line is shown only in part, so that every finding on it does
/// not repeat the whole line (quadratic output on a one-line document).
const SNIPPET_MARGIN: usize = 1024;

/// A document as a terminal is shown it: the name and, when the text holds
/// control or BiDi characters (an escape sequence that would clear the
/// screen, a link, a reordering), a copy with them escaped, which snippets
/// are read from. Lines are the same in both; spans are moved onto the copy.
struct Shown<'a> {
    original: &'a SourceFile,
    /// The escaped copy, when there is anything to escape.
    copy: Option<SourceFile>,
    map: TerminalText<'a>,
    /// The name, escaped.
    name: String,
}

impl<'a> Shown<'a> {
    fn new(original: &'a SourceFile) -> Shown<'a> {
        let map = TerminalText::new(original.text());
        let name = terminal_line(original.name()).into_owned();
        let copy = (!map.is_unchanged()).then(|| SourceFile::new(name.as_str(), map.as_str()));
        Shown {
            original,
            copy,
            map,
            name,
        }
    }

    /// The text snippets are read from.
    fn file(&self) -> &SourceFile {
        self.copy.as_ref().unwrap_or(self.original)
    }

    /// A span of the original, on the text shown.
    fn span(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        self.map.range_to_shown(start..end)
    }
}

/// A document as miette reads it. miette counts the column of the
/// `file:line:col` header in bytes (a BOM included); clauselint counts
/// characters after the BOM everywhere, so the header says the same as JSON
/// (and, for a copy with escapes, positions in the original).
///
/// miette's own `read_span` for a string scans it from the start for every
/// snippet; this one starts at the snippet's first line (found in the line
/// table), or [`SNIPPET_MARGIN`] bytes before the span on a long line, and
/// ends at most that far after it. Within that slice miette counts lines
/// and columns as usual.
struct DiagnosticSource<'a> {
    shown: &'a Shown<'a>,
}

impl SourceCode for DiagnosticSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let file = self.shown.file();
        let text: &'b str = file.text();
        let start = span.offset();
        let end = start.saturating_add(span.len());
        if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(MietteError::OutOfBounds);
        }
        if context_lines_before == 0 && context_lines_after == 0 {
            // The header: only its line and column are read, and they are
            // the original's.
            let first = self
                .shown
                .original
                .position(self.shown.map.to_original(start));
            return Ok(Box::new(MietteSpanContents::new_named(
                self.shown.name.clone(),
                &text.as_bytes()[start..end],
                *span,
                first.line - 1,
                first.column - 1,
                text[start..end].matches('\n').count() + 1,
            )));
        }
        let first = file.position(start);
        let line0 = (first.line - 1).saturating_sub(context_lines_before);
        let mut from = file.line_start(line0).unwrap_or(0);
        if start - from > SNIPPET_MARGIN {
            from = text.floor_char_boundary(start - SNIPPET_MARGIN);
        }
        let to = text.ceil_char_boundary(end.saturating_add(SNIPPET_MARGIN));
        let window = &text[from..to];
        let inner = window.read_span(
            &(start - from, end - start).into(),
            context_lines_before,
            context_lines_after,
        )?;
        let data_start = from + inner.span().offset();
        Ok(Box::new(MietteSpanContents::new_named(
            self.shown.name.clone(),
            inner.data(),
            (data_start, inner.span().len()).into(),
            file.position(from).line - 1 + inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// A finding as a miette diagnostic: code = rule id, labels on the words.
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    /// The message, with " (waived)" when it is, wrapped.
    message: Arc<str>,
    /// The help text, or the waiver for a waived finding, wrapped.
    help: Option<Arc<str>>,
    source: DiagnosticSource<'a>,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(terminal_line(&self.finding.rule)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        if self.finding.waived {
            return Some(miette::Severity::Advice);
        }
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_deref()
            .map(|text| Box::new(text) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let f = self.finding;
        let shown = self.source.shown;
        let message = |l: &crate::findings::Label| Some(terminal_line(&l.message).into_owned());
        let mut labels = Vec::new();
        match f.kind {
            FindingKind::Weak | FindingKind::Permitted => {
                let what = if f.kind == FindingKind::Weak {
                    "the strongest clause"
                } else {
                    "this clause"
                };
                // The clause is the snippet; miette draws a label that
                // encloses others on the same line poorly, so the clause is
                // labelled only when no finer label is inside it.
                let inside = f
                    .labels
                    .iter()
                    .any(|l| l.span.start >= f.span.start && l.span.end <= f.span.end);
                if !inside {
                    labels.push(LabeledSpan::new_primary_with_span(
                        Some(what.to_string()),
                        shown.span(f.span.start, f.span.end),
                    ));
                }
                for (i, l) in f.labels.iter().enumerate() {
                    let span = shown.span(l.span.start, l.span.end);
                    labels.push(if i == 0 && inside {
                        LabeledSpan::new_primary_with_span(message(l), span)
                    } else {
                        LabeledSpan::new_with_span(message(l), span)
                    });
                }
            }
            FindingKind::Missing | FindingKind::UnusedSuppression => {
                for l in &f.labels {
                    labels.push(LabeledSpan::new_primary_with_span(
                        message(l),
                        shown.span(l.span.start, l.span.end),
                    ));
                }
            }
        }
        Some(Box::new(labels.into_iter()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CheckOptions, Format, Packs, SourceFile, check};

    /// A finding as miette wraps it itself, for comparison with the texts
    /// wrapped once by [`WrapCache`].
    fn wrapped_by_miette(report: &DocumentReport, finding: &Finding, width: usize) -> String {
        let shown = Shown::new(&report.source);
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_links(false)
            .with_width(width)
            .with_context_lines(1)
            .with_word_separator(textwrap::WordSeparator::AsciiSpace)
            .tab_width(4);
        let diag = FindingDiagnostic {
            finding,
            message: finding.message.as_str().into(),
            help: (!finding.help.is_empty()).then(|| finding.help.as_str().into()),
            source: DiagnosticSource { shown: &shown },
        };
        let mut out = String::new();
        handler
            .render_report(&mut out, &diag)
            .expect("miette renders the finding");
        out
    }

    #[test]
    fn texts_wrapped_once_read_as_miette_wraps_them() {
        let packs = Packs::builtin().expect("the built-in packs load");
        let text = "# Acceptable Use Policy\n\nYou shall not use the Services to violate the rights of others.\n";
        let report = check(
            &SourceFile::new("aup.md", text),
            Format::Markdown,
            &packs,
            &CheckOptions::default(),
        )
        .expect("the policy is checked");
        assert!(report.findings.len() >= 3, "{:?}", report.findings);
        for width in [24, 40, 61, 100] {
            let human = Human::new(HumanOptions {
                width: Some(width),
                ..HumanOptions::default()
            });
            for finding in &report.findings {
                // Twice: once wrapping the texts, once reading them back.
                for _ in 0..2 {
                    assert_eq!(
                        human.finding(&report, finding),
                        wrapped_by_miette(&report, finding, width),
                        "{} at width {width}",
                        finding.rule
                    );
                }
            }
        }
        // At the narrowest width a help text takes several lines, so the
        // comparison covers wrapped lines and their indent.
        let narrow = Human::new(HumanOptions {
            width: Some(24),
            ..HumanOptions::default()
        })
        .finding(&report, &report.findings[0]);
        let help_lines = narrow
            .lines()
            .skip_while(|l| !l.starts_with("  help: "))
            .count();
        assert!(help_lines > 3, "{narrow}");
    }
}
