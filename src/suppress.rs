//! Inline suppressions in a document's HTML comments, as Markdown linters
//! write them:
//!
//! - `<!-- clauselint-disable RULE... -->` … `<!-- clauselint-enable RULE... -->`
//!   (a region; with no rule, every rule);
//! - `<!-- clauselint-disable-next-line RULE... -->` (the next non-blank line);
//! - `<!-- clauselint-disable-file RULE... -->` (the whole document).
//!
//! A finding is suppressed when the line its span starts on is covered. A
//! RULE may be a rule id or a pack id. A suppression that suppresses nothing
//! is reported as a note, like ruff's unused `noqa`.

use std::ops::Range;

use crate::document::Document;
use crate::findings::{DocumentReport, Finding, FindingKind, Label};
use crate::packs::{Packs, Severity};

#[derive(Debug)]
struct Suppression {
    /// Rule or pack ids; empty means every rule.
    rules: Vec<String>,
    /// First and last 1-based line covered.
    lines: Range<usize>,
    comment: Range<usize>,
    used: bool,
}

impl Suppression {
    fn covers(&self, finding: &Finding) -> bool {
        let line = finding.span.line;
        (self.lines.start..=self.lines.end).contains(&line)
            && (self.rules.is_empty()
                || self.rules.iter().any(|r| {
                    *r == finding.rule || finding.rule.split('/').next() == Some(r.as_str())
                }))
    }
}

/// Removes suppressed findings from a report and adds a note for each
/// suppression comment that suppressed nothing or names an unknown rule.
pub fn apply(report: &mut DocumentReport, doc: &Document, packs: &Packs) {
    // A handle on the source (shared, not copied), as `report` changes below.
    let source = report.source.clone();
    let text = source.text();
    let last_line = report.source.line_count();
    let mut found: Vec<Suppression> = Vec::new();
    let mut open: Vec<Suppression> = Vec::new();
    let mut unknown: Vec<(Range<usize>, String)> = Vec::new();
    for c in &doc.comments {
        let mut words = words(text, c.body.clone());
        let Some((_, directive)) = words.next() else {
            continue;
        };
        let (places, rules): (Vec<Range<usize>>, Vec<String>) =
            words.map(|(place, w)| (place, w.to_string())).unzip();
        let known = |r: &str| packs.rule(r).is_some() || packs.packs.iter().any(|p| p.id == r);
        if !matches!(
            directive,
            "clauselint-disable"
                | "clauselint-enable"
                | "clauselint-disable-next-line"
                | "clauselint-disable-file"
        ) {
            continue;
        }
        // An unknown id is reported on its own words, not on the whole
        // comment: a comment naming many ids would otherwise repeat its whole
        // text in every note's snippet (quadratic output).
        for (place, r) in places.iter().zip(&rules).filter(|(_, r)| !known(r)) {
            unknown.push((place.clone(), r.clone()));
        }
        let line = report.source.position(c.span.start).line;
        let end_line = report.source.position(c.span.end.saturating_sub(1)).line;
        match directive {
            "clauselint-disable-file" => found.push(Suppression {
                rules,
                lines: 1..last_line.max(1),
                comment: c.span.clone(),
                used: false,
            }),
            "clauselint-disable-next-line" => {
                let next =
                    next_non_blank_line(&report.source, end_line + 1).unwrap_or(end_line + 1);
                found.push(Suppression {
                    rules,
                    lines: next..next,
                    comment: c.span.clone(),
                    used: false,
                });
            }
            "clauselint-disable" => open.push(Suppression {
                rules,
                lines: line..last_line.max(line),
                comment: c.span.clone(),
                used: false,
            }),
            _ => {
                // clauselint-enable: closes the regions it names (all if none).
                let mut i = 0;
                while i < open.len() {
                    let closes = rules.is_empty()
                        || open[i].rules.iter().any(|r| rules.contains(r))
                        || open[i].rules.is_empty();
                    if closes {
                        let mut s = open.remove(i);
                        s.lines.end = line.max(s.lines.start);
                        found.push(s);
                    } else {
                        i += 1;
                    }
                }
            }
        }
    }
    found.append(&mut open);
    if found.is_empty() && unknown.is_empty() {
        return;
    }
    report.findings.retain(|f| {
        if f.kind == FindingKind::UnusedSuppression {
            return true;
        }
        let mut suppressed = false;
        for s in found.iter_mut() {
            if s.covers(f) {
                s.used = true;
                suppressed = true;
            }
        }
        !suppressed
    });
    let mut notes = Vec::new();
    for s in found.iter().filter(|s| !s.used) {
        let what = if s.rules.is_empty() {
            "no finding in its range".to_string()
        } else {
            format!("no `{}` finding in its range", s.rules.join("`, `"))
        };
        notes.push(note(report, s.comment.clone(), what));
    }
    for (span, rule) in unknown {
        notes.push(note(
            report,
            span,
            format!("`{rule}` is not a loaded rule or pack"),
        ));
    }
    report.findings.extend(notes);
    report
        .findings
        .sort_by(|a, b| (a.span.start, &a.rule).cmp(&(b.span.start, &b.rule)));
}

/// The whitespace-separated words of `text[range]`, with their byte ranges
/// in `text`.
fn words(text: &str, range: Range<usize>) -> impl Iterator<Item = (Range<usize>, &str)> {
    let body = &text[range.clone()];
    body.split_whitespace().map(move |w| {
        // `w` is a subslice of `body`: its offset is the pointers' distance.
        let start = range.start + (w.as_ptr() as usize - body.as_ptr() as usize);
        (start..start + w.len(), w)
    })
}

fn next_non_blank_line(source: &crate::source::SourceFile, from: usize) -> Option<usize> {
    let text = source.text();
    (from..=source.line_count()).find(|&line| {
        let start = source.line_start(line - 1).unwrap_or(text.len());
        let end = source.line_start(line).unwrap_or(text.len());
        !text[start..end].trim().is_empty()
    })
}

fn note(report: &DocumentReport, span: Range<usize>, what: String) -> Finding {
    let s = report.source.span(span);
    Finding {
        rule: "clauselint/unused-suppression".to_string(),
        severity: Severity::Note,
        kind: FindingKind::UnusedSuppression,
        message: format!("this suppression comment suppresses nothing: {what}"),
        help: "remove the comment, or correct the rule ids it names".to_string(),
        span: s,
        labels: vec![Label {
            span: s,
            message: "unused suppression".to_string(),
            feature: None,
        }],
        waived: false,
        waiver: None,
        notes: Vec::new(),
    }
}
