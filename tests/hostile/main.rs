//! Hostile inputs, untrusted repositories, file names, documents and
//! editors (issue 22): nothing destroyed, nothing leaked, nothing injected.
//! One module per surface; every case runs the real binary. Special files
//! (devices) are made with `mknod` in a temporary directory when the tests
//! run as root, and skipped with a printed reason otherwise; FIFOs and
//! sockets need no privilege.
#![cfg(unix)]

mod config;
mod lsp;
mod misc;
mod output;
mod text;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// An acceptable-use policy with one weak finding (exit code 1 by default).
pub const AUP: &str = "---\nkind: aup\n---\n# Harbor Acceptable Use Policy\n\n## Prohibited uses\n\nYou must not use the Services for facial recognition by police departments in the United States.\n\nWe may suspend your account if you breach this Policy.\n";

/// How long any run may take before the test calls it a hang.
const HANG: Duration = Duration::from_secs(60);

/// What a finished run left.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// A clauselint command in `dir`, with a fixed date and no colour.
pub fn clauselint(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clauselint"));
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("CLAUSELINT_TODAY", "2026-11-22")
        .stdin(Stdio::null());
    cmd
}

/// Runs `cmd` to the end, killing it (and failing the test) if it takes
/// longer than [`HANG`]: a run that blocks on a FIFO must fail, not hang
/// the suite. Output goes through files so that no pipe can fill up.
pub fn finish(cmd: &mut Command) -> Run {
    let out = tempfile::NamedTempFile::new().unwrap();
    let err = tempfile::NamedTempFile::new().unwrap();
    let mut child = cmd
        .stdout(out.reopen().unwrap())
        .stderr(err.reopen().unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("clauselint did not finish in {HANG:?}: {cmd:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |f: &tempfile::NamedTempFile| {
        let mut bytes = Vec::new();
        File::open(f.path())
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    Run {
        code: status.code(),
        stdout: read(&out),
        stderr: read(&err),
    }
}

/// Runs clauselint with `args` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    finish(clauselint(dir).args(args))
}

/// A project: `terms/aup.md` and the config text as `clauselint.toml`.
pub fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("terms")).unwrap();
    std::fs::write(dir.path().join("terms/aup.md"), AUP).unwrap();
    std::fs::write(dir.path().join("clauselint.toml"), config).unwrap();
    dir
}

/// Whether the tests run as root (needed for `mknod` and `chown`).
pub fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// Makes a device node like `mknod path c major minor`, or returns false
/// after printing why the test skips it.
pub fn mknod_char(path: &Path, major: u32, minor: u32, test: &str) -> bool {
    if !is_root() {
        println!("{test}: skipped: making device nodes needs root");
        return false;
    }
    let ok = Command::new("mknod")
        .arg(path)
        .args(["c", &major.to_string(), &minor.to_string()])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        println!("{test}: skipped: mknod failed (no device nodes in this container?)");
    }
    ok
}

/// Makes a FIFO with `mkfifo`.
pub fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo {}", path.display());
}

/// The kind of file at `path`, without following a symbolic link.
pub fn file_type(path: &Path) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return "missing";
    };
    let t = meta.file_type();
    if t.is_symlink() {
        "symlink"
    } else if t.is_file() {
        "file"
    } else if t.is_dir() {
        "dir"
    } else if t.is_char_device() {
        "char device"
    } else if t.is_block_device() {
        "block device"
    } else if t.is_fifo() {
        "fifo"
    } else if t.is_socket() {
        "socket"
    } else {
        "other"
    }
}

/// `path` relative to nothing: for building arguments.
pub fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The absolute path of a file in a temporary directory.
pub fn at(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}
