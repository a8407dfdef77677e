//! `clauselint test`: the built-in pack fixtures pass, and an unmet
//! expectation is reported as a diff with exit code 1.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn clauselint(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clauselint"));
    cmd.current_dir(dir).env_remove("NO_COLOR");
    cmd
}

/// Parses the last line, `N test documents: P passed, F failed (E expectations)`.
fn totals(stdout: &str) -> (usize, usize, usize, usize) {
    let line = stdout
        .lines()
        .rfind(|l| !l.is_empty())
        .expect("`clauselint test` printed nothing");
    let nums: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(
        line,
        format!(
            "{} test documents: {} passed, {} failed ({} expectations)",
            nums[0], nums[1], nums[2], nums[3]
        ),
        "unexpected totals line"
    );
    (nums[0], nums[1], nums[2], nums[3])
}

/// The example user pack (docs/rule-packs.md) passes its own tests: four
/// concepts that exist only as TOML and annotated documents.
#[test]
fn the_example_user_pack_passes_its_own_tests() {
    let out = clauselint(&root())
        .args([
            "test",
            "--rules",
            "examples/procurement-playbook",
            "examples/procurement-playbook/tests",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert_eq!(stderr, "");
    assert_eq!(totals(&stdout), (22, 22, 0, 29), "{stdout}");
}

#[test]
fn built_in_pack_fixtures_all_pass() {
    let out = clauselint(&root())
        .args(["test", "fixtures/rules", "fixtures/negation"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "pack fixtures failed:\n{stdout}\n{stderr}"
    );
    assert!(!stdout.contains("FAIL"), "{stdout}");
    assert_eq!(stderr, "");
    let (documents, passed, failed, expectations) = totals(&stdout);
    assert_eq!(failed, 0, "{stdout}");
    assert_eq!(passed, documents);
    // The fixture directories hold well over a hundred test documents, each
    // with at least one expectation.
    assert!(documents >= 100, "only {documents} test documents found");
    assert!(expectations >= documents);
}

#[test]
fn without_paths_the_embedded_built_in_tests_run_from_any_directory() {
    // The built-in packs' tests are compiled into the binary: run them from a
    // directory that has no fixtures at all.
    let dir = tempfile::tempdir().unwrap();
    let out = clauselint(dir.path()).arg("test").output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let (documents, passed, failed, _) = totals(&stdout);
    assert_eq!(failed, 0, "{stdout}");
    assert_eq!(passed, documents);
    // The same documents as on disk.
    let on_disk = clauselint(&root())
        .args(["test", "fixtures/rules", "fixtures/negation"])
        .output()
        .unwrap();
    let (disk_documents, ..) = totals(&String::from_utf8(on_disk.stdout).unwrap());
    assert_eq!(documents, disk_documents);
}

/// The fixture copied and flipped below.
const FIXTURE: &str = "fixtures/negation/customer-will-not.md";
const CONCEPT: &str = "prohibited-use/facial-recognition-police";

/// 1-based line of the `expect:` comment and of the clause after it.
fn expectation_lines(text: &str) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let comment = lines
        .iter()
        .position(|l| l.contains("<!-- expect:"))
        .expect("fixture has an expect comment");
    let clause = (comment + 1..lines.len())
        .find(|&i| !lines[i].trim().is_empty())
        .expect("a clause follows the expectation");
    (comment + 1, clause + 1)
}

#[test]
fn unchanged_copy_of_a_fixture_passes() {
    // Control for the test below: the copy itself passes in its new place.
    let text = std::fs::read_to_string(root().join(FIXTURE)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("copy.md"), &text).unwrap();
    let out = clauselint(dir.path())
        .args(["test", "--verbose", "copy.md"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.starts_with("ok    copy.md (1 expectations)\n"),
        "{stdout}"
    );
    assert_eq!(totals(&stdout), (1, 1, 0, 1));
}

#[test]
fn flipped_expectation_fails_with_a_diff() {
    let text = std::fs::read_to_string(root().join(FIXTURE)).unwrap();
    let original = format!("<!-- expect: {CONCEPT} present -->");
    assert_eq!(
        text.matches(&original).count(),
        1,
        "{FIXTURE} no longer holds `{original}`"
    );
    let flipped = text.replace(&original, &format!("<!-- expect: {CONCEPT} missing -->"));
    let (comment_line, clause_line) = expectation_lines(&flipped);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("flipped.md"), &flipped).unwrap();
    let out = clauselint(dir.path())
        .args(["test", "flipped.md"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let expected = format!(
        "FAIL  flipped.md\n\
         \x20     flipped.md:{comment_line}: {CONCEPT}\n\
         \x20     - expected: missing at line {clause_line}\n\
         \x20     + actual:   present at line {clause_line}\n\
         \n\
         1 test documents: 0 passed, 1 failed (1 expectations)\n"
    );
    assert_eq!(stdout, expected);
}

#[test]
fn flipped_expectation_in_a_directory_is_found_and_fails() {
    // The same flip, found by walking a directory next to a passing copy:
    // only the flipped document fails.
    let text = std::fs::read_to_string(root().join(FIXTURE)).unwrap();
    let flipped = text.replace(
        &format!("{CONCEPT} present"),
        &format!("{CONCEPT} weak scope-limited"),
    );
    assert_ne!(flipped, text);
    let (comment_line, clause_line) = expectation_lines(&flipped);
    let dir = tempfile::tempdir().unwrap();
    let tests = dir.path().join("tests");
    std::fs::create_dir(&tests).unwrap();
    std::fs::write(tests.join("a-passing.md"), &text).unwrap();
    std::fs::write(tests.join("b-flipped.md"), &flipped).unwrap();
    let out = clauselint(dir.path())
        .args(["test", "tests"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(!stdout.contains("a-passing.md"), "{stdout}");
    let path = Path::new("tests").join("b-flipped.md");
    let path = path.display();
    assert!(stdout.contains(&format!("FAIL  {path}\n")), "{stdout}");
    assert!(
        stdout.contains(&format!("      {path}:{comment_line}: {CONCEPT}\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "      - expected: weak [scope-limited] at line {clause_line}\n"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "      + actual:   present at line {clause_line}\n"
        )),
        "{stdout}"
    );
    assert_eq!(totals(&stdout), (2, 1, 1, 2));
}

#[test]
fn malformed_expectation_is_a_failing_file_with_its_error() {
    let text = std::fs::read_to_string(root().join(FIXTURE)).unwrap();
    let broken = text.replace(CONCEPT, "prohibited-use/no-such-rule");
    assert_ne!(broken, text);
    let (comment_line, _) = expectation_lines(&broken);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.md"), &broken).unwrap();
    let out = clauselint(dir.path())
        .args(["test", "broken.md"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert_eq!(
        stdout,
        format!(
            "FAIL  broken.md\n\
             \x20     error: line {comment_line}: unknown rule `prohibited-use/no-such-rule`\n\
             \n\
             1 test documents: 0 passed, 1 failed (0 expectations)\n"
        )
    );
}

#[test]
fn missing_test_path_exits_2_and_names_it() {
    let out = clauselint(&root())
        .args(["test", "fixtures/no-such-dir"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: fixtures/no-such-dir: no such file or directory\n"
    );
}
