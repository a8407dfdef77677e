//! `clauselint lsp`: a Language Server Protocol server on stdin/stdout.
//!
//! The server keeps the text of every open document as the client sends it
//! (full sync), checks it on `didOpen` and every `didChange` with the
//! configuration and packs the command line would use, and publishes the
//! findings that count (waived findings are left out). Hovering inside a
//! diagnostic shows the rule's `clauselint explain` text; a `missing`
//! finding has a quick fix that inserts the rule's model clause at the end
//! of the section it points at. See docs/editors.md.

use std::collections::HashMap;
use std::io::Write as _;
use std::ops::Range as ByteRange;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clauselint::config::Config;
use clauselint::document::lone_cr_as_lf;
use clauselint::findings::{Finding, FindingKind};
use clauselint::packs::Rule;
use clauselint::{
    CheckOptions, Document, Format, KindSource, Packs, Selection, Severity, SourceFile, Span,
};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
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
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::args::LspArgs;
use super::rules::explain_text;
use super::setup::{self, Setup};

/// Exit codes of the protocol: 0 after `shutdown` then `exit`, 1 for an
/// `exit` (or the client going away) without `shutdown`.
const EXIT_AFTER_SHUTDOWN: u8 = 0;
const EXIT_WITHOUT_SHUTDOWN: u8 = 1;

/// Where `codeDescription.href` points for a built-in rule: the pack file
/// that defines it, in the repository. User packs link to their file.
const BUILTIN_RULES_URL: &str = "https://github.com/clauselint/clauselint/blob/main/rules/";

const SOURCE: &str = "clauselint";

pub fn run(args: LspArgs) -> u8 {
    // Loaded before the handshake, like every other subcommand; problems are
    // printed to stderr (the editor's log) and fail the `initialize` request.
    let setup = setup::load(&args.pack_args);
    let (connection, io_threads) = Connection::stdio();
    let code = serve(&connection, setup);
    // Dropping the sender lets the writer thread finish writing and stop.
    drop(connection);
    if let Err(e) = io_threads.join() {
        let _ = writeln!(std::io::stderr(), "clauselint lsp: {e}");
    }
    code
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Waiting for `initialize`.
    Starting,
    Running,
    /// `shutdown` answered; waiting for `exit`.
    ShutDown,
}

