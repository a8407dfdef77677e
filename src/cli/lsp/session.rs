//! One session with a client: the protocol's phases, the dispatch of every
//! message, and when documents are checked.
//!
//! Changes are not checked as they arrive. A changed document is checked
//! [`QUIET`] after its last change (or, in a steady stream of changes,
//! [`MAX_WAIT`] after its first unchecked one), so a burst of edits costs
//! one check of the newest text. A check whose document changed
//! again meanwhile is not published: the client never gets diagnostics for
//! a version it no longer has.

use std::collections::VecDeque;
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use lsp_types::{
    CodeActionParams, HoverParams, MessageType, PublishDiagnosticsParams, ShowMessageParams,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::super::args::LspArgs;
use super::rpc::{self, Incoming, Output};
use super::workspace::{self, Workspace};
use super::{Checker, Server, initialize_result};

/// How long after its last change a document is checked.
const QUIET: Duration = Duration::from_millis(150);

/// The longest a changed document waits for the client to be quiet.
const MAX_WAIT: Duration = Duration::from_secs(1);

/// How many messages the reader thread reads ahead of the session (each at
/// most the frame limit); beyond that it waits, and so does the client.
pub const QUEUE: usize = 16;

/// Exit codes of the protocol: 0 after `shutdown` then `exit`, 1 for an
/// `exit` (or the client going away) without `shutdown`.
const EXIT_AFTER_SHUTDOWN: u8 = 0;
pub const EXIT_WITHOUT_SHUTDOWN: u8 = 1;

/// The id of the server's request to watch configuration files.
const WATCH_REQUEST_ID: &str = "clauselint/watch-configuration";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    /// Waiting for `initialize`.
    Starting,
    Running,
    /// `shutdown` answered; waiting for `exit`.
    ShutDown,
}

pub struct Session<W: Write> {
    incoming: Receiver<Incoming>,
    /// Messages taken from the channel early (to see whether a document
    /// changed while it was checked); handled before the channel's.
    backlog: VecDeque<Incoming>,
    out: Output<W>,
    phase: Phase,
    /// The command line, until `initialize` names the workspace.
    args: Option<LspArgs>,
    cwd: PathBuf,
    /// After `initialize`.
    workspace: Option<Workspace>,
    server: Option<Server>,
    /// The client can be asked to report changes to configuration files.
    can_watch: bool,
}

/// What to do next.
enum Next {
    Handle(Incoming),
    /// Quiet long enough: check the documents that wait.
    Check,
    /// The input ended.
    End,
}

impl<W: Write> Session<W> {
    pub fn new(args: LspArgs, incoming: Receiver<Incoming>, out: Output<W>) -> Self {
        Session {
            incoming,
            backlog: VecDeque::new(),
            out,
            phase: Phase::Starting,
            args: Some(args),
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            workspace: None,
            server: None,
            can_watch: false,
        }
    }

    /// Serves until `exit`, the end of the input or a closed output;
    /// returns the exit code.
    pub fn run(&mut self) -> u8 {
        loop {
            if self.out.closed {
                return EXIT_WITHOUT_SHUTDOWN;
            }
            match self.next() {
                Next::Handle(message) => {
                    if let Some(code) = self.handle(message) {
                        return code;
                    }
                }
                Next::Check => self.check_waiting(),
                Next::End => return self.end_code(),
            }
        }
    }

    fn end_code(&self) -> u8 {
        if self.phase == Phase::ShutDown {
            EXIT_AFTER_SHUTDOWN
        } else {
            EXIT_WITHOUT_SHUTDOWN
        }
    }

    fn next(&mut self) -> Next {
        if let Some(message) = self.backlog.pop_front() {
            return Next::Handle(message);
        }
        let deadline = self
            .server
            .as_ref()
            .and_then(|s| s.next_check(QUIET, MAX_WAIT));
        let Some(deadline) = deadline else {
            return self.incoming.recv().map_or(Next::End, Next::Handle);
        };
        let wait = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(wait) {
            Ok(message) => Next::Handle(message),
            Err(RecvTimeoutError::Timeout) => Next::Check,
            Err(RecvTimeoutError::Disconnected) => Next::End,
        }
    }

    /// Handles one message; Some(exit code) ends the session.
    fn handle(&mut self, message: Incoming) -> Option<u8> {
        match message {
            Incoming::Request { id, method, params } => self.request(id, &method, params),
            Incoming::Notification { method, params } => return self.notification(&method, params),
            Incoming::Response => {}
            Incoming::Invalid {
                id,
                code,
                message,
                show,
            } => {
                rpc::log(&message);
                self.out.error(id, code, &message);
                if show && self.phase == Phase::Running {
                    self.show(MessageType::WARNING, format!("clauselint: {message}"));
                }
            }
            Incoming::Fatal(message) => {
                rpc::log(&format!("{message}: the input cannot be read further"));
                self.out.error(Value::Null, rpc::PARSE_ERROR, &message);
                return Some(EXIT_WITHOUT_SHUTDOWN);
            }
        }
        None
    }

