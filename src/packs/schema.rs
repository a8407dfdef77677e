//! The pack language as written in TOML: serde types that keep the source
//! span of every value a later check may need to point at.
//!
//! `docs/rule-packs.md` documents this language for users; keep them in step.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackFile {
    pub pack: Option<S<PackMeta>>,
    /// Named term lists, referenced as `"@name"` in groups.
    #[serde(default)]
    pub vocab: BTreeMap<S<String>, S<Vec<S<String>>>>,
    /// Named term lists shared by every loaded pack (the semantic classes
    /// of `rules/lexicon.toml`): a pack's own `[vocab]` of the same name
    /// wins. A file with only a `[lexicon]` needs no `[pack]`.
    #[serde(default)]
    pub lexicon: BTreeMap<S<String>, S<Vec<S<String>>>>,
    /// Weakening features shared by the pack's rules (`features = [...]`).
    #[serde(default)]
    pub feature: Vec<S<FeatureDef>>,
    #[serde(default)]
    pub rule: Vec<S<RuleDef>>,
    /// Changes to rules of other packs: severity or enabled.
    #[serde(default, rename = "override")]
    pub overrides: Vec<S<OverrideDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackMeta {
    pub id: S<String>,
    pub name: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub description: String,
    /// Document kinds the pack applies to; empty means every kind.
    #[serde(default)]
    pub kinds: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleDef {
    pub id: S<String>,
    pub name: String,
    pub summary: String,
    /// `concept` (default): a coverage concept with a status per document.
    /// `permitted`: reports clauses that permit a use the `watches` concepts restrict.
    #[serde(default, rename = "type")]
    pub rule_type: Option<S<String>>,
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub expected_in: Vec<S<String>>,
    #[serde(default)]
    pub severity: SeverityDef,
    /// Which party a clause must bind: `customer`, `provider` or `any`.
    #[serde(default)]
    pub party: Option<S<String>>,
    /// The party must be named in the clause (or its lead-in); by default a
    /// clause that names no party (passive voice) also counts.
    #[serde(default)]
    pub party_explicit: bool,
    /// Modalities under which a matching clause counts (strong).
    #[serde(default)]
    pub modality: Vec<S<String>>,
    /// Modalities under which a matching clause counts but is weak, with the
    /// feature id to report (`hortatory = "hortatory"`).
    #[serde(default)]
    pub weak_modality: BTreeMap<S<String>, S<String>>,
    #[serde(default)]
    pub pattern: Vec<S<PatternDef>>,
    /// Ids of pack-level `[[feature]]`s that apply to this rule.
    #[serde(default)]
    pub features: Vec<S<String>>,
    /// Weakening features defined for this rule only.
    #[serde(default)]
    pub weak_when: Vec<S<FeatureDef>>,
    /// Whether definitions (`"Term" means …`) can express the concept: `true`
    /// (as written), `"where-used"` (read under the cue of the clause that
    /// uses the term), or by default `false`, since a definition names
    /// things without binding anyone.
    #[serde(default)]
    pub definitions: Option<S<DefinitionsDef>>,
    /// For `type = "permitted"`: concept ids (or `pack/*`) whose uses it watches.
    #[serde(default)]
    pub watches: Vec<S<String>>,
    /// Heading terms of the section where the clause belongs (a `missing`
    /// finding points there).
    #[serde(default)]
    pub belongs_in: Option<S<GroupDef>>,
    #[serde(default)]
    pub message: MessagesDef,
    /// Label text per weakening feature id, for this rule's findings.
    #[serde(default)]
    pub feature_messages: BTreeMap<S<String>, String>,
    #[serde(default)]
    pub help: String,
    #[serde(default)]
    pub explanation: String,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub model_clause: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SeverityDef {
    pub missing: Option<S<String>>,
    pub weak: Option<S<String>>,
    pub permitted: Option<S<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MessagesDef {
    #[serde(default)]
    pub missing: String,
    #[serde(default)]
    pub weak: String,
    #[serde(default)]
    pub permitted: String,
}

/// One way a clause can express a concept: all groups must match (the first,
/// the anchor, in the clause itself), optionally within `within` words of it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PatternDef {
    pub all: S<Vec<S<GroupDef>>>,
    #[serde(default)]
    pub within: Option<S<u32>>,
    /// The clause (with its lead-in) must contain none of these.
    #[serde(default)]
    pub none: Vec<S<GroupDef>>,
    /// A weak form: clauses matching only this pattern are weak with these features.
    #[serde(default)]
    pub features: Vec<S<String>>,
    #[serde(default)]
    pub modality: Option<Vec<S<String>>>,
    #[serde(default)]
    pub party: Option<S<String>>,
    /// Overrides the rule's `party-explicit` for this pattern.
    #[serde(default)]
    pub party_explicit: Option<bool>,
}

/// A weakening feature: what makes a clause that expresses the concept weak.
/// One trigger: `cue` (optionally with `absent`), `absent`, `modality`,
/// `document-lacks` or `permitted-elsewhere`. Several features with one id
/// are alternatives.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FeatureDef {
    pub id: S<String>,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub severity: Option<S<String>>,
    /// Groups that must all be present (the first one is labelled).
    #[serde(default)]
    pub cue: Vec<S<GroupDef>>,
    /// The first cue group must lie within this many words of the anchor.
    #[serde(default)]
    pub near_anchor: Option<S<u32>>,
    /// Where the first cue group must lie relative to the anchor:
    /// `before`, `after` or `any` (the default).
    #[serde(default)]
    pub position: Option<S<String>>,
    /// The first cue group must lie in the anchor's coordinated item (not in
    /// another item of a list run together: "for military, or illegal purposes").
    #[serde(default)]
    pub same_item: Option<S<bool>>,
    /// All cue groups within this many words of the first one.
    #[serde(default)]
    pub within: Option<S<u32>>,
    /// The feature does not apply if any of these groups is present.
    #[serde(default)]
    pub unless: Vec<S<GroupDef>>,
    /// With `cue`: `unless` groups count only when they follow the cue
    /// within this many words ("except with our consent", not a consent
    /// mentioned earlier in the clause).
    #[serde(default)]
    pub unless_near: Option<S<u32>>,
    /// The feature applies when none of these groups is present (with
    /// `cue`: when the cue is present and none of these is).
    #[serde(default)]
    pub absent: Vec<S<GroupDef>>,
    /// The feature applies when the clause's modality is one of these.
    #[serde(default)]
    pub modality: Vec<S<String>>,
    /// The feature applies when none of these concepts is present or weak in
    /// the document.
    #[serde(default)]
    pub document_lacks: Vec<S<String>>,
    /// With `document-lacks`: a named concept that is weak only through
    /// these features counts as lacking too (a suspension right only for
    /// non-payment enforces no use restriction).
    #[serde(default)]
    pub or_weak_only_for: Vec<S<String>>,
    /// The feature applies when another clause of the document permits the
    /// use this rule restricts.
    #[serde(default)]
    pub permitted_elsewhere: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OverrideDef {
    pub rule: S<String>,
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub severity: SeverityDef,
}

/// A group of alternatives: any term (or the regex) matching is a match.
///
/// Written as an array of terms and `@vocab` names, as a single `"@vocab"`
/// string, or as a table `{ terms = [...], regex = "...", in = "...",
/// days-at-least = N }`.
#[derive(Debug, Default)]
pub struct GroupDef {
    pub terms: Vec<S<String>>,
    pub regex: Option<S<String>>,
    /// Where the group may match: `clause`, `context` (clause and lead-ins,
    /// the default) or `heading` (the section's heading path).
    pub scope: Option<S<String>>,
    /// A duration of at least this many days ("30 days", "thirty (30) days",
    /// "two months").
    pub days_at_least: Option<S<u32>>,
    /// In a pattern: this group must lie within this many words of the
    /// anchor (overrides the pattern's `within`).
    pub near: Option<S<u32>>,
    /// In a pattern: this group must come `before` or `after` the anchor.
    pub position: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct GroupTable {
    #[serde(default)]
    terms: Vec<S<String>>,
    #[serde(default)]
    regex: Option<S<String>>,
    #[serde(default, rename = "in")]
    scope: Option<S<String>>,
    #[serde(default)]
    days_at_least: Option<S<u32>>,
    #[serde(default)]
    near: Option<S<u32>>,
    #[serde(default)]
    position: Option<S<String>>,
}

impl<'de> Deserialize<'de> for GroupDef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct GroupVisitor;
        impl<'de> Visitor<'de> for GroupVisitor {
            type Value = GroupDef;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of terms, a \"@vocab\" name, or a table with `terms`, `regex`, `in`, `days-at-least` or `near`")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<GroupDef, E> {
                // A bare string is one term or a vocab reference; its span is
                // the enclosing value's (kept by the caller's Spanned).
                Ok(GroupDef {
                    terms: vec![Spanned::new(0..0, v.to_string())],
                    ..GroupDef::default()
                })
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<GroupDef, A::Error> {
                let mut terms = Vec::new();
                while let Some(t) = seq.next_element::<S<String>>()? {
                    terms.push(t);
                }
                Ok(GroupDef {
                    terms,
                    ..GroupDef::default()
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<GroupDef, A::Error> {
                let t = GroupTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(GroupDef {
                    terms: t.terms,
                    regex: t.regex,
                    scope: t.scope,
                    days_at_least: t.days_at_least,
                    near: t.near,
                    position: t.position,
                })
            }
        }
        d.deserialize_any(GroupVisitor)
    }
}

/// `definitions = true | false | "where-used"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum DefinitionsDef {
    Flag(bool),
    Mode(String),
}
