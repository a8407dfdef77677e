//! Rule packs: the TOML pack language (`schema`), loading with pointed errors
//! (`load`), and compilation into one matcher for every loaded rule
//! (`compile`, `terms`). The built-in packs are embedded in the binary, as
//! TOML and compiled ahead of time (`snapshot`).

mod builtin;
mod compile;
pub mod files;
mod lemma;
mod load;
pub mod schema;
mod snapshot;
mod terms;

use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

pub use builtin::{BUILTIN_PACKS, BUILTIN_TESTS};
pub use load::{FileRole, PackError, PackErrorReport, PackIssue, PackSource};
pub use terms::Hit;
pub(crate) use terms::{is_word_byte, is_word_char};

use crate::kind::DocKind;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "error" => Ok(Severity::Error),
            "warning" => Ok(Severity::Warning),
            "note" => Ok(Severity::Note),
            _ => Err(format!(
                "unknown severity `{s}` (expected error, warning or note)"
            )),
        }
    }
}

/// The party a clause binds, as a rule requires it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartyRequirement {
    Customer,
    Provider,
    Any,
}

/// What a clause does with its object, as the judge reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// must not, may not, is prohibited, only with approval
    Restriction,
    /// must, shall, will, agrees to, is required to, is responsible for
    Obligation,
    /// may, can, is permitted to, reserves the right to; also a negated
    /// prohibition ("nothing prohibits")
    Permission,
    /// should, encourage, hope, expect, strive
    Hortatory,
    /// should not, please do not, discourage: a restriction only urged
    Discouraged,
    /// may result in, is subject to, grounds for
    Consequence,
    /// not designed for, at its own risk
    Disclaimer,
    /// a plain statement with no modal cue
    Statement,
}

impl Modality {
    pub const ALL: [Modality; 8] = [
        Modality::Restriction,
        Modality::Obligation,
        Modality::Permission,
        Modality::Hortatory,
        Modality::Discouraged,
        Modality::Consequence,
        Modality::Disclaimer,
        Modality::Statement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Restriction => "restriction",
            Modality::Obligation => "obligation",
            Modality::Permission => "permission",
            Modality::Hortatory => "hortatory",
            Modality::Discouraged => "discouraged",
            Modality::Consequence => "consequence",
            Modality::Disclaimer => "disclaimer",
            Modality::Statement => "statement",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of modalities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ModalitySet(u8);

impl ModalitySet {
    pub const ANY: ModalitySet = ModalitySet(0xff);

    pub fn contains(self, m: Modality) -> bool {
        self.0 & m.bit() != 0
    }

    pub fn insert(&mut self, m: Modality) {
        self.0 |= m.bit();
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Modality> {
        Modality::ALL.into_iter().filter(move |m| self.contains(*m))
    }
}

/// Index of a group in [`Packs::groups`].
pub type GroupId = usize;

/// Where a group may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// The clause itself.
    Clause,
    /// The clause and the lead-ins it hangs from.
    Context,
    /// The headings of the clause's section and its parents.
    Heading,
}

/// A group's regex, compiled on first use: most runs never reach most
/// regexes, and compiling them all was a large part of start-up. User packs'
/// regexes are compiled when the pack loads, to report errors at their
/// span; the built-in packs' are checked by a test.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub struct GroupRegex {
    source: Arc<str>,
    compiled: Arc<OnceLock<Option<Regex>>>,
}

/// Upper bounds on one regex's compiled size, against hostile packs.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
const REGEX_DFA_LIMIT: usize = 2 << 20;

impl GroupRegex {
    pub(crate) fn new(source: &str) -> GroupRegex {
        GroupRegex {
            source: source.into(),
            compiled: Arc::new(OnceLock::new()),
        }
    }

    fn build(&self) -> Result<Regex, regex::Error> {
        RegexBuilder::new(&self.source)
            .case_insensitive(true)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_DFA_LIMIT)
            .build()
    }

    /// Compiles now, returning the error if the regex is invalid.
    pub(crate) fn compile_now(&self) -> Result<(), regex::Error> {
        let built = self.build();
        let error = built.as_ref().err().cloned();
        let _ = self.compiled.set(built.ok());
        error.map_or(Ok(()), Err)
    }

