//! `clauselint lsp`: a Language Server Protocol server on stdin/stdout.
//!
//! The server keeps the text of every open document as the client sends it
//! (full sync), checks it after `didOpen` and `didChange` (once the client
//! pauses: see `session`) with the configuration and packs that
//! `clauselint check` run in the workspace root would use, and publishes the
//! findings that count (waived findings are left out). Hovering inside a
//! diagnostic shows the rule's `clauselint explain` text; a `missing`
//! finding has a quick fix that inserts the rule's model clause at the end
//! of the section it points at. See docs/editors.md.
//!
//! The client is untrusted: frames, messages, documents and the workspace's
//! configuration are all bounded or checked (docs/security.md).

mod rpc;
mod session;
mod workspace;

use std::collections::HashMap;
use std::io::{self, BufWriter};
use std::ops::Range as ByteRange;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use clauselint::config::Config;
use clauselint::document::lone_cr_as_lf;
use clauselint::findings::{Finding, FindingKind};
use clauselint::packs::Rule;
use clauselint::{
    CheckOptions, Document, Format, KindSource, Packs, Selection, Severity, SourceFile, Span,
};
use lsp_types::{
    CodeAction, CodeActionContext, CodeActionKind, CodeActionOptions, CodeActionOrCommand,
    CodeActionParams, CodeActionProviderCapability, CodeDescription, Diagnostic,
    DiagnosticRelatedInformation, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeResult, Location, MarkupContent, MarkupKind, NumberOrString,
    Position, PositionEncodingKind, PublishDiagnosticsParams, Range, ServerCapabilities,
    ServerInfo, TextDocumentContentChangeEvent, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextEdit, Uri, WorkspaceEdit,
};

use super::args::LspArgs;
use super::input::with_unit;
use super::rules::explain_text;
use super::setup::{self, Setup};

/// Where `codeDescription.href` points for a built-in rule: the pack file
/// that defines it, in the repository. User packs link to their file.
const BUILTIN_RULES_URL: &str = "https://github.com/clauselint/clauselint/blob/main/rules/";

const SOURCE: &str = "clauselint";

/// The largest frame read, for a document size cap: a document at the cap
/// fits even if JSON doubles it (escaped line breaks, quotes, backslashes),
/// with 1 MiB for the rest of the message. Anything larger is answered with
/// an error and skipped unread.
fn frame_limit(max_file_size: u64) -> u64 {
    max_file_size.saturating_mul(2).saturating_add(1 << 20)
}

pub fn run(args: LspArgs) -> u8 {
    let max_body = frame_limit(args.max_file_size);
    let (to_session, incoming) = mpsc::sync_channel(session::QUEUE);
    let reader = std::thread::Builder::new()
        .name("lsp-reader".to_string())
        .spawn(move || rpc::read_loop(io::stdin().lock(), max_body, to_session));
    if let Err(e) = reader {
        rpc::log(&format!("cannot start: {e}"));
        return session::EXIT_WITHOUT_SHUTDOWN;
    }
    // The reader thread is not joined: it may be waiting for input that
    // never comes, and ends with the process.
    let out = rpc::Output::new(BufWriter::new(io::stdout().lock()));
    session::Session::new(args, incoming, out).run()
}

fn initialize_result() -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(PositionEncodingKind::UTF16),
            text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "clauselint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    }
}

/// What the server holds of an open document's text.
enum Content {
    Text {
        /// The text as the client has it, which edits apply to.
        text: String,
        /// What is checked and where positions are read: the text with
        /// lone CRs read as LF (see `lsp_source`). Made when the text is
        /// checked, not at every change of a burst.
        source: Option<SourceFile>,
    },
    /// Over the size cap: not kept, not checked. A later full-text change
    /// brings the document back. The size is unknown after an edit of a
    /// text that was not kept.
    TooLarge { size: Option<usize> },
}

/// An open document: the client's text and what was published for it.
struct OpenDocument {
    uri: Uri,
    name: Arc<str>,
    version: i32,
    content: Content,
    format: Format,
    /// The published diagnostics with the findings they show, in order.
    published: Vec<(Option<Finding>, Diagnostic)>,
    /// Changed since its last check: when first, and when last.
    waiting: Option<Waiting>,
}

#[derive(Clone, Copy)]
struct Waiting {
    since: Instant,
    last: Instant,
}

