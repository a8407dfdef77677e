//! Inputs: expanding paths into documents (directories walked with the
//! `ignore` crate, so `.gitignore` is respected), reading and decoding them.
//!
//! What happens to every kind of input (bad encodings, byte-order marks,
//! binary and oversized files, symbolic links, unreadable files, paths that
//! are not UTF-8) is described in docs/inputs.md; tests/inputs.rs checks it.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clauselint::report::FileError;
use clauselint::report::escape::{TerminalText, terminal_line};
use clauselint::{Format, SourceFile};
use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};

/// Extensions checked when walking directories.
pub const EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// How many leading bytes are looked at for a NUL byte, which makes a file
/// binary (the heuristic of git and ripgrep).
pub const BINARY_PROBE: usize = 8 * 1024;

/// The default `--max-file-size`: 64 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone)]
pub enum Input {
    File(PathBuf),
    Stdin { name: String },
}

impl Input {
    /// The name used in reports; a path that is not valid UTF-8 is shown
    /// with U+FFFD in place of its invalid bytes.
    pub fn display(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin { name } => name.clone(),
        }
    }
}

/// `--encoding`: what to do with bytes that are not valid in the document's
/// encoding (UTF-8, or UTF-16 after a UTF-16 byte-order mark).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Encoding {
    /// Invalid bytes are an error naming the first of them.
    #[default]
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// Invalid sequences are replaced with U+FFFD and the document is checked.
    Lossy,
}

/// How inputs are read (`--encoding`, `--max-file-size`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    pub encoding: Encoding,
    /// Largest input accepted, in bytes.
    pub max_file_size: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            encoding: Encoding::Utf8,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// Expands the command-line paths; problems with a path are returned as
/// file errors and the others are still checked. `select` filters the files
/// found by walking directories (the config's include/exclude); files named
/// on the command line are always checked.
///
/// Files skipped while walking (binary files, symbolic links, special
/// files) get a note on standard error.
pub fn collect(
    paths: &[PathBuf],
    stdin_name: Option<&str>,
    select: &dyn Fn(&Path) -> bool,
) -> (Vec<Input>, Vec<FileError>) {
    let collected = collect_noting(paths, stdin_name, select);
    let mut stderr = io::stderr().lock();
    for note in &collected.notes {
        // Standard error may be a closed pipe: never a reason to panic.
        let _ = writeln!(stderr, "note: {note}");
    }
    (collected.inputs, collected.errors)
}

/// What [`collect`] found, with the notes it prints.
struct Collected {
    inputs: Vec<Input>,
    errors: Vec<FileError>,
    notes: Vec<String>,
}

fn collect_noting(
    paths: &[PathBuf],
    stdin_name: Option<&str>,
    select: &dyn Fn(&Path) -> bool,
) -> Collected {
    let mut c = Collected {
        inputs: Vec::new(),
        errors: Vec::new(),
        notes: Vec::new(),
    };
    for path in paths {
        if path.as_os_str() == "-" {
            c.inputs.push(Input::Stdin {
                name: stdin_name.unwrap_or("<stdin>").to_string(),
            });
            continue;
        }
        // Named paths are followed when they are symbolic links.
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                let message = if e.kind() == io::ErrorKind::NotFound
                    && std::fs::symlink_metadata(path).is_ok()
                {
                    "broken symbolic link".to_string()
                } else {
                    io_message(&e)
                };
                c.errors
                    .push(plain_error(&path.display().to_string(), &message));
                continue;
            }
        };
        if !meta.is_dir() {
            // A file named on the command line is checked whatever its name;
            // so is a named pipe or device (`check <(curl …)`), read up to
            // the size limit.
            c.inputs.push(Input::File(path.clone()));
            continue;
        }
        let mut found: Vec<PathBuf> = Vec::new();
        let mut notes: Vec<(PathBuf, String)> = Vec::new();
        // Symbolic links are not followed (as by git and ripgrep): no link
        // loop can make the walk endless, and no file is found twice.
        let walker = ignore::WalkBuilder::new(path)
            .follow_links(false)
            .require_git(false)
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    c.errors.push(walk_error(path, &e));
                    continue;
                }
            };
            let Some(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() || !has_extension(entry.path()) || !select(entry.path()) {
                continue;
            }
            if kind.is_file() {
                found.push(entry.into_path());
            } else if kind.is_symlink() {
                let why = symlink_note(entry.path());
                notes.push((entry.into_path(), why));
            } else {
                notes.push((
                    entry.into_path(),
                    "not a regular file (a pipe, socket or device)".to_string(),
                ));
            }
        }
        found.sort();
        // Binary files found by walking are not documents: skipped with a
        // note. A file that cannot be opened here is left for `read` to
        // report in its place.
        found.retain(|p| match probe_binary(p) {
            Some(at) => {
                notes.push((p.clone(), format!("binary file (NUL byte at offset {at})")));
                false
            }
            None => true,
        });
        notes.sort();
        c.notes.extend(notes.into_iter().map(|(p, why)| {
            format!(
                "{}: skipped: {why}",
                terminal_line(&p.display().to_string())
            )
        }));
        c.inputs.extend(found.into_iter().map(Input::File));
    }
    c
}

