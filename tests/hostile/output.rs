//! Issue 22 item 1: `--output` never replaces what is not a regular file,
//! keeps an existing report's mode, owner and hard links, respects the
//! umask, does not write through links that lead elsewhere, and is not
//! read back as an input.

use std::io::Read;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use super::{AUP, at, file_type, mkfifo, mknod_char, project, run, s};

/// `check terms/aup.md --format concise -o <target>` in the project.
fn check_to(dir: &Path, target: &str) -> super::Run {
    run(
        dir,
        &["check", "terms/aup.md", "--format", "concise", "-o", target],
    )
}

#[test]
fn a_character_device_is_written_through_not_replaced() {
    let p = project("");
    let null = at(&p, "null");
    if !mknod_char(&null, 1, 3, "a_character_device_is_written_through") {
        return;
    }
    let r = check_to(p.path(), "null");
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(file_type(&null), "char device", "{r:?}");
    assert!(r.stdout.is_empty(), "{r:?}");
    // No temporary file left next to it.
    let names: Vec<String> = std::fs::read_dir(p.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with(".clauselint-")),
        "{names:?}"
    );
}

#[test]
fn a_full_device_is_a_write_error() {
    let p = project("");
    let full = at(&p, "full");
    if !mknod_char(&full, 1, 7, "a_full_device_is_a_write_error") {
        return;
    }
    let r = check_to(p.path(), "full");
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(file_type(&full), "char device");
    assert!(
        r.stderr
            .contains("error: cannot write full: No space left on device"),
        "{r:?}"
    );
}

#[test]
fn a_fifo_is_written_through() {
    let p = project("");
    let fifo = at(&p, "report.fifo");
    mkfifo(&fifo);
    // Opened for reading and writing, the FIFO neither blocks this test nor
    // the run; the run's report waits in the pipe's buffer.
    let mut reader = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags_nonblocking()
        .open(&fifo)
        .unwrap();
    let r = check_to(p.path(), "report.fifo");
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(file_type(&fifo), "fifo");
    let mut got = vec![0; 65_536];
    let n = reader.read(&mut got).unwrap_or(0);
    let got = String::from_utf8_lossy(&got[..n]);
    assert!(
        got.contains("terms/aup.md:8:1: warning[prohibited-use/facial-recognition-police]"),
        "the report came through the FIFO: {got:?}"
    );
}

/// Opens without blocking (a FIFO's reads return at once when empty).
trait NonBlocking {
    fn custom_flags_nonblocking(&mut self) -> &mut Self;
}

impl NonBlocking for std::fs::OpenOptions {
    fn custom_flags_nonblocking(&mut self) -> &mut Self {
        use std::os::unix::fs::OpenOptionsExt;
        self.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
    }
}

#[test]
fn a_socket_is_refused_and_kept() {
    let p = project("");
    let sock = at(&p, "report.sock");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    let r = check_to(p.path(), "report.sock");
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(
        r.stderr,
        "error: --output report.sock: is a socket: clauselint writes reports to files, devices and FIFOs only\n"
    );
    assert_eq!(file_type(&sock), "socket");
}

#[test]
fn standard_output_by_its_device_names() {
    let p = project("");
    std::os::unix::fs::symlink("/dev/stdout", at(&p, "out")).unwrap();
    // (Not `/dev/stdout` itself: a regression would replace the device.)
    for target in ["out", "/proc/self/fd/1", "/dev/fd/1"] {
        // Standard output is a pipe here, as in `clauselint … | less`.
        let out = super::clauselint(p.path())
            .args(["check", "terms/aup.md", "--format", "concise", "-o", target])
            .output()
            .unwrap();
        let r = super::Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert_eq!(r.code, Some(1), "{target}: {r:?}");
        assert!(
            r.stdout
                .contains("terms/aup.md:8:1: warning[prohibited-use/facial-recognition-police]"),
            "{target}: the report is on standard output: {r:?}"
        );
    }
    assert_eq!(file_type(&at(&p, "out")), "symlink");
}

#[test]
fn a_link_to_a_report_in_the_same_tree_is_written_through() {
    let p = project("");
    std::fs::create_dir(at(&p, "reports")).unwrap();
    std::fs::write(at(&p, "reports/2026-11-22.txt"), "old report\n").unwrap();
    std::os::unix::fs::symlink("reports/2026-11-22.txt", at(&p, "latest.txt")).unwrap();
    let r = check_to(p.path(), "latest.txt");
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(
        file_type(&at(&p, "latest.txt")),
        "symlink",
        "the link is kept"
    );
    let report = std::fs::read_to_string(at(&p, "reports/2026-11-22.txt")).unwrap();
    assert!(report.contains("terms/aup.md:8:1"), "{report}");
}

