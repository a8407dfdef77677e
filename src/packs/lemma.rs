//! Lemmas: a term's word matches every word of the text with the same
//! Snowball (Porter 2) stem, so "report" finds "reported", "reporting" and
//! "reporter", and "surveillance" finds "surveil" and "surveilling".
//!
//! The trie cannot stem the text it walks, so a lemma word is stored as the
//! part every spelling of it starts with (its *lead*: "report", "polic" for
//! "policy") followed by a marker that consumes the rest of the text's word;
//! a hit is kept only if the word it consumed has the lemma's stem
//! ([`StemCache::accepts`]). Stems are compared after folding British and
//! American spellings ("recognise" = "recognize", "behaviour" =
//! "behavior"), which the stemmer itself does not do.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// English verbs whose past forms the stemmer cannot reach (a closed class:
/// the irregular verbs of legal and policy drafting). A lemma word that is
/// one of these also matches its forms, as spellings of their own.
const IRREGULAR_VERBS: &[(&str, &[&str])] = &[
    ("become", &["became"]),
    ("begin", &["began", "begun"]),
    ("bind", &["bound"]),
    ("break", &["broke", "broken"]),
    ("bring", &["brought"]),
    ("build", &["built"]),
    ("buy", &["bought"]),
    ("choose", &["chose", "chosen"]),
    ("deal", &["dealt"]),
    ("do", &["did", "done"]),
    ("draw", &["drew", "drawn"]),
    ("drive", &["drove", "driven"]),
    ("fight", &["fought"]),
    ("find", &["found"]),
    ("forbid", &["forbade", "forbidden"]),
    ("forgo", &["forwent", "forgone"]),
    ("get", &["got", "gotten"]),
    ("give", &["gave", "given"]),
    ("go", &["went", "gone"]),
    ("hide", &["hid", "hidden"]),
    ("hold", &["held"]),
    ("keep", &["kept"]),
    ("know", &["knew", "known"]),
    ("lead", &["led"]),
    ("leave", &["left"]),
    ("lose", &["lost"]),
    ("make", &["made"]),
    ("mean", &["meant"]),
    ("meet", &["met"]),
    ("mislead", &["misled"]),
    ("pay", &["paid"]),
    ("rebuild", &["rebuilt"]),
    ("run", &["ran"]),
    ("say", &["said"]),
    ("see", &["saw", "seen"]),
    ("seek", &["sought"]),
    ("sell", &["sold"]),
    ("send", &["sent"]),
    ("shoot", &["shot"]),
    ("show", &["shown"]),
    ("speak", &["spoke", "spoken"]),
    ("spend", &["spent"]),
    ("stand", &["stood"]),
    ("steal", &["stole", "stolen"]),
    ("strike", &["struck", "stricken"]),
    ("take", &["took", "taken"]),
    ("teach", &["taught"]),
    ("tell", &["told"]),
    ("think", &["thought"]),
    ("undergo", &["underwent", "undergone"]),
    ("understand", &["understood"]),
    ("undertake", &["undertook", "undertaken"]),
    ("win", &["won"]),
    ("withdraw", &["withdrew", "withdrawn"]),
    ("withhold", &["withheld"]),
    ("write", &["wrote", "written"]),
];

/// The irregular past forms of a lower-case verb (none for most words).
pub(crate) fn irregular_forms(word: &str) -> &'static [&'static str] {
    IRREGULAR_VERBS
        .iter()
        .find(|(base, _)| *base == word)
        .map_or(&[], |(_, forms)| forms)
}

/// The shortest lead a lemma may have: a shorter one would send the walk
/// into the stemmer at most words of the text.
pub(crate) const MIN_LEAD: usize = 3;

/// One lemma word of a term: the word as written (lower case) and its
/// stems. A text word matches it if it is the word itself (no stemming
/// needed) or has one of the same stems.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Lemma {
    pub word: Box<str>,
    pub stems: Stems,
}

/// A word's stem as written and with its spelling folded: both are
/// compared, since folding only an ending can part a word from its
/// derivations ("advertise" → "advertize", but "advertisement").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Stems {
    pub plain: Box<str>,
    pub folded: Box<str>,
}

impl Stems {
    fn of(word: &str) -> Stems {
        let plain: Box<str> = stemmer().stem(word).into();
        let folded = match fold_spelling(word) {
            Cow::Borrowed(_) => plain.clone(),
            Cow::Owned(f) => stemmer().stem(&f).into(),
        };
        Stems { plain, folded }
    }

    fn shares_one_with(&self, other: &Stems) -> bool {
        self.plain == other.plain || self.folded == other.folded
    }
}

/// How a term's word is matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WordMatch {
    /// As a lemma: the trie holds `lead`, then consumes the rest of the word.
    Lemma { lead: String, lemma: Lemma },
    /// As written (too short, or not made of ASCII letters).
    Literal,
}

