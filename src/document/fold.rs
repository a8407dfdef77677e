//! How matching reads characters that do not show what they are: invisible
//! format characters, compatibility forms and look-alike letters.
//!
//! A word can hide from the matcher behind a character the reader does not
//! see ("unl\u{200B}awful", with a zero-width space) or one that looks like
//! another ("unl\u{430}wful", with a Cyrillic a; "ｕｎｌａｗｆｕｌ", in
//! full-width letters). The normalised text reads such a word as a reader
//! sees it:
//!
//! - format characters (Unicode category Cf: zero-width spaces and joiners,
//!   the word joiner, BOMs, soft hyphens, BiDi controls) and the other
//!   default-ignorable code points (variation selectors, the combining
//!   grapheme joiner, Hangul fillers) are dropped;
//! - a letter or digit with a compatibility form made of letters and digits
//!   (full-width and mathematical letters, ligatures) is read as its NFKC
//!   form;
//! - inside a word that has a Latin letter, a letter of another script (or
//!   an unusual Latin one) that UTS #39 confusable data says looks like an
//!   ASCII letter is read as that letter. Words without a Latin letter are
//!   left alone: a Cyrillic or Greek word stays one, so packs written in
//!   those scripts still match.
//!
//! ASCII never comes here: the text builder's fast path copies it as is.

use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// What a character is read as, whatever the word around it.
#[derive(Debug, Clone, Default)]
struct CharFacts {
    /// Not seen: a format or default-ignorable character.
    invisible: bool,
    /// Its NFKC form, when that differs and is letters and digits only.
    compatible: Option<Box<str>>,
    /// The ASCII letter it (or its one-character NFKC form) looks like.
    look_alike: Option<char>,
    /// Part of a word: a letter, digit or combining mark, or invisible.
    word_char: bool,
    /// A Latin letter in disguise: its compatibility form is ASCII letters
    /// (a full-width or mathematical Latin letter).
    latin_letter: bool,
}

/// How matching reads one character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reading {
    AsWritten,
    /// Dropped: it is not seen.
    Absent,
    /// Read as this text (a compatibility form, an ASCII letter).
    As(Box<str>),
}

/// A character matching does not read as written, at its source offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Altered {
    /// Byte offset in the source (for a character of decoded text, such as
    /// an HTML entity, the offset of what it was decoded from).
    pub at: usize,
    pub ch: char,
    /// Dropped as invisible (else read as the letters it imitates).
    pub invisible: bool,
}

/// A word of the source around a character being read, and whether it has
/// a Latin letter.
#[derive(Debug, Clone)]
struct Word {
    range: Range<usize>,
    latin: bool,
}

/// Slots of [`Reader`]'s direct-mapped cache in front of its map.
const RECENT: usize = 1024;

/// Reads the non-ASCII characters of one source, remembering what it found
/// out about each character (a document uses few distinct ones) and the
/// last word looked at (so that each word is looked at once).
#[derive(Debug, Default)]
pub(crate) struct Reader {
    /// What is known of each character met, by its index in `known`.
    known: Vec<CharFacts>,
    index: FxHashMap<char, u32>,
    /// The characters met last, by their low bits, with their index: a
    /// script's letters are neighbours, so most lookups end here, before
    /// the map (which took a third of the reading of a Cyrillic text).
    /// Made at the first character looked up: never for ASCII text.
    recent: Option<Box<[(char, u32); RECENT]>>,
    word: Option<Word>,
}

impl Reader {
    /// What is known of a character that is not ASCII.
    fn facts(&mut self, c: char) -> &CharFacts {
        let slot = c as usize % RECENT;
        let recent = self
            .recent
            .get_or_insert_with(|| Box::new([('\0', 0); RECENT]));
        let (seen, at) = recent[slot];
        // NUL marks an empty slot (ASCII is not looked up here).
        let i = if seen == c && c != '\0' {
            at
        } else {
            let known = &mut self.known;
            let i = *self.index.entry(c).or_insert_with(|| {
                known.push(facts_of(c));
                // Fewer characters than u32 can count exist.
                (known.len() - 1) as u32
            });
            recent[slot] = (c, i);
            i
        };
        &self.known[i as usize]
    }

    /// How to read the character `c` at `at` in `source`.
    pub(crate) fn read(&mut self, source: &str, c: char, at: Range<usize>) -> Reading {
        if c.is_ascii() {
            return Reading::AsWritten;
        }
        let facts = self.facts(c);
        if facts.invisible {
            return Reading::Absent;
        }
        let look_alike = facts.look_alike;
        if look_alike.is_none() && facts.compatible.is_none() {
            // Most characters: nothing to look at around them.
            return Reading::AsWritten;
        }
        if let Some(letter) = look_alike
            && self.in_latin_word(source, at, false)
        {
            return Reading::As(letter.to_string().into());
        }
        match &self.facts(c).compatible {
            Some(text) => Reading::As(text.clone()),
            None => Reading::AsWritten,
        }
    }

