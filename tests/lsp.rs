//! `clauselint lsp` end to end: the real binary, spoken to over its stdin and
//! stdout with `Content-Length` framing by the small client below.
//!
//! `cargo test --test lsp -- --nocapture` prints a transcript of every JSON
//! message exchanged (long strings shortened).
//!
//! Every expected position was counted by hand from the documents below; the
//! comments show the counting. LSP positions are 0-based lines and 0-based
//! UTF-16 code units.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(30);

/// A language client for one server process.
struct Client {
    name: &'static str,
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications (and stray messages) read while waiting for a response.
    queue: VecDeque<Value>,
    next_id: i64,
    /// Every message exchanged, printed when the client is dropped (in one
    /// piece, so that tests running in parallel do not interleave).
    transcript: String,
}

impl Client {
    fn start(name: &'static str, args: &[&str], dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_clauselint"))
            .args(args)
            .current_dir(dir)
            .env_remove("CLAUSELINT_TODAY")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
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
            transcript,
        }
    }

    fn log(&mut self, line: &str) {
        self.transcript.push_str(line);
        self.transcript.push('\n');
    }

    fn send(&mut self, message: Value) {
        self.log(&format!("--> {}", show(&message)));
        let body = serde_json::to_string(&message).unwrap();
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
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

    /// Sends a request and returns its response (`result` or `error`);
    /// notifications that arrive first are queued.
    fn request(&mut self, method: &str, params: Value) -> Value {
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
    fn call(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        assert!(response.get("result").is_some(), "{response}");
        response["result"].clone()
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next notification with this method (queued or read).
    fn notification(&mut self, method: &str) -> Value {
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
    fn diagnostics_for(&mut self, uri: &str) -> Value {
        loop {
            let n = self.notification("textDocument/publishDiagnostics");
            if n["params"]["uri"] == uri {
                return n["params"].clone();
            }
        }
    }

    fn initialize(&mut self) -> Value {
        let result = self.call(
            "initialize",
            json!({
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
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    fn open(&mut self, uri: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {
                "uri": uri, "languageId": "markdown", "version": 1, "text": text
            }}),
        );
        self.diagnostics_for(uri)
    }

    /// Closes stdin after `exit` and waits for the process to end.
    fn wait_exit(&mut self) -> ExitStatus {
        self.stdin = None;
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let line = format!("=== {}: server exited with {status} ===", self.name);
                self.log(&line);
                return status;
            }
            if start.elapsed() > Duration::from_secs(5) {
                let _ = self.child.kill();
                panic!("{}: the server did not exit within 5 s", self.name);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
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

fn range(l0: u64, c0: u64, l1: u64, c1: u64) -> Value {
    json!({"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}})
}

fn pos(line: u64, character: u64) -> Value {
    json!({"line": line, "character": character})
}

/// The diagnostics of a rule in a publishDiagnostics' params.
fn of_rule<'a>(params: &'a Value, rule: &str) -> Vec<&'a Value> {
    params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == rule)
        .collect()
}

/// One section of `clauselint explain RULE`, without its heading.
fn explain_section(rule: &str, heading: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_clauselint"))
        .args(["explain", "--no-config", rule])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let start = text
        .find(&format!("{heading}\n"))
        .unwrap_or_else(|| panic!("no `{heading}` in explain {rule}"))
        + heading.len();
    let rest = &text[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    rest[..end].trim().to_string()
}

fn file_uri(path: &Path) -> String {
    // The test paths are ASCII without spaces: no percent-encoding needed.
    let s = path.display().to_string().replace('\\', "/");
    if s.starts_with('/') {
        format!("file://{s}")
    } else {
        format!("file:///{s}")
    }
}

/// An acceptable-use policy. Line 8 (0-based) has non-ASCII text before a
/// weak clause.
const AUP: &str = "---
kind: aup
---

# Example Acceptable Use Policy

## Prohibited uses

Café — 😀 is open. You may not use the Services for facial recognition by police departments in the United States.

## Enforcement

We may suspend your access to the Services if you breach this policy.

## Contact

Write to us at abuse@example.com.
";

const FACIAL: &str = "prohibited-use/facial-recognition-police";

#[test]
fn lsp_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Client::start("session", &["lsp", "--no-config"], dir.path());

    // --- initialize -----------------------------------------------------
    let init = c.initialize();
    let caps = &init["capabilities"];
    assert_eq!(caps["textDocumentSync"], 1, "full sync: {caps}");
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix"])
    );
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "clauselint");

    // --- didOpen: diagnostics in UTF-16 positions ---------------------------
    let uri = file_uri(&dir.path().join("policies/aup.md"));
    let published = c.open(&uri, AUP);
    assert_eq!(published["version"], 1);
    let facial = of_rule(&published, FACIAL);
    assert_eq!(facial.len(), 1, "{published}");
    let d = facial[0];
    // Line 8: "Café — 😀 is open. You may not …"
    // C a f é 0-3, space 4, — 5, space 6, 😀 7-8 (two UTF-16 units: a
    // surrogate pair), space 9, "is" 10-11, space 12, "open." 13-17,
    // space 18: "You" starts at character 19. The clause is 95 ASCII
    // characters: it ends at character 19 + 95 = 114.
    assert_eq!(d["range"], range(8, 19, 8, 114));
    assert_eq!(d["severity"], 2, "warning");
    assert_eq!(d["code"], FACIAL);
    assert_eq!(d["source"], "clauselint");
    assert_eq!(
        d["codeDescription"]["href"],
        "https://github.com/clauselint/clauselint/blob/main/rules/prohibited-use.toml"
    );
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("weakened (scope-limited)"),
        "{d}"
    );
    // The feature label: "in the United States" is characters 75-94 of the
    // clause (1-based): 19 + 74 = 93 to 93 + 20 = 113.
    let related = d["relatedInformation"].as_array().unwrap();
    assert_eq!(related.len(), 1, "{d}");
    assert_eq!(related[0]["location"]["uri"], uri.as_str());
    assert_eq!(related[0]["location"]["range"], range(8, 93, 8, 113));
    assert!(
        related[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("scope-limited: "),
        "{d}"
    );
    // A missing clause points at the heading of its section: "## Prohibited
    // uses" is line 6, its text characters 3-18.
    let surveillance = of_rule(&published, "prohibited-use/surveillance");
    assert_eq!(surveillance.len(), 1);
    assert_eq!(surveillance[0]["range"], range(6, 3, 6, 18));
    assert_eq!(
        surveillance[0]["relatedInformation"][0]["message"],
        "the clause belongs in this section"
    );

    // --- hover ------------------------------------------------------------
    let looks_for = explain_section(FACIAL, "## What it looks for");
    let hover = c.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos(8, 40)}),
    );
    assert_eq!(hover["contents"]["kind"], "markdown");
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("## What it looks for"), "{md}");
    assert!(md.contains(&looks_for), "{md}");
    assert!(md.contains(&format!("**{FACIAL} — ")), "{md}");
    assert_eq!(hover["range"], range(8, 19, 8, 114));
    // The first character of the clause is inside; the space before it (the
    // 19th UTF-16 unit, after the two-unit emoji) is not.
    let first = c.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos(8, 19)}),
    );
    assert_eq!(first["range"], range(8, 19, 8, 114));
    for outside in [pos(8, 18), pos(8, 3), pos(9, 0), pos(12, 5)] {
        let none = c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": outside}),
        );
        assert_eq!(none["result"], Value::Null, "hover at {outside}: {none}");
        assert!(none.get("error").is_none());
    }

    // --- code action: insert the model clause --------------------------------
    let model = explain_section("prohibited-use/surveillance", "## Model clause");
    let model: Vec<&str> = model
        .lines()
        .map(|l| l.strip_prefix("> ").unwrap_or(l.trim_start_matches('>')))
        .collect();
    let model = model.join("\n");
    let actions = c.call(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": range(6, 5, 6, 5),
            "context": {"diagnostics": [], "only": ["quickfix"]}
        }),
    );
    let actions = actions.as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Insert model clause for prohibited-use/surveillance"),
        "{titles:?}"
    );
    // Only the missing findings on the "Prohibited uses" heading.
    assert!(
        titles.iter().all(|t| t.contains("prohibited-use/")),
        "{titles:?}"
    );
    let action = actions
        .iter()
        .find(|a| a["title"] == "Insert model clause for prohibited-use/surveillance")
        .unwrap();
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(
        action["diagnostics"][0]["code"],
        "prohibited-use/surveillance"
    );
    let edits = action["edit"]["changes"][uri.as_str()].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    // The "Prohibited uses" section (level 2) ends where the next level-2
    // heading, "## Enforcement" on line 10, starts; a blank line is already
    // there, so the clause is followed by one.
    assert_eq!(edits[0]["range"], range(10, 0, 10, 0));
    assert_eq!(edits[0]["newText"], format!("{model}\n\n"));
    assert!(edits[0]["newText"].as_str().unwrap().contains(&model));

    // A missing finding on the title goes at the end of the document: line 17
    // is the empty line after the final newline.
    let actions = c.call(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": range(4, 0, 4, 10),
            "context": {"diagnostics": []}
        }),
    );
    let commitment = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Insert model clause for human-rights/commitment")
        .unwrap_or_else(|| panic!("{actions}"));
    let edit = &commitment["edit"]["changes"][uri.as_str()][0];
    assert_eq!(edit["range"], range(17, 0, 17, 0));
    let text = edit["newText"].as_str().unwrap();
    assert!(text.starts_with('\n') && text.ends_with(".\n"), "{text:?}");
    // No missing finding on the weak clause's line.
    let none = c.call(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": range(8, 0, 8, 30),
            "context": {"diagnostics": []}
        }),
    );
    assert_eq!(none, json!([]));

    // --- didChange: the clause is fixed ------------------------------------------
    let fixed = AUP.replace(
        "police departments in the United States.",
        "police departments anywhere in the world.",
    );
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": fixed}]
        }),
    );
    let published = c.diagnostics_for(&uri);
    assert_eq!(published["version"], 2);
    assert!(of_rule(&published, FACIAL).is_empty(), "{published}");
    assert!(of_rule(&published, "prohibited-use/biometric-identification").is_empty());
    assert_eq!(of_rule(&published, "prohibited-use/surveillance").len(), 1);
    // The hover follows the new text: nothing on the fixed clause.
    let gone = c.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos(8, 40)}),
    );
    assert_eq!(gone, Value::Null);

    // --- bad input ------------------------------------------------------
    let unknown = c.request("textDocument/definition", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "MethodNotFound");
    let bad = c.request("textDocument/hover", json!({"position": "here"}));
    assert_eq!(bad["error"]["code"], -32602, "InvalidParams");
    let not_open = c.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere.md"}, "position": pos(0, 0)}),
    );
    assert_eq!(not_open, Value::Null);
    let past_end = c.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos(4000, 4_000_000_000u64)}),
    );
    assert_eq!(past_end, Value::Null);
    let past_end = c.call(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": range(500, 0, 900, 7),
            "context": {"diagnostics": []}
        }),
    );
    assert_eq!(past_end, json!([]));
    c.notify("textDocument/didChange", json!({"textDocument": 5}));
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": "file:///nowhere.md", "version": 3},
            "contentChanges": [{"text": "x"}]
        }),
    );
    c.notify("workspace/somethingNew", json!(null));

    // --- didClose clears the diagnostics -----------------------------------------
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let cleared = c.diagnostics_for(&uri);
    assert_eq!(cleared["diagnostics"], json!([]));

    // --- shutdown, exit ---------------------------------------------------------
    let shutdown = c.request("shutdown", Value::Null);
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    assert_eq!(shutdown["result"], Value::Null);
    assert!(shutdown.as_object().unwrap().contains_key("result"));
    let after = c.request("textDocument/hover", json!({}));
    assert_eq!(
        after["error"]["code"], -32600,
        "InvalidRequest after shutdown"
    );
    c.notify("exit", Value::Null);
    let status = c.wait_exit();
    assert_eq!(status.code(), Some(0));
    assert!(
        c.queue.iter().all(|m| m.get("method").is_some()),
        "{:?}",
        c.queue
    );
}