impl OpenDocument {
    /// The source of the last check, which published positions refer to.
    fn checked_source(&self) -> Option<&SourceFile> {
        match &self.content {
            Content::Text { source, .. } => source.as_ref(),
            Content::TooLarge { .. } => None,
        }
    }

    /// The source of the current text (None if it was not kept).
    fn source(&mut self) -> Option<SourceFile> {
        match &mut self.content {
            Content::Text { text, source } => Some(
                source
                    .get_or_insert_with(|| lsp_source(self.name.clone(), text))
                    .clone(),
            ),
            Content::TooLarge { .. } => None,
        }
    }

    fn size(&self) -> Option<usize> {
        match &self.content {
            Content::Text { text, .. } => Some(text.len()),
            Content::TooLarge { size } => *size,
        }
    }

    fn changed(&mut self, now: Instant) {
        let since = self.waiting.map_or(now, |w| w.since);
        self.waiting = Some(Waiting { since, last: now });
    }

    /// When it should be checked: after a quiet spell, or a longest wait.
    fn check_at(&self, quiet: Duration, max_wait: Duration) -> Option<Instant> {
        self.waiting
            .map(|w| (w.last + quiet).min(w.since + max_wait))
    }
}

/// The configuration and packs documents are checked with.
struct Checker {
    packs: Arc<Packs>,
    config: Config,
    selection: Selection,
}

impl Checker {
    fn new(setup: Setup) -> Checker {
        // As `clauselint check` without `--pack`/`--rule`: the config's `enable`.
        let enable = &setup.config.enable;
        let selection = Selection {
            packs: enable
                .iter()
                .filter(|e| !e.contains('/'))
                .cloned()
                .collect(),
            rules: enable.iter().filter(|e| e.contains('/')).cloned().collect(),
        };
        Checker {
            packs: setup.packs,
            config: setup.config,
            selection,
        }
    }
}

struct Server {
    /// None while the configuration cannot be loaded.
    checker: Option<Checker>,
    /// Why there is no checker, for the documents' one diagnostic.
    config_error: Option<String>,
    /// The server's working directory: `--rules` paths are relative to it.
    cwd: PathBuf,
    max_file_size: u64,
    /// Open documents by URI (as a string: `Uri` caches parts in cells).
    docs: HashMap<String, OpenDocument>,
}

impl Server {
    fn new(cwd: PathBuf, max_file_size: u64) -> Server {
        Server {
            checker: None,
            config_error: None,
            cwd,
            max_file_size,
            docs: HashMap::new(),
        }
    }

    fn open(&mut self, p: DidOpenTextDocumentParams) {
        let item = p.text_document;
        let name: Arc<str> = self.name_of(&item.uri).into();
        let format = format_of(&name, &item.language_id);
        let mut doc = OpenDocument {
            content: self.content(item.text),
            name,
            uri: item.uri,
            version: item.version,
            format,
            published: Vec::new(),
            waiting: None,
        };
        doc.changed(Instant::now());
        self.docs.insert(doc.uri.as_str().to_string(), doc);
    }

    /// The content of a text: kept, or only its size if over the cap.
    fn content(&self, text: String) -> Content {
        if text.len() as u64 > self.max_file_size {
            return Content::TooLarge {
                size: Some(text.len()),
            };
        }
        Content::Text { text, source: None }
    }

    fn change(&mut self, p: DidChangeTextDocumentParams) {
        let uri = p.text_document.uri;
        let Some(mut doc) = self.docs.remove(uri.as_str()) else {
            rpc::log(&format!(
                "didChange for a document that is not open: {}",
                uri.as_str()
            ));
            return;
        };
        let mut text = match doc.content {
            Content::Text { text, .. } => Some(text),
            Content::TooLarge { .. } => None,
        };
        for change in p.content_changes {
            text = match (text, change.range) {
                (_, None) => Some(change.text),
                (Some(mut t), Some(_)) => {
                    apply_change(&mut t, &change);
                    Some(t)
                }
                // An edit of a text that was not kept: wait for a full one.
                (None, Some(_)) => None,
            };
        }
        doc.content = match text {
            Some(text) => self.content(text),
            None => Content::TooLarge { size: None },
        };
        doc.version = p.text_document.version;
        doc.changed(Instant::now());
        self.docs.insert(uri.as_str().to_string(), doc);
    }

