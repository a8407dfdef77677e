//! Clause anatomy: a clause's words, its modal cues (what it obliges,
//! forbids, permits or merely hopes for), their negation, the party each
//! binds, and which cue governs a given word.
//!
//! Generic English legal drafting, not knowledge of any concept: rules say
//! which modality and party they need; this module reads them. The parts
//! are the tokenizer (`words`), the cue classifier (`cues`), the phrase
//! finder (`phrases`) and the party names (`roles`).

use std::cell::OnceCell;
use std::ops::Range;

use serde::Serialize;

use crate::packs::Modality;

use super::cues::{Binds, Voice, classify};
use super::phrases::{self, Phrases};
use super::roles::{PartyRole, Roles};
pub use super::words::{Word, words};

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
            if let Some(m) =
                classify(&words, i).filter(|m| !m.grant || granted_by_party(&words, i, roles))
            {
                let end = (i + m.len).min(n);
                let span = words[i].range.start..words[end - 1].range.end;
                cues.push(Cue {
                    modality: m.modality,
                    negated: m.negated,
                    words: i..end,
                    span,
                    party: PartyRole::Unknown,
                    party_span: None,
                    subordinate: false,
                    passive: m.voice == Voice::Passive,
                });
                let idx = cues.len() - 1;
                resolve_party(&words, &mut cues, idx, m.binds, roles);
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
        // Not a cue inside an aside that opens after the object: "spyware
        // (tools for research are acceptable)".
        let after = self.cues.iter().find(|c| {
            c.words.start >= at
                && !c.subordinate
                && (c.passive || c.modality == Modality::Consequence)
                && !(at + 1..=c.words.start.min(self.words.len().saturating_sub(1)))
                    .any(|k| self.words[k].after_paren)
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
        Phrases::find(&self.words, &self.cues, text)
    }

    /// Whether two byte offsets of the clause lie in the same coordinated item.
    pub fn same_item(&self, a: usize, b: usize) -> bool {
        let items = self.items.get_or_init(|| phrases::items(&self.words));
        let item = |o: usize| {
            items
                .get(self.word_at(o).min(items.len().saturating_sub(1)))
                .copied()
        };
        item(a) == item(b)
    }

    /// Whether a qualifier at byte offset `q` governs the coordinated item
    /// holding `anchor`: it lies in the same item; or it is an aside set
    /// off before the coordination ("use the Model, in violation of law,
    /// to predict … or to inform …"); or it is a phrase trailing the last
    /// item ("to create deepfakes, or to impersonate anyone in violation
    /// of law"). An adjective ("for weapons or illegal purposes") governs
    /// only its own item.
    pub fn governs_item(&self, q: usize, anchor: usize) -> bool {
        if self.same_item(q, anchor) {
            return true;
        }
        let items = self.items.get_or_init(|| phrases::items(&self.words));
        let (qw, aw) = (self.word_at(q), self.word_at(anchor));
        let (Some(&qi), Some(&ai)) = (items.get(qw), items.get(aw)) else {
            return false;
        };
        let Some(word) = self.words.get(qw) else {
            return false;
        };
        let phrase = matches!(
            word.lower.as_ref(),
            "in" | "contrary"
                | "where"
                | "that"
                | "which"
                | "unless"
                | "except"
                | "otherwise"
                | "violating"
                | "prohibited"
                | "not"
                | "unlawfully"
                | "illegally"
        );
        let aside_before = qi < ai && word.after_break && phrase;
        let last = items.last().copied().unwrap_or(0);
        let item_start = items.partition_point(|&i| i < qi);
        let trailing = qi > ai && qi == last && qw > item_start + 1 && phrase;
        aside_before || trailing
    }

    /// Number of words between two byte offsets of the clause.
    pub fn distance(&self, a: usize, b: usize) -> usize {
        let (x, y) = (self.word_at(a.min(b)), self.word_at(a.max(b)));
        y - x
    }
}

/// Words naming the document itself, which grants what it permits ("These
/// Terms grant you …").
const DOCUMENT_WORDS: &[&str] = &[
    "terms",
    "agreement",
    "license",
    "licence",
    "policy",
    "section",
    "addendum",
    "schedule",
    "contract",
    "conditions",
    "it",
];

/// Whether the grant verb at word `i` has a party or the document as its
/// subject ("Licensor permits", "This License grants"), or none at all.
fn granted_by_party(words: &[Word], i: usize, roles: &Roles) -> bool {
    let mut k = i;
    // "Licensor hereby grants", "we also permit".
    while k > 0
        && !words[k].after_break
        && matches!(
            words[k - 1].lower.as_ref(),
            "hereby" | "also" | "expressly" | "further" | "additionally"
        )
    {
        k -= 1;
    }
    if k == 0 || words[k].after_break {
        return true;
    }
    DOCUMENT_WORDS.contains(&words[k - 1].lower.as_ref())
        || roles
            .role_ending_at(words, k - 1)
            .is_some_and(|(role, _)| matches!(role, PartyRole::Provider | PartyRole::Both))
}

/// Finds who a cue binds: the subject before it (or, for "we do not allow",
/// "we require you", the party after it), else the previous cue's party.
fn resolve_party(words: &[Word], cues: &mut [Cue], idx: usize, binds: Binds, roles: &Roles) {
    let flip = binds == Binds::Object;
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
        roles.subject_before(words, start)
    };
    let object = roles.party_after(words, end);
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
    } else if let Some(s) = subject.clone() {
        s
    } else if cues[idx].passive {
        (PartyRole::Unknown, None)
    } else if idx > 0 && !cues[idx - 1].subordinate {
        (cues[idx - 1].party, cues[idx - 1].party_span.clone())
    } else {
        (PartyRole::Unknown, None)
    };
    // The subject, or the one the cue shares with the cue before it ("X
    // must not …, and may not permit others …").
    let subject_role = subject
        .as_ref()
        .map(|s| s.0)
        .or_else(|| (idx > 0 && !cues[idx - 1].subordinate).then(|| cues[idx - 1].party));
    cues[idx].party = if flip
        && modality_of_flip == Modality::Restriction
        && subject_role == Some(PartyRole::Customer)
    {
        // "Customer may not permit others to …" binds the customer.
        PartyRole::Customer
    } else if flip && party == PartyRole::Provider && modality_of_flip != Modality::Permission {
        // "We may require Customer to …": the obligation binds the object.
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
            // "Content that may mislead people is prohibited": a passive
            // cue after a relative clause in its subject is the sentence's
            // main verb, when no main cue came before it and the sentence
            // does not open with the subordinator ("If X is prohibited").
            // ("activities that are subject to …": a relative pronoun right
            // before the cue makes it the relative clause's own verb.)
            let main_passive = cues[idx].passive
                && k > 0
                && k + 1 < start
                && !matches!(
                    lw,
                    "if" | "unless"
                        | "whether"
                        | "when"
                        | "whenever"
                        | "although"
                        | "though"
                        | "because"
                        | "while"
                        | "until"
                )
                && cues[..idx].iter().all(|c| c.subordinate);
            return !main_passive;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

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

#[cfg(test)]
mod modality_lexicon_tests {
    use super::*;
    use Modality::*;
    use PartyRole::*;

    fn governing(s: &str, object: &str) -> Option<(Modality, PartyRole)> {
        let roles = Roles::default();
        let lower = s.to_ascii_lowercase();
        let a = ClauseAnatomy::analyse(s, &lower, 0..s.len(), &roles);
        a.governing(s.find(object).unwrap())
            .map(|c| (c.modality, c.party))
    }

    #[test]
    fn urging_not_to_is_discouraging() {
        for s in [
            "Customer is encouraged not to use the API for surveillance",
            "We ask that you not use the API for surveillance",
            "We strongly recommend that Customer not use the API for surveillance",
            "The provider hopes that you will not use the API for surveillance",
            "We expect customers not to use the API for surveillance",
        ] {
            assert_eq!(
                governing(s, "surveillance"),
                Some((Discouraged, Customer)),
                "{s}"
            );
        }
        assert_eq!(
            governing("We ask that you report misuse to us", "report"),
            Some((Hortatory, Customer))
        );
        // Asking a question is no request for conduct.
        assert_eq!(
            governing("You may ask us about misuse", "misuse"),
            Some((Permission, Customer))
        );
    }

    #[test]
    fn grants_by_a_party_or_the_document_permit() {
        for s in [
            "We permit Customer to use the API for surveillance",
            "Provider authorises you to use the API for surveillance",
            "These Terms grant you the right to use the API for surveillance",
            "Licensor hereby allows users to use the API for surveillance",
        ] {
            assert_eq!(
                governing(s, "surveillance"),
                Some((Permission, Customer)),
                "{s}"
            );
        }
        // A product that allows something describes what it does.
        assert_eq!(
            governing("The API allows you to detect faces in photos", "faces"),
            None
        );
        assert_eq!(
            governing(
                "Use of the API for surveillance is permitted.",
                "surveillance"
            )
            .map(|m| m.0),
            Some(Permission)
        );
        // "not only … but also" is no restriction to one purpose.
        assert_eq!(
            governing(
                "You may use the API not only for research but also for surveillance",
                "surveillance"
            ),
            Some((Permission, Customer))
        );
        assert_eq!(
            governing(
                "You may use the Model to build profiles of people only with our prior written approval",
                "profiles"
            ),
            Some((Restriction, Customer))
        );
    }

    #[test]
    fn refusals_and_lifted_duties() {
        for s in [
            "Surveillance of individuals is not tolerated.",
            "Surveillance of individuals will not be tolerated.",
            "Surveillance of individuals is not welcome on this service.",
        ] {
            assert_eq!(
                governing(s, "Surveillance").map(|m| m.0),
                Some(Restriction),
                "{s}"
            );
        }
        assert_eq!(
            governing(
                "Nothing in these Terms requires Customer to report misuse",
                "report"
            ),
            Some((Disclaimer, Customer))
        );
        assert_eq!(
            governing("Acme is not obliged to notify users of demands", "notify").map(|m| m.0),
            Some(Disclaimer)
        );
        assert_eq!(
            governing(
                "We will not permit anyone to use the API for surveillance",
                "surveillance"
            ),
            Some((Restriction, ThirdParty))
        );
    }

    #[test]
    fn a_passive_after_a_relative_clause_is_the_main_verb() {
        assert_eq!(
            governing(
                "Using the API to run systems whose failure could cause death is prohibited.",
                "systems"
            )
            .map(|m| m.0),
            Some(Restriction)
        );
        // Inside a relative clause after the main verb it governs nothing.
        assert_eq!(
            governing(
                "You must not upload content that is prohibited by law",
                "content"
            ),
            Some((Restriction, Customer))
        );
    }

    #[test]
    fn adverbs_and_warranties() {
        assert_eq!(
            governing(
                "Customer is fully responsible for notifying us of misuse",
                "notifying"
            ),
            Some((Obligation, Customer))
        );
        assert_eq!(
            governing(
                "Partner represents and warrants that Partner will report misuse",
                "report"
            ),
            Some((Obligation, Customer))
        );
    }
}
