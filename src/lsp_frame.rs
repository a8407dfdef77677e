//! The base protocol of the Language Server Protocol: `Content-Length`
//! headers, a blank line, then a body of that many bytes. The language
//! server (`clauselint lsp`, in the binary) reads its input with
//! [`read_frame`]; it lives in the library so that the fuzz target can reach
//! it. Not a stable API.
//!
//! The client is untrusted, so every size is bounded before anything is
//! allocated: a header line holds at most [`MAX_HEADER_LINE`] bytes, a
//! header at most [`MAX_HEADER_LINES`] lines, and a body is read as its bytes
//! arrive (never allocated at its declared length) up to the caller's limit.
//! A body over the limit is not read: the caller answers, then [`skip`]s it
//! in bounded chunks, and the stream stays in step. When the end of a frame
//! cannot be known (a header line too long, no usable `Content-Length`), no
//! further frame can be read safely, and [`read_frame`] says so with a
//! [`FrameError`].

use std::fmt;
use std::io::{self, BufRead, ErrorKind, Write};

/// The longest header line accepted, without its line break. Real headers
/// are `Content-Length: 123` and `Content-Type: …; charset=utf-8`.
pub const MAX_HEADER_LINE: usize = 1024;

/// The most header lines in one frame (the protocol defines two).
pub const MAX_HEADER_LINES: usize = 32;

/// One frame read from the stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// The whole body, at most the limit long.
    Body(Vec<u8>),
    /// A frame whose length is known but whose body is not wanted. Its body
    /// is still unread: the caller answers the client, then calls
    /// [`skip`] with `length` to stay in step with the stream.
    Rejected { length: u64, reason: Rejection },
}

/// Why a frame's body is not read.
#[derive(Debug, PartialEq, Eq)]
pub enum Rejection {
    /// `Content-Length` is over the caller's limit.
    TooLarge { limit: u64 },
    /// A header line is not `Name: value` (the length is fine).
    BadHeader(String),
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::TooLarge { limit } => {
                write!(f, "the message is larger than the limit of {limit} bytes")
            }
            Rejection::BadHeader(message) => f.write_str(message),
        }
    }
}

/// Why no further frame can be read.
#[derive(Debug)]
pub enum FrameError {
    /// A header line longer than [`MAX_HEADER_LINE`] bytes.
    LineTooLong,
    /// More than [`MAX_HEADER_LINES`] header lines.
    TooManyLines,
    /// A header without `Content-Length`.
    NoLength,
    /// A `Content-Length` that is not a decimal number, or two that differ.
    BadLength(String),
    /// The input ended inside a frame.
    Truncated,
    Io(io::Error),
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::LineTooLong => write!(
                f,
                "a header line is longer than {MAX_HEADER_LINE} bytes (or has no line break)"
            ),
            FrameError::TooManyLines => {
                write!(f, "a header has more than {MAX_HEADER_LINES} lines")
            }
            FrameError::NoLength => f.write_str("a header has no Content-Length"),
            FrameError::BadLength(v) => write!(f, "a header has a bad Content-Length: {v}"),
            FrameError::Truncated => f.write_str("the input ended inside a message"),
            FrameError::Io(e) => write!(f, "cannot read the input: {e}"),
        }
    }
}

impl From<io::Error> for FrameError {
    fn from(e: io::Error) -> Self {
        FrameError::Io(e)
    }
}

/// What the header of a frame said.
#[derive(Default)]
struct Header {
    length: Option<u64>,
    /// The first header line that is not `Name: value`.
    bad_line: Option<String>,
    lines: usize,
}

/// Reads the next frame. `Ok(None)`: the input ended between frames.
/// A body longer than `max_body` is not read (see [`Frame::Rejected`]).
pub fn read_frame<R: BufRead>(input: &mut R, max_body: u64) -> Result<Option<Frame>, FrameError> {
    let Some(header) = read_header(input)? else {
        return Ok(None);
    };
    let length = header.length.ok_or(FrameError::NoLength)?;
    if length > max_body {
        let reason = Rejection::TooLarge { limit: max_body };
        return Ok(Some(Frame::Rejected { length, reason }));
    }
    if let Some(line) = header.bad_line {
        let reason = Rejection::BadHeader(format!("a header line is not `Name: value`: {line}"));
        return Ok(Some(Frame::Rejected { length, reason }));
    }
    read_body(input, length).map(|body| Some(Frame::Body(body)))
}

