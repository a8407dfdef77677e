//! Validation and compilation of parsed packs into [`Packs`].

use std::collections::HashMap;
use std::ops::Range;

use regex::{Regex, RegexBuilder};

use super::load::{PackError, PackIssue, PackSource};
use super::schema::{FeatureDef, GroupDef, PackFile, PatternDef, RuleDef, S, SeverityDef};
use super::terms::TermTable;
use super::{
    Feature, Group, GroupId, Messages, Modality, ModalitySet, PackInfo, Packs, PartyRequirement,
    Pattern, Position, Rule, RuleType, Scope, Severities, Severity, Trigger,
};
use crate::kind::DocKind;

/// Bounds on user regexes: compiled program and lazy DFA sizes.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
const REGEX_DFA_LIMIT: usize = 2 << 20;
const MAX_WITHIN: u32 = 10_000;

struct FileState {
    issues: Vec<PackIssue>,
}

/// A pack being assembled from one or more files.
struct PackBuild {
    info: PackInfo,
    vocab: HashMap<String, Vec<S<String>>>,
    /// Pack-level features by id; several entries with one id are
    /// alternatives (any of them triggers the feature).
    features: HashMap<String, Vec<usize>>,
}

pub(super) fn compile(sources: &[PackSource]) -> Result<Packs, PackError> {
    let mut files: Vec<FileState> = sources
        .iter()
        .map(|_| FileState { issues: Vec::new() })
        .collect();
    let mut parsed: Vec<Option<PackFile>> = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        match s.parse() {
            Ok(p) => parsed.push(Some(p)),
            Err(issue) => {
                files[i].issues.push(issue);
                parsed.push(None);
            }
        }
    }
    fail_if_issues(sources, &files)?;

    let mut c = Compiler::default();
    // Assign each file to a pack: a file without [pack] joins the last pack
    // read from the same directory.
    let mut file_pack: Vec<usize> = Vec::new();
    let mut packs: Vec<PackBuild> = Vec::new();
    let mut pack_ids: HashMap<String, Range<usize>> = HashMap::new();
    let mut dir_pack: HashMap<String, usize> = HashMap::new();
    for (i, file) in parsed.iter().enumerate() {
        let file = file.as_ref().expect("parse errors returned above");
        let dir = parent_dir(&sources[i].name);
        match &file.pack {
            Some(meta) => {
                let meta = meta.get_ref();
                let id = meta.id.get_ref().clone();
                if !valid_id(&id) {
                    files[i].issues.push(
                        PackIssue::new(format!("invalid pack id `{id}`"), meta.id.span())
                            .help("use lower-case letters, digits and hyphens, e.g. `my-playbook`"),
                    );
                }
                if pack_ids.contains_key(&id) {
                    files[i].issues.push(PackIssue::new(
                        format!("a pack with id `{id}` is already loaded"),
                        meta.id.span(),
                    ));
                }
                pack_ids.insert(id.clone(), meta.id.span());
                let kinds = meta
                    .kinds
                    .iter()
                    .filter_map(|k| parse_kind(k, &mut files[i].issues))
                    .collect();
                packs.push(PackBuild {
                    info: PackInfo {
                        id,
                        name: meta.name.clone(),
                        version: meta.version.clone(),
                        description: meta.description.clone(),
                        kinds,
                        source: sources[i].name.to_string(),
                    },
                    vocab: HashMap::new(),
                    features: HashMap::new(),
                });
                dir_pack.insert(dir, packs.len() - 1);
                file_pack.push(packs.len() - 1);
            }
            None => match dir_pack.get(&dir) {
                Some(&p) => file_pack.push(p),
                None => {
                    files[i].issues.push(
                        PackIssue::new("this file has no [pack] table", 0..0)
                            .help("start a pack file with [pack] and its `id` and `name`"),
                    );
                    file_pack.push(usize::MAX);
                }
            },
        }
    }
    fail_if_issues(sources, &files)?;

    // Vocabularies and pack-level features first: rules refer to them.
    for (i, file) in parsed.iter().enumerate() {
        let file = file.as_ref().expect("parsed");
        let p = file_pack[i];
        for (name, terms) in &file.vocab {
            if terms.get_ref().is_empty() {
                files[i].issues.push(PackIssue::new(
                    format!("vocabulary `{}` is an empty term list", name.get_ref()),
                    terms.span(),
                ));
            }
            if packs[p]
                .vocab
                .insert(name.get_ref().clone(), terms.get_ref().clone())
                .is_some()
            {
                files[i].issues.push(PackIssue::new(
                    format!(
                        "vocabulary `{}` is defined twice in this pack",
                        name.get_ref()
                    ),
                    name.span(),
                ));
            }
        }
    }

    // Rule ids, unique across every loaded pack.
    let mut rule_ids: HashMap<String, (usize, Range<usize>)> = HashMap::new();
    for (i, file) in parsed.iter().enumerate() {
        let file = file.as_ref().expect("parsed");
        for r in &file.rule {
            let id = r.get_ref().id.get_ref();
            if !valid_rule_id(id) {
                files[i].issues.push(
                    PackIssue::new(format!("invalid rule id `{id}`"), r.get_ref().id.span()).help(
                        "rule ids are `pack/name` in lower case, e.g. `my-playbook/no-resale`",
                    ),
                );
            }
            if let Some((other, _)) = rule_ids.get(id) {
                files[i].issues.push(PackIssue::new(
                    format!(
                        "duplicate rule id `{id}` (also defined in {})",
                        sources[*other].name
                    ),
                    r.get_ref().id.span(),
                ));
            } else {
                rule_ids.insert(id.clone(), (i, r.get_ref().id.span()));
            }
        }
    }
    fail_if_issues(sources, &files)?;

    // Rules keep load order; their index is fixed now so references resolve.
    let order: Vec<(usize, usize)> = parsed
        .iter()
        .enumerate()
        .flat_map(|(i, f)| (0..f.as_ref().expect("parsed").rule.len()).map(move |r| (i, r)))
        .collect();
    let index_of: HashMap<String, usize> = order
        .iter()
        .enumerate()
        .map(|(n, &(i, r))| {
            (
                parsed[i].as_ref().expect("parsed").rule[r]
                    .get_ref()
                    .id
                    .get_ref()
                    .clone(),
                n,
            )
        })
        .collect();

    for (i, file) in parsed.iter().enumerate() {
        let file = file.as_ref().expect("parsed");
        let p = file_pack[i];
        for f in &file.feature {
            let (vocab, issues) = (&packs[p].vocab, &mut files[i].issues);
            if let Some(idx) = c.feature(f, vocab, &index_of, issues) {
                let id = f.get_ref().id.get_ref().clone();
                packs[p].features.entry(id).or_default().push(idx);
            }
        }
    }
    fail_if_issues(sources, &files)?;

    let mut rules: Vec<Rule> = Vec::with_capacity(order.len());
    for &(i, r) in &order {
        let file = parsed[i].as_ref().expect("parsed");
        let p = file_pack[i];
        let def = file.rule[r].get_ref();
        let rule = c.rule(def, p, &packs[p], &index_of, &mut files[i].issues);
        rules.push(rule);
    }
    fail_if_issues(sources, &files)?;

    // Permitted rules watch concept rules only.
    for (n, &(i, r)) in order.iter().enumerate() {
        let def = parsed[i].as_ref().expect("parsed").rule[r].get_ref();
        for (w, watched) in rules[n].watches.iter().enumerate() {
            if rules[*watched].rule_type != RuleType::Concept {
                let span = def.watches.get(w).map_or(def.id.span(), |s| s.span());
                files[i].issues.push(PackIssue::new(
                    format!("`{}` is not a concept rule", rules[*watched].id),
                    span,
                ));
            }
        }
    }

    // Overrides of other rules.
    for (i, file) in parsed.iter().enumerate() {
        for o in &file.as_ref().expect("parsed").overrides {
            let o = o.get_ref();
            let Some(&n) = index_of.get(o.rule.get_ref()) else {
                files[i].issues.push(PackIssue::new(
                    format!("override of unknown rule `{}`", o.rule.get_ref()),
                    o.rule.span(),
                ));
                continue;
            };
            if let Some(enabled) = o.enabled {
                rules[n].enabled = enabled;
            }
            let sev = severities(&o.severity, rules[n].severity, &mut files[i].issues);
            rules[n].severity = sev;
        }
    }
    fail_if_issues(sources, &files)?;

    let eval_order = match evaluation_order(&rules, &c.features) {
        Ok(o) => o,
        Err(cycle) => {
            // Point at the first rule of the cycle.
            let (i, r) = order[cycle];
            let def = parsed[i].as_ref().expect("parsed").rule[r].get_ref();
            files[i].issues.push(PackIssue::new(
                format!(
                    "`{}` depends on itself through `document-lacks` conditions",
                    def.id.get_ref()
                ),
                def.id.span(),
            ));
            fail_if_issues(sources, &files)?;
            unreachable!("an issue was recorded");
        }
    };

    let automaton = match std::mem::take(&mut c.table).build() {
        Ok(a) => a,
        Err(e) => {
            let last = sources.len().saturating_sub(1);
            files[last].issues.push(PackIssue::new(e, 0..0));
            fail_if_issues(sources, &files)?;
            unreachable!("an issue was recorded");
        }
    };

    Ok(Packs {
        packs: packs.into_iter().map(|p| p.info).collect(),
        rules,
        features: c.features,
        groups: c.groups,
        eval_order,
        automaton,
    })
}

