//! Issue 22 items 2 and 8: an untrusted `clauselint.toml` cannot read or
//! print other files, hang or exhaust memory; a config owned by someone
//! else is not used; the config in use is named in every output; its globs
//! are relative to its own directory; waivers are only called unused when
//! their documents were checked.

use std::os::unix::fs::symlink;

use serde_json::Value;

use super::{AUP, at, file_type, mkfifo, mknod_char, project, run, s};

/// A secret outside the project: the bytes must never reach the output.
const SECRET: &str = "[default]\naws_access_key_id = AKIAEXAMPLESECRET\n";

/// A pack file with one rule, valid.
const PACK: &str = "[pack]\nid = \"mine\"\nname = \"Mine\"\n\n[[rule]]\nid = \"mine/harbor\"\nname = \"Harbor named\"\nsummary = \"s\"\nexpected-in = [\"aup\"]\n[[rule.pattern]]\nall = [[\"harbor\"]]\n";

fn no_secret(r: &super::Run) {
    assert!(
        !r.stderr.contains("AKIAEXAMPLESECRET") && !r.stdout.contains("AKIAEXAMPLESECRET"),
        "the secret was printed: {r:?}"
    );
}

/// A project in `outer/repo` with a secret in `outer/secret`.
fn repo_and_secret(config: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(at(&outer, "secret"), SECRET).unwrap();
    let repo = at(&outer, "repo");
    std::fs::create_dir_all(repo.join("terms")).unwrap();
    std::fs::create_dir_all(repo.join("packs")).unwrap();
    std::fs::write(repo.join("terms/aup.md"), AUP).unwrap();
    std::fs::write(repo.join("clauselint.toml"), config).unwrap();
    (outer, repo)
}

