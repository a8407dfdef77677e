//! Parties: which words name the customer side and which the provider side,
//! from a built-in lexicon plus what the document itself defines ("Customer"
//! means …; "we", "us" refer to Acme) and its title ("Acme Terms of Service").

// Keys are short words: Fx hashes them faster than SipHash, and at most a
// few thousand come from a document, so crafted collisions cost little.
use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::document::Document;

use std::ops::Range;

use super::words::Word;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartyRole {
    /// The customer, user or licensee: the side whose use is restricted.
    Customer,
    /// The provider or licensor: the side that holds leverage.
    Provider,
    /// Either party ("each party may terminate").
    Both,
    /// Someone else: others, third parties, anyone.
    ThirdParty,
    /// Not named (passive voice) or not recognised.
    Unknown,
}

/// Party names: the built-in lexicon (shared) and the document's own
/// (its title and definitions), which win over the lexicon.
#[derive(Debug, Clone)]
pub struct Roles {
    builtin: &'static NameTable,
    document: NameTable,
}

/// Party names, longest first, indexed by their first and last words.
#[derive(Debug, Clone, Default)]
struct NameTable {
    names: Vec<(Vec<String>, PartyRole)>,
    by_first: HashMap<String, Vec<usize>>,
    by_last: HashMap<String, Vec<usize>>,
}

const CUSTOMER: &[&str] = &[
    "you",
    "your",
    "yourself",
    "customer",
    "customers",
    "user",
    "users",
    "end user",
    "end users",
    "licensee",
    "licensees",
    "sublicensee",
    "sublicensees",
    "subscriber",
    "subscribers",
    "client",
    "clients",
    "member",
    "members",
    "developer",
    "developers",
    "recipient",
    "recipients",
    "purchaser",
    "purchasers",
    "buyer",
    "buyers",
    "the individual",
    "the legal entity",
    "account holder",
    "account holders",
    "participant",
    "participants",
    "publisher",
    "publishers",
    "advertiser",
    "advertisers",
    "partner",
    "partners",
    "reseller",
    "resellers",
    "distributor",
    "distributors",
    "integrator",
    "integrators",
    "merchant",
    "merchants",
];
const PROVIDER: &[&str] = &[
    "we",
    "us",
    "our",
    "provider",
    "service provider",
    "licensor",
    "licensors",
    "company",
    "vendor",
    "supplier",
    "seller",
    "operator",
    "the company",
];
const BOTH: &[&str] = &[
    "either party",
    "each party",
    "both parties",
    "the parties",
    "neither party",
    "a party",
    "party",
];
const THIRD: &[&str] = &[
    "third party",
    "third parties",
    "others",
    "anyone",
    "any person",
    "another user",
    "other users",
    "any third party",
    "someone",
    "person",
    "persons",
    "people",
    "individuals",
    // Users of a product who are neither party: a permission to them is a
    // permission all the same.
    "police",
    "police department",
    "police departments",
    "law enforcement",
    "law enforcement agencies",
    "law-enforcement agencies",
    "agencies",
    "government agencies",
    "governments",
    "authorities",
    "public authorities",
    "officers",
];

impl Default for Roles {
    fn default() -> Self {
        Roles::builtin().clone()
    }
}

impl Roles {
    /// The built-in lexicon alone.
    pub fn builtin() -> &'static Roles {
        static BUILTIN: OnceLock<Roles> = OnceLock::new();
        BUILTIN.get_or_init(|| Roles {
            builtin: NameTable::lexicon(),
            document: NameTable::default(),
        })
    }
}

impl NameTable {
    /// The built-in lexicon, built once.
    fn lexicon() -> &'static NameTable {
        static LEXICON: OnceLock<NameTable> = OnceLock::new();
        LEXICON.get_or_init(|| {
            let mut r = NameTable::default();
            for (list, role) in [
                (CUSTOMER, PartyRole::Customer),
                (PROVIDER, PartyRole::Provider),
                (BOTH, PartyRole::Both),
                (THIRD, PartyRole::ThirdParty),
            ] {
                for n in list {
                    r.add(n, role);
                }
            }
            r.sort();
            r
        })
    }
}

/// Words that say which side a definition is about.
const CUSTOMER_CLUES: &[&str] = &[
    "licensee",
    "user",
    "users",
    "customer",
    "you",
    "your",
    "recipient",
    "exercising",
    "subscriber",
    "developer",
    "individual",
    "entity",
    "accepts",
    "purchases",
    "partner",
    "reseller",
    "distributor",
    "client",
    "subscription",
    "admitted",
];
const PROVIDER_CLUES: &[&str] = &[
    "licensor", "provider", "we", "us", "our", "owner", "holder", "offers", "operates", "granting",
];

