//! Terms: how a written term becomes automaton patterns (inflections, hyphen
//! and apostrophe variants), and the one automaton over every term of every
//! loaded pack.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::GroupId;
use super::lemma::{Lemma, StemCache, WordMatch, irregular_forms, word_match};
use crate::bitscan::{BLOCK, lanes_to_bits};

/// Upper bounds that keep a hostile pack from exhausting memory.
pub const MAX_PATTERNS: usize = 200_000;
pub const MAX_TERM_LEN: usize = 200;

/// Endings a pattern may take before its word ends: the regular inflections
/// of its last word, checked after a match instead of each being a pattern
/// of its own (which would multiply the automaton several times over).
pub mod suffix {
    pub const S: u8 = 1;
    pub const ES: u8 = 2;
    pub const D: u8 = 4;
    pub const ED: u8 = 8;
    pub const ING: u8 = 16;
    /// The last letter doubled, then "ed" / "ing": ban → banned, banning.
    pub const DOUBLED_ED: u8 = 32;
    pub const DOUBLED_ING: u8 = 64;
}

/// A group a pattern belongs to, and how the pattern may end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The group's id ([`GroupId`]), in the 4 bytes a hit stores.
    pub group: u32,
    /// Written as a prefix (`word*`): any continuation of the word matches.
    pub prefix: bool,
    /// Inflection endings the pattern may take (`suffix::*` bits).
    pub suffixes: u8,
    /// The lemmas the words the pattern's tails consumed must match, in
    /// order: an index into [`TermAutomaton::lemma_lists`], or `NO_LEMMAS`.
    pub lemmas: u32,
}

/// A member whose pattern has no lemma tails.
pub const NO_LEMMAS: u32 = u32::MAX;

/// In a pattern, where a lemma's lead ends: the walk consumes the rest of
/// the text's word there. A NUL byte never occurs in a checked text (such
/// a file is refused as binary), and the trie gives it no class in the
/// text anyway.
const TAIL: u8 = 0;

/// Most lemma words one term may have.
const MAX_LEMMAS_PER_TERM: usize = 8;

/// Most spellings one term may expand to (inner `word*` forms multiply).
const MAX_SPELLINGS: usize = 1_000;

/// Patterns collected while compiling, then built into automatons.
#[derive(Default)]
pub struct TermTable {
    index: HashMap<String, usize>,
    patterns: Vec<String>,
    members: Vec<Vec<Member>>,
    /// Distinct lists of lemmas, and where each is in `lemma_lists`.
    lemma_lists: Vec<Vec<Lemma>>,
    lemma_index: HashMap<Vec<Lemma>, u32>,
    /// The pattern limit was crossed (and reported once).
    overflowed: bool,
}

impl TermTable {
    /// Adds a written term to a group. Returns an error message if the term
    /// is not valid.
    pub fn add(&mut self, term: &str, group: GroupId) -> Result<(), String> {
        if self.overflowed {
            // Already reported at the term that crossed the limit.
            return Ok(());
        }
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
        if body.len() > MAX_TERM_LEN {
            return Err(format!("term longer than {MAX_TERM_LEN} bytes"));
        }
        // Hyphens and spaces are the same to the matcher, which reads
        // hyphens as spaces: "law-enforcement" is "law enforcement".
        let body = body.replace('-', " ");
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
        if prefix && body.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
            return Err("a prefix term needs at least 3 letters before `*`".into());
        }
        let spelled = spellings(&body, prefix, exact)?;
        let group_id = u32::try_from(group).map_err(|_| "too many term groups".to_string())?;
        for spelling in spelled {
            let lemmas = self.lemma_list(spelling.lemmas);
            self.insert(
                &spelling.pattern,
                Member {
                    group: group_id,
                    prefix,
                    suffixes: spelling.suffixes,
                    lemmas,
                },
            );
        }
        if self.patterns.len() > MAX_PATTERNS {
            self.overflowed = true;
            return Err(format!(
                "too many terms: the packs expand to more than {MAX_PATTERNS} patterns"
            ));
        }
        Ok(())
    }

    fn insert(&mut self, pattern: &str, member: Member) {
        let known = if pattern.bytes().any(|b| b.is_ascii_uppercase()) {
            self.index.get(pattern.to_ascii_lowercase().as_str())
        } else {
            self.index.get(pattern)
        };
        let i = match known {
            Some(&i) => i,
            None => {
                let key = pattern.to_ascii_lowercase();
                let i = self.patterns.len();
                self.patterns.push(key.clone());
                self.members.push(Vec::new());
                self.index.insert(key, i);
                i
            }
        };
        let m = &mut self.members[i];
        // Terms of one group with the same lead ("policy", "police") are
        // members of their own: each keeps its lemmas.
        if let Some(existing) = m
            .iter_mut()
            .find(|x| x.group == member.group && x.lemmas == member.lemmas)
        {
            // An exact and a prefix spelling of the same term: prefix wins.
            existing.prefix |= member.prefix;
            existing.suffixes |= member.suffixes;
        } else {
            m.push(member);
        }
    }

    /// The index of a list of lemmas, interned.
    fn lemma_list(&mut self, lemmas: Vec<Lemma>) -> u32 {
        if lemmas.is_empty() {
            return NO_LEMMAS;
        }
        if let Some(&i) = self.lemma_index.get(&lemmas) {
            return i;
        }
        let i = self.lemma_lists.len() as u32;
        self.lemma_index.insert(lemmas.clone(), i);
        self.lemma_lists.push(lemmas);
        i
    }

    pub fn build(self) -> Result<TermAutomaton, String> {
        TermAutomaton::new(self.patterns, self.members, self.lemma_lists)
    }
}