/// Why a symbolic link found by walking is skipped.
fn symlink_note(link: &Path) -> String {
    match std::fs::metadata(link) {
        Ok(_) => "symbolic link (not followed when walking a directory)".to_string(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => "broken symbolic link".to_string(),
        Err(e) if is_loop(&e) => "symbolic link loop".to_string(),
        Err(e) => format!("symbolic link ({})", io_message(&e)),
    }
}

/// Whether an error is "too many levels of symbolic links" (ELOOP).
fn is_loop(e: &io::Error) -> bool {
    // ErrorKind::FilesystemLoop is not stable; ELOOP is 40 on Linux and 62
    // on the BSDs and macOS.
    let eloop = if cfg!(target_os = "linux") { 40 } else { 62 };
    cfg!(unix) && e.raw_os_error() == Some(eloop)
}

/// An error of the directory walk, named by the path it concerns (an
/// unreadable directory, an entry that vanished).
fn walk_error(root: &Path, err: &ignore::Error) -> FileError {
    let mut path = root.to_path_buf();
    let mut err = err;
    loop {
        match err {
            ignore::Error::WithPath { path: p, err: e } => {
                path = p.clone();
                err = e;
            }
            ignore::Error::WithDepth { err: e, .. }
            | ignore::Error::WithLineNumber { err: e, .. } => {
                err = e;
            }
            _ => break,
        }
    }
    let message = match err {
        ignore::Error::Io(e) => io_message(e),
        ignore::Error::Loop { ancestor, .. } => {
            format!("symbolic link loop (leads back to {})", ancestor.display())
        }
        e => e.to_string(),
    };
    plain_error(&path.display().to_string(), &message)
}

fn has_extension(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// An I/O error as a short lower-case message without the OS error number.
fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ if is_loop(e) => "symbolic link loop".to_string(),
        _ => {
            let text = e.to_string();
            let text = match text.rfind(" (os error ") {
                Some(i) if text.ends_with(')') => &text[..i],
                _ => &text,
            };
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text.to_string(),
            }
        }
    }
}

pub fn plain_error(path: &str, message: &str) -> FileError {
    FileError {
        path: path.to_string(),
        message: message.to_string(),
        line: None,
        column: None,
        offset: None,
        rendered: Some(format!(
            "error: {}: {}\n",
            terminal_line(path),
            terminal_line(message)
        )),
    }
}

/// An error at a place of an input that could not be decoded: the message
/// is `{what}: {detail}`, rendered `error: {path}:{line}:{column}: {what}
/// ({detail})`.
fn undecodable(
    path: &str,
    (line, column): (usize, usize),
    offset: usize,
    what: &str,
    detail: &str,
) -> FileError {
    FileError {
        path: path.to_string(),
        message: format!("{what}: {detail}"),
        line: Some(line),
        column: Some(column),
        offset: Some(offset),
        rendered: Some(format!(
            "error: {}:{line}:{column}: {what} ({detail})\n",
            terminal_line(path)
        )),
    }
}

