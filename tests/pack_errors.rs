//! Malformed rule packs. Every problem must come back as an `Err` whose issue
//! names the problem and whose span is exactly the offending text of the pack
//! file (a key's name, a value with its quotes, a table header), or, for TOML
//! syntax errors, the exact point where the parser gave up. On the command
//! line a bad pack exits 2 with a diagnostic naming the file, its
//! `line:column` and a snippet, and never panics.
//!
//! A test marked `#[ignore = "…"]` documents behaviour that needs a change
//! outside the pack loader; it fails until that change is made.

use std::ops::Range;
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use clauselint::packs::PackIssue;
use clauselint::{PackError, PackSource, Packs};

const FILE: &str = "test.toml";

/// `[pack]` table of the pack every test starts from.
const HEAD: &str = "[pack]\nid = \"mine\"\nname = \"Mine\"\n\n";

/// A rule of that pack, without its patterns.
const RULE: &str = "[[rule]]\nid = \"mine/a\"\nname = \"A\"\nsummary = \"s\"\n";

/// A pattern that is valid on its own.
const PATTERN: &str = "\n[[rule.pattern]]\nall = [[\"foo\"]]\n";

/// `HEAD` followed by `body`.
fn pack(body: &str) -> String {
    format!("{HEAD}{body}")
}

/// `HEAD`, `RULE`, the rule's own `extra` lines, then `PATTERN`.
fn rule_with(extra: &str) -> String {
    format!("{HEAD}{RULE}{extra}{PATTERN}")
}

/// `HEAD`, `RULE`, and one `[[rule.pattern]]` with the given lines.
fn pattern_with(lines: &str) -> String {
    format!("{HEAD}{RULE}\n[[rule.pattern]]\n{lines}")
}

fn describe(packs: &Packs) -> String {
    format!(
        "the packs compiled: {} rules in {} packs",
        packs.rules.len(),
        packs.packs.len()
    )
}

/// Compiles these sources (with the built-in packs first when `builtins`)
/// and returns the error.
#[track_caller]
fn fail_sources(sources: &[PackSource], builtins: bool) -> PackError {
    let result = if builtins {
        Packs::load(sources)
    } else {
        Packs::compile_only(sources)
    };
    match result {
        Ok(p) => panic!("expected an error, but {}", describe(&p)),
        Err(e) => e,
    }
}

/// Compiles one pack file named `test.toml` on its own.
#[track_caller]
fn fail(text: &str) -> PackError {
    fail_sources(&[PackSource::new(FILE, text)], false)
}

/// Compiles one pack file named `test.toml` after the built-in packs.
#[track_caller]
fn fail_with_builtins(text: &str) -> PackError {
    fail_sources(&[PackSource::new(FILE, text)], true)
}

/// The byte range of the only occurrence of `needle` in `text`.
#[track_caller]
fn find(text: &str, needle: &str) -> Range<usize> {
    let starts: Vec<usize> = text.match_indices(needle).map(|(i, _)| i).collect();
    assert_eq!(
        starts.len(),
        1,
        "`{needle}` must occur exactly once in the pack:\n{text}"
    );
    starts[0]..starts[0] + needle.len()
}

/// The byte range of the last occurrence of `needle` in `text`.
#[track_caller]
fn find_last(text: &str, needle: &str) -> Range<usize> {
    let start = text.rfind(needle).expect("needle in text");
    start..start + needle.len()
}

/// The byte range of `needle` inside the only occurrence of `context`.
#[track_caller]
fn find_in(text: &str, context: &str, needle: &str) -> Range<usize> {
    let outer = find(text, context);
    let start = outer.start + context.find(needle).expect("needle in context");
    start..start + needle.len()
}

/// The empty range right after the only occurrence of `before`.
#[track_caller]
fn point_after(text: &str, before: &str) -> Range<usize> {
    let end = find(text, before).end;
    end..end
}

/// Asserts that `err` reports exactly one issue in `file`, whose message
/// contains every one of `words` and whose span is exactly `span` of `text`;
/// returns the issue.
#[track_caller]
fn expect_issue(
    err: &PackError,
    file: &str,
    text: &str,
    words: &[&str],
    span: Range<usize>,
) -> PackIssue {
    let PackError::Invalid { name, issues, .. } = err else {
        panic!("expected problems in {file}, got: {err}");
    };
    assert_eq!(&**name, file, "the error names the file: {err}");
    assert_eq!(
        issues.len(),
        1,
        "one problem expected, got: {:#?}",
        issues
            .iter()
            .map(|i| (&i.message, text.get(i.span.clone())))
            .collect::<Vec<_>>()
    );
    let issue = &issues[0];
    for w in words {
        assert!(
            issue.message.contains(w),
            "message {:?} should contain {w:?}",
            issue.message
        );
    }
    assert_eq!(
        issue.span,
        span,
        "the issue {:?} points at {:?}, expected {:?}",
        issue.message,
        text.get(issue.span.clone()),
        &text[span.clone()]
    );
    issue.clone()
}

/// `expect_issue` for `test.toml` with the span of the only `words` in it.
#[track_caller]
fn expect_at(err: &PackError, text: &str, words: &[&str], offending: &str) -> PackIssue {
    expect_issue(err, FILE, text, words, find(text, offending))
}

#[track_caller]
fn expect_help(issue: &PackIssue, words: &str) {
    let help = issue.help.as_deref().unwrap_or("");
    assert!(
        help.contains(words),
        "help {help:?} should contain {words:?}"
    );
}

// ---------------------------------------------------------------------------
// Controls: the packs the error tests start from are valid.

#[test]
fn the_base_pack_compiles_on_its_own_and_with_the_builtins() {
    let text = rule_with("");
    let packs = Packs::compile_only(&[PackSource::new(FILE, text.as_str())]).unwrap();
    assert_eq!(packs.rules.len(), 1);
    assert_eq!(packs.rules[0].id, "mine/a");
    let packs = Packs::load(&[PackSource::new(FILE, text.as_str())]).unwrap();
    assert!(packs.rule("mine/a").is_some());
    assert!(packs.rule("leverage/suspension").is_some());
}

#[test]
fn a_condition_naming_a_builtin_concept_compiles() {
    let text = rule_with("")
        + "\n[[rule.weak-when]]\nid = \"no-suspension\"\ndocument-lacks = [\"leverage/suspension\"]\n";
    let packs = Packs::load(&[PackSource::new(FILE, text)]).unwrap();
    assert!(packs.rule("mine/a").is_some());
}

// ---------------------------------------------------------------------------
// TOML syntax errors: the span is the point where the parser gave up.

#[test]
fn unclosed_string() {
    let text = "[pack]\nid = \"mine\nname = \"Mine\"\n";
    let e = fail(text);
    expect_issue(
        &e,
        FILE,
        text,
        &["invalid basic string", "expected `\"`"],
        point_after(text, "id = \"mine"),
    );
}

#[test]
fn table_header_missing_its_bracket() {
    let text = pack("[[rule]\nid = \"mine/a\"\nname = \"A\"\nsummary = \"s\"\n");
    let e = fail(&text);
    expect_issue(
        &e,
        FILE,
        &text,
        &["unclosed array table", "expected `]`"],
        point_after(&text, "[[rule]"),
    );
}

#[test]
fn array_missing_its_bracket() {
    let text = pattern_with("all = [[\"foo\"]\n");
    let e = fail(&text);
    expect_issue(
        &e,
        FILE,
        &text,
        &["unclosed array", "expected `]`"],
        point_after(&text, "all = [[\"foo\"]"),
    );
}

// ---------------------------------------------------------------------------
// Unknown keys: the span is the key's name.

#[test]
fn unknown_key_at_top_level() {
    let text = format!("colour = \"red\"\n{}", rule_with(""));
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["unknown field `colour`", "expected one of", "`pack`"],
        "colour",
    );
}

#[test]
fn unknown_key_in_pack_table() {
    let text = "[pack]\nid = \"mine\"\nname = \"Mine\"\nauthor = \"me\"\n";
    let e = fail(text);
    expect_at(
        &e,
        text,
        &["unknown field `author`", "`description`"],
        "author",
    );
}