/// LSP clients end lines at a lone CR too: a document with CR line endings
/// gets the same positions as with LF, and a range edit lands where the
/// client means it.
#[test]
fn lone_cr_line_endings_are_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Client::start("lone CR", &["lsp", "--no-config"], dir.path());
    c.initialize();
    let uri = file_uri(&dir.path().join("aup.md"));
    let published = c.open(&uri, &AUP.replace('\n', "\r"));
    let facial = of_rule(&published, FACIAL);
    assert_eq!(facial.len(), 1, "{published}");
    assert_eq!(facial[0]["range"], range(8, 19, 8, 114));
    let surveillance = of_rule(&published, "prohibited-use/surveillance");
    assert_eq!(surveillance[0]["range"], range(6, 3, 6, 18));
    // Replace "in the United States" (line 8, characters 93-113) by "anywhere":
    // the restriction is global now, so the finding goes.
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": range(8, 93, 8, 113), "text": "anywhere"}]
        }),
    );
    let published = c.diagnostics_for(&uri);
    assert_eq!(published["version"], 2);
    assert!(of_rule(&published, FACIAL).is_empty(), "{published}");
    assert_eq!(of_rule(&published, "prohibited-use/surveillance").len(), 1);
    c.call("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(0));
}

#[test]
fn exit_without_shutdown_is_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Client::start("exit without shutdown", &["lsp", "--no-config"], dir.path());
    c.initialize();
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(1));
}

