//! `clauselint test`: runs pack tests and prints each unmet expectation as a diff.

use std::io::Write;

use clauselint::packs::BUILTIN_TESTS;
use clauselint::{SourceFile, packtest};
use rayon::prelude::*;

use super::args::TestArgs;
use super::input::{self, Input};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, load_packs};

pub fn run(args: TestArgs) -> u8 {
    let Some(packs) = load_packs(&args.pack_args) else {
        return EXIT_ERROR;
    };
    // With no path: the built-in packs' own tests, embedded in the binary.
    let (outcomes, errors): (
        Vec<packtest::FileOutcome>,
        Vec<clauselint::report::FileError>,
    ) = if args.paths.is_empty() {
        let outcomes = BUILTIN_TESTS
            .par_iter()
            .map(|(name, text)| packtest::run(&SourceFile::new(*name, *text), &packs))
            .collect();
        (outcomes, Vec::new())
    } else {
        let (inputs, errors) = input::collect(&args.paths, None, &|_| true);
        for e in &errors {
            let _ = write!(
                std::io::stderr(),
                "{}",
                e.rendered.as_deref().unwrap_or(&e.message)
            );
        }
        let outcomes = inputs
            .par_iter()
            .filter(|i| matches!(i, Input::File(p) if p.extension().is_some_and(|e| e == "md" || e == "markdown")))
            .map(|i| match input::read(i) {
                Ok((source, _)) => packtest::run(&source, &packs),
                Err(e) => packtest::FileOutcome {
                    path: e.path.clone(),
                    expectations: 0,
                    failures: Vec::new(),
                    error: Some(e.message),
                },
            })
            .collect();
        (outcomes, errors)
    };
    let mut out = String::new();
    let (mut passed, mut failed, mut expectations) = (0, 0, 0);
    // Documents without expectations are not tests (READMEs, examples).
    let outcomes: Vec<_> = outcomes
        .into_iter()
        .filter(|o| o.expectations > 0 || o.error.is_some())
        .collect();
    for o in &outcomes {
        expectations += o.expectations;
        if o.passed() {
            passed += 1;
            if args.verbose {
                out.push_str(&format!(
                    "ok    {} ({} expectations)\n",
                    o.path, o.expectations
                ));
            }
            continue;
        }
        failed += 1;
        out.push_str(&format!("FAIL  {}\n", o.path));
        if let Some(e) = &o.error {
            out.push_str(&format!("      error: {e}\n"));
        }
        for f in &o.failures {
            out.push_str(&format!("      {}:{}: {}\n", o.path, f.line, f.concept));
            out.push_str(&format!("      - expected: {}\n", f.expected));
            out.push_str(&format!("      + actual:   {}\n", f.actual));
        }
    }
    out.push_str(&format!(
        "\n{} test documents: {passed} passed, {failed} failed ({expectations} expectations)\n",
        passed + failed
    ));
    let code = if !errors.is_empty() {
        EXIT_ERROR
    } else if failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    super::print_out(&out, code)
}
