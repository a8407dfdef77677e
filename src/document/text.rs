//! The normalised text buffer of a document and its map back to the source.

use std::ops::Range;

use crate::bitscan::{BLOCK, lanes_to_bits};

/// Whether a byte may start a whitespace run: ASCII whitespace and the lead
/// bytes of multi-byte characters (some are Unicode spaces).
const fn may_be_space(b: u8) -> bool {
    b.is_ascii_whitespace() || b >= 0xC2
}

/// `may_be_space` as a table, for the byte-at-a-time loop.
static MAY_BE_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = may_be_space(b as u8);
        b += 1;
    }
    t
};

/// A run of the normalised text and where it came from.
///
/// `exact` runs are byte-for-byte copies of the source; other runs (a collapsed
/// whitespace run, a decoded entity, a block separator) map as a whole onto
/// their source range.
#[derive(Debug, Clone, Copy)]
struct Piece {
    text_start: usize,
    src_start: usize,
    src_end: usize,
    exact: bool,
}

/// Normalised clause text plus the piece table mapping it to the source.
#[derive(Debug, Clone, Default)]
pub struct NormalizedText {
    text: String,
    pieces: Vec<Piece>,
}

impl NormalizedText {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn piece_index(&self, text_offset: usize) -> Option<usize> {
        let i = self.pieces.partition_point(|p| p.text_start <= text_offset);
        i.checked_sub(1)
    }

    fn piece_text_end(&self, i: usize) -> usize {
        self.pieces
            .get(i + 1)
            .map_or(self.text.len(), |p| p.text_start)
    }

    /// Maps a range of the normalised text to the source bytes it came from.
    pub fn to_source(&self, range: Range<usize>) -> Range<usize> {
        if self.pieces.is_empty() {
            return 0..0;
        }
        let start = match self.piece_index(range.start) {
            Some(i) => {
                let p = self.pieces[i];
                if p.exact {
                    (p.src_start + (range.start - p.text_start)).min(p.src_end)
                } else {
                    p.src_start
                }
            }
            None => 0,
        };
        let last = range.end.max(range.start + 1) - 1;
        let end = match self.piece_index(last) {
            Some(i) => {
                let p = self.pieces[i];
                let piece_end = self.piece_text_end(i);
                if p.exact {
                    (p.src_start + (range.end.min(piece_end) - p.text_start)).min(p.src_end)
                } else {
                    p.src_end
                }
            }
            None => start,
        };
        if range.end <= range.start {
            start..start
        } else {
            start..end.max(start)
        }
    }
}

pub(crate) struct TextBuilder {
    out: NormalizedText,
    /// The buffer ends with a space (or is at a block start): further
    /// whitespace is dropped.
    at_space: bool,
}

impl TextBuilder {
    pub fn with_capacity(n: usize) -> Self {
        TextBuilder {
            out: NormalizedText {
                text: String::with_capacity(n),
                pieces: Vec::with_capacity(n / 64 + 16),
            },
            at_space: true,
        }
    }

    pub fn len(&self) -> usize {
        self.out.text.len()
    }

    pub fn as_str(&self) -> &str {
        &self.out.text
    }

    fn piece(&mut self, src_start: usize, src_end: usize, exact: bool) {
        let text_start = self.out.text.len();
        if let Some(last) = self.out.pieces.last_mut() {
            if last.text_start == text_start {
                // Nothing was written for the previous piece: replace it.
                *last = Piece {
                    text_start,
                    src_start,
                    src_end,
                    exact,
                };
                return;
            }
            if exact && last.exact && last.src_end == src_start {
                last.src_end = src_end;
                return;
            }
        }
        self.out.pieces.push(Piece {
            text_start,
            src_start,
            src_end,
            exact,
        });
    }