/// The term patterns, with each pattern's groups, as a byte trie.
///
/// Terms start at word starts, so matching walks the trie from each word
/// start until no pattern can continue: no failure links are needed (an
/// Aho-Corasick automaton computes them, and its build was most of
/// start-up), and nothing is found inside words only to be thrown away.
#[derive(Debug, Serialize, Deserialize)]
pub struct TermAutomaton {
    trie: DoubleArray,
    /// The groups of pattern `p`: `ends[ends_of[p].0..ends_of[p].1]`, one
    /// array for all patterns so a hit reads memory near the last one.
    ends_of: Vec<(u32, u32)>,
    ends: Vec<Member>,
    /// For each group, the first group with exactly the same terms
    /// ([`TermAutomaton::term_set`]). Packs repeat a vocabulary in several
    /// groups (the same words with another scope or distance): a fifth of
    /// the hits were such repeats.
    term_set: Vec<u32>,
    /// The lemma lists of `Member::lemmas`.
    lemma_lists: Vec<Vec<Lemma>>,
}

/// For each group with terms, the first group whose terms are the same:
/// the same spellings, each with the same prefix flag, endings and lemmas.
fn term_sets(members: &[Vec<Member>]) -> Vec<u32> {
    let groups = members
        .iter()
        .flatten()
        .map(|m| m.group as usize + 1)
        .max()
        .unwrap_or(0);
    let mut terms_of: Vec<Vec<(u32, bool, u8, u32)>> = vec![Vec::new(); groups];
    // Patterns are visited in order, so each list comes out sorted.
    for (pattern, list) in members.iter().enumerate() {
        for m in list {
            terms_of[m.group as usize].push((pattern as u32, m.prefix, m.suffixes, m.lemmas));
        }
    }
    let mut first_with: HashMap<&[(u32, bool, u8, u32)], u32> = HashMap::new();
    terms_of
        .iter()
        .enumerate()
        .map(|(g, terms)| {
            if terms.is_empty() {
                g as u32
            } else {
                *first_with.entry(terms.as_slice()).or_insert(g as u32)
            }
        })
        .collect()
}

/// A byte trie in a double array: the child of the node in slot `n` for a
/// byte of class `c` is slot `slots[n].base + c` (the base without its
/// `ENDS_HERE` bit), if that slot's `check` is `n`. A step is an add, a
/// load and a compare, with no search among children, which is what made a
/// walk slow (one mispredicted branch per byte). The root is slot 0 with
/// base 0: its child for class `c` is slot `c`.
#[derive(Debug, Serialize, Deserialize)]
struct DoubleArray {
    /// Byte → class: ASCII case folded and hyphens as spaces (`fold`), then
    /// numbered; 0 for a byte no pattern has.
    classes: Box<[u8]>,
    /// 8 bytes a slot, so more of the trie stays in the nearest cache: a
    /// walk is a chain of dependent loads.
    slots: Vec<Slot>,
    /// The pattern ending at each slot (`NO_PATTERN` if none), read only
    /// when the slot's base says one does.
    patterns: Vec<u32>,
    /// Some pattern starts with a byte that is not a word byte, so walks
    /// also start at such bytes, not only at word starts.
    nonword_starts: bool,
    /// The class of `TAIL` (no byte of the text has it), 0 if no pattern
    /// has a lemma.
    tail_class: u8,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Slot {
    /// The parent slot, or `FREE`.
    check: u32,
    /// The base of the children, with `ENDS_HERE` set if a pattern ends here.
    base: u32,
}

/// A slot while the array is built.
#[derive(Clone, Copy)]
struct BuildSlot {
    check: u32,
    base: u32,
    pattern: u32,
}

const ENDS_HERE: u32 = 1 << 31;
/// The slot's node has a `TAIL` child: a lemma's lead ends here.
const HAS_TAIL: u32 = 1 << 30;
/// The flags a slot's base carries besides the base itself.
const FLAGS: u32 = ENDS_HERE | HAS_TAIL;

const NO_PATTERN: u32 = u32::MAX;
const FREE: u32 = u32::MAX;
/// How far back from the end of the array a node's children are placed.
const SEARCH_WINDOW: usize = 256;

impl DoubleArray {
    fn new(patterns: &[String]) -> Result<DoubleArray, String> {
        // A trie with a child list per node first, then placed in the array.
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut ends: Vec<u32> = vec![NO_PATTERN];
        for (id, p) in patterns.iter().enumerate() {
            let mut node = 0usize;
            for &b in p.as_bytes() {
                let b = fold(b);
                node = match children[node].iter().find(|(c, _)| *c == b) {
                    Some(&(_, next)) => next as usize,
                    None => {
                        let next = children.len();
                        children.push(Vec::new());
                        ends.push(NO_PATTERN);
                        children[node].push((b, next as u32));
                        next
                    }
                };
            }
            ends[node] = id as u32;
        }

        let mut used = [false; 256];
        for &(b, _) in children.iter().flatten() {
            used[b as usize] = true;
        }
        // `fold` never yields an upper-case letter or a hyphen, and at most
        // 230 bytes are left: the classes fit in a byte.
        let mut class_of_folded = [0u8; 256];
        let mut next_class = 0u8;
        for b in 0..256 {
            if used[b] {
                next_class += 1;
                class_of_folded[b] = next_class;
            }
        }
        // `TAIL` is walked only by `TermAutomaton::tail`, never by a byte
        // of the text.
        let tail_class = class_of_folded[usize::from(TAIL)];
        let classes: Box<[u8]> = (0..=255u8)
            .map(|b| {
                if b == TAIL {
                    0
                } else {
                    class_of_folded[fold(b) as usize]
                }
            })
            .collect();
        let class_count = usize::from(next_class) + 1;

        let free = BuildSlot {
            check: FREE,
            base: 0,
            pattern: NO_PATTERN,
        };
        let mut slots = vec![free; class_count.max(2)];
        // Slot 0 is the root; no child is ever placed there (bases start at 1).
        let mut slot_of = vec![0u32; children.len()];
        let mut queue = std::collections::VecDeque::from([0u32]);
        // Every slot before this one is taken.
        let mut first_free = 1usize;
        while let Some(node) = queue.pop_front() {
            let list = &children[node as usize];
            let here = slot_of[node as usize] as usize;
            if list.is_empty() {
                continue;
            }
            let base = if node == 0 {
                0
            } else {
                // First fit: the lowest base whose child slots are all free.
                let lowest = usize::from(class_of_folded[list[0].0 as usize]);
                let mut base = first_free.saturating_sub(lowest).max(1);
                while !list.iter().all(|&(b, _)| {
                    slots
                        .get(base + usize::from(class_of_folded[b as usize]))
                        .is_none_or(|s| s.check == FREE)
                }) {
                    base += 1;
                }
                base
            };
            if slots.len() < base + class_count {
                slots.resize(base + class_count, free);
            }
            let tail = if list.iter().any(|&(b, _)| b == TAIL) {
                HAS_TAIL
            } else {
                0
            };
            slots[here].base = base as u32 | tail;
            for &(b, child) in list {
                let at = base + usize::from(class_of_folded[b as usize]);
                slots[at] = BuildSlot {
                    check: here as u32,
                    base: 0,
                    pattern: ends[child as usize],
                };
                slot_of[child as usize] = at as u32;
                queue.push_back(child);
            }
            // Holes further back than the window are given up: searching
            // them again for every node made building quadratic.
            first_free = first_free.max(slots.len().saturating_sub(SEARCH_WINDOW));
            while first_free < slots.len() && slots[first_free].check != FREE {
                first_free += 1;
            }
        }
        if slots.len() >= HAS_TAIL as usize {
            return Err("the terms make too large an automaton".into());
        }
        let nonword_starts = children[0].iter().any(|&(b, _)| !is_word_byte(b));
        let (slots, patterns) = slots
            .iter()
            .map(|s| {
                let ends = if s.pattern == NO_PATTERN {
                    0
                } else {
                    ENDS_HERE
                };
                let slot = Slot {
                    check: s.check,
                    base: s.base | ends,
                };
                (slot, s.pattern)
            })
            .unzip();
        Ok(DoubleArray {
            classes,
            slots,
            patterns,
            nonword_starts,
            tail_class,
        })
    }

