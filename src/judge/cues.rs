//! The cue classifier: which words of a clause are modal cues (what the
//! clause obliges, forbids, permits, urges or disclaims), each read by its
//! head word.
//!
//! This is generic English legal drafting, not knowledge of any concept.

use std::borrow::Cow;

use crate::packs::Modality;

use super::words::Word;

/// A cue found at a word: what it does, and how it reads its party.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CueMatch {
    pub modality: Modality,
    /// The cue is negated ("may not", "does not allow", "nothing prohibits").
    pub negated: bool,
    /// Its length in words.
    pub len: usize,
    /// Whom it binds.
    pub binds: Binds,
    /// Whether it follows its object ("… is prohibited").
    pub voice: Voice,
    /// A grant ("permits", "allows", "grants … the right"): a permission
    /// only when a party or the document itself grants it, not a product
    /// ("the API allows you to detect faces" describes what it does).
    pub grant: bool,
}

/// Whom a cue binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Binds {
    /// The subject before it ("Customer shall").
    Subject,
    /// The party named after it ("we require Customer to", "we do not
    /// allow", "Acme prohibits users from").
    Object,
}

/// Whether a cue precedes its object or follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Voice {
    Active,
    /// "… is prohibited", "… may not be used": the cue governs what came
    /// before it.
    Passive,
}

impl CueMatch {
    fn new(modality: Modality, negated: bool, len: usize) -> CueMatch {
        CueMatch {
            modality,
            negated,
            len,
            binds: Binds::Subject,
            voice: Voice::Active,
            grant: false,
        }
    }

    /// A cue that binds the party named after it.
    fn binding_object(self) -> CueMatch {
        CueMatch {
            binds: Binds::Object,
            ..self
        }
    }

    /// A cue that follows its object.
    fn passive(self) -> CueMatch {
        CueMatch {
            voice: Voice::Passive,
            ..self
        }
    }
}

use Modality::*;

/// Words that may stand between a modal and its verb ("shall also not").
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
    "fully",
    "solely",
    "entirely",
    "wholly",
    "primarily",
    "ultimately",
    "always",
    "promptly",
    "strongly",
];

/// A clause's words as the classifier reads them.
struct Reader<'w, 'a> {
    words: &'w [Word<'a>],
}

impl Reader<'_, '_> {
    /// Word `k` in lower case ("" past the end).
    fn w(&self, k: usize) -> &str {
        self.words.get(k).map_or("", |x| x.lower.as_ref())
    }

    /// The first word from `k` on that is not an adverb (at most four are
    /// skipped).
    fn skip_adverbs(&self, mut k: usize) -> usize {
        let mut steps = 0;
        while steps < 4
            && ADVERBS.contains(&self.w(k))
            && !(self.w(k) == "no" || self.w(k) == "in" && self.w(k + 1) != "no")
        {
            k += 1;
            steps += 1;
        }
        k
    }

    /// Word `k` negates: "not" or "never", but not in the idioms "not
    /// limited to", "not only", "shall not be construed".
    fn is_negation(&self, k: usize) -> bool {
        matches!(self.w(k), "not" | "never")
            && !matches!(
                self.w(k + 1),
                "only" | "limited" | "necessarily" | "exclusive"
            )
            && !(self.w(k + 1) == "be"
                && matches!(
                    self.w(k + 2),
                    "limited" | "construed" | "deemed" | "interpreted"
                ))
    }

    /// "not only", "not limited to", …: a "not" that negates nothing.
    fn is_negation_idiom(&self, k: usize) -> bool {
        self.w(k) == "not" && !self.is_negation(k)
    }