    /// Copies source text, collapsing every whitespace run (ASCII, no-break
    /// and other Unicode spaces, line breaks) into one ASCII space.
    pub fn push_source(&mut self, src: &str, src_offset: usize) {
        let bytes = src.as_bytes();
        let mut run_start = 0;
        let mut i = 0;
        let mut stops = Stops::new(bytes);
        while let Some(at) = stops.next_from(i) {
            i = at;
            let b = bytes[i];
            if !MAY_BE_SPACE[b as usize] {
                i += 1;
                continue;
            }
            // The common case first: a lone space inside a run.
            if b == b' '
                && i > run_start
                && bytes.get(i + 1).is_some_and(|&n| !MAY_BE_SPACE[n as usize])
            {
                i += 1;
                continue;
            }
            let ws_len = if b.is_ascii_whitespace() {
                1
            } else if b >= 0xC2 {
                unicode_space_len(&src[i..])
            } else {
                0
            };
            if ws_len == 0 {
                i += 1;
                continue;
            }
            let ws_start = i;
            i += ws_len;
            loop {
                let more = match bytes.get(i) {
                    Some(b) if b.is_ascii_whitespace() => 1,
                    Some(&b) if b >= 0xC2 => unicode_space_len(&src[i..]),
                    _ => 0,
                };
                if more == 0 {
                    break;
                }
                i += more;
            }
            // A lone ASCII space between words is already normal: it stays
            // in the exact run (most whitespace is this; a piece each would
            // double the table).
            if i - ws_start == 1
                && bytes[ws_start] == b' '
                && (ws_start > run_start || !self.at_space)
            {
                continue;
            }
            if run_start < ws_start {
                self.piece(src_offset + run_start, src_offset + ws_start, true);
                self.out.text.push_str(&src[run_start..ws_start]);
                self.at_space = false;
            }
            if !self.at_space {
                self.piece(src_offset + ws_start, src_offset + i, false);
                self.out.text.push(' ');
                self.at_space = true;
            }
            run_start = i;
        }
        if run_start < bytes.len() {
            self.piece(src_offset + run_start, src_offset + bytes.len(), true);
            self.out.text.push_str(&src[run_start..]);
            self.at_space = src.ends_with(' ');
        }
    }

    /// Appends text standing for a source range it does not copy.
    pub fn push_replaced(&mut self, text: &str, src: Range<usize>) {
        if text.is_empty() {
            return;
        }
        if text.trim().is_empty() {
            self.push_space(src.start);
            return;
        }
        self.piece(src.start, src.end, false);
        self.out.text.push_str(text);
        self.at_space = text.ends_with(char::is_whitespace);
    }

    /// A single space standing for a line break or other separator at `at`.
    pub fn push_space(&mut self, at: usize) {
        if !self.at_space {
            self.piece(at, at, false);
            self.out.text.push(' ');
            self.at_space = true;
        }
    }

    /// Separates blocks: clauses never span it.
    pub fn block_separator(&mut self) {
        let at = self.out.pieces.last().map_or(0, |p| p.src_end);
        // Drop a trailing space so block ends are tight.
        if self.out.text.ends_with(' ') {
            self.out.text.pop();
            if let Some(last) = self.out.pieces.last()
                && last.text_start == self.out.text.len()
            {
                self.out.pieces.pop();
            }
        }
        self.piece(at, at, false);
        self.out.text.push('\n');
        self.at_space = true;
    }

    pub fn finish(self) -> NormalizedText {
        self.out
    }
}

/// Length in bytes of a Unicode space character at the start of `s`, else 0.
/// Where `push_source` has work: every byte that may start whitespace,
/// except a lone space between two bytes that cannot (most whitespace), and
/// the first byte. Found a block at a time; the bytes it skips are those the
/// loop would pass over one by one. Near the end, where a block and the byte
/// after it do not fit, every position is a stop.
struct Stops<'a> {
    bytes: &'a [u8],
    /// Start of the block `mask` is for.
    block: usize,
    mask: u64,
}