/// British and American spellings folded to one, before stemming. Each
/// pair is (ending as one writes it, ending as the other does); the fold
/// rewrites the first into the second. Only endings are folded: the
/// differences the stemmer leaves are all at a word's end.
const SPELLING_FOLDS: &[(&str, &str)] = &[
    ("isation", "ization"),
    ("isations", "izations"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ising", "izing"),
    ("iser", "izer"),
    ("isers", "izers"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("yses", "yzes"),
    ("ysing", "yzing"),
    ("our", "or"),
    ("ours", "ors"),
    ("oured", "ored"),
    ("ouring", "oring"),
    ("ourable", "orable"),
    ("ourite", "orite"),
    ("ourites", "orites"),
    ("cence", "cense"),
    ("cences", "censes"),
    ("fence", "fense"),
    ("fences", "fenses"),
    ("ogue", "og"),
    ("ogues", "ogs"),
    ("dgement", "dgment"),
    ("dgements", "dgments"),
    ("tre", "ter"),
    ("tres", "ters"),
    ("gramme", "gram"),
    ("grammes", "grams"),
];

/// A fold applies only to words at least this long: "our", "tour",
/// "sure" and "are" are not spellings of anything else.
const MIN_FOLDED_LEN: usize = 6;

/// `word` (lower case) with a British ending written the American way.
pub(crate) fn fold_spelling(word: &str) -> Cow<'_, str> {
    if word.len() < MIN_FOLDED_LEN {
        return Cow::Borrowed(word);
    }
    // The longest ending that applies.
    let best = SPELLING_FOLDS
        .iter()
        .filter(|(from, _)| word.ends_with(from) && word.len() > from.len() + 1)
        .max_by_key(|(from, _)| from.len());
    match best {
        Some((from, to)) => Cow::Owned(format!("{}{to}", &word[..word.len() - from.len()])),
        None => Cow::Borrowed(word),
    }
}

/// The other way round: `word` with an American ending written the
/// British way, so that a lemma's lead is a prefix of both spellings.
fn unfold_spelling(word: &str) -> Option<String> {
    if word.len() < MIN_FOLDED_LEN - 1 {
        return None;
    }
    SPELLING_FOLDS
        .iter()
        .filter(|(_, to)| word.ends_with(to) && word.len() > to.len() + 1)
        .max_by_key(|(_, to)| to.len())
        .map(|(from, to)| format!("{}{from}", &word[..word.len() - to.len()]))
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: std::sync::OnceLock<Stemmer> = std::sync::OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The length of a word's inflectional base: the word without a plural,
/// past or gerund ending, and without a final `e` or `y` that inflection
/// changes ("authorities" → "authorit", "reported" → "report", "policy" →
/// "polic", "use" → "us"). It only bounds the lead; whether a text's word
/// is a form of the lemma is the stem's to say.
fn inflection_base(word: &str) -> usize {
    let b = word.as_bytes();
    let strip = |n: usize| b.len().saturating_sub(n);
    let mut len = if word.ends_with("ies") || word.ends_with("ied") {
        strip(2)
    } else if word.ends_with("ing") && b.len() > 5 {
        strip(3)
    } else if (word.ends_with("ed") && b.len() > 4)
        || (word.ends_with("es")
            && (word.ends_with("ses")
                || word.ends_with("xes")
                || word.ends_with("zes")
                || word.ends_with("ches")
                || word.ends_with("shes")))
    {
        strip(2)
    } else if word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        strip(1)
    } else {
        b.len()
    };
    if len > 0 && matches!(b[len - 1], b'e' | b'y' | b'i') {
        len -= 1;
    }
    len
}

fn common_prefix_len(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// How a term's word (as written, any case) is matched: as a lemma when it
/// is at least `MIN_LEAD` ASCII letters and its lead is too.
pub(crate) fn word_match(word: &str) -> WordMatch {
    if word.len() < MIN_LEAD || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return WordMatch::Literal;
    }
    let lower = word.to_ascii_lowercase();
    // The lead is the word's inflectional base, as far as its other
    // national spelling shares it: a lemma matches the words with its stem
    // that are built on it ("government", "governments", "governmental"),
    // not the shorter words it may share a stem with ("governed").
    let spellings = [
        Some(fold_spelling(&lower).into_owned()),
        unfold_spelling(&lower),
    ];
    let lead = spellings
        .iter()
        .flatten()
        .map(|o| common_prefix_len(&lower, o))
        .fold(inflection_base(&lower), usize::min);
    if lead < MIN_LEAD {
        return WordMatch::Literal;
    }
    WordMatch::Lemma {
        lead: lower[..lead].to_string(),
        lemma: Lemma {
            stems: Stems::of(&lower),
            word: lower.into(),
        },
    }
}

/// Stems of the words of one text, each computed once: a document repeats
/// its words, and a hit on a lemma asks for the stem of the word it ends in.
#[derive(Default)]
pub(crate) struct StemCache {
    stems: FxHashMap<Box<[u8]>, Stems>,
}

/// Most words a thread's cache keeps between documents.
const MAX_CACHED_STEMS: usize = 50_000;

thread_local! {
    /// Each thread's cache, kept from one document to the next: documents
    /// share most of their words.
    static THREAD_STEMS: std::cell::RefCell<StemCache> = std::cell::RefCell::default();
}

impl StemCache {
    /// The calling thread's cache (empty the first time).
    pub(crate) fn take_thread_cache() -> StemCache {
        THREAD_STEMS.with(|c| c.take())
    }

    /// Gives the cache back to the thread for its next document, emptied
    /// when it has grown past its bound.
    pub(crate) fn return_to_thread(mut self) {
        if self.stems.len() > MAX_CACHED_STEMS {
            self.stems.clear();
        }
        THREAD_STEMS.with(|c| c.replace(self));
    }

    /// Whether the text's word `surface` matches `lemma`.
    pub(crate) fn accepts(&mut self, surface: &[u8], lemma: &Lemma) -> bool {
        if surface.eq_ignore_ascii_case(lemma.word.as_bytes()) {
            return true;
        }
        // A word with a non-ASCII letter or a digit has no English stem.
        if !surface.iter().all(u8::is_ascii_alphabetic) {
            return false;
        }
        // Lower-cased on the stack: most words are short, and most are
        // found in the cache.
        let mut buf = [0u8; 32];
        if let Some(b) = buf.get_mut(..surface.len()) {
            b.copy_from_slice(surface);
            b.make_ascii_lowercase();
            if let Some(s) = self.stems.get(&*b) {
                return s.shares_one_with(&lemma.stems);
            }
        }
        let lower = surface.to_ascii_lowercase();
        if let Some(s) = self.stems.get(lower.as_slice()) {
            return s.shares_one_with(&lemma.stems);
        }
        // ASCII letters only, checked above.
        let s = Stems::of(&String::from_utf8_lossy(&lower));
        let same = s.shares_one_with(&lemma.stems);
        self.stems.insert(lower.into_boxed_slice(), s);
        same
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lemma(word: &str) -> (String, Lemma) {
        match word_match(word) {
            WordMatch::Lemma { lead, lemma } => (lead, lemma),
            WordMatch::Literal => panic!("{word} is not a lemma"),
        }
    }

    fn matches(term: &str, text_word: &str) -> bool {
        let (lead, l) = lemma(term);
        text_word.to_ascii_lowercase().starts_with(&lead)
            && StemCache::default().accepts(text_word.as_bytes(), &l)
    }

    #[test]
    fn inflections_and_regular_derivations_share_a_stem() {
        for (term, words) in [
            (
                "report",
                &["reported", "Reporting", "reports", "reporter"][..],
            ),
            ("violate", &["violates", "violation", "violating"]),
            ("surveil", &["surveillance", "surveilling", "surveilled"]),
            ("authority", &["authorities"]),
            ("policy", &["policies", "Policy"]),
            ("terminate", &["termination", "terminated"]),
            ("recognise", &["recognize", "recognized", "recognising"]),
            ("behavior", &["behaviour", "behaviours"]),
            ("licence", &["license", "licensed", "licensing"]),
            ("ban", &["bans", "banned", "banning"]),
            ("advertise", &["advertisement", "advertize", "advertising"]),
        ] {
            for w in words {
                assert!(matches(term, w), "{term} should match {w}");
            }
        }
    }

    #[test]
    fn other_words_with_the_same_lead_do_not_match() {
        for (term, word) in [
            ("policy", "police"),
            ("police", "policy"),
            ("user", "use"),
            ("report", "repository"),
            ("audit", "auditorium"),
            // A lemma matches the words built on it, not those it is built on.
            ("government", "governed"),
            ("authorities", "authorized"),
        ] {
            assert!(!matches(term, word), "{term} should not match {word}");
        }
    }

    #[test]
    fn short_and_non_ascii_words_are_literal() {
        // "use" has a base of two letters: it is matched as written, with
        // its regular inflections (`terms::spellings`).
        for w in ["to", "in", "use", "re-use", "café", "x2", "don't"] {
            assert_eq!(word_match(w), WordMatch::Literal, "{w}");
        }
    }

    #[test]
    fn leads_are_prefixes_of_every_spelling() {
        assert_eq!(lemma("policy").0, "polic");
        assert_eq!(lemma("color").0, "colo");
        assert_eq!(lemma("colour").0, "colo");
        assert_eq!(lemma("analyse").0, "analy");
        assert_eq!(lemma("report").0, "report");
        assert_eq!(lemma("authorities").0, "authorit");
        assert_eq!(lemma("government").0, "government");
    }

    #[test]
    fn irregular_verbs_are_sorted_and_known() {
        assert!(IRREGULAR_VERBS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(irregular_forms("tell"), ["told"]);
        assert!(irregular_forms("report").is_empty());
    }

    #[test]
    fn spelling_folds_apply_to_endings_of_long_words() {
        assert_eq!(fold_spelling("organisation"), "organization");
        assert_eq!(fold_spelling("behaviour"), "behavior");
        assert_eq!(fold_spelling("judgement"), "judgment");
        assert_eq!(fold_spelling("centre"), "center");
        // Short words are not spellings of others.
        assert_eq!(fold_spelling("tour"), "tour");
        assert_eq!(fold_spelling("rise"), "rise");
    }
}