    /// The word before `k` ("" at the start).
    fn before(&self, k: usize) -> &str {
        if k > 0 { self.w(k - 1) } else { "" }
    }
}

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
    "refrain", "never", "not", "nothing", "require", "requires",
    "reserve", "reserves", "retain", "retains", "has", "have", "need", "needs",
    "encourage", "encourages", "recommend", "recommends", "urge", "urges", "hope", "hopes",
    "strive", "strives", "aim", "aims", "endeavor", "endeavors", "endeavour", "endeavours",
    "please", "believe", "believes", "expect", "expects", "invite", "invites",
    "seek", "seeks", "try", "tries", "attempt", "attempts", "ask", "asks",
    "permit", "permits", "authorise", "authorises", "authorize", "authorizes", "allow", "allows",
    "grant", "grants", "represent", "represents", "warrant", "warrants",
    "result", "results", "leads", "grounds", "ensure", "ensures", "under", "in", "at",
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

/// Recognises a cue starting at word `i`.
pub(crate) fn classify(words: &[Word], i: usize) -> Option<CueMatch> {
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

/// The cue starting at word `i`, by its head word.
fn classify_at(words: &[Word], i: usize) -> Option<CueMatch> {
    let r = Reader { words };
    let word = r.w(i);
    match word {
        "may" | "might" | "must" | "shall" | "will" | "can" | "could" | "should" | "would"
        | "ought" => modal(&r, i),
        "cannot" | "can't" | "won't" | "mustn't" | "shan't" | "mayn't" => {
            Some(CueMatch::new(Restriction, true, 1))
        }
        "shouldn't" => Some(CueMatch::new(Discouraged, true, 1)),
        "discourage" | "discourages" => Some(CueMatch::new(Discouraged, false, 1).binding_object()),
        "don't" | "doesn't" => verb_after_not(&r, i, 1),
        "do" | "does" => {
            let j = r.skip_adverbs(i + 1);
            if r.is_negation(j) {
                verb_after_not(&r, i, j - i + 1)
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
        "is" | "are" | "be" | "been" | "was" | "were" | "remain" | "remains" => copula(&r, i),
        "agree" | "agrees" | "undertake" | "undertakes" | "covenant" | "covenants" | "promise"
        | "promises" => undertaking(&r, i),
        "commit" | "commits" => (r.w(i + 1) == "to").then(|| CueMatch::new(Obligation, false, 2)),
        // "It is your responsibility to …", "Customer's obligation to …".
        "responsibility" | "obligation" | "duty"
            if r.w(i + 1) == "to"
                && (r.before(i).ends_with("'s")
                    || matches!(r.before(i), "your" | "its" | "their" | "our")) =>
        {
            Some(CueMatch::new(Obligation, false, 2))
        }
        // "has the power to prohibit": a capability, not this document's ban.
        "prohibit" | "prohibits" | "forbid" | "forbids" | "bans" | "disallow" | "disallows"
            if r.before(i) != "to" =>
        {
            Some(CueMatch::new(Restriction, false, 1).binding_object())
        }
        // "Prohibited uses", "restricted purposes": a restriction on the use.
        "prohibited" | "forbidden" | "restricted" | "unacceptable" | "disallowed" => {
            Some(CueMatch::new(Restriction, false, 1).passive())
        }
        "refrain" | "never" => Some(CueMatch::new(Restriction, true, 1)),
        "not" => item_negation(&r, i),
        "nothing" => nothing_prohibits(&r, i),
        "require" | "requires" => Some(CueMatch::new(Obligation, false, 1).binding_object()),
        "reserve" | "reserves" | "retain" | "retains" | "has" | "have" | "need" | "needs" => {
            right_or_need(&r, i)
        }
        "encourage" | "encourages" | "recommend" | "recommends" | "urge" | "urges" | "hope"
        | "hopes" | "strive" | "strives" | "aim" | "aims" | "endeavor" | "endeavors"
        | "endeavour" | "endeavours" | "please" | "believe" | "believes" | "expect" | "expects"
        | "invite" | "invites" | "seek" | "seeks" | "try" | "tries" | "attempt" | "attempts"
        | "ask" | "asks" => hortatory_verb(&r, i),
        "permit" | "permits" | "authorise" | "authorises" | "authorize" | "authorizes"
        | "allow" | "allows" | "grant" | "grants" => grant(&r, i),
        "represent" | "represents" | "warrant" | "warrants" => warranty(&r, i),
        "result" | "results" if r.w(i + 1) == "in" => Some(CueMatch::new(Consequence, false, 2)),
        "leads" if r.w(i + 1) == "to" => Some(CueMatch::new(Consequence, false, 2)),
        "grounds" if r.w(i + 1) == "for" => Some(CueMatch::new(Consequence, false, 2)),
        "ensure" | "ensures" => ensure(&r, i),
        "under" | "in" => in_no_event(&r, i),
        // "… at your own risk", "at Customer's sole risk".
        "at" if own_risk(&r, i) => Some(CueMatch::new(Disclaimer, false, 1)),
        "no" | "nobody" | "neither" | "none" => no_party(&r, i),
        _ => None,
    }
}

/// After "will": the future of something that happens to the reader ("you
/// will receive", "you will be notified"), not a duty.
fn is_plain_future(r: &Reader, j: usize) -> bool {
    matches!(
        r.w(j),
        "receive" | "get" | "see" | "find" | "hear" | "learn" | "enjoy" | "gain" | "continue"
    ) || (r.w(j) == "be"
        && matches!(
            r.w(j + 1),
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
        ))
}

/// After "may" or "can": verbs that describe what something is ("may
/// include", "can vary"), not what anyone may do.
fn is_descriptive_verb(w: &str) -> bool {
    matches!(
        w,
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
}

/// A modal verb at `i`: may, must, shall, will, can, should, ought (could,
/// might and would are hypothetical unless negated into a restriction).
fn modal(r: &Reader, i: usize) -> Option<CueMatch> {
    let word = r.w(i);
    let j = r.skip_adverbs(i + 1);
    if word == "ought" {
        return Some(CueMatch::new(Hortatory, r.is_negation(j), j - i + 1));
    }
    // "nor shall it …": an inverted negation.
    if r.before(i) == "nor" {
        return Some(CueMatch::new(Restriction, true, 1));
    }
    if word == "will" && is_plain_future(r, j) {
        return None;
    }
    if r.is_negation(j) {
        return negated_modal(r, i, j);
    }
    // may / might / could result in, lead to: a consequence.
    if matches!(r.w(j), "result" | "lead") && matches!(r.w(j + 1), "in" | "to") {
        return Some(CueMatch::new(Consequence, false, j - i + 2));
    }
    // could, might, would: hypothetical ("a failure could cause harm").
    if matches!(word, "could" | "might" | "would") {
        return None;
    }
    if r.w(j) == "be" && r.w(j + 1) == "subject" && r.w(j + 2) == "to" {
        return Some(CueMatch::new(Consequence, false, j - i + 3));
    }
    if r.w(j) == "be" && matches!(r.w(j + 1), "prohibited" | "forbidden" | "banned") {
        return Some(CueMatch::new(Restriction, false, j - i + 2).passive());
    }
    let permissive = matches!(word, "may" | "can");
    // "can be unlocked", "may be updated": a capability or a passive
    // statement, not a permission — unless it is a use ("may be used").
    if permissive && r.w(j) == "be" {
        if !is_use_participle(r.w(j + 1)) {
            return None;
        }
        return Some(CueMatch::new(Permission, false, j - i + 2).passive());
    }
    if permissive && is_descriptive_verb(r.w(j)) {
        return None;
    }
    // "may use X only for / only with approval", "Only trained staff may
    // operate it": a restriction.
    if permissive && (only_follows(r, j) || r.w(0) == "only") {
        return Some(CueMatch::new(Restriction, false, j - i));
    }
    let m = match word {
        "must" | "shall" | "will" => Obligation,
        "may" | "can" => Permission,
        "should" => Hortatory,
        _ => return None,
    };
    // "must prevent anyone from using …", "will use reasonable efforts to
    // prevent …": a duty that the use not happen.
    if m == Obligation && prevents_use(r, j) {
        return Some(CueMatch::new(Restriction, false, j - i));
    }
    Some(CueMatch::new(m, false, j - i))
}

/// The verb at `j` (or after "use … efforts to") prevents something: "prevent
/// X from", "stop X from", "ensure that no one".
fn prevents_use(r: &Reader, j: usize) -> bool {
    let prevent = |k: usize| {
        matches!(
            r.w(k),
            "prevent" | "stop" | "prohibit" | "forbid" | "bar" | "block"
        ) && (k + 1..(k + 8).min(r.words.len())).any(|x| r.w(x) == "from")
    };
    if prevent(j) {
        return true;
    }
    // "use (commercially) reasonable / best efforts to prevent".
    r.w(j) == "use"
        && (j + 1..(j + 5).min(r.words.len()))
            .find(|&k| matches!(r.w(k), "efforts" | "endeavours" | "endeavors"))
            .is_some_and(|k| r.w(k + 1) == "to" && prevent(k + 2))
}

/// "only" at `j` or within the verb phrase after it ("may use the Model
/// for research only", "may deploy it … only with our prior approval"),
/// but not "not only … but also".
fn only_follows(r: &Reader, j: usize) -> bool {
    (j..(j + 15).min(r.words.len()))
        .take_while(|&k| k == j || !r.words[k].after_semicolon)
        .any(|k| r.w(k) == "only" && r.before(k) != "not")
}

/// A modal at `i` negated at `j`: a restriction, a disclaimer of
/// liability, or (for "may not be accurate") no cue at all.
fn negated_modal(r: &Reader, i: usize, j: usize) -> Option<CueMatch> {
    let k = j + 1;
    // "will not permit / allow anyone to": the subject refuses the object.
    if matches!(
        r.w(k),
        "permit" | "allow" | "authorise" | "authorize" | "tolerate" | "let"
    ) {
        return Some(CueMatch::new(Restriction, true, k - i + 1).binding_object());
    }
    // "shall not be liable / responsible": a disclaimer of liability.
    if r.w(k) == "be"
        && matches!(
            r.w(k + 1),
            "liable" | "responsible" | "obligated" | "required"
        )
    {
        return Some(CueMatch::new(Disclaimer, true, k - i + 2));
    }
    // "results may not be accurate": epistemic, not a ban. Only a passive
    // of use-verbs is a restriction — or, after "must" and "shall", any
    // passive ("individuals must not be tracked").
    let passive = r.w(k) == "be";
    let deontic = matches!(r.w(i), "must" | "shall") && is_participle(r.w(k + 1));
    if passive && !deontic && !is_use_participle(r.w(k + 1)) && !is_refusal_participle(r.w(k + 1)) {
        return None;
    }
    let m = match r.w(i) {
        "should" => Discouraged,
        "would" | "might" | "could" => return None,
        _ => Restriction,
    };
    if passive {
        Some(CueMatch::new(m, true, k - i + 2).passive())
    } else {
        Some(CueMatch::new(m, true, j - i + 1))
    }
}

/// A form of "be" at `i`: "is prohibited", "is not permitted", "is
/// required to", "is responsible for", "is encouraged to", "is not
/// designed for", …
fn copula(r: &Reader, i: usize) -> Option<CueMatch> {
    let j = r.skip_adverbs(i + 1);
    let neg = r.is_negation(j);
    let k = if neg { j + 1 } else { j };
    let (next, then) = (r.w(k), r.w(k + 1));
    let len = k - i + 1;
    if neg {
        return negated_copula(next, then, len);
    }
    if matches!(
        next,
        "prohibited" | "forbidden" | "banned" | "barred" | "disallowed" | "unacceptable"
    ) {
        return Some(CueMatch::new(Restriction, false, len).passive());
    }
    // "is available only to customers we have approved": a gate, which
    // makes access conditional (an obligation to qualify) rather than
    // forbidding a use.
    if matches!(
        next,
        "given" | "granted" | "available" | "provided" | "offered" | "open" | "reserved"
    ) && then == "only"
    {
        return Some(CueMatch::new(Obligation, false, len + 1).passive());
    }
    // "Use is limited to lawful purposes": restricts what it may be used for.
    if matches!(next, "limited" | "restricted" | "confined")
            && then == "to"
            // "shall not be limited to": the idiom, not a restriction.
            && r.before(i) != "not"
    {
        return Some(CueMatch::new(Restriction, false, len + 1).passive());
    }
    if matches!(next, "required" | "obligated" | "obliged" | "bound") && matches!(then, "to" | "by")
    {
        return Some(CueMatch::new(Obligation, false, len + 1));
    }
    if matches!(next, "responsible" | "liable")
        && (then == "for"
            || (matches!(then, "and" | "or") && matches!(r.w(k + 2), "responsible" | "liable")))
    {
        return Some(CueMatch::new(Obligation, false, len + 1));
    }
    if matches!(
        next,
        "permitted" | "allowed" | "authorized" | "authorised" | "entitled" | "free"
    ) && then == "to"
    {
        return Some(CueMatch::new(Permission, false, len + 1));
    }
    // "Use of the API for X is permitted.": a permission of what came
    // before, when nothing follows it.
    if matches!(next, "permitted" | "allowed" | "authorized" | "authorised")
        && ends_phrase(r, k + 1)
    {
        return Some(CueMatch::new(Permission, false, len).passive());
    }
    if matches!(
        next,
        "encouraged" | "expected" | "invited" | "asked" | "urged" | "recommended" | "requested"
    ) {
        // "is encouraged not to": urged not to.
        if r.is_negation(k + 1) {
            return Some(CueMatch::new(Discouraged, true, len + 1));
        }
        return Some(CueMatch::new(Hortatory, false, len));
    }
    if next == "subject" && then == "to" {
        return Some(CueMatch::new(Consequence, false, len + 1).passive());
    }
    if next == "committed" && then == "to" {
        return Some(CueMatch::new(Obligation, false, len + 1));
    }
    if next == "at" && (k + 1..(k + 5).min(r.words.len())).any(|x| r.w(x) == "risk") {
        return Some(CueMatch::new(Disclaimer, false, len));
    }
    None
}

/// Whether the phrase ends before word `k`: at the end of the clause, or
/// at a break ("…, provided that", "; and").
fn ends_phrase(r: &Reader, k: usize) -> bool {
    k >= r.words.len()
        || r.words[k].after_break
        || matches!(
            r.w(k),
            "only" | "provided" | "if" | "when" | "where" | "subject" | "unless"
        )
}

/// "is not" + `next`, `then`: a restriction ("is not permitted"), a
/// disclaimer ("is not designed for") or a lifted restriction ("is not
/// prohibited").
fn negated_copula(next: &str, then: &str, len: usize) -> Option<CueMatch> {
    if matches!(
        next,
        "permitted"
            | "allowed"
            | "authorized"
            | "authorised"
            | "licensed"
            | "to"
            | "tolerated"
            | "accepted"
            | "acceptable"
            | "welcome"
            | "condoned"
    ) {
        return Some(CueMatch::new(Restriction, true, len).passive());
    }
    if matches!(
        next,
        "designed"
            | "intended"
            | "suitable"
            | "certified"
            | "responsible"
            | "liable"
            | "obligated"
            | "obliged"
            | "bound"
            | "required"
    ) || (next == "a" && matches!(then, "substitute" | "replacement"))
    {
        return Some(CueMatch::new(Disclaimer, true, len));
    }
    if matches!(next, "prohibited" | "restricted" | "forbidden") {
        return Some(CueMatch::new(Permission, true, len).passive());
    }
    None
}

/// "agree(s) to", "undertake(s) to", "agree(s) not to", and "agrees:"
/// before a list of what is agreed.
fn undertaking(r: &Reader, i: usize) -> Option<CueMatch> {
    let j = r.skip_adverbs(i + 1);
    if r.is_negation(j) && r.w(j + 1) == "to" {
        return Some(CueMatch::new(Restriction, true, j - i + 2));
    }
    let lead_in = j >= r.words.len() || r.words[j].after_break && r.w(j) != "that";
    (r.w(j) == "to" || lead_in)
        .then(|| CueMatch::new(Obligation, false, (j - i + 1).min(r.words.len() - i)))
}

/// "not to …" opening an item (after its enumerator): the item is a
/// restriction under its lead-in ("You agree: (i) not to resell …").
fn item_negation(r: &Reader, i: usize) -> Option<CueMatch> {
    let opens = i == 0 || i == 1 && r.w(0).len() <= 4 && r.words[1].after_break;
    (opens && r.w(i + 1) == "to").then(|| CueMatch::new(Restriction, true, 2))
}

/// "Nothing in this Agreement prohibits/limits X": lifts a restriction;
/// "Nothing in these Terms requires X to": lifts a duty.
fn nothing_prohibits(r: &Reader, i: usize) -> Option<CueMatch> {
    let end = (i + 10).min(r.words.len());
    (i + 1..end).find_map(|k| {
        let m = match r.w(k) {
            "prohibits" | "prohibit" | "restricts" | "restrict" | "limits" | "limit"
            | "prevents" | "prevent" | "precludes" | "preclude" | "bars" | "forbids" | "stops"
            | "stop" => Permission,
            "requires" | "require" | "obliges" | "oblige" | "obligates" | "obligate"
            | "compels" | "compel" => Disclaimer,
            _ => return None,
        };
        Some(CueMatch::new(m, true, k - i + 1).binding_object())
    })
}

/// "reserves the right", "has sole discretion", "has the right", "has to",
/// "needs to".
fn right_or_need(r: &Reader, i: usize) -> Option<CueMatch> {
    let word = r.w(i);
    let reserves = matches!(word, "reserve" | "reserves" | "retain" | "retains");
    let has = matches!(word, "has" | "have");
    if reserves && r.w(i + 1) == "the" && matches!(r.w(i + 2), "right" | "rights") {
        return Some(CueMatch::new(Permission, false, 3));
    }
    // "retains full discretion to", "has sole discretion to".
    if (reserves || has)
        && (matches!(
            r.w(i + 1),
            "full" | "sole" | "absolute" | "complete" | "the"
        ) && r.w(i + 2) == "discretion"
            || r.w(i + 1) == "discretion")
    {
        let len = if r.w(i + 1) == "discretion" { 2 } else { 3 };
        return Some(CueMatch::new(Permission, false, len));
    }
    if has && r.w(i + 1) == "the" && r.w(i + 2) == "right" {
        return Some(CueMatch::new(Permission, false, 3));
    }
    if !reserves && r.w(i + 1) == "to" {
        return Some(CueMatch::new(Obligation, false, 2));
    }
    None
}

/// Verbs that urge, hope or aim: encourage, recommend, expect, strive,
/// seek to, try to, …
fn hortatory_verb(r: &Reader, i: usize) -> Option<CueMatch> {
    let word = r.w(i);
    let needs_to = matches!(
        word,
        "aim" | "aims" | "seek" | "seeks" | "try" | "tries" | "attempt" | "attempts"
    );
    if needs_to && r.w(i + 1) != "to" {
        return None;
    }
    // "we ask that you …", "asks Customer to …", but not "ask a question".
    if matches!(word, "ask" | "asks") && !asks_for_conduct(r, i) {
        return None;
    }
    // "we try to", "Provider will seek to" — but not "to attempt to
    // identify" or "or attempt to circumvent" in a list of prohibited acts.
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
    if tentative && (i == 0 || matches!(r.before(i), "to" | "or" | "and" | "not" | "nor")) {
        return None;
    }
    // "please see / refer to / visit": a pointer, not a request.
    if word == "please"
        && matches!(
            r.w(i + 1),
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
    let urges = matches!(
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
            | "ask"
            | "asks"
            | "hope"
            | "hopes"
    );
    // "asks that you not", "expects Customer not to", "hopes that you will
    // not": urged not to.
    let (modality, negated) = if negation_follows(r, i + 1) {
        (Discouraged, true)
    } else {
        (Hortatory, false)
    };
    let cue = CueMatch::new(modality, negated, 1);
    Some(if urges { cue.binding_object() } else { cue })
}

/// "ask" is hortatory when it asks for conduct: "ask that …", "ask(s)
/// <someone> (not) to …".
fn asks_for_conduct(r: &Reader, i: usize) -> bool {
    r.w(i + 1) == "that"
        || (i + 2..(i + 6).min(r.words.len())).any(|k| {
            r.w(k) == "to" && !r.words[k].after_break || r.w(k) == "not" && r.w(k + 1) == "to"
        })
}

/// A negation of what is urged, within the next few words of the phrase:
/// "that you not", "Customer not to", "that you will not".
fn negation_follows(r: &Reader, from: usize) -> bool {
    (from..(from + 6).min(r.words.len()))
        .take_while(|&k| k == from || !r.words[k].after_break)
        .any(|k| matches!(r.w(k), "not" | "never") && !r.is_negation_idiom(k))
}

/// "permits Customer to", "authorises you to", "allows users to", "grants
/// Customer the right to": a permission for the party named after it.
fn grant(r: &Reader, i: usize) -> Option<CueMatch> {
    let word = r.w(i);
    let window = (i + 1..(i + 8).min(r.words.len())).take_while(|&k| !r.words[k].after_break);
    let mut to = None;
    for k in window {
        if matches!(word, "grant" | "grants") {
            // "grants Customer the right to", "grants you a licence to".
            if matches!(
                r.w(k),
                "right" | "rights" | "licence" | "license" | "permission"
            ) && r.w(k + 1) == "to"
            {
                to = Some(k + 1);
                break;
            }
        } else if r.w(k) == "to" {
            to = Some(k);
            break;
        }
    }
    let to = to?;
    let cue = CueMatch::new(Permission, false, to - i + 1).binding_object();
    Some(CueMatch { grant: true, ..cue })
}

/// "represents and warrants that", "warrants that": a promise binding its
/// subject.
fn warranty(r: &Reader, i: usize) -> Option<CueMatch> {
    let mut k = i + 1;
    if matches!(r.w(k), "and" | "or")
        && matches!(
            r.w(k + 1),
            "warrants" | "warrant" | "represents" | "represent" | "covenants" | "undertakes"
        )
    {
        k += 2;
    }
    (r.w(k) == "that").then(|| CueMatch::new(Obligation, false, k - i + 1))
}

/// "at your own risk", "at its sole risk", "at Customer's own risk".
fn own_risk(r: &Reader, i: usize) -> bool {
    let owner = r.w(i + 1);
    let owned = matches!(owner, "your" | "its" | "their" | "his" | "her" | "one's")
        || owner.ends_with("'s");
    owned && (matches!(r.w(i + 2), "own" | "sole") && r.w(i + 3) == "risk" || r.w(i + 2) == "risk")
}

/// "ensure(s)" as the main verb; after a modal or "to", the modal or the
/// purpose decides.
fn ensure(r: &Reader, i: usize) -> Option<CueMatch> {
    let governed = matches!(
        r.before(i),
        "must" | "shall" | "will" | "should" | "may" | "can" | "to" | "not" | "also" | "and" | "or"
    );
    (!governed).then(|| CueMatch::new(Obligation, false, 1))
}

/// "in no event", "under no circumstances": a restriction, or a disclaimer
/// when liability follows.
fn in_no_event(r: &Reader, i: usize) -> Option<CueMatch> {
    if r.w(i + 1) != "no"
        || !matches!(
            r.w(i + 2),
            "circumstances" | "circumstance" | "event" | "case"
        )
    {
        return None;
    }
    let modal = matches!(
        r.w(i + 3),
        "may" | "shall" | "will" | "can" | "must" | "should"
    );
    let len = if modal { 4 } else { 3 };
    let liability = (i + 3..(i + 12).min(r.words.len()))
        .any(|k| matches!(r.w(k), "liable" | "liability" | "responsible"));
    let m = if liability { Disclaimer } else { Restriction };
    Some(CueMatch::new(m, true, len))
}

/// "no obligation" (a disclaimer); "No Customer may …", "neither Customer
/// nor its users shall …" (a restriction).
fn no_party(r: &Reader, i: usize) -> Option<CueMatch> {
    let duty = |w: &str| matches!(w, "obligation" | "duty" | "responsibility" | "liability");
    if duty(r.w(i + 1)) || (r.w(i + 1) == "other" && duty(r.w(i + 2))) {
        return Some(CueMatch::new(Disclaimer, true, 2));
    }
    let end = (i + 11).min(r.words.len());
    (i + 1..end)
        .take_while(|&k| k == i + 1 || !r.words[k].after_break)
        .find(|&k| matches!(r.w(k), "may" | "shall" | "will" | "can" | "must"))
        .map(|k| CueMatch::new(Restriction, true, k - i + 1))
}

/// A past participle: a word in "-ed" or "-en", or a common irregular one.
fn is_participle(w: &str) -> bool {
    (w.len() > 4 && (w.ends_with("ed") || w.ends_with("en")))
        || matches!(
            w,
            "made"
                | "done"
                | "built"
                | "held"
                | "kept"
                | "sold"
                | "shown"
                | "seen"
                | "known"
                | "given"
                | "taken"
                | "put"
                | "run"
                | "set"
                | "sent"
                | "shared"
                | "used"
                | "stored"
                | "told"
                | "brought"
                | "bought"
                | "found"
                | "led"
                | "left"
                | "lost"
                | "met"
                | "paid"
                | "read"
                | "said"
                | "spent"
                | "taught"
                | "thought"
                | "understood"
                | "won"
                | "written"
        )
}

/// Verbs whose negated passive refuses what came before: "… will not be
/// tolerated", "… is not accepted".
fn is_refusal_participle(w: &str) -> bool {
    matches!(
        w,
        "tolerated"
            | "accepted"
            | "permitted"
            | "allowed"
            | "authorized"
            | "authorised"
            | "condoned"
    )
}

/// Verbs whose passive after "may not be" / "will not be" restricts use.
pub(crate) fn is_use_participle(w: &str) -> bool {
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

/// After "do not" / "does not" (`len` words from `i`): allow/permit/
/// tolerate forbid the object (the provider disallows, the customer is
/// bound); prohibit/restrict lift a restriction; anything else is a plain
/// restriction on the subject.
fn verb_after_not(r: &Reader, i: usize, len: usize) -> Option<CueMatch> {
    match r.w(i + len) {
        "allow" | "permit" | "tolerate" | "authorize" | "authorise" | "condone" | "accept"
        | "support" | "license" => Some(CueMatch::new(Restriction, true, len + 1).binding_object()),
        "prohibit" | "restrict" | "limit" | "prevent" | "preclude" | "forbid" | "bar" => {
            Some(CueMatch::new(Permission, true, len + 1).binding_object())
        }
        "apply" | "include" | "constitute" | "mean" | "guarantee" | "warrant" | "represent"
        | "endorse" | "have" | "need" | "require" | "know" | "control" | "monitor" | "review"
        | "own" | "assume" | "affect" => None,
        _ => Some(CueMatch::new(Restriction, true, len)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
