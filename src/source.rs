//! Named source text and the conversions every output needs: byte offset to
//! line, column (Unicode scalar values) and UTF-16 column.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

/// One document's text as read from disk (after decoding), with its name.
///
/// Byte offsets everywhere in clauselint are offsets into `text`, which is the
/// original file's content: a UTF-8 byte-order mark, CRLF line endings and tabs
/// are kept, so spans point at the exact original characters.
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: Arc<str>,
    /// A `String` behind the `Arc`, not a `str`: the text read from disk is
    /// moved in, where an `Arc<str>` would copy it once more.
    text: Arc<String>,
    line_starts: Arc<[usize]>,
    /// Characters and UTF-16 units before every `CHECKPOINT`-th byte (at a
    /// character boundary), so that a column far along a long line is found
    /// without counting the whole line. Made on first use: only a position
    /// more than `CHECKPOINT` bytes into its line needs them, and counting
    /// every file's text was 1% of a run on ordinary documents.
    checkpoints: Arc<OnceLock<Box<[Checkpoint]>>>,
}

#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    offset: usize,
    chars: usize,
    utf16: usize,
}

const CHECKPOINT: usize = 4096;

/// Characters and UTF-16 code units in a text.
fn count_units(text: &str) -> (usize, usize) {
    // Most text is ASCII, which is checked many bytes at a time.
    if text.is_ascii() {
        return (text.len(), text.len());
    }
    let chars = text.chars().count();
    // Characters beyond the Basic Multilingual Plane (4-byte UTF-8) take two
    // UTF-16 units.
    let astral = text.bytes().filter(|&b| b >= 0xF0).count();
    (chars, chars + astral)
}

/// A resolved position: 1-based line, 1-based column counted in Unicode scalar
/// values, and 1-based column counted in UTF-16 code units (for editors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub column_utf16: usize,
}

/// A byte range of a source file with its resolved start and end positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub column_utf16: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub end_column_utf16: usize,
}