    /// The compiled regex; `None` only if it is invalid (which loading
    /// reports for user packs and a test rules out for built-in ones).
    pub fn get(&self) -> Option<&Regex> {
        self.compiled.get_or_init(|| self.build().ok()).as_ref()
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether two regexes share one compilation.
    #[cfg(test)]
    pub(crate) fn shares_with(&self, other: &GroupRegex) -> bool {
        Arc::ptr_eq(&self.compiled, &other.compiled)
    }
}

/// A stored regex is its source, compiled on first use again.
impl From<String> for GroupRegex {
    fn from(source: String) -> GroupRegex {
        GroupRegex::new(&source)
    }
}

impl From<GroupRegex> for String {
    fn from(re: GroupRegex) -> String {
        re.source.to_string()
    }
}

/// A compiled group of alternatives.
#[derive(Debug, Serialize, Deserialize)]
pub struct Group {
    /// Whether any term of the group is in the automaton.
    pub has_terms: bool,
    pub regex: Option<GroupRegex>,
    /// Matches are durations of at least this many days.
    pub days_at_least: Option<u32>,
    pub scope: Scope,
    /// Maximum distance in words from a pattern's anchor.
    pub near: Option<u32>,
    /// Side of the anchor a pattern group must lie on.
    pub position: Position,
}

/// One way a clause can express a concept.
#[derive(Debug, Serialize, Deserialize)]
pub struct Pattern {
    pub anchor: GroupId,
    pub others: Vec<GroupId>,
    pub within: Option<u32>,
    pub none: Vec<GroupId>,
    /// Feature indices (into [`Packs::features`]) that make this form weak.
    pub features: Vec<usize>,
    pub modality: Option<ModalitySet>,
    pub party: Option<PartyRequirement>,
    pub party_explicit: Option<bool>,
}

/// Where a cue must lie relative to the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Position {
    Any,
    Before,
    After,
}

/// What triggers a weakening feature.
#[derive(Debug, Serialize, Deserialize)]
pub enum Trigger {
    Cue {
        groups: Vec<GroupId>,
        near_anchor: Option<u32>,
        position: Position,
        same_item: bool,
        within: Option<u32>,
        unless: Vec<GroupId>,
        unless_near: Option<u32>,
    },
    Absent {
        groups: Vec<GroupId>,
        /// Groups that must be present for the absence to matter.
        requires: Vec<GroupId>,
        unless: Vec<GroupId>,
    },
    Modality(ModalitySet),
    /// None of these concepts is present, or weak through other features
    /// than `weak_only_for`.
    DocumentLacks {
        concepts: Vec<usize>,
        weak_only_for: Vec<String>,
    },
    /// Another clause permits the use the rule restricts.
    PermittedElsewhere,
    /// Only named: the feature is reported by a weak pattern form.
    Form,
}