fn serve(connection: &Connection, setup: Option<Setup>) -> u8 {
    let mut server = setup.map(Server::new);
    let mut phase = Phase::Starting;
    let send = |m: Message| {
        // A closed stdout ends the session when the receiver sees EOF too.
        let _ = connection.sender.send(m);
    };
    loop {
        let Ok(message) = connection.receiver.recv() else {
            // stdin closed (or unreadable) without an `exit` notification.
            return if phase == Phase::ShutDown {
                EXIT_AFTER_SHUTDOWN
            } else {
                EXIT_WITHOUT_SHUTDOWN
            };
        };
        match message {
            Message::Request(req) => match (phase, req.method.as_str()) {
                (Phase::Starting, "initialize") => match &server {
                    Some(_) => {
                        send(Response::new_ok(req.id, initialize_result()).into());
                        phase = Phase::Running;
                    }
                    None => send(
                        error(
                            req.id,
                            ErrorCode::RequestFailed,
                            "clauselint cannot load its configuration or rule packs; \
                             the problems are in the server's stderr log",
                        )
                        .into(),
                    ),
                },
                (Phase::Starting, _) => send(
                    error(
                        req.id,
                        ErrorCode::ServerNotInitialized,
                        "the server is not initialized",
                    )
                    .into(),
                ),
                (Phase::Running, "initialize") => send(
                    error(
                        req.id,
                        ErrorCode::InvalidRequest,
                        "the server is already initialized",
                    )
                    .into(),
                ),
                (Phase::Running, "shutdown") => {
                    send(Response::new_ok(req.id, ()).into());
                    phase = Phase::ShutDown;
                }
                (Phase::Running, _) => {
                    let id = req.id.clone();
                    let response = match server.as_mut() {
                        Some(s) => catch_unwind(AssertUnwindSafe(|| s.request(req))).ok(),
                        None => None,
                    };
                    send(
                        response
                            .unwrap_or_else(|| {
                                error(id, ErrorCode::InternalError, "internal error (a bug)")
                            })
                            .into(),
                    );
                }
                (Phase::ShutDown, _) => send(
                    error(
                        req.id,
                        ErrorCode::InvalidRequest,
                        "the server is shut down; only `exit` is accepted",
                    )
                    .into(),
                ),
            },
            Message::Notification(n) => {
                if n.method == "exit" {
                    return if phase == Phase::ShutDown {
                        EXIT_AFTER_SHUTDOWN
                    } else {
                        EXIT_WITHOUT_SHUTDOWN
                    };
                }
                if phase != Phase::Running {
                    continue;
                }
                if let Some(s) = server.as_mut() {
                    let method = n.method.clone();
                    match catch_unwind(AssertUnwindSafe(|| s.notification(n))) {
                        Ok(out) => {
                            for m in out {
                                send(m.into());
                            }
                        }
                        Err(_) => {
                            let _ = writeln!(
                                std::io::stderr(),
                                "clauselint lsp: internal error handling `{method}`"
                            );
                        }
                    }
                }
            }
            // The server sends no requests, so expects no responses.
            Message::Response(_) => {}
        }
    }
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

fn error(id: RequestId, code: ErrorCode, message: &str) -> Response {
    Response::new_err(id, code as i32, message.to_string())
}

/// An open document: the client's text and what was published for it.
struct OpenDocument {
    version: i32,
    /// The text as the client has it, which edits apply to.
    text: String,
    /// What is checked and where positions are read: the text with lone CRs
    /// read as LF (see `lsp_source`).
    source: SourceFile,
    format: Format,
    /// The published diagnostics with the findings they show, in order.
    published: Vec<(Option<Finding>, Diagnostic)>,
}

struct Server {
    packs: Arc<Packs>,
    config: Config,
    selection: Selection,
    cwd: PathBuf,
    /// Open documents by URI (as a string: `Uri` caches parts in cells).
    docs: HashMap<String, OpenDocument>,
}

impl Server {
    fn new(setup: Setup) -> Server {
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
        Server {
            packs: setup.packs,
            config: setup.config,
            selection,
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            docs: HashMap::new(),
        }
    }

    fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        match req.method.as_str() {
            "textDocument/hover" => match params::<HoverParams>(&req) {
                Ok(p) => ok(id, self.hover(&p)),
                Err(r) => r,
            },
            "textDocument/codeAction" => match params::<CodeActionParams>(&req) {
                Ok(p) => ok(id, self.code_actions(&p)),
                Err(r) => r,
            },
            m => error(
                id,
                ErrorCode::MethodNotFound,
                &format!("unhandled method `{m}`"),
            ),
        }
    }

    /// Handles a notification; returns the notifications to send.
    fn notification(&mut self, n: Notification) -> Vec<Notification> {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Some(p) = notification_params::<DidOpenTextDocumentParams>(&n) else {
                    return Vec::new();
                };
                let item = p.text_document;
                let name = self.name_of(&item.uri);
                let format = format_of(&name, &item.language_id);
                let doc = OpenDocument {
                    version: item.version,
                    source: lsp_source(name, &item.text),
                    text: item.text,
                    format,
                    published: Vec::new(),
                };
                self.docs.insert(item.uri.as_str().to_string(), doc);
                self.publish(&item.uri).into_iter().collect()
            }
            "textDocument/didChange" => {
                let Some(p) = notification_params::<DidChangeTextDocumentParams>(&n) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri;
                let Some(doc) = self.docs.get_mut(uri.as_str()) else {
                    let _ = writeln!(
                        std::io::stderr(),
                        "clauselint lsp: didChange for a document that is not open: {}",
                        uri.as_str()
                    );
                    return Vec::new();
                };
                for change in &p.content_changes {
                    apply_change(&mut doc.text, change);
                }
                doc.version = p.text_document.version;
                doc.source = lsp_source(doc.source.name_arc(), &doc.text);
                self.publish(&uri).into_iter().collect()
            }
            "textDocument/didClose" => {
                let Some(p) = notification_params::<DidCloseTextDocumentParams>(&n) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri;
                if self.docs.remove(uri.as_str()).is_none() {
                    return Vec::new();
                }
                vec![publish_notification(uri, Vec::new(), None)]
            }
            // `initialized`, `$/cancelRequest`, `$/setTrace`, `didSave`,
            // configuration changes: nothing to do.
            _ => Vec::new(),
        }
    }

    /// The name a document is checked and reported under: its file path for
    /// a `file:` URI, else the URI itself.
    fn name_of(&self, uri: &Uri) -> String {
        match file_path(uri.as_str()) {
            Some(p) => p.display().to_string(),
            None => uri.as_str().to_string(),
        }
    }

    /// The paths the config's `[[kinds]]` and waiver globs are tried on: the
    /// path, the same resolved through symbolic links, then each relative to
    /// the working directory (as `clauselint check docs/x.md` names it).
    fn candidate_paths(&self, name: &str) -> Vec<PathBuf> {
        let path = PathBuf::from(name);
        let mut out = vec![path.clone()];
        // Through symbolic links too (the working directory is resolved).
        if let Ok(real) = std::fs::canonicalize(&path)
            && real != path
        {
            out.push(real);
        }
        for p in out.clone() {
            if let Ok(rel) = p.strip_prefix(&self.cwd)
                && !rel.as_os_str().is_empty()
                && !out.iter().any(|o| o == rel)
            {
                out.push(rel.to_path_buf());
            }
        }
        out
    }

    /// Checks a document and builds its publishDiagnostics notification.
    fn publish(&mut self, uri: &Uri) -> Option<Notification> {
        let doc = self.docs.get(uri.as_str())?;
        let published = self.diagnostics(uri, doc);
        let diagnostics = published.iter().map(|(_, d)| d.clone()).collect();
        let version = doc.version;
        if let Some(doc) = self.docs.get_mut(uri.as_str()) {
            doc.published = published;
        }
        Some(publish_notification(
            uri.clone(),
            diagnostics,
            Some(version),
        ))
    }

    fn diagnostics(&self, uri: &Uri, doc: &OpenDocument) -> Vec<(Option<Finding>, Diagnostic)> {
        let name = doc.source.name().to_string();
        let candidates = self.candidate_paths(&name);
        let kind = candidates.iter().find_map(|p| self.config.kind_for(p));
        let options = CheckOptions {
            kind: kind.map(|k| (k, KindSource::Config)),
            selection: self.selection.clone(),
            trace: None,
        };
        let mut report = match clauselint::check(&doc.source, doc.format, &self.packs, &options) {
            Ok(r) => r,
            Err(e) => {
                let span = doc.source.span(e.span);
                let diagnostic = Diagnostic {
                    range: range_of(&span),
                    severity: Some(DiagnosticSeverity::ERROR),
                    source: Some(SOURCE.to_string()),
                    message: e.message,
                    ..Diagnostic::default()
                };
                return vec![(None, diagnostic)];
            }
        };
        // Waivers are matched on the report's path: try every candidate.
        let today = setup::today();
        for p in &candidates {
            report.path = p.display().to_string();
            self.config.apply_waivers(&mut report, today);
        }
        report
            .findings
            .into_iter()
            .filter(|f| !f.waived)
            .map(|f| {
                let d = self.diagnostic(uri, &f);
                (Some(f), d)
            })
            .collect()
    }

    fn diagnostic(&self, uri: &Uri, f: &Finding) -> Diagnostic {
        let rule = self.packs.rule(&f.rule);
        let related = f
            .labels
            .iter()
            .map(|l| DiagnosticRelatedInformation {
                location: Location {
                    uri: uri.clone(),
                    range: range_of(&l.span),
                },
                message: l.message.clone(),
            })
            .collect();
        Diagnostic {
            range: range_of(&f.span),
            severity: Some(severity(f.severity)),
            code: Some(NumberOrString::String(f.rule.clone())),
            code_description: rule
                .and_then(|r| self.rule_link(r))
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
    fn rule_link(&self, rule: &Rule) -> Option<Uri> {
        let source = &self.packs.pack_of(rule).source;
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
        let mut rules: Vec<&Rule> = Vec::new();
        let mut range: Option<Range> = None;
        for (f, d) in &doc.published {
            if !contains(&d.range, pos) {
                continue;
            }
            let Some(rule) = f.as_ref().and_then(|f| self.packs.rule(&f.rule)) else {
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
            .map(|r| hover_markdown(&explain_text(&self.packs, r)))
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
            let Some(rule) = self.packs.rule(&f.rule) else {
                continue;
            };
            let clause = rule.model_clause.trim();
            if clause.is_empty() {
                continue;
            }
            let parsed =
                parsed.get_or_insert_with(|| Document::parse(doc.source.text(), doc.format));
            let edit = insertion(&doc.source, parsed, &f.span, clause);
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

fn ok<T: Serialize>(id: RequestId, result: T) -> Response {
    match serde_json::to_value(result) {
        Ok(v) => Response::new_ok(id, v),
        Err(e) => error(id, ErrorCode::InternalError, &e.to_string()),
    }
}

/// A request's params, or the InvalidParams response.
fn params<P: DeserializeOwned>(req: &Request) -> Result<P, Response> {
    serde_json::from_value(req.params.clone()).map_err(|e| {
        error(
            req.id.clone(),
            ErrorCode::InvalidParams,
            &format!("invalid params for `{}`: {e}", req.method),
        )
    })
}

fn notification_params<P: DeserializeOwned>(n: &Notification) -> Option<P> {
    match serde_json::from_value(n.params.clone()) {
        Ok(p) => Some(p),
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "clauselint lsp: invalid params for `{}`: {e}",
                n.method
            );
            None
        }
    }
}

fn publish_notification(
    uri: Uri,
    diagnostics: Vec<Diagnostic>,
    version: Option<i32>,
) -> Notification {
    Notification::new(
        "textDocument/publishDiagnostics".to_string(),
        PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        },
    )
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

/// A span (1-based line and UTF-16 column) as an LSP range (0-based).
fn range_of(span: &Span) -> Range {
    Range {
        start: Position {
            line: u32_of(span.line.saturating_sub(1)),
            character: u32_of(span.column_utf16.saturating_sub(1)),
        },
        end: Position {
            line: u32_of(span.end_line.saturating_sub(1)),
            character: u32_of(span.end_column_utf16.saturating_sub(1)),
        },
    }
}

fn position_of(source: &SourceFile, offset: usize) -> Position {
    let p = source.position(offset);
    Position {
        line: u32_of(p.line.saturating_sub(1)),
        character: u32_of(p.column_utf16.saturating_sub(1)),
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
fn offset_at(text: &str, p: Position) -> usize {
    let source = lsp_source("", text);
    let text = source.text();
    let line = p.line as usize;
    let Some(start) = source.line_start(line) else {
        return text.len();
    };
    let mut end = source.line_start(line + 1).unwrap_or(text.len());
    if text[..end].ends_with('\n') && end > start {
        end -= 1;
        if text[..end].ends_with('\r') && end > start {
            end -= 1;
        }
    }
    source
        .offset_of_utf16(line, p.character as usize)
        .clamp(start, end)
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