    /// The root's child for byte `b`.
    #[inline]
    fn start(&self, b: u8) -> Option<usize> {
        let c = usize::from(self.classes[usize::from(b)]);
        (c != 0 && self.slots[c].check == 0).then_some(c)
    }

    fn memory_usage(&self) -> usize {
        self.classes.len()
            + self.slots.len() * std::mem::size_of::<Slot>()
            + self.patterns.len() * 4
    }
}

/// How the trie reads a byte: ASCII case folded, hyphens as spaces.
fn fold(b: u8) -> u8 {
    if b == b'-' {
        b' '
    } else {
        b.to_ascii_lowercase()
    }
}

/// A term occurrence: byte range in the normalised text and the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: u32,
    pub end: u32,
    /// The group's term set ([`TermAutomaton::term_set`]): a group with
    /// the same terms as an earlier one has no hits of its own.
    pub group: u32,
}

/// The state of a scan: the text, the words the current walk's tails
/// consumed, and the stems of the text's words seen so far.
struct Walk<'t> {
    bytes: &'t [u8],
    tails: Tails,
    stems: StemCache,
}

/// The words consumed by a walk's tails, as (start, end) byte offsets.
#[derive(Default)]
struct Tails {
    words: [(u32, u32); MAX_LEMMAS_PER_TERM],
    len: usize,
}

impl Tails {
    /// Adds a word; false if a walk already holds the most a term has.
    fn push(&mut self, start: usize, end: usize) -> bool {
        let Some(slot) = self.words.get_mut(self.len) else {
            return false;
        };
        *slot = (start as u32, end as u32);
        self.len += 1;
        true
    }

    fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }

    fn words(&self) -> &[(u32, u32)] {
        &self.words[..self.len]
    }
}

/// Masks of a block's word bytes (ASCII letters and digits, and every byte
/// of a non-ASCII character) and of its ASCII letters and digits: a walk
/// starts only at a word start.
#[inline]
fn word_masks(block: &[u8; BLOCK]) -> (u64, u64) {
    let mut word = [0u8; BLOCK];
    let mut alnum = [0u8; BLOCK];
    for k in 0..BLOCK {
        let b = block[k];
        let letter = (b | 0x20).wrapping_sub(b'a') < 26;
        let digit = b.wrapping_sub(b'0') < 10;
        alnum[k] = u8::from(letter | digit);
        word[k] = u8::from(letter | digit | (b >= 0x80));
    }
    (lanes_to_bits(&word), lanes_to_bits(&alnum))
}

impl TermAutomaton {
    fn new(
        patterns: Vec<String>,
        members: Vec<Vec<Member>>,
        lemma_lists: Vec<Vec<Lemma>>,
    ) -> Result<TermAutomaton, String> {
        let term_set = term_sets(&members);
        let mut ends_of = Vec::with_capacity(members.len());
        let mut ends = Vec::new();
        for list in &members {
            let start = ends.len() as u32;
            // A group with the same terms as an earlier one would only
            // repeat that group's hits.
            ends.extend(
                list.iter()
                    .filter(|m| term_set[m.group as usize] == m.group),
            );
            ends_of.push((start, ends.len() as u32));
        }
        Ok(TermAutomaton {
            trie: DoubleArray::new(&patterns)?,
            ends_of,
            ends,
            term_set,
            lemma_lists,
        })
    }

