//! Terms: how a written term becomes automaton patterns (inflections, hyphen
//! and apostrophe variants), and the one automaton over every term of every
//! loaded pack.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::GroupId;

/// Upper bounds that keep a hostile pack from exhausting memory.
pub const MAX_PATTERNS: usize = 200_000;
pub const MAX_TERM_LEN: usize = 200;

/// A group a pattern belongs to, and whether it was written as a prefix (`*`).
#[derive(Debug, Clone, Copy)]
pub struct Member {
    pub group: GroupId,
    pub prefix: bool,
}

/// Patterns collected while compiling, then built into one automaton.
#[derive(Default)]
pub struct TermTable {
    index: HashMap<String, usize>,
    patterns: Vec<String>,
    members: Vec<Vec<Member>>,
}

impl TermTable {
    /// Adds a written term to a group. Returns an error message if the term
    /// is not valid.
    pub fn add(&mut self, term: &str, group: GroupId) -> Result<(), String> {
        // `=term`: exactly as written, no inflections ("=include" does not
        // match "including").
        let (term, exact) = match term.strip_prefix('=') {
            Some(t) => (t, true),
            None => (term, false),
        };
        let (body, prefix) = match term.strip_suffix('*') {
            Some(b) => (b, true),
            None => (term, false),
        };
        let words: Vec<&str> = body.split_whitespace().collect();
        if words
            .iter()
            .any(|w| w.trim_end_matches('*').contains('*') || (w.ends_with('*') && w.len() < 4))
        {
            return Err(
                "`*` goes at the end of a word: `word*` (at least 3 letters before it)".into(),
            );
        }
        let body: String = words.join(" ");
        if body.is_empty() {
            return Err("empty term".into());
        }
        if body.len() > MAX_TERM_LEN {
            return Err(format!("term longer than {MAX_TERM_LEN} bytes"));
        }
        if prefix && body.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
            return Err("a prefix term needs at least 3 letters before `*`".into());
        }
        for variant in variants(&body, prefix || exact) {
            self.insert(variant, Member { group, prefix });
        }
        if self.patterns.len() > MAX_PATTERNS {
            return Err(format!(
                "too many terms: the packs expand to more than {MAX_PATTERNS} patterns"
            ));
        }
        Ok(())
    }

    fn insert(&mut self, pattern: String, member: Member) {
        let key = pattern.to_ascii_lowercase();
        let i = match self.index.get(&key) {
            Some(&i) => i,
            None => {
                let i = self.patterns.len();
                self.patterns.push(key.clone());
                self.members.push(Vec::new());
                self.index.insert(key, i);
                i
            }
        };
        let m = &mut self.members[i];
        if let Some(existing) = m.iter_mut().find(|x| x.group == member.group) {
            // An exact and a prefix spelling of the same term: prefix wins.
            existing.prefix |= member.prefix;
        } else {
            m.push(member);
        }
    }

    /// Builds two automatons: one over the terms of anchor groups, run over
    /// every document, and one over the other groups' terms, run only on the
    /// clauses an anchor found (most text never meets the second one).
    pub fn build(
        self,
        is_anchor: &dyn Fn(GroupId) -> bool,
    ) -> Result<(TermAutomaton, TermAutomaton), String> {
        let mut anchor = (Vec::new(), Vec::new());
        let mut other = (Vec::new(), Vec::new());
        for (pattern, members) in self.patterns.into_iter().zip(self.members) {
            let (a, o): (Vec<Member>, Vec<Member>) =
                members.into_iter().partition(|m| is_anchor(m.group));
            if !a.is_empty() {
                anchor.0.push(pattern.clone());
                anchor.1.push(a);
            }
            if !o.is_empty() {
                other.0.push(pattern);
                other.1.push(o);
            }
        }
        Ok((
            TermAutomaton::new(anchor.0, anchor.1)?,
            TermAutomaton::new(other.0, other.1)?,
        ))
    }
}

/// The automaton over every term of every loaded pack.
#[derive(Debug)]
pub struct TermAutomaton {
    ac: AhoCorasick,
    members: Vec<Vec<Member>>,
}

