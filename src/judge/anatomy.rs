//! Clause anatomy: the modal cues of a clause (what it obliges, forbids,
//! permits or merely hopes for), their negation, the party each binds, and
//! the conditions, hedges and consequences around them.
//!
//! This is generic English legal drafting, not knowledge of any concept:
//! rules say which modality and party they need; this module reads them.

// Keys are short words: Fx hashes them faster than SipHash, and at most a
// few thousand come from a document, so crafted collisions cost little.
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;

use serde::Serialize;

use crate::packs::{Modality, is_word_byte, is_word_char};

use super::parties::{PartyRole, Roles};

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
}

/// A modal cue: the words that decide a clause's modality.
#[derive(Debug, Clone, Serialize)]
pub struct Cue {
    pub modality: Modality,
    /// The cue is negated ("may not", "does not allow", "nothing prohibits").
    pub negated: bool,
    /// Word index range of the cue.
    #[serde(skip)]
    pub words: Range<usize>,
    /// Byte range of the cue in the normalised text.
    #[serde(skip)]
    pub span: Range<usize>,
    /// The party bound by the cue.
    pub party: PartyRole,
    /// Byte range of the party's words, when named.
    #[serde(skip)]
    pub party_span: Option<Range<usize>>,
    /// The cue is inside a relative or conditional phrase ("content that may
    /// mislead", "if you may"): it does not govern the clause.
    pub subordinate: bool,
    /// The cue follows its object ("… is prohibited", "… may not be used").
    pub passive: bool,
}

/// Qualifying phrases of a clause (byte ranges of the normalised text).
#[derive(Debug, Clone, Default)]
pub struct Phrases {
    pub conditions: Vec<Range<usize>>,
    pub hedges: Vec<Range<usize>>,
    pub qualifiers: Vec<Range<usize>>,
    pub consequences: Vec<Range<usize>>,
}

const CONDITION_PHRASES: &[&str] = &[
    "unless",
    "except",
    "except for",
    "except as",
    "excepting",
    "provided that",
    "provided however",
    "other than",
    "excluding",
    "save for",
    "save as",
    "if",
    "only if",
    "only where",
    "notwithstanding",
    "on condition that",
    "as long as",
    "so long as",
    "subject to",
    "to the extent that",
];
const HEDGE_PHRASES: &[&str] = &[
    "where practicable",
    "where reasonably practicable",
    "to the extent practicable",
    "to the extent possible",
    "to the extent feasible",
    "where feasible",
    "where possible",
    "as appropriate",
    "where appropriate",
    "if appropriate",
    "appropriate level",
    "commercially reasonable efforts",
    "reasonable efforts",
    "reasonable endeavours",
    "reasonable endeavors",
    "best efforts",
    "best endeavours",
    "sole discretion",
    "unless otherwise agreed",
    "as far as possible",
];
const QUALIFIER_PHRASES: &[&str] = &[
    "real-time",
    "real time",
    "live video",
    "mobile cameras",
    "body-worn",
    "publicly accessible",
    "in public",
    "worldwide",
    "globally",
    "anywhere in the world",
    "in any country",
    "in any jurisdiction",
];
const CONSEQUENCE_PHRASES: &[&str] = &[
    "may result in",
    "will result in",
    "result in",
    "subject to suspension",
    "subject to termination",
    "subject to cancellation",
    "subject to removal",
    "grounds for",
    "may suspend",
    "may terminate",
    "will terminate",
    "terminate automatically",
    "may revoke",
];

/// The phrases of every list, (words, list), by first word: a clause's
/// phrases are looked up word by word.
type PhraseTable = HashMap<&'static str, Vec<(Vec<&'static str>, u8)>>;

fn phrase_table() -> &'static PhraseTable {
    static TABLE: std::sync::OnceLock<PhraseTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = PhraseTable::default();
        let lists = [
            CONDITION_PHRASES,
            HEDGE_PHRASES,
            QUALIFIER_PHRASES,
            CONSEQUENCE_PHRASES,
        ];
        for (t, list) in lists.iter().enumerate() {
            for p in *list {
                let words: Vec<&'static str> = p.split(' ').collect();
                table.entry(words[0]).or_default().push((words, t as u8));
            }
        }
        table
    })
}

/// Tokenised clause with its cues.
#[derive(Debug, Clone)]
pub struct ClauseAnatomy<'a> {
    pub words: Vec<Word<'a>>,
    /// For each word, the index of the coordinated item it belongs to
    /// ("… for any military, or illegal purposes" has two items), split
    /// when first asked for: few clauses are.
    items: OnceCell<Vec<u16>>,
    pub cues: Vec<Cue>,
}

const ADVERBS: &[&str] = &[
    "also",
    "further",
    "hereby",
    "therefore",
    "thus",
    "then",
    "at",
    "any",
    "time",
    "in",
    "no",
    "event",
    "otherwise",
    "directly",
    "or",
    "indirectly",
    "expressly",
    "immediately",
    "strictly",
    "additionally",
    "likewise",
    "similarly",
    "now",
    "ever",
    "still",
];

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
                out.push(word(s, lower, offset, st..i, &mut brk, &mut semi));
            }
            brk |= matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–');
            semi |= c == ';';
        }
        i = next;
    }
    if let Some(st) = start {
        out.push(word(s, lower, offset, st..s.len(), &mut brk, &mut semi));
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
            out.push(new_word(offset, st..i, plain(st..i), &mut brk, &mut semi));
        }
        brk |= matches!(b, b',' | b';' | b':' | b'(' | b')');
        semi |= b == b';';
    }
    if let Some(st) = start {
        out.push(new_word(
            offset,
            st..s.len(),
            plain(st..s.len()),
            &mut brk,
            &mut semi,
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
) -> Word<'a> {
    let text = straighten(&s[range.clone()], &lower[range.clone()]);
    new_word(offset, range, text, brk, semi)
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
) -> Word<'a> {
    Word {
        range: offset + range.start..offset + range.end,
        lower,
        after_break: std::mem::take(brk),
        after_semicolon: std::mem::take(semi),
    }
}