impl Span {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

const BOM: char = '\u{feff}';

impl SourceFile {
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<String>) -> Self {
        let text = Arc::new(text.into());
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(&text));
        SourceFile {
            name: name.into(),
            text,
            line_starts: line_starts.into(),
            checkpoints: Arc::default(),
        }
    }

    fn checkpoints(&self) -> &[Checkpoint] {
        self.checkpoints.get_or_init(|| {
            let text = self.text.as_str();
            let mut checkpoints = vec![Checkpoint {
                offset: 0,
                chars: 0,
                utf16: 0,
            }];
            let mut at = 0;
            while at + CHECKPOINT < text.len() {
                let next = floor_char_boundary(text, at + CHECKPOINT).max(at + 1);
                let next = ceil_char_boundary(text, next);
                let (chars, utf16) = count_units(&text[at..next]);
                let last = checkpoints[checkpoints.len() - 1];
                checkpoints.push(Checkpoint {
                    offset: next,
                    chars: last.chars + chars,
                    utf16: last.utf16 + utf16,
                });
                at = next;
            }
            checkpoints.into()
        })
    }

    /// Characters and UTF-16 units before byte `offset` (a char boundary).
    fn units_before(&self, offset: usize) -> (usize, usize) {
        let checkpoints = self.checkpoints();
        let i = checkpoints.partition_point(|c| c.offset <= offset);
        let c = checkpoints[i.saturating_sub(1)];
        let (chars, utf16) = count_units(&self.text[c.offset..offset]);
        (c.chars + chars, c.utf16 + utf16)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn name_arc(&self) -> Arc<str> {
        self.name.clone()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn text_arc(&self) -> Arc<String> {
        self.text.clone()
    }

    /// Byte offset where the content starts (after a UTF-8 byte-order mark).
    pub fn content_start(&self) -> usize {
        if self.text.starts_with(BOM) {
            BOM.len_utf8()
        } else {
            0
        }
    }

    /// Number of lines (a final line without newline counts).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset of the start of a 0-based line.
    pub fn line_start(&self, line0: usize) -> Option<usize> {
        self.line_starts.get(line0).copied()
    }

    /// Resolves a byte offset. Offsets inside a multi-byte character are moved
    /// back to its first byte; offsets past the end are clamped.
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line0 = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let mut start = self.line_starts[line0];
        if line0 == 0 {
            // Editors do not show the byte-order mark: columns start after it.
            start = start.max(self.content_start()).min(offset);
        }
        let (chars, utf16) = if offset - start <= CHECKPOINT {
            count_units(&self.text[start..offset])
        } else {
            let (c0, u0) = self.units_before(start);
            let (c1, u1) = self.units_before(offset);
            (c1 - c0, u1 - u0)
        };
        Position {
            line: line0 + 1,
            column: chars + 1,
            column_utf16: utf16 + 1,
        }
    }

    /// Resolves a byte range into a [`Span`].
    pub fn span(&self, range: Range<usize>) -> Span {
        let start = self.position(range.start);
        let end = self.position(range.end.max(range.start));
        Span {
            start: floor_char_boundary(&self.text, range.start.min(self.text.len())),
            end: floor_char_boundary(&self.text, range.end.max(range.start).min(self.text.len())),
            line: start.line,
            column: start.column,
            column_utf16: start.column_utf16,
            end_line: end.line,
            end_column: end.column,
            end_column_utf16: end.column_utf16,
        }
    }

    /// Converts a (0-based line, 0-based UTF-16 column) editor position to a byte offset.
    pub fn offset_of_utf16(&self, line0: usize, col16: usize) -> usize {
        let Some(&start) = self.line_starts.get(line0) else {
            return self.text.len();
        };
        let end = self
            .line_starts
            .get(line0 + 1)
            .copied()
            .unwrap_or(self.text.len());
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= col16 {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)
}

/// The smallest char boundary at or above `i`.
fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The largest char boundary at or below `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_far_along_a_long_line() {
        // Past many checkpoints, with 2-, 3- and 4-byte characters.
        let line = "aé€😀".repeat(3000);
        let text = format!("first\n{line}\nlast");
        let file = SourceFile::new("long.md", text.clone());
        // Near a line's start no checkpoint is needed, and none is made.
        assert_eq!(file.position(3).column, 4);
        assert_eq!(file.position(6 + 100).line, 2);
        assert!(file.checkpoints.get().is_none());
        for k in [0, 1, 999, 1000, 2999] {
            let offset = 6 + k * "aé€😀".len() + "aé".len();
            let p = file.position(offset);
            assert_eq!(p.line, 2);
            assert_eq!(p.column, k * 4 + 3, "chars before, +1");
            assert_eq!(p.column_utf16, k * 5 + 3, "the emoji counts two");
        }
        let last = file.position(text.len());
        assert_eq!((last.line, last.column), (3, 5));
        assert!(file.checkpoints.get().is_some_and(|c| c.len() > 1));
    }

    #[test]
    fn positions_count_scalars_and_utf16() {
        let src = SourceFile::new("t.md", "ab\r\ncé😀x\n");
        let x = src.text().find('x').unwrap();
        let p = src.position(x);
        assert_eq!(p.line, 2);
        assert_eq!(p.column, 4);
        assert_eq!(p.column_utf16, 5);
    }

    #[test]
    fn bom_is_not_a_column() {
        let src = SourceFile::new("t.md", "\u{feff}Hello");
        let p = src.position(src.content_start());
        assert_eq!((p.line, p.column), (1, 1));
        let h = src.position(src.text().find('l').unwrap());
        assert_eq!(h.column, 3);
    }

    #[test]
    fn utf16_offsets_round_trip() {
        let src = SourceFile::new("t.md", "a\n😀b\n");
        let b = src.text().find('b').unwrap();
        let p = src.position(b);
        assert_eq!(src.offset_of_utf16(p.line - 1, p.column_utf16 - 1), b);
    }

    #[test]
    fn offsets_inside_a_char_move_back() {
        let src = SourceFile::new("t.md", "é");
        assert_eq!(src.span(1..2).start, 0);
    }
}
