//! Issue 22 item 7: bounded globs and threads, write errors on standard
//! output, accuracy floors that are numbers, a strict `CLAUSELINT_TODAY`,
//! waiver reasons that say something, and an `init` that follows no link.

use std::fs::File;
use std::process::Stdio;

use super::{AUP, at, clauselint, file_type, finish, project, run};

/// `r` is a configuration error (exit 2) saying `message`, not a panic;
/// a failure shows the first 2,000 characters of standard error.
fn assert_config_error(r: &super::Run, message: &str) {
    let head: String = r.stderr.chars().take(2000).collect();
    assert_eq!(r.code, Some(2), "{head}");
    assert!(r.stderr.contains(message), "{head}");
    assert!(!r.stderr.contains("panicked"), "{head}");
}

#[test]
fn huge_or_too_many_globs_are_errors_not_panics() {
    let long = "a".repeat(200_000);
    let p = project(&format!("include = [\"{long}\"]\n"));
    let r = run(p.path(), &["check", "terms"]);
    assert_config_error(&r, "glob too long: 200000 bytes, over the limit of 4096");
    let many: Vec<String> = (0..20_000).map(|i| format!("\"x{i}/**\"")).collect();
    let p = project(&format!("exclude = [{}]\n", many.join(", ")));
    let r = run(p.path(), &["check", "terms"]);
    assert_config_error(&r, "too many globs: 20000, over the limit of 10000");
}

#[test]
fn threads_are_capped() {
    let p = project("");
    for n in ["257", "100000", "4294967296", "18446744073709551616"] {
        let r = run(p.path(), &["check", "terms", "--threads", n]);
        assert_eq!(r.code, Some(2), "--threads {n}: {r:?}");
        assert!(
            r.stderr.contains(&format!(
                "invalid value '{n}' for '--threads <N>': give a number of threads from 0 (one per core) to 256"
            )),
            "{r:?}"
        );
    }
    let r = run(p.path(), &["check", "terms", "--threads", "256"]);
    assert_eq!(r.code, Some(1), "{r:?}");
}

/// Runs clauselint with standard output on `/dev/full`.
fn to_full(args: &[&str]) -> super::Run {
    let dir = project("");
    std::fs::write(at(&dir, "labels.tsv"), LABELS).unwrap();
    std::fs::create_dir(at(&dir, "docs")).unwrap();
    std::fs::write(at(&dir, "docs/doc1.md"), AUP).unwrap();
    let full = File::options().write(true).open("/dev/full").unwrap();
    let mut cmd = clauselint(dir.path());
    cmd.args(args);
    // `finish` sends standard output to a file; this one goes to the device.
    let err = tempfile::NamedTempFile::new().unwrap();
    let status = cmd
        .stdout(full)
        .stderr(err.reopen().unwrap())
        .status()
        .unwrap();
    super::Run {
        code: status.code(),
        stdout: String::new(),
        stderr: std::fs::read_to_string(err.path()).unwrap(),
    }
}

const LABELS: &str = "doc\tconcept\tstatus\tfeatures\tevidence\ndoc1\tprohibited-use/facial-recognition-police\tweak\t-\t-\n";

const EVAL: &[&str] = &["eval", "--labels", "labels.tsv", "--docs", "docs"];

#[test]
fn a_failing_standard_output_is_an_error_for_every_command() {
    let commands: Vec<Vec<&str>> = vec![
        vec!["rules"],
        vec!["rules", "--format", "json"],
        vec!["explain", "prohibited-use/surveillance"],
        vec!["test"],
        EVAL.to_vec(),
        vec!["--help"],
        vec!["check", "--help"],
        vec!["--version"],
        vec!["check", "terms"],
        vec!["check", "terms", "--format", "json"],
    ];
    for args in commands {
        let r = to_full(&args);
        assert_eq!(r.code, Some(2), "{args:?}: {r:?}");
        assert!(
            r.stderr
                .contains("error: cannot write output: No space left on device"),
            "{args:?}: {r:?}"
        );
    }
    // A closed pipe (`clauselint rules | head -1`) stays quiet.
    for args in [
        &["rules"][..],
        &["explain", "prohibited-use/surveillance"],
        &["--help"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let err = tempfile::NamedTempFile::new().unwrap();
        let status = clauselint(std::path::Path::new("."))
            .args(args)
            .stdout(Stdio::from(writer))
            .stderr(err.reopen().unwrap())
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(0), "{args:?}");
        assert_eq!(std::fs::read_to_string(err.path()).unwrap(), "", "{args:?}");
    }
}