#[test]
fn unknown_key_in_rule() {
    let text = rule_with("severty = \"error\"\n");
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["unknown field `severty`", "`severity`"],
        "severty",
    );
}

#[test]
fn unknown_key_in_pattern() {
    let text = pattern_with("all = [[\"foo\"]]\nwithn = 3\n");
    let e = fail(&text);
    expect_at(&e, &text, &["unknown field `withn`", "`within`"], "withn");
}

#[test]
fn unknown_key_in_group_table() {
    let text = pattern_with("all = [{ terms = [\"foo\"], nearr = 3 }]\n");
    let e = fail(&text);
    expect_at(&e, &text, &["unknown field `nearr`", "`near`"], "nearr");
}

#[test]
fn unknown_key_in_feature() {
    let text = pack("[[feature]]\nid = \"f\"\ncue = [[\"maybe\"]]\nnear-ankor = 3\n");
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["unknown field `near-ankor`", "`near-anchor`"],
        "near-ankor",
    );
}

#[test]
fn unknown_key_in_severity_table() {
    let text = rule_with("severity = { mising = \"error\" }\n");
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["unknown field `mising`", "`missing`"],
        "mising",
    );
}

// ---------------------------------------------------------------------------
// Wrong types: the span is the value.

#[test]
fn string_where_an_array_is_expected() {
    let text = "[pack]\nid = \"mine\"\nname = \"Mine\"\nkinds = \"contract\"\n";
    let e = fail(text);
    expect_at(
        &e,
        text,
        &["invalid type: string \"contract\"", "expected a sequence"],
        "\"contract\"",
    );
}

#[test]
fn string_where_groups_are_expected() {
    let text = pattern_with("all = \"foo\"\n");
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["invalid type: string \"foo\"", "expected a sequence"],
        "\"foo\"",
    );
}

#[test]
fn within_ten_in_words() {
    let text = pattern_with("all = [[\"foo\"]]\nwithin = \"ten\"\n");
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["invalid type: string \"ten\"", "expected u32"],
        "\"ten\"",
    );
}

#[test]
fn number_where_a_term_is_expected() {
    let text = pattern_with("all = [[\"foo\", 17]]\n");
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["invalid type: integer `17`", "expected a string"],
        "17",
    );
}

#[test]
fn missing_required_key() {
    let text = "[pack]\nid = \"mine\"\n";
    let e = fail(text);
    expect_at(&e, text, &["missing field `name`"], "[pack]");
}

// ---------------------------------------------------------------------------
// Regexes.

#[test]
fn invalid_regex_carries_the_regex_crate_message() {
    let text = pattern_with("all = [{ regex = \"a(b\" }]\n");
    let e = fail(&text);
    let issue = expect_at(&e, &text, &["invalid regex", "unclosed group"], "\"a(b\"");
    // The same pattern, taken from the pack text (quotes stripped).
    let pattern = text[find(&text, "\"a(b\"")].trim_matches('"');
    let crate_error = regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .unwrap_err();
    assert_eq!(issue.message, format!("invalid regex: {crate_error}"));
}

#[test]
fn nested_repetition_regex_is_refused_by_size() {
    let text = pattern_with("all = [{ regex = 'a{1000}{1000}' }]\n");
    let start = Instant::now();
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["invalid regex", "exceeds size limit"],
        "'a{1000}{1000}'",
    );
    assert!(start.elapsed() < Duration::from_secs(30), "sanity bound");
}

#[test]
fn huge_alternation_regex_is_refused_by_size() {
    let alternation: Vec<String> = (0..100_000).map(|i| format!("w{i}")).collect();
    let literal = format!("'{}'", alternation.join("|"));
    let text = pattern_with(&format!("all = [{{ regex = {literal} }}]\n"));
    let start = Instant::now();
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["invalid regex", "exceeds size limit"],
        &literal,
    );
    assert!(start.elapsed() < Duration::from_secs(60), "sanity bound");
}

// ---------------------------------------------------------------------------
// Ids.

#[test]
fn duplicate_rule_id_in_one_file() {
    let text = format!("{}\n{RULE}{PATTERN}", rule_with(""));
    let e = fail(&text);
    expect_issue(
        &e,
        FILE,
        &text,
        &["duplicate rule id `mine/a`", "also defined in test.toml"],
        find_last(&text, "\"mine/a\""),
    );
}

#[test]
fn duplicate_rule_id_across_two_files_names_the_other_file() {
    // A directory pack split in two: the second file joins `mine`.
    let first = rule_with("");
    let second = format!("{RULE}{PATTERN}");
    let e = fail_sources(
        &[
            PackSource::new("playbook/a.toml", first.as_str()),
            PackSource::new("playbook/b.toml", second.as_str()),
        ],
        false,
    );
    expect_issue(
        &e,
        "playbook/b.toml",
        &second,
        &[
            "duplicate rule id `mine/a`",
            "also defined in playbook/a.toml",
        ],
        find(&second, "\"mine/a\""),
    );
}

#[test]
fn rule_id_of_a_builtin_rule_names_the_builtin_file() {
    let text = pack(&format!(
        "[[rule]]\nid = \"leverage/suspension\"\nname = \"S\"\nsummary = \"s\"\n{PATTERN}"
    ));
    let e = fail_with_builtins(&text);
    expect_at(
        &e,
        &text,
        &[
            "duplicate rule id `leverage/suspension`",
            "also defined in builtin:leverage.toml",
        ],
        "\"leverage/suspension\"",
    );
}

#[test]
fn duplicate_pack_id_across_two_files() {
    let first = rule_with("");
    let second = "[pack]\nid = \"mine\"\nname = \"Mine again\"\n";
    let e = fail_sources(
        &[
            PackSource::new("one/a.toml", first.as_str()),
            PackSource::new("two/b.toml", second),
        ],
        false,
    );
    expect_issue(
        &e,
        "two/b.toml",
        second,
        &["a pack with id `mine` is already loaded"],
        find(second, "\"mine\""),
    );
}

#[test]
fn pack_id_of_a_builtin_pack() {
    let text = "[pack]\nid = \"leverage\"\nname = \"Mine\"\n";
    let e = fail_with_builtins(text);
    expect_at(
        &e,
        text,
        &["a pack with id `leverage` is already loaded"],
        "\"leverage\"",
    );
}

#[test]
fn invalid_pack_id() {
    let text = "[pack]\nid = \"My Pack\"\nname = \"Mine\"\n";
    let e = fail(text);
    let issue = expect_at(&e, text, &["invalid pack id `My Pack`"], "\"My Pack\"");
    expect_help(&issue, "lower-case");
}

#[test]
fn rule_id_outside_its_pack_namespace() {
    let text = pack(&format!(
        "[[rule]]\nid = \"other/a\"\nname = \"A\"\nsummary = \"s\"\n{PATTERN}"
    ));
    let e = fail(&text);
    let issue = expect_at(
        &e,
        &text,
        &["rule `other/a` is not in pack `mine`"],
        "\"other/a\"",
    );
    expect_help(&issue, "mine/");
}

#[test]
fn invalid_rule_id() {
    let text = pack(&format!(
        "[[rule]]\nid = \"Bad Id\"\nname = \"A\"\nsummary = \"s\"\n{PATTERN}"
    ));
    let e = fail(&text);
    let issue = expect_at(&e, &text, &["invalid rule id `Bad Id`"], "\"Bad Id\"");
    expect_help(&issue, "`pack/name`");
}

#[test]
fn invalid_feature_id() {
    let text = pack("[[feature]]\nid = \"Bad F\"\ncue = [[\"maybe\"]]\n");
    let e = fail(&text);
    expect_at(&e, &text, &["invalid feature id `Bad F`"], "\"Bad F\"");
}

// ---------------------------------------------------------------------------
// References.

