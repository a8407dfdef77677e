//! `clauselint check`: configuration and packs → inputs → documents checked
//! in parallel → output in input order → exit code.

use std::io::Write;
use std::path::Path;

use clauselint::config::{Config, Date, FailOn as ConfigFailOn, WaiverUse};
use clauselint::report::escape::terminal_line;
use clauselint::report::{
    Concise, FileError, GitHub, Human, HumanOptions, JUnit, Json, JsonLines, Renderer, Sarif,
    Summary,
};
use clauselint::{CheckOptions, DocumentReport, KindSource, Packs, Selection, Severity, check};
use rayon::prelude::*;

use super::args::{CheckArgs, CheckFormat, FailOn};
use super::input::{self, Input};
use super::output::{self, Output};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, setup, use_color};

/// Documents checked per parallel batch: bounds memory to a batch's reports.
const BATCH: usize = 256;

/// One checked document, with what the run needs to know of it.
struct Checked {
    output: DocumentOutput,
    summary: Summary,
    /// Worst severity among findings that count (not waived).
    worst: Option<Severity>,
    trace: String,
    waivers: Vec<WaiverUse>,
}

/// A checked document's output: rendered by the worker that checked it,
/// or, when there is one worker, left for the main thread to render while
/// the worker checks the next document (rendering took 4–6% of a
/// one-thread run). With several workers each renders its own, so
/// rendering scales with them.
enum DocumentOutput {
    Rendered(String),
    Report(Box<DocumentReport>),
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
    let read_options = input::ReadOptions {
        encoding: args.encoding,
        max_file_size: args.max_file_size,
    };

    // An earlier report in a checked directory is not a document.
    let is_report = output::is_report(args.output.as_deref());
    let (inputs, mut errors) = input::collect(&args.paths, args.stdin_filename.as_deref(), &|p| {
        config.selects(p) && !is_report(p)
    });
    // The configuration in use, named in the outputs that have a place for
    // it (human, JSON, SARIF).
    let config_name = config.path.as_ref().map(|p| p.display().to_string());

    let renderer: Box<dyn Renderer> = match args.format {
        CheckFormat::Human => Box::new(
            Human::new(HumanOptions {
                // A file gets no colour codes unless asked for.
                color: use_color(args.color)
                    && (args.output.is_none() || args.color == super::args::ColorChoice::Always),
                coverage: args.coverage,
                width: None,
            })
            .with_config(config_name.clone()),
        ),
        CheckFormat::Concise => Box::new(Concise),
        CheckFormat::Json => Box::new(Json {
            config: config_name.clone(),
        }),
        CheckFormat::JsonLines => Box::new(JsonLines),
        CheckFormat::Sarif => {
            Box::new(Sarif::new(setup.packs.clone()).with_config(config_name.clone()))
        }
        CheckFormat::Github => Box::new(GitHub),
        CheckFormat::Junit => Box::new(JUnit),
    };
    let mut out = match Output::open(args.output.as_deref(), &inputs) {
        Ok(o) => o,
        Err(message) => {
            super::error(message);
            return EXIT_ERROR;
        }
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

    let mut summary = Summary::default();
    let mut worst: Option<Severity> = None;
    let mut waivers = vec![WaiverUse::default(); config.waivers.len()];
    // A separator goes between two documents that wrote something (SARIF
    // writes nothing for a clean document and joins results with commas).
    let mut wrote_document = false;
    // Errors found while collecting inputs are reported first.
    if !renderer.reports_errors() {
        for e in &errors {
            let _ = write!(
                std::io::stderr(),
                "{}",
                e.rendered.as_deref().unwrap_or(&e.message)
            );
        }
    }
    if let Err(stop) = out.write(&renderer.header()) {
        return stop;
    }
    // Each document is rendered (if its worker did not) and written as soon
    // as it and the ones before it are checked, while the pool checks the
    // next, and its text is freed then.
    let mut write_checked = |r: Result<Checked, FileError>| -> Result<(), u8> {
        match r {
            Ok(c) => {
                if !c.trace.is_empty() {
                    out.flush_stdout();
                    let _ = write!(std::io::stderr(), "{}", c.trace);
                }
                summary.merge(&c.summary);
                worst = worst.max(c.worst);
                for (u, used) in waivers.iter_mut().zip(&c.waivers) {
                    u.merge(*used);
                }
                let text = match c.output {
                    DocumentOutput::Rendered(text) => text,
                    DocumentOutput::Report(report) => renderer.document(&report),
                };
                if !text.is_empty() {
                    if wrote_document {
                        out.write(renderer.separator())?;
                    }
                    out.write(&text)?;
                    wrote_document = true;
                }
            }
            Err(e) => {
                if !renderer.reports_errors() {
                    out.flush_stdout();
                    let _ = write!(
                        std::io::stderr(),
                        "{}",
                        e.rendered.as_deref().unwrap_or(&e.message)
                    );
                }
                errors.push(e);
            }
        }
        Ok(())
    };
    let render_in_worker = pool.current_num_threads() > 1;
    for batch in inputs.chunks(BATCH) {
        let (done, checked) = std::sync::mpsc::channel();
        let written = pool.in_place_scope(|scope| {
            scope.spawn(|_| {
                batch
                    .par_iter()
                    .enumerate()
                    .for_each_with(done, |done, (i, input)| {
                        let r = render_in_worker.then_some(renderer.as_ref());
                        let result =
                            check_one(input, &read_options, packs, config, &base, today, r);
                        // The receiver is gone only after a write failed.
                        let _ = done.send((i, result));
                    });
            });
            // Documents finish out of order on several threads; they are
            // written in input order (a batch bounds how many wait).
            in_order(batch.len(), checked, &mut write_checked)
        });
        if let Err(stop) = written {
            return stop;
        }
    }
    summary.input_errors = errors.len();
    if let Err(stop) = out.write(&renderer.footer(&summary, &errors)) {
        return stop;
    }
    if let Err(stop) = out.finish() {
        return stop;
    }
    // A run limited to some rules says nothing of the others' waivers.
    if !args.packs.is_empty() || !args.rules_selected.is_empty() {
        for (u, w) in waivers.iter_mut().zip(&config.waivers) {
            u.covered &= selected(&w.rule, &args.packs, &args.rules_selected);
        }
    }
    report_waivers(config, &waivers, today);
    if !errors.is_empty() {
        return EXIT_ERROR;
    }
    match worst {
        Some(w) if fail_on.fails(w) => EXIT_FINDINGS,
        _ => EXIT_CLEAN,
    }
}

/// Hands items that arrive as `(index, item)` in any order to `write` in
/// index order, each as soon as every one before it has been written; stops
/// at the first error.
fn in_order<T, E>(
    len: usize,
    arrivals: impl IntoIterator<Item = (usize, T)>,
    mut write: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    let mut waiting: Vec<Option<T>> = std::iter::repeat_with(|| None).take(len).collect();
    let mut next = 0;
    for (i, item) in arrivals {
        waiting[i] = Some(item);
        while let Some(item) = waiting.get_mut(next).and_then(Option::take) {
            write(item)?;
            next += 1;
        }
    }
    Ok(())
}

fn check_one(
    input: &Input,
    read_options: &input::ReadOptions,
    packs: &Packs,
    config: &Config,
    base: &CheckOptions,
    today: Date,
    renderer: Option<&dyn Renderer>,
) -> Result<Checked, FileError> {
    let (source, format) = input::read_with(input, read_options)?;
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
    let waivers = config.apply_waivers(&mut report, today);
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
                terminal_line(&report.path),
                t.line,
                terminal_line(&t.rule),
                t.pattern,
                terminal_line(&t.anchor),
                terminal_line(&t.outcome)
            )
        })
        .collect();
    Ok(Checked {
        output: match renderer {
            Some(renderer) => DocumentOutput::Rendered(renderer.document(&report)),
            None => DocumentOutput::Report(Box::new(report)),
        },
        summary,
        worst,
        trace,
        waivers,
    })
}

