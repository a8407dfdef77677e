//! A language client for tests: starts the real `clauselint lsp` binary and
//! speaks to it over its stdin and stdout with `Content-Length` framing.
//! Shared by `tests/lsp.rs` and `tests/hostile/lsp.rs` (included with
//! `#[path]`; each uses part of it).
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long to wait for a message the server must send. Not a timing
/// assertion: a generous bound that turns a hang into a failure.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// A language client for one server process.
pub struct Client {
    pub name: &'static str,
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications (and stray messages) read while waiting for a response.
    pub queue: VecDeque<Value>,
    next_id: i64,
    /// The server's standard error, as read so far.
    stderr: Arc<Mutex<String>>,
    /// Every message exchanged, printed when the client is dropped (in one
    /// piece, so that tests running in parallel do not interleave).
    transcript: String,
}

impl Client {
    pub fn start(name: &'static str, args: &[&str], dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_clauselint"))
            .args(args)
            .current_dir(dir)
            .env_remove("CLAUSELINT_TODAY")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start clauselint lsp");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0; 4096];
            while let Ok(n @ 1..) = err.read(&mut buf) {
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let transcript = format!(
            "\n=== transcript: {name} (clauselint {}) ===\n",
            args.join(" ")
        );
        Client {
            name,
            stdin: child.stdin.take(),
            child,
            incoming: rx,
            queue: VecDeque::new(),
            next_id: 1,
            stderr,
            transcript,
        }
    }

    pub fn log(&mut self, line: &str) {
        self.transcript.push_str(line);
        self.transcript.push('\n');
    }

    /// What the server wrote to its standard error so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn send(&mut self, message: Value) {
        self.log(&format!("--> {}", show(&message)));
        let body = serde_json::to_string(&message).unwrap();
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    /// Writes bytes as they are, framed or not. A server that stopped
    /// reading makes this fail, which is returned, not a panic.
    pub fn send_raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
        self.log(&format!("--> raw {} bytes: {shown:?}", bytes.len()));
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes)?;
        stdin.flush()
    }

    /// Sends a body in a frame, whatever it holds.
    pub fn send_body(&mut self, body: &[u8]) {
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body);
        self.send_raw(&frame).unwrap();
    }

    pub fn receive(&mut self) -> Value {
        match self.incoming.recv_timeout(TIMEOUT) {
            Ok(m) => {
                self.log(&format!("<-- {}", show(&m)));
                m
            }
            Err(RecvTimeoutError::Timeout) => panic!("{}: no message from the server", self.name),
            Err(RecvTimeoutError::Disconnected) => {
                panic!("{}: the server closed its output", self.name)
            }
        }
    }

    /// The next message, or None if the server closed its output.
    pub fn receive_or_end(&mut self) -> Option<Value> {
        match self.incoming.recv_timeout(TIMEOUT) {
            Ok(m) => {
                self.log(&format!("<-- {}", show(&m)));
                Some(m)
            }
            Err(RecvTimeoutError::Timeout) => panic!("{}: no message from the server", self.name),
            Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// The next response (a message with an id and no method), queueing
    /// notifications and requests from the server.
    pub fn response(&mut self) -> Value {
        if let Some(i) = self
            .queue
            .iter()
            .position(|m| m.get("id").is_some() && m.get("method").is_none())
        {
            return self.queue.remove(i).unwrap();
        }
        loop {
            let m = self.receive();
            if m.get("id").is_some() && m.get("method").is_none() {
                return m;
            }
            self.queue.push_back(m);
        }
    }

    /// Sends a request and returns its response (`result` or `error`);
    /// notifications that arrive first are queued.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.receive();
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
            self.queue.push_back(m);
        }
    }

    /// The result of a request that must succeed.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        assert!(response.get("result").is_some(), "{response}");
        response["result"].clone()
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next notification with this method (queued or read).
    pub fn notification(&mut self, method: &str) -> Value {
        if let Some(i) = self.queue.iter().position(|m| m["method"] == method) {
            return self.queue.remove(i).unwrap();
        }
        loop {
            let m = self.receive();
            if m["method"] == method {
                return m;
            }
            self.queue.push_back(m);
        }
    }

    /// The next publishDiagnostics for a document: its params.
    pub fn diagnostics_for(&mut self, uri: &str) -> Value {
        loop {
            let n = self.notification("textDocument/publishDiagnostics");
            if n["params"]["uri"] == uri {
                return n["params"].clone();
            }
        }
    }

    /// `initialize` with these params (capabilities and all), then
    /// `initialized`.
    pub fn initialize_with(&mut self, params: Value) -> Value {
        let result = self.call("initialize", params);
        self.notify("initialized", json!({}));
        result
    }

    pub fn initialize(&mut self) -> Value {
        self.initialize_with(json!({
            "processId": null,
            "rootUri": null,
            "capabilities": {
                "textDocument": {
                    "publishDiagnostics": {"relatedInformation": true},
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "codeAction": {"codeActionLiteralSupport": {
                        "codeActionKind": {"valueSet": ["quickfix"]}
                    }}
                }
            },
            "clientInfo": {"name": "clauselint-test"}
        }))
    }

    pub fn open(&mut self, uri: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {
                "uri": uri, "languageId": "markdown", "version": 1, "text": text
            }}),
        );
        self.diagnostics_for(uri)
    }

    /// Closes stdin after `exit` and waits for the process to end.
    pub fn wait_exit(&mut self) -> ExitStatus {
        self.stdin = None;
        self.wait_exit_within(Duration::from_secs(5))
    }

    /// Waits for the process to end by itself, its stdin still open.
    pub fn wait_exit_open(&mut self) -> ExitStatus {
        self.wait_exit_within(TIMEOUT)
    }

    fn wait_exit_within(&mut self, limit: Duration) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let line = format!("=== {}: server exited with {status} ===", self.name);
                self.log(&line);
                return status;
            }
            if start.elapsed() > limit {
                let _ = self.child.kill();
                panic!("{}: the server did not exit within {limit:?}", self.name);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let stderr = self.stderr();
        if !stderr.is_empty() {
            let shown: String = stderr.chars().take(4000).collect();
            self.log(&format!("=== stderr ===\n{shown}"));
        }
        println!("{}", self.transcript);
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Reads one framed message; None at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(": ")
            && name.eq_ignore_ascii_case("Content-Length")
        {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server sends JSON"))
}

/// A message for the transcript: a header line, then the JSON with long
/// strings shortened and every value that fits in 100 columns on one line.
fn show(message: &Value) -> String {
    fn shorten(v: &Value) -> Value {
        match v {
            Value::String(s) if s.chars().count() > 120 => {
                let head: String = s.chars().take(100).collect();
                Value::String(format!("{head}… ({} chars)", s.chars().count()))
            }
            Value::Array(a) => Value::Array(a.iter().map(shorten).collect()),
            Value::Object(o) => {
                Value::Object(o.iter().map(|(k, v)| (k.clone(), shorten(v))).collect())
            }
            v => v.clone(),
        }
    }
    fn layout(v: &Value, indent: usize, out: &mut String) {
        let compact = serde_json::to_string(v).unwrap();
        if indent + compact.len() <= 100 {
            out.push_str(&compact);
            return;
        }
        let pad = " ".repeat(indent + 2);
        let (open, close, items): (char, char, Vec<(Option<&String>, &Value)>) = match v {
            Value::Object(o) => ('{', '}', o.iter().map(|(k, v)| (Some(k), v)).collect()),
            Value::Array(a) => ('[', ']', a.iter().map(|v| (None, v)).collect()),
            _ => {
                out.push_str(&compact);
                return;
            }
        };
        out.push(open);
        for (i, (key, value)) in items.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push_str(&pad);
            if let Some(k) = key {
                out.push_str(&format!("{}: ", Value::String((*k).clone())));
            }
            layout(value, indent + 2, out);
        }
        out.push('\n');
        out.push_str(&" ".repeat(indent));
        out.push(close);
    }
    let header = match (message.get("id"), message.get("method")) {
        (Some(id), Some(m)) => format!("request {id} {}", m.as_str().unwrap_or("?")),
        (None, Some(m)) => format!("notification {}", m.as_str().unwrap_or("?")),
        (Some(id), None) => format!("response {id}"),
        (None, None) => "message".to_string(),
    };
    let mut out = format!("{header}\n");
    layout(&shorten(message), 0, &mut out);
    out
}

pub fn range(l0: u64, c0: u64, l1: u64, c1: u64) -> Value {
    json!({"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}})
}

pub fn pos(line: u64, character: u64) -> Value {
    json!({"line": line, "character": character})
}

/// The diagnostics of a rule in a publishDiagnostics' params.
pub fn of_rule<'a>(params: &'a Value, rule: &str) -> Vec<&'a Value> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == rule)
        .collect()
}

pub fn file_uri(path: &Path) -> String {
    // The test paths are ASCII without spaces: no percent-encoding needed.
    let s = path.display().to_string().replace('\\', "/");
    if s.starts_with('/') {
        format!("file://{s}")
    } else {
        format!("file:///{s}")
    }
}
