//! Configuration: `clauselint.toml` (or `.clauselint.toml`), found in the
//! current directory or the nearest parent, and waivers for accepted
//! positions. Every key is documented in `docs/configuration.md`.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::findings::{DocumentReport, WaiverInfo};
use crate::kind::DocKind;
use crate::packs::{FileRole, PackError, PackIssue, PackSource, Packs, Severity};

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
    approved_by: Option<String>,
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

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.trim().splitn(3, '-');
        let year = it.next()?.parse().ok()?;
        let month: u8 = it.next()?.parse().ok()?;
        let day: u8 = it.next()?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date { year, month, day })
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

/// A loaded configuration. Paths in it are relative to `dir`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from (None: the defaults).
    pub path: Option<PathBuf>,
    pub dir: PathBuf,
    pub packs: Vec<PathBuf>,
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

/// Looks for a config file in `start` and its parents.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        for name in CONFIG_NAMES {
            let p = d.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        dir = d.parent();
    }
    None
}

fn glob(pattern: &S<String>, issues: &mut Vec<PackIssue>) -> Option<GlobMatcher> {
    match Glob::new(pattern.get_ref()) {
        Ok(g) => Some(g.compile_matcher()),
        Err(e) => {
            issues.push(PackIssue::new(format!("invalid glob: {e}"), pattern.span()));
            None
        }
    }
}

impl Config {
    /// No configuration: every default, paths relative to `dir`.
    pub fn defaults(dir: &Path) -> Config {
        Config {
            dir: dir.to_path_buf(),
            ..Config::default()
        }
    }

    /// Reads and validates a config file: a regular file of at most 4 MiB
    /// of text (see [`crate::packs::files::read_text`]).
    pub fn load(path: &Path) -> Result<Config, PackError> {
        let text = crate::packs::files::read_text(path, FileRole::Config)?;
        let dir = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let mut config = Config::parse(&path.display().to_string(), &text, &dir)?;
        config.path = Some(path.to_path_buf());
        Ok(config)
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
        let mut config = Config {
            path: None,
            dir: dir.to_path_buf(),
            ..Config::default()
        };
        config.packs = file.packs.iter().map(|p| dir.join(p.get_ref())).collect();
        if let Some(f) = &file.fail_on {
            match FailOn::parse(f.get_ref()) {
                Some(v) => config.fail_on = Some(v),
                None => issues.push(
                    PackIssue::new(format!("unknown fail-on value `{}`", f.get_ref()), f.span())
                        .help("expected error, warning, note or never"),
                ),
            }
        }
        config.include = file
            .include
            .iter()
            .filter_map(|g| glob(g, &mut issues))
            .collect();
        config.exclude = file
            .exclude
            .iter()
            .filter_map(|g| glob(g, &mut issues))
            .collect();
        config.enable = file
            .rules
            .enable
            .iter()
            .map(|r| r.get_ref().clone())
            .collect();
        config.disable = file
            .rules
            .disable
            .iter()
            .map(|r| r.get_ref().clone())
            .collect();
        for (rule, sev) in &file.rules.severity {
            match sev.get_ref().parse::<Severity>() {
                Ok(s) => config.severity.push((rule.get_ref().clone(), s)),
                Err(e) => issues.push(PackIssue::new(e, sev.span())),
            }
        }
        for k in &file.kinds {
            let k = k.get_ref();
            let kind = match k.kind.get_ref().parse::<DocKind>() {
                Ok(kind) => kind,
                Err(e) => {
                    issues.push(PackIssue::new(e, k.kind.span()));
                    continue;
                }
            };
            if let Some(m) = glob(&k.glob, &mut issues) {
                config.kinds.push((m, kind));
            }
        }
        for w in &file.waiver {
            let span = w.span();
            let w = w.get_ref();
            if w.reason.get_ref().trim().is_empty() {
                issues.push(
                    PackIssue::new("a waiver needs a reason", w.reason.span())
                        .help("say why the position is accepted, for the record"),
                );
            }
            let expires = match &w.expires {
                None => None,
                Some(d) => match d.get_ref().date {
                    Some(date) => Some(Date {
                        year: i32::from(date.year),
                        month: date.month,
                        day: date.day,
                    }),
                    None => {
                        issues.push(PackIssue::new(
                            "`expires` must be a date such as 2027-06-30",
                            d.span(),
                        ));
                        None
                    }
                },
            };
            let Some(matcher) = glob(&w.documents, &mut issues) else {
                continue;
            };
            config.waivers.push(Waiver {
                documents: w.documents.get_ref().clone(),
                matcher,
                rule: w.rule.get_ref().clone(),
                reason: w.reason.get_ref().clone(),
                approved_by: w.approved_by.clone(),
                expires,
                span,
            });
        }
        if !issues.is_empty() {
            return Err(PackError::invalid(&source, issues));
        }
        Ok(config)
    }

