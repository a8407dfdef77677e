//! Where `check` writes its report: standard output, or `--output FILE`.
//!
//! What `--output` does depends on what is at the path (docs/security.md):
//!
//! - nothing: the report is written to a temporary file next to it and
//!   renamed into place once complete (mode 0666 less the umask);
//! - a regular file with one link: the same, the temporary file given the
//!   file's mode and owner first;
//! - a regular file with several links, or whose owner cannot be kept, or
//!   in a directory where no temporary file can be made: the report is
//!   written complete to a temporary file, then copied into the file in
//!   place (its links, mode and owner kept);
//! - a symbolic link: followed to a regular file inside the link's own
//!   directory tree (then as above, for that file); a link leading
//!   elsewhere, or nowhere, is refused: a checked-out repository can hold
//!   `report.sarif -> /etc/passwd`;
//! - a character device or FIFO (`/dev/null`, a terminal, a pipe): written
//!   through; `/dev/stdout`, `/dev/fd/1` and `/proc/self/fd/1` are standard
//!   output;
//! - a directory, socket or block device: refused.

use std::fs::{self, File, Metadata};
use std::io::{self, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use clauselint::report::escape::terminal_line;

use super::input::Input;
use super::{EXIT_CLEAN, EXIT_ERROR, write_out};

/// The temporary file of an `--output` being written. An interrupted run
/// (Ctrl-C, SIGTERM, SIGHUP) removes it, so nothing partial is left behind;
/// while a finished report is copied into a file in place the lock is held,
/// so an interruption waits for the copy to end.
static PENDING_OUTPUT: Mutex<Option<PathBuf>> = Mutex::new(None);

/// Exit code of a run stopped by a signal, as shells report SIGINT.
const EXIT_INTERRUPTED: i32 = 130;

/// Records the temporary file an interruption must remove (None once it has
/// been moved into place).
fn set_pending_output(temp: Option<PathBuf>) {
    if let Ok(mut pending) = PENDING_OUTPUT.lock() {
        *pending = temp;
    }
}

/// Removes `temp` if the run is interrupted before it is moved into place.
fn remove_on_interrupt(temp: PathBuf) {
    set_pending_output(Some(temp));
    // One `--output` per process: the handler is set once.
    let _ = ctrlc::set_handler(|| {
        if let Ok(pending) = PENDING_OUTPUT.lock()
            && let Some(path) = pending.as_ref()
        {
            let _ = fs::remove_file(path);
        }
        std::process::exit(EXIT_INTERRUPTED);
    });
}

/// Where the report goes.
pub(super) enum Output {
    Stdout(BufWriter<io::StdoutLock<'static>>),
    /// A device or FIFO, written as the report is made.
    Through {
        file: BufWriter<File>,
        name: String,
    },
    /// A temporary file renamed over `path` once complete.
    Replace {
        file: BufWriter<tempfile::NamedTempFile>,
        path: PathBuf,
        name: String,
    },
    /// A temporary file copied into `target` (opened, not truncated) once
    /// complete.
    InPlace {
        staged: BufWriter<tempfile::NamedTempFile>,
        target: File,
        name: String,
    },
}

/// The paths that name the process's standard output.
const STDOUT_NAMES: &[&str] = &["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"];

impl Output {
    pub(super) fn open(path: Option<&Path>, inputs: &[Input]) -> Result<Output, String> {
        let Some(path) = path else {
            return Ok(Output::Stdout(BufWriter::new(io::stdout().lock())));
        };
        if STDOUT_NAMES.iter().any(|n| path == Path::new(n)) {
            return Ok(Output::Stdout(BufWriter::new(io::stdout().lock())));
        }
        let fail = |why: String| {
            let shown = terminal_line(&path.display().to_string()).into_owned();
            format!("--output {shown}: {why}")
        };
        refuse_checked_document(path, inputs).map_err(fail)?;
        match fs::symlink_metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => replace(path, None).map_err(fail),
            Err(e) => Err(fail(e.to_string())),
            Ok(meta) if meta.file_type().is_symlink() => through_link(path).map_err(fail),
            Ok(meta) => by_type(path, path, &meta).map_err(fail),
        }
    }

    /// Writes text; on failure returns the exit code to stop with (a closed
    /// pipe ends the run quietly; any other failure is an error).
    pub(super) fn write(&mut self, text: &str) -> Result<(), u8> {
        let (result, name) = match self {
            Output::Stdout(out) => {
                return write_out(out, text).map_err(|broken_pipe| {
                    if broken_pipe { EXIT_CLEAN } else { EXIT_ERROR }
                });
            }
            Output::Through { file, name } => (file.write_all(text.as_bytes()), name),
            Output::Replace { file, name, .. } => (file.write_all(text.as_bytes()), name),
            Output::InPlace { staged, name, .. } => (staged.write_all(text.as_bytes()), name),
        };
        result.map_err(|e| {
            super::error(format!("cannot write {name}: {}", short(&e)));
            EXIT_ERROR
        })
    }

    /// Flushes standard output before something is written to standard
    /// error, so the two interleave in order on a terminal.
    pub(super) fn flush_stdout(&mut self) {
        if let Output::Stdout(out) = self {
            let _ = out.flush();
        }
    }

    /// Flushes, and puts a finished report in place.
    pub(super) fn finish(self) -> Result<(), u8> {
        let name = match &self {
            Output::Stdout(_) => "output".to_string(),
            Output::Through { name, .. }
            | Output::Replace { name, .. }
            | Output::InPlace { name, .. } => name.clone(),
        };
        let result = match self {
            Output::Stdout(mut out) => match out.flush() {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other,
            },
            Output::Through { mut file, .. } => file.flush(),
            Output::Replace { file, path, .. } => finish_replace(file, &path),
            Output::InPlace { staged, target, .. } => finish_in_place(staged, target),
        };
        result.map_err(|e| {
            super::error(format!("cannot write {name}: {}", short(&e)));
            EXIT_ERROR
        })
    }
}

/// An I/O error without its `(os error N)`.
fn short(e: &io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Never overwrite a document being checked.
fn refuse_checked_document(path: &Path, inputs: &[Input]) -> Result<(), String> {
    let Ok(target) = fs::canonicalize(path) else {
        return Ok(());
    };
    let named = inputs
        .iter()
        .any(|i| matches!(i, Input::File(p) if fs::canonicalize(p).is_ok_and(|p| p == target)));
    if named {
        return Err("is one of the documents to check".to_string());
    }
    Ok(())
}

/// What to do with what is at `target` (`named` is the path given).
fn by_type(named: &Path, target: &Path, meta: &Metadata) -> Result<Output, String> {
    let kind = meta.file_type();
    if kind.is_file() {
        return existing_file(target, meta);
    }
    if kind.is_dir() {
        return Err("is a directory".to_string());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_socket() {
            return Err(
                "is a socket: clauselint writes reports to files, devices and FIFOs only"
                    .to_string(),
            );
        }
        if kind.is_block_device() {
            return Err(
                "is a block device: clauselint does not write reports onto disks".to_string(),
            );
        }
    }
    // A character device or FIFO: opened (a FIFO waits for its reader)
    // and written through, never created, truncated or replaced.
    let file = fs::OpenOptions::new()
        .write(true)
        .open(named)
        .map_err(|e| format!("cannot open: {}", short(&e)))?;
    Ok(Output::Through {
        file: BufWriter::new(file),
        name: named.display().to_string(),
    })
}

/// A symbolic link: followed to a device, FIFO or pipe, or to a regular
/// file in the link's own directory tree; refused otherwise.
fn through_link(link: &Path) -> Result<Output, String> {
    let to = fs::read_link(link).map_err(|e| short(&e))?;
    let meta = match fs::metadata(link) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(format!(
                "is a symbolic link to {}, which does not exist: clauselint does not create \
                 files through links (name the file itself, or remove the link)",
                terminal_line(&to.display().to_string())
            ));
        }
        Err(e) => return Err(short(&e)),
    };
    if !meta.is_file() {
        return by_type(link, link, &meta);
    }
    let real = fs::canonicalize(link).map_err(|e| short(&e))?;
    let home = fs::canonicalize(parent_of(link)).map_err(|e| short(&e))?;
    if !real.starts_with(&home) {
        return Err(format!(
            "is a symbolic link to {}, outside the link's directory: clauselint does not write \
             through it (name the file itself, or remove the link)",
            terminal_line(&to.display().to_string())
        ));
    }
    existing_file(&real, &meta)
}