#[test]
fn document_lacks_names_an_unknown_concept() {
    let text = rule_with("")
        + "\n[[rule.weak-when]]\nid = \"no-suspension\"\ndocument-lacks = [\"leverage/suspensoin\"]\n";
    let e = fail_with_builtins(&text);
    let issue = expect_at(
        &e,
        &text,
        &["unknown concept `leverage/suspensoin`"],
        "\"leverage/suspensoin\"",
    );
    expect_help(&issue, "concept rule id");
}

#[test]
fn watches_names_an_unknown_rule() {
    let text = pack(&format!(
        "{RULE}type = \"permitted\"\nwatches = [\"leverage/suspensoin\"]\n"
    ));
    let e = fail_with_builtins(&text);
    expect_at(
        &e,
        &text,
        &["unknown rule `leverage/suspensoin`"],
        "\"leverage/suspensoin\"",
    );
}

#[test]
fn watches_a_pattern_that_matches_no_rule() {
    let text = pack(&format!(
        "{RULE}type = \"permitted\"\nwatches = [\"levrage/*\"]\n"
    ));
    let e = fail_with_builtins(&text);
    expect_at(&e, &text, &["no rules match `levrage/*`"], "\"levrage/*\"");
}

#[test]
fn watches_a_rule_that_is_not_a_concept() {
    let text = pack(&format!(
        "{RULE}type = \"permitted\"\nwatches = [\"mine/b\"]\n\n\
         [[rule]]\nid = \"mine/b\"\nname = \"B\"\nsummary = \"s\"\n\
         type = \"permitted\"\nwatches = [\"leverage/suspension\"]\n"
    ));
    let e = fail_with_builtins(&text);
    expect_issue(
        &e,
        FILE,
        &text,
        &["`mine/b` is not a concept rule"],
        find_in(&text, "watches = [\"mine/b\"]", "\"mine/b\""),
    );
}

#[test]
fn features_names_an_unknown_pack_feature() {
    let text = pack(&format!(
        "[[feature]]\nid = \"hedged\"\ncue = [[\"maybe\"]]\n\n{RULE}features = [\"hedgd\"]\n{PATTERN}"
    ));
    let e = fail(&text);
    let issue = expect_at(&e, &text, &["unknown feature `hedgd`"], "\"hedgd\"");
    expect_help(&issue, "this pack defines: hedged");
}

#[test]
fn misspelt_vocab_reference_as_a_group() {
    let text = pack(&format!(
        "[vocab]\nsuspend = [\"suspend\"]\n\n{RULE}\n[[rule.pattern]]\nall = [\"@suspnd\"]\n"
    ));
    let e = fail(&text);
    let issue = expect_at(&e, &text, &["unknown vocabulary `@suspnd`"], "\"@suspnd\"");
    expect_help(&issue, "this pack defines: suspend");
}

#[test]
fn misspelt_vocab_reference_in_a_term_list() {
    let text = pack(&format!(
        "[vocab]\nsuspend = [\"suspend\"]\n\n{RULE}\n[[rule.pattern]]\nall = [[\"halt\", \"@suspnd\"]]\n"
    ));
    let e = fail(&text);
    expect_at(&e, &text, &["unknown vocabulary `@suspnd`"], "\"@suspnd\"");
}

#[test]
fn vocab_referring_to_another_vocab() {
    let text = pack(&format!(
        "[vocab]\nstop = [\"@halt\"]\nhalt = [\"halt\"]\n\n{RULE}\n[[rule.pattern]]\nall = [\"@stop\"]\n"
    ));
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["a vocabulary cannot refer to another vocabulary"],
        "\"@halt\"",
    );
}

#[test]
fn override_of_an_unknown_rule() {
    let text = pack("[[override]]\nrule = \"leverage/suspensoin\"\nenabled = false\n");
    let e = fail_with_builtins(&text);
    expect_at(
        &e,
        &text,
        &["override of unknown rule `leverage/suspensoin`"],
        "\"leverage/suspensoin\"",
    );
}

#[test]
fn override_with_an_unknown_severity() {
    let text =
        pack("[[override]]\nrule = \"leverage/suspension\"\nseverity = { missing = \"fatal\" }\n");
    let e = fail_with_builtins(&text);
    expect_at(&e, &text, &["unknown severity `fatal`"], "\"fatal\"");
}

// ---------------------------------------------------------------------------
// Terms.

#[test]
fn empty_group() {
    let text = pattern_with("all = [[]]\n");
    let e = fail(&text);
    let issue = expect_at(&e, &text, &["empty term list"], "[]");
    expect_help(&issue, "at least one term");
}

#[test]
fn pattern_without_groups() {
    let text = pattern_with("all = []\n");
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["a pattern needs at least one group in `all`"],
        "[]",
    );
}

#[test]
fn empty_vocab_list() {
    let text = pack(&format!("[vocab]\nnothing = []\n\n{RULE}{PATTERN}"));
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["vocabulary `nothing` is an empty term list"],
        "[]",
    );
}

#[test]
fn star_inside_a_word() {
    let text = pattern_with("all = [[\"fa*ce\"]]\n");
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["`*` goes at the end of a word", "`fa*ce`"],
        "\"fa*ce\"",
    );
}

#[test]
fn star_inside_a_vocab_term_points_at_the_vocab() {
    let text = pack(&format!(
        "[vocab]\nfaces = [\"fa*ce\"]\n\n{RULE}\n[[rule.pattern]]\nall = [\"@faces\"]\n"
    ));
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["`*` goes at the end of a word", "`fa*ce`"],
        "\"fa*ce\"",
    );
}

#[test]
fn prefix_with_fewer_than_three_letters() {
    let text = pattern_with("all = [[\"ab*\"]]\n");
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["a prefix term needs at least 3 letters", "`ab*`"],
        "\"ab*\"",
    );
}

#[test]
fn term_longer_than_the_limit() {
    let long = format!("\"{}\"", "a".repeat(201));
    let text = pattern_with(&format!("all = [[{long}]]\n"));
    let e = fail(&text);
    expect_at(&e, &text, &["term longer than 200 bytes"], &long);
}

#[test]
fn days_at_least_combined_with_terms() {
    let group = "{ terms = [\"notice\"], days-at-least = 30 }";
    let text = pattern_with(&format!("all = [{group}]\n"));
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["`days-at-least` cannot be combined with `terms`"],
        group,
    );
}

#[test]
fn distance_above_the_limit() {
    let text = pattern_with("all = [[\"foo\"], [\"bar\"]]\nwithin = 20000\n");
    let e = fail(&text);
    expect_at(&e, &text, &["distance above 10000 words"], "20000");
}

// ---------------------------------------------------------------------------
// Unknown names of fixed vocabularies.

#[test]
fn unknown_modality() {
    let text = rule_with("modality = [\"obligation\", \"obligaton\"]\n");
    let e = fail(&text);
    let issue = expect_at(
        &e,
        &text,
        &["unknown modality `obligaton`"],
        "\"obligaton\"",
    );
    expect_help(&issue, "restriction, obligation");
}

#[test]
fn unknown_modality_in_a_pattern() {
    let text = pattern_with("all = [[\"foo\"]]\nmodality = [\"restrictoin\"]\n");
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["unknown modality `restrictoin`"],
        "\"restrictoin\"",
    );
}

#[test]
fn unknown_party() {
    let text = rule_with("party = \"vendor\"\n");
    let e = fail(&text);
    let issue = expect_at(&e, &text, &["unknown party `vendor`"], "\"vendor\"");
    expect_help(&issue, "customer, provider or any");
}

#[test]
fn unknown_severity() {
    let text = rule_with("severity = { missing = \"fatal\" }\n");
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["unknown severity `fatal`", "error, warning or note"],
        "\"fatal\"",
    );
}

#[test]
fn unknown_kind_of_a_pack() {
    let text = "[pack]\nid = \"mine\"\nname = \"Mine\"\nkinds = [\"contrakt\"]\n";
    let e = fail(text);
    expect_at(
        &e,
        text,
        &["unknown document kind `contrakt`", "contract, aup"],
        "\"contrakt\"",
    );
}

