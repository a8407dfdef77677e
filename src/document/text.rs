//! The normalised text buffer of a document and its map back to the source.

use std::ops::Range;

use super::fold::{Altered, Reader, Reading};
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
    /// The characters not read as written (dropped as invisible, read as
    /// the letters they imitate), in source order.
    altered: Vec<Altered>,
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

    /// The characters of `source[range]` that matching did not read as
    /// written ([`super::fold`]).
    pub fn altered_in(&self, range: Range<usize>) -> &[Altered] {
        let from = self.altered.partition_point(|a| a.at < range.start);
        let to = self.altered.partition_point(|a| a.at < range.end);
        &self.altered[from..to.max(from)]
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

    /// Starts a piece at the end of the text (or extends or replaces the
    /// last one).
    fn piece(&mut self, src_start: usize, src_end: usize, exact: bool) {
        let text_start = self.text.len();
        if let Some(last) = self.pieces.last_mut() {
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
        self.pieces.push(Piece {
            text_start,
            src_start,
            src_end,
            exact,
        });
    }

    /// Reads the character `c` at `i` of `source[range]` (offsets into
    /// the range; not ASCII, not a space) for [`TextBuilder::push_source`]:
    /// one not read as written ends the exact run from `run_start` and is
    /// dropped or replaced by a piece of its own. Returns where the next
    /// character to look at starts.
    fn read_char(
        &mut self,
        reader: &mut Reader,
        at_space: &mut bool,
        source: &str,
        range: &Range<usize>,
        (i, c): (usize, char),
        run_start: &mut usize,
    ) -> usize {
        let src_offset = range.start;
        let at = src_offset + i;
        let mut next = i + c.len_utf8();
        let reading = reader.read(source, c, at..src_offset + next);
        if reading == Reading::AsWritten {
            return next;
        }
        if *run_start < i {
            self.piece(src_offset + *run_start, at, true);
            self.text.push_str(&source[src_offset + *run_start..at]);
            *at_space = self.text.ends_with(' ');
        }
        let invisible = match reading {
            Reading::As(text) => {
                self.piece(at, src_offset + next, false);
                self.text.push_str(&text);
                *at_space = false;
                false
            }
            _ => true,
        };
        self.altered.push(Altered {
            at,
            ch: c,
            invisible,
        });
        if invisible && *at_space {
            // A space after it would follow a space: dropped, as the
            // whitespace loop drops one (a lone space is no stop).
            let bytes = source.as_bytes();
            while src_offset + next < range.end && bytes[src_offset + next] == b' ' {
                next += 1;
            }
        }
        *run_start = next;
        next
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

pub(crate) struct TextBuilder<'s> {
    source: &'s str,
    /// Where `push_source` has work, a bit per source byte (`stop_masks`).
    stops: Vec<u64>,
    out: NormalizedText,
    /// The buffer ends with a space (or is at a block start): further
    /// whitespace is dropped.
    at_space: bool,
    /// Reads the characters that are not ASCII.
    reader: Reader,
}

impl<'s> TextBuilder<'s> {
    /// A builder for text copied from `source` (and text replacing parts
    /// of it).
    pub fn new(source: &'s str) -> Self {
        let n = source.len();
        TextBuilder {
            source,
            stops: stop_masks(source.as_bytes()),
            out: NormalizedText {
                text: String::with_capacity(n),
                pieces: Vec::with_capacity(n / 64 + 16),
                altered: Vec::new(),
            },
            at_space: true,
            reader: Reader::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.out.text.len()
    }

    pub fn as_str(&self) -> &str {
        &self.out.text
    }

    /// Copies `source[range]`, collapsing every whitespace run (ASCII,
    /// no-break and other Unicode spaces, line breaks) into one ASCII space,
    /// dropping invisible characters and reading compatibility forms and
    /// look-alike letters as the letters they stand for ([`super::fold`]).
    pub fn push_source(&mut self, range: Range<usize>) {
        let src = &self.source[range.clone()];
        let src_offset = range.start;
        let bytes = src.as_bytes();
        let mut run_start = 0;
        let mut i = 0;
        // Found for the whole source at once: most ranges (a line, a run
        // of inline text) are shorter than a block.
        let stops = Stops {
            masks: &self.stops,
            range,
        };
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
                // Every character that is not ASCII is a stop: a space, or
                // a character to read.
                match src[i..].chars().next() {
                    Some(c) if is_unicode_space(c) => c.len_utf8(),
                    Some(c) => {
                        i = self.out.read_char(
                            &mut self.reader,
                            &mut self.at_space,
                            self.source,
                            &stops.range,
                            (i, c),
                            &mut run_start,
                        );
                        continue;
                    }
                    None => 0,
                }
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
                self.out
                    .piece(src_offset + run_start, src_offset + ws_start, true);
                self.out.text.push_str(&src[run_start..ws_start]);
                self.at_space = false;
            }
            if !self.at_space {
                self.out.piece(src_offset + ws_start, src_offset + i, false);
                self.out.text.push(' ');
                self.at_space = true;
            }
            run_start = i;
        }
        if run_start < bytes.len() {
            self.out
                .piece(src_offset + run_start, src_offset + bytes.len(), true);
            self.out.text.push_str(&src[run_start..]);
            self.at_space = src.ends_with(' ');
        }
    }

    /// Appends text standing for a source range it does not copy (its
    /// characters read as [`TextBuilder::push_source`] reads them).
    pub fn push_replaced(&mut self, text: &str, src: Range<usize>) {
        let text = &*self
            .reader
            .read_text(self.source, text, src.clone(), &mut self.out.altered);
        if text.is_empty() {
            return;
        }
        if text.trim().is_empty() {
            self.push_space(src.start);
            return;
        }
        self.out.piece(src.start, src.end, false);
        self.out.text.push_str(text);
        self.at_space = text.ends_with(char::is_whitespace);
    }

    /// A single space standing for a line break or other separator at `at`.
    pub fn push_space(&mut self, at: usize) {
        if !self.at_space {
            self.out.piece(at, at, false);
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
        self.out.piece(at, at, false);
        self.out.text.push('\n');
        self.at_space = true;
    }

    pub fn finish(mut self) -> NormalizedText {
        // Pushed in source order but for the odd HTML block.
        if !self.out.altered.is_sorted_by_key(|a| a.at) {
            self.out.altered.sort_by_key(|a| a.at);
        }
        self.out
    }
}

/// Where `push_source` has work in one range: every byte that may start
/// whitespace, except a lone space between two bytes that cannot (most
/// whitespace), and the range's first and last bytes. The bytes it skips
/// are those the loop would pass over one by one.
struct Stops<'a> {
    /// A mask per 64-byte block of the source ([`stop_masks`]).
    masks: &'a [u64],
    range: Range<usize>,
}

impl Stops<'_> {
    /// The first stop at or after `i`, an offset into the range.
    fn next_from(&self, i: usize) -> Option<usize> {
        let Range { start, end } = self.range;
        let mut at = start + i;
        while at < end {
            let block = at - at % BLOCK;
            let mut mask = self.masks[block / BLOCK];
            // The range's first byte starts a run; its last byte's next
            // byte, as the loop sees it, is none, whatever the source has
            // after it.
            if let Some(k) = start.checked_sub(block).filter(|&k| k < BLOCK) {
                mask |= 1 << k;
            }
            if let Some(k) = (end - 1).checked_sub(block).filter(|&k| k < BLOCK) {
                mask |= 1 << k;
            }
            let ahead = mask & (u64::MAX << (at - block));
            if ahead != 0 {
                let stop = block + ahead.trailing_zeros() as usize;
                return (stop < end).then_some(stop - start);
            }
            at = block + BLOCK;
        }
        None
    }
}

