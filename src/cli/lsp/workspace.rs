//! The workspace the server checks for: its root (from `initialize`), the
//! configuration and packs discovered from there, and whether they changed
//! on disk since they were loaded.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use serde_json::Value;

use super::super::args::PackArgs;
use super::super::setup::{self, Problems, Setup};
use super::file_path;

/// The longest configuration problem shown to the user; the rest is in the
/// log. A message box is no place for a whole file.
const MAX_SHOWN: usize = 2000;

/// The workspace root named by `initialize`: the first workspace folder,
/// else `rootUri`, else `rootPath`; None if it names no local directory.
pub fn root_of(params: &Value) -> Option<PathBuf> {
    let folder = params["workspaceFolders"][0]["uri"].as_str();
    let from_uri = folder
        .or_else(|| params["rootUri"].as_str())
        .and_then(file_path);
    from_uri
        .or_else(|| params["rootPath"].as_str().map(PathBuf::from))
        .filter(|p| p.is_absolute())
}

/// A file the setup was read from, and its modification time and size.
#[derive(Debug, PartialEq, Eq)]
struct Stamp {
    path: PathBuf,
    modified: Option<(SystemTime, u64)>,
}

pub struct Workspace {
    pub root: PathBuf,
    args: PackArgs,
    /// The files of the last load (the configuration, even when missing or
    /// broken, and the packs), to notice a change before a check.
    stamps: Vec<Stamp>,
    /// The packs named by the last configuration that loaded.
    config_packs: Vec<PathBuf>,
    /// Notes of the last load not yet shown (a configuration passed over
    /// because someone else owns it).
    notes: Vec<String>,
}

/// The problems of one load, for the user.
#[derive(Default)]
struct Collected {
    errors: Vec<String>,
    notes: Vec<String>,
}

impl Problems for Collected {
    fn error(&mut self, diagnostic: &dyn Diagnostic) {
        self.errors.push(render_plain(diagnostic));
    }

    fn note(&mut self, message: &str) {
        self.notes.push(message.to_string());
    }
}

impl Workspace {
    pub fn new(root: PathBuf, args: PackArgs) -> Workspace {
        Workspace {
            root,
            args,
            stamps: Vec::new(),
            config_packs: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The configuration file named with `--config`, if any.
    pub fn named_config(&self) -> Option<PathBuf> {
        self.args.config.clone()
    }

    /// The configuration file in force: named, or discovered from the root
    /// (passing over one someone else owns, as the load does).
    fn config_path(&self) -> Option<PathBuf> {
        match (&self.args.config, self.args.no_config) {
            (Some(p), _) => Some(p.clone()),
            (None, true) => None,
            (None, false) => clauselint::config::discover(&self.root).found,
        }
    }

    /// The notes of the last load, once: each is shown to the user.
    pub fn take_notes(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notes)
    }

    /// Loads the configuration and packs as `clauselint check` run in the
    /// root would. The error is the problems, rendered for the user; a
    /// panic while loading (a bug, or a library's limit) is one too.
    pub fn load(&mut self) -> Result<Setup, String> {
        let mut problems = Collected::default();
        let loaded = catch_unwind(AssertUnwindSafe(|| {
            setup::load_from(&self.args, &self.root, &mut problems)
        }));
        for note in &problems.notes {
            super::rpc::log(note);
        }
        self.notes = problems.notes;
        let config = self.config_path();
        let name = config
            .as_ref()
            .map_or_else(|| "the rule packs".to_string(), |p| p.display().to_string());
        let result = match loaded {
            Ok(Some(setup)) => {
                self.config_packs = setup.config.packs.iter().map(|p| p.path.clone()).collect();
                Ok(setup)
            }
            Ok(None) => {
                let message = format!(
                    "clauselint cannot load {name}:\n{}",
                    problems.errors.join("\n")
                );
                // In full in the log; shortened for the user below.
                super::rpc::log(&message);
                Err(message)
            }
            Err(_) => Err(format!(
                "clauselint cannot load {name}: an internal error (a bug); \
                 the server's log has the details"
            )),
        };
        self.stamps = self.current_stamps();
        result.map_err(|e| shorten(&e))
    }

    /// Whether a file the setup was read from changed since it was loaded
    /// (or a configuration file appeared or went).
    pub fn changed(&self) -> bool {
        self.current_stamps() != self.stamps
    }

    fn current_stamps(&self) -> Vec<Stamp> {
        let mut paths: Vec<PathBuf> = Vec::new();
        // A discovered file that goes, or one that appears, is a change.
        paths.push(
            self.config_path()
                .unwrap_or_else(|| self.root.join("clauselint.toml")),
        );
        for p in self.config_packs.iter().chain(&self.args.rules) {
            paths.push(p.clone());
            if p.is_dir() {
                paths.extend(pack_files(p));
            }
        }
        paths
            .into_iter()
            .map(|path| Stamp {
                modified: modified(&path),
                path,
            })
            .collect()
    }
}

/// The `.toml` files of a pack directory (which `PackSource::read` loads).
fn pack_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn modified(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// A problem as text for an editor: no colours, no hyperlinks.
fn render_plain(diag: &dyn Diagnostic) -> String {
    let mut out = String::new();
    let handler =
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_links(false);
    if handler.render_report(&mut out, diag).is_err() {
        out = format!("{diag}\n");
    }
    out
}

/// At most [`MAX_SHOWN`] bytes, cut at a character boundary.
fn shorten(text: &str) -> String {
    if text.len() <= MAX_SHOWN {
        return text.trim_end().to_string();
    }
    let cut = clauselint::source::floor_char_boundary(text, MAX_SHOWN);
    format!("{}… (the server's log has the rest)", &text[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_root_is_the_first_folder_then_root_uri_then_root_path() {
        if cfg!(windows) {
            return;
        }
        let both = json!({
            "rootUri": "file:///b",
            "workspaceFolders": [{"uri": "file:///a", "name": "a"}, {"uri": "file:///c"}]
        });
        assert_eq!(root_of(&both), Some(PathBuf::from("/a")));
        let uri = json!({"rootUri": "file:///b%20c", "workspaceFolders": null});
        assert_eq!(root_of(&uri), Some(PathBuf::from("/b c")));
        assert_eq!(
            root_of(&json!({"rootPath": "/d"})),
            Some(PathBuf::from("/d"))
        );
        for none in [
            json!({}),
            json!({"rootUri": null}),
            json!({"rootUri": "untitled:x"}),
            json!({"rootPath": "relative"}),
            json!(5),
        ] {
            assert_eq!(root_of(&none), None, "{none}");
        }
    }

    #[test]
    fn long_problems_are_shortened_on_a_character_boundary() {
        let text = "é".repeat(MAX_SHOWN);
        let short = shorten(&text);
        assert!(short.len() < MAX_SHOWN + 100);
        assert!(short.ends_with("(the server's log has the rest)"));
    }
}
