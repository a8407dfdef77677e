//! Judging one case's result against its expectation, and the pass-rate
//! tables the suite prints.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use clauselint::judge::Status;

use crate::status_of;
use crate::suite::{Case, Expect, Spec, matches};

/// What the engine reported for a case, and whether it meets the expectation.
pub struct Outcome {
    pub status: Status,
    pub features: Vec<String>,
    pub findings: Vec<String>,
    /// Why the case failed, empty when it passed.
    pub reasons: Vec<String>,
}

impl Outcome {
    pub fn judge(case: &Case, status: Status, features: &[String], findings: Vec<String>) -> Self {
        let e = &case.expect;
        let mut reasons = Vec::new();
        let status_ok = match status_of(e.status) {
            Some(s) => s == status,
            None => status != Status::Present,
        };
        if !status_ok {
            reasons.push("status".to_string());
        }
        if e.status == Expect::Weak && status == Status::Weak {
            let lacking: Vec<&str> = e
                .features
                .iter()
                .filter(|f| !features.contains(f))
                .map(String::as_str)
                .collect();
            if !lacking.is_empty() {
                reasons.push(format!("lacks {}", lacking.join(", ")));
            }
        }
        let unwanted: Vec<&str> = e
            .absent
            .iter()
            .filter(|f| features.contains(f))
            .map(String::as_str)
            .collect();
        if !unwanted.is_empty() {
            reasons.push(format!("unwanted {}", unwanted.join(", ")));
        }
        if let Some(f) = &e.finding
            && !findings.contains(f)
        {
            reasons.push(format!("no finding {f}"));
        }
        for f in &e.forbid {
            if findings.contains(f) {
                reasons.push(format!("finding {f}"));
            }
        }
        Outcome {
            status,
            features: features.to_vec(),
            findings,
            reasons,
        }
    }

    pub fn passed(&self) -> bool {
        self.reasons.is_empty()
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Rate {
    pub passed: usize,
    pub total: usize,
}

impl Rate {
    pub fn share(self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.passed as f64 / self.total as f64
        }
    }

    fn add(&mut self, passed: bool) {
        self.total += 1;
        self.passed += usize::from(passed);
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:5.1}% ({}/{})",
            self.share() * 100.0,
            self.passed,
            self.total
        )
    }
}

pub struct Tally<'a> {
    cases: &'a [&'a Case],
    outcomes: &'a [Outcome],
}

/// Failures printed unless `BEHAVIOUR_FAILURES=all`.
const FAILURES_SHOWN: usize = 40;
/// Characters of a document's body shown with a failure.
const BODY_SHOWN: usize = 320;