/// Nouns that make a definition one of a party.
const ENTITY_WORDS: &[&str] = &[
    "person",
    "persons",
    "individual",
    "individuals",
    "entity",
    "entities",
    "organisation",
    "organization",
    "company",
    "corporation",
    "party",
    "customer",
    "user",
    "users",
    "licensee",
    "licensor",
    "provider",
    "business",
    "you",
    "we",
    "us",
    "subscriber",
    "developer",
    "partner",
    "affiliate",
    "inc",
    "ltd",
    "llc",
    "reseller",
];

/// Generic words of titles that are not a provider's name.
const GENERIC_TITLE_WORDS: &[&str] = &[
    "terms",
    "of",
    "service",
    "services",
    "use",
    "the",
    "acceptable",
    "policy",
    "policies",
    "agreement",
    "license",
    "licence",
    "master",
    "cloud",
    "general",
    "standard",
    "community",
    "model",
    "open",
    "privacy",
    "statement",
    "additional",
    "product",
    "products",
    "program",
    "developer",
    "code",
    "conduct",
    "user",
    "usage",
    "and",
    "for",
    "a",
    "an",
    "version",
    "online",
    "subscription",
    "website",
    "websites",
    "notice",
    "guidelines",
    "content",
    "restrictions",
    "legal",
    "rules",
    "customer",
    "enterprise",
    "public",
    "software",
    "data",
    "ai",
    "platform",
    "api",
    "on",
    "to",
];

fn name_words(name: &str) -> Vec<String> {
    name.split_whitespace().map(|w| w.to_lowercase()).collect()
}

impl NameTable {
    fn contains(&self, ws: &[String]) -> bool {
        self.ending_with(ws.last().map_or("", String::as_str))
            .any(|(n, _)| n == ws)
    }

    fn add(&mut self, name: &str, role: PartyRole) {
        let ws = name_words(name);
        if ws.is_empty() || self.names.iter().any(|(n, _)| *n == ws) {
            return;
        }
        self.names.push((ws, role));
    }

    fn set(&mut self, ws: Vec<String>, role: PartyRole) {
        match self.names.iter_mut().find(|(n, _)| *n == ws) {
            Some(entry) => entry.1 = role,
            None => self.names.push((ws, role)),
        }
    }

    fn sort(&mut self) {
        self.names.sort_by_key(|n| std::cmp::Reverse(n.0.len()));
        self.by_first.clear();
        self.by_last.clear();
        for (i, (name, _)) in self.names.iter().enumerate() {
            if let (Some(first), Some(last)) = (name.first(), name.last()) {
                self.by_first.entry(first.clone()).or_default().push(i);
                self.by_last.entry(last.clone()).or_default().push(i);
            }
        }
    }

    /// Names ending (or starting) with a word, longest first.
    fn ending_with(&self, word: &str) -> impl Iterator<Item = &(Vec<String>, PartyRole)> {
        self.by_last
            .get(word)
            .into_iter()
            .flatten()
            .map(|&i| &self.names[i])
    }

    fn starting_with(&self, word: &str) -> impl Iterator<Item = &(Vec<String>, PartyRole)> {
        self.by_first
            .get(word)
            .into_iter()
            .flatten()
            .map(|&i| &self.names[i])
    }

    /// The one-word name `word`.
    fn single(&self, word: &str) -> Option<(PartyRole, usize)> {
        self.ending_with(word)
            .find(|(n, _)| n.len() == 1)
            .map(|(_, r)| (*r, 1))
    }

    /// The longest name ending at word `k`.
    fn ending_at(&self, words: &[Word], k: usize) -> Option<(PartyRole, usize)> {
        self.ending_with(&words[k].lower)
            .find(|(name, _)| name.len() <= k + 1 && matches_at(words, k + 1 - name.len(), name))
            .map(|(name, role)| (*role, name.len()))
    }

    /// The longest name starting at word `k`.
    fn starting_at(&self, words: &[Word], k: usize) -> Option<(PartyRole, usize)> {
        self.starting_with(&words[k].lower)
            .find(|(name, _)| matches_at(words, k, name))
            .map(|(name, role)| (*role, name.len()))
    }
}

