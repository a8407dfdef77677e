//! `clauselint eval`: runs the check on every labelled document and compares
//! coverage statuses with the labels.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use clauselint::judge::Status;
use clauselint::{CheckOptions, DocKind, Format, KindSource, SourceFile, check};
use serde::Serialize;

use super::args::{EvalArgs, OutputFormat};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, load_packs};

/// A judged status, its features, and the deciding clause's text and line.
type Predicted = (Status, Vec<String>, Option<(String, usize)>);

struct Label {
    doc: String,
    concept: String,
    status: Status,
    features: Vec<String>,
}

#[derive(Debug, Default, Clone, Serialize)]
struct Counts {
    /// Labelled pairs.
    n: usize,
    /// Labelled present or weak.
    labelled_detected: usize,
    tp: usize,
    fp: usize,
    #[serde(rename = "fn")]
    fn_: usize,
    tn: usize,
    exact: usize,
    precision: f64,
    recall: f64,
    f1: f64,
    exact_accuracy: f64,
}

impl Counts {
    fn add(&mut self, gold: Status, pred: Status) {
        self.n += 1;
        let g = gold != Status::Missing;
        let p = pred != Status::Missing;
        if g {
            self.labelled_detected += 1;
        }
        match (g, p) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
        if gold == pred {
            self.exact += 1;
        }
    }

    fn finish(&mut self) {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        self.precision = ratio(self.tp, self.tp + self.fp);
        self.recall = ratio(self.tp, self.tp + self.fn_);
        self.f1 = if self.tp + self.fp + self.fn_ == 0 {
            1.0
        } else {
            2.0 * self.tp as f64 / (2 * self.tp + self.fp + self.fn_) as f64
        };
        self.exact_accuracy = ratio(self.exact, self.n);
    }
}

#[derive(Serialize)]
struct Mismatch {
    doc: String,
    concept: String,
    expected: Status,
    expected_features: Vec<String>,
    actual: Status,
    actual_features: Vec<String>,
    evidence: Option<String>,
    line: Option<usize>,
}

#[derive(Serialize)]
struct EvalReport {
    documents: usize,
    concepts: BTreeMap<String, Counts>,
    micro: Counts,
    /// Among pairs labelled weak and judged weak, how many name the same features.
    weak_feature_agreement: f64,
    mismatches: Vec<Mismatch>,
}

fn read_tsv(path: &Path) -> Result<Vec<Vec<String>>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect())
}

fn parse_status(s: &str) -> Option<Status> {
    match s {
        "present" => Some(Status::Present),
        "weak" => Some(Status::Weak),
        "missing" => Some(Status::Missing),
        _ => None,
    }
}

/// Manifest kinds as the labels README maps them.
fn map_kind(k: &str) -> DocKind {
    match k {
        "model-license" | "ethical-license" | "license" => DocKind::License,
        "privacy" | "other" => DocKind::Other,
        other => other.parse().unwrap_or(DocKind::Other),
    }
}

