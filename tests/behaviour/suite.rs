//! The suite as data: the TOML files under `tests/behaviour/suite/` and their
//! expansion into cases (one small document, one concept, one expectation).
//!
//! A template's text names slots in braces: `{act}`, `{p.Subj}` (a field of
//! a record slot), `{filler#2}` (a second, different pick from the same
//! list), `{topic|cap}` (first letter upper-cased), `{org.title|upper}`.
//! Slot values may name other slots; they are expanded until no brace is
//! left. A template's `cross` slots are enumerated in full; every other slot
//! is picked by a hash of the template, the slot and the case number, so the
//! expansion is deterministic without enumerating the whole cross product.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

/// One value of a slot: a phrase, or a record of phrases (a party and its
/// pronouns and verb endings).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum SlotValue {
    Text(String),
    Record(BTreeMap<String, String>),
}

pub type Slots = BTreeMap<String, Vec<SlotValue>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expect {
    Present,
    Weak,
    Missing,
    /// Weak or missing: a permission beside a restriction may make the
    /// restriction weak (`carve-out`) or leave nothing binding; CONCEPTS.md
    /// only says the concept is not present.
    NotPresent,
}

impl Expect {
    pub fn as_str(self) -> &'static str {
        match self {
            Expect::Present => "present",
            Expect::Weak => "weak",
            Expect::Missing => "missing",
            Expect::NotPresent => "not present",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocFormat {
    #[default]
    Markdown,
    Plain,
}

/// What the spec says a case must give.
#[derive(Debug, Clone)]
pub struct Expectation {
    pub status: Expect,
    /// For `weak`: features that must all be reported (a subset of the
    /// reported ones; the engine may name more).
    pub features: Vec<String>,
    /// Features that must not be reported, whatever the status.
    pub absent: Vec<String>,
    /// A finding rule that must be reported.
    pub finding: Option<String>,
    /// Finding rules that must not be reported.
    pub forbid: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Case {
    /// `concept::template#n`.
    pub name: String,
    pub concept: String,
    pub capability: String,
    pub format: DocFormat,
    pub kind: String,
    pub text: String,
    pub expect: Expectation,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommonFile {
    spec: Spec,
    documents: Documents,
    /// Document kind id → its fields (`title`, `this`), the `kind` record.
    kinds: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    slots: Slots,
}

/// What CONCEPTS.md defines, as the suite reads it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub concepts: Vec<String>,
    /// The finding rule a permitting clause gives.
    pub permitted_finding: String,
    /// Capability → the concepts it applies to (patterns, see [`matches`]).
    pub capabilities: BTreeMap<String, Vec<String>>,
    /// Weakening feature id → the concepts it applies to (patterns).
    pub features: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Documents {
    markdown: String,
    plain: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Defaults {
    #[serde(default)]
    kinds: Vec<String>,
    #[serde(default)]
    forbid: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    #[serde(default)]
    defaults: Defaults,
    #[serde(default)]
    slots: Slots,
    /// Templates applied to several concepts, each with its own slots.
    #[serde(default, rename = "generic")]
    generics: Vec<Template>,
    #[serde(default, rename = "concept")]
    concepts: Vec<ConceptData>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptData {
    id: String,
    #[serde(default)]
    slots: Slots,
    #[serde(default, rename = "case")]
    templates: Vec<Template>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Template {
    id: String,
    capability: String,
    text: String,
    expect: Expect,
    #[serde(default)]
    features: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    finding: Option<String>,
    forbid: Option<Vec<String>>,
    #[serde(default)]
    cross: Vec<String>,
    #[serde(default = "one")]
    repeat: usize,
    #[serde(default)]
    format: DocFormat,
    kinds: Option<Vec<String>>,
    #[serde(default)]
    slots: Slots,
    /// Generic templates only: the concepts it applies to (patterns);
    /// default every concept of the file.
    concepts: Option<Vec<String>>,
}

fn one() -> usize {
    1
}

/// The loaded suite: the spec table, and every case expanded.
pub struct Suite {
    pub spec: Spec,
    pub cases: Vec<Case>,
    /// Expansion errors (an undefined slot, a brace left in a document).
    pub errors: Vec<String>,
    /// Template ids defined twice for one concept.
    pub duplicate_templates: Vec<String>,
}

/// Whether `concept` is matched by a list of patterns: `*`, `pack/*`, an
/// exact id, and `-pattern` to exclude.
pub fn matches(patterns: &[String], concept: &str) -> bool {
    let hit = |p: &str| {
        p == "*"
            || p == concept
            || p.strip_suffix('*')
                .is_some_and(|pre| concept.starts_with(pre))
    };
    let included = patterns.iter().any(|p| !p.starts_with('-') && hit(p));
    let excluded = patterns
        .iter()
        .any(|p| p.strip_prefix('-').is_some_and(&hit));
    included && !excluded
}

impl Suite {
    pub fn load(dir: &Path) -> Result<Suite, String> {
        let read = |name: &str| -> Result<String, String> {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
        };
        let common: CommonFile =
            toml::from_str(&read("common.toml")?).map_err(|e| format!("common.toml: {e}"))?;
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".toml") && n != "common.toml")
            .collect();
        names.sort();
        let mut suite = Suite {
            spec: common.spec.clone(),
            cases: Vec::new(),
            errors: Vec::new(),
            duplicate_templates: Vec::new(),
        };
        for name in names {
            let pack: PackFile =
                toml::from_str(&read(&name)?).map_err(|e| format!("{name}: {e}"))?;
            suite.expand_pack(&common, &pack);
        }
        Ok(suite)
    }

    fn expand_pack(&mut self, common: &CommonFile, pack: &PackFile) {
        for concept in &pack.concepts {
            let mut seen = HashSet::new();
            let generics = pack.generics.iter().filter(|g| {
                g.concepts
                    .as_deref()
                    .is_none_or(|pats| matches(pats, &concept.id))
            });
            for template in generics.chain(&concept.templates) {
                if !seen.insert(template.id.as_str()) {
                    self.duplicate_templates
                        .push(format!("{}::{}", concept.id, template.id));
                }
                let scopes = Scopes {
                    layers: [&template.slots, &concept.slots, &pack.slots, &common.slots],
                };
                let job = Job {
                    common,
                    pack,
                    concept: &concept.id,
                    template,
                    scopes,
                };
                job.expand(&mut self.cases, &mut self.errors);
            }
        }
    }
}

/// Where slots are looked up, innermost first.
struct Scopes<'a> {
    layers: [&'a Slots; 4],
}

impl<'a> Scopes<'a> {
    fn get(&self, name: &str) -> Option<&'a Vec<SlotValue>> {
        self.layers.iter().find_map(|l| l.get(name))
    }
}

/// One template applied to one concept.
struct Job<'a> {
    common: &'a CommonFile,
    pack: &'a PackFile,
    concept: &'a str,
    template: &'a Template,
    scopes: Scopes<'a>,
}

/// How many times a duplicate document is drawn again with other picks.
const REDRAWS: usize = 24;

impl Job<'_> {
    fn uid(&self) -> String {
        format!("{}::{}", self.concept, self.template.id)
    }

    fn expand(&self, cases: &mut Vec<Case>, errors: &mut Vec<String>) {
        let uid = self.uid();
        let sizes: Result<Vec<usize>, String> = self
            .template
            .cross
            .iter()
            .map(|s| match self.scopes.get(s) {
                Some(v) if !v.is_empty() => Ok(v.len()),
                _ => Err(format!("{uid}: cross slot `{s}` is not defined")),
            })
            .collect();
        let sizes = match sizes {
            Ok(s) => s,
            Err(e) => return errors.push(e),
        };
        let combos: usize = sizes.iter().product();
        let draws = combos * self.template.repeat;
        let mut texts = HashSet::new();
        for combo in 0..combos {
            let picks = mixed_radix(combo, &sizes);
            for r in 0..self.template.repeat {
                let number = combo * self.template.repeat + r;
                match self.first_new_draw(&picks, number, draws, &mut texts) {
                    Ok(case) => cases.push(case),
                    Err(e) => {
                        errors.push(e);
                        return;
                    }
                }
            }
        }
    }

    /// Draws case `number`, drawing again (deterministically) while the
    /// document repeats one this template already made.
    fn first_new_draw(
        &self,
        picks: &[usize],
        number: usize,
        draws: usize,
        texts: &mut HashSet<String>,
    ) -> Result<Case, String> {
        let mut last = None;
        for attempt in 0..REDRAWS {
            let case = self.draw(picks, number, number + attempt * draws)?;
            if texts.insert(case.text.clone()) {
                return Ok(case);
            }
            last = Some(case);
        }
        // Left for the well-formedness test to report as a duplicate.
        last.ok_or_else(|| format!("{}: no draw", self.uid()))
    }

    fn draw(&self, picks: &[usize], number: usize, seed: usize) -> Result<Case, String> {
        let uid = self.uid();
        let kinds = self
            .template
            .kinds
            .as_ref()
            .unwrap_or(&self.pack.defaults.kinds);
        if kinds.is_empty() {
            return Err(format!("{uid}: no document kinds"));
        }
        let kind = kinds[hash(&uid, "kind", seed) as usize % kinds.len()].clone();
        let mut kind_record = self
            .common
            .kinds
            .get(&kind)
            .ok_or_else(|| format!("{uid}: unknown kind `{kind}`"))?
            .clone();
        kind_record.insert("id".to_string(), kind.clone());
        let mut ctx = Context {
            uid: &uid,
            seed,
            scopes: &self.scopes,
            picks: HashMap::new(),
            kind: kind_record,
        };
        for (slot, &i) in self.template.cross.iter().zip(picks) {
            ctx.picks.insert(slot.clone(), i);
        }
        let body = ctx.expand(&self.template.text, 0)?;
        let wrapper = match self.template.format {
            DocFormat::Markdown => &self.common.documents.markdown,
            DocFormat::Plain => &self.common.documents.plain,
        };
        let (before, after) = wrapper
            .split_once("{body}")
            .ok_or_else(|| "common.toml: a document template has no {body}".to_string())?;
        let text = format!("{}{body}{}", ctx.expand(before, 0)?, ctx.expand(after, 0)?);
        let text = tidy(&text);
        if let Some(at) = text.find(['{', '}']) {
            return Err(format!("{uid}: a brace is left at byte {at}: {text:?}"));
        }
        Ok(Case {
            name: format!("{uid}#{number}"),
            concept: self.concept.to_string(),
            capability: self.template.capability.clone(),
            format: self.template.format,
            kind,
            text,
            expect: self.expectation(),
        })
    }

    fn expectation(&self) -> Expectation {
        let t = self.template;
        Expectation {
            status: t.expect,
            features: t.features.clone(),
            absent: t.absent.clone(),
            finding: t.finding.clone(),
            forbid: t
                .forbid
                .clone()
                .unwrap_or_else(|| self.pack.defaults.forbid.clone()),
        }
    }
}

/// The digits of `n` in the mixed radix `sizes` (the first slot varies slowest).
fn mixed_radix(mut n: usize, sizes: &[usize]) -> Vec<usize> {
    let mut digits = vec![0; sizes.len()];
    for (d, &size) in digits.iter_mut().zip(sizes).rev() {
        *d = n % size;
        n /= size;
    }
    digits
}

/// FNV-1a: a fixed, platform-independent hash, so the suite never changes
/// between runs or machines.
fn hash(uid: &str, slot: &str, seed: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = uid
        .bytes()
        .chain([0])
        .chain(slot.bytes())
        .chain([0])
        .chain((seed as u64).to_le_bytes());
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // Mix the high bits down: the low bits of FNV vary little for
    // neighbouring seeds.
    h ^ (h >> 29)
}

/// Collapses runs of blank lines left by empty slots and ends with one newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.trim().lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line.trim_end_matches(' '));
        out.push('\n');
    }
    out
}

