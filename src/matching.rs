//! Matching: one pass of the term automaton over a document's normalised
//! text, hits indexed by clause, and group queries in a clause's scope
//! (the clause, its lead-ins, or its headings). Regex groups run only on the
//! clauses a query asks about.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use crate::document::Document;
use crate::packs::{GroupId, Packs, Scope};

pub use crate::packs::Hit;

/// Every term hit of a document, by clause.
pub struct DocHits {
    hits: Vec<Hit>,
    /// For each clause, the range of `hits` that start inside it.
    by_clause: Vec<Range<u32>>,
    /// Every group's hits inside clauses (indices into `hits`), group after
    /// group, each in order: the clauses a group occurs in, and a clause's
    /// hits of one group, are found by binary search instead of a scan.
    group_hits: Vec<u32>,
    /// Where each group's hits begin in `group_hits` (one more entry than
    /// there are groups).
    group_starts: Vec<u32>,
}

impl DocHits {
    pub fn find(doc: &Document, packs: &Packs) -> DocHits {
        let text = doc.text.as_str();
        // About a hit in ten bytes: reserved, the vector is not copied as
        // it grows.
        let mut hits = Vec::with_capacity(text.len() / 8 + 16);
        packs.automaton.find_all(text, &mut hits);
        let urls = url_spans(text);
        drop_url_hits(&mut hits, &urls);
        // Hits and clauses are both sorted: one sweep assigns them.
        let mut by_clause = Vec::with_capacity(doc.clauses.len());
        let mut h = 0usize;
        for c in &doc.clauses {
            while h < hits.len() && (hits[h].start as usize) < c.text.start {
                h += 1;
            }
            let start = h;
            while h < hits.len() && (hits[h].start as usize) < c.text.end {
                h += 1;
            }
            by_clause.push(start as u32..h as u32);
        }
        // A counting sort by group: one allocation for every group's list.
        // Hits outside clauses (between them) are left out.
        let mut group_starts = vec![0u32; packs.groups.len() + 1];
        for r in &by_clause {
            for hit in &hits[r.start as usize..r.end as usize] {
                group_starts[hit.group as usize + 1] += 1;
            }
        }
        for g in 1..group_starts.len() {
            group_starts[g] += group_starts[g - 1];
        }
        let mut group_hits = vec![0u32; group_starts[packs.groups.len()] as usize];
        let mut filled = group_starts.clone();
        for r in &by_clause {
            for h in r.start..r.end {
                let g = hits[h as usize].group as usize;
                group_hits[filled[g] as usize] = h;
                filled[g] += 1;
            }
        }
        DocHits {
            hits,
            by_clause,
            group_hits,
            group_starts,
        }
    }

    /// A term set's hits inside clauses, in order.
    fn group_list(&self, terms: u32) -> &[u32] {
        let terms = terms as usize;
        match (
            self.group_starts.get(terms),
            self.group_starts.get(terms + 1),
        ) {
            (Some(&from), Some(&to)) => &self.group_hits[from as usize..to as usize],
            _ => &[],
        }
    }

    /// Hits of one term set ([`Packs::term_set`]) inside one clause.
    pub fn of_terms_in_clause(&self, clause: usize, terms: u32) -> impl Iterator<Item = &Hit> {
        let r = &self.by_clause[clause];
        let list = self.group_list(terms);
        let first = list.partition_point(|&h| h < r.start);
        list[first..]
            .iter()
            .take_while(move |&&h| h < r.end)
            .map(|&h| &self.hits[h as usize])
    }

    /// Every hit of a term set, with its clause, in document order.
    pub fn occurrences(&self, terms: u32) -> HitOccurrences<'_> {
        HitOccurrences {
            hits: self,
            list: self.group_list(terms).iter(),
            clause: 0,
        }
    }
}