impl<'a> ClauseAnatomy<'a> {
    /// `lower` is `text` with its ASCII letters in lower case.
    pub fn analyse(
        text: &str,
        lower: &'a str,
        range: Range<usize>,
        roles: &Roles,
    ) -> ClauseAnatomy<'a> {
        let words = words(text, lower, range);
        let mut cues = Vec::new();
        let n = words.len();
        let mut i = 0;
        while i < n {
            if let Some((modality, negated, len, flip, passive)) = classify(&words, i) {
                let end = (i + len).min(n);
                let span = words[i].range.start..words[end - 1].range.end;
                cues.push(Cue {
                    modality,
                    negated,
                    words: i..end,
                    span,
                    party: PartyRole::Unknown,
                    party_span: None,
                    subordinate: false,
                    passive,
                });
                let idx = cues.len() - 1;
                resolve_party(&words, &mut cues, idx, flip, roles);
                i = end;
                continue;
            }
            i += 1;
        }
        ClauseAnatomy {
            words,
            items: OnceCell::new(),
            cues,
        }
    }

    /// Word index of a byte offset (the word containing or following it).
    pub fn word_at(&self, offset: usize) -> usize {
        self.words.partition_point(|w| w.range.end <= offset)
    }

    /// The cue that governs an object at `offset`: the nearest governing cue
    /// before it, or a passive cue right after it if that is nearer.
    pub fn governing(&self, offset: usize) -> Option<&Cue> {
        let at = self.word_at(offset);
        let before = self
            .cues
            .iter()
            .rev()
            .find(|c| c.words.start < at && !c.subordinate);
        // After the object only a passive cue ("… is prohibited", "… may not
        // be used") or a consequence governs it.
        let after = self.cues.iter().find(|c| {
            c.words.start >= at
                && !c.subordinate
                && (c.passive || c.modality == Modality::Consequence)
        });
        match (before, after) {
            (Some(b), Some(a)) => {
                let db = at.saturating_sub(b.words.end);
                let da = a.words.start.saturating_sub(at);
                // A passive cue after the object governs it unless the cue
                // before is nearer ("… but X is prohibited").
                if a.passive && da < db && da <= 12 {
                    Some(a)
                } else {
                    Some(b)
                }
            }
            (Some(b), None) => Some(b),
            (None, Some(a)) => (a.words.start.saturating_sub(at) <= 25).then_some(a),
            (None, None) => None,
        }
    }

    /// The cue a lead-in passes to its list items: its last governing cue.
    pub fn lead_in_cue(&self) -> Option<&Cue> {
        self.cues.iter().rev().find(|c| !c.subordinate)
    }

    /// The qualifying phrases of the clause, for reporting its anatomy:
    /// conditions and exceptions, hedges, scope qualifiers and consequences.
    pub fn phrases(&self, text: &str) -> Phrases {
        let mut out = Phrases::default();
        let n = self.words.len();
        let lower: Vec<&str> = self.words.iter().map(|w| w.lower.as_ref()).collect();
        let span = |a: usize, b: usize| self.words[a].range.start..self.words[b - 1].range.end;
        let mut i = 0;
        while i < n {
            // The longest phrase of any list that starts here.
            let best = phrase_table()
                .get(lower[i])
                .into_iter()
                .flatten()
                .filter(|(ws, _)| {
                    i + ws.len() <= n && ws.iter().zip(&lower[i..]).all(|(a, b)| a == b)
                })
                .map(|(ws, target)| (ws.len(), *target))
                .max_by_key(|(len, _)| *len);
            if let Some((len, target)) = best {
                let r = span(i, i + len);
                match target {
                    0 => out.conditions.push(r),
                    1 => out.hedges.push(r),
                    2 => out.qualifiers.push(r),
                    _ => out.consequences.push(r),
                }
                i += len;
                continue;
            }
            // "in the United States", "within Canada": a place named with capitals.
            if matches!(lower[i], "in" | "within") {
                let mut j = i + 1;
                if j < n && lower[j] == "the" {
                    j += 1;
                }
                let k = (j..n)
                    .take_while(|&k| {
                        text[self.words[k].range.clone()].starts_with(|c: char| c.is_uppercase())
                            && !self.words[k].after_break
                    })
                    .count();
                if k > 0 && j + k <= n {
                    out.qualifiers.push(span(i, j + k));
                    i = j + k;
                    continue;
                }
            }
            i += 1;
        }
        for c in self
            .cues
            .iter()
            .filter(|c| c.modality == Modality::Consequence)
        {
            let end = (c.words.end + 3).min(n);
            if end > c.words.start
                && !out
                    .consequences
                    .iter()
                    .any(|r| r.start <= c.span.start && c.span.start < r.end)
            {
                out.consequences.push(span(c.words.start, end));
            }
        }
        out
    }

    /// Whether two byte offsets of the clause lie in the same coordinated item.
    pub fn same_item(&self, a: usize, b: usize) -> bool {
        let items = self.items.get_or_init(|| items(&self.words));
        let item = |o: usize| {
            items
                .get(self.word_at(o).min(items.len().saturating_sub(1)))
                .copied()
        };
        item(a) == item(b)
    }

    /// Number of words between two byte offsets of the clause.
    pub fn distance(&self, a: usize, b: usize) -> usize {
        let (x, y) = (self.word_at(a.min(b)), self.word_at(a.max(b)));
        y - x
    }
}

