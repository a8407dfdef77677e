//! `clauselint lsp` end to end: the real binary, spoken to over its stdin and
//! stdout with `Content-Length` framing by the small client in
//! `common/lsp_client.rs`.
//!
//! `cargo test --test lsp -- --nocapture` prints a transcript of every JSON
//! message exchanged (long strings shortened).
//!
//! Every expected position was counted by hand from the documents below; the
//! comments show the counting. LSP positions are 0-based lines and 0-based
//! UTF-16 code units.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{Value, json};

#[path = "common/lsp_client.rs"]
mod lsp_client;
use lsp_client::{Client, file_uri, of_rule, pos, range};

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
