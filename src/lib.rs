//! clauselint: a linter for contracts, acceptable-use policies and terms.
//!
//! Data flows one way: packs are compiled once ([`packs`]); each document is
//! parsed into sections and clauses ([`document`]), matched against every
//! term of every pack ([`matching`]), judged clause by clause ([`judge`]) and
//! turned into coverage and findings ([`check`], [`findings`]) that the
//! output formats render. This crate does no I/O except reading pack files.

// Input decides nothing about whether clauselint panics: no unwrap, expect
// or panic outside tests (clippy.toml allows them in tests), and no printing
// from the library.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout,
    clippy::print_stderr
)]

mod bitscan;
pub mod check;
pub mod config;
pub mod document;
pub mod findings;
pub mod judge;
pub mod kind;
// The language server's frame reader, public for the fuzz target only.
#[doc(hidden)]
pub mod lsp_frame;
pub mod matching;
pub mod packs;
pub mod packtest;
pub mod report;
pub mod source;
pub mod suppress;

pub use check::{CheckOptions, InputError, Selection, check};
pub use document::{Document, Format};
pub use findings::DocumentReport;
pub use kind::{DocKind, KindSource};
pub use packs::{PackError, PackSource, Packs, Severity};
pub use source::{SourceFile, Span};