/// Reads and decodes an input with the default options.
pub fn read(input: &Input) -> Result<(SourceFile, Format), FileError> {
    read_with(input, &ReadOptions::default())
}

/// Reads and decodes an input: refuses it past the size limit (before
/// reading it whole), and when it is binary or not validly encoded (unless
/// `--encoding lossy`).
pub fn read_with(input: &Input, options: &ReadOptions) -> Result<(SourceFile, Format), FileError> {
    let name = input.display();
    let limit = options.max_file_size;
    let bytes = match input {
        Input::File(p) => {
            let mut file = File::open(p).map_err(|e| plain_error(&name, &io_message(&e)))?;
            let meta = file
                .metadata()
                .map_err(|e| plain_error(&name, &io_message(&e)))?;
            if meta.is_file() && meta.len() > limit {
                return Err(too_large(&name, Some(meta.len()), limit));
            }
            let expected = if meta.is_file() { meta.len() } else { 0 };
            read_limited(&mut file, expected, limit)
                .map_err(|e| plain_error(&name, &io_message(&e)))?
                .ok_or_else(|| too_large(&name, None, limit))?
        }
        Input::Stdin { .. } => read_limited(&mut io::stdin().lock(), 0, limit)
            .map_err(|e| plain_error(&name, &format!("cannot read standard input: {e}")))?
            .ok_or_else(|| too_large(&name, None, limit))?,
    };
    let text = decode(&name, bytes, options.encoding)?;
    let format = Format::from_path(&name);
    Ok((SourceFile::new(name, text), format))
}

/// Reads to the end, or `None` as soon as more than `limit` bytes came.
fn read_limited(reader: &mut dyn Read, expected: u64, limit: u64) -> io::Result<Option<Vec<u8>>> {
    let capacity = usize::try_from(expected.min(limit).saturating_add(1)).unwrap_or(0);
    let mut buf = Vec::with_capacity(capacity);
    reader.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    Ok((buf.len() as u64 <= limit).then_some(buf))
}

fn too_large(path: &str, size: Option<u64>, limit: u64) -> FileError {
    let limit = with_unit(limit);
    let message = match size {
        Some(size) => format!("too large: {size} bytes, over the --max-file-size limit of {limit}"),
        None => {
            format!("too large: more than the --max-file-size limit of {limit}, not read further")
        }
    };
    plain_error(path, &message)
}

