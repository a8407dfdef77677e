//! Splitting a block of normalised text into sentences.
//!
//! A full stop ends a sentence only when it is followed by a space and the
//! start of a new sentence, and the word before it is not an abbreviation
//! (e.g., i.e., U.S., Inc., Sec. 4.2) nor an enumerator ("(a)", "1.").

use std::ops::Range;

/// Abbreviations (lower case, without the final full stop, sorted for a
/// binary search) after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "a.m", "al", "approx", "apr", "art", "arts", "aug", "b.v", "cf", "ch", "cl", "co", "corp",
    "d.c", "dec", "dept", "dr", "e.g", "e.u", "est", "et", "feb", "fig", "gmbh", "govt", "i.e",
    "ibid", "inc", "incl", "jan", "jr", "jul", "jun", "l.p", "ltd", "mar", "mr", "mrs", "ms",
    "n.v", "no", "nos", "nov", "oct", "p", "p.c", "p.m", "para", "paras", "ph.d", "pp", "prof",
    "pty", "ref", "resp", "rev", "s.a", "s.p.a", "sec", "secs", "sep", "sept", "seq", "sr", "st",
    "u.k", "u.n", "u.s", "u.s.a", "v", "viz", "vol", "vs",
];

/// The longest of [`ABBREVIATIONS`], in bytes.
const LONGEST_ABBREVIATION: usize = 6;

/// Trims ASCII spaces from both ends of a range.
pub fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// Longest clause, in bytes. Real sentences stay far below it; a longer run
/// of text without a sentence end (a run-on line, a dump) is cut into pieces
/// of at most this size, so that the work on one clause stays bounded and a
/// document's cost grows linearly with its size.
pub const MAX_CLAUSE_BYTES: usize = 4096;

/// Sentences of `range` in `text`, trimmed, non-empty, none longer than
/// [`MAX_CLAUSE_BYTES`].
pub fn sentences(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    whole_sentences(text, range).flat_map(move |r| bounded(text, r))
}

/// Cuts a range into pieces of at most `MAX_CLAUSE_BYTES`: after the last
/// "; ", else ", ", else space before the limit, else at a character
/// boundary.
fn bounded(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut rest = range;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        if rest.len() <= MAX_CLAUSE_BYTES {
            let piece = rest.clone();
            rest = rest.end..rest.end;
            return Some(piece);
        }
        let limit = crate::source::floor_char_boundary(text, rest.start + MAX_CLAUSE_BYTES);
        let window = &text[rest.start..limit];
        let first_char = text[rest.start..].chars().next().map_or(1, char::len_utf8);
        let cut = ["; ", ", ", " "]
            .iter()
            .find_map(|sep| {
                window
                    .rfind(sep)
                    .filter(|&p| p > 0)
                    .map(|p| rest.start + p + 1)
            })
            .unwrap_or(limit)
            .max(rest.start + first_char);
        let piece = trim(text, rest.start..cut);
        rest = trim(text, cut..rest.end);
        Some(piece)
    })
    .filter(|r| !r.is_empty())
}

fn whole_sentences(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let block = trim(text, range);
    let bytes = text.as_bytes();
    let mut start = block.start;
    let mut i = block.start;
    let end = block.end;
    let mut done = block.is_empty();
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        while let Some(p) = memchr::memchr3(b'.', b'!', b'?', &bytes[i..end]) {
            let b = bytes[i + p];
            i += p + 1;
            // Closing quotes and brackets belong to the sentence.
            let mut j = i;
            while j < end {
                match text[j..].chars().next() {
                    Some(c @ ('"' | '\'' | ')' | ']' | '’' | '”' | '*' | '_')) => {
                        j += c.len_utf8()
                    }
                    _ => break,
                }
            }
            if j >= end || bytes[j] != b' ' {
                continue;
            }
            if b == b'.' && !ends_sentence(text, start, i - 1) {
                continue;
            }
            if !starts_sentence(&text[j + 1..end]) {
                continue;
            }
            let sentence = trim(text, start..j);
            start = j + 1;
            i = start;
            if !sentence.is_empty() {
                return Some(sentence);
            }
        }
        done = true;
        let last = trim(text, start..end);
        (!last.is_empty()).then_some(last)
    })
}