#[test]
fn a_link_leading_out_of_its_directory_is_refused() {
    // A checked-out repository can hold `report.sarif -> /etc/passwd`.
    let p = project("");
    std::fs::create_dir(at(&p, "repo")).unwrap();
    std::fs::write(at(&p, "victim.txt"), "precious\n").unwrap();
    std::os::unix::fs::symlink(at(&p, "victim.txt"), at(&p, "repo/report.txt")).unwrap();
    let r = run(
        &at(&p, "repo"),
        &["check", "../terms/aup.md", "-o", "report.txt"],
    );
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(
        r.stderr,
        format!(
            "error: --output report.txt: is a symbolic link to {}, outside the link's directory: \
             clauselint does not write through it (name the file itself, or remove the link)\n",
            at(&p, "victim.txt").display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(at(&p, "victim.txt")).unwrap(),
        "precious\n"
    );
    assert_eq!(file_type(&at(&p, "repo/report.txt")), "symlink");
}

#[test]
fn a_dangling_link_is_refused_and_nothing_is_created() {
    let p = project("");
    std::os::unix::fs::symlink("made-by-link.txt", at(&p, "report.txt")).unwrap();
    let r = check_to(p.path(), "report.txt");
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(
        r.stderr,
        "error: --output report.txt: is a symbolic link to made-by-link.txt, which does not exist: \
         clauselint does not create files through links (name the file itself, or remove the link)\n"
    );
    assert_eq!(file_type(&at(&p, "made-by-link.txt")), "missing");
    assert_eq!(file_type(&at(&p, "report.txt")), "symlink");
}

/// A link's target comes with the repository: it is named on one line,
/// escaped as every path on standard error (a line break in it could
/// otherwise start a line of the CI log).
#[test]
fn a_link_target_is_named_escaped_on_one_line() {
    let p = project("");
    std::os::unix::fs::symlink("x\n::error::fake\u{1b}[2J", at(&p, "report.txt")).unwrap();
    let r = check_to(p.path(), "report.txt");
    assert_eq!(r.code, Some(2), "{r:?}");
    assert_eq!(
        r.stderr,
        "error: --output report.txt: is a symbolic link to x\\n::error::fake\\u{1b}[2J, which \
         does not exist: clauselint does not create files through links (name the file itself, \
         or remove the link)\n"
    );
}

#[test]
fn an_existing_report_keeps_its_mode_and_owner() {
    let p = project("");
    let report = at(&p, "report.txt");
    std::fs::write(&report, "old\n").unwrap();
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o640)).unwrap();
    let owner = if super::is_root() {
        let ok = std::process::Command::new("chown")
            .args(["4321:4322", s(&report)])
            .status()
            .unwrap()
            .success();
        assert!(ok);
        (4321, 4322)
    } else {
        println!("an_existing_report_keeps_its_mode_and_owner: owner not changed (not root)");
        let m = std::fs::metadata(&report).unwrap();
        (m.uid(), m.gid())
    };
    let r = check_to(p.path(), "report.txt");
    assert_eq!(r.code, Some(1), "{r:?}");
    let meta = std::fs::metadata(&report).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    assert_eq!((meta.uid(), meta.gid()), owner);
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("terms/aup.md:8:1")
    );
}

#[test]
fn a_hard_linked_report_is_written_in_place() {
    let p = project("");
    let report = at(&p, "report.txt");
    std::fs::write(&report, "old\n").unwrap();
    std::fs::hard_link(&report, at(&p, "published.txt")).unwrap();
    let r = check_to(p.path(), "report.txt");
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(std::fs::metadata(&report).unwrap().nlink(), 2);
    let published = std::fs::read_to_string(at(&p, "published.txt")).unwrap();
    assert!(published.contains("terms/aup.md:8:1"), "{published}");
    assert_eq!(published, std::fs::read_to_string(&report).unwrap());
}

#[test]
fn a_new_report_respects_the_umask() {
    let p = project("");
    for (umask, mode) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let name = format!("report-{umask}.txt");
        let script =
            format!("umask {umask}; exec \"$0\" check terms/aup.md --format concise -o {name}");
        let r = super::finish(
            std::process::Command::new("sh")
                .current_dir(p.path())
                .env("NO_COLOR", "1")
                .args(["-c", &script, env!("CARGO_BIN_EXE_clauselint")]),
        );
        assert_eq!(r.code, Some(1), "{r:?}");
        let meta = std::fs::metadata(at(&p, &name)).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, mode, "umask {umask}");
    }
}

#[test]
fn the_report_is_not_read_back_as_an_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/aup.md"), AUP).unwrap();
    let args = [
        "check",
        "docs",
        "--format",
        "concise",
        "-o",
        "docs/report.txt",
    ];
    let first = run(dir.path(), &args);
    assert_eq!(first.code, Some(1), "{first:?}");
    let report = std::fs::read_to_string(dir.path().join("docs/report.txt")).unwrap();
    let second = run(dir.path(), &args);
    assert_eq!(second.code, Some(1), "{second:?}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("docs/report.txt")).unwrap(),
        report,
        "the second run checked the same one document"
    );
    // The same through another spelling of the path.
    let third = run(
        dir.path(),
        &[
            "check",
            "docs",
            "--format",
            "concise",
            "-o",
            "./docs/../docs/report.txt",
        ],
    );
    assert_eq!(third.code, Some(1), "{third:?}");
    // Named on the command line, it is still refused.
    let named = run(
        dir.path(),
        &["check", "docs/report.txt", "-o", "docs/report.txt"],
    );
    assert_eq!(named.code, Some(2), "{named:?}");
    assert!(
        named.stderr.contains("is one of the documents to check"),
        "{named:?}"
    );
}