    /// Forgets a document; the notification clearing its diagnostics.
    fn close(&mut self, p: DidCloseTextDocumentParams) -> Option<PublishDiagnosticsParams> {
        let uri = p.text_document.uri;
        self.docs.remove(uri.as_str())?;
        Some(PublishDiagnosticsParams {
            uri,
            diagnostics: Vec::new(),
            version: None,
        })
    }

    /// Every open document waits for a check (the configuration changed).
    fn recheck_all(&mut self) {
        let now = Instant::now();
        for doc in self.docs.values_mut() {
            doc.changed(now);
        }
    }

    fn waits(&self, uri: &str) -> bool {
        self.docs.get(uri).is_some_and(|d| d.waiting.is_some())
    }

    /// When the next check is due, if a document waits for one.
    fn next_check(&self, quiet: Duration, max_wait: Duration) -> Option<Instant> {
        self.docs
            .values()
            .filter_map(|d| d.check_at(quiet, max_wait))
            .min()
    }

    /// The documents due for a check at `now` (`all`: every open one).
    fn due(&self, now: Instant, quiet: Duration, max_wait: Duration, all: bool) -> Vec<String> {
        self.docs
            .iter()
            .filter(|(_, d)| all || d.check_at(quiet, max_wait).is_some_and(|t| t <= now))
            .map(|(uri, _)| uri.clone())
            .collect()
    }

    /// The name a document is checked and reported under: its file path for
    /// a `file:` URI, else the URI itself.
    fn name_of(&self, uri: &Uri) -> String {
        match file_path(uri.as_str()) {
            Some(p) => p.display().to_string(),
            None => uri.as_str().to_string(),
        }
    }

    /// Checks a document: its diagnostics, kept for hover and quick fixes,
    /// and the notification publishing them. None if it is not open.
    fn check(&mut self, uri: &str) -> Option<PublishDiagnosticsParams> {
        let doc = self.docs.get_mut(uri)?;
        doc.waiting = None;
        let source = doc.source();
        let doc = self.docs.get(uri)?;
        let published = match (source, &self.checker) {
            (None, _) => vec![(None, self.too_large(doc.size()))],
            (Some(_), None) => vec![(None, self.not_checked())],
            (Some(source), Some(checker)) => {
                self.diagnostics(checker, &doc.uri, &source, doc.format)
            }
        };
        let params = PublishDiagnosticsParams {
            uri: doc.uri.clone(),
            diagnostics: published.iter().map(|(_, d)| d.clone()).collect(),
            version: Some(doc.version),
        };
        if let Some(doc) = self.docs.get_mut(uri) {
            doc.published = published;
        }
        Some(params)
    }

    fn too_large(&self, size: Option<usize>) -> Diagnostic {
        let size = size.map_or_else(String::new, |s| format!("{s} bytes, "));
        let message = format!(
            "not checked: the document is too large: {size}over the \
             --max-file-size limit of {}",
            with_unit(self.max_file_size)
        );
        note_at_start(DiagnosticSeverity::WARNING, message)
    }

    fn not_checked(&self) -> Diagnostic {
        // The first line of the problem names the file; the rest was shown.
        let problem = self.config_error.as_deref().unwrap_or_default();
        let summary = problem.lines().next().unwrap_or_default();
        let message = format!(
            "not checked: {}; fix it and edit the document again",
            summary.trim_end_matches(':')
        );
        note_at_start(DiagnosticSeverity::ERROR, message)
    }

    fn diagnostics(
        &self,
        checker: &Checker,
        uri: &Uri,
        source: &SourceFile,
        format: Format,
    ) -> Vec<(Option<Finding>, Diagnostic)> {
        // The configuration's globs are matched relative to its directory,
        // whatever the server's working directory (a document's name is its
        // absolute path, or one reached through symbolic links).
        let kind = checker.config.kind_for(Path::new(source.name()));
        let options = CheckOptions {
            kind: kind.map(|k| (k, KindSource::Config)),
            selection: checker.selection.clone(),
            trace: None,
        };
        let mut report = match clauselint::check(source, format, &checker.packs, &options) {
            Ok(r) => r,
            Err(e) => {
                let span = source.span(e.span);
                let diagnostic = Diagnostic {
                    range: range_of(source, &span),
                    severity: Some(DiagnosticSeverity::ERROR),
                    source: Some(SOURCE.to_string()),
                    message: e.message,
                    ..Diagnostic::default()
                };
                return vec![(None, diagnostic)];
            }
        };
        // Which waivers were used is for `clauselint check` to report.
        checker.config.apply_waivers(&mut report, setup::today());
        report
            .findings
            .into_iter()
            .filter(|f| !f.waived)
            .map(|f| {
                let d = self.diagnostic(checker, uri, source, &f);
                (Some(f), d)
            })
            .collect()
    }