fn matches_at(words: &[Word], start: usize, name: &[String]) -> bool {
    start + name.len() <= words.len()
        && name
            .iter()
            .enumerate()
            .all(|(i, n)| words[start + i].lower == *n)
}

/// The longer of two name matches; the document's on a tie (it redefines
/// a built-in name).
fn longer(
    document: Option<(PartyRole, usize)>,
    builtin: Option<(PartyRole, usize)>,
) -> Option<(PartyRole, usize)> {
    match (document, builtin) {
        (Some(d), Some(b)) if b.1 > d.1 => Some(b),
        (Some(d), _) => Some(d),
        (None, b) => b,
    }
}

impl Roles {
    /// Built-in names plus the document's definitions and title.
    pub fn for_document(doc: &Document) -> Roles {
        let builtin = NameTable::lexicon();
        let mut own = NameTable::default();
        // The provider's name from the title: "Acme Terms of Service" → Acme.
        let title = doc
            .front_matter
            .as_ref()
            .and_then(|f| f.title.clone())
            .or_else(|| doc.title.map(|t| doc.clause_text(t).to_string()));
        if let Some(title) = title {
            for w in title.split_whitespace() {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                if w.len() >= 2
                    && w.chars().next().is_some_and(char::is_uppercase)
                    && !GENERIC_TITLE_WORDS.contains(&w.to_lowercase().as_str())
                    && !w.chars().all(|c| c.is_ascii_digit() || c == '.')
                {
                    // A built-in name keeps its built-in role.
                    if !builtin.contains(&name_words(w)) {
                        own.add(w, PartyRole::Provider);
                    }
                    break;
                }
            }
        }
        // Definitions: … ("X"), "X" means …, "we" and "us" refer to "X".
        for c in 0..doc.clauses.len().min(4000) {
            let s = doc.clause_text(c);
            // One pass for either quote mark ('“' is E2 80 9C in UTF-8).
            let quoted = memchr::memchr2(b'"', 0xE2, s.as_bytes()).is_some()
                && (s.contains('"') || s.contains('“'));
            if !quoted {
                continue;
            }
            for (name, role) in defined_roles(s) {
                if name.chars().next().is_some_and(char::is_uppercase)
                    && name.split_whitespace().count() <= 4
                {
                    let lower = name.to_lowercase();
                    if CUSTOMER.contains(&lower.as_str()) || PROVIDER.contains(&lower.as_str()) {
                        // A document may still say its "Customer" is someone
                        // else's customer; keep the common reading.
                        continue;
                    }
                    let ws = name_words(&name);
                    if !ws.is_empty() {
                        own.set(ws, role);
                    }
                }
            }
        }
        own.sort();
        Roles {
            builtin,
            document: own,
        }
    }

    /// A party name ending at word `k`: its role and length in words.
    pub fn role_ending_at(&self, words: &[Word], k: usize) -> Option<(PartyRole, usize)> {
        let w = &words[k].lower;
        // "we're", "you'll", "they've": the pronoun of a contraction.
        if let Some((base, _)) = w.split_once('\'')
            && !w.ends_with("'s")
        {
            return self
                .document
                .single(base)
                .or_else(|| self.builtin.single(base));
        }
        let found = longer(
            self.document.ending_at(words, k),
            self.builtin.ending_at(words, k),
        );
        if found.is_some() {
            return found;
        }
        // Possessive of a party: "Customer's employees" binds the customer.
        let base = w.strip_suffix("'s")?;
        self.document
            .single(base)
            .or_else(|| self.builtin.single(base))
    }

    /// A party name starting at word `k`.
    pub fn role_starting_at(&self, words: &[Word], k: usize) -> Option<(PartyRole, usize)> {
        longer(
            self.document.starting_at(words, k),
            self.builtin.starting_at(words, k),
        )
    }
}

/// Quoted names in a clause: (name, byte start of the opening quote, byte
/// end of the closing quote).
fn quoted_names(s: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(open) = s[pos..].find(['"', '“']).map(|o| o + pos) {
        let inner = open + s[open..].chars().next().map_or(1, char::len_utf8);
        let Some(close) = s[inner..].find(['"', '”']).map(|c| c + inner) else {
            break;
        };
        let end = close + s[close..].chars().next().map_or(1, char::len_utf8);
        let name = s[inner..close].trim();
        if !name.is_empty() && name.len() <= 60 {
            out.push((name.to_string(), open, end));
        }
        pos = end;
    }
    out
}

