//! The phrase finder: the conditions, hedges, scope qualifiers and
//! consequences of a clause, and its coordinated items.

// Keys are short words: Fx hashes them faster than SipHash.
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use crate::packs::Modality;

use super::anatomy::Cue;
use super::words::Word;

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

/// Which list of `Phrases` a phrase belongs to.
#[derive(Debug, Clone, Copy)]
enum PhraseKind {
    Condition,
    Hedge,
    Qualifier,
    Consequence,
}

/// A phrase of a list, as words.
struct ListedPhrase {
    words: Vec<&'static str>,
    kind: PhraseKind,
}

/// The phrases of every list by first word: a clause's phrases are looked
/// up word by word.
type PhraseTable = HashMap<&'static str, Vec<ListedPhrase>>;

fn phrase_table() -> &'static PhraseTable {
    static TABLE: std::sync::OnceLock<PhraseTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = PhraseTable::default();
        let lists = [
            (CONDITION_PHRASES, PhraseKind::Condition),
            (HEDGE_PHRASES, PhraseKind::Hedge),
            (QUALIFIER_PHRASES, PhraseKind::Qualifier),
            (CONSEQUENCE_PHRASES, PhraseKind::Consequence),
        ];
        for (list, kind) in lists {
            for p in list {
                let words: Vec<&'static str> = p.split(' ').collect();
                table
                    .entry(words[0])
                    .or_default()
                    .push(ListedPhrase { words, kind });
            }
        }
        table
    })
}

impl Phrases {
    /// The qualifying phrases of the clause, for reporting its anatomy:
    /// conditions and exceptions, hedges, scope qualifiers and consequences.
    pub(crate) fn find(words: &[Word], cues: &[Cue], text: &str) -> Phrases {
        let mut out = Phrases::default();
        let n = words.len();
        let lower: Vec<&str> = words.iter().map(|w| w.lower.as_ref()).collect();
        let span = |a: usize, b: usize| words[a].range.start..words[b - 1].range.end;
        let mut i = 0;
        while i < n {
            // The longest phrase of any list that starts here.
            let best = phrase_table()
                .get(lower[i])
                .into_iter()
                .flatten()
                .filter(|p| {
                    i + p.words.len() <= n && p.words.iter().zip(&lower[i..]).all(|(a, b)| a == b)
                })
                .max_by_key(|p| p.words.len());
            if let Some(p) = best {
                let len = p.words.len();
                let r = span(i, i + len);
                match p.kind {
                    PhraseKind::Condition => out.conditions.push(r),
                    PhraseKind::Hedge => out.hedges.push(r),
                    PhraseKind::Qualifier => out.qualifiers.push(r),
                    PhraseKind::Consequence => out.consequences.push(r),
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
                        text[words[k].range.clone()].starts_with(|c: char| c.is_uppercase())
                            && !words[k].after_break
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
        for c in cues.iter().filter(|c| c.modality == Modality::Consequence) {
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
}

/// Splits a clause's words into coordinated items: a semicolon, ", or" /
/// ", and", or "or"/"and" before a preposition ("or for", "or with any")
/// starts a new item.
pub(crate) fn items(words: &[Word]) -> Vec<u16> {
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