fn fail_if_issues(sources: &[PackSource], files: &[FileState]) -> Result<(), PackError> {
    match files.iter().position(|f| !f.issues.is_empty()) {
        Some(i) => Err(PackError::invalid(&sources[i], files[i].issues.clone())),
        None => Ok(()),
    }
}

fn parent_dir(name: &str) -> String {
    match name.rfind(['/', '\\']) {
        Some(i) => name[..i].to_string(),
        None => String::new(),
    }
}

fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn valid_rule_id(s: &str) -> bool {
    match s.split_once('/') {
        Some((pack, name)) => valid_id(pack) && valid_id(name),
        None => false,
    }
}

fn parse_kind(k: &S<String>, issues: &mut Vec<PackIssue>) -> Option<DocKind> {
    match k.get_ref().parse() {
        Ok(kind) => Some(kind),
        Err(e) => {
            issues.push(PackIssue::new(e, k.span()));
            None
        }
    }
}

fn parse_severity(s: &S<String>, issues: &mut Vec<PackIssue>) -> Option<Severity> {
    match s.get_ref().parse() {
        Ok(v) => Some(v),
        Err(e) => {
            issues.push(PackIssue::new(e, s.span()));
            None
        }
    }
}

fn severities(def: &SeverityDef, base: Severities, issues: &mut Vec<PackIssue>) -> Severities {
    let mut s = base;
    if let Some(v) = def.missing.as_ref().and_then(|v| parse_severity(v, issues)) {
        s.missing = v;
    }
    if let Some(v) = def.weak.as_ref().and_then(|v| parse_severity(v, issues)) {
        s.weak = v;
    }
    if let Some(v) = def
        .permitted
        .as_ref()
        .and_then(|v| parse_severity(v, issues))
    {
        s.permitted = v;
    }
    s
}