    /// Reads decoded text that stands for `source[at]` (an HTML entity, an
    /// escape): its characters as [`Reader::read`] would, in the word the
    /// source range stands in.
    pub(crate) fn read_text<'t>(
        &mut self,
        source: &str,
        text: &'t str,
        at: Range<usize>,
        altered: &mut Vec<Altered>,
    ) -> std::borrow::Cow<'t, str> {
        if text.is_ascii() {
            return std::borrow::Cow::Borrowed(text);
        }
        let own_latin = text.chars().any(|c| self.is_latin_letter(c));
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if c.is_ascii() {
                out.push(c);
                continue;
            }
            let facts = self.facts(c).clone();
            let reading = if facts.invisible {
                Reading::Absent
            } else if let Some(letter) = facts
                .look_alike
                .filter(|_| own_latin || self.in_latin_word(source, at.clone(), true))
            {
                Reading::As(letter.to_string().into())
            } else {
                facts.compatible.map_or(Reading::AsWritten, Reading::As)
            };
            match reading {
                Reading::AsWritten => out.push(c),
                Reading::Absent => altered.push(Altered {
                    at: at.start,
                    ch: c,
                    invisible: true,
                }),
                Reading::As(read) => {
                    out.push_str(&read);
                    altered.push(Altered {
                        at: at.start,
                        ch: c,
                        invisible: false,
                    });
                }
            }
        }
        std::borrow::Cow::Owned(out)
    }

    /// Whether a character is part of a word (a letter, digit or
    /// combining mark, or invisible), and if so whether it is a Latin
    /// letter: ASCII, or one whose compatibility form is ASCII letters (a
    /// full-width or mathematical Latin letter).
    fn word_letter(&mut self, c: char) -> Option<bool> {
        if c.is_ascii() {
            return c.is_ascii_alphanumeric().then_some(c.is_ascii_alphabetic());
        }
        let facts = self.facts(c);
        facts.word_char.then_some(facts.latin_letter)
    }

    fn is_latin_letter(&mut self, c: char) -> bool {
        self.word_letter(c) == Some(true)
    }

    /// Whether the word holding `source[at]` has a Latin letter. With
    /// `outside`, `at` is text decoded from elsewhere: only the word's
    /// parts before and after it count.
    fn in_latin_word(&mut self, source: &str, at: Range<usize>, outside: bool) -> bool {
        if let Some(w) = &self.word
            && w.range.start <= at.start
            && at.end <= w.range.end
        {
            return w.latin;
        }
        let mut latin = false;
        let mut start = at.start;
        for (i, c) in source[..at.start].char_indices().rev() {
            let Some(letter) = self.word_letter(c) else {
                break;
            };
            latin |= letter;
            start = i;
        }
        if !outside {
            for c in source[at.clone()].chars() {
                latin |= self.is_latin_letter(c);
            }
        }
        let mut end = at.end;
        for c in source[at.end..].chars() {
            let Some(letter) = self.word_letter(c) else {
                break;
            };
            latin |= letter;
            end += c.len_utf8();
        }
        self.word = Some(Word {
            range: start..end,
            latin,
        });
        latin
    }
}

fn facts_of(c: char) -> CharFacts {
    let mut buf = [0u8; 4];
    let one = &*c.encode_utf8(&mut buf);
    // The UTS #39 skeleton drops default-ignorable code points (and only
    // them): an empty skeleton is such a character.
    let invisible = c.general_category() == GeneralCategory::Format
        || unicode_security::skeleton(one).next().is_none();
    if invisible {
        return CharFacts {
            invisible,
            word_char: true,
            ..CharFacts::default()
        };
    }
    let word_char = c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
    let compatible = if c.is_alphanumeric()
        && unicode_normalization::is_nfkc_quick(std::iter::once(c))
            != unicode_normalization::IsNormalized::Yes
    {
        let nfkc: String = one.nfkc().collect();
        (nfkc != one && nfkc.chars().all(char::is_alphanumeric)).then(|| nfkc.into_boxed_str())
    } else {
        None
    };
    let latin_letter = compatible
        .as_deref()
        .is_some_and(|s| s.bytes().all(|b| b.is_ascii_alphabetic()));
    // A compatibility form of one character may itself look like an ASCII
    // letter (a mathematical Greek alpha is an alpha, which looks like a).
    let form = compatible
        .as_deref()
        .map_or(Some(c), |s| {
            let mut chars = s.chars();
            chars.next().filter(|_| chars.next().is_none())
        })
        .filter(|f| !f.is_ascii() && f.is_alphabetic());
    CharFacts {
        invisible,
        look_alike: form.and_then(ascii_look_alike),
        compatible,
        word_char,
        latin_letter,
    }
}