/// `DocHits::occurrences`: read as they are asked for, since the judge
/// often stops early in a pattern's candidates.
pub struct HitOccurrences<'a> {
    hits: &'a DocHits,
    list: std::slice::Iter<'a, u32>,
    /// The clause of the previous hit: hits and clauses are both in order,
    /// so one sweep pairs them.
    clause: usize,
}

impl Iterator for HitOccurrences<'_> {
    type Item = (usize, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let h = *self.list.next()?;
        let later = &self.hits.by_clause[self.clause..];
        self.clause += gallop(later, |r| r.end <= h);
        let hit = &self.hits.hits[h as usize];
        Some((self.clause, hit.start as usize..hit.end as usize))
    }
}

/// `slice.partition_point(pred)`, probing 1, 2, 4, … places in first: a
/// group's next hit is most often in the same or a near clause, but a rare
/// term's may be hundreds of clauses on (stepping through them one by one
/// was 1% of a check).
fn gallop<T>(slice: &[T], pred: impl Fn(&T) -> bool) -> usize {
    let mut bound = 1;
    while bound <= slice.len() && pred(&slice[bound - 1]) {
        bound *= 2;
    }
    // Every place before `bound / 2` satisfies `pred`; `bound - 1`, if
    // there is one, does not.
    let lo = bound / 2;
    let hi = bound.min(slice.len());
    lo + slice[lo..hi].partition_point(pred)
}

/// Every occurrence of a group with its clause, in document order.
pub enum Occurrences<'a> {
    /// A group of terms only: its hits.
    Hits(HitOccurrences<'a>),
    /// A group with a regex: listed clause by clause.
    Listed(std::vec::IntoIter<(usize, Range<usize>)>),
}

impl Iterator for Occurrences<'_> {
    type Item = (usize, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Occurrences::Hits(hits) => hits.next(),
            Occurrences::Listed(listed) => listed.next(),
        }
    }
}

/// (clause, group)
type ClauseGroup = (u32, u32);

/// Group queries over one document.
pub struct Matcher<'a> {
    pub doc: &'a Document,
    pub packs: &'a Packs,
    pub hits: &'a DocHits,
    /// Regex group matches by (clause, group): patterns ask about the same
    /// clause many times, and a regex search costs far more than a lookup.
    regex_matches: RefCell<HashMap<ClauseGroup, Vec<Range<usize>>>>,
}

impl<'a> Matcher<'a> {
    pub fn new(doc: &'a Document, packs: &'a Packs, hits: &'a DocHits) -> Matcher<'a> {
        Matcher {
            doc,
            packs,
            hits,
            regex_matches: RefCell::new(HashMap::new()),
        }
    }

    /// Visits the clauses a group may match in for `clause`, by its scope,
    /// until `visit` returns true; returns whether it did.
    fn any_scope_clause(
        &self,
        clause: usize,
        scope: Scope,
        mut visit: impl FnMut(usize) -> bool,
    ) -> bool {
        match scope {
            Scope::Clause => visit(clause),
            Scope::Context => {
                // The clause, the sentence that goes on about it, and up to
                // 16 lead-ins, each once.
                let mut seen = [usize::MAX; 17];
                seen[0] = clause;
                if visit(clause) {
                    return true;
                }
                if self.around(clause, &mut visit) {
                    return true;
                }
                let mut lead = self.doc.clauses[clause].lead_in;
                for n in 1..seen.len() {
                    let Some(l) = lead.filter(|l| !seen[..n].contains(l)) else {
                        break;
                    };
                    seen[n] = l;
                    if visit(l) {
                        return true;
                    }
                    lead = self.doc.clauses[l].lead_in;
                }
                false
            }
            Scope::Heading => self
                .doc
                .heading_path(self.doc.clauses[clause].section)
                .any(visit),
        }
    }

    /// Visits the clauses that qualify `clause` from around it: the sentence
    /// that goes on about it, its list items when it is a lead-in, and what
    /// it refers back to ("in such cases": the clause before it, that
    /// clause's lead-in and the lead-in's items).
    fn around(&self, clause: usize, visit: &mut impl FnMut(usize) -> bool) -> bool {
        let clauses = &self.doc.clauses;
        let c = &clauses[clause];
        if c.continuation.is_some_and(&mut *visit) {
            return true;
        }
        if self.items_of(clause, visit) {
            return true;
        }
        let Some(a) = c.antecedent else {
            return false;
        };
        if visit(a) {
            return true;
        }
        match clauses[a].lead_in {
            Some(l) => visit(l) || self.items_of(l, visit),
            None => false,
        }
    }

    /// Visits the direct items of a lead-in (at most `MAX_ITEMS_VISITED`).
    fn items_of(&self, lead: usize, visit: &mut impl FnMut(usize) -> bool) -> bool {
        let clauses = &self.doc.clauses;
        clauses[lead]
            .items
            .clone()
            .filter(|&k| clauses[k].lead_in == Some(lead))
            .take(MAX_ITEMS_VISITED)
            .any(visit)
    }

    /// Occurrences (byte ranges of the normalised text) of a group in one clause.
    pub fn in_clause(&self, clause: usize, group: GroupId) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        self.push_in_clause(clause, group, &mut out);
        out
    }