#[test]
fn unknown_kind_of_a_rule() {
    let text = rule_with("expected-in = [\"contract\", \"tos\", \"eula\"]\n");
    let e = fail(&text);
    expect_at(&e, &text, &["unknown document kind `eula`"], "\"eula\"");
}

#[test]
fn unknown_scope() {
    let text = pattern_with("all = [{ terms = [\"foo\"], in = \"paragraph\" }]\n");
    let e = fail(&text);
    let issue = expect_at(&e, &text, &["unknown scope `paragraph`"], "\"paragraph\"");
    expect_help(&issue, "clause, context or heading");
}

#[test]
fn unknown_position_in_a_group() {
    let text = pattern_with("all = [[\"foo\"], { terms = [\"bar\"], position = \"behind\" }]\n");
    let e = fail(&text);
    let issue = expect_at(&e, &text, &["unknown position `behind`"], "\"behind\"");
    expect_help(&issue, "before, after or any");
}

#[test]
fn unknown_position_in_a_feature() {
    let text = pack("[[feature]]\nid = \"f\"\ncue = [[\"maybe\"]]\nposition = \"behind\"\n");
    let e = fail(&text);
    expect_at(&e, &text, &["unknown position `behind`"], "\"behind\"");
}

#[test]
fn unknown_rule_type() {
    let text = rule_with("type = \"conept\"\n");
    let e = fail(&text);
    let issue = expect_at(&e, &text, &["unknown rule type `conept`"], "\"conept\"");
    expect_help(&issue, "concept or permitted");
}

// ---------------------------------------------------------------------------
// Structure.

#[test]
fn feature_with_no_trigger() {
    let text = pack(&format!(
        "[[feature]]\nid = \"f\"\nmessage = \"m\"\n\n{RULE}{PATTERN}"
    ));
    let e = fail(&text);
    let issue = expect_at(
        &e,
        &text,
        &["feature `f` needs exactly one trigger, found 0"],
        "[[feature]]",
    );
    expect_help(&issue, "`cue`");
}

#[test]
fn feature_with_two_triggers() {
    let text = pack(&format!(
        "[[feature]]\nid = \"f\"\ncue = [[\"maybe\"]]\nmodality = [\"hortatory\"]\n\n{RULE}{PATTERN}"
    ));
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["feature `f` needs exactly one trigger, found 2"],
        "[[feature]]",
    );
}

#[test]
fn rule_feature_with_no_trigger() {
    let text = rule_with("") + "\n[[rule.weak-when]]\nid = \"f\"\n";
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["feature `f` needs exactly one trigger, found 0"],
        "[[rule.weak-when]]",
    );
}

#[test]
fn concept_rule_with_no_pattern() {
    let text = pack(RULE);
    let e = fail(&text);
    let issue = expect_at(
        &e,
        &text,
        &["rule `mine/a` has no [[rule.pattern]]"],
        "\"mine/a\"",
    );
    expect_help(&issue, "at least one pattern");
}

#[test]
fn permitted_rule_without_watches() {
    let text = pack(&format!("{RULE}type = \"permitted\"\n"));
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["permitted rule `mine/a` needs `watches`"],
        "\"mine/a\"",
    );
}

#[test]
fn cycle_through_document_lacks() {
    let text = pack(&format!(
        "{RULE}{PATTERN}\
         [[rule.weak-when]]\nid = \"f\"\ndocument-lacks = [\"mine/b\"]\n\n\
         [[rule]]\nid = \"mine/b\"\nname = \"B\"\nsummary = \"s\"\n\
         [[rule.pattern]]\nall = [[\"bar\"]]\n\
         [[rule.weak-when]]\nid = \"g\"\ndocument-lacks = [\"mine/a\"]\n"
    ));
    let e = fail(&text);
    expect_issue(
        &e,
        FILE,
        &text,
        &["`mine/a` depends on itself through `document-lacks` conditions"],
        find_in(&text, "id = \"mine/a\"", "\"mine/a\""),
    );
}

#[test]
fn rule_whose_condition_names_itself() {
    let text = rule_with("") + "\n[[rule.weak-when]]\nid = \"f\"\ndocument-lacks = [\"mine/a\"]\n";
    let e = fail(&text);
    expect_issue(
        &e,
        FILE,
        &text,
        &["`mine/a` depends on itself"],
        find_in(&text, "id = \"mine/a\"", "\"mine/a\""),
    );
}

#[test]
fn file_of_a_directory_pack_without_pack_table() {
    let dir = tempfile::tempdir().unwrap();
    let packdir = dir.path().join("playbook");
    std::fs::create_dir(&packdir).unwrap();
    let text = format!("{RULE}{PATTERN}");
    std::fs::write(packdir.join("rules.toml"), &text).unwrap();
    let sources = PackSource::read(&packdir).unwrap();
    assert_eq!(sources.len(), 1);
    let e = fail_sources(&sources, true);
    let file = packdir.join("rules.toml").display().to_string();
    let issue = expect_issue(&e, &file, &text, &["this file has no [pack] table"], 0..0);
    expect_help(&issue, "start a pack file with [pack]");
}

#[test]
fn file_of_a_directory_pack_joins_the_pack_read_before_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-pack.toml"), HEAD).unwrap();
    std::fs::write(dir.path().join("b-rules.toml"), format!("{RULE}{PATTERN}")).unwrap();
    let sources = PackSource::read(dir.path()).unwrap();
    let packs = Packs::load(&sources).unwrap();
    let rule = packs.rule("mine/a").expect("the rule is loaded");
    assert_eq!(packs.pack_of(rule).id, "mine");
}

// ---------------------------------------------------------------------------
// Size.

/// A pack with one rule whose pattern has one group of these terms, one
/// term a line.
fn pack_of_terms(terms: &[String]) -> String {
    let quoted: Vec<String> = terms.iter().map(|t| format!("  \"{t}\",\n")).collect();
    pattern_with(&format!("all = [[\n{}]]\n", quoted.concat()))
}

#[test]
fn hundred_thousand_distinct_terms_compile() {
    // Terms with digits have no inflections: one automaton pattern each.
    let terms: Vec<String> = (0..100_000).map(|i| format!("t{i:05}")).collect();
    let text = pack_of_terms(&terms);
    let start = Instant::now();
    let packs = Packs::compile_only(&[PackSource::new(FILE, text)]).unwrap();
    assert_eq!(packs.pattern_count(), 100_000);
    assert_eq!(packs.rules[0].patterns.len(), 1);
    assert!(start.elapsed() < Duration::from_secs(60), "sanity bound");
}

/// 200,010 words `t000000` …: terms with digits have no inflections, so
/// each is one pattern. (Inflected words are lemmas, matched through their
/// stem, and no longer multiply patterns.)
fn terms_past_the_limit() -> Vec<String> {
    (0..200_010u32).map(|i| format!("t{i:06}")).collect()
}

#[test]
fn terms_past_the_pattern_limit_are_refused() {
    let terms = terms_past_the_limit();
    let text = pack_of_terms(&terms);
    let start = Instant::now();
    let e = fail(&text);
    let issues = e.issues();
    assert!(!issues.is_empty());
    // One pattern a term: term 200,001 (index 200,000) takes the count
    // past 200,000.
    let first = &issues[0];
    assert_eq!(
        first.message,
        format!(
            "too many terms: the packs expand to more than 200000 patterns: `{}`",
            terms[200_000]
        )
    );
    assert_eq!(
        first.span,
        find(&text, &format!("\"{}\"", terms[200_000])),
        "points at the term that crosses the limit"
    );
    assert!(start.elapsed() < Duration::from_secs(60), "sanity bound");
}

#[test]
fn too_many_terms_is_reported_once() {
    let text = pack_of_terms(&terms_past_the_limit());
    let e = fail(&text);
    assert_eq!(e.issues().len(), 1, "{e}");
}

// ---------------------------------------------------------------------------
// Reading files.

