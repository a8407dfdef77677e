//! `clauselint check`: inputs → documents checked in parallel → output in
//! input order → exit code.

use std::io::{self, BufWriter, Write};

use clauselint::report::{FileError, Human, HumanOptions, Json, Renderer, Summary};
use clauselint::{CheckOptions, KindSource, Selection, Severity, check};
use rayon::prelude::*;

use super::args::{CheckArgs, FailOn, OutputFormat};
use super::input::{self, Input};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, load_packs, use_color, write_out};

/// Documents checked per parallel batch: bounds memory to a batch's reports.
const BATCH: usize = 256;

pub fn run(args: CheckArgs) -> u8 {
    let Some(packs) = load_packs(&args.pack_args) else {
        return EXIT_ERROR;
    };
    // Unknown packs or rules in the selection are usage errors.
    for p in &args.packs {
        if !packs.packs.iter().any(|x| x.id == *p) {
            super::error(format!(
                "unknown pack `{p}` (loaded: {})",
                packs
                    .packs
                    .iter()
                    .map(|x| x.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            return EXIT_ERROR;
        }
    }
    for r in &args.rules_selected {
        if packs.rule(r).is_none() {
            super::error(format!("unknown rule `{r}` (see `clauselint rules`)"));
            return EXIT_ERROR;
        }
    }
    let options = CheckOptions {
        kind: args.kind.map(|k| (k, KindSource::Cli)),
        selection: Selection {
            packs: args.packs.clone(),
            rules: args.rules_selected.clone(),
        },
        trace: args.trace.clone(),
    };
    if let Some(t) = &args.trace
        && packs.rule(t).is_none()
    {
        super::error(format!(
            "unknown rule `{t}` for --trace (see `clauselint rules`)"
        ));
        return EXIT_ERROR;
    }
    let (inputs, mut errors) = input::collect(&args.paths, args.stdin_filename.as_deref());

    let renderer: Box<dyn Renderer> = match args.format {
        OutputFormat::Human => Box::new(Human::new(HumanOptions {
            color: use_color(args.color),
            coverage: args.coverage,
            width: None,
        })),
        OutputFormat::Json => Box::new(Json),
    };
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            super::error(format!("cannot start worker threads: {e}"));
            return EXIT_ERROR;
        }
    };

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut summary = Summary::default();
    let mut worst: Option<Severity> = None;
    let mut index = 0usize;
    // Errors found while collecting inputs are reported first.
    if !renderer.reports_errors() {
        for e in &errors {
            eprint!("{}", e.rendered.as_deref().unwrap_or(&e.message));
        }
    }
    if write_out(&mut out, &renderer.header()).is_err() {
        return EXIT_CLEAN;
    }
    for batch in inputs.chunks(BATCH) {
        type Checked = (String, Summary, Option<Severity>, String);
        let results: Vec<Result<Checked, FileError>> = pool.install(|| {
            batch
                .par_iter()
                .map(|input| check_one(input, &packs, &options))
                .map(|r| {
                    r.map(|report| {
                        let mut s = Summary::default();
                        s.add(&report);
                        let worst = report.findings.iter().map(|f| f.severity).max();
                        let trace: String = report
                            .trace
                            .iter()
                            .map(|t| {
                                format!(
                                    "trace {}:{}: {} pattern {}, anchor `{}`: {}\n",
                                    report.path, t.line, t.rule, t.pattern, t.anchor, t.outcome
                                )
                            })
                            .collect();
                        (renderer.document(&report), s, worst, trace)
                    })
                })
                .collect()
        });
        for r in results {
            match r {
                Ok((text, s, w, trace)) => {
                    if !trace.is_empty() {
                        let _ = out.flush();
                        eprint!("{trace}");
                    }
                    if index > 0 && write_out(&mut out, renderer.separator()).is_err() {
                        return EXIT_CLEAN;
                    }
                    index += 1;
                    merge(&mut summary, &s);
                    worst = worst.max(w);
                    if write_out(&mut out, &text).is_err() {
                        return EXIT_CLEAN;
                    }
                }
                Err(e) => {
                    summary.input_errors += 1;
                    if !renderer.reports_errors() {
                        let _ = out.flush();
                        eprint!("{}", e.rendered.as_deref().unwrap_or(&e.message));
                    }
                    errors.push(e);
                }
            }
        }
    }
    summary.input_errors = errors.len();
    if write_out(&mut out, &renderer.footer(&summary, &errors)).is_err() {
        return EXIT_CLEAN;
    }
    let _ = out.flush();
    if !errors.is_empty() {
        return EXIT_ERROR;
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Note => Some(Severity::Note),
        FailOn::Never => None,
    };
    match (worst, threshold) {
        (Some(w), Some(t)) if w >= t => EXIT_FINDINGS,
        _ => EXIT_CLEAN,
    }
}

fn merge(total: &mut Summary, s: &Summary) {
    total.documents += s.documents;
    total.errors += s.errors;
    total.warnings += s.warnings;
    total.notes += s.notes;
    total.missing += s.missing;
    total.weak += s.weak;
    total.permitted += s.permitted;
}

fn check_one(
    input: &Input,
    packs: &clauselint::Packs,
    options: &CheckOptions,
) -> Result<clauselint::DocumentReport, FileError> {
    let (source, format) = input::read(input)?;
    check(&source, format, packs, options)
        .map_err(|e| input::placed_error(&source, &e.message, e.span))
}