    /// The group whose hits stand for `group`'s: the first group with the
    /// same terms (hits carry only that group's id).
    #[inline]
    pub fn term_set(&self, group: GroupId) -> u32 {
        self.term_set.get(group).copied().unwrap_or(group as u32)
    }

    /// Every occurrence of every term in `text`, at word boundaries, sorted by
    /// start (then end).
    pub fn find_all(&self, text: &str, out: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        let mut walk = Walk {
            bytes,
            tails: Tails::default(),
            stems: StemCache::take_thread_cache(),
        };
        // Whether the byte before the block is an ASCII letter or digit.
        let mut alnum_before = 0u64;
        for (n, chunk) in bytes.chunks(BLOCK).enumerate() {
            let at = n * BLOCK;
            let mut block = [0u8; BLOCK];
            block[..chunk.len()].copy_from_slice(chunk);
            let (word, alnum) = word_masks(&block);
            // A byte inside an ASCII word starts nothing (as in `is_word_byte`,
            // a non-ASCII byte after an ASCII letter continues its word).
            let inside = (alnum << 1) | alnum_before;
            alnum_before = alnum >> (BLOCK - 1);
            let mut starts = word & !inside;
            if self.trie.nonword_starts {
                for (k, &b) in chunk.iter().enumerate() {
                    if !is_word_byte(b) && self.trie.start(b).is_some() {
                        starts |= 1 << k;
                    }
                }
            }
            while starts != 0 {
                let i = at + starts.trailing_zeros() as usize;
                starts &= starts - 1;
                let before = out.len();
                self.walk(&mut walk, i, out);
                // One walk's hits come in order of end, except that an
                // inflected ending reaches past a longer pattern's end, and
                // two spellings may give one (start, end, group).
                if out.len() - before > 1 {
                    let walk = &mut out[before..];
                    if !walk.is_sorted_by_key(|h| (h.end, h.group)) {
                        walk.sort_unstable_by_key(|h| (h.end, h.group));
                    }
                    let mut kept = before + 1;
                    for k in before + 1..out.len() {
                        if out[k] != out[kept - 1] {
                            out[kept] = out[k];
                            kept += 1;
                        }
                    }
                    out.truncate(kept);
                }
            }
        }
        walk.stems.return_to_thread();
    }

    /// The hits of the patterns that start at `i`.
    #[inline]
    fn walk(&self, w: &mut Walk, i: usize, out: &mut Vec<Hit>) {
        let Some(node) = self.trie.start(w.bytes[i]) else {
            return;
        };
        if !boundary_before(w.bytes, i) {
            return;
        }
        self.walk_on(w, i, node, i + 1, out);
    }

    /// Walks on from `node`, reached by the text from `i` to `from`.
    #[inline]
    fn walk_on(&self, w: &mut Walk, i: usize, mut node: usize, from: usize, out: &mut Vec<Hit>) {
        let trie = &self.trie;
        // The slot is carried from step to step: its check (tested when it
        // was reached) and its base (where its children are) come in one
        // load. (Iterating over the bytes, rather than indexing them, also
        // made the loop faster: 67 → 59 ms for the 10 MB set's scan.)
        let mut slot = trie.slots[node];
        for (j, &b) in w.bytes.iter().enumerate().skip(from) {
            if slot.base & (ENDS_HERE | HAS_TAIL) != 0 {
                self.at_node(w, i, node, slot, j, out);
            }
            // Class 0 (a byte no pattern has) leads to `base` itself, never
            // a child: classes of pattern bytes start at 1.
            let at = (slot.base & !FLAGS) as usize + usize::from(trie.classes[usize::from(b)]);
            match trie.slots.get(at) {
                Some(&next) if next.check == node as u32 => {
                    node = at;
                    slot = next;
                }
                _ => return,
            }
        }
        // The text ended inside the walk.
        if slot.base & (ENDS_HERE | HAS_TAIL) != 0 {
            self.at_node(w, i, node, slot, w.bytes.len(), out);
        }
    }

    /// At a node that ends a pattern or a lemma's lead, reached by the
    /// text from `i` to `j`: its hits, and the walk through its tail.
    fn at_node(
        &self,
        w: &mut Walk,
        i: usize,
        node: usize,
        slot: Slot,
        j: usize,
        out: &mut Vec<Hit>,
    ) {
        if slot.base & HAS_TAIL != 0 {
            self.tail(w, i, node, slot, j, out);
        }
        if slot.base & ENDS_HERE != 0 {
            self.push_hits(w, i, j, self.trie.patterns[node] as usize, out);
        }
    }

    /// A lemma's lead ended at `j`: the rest of the text's word is its
    /// tail, and the walk goes on after the word.
    fn tail(&self, w: &mut Walk, i: usize, node: usize, slot: Slot, j: usize, out: &mut Vec<Hit>) {
        let trie = &self.trie;
        let at = (slot.base & !FLAGS) as usize + usize::from(trie.tail_class);
        if trie.slots.get(at).is_none_or(|s| s.check != node as u32) {
            return;
        }
        // A lead is ASCII letters, after the walk's start or a space.
        let start = j - w.bytes[i..j]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let end = word_end(w.bytes, j);
        if !w.tails.push(start, end) {
            return;
        }
        self.walk_on(w, i, at, end, out);
        w.tails.pop();
    }