/// How a rule reads definition clauses (`"Term" means …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Definitions {
    /// Never candidates.
    Ignored,
    /// Candidates as written.
    AsWritten,
    /// Candidates read under the cue of the clause that uses their term.
    WhereUsed,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Feature {
    pub id: String,
    pub message: String,
    pub severity: Option<Severity>,
    pub trigger: Trigger,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleType {
    Concept,
    Permitted,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Severities {
    pub missing: Severity,
    pub weak: Severity,
    pub permitted: Severity,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Messages {
    pub missing: String,
    pub weak: String,
    pub permitted: String,
}

/// A compiled rule.
#[derive(Debug, Serialize, Deserialize)]
pub struct Rule {
    pub id: String,
    /// Index into [`Packs::packs`].
    pub pack: usize,
    /// File the rule is defined in (`builtin:<name>.toml` for built-in
    /// rules); for a pack of several files, not always the pack's `source`.
    pub source: String,
    pub name: String,
    pub summary: String,
    pub rule_type: RuleType,
    pub enabled: bool,
    pub expected_in: Vec<DocKind>,
    pub severity: Severities,
    pub party: PartyRequirement,
    /// The party must be named: an unnamed (passive) subject does not count.
    pub party_explicit: bool,
    /// Whether definition clauses count.
    pub definitions: Definitions,
    pub modality: ModalitySet,
    /// Modalities that count but weakly, with the feature index to report.
    pub weak_modality: Vec<(Modality, usize)>,
    pub patterns: Vec<Pattern>,
    /// Feature indices checked on every matching clause.
    pub features: Vec<usize>,
    /// For permitted rules: the concept rules whose uses are watched.
    pub watches: Vec<usize>,
    pub belongs_in: Option<GroupId>,
    pub message: Messages,
    /// Label text per feature id for this rule.
    pub feature_messages: std::collections::BTreeMap<String, String>,
    pub help: String,
    pub explanation: String,
    pub sources: Vec<String>,
    pub model_clause: String,
}

/// Metadata of a loaded pack.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PackInfo {
    pub id: String,
    pub name: String,
    pub version: String,
    pub description: String,
    pub kinds: Vec<DocKind>,
    /// File it was loaded from (`builtin:<name>.toml` for built-in packs).
    pub source: String,
}

/// Every loaded pack, compiled once and shared by all checks.
#[derive(Debug, Serialize, Deserialize)]
pub struct Packs {
    pub packs: Vec<PackInfo>,
    pub rules: Vec<Rule>,
    pub features: Vec<Feature>,
    pub groups: Vec<Group>,
    /// Concept rules in an order where every `document-lacks` dependency
    /// comes before the rules that use it.
    pub eval_order: Vec<usize>,
    pub(crate) automaton: terms::TermAutomaton,
}

impl Packs {
    /// Compiles the built-in packs.
    pub fn builtin() -> Result<Arc<Packs>, PackError> {
        Self::load(&[])
    }

    /// Compiles the built-in packs plus user packs.
    pub fn load(user: &[PackSource]) -> Result<Arc<Packs>, PackError> {
        if user.is_empty()
            && let Some(packs) = snapshot::load()
        {
            return Ok(Arc::new(packs));
        }
        let mut sources: Vec<PackSource> = BUILTIN_PACKS
            .iter()
            .map(|(name, text)| PackSource::builtin(format!("builtin:{name}"), *text))
            .collect();
        sources.extend(user.iter().cloned());
        compile::compile(&sources).map(Arc::new)
    }

    /// Gives groups with the same regex source one compilation (every
    /// `days-at-least` group uses the one duration regex, and packs may
    /// write a regex twice), after compiling and after decoding a snapshot.
    pub(crate) fn share_regexes(&mut self) {
        let mut by_source: std::collections::HashMap<Arc<str>, GroupRegex> =
            std::collections::HashMap::new();
        for re in self.groups.iter_mut().filter_map(|g| g.regex.as_mut()) {
            *re = by_source
                .entry(re.source.clone())
                .or_insert_with(|| re.clone())
                .clone();
        }
    }

    /// Compiles exactly these sources (no built-in packs).
    pub fn compile_only(sources: &[PackSource]) -> Result<Arc<Packs>, PackError> {
        compile::compile(sources).map(Arc::new)
    }

    /// Number of distinct term spellings in the automatons.
    pub fn pattern_count(&self) -> usize {
        self.automaton.pattern_count()
    }

    /// Term hits in a text: the matcher's pass over a whole document,
    /// exposed for benchmarks.
    #[doc(hidden)]
    pub fn count_term_hits(&self, text: &str) -> usize {
        let mut hits = Vec::new();
        self.automaton.find_all(text, &mut hits);
        hits.len()
    }

    /// The id a group's term hits carry: the first group with the same
    /// terms.
    pub fn term_set(&self, group: GroupId) -> u32 {
        self.automaton.term_set(group)
    }

    /// Heap bytes of the term automaton.
    pub fn automaton_memory(&self) -> usize {
        self.automaton.memory_usage()
    }

    pub fn rule_index(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.id == id)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn pack_of(&self, rule: &Rule) -> &PackInfo {
        &self.packs[rule.pack]
    }

    /// The label text of a feature as a rule reports it: the rule's own
    /// `feature-messages`, else the feature's message, else its id in words.
    pub fn feature_message(&self, rule: &Rule, feature: usize) -> String {
        let f = &self.features[feature];
        if let Some(m) = rule.feature_messages.get(&f.id) {
            return m.clone();
        }
        if !f.message.is_empty() {
            return f.message.clone();
        }
        f.id.replace('-', " ")
    }
}
