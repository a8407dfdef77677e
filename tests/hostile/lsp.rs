//! `clauselint lsp` against a hostile or broken client (issue 22, items 6
//! and 7): the real binary, over its stdin and stdout. Frames with absurd
//! or missing lengths, headers without line breaks, malformed JSON and odd
//! request ids get a JSON-RPC error (or a clean end when the stream cannot
//! be framed any more), never a panic; documents over the size cap are not
//! checked; bursts of changes are checked once; the configuration comes from
//! the workspace root and is reloaded when it changes. See
//! docs/security.md.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

#[path = "../common/lsp_client.rs"]
mod lsp_client;
use lsp_client::{Client, file_uri, of_rule, pos, range};

const INVALID_REQUEST: i64 = -32600;
const PARSE_ERROR: i64 = -32700;
const METHOD_NOT_FOUND: i64 = -32601;
const INVALID_PARAMS: i64 = -32602;

/// A weak prohibited-use clause; the finding's range is (8, 19)-(8, 114)
/// (see tests/lsp.rs for the counting).
const AUP: &str = "---
kind: aup
---

# Example Acceptable Use Policy

## Prohibited uses

Café — 😀 is open. You may not use the Services for facial recognition by police departments in the United States.

## Enforcement

We may suspend your access to the Services if you breach this policy.
";

const FACIAL: &str = "prohibited-use/facial-recognition-police";

fn tempdir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().canonicalize().unwrap();
    (dir, path)
}

/// A response that is a JSON-RPC error with this code; its message.
fn error_of(response: &Value, code: i64) -> String {
    assert_eq!(response["error"]["code"], code, "{response}");
    assert!(response.get("result").is_none(), "{response}");
    response["error"]["message"].as_str().unwrap().to_string()
}

/// The server ended by itself with exit code 1 (not 101, a panic, and not
/// a signal such as the abort of a failed allocation).
fn assert_clean_end(c: &mut Client) {
    let status = c.wait_exit_open();
    assert_eq!(status.code(), Some(1), "{status}");
    assert!(!c.stderr().contains("panicked"), "{}", c.stderr());
}

fn shutdown(c: &mut Client) {
    c.call("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(0));
}

// --- frames ------------------------------------------------------------------

#[test]
fn content_length_of_u64_max_is_refused_without_a_panic() {
    let (_dir, root) = tempdir();
    let mut c = Client::start("u64::MAX", &["lsp", "--no-config"], &root);
    // Before `initialize`, as the probe sent it.
    c.send_raw(b"Content-Length: 18446744073709551615\r\n\r\n")
        .unwrap();
    let response = c.response();
    assert_eq!(response["id"], Value::Null);
    let message = error_of(&response, INVALID_REQUEST);
    assert!(message.contains("18446744073709551615"), "{message}");
    // The server reads (and drops) what follows as that body; closing the
    // input ends it cleanly.
    c.send_raw(b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}")
        .unwrap();
    let status = c.wait_exit();
    assert_eq!(status.code(), Some(1), "{status}");
    assert!(!c.stderr().contains("panicked"), "{}", c.stderr());
}

#[test]
fn content_length_of_2_pow_40_is_refused_and_nothing_is_allocated() {
    let (_dir, root) = tempdir();
    let mut c = Client::start("2^40", &["lsp", "--no-config"], &root);
    c.initialize();
    c.send_raw(format!("Content-Length: {}\r\n\r\n{{}}", 1u64 << 40).as_bytes())
        .unwrap();
    let response = c.response();
    assert_eq!(response["id"], Value::Null);
    let message = error_of(&response, INVALID_REQUEST);
    assert!(message.contains("1099511627776"), "{message}");
    // The user is told, not only the log.
    let shown = c.notification("window/showMessage");
    let text = shown["params"]["message"].as_str().unwrap();
    assert!(text.contains("skipped"), "{shown}");
    let status = c.wait_exit();
    assert_eq!(status.code(), Some(1), "{status}");
    assert!(!c.stderr().contains("panicked"), "{}", c.stderr());
}

/// A message over the frame limit is answered, skipped in bounded chunks,
/// and the next message is read as usual.
#[test]
fn a_message_over_the_limit_is_skipped_and_the_next_one_answered() {
    let (_dir, root) = tempdir();
    // The frame limit follows the document size cap (twice it, plus 1 MiB
    // for the envelope): with a 1 KiB cap, a 3 MiB message is over it.
    let args = ["lsp", "--no-config", "--max-file-size", "1KiB"];
    let mut c = Client::start("over the limit", &args, &root);
    c.initialize();
    let request = br#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#;
    let mut body = request.to_vec();
    body.resize(3 << 20, b' ');
    c.send_body(&body);
    let response = c.response();
    assert_eq!(response["id"], Value::Null, "the request was not read");
    error_of(&response, INVALID_REQUEST);
    // The next request is the next thing answered: request 7 never was.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x.md"}, "position": pos(0, 0)}),
    );
    assert_eq!(hover["result"], Value::Null, "{hover}");
    assert!(
        c.queue.iter().all(|m| m.get("id").is_none()),
        "{:?}",
        c.queue
    );
    shutdown(&mut c);
}