    /// The hits of a pattern matching `bytes[s..e]`, one per group whose
    /// spelling ends there (or, inflected, a little after) and whose
    /// lemmas the words its tails consumed match.
    fn push_hits(&self, w: &mut Walk, s: usize, e: usize, pattern: usize, out: &mut Vec<Hit>) {
        let end_ok = boundary_after(w.bytes, e);
        let (from, to) = self.ends_of[pattern];
        // Members of one spelling mostly share its lemma list: it is
        // matched once for a run of them.
        let mut last: Option<(u32, bool)> = None;
        for member in &self.ends[from as usize..to as usize] {
            if member.lemmas != NO_LEMMAS {
                let ok = match last {
                    Some((list, ok)) if list == member.lemmas => ok,
                    _ => {
                        let ok = self.lemmas_match(w, member.lemmas);
                        last = Some((member.lemmas, ok));
                        ok
                    }
                };
                if !ok {
                    continue;
                }
            }
            let end = if end_ok || member.prefix {
                Some(e)
            } else {
                inflected_end(w.bytes, e, member.suffixes)
            };
            if let Some(end) = end {
                out.push(Hit {
                    start: s as u32,
                    end: end as u32,
                    group: member.group,
                });
            }
        }
    }

    /// Whether the words the walk's tails consumed match a lemma list.
    fn lemmas_match(&self, w: &mut Walk, list: u32) -> bool {
        let Some(lemmas) = self.lemma_lists.get(list as usize) else {
            return false;
        };
        let words = w.tails.words();
        lemmas.len() == words.len()
            && lemmas
                .iter()
                .zip(words)
                .all(|(l, &(a, b))| w.stems.accepts(&w.bytes[a as usize..b as usize], l))
    }

    pub fn memory_usage(&self) -> usize {
        self.trie.memory_usage()
            + self.ends_of.len() * std::mem::size_of::<(u32, u32)>()
            + self.ends.len() * std::mem::size_of::<Member>()
            + self.term_set.len() * 4
    }

    /// Number of distinct patterns (term spellings) in the automaton.
    pub fn pattern_count(&self) -> usize {
        self.ends_of.len()
    }
}

/// The inflection endings: (bit, doubles the last letter, ending after it).
const ENDINGS: [(u8, bool, &[u8]); 7] = [
    (suffix::S, false, b"s"),
    (suffix::ES, false, b"es"),
    (suffix::D, false, b"d"),
    (suffix::ED, false, b"ed"),
    (suffix::ING, false, b"ing"),
    (suffix::DOUBLED_ED, true, b"ed"),
    (suffix::DOUBLED_ING, true, b"ing"),
];

/// Where a word ends if the text after a match at `e` is one of the allowed
/// inflection endings followed by a word boundary.
fn inflected_end(bytes: &[u8], e: usize, suffixes: u8) -> Option<usize> {
    if suffixes == 0 || e == 0 {
        return None;
    }
    let rest = &bytes[e..];
    let next = rest.first()?.to_ascii_lowercase();
    let last = bytes[e - 1].to_ascii_lowercase();
    // Every ending starts with one of these letters or doubles the last one:
    // most words a pattern ends inside ("use" in "user") are ruled out here.
    if !matches!(next, b's' | b'e' | b'd' | b'i') && next != last {
        return None;
    }
    let starts_with = |text: &[u8], ending: &[u8]| {
        text.len() >= ending.len() && text[..ending.len()].eq_ignore_ascii_case(ending)
    };
    let doubled = next == last;
    ENDINGS.iter().find_map(|&(bit, double, ending)| {
        let skip = usize::from(double);
        let matches =
            suffixes & bit != 0 && (!double || doubled) && starts_with(&rest[skip..], ending);
        let end = e + skip + ending.len();
        (matches && boundary_after(bytes, end)).then_some(end)
    })
}

/// A byte of a word: an ASCII letter or digit, or any byte of a non-ASCII
/// character (which the callers tell apart where it matters).
#[inline]
pub(crate) fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// `is_word_byte` as a table: one load instead of three range tests, in
/// the loops that split every analysed clause into words.
static WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b >= 0x80;
        b += 1;
    }
    table
};