/// Reads header lines up to the blank line that ends them. None: the input
/// ended before the first byte of a header.
fn read_header<R: BufRead>(input: &mut R) -> Result<Option<Header>, FrameError> {
    let mut header = Header::default();
    let mut line = Vec::with_capacity(64);
    let mut blank_lines = 0;
    loop {
        line.clear();
        if !read_line(input, &mut line)? {
            if header.lines == 0 && line.is_empty() {
                return Ok(None);
            }
            return Err(FrameError::Truncated);
        }
        if line.is_empty() {
            if header.lines == 0 {
                // Blank lines between frames are tolerated, within the bound.
                blank_lines += 1;
                if blank_lines > MAX_HEADER_LINES {
                    return Err(FrameError::TooManyLines);
                }
                continue;
            }
            return Ok(Some(header));
        }
        header.lines += 1;
        if header.lines > MAX_HEADER_LINES {
            return Err(FrameError::TooManyLines);
        }
        parse_header_line(&line, &mut header)?;
    }
}

fn parse_header_line(line: &[u8], header: &mut Header) -> Result<(), FrameError> {
    let text = String::from_utf8_lossy(line);
    let Some((name, value)) = text.split_once(':') else {
        header.bad_line.get_or_insert_with(|| text.into_owned());
        return Ok(());
    };
    if !name.trim().eq_ignore_ascii_case("content-length") {
        // Content-Type, or a header the protocol does not define: ignored.
        return Ok(());
    }
    let length = parse_length(value.trim())
        .ok_or_else(|| FrameError::BadLength(format!("`{}`", value.trim())))?;
    match header.length {
        Some(previous) if previous != length => Err(FrameError::BadLength(format!(
            "two values, {previous} and {length}"
        ))),
        _ => {
            header.length = Some(length);
            Ok(())
        }
    }
}

/// A decimal number of ASCII digits; a number past `u64::MAX` is `u64::MAX`
/// (over any limit all the same).
fn parse_length(value: &str) -> Option<u64> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(value.parse::<u64>().unwrap_or(u64::MAX))
}

/// Reads one line into `line` without its line break (LF, or CRLF).
/// Returns false if the input ended first (`line` holds what came).
fn read_line<R: BufRead>(input: &mut R, line: &mut Vec<u8>) -> Result<bool, FrameError> {
    loop {
        let buf = match input.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if buf.is_empty() {
            return Ok(false);
        }
        let (take, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i, true),
            None => (buf.len(), false),
        };
        if line.len() + take > MAX_HEADER_LINE + 1 {
            return Err(FrameError::LineTooLong);
        }
        line.extend_from_slice(&buf[..take]);
        input.consume(if done { take + 1 } else { take });
        if done {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            if line.len() > MAX_HEADER_LINE {
                return Err(FrameError::LineTooLong);
            }
            return Ok(true);
        }
    }
}

/// Reads a body of `length` bytes as they arrive: memory grows with what
/// was received, not with what was announced.
fn read_body<R: BufRead>(input: &mut R, length: u64) -> Result<Vec<u8>, FrameError> {
    let length = usize::try_from(length).map_err(|_| FrameError::Truncated)?;
    let mut body = Vec::with_capacity(length.min(64 * 1024));
    while body.len() < length {
        let buf = match input.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if buf.is_empty() {
            return Err(FrameError::Truncated);
        }
        let take = buf.len().min(length - body.len());
        body.extend_from_slice(&buf[..take]);
        input.consume(take);
    }
    Ok(body)
}

