//! Configuration: `clauselint.toml` (or `.clauselint.toml`), found in the
//! current directory or the nearest parent, and waivers for accepted
//! positions. Every key is documented in `docs/configuration.md`.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobMatcher};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::findings::{DocumentReport, WaiverInfo};
use crate::kind::DocKind;
use crate::packs::files::{self, Place};
use crate::packs::{FileRole, PackError, PackIssue, PackSource, Packs, Severity};

/// The longest glob accepted, in bytes: globset panics on patterns of about
/// 146 KB, and no path needs a pattern this long.
pub const MAX_GLOB_LEN: usize = 4096;

/// The most globs a configuration may hold (`include`, `exclude`,
/// `[[kinds]]` and `[[waiver]]` together): each is compiled, and tried on
/// every document.
pub const MAX_GLOBS: usize = 10_000;

/// File names looked for, in this order, in each directory up from the
/// current one.
pub const CONFIG_NAMES: &[&str] = &["clauselint.toml", ".clauselint.toml"];

type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    packs: Vec<S<String>>,
    #[serde(default)]
    fail_on: Option<S<String>>,
    #[serde(default)]
    include: Vec<S<String>>,
    #[serde(default)]
    exclude: Vec<S<String>>,
    #[serde(default)]
    rules: RulesSection,
    #[serde(default)]
    kinds: Vec<S<KindEntry>>,
    #[serde(default)]
    waiver: Vec<S<WaiverEntry>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RulesSection {
    #[serde(default)]
    enable: Vec<S<String>>,
    #[serde(default)]
    disable: Vec<S<String>>,
    #[serde(default)]
    severity: BTreeMap<S<String>, S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct KindEntry {
    glob: S<String>,
    kind: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct WaiverEntry {
    documents: S<String>,
    rule: S<String>,
    reason: S<String>,
    #[serde(default)]
    approved_by: Option<S<String>>,
    #[serde(default)]
    expires: Option<S<toml::value::Datetime>>,
}

/// When findings make the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

impl FailOn {
    pub fn parse(s: &str) -> Option<FailOn> {
        Some(match s {
            "error" => FailOn::Error,
            "warning" => FailOn::Warning,
            "note" => FailOn::Note,
            "never" => FailOn::Never,
            _ => return None,
        })
    }

    /// Whether a finding of this severity fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Note => true,
            FailOn::Never => false,
        }
    }
}

/// A calendar date (for waiver expiry), compared as (year, month, day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((secs / 86_400) as i64)
    }

    /// The civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Parses a calendar date written `YYYY-MM-DD`, as TOML writes one (the
    /// same parser as a waiver's `expires`): the day must exist in its
    /// month (`2031-02-31` does not), and no time or offset may follow.
    pub fn parse(s: &str) -> Option<Date> {
        let value: toml::value::Datetime = s.parse().ok()?;
        if value.time.is_some() || value.offset.is_some() {
            return None;
        }
        value.date.map(Date::from_toml)
    }

    fn from_toml(date: toml::value::Date) -> Date {
        Date {
            year: i32::from(date.year),
            month: date.month,
            day: date.day,
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A waiver: an accepted position, signed off, for some documents and a rule.
#[derive(Debug, Clone)]
pub struct Waiver {
    pub documents: String,
    matcher: GlobMatcher,
    pub rule: String,
    pub reason: String,
    pub approved_by: Option<String>,
    pub expires: Option<Date>,
    /// Where the waiver is written in the config file.
    pub span: Range<usize>,
}

/// A pack named by a configuration.
#[derive(Debug, Clone)]
pub struct ConfigPack {
    /// The path as written in the file.
    pub written: String,
    /// The same, joined to the configuration's directory.
    pub path: PathBuf,
    /// Where it is written in the file.
    pub span: Range<usize>,
}

/// A loaded configuration. Paths and globs in it are relative to `dir`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from (None: the defaults).
    pub path: Option<PathBuf>,
    /// The directory holding the file, absolute (canonical once loaded).
    pub dir: PathBuf,
    /// The working directory: relative document paths start there.
    cwd: PathBuf,
    /// The file's text, for diagnostics that point into it.
    text: Arc<str>,
    pub packs: Vec<ConfigPack>,
    pub fail_on: Option<FailOn>,
    include: Vec<GlobMatcher>,
    exclude: Vec<GlobMatcher>,
    /// Rule ids or pack ids to report; empty means all.
    pub enable: Vec<String>,
    pub disable: Vec<String>,
    pub severity: Vec<(String, Severity)>,
    kinds: Vec<(GlobMatcher, DocKind)>,
    pub waivers: Vec<Waiver>,
}

/// What [`discover`] found: the configuration to use, and the ones passed
/// over because someone else owns them.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    pub found: Option<PathBuf>,
    pub ignored: Vec<IgnoredConfig>,
}