/// `char::is_alphanumeric`, answered without its Unicode tables for the
/// non-ASCII characters terms documents have most: Latin-1 letters (names)
/// and general punctuation (curly quotes, dashes). The table search was 1%
/// of a check of a document with accented names.
pub(crate) fn is_word_char(c: char) -> bool {
    match c {
        '\u{C0}'..='\u{FF}' => c != '\u{D7}' && c != '\u{F7}',
        '\u{2000}'..='\u{206F}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// Where the word that `bytes[j]` continues ends: at the first character
/// that is not a letter or digit.
fn word_end(bytes: &[u8], mut j: usize) -> usize {
    while let Some(&b) = bytes.get(j) {
        if b.is_ascii_alphanumeric() {
            j += 1;
        } else if b < 0x80 {
            break;
        } else {
            let rest = &bytes[j..(j + 4).min(bytes.len())];
            let c = (1..=rest.len())
                .find_map(|n| std::str::from_utf8(&rest[..n]).ok())
                .and_then(|s| s.chars().next());
            match c {
                Some(c) if is_word_char(c) => j += c.len_utf8(),
                _ => break,
            }
        }
    }
    j
}

/// A match may start here: at the text start or after a non-word character
/// (or the pattern itself starts with punctuation).
#[inline]
fn boundary_before(bytes: &[u8], i: usize) -> bool {
    if i == 0 || !is_word_byte(bytes[i]) {
        return true;
    }
    let prev = bytes[i - 1];
    if prev < 0x80 {
        return !prev.is_ascii_alphanumeric();
    }
    non_ascii_boundary_before(bytes, i)
}

/// `boundary_before` after a non-ASCII character: a word character
/// unless it is punctuation. Out of line, so that the ASCII tests inline
/// into the scan without this one's registers.
#[cold]
#[inline(never)]
fn non_ascii_boundary_before(bytes: &[u8], i: usize) -> bool {
    let s = std::str::from_utf8(&bytes[i.saturating_sub(4)..i]).ok();
    let c = s.and_then(|s| s.chars().next_back());
    c.is_none_or(|c| !is_word_char(c))
}

#[inline]
fn boundary_after(bytes: &[u8], e: usize) -> bool {
    if e >= bytes.len() || e == 0 || !is_word_byte(bytes[e - 1]) {
        return true;
    }
    let next = bytes[e];
    if next < 0x80 {
        return !next.is_ascii_alphanumeric();
    }
    non_ascii_boundary_after(bytes, e)
}

/// `boundary_after` before a non-ASCII character (see
/// `non_ascii_boundary_before`).
#[cold]
#[inline(never)]
fn non_ascii_boundary_after(bytes: &[u8], e: usize) -> bool {
    let end = (e + 4).min(bytes.len());
    let c = (e + 1..=end)
        .find_map(|j| std::str::from_utf8(&bytes[e..j]).ok())
        .and_then(|s| s.chars().next());
    c.is_none_or(|c| !is_word_char(c))
}

/// One way a term is written in the trie: the pattern (a lemma word as its
/// lead and a `TAIL`), the inflection endings its last word may take, and
/// the lemmas its tails must match.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Spelling {
    pub pattern: String,
    pub suffixes: u8,
    pub lemmas: Vec<Lemma>,
}

/// English function words: matched as written, never as lemmas ("the" is
/// not the lemma of "these", and a lemma costs a stem at each word it ends).
const FUNCTION_WORDS: &[&str] = &[
    "about", "above", "after", "against", "all", "also", "among", "and", "any", "are", "because",
    "been", "before", "being", "below", "between", "both", "but", "can", "could", "did", "does",
    "doing", "down", "during", "each", "either", "every", "few", "for", "from", "had", "has",
    "have", "having", "her", "here", "hers", "him", "his", "how", "into", "its", "itself", "may",
    "might", "more", "most", "must", "neither", "nor", "not", "off", "once", "only", "other",
    "ought", "our", "ours", "out", "over", "own", "same", "shall", "she", "should", "some", "such",
    "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this",
    "those", "through", "under", "until", "upon", "very", "was", "were", "what", "when", "where",
    "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within",
    "without", "would", "you", "your", "yours",
];

/// What one word of a term may be in the text.
enum WordForms {
    /// Each of these, as written.
    Literal(Vec<String>),
    /// A lemma: its lead, then the rest of the text's word; or one of its
    /// irregular forms ("told" for "tell"), as written.
    Lemma(String, Lemma, &'static [&'static str]),
}

/// The forms of one word of a term: a lemma when `lemma_ok` and the word
/// can be one, else as written (an inner `word*` with its regular
/// inflections).
fn word_forms(word: &str, exact: bool, lemma_ok: bool) -> WordForms {
    let (bare, starred) = match word.strip_suffix('*') {
        Some(b) if b.chars().all(|c| c.is_ascii_alphabetic()) => (b, true),
        _ => (word, false),
    };
    let lower = bare.to_ascii_lowercase();
    if !exact
        && lemma_ok
        && !FUNCTION_WORDS.contains(&lower.as_str())
        && let WordMatch::Lemma { lead, lemma } = word_match(bare)
    {
        return WordForms::Lemma(lead, lemma, irregular_forms(&lower));
    }
    if !starred {
        return WordForms::Literal(vec![word.to_string()]);
    }
    // An inner `word*` that cannot be a lemma: the word and its regular
    // inflections.
    let (endings, irregular) = inflections(&lower);
    let mut forms = vec![bare.to_string()];
    forms.extend(endings.into_iter().map(|e| with_ending(&lower, e)));
    forms.extend(irregular);
    WordForms::Literal(forms)
}

/// The patterns a term becomes: each word a lemma where it can be (see
/// `lemma`), else as written — the last word then with its regular
/// inflections as endings, and irregular stems ("policy" → "policies") as
/// patterns of their own — with both apostrophes. `prefix`: the last word
/// is a prefix (`word*`), matched as written; `exact` (`=term`): every
/// word as written, uninflected.
pub fn spellings(term: &str, prefix: bool, exact: bool) -> Result<Vec<Spelling>, String> {
    let words: Vec<&str> = term.split(' ').collect();
    let last = words.len() - 1;
    let mut out = vec![Spelling {
        pattern: String::new(),
        suffixes: 0,
        lemmas: Vec::new(),
    }];
    let mut last_is_lemma = false;
    for (i, w) in words.iter().enumerate() {
        let lemma_ok = !(i == last && prefix) && out[0].lemmas.len() < MAX_LEMMAS_PER_TERM;
        let sep = if i == 0 { "" } else { " " };
        match word_forms(w, exact, lemma_ok) {
            WordForms::Lemma(lead, lemma, irregular) => {
                last_is_lemma = i == last;
                let mut next = Vec::with_capacity(out.len() * (1 + irregular.len()));
                for o in &out {
                    for form in irregular {
                        let mut n = o.clone();
                        n.pattern.push_str(sep);
                        n.pattern.push_str(form);
                        next.push(n);
                    }
                    let mut n = o.clone();
                    n.pattern.push_str(sep);
                    n.pattern.push_str(&lead);
                    n.pattern.push(char::from(TAIL));
                    n.lemmas.push(lemma.clone());
                    next.push(n);
                }
                out = next;
            }
            WordForms::Literal(forms) => {
                if out.len() * forms.len() > MAX_SPELLINGS {
                    return Err(format!(
                        "this term has more than {MAX_SPELLINGS} spellings: use fewer `word*` words"
                    ));
                }
                let mut next = Vec::with_capacity(out.len() * forms.len());
                for o in &out {
                    for f in &forms {
                        let mut n = o.clone();
                        n.pattern.push_str(sep);
                        n.pattern.push_str(f);
                        next.push(n);
                    }
                }
                out = next;
            }
        }
    }
    let mut spelled: Vec<Spelling> = Vec::with_capacity(out.len());
    for v in out {
        let last_word = v.pattern.rsplit(' ').next().unwrap_or("");
        if last_is_lemma
            || prefix
            || exact
            || last_word.len() < 3
            || !last_word.chars().all(|c| c.is_ascii_alphabetic())
        {
            spelled.push(v);
            continue;
        }
        let head = &v.pattern[..v.pattern.len() - last_word.len()];
        let (endings, irregular) = inflections(&last_word.to_ascii_lowercase());
        let bits = endings.iter().fold(0u8, |acc, e| acc | ending_bit(e));
        for form in irregular {
            spelled.push(Spelling {
                pattern: format!("{head}{form}"),
                suffixes: 0,
                lemmas: v.lemmas.clone(),
            });
        }
        spelled.push(Spelling {
            suffixes: bits,
            ..v
        });
    }
    let mut quoted = Vec::new();
    for v in &spelled {
        let other = if v.pattern.contains('\'') {
            v.pattern.replace('\'', "\u{2019}")
        } else if v.pattern.contains('\u{2019}') {
            v.pattern.replace('\u{2019}', "'")
        } else {
            continue;
        };
        quoted.push(Spelling {
            pattern: other,
            ..v.clone()
        });
    }
    spelled.extend(quoted);
    spelled.sort();
    spelled.dedup();
    Ok(spelled)
}

