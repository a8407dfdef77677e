//! YAML (`---`) or TOML (`+++`) front matter at the top of a document. It is
//! skipped as clause text; its `kind` and `title` keys are read.

use std::ops::Range;

#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// The whole block including its delimiter lines.
    pub span: Range<usize>,
    /// The value of `kind`, and the source range of that value.
    pub kind: Option<(String, Range<usize>)>,
    pub title: Option<String>,
}

/// Parses front matter starting at `start` (after a byte-order mark).
pub fn parse(source: &str, start: usize) -> Option<FrontMatter> {
    let rest = &source[start..];
    let delim = if rest.starts_with("---") {
        "---"
    } else if rest.starts_with("+++") {
        "+++"
    } else {
        return None;
    };
    let first_end = super::line_end(rest, 0)?;
    if rest[..first_end].trim_end() != delim {
        return None;
    }
    let mut kind = None;
    let mut title = None;
    let mut pos = first_end;
    while pos < rest.len() {
        let line_end = super::line_end(rest, pos).unwrap_or(rest.len());
        let line = rest[pos..line_end].trim_end_matches(['\n', '\r']);
        if line.trim_end() == delim || (delim == "---" && line.trim_end() == "...") {
            return Some(FrontMatter {
                span: start..start + line_end,
                kind,
                title,
            });
        }
        let sep = if delim == "+++" { '=' } else { ':' };
        if let Some((raw_key, value)) = line.split_once(sep) {
            let key = raw_key.trim();
            // Where the value starts: after the key as written (spaces
            // included), the separator and the (Unicode) spaces after it.
            let value_start = start
                + pos
                + raw_key.len()
                + sep.len_utf8()
                + (value.len() - value.trim_start().len());
            let value = unquote(value.trim());
            if key.eq_ignore_ascii_case("kind") && !value.is_empty() {
                let off = source[value_start..].find(value).unwrap_or(0) + value_start;
                kind = Some((value.to_string(), off..off + value.len()));
            } else if key.eq_ignore_ascii_case("title") && !value.is_empty() {
                title = Some(value.to_string());
            }
        }
        pos = line_end;
    }
    None
}

fn unquote(v: &str) -> &str {
    let v = v.split(" #").next().unwrap_or(v).trim();
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return &v[1..v.len() - 1];
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_kind_and_title() {
        let s = "---\ntitle: \"Acme AUP\"\nkind: aup\n---\n# Body\n";
        let fm = parse(s, 0).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Acme AUP"));
        let (kind, range) = fm.kind.unwrap();
        assert_eq!(kind, "aup");
        assert_eq!(&s[range], "aup");
        assert_eq!(&s[fm.span.end..], "# Body\n");
    }

    #[test]
    fn spaces_around_the_separator_keep_the_value_in_place() {
        // Found by fuzzing: the trimmed key's length put the value one byte
        // early, inside the no-break space (a panic slicing the source).
        let s = "+++\nkind =\u{a0}.";
        assert!(parse(s, 0).is_none(), "no closing delimiter");
        let s = "+++\nkind =\u{a0}\"aup\"\n+++\n";
        let (kind, range) = parse(s, 0).unwrap().kind.unwrap();
        assert_eq!((kind.as_str(), &s[range]), ("aup", "aup"));
        let s = "---\n  kind \u{2003}:\u{a0} license # the licence\n---\n";
        let (kind, range) = parse(s, 0).unwrap().kind.unwrap();
        assert_eq!((kind.as_str(), &s[range]), ("license", "license"));
    }

    #[test]
    fn crlf_and_lone_cr_line_endings() {
        for eol in ["\r\n", "\r"] {
            let s = format!("---{eol}kind: aup{eol}title: T{eol}---{eol}# Body{eol}");
            let fm = parse(&s, 0).unwrap_or_else(|| panic!("{eol:?}"));
            let (kind, range) = fm.kind.unwrap();
            assert_eq!((kind.as_str(), &s[range]), ("aup", "aup"), "{eol:?}");
            assert_eq!(fm.title.as_deref(), Some("T"), "{eol:?}");
            assert_eq!(&s[fm.span.end..], format!("# Body{eol}"), "{eol:?}");
        }
    }

    #[test]
    fn toml_front_matter() {
        let s = "+++\nkind = \"license\"\n+++\ntext";
        assert_eq!(parse(s, 0).unwrap().kind.unwrap().0, "license");
    }

    #[test]
    fn unterminated_is_not_front_matter() {
        assert!(parse("---\nkind: aup\n", 0).is_none());
        assert!(parse("----\n", 0).is_none());
    }
}
