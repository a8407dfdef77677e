//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "clauselint",
    version,
    about = "Lint contracts, acceptable-use policies and terms for human-rights, prohibited-use and leverage clauses",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check documents and report missing, weak and permitted clauses.
    Check(CheckArgs),
    /// List the rules of the loaded packs.
    Rules(RulesArgs),
    /// Explain a rule: what it looks for, why, and a model clause.
    Explain(ExplainArgs),
    /// Compare coverage statuses with labelled documents and print accuracy.
    Eval(EvalArgs),
    /// Run pack tests: documents with `<!-- expect: … -->` comments.
    Test(TestArgs),
    /// Write a commented starting `clauselint.toml` in the current directory.
    Init(InitArgs),
    /// Run a Language Server Protocol server on stdin/stdout (see docs/editors.md).
    Lsp(LspArgs),
}

#[derive(Debug, Args)]
pub struct LspArgs {
    /// Do not check documents larger than SIZE (as `check --max-file-size`).
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = super::input::parse_size)]
    pub max_file_size: u64,

    #[command(flatten)]
    pub pack_args: PackArgs,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Overwrite an existing clauselint.toml.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

/// Output formats of `check` (see docs/output-formats.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Diagnostics with source snippets, for people.
    Human,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// One JSON document: reports, summary and errors (docs/json-output.md).
    Json,
    /// One JSON object per line: a line per finding, then a summary line.
    JsonLines,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests).
    Github,
    /// JUnit XML: a test case per concept and document.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct PackArgs {
    /// Load a user pack file or directory (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// Use this configuration file instead of discovering one.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore any configuration file.
    #[arg(long)]
    pub no_config: bool,

    /// Let the configuration load packs from outside its own directory
    /// (refused by default: a checked repository's configuration must not
    /// read other files).
    #[arg(long)]
    pub allow_outside_packs: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check (`.md`, `.markdown`, `.txt`); `-` reads standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    /// Write the report to FILE instead of standard output (written in
    /// full, then moved into place: never a half-written file).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Document kind for every input, instead of front matter or the heuristic.
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    pub kind: Option<clauselint::DocKind>,

    /// Only report rules of these packs (repeatable or comma-separated).
    #[arg(long = "pack", value_name = "PACK", value_delimiter = ',')]
    pub packs: Vec<String>,

    /// Only report these rules (repeatable or comma-separated).
    #[arg(long = "rule", value_name = "RULE", value_delimiter = ',')]
    pub rules_selected: Vec<String>,

    /// Lowest severity that makes the exit code 1 [default: the config's
    /// `fail-on`, else warning].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Print each document's coverage table (human output).
    #[arg(long)]
    pub coverage: bool,

    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// File name to report for standard input (also decides Markdown or text).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// Worker threads, at most 256 (default, or 0: one per core).
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    pub threads: Option<usize>,

    /// Show how every candidate clause was judged for one rule (on stderr).
    #[arg(long, value_name = "RULE")]
    pub trace: Option<String>,

    /// What to do with bytes that are not valid UTF-8 (or UTF-16 after a
    /// UTF-16 byte-order mark); see docs/inputs.md.
    #[arg(long, value_enum, default_value_t = super::input::Encoding::Utf8)]
    pub encoding: super::input::Encoding,

    /// Refuse inputs larger than SIZE: bytes, or a number with K/KiB, M/MiB,
    /// G/GiB (powers of 1024) or KB, MB, GB (powers of 1000).
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = super::input::parse_size)]
    pub max_file_size: u64,

    #[command(flatten)]
    pub pack_args: PackArgs,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    #[command(flatten)]
    pub pack_args: PackArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Rule id, e.g. `prohibited-use/surveillance`.
    pub rule: String,

    #[command(flatten)]
    pub pack_args: PackArgs,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labels TSV (doc, concept, status, features, evidence).
    #[arg(long, value_name = "FILE")]
    pub labels: PathBuf,

    /// Directory holding the labelled documents.
    #[arg(long, value_name = "DIR")]
    pub docs: PathBuf,

    /// MANIFEST.tsv giving each document's file and kind.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,

    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    /// Also list every (document, concept) whose status differs from its label.
    #[arg(long)]
    pub mismatches: bool,

    /// Exit 1 if micro detection F1 is below this.
    #[arg(long, value_name = "F1", value_parser = parse_fraction)]
    pub min_detection_f1: Option<f64>,

    /// Exit 1 if exact-status accuracy is below this.
    #[arg(long, value_name = "ACCURACY", value_parser = parse_fraction)]
    pub min_exact: Option<f64>,

    /// Exit 1 if any concept with at least 3 labelled detections has a detection F1 below this.
    #[arg(long, value_name = "F1", value_parser = parse_fraction)]
    pub min_concept_f1: Option<f64>,

    #[command(flatten)]
    pub pack_args: PackArgs,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Test documents or directories (default: the built-in packs' own tests).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Print every file, not only failures.
    #[arg(long, short)]
    pub verbose: bool,

    #[command(flatten)]
    pub pack_args: PackArgs,
}

fn parse_kind(s: &str) -> Result<clauselint::DocKind, String> {
    s.parse()
}

/// The most worker threads `--threads` accepts: far more than any machine
/// clauselint runs on has cores, and few enough that a typo cannot make the
/// process spawn threads until it aborts.
pub const MAX_THREADS: usize = 256;

fn parse_threads(s: &str) -> Result<usize, String> {
    s.trim()
        .parse::<usize>()
        .ok()
        .filter(|&n| n <= MAX_THREADS)
        .ok_or_else(|| format!("give a number of threads from 0 (one per core) to {MAX_THREADS}"))
}

/// An accuracy floor: a number from 0 to 1 (not NaN, which every
/// comparison passes).
fn parse_fraction(s: &str) -> Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| (0.0..=1.0).contains(x))
        .ok_or_else(|| "give a number from 0 to 1".to_string())
}
