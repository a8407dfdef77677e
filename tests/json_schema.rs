//! The JSON output matches `docs/json-output.schema.json`, its streaming
//! shape and summary are as `docs/json-output.md` describes them, and the
//! documentation's example is valid output.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> Value {
    let path = root().join("docs/json-output.schema.json");
    let text = std::fs::read_to_string(&path).expect("read docs/json-output.schema.json");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!("docs/json-output.schema.json is not a valid JSON Schema: {e}");
    }
    schema
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema()).expect("the schema compiles")
}

/// Every validation error of `instance`, one per line.
fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors = schema_errors(validator, instance);
    assert!(
        errors.is_empty(),
        "{what} does not match docs/json-output.schema.json ({} errors):\n{}",
        errors.len(),
        errors.join("\n")
    );
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn clauselint(args: &[&str], dir: &Path) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_clauselint"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run clauselint");
    Run {
        code: out.status.code().expect("clauselint exited with a code"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Checks the streaming shape: a header line, one line per document (each
/// after the first starting with a comma), and a footer line.
fn assert_stream_shape(stdout: &str, output: &Value) {
    let lines: Vec<&str> = stdout.lines().collect();
    let documents = output["documents"].as_array().expect("documents array");
    assert_eq!(
        lines.len(),
        documents.len() + 2,
        "expected a header line, one line per document and a footer line"
    );
    assert!(
        lines[0].starts_with("{\"version\":") && lines[0].ends_with("\"documents\":["),
        "header line: {}",
        lines[0]
    );
    for (i, (line, doc)) in lines[1..=documents.len()].iter().zip(documents).enumerate() {
        let body = if i == 0 {
            line.to_string()
        } else {
            line.strip_prefix(',')
                .unwrap_or_else(|| panic!("document line {} lacks its leading comma", i + 1))
                .to_string()
        };
        let parsed: Value = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("document line {} is not JSON on its own: {e}", i + 1));
        assert_eq!(
            &parsed,
            doc,
            "document line {} differs from the parsed output",
            i + 1
        );
    }
    let footer = lines.last().expect("footer line");
    assert!(footer.starts_with("],\"errors\":"), "footer line: {footer}");
}

/// The summary counts what the output holds.
fn assert_summary(output: &Value) {
    let summary = &output["summary"];
    let documents = output["documents"].as_array().expect("documents");
    let findings: Vec<&Value> = documents
        .iter()
        .flat_map(|d| d["findings"].as_array().expect("findings"))
        .collect();
    // Waived findings are counted apart from the severity and kind counts.
    let count = |field: &str, value: &str| {
        findings
            .iter()
            .filter(|f| f["waived"] != true && f[field] == value)
            .count()
    };
    let waived = findings.iter().filter(|f| f["waived"] == true).count();
    let expect = [
        ("waived", waived),
        ("unused_suppressions", count("kind", "unused-suppression")),
        ("documents", documents.len()),
        ("errors", count("severity", "error")),
        ("warnings", count("severity", "warning")),
        ("notes", count("severity", "note")),
        ("missing", count("kind", "missing")),
        ("weak", count("kind", "weak")),
        ("permitted", count("kind", "permitted")),
        (
            "input_errors",
            output["errors"].as_array().expect("errors").len(),
        ),
    ];
    for (field, n) in expect {
        assert_eq!(summary[field], json!(n), "summary.{field}");
    }
}

fn check_dir(dir: &str, extra: &[&str]) -> Value {
    let mut args = vec!["check", dir, "--format", "json", "--fail-on", "never"];
    args.extend_from_slice(extra);
    let run = clauselint(&args, &root());
    assert_eq!(run.code, 0, "clauselint {args:?} failed:\n{}", run.stderr);
    let output: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("output of {args:?} is not JSON: {e}"));
    assert_stream_shape(&run.stdout, &output);
    assert_summary(&output);
    assert!(
        !output["documents"]
            .as_array()
            .expect("documents")
            .is_empty(),
        "{dir} has documents"
    );
    output
}

#[test]
fn fixture_output_matches_the_schema() {
    let validator = validator();
    for dir in [
        "fixtures/examples/",
        "fixtures/rules/",
        "fixtures/negation/",
    ] {
        let output = check_dir(dir, &[]);
        assert_valid(&validator, &output, &format!("the output for {dir}"));
    }
}

#[test]
fn traced_output_matches_the_schema() {
    let validator = validator();
    let output = check_dir(
        "fixtures/examples/",
        &["--trace", "prohibited-use/surveillance"],
    );
    assert!(
        output["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .any(|d| d.get("trace").is_some()),
        "--trace adds `trace` to a document with candidate clauses"
    );
    assert_valid(&validator, &output, "the --trace output");
}

#[test]
fn input_errors_match_the_schema() {
    let validator = validator();
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("bad.md"), b"ok \xff bad\n").expect("write");
    std::fs::write(
        dir.path().join("kind.md"),
        "---\nkind: banana\n---\n# Terms\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("good.md"),
        "# Terms of Service\n\nWe may suspend your account if you breach these terms.\n",
    )
    .expect("write");
    let run = clauselint(
        &[
            "check",
            ".",
            "missing.md",
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
        dir.path(),
    );
    assert_eq!(run.code, 2, "input errors exit with 2:\n{}", run.stderr);
    let output: Value = serde_json::from_str(&run.stdout).expect("output is JSON");
    assert_valid(&validator, &output, "the output with input errors");
    assert_stream_shape(&run.stdout, &output);
    assert_summary(&output);
    let errors = output["errors"].as_array().expect("errors");
    let by_path = |p: &str| {
        errors
            .iter()
            .find(|e| e["path"].as_str().is_some_and(|x| x.ends_with(p)))
            .unwrap_or_else(|| panic!("an error for {p} in {errors:?}"))
    };
    let missing = by_path("missing.md");
    assert_eq!(
        (&missing["line"], &missing["column"], &missing["offset"]),
        (&Value::Null, &Value::Null, &Value::Null)
    );
    let bad = by_path("bad.md");
    assert_eq!(
        (&bad["line"], &bad["column"], &bad["offset"]),
        (&json!(1), &json!(4), &json!(3))
    );
    let kind = by_path("kind.md");
    assert_eq!((&kind["line"], &kind["column"]), (&json!(2), &json!(7)));
    assert_eq!(output["documents"].as_array().map(Vec::len), Some(1));
}

/// A small output that is valid, to derive invalid ones from.
fn valid_output() -> Value {
    let span = json!({
        "start": 0, "end": 7, "line": 1, "column": 1, "column_utf16": 1,
        "end_line": 1, "end_column": 8, "end_column_utf16": 8
    });
    json!({
        "version": 1,
        "tool": {"name": "clauselint", "version": "0.0.0"},
        "config": "/repo/clauselint.toml",
        "documents": [{
            "path": "terms.md",
            "format": "markdown",
            "kind": "tos",
            "kind_source": "cli",
            "kind_reason": "--kind tos",
            "coverage": [{
                "concept": "leverage/suspension",
                "status": "missing",
                "expected": true,
                "features": [],
                "evidence": []
            }],
            "findings": [{
                "rule": "leverage/suspension",
                "severity": "warning",
                "kind": "missing",
                "message": "no suspension right",
                "help": "Add one.",
                "span": span,
                "labels": [{"span": span, "message": "here", "feature": null}],
                "waived": false,
                "waiver": null
            }]
        }],
        "errors": [],
        "summary": {
            "documents": 1, "errors": 0, "warnings": 1, "notes": 0,
            "missing": 1, "weak": 0, "permitted": 0, "unused_suppressions": 0, "waived": 0, "input_errors": 0
        }
    })
}

/// A change to a valid output that makes it invalid.
type Mutation = fn(&mut Value);

#[test]
fn schema_rejects_invalid_output() {
    let validator = validator();
    assert_valid(&validator, &valid_output(), "the hand-made valid output");

    let cases: Vec<(&str, Mutation)> = vec![
        ("status `absent`", |o| {
            o["documents"][0]["coverage"][0]["status"] = json!("absent");
        }),
        ("an unknown document field", |o| {
            o["documents"][0]["extra"] = json!(true);
        }),
        ("a missing summary counter", |o| {
            o["summary"]
                .as_object_mut()
                .expect("summary")
                .remove("notes");
        }),
        ("severity `info`", |o| {
            o["documents"][0]["findings"][0]["severity"] = json!("info");
        }),
        ("kind_source `guess`", |o| {
            o["documents"][0]["kind_source"] = json!("guess");
        }),
        ("a negative offset", |o| {
            o["documents"][0]["findings"][0]["span"]["start"] = json!(-1);
        }),
        ("column 0", |o| {
            o["documents"][0]["findings"][0]["span"]["column"] = json!(0);
        }),
        ("a missing status with evidence features", |o| {
            o["documents"][0]["coverage"][0]["features"] = json!(["hedged"]);
        }),
        ("a weak finding without a feature label", |o| {
            o["documents"][0]["findings"][0]["kind"] = json!("weak");
        }),
        ("version 2", |o| {
            o["version"] = json!(2);
        }),
        ("no `config`", |o| {
            o.as_object_mut().expect("output").remove("config");
        }),
        ("a `config` that is not a path", |o| {
            o["config"] = json!(1);
        }),
    ];
    for (what, mutate) in cases {
        let mut output = valid_output();
        mutate(&mut output);
        assert!(
            !validator.is_valid(&output),
            "the schema accepts output with {what}"
        );
    }
}

/// The ```json blocks of a Markdown file.
fn json_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim_end() == "```json" => current = Some(String::new()),
            Some(block) if line.trim_end() == "```" => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    assert!(current.is_none(), "an unclosed ```json block");
    blocks
}

#[test]
fn documented_example_is_valid_output() {
    let validator = validator();
    let doc = std::fs::read_to_string(root().join("docs/json-output.md"))
        .expect("read docs/json-output.md");
    let blocks = json_blocks(&doc);
    assert!(
        !blocks.is_empty(),
        "docs/json-output.md has a ```json example"
    );
    let mut outputs = 0;
    for (i, block) in blocks.iter().enumerate() {
        let value: Value = serde_json::from_str(block).unwrap_or_else(|e| {
            panic!(
                "```json block {} of docs/json-output.md is not JSON: {e}",
                i + 1
            )
        });
        if value.get("version").is_some() {
            assert_valid(
                &validator,
                &value,
                &format!("```json block {} of docs/json-output.md", i + 1),
            );
            assert_summary(&value);
            outputs += 1;
        }
    }
    assert!(outputs > 0, "docs/json-output.md shows a whole output");
}