fn parse_modality(s: &S<String>, issues: &mut Vec<PackIssue>) -> Option<ModalitySet> {
    let mut set = ModalitySet::default();
    let v = s.get_ref().as_str();
    if v == "any" {
        return Some(ModalitySet::ANY);
    }
    match Modality::ALL.iter().find(|m| m.as_str() == v) {
        Some(m) => set.insert(*m),
        None => {
            issues.push(
                PackIssue::new(format!("unknown modality `{v}`"), s.span()).help(
                    "expected restriction, obligation, permission, hortatory, discouraged, consequence, disclaimer, statement or any",
                ),
            );
            return None;
        }
    }
    Some(set)
}

fn modality_set(list: &[S<String>], issues: &mut Vec<PackIssue>) -> ModalitySet {
    let mut set = ModalitySet::default();
    for m in list {
        if let Some(s) = parse_modality(m, issues) {
            set.0 |= s.0;
        }
    }
    set
}

fn parse_party(s: &S<String>, issues: &mut Vec<PackIssue>) -> Option<PartyRequirement> {
    match s.get_ref().as_str() {
        "customer" => Some(PartyRequirement::Customer),
        "provider" => Some(PartyRequirement::Provider),
        "any" => Some(PartyRequirement::Any),
        other => {
            issues.push(
                PackIssue::new(format!("unknown party `{other}`"), s.span())
                    .help("expected customer, provider or any"),
            );
            None
        }
    }
}