/// Whether the full stop at `dot` ends a sentence, judging by the word before it.
fn ends_sentence(text: &str, sentence_start: usize, dot: usize) -> bool {
    let before = &text[sentence_start..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .map_or(0, |p| {
            p + before[p..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return true;
    }
    // A dotted section number at the start of the sentence ("3.1." "1.7.").
    if word_start == 0
        && word.len() <= 12
        && word.starts_with(|c: char| c.is_ascii_digit())
        && word.chars().all(|c| c.is_ascii_digit() || c == '.')
    {
        return false;
    }
    // A lone enumerator or number at the start of the sentence ("1." "a.").
    if word_start == 0 && word.len() <= 4 && word.chars().all(|c| c.is_ascii_alphanumeric()) {
        let is_enum = word.chars().all(|c| c.is_ascii_digit())
            || (word.len() == 1)
            || word
                .chars()
                .all(|c| matches!(c, 'i' | 'v' | 'x' | 'I' | 'V' | 'X'));
        if is_enum {
            return false;
        }
    }
    // A single letter is an initial ("J. Smith", "Schedule A." is rare).
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        return false;
    }
    // Section numbers such as "4.2" before a full stop: "Sec. 4.2. The" ends.
    let word = word.trim_start_matches(['(', '[']);
    !is_abbreviation(word)
}

/// Whether `word` is one of [`ABBREVIATIONS`], ignoring ASCII case: asked at
/// every full stop, so the word is lower-cased into a small buffer and
/// searched for, instead of compared with each abbreviation in turn.
fn is_abbreviation(word: &str) -> bool {
    if word.len() > LONGEST_ABBREVIATION {
        return false;
    }
    let mut buffer = [0u8; LONGEST_ABBREVIATION];
    let lower = &mut buffer[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    ABBREVIATIONS
        .binary_search_by(|a| a.as_bytes().cmp(lower))
        .is_ok()
}

/// Whether `rest` (after a candidate boundary) begins a new sentence: an
/// upper-case letter, a digit, or an opening quote or bracket before one.
fn starts_sentence(rest: &str) -> bool {
    let mut chars = rest.chars();
    loop {
        match chars.next() {
            Some('"' | '\'' | '“' | '‘' | '(' | '[' | '*' | '_' | '¿' | '¡') => continue,
            Some(c) => {
                return c.is_uppercase()
                    || c.is_ascii_digit()
                    || !c.is_alphabetic() && !c.is_ascii_punctuation();
            }
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_are_sorted_lower_case_and_no_longer_than_the_buffer() {
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
        for a in ABBREVIATIONS {
            assert_eq!(*a, a.to_ascii_lowercase());
            assert!(a.len() <= LONGEST_ABBREVIATION, "{a}");
        }
        assert_eq!(
            ABBREVIATIONS.iter().map(|a| a.len()).max(),
            Some(LONGEST_ABBREVIATION)
        );
        for (word, known) in [
            ("Inc", true),
            ("e.G", true),
            ("U.S.A", true),
            ("approx", true),
            ("Approxi", false),
            ("in", false),
            ("", false),
            ("Ümit", false),
        ] {
            assert_eq!(is_abbreviation(word), known, "{word}");
        }
    }

    fn split(s: &str) -> Vec<&str> {
        sentences(s, 0..s.len()).map(|r| &s[r]).collect()
    }

    #[test]
    fn cuts_run_on_text_into_bounded_clauses() {
        let run_on = "you may not use it, ".repeat(1000);
        let pieces = split(&run_on);
        assert!(pieces.len() > 1);
        assert!(
            pieces.iter().all(|p| p.len() <= MAX_CLAUSE_BYTES),
            "{pieces:?}"
        );
        // Cut after a comma, and nothing lost but the spaces at the cuts.
        assert!(pieces[0].ends_with(','));
        assert_eq!(
            pieces.concat().len() + pieces.len() - 1,
            run_on.trim_end().len()
        );
        // No separator at all, and multi-byte characters: cut on a boundary.
        let word = "é".repeat(5000);
        let pieces = split(&word);
        assert!(pieces.iter().all(|p| p.len() <= MAX_CLAUSE_BYTES));
        assert_eq!(pieces.concat(), word);
    }

    #[test]
    fn splits_plain_sentences() {
        assert_eq!(
            split("One. Two! Three? Four"),
            ["One.", "Two!", "Three?", "Four"]
        );
    }

    #[test]
    fn keeps_abbreviations() {
        assert_eq!(
            split(
                "Acme Inc. and its U.S. affiliates, e.g. Beta Co. may not. See Sec. 4.2 for more."
            ),
            [
                "Acme Inc. and its U.S. affiliates, e.g. Beta Co. may not.",
                "See Sec. 4.2 for more."
            ]
        );
    }

    #[test]
    fn keeps_enumerations() {
        assert_eq!(
            split("1. The first item. Next one."),
            ["1. The first item.", "Next one."]
        );
        assert_eq!(
            split("You must not: (a) do X; (b) do Y."),
            ["You must not: (a) do X; (b) do Y."]
        );
    }

    #[test]
    fn lowercase_continuation_does_not_split() {
        assert_eq!(
            split("approx. ten days. Then"),
            ["approx. ten days.", "Then"]
        );
        assert_eq!(split("as listed in cl. five"), ["as listed in cl. five"]);
    }

    #[test]
    fn quotes_close_the_sentence() {
        assert_eq!(
            split("He said “stop.” Then left."),
            ["He said “stop.”", "Then left."]
        );
    }
}