#[test]
fn non_utf8_pack_file_names_the_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.toml");
    // "[pack]\n" (7) + "id = \"mine\"\n" (12) + "name = \"M" (9): byte 28.
    std::fs::write(&path, b"[pack]\nid = \"mine\"\nname = \"M\xfcller\"\n").unwrap();
    let e = PackSource::read(&path).unwrap_err();
    assert!(e.issues().is_empty());
    assert_eq!(
        e.to_string(),
        format!(
            "cannot read pack {}: not valid UTF-8 (first bad byte at offset 28)",
            path.display()
        )
    );
}

#[test]
fn directory_without_pack_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a pack").unwrap();
    let e = PackSource::read(dir.path()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "cannot read pack {}: the directory holds no .toml pack files",
            dir.path().display()
        )
    );
}

// ---------------------------------------------------------------------------
// Bugs found while writing these tests.

#[test]
fn unknown_weak_modality_points_at_the_key() {
    let text = rule_with("weak-modality = { hortatry = \"hortatory\" }\n");
    let e = fail(&text);
    // Today the span is `"hortatory"`, the (valid) feature id.
    expect_at(&e, &text, &["unknown modality `hortatry`"], "hortatry");
}

#[test]
fn single_file_without_pack_table_is_refused_next_to_the_builtins() {
    // `clauselint --rules extra.toml` reads the file under the name
    // `extra.toml`; the built-ins are named `builtin:…`. Neither has a `/`,
    // so all count as one directory and the file joins the last built-in.
    let text =
        format!("[[rule]]\nid = \"leverage/extra\"\nname = \"E\"\nsummary = \"s\"\n{PATTERN}");
    let e = fail_sources(&[PackSource::new("extra.toml", text.as_str())], true);
    expect_issue(
        &e,
        "extra.toml",
        &text,
        &["this file has no [pack] table"],
        0..0,
    );
}

#[test]
fn vocab_term_error_points_into_the_file_that_holds_it() {
    let first = format!("{HEAD}[vocab]\nfaces = [\"fa*ce\"]\n");
    let second = format!("{RULE}\n[[rule.pattern]]\nall = [\"@faces\"]\n");
    let e = fail_sources(
        &[
            PackSource::new("playbook/a.toml", first.as_str()),
            PackSource::new("playbook/b.toml", second.as_str()),
        ],
        false,
    );
    let PackError::Invalid { name, issues, .. } = &e else {
        panic!("{e}");
    };
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert!(issues[0].message.contains("`*` goes at the end of a word"));
    // Either the bad term in a.toml or the reference to it in b.toml.
    match &**name {
        "playbook/a.toml" => assert_eq!(&first[issues[0].span.clone()], "\"fa*ce\""),
        "playbook/b.toml" => assert_eq!(&second[issues[0].span.clone()], "\"@faces\""),
        other => panic!("unexpected file {other}"),
    }
}

#[test]
fn bad_vocab_term_is_reported_once() {
    let text = pack(&format!(
        "[vocab]\nfaces = [\"fa*ce\"]\n\n{RULE}\n[[rule.pattern]]\nall = [\"@faces\"]\n\n\
         [[rule.pattern]]\nall = [[\"foo\"], \"@faces\"]\n"
    ));
    let e = fail(&text);
    expect_at(&e, &text, &["`*` goes at the end of a word"], "\"fa*ce\"");
}

#[test]
fn bad_term_in_an_unused_vocab_is_reported() {
    let text = pack(&format!("[vocab]\nfaces = [\"fa*ce\"]\n\n{RULE}{PATTERN}"));
    let e = fail(&text);
    expect_at(&e, &text, &["`*` goes at the end of a word"], "\"fa*ce\"");
}

// ---------------------------------------------------------------------------
// Which pack a file without [pack] joins.

#[test]
fn file_with_a_folder_and_without_pack_table_is_refused_next_to_the_builtins() {
    let text =
        format!("[[rule]]\nid = \"leverage/extra\"\nname = \"E\"\nsummary = \"s\"\n{PATTERN}");
    let e = fail_sources(&[PackSource::new("./extra.toml", text.as_str())], true);
    expect_issue(
        &e,
        "./extra.toml",
        &text,
        &["this file has no [pack] table"],
        0..0,
    );
}

#[test]
fn bare_file_without_pack_table_joins_a_bare_pack_file() {
    // `--rules pack.toml --rules extra.toml`: both in the current directory.
    let second = format!("[[rule]]\nid = \"mine/b\"\nname = \"B\"\nsummary = \"s\"\n{PATTERN}");
    let packs = Packs::load(&[
        PackSource::new("pack.toml", rule_with("")),
        PackSource::new("extra.toml", second),
    ])
    .unwrap();
    let rule = packs.rule("mine/b").expect("the rule is loaded");
    assert_eq!(packs.pack_of(rule).id, "mine");
}

#[test]
fn file_sorting_before_the_pack_file_joins_the_pack_of_its_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a-rules.toml"), format!("{RULE}{PATTERN}")).unwrap();
    std::fs::write(dir.path().join("z-pack.toml"), HEAD).unwrap();
    let sources = PackSource::read(dir.path()).unwrap();
    assert!(
        sources[0].name.ends_with("a-rules.toml"),
        "read in name order"
    );
    let packs = Packs::load(&sources).unwrap();
    let rule = packs.rule("mine/a").expect("the rule is loaded");
    assert_eq!(packs.pack_of(rule).id, "mine");
}

#[test]
fn file_read_before_the_pack_file_uses_the_packs_vocab() {
    // The vocabulary is defined in the pack file, read after the file that
    // uses it: the bad term is reported where it is written.
    let first = format!("{RULE}\n[[rule.pattern]]\nall = [\"@faces\"]\n");
    let second = format!("{HEAD}[vocab]\nfaces = [\"fa*ce\"]\n");
    let e = fail_sources(
        &[
            PackSource::new("playbook/a.toml", first.as_str()),
            PackSource::new("playbook/b.toml", second.as_str()),
        ],
        false,
    );
    expect_issue(
        &e,
        "playbook/b.toml",
        &second,
        &["`*` goes at the end of a word"],
        find(&second, "\"fa*ce\""),
    );
}

#[test]
fn file_without_pack_table_before_two_packs_of_its_directory_is_refused() {
    let orphan = format!("{RULE}{PATTERN}");
    let e = fail_sources(
        &[
            PackSource::new("playbook/a.toml", orphan.as_str()),
            PackSource::new("playbook/b.toml", HEAD),
            PackSource::new(
                "playbook/c.toml",
                "[pack]\nid = \"other\"\nname = \"Other\"\n",
            ),
        ],
        false,
    );
    let issue = expect_issue(
        &e,
        "playbook/a.toml",
        &orphan,
        &[
            "this file has no [pack] table",
            "several packs",
            "`mine`",
            "`other`",
        ],
        0..0,
    );
    expect_help(&issue, "sort after");
}

#[test]
fn file_after_the_second_pack_of_a_directory_joins_that_pack() {
    let packs = Packs::compile_only(&[
        PackSource::new("playbook/a.toml", rule_with("")),
        PackSource::new(
            "playbook/b.toml",
            "[pack]\nid = \"other\"\nname = \"Other\"\n",
        ),
        PackSource::new(
            "playbook/c.toml",
            format!("[[rule]]\nid = \"other/x\"\nname = \"X\"\nsummary = \"s\"\n{PATTERN}"),
        ),
    ])
    .unwrap();
    let rule = packs.rule("other/x").expect("the rule is loaded");
    assert_eq!(packs.pack_of(rule).id, "other");
}

#[test]
fn rule_source_is_the_file_that_defines_it() {
    let second = format!("[[rule]]\nid = \"mine/b\"\nname = \"B\"\nsummary = \"s\"\n{PATTERN}");
    let packs = Packs::load(&[
        PackSource::new("playbook/a.toml", rule_with("")),
        PackSource::new("playbook/b.toml", second),
    ])
    .unwrap();
    let a = packs.rule("mine/a").unwrap();
    let b = packs.rule("mine/b").unwrap();
    assert_eq!(a.source, "playbook/a.toml");
    assert_eq!(b.source, "playbook/b.toml");
    assert_eq!(
        packs.pack_of(b).source,
        "playbook/a.toml",
        "the [pack] file"
    );
    let builtin = packs.rule("leverage/suspension").unwrap();
    assert_eq!(builtin.source, "builtin:leverage.toml");
}

