//! `clauselint check`: configuration and packs → inputs → documents checked
//! in parallel → output in input order → exit code.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use clauselint::config::{Config, Date, FailOn as ConfigFailOn};
use clauselint::report::{FileError, Human, HumanOptions, Json, Renderer, Summary};
use clauselint::{CheckOptions, DocumentReport, KindSource, Packs, Selection, Severity, check};
use rayon::prelude::*;

use super::args::{CheckArgs, FailOn, OutputFormat};
use super::input::{self, Input};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, setup, use_color, write_out};

/// Documents checked per parallel batch: bounds memory to a batch's reports.
const BATCH: usize = 256;

/// One checked document, rendered, with what the run needs to know of it.
struct Checked {
    text: String,
    summary: Summary,
    /// Worst severity among findings that count (not waived).
    worst: Option<Severity>,
    trace: String,
    waivers_used: Vec<bool>,
}

pub fn run(args: CheckArgs) -> u8 {
    let Some(setup) = setup::load(&args.pack_args) else {
        return EXIT_ERROR;
    };
    let packs = &setup.packs;
    let config = &setup.config;
    // Unknown packs or rules in the selection are usage errors.
    for p in &args.packs {
        if !packs.packs.iter().any(|x| x.id == *p) {
            let loaded: Vec<&str> = packs.packs.iter().map(|x| x.id.as_str()).collect();
            super::error(format!(
                "unknown pack `{p}` (loaded: {})",
                loaded.join(", ")
            ));
            return EXIT_ERROR;
        }
    }
    for r in args.rules_selected.iter().chain(args.trace.iter()) {
        if packs.rule(r).is_none() {
            super::error(format!("unknown rule `{r}` (see `clauselint rules`)"));
            return EXIT_ERROR;
        }
    }
    // The command line's selection wins over the config's `enable`.
    let selection = if args.packs.is_empty() && args.rules_selected.is_empty() {
        Selection {
            packs: config
                .enable
                .iter()
                .filter(|e| !e.contains('/'))
                .cloned()
                .collect(),
            rules: config
                .enable
                .iter()
                .filter(|e| e.contains('/'))
                .cloned()
                .collect(),
        }
    } else {
        Selection {
            packs: args.packs.clone(),
            rules: args.rules_selected.clone(),
        }
    };
    let base = CheckOptions {
        kind: args.kind.map(|k| (k, KindSource::Cli)),
        selection,
        trace: args.trace.clone(),
    };
    let fail_on = match args.fail_on {
        Some(FailOn::Error) => ConfigFailOn::Error,
        Some(FailOn::Warning) => ConfigFailOn::Warning,
        Some(FailOn::Note) => ConfigFailOn::Note,
        Some(FailOn::Never) => ConfigFailOn::Never,
        None => config.fail_on.unwrap_or(ConfigFailOn::Warning),
    };
    let today = setup::today();

    let (inputs, mut errors) = input::collect(&args.paths, args.stdin_filename.as_deref(), &|p| {
        config.selects(p)
    });

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
    let mut waivers_used = vec![false; config.waivers.len()];
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
        let results: Vec<Result<Checked, FileError>> = pool.install(|| {
            batch
                .par_iter()
                .map(|input| check_one(input, packs, config, &base, today, renderer.as_ref()))
                .collect()
        });
        for r in results {
            match r {
                Ok(c) => {
                    if !c.trace.is_empty() {
                        let _ = out.flush();
                        eprint!("{}", c.trace);
                    }
                    if index > 0 && write_out(&mut out, renderer.separator()).is_err() {
                        return EXIT_CLEAN;
                    }
                    index += 1;
                    summary.merge(&c.summary);
                    worst = worst.max(c.worst);
                    for (u, used) in waivers_used.iter_mut().zip(&c.waivers_used) {
                        *u |= used;
                    }
                    if write_out(&mut out, &c.text).is_err() {
                        return EXIT_CLEAN;
                    }
                }
                Err(e) => {
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
    report_waivers(config, &waivers_used, today, !inputs.is_empty());
    if !errors.is_empty() {
        return EXIT_ERROR;
    }
    match worst {
        Some(w) if fail_on.fails(w) => EXIT_FINDINGS,
        _ => EXIT_CLEAN,
    }
}

fn check_one(
    input: &Input,
    packs: &Packs,
    config: &Config,
    base: &CheckOptions,
    today: Date,
    renderer: &dyn Renderer,
) -> Result<Checked, FileError> {
    let (source, format) = input::read(input)?;
    // The config's [[kinds]] give a kind when the command line does not.
    let mut options = base.clone();
    if options.kind.is_none() {
        if let Input::File(p) = input {
            if let Some(k) = config.kind_for(p) {
                options.kind = Some((k, KindSource::Config));
            }
        } else if let Some(k) = config.kind_for(Path::new(source.name())) {
            options.kind = Some((k, KindSource::Config));
        }
    }
    let mut report: DocumentReport = check(&source, format, packs, &options)
        .map_err(|e| input::placed_error(&source, &e.message, e.span))?;
    let waivers_used = config.apply_waivers(&mut report, today);
    let mut summary = Summary::default();
    summary.add(&report);
    let worst = report
        .findings
        .iter()
        .filter(|f| !f.waived)
        .map(|f| f.severity)
        .max();
    let trace = report
        .trace
        .iter()
        .map(|t| {
            format!(
                "trace {}:{}: {} pattern {}, anchor `{}`: {}\n",
                report.path, t.line, t.rule, t.pattern, t.anchor, t.outcome
            )
        })
        .collect();
    Ok(Checked {
        text: renderer.document(&report),
        summary,
        worst,
        trace,
        waivers_used,
    })
}

/// Expired waivers, and (after a run that checked something) unused ones,
/// as notes on stderr pointing into the config file.
fn report_waivers(config: &Config, used: &[bool], today: Date, checked_any: bool) {
    let Some(path) = &config.path else { return };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let source = clauselint::SourceFile::new(path.display().to_string(), text);
    for (span, message) in config.waiver_problems(used, today) {
        if !checked_any && !message.contains("expired") {
            continue;
        }
        let pos = source.position(span.start);
        eprintln!(
            "note: {}:{}:{}: {message}",
            source.name(),
            pos.line,
            pos.column
        );
    }
}
