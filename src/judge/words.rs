//! The tokenizer: a clause's words, with the punctuation that separates
//! them, borrowed from the document's lower-case text.

use std::borrow::Cow;
use std::ops::Range;

use crate::packs::{is_word_byte, is_word_char};

/// A word of a clause: byte range of the normalised text and its lower-case
/// form (curly apostrophes straightened).
#[derive(Debug, Clone)]
pub struct Word<'a> {
    pub range: Range<usize>,
    /// A slice of the document's text in lower case (ASCII letters lowered
    /// in place keep every offset), so that a word costs no copy; owned
    /// only for a word with a curly apostrophe. (Copying each word into an
    /// inline string was 4% of a check.)
    pub lower: Cow<'a, str>,
    /// Punctuation between the previous word and this one breaks a phrase
    /// (`,` `;` `:` `(` `)`).
    pub after_break: bool,
    /// A semicolon stands between the previous word and this one.
    pub after_semicolon: bool,
    /// An opening parenthesis stands between the previous word and this
    /// one: an aside begins.
    pub after_paren: bool,
}

/// A word in lower case, curly apostrophes straightened: `lower` is the
/// word in the lower-case text, `s` as written.
fn straighten<'a>(s: &str, lower: &'a str) -> Cow<'a, str> {
    // A curly quote starts with 0xE2 0x80; most words have no such byte.
    if !s.as_bytes().contains(&0xE2) || !s.contains(['\u{2019}', '\u{2018}']) {
        return Cow::Borrowed(lower);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\u{2019}' | '\u{2018}' => '\'',
                c => c.to_ascii_lowercase(),
            })
            .collect(),
    )
}

/// Splits a clause into words (letters, digits, inner apostrophes and
/// hyphens). `lower` is `text` with its ASCII letters in lower case (the
/// same offsets), which the words borrow.
pub fn words<'a>(text: &str, lower: &'a str, range: Range<usize>) -> Vec<Word<'a>> {
    debug_assert_eq!(text.len(), lower.len());
    let s = &text[range.clone()];
    let l = &lower[range.clone()];
    if non_ascii_are_letters(s) {
        byte_words(s, l, range.start)
    } else {
        unicode_words(s, l, range.start)
    }
}

/// Whether every non-ASCII character of `s` is a Latin-1 letter (`À`–`ÿ`
/// but `×` and `÷`, two bytes starting 0xC3): then each of its bytes is a
/// word byte, and `byte_words` splits the text as `unicode_words` would.
/// Accented names ("É…") are the non-ASCII characters terms documents have
/// most after curly quotes and dashes.
fn non_ascii_are_letters(s: &str) -> bool {
    // Most clauses are ASCII, which is checked a word at a time.
    if s.is_ascii() {
        return true;
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII runs 16 bytes at a time: an accented name is a byte or two
        // in a sentence.
        if bytes.get(i..i + 16).is_some_and(<[u8]>::is_ascii) {
            i += 16;
            continue;
        }
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        if b != 0xC3 || matches!(bytes.get(i + 1), Some(0x97 | 0xB7)) {
            return false;
        }
        i += 2;
    }
    true
}

/// `words` for text with non-ASCII characters: still a byte at a time,
/// decoding only the characters that are not ASCII.
fn unicode_words<'a>(s: &str, lower: &'a str, offset: usize) -> Vec<Word<'a>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 5 + 1);
    let char_at = |i: usize| match bytes.get(i) {
        Some(&b) if b < 0x80 => Some(char::from(b)),
        Some(_) => s[i..].chars().next(),
        None => None,
    };
    let mut start: Option<usize> = None;
    let mut brk = false;
    let mut semi = false;
    let mut paren = false;
    let mut i = 0;
    while let Some(c) = char_at(i) {
        let next = i + c.len_utf8();
        let inner = (c == '\'' || c == '\u{2019}' || c == '-')
            && start.is_some()
            && char_at(next).is_some_and(is_word_char);
        if is_word_char(c) || inner {
            start.get_or_insert(i);
        } else {
            if let Some(st) = start.take() {
                out.push(word(
                    s,
                    lower,
                    offset,
                    st..i,
                    &mut brk,
                    &mut semi,
                    &mut paren,
                ));
            }
            brk |= matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–');
            semi |= c == ';';
            paren |= c == '(';
        }
        i = next;
    }
    if let Some(st) = start {
        out.push(word(
            s,
            lower,
            offset,
            st..s.len(),
            &mut brk,
            &mut semi,
            &mut paren,
        ));
    }
    out
}

