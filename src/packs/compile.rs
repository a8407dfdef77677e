//! Validation and compilation of parsed packs into [`Packs`].

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use super::load::{PackError, PackIssue, PackSource};
use super::schema::{
    DefinitionsDef, FeatureDef, GroupDef, PackFile, PatternDef, RuleDef, S, SeverityDef,
};
use super::terms::TermTable;
use super::{
    Definitions, Feature, Group, GroupId, GroupRegex, Messages, Modality, ModalitySet, PackInfo,
    Packs, PartyRequirement, Pattern, Position, Rule, RuleType, Scope, Severities, Severity,
    Trigger,
};
use crate::kind::DocKind;

/// Bounds on user regexes: compiled program and lazy DFA sizes.
const MAX_WITHIN: u32 = 10_000;

struct FileState {
    issues: Vec<PackIssue>,
}

/// A `[vocab]` list of a pack, with the file that defines it (where problems
/// with its terms are reported).
struct Vocab {
    file: usize,
    terms: Vec<S<String>>,
    /// Some group refers to it (its terms were checked there).
    used: Cell<bool>,
}

type VocabMap = HashMap<String, Vocab>;

/// A pack being assembled from one or more files.
struct PackBuild {
    info: PackInfo,
    vocab: VocabMap,
    /// Pack-level features by id; several entries with one id are
    /// alternatives (any of them triggers the feature).
    features: HashMap<String, Vec<usize>>,
}

/// Where a pack file lives, for joining a file without `[pack]` to the pack
/// of its directory. Built-in packs are in no directory.
#[derive(PartialEq, Eq, Hash)]
enum Home {
    Builtin(usize),
    Dir(PathBuf),
}