/// A configuration file passed over by [`discover`].
#[derive(Debug, Clone)]
pub struct IgnoredConfig {
    pub path: PathBuf,
    /// The user id that owns it.
    pub owner: u32,
}

/// Looks for a config file in `start` and its parents. A file owned by
/// someone other than the current user, root, or the owner of `start` is
/// passed over (a `clauselint.toml` dropped in a shared parent directory
/// must not switch off the rules of everyone below it); the owner of
/// `start` counts so that root in a CI container can use the configuration
/// of a checkout owned by the runner's user.
pub fn discover(start: &Path) -> Discovery {
    let trusted = TrustedOwners::of(start);
    let mut discovery = Discovery::default();
    for dir in start.ancestors() {
        for name in CONFIG_NAMES {
            let path = dir.join(name);
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if !meta.is_file() {
                continue;
            }
            match trusted.refuses(&meta) {
                Some(owner) => discovery.ignored.push(IgnoredConfig { path, owner }),
                None => {
                    discovery.found = Some(path);
                    return discovery;
                }
            }
        }
    }
    discovery
}

/// Who may own a discovered configuration.
struct TrustedOwners {
    #[cfg(unix)]
    uids: [u32; 3],
}

impl TrustedOwners {
    fn of(start: &Path) -> TrustedOwners {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let me = rustix::process::geteuid().as_raw();
            let start_owner = std::fs::metadata(start).map_or(me, |m| m.uid());
            TrustedOwners {
                uids: [me, 0, start_owner],
            }
        }
        #[cfg(not(unix))]
        {
            let _ = start;
            TrustedOwners {}
        }
    }

    /// The owner of a file none of them owns.
    fn refuses(&self, meta: &std::fs::Metadata) -> Option<u32> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let owner = meta.uid();
            (!self.uids.contains(&owner)).then_some(owner)
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }
}

/// Compiles a glob of the configuration, bounded in length.
fn glob(pattern: &S<String>, issues: &mut Vec<PackIssue>) -> Option<GlobMatcher> {
    let text = pattern.get_ref();
    if text.len() > MAX_GLOB_LEN {
        issues.push(PackIssue::new(
            format!(
                "glob too long: {} bytes, over the limit of {MAX_GLOB_LEN}",
                text.len()
            ),
            pattern.span(),
        ));
        return None;
    }
    match Glob::new(text) {
        Ok(g) => Some(g.compile_matcher()),
        Err(e) => {
            issues.push(PackIssue::new(format!("invalid glob: {e}"), pattern.span()));
            None
        }
    }
}

/// Whether a waiver's reason says something: a character that is neither
/// white space, a control character nor invisible (zero width: format
/// characters such as U+200B, default-ignorable code points such as the
/// soft hyphen, combining marks on nothing).
fn visible(reason: &str) -> bool {
    use unicode_width::UnicodeWidthChar;
    reason
        .chars()
        .any(|c| !c.is_whitespace() && c.width().is_some_and(|w| w > 0))
}

