//! What every subcommand sets up first: the configuration (discovered or
//! named) and the packs (built-in, the config's, `--rules`), with the
//! config's rule settings applied.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clauselint::Packs;
use clauselint::config::{Config, Date};
use clauselint::packs::{PackError, PackSource};

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
    let path = match (&args.config, args.no_config) {
        (Some(p), _) => Some(p.clone()),
        (None, true) => None,
        (None, false) => discover(&cwd),
    };
    let config = match &path {
        Some(p) => Config::load(p).map_err(|e| print_error(&e)).ok()?,
        None => Config::defaults(&cwd),
    };
    let mut sources: Vec<PackSource> = config
        .read_packs(args.allow_outside_packs)
        .map_err(|e| print_error(&e))
        .ok()?;
    // Packs named on the command line are the user's: read from anywhere.
    for p in &args.rules {
        sources.extend(PackSource::read(p).map_err(|e| print_error(&e)).ok()?);
    }
    let mut packs = Packs::load(&sources).map_err(|e| print_error(&e)).ok()?;
    if let Some(p) = Arc::get_mut(&mut packs) {
        config.apply(p).map_err(|e| print_error(&e)).ok()?;
    }
    Some(Setup { packs, config })
}

fn print_error(e: &PackError) {
    let _ = write!(std::io::stderr(), "{}", render_diagnostic(&e.report()));
}

/// The configuration found from `cwd` up, with a note on stderr for each
/// one passed over because someone else owns it.
fn discover(cwd: &Path) -> Option<PathBuf> {
    let discovery = clauselint::config::discover(cwd);
    let mut stderr = std::io::stderr().lock();
    for ignored in &discovery.ignored {
        let _ = writeln!(
            stderr,
            "note: ignoring the configuration {}: it is owned by user {}, not by you, root or \
             the owner of {} (name it with --config to use it)",
            shown(&ignored.path.display().to_string()),
            ignored.owner,
            shown(&cwd.display().to_string()),
        );
    }
    discovery.found
}

/// A path or message for a terminal or CI log: control characters and the
/// characters that reorder text (bidirectional controls) written as
/// `\u{…}`, so that a directory name cannot move the cursor, clear the
/// screen or inject a workflow command.
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let reorders = matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || reorders {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
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
            std::fs::read_link(path)
                .map_or_else(|_| "?".into(), |t| shown(&t.display().to_string()))
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