/// The directory a path is in (`.` for a bare name).
fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// An existing regular file: replaced by a complete temporary file when
/// that keeps everything about it, else written in place.
fn existing_file(path: &Path, meta: &Metadata) -> Result<Output, String> {
    if links(meta) > 1 {
        return in_place(path);
    }
    match replace(path, Some(meta)) {
        Ok(output) => Ok(output),
        // No temporary file can be made next to it, or it could not be
        // given the file's owner.
        Err(_) => in_place(path),
    }
}

#[cfg(unix)]
fn links(meta: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn links(_meta: &Metadata) -> u64 {
    1
}

/// A temporary file next to `path`, to be renamed over it: created with
/// mode 0666 less the umask, then given the mode and owner of the file it
/// replaces, if any.
fn replace(path: &Path, old: Option<&Metadata>) -> Result<Output, String> {
    let dir = parent_of(path);
    let file = temporary_in(dir)
        .map_err(|e| format!("cannot create a file in {}: {}", dir.display(), short(&e)))?;
    if let Some(old) = old {
        keep_mode_and_owner(file.as_file(), old).map_err(|e| short(&e))?;
    }
    remove_on_interrupt(file.path().to_path_buf());
    Ok(Output::Replace {
        file: BufWriter::new(file),
        path: path.to_path_buf(),
        name: path.display().to_string(),
    })
}

/// A temporary file in `dir`, `.clauselint-*.tmp`, mode 0666 less the umask.
fn temporary_in(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".clauselint-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

#[cfg(unix)]
fn keep_mode_and_owner(file: &File, old: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let new = file.metadata()?;
    if (new.uid(), new.gid()) != (old.uid(), old.gid()) {
        std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()))?;
    }
    // After the owner: changing it can clear set-id bits.
    file.set_permissions(old.permissions())
}

