//! The command line: exit codes, input errors, selection, output formats,
//! directory walking, colour, `rules` and `explain`, and snapshots of the
//! output for the documents in `fixtures/format/`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from `dir`, with no colour-related environment.
fn clauselint_in(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clauselint"));
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR");
    cmd
}

fn clauselint() -> Command {
    clauselint_in(&root())
}

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    let o = Output {
        code: out.status.code().expect("killed by a signal"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(
        !o.stderr.contains("panicked"),
        "clauselint panicked:\n{}",
        o.stderr
    );
    o
}

fn check(args: &[&str]) -> Output {
    run(clauselint().arg("check").args(args))
}

fn json(o: &Output) -> Value {
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("bad JSON ({e}):\n{}", o.stdout))
}

fn ids<'a>(items: &'a Value, key: &str) -> Vec<&'a str> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x[key].as_str().unwrap())
        .collect()
}

/// The one-line summary the human output ends with, built from the JSON
/// summary of the same run.
fn summary_line(summary: &Value) -> String {
    let n = |k: &str| summary[k].as_u64().unwrap();
    let plural = |n: u64, w: &str| {
        if n == 1 {
            format!("1 {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    let mut line = format!(
        "clauselint: {} checked: {}, {}, {} ({} missing, {} weak, {} permitted)",
        plural(n("documents"), "document"),
        plural(n("errors"), "error"),
        plural(n("warnings"), "warning"),
        plural(n("notes"), "note"),
        n("missing"),
        n("weak"),
        n("permitted"),
    );
    if n("input_errors") > 0 {
        line.push_str(&format!(
            "; {} could not be read",
            plural(n("input_errors"), "file")
        ));
    }
    line
}

const UNICODE: &str = "fixtures/format/unicode.md";
const CLEAN: &str = "fixtures/format/clean.md";
const PERMITTED: &str = "fixtures/format/permitted.md";

// ---------------------------------------------------------------------------
// Exit codes.

#[test]
fn exit_0_and_summary_when_there_are_no_findings() {
    let o = check(&["--color", "never", CLEAN]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert_eq!(
        o.stdout,
        "▶ fixtures/format/clean.md kind other (front matter says `kind: other`), no findings\n\
         clauselint: 1 document checked: 0 errors, 0 warnings, 0 notes \
         (0 missing, 0 weak, 0 permitted)\n"
    );
    assert_eq!(o.stderr, "");
}

#[test]
fn exit_1_for_warnings_at_the_default_fail_level() {
    let o = check(&["--format", "json", UNICODE]);
    assert_eq!(o.code, 1);
    let v = json(&o);
    assert!(v["summary"]["warnings"].as_u64().unwrap() > 0);
    assert_eq!(v["summary"]["errors"], 0);
    // Explicitly the same as the default.
    assert_eq!(check(&["--fail-on", "warning", UNICODE]).code, 1);
}

#[test]
fn fail_on_levels_decide_the_exit_code() {
    // unicode.md has warnings only; permitted.md has one error.
    assert_eq!(check(&["--fail-on", "never", UNICODE]).code, 0);
    assert_eq!(check(&["--fail-on", "error", UNICODE]).code, 0);
    assert_eq!(check(&["--fail-on", "note", UNICODE]).code, 1);
    assert_eq!(check(&["--fail-on", "error", PERMITTED]).code, 1);
    assert_eq!(check(&["--fail-on", "never", PERMITTED]).code, 0);
}

#[test]
fn exit_0_when_every_selected_concept_is_present() {
    // unicode.md has a suspension right, and no other leverage concept is
    // expected in an AUP.
    let o = check(&["--color", "never", "--rule", "leverage/suspension", UNICODE]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert!(o.stdout.contains("), no findings\n"), "{}", o.stdout);
    let o = check(&["--format", "json", "--pack", "leverage", UNICODE]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    let v = json(&o);
    assert_eq!(v["documents"][0]["findings"], serde_json::json!([]));
    let suspension = v["documents"][0]["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["concept"] == "leverage/suspension")
        .unwrap();
    assert_eq!(suspension["status"], "present");
    assert_eq!(suspension["expected"], true);
}

#[test]
fn nonexistent_path_exits_2_names_it_and_still_checks_the_others() {
    let o = check(&[
        "--color",
        "never",
        "fixtures/format/no-such-policy.md",
        CLEAN,
    ]);
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr,
        "error: fixtures/format/no-such-policy.md: no such file or directory\n"
    );
    assert!(
        o.stdout
            .starts_with("▶ fixtures/format/clean.md kind other"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.ends_with(
            "clauselint: 1 document checked: 0 errors, 0 warnings, 0 notes \
             (0 missing, 0 weak, 0 permitted); 1 file could not be read\n"
        ),
        "{}",
        o.stdout
    );
}

#[test]
fn nonexistent_path_in_json_is_an_error_entry() {
    let o = check(&[
        "--format",
        "json",
        "fixtures/format/no-such-policy.md",
        CLEAN,
    ]);
    assert_eq!(o.code, 2);
    assert_eq!(o.stderr, "", "JSON output carries the errors itself");
    let v = json(&o);
    assert_eq!(ids(&v["documents"], "path"), [CLEAN]);
    assert_eq!(
        v["errors"],
        serde_json::json!([{
            "path": "fixtures/format/no-such-policy.md",
            "message": "no such file or directory",
            "line": null,
            "column": null,
            "offset": null,
        }])
    );
    assert_eq!(v["summary"]["input_errors"], 1);
    assert_eq!(v["summary"]["documents"], 1);
}

#[test]
fn unknown_rule_pack_or_trace_is_a_usage_error() {
    let o = check(&["--rule", "prohibited-use/nope", CLEAN]);
    assert_eq!(o.code, 2);
    assert_eq!(o.stdout, "");
    assert_eq!(
        o.stderr,
        "error: unknown rule `prohibited-use/nope` (see `clauselint rules`)\n"
    );

    let o = check(&["--pack", "nope", CLEAN]);
    assert_eq!(o.code, 2);
    assert_eq!(o.stdout, "");
    assert_eq!(
        o.stderr,
        "error: unknown pack `nope` (loaded: human-rights, prohibited-use, leverage)\n"
    );

    let o = check(&["--trace", "leverage/nope", CLEAN]);
    assert_eq!(o.code, 2);
    assert_eq!(o.stdout, "");
    assert!(
        o.stderr.contains("unknown rule `leverage/nope`"),
        "{}",
        o.stderr
    );
}

#[test]
fn bad_option_values_are_usage_errors() {
    let o = check(&["--kind", "poem", CLEAN]);
    assert_eq!(o.code, 2);
    assert_eq!(o.stdout, "");
    assert!(
        o.stderr.contains("unknown document kind `poem`"),
        "{}",
        o.stderr
    );
    let o = check(&["--fail-on", "sometimes", CLEAN]);
    assert_eq!(o.code, 2);
    assert_eq!(o.stdout, "");
}

/// A temporary directory holding the given files.
fn temp_docs(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

const GOOD: &[u8] = b"---\nkind: other\n---\n# Notes\n\nNothing here binds anyone.\n";
// `poem` is on line 3, column 7, byte 19 ("---\n" 4 + "title: x\n" 9 + "kind: " 6).
const BAD_KIND: &[u8] = b"---\ntitle: x\nkind: poem\n---\n# Policy\n";
// 0xff is at byte 22: "# Policy\n\n" (10) + "Hello caf" (9) + "\xc3\xa9" (2)
// + " " (1); line 3, column 12.
const BAD_BYTES: &[u8] = b"# Policy\n\nHello caf\xc3\xa9 \xff bad.\n";

#[test]
fn bad_kind_in_front_matter_exits_2_with_file_and_line() {
    let dir = temp_docs(&[("bad-kind.md", BAD_KIND), ("good.md", GOOD)]);
    let o = run(clauselint_in(dir.path()).args([
        "check",
        "--color",
        "never",
        "bad-kind.md",
        "good.md",
    ]));
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("bad-kind.md: unknown document kind `poem` (expected one of:"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("[bad-kind.md:3:7]"), "{}", o.stderr);
    assert!(o.stderr.contains(" 3 │ kind: poem"), "{}", o.stderr);
    // The other document is still reported.
    assert!(o.stdout.starts_with("▶ good.md kind other"), "{}", o.stdout);
    assert!(
        o.stdout.ends_with("; 1 file could not be read\n"),
        "{}",
        o.stdout
    );

    let o = run(clauselint_in(dir.path()).args([
        "check",
        "--format",
        "json",
        "bad-kind.md",
        "good.md",
    ]));
    assert_eq!(o.code, 2);
    let v = json(&o);
    assert_eq!(ids(&v["documents"], "path"), ["good.md"]);
    let e = &v["errors"][0];
    assert_eq!(e["path"], "bad-kind.md");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown document kind `poem`")
    );
    assert_eq!(e["line"], 3);
    assert_eq!(e["column"], 7);
    assert_eq!(e["offset"], 19);
}

#[test]
fn invalid_utf8_exits_2_with_the_byte_offset() {
    let dir = temp_docs(&[("bad-bytes.md", BAD_BYTES), ("good.md", GOOD)]);
    let o = run(clauselint_in(dir.path()).args([
        "check",
        "--color",
        "never",
        "good.md",
        "bad-bytes.md",
    ]));
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr,
        "error: bad-bytes.md:3:12: not valid UTF-8 (byte 0xff at offset 22)\n"
    );
    assert!(o.stdout.starts_with("▶ good.md kind other"), "{}", o.stdout);

    let o = run(clauselint_in(dir.path()).args([
        "check",
        "--format",
        "json",
        "good.md",
        "bad-bytes.md",
    ]));
    assert_eq!(o.code, 2);
    let v = json(&o);
    assert_eq!(ids(&v["documents"], "path"), ["good.md"]);
    assert_eq!(
        v["errors"],
        serde_json::json!([{
            "path": "bad-bytes.md",
            "message": "not valid UTF-8: byte 0xff at offset 22",
            "line": 3,
            "column": 12,
            "offset": 22,
        }])
    );
}

#[test]
fn invalid_utf8_after_a_byte_order_mark_does_not_count_it_as_a_column() {
    // BOM, "ab", then 0xff at byte 5: line 1, column 3.
    let dir = temp_docs(&[("bom-bad.md", b"\xef\xbb\xbfab\xff\n")]);
    let o = run(clauselint_in(dir.path()).args(["check", "--format", "json", "bom-bad.md"]));
    assert_eq!(o.code, 2);
    let e = &json(&o)["errors"][0];
    assert_eq!(e["offset"], 5);
    assert_eq!(e["line"], 1);
    assert_eq!(e["column"], 3);
}

#[test]
fn stdin_invalid_utf8_names_the_stdin_filename() {
    let o = run(clauselint()
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "piped.md",
            "-",
        ])
        .write_stdin(BAD_BYTES.to_vec()));
    assert_eq!(o.code, 2);
    let v = json(&o);
    assert_eq!(v["errors"][0]["path"], "piped.md");
    assert_eq!(v["errors"][0]["offset"], 22);
    assert_eq!(v["documents"], serde_json::json!([]));
}

// ---------------------------------------------------------------------------
// Selection.

#[test]
fn pack_selection_keeps_only_that_packs_findings_and_coverage() {
    let all = json(&check(&["--format", "json", UNICODE]));
    let o = check(&["--format", "json", "--pack", "prohibited-use", UNICODE]);
    assert_eq!(o.code, 1);
    let only = json(&o);
    let doc = &only["documents"][0];
    let rules = ids(&doc["findings"], "rule");
    assert!(!rules.is_empty());
    assert!(
        rules.iter().all(|r| r.starts_with("prohibited-use/")),
        "{rules:?}"
    );
    // Exactly the unfiltered run's prohibited-use findings, in order.
    let expected: Vec<&Value> = all["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("prohibited-use/"))
        .collect();
    let got: Vec<&Value> = doc["findings"].as_array().unwrap().iter().collect();
    assert_eq!(got, expected);
    assert!(
        ids(&all["documents"][0]["findings"], "rule")
            .iter()
            .any(|r| r.starts_with("human-rights/")),
        "the unfiltered run has findings of other packs"
    );
    let concepts = ids(&doc["coverage"], "concept");
    assert_eq!(concepts.len(), 9, "{concepts:?}");
    assert!(concepts.iter().all(|c| c.starts_with("prohibited-use/")));
}

#[test]
fn rule_selection_keeps_only_those_rules() {
    let rule = "prohibited-use/facial-recognition-police";
    let v = json(&check(&["--format", "json", "--rule", rule, UNICODE]));
    let doc = &v["documents"][0];
    assert_eq!(ids(&doc["findings"], "rule"), [rule]);
    assert_eq!(ids(&doc["coverage"], "concept"), [rule]);
    assert_eq!(v["summary"]["weak"], 1);
    assert_eq!(v["summary"]["missing"], 0);

    // Comma-separated and repeated: coverage keeps rule order.
    let v = json(&check(&[
        "--format",
        "json",
        "--rule",
        "leverage/suspension,prohibited-use/weapons-military",
        "--rule",
        "human-rights/commitment",
        UNICODE,
    ]));
    let doc = &v["documents"][0];
    assert_eq!(
        ids(&doc["coverage"], "concept"),
        [
            "human-rights/commitment",
            "prohibited-use/weapons-military",
            "leverage/suspension",
        ]
    );
    // Suspension is present in unicode.md: no finding for it.
    assert_eq!(
        ids(&doc["findings"], "rule"),
        ["human-rights/commitment", "prohibited-use/weapons-military"]
    );
}

// ---------------------------------------------------------------------------
// Output formats.

#[test]
fn json_has_the_documented_top_level_keys() {
    let o = check(&["--format", "json", CLEAN, UNICODE]);
    let v = json(&o);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "config",
            "documents",
            "errors",
            "summary",
            "tool",
            "version"
        ]
    );
    assert_eq!(v["version"], 1);
    assert_eq!(
        v["tool"],
        serde_json::json!({"name": "clauselint", "version": env!("CARGO_PKG_VERSION")})
    );
    assert_eq!(ids(&v["documents"], "path"), [CLEAN, UNICODE]);
    assert_eq!(v["errors"], serde_json::json!([]));
    let mut summary_keys: Vec<&str> = v["summary"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    summary_keys.sort();
    assert_eq!(
        summary_keys,
        [
            "documents",
            "errors",
            "input_errors",
            "missing",
            "notes",
            "permitted",
            "unused_suppressions",
            "waived",
            "warnings",
            "weak",
        ]
    );
    // One document per line, as documented for streaming readers.
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", o.stdout);
    assert!(lines[1].starts_with("{\"path\":\"fixtures/format/clean.md\""));
    assert!(lines[2].starts_with(",{\"path\":\"fixtures/format/unicode.md\""));
    assert!(lines[3].starts_with("],\"errors\":[]"));
}

#[test]
fn documents_are_reported_in_input_order() {
    let order = [
        "fixtures/format/unicode.md",
        "fixtures/format/bom.md",
        "fixtures/format/abbreviations.md",
        "fixtures/format/clean.md",
        "fixtures/format/acceptable-use-numbered.txt",
    ];
    let mut args = vec!["--format", "json", "--threads", "4"];
    args.extend(order);
    let v = json(&check(&args));
    assert_eq!(ids(&v["documents"], "path"), order);
}

#[test]
fn one_worker_and_several_write_the_same_output() {
    // With one worker the main thread renders each document; with several,
    // the workers do. Every format must come out the same either way.
    for format in [
        "human",
        "concise",
        "json",
        "json-lines",
        "sarif",
        "github",
        "junit",
    ] {
        let run = |threads: &str| {
            check(&[
                "--format",
                format,
                "--color",
                "always",
                "--threads",
                threads,
                "fixtures",
            ])
        };
        let (one, two) = (run("1"), run("2"));
        assert_eq!(one.code, 1, "{format}: {}", one.stderr);
        assert_eq!(two.code, 1, "{format}: {}", two.stderr);
        assert!(one.stdout.len() > 10_000, "{format}: {}", one.stdout);
        assert_eq!(one.stdout, two.stdout, "{format}");
        assert_eq!(one.stderr, two.stderr, "{format}");
    }
}

#[test]
fn human_output_has_rule_help_and_summary() {
    let human = check(&["--color", "never", UNICODE]);
    assert_eq!(human.code, 1);
    let v = json(&check(&["--format", "json", UNICODE]));
    let doc = &v["documents"][0];
    let n = doc["findings"].as_array().unwrap().len();
    assert!(
        human.stdout.starts_with(&format!(
            "▶ fixtures/format/unicode.md kind aup (front matter says `kind: aup`), {n} findings\n"
        )),
        "{}",
        human.stdout
    );
    // Every finding shows its rule id and its help.
    for f in doc["findings"].as_array().unwrap() {
        let rule = f["rule"].as_str().unwrap();
        assert!(
            human.stdout.contains(&format!("\n{rule}\n")),
            "{rule} missing from\n{}",
            human.stdout
        );
        let help = f["help"].as_str().unwrap();
        let first_word = help.split_whitespace().next().unwrap();
        assert!(human.stdout.contains(&format!("  help: {first_word}")));
    }
    assert_eq!(human.stdout.matches("\n  help: ").count(), n);
    assert!(
        human
            .stdout
            .contains("╰── scope-limited: limited to one jurisdiction")
    );
    let last = human.stdout.lines().last().unwrap();
    assert_eq!(last, summary_line(&v["summary"]));
    assert!(last.starts_with("clauselint: 1 document checked: 0 errors, "));
}

#[test]
fn human_output_location_uses_the_same_column_as_json() {
    // JSON: the scope-limited label of unicode.md starts at line 8, column
    // 119; the human header says `unicode.md:8:130` (bytes).
    let o = check(&[
        "--color",
        "never",
        "--rule",
        "prohibited-use/facial-recognition-police",
        UNICODE,
    ]);
    assert!(
        o.stdout.contains("[fixtures/format/unicode.md:8:119]"),
        "{}",
        o.stdout
    );
    // bom.md: the title is line 1, column 3 in JSON; the header says 1:6.
    let o = check(&[
        "--color",
        "never",
        "--rule",
        "prohibited-use/deception",
        "fixtures/format/bom.md",
    ]);
    assert!(
        o.stdout.contains("[fixtures/format/bom.md:1:3]"),
        "{}",
        o.stdout
    );
}

#[test]
fn coverage_table_lists_every_concept() {
    let o = check(&["--color", "never", "--coverage", "fixtures/format/bom.md"]);
    let v = json(&check(&["--format", "json", "fixtures/format/bom.md"]));
    let doc = &v["documents"][0];
    assert!(
        o.stdout
            .contains("Coverage of fixtures/format/bom.md (aup):\n"),
        "{}",
        o.stdout
    );
    for c in doc["coverage"].as_array().unwrap() {
        let concept = c["concept"].as_str().unwrap();
        let row = o
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{concept} ")))
            .unwrap_or_else(|| panic!("no row for {concept}"));
        let status = c["status"].as_str().unwrap();
        assert!(row.contains(status), "{row}");
    }
    assert!(
        o.stdout.contains(
            "  prohibited-use/surveillance               weak     yes       lawfulness-only (line 3)\n"
        ),
        "{}",
        o.stdout
    );
}

// ---------------------------------------------------------------------------
// Colour.

#[test]
fn no_color_and_color_never_write_no_escapes_color_always_does() {
    let plain = run(clauselint().args(["check", UNICODE]).env("NO_COLOR", "1"));
    assert_eq!(plain.code, 1);
    assert!(!plain.stdout.contains('\x1b'), "{}", plain.stdout);
    assert!(
        plain
            .stdout
            .contains("prohibited-use/facial-recognition-police")
    );

    let never = check(&["--color", "never", UNICODE]);
    assert!(!never.stdout.contains('\x1b'));
    assert_eq!(never.stdout, plain.stdout);

    let always = check(&["--color", "always", UNICODE]);
    assert!(always.stdout.contains("\x1b["), "{}", always.stdout);
    assert!(
        always
            .stdout
            .contains("\x1b[1mfixtures/format/unicode.md\x1b[0m")
    );
    // An explicit --color always wins over NO_COLOR.
    let forced = run(clauselint()
        .args(["check", "--color", "always", UNICODE])
        .env("NO_COLOR", "1"));
    assert!(forced.stdout.contains("\x1b["));
}

// ---------------------------------------------------------------------------
// Directories.

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn directories_are_walked_recursively_sorted_and_respect_gitignore() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // The `ignore` crate honours .gitignore only inside a git repository.
    let git = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir)
        .status();
    if !git.is_ok_and(|s| s.success()) {
        std::fs::create_dir(dir.join(".git")).unwrap();
    }
    let doc = "# Notes\n\nNothing here binds anyone.\n";
    for name in [
        "docs/b.md",
        "docs/a.txt",
        "docs/notes.rst",
        "docs/page.html",
        "docs/sub/c.markdown",
        "docs/sub/Y.MD",
        "docs/sub/deeper/d.md",
        "docs/sub/local-draft.md",
        "docs/ignored/e.md",
        "docs/skip.md",
    ] {
        write(dir, name, doc);
    }
    write(dir, ".gitignore", "ignored/\nskip.md\n");
    write(dir, "docs/sub/.gitignore", "local-draft.md\n");

    let o = run(clauselint_in(dir).args(["check", "--format", "json", "docs"]));
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let v = json(&o);
    assert_eq!(
        ids(&v["documents"], "path"),
        [
            "docs/a.txt",
            "docs/b.md",
            "docs/sub/Y.MD",
            "docs/sub/c.markdown",
            "docs/sub/deeper/d.md",
        ]
    );
    assert_eq!(v["documents"][0]["format"], "plain-text");
    assert_eq!(v["documents"][3]["format"], "markdown");

    // An ignored file named on the command line is still checked.
    let o = run(clauselint_in(dir).args(["check", "--format", "json", "docs/skip.md"]));
    assert_eq!(ids(&json(&o)["documents"], "path"), ["docs/skip.md"]);
}

// ---------------------------------------------------------------------------
// Examples.

#[test]
fn examples_directory_is_checked_without_panicking() {
    let human = check(&["--color", "never", "fixtures/examples/"]);
    assert!(
        matches!(human.code, 0 | 1),
        "exit {}: {}",
        human.code,
        human.stderr
    );
    assert_eq!(human.stderr, "");
    let v = json(&check(&["--format", "json", "fixtures/examples/"]));
    assert_eq!(v["errors"], serde_json::json!([]));
    let paths = ids(&v["documents"], "path");
    for p in [
        "fixtures/examples/acme-vision-aup.md",
        "fixtures/examples/northwind-cloud-agreement.md",
        "fixtures/examples/open-model-license.txt",
    ] {
        assert!(paths.contains(&p), "{paths:?}");
        assert!(human.stdout.contains(&format!("▶ {p} kind ")));
    }
    assert_eq!(
        human.stdout.lines().last().unwrap(),
        summary_line(&v["summary"])
    );
}

// ---------------------------------------------------------------------------
// `rules` and `explain`.

#[test]
fn rules_lists_the_25_built_in_rules() {
    let o = run(clauselint().arg("rules"));
    assert_eq!(o.code, 0);
    let rows: Vec<&str> = o
        .stdout
        .lines()
        .filter(|l| l.split_whitespace().next().is_some_and(|w| w.contains('/')))
        .collect();
    assert_eq!(rows.len(), 25, "{}", o.stdout);
    assert!(o.stdout.starts_with("rule "));
    assert!(o.stdout.contains(
        "\n25 rules in 3 packs (human-rights, prohibited-use, leverage). \
         `clauselint explain RULE` for details.\n"
    ));
    assert!(
        rows.iter()
            .any(|r| r.starts_with("prohibited-use/permitted-high-risk  ")
                && r.contains(" error ")
                && r.ends_with("every kind"))
    );
}

#[test]
fn rules_json_gives_id_pack_and_source() {
    let o = run(clauselint().args(["rules", "--format", "json"]));
    assert_eq!(o.code, 0);
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    let rules = v.as_array().unwrap();
    assert_eq!(rules.len(), 25);
    let mut seen = std::collections::BTreeSet::new();
    for r in rules {
        let id = r["id"].as_str().unwrap();
        let pack = r["pack"].as_str().unwrap();
        assert!(seen.insert(id), "duplicate {id}");
        assert_eq!(id.split_once('/').unwrap().0, pack, "{r}");
        assert_eq!(r["source"], format!("builtin:{pack}.toml"));
        assert!(
            matches!(r["type"].as_str(), Some("concept" | "permitted")),
            "{r}"
        );
    }
    let packs: std::collections::BTreeSet<&str> =
        rules.iter().map(|r| r["pack"].as_str().unwrap()).collect();
    assert_eq!(
        packs.into_iter().collect::<Vec<_>>(),
        ["human-rights", "leverage", "prohibited-use"]
    );
    let surveillance = rules
        .iter()
        .find(|r| r["id"] == "prohibited-use/surveillance")
        .unwrap();
    assert_eq!(surveillance["type"], "concept");
    assert_eq!(surveillance["enabled"], true);
    assert_eq!(
        surveillance["expected_in"],
        serde_json::json!(["aup", "product-terms", "contract", "license"])
    );
}

#[test]
fn explain_prints_the_sections_of_a_rule() {
    let o = run(clauselint().args(["explain", "prohibited-use/surveillance"]));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout.starts_with("prohibited-use/surveillance — "),
        "{}",
        o.stdout
    );
    for section in [
        "\n## What it looks for\n",
        "\n## Why it matters\n",
        "\n## Model clause\n",
    ] {
        assert!(
            o.stdout.contains(section),
            "no {section:?} in\n{}",
            o.stdout
        );
    }
    let what = o.stdout.find("## What it looks for").unwrap();
    let why = o.stdout.find("## Why it matters").unwrap();
    let model = o.stdout.find("## Model clause").unwrap();
    assert!(what < why && why < model);
    // The model clause is quoted.
    let after = &o.stdout[model..];
    assert!(after.lines().nth(2).unwrap().starts_with("> "), "{after}");
    assert!(
        o.stdout
            .contains("Expected in: aup, product-terms, contract, license\n")
    );
}

