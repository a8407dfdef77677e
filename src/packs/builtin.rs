//! The built-in packs, embedded at compile time so clauselint works with no
//! configuration and no network.

/// (file name, TOML text) of every built-in pack, in evaluation order.
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    (
        "human-rights.toml",
        include_str!("../../rules/human-rights.toml"),
    ),
    (
        "prohibited-use.toml",
        include_str!("../../rules/prohibited-use.toml"),
    ),
    ("leverage.toml", include_str!("../../rules/leverage.toml")),
];

/// (path, text) of the built-in packs' annotated test documents, run by
/// `clauselint test` with no path.
pub const BUILTIN_TESTS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_tests.rs"));
