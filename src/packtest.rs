//! Pack tests: documents that carry their own expectations in HTML comments,
//! in the spirit of semgrep's rule tests.
//!
//! ```markdown
//! <!-- expect: prohibited-use/surveillance weak scope-limited -->
//! You may not use the Services to track people in Canada.
//!
//! <!-- expect-status: leverage/audit missing -->
//! ```
//!
//! `expect:` names the status (and, for `weak`, every feature id) of a concept
//! and says that the clause right after the comment decides it; for a
//! `permitted` rule it says that clause is reported. `expect-status:` names a
//! document-level status only. A permitted finding nobody expected fails.

use std::ops::Range;

use crate::check::{CheckOptions, check};
use crate::document::{Document, Format};
use crate::findings::{DocumentReport, FindingKind};
use crate::judge::Status;
use crate::packs::{Packs, RuleType};
use crate::source::SourceFile;

/// One expectation written in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    pub concept: String,
    /// None for a permitted-rule expectation.
    pub status: Option<Status>,
    pub features: Vec<String>,
    /// Byte range of the clause that must decide it (`expect:` only).
    pub clause: Option<Range<usize>>,
    /// 1-based line of the comment.
    pub line: usize,
}

/// An expectation that was not met, or a finding nobody expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub line: usize,
    pub concept: String,
    pub expected: String,
    pub actual: String,
}

#[derive(Debug, Clone)]
pub struct FileOutcome {
    pub path: String,
    pub expectations: usize,
    pub failures: Vec<Failure>,
    /// A problem that stopped the file from being tested at all.
    pub error: Option<String>,
}

impl FileOutcome {
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.failures.is_empty()
    }
}

/// Reads the expectations of a document. Malformed comments are errors.
pub fn expectations(
    source: &SourceFile,
    doc: &Document,
    packs: &Packs,
) -> Result<Vec<Expectation>, String> {
    let text = source.text();
    let mut out = Vec::new();
    for c in &doc.comments {
        let body = &text[c.body.clone()];
        let (kind, rest) = match body.split_once(char::is_whitespace) {
            Some((k, r)) => (k, r.trim()),
            None => (body, ""),
        };
        let located = match kind {
            "expect:" => true,
            "expect-status:" => false,
            _ => continue,
        };
        let line = source.position(c.span.start).line;
        let mut words = rest.split_whitespace();
        let concept = words
            .next()
            .ok_or_else(|| format!("line {line}: `{kind}` needs a rule id"))?;
        let Some(rule) = packs.rule(concept) else {
            return Err(format!("line {line}: unknown rule `{concept}`"));
        };
        let status = if rule.rule_type == RuleType::Permitted {
            None
        } else {
            let s = words
                .next()
                .ok_or_else(|| format!("line {line}: `{kind} {concept}` needs a status"))?;
            Some(match s {
                "present" => Status::Present,
                "weak" => Status::Weak,
                "missing" => Status::Missing,
                other => {
                    return Err(format!(
                        "line {line}: unknown status `{other}` (present, weak or missing)"
                    ));
                }
            })
        };
        let mut features: Vec<String> = words.map(str::to_string).collect();
        features.sort();
        // The clause after the comment: the first clause starting after it.
        let clause = if located {
            let next = (0..doc.clauses.len())
                .map(|i| doc.clause_source_range(i))
                .find(|r| r.start >= c.span.end)
                .ok_or_else(|| format!("line {line}: no clause follows this expectation"))?;
            Some(next)
        } else {
            None
        };
        out.push(Expectation {
            concept: concept.to_string(),
            status,
            features,
            clause,
            line,
        });
    }
    Ok(out)
}

fn describe(status: Status, features: &[String]) -> String {
    if features.is_empty() {
        status.as_str().to_string()
    } else {
        format!("{} [{}]", status.as_str(), features.join(", "))
    }
}

/// Compares a report with the expectations.
pub fn compare(
    source: &SourceFile,
    report: &DocumentReport,
    expectations: &[Expectation],
) -> Vec<Failure> {
    let mut failures = Vec::new();
    let line_of = |offset: usize| source.position(offset).line;
    for e in expectations {
        match e.status {
            None => {
                let clause = e.clause.clone().unwrap_or(0..0);
                let found = report.findings.iter().any(|f| {
                    f.kind == FindingKind::Permitted
                        && f.rule == e.concept
                        && f.span.start < clause.end
                        && clause.start < f.span.end
                });
                if !found {
                    failures.push(Failure {
                        line: e.line,
                        concept: e.concept.clone(),
                        expected: format!("a permitted finding on line {}", line_of(clause.start)),
                        actual: "none".to_string(),
                    });
                }
            }
            Some(status) => {
                let Some(cov) = report.coverage_of(&e.concept) else {
                    failures.push(Failure {
                        line: e.line,
                        concept: e.concept.clone(),
                        expected: describe(status, &e.features),
                        actual: "not checked (rule not selected for this kind)".to_string(),
                    });
                    continue;
                };
                let mut actual_features = cov.features.clone();
                actual_features.sort();
                let evidence = cov.evidence.first();
                let at = |r: &Range<usize>| format!(" at line {}", line_of(r.start));
                let actual = format!(
                    "{}{}",
                    describe(cov.status, &actual_features),
                    evidence.map(|ev| at(&ev.span.range())).unwrap_or_default()
                );
                let status_ok = cov.status == status
                    && (status != Status::Weak || actual_features == e.features);
                let place_ok = match (&e.clause, evidence) {
                    (Some(clause), Some(ev)) if status != Status::Missing => {
                        ev.span.start < clause.end && clause.start < ev.span.end
                    }
                    _ => true,
                };
                if !status_ok || !place_ok {
                    failures.push(Failure {
                        line: e.line,
                        concept: e.concept.clone(),
                        expected: format!(
                            "{}{}",
                            describe(status, &e.features),
                            e.clause.as_ref().map(at).unwrap_or_default()
                        ),
                        actual,
                    });
                }
            }
        }
    }
    // Permitted findings nobody expected.
    for f in report
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Permitted)
    {
        let expected = expectations.iter().any(|e| {
            e.status.is_none()
                && e.concept == f.rule
                && e.clause
                    .as_ref()
                    .is_some_and(|c| f.span.start < c.end && c.start < f.span.end)
        });
        if !expected {
            failures.push(Failure {
                line: f.span.line,
                concept: f.rule.clone(),
                expected: "no permitted finding".to_string(),
                actual: format!("permitted finding at line {}: {}", f.span.line, f.message),
            });
        }
    }
    failures.sort_by_key(|f| f.line);
    failures
}

/// Runs one test document.
pub fn run(source: &SourceFile, packs: &Packs) -> FileOutcome {
    let format = Format::from_path(source.name());
    let doc = Document::parse(source.text(), format);
    let mut outcome = FileOutcome {
        path: source.name().to_string(),
        expectations: 0,
        failures: Vec::new(),
        error: None,
    };
    let expectations = match expectations(source, &doc, packs) {
        Ok(e) => e,
        Err(e) => {
            outcome.error = Some(e);
            return outcome;
        }
    };
    outcome.expectations = expectations.len();
    match check(source, format, packs, &CheckOptions::default()) {
        Ok(report) => outcome.failures = compare(source, &report, &expectations),
        Err(e) => outcome.error = Some(e.message),
    }
    outcome
}