#[test]
fn explain_of_an_unknown_rule_exits_2() {
    let o = run(clauselint().args(["explain", "prohibited-use/nope"]));
    assert_eq!(o.code, 2);
    assert_eq!(o.stdout, "");
    assert_eq!(
        o.stderr,
        "error: unknown rule `prohibited-use/nope`\n  run `clauselint rules` for the list\n"
    );
    let o = run(clauselint().args(["explain", "surveillance"]));
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr,
        "error: unknown rule `surveillance`\n  did you mean: prohibited-use/surveillance\n"
    );
}

// ---------------------------------------------------------------------------
// Snapshots of fixtures/format/ (not of fixtures/examples, which change).

fn human_snapshot(args: &[&str]) -> String {
    let mut all = vec!["--color", "never"];
    all.extend(args);
    let o = check(&all);
    assert!(matches!(o.code, 0 | 1));
    assert_eq!(o.stderr, "");
    o.stdout
}

fn json_snapshot(args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend(args);
    let mut v = json(&check(&all));
    v["tool"]["version"] = "[version]".into();
    v
}

#[test]
fn snapshot_human_plain_text_with_coverage() {
    insta::assert_snapshot!(
        "human_acceptable_use_numbered_txt",
        human_snapshot(&["--coverage", "fixtures/format/acceptable-use-numbered.txt"])
    );
}