/// Skips up to `length` bytes, a buffer at a time, without keeping them.
/// Returns how many were skipped: fewer than `length` if the input ended.
pub fn skip<R: BufRead>(input: &mut R, length: u64) -> io::Result<u64> {
    let mut skipped = 0u64;
    while skipped < length {
        let available = match input.fill_buf() {
            Ok(buf) => buf.len(),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available == 0 {
            break;
        }
        let take = usize::try_from(length - skipped).map_or(available, |left| left.min(available));
        input.consume(take);
        skipped += take as u64;
    }
    Ok(skipped)
}

/// Writes one frame: the `Content-Length` header and the body.
pub fn write_frame(out: &mut impl Write, body: &[u8]) -> io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8], max_body: u64) -> Vec<Result<Frame, String>> {
        let mut input = input;
        let mut out = Vec::new();
        loop {
            match read_frame(&mut input, max_body) {
                Ok(None) => return out,
                Ok(Some(Frame::Rejected { length, reason })) => {
                    out.push(Ok(Frame::Rejected { length, reason }));
                    if skip(&mut input, length).unwrap() < length {
                        return out;
                    }
                }
                Ok(Some(frame)) => out.push(Ok(frame)),
                Err(e) => {
                    out.push(Err(e.to_string()));
                    return out;
                }
            }
        }
    }

    #[test]
    fn frames_follow_one_another() {
        let got = frames(
            b"Content-Length: 2\r\n\r\n{}content-length:3\r\nContent-Type: x\r\n\r\n[1]",
            10,
        );
        assert_eq!(
            got,
            vec![
                Ok(Frame::Body(b"{}".to_vec())),
                Ok(Frame::Body(b"[1]".to_vec()))
            ]
        );
    }

    #[test]
    fn a_body_over_the_limit_is_skipped_and_the_next_frame_read() {
        let got = frames(
            b"Content-Length: 11\r\n\r\n01234567890Content-Length: 1\r\n\r\n7",
            10,
        );
        assert_eq!(
            got,
            vec![
                Ok(Frame::Rejected {
                    length: 11,
                    reason: Rejection::TooLarge { limit: 10 }
                }),
                Ok(Frame::Body(b"7".to_vec()))
            ]
        );
    }

    #[test]
    fn huge_lengths_are_rejected_before_anything_is_allocated() {
        for header in [
            "Content-Length: 18446744073709551615\r\n\r\n",
            "Content-Length: 99999999999999999999999999\r\n\r\n",
            "Content-Length: 1099511627776\r\n\r\n",
        ] {
            let mut input = header.as_bytes();
            match read_frame(&mut input, 64 << 20).unwrap() {
                Some(Frame::Rejected {
                    reason: Rejection::TooLarge { .. },
                    ..
                }) => {}
                other => panic!("{header:?}: {other:?}"),
            }
            assert_eq!(skip(&mut input, u64::MAX).unwrap(), 0);
        }
    }

    #[test]
    fn unframeable_input_is_an_error() {
        let long = format!("X: {}", "a".repeat(MAX_HEADER_LINE));
        let many = "X: y\r\n".repeat(MAX_HEADER_LINES + 1);
        for (input, expected) in [
            (long.as_str(), "longer than"),
            (many.as_str(), "more than"),
            ("Content-Type: x\r\n\r\n{}", "no Content-Length"),
            ("Content-Length: -1\r\n\r\n", "bad Content-Length: `-1`"),
            ("Content-Length: 0x10\r\n\r\n", "bad Content-Length"),
            (
                "Content-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "two values",
            ),
            ("Content-Length: 5\r\n\r\n{}", "ended inside"),
            ("Content-Length: 5\r\n", "ended inside"),
        ] {
            let got = frames(input.as_bytes(), 100);
            let last = got.last().unwrap();
            assert!(
                last.as_ref().is_err_and(|e| e.contains(expected)),
                "{input:?}: {got:?}"
            );
        }
    }

    #[test]
    fn a_bad_header_line_with_a_good_length_is_rejected_in_step() {
        let got = frames(
            b"Content-Length: 2\r\nnonsense\r\n\r\n{}Content-Length: 1\r\n\r\n1",
            10,
        );
        assert!(matches!(
            got[0],
            Ok(Frame::Rejected {
                length: 2,
                reason: Rejection::BadHeader(_)
            })
        ));
        assert_eq!(got[1], Ok(Frame::Body(b"1".to_vec())));
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn a_line_at_the_limit_is_accepted() {
        let value = "a".repeat(MAX_HEADER_LINE - "X: ".len());
        let input = format!("X: {value}\r\nContent-Length: 1\r\n\r\n1");
        assert_eq!(
            frames(input.as_bytes(), 10),
            vec![Ok(Frame::Body(b"1".to_vec()))]
        );
    }

    #[test]
    fn written_frames_read_back() {
        let mut out = Vec::new();
        write_frame(&mut out, b"{\"a\":1}").unwrap();
        write_frame(&mut out, b"").unwrap();
        assert_eq!(
            frames(&out, 100),
            vec![
                Ok(Frame::Body(b"{\"a\":1}".to_vec())),
                Ok(Frame::Body(Vec::new()))
            ]
        );
    }
}