fn duration_regex() -> Regex {
    RegexBuilder::new(
        r"\b(\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|twenty-one|thirty|forty|forty-five|fifty|sixty|seventy|eighty|ninety|one hundred(?: and)? eighty|one hundred(?: and)? twenty)(?:\s*\(\d{1,4}\))?[\s-]*(?:business\s+|calendar\s+|working\s+)?(day|week|month|year)s?\b",
    )
    .case_insensitive(true)
    .build()
    .expect("the duration regex is valid")
}

#[derive(Default)]
struct Compiler {
    table: TermTable,
    groups: Vec<Group>,
    features: Vec<Feature>,
    duration: Option<Regex>,
}

impl Compiler {
    fn group(
        &mut self,
        def: &S<GroupDef>,
        default_scope: Scope,
        vocab: &HashMap<String, Vec<S<String>>>,
        issues: &mut Vec<PackIssue>,
    ) -> Option<GroupId> {
        let g = def.get_ref();
        let id = self.groups.len();
        let scope = match &g.scope {
            None => default_scope,
            Some(s) => match s.get_ref().as_str() {
                "clause" => Scope::Clause,
                "context" => Scope::Context,
                "heading" => Scope::Heading,
                other => {
                    issues.push(
                        PackIssue::new(format!("unknown scope `{other}`"), s.span())
                            .help("expected clause, context or heading"),
                    );
                    default_scope
                }
            },
        };
        let position = match g.position.as_ref().map(|p| p.get_ref().as_str()) {
            None | Some("any") => Position::Any,
            Some("before") => Position::Before,
            Some("after") => Position::After,
            Some(other) => {
                let span = g.position.as_ref().map_or(def.span(), |p| p.span());
                issues.push(
                    PackIssue::new(format!("unknown position `{other}`"), span)
                        .help("expected before, after or any"),
                );
                Position::Any
            }
        };
        let mut has_terms = false;
        let before = issues.len();
        for term in &g.terms {
            let span = if term.span() == (0..0) {
                def.span()
            } else {
                term.span()
            };
            let t = term.get_ref();
            if let Some(name) = t.strip_prefix('@') {
                match vocab.get(name) {
                    Some(list) => {
                        for v in list {
                            if v.get_ref().starts_with('@') {
                                issues.push(PackIssue::new(
                                    "a vocabulary cannot refer to another vocabulary",
                                    v.span(),
                                ));
                                continue;
                            }
                            if let Err(e) = self.table.add(v.get_ref(), id) {
                                issues.push(PackIssue::new(
                                    format!("{e}: `{}`", v.get_ref()),
                                    v.span(),
                                ));
                            }
                            has_terms = true;
                        }
                    }
                    None => {
                        let known: Vec<&str> = vocab.keys().map(String::as_str).collect();
                        issues.push(
                            PackIssue::new(format!("unknown vocabulary `@{name}`"), span).help(
                                if known.is_empty() {
                                    "this pack defines no [vocab] lists".to_string()
                                } else {
                                    format!("this pack defines: {}", sorted_list(&known))
                                },
                            ),
                        );
                    }
                }
            } else {
                if let Err(e) = self.table.add(t, id) {
                    issues.push(PackIssue::new(format!("{e}: `{t}`"), span));
                }
                has_terms = true;
            }
        }
        let regex = g.regex.as_ref().and_then(|r| {
            match RegexBuilder::new(r.get_ref())
                .case_insensitive(true)
                .size_limit(REGEX_SIZE_LIMIT)
                .dfa_size_limit(REGEX_DFA_LIMIT)
                .build()
            {
                Ok(re) => Some(re),
                Err(e) => {
                    issues.push(PackIssue::new(format!("invalid regex: {e}"), r.span()));
                    None
                }
            }
        });
        let days = g.days_at_least.as_ref().map(|d| *d.get_ref());
        if days.is_some() && (has_terms || regex.is_some()) {
            issues.push(PackIssue::new(
                "`days-at-least` cannot be combined with `terms` or `regex` in one group",
                def.span(),
            ));
        }
        if days.is_some() && self.duration.is_none() {
            self.duration = Some(duration_regex());
        }
        if !has_terms && regex.is_none() && days.is_none() && issues.len() == before {
            issues.push(
                PackIssue::new("empty term list", def.span())
                    .help("a group needs at least one term, a `regex` or `days-at-least`"),
            );
        }
        if issues.len() > before {
            return None;
        }
        self.groups.push(Group {
            has_terms,
            regex: if days.is_some() {
                self.duration.clone()
            } else {
                regex
            },
            days_at_least: days,
            scope,
            near: g.near.as_ref().map(|n| *n.get_ref()),
            position,
        });
        Some(id)
    }

