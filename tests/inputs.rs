//! Every class of input `clauselint check` can be handed (docs/inputs.md):
//! invalid UTF-8 and `--encoding lossy`, byte-order marks and UTF-16,
//! binary files, empty files, unreadable files and directories, symbolic
//! links, paths that are not UTF-8, `--max-file-size`, and standard input
//! and output closed early. Every input is generated here, in a temporary
//! directory; each test checks the exit code, the message and that the
//! other documents of the run were still checked.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

/// The binary, run in `dir`, without colour.
fn clauselint(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clauselint"));
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .stdin(Stdio::null());
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("bad JSON ({e}):\n{}", self.stdout))
    }
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    let r = Run {
        code: out.status.code().expect("killed by a signal"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(
        !r.stderr.contains("panicked"),
        "clauselint panicked:\n{}",
        r.stderr
    );
    r
}

fn check(dir: &Path, args: &[&str]) -> Run {
    run(clauselint(dir).arg("check").args(args))
}

/// `check --format json`.
fn check_json(dir: &Path, args: &[&str]) -> Run {
    run(clauselint(dir)
        .args(["check", "--format", "json"])
        .args(args))
}

fn paths(v: &Value) -> Vec<&str> {
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect()
}

fn findings(v: &Value, i: usize) -> &Value {
    &v["documents"][i]["findings"]
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// A document without findings.
const GOOD: &[u8] = b"---\nkind: other\n---\n# Notes\n\nNothing here binds anyone.\n";

/// A policy with findings, among them a weak surveillance restriction whose
/// label points into line 3.
const AUP: &str = "# Acceptable Use Policy\n\n\
                   Café rules: you must not use the service for unlawful surveillance of individuals.\n";

/// The summary line of the human output.
fn summary(documents: &str, errors: &str) -> String {
    let mut s = format!(
        "clauselint: {documents} checked: 0 errors, 0 warnings, 0 notes (0 missing, 0 weak, 0 permitted)"
    );
    if !errors.is_empty() {
        s.push_str(&format!("; {errors} could not be read"));
    }
    s + "\n"
}

// ---------------------------------------------------------------------------
// 1. Invalid UTF-8, and `--encoding lossy`.

// 0xff at byte 22: "# Policy\n\n" (10) + "Hello caf" (9) + "é" (2) + " " (1):
// line 3, column 12.
const BAD_UTF8: &[u8] = b"# Policy\n\nHello caf\xc3\xa9 \xff bad.\n";

#[test]
fn invalid_utf8_is_an_error_at_its_first_bad_byte_and_the_others_are_checked() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "a-good.md", GOOD);
    write(dir, "b-bad.md", BAD_UTF8);
    write(dir, "c-good.md", GOOD);

    // Found by walking a directory, in human output: on stderr.
    let r = check(dir, &["."]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: ./b-bad.md:3:12: not valid UTF-8 (byte 0xff at offset 22)\n"
    );
    assert!(
        r.stdout.starts_with("▶ ./a-good.md kind other"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("▶ ./c-good.md kind other"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.ends_with(&summary("2 documents", "1 file")));

    // In JSON: an entry of `errors`.
    let r = check_json(dir, &["."]);
    assert_eq!(r.code, 2);
    let v = r.json();
    assert_eq!(paths(&v), ["./a-good.md", "./c-good.md"]);
    assert_eq!(
        v["errors"],
        json!([{
            "path": "./b-bad.md",
            "message": "not valid UTF-8: byte 0xff at offset 22",
            "line": 3,
            "column": 12,
            "offset": 22,
        }])
    );
    assert_eq!(r.stderr, "");
}

#[test]
fn a_truncated_sequence_at_the_end_is_named_too() {
    let tmp = tempdir();
    // "ab" then the first two bytes of "€" (e2 82 ac).
    write(tmp.path(), "cut.md", b"ab\xe2\x82");
    let r = check(tmp.path(), &["cut.md"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: cut.md:1:3: not valid UTF-8 (byte 0xe2 at offset 2)\n"
    );
}

#[test]
fn lossy_encoding_replaces_invalid_bytes_and_spans_refer_to_the_decoded_text() {
    let tmp = tempdir();
    let dir = tmp.path();
    // "Café" with its "é" cut to a lone 0xc3, and a stray 0xff.
    let bad = AUP
        .replace("Café", "Caf\u{1}")
        .replace("rules", "ru\u{2}les");
    let bad: Vec<u8> = bad
        .bytes()
        .map(|b| match b {
            1 => 0xc3,
            2 => 0xff,
            b => b,
        })
        .collect();
    // What the lossy decoding reads: U+FFFD (3 bytes) for each bad byte.
    let decoded = AUP
        .replace("Café", "Caf\u{fffd}")
        .replace("rules", "ru\u{fffd}les");
    write(dir, "bad.md", &bad);
    write(dir, "decoded.md", decoded.as_bytes());

    let strict = check_json(dir, &["bad.md"]);
    assert_eq!(strict.code, 2);
    assert_eq!(
        strict.json()["errors"][0]["message"],
        "not valid UTF-8: byte 0xc3 at offset 28"
    );

    let r = check_json(dir, &["--encoding", "lossy", "bad.md", "decoded.md"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = r.json();
    assert_eq!(paths(&v), ["bad.md", "decoded.md"]);
    assert_eq!(v["errors"], json!([]));
    assert!(!findings(&v, 0).as_array().unwrap().is_empty());
    // Same findings, same spans (byte offsets into the decoded text).
    assert_eq!(findings(&v, 0), findings(&v, 1));
    let weak = findings(&v, 0)
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "prohibited-use/surveillance")
        .expect("a surveillance finding");
    let label = &weak["labels"][0]["span"];
    let start = label["start"].as_u64().unwrap() as usize;
    assert!(decoded[start..].starts_with("unlawful"), "{label}");
    assert_eq!(label["line"], 3);
}

// ---------------------------------------------------------------------------
// 2. Byte-order marks.

#[test]
fn a_utf8_byte_order_mark_shifts_offsets_but_not_columns() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "plain.md", AUP.as_bytes());
    write(dir, "bom.md", format!("\u{feff}{AUP}").as_bytes());
    let r = check_json(dir, &["bom.md", "plain.md"]);
    assert_eq!(r.code, 1);
    let v = r.json();
    let (bom, plain) = (findings(&v, 0), findings(&v, 1));
    assert_eq!(
        bom.as_array().unwrap().len(),
        plain.as_array().unwrap().len()
    );
    for (b, p) in bom
        .as_array()
        .unwrap()
        .iter()
        .zip(plain.as_array().unwrap())
    {
        assert_eq!(b["rule"], p["rule"]);
        let (bs, ps) = (&b["span"], &p["span"]);
        assert_eq!(
            bs["start"].as_u64().unwrap(),
            ps["start"].as_u64().unwrap() + 3
        );
        assert_eq!(bs["end"].as_u64().unwrap(), ps["end"].as_u64().unwrap() + 3);
        for k in ["line", "column", "column_utf16", "end_line", "end_column"] {
            assert_eq!(bs[k], ps[k], "{k} of {}", b["rule"]);
        }
    }
    // The title's span starts after the mark and the `# `: byte 5, column 3.
    assert_eq!(bom[0]["span"]["start"], 5);
    assert_eq!(bom[0]["span"]["column"], 3);
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xfe, 0xff]
    } else {
        vec![0xff, 0xfe]
    };
    for u in text.encode_utf16() {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn utf16_with_a_byte_order_mark_is_decoded_and_spans_refer_to_the_utf8_text() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "a-utf8.md", AUP.as_bytes());
    write(dir, "b-le.md", &utf16(AUP, false));
    write(dir, "c-be.md", &utf16(AUP, true));
    let r = check_json(dir, &["."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = r.json();
    assert_eq!(paths(&v), ["./a-utf8.md", "./b-le.md", "./c-be.md"]);
    assert!(!findings(&v, 0).as_array().unwrap().is_empty());
    // Identical findings: offsets count bytes of the text in UTF-8,
    // without the byte-order mark.
    assert_eq!(findings(&v, 0), findings(&v, 1));
    assert_eq!(findings(&v, 0), findings(&v, 2));
}

#[test]
fn invalid_utf16_is_an_error_with_its_offset_or_replaced_when_lossy() {
    let tmp = tempdir();
    let dir = tmp.path();
    // "a\nb", then a lone high surrogate at byte 8, then "c".
    let mut bad = utf16("a\nb", false);
    bad.extend([0x00, 0xd8]);
    bad.extend(utf16("c", false).split_off(2));
    write(dir, "bad16.md", &bad);
    // An odd number of bytes: the last one is alone.
    let mut odd = utf16("xy", true);
    odd.push(b'z');
    write(dir, "odd16.md", &odd);
    write(dir, "good.md", GOOD);

    let r = check(dir, &["bad16.md", "good.md", "odd16.md"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: bad16.md:2:2: not valid UTF-16LE (unpaired surrogate 0xd800 at offset 8)\n\
         error: odd16.md:1:3: not valid UTF-16BE (odd number of bytes, a lone byte at offset 6)\n"
    );
    assert!(r.stdout.starts_with("▶ good.md kind other"), "{}", r.stdout);

    let r = check_json(dir, &["bad16.md"]);
    assert_eq!(
        r.json()["errors"],
        json!([{
            "path": "bad16.md",
            "message": "not valid UTF-16LE: unpaired surrogate 0xd800 at offset 8",
            "line": 2,
            "column": 2,
            "offset": 8,
        }])
    );

    let r = check_json(dir, &["--encoding", "lossy", "bad16.md", "odd16.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(paths(&r.json()), ["bad16.md", "odd16.md"]);
}

// ---------------------------------------------------------------------------
// 3. Binary files.

#[test]
fn binary_files_are_skipped_with_a_note_when_walking_and_an_error_when_named() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "docs/a.md", GOOD);
    write(dir, "docs/blob.md", b"PK\x03\x04\x00\x00binary");
    // A NUL after the first 8 KiB does not make a file binary…
    let mut late = vec![b'a'; 8 * 1024];
    late.extend(b"\x00\n");
    write(dir, "docs/late-nul.txt", &late);
    // …and zero bytes inside UTF-16 code units are not NULs.
    write(dir, "docs/utf16.md", &utf16("Hello.\n", false));

    let r = check(dir, &["docs"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "note: docs/blob.md: skipped: binary file (NUL byte at offset 4)\n"
    );
    let r = check_json(dir, &["docs"]);
    assert_eq!(r.code, 0);
    let v = r.json();
    assert_eq!(
        paths(&v),
        ["docs/a.md", "docs/late-nul.txt", "docs/utf16.md"]
    );
    assert_eq!(v["errors"], json!([]));

    // Named on the command line: an error, in every format.
    let r = check(dir, &["docs/blob.md", "docs/a.md"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: docs/blob.md:1:5: binary file (NUL byte at offset 4)\n"
    );
    assert!(r.stdout.ends_with(&summary("1 document", "1 file")));
    let r = check_json(dir, &["docs/blob.md", "docs/a.md"]);
    assert_eq!(r.code, 2);
    let v = r.json();
    assert_eq!(paths(&v), ["docs/a.md"]);
    assert_eq!(
        v["errors"],
        json!([{
            "path": "docs/blob.md",
            "message": "binary file: NUL byte at offset 4",
            "line": 1,
            "column": 5,
            "offset": 4,
        }])
    );
    // Standard input is named too; `--encoding lossy` does not make binary
    // text.
    let mut cmd = clauselint(dir);
    cmd.args(["check", "--encoding", "lossy", "-"]);
    let r = run_with_stdin(&mut cmd, b"ab\ncd\x00");
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: <stdin>:2:3: binary file (NUL byte at offset 5)\n"
    );
}

fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> Run {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let r = Run {
        code: out.status.code().expect("killed by a signal"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    r
}

// ---------------------------------------------------------------------------
// 4. Empty files.

#[test]
fn empty_files_are_checked_like_any_other() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "empty.md", b"");
    write(dir, "empty.txt", b"");
    write(dir, "bom-only.md", b"\xef\xbb\xbf");
    write(dir, "utf16-bom-only.md", b"\xff\xfe");
    let r = check_json(dir, &["."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(
        paths(&v),
        [
            "./bom-only.md",
            "./empty.md",
            "./empty.txt",
            "./utf16-bom-only.md"
        ]
    );
    assert_eq!(v["errors"], json!([]));
    for d in v["documents"].as_array().unwrap() {
        assert_eq!(d["kind"], "other");
        assert_eq!(d["findings"], json!([]));
    }
    let r = check(dir, &["empty.md"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        format!(
            "▶ empty.md kind other (no title or heading names a kind of terms), no findings\n{}",
            summary("1 document", "")
        )
    );
    assert_eq!(r.stderr, "");
}

// ---------------------------------------------------------------------------
// 5. Files and directories that cannot be read. (A file that vanishes
// between the walk and its reading is tested in src/cli/input.rs, where the
// two steps can be separated.)

/// Makes a path unreadable; false when that has no effect (running as
/// root), so the test has nothing to check.
fn make_unreadable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = if path.is_dir() {
        std::fs::read_dir(path).is_ok()
    } else {
        std::fs::read(path).is_ok()
    };
    if readable {
        eprintln!(
            "skipped: {} is still readable (running as root?)",
            path.display()
        );
    }
    !readable
}

#[test]
fn an_unreadable_file_is_an_error_naming_it_and_the_others_are_checked() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "a.md", GOOD);
    write(dir, "locked.md", GOOD);
    write(dir, "z.md", GOOD);
    if !make_unreadable(&dir.join("locked.md")) {
        return;
    }
    let r = check(dir, &["."]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "error: ./locked.md: permission denied\n");
    assert!(r.stdout.ends_with(&summary("2 documents", "1 file")));
    let r = check_json(dir, &["."]);
    let v = r.json();
    assert_eq!(paths(&v), ["./a.md", "./z.md"]);
    assert_eq!(
        v["errors"],
        json!([{"path": "./locked.md", "message": "permission denied",
                "line": null, "column": null, "offset": null}])
    );
}

/// A read that fails after the file was opened, which no permission bit can
/// stop root from doing: Linux refuses to read `/proc/self/mem` at offset 0.
/// So this runs (and can fail) under root as well.
#[cfg(target_os = "linux")]
#[test]
fn a_file_whose_read_fails_is_an_error_naming_it_and_the_others_are_checked() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "a.md", GOOD);
    write(dir, "z.md", GOOD);
    let r = check(dir, &["a.md", "/proc/self/mem", "z.md"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "error: /proc/self/mem: input/output error\n");
    assert!(r.stdout.ends_with(&summary("2 documents", "1 file")));
    let v = check_json(dir, &["a.md", "/proc/self/mem", "z.md"]).json();
    assert_eq!(paths(&v), ["a.md", "z.md"]);
    assert_eq!(
        v["errors"],
        json!([{"path": "/proc/self/mem", "message": "input/output error",
                "line": null, "column": null, "offset": null}])
    );
}

#[test]
fn an_unreadable_directory_is_an_error_naming_it_and_the_others_are_checked() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "docs/a.md", GOOD);
    write(dir, "docs/locked/b.md", GOOD);
    write(dir, "docs/z.md", GOOD);
    let locked = dir.join("docs/locked");
    if !make_unreadable(&locked) {
        return;
    }
    let r = check_json(dir, &["docs"]);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(r.code, 2);
    let v = r.json();
    assert_eq!(paths(&v), ["docs/a.md", "docs/z.md"]);
    assert_eq!(v["errors"][0]["path"], "docs/locked");
    assert_eq!(v["errors"][0]["message"], "permission denied");
}

// ---------------------------------------------------------------------------
// 6. Symbolic links.

#[test]
fn symbolic_links_are_not_followed_when_walking_and_loops_cannot_hang() {
    use std::os::unix::fs::symlink;
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "docs/a.md", GOOD);
    symlink("a.md", dir.join("docs/link.md")).unwrap();
    symlink("nowhere.md", dir.join("docs/broken.md")).unwrap();
    symlink("loop2.md", dir.join("docs/loop1.md")).unwrap();
    symlink("loop1.md", dir.join("docs/loop2.md")).unwrap();
    // A link to an ancestor directory: an endless tree if followed.
    symlink("..", dir.join("docs/up")).unwrap();
    symlink("../docs", dir.join("docs/self.md")).unwrap();

    let r = check(dir, &["docs"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "note: docs/broken.md: skipped: broken symbolic link\n\
         note: docs/link.md: skipped: symbolic link (not followed when walking a directory)\n\
         note: docs/loop1.md: skipped: symbolic link loop\n\
         note: docs/loop2.md: skipped: symbolic link loop\n\
         note: docs/self.md: skipped: symbolic link (not followed when walking a directory)\n"
    );
    assert_eq!(paths(&check_json(dir, &["docs"]).json()), ["docs/a.md"]);

    // Named on the command line, links are followed.
    let r = check_json(
        dir,
        &[
            "docs/link.md",
            "docs/broken.md",
            "docs/loop1.md",
            "docs/a.md",
        ],
    );
    assert_eq!(r.code, 2);
    let v = r.json();
    assert_eq!(paths(&v), ["docs/link.md", "docs/a.md"]);
    assert_eq!(
        v["errors"],
        json!([
            {"path": "docs/broken.md", "message": "broken symbolic link",
             "line": null, "column": null, "offset": null},
            {"path": "docs/loop1.md", "message": "symbolic link loop",
             "line": null, "column": null, "offset": null},
        ])
    );
    // A named link to a directory is walked (without following the links
    // inside it).
    let r = check_json(dir, &["docs/self.md"]);
    assert_eq!(r.code, 0);
    assert_eq!(paths(&r.json()), ["docs/self.md/a.md"]);
}

#[test]
fn pipes_found_by_walking_are_skipped_not_read() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "a.md", GOOD);
    let made = Command::new("mkfifo")
        .arg(dir.join("pipe.md"))
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // Reading the pipe would block for ever: it is noted and skipped.
    let r = check(dir, &["."]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr,
        "note: ./pipe.md: skipped: not a regular file (a pipe, socket or device)\n"
    );
    assert!(r.stdout.ends_with(&summary("1 document", "")));
}

