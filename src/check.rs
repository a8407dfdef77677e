//! Checking one document: parse, decide its kind, judge, and turn the
//! judgement into coverage and findings with resolved spans.

use std::ops::Range;

use crate::document::{Document, Format};
use crate::findings::{
    Anatomy, Coverage, DocumentReport, Evidence, Finding, FindingKind, Label, Negation, Party,
    cue_party, phrase,
};
use crate::judge::{self, Status, Verdict};
use crate::kind::{self, DocKind, KindDecision, KindSource};
use crate::matching::{DocHits, Matcher};
use crate::packs::{Packs, Rule, RuleType, Severity};
use crate::source::SourceFile;

/// Which rules a check reports. Empty lists select everything.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub packs: Vec<String>,
    pub rules: Vec<String>,
}

impl Selection {
    pub fn includes(&self, rule: &Rule, pack_id: &str) -> bool {
        if self.packs.is_empty() && self.rules.is_empty() {
            return true;
        }
        self.packs.iter().any(|p| p == pack_id) || self.rules.contains(&rule.id)
    }
}

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// A kind given by the caller (command line or configuration).
    pub kind: Option<(DocKind, KindSource)>,
    pub selection: Selection,
    /// A rule whose decisions on every candidate clause are reported in
    /// [`DocumentReport::trace`].
    pub trace: Option<String>,
}

/// A document that cannot be checked as written, with the place to blame.
#[derive(Debug, Clone)]
pub struct InputError {
    pub message: String,
    pub span: Range<usize>,
}

const MAX_EVIDENCE_TEXT: usize = 400;

/// Checks one document against the loaded packs.
pub fn check(
    source: &SourceFile,
    format: Format,
    packs: &Packs,
    options: &CheckOptions,
) -> Result<DocumentReport, InputError> {
    let doc = Document::parse(source.text(), format);
    let decision = match options.kind {
        Some((kind, src)) => KindDecision {
            kind,
            source: src,
            reason: match src {
                KindSource::Cli => format!("--kind {kind}"),
                _ => format!("configured as {kind}"),
            },
        },
        None => kind::detect(&doc, source.name())
            .map_err(|(message, span)| InputError { message, span })?,
    };
    Ok(report(source, &doc, format, decision, packs, options))
}

/// Whether a rule runs on a document of this kind.
fn applies(packs: &Packs, rule: &Rule, kind: DocKind) -> bool {
    let pack = packs.pack_of(rule);
    pack.kinds.is_empty() || pack.kinds.contains(&kind)
}

fn report(
    source: &SourceFile,
    doc: &Document,
    format: Format,
    decision: KindDecision,
    packs: &Packs,
    options: &CheckOptions,
) -> DocumentReport {
    let kind = decision.kind;
    let trace_rule = options.trace.as_deref().and_then(|t| packs.rule_index(t));
    let hits = DocHits::find(doc, packs);
    // One matcher for the judge and for where a missing clause belongs.
    let matcher = Matcher::new(doc, packs, &hits);
    let judgement = judge::judge(
        doc,
        &matcher,
        packs,
        &|r| applies(packs, r, kind),
        trace_rule,
    );
    let selected = |rule: &Rule| {
        rule.enabled
            && options.selection.includes(rule, &packs.pack_of(rule).id)
            && applies(packs, rule, kind)
    };

    let mut coverage = Vec::new();
    let mut findings = Vec::new();
    for cj in &judgement.concepts {
        let rule = &packs.rules[cj.rule];
        if !selected(rule) {
            continue;
        }
        let expected = rule.expected_in.contains(&kind);
        let evidence: Vec<Evidence> = cj
            .evidence
            .iter()
            .map(|v| evidence(source, doc, packs, v))
            .collect();
        let features = evidence
            .first()
            .map(|e| e.features.clone())
            .unwrap_or_default();
        coverage.push(Coverage {
            concept: rule.id.clone(),
            status: cj.status,
            expected,
            features,
            evidence,
        });
        if !expected {
            continue;
        }
        match cj.status {
            Status::Missing => findings.push(missing_finding(source, doc, &matcher, rule)),
            Status::Weak => findings.push(weak_finding(source, doc, packs, rule, &cj.evidence[0])),
            Status::Present => {}
        }
    }
    for p in &judgement.permitted {
        let rule = &packs.rules[p.rule];
        if selected(rule) {
            findings.push(permitted_finding(
                source,
                doc,
                packs,
                rule,
                &packs.rules[p.concept],
                &p.verdict,
            ));
        }
    }
    findings.sort_by(|a, b| (a.span.start, &a.rule).cmp(&(b.span.start, &b.rule)));
    for f in &mut findings {
        note_altered_words(f, doc);
    }
    let trace = judgement
        .trace
        .iter()
        .map(|t| {
            let clause = doc.clause_source_range(t.clause);
            let anchor = to_source(doc, t.anchor.clone());
            crate::findings::TraceLine {
                rule: packs.rules[t.rule].id.clone(),
                pattern: t.pattern + 1,
                line: source.position(clause.start).line,
                anchor: source.text()[anchor].to_string(),
                outcome: t.outcome.clone(),
            }
        })
        .collect();
    let mut report = DocumentReport {
        path: source.name().to_string(),
        format,
        kind,
        kind_source: decision.source,
        kind_reason: decision.reason,
        coverage,
        findings,
        trace,
        source: source.clone(),
    };
    crate::suppress::apply(&mut report, doc, packs);
    report
}