/// `67108864 bytes (64 MiB)`: a byte count, with its binary unit when it is
/// a whole number of them.
pub fn with_unit(bytes: u64) -> String {
    let unit = [(1u64 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        .into_iter()
        .find(|&(size, _)| bytes >= size && bytes.is_multiple_of(size));
    match unit {
        Some((size, unit)) => format!("{bytes} bytes ({} {unit})", bytes / size),
        None if bytes == 1 => "1 byte".to_string(),
        None => format!("{bytes} bytes"),
    }
}

/// Parses a `--max-file-size`: a number of bytes with an optional suffix,
/// `K`, `KiB` (1024), `KB` (1000), and likewise `M`, `MiB`, `MB`, `G`, `GiB`,
/// `GB`; the letters in either case, `B` allowed after a plain number.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, suffix) = t.split_at(split);
    let bad = || {
        format!(
            "`{s}` is not a size: give bytes, or a number with K, KiB, KB, M, MiB, MB, G, GiB or GB"
        )
    };
    if digits.is_empty() {
        return Err(bad());
    }
    let factor: u64 = match suffix.trim_start().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "kb" => 1000,
        "m" | "mib" => 1 << 20,
        "mb" => 1_000_000,
        "g" | "gib" => 1 << 30,
        "gb" => 1_000_000_000,
        _ => return Err(bad()),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .ok_or_else(|| format!("`{s}` is too large a size"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Utf16 {
    Le,
    Be,
}

impl Utf16 {
    /// The UTF-16 byte order announced by a byte-order mark.
    fn from_bom(bytes: &[u8]) -> Option<Utf16> {
        match bytes {
            [0xff, 0xfe, ..] => Some(Utf16::Le),
            [0xfe, 0xff, ..] => Some(Utf16::Be),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Utf16::Le => "UTF-16LE",
            Utf16::Be => "UTF-16BE",
        }
    }

    fn unit(self, pair: &[u8]) -> u16 {
        match (self, pair) {
            (Utf16::Le, &[a, b]) => u16::from_le_bytes([a, b]),
            (Utf16::Be, &[a, b]) => u16::from_be_bytes([a, b]),
            _ => 0,
        }
    }
}

/// The byte offset of the first NUL in the first [`BINARY_PROBE`] bytes (a
/// zero code unit after a UTF-16 byte-order mark), which makes the input
/// binary.
fn nul_offset(bytes: &[u8]) -> Option<usize> {
    let probe = &bytes[..bytes.len().min(BINARY_PROBE)];
    match Utf16::from_bom(probe) {
        Some(_) => probe[2..]
            .chunks_exact(2)
            .position(|u| u == [0, 0])
            .map(|i| 2 + 2 * i),
        None => memchr::memchr(0, probe),
    }
}

/// Whether a file found by walking is binary (the offset of its NUL byte).
/// A file that cannot be read is not: reading it later reports why.
fn probe_binary(path: &Path) -> Option<usize> {
    let mut head = Vec::with_capacity(BINARY_PROBE);
    File::open(path)
        .and_then(|f| f.take(BINARY_PROBE as u64).read_to_end(&mut head))
        .ok()?;
    nul_offset(&head)
}

/// Line and column (characters after a leading byte-order mark, as in spans)
/// of the end of `prefix`. Invalid UTF-8 counts as one character a sequence.
fn end_position(prefix: &[u8]) -> (usize, usize) {
    let line_start = memchr::memrchr(b'\n', prefix).map_or(0, |i| i + 1);
    let line = memchr::memchr_iter(b'\n', prefix).count() + 1;
    let last = String::from_utf8_lossy(&prefix[line_start..]);
    let last = if line == 1 {
        last.trim_start_matches('\u{feff}')
    } else {
        &last
    };
    (line, last.chars().count() + 1)
}

/// Decodes an input to text: UTF-16 after a UTF-16 byte-order mark (the
/// mark dropped), else UTF-8 (a UTF-8 byte-order mark kept, as spans skip
/// it). Binary inputs are refused whatever the encoding.
fn decode(path: &str, bytes: Vec<u8>, encoding: Encoding) -> Result<String, FileError> {
    let utf16 = Utf16::from_bom(&bytes);
    if let Some(at) = nul_offset(&bytes) {
        let place = match utf16 {
            Some(order) => {
                let prefix = decode_utf16(path, &bytes[..at], order, Encoding::Lossy)?;
                end_position(prefix.as_bytes())
            }
            None => end_position(&bytes[..at]),
        };
        return Err(undecodable(
            path,
            place,
            at,
            "binary file",
            &format!("NUL byte at offset {at}"),
        ));
    }
    if let Some(order) = utf16 {
        return decode_utf16(path, &bytes, order, encoding);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) if encoding == Encoding::Lossy => {
            Ok(String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            Err(undecodable(
                path,
                end_position(&bytes[..valid]),
                valid,
                "not valid UTF-8",
                &format!("byte 0x{:02x} at offset {valid}", bytes[valid]),
            ))
        }
    }
}

/// Decodes UTF-16 after its byte-order mark (which is dropped).
fn decode_utf16(
    path: &str,
    bytes: &[u8],
    order: Utf16,
    encoding: Encoding,
) -> Result<String, FileError> {
    let body = bytes.get(2..).unwrap_or_default();
    let mut text = String::with_capacity(body.len());
    // Byte offset in the file of the next code unit.
    let mut offset = 2;
    let units = body.chunks_exact(2).map(|pair| order.unit(pair));
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                text.push(c);
                offset += 2 * c.len_utf16();
            }
            Err(_) if encoding == Encoding::Lossy => {
                text.push(char::REPLACEMENT_CHARACTER);
                offset += 2;
            }
            Err(e) => {
                return Err(undecodable(
                    path,
                    end_position(text.as_bytes()),
                    offset,
                    &format!("not valid {}", order.name()),
                    &format!(
                        "unpaired surrogate 0x{:04x} at offset {offset}",
                        e.unpaired_surrogate()
                    ),
                ));
            }
        }
    }
    if body.len() % 2 == 1 {
        if encoding == Encoding::Lossy {
            text.push(char::REPLACEMENT_CHARACTER);
        } else {
            return Err(undecodable(
                path,
                end_position(text.as_bytes()),
                offset,
                &format!("not valid {}", order.name()),
                &format!("odd number of bytes, a lone byte at offset {offset}"),
            ));
        }
    }
    Ok(text)
}

/// An input error with a place in the document, rendered with its snippet.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
struct PlacedError {
    message: String,
    src: NamedSource<Arc<String>>,
    span: std::ops::Range<usize>,
}

impl Diagnostic for PlacedError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("clauselint::input"))
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some("here".into()), self.span.clone()),
        )))
    }
}