// ---------------------------------------------------------------------------
// 7. Paths that are not valid UTF-8.

#[test]
fn paths_that_are_not_utf8_are_checked_and_shown_lossily() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempdir();
    let dir = tmp.path();
    let name = OsStr::from_bytes(b"caf\xe9-terms.md");
    std::fs::write(dir.join(name), AUP).unwrap();
    std::fs::create_dir(dir.join(OsStr::from_bytes(b"dir-\xff"))).unwrap();
    std::fs::write(dir.join(OsStr::from_bytes(b"dir-\xff/b.md")), GOOD).unwrap();
    write(dir, "z.md", GOOD);

    let r = check_json(dir, &["."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = r.json();
    assert_eq!(
        paths(&v),
        ["./caf\u{fffd}-terms.md", "./dir-\u{fffd}/b.md", "./z.md"]
    );
    assert!(!findings(&v, 0).as_array().unwrap().is_empty());

    // Named on the command line, in human output.
    let r = run(clauselint(dir)
        .args(["check", "--color", "never"])
        .arg(name)
        .arg("missing-\u{e9}.md"));
    assert_eq!(r.code, 2);
    assert!(
        r.stdout.starts_with("▶ caf\u{fffd}-terms.md kind aup"),
        "{}",
        r.stdout
    );
    assert_eq!(r.stderr, "error: missing-é.md: no such file or directory\n");

    // An error names the file lossily too.
    std::fs::write(dir.join(OsStr::from_bytes(b"x\xfe.md")), BAD_UTF8).unwrap();
    let r = run(clauselint(dir)
        .arg("check")
        .arg(OsStr::from_bytes(b"x\xfe.md")));
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: x\u{fffd}.md:3:12: not valid UTF-8 (byte 0xff at offset 22)\n"
    );
}

