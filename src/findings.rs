//! What a check reports for one document: coverage of every concept and the
//! findings, with spans resolved against the source. This is the data every
//! output format renders and the JSON output serialises as is.

use serde::Serialize;

use crate::document::Format;
use crate::judge::anatomy::Cue;
use crate::judge::roles::PartyRole;
use crate::judge::{CueSource, Status};
use crate::kind::{DocKind, KindSource};
use crate::packs::{Modality, Severity};
use crate::source::{SourceFile, Span};

#[derive(Debug, Clone, Serialize)]
pub struct DocumentReport {
    pub path: String,
    pub format: Format,
    pub kind: DocKind,
    pub kind_source: KindSource,
    pub kind_reason: String,
    pub coverage: Vec<Coverage>,
    pub findings: Vec<Finding>,
    /// With `--trace RULE`: how each candidate clause was judged.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trace: Vec<TraceLine>,
    /// The document text, for renderers that show snippets.
    #[serde(skip)]
    pub source: SourceFile,
}

impl DocumentReport {
    pub fn coverage_of(&self, concept: &str) -> Option<&Coverage> {
        self.coverage.iter().find(|c| c.concept == concept)
    }
}

/// One concept's status in the document.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub concept: String,
    pub status: Status,
    /// Whether the concept is expected in this kind of document (a missing
    /// or weak status is then a finding).
    pub expected: bool,
    /// Weakening feature ids of the deciding clause.
    pub features: Vec<String>,
    /// The deciding clause first, then other clauses that express the concept.
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub span: Span,
    /// The clause as written (markup included), shortened if very long.
    pub text: String,
    pub features: Vec<String>,
    pub anatomy: Anatomy,
}

/// How the judge read a clause.
#[derive(Debug, Clone, Serialize)]
pub struct Anatomy {
    /// The party the clause binds.
    pub party: Party,
    pub modality: Modality,
    /// Where the modal cue was found: the clause, its lead-in, a heading, or nowhere.
    pub modality_source: CueSource,
    /// The modal words ("may not", "is prohibited").
    pub cue: Option<Phrase>,
    /// The negation and the words in its scope, when the cue is negated.
    pub negation: Option<Negation>,
    /// The words naming what the clause is about (the rule's anchor term).
    pub object: Phrase,
    /// Conditions and exceptions in the clause (unless, except for, provided that).
    pub conditions: Vec<Phrase>,
    /// Hedges (where practicable, as appropriate, reasonable efforts).
    pub hedges: Vec<Phrase>,
    /// Scope qualifiers: a jurisdiction ("in the United States"), a
    /// deployment mode ("real-time"), or global reach ("worldwide").
    pub qualifiers: Vec<Phrase>,
    /// Consequences the clause names (may result in suspension, may terminate).
    pub consequences: Vec<Phrase>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Party {
    pub role: PartyRole,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Phrase {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Negation {
    pub cue: Phrase,
    /// From the negated cue to the end of the clause's phrase.
    pub scope: Span,
}

/// One step of a `--trace` of a rule.
#[derive(Debug, Clone, Serialize)]
pub struct TraceLine {
    pub rule: String,
    /// 1-based index of the rule's pattern.
    pub pattern: usize,
    pub line: usize,
    /// The anchor term found.
    pub anchor: String,
    pub outcome: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    Missing,
    Weak,
    Permitted,
    /// A suppression comment that suppressed nothing.
    UnusedSuppression,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Missing => "missing",
            FindingKind::Weak => "weak",
            FindingKind::Permitted => "permitted",
            FindingKind::UnusedSuppression => "unused-suppression",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub kind: FindingKind,
    pub message: String,
    pub help: String,
    pub span: Span,
    pub labels: Vec<Label>,
    /// Whether a configured waiver covers the finding (it then does not
    /// count for the exit code).
    pub waived: bool,
    /// The waiver's terms, when waived.
    pub waiver: Option<WaiverInfo>,
    /// What else the reader should know: that the labelled words hold
    /// invisible or look-alike characters, read as the text they hide or
    /// imitate. Left out of JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Why a finding does not count: the terms of the waiver that covers it.
#[derive(Debug, Clone, Serialize)]
pub struct WaiverInfo {
    pub reason: String,
    pub approved_by: Option<String>,
    /// `YYYY-MM-DD`.
    pub expires: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
    /// The weakening feature id this label shows, if any.
    pub feature: Option<String>,
}

/// Builds a phrase from a source range.
pub(crate) fn phrase(source: &SourceFile, range: std::ops::Range<usize>) -> Phrase {
    Phrase {
        text: source.text()[range.clone()].to_string(),
        span: source.span(range),
    }
}

pub(crate) fn cue_party(cue: Option<&Cue>) -> PartyRole {
    cue.map_or(PartyRole::Unknown, |c| c.party)
}