/// `path` with `.` and `..` taken out, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Refuses control characters in a string of the configuration: TOML
/// escapes can write them, no setting needs them, and they would reach
/// terminals and CI logs in messages.
fn plain(value: &S<String>, issues: &mut Vec<PackIssue>) -> bool {
    match value.get_ref().chars().find(|c| c.is_control()) {
        None => true,
        Some(c) => {
            issues.push(PackIssue::new(
                format!("control character U+{:04X} in a string", u32::from(c)),
                value.span(),
            ));
            false
        }
    }
}

impl Config {
    /// No configuration: every default, paths relative to `dir`.
    pub fn defaults(dir: &Path) -> Config {
        let cwd = std::env::current_dir().unwrap_or_else(|_| dir.to_path_buf());
        Config {
            dir: normalize(&cwd.join(dir)),
            cwd,
            ..Config::default()
        }
    }

    /// Reads and validates a config file: a regular file of at most 4 MiB
    /// of text (see [`files::read_text`]).
    pub fn load(path: &Path) -> Result<Config, PackError> {
        let text = files::read_text(path, FileRole::Config)?;
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        // Canonical, so that a pack is judged inside or outside it after
        // every symbolic link is resolved.
        let dir = std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
        let mut config = Config::parse(&path.display().to_string(), &text, &dir)?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// The configuration's text as a source for diagnostics.
    fn source(&self) -> PackSource {
        let name = self.path.as_ref().map_or_else(
            || "clauselint.toml".to_string(),
            |p| p.display().to_string(),
        );
        PackSource::config(name, self.text.clone())
    }

    /// Parses config text; problems point into it.
    pub fn parse(name: &str, text: &str, dir: &Path) -> Result<Config, PackError> {
        let source = PackSource::config(name, text);
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            PackError::invalid(
                &source,
                vec![PackIssue::new(
                    e.message().trim().to_string(),
                    e.span().unwrap_or(0..0),
                )],
            )
        })?;
        let mut issues = Vec::new();
        let mut config = Config::defaults(dir);
        config.text = source.text.clone();
        config.read_settings(&file, &mut issues);
        if count_globs(&file, &mut issues) {
            config.read_globs(&file, &mut issues);
            config.read_waivers(&file, &mut issues);
        }
        if !issues.is_empty() {
            return Err(PackError::invalid(&source, issues));
        }
        Ok(config)
    }

    /// `packs`, `fail-on` and `[rules]`.
    fn read_settings(&mut self, file: &ConfigFile, issues: &mut Vec<PackIssue>) {
        for p in &file.packs {
            if plain(p, issues) {
                self.packs.push(ConfigPack {
                    written: p.get_ref().clone(),
                    path: self.dir.join(p.get_ref()),
                    span: p.span(),
                });
            }
        }
        if let Some(f) = &file.fail_on {
            match FailOn::parse(f.get_ref()) {
                Some(v) => self.fail_on = Some(v),
                None => issues.push(
                    PackIssue::new(format!("unknown fail-on value `{}`", f.get_ref()), f.span())
                        .help("expected error, warning, note or never"),
                ),
            }
        }
        let ids = |list: &[S<String>], issues: &mut Vec<PackIssue>| -> Vec<String> {
            list.iter()
                .filter(|r| plain(r, issues))
                .map(|r| r.get_ref().clone())
                .collect()
        };
        self.enable = ids(&file.rules.enable, issues);
        self.disable = ids(&file.rules.disable, issues);
        for (rule, sev) in &file.rules.severity {
            if !plain(rule, issues) {
                continue;
            }
            match sev.get_ref().parse::<Severity>() {
                Ok(s) => self.severity.push((rule.get_ref().clone(), s)),
                Err(e) => issues.push(PackIssue::new(e, sev.span())),
            }
        }
    }

    /// `include`, `exclude` and `[[kinds]]`.
    fn read_globs(&mut self, file: &ConfigFile, issues: &mut Vec<PackIssue>) {
        let globs = |list: &[S<String>], issues: &mut Vec<PackIssue>| -> Vec<GlobMatcher> {
            list.iter()
                .filter_map(|g| {
                    if plain(g, issues) {
                        glob(g, issues)
                    } else {
                        None
                    }
                })
                .collect()
        };
        self.include = globs(&file.include, issues);
        self.exclude = globs(&file.exclude, issues);
        for k in &file.kinds {
            let k = k.get_ref();
            let kind = match k.kind.get_ref().parse::<DocKind>() {
                Ok(kind) => kind,
                Err(e) => {
                    issues.push(PackIssue::new(e, k.kind.span()));
                    continue;
                }
            };
            if plain(&k.glob, issues)
                && let Some(m) = glob(&k.glob, issues)
            {
                self.kinds.push((m, kind));
            }
        }
    }

    /// `[[waiver]]` tables.
    fn read_waivers(&mut self, file: &ConfigFile, issues: &mut Vec<PackIssue>) {
        for w in &file.waiver {
            let span = w.span();
            let w = w.get_ref();
            let strings = [Some(&w.documents), Some(&w.rule), Some(&w.reason)];
            // Every string is checked, so that each problem is reported.
            let not_plain = strings
                .into_iter()
                .chain([w.approved_by.as_ref()])
                .flatten()
                .filter(|v| !plain(v, issues))
                .count();
            if !visible(w.reason.get_ref()) {
                issues.push(
                    PackIssue::new("a waiver needs a reason", w.reason.span())
                        .help("say why the position is accepted, for the record"),
                );
            }
            let expires = match &w.expires {
                None => None,
                Some(d) => match d.get_ref().date {
                    Some(date) => Some(Date::from_toml(date)),
                    None => {
                        issues.push(PackIssue::new(
                            "`expires` must be a date such as 2027-06-30",
                            d.span(),
                        ));
                        None
                    }
                },
            };
            let Some(matcher) = glob(&w.documents, issues) else {
                continue;
            };
            if not_plain > 0 {
                continue;
            }
            self.waivers.push(Waiver {
                documents: w.documents.get_ref().clone(),
                matcher,
                rule: w.rule.get_ref().clone(),
                reason: w.reason.get_ref().clone(),
                approved_by: w.approved_by.as_ref().map(|a| a.get_ref().clone()),
                expires,
                span,
            });
        }
    }

    /// Reads the packs the configuration names. Each must lie inside the
    /// configuration's directory, after resolving symbolic links, unless
    /// `allow_outside`: a configuration comes with the repository it checks,
    /// and must not read other files (a pack's errors quote it). A pack
    /// outside, when allowed, is read, but its errors do not quote it.
    pub fn read_packs(&self, allow_outside: bool) -> Result<Vec<PackSource>, PackError> {
        // Every path is judged before any file is read.
        let mut issues = Vec::new();
        let mut inside = Vec::new();
        for pack in &self.packs {
            match self.place_of(pack, allow_outside) {
                Ok(i) => inside.push(i),
                Err(issue) => issues.push(issue),
            }
        }
        if !issues.is_empty() {
            return Err(PackError::invalid(&self.source(), issues));
        }
        let mut sources = Vec::new();
        for (pack, inside) in self.packs.iter().zip(inside) {
            for file in files::pack_files(&pack.path)? {
                // A file of a pack directory may be a link leading out.
                let file_inside = inside
                    && std::fs::canonicalize(&file).is_ok_and(|real| real.starts_with(&self.dir));
                if inside && !file_inside && !allow_outside {
                    let name = file.file_name().map_or(file.as_os_str(), |n| n);
                    let issue = outside_issue(
                        pack,
                        format!(
                            "pack `{}` holds `{}`, which leads outside the configuration's \
                             directory through a symbolic link",
                            pack.written,
                            Path::new(name).display()
                        ),
                    );
                    return Err(PackError::invalid(&self.source(), vec![issue]));
                }
                sources.push(PackSource::read_file(&file, file_inside)?);
            }
        }
        Ok(sources)
    }

    /// Whether a pack lies inside the configuration's directory; the issue
    /// if it does not and that is not allowed. A path that cannot be
    /// resolved counts as inside: reading it reports why.
    fn place_of(&self, pack: &ConfigPack, allow_outside: bool) -> Result<bool, PackIssue> {
        let written = &pack.written;
        match files::place(&pack.path, Path::new(written), &self.dir) {
            Ok(Place::Inside) | Err(_) => Ok(true),
            Ok(_) if allow_outside => Ok(false),
            Ok(Place::OutsideAsWritten) => Err(outside_issue(
                pack,
                format!("pack `{written}` is outside the configuration's directory"),
            )),
            Ok(Place::OutsideThroughLink) => Err(outside_issue(
                pack,
                format!(
                    "pack `{written}` leads outside the configuration's directory through a \
                     symbolic link"
                ),
            )),
        }
    }

    /// Checks the rule and pack ids the config names against the loaded
    /// packs, and applies `disable` and `severity` to them.
    pub fn apply(&self, packs: &mut Packs) -> Result<(), PackError> {
        let text = &self.text;
        let mut issues = Vec::new();
        let known = |id: &str, packs: &Packs| {
            packs.rule(id).is_some() || packs.packs.iter().any(|p| p.id == id)
        };
        let locate = |id: &str| -> Range<usize> {
            text.find(&format!("\"{id}\""))
                .map_or(0..0, |p| p..p + id.len() + 2)
        };
        for id in self
            .enable
            .iter()
            .chain(&self.disable)
            .chain(self.severity.iter().map(|(r, _)| r))
        {
            if !known(id, packs) {
                issues.push(
                    PackIssue::new(format!("unknown rule or pack `{id}`"), locate(id))
                        .help("run `clauselint rules` for the rule ids"),
                );
            }
        }
        for w in &self.waivers {
            if !known(&w.rule, packs) {
                issues.push(PackIssue::new(
                    format!("waiver for unknown rule `{}`", w.rule),
                    locate(&w.rule),
                ));
            }
        }
        if !issues.is_empty() {
            return Err(PackError::invalid(&self.source(), issues));
        }
        let pack_ids: Vec<String> = packs.packs.iter().map(|p| p.id.clone()).collect();
        for rule in &mut packs.rules {
            let pack = &pack_ids[rule.pack];
            if self.disable.iter().any(|d| *d == rule.id || d == pack) {
                rule.enabled = false;
            }
            for (id, sev) in &self.severity {
                if *id == rule.id || id == pack {
                    rule.severity.missing = *sev;
                    rule.severity.weak = *sev;
                    rule.severity.permitted = *sev;
                }
            }
        }
        Ok(())
    }

    /// The path the configuration's globs are matched against: a document
    /// path (relative ones start at the working directory) relative to the
    /// configuration's directory, as docs/configuration.md promises, so that
    /// a run from a sub-folder matches as one from the top; a path outside
    /// the directory, absolute.
    fn glob_path(&self, path: &Path) -> PathBuf {
        let absolute = normalize(&self.cwd.join(path));
        if let Ok(rel) = absolute.strip_prefix(&self.dir) {
            return rel.to_path_buf();
        }
        // Reached through a symbolic link (`check link-to-terms/`).
        if let Ok(real) = std::fs::canonicalize(&absolute)
            && let Ok(rel) = real.strip_prefix(&self.dir)
        {
            return rel.to_path_buf();
        }
        absolute
    }

    /// Whether a file found by walking a directory is checked.
    pub fn selects(&self, path: &Path) -> bool {
        if self.include.is_empty() && self.exclude.is_empty() {
            return true;
        }
        let path = self.glob_path(path);
        if self.exclude.iter().any(|g| g.is_match(&path)) {
            return false;
        }
        self.include.is_empty() || self.include.iter().any(|g| g.is_match(&path))
    }

    /// The kind the config gives a document, if a `[[kinds]]` glob matches.
    pub fn kind_for(&self, path: &Path) -> Option<DocKind> {
        if self.kinds.is_empty() {
            return None;
        }
        let path = self.glob_path(path);
        self.kinds
            .iter()
            .find(|(g, _)| g.is_match(&path))
            .map(|(_, k)| *k)
    }

    /// Marks the findings of a report that a waiver covers. Returns, for
    /// each waiver, whether the report's document is one of its documents
    /// and whether it waived a finding. Expired waivers do not apply.
    pub fn apply_waivers(&self, report: &mut DocumentReport, today: Date) -> Vec<WaiverUse> {
        let mut uses = vec![WaiverUse::default(); self.waivers.len()];
        if self.waivers.is_empty() {
            return uses;
        }
        let path = self.glob_path(Path::new(&report.path));
        for (u, w) in uses.iter_mut().zip(&self.waivers) {
            u.covered = w.matcher.is_match(&path);
        }
        for f in &mut report.findings {
            for (i, w) in self.waivers.iter().enumerate() {
                if !uses[i].covered
                    || !(f.rule == w.rule || f.rule.split('/').next() == Some(w.rule.as_str()))
                {
                    continue;
                }
                if w.expires.is_some_and(|e| e < today) {
                    continue;
                }
                uses[i].used = true;
                f.waived = true;
                f.waiver = Some(WaiverInfo {
                    reason: w.reason.clone(),
                    approved_by: w.approved_by.clone(),
                    expires: w.expires.map(|d| d.to_string()),
                });
                break;
            }
        }
        uses
    }

    /// Problems with the waivers themselves, after a run: expired ones, and
    /// ones that waived nothing although the run checked their documents
    /// (a run on other files says nothing of them). Each is a note pointing
    /// into the config, with its line and column.
    pub fn waiver_problems(&self, uses: &[WaiverUse], today: Date) -> Vec<WaiverProblem> {
        let mut out = Vec::new();
        for (i, w) in self.waivers.iter().enumerate() {
            let used = uses.get(i).copied().unwrap_or_default();
            let message = if let Some(e) = w.expires.filter(|e| *e < today) {
                format!(
                    "waiver for `{}` on `{}` expired on {e}; its findings count again",
                    w.rule, w.documents
                )
            } else if used.covered && !used.used {
                format!(
                    "waiver for `{}` on `{}` waived nothing",
                    w.rule, w.documents
                )
            } else {
                continue;
            };
            let (line, column) = line_column(&self.text, w.span.start);
            out.push(WaiverProblem {
                line,
                column,
                message,
            });
        }
        out
    }
}