// ---------------------------------------------------------------------------
// 8. Size.

#[test]
fn files_over_max_file_size_are_refused_naming_the_size_and_the_limit() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "a.md", GOOD);
    write(dir, "big.md", &vec![b'x'; 2000]);
    write(dir, "edge.md", &vec![b'x'; 1024]);

    let r = check(dir, &["--max-file-size", "1K", "."]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: ./big.md: too large: 2000 bytes, over the --max-file-size limit of 1024 bytes (1 KiB)\n"
    );
    assert!(r.stdout.ends_with(&summary("2 documents", "1 file")));

    let r = check_json(dir, &["--max-file-size", "1500", "big.md", "a.md"]);
    assert_eq!(r.code, 2);
    let v = r.json();
    assert_eq!(paths(&v), ["a.md"]);
    assert_eq!(
        v["errors"],
        json!([{"path": "big.md",
                "message": "too large: 2000 bytes, over the --max-file-size limit of 1500 bytes",
                "line": null, "column": null, "offset": null}])
    );
    // Decimal units; a limit the file does not pass.
    let r = check_json(dir, &["--max-file-size", "2kB", "big.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn the_default_limit_is_64_mib_and_is_applied_before_reading() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "a.md", GOOD);
    // A sparse file: 100 MiB that take no disk and would take long to read.
    let f = std::fs::File::create(dir.join("huge.md")).unwrap();
    f.set_len(100 << 20).unwrap();
    let started = std::time::Instant::now();
    let r = check(dir, &["huge.md", "a.md"]);
    assert!(started.elapsed().as_secs_f64() < 5.0);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: huge.md: too large: 104857600 bytes, over the --max-file-size limit of 67108864 bytes (64 MiB)\n"
    );
    assert!(r.stdout.ends_with(&summary("1 document", "1 file")));
}