pub fn run(args: EvalArgs) -> u8 {
    let Some(packs) = load_packs(&args.pack_args) else {
        return EXIT_ERROR;
    };
    let rows = match read_tsv(&args.labels) {
        Ok(r) => r,
        Err(e) => {
            super::error(e);
            return EXIT_ERROR;
        }
    };
    let mut labels = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let (Some(doc), Some(concept), Some(status)) = (
            row.first(),
            row.get(1),
            row.get(2).and_then(|s| parse_status(s)),
        ) else {
            super::error(format!(
                "{}:{}: expected doc, concept, status columns",
                args.labels.display(),
                i + 2
            ));
            return EXIT_ERROR;
        };
        let features = row
            .get(3)
            .filter(|f| f.as_str() != "-")
            .map(|f| f.split(',').map(|x| x.trim().to_string()).collect())
            .unwrap_or_default();
        labels.push(Label {
            doc: doc.clone(),
            concept: concept.clone(),
            status,
            features,
        });
    }
    let mut manifest: HashMap<String, (PathBuf, DocKind)> = HashMap::new();
    if let Some(m) = &args.manifest {
        match read_tsv(m) {
            Ok(rows) => {
                for r in rows {
                    if let (Some(id), Some(file), Some(kind)) = (r.first(), r.get(1), r.get(2)) {
                        let name = Path::new(file)
                            .file_name()
                            .map(PathBuf::from)
                            .unwrap_or_default();
                        manifest.insert(id.clone(), (args.docs.join(name), map_kind(kind)));
                    }
                }
            }
            Err(e) => {
                super::error(e);
                return EXIT_ERROR;
            }
        }
    }
    let mut docs: Vec<String> = labels.iter().map(|l| l.doc.clone()).collect();
    docs.sort();
    docs.dedup();

    // Check every labelled document once.
    let mut predicted: HashMap<(String, String), Predicted> = HashMap::new();
    for doc in &docs {
        let (path, kind) = match manifest.get(doc) {
            Some((p, k)) => (p.clone(), Some(*k)),
            None => match ["md", "txt", "markdown"]
                .iter()
                .map(|e| args.docs.join(format!("{doc}.{e}")))
                .find(|p| p.exists())
            {
                Some(p) => (p, None),
                None => {
                    super::error(format!(
                        "no document for label id `{doc}` in {}",
                        args.docs.display()
                    ));
                    return EXIT_ERROR;
                }
            },
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                super::error(format!("cannot read {}: {e}", path.display()));
                return EXIT_ERROR;
            }
        };
        let name = path.display().to_string();
        let format = Format::from_path(&name);
        let source = SourceFile::new(name, text);
        let options = CheckOptions {
            kind: kind.map(|k| (k, KindSource::Config)),
            ..CheckOptions::default()
        };
        let report = match check(&source, format, &packs, &options) {
            Ok(r) => r,
            Err(e) => {
                super::error(format!("{}: {}", path.display(), e.message));
                return EXIT_ERROR;
            }
        };
        for c in &report.coverage {
            let ev = c.evidence.first().map(|e| (e.text.clone(), e.span.line));
            predicted.insert(
                (doc.clone(), c.concept.clone()),
                (c.status, c.features.clone(), ev),
            );
        }
    }

    let mut concepts: BTreeMap<String, Counts> = BTreeMap::new();
    let mut micro = Counts::default();
    let mut mismatches = Vec::new();
    let (mut weak_both, mut weak_same) = (0usize, 0usize);
    for l in &labels {
        let (pred, feats, ev) = predicted
            .get(&(l.doc.clone(), l.concept.clone()))
            .cloned()
            .unwrap_or((Status::Missing, Vec::new(), None));
        concepts
            .entry(l.concept.clone())
            .or_default()
            .add(l.status, pred);
        micro.add(l.status, pred);
        if l.status == Status::Weak && pred == Status::Weak {
            weak_both += 1;
            let known: Vec<&String> = l
                .features
                .iter()
                .filter(|f| !f.starts_with("other:"))
                .collect();
            if known.iter().all(|f| feats.contains(f)) {
                weak_same += 1;
            }
        }
        if pred != l.status {
            mismatches.push(Mismatch {
                doc: l.doc.clone(),
                concept: l.concept.clone(),
                expected: l.status,
                expected_features: l.features.clone(),
                actual: pred,
                actual_features: feats,
                evidence: ev.as_ref().map(|e| e.0.clone()),
                line: ev.map(|e| e.1),
            });
        }
    }
    for c in concepts.values_mut() {
        c.finish();
    }
    micro.finish();
    let report = EvalReport {
        documents: docs.len(),
        concepts,
        micro,
        weak_feature_agreement: if weak_both == 0 {
            1.0
        } else {
            weak_same as f64 / weak_both as f64
        },
        mismatches: if args.mismatches {
            mismatches
        } else {
            Vec::new()
        },
    };

    let out = match args.format {
        OutputFormat::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        OutputFormat::Human => human(&report),
    };
    if super::print_out(&out, EXIT_CLEAN) != EXIT_CLEAN {
        return EXIT_ERROR;
    }

    let mut failed = Vec::new();
    if let Some(min) = args.min_detection_f1
        && report.micro.f1 < min
    {
        failed.push(format!("micro detection F1 {:.3} < {min}", report.micro.f1));
    }
    if let Some(min) = args.min_exact
        && report.micro.exact_accuracy < min
    {
        failed.push(format!(
            "exact-status accuracy {:.3} < {min}",
            report.micro.exact_accuracy
        ));
    }
    if let Some(min) = args.min_concept_f1 {
        for (name, c) in &report.concepts {
            if c.labelled_detected >= 3 && c.f1 < min {
                failed.push(format!("{name}: detection F1 {:.3} < {min}", c.f1));
            }
        }
    }
    if failed.is_empty() {
        EXIT_CLEAN
    } else {
        for f in &failed {
            super::error(format!("below the accuracy floor: {f}"));
        }
        EXIT_FINDINGS
    }
}

fn human(r: &EvalReport) -> String {
    let mut out = String::new();
    let w = r
        .concepts
        .keys()
        .map(|k| k.len())
        .max()
        .unwrap_or(10)
        .max(7);
    out.push_str(&format!(
        "{:<w$}  {:>3} {:>4}  {:>3} {:>3} {:>3} {:>3}  {:>5} {:>5} {:>5}  {:>5}\n",
        "concept", "n", "pos", "tp", "fp", "fn", "tn", "P", "R", "F1", "exact"
    ));
    let row = |name: &str, c: &Counts| {
        format!(
            "{name:<w$}  {:>3} {:>4}  {:>3} {:>3} {:>3} {:>3}  {:>5.3} {:>5.3} {:>5.3}  {:>5.3}\n",
            c.n,
            c.labelled_detected,
            c.tp,
            c.fp,
            c.fn_,
            c.tn,
            c.precision,
            c.recall,
            c.f1,
            c.exact_accuracy
        )
    };
    for (name, c) in &r.concepts {
        out.push_str(&row(name, c));
    }
    out.push_str(&row("micro (all pairs)", &r.micro));
    out.push_str(&format!(
        "\n{} documents, {} (document, concept) pairs. Detection = present or weak vs missing; exact = same status.\nWeak-feature agreement (labelled weak and judged weak, same feature ids): {:.3}\n",
        r.documents, r.micro.n, r.weak_feature_agreement
    ));
    if !r.mismatches.is_empty() {
        out.push_str("\nMismatches:\n");
        for m in &r.mismatches {
            out.push_str(&format!(
                "  {} {}: expected {}{} got {}{}",
                m.doc,
                m.concept,
                m.expected.as_str(),
                fmt_feats(&m.expected_features),
                m.actual.as_str(),
                fmt_feats(&m.actual_features)
            ));
            if let (Some(e), Some(line)) = (&m.evidence, m.line) {
                let short: String = e.chars().take(140).collect();
                out.push_str(&format!(
                    "\n      line {line}: {}",
                    short.replace('\n', " ")
                ));
            }
            out.push('\n');
        }
    }
    out
}

fn fmt_feats(f: &[String]) -> String {
    if f.is_empty() {
        String::new()
    } else {
        format!(" [{}]", f.join(","))
    }
}