/// The picks of one case.
struct Context<'a> {
    uid: &'a str,
    seed: usize,
    scopes: &'a Scopes<'a>,
    /// Slot key (`name` or `name#2`) → index of the value picked.
    picks: HashMap<String, usize>,
    /// The `kind` record: the document kind and its title.
    kind: BTreeMap<String, String>,
}

/// A parsed `{name#n.field|filter}`.
struct Placeholder<'s> {
    key: &'s str,
    base: &'s str,
    field: Option<&'s str>,
    filters: Vec<&'s str>,
}

fn parse_placeholder(inner: &str) -> Placeholder<'_> {
    let mut parts = inner.split('|');
    let head = parts.next().unwrap_or_default();
    let filters = parts.collect();
    let (key, field) = match head.split_once('.') {
        Some((k, f)) => (k, Some(f)),
        None => (head, None),
    };
    let base = key.split_once('#').map_or(key, |(b, _)| b);
    Placeholder {
        key,
        base,
        field,
        filters,
    }
}

const MAX_DEPTH: usize = 8;

impl Context<'_> {
    fn expand(&mut self, text: &str, depth: usize) -> Result<String, String> {
        if depth > MAX_DEPTH {
            return Err(format!("{}: slots nest too deep in {text:?}", self.uid));
        }
        let mut out = String::with_capacity(text.len() + 32);
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| format!("{}: unclosed brace in {text:?}", self.uid))?;
            let ph = parse_placeholder(&rest[open + 1..open + close]);
            let raw = self.value(&ph)?;
            let value = self.expand(&raw, depth + 1)?;
            out.push_str(&apply_filters(value, &ph.filters, self.uid)?);
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn value(&mut self, ph: &Placeholder<'_>) -> Result<String, String> {
        let picked = if ph.base == "kind" {
            SlotValue::Record(self.kind.clone())
        } else {
            let list = self
                .scopes
                .get(ph.base)
                .filter(|l| !l.is_empty())
                .ok_or_else(|| format!("{}: slot `{}` is not defined", self.uid, ph.base))?;
            list[self.pick(ph.key, ph.base, list.len())].clone()
        };
        match (picked, ph.field) {
            (SlotValue::Text(t), None) => Ok(t),
            (SlotValue::Record(r), Some(f)) => r
                .get(f)
                .cloned()
                .ok_or_else(|| format!("{}: slot `{}` has no field `{f}`", self.uid, ph.base)),
            (SlotValue::Text(_), Some(f)) => Err(format!(
                "{}: slot `{}` is a phrase, not a record with `{f}`",
                self.uid, ph.base
            )),
            (SlotValue::Record(_), None) => Err(format!(
                "{}: slot `{}` is a record: name a field",
                self.uid, ph.base
            )),
        }
    }

    /// The index picked for a slot key; `name#2` differs from `name` and
    /// from the other `name#n` while the list has values left.
    fn pick(&mut self, key: &str, base: &str, len: usize) -> usize {
        if let Some(&i) = self.picks.get(key) {
            return i;
        }
        let taken: HashSet<usize> = self
            .picks
            .iter()
            .filter(|(k, _)| k.split_once('#').map_or(k.as_str(), |(b, _)| b) == base)
            .map(|(_, &i)| i)
            .collect();
        let mut i = hash(self.uid, key, self.seed) as usize % len;
        if taken.len() < len {
            while taken.contains(&i) {
                i = (i + 1) % len;
            }
        }
        self.picks.insert(key.to_string(), i);
        i
    }
}

fn apply_filters(mut value: String, filters: &[&str], uid: &str) -> Result<String, String> {
    for f in filters {
        value = match *f {
            "cap" => {
                let mut chars = value.chars();
                match chars.next() {
                    Some(c) => c.to_uppercase().chain(chars).collect(),
                    None => value,
                }
            }
            "upper" => value.to_uppercase(),
            other => return Err(format!("{uid}: unknown filter `{other}`")),
        };
    }
    Ok(value)
}