/// A header line with no line break is read up to a bound, then the server
/// answers and ends: memory does not grow with the line.
#[test]
fn a_header_without_a_line_break_is_bounded() {
    let (_dir, root) = tempdir();
    let mut c = Client::start("endless header", &["lsp", "--no-config"], &root);
    c.initialize();
    let mut junk = b"Content-Length: 2\r\nX-Junk: ".to_vec();
    junk.resize(1 << 20, b'a');
    // The server stops reading: the write may fail, and that is fine.
    let _ = c.send_raw(&junk);
    let response = c.response();
    assert_eq!(response["id"], Value::Null);
    let message = error_of(&response, PARSE_ERROR);
    assert!(message.contains("header line"), "{message}");
    // It ends by itself, its input still open.
    assert_clean_end(&mut c);
}

/// Frames whose end cannot be known: answered once, then a clean end.
#[test]
fn unframeable_input_is_answered_then_the_server_ends() {
    let many_lines = "X-Header: y\r\n".repeat(100);
    let cases: [(&str, &str); 5] = [
        ("Content-Length: abc\r\n\r\n{}", "Content-Length"),
        ("Content-Length: -1\r\n\r\n{}", "Content-Length"),
        (
            "Content-Type: application/json\r\n\r\n{}",
            "no Content-Length",
        ),
        (&many_lines, "lines"),
        (
            "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
            "Content-Length",
        ),
    ];
    for (input, expected) in cases {
        let (_dir, root) = tempdir();
        let mut c = Client::start("unframeable", &["lsp", "--no-config"], &root);
        c.initialize();
        let _ = c.send_raw(input.as_bytes());
        let response = c.response();
        assert_eq!(response["id"], Value::Null, "{input:?}");
        let message = error_of(&response, PARSE_ERROR);
        assert!(message.contains(expected), "{input:?}: {message}");
        assert_clean_end(&mut c);
    }
}

/// The input ending inside a body is the end of the session, not a panic.
#[test]
fn input_ending_inside_a_body_ends_the_session() {
    let (_dir, root) = tempdir();
    let mut c = Client::start("truncated", &["lsp", "--no-config"], &root);
    c.initialize();
    c.send_raw(b"Content-Length: 100\r\n\r\n{\"jsonrpc\":")
        .unwrap();
    let status = c.wait_exit();
    assert_eq!(status.code(), Some(1), "{status}");
    assert!(!c.stderr().contains("panicked"), "{}", c.stderr());
    assert!(
        c.stderr().contains("ended inside a message"),
        "{}",
        c.stderr()
    );
}

// --- messages ----------------------------------------------------------------