#[test]
fn requests_before_initialize_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Client::start("before initialize", &["lsp", "--no-config"], dir.path());
    let early = c.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "ServerNotInitialized");
    c.initialize();
    let again = c.request("initialize", json!({"capabilities": {}}));
    assert_eq!(again["error"]["code"], -32600);
    c.call("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(0));
}

const CONTRACT: &str = "# Acceptable Use Policy

You may not use the Services to develop weapons.
";

/// The configuration is discovered from the working directory as on the
/// command line: `[[kinds]]` by the document's path, waivers, severities.
#[test]
fn configuration_applies() {
    let dir = tempfile::tempdir().unwrap();
    let root: PathBuf = dir.path().canonicalize().unwrap();
    std::fs::write(
        root.join("clauselint.toml"),
        r#"
[rules.severity]
"leverage/audit" = "note"

[[kinds]]
glob = "contracts/**"
kind = "contract"

[[waiver]]
documents = "contracts/*.md"
rule = "leverage/training"
reason = "Training is in the master services schedule."
"#,
    )
    .unwrap();
    let mut c = Client::start("configuration", &["lsp"], &root);
    c.initialize();

    // Under contracts/: a contract by the config, though its title says
    // acceptable-use policy; the training finding is waived.
    let uri = file_uri(&root.join("contracts/supplier.md"));
    let published = c.open(&uri, CONTRACT);
    let audit = of_rule(&published, "leverage/audit");
    assert_eq!(audit.len(), 1, "{published}");
    assert_eq!(audit[0]["severity"], 3, "note → Information");
    assert!(
        of_rule(&published, "leverage/training").is_empty(),
        "waived"
    );

    // Elsewhere, the same text as a contract by front matter: not waived.
    let uri = file_uri(&root.join("drafts/supplier.md"));
    let published = c.open(&uri, &format!("---\nkind: contract\n---\n\n{CONTRACT}"));
    assert_eq!(of_rule(&published, "leverage/training").len(), 1);
    assert_eq!(of_rule(&published, "leverage/audit")[0]["severity"], 3);

    // Elsewhere without front matter: the heuristic (an AUP has no audit rule).
    let uri = file_uri(&root.join("drafts/aup.md"));
    let published = c.open(&uri, CONTRACT);
    assert!(
        of_rule(&published, "leverage/audit").is_empty(),
        "{published}"
    );

    c.call("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(0));
}