/// Splits a clause's words into coordinated items: a semicolon, ", or" /
/// ", and", or "or"/"and" before a preposition ("or for", "or with any")
/// starts a new item.
fn items(words: &[Word]) -> Vec<u16> {
    let mut out = Vec::with_capacity(words.len());
    let mut item: u16 = 0;
    for (k, w) in words.iter().enumerate() {
        let coord = matches!(w.lower.as_ref(), "or" | "and" | "nor");
        let next = words.get(k + 1).map_or("", |n| n.lower.as_ref());
        let starts = w.after_semicolon
            || (coord && w.after_break)
            || (coord
                && matches!(
                    next,
                    "to" | "for" | "with" | "in" | "by" | "any" | "as" | "other" | "otherwise"
                ));
        if starts && k > 0 {
            item = item.saturating_add(1);
        }
        out.push(item);
    }
    out
}

type Classified = (Modality, bool, usize, bool, bool);

/// The words a cue can start with: the words `classify_at` matches first.
#[rustfmt::skip]
const CUE_HEADS: &[&str] = &[
    "may", "might", "must", "shall", "will", "can", "could", "should", "would", "ought",
    "cannot", "can't", "won't", "mustn't", "shan't", "mayn't", "shouldn't",
    "discourage", "discourages", "don't", "doesn't", "do", "does",
    "is", "are", "be", "been", "was", "were", "remain", "remains",
    "agree", "agrees", "undertake", "undertakes", "covenant", "covenants", "promise", "promises",
    "commit", "commits", "responsibility", "obligation", "duty",
    "prohibit", "prohibits", "forbid", "forbids", "bans", "disallow", "disallows",
    "prohibited", "forbidden", "restricted", "unacceptable", "disallowed",
    "refrain", "never", "nothing", "require", "requires",
    "reserve", "reserves", "retain", "retains", "has", "have", "need", "needs",
    "encourage", "encourages", "recommend", "recommends", "urge", "urges", "hope", "hopes",
    "strive", "strives", "aim", "aims", "endeavor", "endeavors", "endeavour", "endeavours",
    "please", "believe", "believes", "expect", "expects", "invite", "invites",
    "seek", "seeks", "try", "tries", "attempt", "attempts",
    "result", "results", "grounds", "ensure", "ensures", "under", "in",
    "no", "nobody", "neither", "none",
];

/// A word's place in the head table: its length, first and last letter
/// (None for words the table does not cover).
const fn head_key(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    if b.is_empty() || b.len() >= 16 {
        return None;
    }
    let (first, last) = (b[0], b[b.len() - 1]);
    if !first.is_ascii_lowercase() || !last.is_ascii_lowercase() {
        return None;
    }
    Some((b.len() * 26 + (first - b'a') as usize) * 26 + (last - b'a') as usize)
}

/// The head keys of `CUE_HEADS`, one bit each, made at compile time.
static CUE_HEAD_KEYS: [u64; (16 * 26 * 26usize).div_ceil(64)] = {
    let mut bits = [0u64; (16 * 26 * 26usize).div_ceil(64)];
    let mut i = 0;
    while i < CUE_HEADS.len() {
        if let Some(k) = head_key(CUE_HEADS[i]) {
            bits[k / 64] |= 1 << (k % 64);
        }
        i += 1;
    }
    bits
};

/// Whether a cue may start with this word. Most words of a clause start
/// none, and a bit lookup rejects them faster than the string match.
fn may_start_cue(word: &str) -> bool {
    // A contraction with "'re" is read as "are".
    word.ends_with("'re")
        || head_key(word).is_none_or(|k| CUE_HEAD_KEYS[k / 64] & (1 << (k % 64)) != 0)
}

/// Recognises a cue starting at word `i`: (modality, negated, length in
/// words, binds the object rather than the subject, passive).
fn classify(words: &[Word], i: usize) -> Option<Classified> {
    if !may_start_cue(&words[i].lower) {
        debug_assert!(
            classify_at(words, i).is_none(),
            "`{}` starts a cue: add it to CUE_HEADS",
            words[i].lower
        );
        return None;
    }
    classify_at(words, i)
}