/// Every malformed message gets an error reply (id null when its id cannot
/// be read), notifications never get one, and the server goes on.
#[test]
fn malformed_messages_get_errors_and_the_server_goes_on() {
    let (_dir, root) = tempdir();
    let mut c = Client::start("malformed", &["lsp", "--no-config"], &root);
    c.initialize();
    let cases: [(&[u8], Value, i64); 11] = [
        (br#"{"jsonrpc":"2.0","id":1,"method":"#, Value::Null, PARSE_ERROR),
        (b"\xff\xfe{}", Value::Null, PARSE_ERROR),
        (br#"{"jsonrpc":"2.0","id":1e400,"method":"x"}"#, Value::Null, PARSE_ERROR),
        (b"[]", Value::Null, INVALID_REQUEST),
        (
            br#"[{"jsonrpc":"2.0","id":3,"method":"shutdown"}]"#,
            Value::Null,
            INVALID_REQUEST,
        ),
        (br#""text""#, Value::Null, INVALID_REQUEST),
        (b"null", Value::Null, INVALID_REQUEST),
        (br#"{"jsonrpc":"2.0","id":5,"method":5}"#, json!(5), INVALID_REQUEST),
        (br#"{"jsonrpc":"2.0","method":7}"#, Value::Null, INVALID_REQUEST),
        (br#"{"jsonrpc":"2.0"}"#, Value::Null, INVALID_REQUEST),
        (
            br#"{"jsonrpc":"2.0","id":6,"method":"textDocument/hover","params":{"textDocument":5}}"#,
            json!(6),
            INVALID_PARAMS,
        ),
    ];
    for (body, id, code) in cases {
        c.send_body(body);
        let response = c.response();
        assert_eq!(response["id"], id, "{}", String::from_utf8_lossy(body));
        error_of(&response, code);
    }
    // A header line that is not `Name: value`, with a good length: the body
    // is skipped, the stream stays in step.
    c.send_raw(b"Content-Length: 2\r\nnonsense\r\n\r\n{}")
        .unwrap();
    let response = c.response();
    assert_eq!(response["id"], Value::Null);
    error_of(&response, PARSE_ERROR);
    // Notifications with bad params or unknown methods: no reply at all.
    c.send_body(br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":5}"#);
    c.send_body(br#"{"jsonrpc":"2.0","method":"textDocument/didChange"}"#);
    c.send_body(br#"{"jsonrpc":"2.0","method":"workspace/unheardOf","params":[1]}"#);
    c.send_body(br#"{"jsonrpc":"2.0","method":"$/unheardOf"}"#);
    // Responses from the client to nothing: ignored.
    c.send_body(br#"{"jsonrpc":"2.0","id":99,"result":null}"#);
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x.md"}, "position": pos(0, 0)}),
    );
    assert_eq!(hover["result"], Value::Null, "{hover}");
    assert!(
        c.queue.iter().all(|m| m.get("id").is_none()),
        "{:?}",
        c.queue
    );
    shutdown(&mut c);
}

/// Request ids are echoed exactly, whatever number or string they are; an
/// id that is neither gets an error with id null.
#[test]
fn odd_request_ids_are_answered_with_the_same_id() {
    let (_dir, root) = tempdir();
    let mut c = Client::start("odd ids", &["lsp", "--no-config"], &root);
    c.initialize();
    let echoed = [
        json!("abc"),
        json!(""),
        json!("\u{202e}\u{0}"),
        json!(0),
        json!(-1),
        json!(2_147_483_648u64),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(1.5),
        json!(1e300),
    ];
    for id in echoed {
        c.send(json!({"jsonrpc": "2.0", "id": id, "method": "clauselint/unheardOf"}));
        let response = c.response();
        assert_eq!(response["id"], id);
        error_of(&response, METHOD_NOT_FOUND);
        c.send(json!({"jsonrpc": "2.0", "id": id, "method": "$/unheardOf"}));
        let response = c.response();
        assert_eq!(response["id"], id);
        error_of(&response, METHOD_NOT_FOUND);
    }
    for id in [
        json!(null),
        json!({}),
        json!({"a": 1}),
        json!([1]),
        json!(true),
    ] {
        c.send(json!({"jsonrpc": "2.0", "id": id, "method": "shutdown"}));
        let response = c.response();
        assert_eq!(response["id"], Value::Null, "id {id}");
        let message = error_of(&response, INVALID_REQUEST);
        assert!(message.contains("id"), "{message}");
    }
    // Not shut down by any of those: a string id works for `shutdown` too.
    c.send(json!({"jsonrpc": "2.0", "id": "bye", "method": "shutdown"}));
    let response = c.response();
    assert_eq!(response["id"], "bye");
    assert_eq!(response["result"], Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(0));
}

// --- documents ---------------------------------------------------------------

/// A document over the size cap (the CLI's `--max-file-size`) is not
/// checked: one diagnostic says so.
#[test]
fn a_document_over_the_size_cap_is_not_checked() {
    let (_dir, root) = tempdir();
    let args = ["lsp", "--no-config", "--max-file-size", "1KiB"];
    let mut c = Client::start("size cap", &args, &root);
    c.initialize();
    let uri = file_uri(&root.join("big.md"));
    let big = format!("{AUP}\n{}", "Filler text. ".repeat(100));
    assert!(big.len() > 1024);
    let published = c.open(&uri, &big);
    assert_eq!(published["version"], 1);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{published}");
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(message.contains("too large"), "{message}");
    assert!(message.contains("1024 bytes (1 KiB)"), "{message}");
    assert_eq!(diagnostics[0]["range"], range(0, 0, 0, 0));
    // No hover, no quick fix on a document that was not checked.
    let hover = c.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos(8, 40)}),
    );
    assert_eq!(hover, Value::Null);

    // Under the cap again: checked.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": AUP}]}),
    );
    let published = c.diagnostics_for(&uri);
    assert_eq!(published["version"], 2);
    assert_eq!(of_rule(&published, FACIAL).len(), 1, "{published}");

    // A range edit that grows it past the cap: not checked.
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 3},
            "contentChanges": [{"range": range(13, 0, 13, 0), "text": "x".repeat(2000)}]
        }),
    );
    let published = c.diagnostics_for(&uri);
    assert_eq!(published["version"], 3);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{published}");
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("too large")
    );
    shutdown(&mut c);
}

/// A burst of changes is checked once, for its newest version: never a
/// queue of full re-checks of versions the client no longer has.
#[test]
fn a_burst_of_changes_is_checked_for_the_newest_version_only() {
    let (_dir, root) = tempdir();
    let mut c = Client::start("burst", &["lsp", "--no-config"], &root);
    c.initialize();
    let uri = file_uri(&root.join("aup.md"));
    let filler = "A paragraph about nothing in particular, to make the text long. ".repeat(300);
    let text = |v: u32| format!("{AUP}\n## Notes\n\nVersion {v}. {filler}\n");
    assert_eq!(c.open(&uri, &text(1))["version"], 1);
    // 200 changes, written in one go.
    let mut burst = Vec::new();
    for v in 2..=201u32 {
        let body = serde_json::to_vec(&json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {
                "textDocument": {"uri": uri, "version": v},
                "contentChanges": [{"text": text(v)}]
            }
        }))
        .unwrap();
        burst.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        burst.extend_from_slice(&body);
    }
    c.send_raw(&burst).unwrap();
    let mut versions = Vec::new();
    loop {
        let published = c.diagnostics_for(&uri);
        let version = published["version"].as_u64().unwrap();
        versions.push(version);
        if version == 201 {
            assert_eq!(of_rule(&published, FACIAL).len(), 1, "{published}");
            break;
        }
    }
    // Versions only go up, and few of the 199 outdated ones were checked and
    // published at all (one per pause in the client's writing at most).
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    assert!(versions.len() <= 10, "published {versions:?}");
    shutdown(&mut c);
}

