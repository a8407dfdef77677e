//! Judgement: for every concept rule, which clauses express it, under which
//! modality and for which party, with which weakening features; the
//! strongest clause decides the concept's status. Permitted rules report
//! clauses that permit a watched use.
//!
//! Everything here is driven by the compiled packs; no concept is named in
//! this code.

pub mod anatomy;
mod cues;
mod phrases;
pub mod roles;
mod words;

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use serde::Serialize;

use crate::document::{ClauseKind, Document, TermUse};
use crate::matching::Matcher;
use crate::packs::{
    Definitions, Modality, Packs, PartyRequirement, Pattern, Position, Rule, RuleType, Trigger,
};

use anatomy::{ClauseAnatomy, Cue};
use phrases::Phrases;
use roles::{PartyRole, Roles};

/// A concept's status in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Present,
    Weak,
    Missing,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Present => "present",
            Status::Weak => "weak",
            Status::Missing => "missing",
        }
    }
}

/// A weakening feature found on a clause, at the words that carry it.
#[derive(Debug, Clone)]
pub struct FoundFeature {
    /// Index into [`Packs::features`].
    pub feature: usize,
    /// Byte range of the normalised text.
    pub span: Range<usize>,
}

/// Where the modality of a clause came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CueSource {
    Clause,
    LeadIn,
    Heading,
    None,
}

/// How one clause expresses a concept.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub clause: usize,
    /// The anchor term (the clause's object for this concept).
    pub anchor: Range<usize>,
    pub modality: Modality,
    pub cue: Option<Cue>,
    pub cue_source: CueSource,
    /// Clause holding the cue (the clause itself, a lead-in or a heading).
    pub cue_clause: Option<usize>,
    pub features: Vec<FoundFeature>,
    /// Conditions, hedges, qualifiers and consequences in the clause (for
    /// the reported evidence only; empty on other verdicts).
    pub phrases: Phrases,
}

impl Verdict {
    /// A clause's verdict from its reading, its phrases left for the
    /// evidence to fill.
    fn read(
        clause: usize,
        anchor: Range<usize>,
        reading: Reading,
        features: Vec<FoundFeature>,
    ) -> Verdict {
        Verdict {
            clause,
            anchor,
            modality: reading.modality,
            cue: reading.cue,
            cue_source: reading.source,
            cue_clause: reading.clause,
            features,
            phrases: Phrases::default(),
        }
    }

    fn strength(&self) -> (usize, usize) {
        (self.features.len(), self.clause)
    }
}

#[derive(Debug, Clone)]
pub struct ConceptJudgement {
    pub rule: usize,
    pub status: Status,
    /// The deciding clause first, then other clauses that count.
    pub evidence: Vec<Verdict>,
}

/// A clause that permits a use a watched concept restricts.
#[derive(Debug, Clone)]
pub struct Permitted {
    pub rule: usize,
    pub concept: usize,
    pub verdict: Verdict,
}

/// Why a candidate clause did or did not count for a traced rule.
#[derive(Debug, Clone)]
pub struct TraceEntry {
    pub rule: usize,
    pub pattern: usize,
    pub clause: usize,
    pub anchor: Range<usize>,
    pub outcome: String,
}

#[derive(Debug)]
pub struct Judgement {
    /// Decisions on candidate clauses of the traced rule, if one was asked for.
    pub trace: Vec<TraceEntry>,
    /// One entry per concept rule, in rule order.
    pub concepts: Vec<ConceptJudgement>,
    pub permitted: Vec<Permitted>,
    pub roles: Roles,
}

impl Judgement {
    pub fn concept(&self, rule: usize) -> Option<&ConceptJudgement> {
        self.concepts.iter().find(|c| c.rule == rule)
    }
}

const MAX_EVIDENCE: usize = 4;

/// The MAX_EVIDENCE strongest verdict strengths so far, one per clause.
#[derive(Default)]
struct Strongest(Vec<(usize, usize)>);

impl Strongest {
    /// Whether a verdict of this strength could be among the strongest.
    fn may_enter(&self, strength: (usize, usize)) -> bool {
        self.0.len() < MAX_EVIDENCE || strength < self.0[MAX_EVIDENCE - 1]
    }

    /// A clause's best strength went from `previous` to `now`.
    fn replace(&mut self, previous: Option<(usize, usize)>, now: (usize, usize)) {
        if let Some(p) = previous {
            self.0.retain(|&s| s != p);
        }
        let at = self.0.partition_point(|&s| s < now);
        self.0.insert(at, now);
        self.0.truncate(MAX_EVIDENCE);
    }
}