    fn groups(
        &mut self,
        defs: &[S<GroupDef>],
        scope: Scope,
        vocab: &HashMap<String, Vec<S<String>>>,
        issues: &mut Vec<PackIssue>,
    ) -> Vec<GroupId> {
        defs.iter()
            .filter_map(|d| self.group(d, scope, vocab, issues))
            .collect()
    }

    fn feature(
        &mut self,
        def: &S<FeatureDef>,
        vocab: &HashMap<String, Vec<S<String>>>,
        rules: &HashMap<String, usize>,
        issues: &mut Vec<PackIssue>,
    ) -> Option<usize> {
        let f = def.get_ref();
        let id = f.id.get_ref().clone();
        if !valid_id(&id) {
            issues.push(PackIssue::new(
                format!("invalid feature id `{id}`"),
                f.id.span(),
            ));
        }
        let triggers = [
            !f.cue.is_empty() || !f.absent.is_empty(),
            !f.modality.is_empty(),
            !f.document_lacks.is_empty(),
            f.permitted_elsewhere,
        ]
        .iter()
        .filter(|x| **x)
        .count();
        if triggers != 1 {
            issues.push(
                PackIssue::new(
                    format!("feature `{id}` needs exactly one trigger, found {triggers}"),
                    def.span(),
                )
                .help("give one of `cue`, `absent`, `modality`, `document-lacks` or `permitted-elsewhere`"),
            );
            return None;
        }
        let severity = f.severity.as_ref().and_then(|s| parse_severity(s, issues));
        for w in [&f.near_anchor, &f.within].into_iter().flatten() {
            if *w.get_ref() > MAX_WITHIN {
                issues.push(PackIssue::new(
                    format!("distance above {MAX_WITHIN} words"),
                    w.span(),
                ));
            }
        }
        let trigger = if !f.absent.is_empty() {
            Trigger::Absent {
                groups: self.groups(&f.absent, Scope::Context, vocab, issues),
                requires: self.groups(&f.cue, Scope::Context, vocab, issues),
                unless: self.groups(&f.unless, Scope::Context, vocab, issues),
            }
        } else if !f.cue.is_empty() {
            let position = match f.position.as_ref().map(|p| p.get_ref().as_str()) {
                None | Some("any") => Position::Any,
                Some("before") => Position::Before,
                Some("after") => Position::After,
                Some(other) => {
                    let span = f.position.as_ref().map_or(0..0, |p| p.span());
                    issues.push(
                        PackIssue::new(format!("unknown position `{other}`"), span)
                            .help("expected before, after or any"),
                    );
                    Position::Any
                }
            };
            Trigger::Cue {
                groups: self.groups(&f.cue, Scope::Context, vocab, issues),
                near_anchor: f.near_anchor.as_ref().map(|w| *w.get_ref()),
                position,
                same_item: f.same_item,
                within: f.within.as_ref().map(|w| *w.get_ref()),
                unless: self.groups(&f.unless, Scope::Context, vocab, issues),
                unless_near: f.unless_near.as_ref().map(|n| *n.get_ref()),
            }
        } else if f.permitted_elsewhere {
            Trigger::PermittedElsewhere
        } else if !f.modality.is_empty() {
            Trigger::Modality(modality_set(&f.modality, issues))
        } else {
            let mut concepts = Vec::new();
            for c in &f.document_lacks {
                match rules.get(c.get_ref()) {
                    Some(&r) => concepts.push(r),
                    None => issues.push(
                        PackIssue::new(
                            format!("condition names an unknown concept `{}`", c.get_ref()),
                            c.span(),
                        )
                        .help(
                            "name a concept rule id of a loaded pack, e.g. `leverage/suspension`",
                        ),
                    ),
                }
            }
            Trigger::DocumentLacks(concepts)
        };
        self.features.push(Feature {
            id,
            message: f.message.clone(),
            severity,
            trigger,
        });
        Some(self.features.len() - 1)
    }