    fn diagnostic(
        &self,
        checker: &Checker,
        uri: &Uri,
        source: &SourceFile,
        f: &Finding,
    ) -> Diagnostic {
        let rule = checker.packs.rule(&f.rule);
        let related = f
            .labels
            .iter()
            .map(|l| DiagnosticRelatedInformation {
                location: Location {
                    uri: uri.clone(),
                    range: range_of(source, &l.span),
                },
                message: l.message.clone(),
            })
            .collect();
        Diagnostic {
            range: range_of(source, &f.span),
            severity: Some(severity(f.severity)),
            code: Some(NumberOrString::String(f.rule.clone())),
            code_description: rule
                .and_then(|r| self.rule_link(&checker.packs, r))
                .map(|href| CodeDescription { href }),
            source: Some(SOURCE.to_string()),
            message: f.message.clone(),
            related_information: Some(related),
            tags: None,
            data: None,
        }
    }

    /// `codeDescription.href` of a rule: for a built-in rule the pack file
    /// in the repository (`…/blob/main/rules/leverage.toml`), for a user
    /// pack a `file://` URI of the pack file.
    fn rule_link(&self, packs: &Packs, rule: &Rule) -> Option<Uri> {
        let source = &packs.pack_of(rule).source;
        let link = match source.strip_prefix("builtin:") {
            Some(file) => format!("{BUILTIN_RULES_URL}{file}"),
            None => file_uri(&self.cwd.join(source)),
        };
        link.parse().ok()
    }

    fn hover(&self, p: &HoverParams) -> Option<Hover> {
        let pos = p.text_document_position_params.position;
        let doc = self
            .docs
            .get(p.text_document_position_params.text_document.uri.as_str())?;
        let packs = &self.checker.as_ref()?.packs;
        let mut rules: Vec<&Rule> = Vec::new();
        let mut range: Option<Range> = None;
        for (f, d) in &doc.published {
            if !contains(&d.range, pos) {
                continue;
            }
            let Some(rule) = f.as_ref().and_then(|f| packs.rule(&f.rule)) else {
                continue;
            };
            if !rules.iter().any(|r| r.id == rule.id) {
                rules.push(rule);
            }
            range.get_or_insert(d.range);
        }
        if rules.is_empty() {
            return None;
        }
        let value = rules
            .iter()
            .map(|r| hover_markdown(&explain_text(packs, r)))
            .collect::<Vec<_>>()
            .join("\n---\n\n");
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range,
        })
    }

    fn code_actions(&self, p: &CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
        let uri = &p.text_document.uri;
        let doc = self.docs.get(uri.as_str())?;
        let packs = &self.checker.as_ref()?.packs;
        let source = doc.checked_source()?;
        if !wants_quickfix(&p.context) {
            return Some(Vec::new());
        }
        let mut parsed: Option<Document> = None;
        let mut actions = Vec::new();
        for (f, d) in &doc.published {
            let Some(f) = f else { continue };
            if f.kind != FindingKind::Missing || !intersects(&d.range, &p.range) {
                continue;
            }
            let Some(rule) = packs.rule(&f.rule) else {
                continue;
            };
            let clause = rule.model_clause.trim();
            if clause.is_empty() {
                continue;
            }
            let parsed = parsed.get_or_insert_with(|| Document::parse(source.text(), doc.format));
            let edit = insertion(source, parsed, &f.span, clause);
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Insert model clause for {}", rule.id),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
        Some(actions)
    }
}

/// A diagnostic at the start of a document, about the whole of it.
fn note_at_start(severity: DiagnosticSeverity, message: String) -> Diagnostic {
    Diagnostic {
        range: Range::default(),
        severity: Some(severity),
        source: Some(SOURCE.to_string()),
        message,
        ..Diagnostic::default()
    }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    }
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A span as an LSP range (see `position_of`).
fn range_of(source: &SourceFile, span: &Span) -> Range {
    Range {
        start: position_of(source, span.start),
        end: position_of(source, span.end),
    }
}