/// `words` for text whose non-ASCII characters are all word characters
/// (ASCII text, most clauses, and text with accented Latin-1 letters), a
/// byte at a time.
fn byte_words<'a>(s: &str, lower: &'a str, offset: usize) -> Vec<Word<'a>> {
    // Its text has no curly apostrophe (no byte 0xE2): each word is its
    // lower-case slice as it is, not searched for one.
    debug_assert!(!s.contains(['\u{2018}', '\u{2019}']));
    let plain = |range: Range<usize>| Cow::Borrowed(&lower[range]);
    let bytes = s.as_bytes();
    // About one word in six bytes; one allocation for most clauses.
    let mut out = Vec::with_capacity(bytes.len() / 5 + 1);
    let mut start: Option<usize> = None;
    let mut brk = false;
    let mut semi = false;
    let mut paren = false;
    for (i, &b) in bytes.iter().enumerate() {
        // Word bytes first: an inner apostrophe or hyphen is rare.
        let inner = || {
            (b == b'\'' || b == b'-')
                && start.is_some()
                && bytes.get(i + 1).is_some_and(|&n| is_word_byte(n))
        };
        if is_word_byte(b) || inner() {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(st) = start.take() {
            out.push(new_word(
                offset,
                st..i,
                plain(st..i),
                &mut brk,
                &mut semi,
                &mut paren,
            ));
        }
        brk |= matches!(b, b',' | b';' | b':' | b'(' | b')');
        semi |= b == b';';
        paren |= b == b'(';
    }
    if let Some(st) = start {
        out.push(new_word(
            offset,
            st..s.len(),
            plain(st..s.len()),
            &mut brk,
            &mut semi,
            &mut paren,
        ));
    }
    out
}

/// The word at `range` of clause text `s` (which starts at `offset`; `lower`
/// is it in lower case), taking the break and semicolon flags gathered
/// before it.
fn word<'a>(
    s: &str,
    lower: &'a str,
    offset: usize,
    range: Range<usize>,
    brk: &mut bool,
    semi: &mut bool,
    paren: &mut bool,
) -> Word<'a> {
    let text = straighten(&s[range.clone()], &lower[range.clone()]);
    new_word(offset, range, text, brk, semi, paren)
}