    /// A feature named by a weak pattern form or a weak modality: the pack's
    /// or rule's definition if there is one (for its message), else a bare one.
    fn named_feature(
        &mut self,
        id: &S<String>,
        local: &HashMap<String, usize>,
        pack: &PackBuild,
        issues: &mut Vec<PackIssue>,
    ) -> usize {
        let defined = local.get(id.get_ref()).copied().or_else(|| {
            pack.features
                .get(id.get_ref())
                .and_then(|v| v.first().copied())
        });
        if let Some(f) = defined {
            // Reuse the message, but as a form feature: its trigger is the pattern.
            let message = self.features[f].message.clone();
            let severity = self.features[f].severity;
            self.features.push(Feature {
                id: id.get_ref().clone(),
                message,
                severity,
                trigger: Trigger::Form,
            });
        } else {
            if !valid_id(id.get_ref()) {
                issues.push(PackIssue::new(
                    format!("invalid feature id `{}`", id.get_ref()),
                    id.span(),
                ));
            }
            self.features.push(Feature {
                id: id.get_ref().clone(),
                message: id.get_ref().replace('-', " "),
                severity: None,
                trigger: Trigger::Form,
            });
        }
        self.features.len() - 1
    }

    fn pattern(
        &mut self,
        def: &S<PatternDef>,
        local: &HashMap<String, usize>,
        pack: &PackBuild,
        issues: &mut Vec<PackIssue>,
    ) -> Option<Pattern> {
        let p = def.get_ref();
        if p.all.get_ref().is_empty() {
            issues.push(PackIssue::new(
                "a pattern needs at least one group in `all`",
                p.all.span(),
            ));
            return None;
        }
        let anchor = self.group(&p.all.get_ref()[0], Scope::Clause, &pack.vocab, issues);
        let others = self.groups(&p.all.get_ref()[1..], Scope::Context, &pack.vocab, issues);
        let none = self.groups(&p.none, Scope::Context, &pack.vocab, issues);
        if let Some(w) = &p.within
            && *w.get_ref() > MAX_WITHIN
        {
            issues.push(PackIssue::new(
                format!("distance above {MAX_WITHIN} words"),
                w.span(),
            ));
        }
        let features = p
            .features
            .iter()
            .map(|f| self.named_feature(f, local, pack, issues))
            .collect();
        let modality = p.modality.as_ref().map(|m| modality_set(m, issues));
        let party = p.party.as_ref().and_then(|s| parse_party(s, issues));
        Some(Pattern {
            anchor: anchor?,
            others,
            within: p.within.as_ref().map(|w| *w.get_ref()),
            none,
            features,
            modality,
            party,
            party_explicit: p.party_explicit,
        })
    }