    /// `in_clause`, appended to `out`.
    fn push_in_clause(&self, clause: usize, group: GroupId, out: &mut Vec<Range<usize>>) {
        let g = &self.packs.groups[group];
        let from = out.len();
        if g.has_terms {
            out.extend(
                self.hits
                    .of_terms_in_clause(clause, self.packs.term_set(group))
                    .map(|h| h.start as usize..h.end as usize),
            );
        }
        if g.regex.is_some() {
            let key = (clause as u32, group as u32);
            let mut cache = self.regex_matches.borrow_mut();
            let found = cache
                .entry(key)
                .or_insert_with(|| self.regex_in_clause(clause, group));
            out.extend(found.iter().cloned());
            out[from..].sort_by_key(|r| (r.start, r.end));
        }
    }

    fn regex_in_clause(&self, clause: usize, group: GroupId) -> Vec<Range<usize>> {
        let g = &self.packs.groups[group];
        let Some(re) = g.regex.as_ref().and_then(|r| r.get()) else {
            return Vec::new();
        };
        let range = self.doc.clauses[clause].text.clone();
        let text = &self.doc.text.as_str()[range.clone()];
        let shift = |m: regex::Match| range.start + m.start()..range.start + m.end();
        let Some(min) = g.days_at_least else {
            // No groups to read: the faster search without captures.
            return re.find_iter(text).map(shift).collect();
        };
        let mut out = Vec::new();
        for m in re.captures_iter(text) {
            let Some(whole) = m.get(0) else { continue };
            let days = duration_days(
                m.get(1).map_or("", |x| x.as_str()),
                m.get(2).map_or("", |x| x.as_str()),
            );
            if days.is_some_and(|d| d >= min) {
                out.push(shift(whole));
            }
        }
        out
    }