/// A byte offset as an LSP position: 0-based line and UTF-16 unit.
/// `SourceFile` leaves a leading byte-order mark out of line 1's columns
/// (editors hide it in the files they read, and the command line's reports
/// follow them), but a client that sends one counts it: so does this.
fn position_of(source: &SourceFile, offset: usize) -> Position {
    let p = source.position(offset);
    let bom = source.content_start();
    let after_bom = usize::from(p.line == 1 && bom > 0 && offset >= bom);
    Position {
        line: u32_of(p.line.saturating_sub(1)),
        character: u32_of(p.column_utf16.saturating_sub(1) + after_bom),
    }
}

fn key(p: Position) -> (u32, u32) {
    (p.line, p.character)
}

/// Whether a position is inside a range (its end excluded, except for an
/// empty range).
fn contains(r: &Range, p: Position) -> bool {
    let (s, e, p) = (key(r.start), key(r.end), key(p));
    (s <= p && p < e) || (s == e && p == s)
}

/// Whether two ranges overlap or touch (a cursor at either end counts).
fn intersects(a: &Range, b: &Range) -> bool {
    key(a.start) <= key(b.end) && key(b.start) <= key(a.end)
}

fn wants_quickfix(context: &CodeActionContext) -> bool {
    context.only.as_ref().is_none_or(|only| {
        only.iter().any(|k| {
            let k = k.as_str();
            k.is_empty() || k == "quickfix" || "quickfix".starts_with(&format!("{k}."))
        })
    })
}

/// A client's text as checked: lone CRs read as LF (the same length, so
/// offsets are the client's). LSP clients end lines at LF, CRLF or a lone CR;
/// `SourceFile` starts lines only after LF, as the report's line numbers do.
fn lsp_source(name: impl Into<Arc<str>>, text: &str) -> SourceFile {
    SourceFile::new(name, lone_cr_as_lf(text).into_owned())
}

/// The byte offset of an LSP position in a text; a line past the end is the
/// end of the text, a character past the end of its line the line's end.
/// Lines end at LF, CRLF or a lone CR. Scans the text only up to the
/// position, without copying it: a client may send many range edits.
fn offset_at(text: &str, p: Position) -> usize {
    let bytes = text.as_bytes();
    let mut start = 0;
    for _ in 0..p.line {
        let Some(i) = memchr::memchr2(b'\n', b'\r', &bytes[start..]) else {
            return text.len();
        };
        let at = start + i;
        let crlf = bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n');
        start = at + if crlf { 2 } else { 1 };
    }
    let end = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(text.len(), |i| start + i);
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units >= p.character as usize {
            return start + i;
        }
        units += c.len_utf16();
    }
    end
}