impl<'a> Stops<'a> {
    fn new(bytes: &'a [u8]) -> Stops<'a> {
        Stops {
            bytes,
            block: usize::MAX,
            mask: 0,
        }
    }

    /// The first stop at or after `i`.
    fn next_from(&mut self, mut i: usize) -> Option<usize> {
        loop {
            if i >= self.bytes.len() {
                return None;
            }
            let block = i - i % BLOCK;
            let Some(window) = self.bytes.get(block..block + BLOCK + 1) else {
                return Some(i);
            };
            if block != self.block {
                self.block = block;
                self.mask = stop_mask(window) | u64::from(block == 0);
            }
            let ahead = self.mask & (u64::MAX << (i - block));
            if ahead != 0 {
                return Some(block + ahead.trailing_zeros() as usize);
            }
            i = block + BLOCK;
        }
    }
}

/// The stops of a block (`window` is the block and the byte after it).
fn stop_mask(window: &[u8]) -> u64 {
    let mut lanes = [0u8; BLOCK];
    for (k, lane) in lanes.iter_mut().enumerate() {
        let (b, next) = (window[k], window[k + 1]);
        let lone_space = b == b' ' && !may_be_space(next);
        *lane = u8::from(may_be_space(b) && !lone_space);
    }
    lanes_to_bits(&lanes)
}

fn unicode_space_len(s: &str) -> usize {
    match s.chars().next() {
        Some(
            c @ ('\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
            | '\u{85}'),
        ) => c.len_utf8(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_whitespace_and_maps_back() {
        let src = "may \r\n  not\u{a0}use";
        let mut b = TextBuilder::with_capacity(0);
        b.push_source(src, 10);
        let t = b.finish();
        assert_eq!(t.as_str(), "may not use");
        let not = t.as_str().find("not").unwrap();
        assert_eq!(t.to_source(not..not + 3), 18..21);
        assert_eq!(t.to_source(0..t.len()), 10..10 + src.len());
    }

    #[test]
    fn every_space_starts_with_a_byte_that_may_be_space() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            if unicode_space_len(s) > 0 || c.is_ascii_whitespace() {
                assert!(may_be_space(s.as_bytes()[0]), "{c:?}");
            }
        }
    }

    #[test]
    fn whitespace_collapses_the_same_across_blocks() {
        // Whitespace of every kind at every position around the 64-byte
        // block edges the scan uses, and a word mapping back to itself.
        let kinds = [
            " ", "  ", "\n", " \t", "\u{a0}", "\u{2003}", " \u{a0}", "\u{e9}", " \u{e9}",
            "\u{3000}", "\u{1680}",
        ];
        for kind in kinds {
            for at in 55..=135 {
                let mut src = "w".repeat(at);
                src.push_str(kind);
                src.push_str(&"v".repeat(140 - at));
                let mut b = TextBuilder::with_capacity(0);
                b.push_source(&src, 0);
                let t = b.finish();
                let expected = if kind == "\u{e9}" {
                    src.clone()
                } else if kind == " \u{e9}" {
                    format!("{} \u{e9}{}", "w".repeat(at), "v".repeat(140 - at))
                } else {
                    format!("{} {}", "w".repeat(at), "v".repeat(140 - at))
                };
                assert_eq!(t.as_str(), expected, "{kind:?} at {at}");
                let v = t.as_str().find('v').unwrap();
                assert_eq!(t.to_source(v..t.len()), src.find('v').unwrap()..src.len());
            }
        }
        // Leading whitespace is dropped; a lone space first in a piece after
        // a word is kept, with a block after it.
        let mut b = TextBuilder::with_capacity(0);
        b.push_source("  a", 0);
        b.push_source(&format!(" {}", "b".repeat(100)), 3);
        assert_eq!(b.finish().as_str(), format!("a {}", "b".repeat(100)));
    }

    #[test]
    fn replaced_pieces_map_whole() {
        let mut b = TextBuilder::with_capacity(0);
        b.push_source("a ", 0);
        b.push_replaced("&", 2..7);
        b.push_source(" b", 7);
        let t = b.finish();
        assert_eq!(t.as_str(), "a & b");
        assert_eq!(t.to_source(2..3), 2..7);
        assert_eq!(t.to_source(0..5), 0..9);
    }
}