/// For each 64-byte block of `bytes`, the bytes that may start whitespace
/// and are not a lone space before a byte that cannot.
fn stop_masks(bytes: &[u8]) -> Vec<u64> {
    let mut masks = Vec::with_capacity(bytes.len() / BLOCK + 1);
    for at in (0..bytes.len()).step_by(BLOCK) {
        let mask = match bytes.get(at..at + BLOCK + 1) {
            Some(window) => stop_mask(window),
            None => {
                // The last block, padded with bytes that are not spaces.
                let mut window = [0u8; BLOCK + 1];
                let rest = &bytes[at..];
                window[..rest.len()].copy_from_slice(rest);
                stop_mask(&window)
            }
        };
        masks.push(mask);
    }
    masks
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

/// Length in bytes of a Unicode space character at the start of `s`, else 0.
fn unicode_space_len(s: &str) -> usize {
    match s.chars().next() {
        Some(c) if is_unicode_space(c) => c.len_utf8(),
        _ => 0,
    }
}

/// Whether a character that is not ASCII is whitespace to collapse.
fn is_unicode_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{85}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_whitespace_and_maps_back() {
        let src = "may \r\n  not\u{a0}use";
        let source = format!("0123456789{src}");
        let mut b = TextBuilder::new(&source);
        b.push_source(10..source.len());
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
                let mut b = TextBuilder::new(&src);
                b.push_source(0..src.len());
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
        let source = format!("  a {}", "b".repeat(100));
        let mut b = TextBuilder::new(&source);
        b.push_source(0..3);
        b.push_source(3..source.len());
        assert_eq!(b.finish().as_str(), format!("a {}", "b".repeat(100)));
    }

    /// The text and pieces after pushing `before`, then `range`.
    fn pushed(source: &str, before: Range<usize>, range: Range<usize>) -> (String, String) {
        let mut b = TextBuilder::new(source);
        b.push_source(before);
        b.push_source(range);
        let t = b.finish();
        (t.text, format!("{:?}", t.pieces))
    }

    #[test]
    fn a_range_collapses_as_if_the_source_ended_with_it() {
        // The scan reads blocks past a range's end: whatever follows the
        // range (a space, a word, a Unicode space) must not change it.
        let unit = "ab c  d\u{a0}e \u{2003} f\n g\u{e9} ";
        let source = unit.repeat(12);
        let boundaries: Vec<usize> = (0..=source.len())
            .filter(|&i| source.is_char_boundary(i))
            .collect();
        for (n, &start) in boundaries.iter().enumerate().step_by(3) {
            for &end in boundaries[n..].iter().take(150) {
                for before in [0..0, 0..start.min(2)] {
                    assert_eq!(
                        pushed(&source, before.clone(), start..end),
                        pushed(&source[..end], before.clone(), start..end),
                        "{start}..{end} after {before:?}"
                    );
                }
            }
        }
    }

    /// The normalised text of `source` pushed whole, and the source range
    /// of `word` in it.
    fn pushed_whole(source: &str, word: &str) -> (NormalizedText, Range<usize>) {
        let mut b = TextBuilder::new(source);
        b.push_source(0..source.len());
        let t = b.finish();
        let at = t
            .as_str()
            .find(word)
            .unwrap_or_else(|| panic!("{word} in {t:?}"));
        let range = t.to_source(at..at + word.len());
        (t, range)
    }

    #[test]
    fn invisible_characters_are_dropped_and_words_map_to_their_bytes() {
        for c in [
            '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{ad}',
        ] {
            let source = format!("engage in unl{c}awful monitoring");
            let (t, unlawful) = pushed_whole(&source, "unlawful");
            assert_eq!(t.as_str(), "engage in unlawful monitoring", "{c:?}");
            // The whole word as written, the hidden character inside it.
            assert_eq!(&source[unlawful.clone()], format!("unl{c}awful"));
            // Parts of the word map to their own bytes.
            let un = t.as_str().find("unl").unwrap();
            assert_eq!(t.to_source(un..un + 3), unlawful.start..unlawful.start + 3);
            let awful = t.as_str().find("awful").unwrap();
            assert_eq!(
                t.to_source(awful..awful + 5),
                unlawful.end - 5..unlawful.end
            );
            let altered = t.altered_in(unlawful);
            assert_eq!(altered.len(), 1);
            assert_eq!((altered[0].ch, altered[0].invisible), (c, true));
            assert_eq!(altered[0].at, source.find(c).unwrap());
        }
        // Around spaces, the text is that of the source without it.
        for source in [
            "a \u{200b} b",
            "a\u{200b} b",
            "a \u{200b}b",
            "\u{200b} a b \u{200b}",
            "a \u{200b}\u{ad}  \u{200b}\tb",
            "a \u{200b}\u{a0}b",
        ] {
            let (t, _) = pushed_whole(source, "a");
            let (without, _) = pushed_whole(&source.replace(['\u{200b}', '\u{ad}'], ""), "a");
            assert_eq!(t.as_str(), without.as_str(), "{source:?}");
        }
    }

    #[test]
    fn a_dropped_character_anywhere_reads_as_if_it_were_not_there() {
        // At every place around the block edges the scan uses, between
        // words and spaces of every kind: the same text as without it, and
        // every word maps to its bytes.
        let unit = "ab c  d\u{a0}e \u{2003} f\n g\u{e9} ";
        let base = unit.repeat(6);
        let (plain, _) = pushed_whole(&base, "ab");
        for at in (0..=base.len()).filter(|&i| base.is_char_boundary(i)) {
            for hidden in ["\u{200b}", "\u{ad}\u{feff}"] {
                let source = format!("{}{hidden}{}", &base[..at], &base[at..]);
                let (t, _) = pushed_whole(&source, "ab");
                assert_eq!(t.as_str(), plain.as_str(), "{hidden:?} at {at}");
                let mut from = 0;
                for word in t.as_str().split(' ') {
                    let range = t.to_source(from..from + word.len());
                    let written = source[range].replace(['\u{200b}', '\u{ad}', '\u{feff}'], "");
                    assert_eq!(written, word, "{hidden:?} at {at}");
                    from += word.len() + 1;
                }
            }
        }
    }

    #[test]
    fn look_alikes_are_pieces_of_their_own() {
        let source = "in ｕｎｌａｗｆｕｌ and unl\u{430}wful ways";
        let mut b = TextBuilder::new(source);
        b.push_source(0..source.len());
        let t = b.finish();
        assert_eq!(t.as_str(), "in unlawful and unlawful ways");
        let full_width = source.find('ｕ').unwrap();
        assert_eq!(t.to_source(3..11), full_width..full_width + 8 * 3);
        // One full-width letter maps to its three bytes.
        assert_eq!(t.to_source(4..5), full_width + 3..full_width + 6);
        let cyrillic = source.find("unl\u{430}").unwrap();
        assert_eq!(t.to_source(16..24), cyrillic..cyrillic + 9);
        assert_eq!(t.to_source(19..20), cyrillic + 3..cyrillic + 5);
        let ways = t.as_str().find("ways").unwrap();
        assert_eq!(t.to_source(ways..ways + 4), source.len() - 4..source.len());
        assert_eq!(t.altered_in(0..source.len()).len(), 9);
    }

    #[test]
    fn decoded_text_is_read_like_source_text() {
        // An entity decoded to a zero-width space, then a Cyrillic a.
        let source = "unl&#8203;awful unl&#1072;wful";
        let mut b = TextBuilder::new(source);
        b.push_source(0..3);
        b.push_replaced("\u{200b}", 3..10);
        b.push_source(10..19);
        b.push_replaced("\u{430}", 19..26);
        b.push_source(26..source.len());
        let t = b.finish();
        assert_eq!(t.as_str(), "unlawful unlawful");
        assert_eq!(t.to_source(0..8), 0..15);
        assert_eq!(t.to_source(9..17), 16..source.len());
    }

    #[test]
    fn replaced_pieces_map_whole() {
        let source = "a &amp; b";
        let mut b = TextBuilder::new(source);
        b.push_source(0..2);
        b.push_replaced("&", 2..7);
        b.push_source(7..9);
        let t = b.finish();
        assert_eq!(t.as_str(), "a & b");
        assert_eq!(t.to_source(2..3), 2..7);
        assert_eq!(t.to_source(0..5), 0..9);
    }
}
