//! Configuration files, waivers and inline suppressions, through the binary.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const AUP: &str = "---\nkind: aup\n---\n# Harbor Acceptable Use Policy\n\n## Prohibited uses\n\nYou must not use the Services for facial recognition by police departments in the United States.\n\nWe may suspend your account if you breach this Policy.\n";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clauselint"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("CLAUSELINT_TODAY", "2026-11-22")
        .args(args)
        .output()
        .expect("run clauselint")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn findings(v: &Value) -> Vec<&Value> {
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["findings"].as_array().unwrap())
        .collect()
}

fn rules_of(v: &Value) -> Vec<String> {
    findings(v)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("terms/archive")).unwrap();
    std::fs::write(dir.path().join("terms/aup.md"), AUP).unwrap();
    std::fs::write(dir.path().join("terms/archive/old.md"), AUP).unwrap();
    std::fs::write(dir.path().join("clauselint.toml"), config).unwrap();
    dir
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn config_is_discovered_from_a_subdirectory() {
    let dir = project("fail-on = \"never\"\n");
    let out = run(&dir.path().join("terms"), &["check", "aup.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The command line wins over the config; --no-config ignores it.
    let out = run(
        &dir.path().join("terms"),
        &["check", "aup.md", "--fail-on", "warning"],
    );
    assert_eq!(out.status.code(), Some(1));
    let out = run(
        &dir.path().join("terms"),
        &["check", "aup.md", "--no-config"],
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn config_named_on_the_command_line() {
    let dir = project("");
    std::fs::write(dir.path().join("other.toml"), "fail-on = \"never\"\n").unwrap();
    let out = run(
        dir.path(),
        &["check", "terms/aup.md", "--config", "other.toml"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn unknown_keys_and_bad_values_are_pointed_errors() {
    let dir = project("fail-on = \"never\"\n[rules]\nenabel = [\"x\"]\n");
    let out = run(dir.path(), &["check", "terms/aup.md"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("enabel"), "{err}");
    assert!(err.contains("clauselint.toml:3:1"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let dir = project("fail-on = \"sometimes\"\n");
    let out = run(dir.path(), &["check", "terms/aup.md"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("unknown fail-on value `sometimes`"), "{err}");
    assert!(err.contains("clauselint.toml:1:11"), "{err}");

    let dir = project("[rules]\ndisable = [\"leverage/trainnig\"]\n");
    let out = run(dir.path(), &["check", "terms/aup.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown rule or pack `leverage/trainnig`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn rules_disable_severity_and_enable() {
    let dir = project(
        "[rules]\ndisable = [\"human-rights\"]\n[rules.severity]\n\"prohibited-use/facial-recognition-police\" = \"error\"\n",
    );
    let v = json(&run(
        dir.path(),
        &["check", "terms/aup.md", "--format", "json"],
    ));
    let rules = rules_of(&v);
    assert!(
        !rules.iter().any(|r| r.starts_with("human-rights/")),
        "{rules:?}"
    );
    let fr = findings(&v)
        .into_iter()
        .find(|f| f["rule"] == "prohibited-use/facial-recognition-police")
        .unwrap();
    assert_eq!(fr["severity"], "error");
    assert_eq!(fr["kind"], "weak");

    let dir = project(
        "[rules]\nenable = [\"leverage/suspension\", \"prohibited-use/facial-recognition-police\"]\n",
    );
    let v = json(&run(
        dir.path(),
        &["check", "terms/aup.md", "--format", "json"],
    ));
    let concepts: Vec<&str> = v["documents"][0]["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["concept"].as_str().unwrap())
        .collect();
    assert_eq!(
        concepts,
        [
            "prohibited-use/facial-recognition-police",
            "leverage/suspension"
        ]
    );
}

#[test]
fn include_exclude_and_kinds() {
    let dir = project(
        "exclude = [\"terms/archive/**\"]\n[[kinds]]\nglob = \"terms/*.md\"\nkind = \"contract\"\n",
    );
    let v = json(&run(dir.path(), &["check", "terms", "--format", "json"]));
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1, "the archive is excluded");
    assert_eq!(docs[0]["path"], "terms/aup.md");
    // [[kinds]] wins over front matter; --kind wins over both.
    assert_eq!(docs[0]["kind"], "contract");
    assert_eq!(docs[0]["kind_source"], "config");
    let v = json(&run(
        dir.path(),
        &["check", "terms/aup.md", "--format", "json", "--kind", "tos"],
    ));
    assert_eq!(v["documents"][0]["kind_source"], "cli");
    // A file named on the command line is checked even if excluded.
    let v = json(&run(
        dir.path(),
        &["check", "terms/archive/old.md", "--format", "json"],
    ));
    assert_eq!(v["documents"].as_array().unwrap().len(), 1);
}

const WAIVER: &str = "[[waiver]]\ndocuments = \"terms/*.md\"\nrule = \"prohibited-use/facial-recognition-police\"\nreason = \"US-only by design: reviewed with counsel.\"\napproved-by = \"A. Counsel\"\nexpires = 2027-06-30\n";

#[test]
fn a_waiver_keeps_the_finding_but_not_the_failure() {
    let dir = project(&format!(
        "[rules]\nenable = [\"prohibited-use/facial-recognition-police\"]\n{WAIVER}"
    ));
    let out = run(dir.path(), &["check", "terms/aup.md", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the only finding is waived: {}",
        stderr(&out)
    );
    let v = json(&out);
    let f = findings(&v);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["waived"], true);
    assert_eq!(
        f[0]["waiver"]["reason"],
        "US-only by design: reviewed with counsel."
    );
    assert_eq!(f[0]["waiver"]["approved_by"], "A. Counsel");
    assert_eq!(f[0]["waiver"]["expires"], "2027-06-30");
    assert_eq!(v["summary"]["waived"], 1);
    assert_eq!(v["summary"]["warnings"], 0);
    assert!(!stderr(&out).contains("note:"), "{}", stderr(&out));
}

#[test]
fn expired_and_unused_waivers_are_reported() {
    let expired = WAIVER.replace("2027-06-30", "2026-01-31");
    let dir = project(&format!(
        "[rules]\nenable = [\"prohibited-use/facial-recognition-police\"]\n{expired}"
    ));
    let out = run(dir.path(), &["check", "terms/aup.md", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "an expired waiver waives nothing"
    );
    assert_eq!(findings(&json(&out))[0]["waived"], false);
    let err = stderr(&out);
    assert!(
        err.contains("note: ") && err.contains("expired on 2026-01-31"),
        "{err}"
    );
    assert!(err.contains("clauselint.toml:3:1"), "{err}");

    let unused = WAIVER.replace("facial-recognition-police", "predictive-policing");
    let dir = project(&format!(
        "[rules]\nenable = [\"prohibited-use/facial-recognition-police\"]\n{unused}"
    ));
    let out = run(dir.path(), &["check", "terms/aup.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("waived nothing"), "{}", stderr(&out));
}

#[test]
fn a_waiver_needs_a_reason() {
    let dir = project(&WAIVER.replace("US-only by design: reviewed with counsel.", " "));
    let out = run(dir.path(), &["check", "terms/aup.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("a waiver needs a reason"),
        "{}",
        stderr(&out)
    );
}

fn suppressed(doc: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.md"), doc).unwrap();
    json(&run(
        dir.path(),
        &[
            "check",
            "doc.md",
            "--format",
            "json",
            "--no-config",
            "--rule",
            "prohibited-use/facial-recognition-police",
        ],
    ))
}

#[test]
fn suppression_comments() {
    let clause = "You must not use the Services for facial recognition by police departments in the United States.";
    let head = "---\nkind: aup\n---\n# Policy\n\nWe may suspend your account if you breach this Policy.\n\n";
    // No suppression: one weak finding.
    assert_eq!(
        rules_of(&suppressed(&format!("{head}{clause}\n"))),
        ["prohibited-use/facial-recognition-police"]
    );
    // The next line.
    let v = suppressed(&format!(
        "{head}<!-- clauselint-disable-next-line prohibited-use/facial-recognition-police -->\n{clause}\n"
    ));
    assert!(findings(&v).is_empty(), "{v}");
    // A region, by pack id.
    let v = suppressed(&format!(
        "{head}<!-- clauselint-disable prohibited-use -->\n{clause}\n<!-- clauselint-enable prohibited-use -->\n"
    ));
    assert!(findings(&v).is_empty(), "{v}");
    // The whole file, every rule.
    let v = suppressed(&format!(
        "{head}{clause}\n\n<!-- clauselint-disable-file -->\n"
    ));
    assert!(findings(&v).is_empty(), "{v}");
    // A region that ended before the clause suppresses nothing: reported.
    let v = suppressed(&format!(
        "{head}<!-- clauselint-disable prohibited-use -->\n<!-- clauselint-enable prohibited-use -->\n\n{clause}\n"
    ));
    let mut kinds: Vec<&str> = findings(&v)
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    kinds.sort();
    assert_eq!(kinds, ["unused-suppression", "weak"]);
    let note = findings(&v)
        .into_iter()
        .find(|f| f["kind"] == "unused-suppression")
        .unwrap();
    assert_eq!(note["rule"], "clauselint/unused-suppression");
    assert_eq!(note["severity"], "note");
    assert_eq!(note["span"]["line"], 8);
    // An unknown rule id in a suppression is reported too.
    let v = suppressed(&format!(
        "{head}<!-- clauselint-disable-next-line prohibited-use/facial-recogniton -->\n{clause}\n"
    ));
    let messages: Vec<&str> = findings(&v)
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`prohibited-use/facial-recogniton` is not a loaded rule")),
        "{messages:?}"
    );
}

#[test]
fn init_writes_a_commented_config_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join("clauselint.toml")).unwrap();
    assert!(text.starts_with("# clauselint configuration"));
    // The template is a valid configuration as written.
    std::fs::write(dir.path().join("a.md"), AUP).unwrap();
    let out = run(dir.path(), &["check", "a.md"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // A second init does not overwrite it.
    std::fs::write(dir.path().join("clauselint.toml"), "fail-on = \"never\"\n").unwrap();
    let out = run(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("clauselint.toml")).unwrap(),
        "fail-on = \"never\"\n"
    );
    assert_eq!(run(dir.path(), &["init", "--force"]).status.code(), Some(0));
}

#[test]
fn config_packs_load_relative_to_the_config() {
    let dir = project("packs = [\"packs/mine.toml\"]\n");
    std::fs::create_dir_all(dir.path().join("packs")).unwrap();
    std::fs::write(
        dir.path().join("packs/mine.toml"),
        "[pack]\nid = \"mine\"\nname = \"Mine\"\n\n[[rule]]\nid = \"mine/harbor\"\nname = \"Harbor named\"\nsummary = \"s\"\nexpected-in = [\"aup\"]\n[[rule.pattern]]\nall = [[\"harbor\"]]\n",
    )
    .unwrap();
    let out = run(&dir.path().join("terms"), &["rules", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mine = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "mine/harbor")
        .expect("the config's pack is loaded");
    assert!(
        mine["source"]
            .as_str()
            .unwrap()
            .ends_with("packs/mine.toml"),
        "{mine}"
    );
}
