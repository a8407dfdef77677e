//! Reading pack and configuration files, which may come from an untrusted
//! repository: only regular files are read (a FIFO or device is refused
//! before it is opened, and opening never blocks), at most
//! [`MAX_FILE_SIZE`] bytes, and a file that is not text is refused with its
//! name and the place of the first bad byte, never its bytes. Which files a
//! configuration may name is decided in `config.rs` with [`place`].

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use super::load::{FileRole, PackError};

/// The largest pack or configuration file read: 4 MiB, a hundred times the
/// largest built-in pack.
pub const MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// Reads a pack or configuration file as text. Refuses, naming the file:
/// anything but a regular file (looked at before opening it, so that a FIFO
/// cannot block the run and a device cannot be read without end), more than
/// [`MAX_FILE_SIZE`] bytes, bytes that are not UTF-8, and control
/// characters other than tab, line feed and a carriage return ending a line
/// (TOML allows no others, and they must not reach a terminal in an error's
/// snippet).
pub(crate) fn read_text(path: &Path, role: FileRole) -> Result<String, PackError> {
    let fail = |message: String| PackError::Io {
        role,
        path: path.display().to_string(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(io_message(&e)))?;
    check_regular(&meta).map_err(fail)?;
    let mut file = open_nonblocking(path).map_err(|e| fail(io_message(&e)))?;
    // The path may have been replaced since it was looked at.
    let meta = file.metadata().map_err(|e| fail(io_message(&e)))?;
    check_regular(&meta).map_err(fail)?;
    let capacity = usize::try_from(meta.len().min(MAX_FILE_SIZE)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    (&mut file)
        .take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(io_message(&e)))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(fail(too_large(None)));
    }
    check_text(bytes).map_err(fail)
}

/// A regular file within the size limit, or why not.
fn check_regular(meta: &Metadata) -> Result<(), String> {
    if !meta.is_file() {
        return Err(format!("not a regular file ({})", kind_of(meta)));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(too_large(Some(meta.len())));
    }
    Ok(())
}

fn too_large(size: Option<u64>) -> String {
    let limit = format!("the limit of {MAX_FILE_SIZE} bytes (4 MiB)");
    match size {
        Some(size) => format!("too large: {size} bytes, over {limit}"),
        None => format!("too large: more than {limit}, not read further"),
    }
}

/// What a file that is not regular is, for the error.
fn kind_of(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// Opens for reading without waiting for a FIFO's writer.
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    let flags = OFlags::NONBLOCK | OFlags::NOCTTY;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags.bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// The bytes as text: UTF-8 without control characters other than tab,
/// line feed and a carriage return before a line feed. Else where they stop
/// being text, in a message that quotes none of them.
pub fn check_text(bytes: Vec<u8>) -> Result<String, String> {
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    // A carriage return only ends a line (CRLF): alone, it moves a
    // terminal's cursor back over what was printed.
    let bad = text.char_indices().find(|&(i, c)| match c {
        '\t' | '\n' => false,
        '\r' => !text[i + 1..].starts_with('\n'),
        c => c.is_control(),
    });
    if let Some((offset, c)) = bad {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return Err(format!(
            "not a text file: control character U+{:04X} at line {line}, column {column} (offset {offset})",
            u32::from(c)
        ));
    }
    Ok(text)
}

/// An I/O error as a short message without the OS error number.
fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let text = e.to_string();
            match text.rfind(" (os error ") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

/// Where a path a configuration names leads, seen from the configuration's
/// directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Inside the directory (after resolving symbolic links).
    Inside,
    /// Absolute, or climbing out with `..`, as written.
    OutsideAsWritten,
    /// Written inside, but a symbolic link leads out.
    OutsideThroughLink,
}

/// Where `path` (the configuration's `written` path joined to its
/// directory) leads relative to `root`, the configuration's canonical
/// directory. A written path that leaves the directory is judged without
/// touching the file system, so that a configuration cannot even learn
/// whether a file outside exists.
pub fn place(path: &Path, written: &Path, root: &Path) -> io::Result<Place> {
    if leaves(written) {
        return Ok(Place::OutsideAsWritten);
    }
    let real = std::fs::canonicalize(path)?;
    Ok(if real.starts_with(root) {
        Place::Inside
    } else {
        Place::OutsideThroughLink
    })
}

/// Whether a relative path climbs above its start (`../x`, `a/../../x`), or
/// is absolute.
fn leaves(written: &Path) -> bool {
    let mut depth = 0usize;
    for c in written.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => return true,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return true,
            },
            Component::Normal(_) => depth += 1,
        }
    }
    false
}

/// The files of a pack path: the file itself, or the `*.toml` files of a
/// directory, sorted. Entries that are not regular files (after following
/// links) are left out; the caller reads each with [`read_text`].
pub(crate) fn pack_files(path: &Path) -> Result<Vec<PathBuf>, PackError> {
    let fail = |p: &Path, message: String| PackError::Io {
        role: FileRole::Pack,
        path: p.display().to_string(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(path, io_message(&e)))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| fail(path, io_message(&e)))? {
        let p = entry.map_err(|e| fail(path, io_message(&e)))?.path();
        if p.extension().is_some_and(|e| e == "toml") && p.is_file() {
            files.push(p);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(fail(
            path,
            "the directory holds no .toml pack files".to_string(),
        ));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_paths_that_leave_their_directory() {
        for p in ["../x", "a/../../x", "/etc/passwd", "./../x"] {
            assert!(leaves(Path::new(p)), "{p}");
        }
        for p in ["x", "a/../x", "./a/b", "a/b/../../c"] {
            assert!(!leaves(Path::new(p)), "{p}");
        }
    }

    #[test]
    fn control_characters_are_placed_not_shown() {
        let e = check_text(b"a = 1\n# \x1b[2J\n".to_vec()).unwrap_err();
        assert_eq!(
            e,
            "not a text file: control character U+001B at line 2, column 3 (offset 8)"
        );
        assert!(check_text(b"a = \"x\"\t# tab\r\n".to_vec()).is_ok());
        // Found by the config fuzz target: a lone CR echoed in a snippet.
        let e = check_text(b"a = 1\r[b]\n".to_vec()).unwrap_err();
        assert!(e.contains("U+000D at line 1, column 6"), "{e}");
        let e = check_text(b"a = \"\xe9\"".to_vec()).unwrap_err();
        assert_eq!(e, "not valid UTF-8 (first bad byte at offset 5)");
        let e = check_text("a = \"\u{9b}\"".as_bytes().to_vec()).unwrap_err();
        assert!(e.contains("U+009B"), "{e}");
    }
}