    fn rule(
        &mut self,
        def: &RuleDef,
        pack_index: usize,
        pack: &PackBuild,
        rules: &HashMap<String, usize>,
        issues: &mut Vec<PackIssue>,
    ) -> Rule {
        let id = def.id.get_ref().clone();
        if let Some(prefix) = id.split('/').next()
            && prefix != pack.info.id
        {
            issues.push(
                PackIssue::new(
                    format!("rule `{id}` is not in pack `{}`", pack.info.id),
                    def.id.span(),
                )
                .help(format!("name it `{}/…`", pack.info.id)),
            );
        }
        let rule_type = match def.rule_type.as_ref().map(|t| t.get_ref().as_str()) {
            None | Some("concept") => RuleType::Concept,
            Some("permitted") => RuleType::Permitted,
            Some(other) => {
                let span = def.rule_type.as_ref().map_or(def.id.span(), |t| t.span());
                issues.push(
                    PackIssue::new(format!("unknown rule type `{other}`"), span)
                        .help("expected concept or permitted"),
                );
                RuleType::Concept
            }
        };
        // Rule-local features.
        let mut local: HashMap<String, usize> = HashMap::new();
        let mut features = Vec::new();
        for f in &def.weak_when {
            if let Some(idx) = self.feature(f, &pack.vocab, rules, issues) {
                local.insert(f.get_ref().id.get_ref().clone(), idx);
                features.push(idx);
            }
        }
        for f in &def.features {
            match pack.features.get(f.get_ref()) {
                Some(idxs) => features.extend(idxs.iter().copied()),
                None => {
                    let known: Vec<&str> = pack.features.keys().map(String::as_str).collect();
                    issues.push(
                        PackIssue::new(format!("unknown feature `{}`", f.get_ref()), f.span())
                            .help(if known.is_empty() {
                                "this pack defines no [[feature]] entries".to_string()
                            } else {
                                format!("this pack defines: {}", sorted_list(&known))
                            }),
                    );
                }
            }
        }
        let mut weak_modality = Vec::new();
        for (m, feature) in &def.weak_modality {
            let Some(modality) = Modality::ALL.iter().find(|x| x.as_str() == m) else {
                issues.push(PackIssue::new(
                    format!("unknown modality `{m}`"),
                    feature.span(),
                ));
                continue;
            };
            let f = self.named_feature(feature, &local, pack, issues);
            weak_modality.push((*modality, f));
        }
        let patterns: Vec<Pattern> = def
            .pattern
            .iter()
            .filter_map(|p| self.pattern(p, &local, pack, issues))
            .collect();
        let mut watches = Vec::new();
        for w in &def.watches {
            let name = w.get_ref();
            if let Some(prefix) = name.strip_suffix("/*") {
                let mut found = false;
                for (rid, &idx) in rules {
                    if rid.split_once('/').is_some_and(|(p, _)| p == prefix) && *rid != id {
                        watches.push(idx);
                        found = true;
                    }
                }
                if !found {
                    issues.push(PackIssue::new(format!("no rules match `{name}`"), w.span()));
                }
            } else {
                match rules.get(name) {
                    Some(&idx) => watches.push(idx),
                    None => issues.push(PackIssue::new(format!("unknown rule `{name}`"), w.span())),
                }
            }
        }
        watches.sort_unstable();
        watches.dedup();
        match rule_type {
            RuleType::Concept if patterns.is_empty() && def.pattern.is_empty() => {
                issues.push(
                    PackIssue::new(format!("rule `{id}` has no [[rule.pattern]]"), def.id.span())
                        .help("a concept rule needs at least one pattern saying how a clause expresses it"),
                );
            }
            RuleType::Permitted if def.watches.is_empty() => {
                issues.push(PackIssue::new(
                    format!("permitted rule `{id}` needs `watches`"),
                    def.id.span(),
                ));
            }
            _ => {}
        }
        let severity = severities(
            &def.severity,
            Severities {
                missing: Severity::Warning,
                weak: Severity::Warning,
                permitted: Severity::Error,
            },
            issues,
        );
        let belongs_in = def
            .belongs_in
            .as_ref()
            .and_then(|g| self.group(g, Scope::Heading, &pack.vocab, issues));
        let mut modality = modality_set(&def.modality, issues);
        if modality.is_empty() {
            modality = ModalitySet::ANY;
        }
        Rule {
            id,
            pack: pack_index,
            name: def.name.clone(),
            summary: def.summary.clone(),
            rule_type,
            enabled: def.enabled.unwrap_or(true),
            expected_in: def
                .expected_in
                .iter()
                .filter_map(|k| parse_kind(k, issues))
                .collect(),
            severity,
            party: def
                .party
                .as_ref()
                .and_then(|p| parse_party(p, issues))
                .unwrap_or(PartyRequirement::Any),
            party_explicit: def.party_explicit,
            definitions: def.definitions,
            modality,
            weak_modality,
            patterns,
            features,
            watches,
            belongs_in,
            message: Messages {
                missing: def.message.missing.clone(),
                weak: def.message.weak.clone(),
                permitted: def.message.permitted.clone(),
            },
            feature_messages: def.feature_messages.clone(),
            help: def.help.trim().to_string(),
            explanation: def.explanation.trim().to_string(),
            sources: def.sources.clone(),
            model_clause: def.model_clause.trim().to_string(),
        }
    }
}