#[cfg(not(unix))]
fn keep_mode_and_owner(file: &File, old: &Metadata) -> io::Result<()> {
    file.set_permissions(old.permissions())
}

/// A regular file written in place once the report is complete: opened now
/// (so that a file that cannot be written fails the run before it checks
/// anything), the report staged in a temporary file next to it or, if none
/// can be made there, in the temporary directory.
fn in_place(path: &Path) -> Result<Output, String> {
    let target = fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| format!("cannot open: {}", short(&e)))?;
    let staged = temporary_in(parent_of(path))
        .or_else(|_| temporary_in(&std::env::temp_dir()))
        .map_err(|e| format!("cannot create a temporary file: {}", short(&e)))?;
    remove_on_interrupt(staged.path().to_path_buf());
    Ok(Output::InPlace {
        staged: BufWriter::new(staged),
        target,
        name: path.display().to_string(),
    })
}

fn finish_replace(file: BufWriter<tempfile::NamedTempFile>, path: &Path) -> io::Result<()> {
    let file = file.into_inner().map_err(|e| e.into_error())?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    set_pending_output(None);
    Ok(())
}

/// Copies the complete staged report into the file. An interruption waits
/// for the copy (the pending-output lock is held), so the file is never
/// left half old, half new by a signal.
fn finish_in_place(staged: BufWriter<tempfile::NamedTempFile>, mut target: File) -> io::Result<()> {
    let mut staged = staged.into_inner().map_err(|e| e.into_error())?;
    let mut pending = PENDING_OUTPUT.lock();
    staged.as_file_mut().rewind()?;
    target.rewind()?;
    let len = io::copy(staged.as_file_mut(), &mut target)?;
    target.set_len(len)?;
    target.sync_all()?;
    // The staged file is removed when dropped: nothing is pending.
    drop(staged);
    if let Ok(pending) = pending.as_mut() {
        **pending = None;
    }
    Ok(())
}