#[test]
fn standard_input_stops_being_read_past_the_limit() {
    let tmp = tempdir();
    let mut cmd = clauselint(tmp.path());
    cmd.args([
        "check",
        "--max-file-size",
        "100",
        "--stdin-filename",
        "in.md",
        "-",
    ]);
    let r = run_with_stdin(&mut cmd, &[b'a'; 101]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: in.md: too large: more than the --max-file-size limit of 100 bytes, not read further\n"
    );
    let mut cmd = clauselint(tmp.path());
    cmd.args(["check", "--max-file-size", "100", "-"]);
    assert_eq!(run_with_stdin(&mut cmd, &[b'a'; 100]).code, 0);
}

#[test]
fn bad_sizes_and_encodings_are_usage_errors() {
    let tmp = tempdir();
    let r = check(tmp.path(), &["--max-file-size", "lots", "."]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with(
            "error: invalid value 'lots' for '--max-file-size <SIZE>': `lots` is not a size: \
             give bytes, or a number with K, KiB, KB, M, MiB, MB, G, GiB or GB\n"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout, "");
    let r = check(tmp.path(), &["--encoding", "latin-1", "."]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: invalid value 'latin-1' for '--encoding <ENCODING>'"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------------
// 9. Standard input and output closed early.

#[test]
fn empty_or_closed_standard_input_is_an_empty_document() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "a.md", GOOD);
    // Nothing to read (the null device).
    let r = check(dir, &["--color", "never", "-", "a.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(
            "▶ <stdin> kind other (no title or heading names a kind of terms), no findings\n\
             ▶ a.md kind other"
        ),
        "{}",
        r.stdout
    );
    // A writer that stops half-way through a line.
    let mut cmd = clauselint(dir);
    cmd.args(["check", "--format", "json", "-", "a.md"]);
    let r = run_with_stdin(
        &mut cmd,
        b"# Acceptable Use Policy\n\nYou must not use the serv",
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(paths(&r.json()), ["<stdin>", "a.md"]);
    // Standard input closed altogether (`<&-`).
    let r = run(Command::new("sh")
        .current_dir(dir)
        .arg("-c")
        .arg("exec \"$0\" check --format json - a.md <&-")
        .arg(env!("CARGO_BIN_EXE_clauselint")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(paths(&r.json()), ["<stdin>", "a.md"]);
}

#[test]
fn standard_output_closed_early_ends_quietly() {
    let tmp = tempdir();
    let dir = tmp.path();
    // Each document has a dozen findings with their help: the report is
    // several hundred kilobytes, more than a pipe holds.
    for i in 0..60 {
        write(dir, &format!("d{i:02}.md"), AUP.as_bytes());
    }
    for format in ["human", "json", "concise"] {
        let mut child = clauselint(dir)
            .args(["check", "--format", format, "."])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The reader is dropped: the pipe's read end is closed.
        assert!(!first.is_empty());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr, "", "{format}");
        assert_eq!(out.status.code(), Some(0), "{format}: {stderr}");
    }
}