fn clue_role(text: &str) -> Option<PartyRole> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let cust = words.iter().filter(|w| CUSTOMER_CLUES.contains(w)).count();
    let prov = words.iter().filter(|w| PROVIDER_CLUES.contains(w)).count();
    match cust.cmp(&prov) {
        std::cmp::Ordering::Greater => Some(PartyRole::Customer),
        std::cmp::Ordering::Less => Some(PartyRole::Provider),
        std::cmp::Ordering::Equal => None,
    }
}

fn known_role(name: &str) -> Option<PartyRole> {
    let n = name.to_lowercase();
    if CUSTOMER.contains(&n.as_str()) {
        Some(PartyRole::Customer)
    } else if PROVIDER.contains(&n.as_str()) {
        Some(PartyRole::Provider)
    } else {
        None
    }
}

/// Roles a definition clause gives to the names it defines.
fn defined_roles(s: &str) -> Vec<(String, PartyRole)> {
    let names = quoted_names(s);
    // ASCII only: the offsets of `names` index `lower` too (full lower-casing
    // changes byte lengths: "Ⱥ" is 2 bytes, "ⱥ" 3). Every phrase looked for
    // below is ASCII.
    let lower = s.to_ascii_lowercase();
    let mut out: Vec<(String, Option<PartyRole>)> = Vec::new();
    for (i, (name, open, end)) in names.iter().enumerate() {
        let after = lower[*end..].trim_start();
        let before = lower[..*open].trim_end();
        let role = if ["means", "shall mean", "refers to", "is defined"]
            .iter()
            .any(|m| after.starts_with(m))
        {
            // "X" means <description> — of a party only if the description
            // starts by naming a person or organisation, not a thing
            // ("Model" means the weights released by Licensor).
            let desc: String = lower[*end..].chars().take(160).collect();
            let head: Vec<&str> = desc
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .take(9)
                .collect();
            let names_entity = head.iter().any(|w| ENTITY_WORDS.contains(w));
            known_role(name).or_else(|| if names_entity { clue_role(&desc) } else { None })
        } else if before.ends_with("refer to") || before.ends_with("refers to") {
            // "we", "us" and "our" refer to "X": the pronouns decide.
            let from = names.first().map_or(0, |n| n.1).min(*open);
            let _ = i;
            clue_role(&lower[from..*open])
        } else {
            // <description> ("X"): the words before the parenthesis, or the
            // pronouns listed with it: ("Licensor", "we", "us").
            let head = &lower[..*open];
            let from = [
                head.rfind(['(', ';']).map_or(0, |p| p + 1),
                head.rfind(" between ").map_or(0, |p| p + 9),
                head.rfind(" and ").map_or(0, |p| p + 5),
            ]
            .into_iter()
            .max()
            .unwrap_or(0);
            let own = clue_role(&head[from..]);
            let paren_end = lower[*end..].find(')').map_or(lower.len(), |p| p + *end);
            let inside = &lower[*open..paren_end];
            let has = |w: &str| {
                inside.contains(&format!("\"{w}\"")) || inside.contains(&format!("“{w}”"))
            };
            let pronouns = if has("we") || has("us") || has("our") {
                Some(PartyRole::Provider)
            } else if has("you") || has("your") {
                Some(PartyRole::Customer)
            } else {
                None
            };
            pronouns.or(own)
        };
        out.push((name.clone(), role));
    }
    // Two parties of one agreement: one known side implies the other.
    let known: Vec<PartyRole> = out
        .iter()
        .filter_map(|(n, r)| r.or_else(|| known_role(n)))
        .collect();
    if lower.contains("between") && known.len() == 1 {
        let other = match known[0] {
            PartyRole::Customer => PartyRole::Provider,
            _ => PartyRole::Customer,
        };
        if let Some(entry) = out.iter_mut().find(|e| {
            e.1.is_none()
                && known_role(&e.0).is_none()
                && !THIRD.contains(&e.0.to_lowercase().as_str())
        }) {
            entry.1 = Some(other);
        }
    }
    out.into_iter()
        .filter_map(|(n, r)| r.map(|r| (n, r)))
        .collect()
}

/// Words that may stand between a subject and its modal cue.
const SUBJECT_GAP: &[&str] = &[
    "also",
    "further",
    "hereby",
    "therefore",
    "thus",
    "only",
    "itself",
    "themselves",
    "and",
    "or",
    "its",
    "their",
    "affiliates",
    "each",
    "expressly",
    "alone",
    "jointly",
    "then",
    "at",
    "any",
    "time",
    "in",
    "no",
    "event",
    "not",
    "never",
    "acting",
    "on",
    "behalf",
    "of",
];