#[test]
fn accuracy_floors_must_be_fractions() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(at(&dir, "labels.tsv"), LABELS).unwrap();
    std::fs::create_dir(at(&dir, "docs")).unwrap();
    std::fs::write(at(&dir, "docs/doc1.md"), AUP).unwrap();
    for flag in ["--min-detection-f1", "--min-exact", "--min-concept-f1"] {
        for value in ["NaN", "nan", "inf", "-0.1", "1.5", "x"] {
            let mut args = EVAL.to_vec();
            let arg = format!("{flag}={value}");
            args.push(&arg);
            let r = run(dir.path(), &args);
            assert_eq!(r.code, Some(2), "{flag} {value}: {r:?}");
            assert!(
                r.stderr
                    .contains(&format!("invalid value '{value}' for '{flag} "))
                    && r.stderr.contains("give a number from 0 to 1"),
                "{flag} {value}: {r:?}"
            );
        }
    }
    let mut args = EVAL.to_vec();
    args.extend(["--min-detection-f1", "1"]);
    assert_eq!(run(dir.path(), &args).code, Some(0));
}

#[test]
fn clauselint_today_must_be_a_real_date() {
    let p = project("");
    for today in [
        "tomorrow",
        "2031-02-31",
        "2026-13-01",
        "2026-1-5",
        "2026-11-22T10:00:00",
        "",
    ] {
        let r = finish(
            clauselint(p.path())
                .env("CLAUSELINT_TODAY", today)
                .args(["check", "terms"]),
        );
        assert_eq!(r.code, Some(2), "CLAUSELINT_TODAY={today:?}: {r:?}");
        assert!(
            r.stderr.starts_with(&format!(
                "error: CLAUSELINT_TODAY={today:?} is not a date: give one such as 2027-06-30"
            )),
            "{r:?}"
        );
    }
    let r = finish(
        clauselint(p.path())
            .env("CLAUSELINT_TODAY", "2028-02-29")
            .args(["check", "terms"]),
    );
    assert_eq!(r.code, Some(1), "{r:?}");
}

#[test]
fn a_waiver_reason_must_have_something_visible() {
    for reason in [
        "\u{200b}",
        "\u{200b} \u{2060}\u{feff}\u{ad}",
        "\u{3000}\t",
        "\u{202e}\u{200d}",
    ] {
        let p = project(&format!(
            "[[waiver]]\ndocuments = \"terms/*.md\"\nrule = \"prohibited-use\"\nreason = \"{reason}\"\n"
        ));
        let r = run(p.path(), &["check", "terms"]);
        assert_eq!(r.code, Some(2), "{reason:?}: {r:?}");
        assert!(r.stderr.contains("a waiver needs a reason"), "{r:?}");
    }
}

#[test]
fn init_follows_no_symbolic_link() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("elsewhere.toml", at(&dir, "clauselint.toml")).unwrap();
    for args in [&["init"][..], &["init", "--force"]] {
        let r = run(dir.path(), args);
        assert_eq!(r.code, Some(2), "{args:?}: {r:?}");
        assert_eq!(
            r.stderr,
            "error: clauselint.toml is a symbolic link (to elsewhere.toml): not written through\n"
        );
        assert_eq!(file_type(&at(&dir, "elsewhere.toml")), "missing");
        assert_eq!(file_type(&at(&dir, "clauselint.toml")), "symlink");
    }
    // A link to an existing file: not overwritten, even with --force.
    std::fs::write(at(&dir, "elsewhere.toml"), "fail-on = \"never\"\n").unwrap();
    let r = run(dir.path(), &["init", "--force"]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(
        std::fs::read_to_string(at(&dir, "elsewhere.toml")).unwrap(),
        "fail-on = \"never\"\n"
    );
}