/// The ASCII letter a character is confusable with (their UTS #39
/// skeletons are equal), of the same case when there is a choice (a
/// Cyrillic capital І is an I, a small palochka ӏ an l).
fn ascii_look_alike(c: char) -> Option<char> {
    let mut buf = [0u8; 4];
    let skeleton: String = unicode_security::skeleton(c.encode_utf8(&mut buf)).collect();
    let mut found = None;
    for (letter, letter_skeleton) in ascii_skeletons() {
        if *letter_skeleton == skeleton {
            if letter.is_uppercase() == c.is_uppercase() {
                return Some(*letter);
            }
            found.get_or_insert(*letter);
        }
    }
    found
}

/// The skeleton of every ASCII letter.
fn ascii_skeletons() -> &'static [(char, String)] {
    static SKELETONS: OnceLock<Vec<(char, String)>> = OnceLock::new();
    SKELETONS.get_or_init(|| {
        ('a'..='z')
            .chain('A'..='Z')
            .map(|letter| {
                let mut buf = [0u8; 4];
                let skeleton = unicode_security::skeleton(letter.encode_utf8(&mut buf)).collect();
                (letter, skeleton)
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_in(word: &str, c: char) -> Reading {
        let at = word.find(c).unwrap();
        Reader::default().read(word, c, at..at + c.len_utf8())
    }

    #[test]
    fn invisible_characters_are_absent() {
        for c in [
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{2060}',
            '\u{feff}',
            '\u{ad}',
            '\u{202e}',
            '\u{2066}',
            '\u{180e}',
            '\u{34f}',
            '\u{fe0f}',
            '\u{3164}',
            '\u{e0041}',
        ] {
            assert_eq!(
                read_in(&format!("unl{c}awful"), c),
                Reading::Absent,
                "{c:?}"
            );
        }
    }

    #[test]
    fn look_alikes_are_read_as_ascii_letters_in_latin_words() {
        let cases = [
            ('\u{430}', 'a'), // Cyrillic а
            ('\u{3b1}', 'a'), // Greek α
            ('\u{43e}', 'o'), // Cyrillic о
            ('\u{3bf}', 'o'), // Greek ο
            ('\u{435}', 'e'), // Cyrillic е
            ('\u{456}', 'i'), // Cyrillic і
            ('\u{4cf}', 'l'), // Cyrillic ӏ
            ('\u{406}', 'I'), // Cyrillic І
            ('\u{410}', 'A'), // Cyrillic А
            ('\u{51d}', 'w'), // Cyrillic ԝ
            ('\u{251}', 'a'), // Latin ɑ
        ];
        for (c, letter) in cases {
            assert_eq!(
                read_in(&format!("unl{c}wful"), c),
                Reading::As(letter.to_string().into()),
                "{c:?}"
            );
        }
        // A word with no Latin letter stays as written: Cyrillic text is
        // Cyrillic.
        assert_eq!(
            read_in("\u{441}\u{43e}\u{440}", '\u{43e}'),
            Reading::AsWritten
        );
        // Letters that only resemble a letter with a mark are themselves.
        for c in ['é', 'ø', 'ß', 'ж', 'λ'] {
            assert_eq!(read_in(&format!("caf{c}"), c), Reading::AsWritten, "{c:?}");
        }
    }

    #[test]
    fn compatibility_forms_are_read_as_their_nfkc_form() {
        assert_eq!(read_in("ｕｎｌａｗｆｕｌ", 'ｗ'), Reading::As("w".into()));
        assert_eq!(read_in("ﬁne", 'ﬁ'), Reading::As("fi".into()));
        assert_eq!(read_in("𝐮𝐧𝐥𝐚𝐰𝐟𝐮𝐥", '𝐰'), Reading::As("w".into()));
        // Punctuation and symbols keep their form: an ellipsis is not three
        // full stops, a trade mark sign no word.
        for c in ['…', '™', '´', '℃'] {
            assert_eq!(read_in(&format!("a{c}b"), c), Reading::AsWritten, "{c:?}");
        }
    }

    #[test]
    fn decoded_text_is_read_in_the_word_around_it() {
        let source = "unl&#1072;wful";
        let mut altered = Vec::new();
        let read = Reader::default().read_text(source, "\u{430}", 3..10, &mut altered);
        assert_eq!(read, "a");
        assert_eq!(
            altered,
            [Altered {
                at: 3,
                ch: '\u{430}',
                invisible: false
            }]
        );
        let read = Reader::default().read_text("a &#8203; b", "\u{200b}", 2..9, &mut altered);
        assert_eq!(read, "");
    }
}
