//! What every subcommand sets up first: the configuration (discovered or
//! named) and the packs (built-in, the config's, `--rules`), with the
//! config's rule settings applied.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clauselint::Packs;
use clauselint::config::{Config, Date};
use clauselint::packs::PackSource;
use miette::Diagnostic;

use super::args::PackArgs;
use super::render_diagnostic;

pub struct Setup {
    pub packs: Arc<Packs>,
    pub config: Config,
}

/// Loads the configuration and packs; prints the problems and returns None
/// if either cannot be loaded.
pub fn load(args: &PackArgs) -> Option<Setup> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    load_from(args, &cwd, &mut |d| {
        let _ = write!(std::io::stderr(), "{}", render_diagnostic(d));
    })
}

/// Loads the configuration (discovered from `start` unless named or
/// switched off) and packs; hands each problem to `report` and returns None
/// if either cannot be loaded. The language server starts from its
/// workspace root and shows the problems to the user.
pub fn load_from(
    args: &PackArgs,
    start: &Path,
    report: &mut dyn FnMut(&dyn Diagnostic),
) -> Option<Setup> {
    let path = match (&args.config, args.no_config) {
        (Some(p), _) => Some(p.clone()),
        (None, true) => None,
        (None, false) => clauselint::config::discover(start),
    };
    let (config, text) = match &path {
        Some(p) => match Config::load(p) {
            Ok(c) => (c, std::fs::read_to_string(p).unwrap_or_default()),
            Err(e) => {
                report(&e.report());
                return None;
            }
        },
        None => (Config::defaults(start), String::new()),
    };
    let mut sources: Vec<PackSource> = Vec::new();
    for p in config.packs.iter().chain(args.rules.iter()) {
        match PackSource::read(p) {
            Ok(s) => sources.extend(s),
            Err(e) => {
                report(&e.report());
                return None;
            }
        }
    }
    let mut packs = match Packs::load(&sources) {
        Ok(p) => p,
        Err(e) => {
            report(&e.report());
            return None;
        }
    };
    if let Some(p) = Arc::get_mut(&mut packs)
        && let Err(e) = config.apply(p, &text)
    {
        report(&e.report());
        return None;
    }
    Some(Setup { packs, config })
}

/// Today, for waiver expiry: `CLAUSELINT_TODAY=YYYY-MM-DD` (for tests and
/// reproducible runs) or the system clock.
pub fn today() -> Date {
    std::env::var("CLAUSELINT_TODAY")
        .ok()
        .and_then(|d| Date::parse(&d))
        .unwrap_or_else(Date::today)
}

/// Writes `clauselint.toml` with the commented template.
pub fn init(force: bool) -> u8 {
    let path = Path::new("clauselint.toml");
    if path.exists() && !force {
        super::error("clauselint.toml already exists (use --force to overwrite it)");
        return super::EXIT_ERROR;
    }
    match std::fs::write(path, clauselint::config::INIT_TEMPLATE) {
        Ok(()) => {
            let _ = writeln!(std::io::stdout(), "wrote clauselint.toml");
            super::EXIT_CLEAN
        }
        Err(e) => {
            super::error(format!("cannot write clauselint.toml: {e}"));
            super::EXIT_ERROR
        }
    }
}