/// "reasonably", "promptly", "solely": an adverb between a subject and its
/// verb ("we reasonably need to verify"). Nouns and verbs in -ly are not.
fn is_ly_adverb(word: &str) -> bool {
    word.len() > 5
        && word.ends_with("ly")
        && !matches!(
            word,
            "supply"
                | "apply"
                | "reply"
                | "comply"
                | "family"
                | "assembly"
                | "monopoly"
                | "anomaly"
        )
}

impl Roles {
    /// The party that heads the subject of a cue starting at word `start`.
    pub(crate) fn subject_before(
        &self,
        words: &[Word],
        start: usize,
    ) -> Option<(PartyRole, Option<Range<usize>>)> {
        let roles = self;
        let mut k = start;
        let mut steps = 0;
        while k > 0 && steps < 8 {
            if words[k].after_break && k != start {
                break;
            }
            if words[k].after_break && k == start && steps > 0 {
                break;
            }
            k -= 1;
            steps += 1;
            if let Some((role, len)) = roles.role_ending_at(words, k) {
                // The party must head the subject: only adverbs, a parenthesis or
                // "and its affiliates" may stand between it and the cue ("The
                // Acme Cloud API is not designed …" names a product, not Acme).
                // A possessive party ("Customer's administrators") heads the
                // subject through one noun.
                let from = if words[k].lower.ends_with("'s") || words[k].lower.ends_with("s'") {
                    k + 2
                } else {
                    k + 1
                };
                // "Northwind or an independent auditor appointed by it may …":
                // the party heads a coordinated subject.
                let coordinated =
                    from < start && matches!(words[from].lower.as_ref(), "or" | "and");
                let gap_ok = coordinated
                    || (from.min(start)..start).all(|g| {
                        words[g].after_break
                            || SUBJECT_GAP.contains(&words[g].lower.as_ref())
                            || is_ly_adverb(&words[g].lower)
                    });
                if gap_ok || (k + 1 < start && words[k + 1].after_break) {
                    let s = words[k + 1 - len].range.start;
                    return Some((role, Some(s..words[k].range.end)));
                }
                return None;
            }
            if words[k].after_break {
                break;
            }
        }
        None
    }

    /// The party named within five words after a cue ending at word `end`.
    pub(crate) fn party_after(
        &self,
        words: &[Word],
        end: usize,
    ) -> Option<(PartyRole, Option<Range<usize>>)> {
        let roles = self;
        for k in end..(end + 5).min(words.len()) {
            if let Some((role, len)) = roles.role_starting_at(words, k) {
                return Some((
                    role,
                    Some(words[k].range.start..words[k + len - 1].range.end),
                ));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};
    use crate::judge::words::words;

    fn role_of(doc_src: &str, who: &str) -> Option<PartyRole> {
        let doc = Document::parse(doc_src, Format::Markdown);
        let roles = Roles::for_document(&doc);
        let lower = who.to_ascii_lowercase();
        let ws = words(who, &lower, 0..who.len());
        roles.role_ending_at(&ws, ws.len() - 1).map(|r| r.0)
    }

    #[test]
    fn title_names_the_provider() {
        assert_eq!(
            role_of("# Acme Terms of Service\n\nText.\n", "Acme"),
            Some(PartyRole::Provider)
        );
    }

    #[test]
    fn between_clauses_give_both_sides() {
        let src = "# Agreement\n\nThis Agreement is made between Rookwood Digital Ltd (\"Rookwood\") and the customer identified in the Order (\"Customer\").\n\nThis Agreement is between Ferncastle Software Ltd (\"Provider\") and the reseller named in the Order (\"Reseller\").\n";
        assert_eq!(role_of(src, "Rookwood"), Some(PartyRole::Provider));
        assert_eq!(role_of(src, "Reseller"), Some(PartyRole::Customer));
    }

    #[test]
    fn definitions_name_parties() {
        let src = "# Terms\n\n\"Northwind\" means Northwind Ltd, the provider of the Services (\"we\", \"us\").\n\n\"Buyer Org\" means the entity that accepts these terms as a customer.\n";
        assert_eq!(role_of(src, "Northwind"), Some(PartyRole::Provider));
        assert_eq!(role_of(src, "Buyer Org"), Some(PartyRole::Customer));
        assert_eq!(role_of(src, "Licensee"), Some(PartyRole::Customer));
        assert_eq!(role_of(src, "Customer's"), Some(PartyRole::Customer));
    }
}