/// The issue of a pack outside its configuration's directory.
fn outside_issue(pack: &ConfigPack, message: String) -> PackIssue {
    PackIssue::new(message, pack.span.clone()).help(
        "a configuration may load packs only from its own directory, so that the configuration \
         of a checked repository cannot read other files; pass --allow-outside-packs if you \
         trust it",
    )
}

/// 1-based line and column (in characters) of a byte offset of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Whether a configuration's globs are within [`MAX_GLOBS`]; if not, an
/// issue at the first glob past the limit (none is compiled).
fn count_globs(file: &ConfigFile, issues: &mut Vec<PackIssue>) -> bool {
    let spans = file
        .include
        .iter()
        .chain(&file.exclude)
        .map(|g| g.span())
        .chain(file.kinds.iter().map(|k| k.get_ref().glob.span()))
        .chain(file.waiver.iter().map(|w| w.get_ref().documents.span()));
    let mut count = 0;
    let mut first_over = None;
    for span in spans {
        count += 1;
        if count == MAX_GLOBS + 1 {
            first_over = Some(span);
        }
    }
    match first_over {
        None => true,
        Some(span) => {
            issues.push(PackIssue::new(
                format!("too many globs: {count}, over the limit of {MAX_GLOBS}"),
                span,
            ));
            false
        }
    }
}

