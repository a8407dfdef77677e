//! Document kinds and how a document's kind is decided: the command line,
//! then the config, then front matter, then a heuristic on title and headings.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::document::Document;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    Contract,
    Aup,
    ProductTerms,
    Tos,
    License,
    Other,
}

impl DocKind {
    pub const ALL: [DocKind; 6] = [
        DocKind::Contract,
        DocKind::Aup,
        DocKind::ProductTerms,
        DocKind::Tos,
        DocKind::License,
        DocKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Contract => "contract",
            DocKind::Aup => "aup",
            DocKind::ProductTerms => "product-terms",
            DocKind::Tos => "tos",
            DocKind::License => "license",
            DocKind::Other => "other",
        }
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let k = s.trim().to_ascii_lowercase();
        Ok(match k.as_str() {
            "contract" | "agreement" => DocKind::Contract,
            "aup" | "acceptable-use" | "acceptable-use-policy" | "usage-policy" => DocKind::Aup,
            "product-terms" => DocKind::ProductTerms,
            "tos" | "terms-of-service" | "terms-of-use" => DocKind::Tos,
            "license" | "licence" | "model-license" | "ethical-license" => DocKind::License,
            "other" | "privacy" => DocKind::Other,
            _ => {
                return Err(format!(
                    "unknown document kind `{s}` (expected one of: contract, aup, product-terms, tos, license, other)"
                ));
            }
        })
    }
}

/// Where a document's kind came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KindSource {
    /// `--kind` on the command line.
    Cli,
    /// A `[[kinds]]` entry of the configuration, or the caller of the library.
    Config,
    /// The document's front matter `kind:`.
    FrontMatter,
    /// Guessed from the title and headings.
    Heuristic,
}

impl KindSource {
    pub fn as_str(self) -> &'static str {
        match self {
            KindSource::Cli => "cli",
            KindSource::Config => "config",
            KindSource::FrontMatter => "front-matter",
            KindSource::Heuristic => "heuristic",
        }
    }
}

/// The decided kind, where it came from, and a sentence saying why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindDecision {
    pub kind: DocKind,
    pub source: KindSource,
    pub reason: String,
}

/// Phrases in a title or heading that suggest a kind, strongest first.
const SIGNALS: &[(&str, DocKind)] = &[
    ("acceptable use", DocKind::Aup),
    ("acceptable-use", DocKind::Aup),
    ("usage polic", DocKind::Aup),
    ("use polic", DocKind::Aup),
    ("use restrictions", DocKind::Aup),
    ("code of conduct", DocKind::ProductTerms),
    ("community guidelines", DocKind::Aup),
    ("content polic", DocKind::Aup),
    ("privacy", DocKind::Other),
    ("statement", DocKind::Other),
    ("terms of service", DocKind::Tos),
    ("terms of use", DocKind::Tos),
    ("terms and conditions", DocKind::Tos),
    ("user agreement", DocKind::Tos),
    ("product terms", DocKind::ProductTerms),
    ("service terms", DocKind::ProductTerms),
    ("services terms", DocKind::ProductTerms),
    ("additional terms", DocKind::ProductTerms),
    ("program terms", DocKind::ProductTerms),
    ("supplemental terms", DocKind::ProductTerms),
    ("developer policy", DocKind::ProductTerms),
    ("rail", DocKind::License),
    ("model license", DocKind::License),
    ("community license", DocKind::License),
    ("license agreement", DocKind::License),
    ("public license", DocKind::License),
    ("license", DocKind::License),
    ("licence", DocKind::License),
    ("master agreement", DocKind::Contract),
    ("service agreement", DocKind::Contract),
    ("services agreement", DocKind::Contract),
    ("subscription agreement", DocKind::Contract),
    ("agreement", DocKind::Contract),
    ("contract", DocKind::Contract),
    ("cloud terms", DocKind::Contract),
    ("order form", DocKind::Contract),
];

/// Decides a document's kind when neither the command line nor the config
/// gave one: front matter `kind:`, else the title, else the headings, else
/// the file name.
pub fn detect(
    doc: &Document,
    path: &str,
) -> Result<KindDecision, (String, std::ops::Range<usize>)> {
    if let Some(fm) = &doc.front_matter
        && let Some((value, range)) = &fm.kind
    {
        return match value.parse::<DocKind>() {
            Ok(kind) => Ok(KindDecision {
                kind,
                source: KindSource::FrontMatter,
                reason: format!("front matter says `kind: {value}`"),
            }),
            Err(e) => Err((e, range.clone())),
        };
    }
    let mut candidates: Vec<(String, &'static str)> = Vec::new();
    if let Some(title) = doc.front_matter.as_ref().and_then(|f| f.title.clone()) {
        candidates.push((title, "front-matter title"));
    }
    if let Some(t) = doc.title {
        candidates.push((doc.clause_text(t).to_string(), "title"));
    }
    for s in doc.sections.iter().filter_map(|s| s.heading).take(12) {
        candidates.push((doc.clause_text(s).to_string(), "heading"));
    }
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    candidates.push((file.replace(['-', '_'], " "), "file name"));
    for (text, what) in &candidates {
        let lower = text.to_lowercase();
        for (signal, kind) in SIGNALS {
            if contains_phrase(&lower, signal) {
                return Ok(KindDecision {
                    kind: *kind,
                    source: KindSource::Heuristic,
                    reason: format!("{what} \"{}\" mentions \"{signal}\"", text.trim()),
                });
            }
        }
    }
    Ok(KindDecision {
        kind: DocKind::Other,
        source: KindSource::Heuristic,
        reason: "no title or heading names a kind of terms".to_string(),
    })
}

fn contains_phrase(haystack: &str, phrase: &str) -> bool {
    haystack.match_indices(phrase).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        before.is_none_or(|c| !c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};

    fn kind_of(src: &str, path: &str) -> KindDecision {
        let doc = Document::parse(src, Format::Markdown);
        detect(&doc, path).unwrap()
    }

    #[test]
    fn front_matter_wins() {
        let k = kind_of("---\nkind: license\n---\n# Acceptable Use Policy\n", "a.md");
        assert_eq!(
            (k.kind, k.source),
            (DocKind::License, KindSource::FrontMatter)
        );
    }

    #[test]
    fn title_heuristic_explains_itself() {
        let k = kind_of("# Acme Acceptable Use Policy\n\ntext\n", "x.md");
        assert_eq!(k.kind, DocKind::Aup);
        assert_eq!(
            k.reason,
            "title \"Acme Acceptable Use Policy\" mentions \"acceptable use\""
        );
    }

    #[test]
    fn bad_front_matter_kind_is_an_error_with_a_place() {
        let src = "---\nkind: poem\n---\n";
        let doc = Document::parse(src, Format::Markdown);
        let (msg, range) = detect(&doc, "a.md").unwrap_err();
        assert!(msg.contains("poem"));
        assert_eq!(&src[range], "poem");
    }

    #[test]
    fn falls_back_to_other() {
        assert_eq!(kind_of("Some text.\n", "notes.md").kind, DocKind::Other);
    }
}