#[test]
fn snapshot_human_html() {
    insta::assert_snapshot!(
        "human_html_md",
        human_snapshot(&["fixtures/format/html.md"])
    );
}

#[test]
fn snapshot_human_several_documents() {
    insta::assert_snapshot!(
        "human_abbreviations_tabs_permitted",
        human_snapshot(&[
            "fixtures/format/abbreviations.md",
            "fixtures/format/tabs.md",
            "fixtures/format/permitted.md",
        ])
    );
}

#[test]
fn snapshot_json_unicode() {
    insta::assert_json_snapshot!("json_unicode_md", json_snapshot(&[UNICODE]));
}

#[test]
fn snapshot_json_crlf_prohibited_use() {
    insta::assert_json_snapshot!(
        "json_crlf_product_terms_prohibited_use",
        json_snapshot(&[
            "--pack",
            "prohibited-use",
            "fixtures/format/crlf-product-terms.md"
        ])
    );
}

#[test]
fn snapshot_json_input_errors() {
    let dir = temp_docs(&[
        ("bad-kind.md", BAD_KIND),
        ("bad-bytes.md", BAD_BYTES),
        ("good.md", GOOD),
    ]);
    let o = run(clauselint_in(dir.path()).args([
        "check",
        "--format",
        "json",
        "missing.md",
        "bad-kind.md",
        "good.md",
        "bad-bytes.md",
    ]));
    assert_eq!(o.code, 2);
    let v = json(&o);
    insta::assert_json_snapshot!(
        "json_input_errors",
        serde_json::json!({"errors": v["errors"], "summary": v["summary"]})
    );
}