    fn request(&mut self, id: Value, method: &str, params: Value) {
        match (self.phase, method) {
            (Phase::Starting, "initialize") => self.initialize(id, &params),
            (Phase::Starting, _) => self.out.error(
                id,
                rpc::SERVER_NOT_INITIALIZED,
                "the server is not initialized",
            ),
            (Phase::Running, "initialize") => self.out.error(
                id,
                rpc::INVALID_REQUEST,
                "the server is already initialized",
            ),
            (Phase::Running, "shutdown") => {
                self.out.result(id, ());
                self.phase = Phase::ShutDown;
            }
            (Phase::Running, _) => self.document_request(id, method, params),
            (Phase::ShutDown, _) => self.out.error(
                id,
                rpc::INVALID_REQUEST,
                "the server is shut down; only `exit` is accepted",
            ),
        }
    }

    /// `initialize`: the workspace root names where the configuration is
    /// discovered. A configuration that cannot be loaded is shown to the
    /// user; the session goes on, and picks it up once it is fixed.
    fn initialize(&mut self, id: Value, params: &Value) {
        let Some(args) = self.args.take() else {
            return;
        };
        let root = workspace::root_of(params).unwrap_or_else(|| self.cwd.clone());
        self.can_watch = params["capabilities"]["workspace"]["didChangeWatchedFiles"]["dynamicRegistration"]
            == true;
        let mut workspace = Workspace::new(root, args.pack_args);
        let loaded = workspace.load();
        let mut server = Server::new(self.cwd.clone(), args.max_file_size);
        self.out.result(id, initialize_result());
        for note in workspace.take_notes() {
            self.show(MessageType::WARNING, note);
        }
        match loaded {
            Ok(setup) => server.checker = Some(Checker::new(setup)),
            Err(problem) => {
                self.show(MessageType::ERROR, problem.clone());
                server.config_error = Some(problem);
            }
        }
        self.workspace = Some(workspace);
        self.server = Some(server);
        self.phase = Phase::Running;
    }

    fn document_request(&mut self, id: Value, method: &str, params: Value) {
        match method {
            "textDocument/hover" => {
                let Some(p) = self.params::<HoverParams>(&id, method, params) else {
                    return;
                };
                let uri = p.text_document_position_params.text_document.uri.as_str();
                self.check_now(uri);
                let answer = self.compute(|s| s.hover(&p));
                self.answer(id, answer);
            }
            "textDocument/codeAction" => {
                let Some(p) = self.params::<CodeActionParams>(&id, method, params) else {
                    return;
                };
                self.check_now(p.text_document.uri.as_str());
                let answer = self.compute(|s| s.code_actions(&p));
                self.answer(id, answer);
            }
            _ => self.out.error(
                id,
                rpc::METHOD_NOT_FOUND,
                &format!("unhandled method `{method}`"),
            ),
        }
    }

    /// A request's params, or None after answering InvalidParams.
    fn params<P: DeserializeOwned>(
        &mut self,
        id: &Value,
        method: &str,
        params: Value,
    ) -> Option<P> {
        match serde_json::from_value(params) {
            Ok(p) => Some(p),
            Err(e) => {
                let message = format!("invalid params for `{method}`: {e}");
                self.out.error(id.clone(), rpc::INVALID_PARAMS, &message);
                None
            }
        }
    }

    /// Runs `f` on the server; None if it panicked (a bug, logged).
    fn compute<T>(&mut self, f: impl FnOnce(&mut Server) -> T) -> Option<T> {
        let server = self.server.as_mut()?;
        let result = catch_unwind(AssertUnwindSafe(|| f(server)));
        if result.is_err() {
            rpc::log("internal error (a bug)");
        }
        result.ok()
    }

    fn answer(&mut self, id: Value, answer: Option<impl Serialize>) {
        match answer {
            Some(result) => self.out.result(id, result),
            None => self
                .out
                .error(id, rpc::INTERNAL_ERROR, "internal error (a bug)"),
        }
    }