/// The `--output` file, as a directory walk may find it.
struct ReportFile {
    /// Its name as given and as resolved: only files so named are looked at.
    names: [std::ffi::OsString; 2],
    real: PathBuf,
}

/// A test for the files a directory walk finds: whether one is the
/// `--output` file holding an earlier report (`check docs -o
/// docs/report.txt`, run again). Such a file is not a document; any other
/// file at the output path stays one, and the run then refuses to
/// overwrite it.
pub(super) fn is_report(output: Option<&Path>) -> impl Fn(&Path) -> bool {
    let report = output.and_then(|p| {
        if STDOUT_NAMES.iter().any(|n| p == Path::new(n)) {
            return None;
        }
        let real = fs::canonicalize(p).ok()?;
        let names = [p.file_name()?.to_owned(), real.file_name()?.to_owned()];
        Some(ReportFile { names, real })
    });
    move |found: &Path| match &report {
        None => false,
        Some(r) => {
            found
                .file_name()
                .is_some_and(|n| r.names.iter().any(|m| m == n))
                && fs::canonicalize(found).is_ok_and(|f| f == r.real)
                && holds_a_report(&r.real)
        }
    }
}

/// How much of each end of a file is read to recognise a report.
const REPORT_PROBE: u64 = 512;

/// Whether a file is empty or holds a report clauselint wrote: its last
/// line is the summary of the human, concise and GitHub formats
/// (`clauselint: 2 documents checked: …`) or of JSON lines, or it starts as
/// the JSON, SARIF or JUnit output does.
fn holds_a_report(path: &Path) -> bool {
    use std::io::{Read, SeekFrom};
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    let Ok(len) = file.metadata().map(|m| m.len()) else {
        return false;
    };
    if len == 0 {
        return true;
    }
    let mut head = Vec::new();
    let mut tail = Vec::new();
    let read = (&mut file)
        .take(REPORT_PROBE)
        .read_to_end(&mut head)
        .is_ok()
        && file
            .seek(SeekFrom::Start(len.saturating_sub(REPORT_PROBE)))
            .is_ok()
        && file.read_to_end(&mut tail).is_ok();
    if !read {
        return false;
    }
    let head = String::from_utf8_lossy(&head);
    let tail = String::from_utf8_lossy(&tail);
    let last_line = tail.trim_end().rsplit('\n').next().unwrap_or("");
    (last_line.starts_with("clauselint: ") && last_line.contains(" checked: "))
        || last_line.starts_with("{\"type\":\"summary\"")
        || head.starts_with("{\"version\":1,\"tool\":{\"name\":\"clauselint\"")
        || (head.starts_with("{\"$schema\":") && head.contains("\"name\":\"clauselint\""))
        || head.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"clauselint\">",
        )
}

#[cfg(test)]
mod tests {
    use super::holds_a_report;

    #[test]
    fn reports_are_recognised_by_their_ends_and_documents_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            ("", true),
            (
                "a.md:1:1: warning[x/y] m\nclauselint: 1 document checked: 0 errors\n",
                true,
            ),
            (
                "{\"type\":\"finding\"}\n{\"type\":\"summary\",\"documents\":1}\n",
                true,
            ),
            (
                "{\"version\":1,\"tool\":{\"name\":\"clauselint\",\"version\":\"0.1.0\"},\"config\":null,\"documents\":[\n",
                true,
            ),
            (
                "{\"$schema\":\"https://x\",\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"clauselint\"",
                true,
            ),
            (
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"clauselint\">\n",
                true,
            ),
            (
                "# Terms of Service\n\nYou must not misuse the Services.\n",
                false,
            ),
            ("Notes.\nclauselint is a linter we use.\n", false),
            ("Tools.\nclauselint: a linter for terms.\n", false),
        ];
        for (i, (text, report)) in cases.iter().enumerate() {
            let path = dir.path().join(format!("{i}.txt"));
            std::fs::write(&path, text).unwrap();
            assert_eq!(holds_a_report(&path), *report, "{text:?}");
        }
        assert!(!holds_a_report(&dir.path().join("missing.txt")));
    }
}