/// A byte-order mark at the start of the client's text is a character of
/// line 0 for the client: columns after it count it.
#[test]
fn columns_after_a_leading_bom_count_it() {
    let (_dir, root) = tempdir();
    let mut c = Client::start("BOM", &["lsp", "--no-config"], &root);
    c.initialize();
    let uri = file_uri(&root.join("aup.md"));
    let text =
        "\u{feff}# Acceptable Use Policy\n\nYou may not use the Services to develop weapons.\n";
    let published = c.open(&uri, text);
    // The missing commitment points at the title: the BOM is character 0,
    // "# " characters 1-2, "Acceptable Use Policy" characters 3-23.
    let commitment = of_rule(&published, "human-rights/commitment");
    assert_eq!(commitment.len(), 1, "{published}");
    assert_eq!(commitment[0]["range"], range(0, 3, 0, 24));
    // Hover agrees with the client's positions at both ends.
    for (character, inside) in [(2, false), (3, true), (23, true), (24, false)] {
        let hover = c.call(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": pos(0, character)}),
        );
        assert_eq!(
            hover != Value::Null,
            inside,
            "character {character}: {hover}"
        );
    }
    shutdown(&mut c);
}

// --- configuration -------------------------------------------------------------

const CONTRACT: &str = "---
kind: contract
---