/// Judges a parsed document against every loaded rule, asking `matcher`
/// (over the document's term hits) where each group occurs.
pub fn judge(
    doc: &Document,
    matcher: &Matcher,
    packs: &Packs,
    applies: &dyn Fn(&Rule) -> bool,
    trace: Option<usize>,
) -> Judgement {
    let roles = Roles::for_document(doc);
    let lower = doc.text.as_str().to_ascii_lowercase();
    let mut j = Judge {
        lower: &lower,
        occurrences: Vec::new(),
        m: matcher,
        roles: &roles,
        anatomy_of: vec![NO_ANATOMY; doc.clauses.len()],
        anatomies: Vec::new(),
        statuses: vec![None; packs.rules.len()],
        weak_features: vec![Vec::new(); packs.rules.len()],
        current_rule: None,
        permissions: HashMap::new(),
        trace_rule: trace,
        trace: Vec::new(),
        current_pattern: 0,
        clause_class: vec![Cell::new(ClauseClass::Unknown); doc.clauses.len()],
    };
    let mut concepts = Vec::new();
    for &r in &packs.eval_order {
        let rule = &packs.rules[r];
        let judgement = if applies(rule) {
            j.concept(r)
        } else {
            ConceptJudgement {
                rule: r,
                status: Status::Missing,
                evidence: Vec::new(),
            }
        };
        j.statuses[r] = Some(judgement.status);
        if let Some(v) = judgement.evidence.first() {
            j.weak_features[r] = v.features.iter().map(|f| f.feature).collect();
        }
        concepts.push(judgement);
    }
    concepts.sort_by_key(|c| c.rule);
    let mut permitted = Vec::new();
    for (r, rule) in packs.rules.iter().enumerate() {
        if rule.rule_type == RuleType::Permitted && applies(rule) {
            permitted.extend(j.permitted(r));
        }
    }
    let trace = std::mem::take(&mut j.trace);
    drop(j);
    Judgement {
        trace,
        concepts,
        permitted,
        roles,
    }
}

const NO_ANATOMY: u32 = u32::MAX;

struct Judge<'a> {
    m: &'a Matcher<'a>,
    roles: &'a Roles,
    /// Each clause's anatomy, computed on first use: its index in
    /// `anatomies`, or `NO_ANATOMY`. (A fifth of the clauses are analysed;
    /// an `Option` for every clause made a check allocate, clear and drop
    /// 72 bytes a clause.)
    anatomy_of: Vec<u32>,
    anatomies: Vec<ClauseAnatomy<'a>>,
    /// A buffer for a pattern's other groups' occurrences (`pattern_holds`).
    occurrences: Vec<Range<usize>>,
    /// The document's text with its ASCII letters in lower case: the
    /// anatomy's words are slices of it.
    lower: &'a str,
    statuses: Vec<Option<Status>>,
    /// The features of each decided concept's deciding clause.
    weak_features: Vec<Vec<usize>>,
    /// The concept rule being judged (for `permitted-elsewhere`).
    current_rule: Option<usize>,
    current_pattern: usize,
    trace_rule: Option<usize>,
    trace: Vec<TraceEntry>,
    permissions: HashMap<usize, Vec<(usize, Range<usize>)>>,
    /// What each clause is, for candidate filtering; computed on first use.
    clause_class: Vec<Cell<ClauseClass>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClauseClass {
    Unknown,
    /// A heading or a table-of-contents line: never a candidate.
    NotProse,
    Definition,
    Prose,
}

/// The modality a clause has for an object, and where it came from.
struct Reading {
    modality: Modality,
    cue: Option<Cue>,
    source: CueSource,
    clause: Option<usize>,
}

/// A table-of-contents line: a few words ending in a page number or dot leaders.
fn is_contents_entry(text: &str) -> bool {
    let t = text.trim_end();
    // The cheap tests first: this runs on every candidate clause.
    !t.ends_with(['.', ';', ':', '!', '?'])
        && (t.ends_with(|c: char| c.is_ascii_digit()) || t.contains("...") || t.contains("…"))
        && text.split_whitespace().take(11).count() <= 10
}

/// A definition (`"Term" means …`): it names a thing, it does not bind.
fn is_definition(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| {
        c.is_ascii_digit() || c == '.' || c == '(' || c == ')' || c.is_whitespace()
    });
    let t = t.trim_start_matches(['*', '_']);
    let Some(open) = t
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '“' | '\'' | '‘'))
    else {
        return false;
    };
    let rest = &t[open.len_utf8()..];
    let Some(close) = rest.find(['"', '”', '\'', '’']) else {
        return false;
    };
    if close > 80 {
        return false;
    }
    let after = rest[close..]
        .trim_start_matches(['"', '”', '\'', '’', '*', '_', ' ', ')'])
        .to_ascii_lowercase();
    [
        "means",
        "shall mean",
        "refers to",
        "is defined",
        "has the meaning",
        "or \"",
        "and \"",
        "(or",
    ]
    .iter()
    .any(|m| after.starts_with(m))
}