/// Most code points a note lists.
const MAX_NOTED_CHARS: usize = 8;

/// Notes on a finding whose labelled words hold characters matching did
/// not read as written: invisible ones it dropped, look-alikes it read as
/// the letters they imitate. A reader sees a word that looks plain; the
/// note says why it was read as it was.
fn note_altered_words(finding: &mut Finding, doc: &Document) {
    let mut invisible: Vec<char> = Vec::new();
    let mut look_alike: Vec<char> = Vec::new();
    for label in &finding.labels {
        for a in doc.text.altered_in(label.span.range()) {
            let list = if a.invisible {
                &mut invisible
            } else {
                &mut look_alike
            };
            if !list.contains(&a.ch) {
                list.push(a.ch);
            }
        }
    }
    let code_points = |chars: &[char]| {
        let mut listed: Vec<String> = chars
            .iter()
            .take(MAX_NOTED_CHARS)
            .map(|&c| format!("U+{:04X}", u32::from(c)))
            .collect();
        if chars.len() > MAX_NOTED_CHARS {
            listed.push("…".to_string());
        }
        listed.join(", ")
    };
    if !invisible.is_empty() {
        finding.notes.push(format!(
            "the matched word contains invisible characters ({}), read as if they were not there",
            code_points(&invisible)
        ));
    }
    if !look_alike.is_empty() {
        finding.notes.push(format!(
            "the matched word contains look-alike characters ({}), read as the letters they imitate",
            code_points(&look_alike)
        ));
    }
}

fn to_source(doc: &Document, r: Range<usize>) -> Range<usize> {
    doc.text.to_source(r)
}

fn evidence(source: &SourceFile, doc: &Document, packs: &Packs, v: &Verdict) -> Evidence {
    let clause = doc.clause_source_range(v.clause);
    // Cut before it is copied: a clause may be ten times the length kept.
    let whole = &source.text()[clause.clone()];
    let text = if whole.len() > MAX_EVIDENCE_TEXT {
        let cut = crate::source::floor_char_boundary(whole, MAX_EVIDENCE_TEXT);
        format!("{}…", &whole[..cut])
    } else {
        whole.to_string()
    };
    let cue = v
        .cue
        .as_ref()
        .map(|c| phrase(source, to_source(doc, c.span.clone())));
    let negation = v.cue.as_ref().filter(|c| c.negated).map(|c| {
        let cue_src = to_source(doc, c.span.clone());
        // The scope runs from the cue to the end of the clause holding it.
        let holder = v.cue_clause.unwrap_or(v.clause);
        let end = doc.clause_source_range(holder).end;
        Negation {
            cue: phrase(source, cue_src.clone()),
            scope: source.span(cue_src.start..end.max(cue_src.end)),
        }
    });
    let phrases = &v.phrases;
    let list = |ranges: &[Range<usize>]| -> Vec<crate::findings::Phrase> {
        ranges
            .iter()
            .map(|r| phrase(source, to_source(doc, r.clone())))
            .collect()
    };
    Evidence {
        span: source.span(clause),
        text,
        features: v
            .features
            .iter()
            .map(|f| packs.features[f.feature].id.clone())
            .collect(),
        anatomy: Anatomy {
            party: Party {
                role: cue_party(v.cue.as_ref()),
                text: v
                    .cue
                    .as_ref()
                    .and_then(|c| c.party_span.clone())
                    .map(|r| source.text()[to_source(doc, r)].to_string()),
            },
            modality: v.modality,
            modality_source: v.cue_source,
            cue,
            negation,
            object: phrase(source, to_source(doc, v.anchor.clone())),
            conditions: list(&phrases.conditions),
            hedges: list(&phrases.hedges),
            qualifiers: list(&phrases.qualifiers),
            consequences: list(&phrases.consequences),
        },
    }
}