/// Whether a waiver's rule (a rule or pack id) is among those a run
/// limited with `--pack`/`--rule` reports.
fn selected(waiver_rule: &str, packs: &[String], rules: &[String]) -> bool {
    let pack_of = |id: &str| id.split('/').next().unwrap_or(id).to_string();
    let waiver_pack = pack_of(waiver_rule);
    packs.contains(&waiver_pack)
        || rules
            .iter()
            .any(|r| r == waiver_rule || (!waiver_rule.contains('/') && pack_of(r) == waiver_pack))
}

/// Expired waivers, and waivers that waived nothing in documents the run
/// checked, as notes on stderr pointing into the config file.
fn report_waivers(config: &Config, uses: &[WaiverUse], today: Date) {
    let Some(path) = &config.path else { return };
    let shown = terminal_line(&path.display().to_string()).into_owned();
    let mut stderr = std::io::stderr().lock();
    for problem in config.waiver_problems(uses, today) {
        let _ = writeln!(
            stderr,
            "note: {shown}:{}:{}: {}",
            problem.line,
            problem.column,
            terminal_line(&problem.message)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::in_order;

    #[test]
    fn documents_are_written_in_input_order_as_soon_as_they_can_be() {
        // What was written after each arrival.
        let arrivals = [(2, 'c'), (0, 'a'), (1, 'b'), (4, 'e'), (3, 'd')];
        let written = std::cell::RefCell::new(String::new());
        let mut after_each = Vec::new();
        let result: Result<(), ()> = in_order(
            5,
            arrivals
                .into_iter()
                .inspect(|_| after_each.push(written.borrow().len())),
            |c| {
                written.borrow_mut().push(c);
                Ok(())
            },
        );
        assert_eq!(result, Ok(()));
        assert_eq!(written.into_inner(), "abcde");
        // Nothing before "a" came; "a", "b", "c" the moment "a" and "b" did.
        assert_eq!(after_each, [0, 0, 1, 3, 3]);
    }

    #[test]
    fn writing_stops_at_the_first_error() {
        let mut written = Vec::new();
        let result = in_order(3, [(0, 1), (1, 2), (2, 3)], |n| {
            if n == 2 {
                return Err("broken pipe");
            }
            written.push(n);
            Ok(())
        });
        assert_eq!(result, Err("broken pipe"));
        assert_eq!(written, [1]);
    }
}