    fn notification(&mut self, method: &str, params: Value) -> Option<u8> {
        if method == "exit" {
            return Some(self.end_code());
        }
        if self.phase != Phase::Running {
            return None;
        }
        match method {
            "initialized" => self.watch_configuration(),
            "textDocument/didOpen" => {
                if let Some(p) = notification_params(method, params) {
                    self.compute(|s| s.open(p));
                }
            }
            "textDocument/didChange" => {
                if let Some(p) = notification_params(method, params) {
                    self.compute(|s| s.change(p));
                }
            }
            "textDocument/didClose" => {
                if let Some(p) = notification_params(method, params)
                    && let Some(Some(cleared)) = self.compute(|s| s.close(p))
                {
                    self.publish(cleared);
                }
            }
            "workspace/didChangeWatchedFiles" => {
                if self.reload_if_changed()
                    && let Some(server) = self.server.as_mut()
                {
                    server.recheck_all();
                }
            }
            // `$/cancelRequest`, `$/setTrace`, `didSave`, configuration
            // changes, anything unknown: nothing to do, and no reply.
            _ => {}
        }
        None
    }

    /// Asks the client to report changes to configuration files, if it can.
    fn watch_configuration(&mut self) {
        if !self.can_watch {
            return;
        }
        let mut names = vec![
            "clauselint.toml".to_string(),
            ".clauselint.toml".to_string(),
        ];
        if let Some(named) = self.workspace.as_ref().and_then(Workspace::named_config)
            && let Some(name) = named.file_name()
        {
            names.push(name.to_string_lossy().into_owned());
        }
        names.dedup();
        let watchers: Vec<Value> = names
            .iter()
            .map(|n| json!({"globPattern": format!("**/{n}")}))
            .collect();
        let params = json!({"registrations": [{
            "id": "clauselint-configuration",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": {"watchers": watchers}
        }]});
        self.out
            .request(WATCH_REQUEST_ID, "client/registerCapability", params);
    }

    /// Reloads the configuration and packs if a file they were read from
    /// changed. A broken one is shown; the last good one stays in force.
    fn reload_if_changed(&mut self) -> bool {
        let Some(workspace) = self.workspace.as_mut() else {
            return false;
        };
        if !workspace.changed() {
            return false;
        }
        let loaded = workspace.load();
        let notes = workspace.take_notes();
        for note in notes {
            self.show(MessageType::WARNING, note);
        }
        let Some(server) = self.server.as_mut() else {
            return false;
        };
        match loaded {
            Ok(setup) => {
                rpc::log("configuration reloaded");
                server.checker = Some(Checker::new(setup));
                server.config_error = None;
            }
            Err(problem) => {
                if server.checker.is_none() {
                    server.config_error = Some(problem.clone());
                }
                self.show(MessageType::ERROR, problem);
            }
        }
        true
    }

    /// Checks the documents whose wait is over (all of them if the
    /// configuration changed).
    fn check_waiting(&mut self) {
        let reloaded = self.reload_if_changed();
        let now = Instant::now();
        let due = match self.server.as_ref() {
            Some(s) => s.due(now, QUIET, MAX_WAIT, reloaded),
            None => return,
        };
        for uri in due {
            self.check(&uri, true);
        }
    }

    /// Checks a document now if it changed since its last check (before a
    /// request about it is answered).
    fn check_now(&mut self, uri: &str) {
        if self.reload_if_changed()
            && let Some(server) = self.server.as_mut()
        {
            server.recheck_all();
        }
        if self.server.as_ref().is_some_and(|s| s.waits(uri)) {
            self.check(uri, false);
        }
    }

    /// Checks a document and publishes the result, unless (`if_current`)
    /// the client changed it again meanwhile.
    fn check(&mut self, uri: &str, if_current: bool) {
        let Some(Some(published)) = self.compute(|s| s.check(uri)) else {
            return;
        };
        if if_current && self.changed_again(uri) {
            return;
        }
        self.publish(published);
    }

    /// Whether a change or close of `uri` is waiting to be handled; what
    /// the channel holds is moved to the backlog to look at it.
    fn changed_again(&mut self, uri: &str) -> bool {
        while self.backlog.len() < QUEUE {
            match self.incoming.try_recv() {
                Ok(message) => self.backlog.push_back(message),
                Err(_) => break,
            }
        }
        self.backlog.iter().any(|m| match m {
            Incoming::Notification { method, params } => {
                matches!(
                    method.as_str(),
                    "textDocument/didChange" | "textDocument/didClose"
                ) && params["textDocument"]["uri"].as_str() == Some(uri)
            }
            _ => false,
        })
    }

    fn publish(&mut self, params: PublishDiagnosticsParams) {
        self.out.notify("textDocument/publishDiagnostics", params);
    }

    fn show(&mut self, typ: MessageType, message: String) {
        self.out
            .notify("window/showMessage", ShowMessageParams { typ, message });
    }
}

/// A notification's params; None (logged: a notification gets no reply)
/// if they are not what the method takes.
fn notification_params<P: DeserializeOwned>(method: &str, params: Value) -> Option<P> {
    match serde_json::from_value(params) {
        Ok(p) => Some(p),
        Err(e) => {
            rpc::log(&format!("invalid params for `{method}`: {e}"));
            None
        }
    }
}