fn classify_at(words: &[Word], i: usize) -> Option<Classified> {
    let w = |k: usize| words.get(k).map_or("", |x| x.lower.as_ref());
    let word = w(i);
    // Skips adverbs after word `k`: returns the index of the next real word.
    let skip = |mut k: usize| {
        let mut steps = 0;
        while steps < 4
            && ADVERBS.contains(&w(k))
            && !(w(k) == "no" || w(k) == "in" && w(k + 1) != "no")
        {
            k += 1;
            steps += 1;
        }
        k
    };
    let is_neg = |k: usize| {
        // "not limited to", "not only", "shall not be construed": idioms, not negations.
        matches!(w(k), "not" | "never")
            && !matches!(w(k + 1), "only" | "limited" | "necessarily" | "exclusive")
            && !(w(k + 1) == "be"
                && matches!(w(k + 2), "limited" | "construed" | "deemed" | "interpreted"))
    };
    use Modality::*;
    match word {
        "may" | "might" | "must" | "shall" | "will" | "can" | "could" | "should" | "would"
        | "ought" => {
            let j = skip(i + 1);
            if word == "ought" {
                return Some((Hortatory, is_neg(j), j - i + 1, false, false));
            }
            // "nor shall it …": an inverted negation.
            if i > 0 && w(i - 1) == "nor" {
                return Some((Restriction, true, 1, false, false));
            }
            // "you will receive", "you will be notified": the future, not a duty.
            if word == "will"
                && (matches!(
                    w(j),
                    "receive"
                        | "get"
                        | "see"
                        | "find"
                        | "hear"
                        | "learn"
                        | "enjoy"
                        | "gain"
                        | "continue"
                ) || (w(j) == "be"
                    && matches!(
                        w(j + 1),
                        "notified"
                            | "informed"
                            | "able"
                            | "asked"
                            | "given"
                            | "shown"
                            | "displayed"
                            | "visible"
                            | "charged"
                            | "billed"
                            | "sent"
                            | "available"
                            | "redirected"
                            | "prompted"
                    )))
            {
                return None;
            }
            if is_neg(j) {
                let k = j + 1;
                // "shall not be liable / responsible": a disclaimer of liability.
                if w(k) == "be"
                    && matches!(
                        w(k + 1),
                        "liable" | "responsible" | "obligated" | "required"
                    )
                {
                    return Some((Disclaimer, true, k - i + 2, false, false));
                }
                // "results may not be accurate": epistemic, not a ban. Only a
                // passive of use-verbs is a restriction.
                let passive = w(k) == "be";
                if passive && !is_use_participle(w(k + 1)) {
                    return None;
                }
                let m = match word {
                    "should" => Discouraged,
                    "would" | "might" | "could" => return None,
                    _ => Restriction,
                };
                let len = if passive { k - i + 2 } else { j - i + 1 };
                return Some((m, true, len, false, passive));
            }
            // could, might, would: hypothetical ("a failure could cause harm").
            if matches!(word, "could" | "might" | "would") {
                return None;
            }
            // may result in / may lead to / will be subject to: a consequence.
            if matches!(w(j), "result" | "lead") && matches!(w(j + 1), "in" | "to") {
                return Some((Consequence, false, j - i + 2, false, false));
            }
            if w(j) == "be" && w(j + 1) == "subject" && w(j + 2) == "to" {
                return Some((Consequence, false, j - i + 3, false, false));
            }
            if w(j) == "be" && matches!(w(j + 1), "prohibited" | "forbidden" | "banned") {
                return Some((Restriction, false, j - i + 2, false, true));
            }
            // "can be unlocked", "may be updated": a capability or a passive
            // statement, not a permission — unless it is a use ("may be used").
            if matches!(word, "may" | "can") && w(j) == "be" && !is_use_participle(w(j + 1)) {
                return None;
            }
            if matches!(word, "may" | "can") && w(j) == "be" {
                return Some((Permission, false, j - i + 2, false, true));
            }
            // "may include", "can vary": what something is, not what anyone may do.
            if matches!(word, "may" | "can")
                && matches!(
                    w(j),
                    "include"
                        | "involve"
                        | "contain"
                        | "consist"
                        | "comprise"
                        | "mean"
                        | "vary"
                        | "differ"
                        | "change"
                        | "reflect"
                        | "appear"
                        | "seem"
                        | "occur"
                        | "happen"
                        | "arise"
                        | "exist"
                        | "affect"
                        | "make"
                        | "cause"
                        | "lead"
                        | "take"
                )
            {
                return None;
            }
            if w(j) == "only"
                || (j + 1..(j + 8).min(words.len()))
                    .any(|k| w(k) == "only" && !words[k].after_break)
            {
                // "may use X only for / only with approval": a restriction.
                if matches!(word, "may" | "can") {
                    return Some((Restriction, false, j - i, false, false));
                }
            }
            let m = match word {
                "must" | "shall" | "will" => Obligation,
                "may" | "can" => Permission,
                "should" => Hortatory,
                _ => return None,
            };
            Some((m, false, j - i, false, false))
        }
        "cannot" | "can't" | "won't" | "mustn't" | "shan't" | "mayn't" => {
            Some((Restriction, true, 1, false, false))
        }
        "shouldn't" => Some((Discouraged, true, 1, false, false)),
        "discourage" | "discourages" => Some((Discouraged, false, 1, true, false)),
        "don't" | "doesn't" => verb_after_not(words, i, 1),
        "do" | "does" => {
            let j = skip(i + 1);
            if is_neg(j) {
                verb_after_not(words, i, j - i + 1)
            } else {
                None
            }
        }
        w if w.ends_with("'re") && i + 1 < words.len() => {
            // "we're not responsible": the copula of a contraction.
            let mut shifted: Vec<Word> = words.to_vec();
            shifted[i].lower = Cow::Borrowed("are");
            classify(&shifted, i)
        }
        "is" | "are" | "be" | "been" | "was" | "were" | "remain" | "remains" => {
            let j = skip(i + 1);
            let neg = is_neg(j);
            let k = if neg { j + 1 } else { j };
            let next = w(k);
            let then = w(k + 1);
            let len = k - i + 1;
            if neg
                && matches!(
                    next,
                    "permitted" | "allowed" | "authorized" | "authorised" | "licensed" | "to"
                )
            {
                return Some((Restriction, true, len, false, true));
            }
            if neg
                && matches!(
                    next,
                    "designed"
                        | "intended"
                        | "suitable"
                        | "certified"
                        | "responsible"
                        | "liable"
                        | "obligated"
                        | "required"
                        | "a"
                )
            {
                if next == "a" && !matches!(then, "substitute" | "replacement") {
                    return None;
                }
                return Some((Disclaimer, true, len, false, false));
            }
            if neg && matches!(next, "prohibited" | "restricted" | "forbidden") {
                return Some((Permission, true, len, false, true));
            }
            if !neg {
                if matches!(
                    next,
                    "prohibited"
                        | "forbidden"
                        | "banned"
                        | "barred"
                        | "disallowed"
                        | "unacceptable"
                ) {
                    return Some((Restriction, false, len, false, true));
                }
                if matches!(next, "required" | "obligated" | "obliged" | "bound")
                    && matches!(then, "to" | "by")
                {
                    return Some((Obligation, false, len + 1, false, false));
                }
                if matches!(next, "responsible" | "liable")
                    && (then == "for"
                        || (matches!(then, "and" | "or")
                            && matches!(w(k + 2), "responsible" | "liable")))
                {
                    return Some((Obligation, false, len + 1, false, false));
                }
                if matches!(
                    next,
                    "permitted" | "allowed" | "authorized" | "authorised" | "entitled" | "free"
                ) && then == "to"
                {
                    return Some((Permission, false, len + 1, false, false));
                }
                if matches!(
                    next,
                    "encouraged" | "expected" | "invited" | "asked" | "urged" | "recommended"
                ) {
                    return Some((Hortatory, false, len, false, false));
                }
                if next == "subject" && then == "to" {
                    return Some((Consequence, false, len + 1, false, true));
                }
                if next == "committed" && then == "to" {
                    return Some((Obligation, false, len + 1, false, false));
                }
                if next == "at" && (k + 1..(k + 5).min(words.len())).any(|x| w(x) == "risk") {
                    return Some((Disclaimer, false, len, false, false));
                }
            }
            None
        }
        "agree" | "agrees" | "undertake" | "undertakes" | "covenant" | "covenants" | "promise"
        | "promises" => {
            let j = skip(i + 1);
            if is_neg(j) && w(j + 1) == "to" {
                return Some((Restriction, true, j - i + 2, false, false));
            }
            if w(j) == "to" {
                return Some((Obligation, false, j - i + 1, false, false));
            }
            None
        }
        "commit" | "commits" => (w(i + 1) == "to").then_some((Obligation, false, 2, false, false)),
        // "It is your responsibility to …", "Customer's obligation to …".
        "responsibility" | "obligation" | "duty"
            if w(i + 1) == "to"
                && i > 0
                && (w(i - 1).ends_with("'s")
                    || matches!(w(i - 1), "your" | "its" | "their" | "our")) =>
        {
            Some((Obligation, false, 2, false, false))
        }
        "prohibit" | "prohibits" | "forbid" | "forbids" | "bans" | "disallow" | "disallows" => {
            Some((Restriction, false, 1, true, false))
        }
        "prohibited" | "forbidden" | "restricted" | "unacceptable" | "disallowed" => {
            // "Prohibited uses", "restricted purposes": a restriction on the use.
            Some((Restriction, false, 1, false, true))
        }
        "refrain" | "never" => Some((Restriction, true, 1, false, false)),
        "nothing" => {
            // "Nothing in this Agreement prohibits/limits X": lifts a restriction.
            let end = (i + 10).min(words.len());
            (i + 1..end)
                .find(|&k| {
                    matches!(
                        w(k),
                        "prohibits"
                            | "prohibit"
                            | "restricts"
                            | "restrict"
                            | "limits"
                            | "limit"
                            | "prevents"
                            | "prevent"
                            | "precludes"
                            | "preclude"
                            | "bars"
                            | "forbids"
                    )
                })
                .map(|k| (Permission, true, k - i + 1, true, false))
        }
        "require" | "requires" => Some((Obligation, false, 1, true, false)),
        "reserve" | "reserves" | "retain" | "retains"
            if w(i + 1) == "the" && matches!(w(i + 2), "right" | "rights") =>
        {
            Some((Permission, false, 3, false, false))
        }
        // "retains full discretion to", "has sole discretion to", "at its discretion".
        "reserve" | "reserves" | "retain" | "retains" | "has" | "have"
            if matches!(w(i + 1), "full" | "sole" | "absolute" | "complete" | "the")
                && w(i + 2) == "discretion"
                || w(i + 1) == "discretion" =>
        {
            let len = if w(i + 1) == "discretion" { 2 } else { 3 };
            Some((Permission, false, len, false, false))
        }
        "has" | "have" if w(i + 1) == "the" && w(i + 2) == "right" => {
            Some((Permission, false, 3, false, false))
        }
        "has" | "have" | "need" | "needs" if w(i + 1) == "to" => {
            Some((Obligation, false, 2, false, false))
        }
        "encourage" | "encourages" | "recommend" | "recommends" | "urge" | "urges" | "hope"
        | "hopes" | "strive" | "strives" | "aim" | "aims" | "endeavor" | "endeavors"
        | "endeavour" | "endeavours" | "please" | "believe" | "believes" | "expect" | "expects"
        | "invite" | "invites" | "seek" | "seeks" | "try" | "tries" | "attempt" | "attempts" => {
            let needs_to = matches!(
                word,
                "aim" | "aims" | "seek" | "seeks" | "try" | "tries" | "attempt" | "attempts"
            );
            if needs_to && w(i + 1) != "to" {
                return None;
            }
            // "we try to", "Provider will seek to" — but not "to attempt to
            // identify" or "or attempt to circumvent" in a list of prohibited acts.
            let prev = if i > 0 { w(i - 1) } else { "" };
            let tentative = matches!(
                word,
                "seek"
                    | "seeks"
                    | "try"
                    | "tries"
                    | "attempt"
                    | "attempts"
                    | "strive"
                    | "strives"
                    | "aim"
                    | "aims"
                    | "endeavor"
                    | "endeavors"
                    | "endeavour"
                    | "endeavours"
            );
            if tentative && (i == 0 || matches!(prev, "to" | "or" | "and" | "not" | "nor")) {
                return None;
            }
            // "please see / refer to / visit": a pointer, not a request.
            if word == "please"
                && matches!(
                    w(i + 1),
                    "see"
                        | "refer"
                        | "visit"
                        | "review"
                        | "read"
                        | "note"
                        | "check"
                        | "consult"
                        | "go"
                        | "click"
                        | "find"
                        | "be"
                        | "contact"
                        | "include"
                )
            {
                return None;
            }
            // "We encourage customers to …" binds the object; "we strive to …"
            // binds the subject.
            let flip = matches!(
                word,
                "encourage"
                    | "encourages"
                    | "recommend"
                    | "recommends"
                    | "urge"
                    | "urges"
                    | "expect"
                    | "expects"
                    | "invite"
                    | "invites"
                    | "please"
            );
            Some((Hortatory, false, 1, flip, false))
        }
        "result" | "results" if w(i + 1) == "in" => Some((Consequence, false, 2, false, false)),
        "grounds" if w(i + 1) == "for" => Some((Consequence, false, 2, false, false)),
        "ensure" | "ensures" => {
            // "should ensure", "to ensure": the modal or purpose decides.
            let prev = if i > 0 { w(i - 1) } else { "" };
            if matches!(
                prev,
                "must"
                    | "shall"
                    | "will"
                    | "should"
                    | "may"
                    | "can"
                    | "to"
                    | "not"
                    | "also"
                    | "and"
                    | "or"
            ) {
                None
            } else {
                Some((Obligation, false, 1, false, false))
            }
        }
        "under" | "in"
            if w(i + 1) == "no"
                && matches!(
                    w(i + 2),
                    "circumstances" | "circumstance" | "event" | "case"
                ) =>
        {
            // "in no event shall … be liable" disclaims liability.
            let modal = matches!(
                w(i + 3),
                "may" | "shall" | "will" | "can" | "must" | "should"
            );
            let len = if modal { 4 } else { 3 };
            let liability = (i + 3..(i + 12).min(words.len()))
                .any(|k| matches!(w(k), "liable" | "liability" | "responsible"));
            Some((
                if liability { Disclaimer } else { Restriction },
                true,
                len,
                false,
                false,
            ))
        }
        "no" | "nobody" | "neither" | "none" => {
            // "no obligation", "no duty": a disclaimer.
            if matches!(
                w(i + 1),
                "obligation" | "duty" | "responsibility" | "liability"
            ) || (w(i + 1) == "other"
                && matches!(
                    w(i + 2),
                    "obligation" | "duty" | "responsibility" | "liability"
                ))
            {
                return Some((Disclaimer, true, 2, false, false));
            }
            // "No Customer may …", "neither Customer nor its users shall …".
            let end = (i + 11).min(words.len());
            (i + 1..end)
                .take_while(|&k| k == i + 1 || !words[k].after_break)
                .find(|&k| matches!(w(k), "may" | "shall" | "will" | "can" | "must"))
                .map(|k| (Restriction, true, k - i + 1, false, false))
        }
        _ => None,
    }
}