fn home(index: usize, source: &PackSource) -> Home {
    if source.builtin {
        return Home::Builtin(index);
    }
    // `extra.toml` and `./extra.toml` are in the same directory.
    let parent = Path::new(&*source.name).parent().unwrap_or(Path::new(""));
    Home::Dir(
        parent
            .components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect(),
    )
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
    // Every file parsed: an issue was returned above otherwise.
    let Some(parsed) = parsed.into_iter().collect::<Option<Vec<PackFile>>>() else {
        let issue = PackIssue::new("internal error: a pack file was not read", 0..0);
        return Err(PackError::invalid(&sources[0], vec![issue]));
    };

    let mut c = Compiler::default();
    // Assign each file to a pack. Files with [pack] first: a file without it
    // joins the pack of its directory however the files sort (see below).
    let homes: Vec<Home> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| home(i, s))
        .collect();
    let mut file_pack: Vec<usize> = vec![usize::MAX; sources.len()];
    let mut packs: Vec<PackBuild> = Vec::new();
    let mut pack_ids: HashMap<String, Range<usize>> = HashMap::new();
    // (file, pack) of the pack files of each directory, in load order.
    let mut home_packs: HashMap<&Home, Vec<(usize, usize)>> = HashMap::new();
    for (i, file) in parsed.iter().enumerate() {
        let Some(meta) = &file.pack else {
            continue;
        };
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
        file_pack[i] = packs.len() - 1;
        home_packs
            .entry(&homes[i])
            .or_default()
            .push((i, packs.len() - 1));
    }
    for (i, file) in parsed.iter().enumerate() {
        if file.pack.is_some() || is_lexicon_only(file) {
            continue;
        }
        let here = home_packs.get(&homes[i]).map_or(&[][..], Vec::as_slice);
        // The pack of the last pack file read before this one in its
        // directory, else the directory's only pack, wherever it sorts.
        let joined = here
            .iter()
            .rev()
            .find(|(f, _)| *f < i)
            .or(if here.len() == 1 { here.first() } else { None });
        match joined {
            Some(&(_, p)) => file_pack[i] = p,
            None if here.is_empty() => files[i].issues.push(
                PackIssue::new("this file has no [pack] table", 0..0)
                    .help("start a pack file with [pack] and its `id` and `name`; a file without [pack] joins the pack of another file in its directory"),
            ),
            None => {
                let names: Vec<String> = here
                    .iter()
                    .map(|&(f, p)| format!("`{}` ({})", packs[p].info.id, sources[f].name))
                    .collect();
                files[i].issues.push(
                    PackIssue::new(
                        format!(
                            "this file has no [pack] table, and its directory holds several packs: {}",
                            names.join(", ")
                        ),
                        0..0,
                    )
                    .help("a file without [pack] joins the pack of the last file with [pack] before it in its directory: rename it to sort after that file, or give each pack its own directory"),
                );
            }
        }
    }
    fail_if_issues(sources, &files)?;

    // Vocabularies first: rules and features refer to them. The lexicon's
    // lists are every pack's, after its own.
    let lexicon = lexicon(&parsed, &mut files);
    fail_if_issues(sources, &files)?;
    for (i, file) in parsed.iter().enumerate() {
        let p = file_pack[i];
        if p == usize::MAX {
            continue;
        }
        for (name, terms) in &file.vocab {
            if terms.get_ref().is_empty() {
                files[i].issues.push(PackIssue::new(
                    format!("vocabulary `{}` is an empty term list", name.get_ref()),
                    terms.span(),
                ));
            }
            for t in terms.get_ref() {
                if t.get_ref().starts_with('@') {
                    files[i].issues.push(PackIssue::new(
                        "a vocabulary cannot refer to another vocabulary",
                        t.span(),
                    ));
                }
            }
            if packs[p].vocab.contains_key(name.get_ref()) {
                files[i].issues.push(PackIssue::new(
                    format!(
                        "vocabulary `{}` is defined twice in this pack",
                        name.get_ref()
                    ),
                    name.span(),
                ));
            } else {
                packs[p].vocab.insert(
                    name.get_ref().clone(),
                    Vocab {
                        file: i,
                        terms: terms.get_ref().clone(),
                        used: Cell::new(false),
                    },
                );
            }
        }
    }

    for pack in &mut packs {
        for (name, v) in &lexicon {
            pack.vocab.entry(name.clone()).or_insert_with(|| Vocab {
                file: v.file,
                terms: v.terms.clone(),
                // Checked once, as the lexicon's (below), not per pack.
                used: Cell::new(true),
            });
        }
    }

    // Rule ids, unique across every loaded pack.
    let mut rule_ids: HashMap<String, (usize, Range<usize>)> = HashMap::new();
    for (i, file) in parsed.iter().enumerate() {
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
        .flat_map(|(i, f)| (0..f.rule.len()).map(move |r| (i, r)))
        .collect();
    let index_of: HashMap<String, usize> = order
        .iter()
        .enumerate()
        .map(|(n, &(i, r))| (parsed[i].rule[r].get_ref().id.get_ref().clone(), n))
        .collect();
    c.permitted = order
        .iter()
        .enumerate()
        .filter(|&(_, &(i, r))| {
            parsed[i].rule[r]
                .get_ref()
                .rule_type
                .as_ref()
                .is_some_and(|t| t.get_ref() == "permitted")
        })
        .map(|(n, _)| n)
        .collect();

    for (i, file) in parsed.iter().enumerate() {
        let p = file_pack[i];
        c.eager_regex = !sources[i].builtin;
        for f in &file.feature {
            let (vocab, issues) = (&packs[p].vocab, &mut files[i].issues);
            if let Some(idx) = c.feature(f, vocab, &index_of, issues) {
                let id = f.get_ref().id.get_ref().clone();
                packs[p].features.entry(id).or_default().push(idx);
            }
        }
    }
    c.report_elsewhere(&mut files);
    fail_if_issues(sources, &files)?;

    let mut rules: Vec<Rule> = Vec::with_capacity(order.len());
    for &(i, r) in &order {
        let p = file_pack[i];
        let def = parsed[i].rule[r].get_ref();
        c.eager_regex = !sources[i].builtin;
        let rule = c.rule(
            def,
            p,
            &packs[p],
            &sources[i],
            &index_of,
            &mut files[i].issues,
        );
        rules.push(rule);
    }
    c.report_elsewhere(&mut files);
    // Vocabularies no group uses: their terms are checked all the same.
    let mut unused: Vec<&Vocab> = packs
        .iter()
        .flat_map(|p| p.vocab.values())
        .filter(|v| !v.used.get())
        .collect();
    unused.sort_by_key(|v| (v.file, v.terms.first().map_or(0, |t| t.span().start)));
    for v in unused {
        for t in &v.terms {
            if t.get_ref().starts_with('@') {
                continue;
            }
            if let Err(e) = TermTable::default().add(t.get_ref(), 0) {
                files[v.file].issues.push(PackIssue::new(
                    format!("{e}: `{}`", shown(t.get_ref())),
                    t.span(),
                ));
            }
        }
    }
    fail_if_issues(sources, &files)?;

    // Permitted rules watch concept rules only.
    for (n, &(i, r)) in order.iter().enumerate() {
        let def = parsed[i].rule[r].get_ref();
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
        for o in &file.overrides {
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
            let def = parsed[i].rule[r].get_ref();
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

    let mut compiled = Packs {
        packs: packs.into_iter().map(|p| p.info).collect(),
        rules,
        features: c.features,
        groups: c.groups,
        eval_order,
        automaton,
    };
    compiled.share_regexes();
    Ok(compiled)
}

/// A file that holds only `[lexicon]` lists: it belongs to no pack.
fn is_lexicon_only(file: &PackFile) -> bool {
    !file.lexicon.is_empty()
        && file.vocab.is_empty()
        && file.feature.is_empty()
        && file.rule.is_empty()
        && file.overrides.is_empty()
}

/// The `[lexicon]` lists of every file: each name defined once, no list
/// empty or referring to another.
fn lexicon(parsed: &[PackFile], files: &mut [FileState]) -> VocabMap {
    let mut out = VocabMap::new();
    for (i, file) in parsed.iter().enumerate() {
        for (name, terms) in &file.lexicon {
            if terms.get_ref().is_empty() {
                files[i].issues.push(PackIssue::new(
                    format!("lexicon list `{}` is an empty term list", name.get_ref()),
                    terms.span(),
                ));
            }
            for t in terms.get_ref() {
                let problem = if t.get_ref().starts_with('@') {
                    Some("a lexicon list cannot refer to another list".to_string())
                } else {
                    TermTable::default()
                        .add(t.get_ref(), 0)
                        .err()
                        .map(|e| format!("{e}: `{}`", shown(t.get_ref())))
                };
                if let Some(problem) = problem {
                    files[i].issues.push(PackIssue::new(problem, t.span()));
                }
            }
            if out.contains_key(name.get_ref()) {
                files[i].issues.push(PackIssue::new(
                    format!("lexicon list `{}` is defined twice", name.get_ref()),
                    name.span(),
                ));
                continue;
            }
            out.insert(
                name.get_ref().clone(),
                Vocab {
                    file: i,
                    terms: terms.get_ref().clone(),
                    used: Cell::new(false),
                },
            );
        }
    }
    out
}

fn fail_if_issues(sources: &[PackSource], files: &[FileState]) -> Result<(), PackError> {
    match files.iter().position(|f| !f.issues.is_empty()) {
        Some(i) => Err(PackError::invalid(&sources[i], files[i].issues.clone())),
        None => Ok(()),
    }
}

fn definitions(def: &Option<S<DefinitionsDef>>, issues: &mut Vec<PackIssue>) -> Definitions {
    let Some(def) = def else {
        return Definitions::Ignored;
    };
    match def.get_ref() {
        DefinitionsDef::Flag(false) => Definitions::Ignored,
        DefinitionsDef::Flag(true) => Definitions::AsWritten,
        DefinitionsDef::Mode(m) if m == "where-used" => Definitions::WhereUsed,
        DefinitionsDef::Mode(m) => {
            issues.push(
                PackIssue::new(format!("unknown `definitions` value `{m}`"), def.span())
                    .help("use `true`, `false` or `\"where-used\"`"),
            );
            Definitions::Ignored
        }
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

/// A duration: a number (digits, or words up to *nine hundred and
/// ninety-nine*, hyphenated or not: "twenty-five", "one hundred and twenty"),
/// an optional number in brackets, then a unit. Group 1 is the number and
/// group 2 the unit, as `matching::duration_days` reads them. ASCII mode
/// (`(?-u)`): only ASCII digits parse as a number, the normalised text has
/// only ASCII spaces, and a Unicode `\b` would keep the fast search engine
/// off every clause with a curly quote in it.
fn duration_regex() -> GroupRegex {
    const UNIT: &str = "one|two|three|four|five|six|seven|eight|nine";
    const TEEN: &str =
        "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen";
    const TENS: &str = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";
    let below_100 = format!(r"(?:(?:{TENS})(?:[\s-]+(?:{UNIT})\b)?|(?:{TEEN})|(?:{UNIT}))");
    let number =
        format!(r"(?:(?:{UNIT})[\s-]+hundred(?:(?:\s+and)?[\s-]+{below_100})?|{below_100})");
    GroupRegex::new(&format!(
        r"(?-u)\b([0-9]{{1,4}}|{number})(?:\s*\([0-9]{{1,4}}\))?[\s-]*(?:business\s+|calendar\s+|working\s+)?(day|week|month|year)s?\b"
    ))
}

/// Where a group is written: what its keys can do there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The first group of a pattern's `all`.
    Anchor,
    /// Another group of a pattern's `all`.
    Member,
    /// A pattern's `none`.
    Exclusion,
    /// A feature's `cue`.
    Cue,
    /// A feature's `absent`.
    Absent,
    /// A feature's `unless`.
    Unless,
    /// A rule's `belongs-in`.
    BelongsIn,
}

impl Role {
    fn default_scope(self) -> Scope {
        match self {
            Role::Anchor => Scope::Clause,
            Role::BelongsIn => Scope::Heading,
            _ => Scope::Context,
        }
    }

    fn what(self) -> &'static str {
        match self {
            Role::Anchor => "a pattern's anchor (the first group of `all`)",
            Role::Member => "a group of a pattern's `all`",
            Role::Exclusion => "a `none` group",
            Role::Cue => "a feature's `cue` group",
            Role::Absent => "an `absent` group",
            Role::Unless => "an `unless` group",
            Role::BelongsIn => "`belongs-in`",
        }
    }

    /// Why `near` and `position` do nothing here, and what to write instead.
    fn placement_help(self) -> &'static str {
        match self {
            Role::Anchor => {
                "distances and positions are measured from the anchor: put `near` or `position` on the other groups of `all`"
            }
            Role::Cue => {
                "a feature places its first cue group with its own `near-anchor` and `position`, and the other cue groups with its `within`"
            }
            Role::Unless => {
                "`unless` groups count anywhere in their scope; a `cue` feature's `unless-near` limits them to the words after the cue"
            }
            Role::BelongsIn => "`belongs-in` is looked for in the section headings",
            Role::Member | Role::Exclusion | Role::Absent => {
                "these groups count anywhere in their scope: `near` and `position` work only on the groups of a pattern's `all` after the first"
            }
        }
    }
}

#[derive(Default)]
struct Compiler {
    table: TermTable,
    groups: Vec<Group>,
    features: Vec<Feature>,
    /// Compile regexes when loading (user packs: errors need their span).
    eager_regex: bool,
    /// Indices of permitted rules (a condition cannot name them).
    permitted: HashSet<usize>,
    /// Problems of vocabulary terms, for the file that defines the
    /// vocabulary (not the file of the group that uses it).
    elsewhere: Vec<(usize, PackIssue)>,
    /// Vocabulary terms already reported, as (file, span start): a term is
    /// reported once however many groups use its vocabulary.
    reported_terms: HashSet<(usize, usize)>,
}

impl Compiler {
    /// Moves the problems found in vocabularies to their files.
    fn report_elsewhere(&mut self, files: &mut [FileState]) {
        for (file, issue) in self.elsewhere.drain(..) {
            files[file].issues.push(issue);
        }
    }

    fn group(
        &mut self,
        def: &S<GroupDef>,
        role: Role,
        vocab: &VocabMap,
        issues: &mut Vec<PackIssue>,
    ) -> Option<GroupId> {
        let g = def.get_ref();
        let id = self.groups.len();
        let before = issues.len();
        let default_scope = role.default_scope();
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
        if let Some(s) = &g.scope
            && issues.len() == before
            && scope != default_scope
        {
            match role {
                Role::Anchor => issues.push(
                    PackIssue::new(
                        "`in` has no effect on a pattern's anchor: the anchor is always looked for in the clause itself",
                        s.span(),
                    )
                    .help("make a word of the clause the anchor (the first group of `all`), and put this group after it with its `in`"),
                ),
                Role::BelongsIn => issues.push(
                    PackIssue::new(
                        "`in` has no effect on `belongs-in`: it is always looked for in the section headings",
                        s.span(),
                    )
                    .help("remove `in`"),
                ),
                _ => {}
            }
        }
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
        if role == Role::Member {
            if let Some(n) = &g.near
                && *n.get_ref() > MAX_WITHIN
            {
                issues.push(PackIssue::new(
                    format!("distance above {MAX_WITHIN} words"),
                    n.span(),
                ));
            }
        } else {
            if let Some(n) = &g.near {
                issues.push(
                    PackIssue::new(format!("`near` has no effect on {}", role.what()), n.span())
                        .help(role.placement_help()),
                );
            }
            if let Some(p) = &g.position
                && position != Position::Any
            {
                issues.push(
                    PackIssue::new(
                        format!("`position` has no effect on {}", role.what()),
                        p.span(),
                    )
                    .help(role.placement_help()),
                );
            }
        }
        let mut has_terms = false;
        // A term of a vocabulary failed (reported in the vocabulary's file).
        let mut failed = false;
        for term in &g.terms {
            let span = if term.span() == (0..0) {
                def.span()
            } else {
                term.span()
            };
            let t = term.get_ref();
            if let Some(name) = t.strip_prefix('@') {
                match vocab.get(name) {
                    Some(v) => {
                        v.used.set(true);
                        for term in &v.terms {
                            if term.get_ref().starts_with('@') {
                                // Reported with the vocabularies.
                                failed = true;
                                continue;
                            }
                            if let Err(e) = self.table.add(term.get_ref(), id) {
                                failed = true;
                                if self.reported_terms.insert((v.file, term.span().start)) {
                                    self.elsewhere.push((
                                        v.file,
                                        PackIssue::new(
                                            format!("{e}: `{}`", shown(term.get_ref())),
                                            term.span(),
                                        ),
                                    ));
                                }
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
                    issues.push(PackIssue::new(format!("{e}: `{}`", shown(t)), span));
                }
                has_terms = true;
            }
        }
        let regex = g.regex.as_ref().and_then(|r| {
            let re = GroupRegex::new(r.get_ref());
            match self.eager_regex.then(|| re.compile_now()) {
                Some(Err(e)) => {
                    issues.push(PackIssue::new(format!("invalid regex: {e}"), r.span()));
                    None
                }
                _ => Some(re),
            }
        });
        let days = g.days_at_least.as_ref().map(|d| *d.get_ref());
        if days.is_some() && (has_terms || regex.is_some()) {
            issues.push(PackIssue::new(
                "`days-at-least` cannot be combined with `terms` or `regex` in one group",
                def.span(),
            ));
        }
        if !has_terms && regex.is_none() && days.is_none() && !failed && issues.len() == before {
            issues.push(
                PackIssue::new("empty term list", def.span())
                    .help("a group needs at least one term, a `regex` or `days-at-least`"),
            );
        }
        if failed || issues.len() > before {
            return None;
        }
        self.groups.push(Group {
            has_terms,
            regex: if days.is_some() {
                Some(duration_regex())
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
        role: Role,
        vocab: &VocabMap,
        issues: &mut Vec<PackIssue>,
    ) -> Vec<GroupId> {
        defs.iter()
            .filter_map(|d| self.group(d, role, vocab, issues))
            .collect()
    }

    fn feature(
        &mut self,
        def: &S<FeatureDef>,
        vocab: &VocabMap,
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
        if let (Some(s), Some(sev)) = (&f.severity, severity)
            && sev != Severity::Note
        {
            issues.push(
                PackIssue::new(
                    format!("a feature's `severity` can only be `note`, not `{sev}`"),
                    s.span(),
                )
                .help("a weak finding whose features are all `note` is a note; any other is reported at the rule's `severity.weak`: set that instead"),
            );
        }
        for w in [&f.near_anchor, &f.within, &f.unless_near]
            .into_iter()
            .flatten()
        {
            if *w.get_ref() > MAX_WITHIN {
                issues.push(PackIssue::new(
                    format!("distance above {MAX_WITHIN} words"),
                    w.span(),
                ));
            }
        }
        // Keys that only a `cue` trigger (cue without absent) reads.
        let trigger = if !f.absent.is_empty() {
            "absent"
        } else if !f.cue.is_empty() {
            "cue"
        } else if !f.modality.is_empty() {
            "modality"
        } else if !f.document_lacks.is_empty() {
            "document-lacks"
        } else {
            "permitted-elsewhere"
        };
        if trigger != "cue" {
            let cue_keys = [
                ("near-anchor", f.near_anchor.as_ref().map(|w| w.span())),
                (
                    "position",
                    f.position
                        .as_ref()
                        .filter(|p| p.get_ref() != "any")
                        .map(|p| p.span()),
                ),
                (
                    "same-item",
                    f.same_item
                        .as_ref()
                        .filter(|b| *b.get_ref())
                        .map(|b| b.span()),
                ),
                ("within", f.within.as_ref().map(|w| w.span())),
                ("unless-near", f.unless_near.as_ref().map(|w| w.span())),
            ];
            for (key, span) in cue_keys {
                if let Some(span) = span {
                    issues.push(
                        PackIssue::new(
                            format!("`{key}` has no effect on a feature triggered by `{trigger}`"),
                            span,
                        )
                        .help("`near-anchor`, `position`, `same-item`, `within` and `unless-near` work only with `cue` (and no `absent`)"),
                    );
                }
            }
        }
        if matches!(
            trigger,
            "modality" | "document-lacks" | "permitted-elsewhere"
        ) && let Some(u) = f.unless.first()
        {
            issues.push(
                PackIssue::new(
                    format!("`unless` has no effect on a feature triggered by `{trigger}`"),
                    u.span(),
                )
                .help("`unless` works only with `cue` or `absent`"),
            );
        }
        if trigger != "document-lacks"
            && let Some(o) = f.or_weak_only_for.first()
        {
            issues.push(
                PackIssue::new(
                    format!(
                        "`or-weak-only-for` has no effect on a feature triggered by `{trigger}`"
                    ),
                    o.span(),
                )
                .help("`or-weak-only-for` qualifies `document-lacks`"),
            );
        }
        if trigger == "cue"
            && f.unless.is_empty()
            && let Some(n) = &f.unless_near
        {
            issues.push(
                PackIssue::new("`unless-near` has no effect without `unless`", n.span())
                    .help("`unless-near` limits where the `unless` groups count"),
            );
        }
        let trigger = if !f.absent.is_empty() {
            Trigger::Absent {
                groups: self.groups(&f.absent, Role::Absent, vocab, issues),
                requires: self.groups(&f.cue, Role::Cue, vocab, issues),
                unless: self.groups(&f.unless, Role::Unless, vocab, issues),
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
                groups: self.groups(&f.cue, Role::Cue, vocab, issues),
                near_anchor: f.near_anchor.as_ref().map(|w| *w.get_ref()),
                position,
                same_item: f.same_item.as_ref().is_some_and(|b| *b.get_ref()),
                within: f.within.as_ref().map(|w| *w.get_ref()),
                unless: self.groups(&f.unless, Role::Unless, vocab, issues),
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
                    Some(r) if self.permitted.contains(r) => issues.push(
                        PackIssue::new(
                            format!(
                                "condition names `{}`, a permitted rule: it has no status to test",
                                c.get_ref()
                            ),
                            c.span(),
                        )
                        .help("`document-lacks` names concept rules (a permitted rule is never present, so the condition would always hold)"),
                    ),
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
            Trigger::DocumentLacks {
                concepts,
                weak_only_for: f
                    .or_weak_only_for
                    .iter()
                    .map(|s| s.get_ref().clone())
                    .collect(),
            }
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
        let anchor = self.group(&p.all.get_ref()[0], Role::Anchor, &pack.vocab, issues);
        let others = self.groups(&p.all.get_ref()[1..], Role::Member, &pack.vocab, issues);
        let none = self.groups(&p.none, Role::Exclusion, &pack.vocab, issues);
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
        source: &PackSource,
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
            let Some(modality) = Modality::ALL.iter().find(|x| x.as_str() == m.get_ref()) else {
                issues.push(
                    PackIssue::new(format!("unknown modality `{}`", m.get_ref()), m.span()).help(
                        "expected restriction, obligation, permission, hortatory, discouraged, consequence, disclaimer or statement",
                    ),
                );
                continue;
            };
            let f = self.named_feature(feature, &local, pack, issues);
            weak_modality.push((*modality, f, m.span()));
        }
        let patterns: Vec<Pattern> = def
            .pattern
            .iter()
            .filter_map(|p| self.pattern(p, &local, pack, issues))
            .collect();
        let mut modality = modality_set(&def.modality, issues);
        if modality.is_empty() {
            modality = ModalitySet::ANY;
        }
        // A weak modality applies only where a pattern does not accept it.
        if rule_type == RuleType::Concept {
            for (m, _, span) in &weak_modality {
                let accepted = patterns
                    .iter()
                    .all(|p| p.modality.unwrap_or(modality).contains(*m));
                if accepted && !patterns.is_empty() && patterns.len() == def.pattern.len() {
                    issues.push(
                        PackIssue::new(
                            format!(
                                "`weak-modality` has no effect on `{}`: every pattern of the rule accepts it as strong",
                                m.as_str()
                            ),
                            span.clone(),
                        )
                        .help(if def.modality.is_empty() {
                            "a rule without `modality` accepts every modality: list in `modality` the ones that count as strong"
                        } else {
                            "remove it from `modality` (and from the patterns' `modality`) to make such clauses count, weak"
                        }),
                    );
                }
            }
        }
        let weak_modality: Vec<(Modality, usize)> =
            weak_modality.into_iter().map(|(m, f, _)| (m, f)).collect();
        // `feature-messages` can only name features this rule reports. (Not
        // checked in the built-in packs, which have a few such entries.)
        let mut feature_ids: Vec<String> = Vec::new();
        feature_ids.extend(local.keys().cloned());
        feature_ids.extend(
            def.features
                .iter()
                .filter(|f| pack.features.contains_key(f.get_ref()))
                .map(|f| f.get_ref().clone()),
        );
        feature_ids.extend(
            def.pattern
                .iter()
                .flat_map(|p| p.get_ref().features.iter().map(|f| f.get_ref().clone())),
        );
        feature_ids.extend(def.weak_modality.values().map(|f| f.get_ref().clone()));
        feature_ids.sort_unstable();
        feature_ids.dedup();
        for key in def.feature_messages.keys() {
            if !source.builtin && !feature_ids.contains(key.get_ref()) {
                let known: Vec<&str> = feature_ids.iter().map(String::as_str).collect();
                issues.push(
                    PackIssue::new(
                        format!(
                            "`feature-messages` names `{}`, which is not a feature of this rule",
                            key.get_ref()
                        ),
                        key.span(),
                    )
                    .help(if known.is_empty() {
                        "this rule has no features".to_string()
                    } else {
                        format!("this rule's features: {}", known.join(", "))
                    }),
                );
            }
        }
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
            .and_then(|g| self.group(g, Role::BelongsIn, &pack.vocab, issues));
        Rule {
            id,
            pack: pack_index,
            source: source.name.to_string(),
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
            definitions: definitions(&def.definitions, issues),
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
            feature_messages: def
                .feature_messages
                .iter()
                .map(|(k, v)| (k.get_ref().clone(), v.clone()))
                .collect(),
            help: def.help.trim().to_string(),
            explanation: def.explanation.trim().to_string(),
            sources: def.sources.clone(),
            model_clause: def.model_clause.trim().to_string(),
        }
    }
}

/// A term as quoted in a message: a very long one is cut (the span shows it).
fn shown(term: &str) -> String {
    const MAX: usize = 60;
    if term.len() <= MAX {
        return term.to_string();
    }
    let mut end = MAX;
    while !term.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &term[..end])
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
                    Trigger::DocumentLacks { concepts, .. } => Some(concepts.clone()),
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

#[cfg(test)]
mod tests {
    use super::duration_regex;

    /// Group 1 (the number) and group 2 (the unit) of the first duration.
    fn read(text: &str) -> Option<(String, String)> {
        let re = duration_regex();
        let c = re.get()?.captures(text)?;
        Some((c[1].to_string(), c[2].to_string()))
    }

    fn pair(n: &str, u: &str) -> Option<(String, String)> {
        Some((n.to_string(), u.to_string()))
    }

    #[test]
    fn duration_numbers_are_captured_whole() {
        assert_eq!(read("within twenty-five days"), pair("twenty-five", "day"));
        assert_eq!(
            read("within Thirty five (35) days"),
            pair("Thirty five", "day")
        );
        assert_eq!(read("for ninety-nine years"), pair("ninety-nine", "year"));
        assert_eq!(read("a forty-five day period"), pair("forty-five", "day"));
        assert_eq!(read("twenty days"), pair("twenty", "day"));
        assert_eq!(read("seventeen business days"), pair("seventeen", "day"));
        assert_eq!(read("seven weeks"), pair("seven", "week"));
        assert_eq!(
            read("one hundred and twenty-five days"),
            pair("one hundred and twenty-five", "day")
        );
        assert_eq!(
            read("one hundred eighty days"),
            pair("one hundred eighty", "day")
        );
        assert_eq!(read("two hundred days"), pair("two hundred", "day"));
        assert_eq!(read("30 calendar days"), pair("30", "day"));
        assert_eq!(read("twenty-four months"), pair("twenty-four", "month"));
        assert_eq!(read("a year"), None);
    }
}