#[test]
fn packs_outside_the_config_directory_are_refused_and_not_read() {
    let outer = tempfile::tempdir().unwrap();
    let secret = at(&outer, "secret");
    for written in [s(&secret).to_string(), "../secret".to_string()] {
        let (_o, repo) = repo_and_secret(&format!("packs = [{written:?}]\n"));
        std::fs::write(&secret, SECRET).unwrap();
        let r = run(&repo, &["check", "terms/aup.md"]);
        assert_eq!(r.code, Some(2), "{r:?}");
        no_secret(&r);
        assert!(
            r.stderr.contains(&format!(
                "pack `{written}` is outside the configuration's directory"
            )),
            "{r:?}"
        );
        assert!(r.stderr.contains("× 1 problem in config"), "{r:?}");
        assert!(r.stderr.contains("--allow-outside-packs"), "{r:?}");
    }
    // Through a symbolic link inside the repository.
    let (o, repo) = repo_and_secret("packs = [\"packs/link.toml\"]\n");
    symlink(at(&o, "secret"), repo.join("packs/link.toml")).unwrap();
    let r = run(&repo, &["check", "terms/aup.md"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    no_secret(&r);
    assert!(
        r.stderr.contains(
            "pack `packs/link.toml` leads outside the configuration's directory through a symbolic link"
        ),
        "{r:?}"
    );
    // A pack directory holding such a link.
    let (o, repo) = repo_and_secret("packs = [\"packs\"]\n");
    std::fs::write(repo.join("packs/a.toml"), PACK).unwrap();
    symlink(at(&o, "secret"), repo.join("packs/b.toml")).unwrap();
    let r = run(&repo, &["check", "terms/aup.md"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    no_secret(&r);
    assert!(
        r.stderr
            .contains("leads outside the configuration's directory"),
        "{r:?}"
    );
}

#[test]
fn allowed_outside_packs_are_reported_without_their_text() {
    let (o, repo) = repo_and_secret("packs = [\"../secret\"]\n");
    let r = run(&repo, &["check", "terms/aup.md", "--allow-outside-packs"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    no_secret(&r);
    let secret = at(&o, "repo/../secret");
    // The file and the place, no line of it.
    assert!(
        r.stderr.contains(&format!("{}:2:", secret.display())),
        "{r:?}"
    );
    assert!(r.stderr.contains("its text is not shown"), "{r:?}");
    // A valid pack outside is loaded with the flag.
    std::fs::write(at(&o, "secret"), PACK).unwrap();
    let r = run(
        &repo,
        &["rules", "--format", "json", "--allow-outside-packs"],
    );
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(r.stdout.contains("mine/harbor"), "{r:?}");
}

#[test]
fn special_files_are_refused_without_being_read() {
    let p = project("packs = [\"packs/fifo.toml\"]\n");
    std::fs::create_dir(at(&p, "packs")).unwrap();
    mkfifo(&at(&p, "packs/fifo.toml"));
    let r = run(p.path(), &["check", "terms/aup.md"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(
        r.stderr
            .contains("packs/fifo.toml: not a regular file (a FIFO)"),
        "{r:?}"
    );
    // A FIFO as the config named on the command line.
    mkfifo(&at(&p, "config.fifo"));
    let r = run(
        p.path(),
        &["check", "terms/aup.md", "--config", "config.fifo"],
    );
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(
        r.stderr
            .contains("cannot read config config.fifo: not a regular file (a FIFO)"),
        "{r:?}"
    );
    // /dev/zero as a pack: refused at once, not read until memory runs out.
    let p = project("packs = [\"zero.toml\"]\n");
    if mknod_char(&at(&p, "zero.toml"), 1, 5, "special_files: /dev/zero") {
        let r = super::finish(
            std::process::Command::new("sh")
                .current_dir(p.path())
                .env("NO_COLOR", "1")
                // A regression must not take the machine's memory.
                .args([
                    "-c",
                    "ulimit -v 2000000; exec \"$0\" check terms/aup.md",
                    env!("CARGO_BIN_EXE_clauselint"),
                ]),
        );
        assert_eq!(r.code, Some(2), "{r:?}");
        assert!(
            r.stderr
                .contains("zero.toml: not a regular file (a character device)"),
            "{r:?}"
        );
    }
}

#[test]
fn large_configs_and_packs_are_refused() {
    let big = format!("# {}\n", "x".repeat(5 * 1024 * 1024));
    let p = project(&big);
    let r = run(p.path(), &["check", "terms/aup.md"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(
        r.stderr.contains(
            "clauselint.toml: too large: 5242883 bytes, over the limit of 4194304 bytes (4 MiB)"
        ),
        "{r:?}"
    );
    let p = project("packs = [\"big.toml\"]\n");
    std::fs::write(at(&p, "big.toml"), &big).unwrap();
    let r = run(p.path(), &["check", "terms/aup.md"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("cannot read pack"), "{r:?}");
    assert!(r.stderr.contains("big.toml: too large"), "{r:?}");
}

#[test]
fn files_that_are_not_text_are_named_but_not_echoed() {
    // Terminal escapes in a config: the position, not the bytes.
    let p = project("# \u{1b}[2J\u{1b}[HALL CLEAR\nfail-on = \"never\"\n");
    let r = run(p.path(), &["check", "terms/aup.md"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(!r.stderr.contains('\u{1b}'), "{r:?}");
    assert!(!r.stderr.contains("ALL CLEAR"), "{r:?}");
    assert!(
        r.stderr.contains("cannot read config ")
            && r.stderr.contains(
                "clauselint.toml: not a text file: control character U+001B at line 1, column 3"
            ),
        "{r:?}"
    );
    // A carriage return that ends no line (it would move the cursor back
    // over the error's snippet).
    let p = project("fail-on = \"never\"\r[rules]\n");
    let r = run(p.path(), &["check", "terms/aup.md"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(!r.stderr.contains('\r'), "{r:?}");
    assert!(
        r.stderr
            .contains("control character U+000D at line 1, column 18"),
        "{r:?}"
    );
    // A control character written with a TOML escape, quoted in a message.
    let p = project("fail-on = \"never\\u001b[2J\"\n\"\\u001b]0;pwned\\u0007\" = 1\n");
    let r = run(p.path(), &["check", "terms/aup.md"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(
        !r.stderr.chars().any(|c| c.is_control() && c != '\n'),
        "{r:?}"
    );
    assert!(r.stderr.contains("\\u{1b}]0;pwned\\u{7}"), "{r:?}");
    // Bytes that are not UTF-8 in a config.
    let p = project("");
    std::fs::write(at(&p, "clauselint.toml"), b"fail-on = \"n\xe9ver\"\n").unwrap();
    let r = run(p.path(), &["check", "terms/aup.md"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(
        r.stderr.contains("cannot read config ")
            && r.stderr
                .contains("clauselint.toml: not valid UTF-8 (first bad byte at offset 12)"),
        "{r:?}"
    );
}

#[test]
fn config_errors_are_labelled_config_errors() {
    let p = project("fail-on = \"sometimes\"\n");
    let r = run(p.path(), &["check", "terms/aup.md"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(r.stderr.contains("× 1 problem in config "), "{r:?}");
    assert!(r.stderr.contains("clauselint::config"), "{r:?}");
    assert!(!r.stderr.contains("in pack"), "{r:?}");
    let p = project("[rules]\ndisable = [\"nope\"]\n");
    let r = run(p.path(), &["check", "terms/aup.md"]);
    assert!(r.stderr.contains("× 1 problem in config "), "{r:?}");
}

#[test]
fn a_config_owned_by_someone_else_is_ignored_with_a_note() {
    if !super::is_root() {
        println!("a_config_owned_by_someone_else: skipped: chown needs root");
        return;
    }
    let p = project("fail-on = \"never\"\n");
    let config = at(&p, "clauselint.toml");
    let chown = |owner: &str, path: &std::path::Path| {
        let ok = std::process::Command::new("chown")
            .args([owner, s(path)])
            .status()
            .unwrap()
            .success();
        assert!(ok);
    };
    chown("4242:4242", &config);
    let r = run(&at(&p, "terms"), &["check", "aup.md"]);
    assert_eq!(r.code, Some(1), "the config is not used: {r:?}");
    let canonical = std::fs::canonicalize(&config).unwrap();
    assert!(
        r.stderr.contains(&format!(
            "note: ignoring the configuration {}: it is owned by user 4242",
            canonical.display()
        )),
        "{r:?}"
    );
    // Named on the command line, it is used.
    let r = run(
        &at(&p, "terms"),
        &["check", "aup.md", "--config", "../clauselint.toml"],
    );
    assert_eq!(r.code, Some(0), "{r:?}");
    // Owned by the owner of the directory the run starts in (a checkout
    // owned by a CI user, checked by root in a container), it is used.
    chown("4242:4242", &at(&p, "terms"));
    let r = run(&at(&p, "terms"), &["check", "aup.md"]);
    assert_eq!(r.code, Some(0), "{r:?}");
}

#[test]
fn the_config_in_use_is_named_in_every_output() {
    let p = project("fail-on = \"never\"\n");
    let config = std::fs::canonicalize(at(&p, "clauselint.toml")).unwrap();
    let shown = config.display().to_string();
    let human = run(p.path(), &["check", "terms/aup.md"]);
    assert!(
        human
            .stdout
            .starts_with(&format!("clauselint: configuration {shown}\n")),
        "{human:?}"
    );
    let json = run(p.path(), &["check", "terms/aup.md", "--format", "json"]);
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["config"], shown.as_str());
    let sarif = run(p.path(), &["check", "terms/aup.md", "--format", "sarif"]);
    let v: Value = serde_json::from_str(&sarif.stdout).unwrap();
    assert_eq!(
        v["runs"][0]["invocations"][0]["properties"]["configuration"],
        shown.as_str()
    );
    // No config: JSON says null, the human output has no such line.
    let json = run(
        p.path(),
        &["check", "terms/aup.md", "--format", "json", "--no-config"],
    );
    let v: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["config"], Value::Null);
    let human = run(p.path(), &["check", "terms/aup.md", "--no-config"]);
    assert!(!human.stdout.contains("configuration"), "{human:?}");
}

#[test]
fn globs_are_relative_to_the_config_from_a_subfolder() {
    let p = project(
        "include = [\"terms/**\"]\n\
         [[kinds]]\nglob = \"terms/*.md\"\nkind = \"contract\"\n\
         [[waiver]]\ndocuments = \"terms/aup.md\"\nrule = \"leverage\"\nreason = \"Accepted.\"\n",
    );
    for (dir, path) in [("", "terms"), ("terms", "."), ("terms", "aup.md")] {
        let r = run(&at(&p, dir), &["check", path, "--format", "json"]);
        let v: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {r:?}"));
        let docs = v["documents"].as_array().unwrap();
        assert_eq!(docs.len(), 1, "`include` matched from {dir:?}: {r:?}");
        assert_eq!(docs[0]["kind"], "contract", "from {dir:?}");
        assert_eq!(docs[0]["kind_source"], "config", "from {dir:?}");
        let waived = docs[0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["waived"] == true)
            .count();
        assert!(waived > 0, "the waiver applied from {dir:?}: {r:?}");
        assert!(!r.stderr.contains("waived nothing"), "{r:?}");
    }
}

#[test]
fn an_unused_waiver_is_noted_only_when_its_documents_were_checked() {
    let p = project(
        "[[waiver]]\ndocuments = \"contracts/acme-*.md\"\nrule = \"leverage/training\"\nreason = \"Schedule 9.\"\n",
    );
    std::fs::create_dir(at(&p, "contracts")).unwrap();
    std::fs::write(at(&p, "contracts/acme-msa.md"), AUP).unwrap();
    // A run on other files (a pre-commit hook, a single file): no note.
    let r = run(p.path(), &["check", "terms/aup.md"]);
    assert!(!r.stderr.contains("waived nothing"), "{r:?}");
    // A run that checked the waiver's documents but not its rule: no note.
    let r = run(
        p.path(),
        &[
            "check",
            "contracts",
            "--rule",
            "prohibited-use/facial-recognition-police",
        ],
    );
    assert!(!r.stderr.contains("waived nothing"), "{r:?}");
    // A run over its documents with its rule, where it waived nothing: a note.
    let r = run(p.path(), &["check", "contracts"]);
    assert!(
        r.stderr
            .contains("waiver for `leverage/training` on `contracts/acme-*.md` waived nothing"),
        "{r:?}"
    );
    assert_eq!(file_type(&at(&p, "contracts")), "dir");
}

/// A configuration's text, and the values its TOML escapes wrote, reach
/// standard error escaped exactly once, in the form every path and message
/// takes (`\u{1b}`, `\n`, `\u{202e}`; never `\\u{…}` or `\u{5c}`), and
/// neither the message nor the snippet can carry a GitHub workflow command
/// (`##[` anywhere in a line, `::` at its start).
#[test]
fn config_errors_escape_each_character_once_and_break_runner_commands() {
    let p = project("fail-on = \"a\\u001b[2J ##[error]fake\\n::warning::x \u{202e}\"\n");
    let r = run(p.path(), &["check", "terms/aup.md"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    // The message quotes the parsed value.
    assert!(
        r.stderr.contains(
            "unknown fail-on value `a\\u{1b}[2J ##\\u{5b}error]fake\\n::warning::x \\u{202e}`"
        ),
        "{r:?}"
    );
    assert_eq!(r.stderr.matches("\\u{1b}").count(), 1, "{r:?}");
    // The snippet quotes the file: its BiDi control and `##[` escaped.
    assert!(
        r.stderr
            .contains("fail-on = \"a\\u001b[2J ##\\u{5b}error]fake\\n::warning::x \\u{202e}\""),
        "{r:?}"
    );
    assert!(
        !r.stderr.contains("\\\\") && !r.stderr.contains("u{5c}"),
        "escaped twice: {r:?}"
    );
    assert!(!r.stderr.contains("##["), "{r:?}");
    assert!(
        !r.stderr
            .chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
        "{r:?}"
    );
    assert!(
        !r.stderr.lines().any(|l| l.trim_start().starts_with("::")),
        "{r:?}"
    );
}