/// For each waiver, what one run did with it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WaiverUse {
    /// A checked document is one of its documents (and, for a run limited
    /// with `--rule`/`--pack`, its rule was reported).
    pub covered: bool,
    /// It waived a finding.
    pub used: bool,
}

impl WaiverUse {
    /// Adds what another document did with the waiver.
    pub fn merge(&mut self, other: WaiverUse) {
        self.covered |= other.covered;
        self.used |= other.used;
    }
}

/// A note on a waiver, at its place in the configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverProblem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The text of `clauselint init`: a commented starting configuration.
pub const INIT_TEMPLATE: &str = r#"# clauselint configuration. Every key is optional; see docs/configuration.md.

# Extra rule packs (files or directories), relative to this file.
# packs = ["packs/our-playbook"]

# Lowest severity that makes `clauselint check` exit with 1:
# error, warning (the default), note or never.
# fail-on = "warning"

# Which files a directory walk checks (globs relative to this file).
# include = ["terms/**"]
# exclude = ["terms/archive/**"]

[rules]
# Report only these packs or rules (default: all).
# enable = ["prohibited-use", "leverage/suspension"]
# Never report these packs or rules.
# disable = ["leverage/training"]

[rules.severity]
# "leverage/audit" = "note"

# Document kinds by path, when the documents carry no `kind:` front matter.
# [[kinds]]
# glob = "policies/aup/**"
# kind = "aup"