// ---------------------------------------------------------------------------
// Vocabularies are checked once, where they are written.

#[test]
fn reference_inside_an_unused_vocab_is_reported() {
    let text = pack(&format!(
        "[vocab]\nstop = [\"@halt\"]\nhalt = [\"halt\"]\n\n{RULE}{PATTERN}"
    ));
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["a vocabulary cannot refer to another vocabulary"],
        "\"@halt\"",
    );
}

#[test]
fn bad_vocab_term_used_from_two_files_is_reported_once() {
    let first = format!(
        "{HEAD}[vocab]\nfaces = [\"fa*ce\"]\n\n{RULE}\n[[rule.pattern]]\nall = [\"@faces\"]\n"
    );
    let second = "[[rule]]\nid = \"mine/b\"\nname = \"B\"\nsummary = \"s\"\n\n[[rule.pattern]]\nall = [\"@faces\"]\n";
    let e = fail_sources(
        &[
            PackSource::new("playbook/a.toml", first.as_str()),
            PackSource::new("playbook/b.toml", second),
        ],
        false,
    );
    expect_issue(
        &e,
        "playbook/a.toml",
        &first,
        &["`*` goes at the end of a word"],
        find(&first, "\"fa*ce\""),
    );
}

#[test]
fn a_very_long_term_is_cut_in_the_message() {
    let long = format!("\"{}\"", "a".repeat(5_000));
    let text = pattern_with(&format!("all = [[{long}]]\n"));
    let e = fail(&text);
    let issue = expect_at(&e, &text, &["term longer than 200 bytes"], &long);
    assert!(issue.message.len() < 200, "{}", issue.message);
    assert!(issue.message.ends_with("…`"), "{}", issue.message);
}

// ---------------------------------------------------------------------------
// Settings that would have no effect are refused at their place.

#[test]
fn in_on_an_anchor_is_refused() {
    let text = pattern_with("all = [{ terms = [\"foo\"], in = \"heading\" }]\n");
    let e = fail(&text);
    let issue = expect_at(
        &e,
        &text,
        &["`in` has no effect on a pattern's anchor"],
        "\"heading\"",
    );
    expect_help(&issue, "anchor");
}

#[test]
fn in_clause_on_an_anchor_is_accepted() {
    // What the anchor does anyway: harmless.
    let text = pattern_with("all = [{ terms = [\"foo\"], in = \"clause\" }, [\"bar\"]]\n");
    Packs::compile_only(&[PackSource::new(FILE, text)]).unwrap();
}

#[test]
fn in_on_belongs_in_is_refused() {
    let text = rule_with("belongs-in = { terms = [\"audit\"], in = \"clause\" }\n");
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["`in` has no effect on `belongs-in`"],
        "\"clause\"",
    );
}

#[test]
fn near_on_an_anchor_is_refused() {
    let text = pattern_with("all = [{ terms = [\"foo\"], near = 5 }, [\"bar\"]]\n");
    let e = fail(&text);
    let issue = expect_at(
        &e,
        &text,
        &["`near` has no effect on a pattern's anchor"],
        "5",
    );
    expect_help(&issue, "other groups of `all`");
}

#[test]
fn position_on_a_none_group_is_refused() {
    let text =
        pattern_with("all = [[\"foo\"]]\nnone = [{ terms = [\"bar\"], position = \"after\" }]\n");
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["`position` has no effect on a `none` group"],
        "\"after\"",
    );
}

#[test]
fn position_any_on_a_none_group_is_accepted() {
    let text =
        pattern_with("all = [[\"foo\"]]\nnone = [{ terms = [\"bar\"], position = \"any\" }]\n");
    Packs::compile_only(&[PackSource::new(FILE, text)]).unwrap();
}

#[test]
fn near_on_a_feature_cue_group_is_refused() {
    let text = pack("[[feature]]\nid = \"f\"\ncue = [{ terms = [\"maybe\"], near = 4 }]\n");
    let e = fail(&text);
    let issue = expect_at(
        &e,
        &text,
        &["`near` has no effect on a feature's `cue` group"],
        "4",
    );
    expect_help(&issue, "near-anchor");
}

#[test]
fn near_on_an_unless_group_is_refused() {
    let text = pack(
        "[[feature]]\nid = \"f\"\ncue = [[\"maybe\"]]\nunless = [{ terms = [\"consent\"], near = 7 }]\n",
    );
    let e = fail(&text);
    let issue = expect_at(
        &e,
        &text,
        &["`near` has no effect on an `unless` group"],
        "7",
    );
    expect_help(&issue, "unless-near");
}

#[test]
fn position_on_belongs_in_is_refused() {
    let text = rule_with("belongs-in = { terms = [\"audit\"], position = \"before\" }\n");
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["`position` has no effect on `belongs-in`"],
        "\"before\"",
    );
}

#[test]
fn group_near_above_the_limit() {
    let text = pattern_with("all = [[\"foo\"], { terms = [\"bar\"], near = 20000 }]\n");
    let e = fail(&text);
    expect_at(&e, &text, &["distance above 10000 words"], "20000");
}

#[test]
fn unless_near_above_the_limit() {
    let text = pack(
        "[[feature]]\nid = \"f\"\ncue = [[\"maybe\"]]\nunless = [[\"consent\"]]\nunless-near = 20000\n",
    );
    let e = fail(&text);
    expect_at(&e, &text, &["distance above 10000 words"], "20000");
}

#[test]
fn unknown_feature_messages_key_is_refused() {
    let text = rule_with("")
        + "\n[[rule.weak-when]]\nid = \"hedged\"\ncue = [[\"maybe\"]]\n\n\
           [rule.feature-messages]\nhedgd = \"a hedge\"\n";
    let e = fail(&text);
    let issue = expect_at(
        &e,
        &text,
        &[
            "`feature-messages` names `hedgd`",
            "not a feature of this rule",
        ],
        "hedgd",
    );
    expect_help(&issue, "this rule's features: hedged");
}

#[test]
fn feature_messages_for_every_kind_of_feature_are_accepted() {
    let text = pack(
        "[[feature]]\nid = \"shared\"\ncue = [[\"maybe\"]]\n\n\
         [[rule]]\nid = \"mine/a\"\nname = \"A\"\nsummary = \"s\"\n\
         modality = [\"obligation\"]\nweak-modality = { hortatory = \"soft\" }\nfeatures = [\"shared\"]\n\
         [[rule.pattern]]\nall = [[\"foo\"]]\n\
         [[rule.pattern]]\nall = [[\"bar\"]]\nfeatures = [\"narrow\"]\n\
         [[rule.weak-when]]\nid = \"local\"\ncue = [[\"perhaps\"]]\n\
         [rule.feature-messages]\nshared = \"s\"\nsoft = \"s\"\nnarrow = \"n\"\nlocal = \"l\"\n",
    );
    let packs = Packs::compile_only(&[PackSource::new(FILE, text)]).unwrap();
    assert_eq!(packs.rules[0].feature_messages.len(), 4);
}

#[test]
fn feature_severity_other_than_note_is_refused() {
    let text = pack("[[feature]]\nid = \"f\"\ncue = [[\"maybe\"]]\nseverity = \"error\"\n");
    let e = fail(&text);
    let issue = expect_at(
        &e,
        &text,
        &["a feature's `severity` can only be `note`"],
        "\"error\"",
    );
    expect_help(&issue, "severity.weak");
}

#[test]
fn feature_severity_note_is_accepted() {
    let text = pack(&format!(
        "[[feature]]\nid = \"f\"\ncue = [[\"maybe\"]]\nseverity = \"note\"\n\n{RULE}features = [\"f\"]\n{PATTERN}"
    ));
    Packs::compile_only(&[PackSource::new(FILE, text)]).unwrap();
}