/// Heading words that make bare list items under them permissions.
const PERMISSIVE_HEADING_WORDS: &[&str] = &[
    "permitted",
    "allowed",
    "authorized",
    "authorised",
    "licensed",
];

/// Heading words that make bare list items under them restrictions.
const RESTRICTIVE_HEADING_WORDS: &[&str] = &[
    "prohibited",
    "prohibitions",
    "prohibit",
    "restrictions",
    "restricted",
    "forbidden",
    "unacceptable",
    "limitations",
    "don't",
    "dont",
    "not",
    "never",
    "disallowed",
];

impl<'a> Judge<'a> {
    fn anatomy(&mut self, clause: usize) -> &ClauseAnatomy<'a> {
        if self.anatomy_of[clause] == NO_ANATOMY {
            let doc = self.m.doc;
            self.anatomy_of[clause] = self.anatomies.len() as u32;
            self.anatomies.push(ClauseAnatomy::analyse(
                doc.text.as_str(),
                self.lower,
                doc.clauses[clause].text.clone(),
                self.roles,
            ));
        }
        &self.anatomies[self.anatomy_of[clause] as usize]
    }

    /// The modality governing an object at `offset` in `clause`: the
    /// clause's own cue, else its lead-in's, else a restrictive heading. A
    /// definition is read where its term is used ("… must not use the API
    /// for a Restricted Purpose").
    fn reading(&mut self, clause: usize, offset: usize) -> Reading {
        match self.used_where(clause) {
            Some(used) => self.own_reading(used.clause, used.span.start),
            None => self.own_reading(clause, offset),
        }
    }

    /// Where the term a definition clause defines is used, when the current
    /// rule reads definitions there.
    fn used_where(&self, clause: usize) -> Option<TermUse> {
        let where_used = self
            .current_rule
            .is_some_and(|r| self.m.packs.rules[r].definitions == Definitions::WhereUsed);
        let used = self.m.doc.clauses[clause].term_use.clone()?;
        (where_used
            && self.clause_class(clause) == ClauseClass::Definition
            && self.clause_class(used.clause) != ClauseClass::Definition)
            .then_some(used)
    }

    /// `reading` of a clause's own words.
    fn own_reading(&mut self, clause: usize, offset: usize) -> Reading {
        if let Some(mut cue) = self.anatomy(clause).governing(offset).cloned() {
            // A list item's verb ("- be responsible for …") takes its
            // subject from the lead-in ("Customer shall:").
            if cue.party == PartyRole::Unknown && !cue.passive {
                let mut lead = self.m.doc.clauses[clause].lead_in;
                let mut steps = 0;
                while let Some(l) = lead {
                    steps += 1;
                    if steps > 8 {
                        break;
                    }
                    if let Some(c) = self.anatomy(l).lead_in_cue()
                        && c.party != PartyRole::Unknown
                    {
                        cue.party = c.party;
                        break;
                    }
                    lead = self.m.doc.clauses[l].lead_in;
                }
            }
            return Reading {
                modality: cue.modality,
                cue: Some(cue),
                source: CueSource::Clause,
                clause: Some(clause),
            };
        }
        let mut lead = self.m.doc.clauses[clause].lead_in;
        let mut steps = 0;
        while let Some(l) = lead {
            if steps > 8 {
                break;
            }
            steps += 1;
            if let Some(cue) = self.anatomy(l).lead_in_cue().cloned() {
                return Reading {
                    modality: cue.modality,
                    cue: Some(cue),
                    source: CueSource::LeadIn,
                    clause: Some(l),
                };
            }
            lead = self.m.doc.clauses[l].lead_in;
        }
        let in_list = self.m.doc.clauses[clause].kind == ClauseKind::ListItem;
        let heading_modality = |words: &[anatomy::Word]| -> Option<(Modality, Range<usize>)> {
            for w in words {
                if RESTRICTIVE_HEADING_WORDS.contains(&w.lower.as_ref()) {
                    return Some((Modality::Restriction, w.range.clone()));
                }
            }
            for w in words {
                if PERMISSIVE_HEADING_WORDS.contains(&w.lower.as_ref()) {
                    return Some((Modality::Permission, w.range.clone()));
                }
            }
            None
        };
        if in_list || self.anatomy(clause).cues.iter().all(|c| c.subordinate) {
            let headings: Vec<usize> = self
                .m
                .doc
                .heading_path(self.m.doc.clauses[clause].section)
                .collect();
            for h in headings {
                let found = heading_modality(&self.anatomy(h).words);
                if let Some((modality, span)) = found {
                    return Reading {
                        modality,
                        cue: Some(Cue {
                            modality,
                            negated: false,
                            words: 0..0,
                            span,
                            party: PartyRole::Unknown,
                            party_span: None,
                            subordinate: false,
                            passive: true,
                        }),
                        source: CueSource::Heading,
                        clause: Some(h),
                    };
                }
            }
        }
        // An imperative sentence ("Notify us of …", "And report …") binds
        // the reader: the object is its first word.
        if !in_list && self.m.doc.clauses[clause].kind == ClauseKind::Sentence {
            let doc = self.m.doc;
            let a = self.anatomy(clause);
            let first = a.words.iter().position(|w| {
                !matches!(
                    w.lower.as_ref(),
                    "and" | "also" | "then" | "finally" | "additionally" | "always"
                )
            });
            if let Some(f) = first {
                let w = &a.words[f];
                // "Questions about … can be sent to …": a plural noun heads a
                // statement; an imperative verb has its base form.
                let l = w.lower.as_ref();
                let plural =
                    l.len() > 3 && l.ends_with('s') && !l.ends_with("ss") && !l.ends_with("us");
                let at_object = w.range.start <= offset && offset < w.range.end && !plural;
                let lower_case = doc.text.as_str()[w.range.clone()]
                    .starts_with(|c: char| c.is_lowercase())
                    || f == 0;
                if at_object && lower_case && a.cues.iter().all(|c| c.words.start > f) {
                    let span = w.range.clone();
                    return Reading {
                        modality: Modality::Obligation,
                        cue: Some(Cue {
                            modality: Modality::Obligation,
                            negated: false,
                            words: f..f + 1,
                            span,
                            party: PartyRole::Customer,
                            party_span: None,
                            subordinate: false,
                            passive: false,
                        }),
                        source: CueSource::Clause,
                        clause: Some(clause),
                    };
                }
            }
        }
        // A subordinate cue is better than nothing outside lists.
        let fallback = self
            .anatomy(clause)
            .cues
            .iter()
            .find(|c| c.span.start < offset)
            .cloned();
        match fallback {
            Some(cue) => Reading {
                modality: cue.modality,
                cue: Some(cue),
                source: CueSource::Clause,
                clause: Some(clause),
            },
            None => Reading {
                modality: Modality::Statement,
                cue: None,
                source: CueSource::None,
                clause: None,
            },
        }
    }

    /// "must be reported", "every decision must undergo review", "must not
    /// be used": a duty under "must" or "shall" whose holder goes unnamed
    /// (the passive, or a thing as subject). "Will" is left out: "reports
    /// will be reviewed" states what happens, it binds nobody.
    fn is_binding_passive(&self, cue: &Cue) -> bool {
        if !matches!(cue.modality, Modality::Obligation | Modality::Restriction) {
            return false;
        }
        let text = self.m.doc.text.as_str();
        let Some(cue_text) = text.get(cue.span.clone()) else {
            return false;
        };
        let head = cue_text
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        matches!(head.as_str(), "must" | "shall" | "mustn't" | "shan't")
            || cue.passive && cue.modality == Modality::Restriction
    }

    fn party_ok(requirement: PartyRequirement, role: PartyRole) -> bool {
        match requirement {
            PartyRequirement::Any => true,
            PartyRequirement::Customer => matches!(
                role,
                PartyRole::Customer | PartyRole::Unknown | PartyRole::Both
            ),
            PartyRequirement::Provider => matches!(
                role,
                PartyRole::Provider | PartyRole::Unknown | PartyRole::Both
            ),
        }
    }

    /// Word distance between two occurrences; occurrences in another clause
    /// (a lead-in or heading) count as near.
    fn near(&mut self, clause: usize, a: &Range<usize>, b: &Range<usize>, limit: u32) -> bool {
        let c = &self.m.doc.clauses[clause].text;
        if !(c.start <= b.start && b.end <= c.end) {
            return true;
        }
        self.anatomy(clause).distance(a.start, b.start) <= limit as usize
    }

    /// Checks a pattern's other groups for an anchor occurrence.
    fn pattern_holds(&mut self, p: &Pattern, clause: usize, anchor: &Range<usize>) -> bool {
        let text = self.m.doc.clauses[clause].text.clone();
        // One buffer for every candidate's occurrences, kept between calls.
        let mut occ = std::mem::take(&mut self.occurrences);
        let holds = self.others_hold(p, clause, anchor, &text, &mut occ);
        self.occurrences = occ;
        if !holds {
            return false;
        }
        for &g in &p.none {
            if self.m.occurs_in_scope(clause, g) {
                return false;
            }
        }
        true
    }

    /// `pattern_holds` for the pattern's other groups, `occ` a buffer.
    fn others_hold(
        &mut self,
        p: &Pattern,
        clause: usize,
        anchor: &Range<usize>,
        text: &Range<usize>,
        occ: &mut Vec<Range<usize>>,
    ) -> bool {
        for &g in &p.others {
            self.m.in_scope_into(clause, g, occ);
            let here = |o: &Range<usize>| text.start <= o.start && o.end <= text.end;
            // Another group must be other words than the anchor.
            occ.retain(|o| o.end <= anchor.start || o.start >= anchor.end);
            match self.m.packs.groups[g].position {
                Position::Any => {}
                Position::Before => occ.retain(|o| !here(o) || o.end <= anchor.start),
                Position::After => occ.retain(|o| here(o) && o.start >= anchor.end),
            }
            let ok = match self.m.packs.groups[g].near.or(p.within) {
                None => !occ.is_empty(),
                Some(w) => occ.iter().any(|o| self.near(clause, anchor, o, w)),
            };
            if !ok {
                return false;
            }
        }
        true
    }

    /// A verdict that `clause` permits the use pattern `p` names: it lets
    /// the customer (named) use the thing, or says the thing "may be used"
    /// for it. Most candidates are not permissions. Once a clause has its
    /// anatomy, its reading is cheap and is asked first, before the
    /// pattern's other groups are looked for; a clause without one is read
    /// only if the pattern holds (reading every candidate first cost a check
    /// 4% more instructions, since reading a clause costs its anatomy; this
    /// order 2% fewer).
    fn permission_verdict(
        &mut self,
        p: &Pattern,
        clause: usize,
        anchor: Range<usize>,
    ) -> Option<Verdict> {
        let analysed = self.anatomy_of[clause] != NO_ANATOMY;
        if !analysed && !self.pattern_holds(p, clause, &anchor) {
            return None;
        }
        let reading = self.reading(clause, anchor.start);
        let role = reading.cue.as_ref().map_or(PartyRole::Unknown, |c| c.party);
        let passive_use = reading.cue.as_ref().is_some_and(|c| c.passive);
        let permits = reading.modality == Modality::Permission
            && (matches!(role, PartyRole::Customer | PartyRole::ThirdParty)
                || (role == PartyRole::Unknown && passive_use));
        if !permits || (analysed && !self.pattern_holds(p, clause, &anchor)) {
            return None;
        }
        Some(Verdict::read(clause, anchor, reading, Vec::new()))
    }

    /// Every way `clause` expresses rule `r` through pattern `p`, as a verdict
    /// (None if the clause does not count: wrong party or modality).
    fn verdict(
        &mut self,
        r: usize,
        p: &Pattern,
        clause: usize,
        anchor: Range<usize>,
    ) -> Option<Verdict> {
        let packs = self.m.packs;
        let rule = &packs.rules[r];
        let tracing = self.trace_rule == Some(r);
        // The outcome is written only when traced: most candidates are rejected.
        let note = |j: &mut Self, outcome: &dyn Fn() -> String| {
            if tracing {
                j.trace.push(TraceEntry {
                    rule: r,
                    pattern: j.current_pattern,
                    clause,
                    anchor: anchor.clone(),
                    outcome: outcome(),
                });
            }
        };
        if !self.pattern_holds(p, clause, &anchor) {
            note(self, &|| {
                "pattern's other groups not found (or an excluded term is present)".into()
            });
            return None;
        }
        let reading = self.reading(clause, anchor.start);
        if tracing {
            let cue = reading
                .cue
                .as_ref()
                .map_or("no modal cue".to_string(), |c| {
                    format!(
                        "cue `{}` ({:?}, party {:?})",
                        &self.m.doc.text.as_str()[c.span.clone()],
                        reading.source,
                        c.party
                    )
                });
            note(self, &|| {
                format!("read as {} from {cue}", reading.modality.as_str())
            });
        }
        let role = reading.cue.as_ref().map_or(PartyRole::Unknown, |c| c.party);
        let party = p.party.unwrap_or(rule.party);
        let explicit = p.party_explicit.unwrap_or(rule.party_explicit);
        // "Third parties may not use the API to …" restricts use as surely
        // as "Customer may not".
        let third_party_restricted = party == PartyRequirement::Customer
            && role == PartyRole::ThirdParty
            && matches!(
                reading.modality,
                Modality::Restriction | Modality::Discouraged
            );
        // An explicit party may go unnamed in a binding passive ("misuse
        // must be reported to us"): the duty is plain, only its holder is
        // implied.
        let binding_passive = reading
            .cue
            .as_ref()
            .is_some_and(|c| self.is_binding_passive(c));
        if !(Self::party_ok(party, role) || third_party_restricted)
            || (explicit && role == PartyRole::Unknown && !binding_passive)
        {
            note(self, &|| {
                format!("rejected: binds {role:?}, rule needs {party:?}")
            });
            return None;
        }
        // "Any suspension will be limited to the affected Services": a limit
        // placed on the provider's right, not the right itself.
        let limits_the_right = party == PartyRequirement::Provider
            && reading.modality == Modality::Restriction
            && role == PartyRole::Unknown
            && reading
                .cue
                .as_ref()
                .is_some_and(|c| c.passive && c.span.end > anchor.start);
        if limits_the_right {
            note(self, &|| "rejected: a limit on the provider's right".into());
            return None;
        }
        let accepted = p.modality.unwrap_or(rule.modality);
        let mut features = Vec::new();
        let cue_span = reading.cue.as_ref().map(|c| c.span.clone());
        if !accepted.contains(reading.modality) {
            let weak = rule
                .weak_modality
                .iter()
                .find(|(m, _)| *m == reading.modality);
            match weak {
                Some(&(_, f)) => features.push(FoundFeature {
                    feature: f,
                    span: cue_span.clone().unwrap_or(anchor.clone()),
                }),
                None => {
                    note(self, &|| {
                        format!(
                            "rejected: modality {} does not count",
                            reading.modality.as_str()
                        )
                    });
                    return None;
                }
            }
        }
        for &f in &p.features {
            features.push(FoundFeature {
                feature: f,
                span: anchor.clone(),
            });
        }
        // A definition read where its term is used takes the weakening
        // words of both places ("… use the Face Services for the police in
        // a manner that violates applicable law").
        let used = self.used_where(clause);
        for &f in &rule.features {
            let span = self
                .feature_applies(f, clause, &anchor, &reading)
                .or_else(|| {
                    let u = used.as_ref()?;
                    self.feature_applies(f, u.clause, &u.span, &reading)
                });
            if let Some(span) = span {
                features.push(FoundFeature { feature: f, span });
            }
        }
        // One label per feature id.
        let mut seen: Vec<&str> = Vec::new();
        features.retain(|x| {
            let id = packs.features[x.feature].id.as_str();
            if seen.contains(&id) {
                false
            } else {
                seen.push(id);
                true
            }
        });
        if tracing {
            let text = self.m.doc.text.as_str();
            let ids: Vec<String> = features
                .iter()
                .map(|f| {
                    format!(
                        "{} at `{}`",
                        packs.features[f.feature].id,
                        &text[f.span.clone()]
                    )
                })
                .collect();
            note(self, &|| {
                if ids.is_empty() {
                    "counts: present".to_string()
                } else {
                    format!("counts: weak [{}]", ids.join(", "))
                }
            });
        }
        // Evidence points at the restriction, which uses the defined term,
        // rather than at the definition.
        Some(match used {
            Some(u) => Verdict::read(u.clause, u.span, reading, features),
            None => Verdict::read(clause, anchor, reading, features),
        })
    }

    /// Whether a feature applies to a clause; returns the span to label.
    fn feature_applies(
        &mut self,
        f: usize,
        clause: usize,
        anchor: &Range<usize>,
        reading: &Reading,
    ) -> Option<Range<usize>> {
        let packs = self.m.packs;
        match &packs.features[f].trigger {
            Trigger::Cue {
                groups,
                near_anchor,
                position,
                same_item,
                within,
                unless,
                unless_near,
            } => {
                let first = *groups.first()?;
                let mut occ = self.m.in_scope(clause, first);
                let text = self.m.doc.clauses[clause].text.clone();
                let here = |o: &Range<usize>| text.start <= o.start && o.end <= text.end;
                // Occurrences in a lead-in or heading come before the clause.
                occ.retain(|o| match position {
                    Position::Any => true,
                    Position::Before => !here(o) || o.end <= anchor.start,
                    Position::After => here(o) && o.start >= anchor.end,
                });
                if *same_item {
                    let mut kept = Vec::new();
                    for o in occ {
                        if !here(&o) || self.anatomy(clause).governs_item(o.start, anchor.start) {
                            kept.push(o);
                        }
                    }
                    occ = kept;
                }
                if let Some(n) = near_anchor {
                    let mut kept = Vec::new();
                    for o in occ {
                        if self.near(clause, anchor, &o, *n) {
                            kept.push(o);
                        }
                    }
                    occ = kept;
                }
                // Prefer the occurrence nearest the anchor.
                occ.sort_by_key(|o| o.start.abs_diff(anchor.start));
                let mut found = None;
                'occ: for o in occ {
                    for &g in &groups[1..] {
                        let ok = match within {
                            None => self.m.occurs_in_scope(clause, g),
                            Some(w) => self
                                .m
                                .in_scope(clause, g)
                                .iter()
                                .any(|x| self.near(clause, &o, x, *w)),
                        };
                        if !ok {
                            continue 'occ;
                        }
                    }
                    found = Some(o);
                    break;
                }
                let span = found?;
                for &g in unless {
                    let cancels = match unless_near {
                        None => self.m.occurs_in_scope(clause, g),
                        // Only what follows the cue qualifies it ("except with
                        // our consent"), not what came before.
                        Some(n) => self
                            .m
                            .in_scope(clause, g)
                            .iter()
                            .any(|o| o.start >= span.start && self.near(clause, &span, o, *n)),
                    };
                    if cancels {
                        return None;
                    }
                }
                Some(span)
            }
            Trigger::Absent {
                groups,
                requires,
                unless,
            } => {
                for &g in requires {
                    if !self.m.occurs_in_scope(clause, g) {
                        return None;
                    }
                }
                for &g in groups {
                    if self.m.occurs_in_scope(clause, g) {
                        return None;
                    }
                }
                for &g in unless {
                    if self.m.occurs_in_scope(clause, g) {
                        return None;
                    }
                }
                Some(anchor.clone())
            }
            Trigger::Modality(set) => set.contains(reading.modality).then(|| {
                reading
                    .cue
                    .as_ref()
                    .map_or(anchor.clone(), |c| c.span.clone())
            }),
            Trigger::DocumentLacks {
                concepts,
                weak_only_for,
            } => {
                let lacking = concepts.iter().all(|&c| match self.statuses[c] {
                    Some(Status::Present) => false,
                    Some(Status::Weak) => self.weak_features[c]
                        .iter()
                        .all(|&f| weak_only_for.iter().any(|w| *w == packs.features[f].id)),
                    _ => true,
                });
                lacking.then(|| {
                    reading
                        .cue
                        .as_ref()
                        .filter(|_| reading.clause == Some(clause))
                        .map_or(anchor.clone(), |c| c.span.clone())
                })
            }
            Trigger::PermittedElsewhere => {
                let r = self.current_rule?;
                // Permission clauses are distinct, so at most two are looked at.
                self.permission_clauses(r)
                    .iter()
                    .find(|(c, _)| *c != clause)?;
                Some(
                    reading
                        .cue
                        .as_ref()
                        .filter(|_| reading.clause == Some(clause))
                        .map_or(anchor.clone(), |c| c.span.clone()),
                )
            }
            Trigger::Form => None,
        }
    }

    /// Clauses that permit the customer the use rule `r` restricts (cached).
    fn permission_clauses(&mut self, r: usize) -> &[(usize, Range<usize>)] {
        if !self.permissions.contains_key(&r) {
            let packs = self.m.packs;
            let mut out = Vec::new();
            let mut seen = HashSet::new();
            for p in &packs.rules[r].patterns {
                if !p.features.is_empty() {
                    continue;
                }
                for (clause, anchor) in self.m.occurrences(p.anchor) {
                    if !self.is_candidate(clause, packs.rules[r].definitions)
                        || seen.contains(&clause)
                    {
                        continue;
                    }
                    if let Some(v) = self.permission_verdict(p, clause, anchor) {
                        seen.insert(clause);
                        out.push((clause, v.anchor));
                    }
                }
            }
            self.permissions.insert(r, out);
        }
        self.permissions.get(&r).map_or(&[], Vec::as_slice)
    }

    /// Whether a clause is prose, a definition, or neither (a heading or a
    /// table-of-contents entry), computed on first use.
    fn clause_class(&self, clause: usize) -> ClauseClass {
        let cell = &self.clause_class[clause];
        if cell.get() == ClauseClass::Unknown {
            let text = self.m.doc.clause_text(clause);
            cell.set(
                if self.m.doc.clauses[clause].kind == ClauseKind::Heading || is_contents_entry(text)
                {
                    ClauseClass::NotProse
                } else if is_definition(text) {
                    ClauseClass::Definition
                } else {
                    ClauseClass::Prose
                },
            );
        }
        cell.get()
    }

    /// Whether a pattern's anchor in this clause makes it a candidate:
    /// headings and table-of-contents entries name things without saying
    /// them, and definitions count only for rules that read them.
    fn is_candidate(&self, clause: usize, definitions: Definitions) -> bool {
        match self.clause_class(clause) {
            ClauseClass::NotProse => false,
            ClauseClass::Definition => match definitions {
                Definitions::Ignored => false,
                Definitions::AsWritten => true,
                // Read under the cue of the clause that uses the term
                // (`reading`).
                Definitions::WhereUsed => self.m.doc.clauses[clause].term_use.is_some(),
            },
            _ => true,
        }
    }

    fn concept(&mut self, r: usize) -> ConceptJudgement {
        let packs = self.m.packs;
        let rule = &packs.rules[r];
        self.current_rule = Some(r);
        // Best verdict per clause.
        // (Ordered, so that verdicts of equal strength come out in clause
        // order on every run; keyed by the verdict's clause, which for a
        // definition read where used is the clause using the term.)
        let mut best: BTreeMap<usize, Verdict> = BTreeMap::new();
        // Only the strongest MAX_EVIDENCE verdicts are kept, and a clause's
        // verdict is never stronger than (no features, its index): once that
        // many are found, later clauses cannot change the result, and
        // candidates come in clause order. A trace wants every candidate.
        let mut strongest = Strongest::default();
        let prune = self.trace_rule != Some(r);
        for (pi, p) in rule.patterns.iter().enumerate() {
            self.current_pattern = pi;
            // Read lazily: most patterns stop long before their last anchor.
            for (clause, anchor) in self.m.occurrences(p.anchor) {
                if !self.is_candidate(clause, packs.rules[r].definitions) {
                    continue;
                }
                if prune && !strongest.may_enter((0, clause)) {
                    break;
                }
                if let Some(v) = self.verdict(r, p, clause, anchor) {
                    let previous = best.get(&v.clause).map(Verdict::strength);
                    if previous.is_none_or(|b| v.strength() < b) {
                        strongest.replace(previous, v.strength());
                        best.insert(v.clause, v);
                    }
                }
            }
        }
        let mut evidence: Vec<Verdict> = best.into_values().collect();
        evidence.sort_by_key(Verdict::strength);
        evidence.truncate(MAX_EVIDENCE);
        let text = self.m.doc.text.as_str();
        for v in &mut evidence {
            v.phrases = self.anatomy(v.clause).phrases(text);
        }
        let status = match evidence.first() {
            None => Status::Missing,
            Some(v) if v.features.is_empty() => Status::Present,
            Some(_) => Status::Weak,
        };
        ConceptJudgement {
            rule: r,
            status,
            evidence,
        }
    }

    fn permitted(&mut self, r: usize) -> Vec<Permitted> {
        let packs = self.m.packs;
        let mut out: Vec<Permitted> = Vec::new();
        // One permission per clause, whichever concept finds it first.
        let mut seen = HashSet::new();
        for &concept in &packs.rules[r].watches {
            // Weak forms are not the use itself ("rights of others").
            let patterns: Vec<&Pattern> = packs.rules[concept]
                .patterns
                .iter()
                .filter(|p| p.features.is_empty())
                .collect();
            for p in patterns {
                for (clause, anchor) in self.m.occurrences(p.anchor) {
                    if !self.is_candidate(clause, packs.rules[concept].definitions)
                        || seen.contains(&clause)
                    {
                        continue;
                    }
                    if let Some(v) = self.permission_verdict(p, clause, anchor) {
                        seen.insert(clause);
                        out.push(Permitted {
                            rule: r,
                            concept,
                            verdict: v,
                        });
                    }
                }
            }
        }
        out.sort_by_key(|p| p.verdict.clause);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::matching::DocHits;

    fn evidence(j: &Judgement, r: usize) -> Vec<(usize, usize, usize)> {
        j.concept(r)
            .unwrap()
            .evidence
            .iter()
            .map(|v| (v.clause, v.anchor.start, v.features.len()))
            .collect()
    }

    #[test]
    fn strongest_keeps_the_best_strength_of_each_clause() {
        let mut s = Strongest::default();
        for (previous, now) in [
            (None, (1, 9)),
            (None, (0, 7)),
            (None, (2, 3)),
            (None, (1, 2)),
        ] {
            s.replace(previous, now);
        }
        assert_eq!(s.0, [(0, 7), (1, 2), (1, 9), (2, 3)]);
        assert!(s.may_enter((0, 8)));
        assert!(!s.may_enter((2, 4)));
        // Clause 3 improves: its old strength leaves, nothing is counted twice.
        s.replace(Some((2, 3)), (0, 3));
        assert_eq!(s.0, [(0, 3), (0, 7), (1, 2), (1, 9)]);
        s.replace(None, (0, 1));
        assert_eq!(s.0, [(0, 1), (0, 3), (0, 7), (1, 2)]);
        assert!(!s.may_enter((1, 9)));
    }

    /// Judging stops looking at a concept's candidates once no later clause
    /// can be among its evidence; a traced concept looks at every one. Both
    /// must give the same evidence, on a document where concepts have more
    /// clauses than the evidence keeps.
    #[test]
    fn skipped_candidates_change_no_evidence() {
        let one = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/examples/acme-vision-aup.md"
        ))
        .unwrap();
        let text = [one.as_str(); 6].join("\n\n");
        let doc = Document::parse(&text, Format::Markdown);
        let packs = Packs::builtin().unwrap();
        let all = |_: &Rule| true;
        let hits = DocHits::find(&doc, &packs);
        let matcher = Matcher::new(&doc, &packs, &hits);
        let pruned = judge(&doc, &matcher, &packs, &all, None);
        let mut crowded = 0;
        for c in &pruned.concepts {
            let full = judge(&doc, &matcher, &packs, &all, Some(c.rule));
            assert_eq!(
                evidence(&pruned, c.rule),
                evidence(&full, c.rule),
                "rule {}",
                packs.rules[c.rule].id
            );
            crowded += usize::from(full.trace.len() > MAX_EVIDENCE);
        }
        assert!(crowded >= 5, "only {crowded} concepts with many candidates");
    }
}