/// A file error at a place of a source file.
pub fn placed_error(source: &SourceFile, message: &str, span: std::ops::Range<usize>) -> FileError {
    let pos = source.position(span.start);
    // The snippet is shown from a copy with control characters escaped.
    let shown = TerminalText::new(source.text());
    let diag = PlacedError {
        message: terminal_line(&format!("{}: {message}", source.name())).into_owned(),
        src: NamedSource::new(
            terminal_line(source.name()),
            if shown.is_unchanged() {
                source.text_arc()
            } else {
                Arc::new(shown.as_str().to_string())
            },
        ),
        span: shown.range_to_shown(span.clone()),
    };
    FileError {
        path: source.name().to_string(),
        message: message.to_string(),
        line: Some(pos.line),
        column: Some(pos.column),
        offset: Some(span.start),
        rendered: Some(super::render_diagnostic(&diag)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("0"), Ok(0));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("12B"), Ok(12));
        assert_eq!(parse_size("500K"), Ok(500 * 1024));
        assert_eq!(parse_size("500k"), Ok(500 * 1024));
        assert_eq!(parse_size("2KiB"), Ok(2048));
        assert_eq!(parse_size("2KB"), Ok(2000));
        assert_eq!(parse_size("64MiB"), Ok(DEFAULT_MAX_FILE_SIZE));
        assert_eq!(parse_size("64 MiB"), Ok(DEFAULT_MAX_FILE_SIZE));
        assert_eq!(parse_size("10MB"), Ok(10_000_000));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("3gb"), Ok(3_000_000_000));
        assert!(parse_size("").is_err());
        assert!(parse_size("MiB").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("1.5M").is_err());
        assert!(parse_size("10 parsecs").is_err());
        assert_eq!(
            parse_size("99999999999999999999G"),
            Err("`99999999999999999999G` is too large a size".to_string())
        );
    }

    #[test]
    fn sizes_are_shown_with_their_unit() {
        assert_eq!(with_unit(DEFAULT_MAX_FILE_SIZE), "67108864 bytes (64 MiB)");
        assert_eq!(with_unit(1536), "1536 bytes");
        assert_eq!(with_unit(2048), "2048 bytes (2 KiB)");
        assert_eq!(with_unit(1), "1 byte");
        assert_eq!(with_unit(0), "0 bytes");
    }

    #[test]
    fn nul_is_looked_for_in_the_first_8_kib_only() {
        let mut bytes = vec![b'a'; BINARY_PROBE];
        bytes.push(0);
        assert_eq!(nul_offset(&bytes), None);
        bytes[BINARY_PROBE - 1] = 0;
        assert_eq!(nul_offset(&bytes), Some(BINARY_PROBE - 1));
        // UTF-16: zero bytes inside code units are not NULs.
        assert_eq!(nul_offset(b"\xff\xfea\0b\0"), None);
        assert_eq!(nul_offset(b"\xff\xfea\0\0\0"), Some(4));
        // A UTF-32LE byte-order mark reads as UTF-16LE and a NUL.
        assert_eq!(nul_offset(b"\xff\xfe\0\0a\0\0\0"), Some(2));
    }

    #[test]
    fn utf16_decodes_both_byte_orders() {
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("é😀\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("é😀\n".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode("t", le, Encoding::Utf8).unwrap(), "é😀\n");
        assert_eq!(decode("t", be, Encoding::Utf8).unwrap(), "é😀\n");
    }

    #[test]
    fn invalid_utf16_names_the_offset_or_is_replaced() {
        // "a\n", "b", then a lone high surrogate at byte 8.
        let bytes = b"\xff\xfea\0\n\0b\0\x00\xd8c\0".to_vec();
        let e = decode("t.md", bytes.clone(), Encoding::Utf8).unwrap_err();
        assert_eq!(
            e.message,
            "not valid UTF-16LE: unpaired surrogate 0xd800 at offset 8"
        );
        assert_eq!((e.line, e.column, e.offset), (Some(2), Some(2), Some(8)));
        assert_eq!(
            e.rendered.as_deref(),
            Some("error: t.md:2:2: not valid UTF-16LE (unpaired surrogate 0xd800 at offset 8)\n")
        );
        assert_eq!(
            decode("t.md", bytes, Encoding::Lossy).unwrap(),
            "a\nb\u{fffd}c"
        );

        let odd = b"\xfe\xff\0a\0".to_vec();
        let e = decode("t.md", odd.clone(), Encoding::Utf8).unwrap_err();
        assert_eq!(
            e.message,
            "not valid UTF-16BE: odd number of bytes, a lone byte at offset 4"
        );
        assert_eq!(decode("t.md", odd, Encoding::Lossy).unwrap(), "a\u{fffd}");
    }

    #[test]
    fn a_bare_byte_order_mark_is_an_empty_document() {
        assert_eq!(
            decode("t", b"\xff\xfe".to_vec(), Encoding::Utf8).unwrap(),
            ""
        );
        assert_eq!(
            decode("t", b"\xfe\xff".to_vec(), Encoding::Utf8).unwrap(),
            ""
        );
        assert_eq!(
            decode("t", b"\xef\xbb\xbf".to_vec(), Encoding::Utf8).unwrap(),
            "\u{feff}"
        );
    }

    #[test]
    fn io_messages_drop_the_os_error_number() {
        let e = io::Error::from_raw_os_error(21); // EISDIR on Linux
        if cfg!(target_os = "linux") {
            assert_eq!(io_message(&e), "is a directory");
            assert_eq!(
                io_message(&io::Error::from_raw_os_error(40)),
                "symbolic link loop"
            );
        }
    }

    #[test]
    fn a_file_that_vanishes_after_the_walk_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        let b = dir.path().join("b.md");
        std::fs::write(&a, "Alpha.\n").unwrap();
        std::fs::write(&b, "Beta.\n").unwrap();
        let c = collect_noting(&[dir.path().to_path_buf()], None, &|_| true);
        assert!(c.errors.is_empty() && c.notes.is_empty());
        assert_eq!(c.inputs.len(), 2);
        std::fs::remove_file(&a).unwrap();
        let e = read(&c.inputs[0]).unwrap_err();
        assert_eq!(e.path, a.display().to_string());
        assert_eq!(e.message, "no such file or directory");
        assert_eq!(
            e.rendered.as_deref(),
            Some(format!("error: {}: no such file or directory\n", a.display()).as_str())
        );
        let (source, _) = read(&c.inputs[1]).unwrap();
        assert_eq!(source.text(), "Beta.\n");
    }

    #[test]
    fn files_over_the_limit_are_refused_and_readers_stop_past_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "x".repeat(11)).unwrap();
        let options = ReadOptions {
            encoding: Encoding::Utf8,
            max_file_size: 10,
        };
        let e = read_with(&Input::File(p.clone()), &options).unwrap_err();
        assert_eq!(
            e.message,
            "too large: 11 bytes, over the --max-file-size limit of 10 bytes"
        );
        // What the reader sees past the limit, whatever the metadata said.
        let mut reader: &[u8] = b"12345678901";
        assert!(read_limited(&mut reader, 0, 10).unwrap().is_none());
        let mut reader: &[u8] = b"1234567890";
        assert_eq!(read_limited(&mut reader, 0, 10).unwrap().unwrap().len(), 10);
    }
}
