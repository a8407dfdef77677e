//! The built-in packs, embedded at compile time so clauselint works with no
//! configuration and no network.

/// (file name, TOML text) of every built-in pack, in evaluation order.
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    // The semantic classes every pack uses: a lexicon, in no pack.
    ("lexicon.toml", include_str!("../../rules/lexicon.toml")),
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

#[cfg(test)]
mod tests {
    use crate::packs::Packs;

    /// The generated list names its files from the crate's directory as it
    /// is compiled, never by the absolute path of the checkout that ran the
    /// build script: checkouts sharing a target directory share the list,
    /// and one embedded another's files (or failed once it was deleted).
    #[test]
    fn embedded_test_list_has_no_absolute_paths() {
        let list = include_str!(concat!(env!("OUT_DIR"), "/builtin_tests.rs"));
        assert!(!list.contains(env!("CARGO_MANIFEST_DIR")), "{list}");
        assert!(list.contains(r#"include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/"#));
        assert_eq!(
            super::BUILTIN_TESTS.len(),
            list.matches("include_str!").count()
        );
        assert!(super::BUILTIN_TESTS.len() > 100);
    }

    /// Built-in regexes compile on first use, not at load: prove here that
    /// every one of them compiles.
    #[test]
    fn every_builtin_regex_compiles() {
        let packs = Packs::builtin().expect("built-in packs load");
        let mut seen = 0;
        for group in &packs.groups {
            if let Some(re) = &group.regex {
                if let Err(e) = re.compile_now() {
                    panic!("built-in regex `{}` does not compile: {e}", re.as_str());
                }
                seen += 1;
            }
        }
        assert!(seen > 0, "the built-in packs use regexes");
    }
}
