//! `clauselint rules` and `clauselint explain RULE`.

use std::io::Write;

use clauselint::packs::{Rule, RuleType};
use serde::Serialize;

use super::args::{ExplainArgs, OutputFormat, RulesArgs};
use super::{EXIT_CLEAN, EXIT_ERROR, load_packs};

#[derive(Serialize)]
struct RuleEntry<'a> {
    id: &'a str,
    pack: &'a str,
    name: &'a str,
    summary: &'a str,
    #[serde(rename = "type")]
    rule_type: RuleType,
    enabled: bool,
    severity: clauselint::packs::Severities,
    expected_in: Vec<&'static str>,
    /// The file that defines the rule (for a pack of several files, not
    /// always the file of its `[pack]` table).
    source: &'a str,
}

fn entry<'a>(packs: &'a clauselint::Packs, r: &'a Rule) -> RuleEntry<'a> {
    let pack = packs.pack_of(r);
    RuleEntry {
        id: &r.id,
        pack: &pack.id,
        name: &r.name,
        summary: &r.summary,
        rule_type: r.rule_type,
        enabled: r.enabled,
        severity: r.severity,
        expected_in: r.expected_in.iter().map(|k| k.as_str()).collect(),
        source: &r.source,
    }
}

pub fn list(args: RulesArgs) -> u8 {
    let Some(packs) = load_packs(&args.pack_args) else {
        return EXIT_ERROR;
    };
    let mut out = String::new();
    match args.format {
        OutputFormat::Json => {
            let rules: Vec<RuleEntry> = packs.rules.iter().map(|r| entry(&packs, r)).collect();
            out = serde_json::to_string_pretty(&rules).unwrap_or_default();
            out.push('\n');
        }
        OutputFormat::Human => {
            let width = packs.rules.iter().map(|r| r.id.len()).max().unwrap_or(10);
            out.push_str(&format!(
                "{:<width$}  {:<8}  {:<8}  expected in\n",
                "rule", "severity", "type"
            ));
            for r in &packs.rules {
                let sev = match r.rule_type {
                    RuleType::Concept => r.severity.missing,
                    RuleType::Permitted => r.severity.permitted,
                };
                let kinds = if r.rule_type == RuleType::Permitted {
                    "every kind".to_string()
                } else {
                    r.expected_in
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let disabled = if r.enabled { "" } else { " (disabled)" };
                out.push_str(&format!(
                    "{:<width$}  {:<8}  {:<8}  {kinds}{disabled}\n",
                    r.id,
                    sev.as_str(),
                    match r.rule_type {
                        RuleType::Concept => "concept",
                        RuleType::Permitted => "finding",
                    }
                ));
            }
            out.push_str(&format!(
                "\n{} rules in {} packs ({}). `clauselint explain RULE` for details.\n",
                packs.rules.len(),
                packs.packs.len(),
                packs
                    .packs
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    super::print_out(&out, EXIT_CLEAN)
}

pub fn explain(args: ExplainArgs) -> u8 {
    let Some(packs) = load_packs(&args.pack_args) else {
        return EXIT_ERROR;
    };
    let Some(rule) = packs.rule(&args.rule) else {
        let suggestions: Vec<&str> = packs
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .filter(|id| id.contains(args.rule.split('/').next_back().unwrap_or("")))
            .collect();
        super::error(format!("unknown rule `{}`", args.rule));
        if !suggestions.is_empty() {
            let _ = writeln!(
                std::io::stderr(),
                "  did you mean: {}",
                suggestions.join(", ")
            );
        } else {
            let _ = writeln!(std::io::stderr(), "  run `clauselint rules` for the list");
        }
        return EXIT_ERROR;
    };
    let out = explain_text(&packs, rule);
    super::print_out(&out, EXIT_CLEAN)
}

/// The text of `clauselint explain RULE` (also the language server's hover):
/// the rule's metadata, explanation, what a strong clause contains and the
/// model clause. The explanation is Markdown; so is the rest.
pub fn explain_text(packs: &clauselint::Packs, rule: &Rule) -> String {
    let pack = packs.pack_of(rule);
    let mut out = String::new();
    out.push_str(&format!("{} — {}\n\n", rule.id, rule.name));
    out.push_str(&format!("{}\n\n", rule.summary));
    out.push_str(&format!("Pack: {} ({})\n", pack.name, pack.source));
    if rule.source != pack.source {
        out.push_str(&format!("Defined in: {}\n", rule.source));
    }
    if rule.rule_type == RuleType::Concept {
        let kinds: Vec<&str> = rule.expected_in.iter().map(|k| k.as_str()).collect();
        out.push_str(&format!("Expected in: {}\n", kinds.join(", ")));
        out.push_str(&format!(
            "Severity: missing {}, weak {}\n",
            rule.severity.missing, rule.severity.weak
        ));
    } else {
        out.push_str(&format!("Severity: {}\n", rule.severity.permitted));
    }
    if !rule.sources.is_empty() {
        out.push_str(&format!("Sources: {}\n", rule.sources.join("; ")));
    }
    out.push('\n');
    if !rule.explanation.is_empty() {
        out.push_str(&rule.explanation);
        out.push_str("\n\n");
    }
    if !rule.help.is_empty() {
        out.push_str(&format!(
            "## What a strong clause contains\n\n{}\n\n",
            rule.help
        ));
    }
    if !rule.model_clause.is_empty() {
        out.push_str("## Model clause\n\n");
        for line in rule.model_clause.lines() {
            out.push_str(&format!("> {line}\n"));
        }
    }
    out
}
