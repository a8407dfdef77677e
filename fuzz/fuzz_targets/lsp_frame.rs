//! Fuzz target: the language server's frame reader
//! (`clauselint::lsp_frame`), on arbitrary streams and on streams it wrote.
//!
//! Input layout: the first byte chooses the mode and the read buffer's
//! size, the second the body limit, the rest is the stream.
//!
//! - bit 7 of the first byte clear: **arbitrary stream**. Frames are read
//!   until the end or an error, skipping rejected bodies as the server
//!   does. Any panic is a crash; besides, a body is never over the limit, a
//!   rejection for size is only of a length over it (and any other only of
//!   one within it), a short skip happens only at the end of the input, and
//!   the number of frames is bounded by the input's length.
//! - bit 7 set: **round trip**. The rest is split at 0x00 bytes into bodies,
//!   written with `write_frame` and read back: the same bodies in order, then
//!   the end.
//! - bits 0-5: the `BufReader` capacity, 1 to 64 bytes, so that lines and
//!   bodies straddle buffer refills.
//! - second byte: the body limit, 0 to 1020 bytes in steps of 4 (arbitrary
//!   mode), so both sides of it are reached.
//!
//! See docs/fuzzing.md.

#![no_main]

use std::io::BufReader;

use clauselint::lsp_frame::{Frame, Rejection, read_frame, skip, write_frame};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [mode, limit, stream @ ..] = data else {
        return;
    };
    let capacity = usize::from(mode & 0x3f) + 1;
    if mode & 0x80 == 0 {
        arbitrary(stream, capacity, u64::from(*limit) * 4);
    } else {
        round_trip(stream, capacity);
    }
});

fn arbitrary(stream: &[u8], capacity: usize, max_body: u64) {
    let mut input = BufReader::with_capacity(capacity, stream);
    let mut frames = 0usize;
    loop {
        frames += 1;
        assert!(frames <= stream.len() + 1, "more frames than bytes");
        match read_frame(&mut input, max_body) {
            Ok(None) | Err(_) => return,
            Ok(Some(Frame::Body(body))) => {
                assert!(body.len() as u64 <= max_body, "a body over the limit");
            }
            Ok(Some(Frame::Rejected { length, reason })) => {
                match reason {
                    Rejection::TooLarge { limit } => {
                        assert_eq!(limit, max_body);
                        assert!(length > max_body, "rejected for size within the limit");
                    }
                    Rejection::BadHeader(_) => {
                        assert!(length <= max_body, "a bad header over the limit");
                    }
                }
                let skipped = skip(&mut input, length).expect("reading memory");
                if skipped < length {
                    assert_eq!(skip(&mut input, 1).expect("reading memory"), 0);
                    return;
                }
            }
        }
    }
}

fn round_trip(stream: &[u8], capacity: usize) {
    let bodies: Vec<&[u8]> = stream.split(|&b| b == 0).collect();
    let mut written = Vec::new();
    for body in &bodies {
        write_frame(&mut written, body).expect("writing to memory");
    }
    let max_body = stream.len() as u64;
    let mut input = BufReader::with_capacity(capacity, written.as_slice());
    for body in &bodies {
        match read_frame(&mut input, max_body) {
            Ok(Some(Frame::Body(read))) => assert_eq!(read.as_slice(), *body),
            other => panic!("a written frame read back as {other:?}"),
        }
    }
    assert!(matches!(read_frame(&mut input, max_body), Ok(None)));
}