# Supply agreement

You may not use the Services to develop weapons.
";

fn initialize_in(c: &mut Client, root: &Path) {
    let uri = file_uri(root);
    let init = c.call(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri,
            "workspaceFolders": [{"uri": uri, "name": "terms"}],
            "capabilities": {
                "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}
            }
        }),
    );
    assert_eq!(init["serverInfo"]["name"], "clauselint");
    c.notify("initialized", json!({}));
}

fn audit_severity(published: &Value) -> Value {
    let audit = of_rule(published, "leverage/audit");
    assert_eq!(audit.len(), 1, "{published}");
    audit[0]["severity"].clone()
}

fn severity_config(severity: &str) -> String {
    format!("[rules.severity]\n\"leverage/audit\" = \"{severity}\"\n")
}

/// The configuration is the workspace root's, not the one of the directory
/// the editor started the server in; it is reloaded when it changes (on
/// the client's file-watch notification, and before a check when its
/// modification time changed), and a broken one is reported, not fatal.
#[test]
fn configuration_comes_from_the_workspace_root_and_is_reloaded() {
    let (_root_dir, root) = tempdir();
    let (_cwd_dir, cwd) = tempdir();
    let config = root.join("clauselint.toml");
    std::fs::write(&config, severity_config("note")).unwrap();
    let mut c = Client::start("workspace config", &["lsp"], &cwd);
    initialize_in(&mut c, &root);
    let uri = file_uri(&root.join("contracts/supplier.md"));
    let published = c.open(&uri, CONTRACT);
    assert_eq!(
        audit_severity(&published),
        3,
        "note, from the root's config"
    );

    // The server asks to be told when a configuration file changes.
    let register = c.notification("client/registerCapability");
    let registration = &register["params"]["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = registration["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap())
        .collect();
    assert!(globs.contains(&"**/clauselint.toml"), "{globs:?}");
    c.send(json!({"jsonrpc": "2.0", "id": register["id"], "result": null}));

    // Edited, and the client says so: re-checked without an edit.
    std::fs::write(&config, severity_config("error")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&config), "type": 2}]}),
    );
    let published = c.diagnostics_for(&uri);
    assert_eq!(published["version"], 1);
    assert_eq!(audit_severity(&published), 1, "error, reloaded");

    // Broken, and the client does not say so: found at the next check,
    // shown to the user; the last good configuration stays in force.
    std::fs::write(&config, "[rules.severity\n").unwrap();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": CONTRACT}]}),
    );
    let shown = c.notification("window/showMessage");
    assert_eq!(shown["params"]["type"], 1, "an error: {shown}");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(message.contains("clauselint.toml"), "{message}");
    let published = c.diagnostics_for(&uri);
    assert_eq!(published["version"], 2);
    assert_eq!(audit_severity(&published), 1);

    // Fixed: in force at the next check.
    std::fs::write(&config, severity_config("warning")).unwrap();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": CONTRACT}]}),
    );
    let published = c.diagnostics_for(&uri);
    assert_eq!(published["version"], 3);
    assert_eq!(audit_severity(&published), 2);
    shutdown(&mut c);
}