impl<'a> Tally<'a> {
    pub fn new(cases: &'a [&'a Case], outcomes: &'a [Outcome]) -> Self {
        Tally { cases, outcomes }
    }

    fn pairs(&self) -> impl Iterator<Item = (&'a Case, &'a Outcome)> + '_ {
        self.cases.iter().copied().zip(self.outcomes)
    }

    pub fn overall(&self) -> Rate {
        let mut r = Rate::default();
        self.pairs().for_each(|(_, o)| r.add(o.passed()));
        r
    }

    pub fn capabilities(&self) -> BTreeMap<&'a str, Rate> {
        let mut m: BTreeMap<&str, Rate> = BTreeMap::new();
        for (c, o) in self.pairs() {
            m.entry(c.capability.as_str()).or_default().add(o.passed());
        }
        m
    }

    fn concepts(&self) -> BTreeMap<&'a str, Rate> {
        let mut m: BTreeMap<&str, Rate> = BTreeMap::new();
        for (c, o) in self.pairs() {
            m.entry(c.concept.as_str()).or_default().add(o.passed());
        }
        m
    }

    fn matrix(&self) -> BTreeMap<(&'a str, &'a str), Rate> {
        let mut m: BTreeMap<(&str, &str), Rate> = BTreeMap::new();
        for (c, o) in self.pairs() {
            m.entry((c.concept.as_str(), c.capability.as_str()))
                .or_default()
                .add(o.passed());
        }
        m
    }

    pub fn render(&self, spec: &Spec, all_failures: bool) -> String {
        let mut out = String::new();
        let documents: std::collections::HashSet<&str> =
            self.cases.iter().map(|c| c.text.as_str()).collect();
        let _ = writeln!(
            out,
            "behavioural suite: {} cases, {} documents, {} passed overall\n",
            self.cases.len(),
            documents.len(),
            self.overall()
        );
        let _ = writeln!(out, "{:<16} pass rate", "capability");
        for (cap, rate) in self.capabilities() {
            let _ = writeln!(out, "{cap:<16} {rate}");
        }
        out.push('\n');
        self.render_concepts(spec, &mut out);
        self.render_failures(all_failures, &mut out);
        out
    }

    /// One row per concept: its pass rate, then its rate in each capability.
    fn render_concepts(&self, spec: &Spec, out: &mut String) {
        let caps: Vec<&String> = spec.capabilities.keys().collect();
        let _ = write!(out, "{:<42} {:<18}", "concept", "all");
        for cap in &caps {
            let _ = write!(out, " {:>11}", short(cap));
        }
        out.push('\n');
        let matrix = self.matrix();
        for (concept, rate) in self.concepts() {
            let _ = write!(out, "{concept:<42} {:<18}", rate.to_string());
            for cap in &caps {
                let cell = match matrix.get(&(concept, cap.as_str())) {
                    Some(r) => format!("{:.0}% {:>3}", r.share() * 100.0, r.total),
                    None if matches(&spec.capabilities[*cap], concept) => "none".to_string(),
                    None => "-".to_string(),
                };
                let _ = write!(out, " {cell:>11}");
            }
            out.push('\n');
        }
        out.push('\n');
    }

    /// Failures taken in turn from each (concept, capability) group, so the
    /// first screenful shows every kind of failure rather than the first
    /// concept's.
    fn render_failures(&self, all: bool, out: &mut String) {
        let mut groups: BTreeMap<(&str, &str), Vec<(&Case, &Outcome)>> = BTreeMap::new();
        for (c, o) in self.pairs().filter(|(_, o)| !o.passed()) {
            groups
                .entry((c.concept.as_str(), c.capability.as_str()))
                .or_default()
                .push((c, o));
        }
        let total: usize = groups.values().map(Vec::len).sum();
        let limit = if all {
            total
        } else {
            total.min(FAILURES_SHOWN)
        };
        let _ = writeln!(
            out,
            "failures: {total} (showing {limit}; BEHAVIOUR_FAILURES=all shows all)"
        );
        let mut shown = 0;
        for round in 0.. {
            if shown >= limit {
                break;
            }
            for failures in groups.values() {
                if let Some((c, o)) = failures.get(round)
                    && shown < limit
                {
                    render_failure(c, o, out);
                    shown += 1;
                }
            }
        }
    }
}

fn short(capability: &str) -> &str {
    match capability {
        "vocabulary" => "vocab",
        "word-forms" => "forms",
        "directional" => "direct",
        "permission" => "permit",
        "structure" => "struct",
        other => other,
    }
}

fn render_failure(case: &Case, outcome: &Outcome, out: &mut String) {
    let e = &case.expect;
    let mut expected = e.status.as_str().to_string();
    if !e.features.is_empty() {
        let _ = write!(expected, " [{}]", e.features.join(", "));
    }
    if let Some(f) = &e.finding {
        let _ = write!(expected, " + finding {f}");
    }
    let mut got = outcome.status.as_str().to_string();
    if !outcome.features.is_empty() {
        let _ = write!(got, " [{}]", outcome.features.join(", "));
    }
    // Only the findings the case judges: every document has many
    // `missing` findings for the concepts it does not try to express.
    let judged: Vec<&str> = outcome
        .findings
        .iter()
        .filter(|f| e.finding.as_ref() == Some(*f) || e.forbid.contains(f))
        .map(String::as_str)
        .collect();
    if !judged.is_empty() {
        let _ = write!(got, " + finding {}", judged.join(", "));
    }
    let _ = writeln!(
        out,
        "- {} ({})\n  expected {expected}; got {got} ({})\n  | {}",
        case.name,
        case.capability,
        outcome.reasons.join("; "),
        body_excerpt(&case.text)
    );
}

/// The document without its front matter and title, on one line (`¶`
/// between blocks, `\\n` for a line break, `\\t` for a tab), cut short.
fn body_excerpt(text: &str) -> String {
    let body = match text.strip_prefix("---\n") {
        Some(rest) => rest.split_once("\n---\n").map_or(rest, |(_, b)| b),
        None => text,
    };
    // Drop the title line.
    let body = body.trim_start().split_once('\n').map_or(body, |(_, b)| b);
    let flat = body
        .trim()
        .replace("\n\n", " ¶ ")
        .replace('\n', "\\n")
        .replace('\t', "\\t");
    if flat.chars().count() > BODY_SHOWN {
        let cut: String = flat.chars().take(BODY_SHOWN).collect();
        format!("{cut}…")
    } else {
        flat
    }
}