/// A word of clause text starting at `offset`, taking the break and
/// semicolon flags gathered before it.
#[inline]
fn new_word<'a>(
    offset: usize,
    range: Range<usize>,
    lower: Cow<'a, str>,
    brk: &mut bool,
    semi: &mut bool,
    paren: &mut bool,
) -> Word<'a> {
    Word {
        range: offset + range.start..offset + range.end,
        lower,
        after_break: std::mem::take(brk),
        after_semicolon: std::mem::take(semi),
        after_paren: std::mem::take(paren),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word as the splitter tests compare it: range, lower case,
    /// after a break, after a semicolon.
    type SeenWord = (Range<usize>, String, bool, bool);

    /// The words of `text` (at `offset`) from the byte splitter, asserted to
    /// be those of the character splitter.
    fn split_both_ways(text: &str, offset: usize) -> Vec<SeenWord> {
        let lower = text.to_ascii_lowercase();
        let seen = |ws: Vec<Word>| -> Vec<SeenWord> {
            ws.into_iter()
                .map(|w| {
                    (
                        w.range,
                        w.lower.into_owned(),
                        w.after_break,
                        w.after_semicolon,
                    )
                })
                .collect()
        };
        let fast = seen(byte_words(text, &lower, offset));
        assert_eq!(fast, seen(unicode_words(text, &lower, offset)), "{text:?}");
        fast
    }

    fn lowers(words: &[SeenWord]) -> Vec<&str> {
        words.iter().map(|w| w.1.as_str()).collect()
    }

    #[test]
    fn byte_words_are_the_words_of_ascii_and_latin1_text() {
        let text = "Customer's users (and agents) shall not re-use: data -x - y' 'z; \
                    it's A-b--c,d;e 42nd end-";
        let fast = split_both_ways(text, 7);
        assert_eq!(
            lowers(&fast),
            [
                "customer's",
                "users",
                "and",
                "agents",
                "shall",
                "not",
                "re-use",
                "data",
                "x",
                "y",
                "z",
                "it's",
                "a-b",
                "c",
                "d",
                "e",
                "42nd",
                "end"
            ]
        );
        assert_eq!(fast[0].0, 7..17);
        assert!(fast[2].2 && !fast[2].3);
        assert!(fast[11].3 && fast[11].2);

        // Accented Latin-1 letters are word bytes, inside a word, at its
        // start and end, and after an inner hyphen or apostrophe.
        let text = "ÉCOUTE S.A. (\"Écoute\") shall not re-élire: Zoë's café-Ü, ÀÿÞ; x-é 'É";
        assert!(non_ascii_are_letters(text));
        let fast = split_both_ways(text, 3);
        assert_eq!(
            lowers(&fast),
            [
                "Écoute",
                "s",
                "a",
                "Écoute",
                "shall",
                "not",
                "re-élire",
                "zoë's",
                "café-Ü",
                "ÀÿÞ",
                "x-é",
                "É"
            ]
        );
        // Anything else outside ASCII goes to the character splitter.
        for other in [
            "a × b",
            "a ÷ b",
            "«a»",
            "it\u{2019}s",
            "a — b",
            "§ 2",
            "a\u{a0}b",
            "ä€",
        ] {
            assert!(!non_ascii_are_letters(other), "{other:?}");
        }
        assert!(non_ascii_are_letters("") && non_ascii_are_letters("plain"));
        // At every place in a longer text, before, inside and after the
        // 16-byte ASCII steps.
        for at in 0..40 {
            let with = |c: char| format!("{}{c}{}", "a".repeat(at), "b".repeat(20));
            assert!(non_ascii_are_letters(&with('é')), "{at}");
            assert!(!non_ascii_are_letters(&with('×')), "{at}");
            assert!(!non_ascii_are_letters(&with('\u{2019}')), "{at}");
        }
    }

    #[test]
    fn words_of_a_clause_with_non_ascii_letters() {
        let text = "Licensee\u{2019}s staff (or contractors) must never re-sell: \
                    it\u{2019}s Naïve — Übung;end\u{2019} x-";
        let lower = text.to_ascii_lowercase();
        let ws = words(text, &lower, 0..text.len());
        assert_eq!(
            ws.iter().map(|w| w.lower.as_ref()).collect::<Vec<_>>(),
            [
                "licensee's",
                "staff",
                "or",
                "contractors",
                "must",
                "never",
                "re-sell",
                "it's",
                "naïve",
                "Übung",
                "end",
                "x"
            ]
        );
        // Byte ranges of the text as written (the curly apostrophe is 3 bytes).
        assert_eq!(ws[0].range, 0..12);
        assert_eq!(&text[ws[0].range.clone()], "Licensee\u{2019}s");
        assert_eq!(&text[ws[8].range.clone()], "Naïve");
        let flags: Vec<(bool, bool)> = ws
            .iter()
            .map(|w| (w.after_break, w.after_semicolon))
            .collect();
        assert_eq!(flags[1], (false, false));
        assert_eq!(flags[2], (true, false)); // after "("
        assert_eq!(flags[7], (true, false)); // after ":"
        assert_eq!(flags[9], (true, false)); // after "—"
        assert_eq!(flags[10], (true, true)); // after ";"
        // A range inside a larger text keeps the text's offsets.
        assert_eq!(words(text, &lower, 13..25)[0].range, 13..18); // "staff"
    }
}