/// A term occurrence: byte range in the normalised text and the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: u32,
    pub end: u32,
    pub group: u32,
}

impl TermAutomaton {
    fn new(patterns: Vec<String>, members: Vec<Vec<Member>>) -> Result<TermAutomaton, String> {
        // A DFA is fastest per byte; past some size its build time and
        // memory are not worth it.
        let kind = if patterns.len() <= 20_000 {
            Some(AhoCorasickKind::DFA)
        } else {
            None
        };
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(kind)
            .build(&patterns)
            .map_err(|e| format!("cannot build the term automaton: {e}"))?;
        Ok(TermAutomaton { ac, members })
    }

    /// Every occurrence of every term in `text`, at word boundaries, sorted by
    /// start (then end).
    pub fn find_all(&self, text: &str, out: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        for m in self.ac.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            if !boundary_before(bytes, s) {
                continue;
            }
            let end_ok = boundary_after(bytes, e);
            for member in &self.members[m.pattern().as_usize()] {
                if end_ok || member.prefix {
                    out.push(Hit {
                        start: s as u32,
                        end: e as u32,
                        group: member.group as u32,
                    });
                }
            }
        }
        out.sort_unstable_by_key(|h| (h.start, h.end, h.group));
        out.dedup();
    }

    /// Number of distinct patterns (term spellings) in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.members.len()
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// A match may start here: at the text start or after a non-word character
/// (or the pattern itself starts with punctuation).
fn boundary_before(bytes: &[u8], i: usize) -> bool {
    if i == 0 || !is_word_byte(bytes[i]) {
        return true;
    }
    let prev = bytes[i - 1];
    if prev < 0x80 {
        return !prev.is_ascii_alphanumeric();
    }
    // A non-ASCII character before: a word character unless it is punctuation.
    let s = std::str::from_utf8(&bytes[i.saturating_sub(4)..i]).ok();
    let c = s.and_then(|s| s.chars().next_back());
    c.is_none_or(|c| !c.is_alphanumeric())
}

fn boundary_after(bytes: &[u8], e: usize) -> bool {
    if e >= bytes.len() || e == 0 || !is_word_byte(bytes[e - 1]) {
        return true;
    }
    let next = bytes[e];
    if next < 0x80 {
        return !next.is_ascii_alphanumeric();
    }
    let end = (e + 4).min(bytes.len());
    let c = (e + 1..=end)
        .find_map(|j| std::str::from_utf8(&bytes[e..j]).ok())
        .and_then(|s| s.chars().next());
    c.is_none_or(|c| !c.is_alphanumeric())
}