/// Verbs whose passive after "may not be" / "will not be" restricts use.
fn is_use_participle(w: &str) -> bool {
    matches!(
        w,
        "used"
            | "applied"
            | "deployed"
            | "employed"
            | "utilized"
            | "utilised"
            | "accessed"
            | "offered"
            | "provided"
            | "sold"
            | "licensed"
            | "distributed"
            | "made"
            | "leveraged"
            | "integrated"
            | "incorporated"
            | "exploited"
            | "operated"
            | "run"
            | "installed"
            | "shared"
            | "disclosed"
            | "transferred"
            | "combined"
            | "trained"
            | "relied"
            | "built"
            | "embedded"
            | "adapted"
            | "modified"
            | "developed"
            | "exported"
            | "supplied"
            | "marketed"
            | "repurposed"
            | "put"
    )
}

/// After "do not" / "does not": allow/permit/tolerate forbid the object
/// (the provider disallows, the customer is bound); prohibit/restrict lift a
/// restriction; anything else is a plain restriction on the subject.
fn verb_after_not(words: &[Word], i: usize, len: usize) -> Option<Classified> {
    let w = |k: usize| words.get(k).map_or("", |x| x.lower.as_ref());
    let verb = w(i + len);
    match verb {
        "allow" | "permit" | "tolerate" | "authorize" | "authorise" | "condone" | "accept"
        | "support" | "license" => Some((Modality::Restriction, true, len + 1, true, false)),
        "prohibit" | "restrict" | "limit" | "prevent" | "preclude" | "forbid" | "bar" => {
            Some((Modality::Permission, true, len + 1, true, false))
        }
        "apply" | "include" | "constitute" | "mean" | "guarantee" | "warrant" | "represent"
        | "endorse" | "have" | "need" | "require" | "know" | "control" | "monitor" | "review"
        | "own" | "assume" | "affect" => None,
        _ => Some((Modality::Restriction, true, len, false, false)),
    }
}