    /// Checks the rule and pack ids the config names against the loaded
    /// packs, and applies `disable` and `severity` to them.
    pub fn apply(&self, packs: &mut Packs, text: &str) -> Result<(), PackError> {
        let name = self.path.as_ref().map_or_else(
            || "clauselint.toml".to_string(),
            |p| p.display().to_string(),
        );
        let source = PackSource::config(name, text);
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
            return Err(PackError::invalid(&source, issues));
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

    fn relative<'p>(&self, path: &'p Path) -> &'p Path {
        path.strip_prefix(&self.dir)
            .or_else(|_| path.strip_prefix("./"))
            .unwrap_or(path)
    }

    /// Whether a file found by walking a directory is checked.
    pub fn selects(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        if self
            .exclude
            .iter()
            .any(|g| g.is_match(rel) || g.is_match(path))
        {
            return false;
        }
        self.include.is_empty()
            || self
                .include
                .iter()
                .any(|g| g.is_match(rel) || g.is_match(path))
    }

    /// The kind the config gives a document, if a `[[kinds]]` glob matches.
    pub fn kind_for(&self, path: &Path) -> Option<DocKind> {
        let rel = self.relative(path);
        self.kinds
            .iter()
            .find(|(g, _)| g.is_match(rel) || g.is_match(path))
            .map(|(_, k)| *k)
    }

    /// Marks the findings of a report that a waiver covers. Returns, for
    /// each waiver, whether it was used. Expired waivers do not apply.
    pub fn apply_waivers(&self, report: &mut DocumentReport, today: Date) -> Vec<bool> {
        let path = Path::new(&report.path);
        let mut used = vec![false; self.waivers.len()];
        for f in &mut report.findings {
            for (i, w) in self.waivers.iter().enumerate() {
                let matches_doc =
                    w.matcher.is_match(self.relative(path)) || w.matcher.is_match(path);
                if !matches_doc
                    || !(f.rule == w.rule || f.rule.split('/').next() == Some(w.rule.as_str()))
                {
                    continue;
                }
                if w.expires.is_some_and(|e| e < today) {
                    continue;
                }
                used[i] = true;
                f.waived = true;
                f.waiver = Some(WaiverInfo {
                    reason: w.reason.clone(),
                    approved_by: w.approved_by.clone(),
                    expires: w.expires.map(|d| d.to_string()),
                });
                break;
            }
        }
        used
    }

    /// Problems with the waivers themselves, after a run: expired ones and
    /// ones that waived nothing. Each is a note pointing into the config.
    pub fn waiver_problems(&self, used: &[bool], today: Date) -> Vec<(Range<usize>, String)> {
        let mut out = Vec::new();
        for (i, w) in self.waivers.iter().enumerate() {
            if let Some(e) = w.expires.filter(|e| *e < today) {
                out.push((
                    w.span.clone(),
                    format!(
                        "waiver for `{}` on `{}` expired on {e}; its findings count again",
                        w.rule, w.documents
                    ),
                ));
            } else if !used.get(i).copied().unwrap_or(false) {
                out.push((
                    w.span.clone(),
                    format!(
                        "waiver for `{}` on `{}` waived nothing",
                        w.rule, w.documents
                    ),
                ));
            }
        }
        out
    }
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
        assert_eq!(c.packs, [PathBuf::from("/r/p")]);
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
