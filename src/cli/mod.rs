//! Dispatch, pack loading and error printing for every subcommand.

mod args;
mod check;
mod eval;
mod input;
mod lsp;
mod output;
mod rules;
mod setup;
mod test;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use clauselint::Packs;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

use args::{Cli, ColorChoice, Command, PackArgs};

/// Exit codes: 0 clean, 1 findings at or above the fail level, 2 usage,
/// configuration or input error.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Check(a) => check::run(a),
        Command::Rules(a) => rules::list(a),
        Command::Explain(a) => rules::explain(a),
        Command::Eval(a) => eval::run(a),
        Command::Test(a) => test::run(a),
        Command::Init(a) => setup::init(a.force),
        Command::Lsp(a) => lsp::run(a),
    };
    ExitCode::from(code)
}

/// Whether to colour output written to stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    }
}

fn stderr_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stderr().is_terminal()
}

/// Renders a diagnostic for stderr.
pub fn render_diagnostic(diag: &dyn Diagnostic) -> String {
    let theme = if stderr_color() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    if GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .render_report(&mut out, diag)
        .is_err()
    {
        out = format!("{diag}\n");
    }
    out
}

/// Prints an error message to stderr.
pub fn error(message: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "error: {message}");
}

/// Loads the configuration and the packs (see [`setup`]); prints the
/// problems and returns None if they cannot be loaded.
pub fn load_packs(args: &PackArgs) -> Option<Arc<Packs>> {
    setup::load(args).map(|s| s.packs)
}

/// Writes to stdout; a closed pipe (`clauselint … | head`) is not an error.
/// Writes to standard output. On failure: `Err(true)` for a closed pipe
/// (`clauselint … | head`: stop quietly), `Err(false)` otherwise (reported).
pub fn write_out(out: &mut impl Write, text: &str) -> Result<(), bool> {
    match out.write_all(text.as_bytes()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(true),
        Err(e) => {
            error(format!("cannot write output: {e}"));
            Err(false)
        }
    }
}