/// Finds who a cue binds: the subject before it (or, for "we do not allow",
/// "we require you", the party after it), else the previous cue's party.
fn resolve_party(words: &[Word], cues: &mut [Cue], idx: usize, flip: bool, roles: &Roles) {
    let modality_of_flip = cues[idx].modality;
    let start = cues[idx].words.start;
    let end = cues[idx].words.end;
    cues[idx].subordinate = is_subordinate(words, cues, idx, roles);
    // A cue starting with "no"/"nobody" or passive needs no subject.
    // "We're not …": the subject is inside the contraction.
    let contracted = words[start].lower.contains('\'') && !words[start].lower.ends_with("'s");
    let subject = if contracted {
        roles
            .role_ending_at(words, start)
            .map(|(r, _)| (r, Some(words[start].range.clone())))
    } else {
        find_party_before(words, start, roles)
    };
    let object = find_party_after(words, end, roles);
    let (party, span) = if flip {
        match object {
            Some(o) => o,
            // "We do not allow …" binds the customer; "Our standards
            // prohibit …" binds nobody named. A rule that does not prohibit
            // a use leaves it open to its users.
            None if modality_of_flip == Modality::Permission => (PartyRole::Customer, None),
            None => match &subject {
                Some((PartyRole::Provider, _)) | None
                    if words[..start].iter().all(|w| w.after_break) =>
                {
                    (PartyRole::Customer, None)
                }
                Some((PartyRole::Provider, _)) => (PartyRole::Customer, None),
                _ => (PartyRole::Unknown, None),
            },
        }
    } else if let Some(s) = subject {
        s
    } else if cues[idx].passive {
        (PartyRole::Unknown, None)
    } else if idx > 0 && !cues[idx - 1].subordinate {
        (cues[idx - 1].party, cues[idx - 1].party_span.clone())
    } else {
        (PartyRole::Unknown, None)
    };
    // "We may require Customer to …": the obligation binds the object.
    cues[idx].party = if flip && party == PartyRole::Provider {
        PartyRole::Customer
    } else {
        party
    };
    cues[idx].party_span = span;
}