/// A configuration that cannot be loaded when the server starts (a syntax
/// error; a glob too large for the glob library, which panicked at start)
/// is shown to the client; documents say they were not checked; fixing the
/// file brings the checks back.
#[test]
fn a_broken_configuration_at_start_is_shown_not_fatal() {
    let huge_glob = format!(
        "[[kinds]]\nglob = \"{}\"\nkind = \"contract\"\n",
        "*".repeat(150_000)
    );
    for broken in ["[rules.severity\n".to_string(), huge_glob] {
        let (_root_dir, root) = tempdir();
        let (_cwd_dir, cwd) = tempdir();
        let config = root.join("clauselint.toml");
        std::fs::write(&config, &broken).unwrap();
        let mut c = Client::start("broken config", &["lsp"], &cwd);
        initialize_in(&mut c, &root);
        let shown = c.notification("window/showMessage");
        assert_eq!(shown["params"]["type"], 1, "an error: {shown}");
        let message = shown["params"]["message"].as_str().unwrap();
        assert!(message.contains("clauselint.toml"), "{message}");
        assert!(message.len() < 10_000, "not the whole file: {message}");

        let uri = file_uri(&root.join("supplier.md"));
        let published = c.open(&uri, CONTRACT);
        let diagnostics = published["diagnostics"].as_array().unwrap();
        assert_eq!(diagnostics.len(), 1, "{published}");
        assert_eq!(diagnostics[0]["severity"], 1);
        let message = diagnostics[0]["message"].as_str().unwrap();
        assert!(message.contains("not checked"), "{message}");

        std::fs::write(&config, severity_config("note")).unwrap();
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": CONTRACT}]}),
        );
        let published = c.diagnostics_for(&uri);
        assert_eq!(published["version"], 2);
        assert_eq!(audit_severity(&published), 3);
        shutdown(&mut c);
    }
}

/// The workspace's configuration is loaded with every check `clauselint
/// check` makes (docs/security.md): a pack outside the configuration's
/// directory is refused before it is read, so no byte of it reaches the
/// user, and documents say they were not checked.
#[test]
fn a_workspace_configuration_cannot_read_packs_outside_it() {
    let (_outer_dir, outer) = tempdir();
    let root = outer.join("repo");
    std::fs::create_dir_all(&root).unwrap();
    // Not TOML: a pack error would quote the line.
    std::fs::write(
        outer.join("secret.toml"),
        "[default]\naws_secret = AKIAEXAMPLESECRET\n",
    )
    .unwrap();
    std::fs::write(
        root.join("clauselint.toml"),
        "packs = [\"../secret.toml\"]\n",
    )
    .unwrap();
    let (_cwd_dir, cwd) = tempdir();
    let mut c = Client::start("outside pack", &["lsp"], &cwd);
    initialize_in(&mut c, &root);
    let shown = c.notification("window/showMessage");
    assert_eq!(shown["params"]["type"], 1, "an error: {shown}");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.contains("pack `../secret.toml` is outside the configuration's directory"),
        "{message}"
    );
    assert!(!message.contains("AKIAEXAMPLESECRET"), "{message}");
    assert!(!c.stderr().contains("AKIAEXAMPLESECRET"), "{}", c.stderr());

    let uri = file_uri(&root.join("supplier.md"));
    let published = c.open(&uri, CONTRACT);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{published}");
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(message.contains("not checked"), "{message}");
    shutdown(&mut c);
}

/// A configuration in the workspace owned by someone other than the user,
/// root or the owner of the workspace root is passed over, as `clauselint
/// check` passes it over, with a warning to the user naming it; documents
/// are checked without it.
#[test]
fn a_workspace_configuration_owned_by_someone_else_is_passed_over() {
    if !super::is_root() {
        println!("a_workspace_configuration_owned_by_someone_else: skipped: chown needs root");
        return;
    }
    let (_root_dir, root) = tempdir();
    let config = root.join("clauselint.toml");
    std::fs::write(&config, "[rules]\ndisable = [\"leverage\"]\n").unwrap();
    let ok = std::process::Command::new("chown")
        .args(["4242:4242", config.to_str().unwrap()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "chown");
    let (_cwd_dir, cwd) = tempdir();
    let mut c = Client::start("config of another user", &["lsp"], &cwd);
    initialize_in(&mut c, &root);
    let shown = c.notification("window/showMessage");
    assert_eq!(shown["params"]["type"], 2, "a warning: {shown}");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            "ignoring the configuration {}: it is owned by user 4242",
            config.display()
        )),
        "{message}"
    );
    let uri = file_uri(&root.join("contracts/supplier.md"));
    let published = c.open(&uri, CONTRACT);
    assert_eq!(
        of_rule(&published, "leverage/audit").len(),
        1,
        "checked without the passed-over configuration: {published}"
    );
    shutdown(&mut c);
}