#[test]
fn weak_modality_of_an_accepted_modality_is_refused() {
    let text = rule_with(
        "modality = [\"obligation\", \"hortatory\"]\nweak-modality = { hortatory = \"soft\" }\n",
    );
    let e = fail(&text);
    let issue = expect_issue(
        &e,
        FILE,
        &text,
        &["`weak-modality` has no effect on `hortatory`"],
        find_in(&text, "{ hortatory", "hortatory"),
    );
    expect_help(&issue, "remove it from `modality`");
}

#[test]
fn weak_modality_without_modality_is_refused() {
    let text = rule_with("weak-modality = { hortatory = \"soft\" }\n");
    let e = fail(&text);
    let issue = expect_at(
        &e,
        &text,
        &["`weak-modality` has no effect on `hortatory`"],
        "hortatory",
    );
    expect_help(&issue, "accepts every modality");
}

#[test]
fn weak_modality_left_out_by_a_patterns_modality_is_accepted() {
    // The rule accepts every modality, but the pattern only obligations:
    // for it, a hortatory clause counts weak.
    let text = pattern_with("all = [[\"foo\"]]\nmodality = [\"obligation\"]\n").replace(
        "summary = \"s\"\n",
        "summary = \"s\"\nweak-modality = { hortatory = \"soft\" }\n",
    );
    Packs::compile_only(&[PackSource::new(FILE, text)]).unwrap();
}

#[test]
fn near_anchor_on_a_modality_feature_is_refused() {
    let text = pack("[[feature]]\nid = \"f\"\nmodality = [\"hortatory\"]\nnear-anchor = 5\n");
    let e = fail(&text);
    let issue = expect_at(
        &e,
        &text,
        &["`near-anchor` has no effect on a feature triggered by `modality`"],
        "5",
    );
    expect_help(&issue, "`cue`");
}

#[test]
fn same_item_on_an_absent_feature_is_refused() {
    let text = pack("[[feature]]\nid = \"f\"\nabsent = [[\"only\"]]\nsame-item = true\n");
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["`same-item` has no effect on a feature triggered by `absent`"],
        "true",
    );
}

#[test]
fn unless_on_a_document_lacks_feature_is_refused() {
    let text = rule_with("")
        + "\n[[rule.weak-when]]\nid = \"f\"\ndocument-lacks = [\"leverage/suspension\"]\nunless = [[\"consent\"]]\n";
    let e = fail_with_builtins(&text);
    expect_at(
        &e,
        &text,
        &["`unless` has no effect on a feature triggered by `document-lacks`"],
        "[\"consent\"]",
    );
}

#[test]
fn unless_near_without_unless_is_refused() {
    let text = pack("[[feature]]\nid = \"f\"\ncue = [[\"maybe\"]]\nunless-near = 5\n");
    let e = fail(&text);
    expect_at(
        &e,
        &text,
        &["`unless-near` has no effect without `unless`"],
        "5",
    );
}

#[test]
fn document_lacks_names_a_permitted_rule() {
    let text = rule_with("")
        + "\n[[rule.weak-when]]\nid = \"f\"\ndocument-lacks = [\"prohibited-use/permitted-high-risk\"]\n";
    let e = fail_with_builtins(&text);
    let issue = expect_at(
        &e,
        &text,
        &["`prohibited-use/permitted-high-risk`", "permitted rule"],
        "\"prohibited-use/permitted-high-risk\"",
    );
    expect_help(&issue, "concept rules");
}

#[test]
fn document_lacks_names_a_permitted_rule_of_the_same_pack() {
    let text = rule_with("")
        + "\n[[rule.weak-when]]\nid = \"f\"\ndocument-lacks = [\"mine/p\"]\n\n\
           [[rule]]\nid = \"mine/p\"\nname = \"P\"\nsummary = \"s\"\ntype = \"permitted\"\nwatches = [\"mine/a\"]\n";
    let e = fail(&text);
    expect_issue(
        &e,
        FILE,
        &text,
        &["`mine/p`", "permitted rule"],
        find_in(&text, "document-lacks = [\"mine/p\"]", "\"mine/p\""),
    );
}

// ---------------------------------------------------------------------------
// Durations.

/// A checker of one clause against a pack of `rule_body` (rule `mine/a`,
/// expected in contracts): the rule's status and weakening features.
fn clause_checker(rule_body: &str) -> impl Fn(&str) -> (&'static str, Vec<String>) {
    use clauselint::{CheckOptions, DocKind, Format, KindSource, SourceFile};
    let text = pack(&format!(
        "{RULE}expected-in = [\"contract\"]\n\n{rule_body}"
    ));
    let packs = Packs::compile_only(&[PackSource::new(FILE, text)]).unwrap();
    let options = CheckOptions {
        kind: Some((DocKind::Contract, KindSource::Cli)),
        ..CheckOptions::default()
    };
    move |clause: &str| {
        let source = SourceFile::new("doc.md", format!("# Agreement\n\n{clause}\n"));
        let report = clauselint::check(&source, Format::Markdown, &packs, &options).unwrap();
        let c = report.coverage_of("mine/a").unwrap();
        (c.status.as_str(), c.features.clone())
    }
}

#[test]
fn days_at_least_reads_hyphenated_numbers_whole() {
    let check = clause_checker(
        "[[rule.pattern]]\nall = [[\"delete\"]]\n\n\
         [[rule.weak-when]]\nid = \"long\"\ncue = [{ days-at-least = 30 }]\n",
    );
    let features = |clause: &str| check(clause).1;
    let long = vec!["long".to_string()];
    for (clause, expected) in [
        (
            "Customer shall delete the data within twenty-five days.",
            vec![],
        ),
        (
            "Customer shall delete the data within thirty-five days.",
            long.clone(),
        ),
        (
            "Customer shall delete the data within thirty five (35) days.",
            long.clone(),
        ),
        (
            "Customer shall delete the data within twenty-nine days.",
            vec![],
        ),
        (
            "Customer shall delete the data within one hundred and twenty-five days.",
            long.clone(),
        ),
        ("Customer shall delete the data within two weeks.", vec![]),
        (
            "Customer shall delete the data within forty-five days.",
            long.clone(),
        ),
    ] {
        assert_eq!(features(clause), expected, "{clause}");
    }
}

// ---------------------------------------------------------------------------
// Groups with the same terms share one set of hits: each still answers.

#[test]
fn groups_with_the_same_terms_each_find_their_words() {
    // The pattern's second group and the feature's cue have the same terms;
    // the feature's `unless` group has one term fewer.
    let coverage = clause_checker(
        "[[rule.pattern]]\nall = [[\"delete\"], [\"records\", \"logs\"]]\n\n\
         [[rule.weak-when]]\nid = \"logs\"\ncue = [[\"logs\", \"records\"]]\n\
         unless = [\"records\"]\n",
    );
    let logs = vec!["logs".to_string()];
    assert_eq!(coverage("Customer shall delete the logs."), ("weak", logs));
    assert_eq!(
        coverage("Customer shall delete the records."),
        ("present", vec![])
    );
    assert_eq!(
        coverage("Customer shall delete the files."),
        ("missing", vec![])
    );
}

// ---------------------------------------------------------------------------
// The command line.

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn clauselint_in(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clauselint"));
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .env_remove("RUST_BACKTRACE")
        .timeout(Duration::from_secs(120));
    cmd
}

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

#[track_caller]
fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap();
    let o = Output {
        code: out
            .status
            .code()
            .unwrap_or_else(|| panic!("killed by a signal or the timeout: {:?}", out.status)),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !o.stderr.contains("panicked"),
        "clauselint panicked:\n{}",
        o.stderr
    );
    o
}

#[track_caller]
fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected {needle:?} in:\n{haystack}"
    );
}

/// A pack whose line 11, column 18 holds an invalid regex.
fn bad_regex_pack() -> String {
    let text = pattern_with("all = [{ regex = \"a(b\" }]\n");
    assert_eq!(
        text.lines().nth(10),
        Some("all = [{ regex = \"a(b\" }]"),
        "line 11"
    );
    text
}