const SUBORDINATORS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "where", "wherever", "when", "whenever", "whether",
    "if", "unless", "because", "although", "though", "while", "whereby", "whatever", "whoever",
    "until",
];

/// Verbs whose object can be a clause with its own modal ("predict a person
/// will …"); a modal after them is not the clause's own.
const PREDICATE_VERBS: &[&str] = &[
    "predict",
    "predicts",
    "predicting",
    "predicted",
    "estimate",
    "estimates",
    "estimating",
    "determine",
    "determines",
    "determining",
    "assess",
    "assesses",
    "assessing",
    "infer",
    "infers",
    "inferring",
    "indicate",
    "indicates",
    "indicating",
    "suggest",
    "suggests",
    "suggesting",
    "forecast",
    "forecasts",
    "forecasting",
    "claim",
    "claims",
    "claiming",
    "imply",
    "implies",
    "implying",
];

/// Verbs whose "that" opens the main content ("you agree that you will not").
const COMPLEMENT_VERBS: &[&str] = &[
    "agree",
    "agrees",
    "acknowledge",
    "acknowledges",
    "understand",
    "understands",
    "represent",
    "represents",
    "warrant",
    "warrants",
    "certify",
    "certifies",
    "confirm",
    "confirms",
    "undertake",
    "undertakes",
    "covenant",
    "covenants",
    "ensure",
    "ensures",
    "require",
    "requires",
    "accept",
    "accepts",
    "declare",
    "declares",
    "promise",
    "promises",
    "means",
    "mean",
];

/// A cue inside a relative or conditional phrase does not govern the clause:
/// "content that may mislead", "whether a person will offend", "where such
/// use is prohibited". Scans back to the previous cue or a named party.
fn is_subordinate(words: &[Word], cues: &[Cue], idx: usize, roles: &Roles) -> bool {
    let start = cues[idx].words.start;
    let floor = if idx > 0 { cues[idx - 1].words.end } else { 0 };
    let mut k = start;
    let mut steps = 0;
    while k > floor && steps < 30 {
        k -= 1;
        steps += 1;
        let lw = words[k].lower.as_ref();
        if let Some((role, _)) = roles.role_ending_at(words, k)
            && matches!(
                role,
                PartyRole::Customer | PartyRole::Provider | PartyRole::Both
            )
        {
            // "Customer shall …" — unless the party follows a subordinator
            // right away ("if you may").
            return k > 0 && SUBORDINATORS.contains(&words[k - 1].lower.as_ref()) && k + 1 == start;
        }
        // "predicting an individual will offend": the modal belongs to what
        // is predicted, estimated or determined.
        if PREDICATE_VERBS.contains(&lw) {
            return true;
        }
        if SUBORDINATORS.contains(&lw) {
            if lw == "that" && k > 0 && COMPLEMENT_VERBS.contains(&words[k - 1].lower.as_ref()) {
                return false;
            }
            if matches!(lw, "so" | "such") {
                return true;
            }
            return true;
        }
    }
    false
}

/// Words that may stand between a subject and its modal cue.
const SUBJECT_GAP: &[&str] = &[
    "also",
    "further",
    "hereby",
    "therefore",
    "thus",
    "only",
    "itself",
    "themselves",
    "and",
    "or",
    "its",
    "their",
    "affiliates",
    "each",
    "expressly",
    "alone",
    "jointly",
    "then",
    "at",
    "any",
    "time",
    "in",
    "no",
    "event",
    "not",
    "never",
    "acting",
    "on",
    "behalf",
    "of",
];