    /// Occurrences of a group for a clause in the group's scope.
    pub fn in_scope(&self, clause: usize, group: GroupId) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        self.in_scope_into(clause, group, &mut out);
        out
    }

    /// `in_scope` into a buffer the caller keeps (cleared first).
    pub fn in_scope_into(&self, clause: usize, group: GroupId, out: &mut Vec<Range<usize>>) {
        out.clear();
        let scope = self.packs.groups[group].scope;
        self.any_scope_clause(clause, scope, |c| {
            self.push_in_clause(c, group, out);
            false
        });
    }

    /// Whether a group occurs for a clause in the group's scope: `in_scope`
    /// without collecting the occurrences (most questions are only this).
    pub fn occurs_in_scope(&self, clause: usize, group: GroupId) -> bool {
        let scope = self.packs.groups[group].scope;
        self.any_scope_clause(clause, scope, |c| self.occurs_in_clause(c, group))
    }

    /// Whether a group occurs in one clause.
    pub fn occurs_in_clause(&self, clause: usize, group: GroupId) -> bool {
        let g = &self.packs.groups[group];
        if g.has_terms
            && self
                .hits
                .of_terms_in_clause(clause, self.packs.term_set(group))
                .next()
                .is_some()
        {
            return true;
        }
        g.regex.is_some() && !self.in_clause(clause, group).is_empty()
    }

    /// Every occurrence of a group, with its clause, in document order (a
    /// pattern's anchor candidates).
    pub fn occurrences(&self, group: GroupId) -> Occurrences<'a> {
        if self.packs.groups[group].regex.is_none() {
            return Occurrences::Hits(self.hits.occurrences(self.packs.term_set(group)));
        }
        let mut out = Vec::new();
        for clause in 0..self.doc.clauses.len() {
            out.extend(
                self.in_clause(clause, group)
                    .into_iter()
                    .map(|r| (clause, r)),
            );
        }
        Occurrences::Listed(out.into_iter())
    }
}

/// Most items of one lead-in looked at for a match in its context.
const MAX_ITEMS_VISITED: usize = 40;

/// Words inside a URL ("…/contact/abuse-report") are not clause text.
fn drop_url_hits(hits: &mut Vec<Hit>, urls: &[Range<usize>]) {
    if urls.is_empty() {
        return;
    }
    // Both are sorted by start: one sweep, not a search per hit.
    let mut next = 0;
    hits.retain(|h| {
        let start = h.start as usize;
        while next < urls.len() && urls[next].end <= start {
            next += 1;
        }
        !(next < urls.len() && urls[next].start <= start)
    });
}

/// Byte ranges of URLs (`http://…`, `https://…`, `www.…`, in any case) in
/// a text, sorted.
fn url_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    // Found from their rarer bytes, "://" and ".", then checked backwards:
    // a search for the three openings at every byte cost 2% of a check.
    let ends_with = |at: usize, word: &[u8]| {
        at >= word.len() && bytes[at - word.len()..at].eq_ignore_ascii_case(word)
    };
    let mut starts: Vec<usize> = Vec::new();
    for colon in memchr::memmem::find_iter(bytes, b"://") {
        if ends_with(colon, b"https") {
            starts.push(colon - 5);
        } else if ends_with(colon, b"http") {
            starts.push(colon - 4);
        }
    }
    starts.extend(
        memchr::memchr_iter(b'.', bytes)
            .filter(|&dot| ends_with(dot, b"www"))
            .map(|dot| dot - 3),
    );
    starts.sort_unstable();
    let mut out: Vec<Range<usize>> = Vec::new();
    for start in starts {
        if out.last().is_some_and(|u| start < u.end) {
            continue;
        }
        let end = text[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '>' | '"' | '\''))
            .map_or(text.len(), |e| start + e);
        out.push(start..end);
    }
    out
}

/// Days in a duration such as ("thirty", "day"), ("twenty-five", "week"),
/// ("one hundred and twenty", "day") or ("2", "month").
fn duration_days(number: &str, unit: &str) -> Option<u32> {
    let n: u32 = match number.parse() {
        Ok(n) => n,
        Err(_) => number_words(number)?,
    };
    let per = match unit.to_ascii_lowercase().as_str() {
        "day" => 1,
        "week" => 7,
        "month" => 30,
        "year" => 365,
        _ => return None,
    };
    n.checked_mul(per)
}