/// A word with an ending from `inflections` ("C" doubles the last letter).
fn with_ending(word: &str, ending: &str) -> String {
    match ending.strip_prefix('C') {
        Some(rest) => {
            let last = word.chars().next_back().map_or(String::new(), String::from);
            format!("{word}{last}{rest}")
        }
        None => format!("{word}{ending}"),
    }
}

fn ending_bit(ending: &str) -> u8 {
    match ending {
        "s" => suffix::S,
        "es" => suffix::ES,
        "d" => suffix::D,
        "ed" => suffix::ED,
        "ing" => suffix::ING,
        "Ced" => suffix::DOUBLED_ED,
        "Cing" => suffix::DOUBLED_ING,
        _ => 0,
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Regular English inflections of a lower-case word (plural / third
/// person, past, gerund): the endings added to the whole word ("s", "ed",
/// "ing"; "Ced"/"Cing" for a doubled last letter), and the forms that
/// change the word's end ("policy" → "policies", "use" → "using").
/// Irregular forms are written as terms of their own.
fn inflections(w: &str) -> (Vec<&'static str>, Vec<String>) {
    let b = w.as_bytes();
    let n = b.len();
    let last = b[n - 1];
    let mut endings = Vec::new();
    let mut forms = Vec::new();
    if n >= 2 && last == b'y' && !is_vowel(b[n - 2]) {
        let stem = &w[..n - 1];
        forms.push(format!("{stem}ies"));
        forms.push(format!("{stem}ied"));
        endings.push("ing");
    } else if last == b'e' {
        endings.push("s");
        endings.push("d");
        forms.push(format!("{}ing", &w[..n - 1]));
    } else if w.ends_with('s')
        || w.ends_with('x')
        || w.ends_with('z')
        || w.ends_with("ch")
        || w.ends_with("sh")
    {
        endings.extend(["es", "ed", "ing"]);
    } else {
        endings.extend(["s", "ed", "ing"]);
        // Consonant-vowel-consonant endings double: ban → banned, banning.
        if n >= 3
            && !is_vowel(last)
            && !matches!(last, b'w' | b'x' | b'y')
            && is_vowel(b[n - 2])
            && !is_vowel(b[n - 3])
        {
            endings.extend(["Ced", "Cing"]);
        }
    }
    (endings, forms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_chars_are_the_alphanumeric_chars() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    /// The words a list of terms finds in a text, with their groups.
    fn found<'t>(terms: &[(&str, GroupId)], text: &'t str) -> Vec<(&'t str, u32)> {
        let mut t = TermTable::default();
        for (term, g) in terms {
            t.add(term, *g).unwrap();
        }
        let a = t.build().unwrap();
        let mut hits = Vec::new();
        a.find_all(text, &mut hits);
        hits.iter()
            .map(|h| (&text[h.start as usize..h.end as usize], h.group))
            .collect()
    }

    #[test]
    fn groups_with_the_same_terms_share_one_set_of_hits() {
        let terms = [
            ("use", 0),
            ("service*", 0),
            // Group 1: the same terms, added in another order and twice.
            ("service*", 1),
            ("use", 1),
            ("use", 1),
            // Group 2: one term more.
            ("use", 2),
            ("service*", 2),
            ("data", 2),
            // Group 3: the same words, but "service" is not a prefix.
            ("use", 3),
            ("service", 3),
            // Group 4: "use" exactly, without inflections.
            ("=use", 4),
            ("service*", 4),
        ];
        let mut t = TermTable::default();
        for (term, g) in terms {
            t.add(term, g).unwrap();
        }
        let a = t.build().unwrap();
        let sets: Vec<u32> = (0..6).map(|g| a.term_set(g)).collect();
        // Group 5 has no terms: it stands for itself.
        assert_eq!(sets, [0, 0, 2, 3, 4, 5]);
        let text = "we use services and data";
        let got = found(&terms, text);
        assert_eq!(
            got,
            [
                ("use", 0),
                ("use", 2),
                ("use", 3),
                ("use", 4),
                // A prefix term's hit ends where the written term does.
                ("service", 0),
                ("service", 2),
                ("service", 4),
                ("services", 3),
                ("data", 2),
            ]
        );
    }

    #[test]
    fn inflects_every_word() {
        let text = "violate violates violated violating violator";
        let got: Vec<_> = found(&[("violate", 0)], text)
            .into_iter()
            .map(|f| f.0)
            .collect();
        // A lemma: its derivation with the same stem too.
        assert_eq!(
            got,
            ["violate", "violates", "violated", "violating", "violator"]
        );
        let text = "track individuals; track-individual; tracks individual";
        let got: Vec<_> = found(&[("track individual", 0)], text)
            .into_iter()
            .map(|f| f.0)
            .collect();
        // Every word of a term is a lemma.
        assert_eq!(
            got,
            ["track individuals", "track-individual", "tracks individual"]
        );
        let got: Vec<_> = found(&[("ban", 0)], "banned bans banning bank")
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(got, ["banned", "bans", "banning"]);
        // Endings in capitals, and a doubled capital.
        let got: Vec<_> = found(&[("ban", 0)], "BANNED Bans BANKS VIOLATES")
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(got, ["BANNED", "Bans"]);
        let got: Vec<_> = found(&[("policy", 0)], "policies policy policys")
            .into_iter()
            .map(|f| f.0)
            .collect();
        // (The stemmer reads a misspelt plural as a plural.)
        assert_eq!(got, ["policies", "policy", "policys"]);
        let got: Vec<_> = found(&[("process", 0)], "processes processed processs")
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(got, ["processes", "processed"]);
    }

    #[test]
    fn hyphenated_words_inflect_and_match_spaced() {
        let got: Vec<_> = found(&[("face-scan", 0)], "face scans, face-scanned, facescan")
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(got, ["face scans", "face-scanned"]);
    }

    #[test]
    fn exact_and_prefix_terms_do_not_inflect() {
        let got: Vec<_> = found(&[("=include", 0)], "include includes including")
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(got, ["include"]);
        let got: Vec<_> = found(&[("surveil*", 0)], "surveillance surveils")
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(got, ["surveil", "surveil"]);
    }

    #[test]
    fn inner_stars_inflect_words() {
        let text = "incited hatred, incites hatred, inciting hatred";
        assert_eq!(found(&[("incite* hatred", 0)], text).len(), 3);
        let got: Vec<_> = found(&[("predict* crime", 0)], "predicting crimes")
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(got, ["predicting crimes"]);
    }

    #[test]
    fn apostrophes_match_both_ways() {
        let text = "don't and don\u{2019}t";
        assert_eq!(found(&[("don't", 0)], text).len(), 2);
    }

    #[test]
    fn finds_terms_at_word_boundaries() {
        let text = "Policemen; POLICE surveillance by law-enforcement, police.";
        assert_eq!(
            found(
                &[("police", 0), ("surveil*", 1), ("law enforcement", 2)],
                text
            ),
            [
                ("POLICE", 0),
                ("surveil", 1),
                ("law-enforcement", 2),
                ("police", 0)
            ]
        );
    }

    #[test]
    fn words_across_the_scan_blocks() {
        // The scan reads 64 bytes at a time: a word start is known across
        // the block edge, and a word running over it is one word.
        let police = [("police", 0)];
        for pad in 55..=70 {
            let inside = format!("{}police", "x".repeat(pad));
            assert!(found(&police, &inside).is_empty(), "pad {pad}");
            let after_space = format!("{} police.", "x".repeat(pad));
            assert_eq!(found(&police, &after_space), [("police", 0)], "pad {pad}");
            let after_accent = format!("{}\u{e9}police", "x".repeat(pad));
            assert!(found(&police, &after_accent).is_empty(), "pad {pad}");
        }
        assert!(found(&police, "\u{e9}police").is_empty());
        assert_eq!(found(&police, "\u{2014}police"), [("police", 0)]);
    }

    #[test]
    fn block_masks_agree_with_each_byte() {
        // Every byte value at every lane position.
        for shift in 0..BLOCK {
            for first in (0..=255u8).step_by(BLOCK) {
                let mut block = [0u8; BLOCK];
                for (k, b) in block.iter_mut().enumerate() {
                    *b = first.wrapping_add(((k + shift) % BLOCK) as u8);
                }
                let (word, alnum) = word_masks(&block);
                for (k, &b) in block.iter().enumerate() {
                    assert_eq!(word >> k & 1 == 1, is_word_byte(b), "byte {b:#x} at {k}");
                    assert_eq!(
                        alnum >> k & 1 == 1,
                        b.is_ascii_alphanumeric(),
                        "byte {b:#x} at {k}"
                    );
                }
            }
        }
    }

    #[test]
    fn terms_with_non_ascii_letters() {
        // Bytes of multi-byte characters are classes of the trie like any
        // other; a word with one inside is one word.
        let terms = [("société civile", 0), ("droits", 1)];
        let text = "La société civile, sociétés civiles, associété civile; droitsé droits.";
        assert_eq!(found(&terms, text), [("société civile", 0), ("droits", 1)]);
    }

    #[test]
    fn terms_may_start_with_punctuation() {
        // Punctuation is its own boundary: "(c)" is found after "abc" too.
        let text = "under (c) above, abc(c), not (cc)";
        assert_eq!(found(&[("(c)", 0)], text), [("(c)", 0), ("(c)", 0)]);
        let long = format!("{} (c)", "word ".repeat(30));
        assert_eq!(found(&[("(c)", 0)], &long), [("(c)", 0)]);
    }

    #[test]
    fn rejects_bad_terms() {
        let mut t = TermTable::default();
        assert!(t.add("fa*ce", 0).is_err());
        assert!(t.add("ab*", 0).is_err());
        assert!(t.add("ab* cd", 0).is_err());
        assert!(t.add("   ", 0).is_err());
        // Spellings multiply: refused before they are generated.
        // (Inner `word*` words that are lemmas make no spellings of their
        // own; "use" has too short a base to be one.)
        assert!(t.add("use* use* use* use* use* use* end", 0).is_err());
        assert!(t.add("abc* abc* abc* abc* abc* abc* end", 0).is_ok());
    }
}