#[test]
fn cli_rules_with_a_bad_pack_exits_2_with_file_line_column_and_snippet() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.toml"), bad_regex_pack()).unwrap();
    let o = run(clauselint_in(dir.path()).args(["rules", "--rules", "bad.toml"]));
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_eq!(o.stdout, "");
    assert_contains(&o.stderr, "× 1 problem in pack bad.toml");
    assert_contains(&o.stderr, "× invalid regex: regex parse error:");
    assert_contains(&o.stderr, "error: unclosed group");
    assert_contains(&o.stderr, "╭─[bad.toml:11:18]");
    assert_contains(&o.stderr, " 11 │ all = [{ regex = \"a(b\" }]\n");
    assert_contains(&o.stderr, "╰── here");
    assert!(!o.stderr.contains('\u{1b}'), "no colour:\n{}", o.stderr);
}

#[test]
fn cli_syntax_error_shows_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("syntax.toml"),
        "[pack]\nid = \"mine\nname = \"Mine\"\n",
    )
    .unwrap();
    let o = run(clauselint_in(dir.path()).args(["rules", "--rules", "syntax.toml"]));
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_eq!(o.stdout, "");
    assert_contains(&o.stderr, "× invalid basic string, expected `\"`");
    assert_contains(&o.stderr, "╭─[syntax.toml:2:11]");
    assert_contains(&o.stderr, " 2 │ id = \"mine\n");
}

#[test]
fn cli_check_with_a_bad_pack_exits_2_without_checking() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, bad_regex_pack()).unwrap();
    let path = path.display().to_string();
    for format in ["human", "json"] {
        let o = run(clauselint_in(root()).args([
            "check",
            "--color",
            "never",
            "--format",
            format,
            "--rules",
            &path,
            "fixtures/examples",
        ]));
        assert_eq!(o.code, 2, "{}", o.stderr);
        assert_eq!(o.stdout, "", "nothing is checked");
        assert_contains(&o.stderr, &format!("× 1 problem in pack {path}"));
        assert_contains(&o.stderr, &format!("╭─[{path}:11:18]"));
        assert!(!o.stderr.contains("checked"), "{}", o.stderr);
    }
}

#[test]
fn cli_directory_pack_reports_the_file_with_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let packdir = dir.path().join("playbook");
    std::fs::create_dir(&packdir).unwrap();
    std::fs::write(packdir.join("a-pack.toml"), HEAD).unwrap();
    std::fs::write(
        packdir.join("b-rules.toml"),
        format!("{RULE}\n[[rule.pattern]]\nall = [[\"fa*ce\"]]\n"),
    )
    .unwrap();
    let o = run(clauselint_in(dir.path()).args(["rules", "--rules", "playbook"]));
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_eq!(o.stdout, "");
    assert_contains(&o.stderr, "× 1 problem in pack playbook/b-rules.toml");
    assert_contains(&o.stderr, "╭─[playbook/b-rules.toml:7:9]");
    assert_contains(&o.stderr, " 7 │ all = [[\"fa*ce\"]]\n");
    assert!(!o.stderr.contains("a-pack.toml"), "{}", o.stderr);
}

#[test]
fn cli_non_utf8_pack_names_the_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("latin1.toml"),
        b"[pack]\nid = \"mine\"\nname = \"M\xfcller\"\n",
    )
    .unwrap();
    let o = run(clauselint_in(dir.path()).args(["rules", "--rules", "latin1.toml"]));
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_eq!(o.stdout, "");
    assert_contains(
        &o.stderr,
        "cannot read pack latin1.toml: not valid UTF-8 (first bad byte at offset 28)",
    );
}

#[test]
fn cli_single_file_without_pack_table_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("extra.toml"),
        format!("[[rule]]\nid = \"leverage/extra\"\nname = \"E\"\nsummary = \"s\"\n{PATTERN}"),
    )
    .unwrap();
    let o = run(clauselint_in(dir.path()).args(["rules", "--rules", "extra.toml"]));
    // Today: exit 0, and `leverage/extra` is listed as a rule of `leverage`.
    assert_eq!(o.code, 2, "{}", o.stdout);
    assert_contains(&o.stderr, "this file has no [pack] table");
}

#[test]
fn cli_problem_far_along_a_line_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let text = pattern_with(&format!("all = [[{}\"fa*ce\"]]\n", " ".repeat(70_000)));
    std::fs::write(dir.path().join("wide.toml"), text).unwrap();
    let o = run(clauselint_in(dir.path()).args(["rules", "--rules", "wide.toml"]));
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_contains(&o.stderr, "`*` goes at the end of a word");
    assert_contains(&o.stderr, "wide.toml:11:70009");
}

#[test]
fn cli_term_of_many_starred_words_is_refused_without_exhausting_memory() {
    let dir = tempfile::tempdir().unwrap();
    // "use" is too short to be matched as a lemma: its four forms are
    // spelled out, and multiply.
    let term = format!("{}end", "use* ".repeat(12));
    std::fs::write(
        dir.path().join("stars.toml"),
        pattern_with(&format!("all = [[\"{term}\"]]\n")),
    )
    .unwrap();
    // 4^12 spellings: refused before they are generated. Run under a 2 GB
    // address-space limit so a regression cannot take the machine down: it
    // then aborts ("memory allocation … failed") instead of exiting 2.
    let mut cmd = Command::new("sh");
    cmd.current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["-c", "ulimit -v 2000000 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_clauselint"))
        .args(["rules", "--rules", "stars.toml"])
        .timeout(Duration::from_secs(60));
    let o = run(&mut cmd);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_contains(&o.stderr, "this term has more than 1000 spellings");
    assert_contains(&o.stderr, &format!(" 11 │ all = [[\"{term}\"]]\n"));
}

#[test]
fn cli_rules_json_gives_the_file_of_each_rule() {
    let dir = tempfile::tempdir().unwrap();
    let packdir = dir.path().join("playbook");
    std::fs::create_dir(&packdir).unwrap();
    // The rules file sorts before the pack file.
    std::fs::write(
        packdir.join("a-rules.toml"),
        format!("[[rule]]\nid = \"mine/b\"\nname = \"B\"\nsummary = \"s\"\n{PATTERN}"),
    )
    .unwrap();
    std::fs::write(packdir.join("b-pack.toml"), rule_with("")).unwrap();
    let o =
        run(clauselint_in(dir.path()).args(["rules", "--format", "json", "--rules", "playbook"]));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let rules: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let source = |id: &str| {
        rules
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id} listed"))["source"]
            .clone()
    };
    assert_eq!(source("mine/a"), "playbook/b-pack.toml");
    assert_eq!(source("mine/b"), "playbook/a-rules.toml");
    assert_eq!(source("leverage/audit"), "builtin:leverage.toml");
    let o = run(clauselint_in(dir.path()).args(["explain", "--rules", "playbook", "mine/b"]));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_contains(
        &o.stdout,
        "Pack: Mine (playbook/b-pack.toml)\nDefined in: playbook/a-rules.toml\n",
    );
}

#[test]
fn cli_problem_far_along_a_line_shows_a_cut_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = pattern_with(&format!(
        "all = [[{}\"fa*ce\", \"x\"]]  # {}\n",
        " ".repeat(70_000),
        "y".repeat(10_000)
    ));
    std::fs::write(dir.path().join("wide.toml"), text).unwrap();
    let o = run(clauselint_in(dir.path()).args(["rules", "--rules", "wide.toml"]));
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_contains(&o.stderr, "╭─[wide.toml:11:70009]");
    let line = o
        .stderr
        .lines()
        .find(|l| l.starts_with(" 11 │"))
        .expect("the snippet shows line 11");
    assert!(line.starts_with(" 11 │ …"), "{line}");
    assert!(line.ends_with('…'), "{line}");
    assert!(line.contains(" \"fa*ce\", \"x\"]]"), "{line}");
    assert!(line.chars().count() < 300, "{line}");
    assert_contains(&o.stderr, "╰── here");
}