/// Applies one change: the whole text (full sync), or a range edit if a
/// client sends one anyway.
fn apply_change(text: &mut String, change: &TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text.clone(),
        Some(r) => {
            let start = offset_at(text, r.start);
            let end = offset_at(text, r.end).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

/// Markdown or plain text: the file extension as on the command line, else
/// the client's language id.
fn format_of(name: &str, language_id: &str) -> Format {
    let lower = name.to_ascii_lowercase();
    let known = [".md", ".markdown", ".txt", ".text"];
    if known.iter().any(|e| lower.ends_with(e)) {
        Format::from_path(name)
    } else if matches!(language_id, "plaintext" | "text") {
        Format::PlainText
    } else {
        Format::Markdown
    }
}

/// The edit inserting a model clause as a new paragraph at the end of the
/// section whose heading `place` is: before the next heading of the same or
/// a higher level, else at the end of the document. A place that is the
/// title, or not a heading, puts the clause at the end of the document.
fn insertion(source: &SourceFile, doc: &Document, place: &Span, clause: &str) -> TextEdit {
    let text = source.text();
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let offset = section_end(text, doc, place.range()).unwrap_or(text.len());
    let before = &text[..offset];
    let newlines = before[before.trim_end().len()..].matches('\n').count();
    let clause = clause.lines().collect::<Vec<_>>().join(eol);
    let new_text = if offset < text.len() {
        // Before a heading line: the text before ends with a line break.
        let lead = if newlines >= 2 { "" } else { eol };
        format!("{lead}{clause}{eol}{eol}")
    } else {
        let lead = match (before.is_empty(), newlines) {
            (true, _) => String::new(),
            (false, 0) => format!("{eol}{eol}"),
            (false, 1) => eol.to_string(),
            _ => String::new(),
        };
        format!("{lead}{clause}{eol}")
    };
    let at = position_of(source, offset);
    TextEdit {
        range: Range { start: at, end: at },
        new_text,
    }
}

/// The byte offset where the section headed at `heading` ends (the start of
/// the line of the next heading of the same or a higher level), or None if
/// it runs to the end of the document or `heading` is not a section heading.
fn section_end(text: &str, doc: &Document, heading: ByteRange<usize>) -> Option<usize> {
    let headed: Vec<(usize, u8, ByteRange<usize>)> = doc
        .sections
        .iter()
        .filter_map(|s| s.heading.map(|h| (h, s.level, doc.clause_source_range(h))))
        .collect();
    let &(h, level, ref range) = headed
        .iter()
        .find(|(_, _, r)| *r == heading)
        .or_else(|| headed.iter().find(|(_, _, r)| r.contains(&heading.start)))?;
    if Some(h) == doc.title {
        return None;
    }
    let next = headed
        .iter()
        .filter(|(_, l, r)| r.start > range.start && *l <= level)
        .map(|(_, _, r)| r.start)
        .min()?;
    Some(text[..next].rfind('\n').map_or(0, |i| i + 1))
}

/// The Markdown of a hover: the `explain` text, with the rule id line in
/// bold and the metadata lines kept on their own lines.
fn hover_markdown(explain: &str) -> String {
    let mut out = String::with_capacity(explain.len() + 64);
    let mut in_meta = false;
    for (i, line) in explain.lines().enumerate() {
        if i == 0 {
            out.push_str(&format!("**{line}**\n"));
            continue;
        }
        let meta = ["Pack: ", "Expected in: ", "Severity: ", "Sources: "]
            .iter()
            .any(|m| line.starts_with(m));
        if meta && in_meta {
            // A hard line break between metadata lines.
            out.insert(out.len() - 1, '\\');
        }
        in_meta = meta;
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The path of a `file:` URI (percent-decoded), or None for other schemes.
fn file_path(uri: &str) -> Option<PathBuf> {
    let rest = uri
        .get(..7)
        .filter(|s| s.eq_ignore_ascii_case("file://"))
        .map(|_| &uri[7..])?;
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => return None,
    };
    let path = percent_decode(path)?;
    if cfg!(windows) {
        let b = path.as_bytes();
        // file:///C:/dir/x.md → C:/dir/x.md; file://server/share → \\server\share.
        if b.len() >= 3 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
            return Some(PathBuf::from(&path[1..]));
        }
        if !authority.is_empty() && !authority.eq_ignore_ascii_case("localhost") {
            return Some(PathBuf::from(format!("//{authority}{path}")));
        }
    } else if !authority.is_empty() && !authority.eq_ignore_ascii_case("localhost") {
        return None;
    }
    Some(PathBuf::from(path))
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(hex, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// A `file://` URI for a path, percent-encoding what a URI path cannot hold.
fn file_uri(path: &Path) -> String {
    let mut s = path.display().to_string();
    if cfg!(windows) {
        s = s.replace('\\', "/");
        if !s.starts_with('/') {
            s.insert(0, '/');
        }
    }
    let mut out = String::from("file://");
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:@!$&'()*+,;=".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_size_cap_is_the_command_lines() {
        use clap::Parser;
        let cli = super::super::args::Cli::try_parse_from(["clauselint", "lsp"]).unwrap();
        let super::super::args::Command::Lsp(args) = cli.command else {
            panic!("not lsp");
        };
        assert_eq!(
            args.max_file_size,
            super::super::input::DEFAULT_MAX_FILE_SIZE
        );
        // A document at the cap fits in a frame, JSON escaping and all.
        assert!(frame_limit(args.max_file_size) > 2 * args.max_file_size);
        assert_eq!(frame_limit(u64::MAX), u64::MAX);
    }

    #[test]
    fn a_leading_bom_is_a_column_for_the_client() {
        let source = lsp_source("t.md", "\u{feff}ab\nc\u{feff}d");
        let at = |offset| {
            let p = position_of(&source, offset);
            (p.line, p.character)
        };
        assert_eq!(at(0), (0, 0), "before the BOM");
        assert_eq!(at(3), (0, 1), "a: after the BOM");
        assert_eq!(at(5), (0, 3), "the line break");
        assert_eq!(at(6), (1, 0), "c: a new line");
        // A U+FEFF elsewhere is an ordinary character, which both count.
        assert_eq!(at(10), (1, 2), "d");
        // And the other way, as edits and hovers arrive.
        assert_eq!(
            offset_at(
                source.text(),
                Position {
                    line: 0,
                    character: 1
                }
            ),
            3
        );
    }

    #[test]
    fn file_uris_round_trip() {
        if cfg!(windows) {
            return;
        }
        let p = Path::new("/tmp/a b/Café.md");
        let uri = file_uri(p);
        assert_eq!(uri, "file:///tmp/a%20b/Caf%C3%A9.md");
        assert_eq!(file_path(&uri).as_deref(), Some(p));
        assert_eq!(file_path("untitled:Untitled-1"), None);
        assert_eq!(file_path("file://host/x.md"), None);
        assert_eq!(
            file_path("file://localhost/x.md").as_deref(),
            Some(Path::new("/x.md"))
        );
    }

    #[test]
    fn offsets_clamp_past_the_end() {
        let text = "ab\r\n😀c\n";
        let at = |line, character| offset_at(text, Position { line, character });
        assert_eq!(at(0, 1), 1);
        assert_eq!(at(0, 99), 2);
        assert_eq!(at(1, 2), text.find('c').unwrap());
        assert_eq!(at(1, 99), text.len() - 1);
        assert_eq!(at(2, 0), text.len());
        assert_eq!(at(99, 5), text.len());
        // A lone CR ends a line too, and a line ends before it.
        let text = "ab\rcd\r";
        let at = |line, character| offset_at(text, Position { line, character });
        assert_eq!(at(0, 99), 2);
        assert_eq!(at(1, 1), 4);
        assert_eq!(at(1, 99), 5);
        assert_eq!(at(2, 0), 6);
    }

    #[test]
    fn range_changes_apply() {
        let mut text = "Café 😀 x\nline".to_string();
        let change = TextDocumentContentChangeEvent {
            range: Some(Range {
                start: Position {
                    line: 0,
                    character: 8,
                },
                end: Position {
                    line: 0,
                    character: 9,
                },
            }),
            range_length: None,
            text: "y".to_string(),
        };
        apply_change(&mut text, &change);
        assert_eq!(text, "Café 😀 y\nline");
    }

    fn insert(text: &str, heading: &str, clause: &str) -> (String, TextEdit) {
        let source = SourceFile::new("t.md", text);
        let doc = Document::parse(text, Format::Markdown);
        let start = text.find(heading).unwrap();
        let edit = insertion(
            &source,
            &doc,
            &source.span(start..start + heading.len()),
            clause,
        );
        let at = offset_at(text, edit.range.start);
        let mut out = text.to_string();
        out.insert_str(at, &edit.new_text);
        (out, edit)
    }

    #[test]
    fn model_clause_goes_at_the_end_of_the_section() {
        let text = "# T\n\n## Audit\n\nA.\n\n### Sub\n\nB.\n\n## Next\n\nC.\n";
        let (out, _) = insert(text, "Audit", "M.");
        assert_eq!(
            out,
            "# T\n\n## Audit\n\nA.\n\n### Sub\n\nB.\n\nM.\n\n## Next\n\nC.\n"
        );
        let (out, _) = insert(text, "Next", "M.");
        assert_eq!(out, format!("{text}\nM.\n"));
        let (out, _) = insert(text, "T", "M.");
        assert_eq!(out, format!("{text}\nM.\n"));
        let (out, _) = insert("# T\n\n## A\nx\n## B\n", "A", "M.");
        assert_eq!(out, "# T\n\n## A\nx\n\nM.\n\n## B\n");
        let (out, _) = insert("# T\r\n\r\nx", "T", "M.\nN.");
        assert_eq!(out, "# T\r\n\r\nx\r\n\r\nM.\r\nN.\r\n");
    }

    #[test]
    fn hover_markdown_keeps_metadata_lines() {
        let md = hover_markdown("a/b — B\n\nSum.\n\nPack: P\nSeverity: s\n\n## X\n");
        assert_eq!(
            md,
            "**a/b — B**\n\nSum.\n\nPack: P\\\nSeverity: s\n\n## X\n"
        );
    }
}
