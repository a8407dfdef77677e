//! Defined terms: `"Restricted Purpose" means any use of the API to …` in
//! one section, `Customer must not use the API for a Restricted Purpose` in
//! another. The definition holds the words a rule looks for; the clause
//! that uses the term holds the binding verb. Each definition is linked to
//! the first clause that uses its term, so that the judge can read the
//! definition under that clause's cue.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::{Clause, ClauseKind, TermUse};

/// Longest defined term looked for, in bytes.
const MAX_TERM_BYTES: usize = 60;

/// Most definitions a document's terms are looked up for: the uses of each
/// are found in one pass over the text.
const MAX_DEFINITIONS: usize = 2_000;

/// Words after the quoted term that make a clause its definition.
const DEFINING: &[&str] = &[
    "means",
    "shall mean",
    "refers to",
    "is defined as",
    "has the meaning",
    "includes",
    "shall include",
    "will mean",
];

/// The term a clause defines, if it is a definition: a quoted name that
/// starts with a capital, then one of `DEFINING`.
pub(crate) fn defined_term(text: &str) -> Option<&str> {
    let t = text.trim_start_matches(|c: char| {
        c.is_ascii_digit() || matches!(c, '.' | '(' | ')' | ' ' | '*' | '_')
    });
    let open = t.chars().next().filter(|c| matches!(c, '"' | '“'))?;
    let rest = &t[open.len_utf8()..];
    let close = rest.find(['"', '”'])?;
    let term = rest[..close].trim();
    if term.is_empty() || term.len() > MAX_TERM_BYTES || !term.starts_with(char::is_uppercase) {
        return None;
    }
    let after = rest[close..]
        .trim_start_matches(['"', '”', '*', '_', ' ', ')'])
        .to_ascii_lowercase();
    DEFINING
        .iter()
        .any(|d| after.starts_with(d))
        .then_some(term)
}

/// Links every definition clause to the first other clause (not a heading,
/// not a definition) that uses its term, matched as written at word
/// boundaries.
pub(crate) fn link_uses(text: &str, clauses: &mut [Clause]) {
    let mut terms: Vec<&str> = Vec::new();
    let mut defining: Vec<usize> = Vec::new();
    for (i, c) in clauses.iter().enumerate() {
        if terms.len() >= MAX_DEFINITIONS {
            break;
        }
        if let Some(term) = defined_term(&text[c.text.clone()]) {
            terms.push(term);
            defining.push(i);
        }
    }
    if terms.is_empty() {
        return;
    }
    // A few terms searched once: an NFA builds far faster than a DFA.
    let Ok(ac) = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::NoncontiguousNFA))
        .match_kind(MatchKind::LeftmostLongest)
        .build(&terms)
    else {
        return;
    };
    let mut first_use: Vec<Option<TermUse>> = vec![None; terms.len()];
    for m in ac.find_iter(text) {
        let k = m.pattern().as_usize();
        if first_use[k].is_some() || !at_word_boundaries(text, m.range()) {
            continue;
        }
        let Some(c) = clause_at(clauses, m.start()) else {
            continue;
        };
        let usable = c != defining[k]
            && clauses[c].kind != ClauseKind::Heading
            && defined_term(&text[clauses[c].text.clone()]).is_none();
        if usable {
            first_use[k] = Some(TermUse {
                clause: c,
                span: m.range(),
            });
        }
    }
    for (k, found) in first_use.into_iter().enumerate() {
        clauses[defining[k]].term_use = found;
    }
}

/// The clause whose text holds `offset`.
fn clause_at(clauses: &[Clause], offset: usize) -> Option<usize> {
    let i = clauses.partition_point(|c| c.text.end <= offset);
    clauses.get(i).filter(|c| c.text.start <= offset).map(|_| i)
}

fn at_word_boundaries(text: &str, r: Range<usize>) -> bool {
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_name_their_term() {
        assert_eq!(
            defined_term("\"Restricted Purpose\" means any use of the API to track people."),
            Some("Restricted Purpose")
        );
        assert_eq!(
            defined_term("1.4 **“High Risk Use”** shall mean operating nuclear plants."),
            Some("High Risk Use")
        );
        assert_eq!(defined_term("\"data\" means information."), None);
        assert_eq!(defined_term("Customer must not use it."), None);
        assert_eq!(defined_term("\"Quoted\" text that defines nothing."), None);
    }
}