/// The spellings a term matches: inflections of its last word (unless it is
/// a prefix term) and of inner words written `word*`, hyphen/space and
/// apostrophe variants.
pub fn variants(term: &str, prefix: bool) -> Vec<String> {
    // Inner `word*`: the word and its regular inflections.
    let mut out = vec![String::new()];
    for (i, w) in term.split(' ').enumerate() {
        let forms = match w.strip_suffix('*') {
            Some(stem) if stem.chars().all(|c| c.is_ascii_alphabetic()) => {
                let mut f = vec![stem.to_string()];
                f.extend(inflections(&stem.to_ascii_lowercase()));
                f
            }
            _ => vec![w.to_string()],
        };
        let mut next = Vec::with_capacity(out.len() * forms.len());
        for o in &out {
            for f in &forms {
                next.push(if i == 0 {
                    f.clone()
                } else {
                    format!("{o} {f}")
                });
            }
        }
        out = next;
    }
    let mut inflected = Vec::new();
    if !prefix {
        for v in &out {
            let (head, last) = match v.rfind(' ') {
                Some(i) => (&v[..=i], &v[i + 1..]),
                None => ("", v.as_str()),
            };
            if last.len() >= 3 && last.chars().all(|c| c.is_ascii_alphabetic()) {
                for form in inflections(&last.to_ascii_lowercase()) {
                    inflected.push(format!("{head}{form}"));
                }
            }
        }
    }
    out.extend(inflected);
    let mut extra = Vec::new();
    for v in &out {
        if v.contains(' ') && v.split(' ').count() <= 3 {
            extra.push(v.replace(' ', "-"));
        }
        if v.contains('-') {
            extra.push(v.replace('-', " "));
        }
    }
    out.extend(extra);
    let mut quotes = Vec::new();
    for v in &out {
        if v.contains('\'') {
            quotes.push(v.replace('\'', "\u{2019}"));
        } else if v.contains('\u{2019}') {
            quotes.push(v.replace('\u{2019}', "'"));
        }
    }
    out.extend(quotes);
    out.sort();
    out.dedup();
    out
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Regular English inflections of a word (plural / third person, past,
/// gerund). Irregular forms are written as terms of their own.
fn inflections(w: &str) -> Vec<String> {
    let b = w.as_bytes();
    let n = b.len();
    let last = b[n - 1];
    let mut v = Vec::new();
    if last == b'y' && !is_vowel(b[n - 2]) {
        let stem = &w[..n - 1];
        v.push(format!("{stem}ies"));
        v.push(format!("{stem}ied"));
        v.push(format!("{w}ing"));
    } else if last == b'e' {
        v.push(format!("{w}s"));
        v.push(format!("{w}d"));
        v.push(format!("{}ing", &w[..n - 1]));
    } else if w.ends_with('s')
        || w.ends_with('x')
        || w.ends_with('z')
        || w.ends_with("ch")
        || w.ends_with("sh")
    {
        v.push(format!("{w}es"));
        v.push(format!("{w}ed"));
        v.push(format!("{w}ing"));
    } else {
        v.push(format!("{w}s"));
        v.push(format!("{w}ed"));
        v.push(format!("{w}ing"));
        // Consonant-vowel-consonant endings double: ban → banned, banning.
        if n >= 3
            && !is_vowel(last)
            && !matches!(last, b'w' | b'x' | b'y')
            && is_vowel(b[n - 2])
            && !is_vowel(b[n - 3])
        {
            v.push(format!("{w}{}ed", last as char));
            v.push(format!("{w}{}ing", last as char));
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflects_the_last_word() {
        let v = variants("violate", false);
        for f in ["violate", "violates", "violated", "violating"] {
            assert!(v.contains(&f.to_string()), "{f}");
        }
        let v = variants("track individual", false);
        assert!(v.contains(&"track individuals".to_string()));
        assert!(v.contains(&"track-individual".to_string()));
        assert!(variants("ban", false).contains(&"banned".to_string()));
        assert!(variants("policy", false).contains(&"policies".to_string()));
    }

    #[test]
    fn inner_stars_inflect_words() {
        let v = variants("incite* hatred", false);
        assert!(v.contains(&"incited hatred".to_string()));
        assert!(v.contains(&"incites hatred".to_string()));
        let v = variants("predict* crime", true);
        assert!(v.contains(&"predicting crime".to_string()));
    }

    #[test]
    fn apostrophes_match_both_ways() {
        let v = variants("don't", false);
        assert!(v.contains(&"don\u{2019}t".to_string()));
    }

    #[test]
    fn finds_terms_at_word_boundaries() {
        let mut t = TermTable::default();
        t.add("police", 0).unwrap();
        t.add("surveil*", 1).unwrap();
        t.add("law enforcement", 2).unwrap();
        let (a, _) = t.build(&|_| true).unwrap();
        let mut hits = Vec::new();
        let text = "Policemen; POLICE surveillance by law-enforcement, police.";
        a.find_all(text, &mut hits);
        let found: Vec<_> = hits
            .iter()
            .map(|h| (&text[h.start as usize..h.end as usize], h.group))
            .collect();
        assert_eq!(
            found,
            [
                ("POLICE", 0),
                ("surveil", 1),
                ("law-enforcement", 2),
                ("police", 0)
            ]
        );
    }

    #[test]
    fn rejects_bad_terms() {
        let mut t = TermTable::default();
        assert!(t.add("fa*ce", 0).is_err());
        assert!(t.add("ab*", 0).is_err());
        assert!(t.add("ab* cd", 0).is_err());
        assert!(t.add("   ", 0).is_err());
    }
}
