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
        Err(e) => return ExitCode::from(clap_exit(&e)),
    };
    if matches!(cli.command, Command::Check(_) | Command::Lsp(_))
        && let Err(message) = setup::check_today()
    {
        error(message);
        return ExitCode::from(EXIT_ERROR);
    }
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

/// Prints clap's error, help or version text; the exit code: 2 for an
/// error, or when the help cannot be written (a full disk; a closed pipe
/// is quiet), else 0.
fn clap_exit(e: &clap::Error) -> u8 {
    if e.use_stderr() {
        let _ = e.print();
        return EXIT_ERROR;
    }
    let written = e.print().and_then(|()| io::stdout().flush());
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            error(format!("cannot write output: {e}"));
            EXIT_ERROR
        }
        _ => EXIT_CLEAN,
    }
}

/// Writes a command's output to stdout and flushes it. The exit code:
/// `code`, or 2 when the output cannot be written (reported; a closed pipe,
/// as in `clauselint rules | head`, is quiet).
pub fn print_out(text: &str, code: u8) -> u8 {
    let mut out = io::stdout().lock();
    let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            error(format!("cannot write output: {e}"));
            EXIT_ERROR
        }
        _ => code,
    }
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

/// Prints an error message to stderr. Messages name paths and ids from the
/// checked repository: control characters are escaped.
pub fn error(message: impl std::fmt::Display) {
    let message = message.to_string();
    let _ = writeln!(
        io::stderr(),
        "error: {}",
        clauselint::report::escape::terminal_text(&message)
    );
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
