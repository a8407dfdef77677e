//! What every subcommand sets up first: the configuration (discovered or
//! named) and the packs (built-in, the config's, `--rules`), with the
//! config's rule settings applied.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clauselint::Packs;
use clauselint::config::{Config, Date};
use clauselint::packs::{PackError, PackSource};
use clauselint::report::escape::terminal_line;
use miette::Diagnostic;

use super::args::PackArgs;
use super::render_diagnostic;

pub struct Setup {
    pub packs: Arc<Packs>,
    pub config: Config,
}

/// Where the problems met while loading go: `clauselint check` and the
/// other commands print them on standard error, the language server shows
/// them to the user.
pub trait Problems {
    /// A problem that stops the load.
    fn error(&mut self, diagnostic: &dyn Diagnostic);
    /// Something the load passed over (a configuration someone else owns);
    /// paths in it are escaped already.
    fn note(&mut self, message: &str);
}

/// Problems printed on standard error.
struct Stderr;

impl Problems for Stderr {
    fn error(&mut self, diagnostic: &dyn Diagnostic) {
        let _ = write!(std::io::stderr(), "{}", render_diagnostic(diagnostic));
    }

    fn note(&mut self, message: &str) {
        let _ = writeln!(std::io::stderr(), "note: {message}");
    }
}

/// Loads the configuration and packs; prints the problems and returns None
/// if either cannot be loaded.
pub fn load(args: &PackArgs) -> Option<Setup> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    load_from(args, &cwd, &mut Stderr)
}

/// Loads the configuration (discovered from `start` unless named or
/// switched off) and packs; hands each problem to `problems` and returns
/// None if either cannot be loaded. The language server starts from its
/// workspace root and shows the problems to the user; the checks of the
/// configuration (ownership, packs confined to its directory, bounded
/// files and globs) are the same for both.
pub fn load_from(args: &PackArgs, start: &Path, problems: &mut dyn Problems) -> Option<Setup> {
    let path = match (&args.config, args.no_config) {
        (Some(p), _) => Some(p.clone()),
        (None, true) => None,
        (None, false) => discover(start, problems),
    };
    let mut fail = |e: PackError| problems.error(&e.report());
    let config = match &path {
        Some(p) => Config::load(p).map_err(&mut fail).ok()?,
        None => Config::defaults(start),
    };
    let mut sources: Vec<PackSource> = config
        .read_packs(args.allow_outside_packs)
        .map_err(&mut fail)
        .ok()?;
    // Packs named on the command line are the user's: read from anywhere.
    for p in &args.rules {
        sources.extend(PackSource::read(p).map_err(&mut fail).ok()?);
    }
    let mut packs = Packs::load(&sources).map_err(&mut fail).ok()?;
    if let Some(p) = Arc::get_mut(&mut packs) {
        config.apply(p).map_err(&mut fail).ok()?;
    }
    Some(Setup { packs, config })
}

/// The configuration found from `start` up, with a note for each one
/// passed over because someone else owns it.
pub fn discover(start: &Path, problems: &mut dyn Problems) -> Option<PathBuf> {
    let discovery = clauselint::config::discover(start);
    for ignored in &discovery.ignored {
        problems.note(&format!(
            "ignoring the configuration {}: it is owned by user {}, not by you, root or \
             the owner of {} (name it with --config to use it)",
            terminal_line(&ignored.path.display().to_string()),
            ignored.owner,
            terminal_line(&start.display().to_string()),
        ));
    }
    discovery.found
}

/// Checks `CLAUSELINT_TODAY`: unset, or a real date written `YYYY-MM-DD`.
pub fn check_today() -> Result<(), String> {
    let Some(value) = std::env::var_os("CLAUSELINT_TODAY") else {
        return Ok(());
    };
    match value.to_str().and_then(Date::parse) {
        Some(_) => Ok(()),
        None => Err(format!(
            "CLAUSELINT_TODAY={:?} is not a date: give one such as 2027-06-30, or unset it \
             for today's date",
            value.to_string_lossy()
        )),
    }
}

/// Today, for waiver expiry: `CLAUSELINT_TODAY=YYYY-MM-DD` (for tests and
/// reproducible runs; checked by [`check_today`] before a command runs) or
/// the system clock.
pub fn today() -> Date {
    std::env::var("CLAUSELINT_TODAY")
        .ok()
        .and_then(|d| Date::parse(&d))
        .unwrap_or_else(Date::today)
}

/// Writes `clauselint.toml` with the commented template. Never through a
/// symbolic link: a repository can hold `clauselint.toml -> ~/.bashrc`.
pub fn init(force: bool) -> u8 {
    let path = Path::new("clauselint.toml");
    let existing = match std::fs::symlink_metadata(path) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            super::error(format!("cannot write clauselint.toml: {e}"));
            return super::EXIT_ERROR;
        }
    };
    let refusal = match &existing {
        Some(m) if m.file_type().is_symlink() => Some(format!(
            "clauselint.toml is a symbolic link (to {}): not written through",
            std::fs::read_link(path).map_or_else(
                |_| "?".into(),
                |t| terminal_line(&t.display().to_string()).into_owned()
            )
        )),
        Some(m) if !m.is_file() => Some("clauselint.toml exists and is not a regular file".into()),
        Some(_) if !force => {
            Some("clauselint.toml already exists (use --force to overwrite it)".into())
        }
        _ => None,
    };
    if let Some(refusal) = refusal {
        super::error(refusal);
        return super::EXIT_ERROR;
    }
    match write_init(path, existing.is_some()) {
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

/// Creates the file (never following a link: `O_EXCL`), or overwrites the
/// regular file there (`O_NOFOLLOW`: a link put there meanwhile is refused).
fn write_init(path: &Path, overwrite: bool) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if overwrite {
        options.truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
        }
    } else {
        options.create_new(true);
    }
    let mut file = options.open(path)?;
    file.write_all(clauselint::config::INIT_TEMPLATE.as_bytes())?;
    file.sync_all()
}