fn sorted_list(items: &[&str]) -> String {
    let mut v = items.to_vec();
    v.sort_unstable();
    v.join(", ")
}

/// Concept rules ordered so that `document-lacks` dependencies come first.
/// Returns the index of a rule on a cycle if there is one.
fn evaluation_order(rules: &[Rule], features: &[Feature]) -> Result<Vec<usize>, usize> {
    let deps: Vec<Vec<usize>> = rules
        .iter()
        .map(|r| {
            r.features
                .iter()
                .filter_map(|&f| match &features[f].trigger {
                    Trigger::DocumentLacks(c) => Some(c.clone()),
                    _ => None,
                })
                .flatten()
                .collect()
        })
        .collect();
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut marks = vec![Mark::New; rules.len()];
    let mut order = Vec::new();
    fn visit(
        n: usize,
        deps: &[Vec<usize>],
        marks: &mut [Mark],
        order: &mut Vec<usize>,
    ) -> Result<(), usize> {
        match marks[n] {
            Mark::Done => return Ok(()),
            Mark::Active => return Err(n),
            Mark::New => {}
        }
        marks[n] = Mark::Active;
        for &d in &deps[n] {
            visit(d, deps, marks, order)?;
        }
        marks[n] = Mark::Done;
        order.push(n);
        Ok(())
    }
    for n in 0..rules.len() {
        visit(n, &deps, &mut marks, &mut order)?;
    }
    Ok(order
        .into_iter()
        .filter(|&n| rules[n].rule_type == RuleType::Concept)
        .collect())
}