fn find_party_before(
    words: &[Word],
    start: usize,
    roles: &Roles,
) -> Option<(PartyRole, Option<Range<usize>>)> {
    let mut k = start;
    let mut steps = 0;
    while k > 0 && steps < 8 {
        if words[k].after_break && k != start {
            break;
        }
        if words[k].after_break && k == start && steps > 0 {
            break;
        }
        k -= 1;
        steps += 1;
        if let Some((role, len)) = roles.role_ending_at(words, k) {
            // The party must head the subject: only adverbs, a parenthesis or
            // "and its affiliates" may stand between it and the cue ("The
            // Acme Cloud API is not designed …" names a product, not Acme).
            // A possessive party ("Customer's administrators") heads the
            // subject through one noun.
            let from = if words[k].lower.ends_with("'s") || words[k].lower.ends_with("s'") {
                k + 2
            } else {
                k + 1
            };
            // "Northwind or an independent auditor appointed by it may …":
            // the party heads a coordinated subject.
            let coordinated = from < start && matches!(words[from].lower.as_ref(), "or" | "and");
            let gap_ok = coordinated
                || (from.min(start)..start).all(|g| {
                    words[g].after_break || SUBJECT_GAP.contains(&words[g].lower.as_ref())
                });
            if gap_ok || (k + 1 < start && words[k + 1].after_break) {
                let s = words[k + 1 - len].range.start;
                return Some((role, Some(s..words[k].range.end)));
            }
            return None;
        }
        if words[k].after_break {
            break;
        }
    }
    None
}

fn find_party_after(
    words: &[Word],
    end: usize,
    roles: &Roles,
) -> Option<(PartyRole, Option<Range<usize>>)> {
    for k in end..(end + 5).min(words.len()) {
        if let Some((role, len)) = roles.role_starting_at(words, k) {
            return Some((
                role,
                Some(words[k].range.start..words[k + len - 1].range.end),
            ));
        }
    }
    None
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

    #[test]
    fn only_head_words_may_start_a_cue() {
        for head in CUE_HEADS {
            assert!(may_start_cue(head), "{head}");
        }
        assert!(may_start_cue("you're") && may_start_cue("we're"));
        // Outside the table's reach: passed on to the full match.
        assert!(may_start_cue("x2") && may_start_cue("überall"));
        for word in ["the", "customer", "data", "use", "services", "it", "any"] {
            assert!(!may_start_cue(word), "{word}");
        }
    }

    fn cues(s: &str) -> Vec<(Modality, bool, String, PartyRole)> {
        let roles = Roles::default();
        let lower = s.to_ascii_lowercase();
        let a = ClauseAnatomy::analyse(s, &lower, 0..s.len(), &roles);
        a.cues
            .iter()
            .filter(|c| !c.subordinate)
            .map(|c| {
                (
                    c.modality,
                    c.negated,
                    s[c.span.clone()].to_string(),
                    c.party,
                )
            })
            .collect()
    }

    fn governing(s: &str, object: &str) -> Option<(Modality, PartyRole)> {
        let roles = Roles::default();
        let lower = s.to_ascii_lowercase();
        let a = ClauseAnatomy::analyse(s, &lower, 0..s.len(), &roles);
        a.governing(s.find(object).unwrap())
            .map(|c| (c.modality, c.party))
    }

    use Modality::*;
    use PartyRole::*;

    #[test]
    fn negated_modals_restrict() {
        assert_eq!(
            cues("You may not use the Services"),
            [(Restriction, true, "may not".into(), Customer)]
        );
        assert_eq!(
            governing(
                "Customer must not use the Services, and may not permit others, to track people",
                "track"
            ),
            Some((Restriction, Customer))
        );
    }

    #[test]
    fn may_permits() {
        assert_eq!(
            governing("Customer may use the API for facial recognition", "facial"),
            Some((Permission, Customer))
        );
    }

    #[test]
    fn not_limited_to_is_not_a_negation() {
        assert_eq!(
            governing(
                "You may use the Services for any purpose, including but not limited to surveillance",
                "surveillance"
            ),
            Some((Permission, Customer))
        );
        assert_eq!(
            cues("This shall not be limited to X"),
            [(Obligation, false, "shall".into(), Unknown)]
        );
    }

    #[test]
    fn nothing_prohibits_permits() {
        assert_eq!(
            governing(
                "Nothing in this Agreement prohibits Customer from using face matching",
                "face"
            ),
            Some((Permission, Customer))
        );
    }

    #[test]
    fn provider_disallowing_binds_customer() {
        assert_eq!(
            governing("We do not allow content that promotes violence", "violence"),
            Some((Restriction, Customer))
        );
    }

    #[test]
    fn passive_restrictions_after_the_object() {
        assert_eq!(
            governing("Facial recognition by police is not permitted.", "Facial"),
            Some((Restriction, ThirdParty))
        );
        assert_eq!(
            governing(
                "The Model will not be used for surveillance",
                "surveillance"
            ),
            Some((Restriction, Unknown))
        );
    }

    #[test]
    fn provider_promises_bind_the_provider() {
        assert_eq!(
            governing("We will not use your data for surveillance", "surveillance"),
            Some((Restriction, Provider))
        );
    }

    #[test]
    fn relative_clauses_do_not_govern() {
        assert_eq!(
            governing(
                "You must not upload content that may deceive people",
                "deceive"
            ),
            Some((Restriction, Customer))
        );
    }

    #[test]
    fn epistemic_may_not_is_not_a_ban() {
        assert!(
            governing(
                "Results may not be accurate for surveillance footage",
                "surveillance"
            )
            .is_none()
        );
    }

    #[test]
    fn only_with_approval_restricts() {
        assert_eq!(
            governing(
                "Customer may use biometric identification only with our prior written approval",
                "biometric"
            ),
            Some((Restriction, Customer))
        );
    }

    #[test]
    fn hortatory_and_consequence() {
        assert_eq!(
            governing("We encourage customers to respect human rights", "human"),
            Some((Hortatory, Customer))
        );
        assert_eq!(
            governing(
                "Violations may result in suspension of your account",
                "suspension"
            ),
            Some((Consequence, Unknown))
        );
    }
}