# Accepted positions, signed off. A waived finding does not fail the run; it
# stays in the JSON output with `waived` and the reason.
# [[waiver]]
# documents = "contracts/acme-*.md"
# rule = "leverage/training"
# reason = "Training is covered by the master services schedule, section 9."
# approved-by = "A. Counsel, Legal"
# expires = 2027-06-30
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(20_779).to_string(), "2026-11-22");
        assert!(Date::parse("2027-01-05").unwrap() > Date::parse("2026-12-31").unwrap());
    }

    #[test]
    fn parses_every_key() {
        let text = r#"
packs = ["p"]
fail-on = "note"
include = ["terms/**"]
exclude = ["terms/old/**"]
[rules]
enable = ["prohibited-use"]
disable = ["leverage/training"]
[rules.severity]
"leverage/audit" = "note"
[[kinds]]
glob = "aup/**"
kind = "aup"
[[waiver]]
documents = "terms/a.md"
rule = "leverage/audit"
reason = "Accepted."
expires = 2030-01-01
"#;
        let c = Config::parse("c.toml", text, Path::new("/r")).unwrap();
        assert_eq!(c.packs[0].path, PathBuf::from("/r/p"));
        assert_eq!(c.fail_on, Some(FailOn::Note));
        assert!(c.selects(Path::new("/r/terms/x.md")));
        assert!(!c.selects(Path::new("/r/terms/old/x.md")));
        assert!(!c.selects(Path::new("/r/other/x.md")));
        assert_eq!(c.kind_for(Path::new("/r/aup/x.md")), Some(DocKind::Aup));
        assert_eq!(c.waivers[0].expires, Date::parse("2030-01-01"));
    }

    #[test]
    fn problems_point_into_the_file() {
        let text = "fail-on = \"sometimes\"\n[[waiver]]\ndocuments = \"a\"\nrule = \"x/y\"\nreason = \"\"\nbogus = 1\n";
        let e = Config::parse("c.toml", text, Path::new(".")).unwrap_err();
        let issue = &e.issues()[0];
        assert!(issue.message.contains("bogus"), "{}", issue.message);
        assert_eq!(&text[issue.span.clone()], "bogus");
        let text = "fail-on = \"sometimes\"\n";
        let e = Config::parse("c.toml", text, Path::new(".")).unwrap_err();
        assert_eq!(&text[e.issues()[0].span.clone()], "\"sometimes\"");
    }
}