/// Where a missing clause belongs: the first heading the rule names, else
/// the title, else the start of the document.
fn missing_place(doc: &Document, matcher: &Matcher, rule: &Rule) -> Range<usize> {
    if let Some(g) = rule.belongs_in {
        // The title names the whole document; a section is a better place.
        for s in &doc.sections {
            let Some(h) = s.heading.filter(|&h| Some(h) != doc.title) else {
                continue;
            };
            if matcher.occurs_in_clause(h, g) {
                return doc.clause_source_range(h);
            }
        }
    }
    if let Some(t) = doc.title {
        return doc.clause_source_range(t);
    }
    match doc.clauses.first() {
        Some(_) => doc.clause_source_range(0),
        None => 0..0,
    }
}

fn missing_finding(source: &SourceFile, doc: &Document, matcher: &Matcher, rule: &Rule) -> Finding {
    let place = missing_place(doc, matcher, rule);
    let message = if rule.message.missing.is_empty() {
        format!("missing: {}", rule.name.to_lowercase())
    } else {
        rule.message.missing.clone()
    };
    let label = if rule.belongs_in.is_some()
        && Some(place.clone()) != doc.title.map(|t| doc.clause_source_range(t))
    {
        "the clause belongs in this section"
    } else {
        "no clause in this document expresses it"
    };
    Finding {
        rule: rule.id.clone(),
        severity: rule.severity.missing,
        kind: FindingKind::Missing,
        message,
        help: rule.help.clone(),
        span: source.span(place.clone()),
        labels: vec![Label {
            span: source.span(place),
            message: label.to_string(),
            feature: None,
        }],
        waived: false,
        waiver: None,
        notes: Vec::new(),
    }
}

fn weak_finding(
    source: &SourceFile,
    doc: &Document,
    packs: &Packs,
    rule: &Rule,
    v: &Verdict,
) -> Finding {
    let ids: Vec<&str> = v
        .features
        .iter()
        .map(|f| packs.features[f.feature].id.as_str())
        .collect();
    let base = if rule.message.weak.is_empty() {
        format!("weak: {}", rule.name.to_lowercase())
    } else {
        rule.message.weak.clone()
    };
    let all_notes = v
        .features
        .iter()
        .all(|f| packs.features[f.feature].severity == Some(Severity::Note));
    let labels = v
        .features
        .iter()
        .map(|f| {
            let feature = &packs.features[f.feature];
            let message = packs.feature_message(rule, f.feature);
            Label {
                span: source.span(to_source(doc, f.span.clone())),
                message: format!("{}: {message}", feature.id),
                feature: Some(feature.id.clone()),
            }
        })
        .collect();
    Finding {
        rule: rule.id.clone(),
        severity: if all_notes {
            Severity::Note
        } else {
            rule.severity.weak
        },
        kind: FindingKind::Weak,
        message: format!("{base} ({})", ids.join(", ")),
        help: rule.help.clone(),
        span: source.span(doc.clause_source_range(v.clause)),
        labels,
        waived: false,
        waiver: None,
        notes: Vec::new(),
    }
}

fn permitted_finding(
    source: &SourceFile,
    doc: &Document,
    _packs: &Packs,
    rule: &Rule,
    concept: &Rule,
    v: &Verdict,
) -> Finding {
    let mut labels = Vec::new();
    if let Some(c) = &v.cue {
        labels.push(Label {
            span: source.span(to_source(doc, c.span.clone())),
            message: "this permits the use".to_string(),
            feature: None,
        });
    }
    labels.push(Label {
        span: source.span(to_source(doc, v.anchor.clone())),
        message: format!("a use `{}` restricts", concept.id),
        feature: None,
    });
    let message = if concept.message.permitted.is_empty() {
        if rule.message.permitted.is_empty() {
            format!("a clause permits a use that {} restricts", concept.id)
        } else {
            rule.message.permitted.clone()
        }
    } else {
        concept.message.permitted.clone()
    };
    debug_assert_eq!(rule.rule_type, RuleType::Permitted);
    Finding {
        rule: rule.id.clone(),
        severity: rule.severity.permitted,
        kind: FindingKind::Permitted,
        message,
        help: rule.help.clone(),
        span: source.span(doc.clause_source_range(v.clause)),
        labels,
        waived: false,
        waiver: None,
        notes: Vec::new(),
    }
}