/// A number written in words, as the duration regex finds them: "seven",
/// "nineteen", "twenty-five", "thirty five", "one hundred and twenty-five".
fn number_words(number: &str) -> Option<u32> {
    let mut total: u32 = 0;
    let mut words = 0;
    for word in number
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
    {
        let value = match word.to_ascii_lowercase().as_str() {
            "and" => continue,
            "hundred" => {
                total = total.checked_mul(100)?;
                continue;
            }
            "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            "eight" => 8,
            "nine" => 9,
            "ten" => 10,
            "eleven" => 11,
            "twelve" => 12,
            "thirteen" => 13,
            "fourteen" => 14,
            "fifteen" => 15,
            "sixteen" => 16,
            "seventeen" => 17,
            "eighteen" => 18,
            "nineteen" => 19,
            "twenty" => 20,
            "thirty" => 30,
            "forty" => 40,
            "fifty" => 50,
            "sixty" => 60,
            "seventy" => 70,
            "eighty" => 80,
            "ninety" => 90,
            _ => return None,
        };
        total = total.checked_add(value)?;
        words += 1;
    }
    (words > 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::{Hit, drop_url_hits, duration_days, gallop, url_spans};

    #[test]
    fn gallop_finds_the_partition_point() {
        for len in 0..70 {
            let slice: Vec<usize> = (0..len).collect();
            for cut in 0..=len {
                let pred = |&x: &usize| x < cut;
                assert_eq!(gallop(&slice, pred), cut, "len {len}, cut {cut}");
                assert_eq!(gallop(&slice, pred), slice.partition_point(pred));
            }
        }
    }

    #[test]
    fn hits_starting_inside_a_url_are_dropped() {
        let hit = |start: u32| Hit {
            start,
            end: start + 3,
            group: 0,
        };
        let mut hits: Vec<Hit> = [0, 9, 10, 12, 19, 20, 25, 30, 31, 40, 50]
            .into_iter()
            .map(hit)
            .collect();
        drop_url_hits(&mut hits, &[10..20, 30..31, 45..50]);
        let kept: Vec<u32> = hits.iter().map(|h| h.start).collect();
        assert_eq!(kept, [0, 9, 20, 25, 31, 40, 50]);
        // No URL: nothing dropped.
        let mut hits = vec![hit(4), hit(8)];
        drop_url_hits(&mut hits, &[]);
        assert_eq!(hits.len(), 2);
    }

    #[test]
    fn urls_in_any_case_end_at_a_space_or_closing_mark() {
        let text = "See HTTPS://Example.com/abuse-report, or (www.example.org/terms) \
                    and http://www.example.net \"wwww.x.y\" but not https:/ nor www";
        let spans: Vec<&str> = url_spans(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            spans,
            [
                "HTTPS://Example.com/abuse-report,",
                "www.example.org/terms",
                "http://www.example.net",
                "www.x.y",
            ]
        );
        assert!(url_spans("no address here.").is_empty());
        // A URL at the very end of the text runs to its end.
        assert_eq!(url_spans("mail https://a.b/c"), vec![5..18]);
    }

    #[test]
    fn durations() {
        assert_eq!(duration_days("thirty", "day"), Some(30));
        assert_eq!(duration_days("2", "month"), Some(60));
        assert_eq!(duration_days("one hundred and eighty", "day"), Some(180));
        assert_eq!(duration_days("many", "day"), None);
        assert_eq!(duration_days("twenty-five", "day"), Some(25));
        assert_eq!(duration_days("Thirty five", "day"), Some(35));
        assert_eq!(duration_days("twenty-one", "week"), Some(147));
        assert_eq!(duration_days("forty-five", "day"), Some(45));
        assert_eq!(duration_days("ninety-nine", "day"), Some(99));
        assert_eq!(duration_days("seventeen", "day"), Some(17));
        assert_eq!(duration_days("one hundred twenty", "day"), Some(120));
        assert_eq!(
            duration_days("one hundred and twenty-five", "day"),
            Some(125)
        );
        assert_eq!(duration_days("two hundred", "day"), Some(200));
        assert_eq!(duration_days("hundred", "day"), None);
        assert_eq!(duration_days("twenty-many", "day"), None);
    }
}
