//! Plain text: paragraphs separated by blank lines, hard-wrapped lines joined,
//! list items by their markers, and headings recognised by their shape
//! (`1.`, `4.2`, `Section 7`, `ARTICLE IV`, all-caps or title-case lines, and
//! run-in headings such as `2. Grant of License. Subject to ...`).

use std::ops::Range;

use super::{BlockKind, Builder};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    None,
    Paragraph,
    Item,
}

struct Line {
    range: Range<usize>,
    indent: usize,
}

pub(crate) fn parse(b: &mut Builder<'_>, body_start: usize) {
    let end = b.source().len();
    parse_range(b, body_start..end);
}

/// Parses a range of the source as plain text (also used for Markdown's
/// indented blocks, which in terms documents are indented prose, not code).
pub(crate) fn parse_range(b: &mut Builder<'_>, range: std::ops::Range<usize>) {
    let source = b.source();
    let lines = split_lines(&source[..range.end], range.start);
    let mut open = Open::None;
    // Indentation of each open list level.
    let mut lists: Vec<usize> = Vec::new();
    let mut headings_seen = 0usize;

    for (n, line) in lines.iter().enumerate() {
        let text = &source[line.range.clone()];
        let trimmed = text.trim();
        if trimmed.is_empty() {
            end(b, &mut open);
            continue;
        }
        let content_start = line.range.start + (text.len() - text.trim_start().len());
        let content = content_start..content_start + trimmed.len();
        let next_blank = lines
            .get(n + 1)
            .is_none_or(|l| source[l.range.clone()].trim().is_empty());

        // Inside a list, a numbered line is the next item, not a heading.
        let in_list_item_line = !lists.is_empty() && list_marker(trimmed).is_some();
        if (open != Open::Item || lists.is_empty())
            && !in_list_item_line
            && let Some(h) = heading(trimmed, open == Open::None, next_blank)
        {
            end(b, &mut open);
            close_lists(b, &mut lists, 0);
            let level = match h.level {
                Some(l) => l,
                None if headings_seen == 0 => 1,
                None => 2,
            };
            headings_seen += 1;
            b.push_source(content.start..content.start + h.title_len);
            b.end_heading(level);
            if let Some(body) = h.body_start {
                b.push_source(content.start + body..content.end);
                open = Open::Paragraph;
            }
            continue;
        }

        if let Some(marker_len) = list_marker(trimmed) {
            end(b, &mut open);
            let indent = line.indent;
            while lists.last().is_some_and(|&i| indent < i) {
                lists.pop();
                b.end_list();
            }
            if lists.last().is_none_or(|&i| indent > i) {
                b.start_list();
                lists.push(indent);
            }
            b.push_source(content.start + marker_len..content.end);
            open = Open::Item;
            continue;
        }

        match open {
            Open::None => {
                // A paragraph at the left margin after a list ends the list.
                if !lists.is_empty() && line.indent <= lists[0] {
                    close_lists(b, &mut lists, 0);
                }
                b.push_source(content);
                open = Open::Paragraph;
            }
            Open::Paragraph | Open::Item => {
                b.push_break(line.range.start);
                b.push_source(content);
            }
        }
    }
    end(b, &mut open);
    close_lists(b, &mut lists, 0);
}

fn end(b: &mut Builder<'_>, open: &mut Open) {
    match *open {
        Open::None => {}
        Open::Paragraph => b.end_block(BlockKind::Paragraph),
        Open::Item => b.end_block(BlockKind::ListItem),
    }
    *open = Open::None;
}

fn close_lists(b: &mut Builder<'_>, lists: &mut Vec<usize>, keep: usize) {
    while lists.len() > keep {
        lists.pop();
        b.end_list();
    }
    if keep == 0 {
        b.reset_lead_in();
    }
}

/// Lines end at LF, CRLF or a lone CR (as in CommonMark).
fn split_lines(source: &str, start: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut pos = start;
    while pos < source.len() {
        let end = super::line_end(source, pos).unwrap_or(source.len());
        let raw = &source[pos..end];
        let body = raw.trim_end_matches(['\n', '\r']);
        let indent = body
            .chars()
            .take_while(|c| c.is_whitespace())
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        lines.push(Line {
            range: pos..pos + body.len(),
            indent,
        });
        pos = end;
    }
    lines
}

/// Longest enumerator of a list marker, in bytes: "(viii)" has 4.
const MAX_ENUMERATOR: usize = 4;

/// Length of a list marker and the space after it, if the line starts with one:
/// bullets (`-`, `*`, `•`), `(a)`, `a)`, `(iv)`, `1)`, `a.`.
fn list_marker(line: &str) -> Option<usize> {
    let mut chars = line.char_indices();
    let (_, first) = chars.next()?;
    if matches!(first, '-' | '*' | '•' | '·' | '–' | '▪' | '◦') {
        // A space or a tab after the bullet ("-\tItem", as word processors
        // export lists).
        let rest = &line[first.len_utf8()..];
        return rest
            .starts_with([' ', '\t'])
            .then(|| first.len_utf8() + (rest.len() - rest.trim_start().len()));
    }
    // Dotted enumerators followed by a space: "3.1.1. " or "4.2 ".
    let dotted = line
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|&e| {
            e >= 3 && line[..e].contains('.') && line[..e].starts_with(|c: char| c.is_ascii_digit())
        });
    if let Some(e) = dotted {
        let rest = &line[e..];
        if rest.starts_with([' ', '\t'])
            && line[..e].split('.').filter(|p| !p.is_empty()).count() >= 2
        {
            return Some(e + (rest.len() - rest.trim_start().len()));
        }
    }
    // An enumerator is at most 4 characters, so its closing mark is among
    // the first 5 bytes: no need to search every line to the end of its
    // first sentence.
    let close_at = |text: &str, marks: &[u8]| {
        text.bytes()
            .take(MAX_ENUMERATOR + 1)
            .position(|b| marks.contains(&b))
    };
    let (inner, close) = if let Some(r) = line.strip_prefix('(') {
        let end = close_at(r, b")")?;
        (&r[..end], end + 2)
    } else {
        let end = close_at(line, b").")?;
        (&line[..end], end + 1)
    };
    let ok = !inner.is_empty()
        && inner.len() <= MAX_ENUMERATOR
        && (inner.chars().all(|c| c.is_ascii_digit())
            || (inner.len() == 1 && inner.chars().all(|c| c.is_ascii_alphabetic()))
            || inner
                .chars()
                .all(|c| matches!(c, 'i' | 'v' | 'x' | 'I' | 'V' | 'X')));
    if !ok {
        return None;
    }
    // "1." followed by text is a numbered paragraph or heading; it is a list
    // item only if it is not a heading (checked before) — keep it as an item.
    let rest = &line[close..];
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some(close + (rest.len() - rest.trim_start().len()))
}

struct HeadingLine {
    /// Explicit level from numbering (`4.2` is level 3, `ARTICLE` level 1).
    level: Option<u8>,
    /// Bytes of the trimmed line that are the heading.
    title_len: usize,
    /// Where body text starts on the same line (run-in headings).
    body_start: Option<usize>,
}

const DIVISIONS: &[&str] = &[
    "article",
    "section",
    "part",
    "chapter",
    "schedule",
    "exhibit",
    "annex",
    "appendix",
    "attachment",
    "clause",
    "title",
];

fn heading(line: &str, at_block_start: bool, next_blank: bool) -> Option<HeadingLine> {
    if line.len() > 120 {
        return None;
    }
    // Every line is asked: its words are collected, or counted once, only
    // where needed.
    let first = line.split_whitespace().next()?;
    let count = std::cell::OnceCell::new();
    let word_count = || *count.get_or_init(|| line.split_whitespace().count());

    // ARTICLE IV / Section 7: Title / PART 2 - Title
    let words: Vec<&str> = if DIVISIONS.iter().any(|d| d.eq_ignore_ascii_case(first)) {
        line.split_whitespace().collect()
    } else {
        Vec::new()
    };
    if words.len() >= 2 {
        let num = words[1].trim_end_matches(['.', ':', ')']);
        let is_num = !num.is_empty()
            && (num.chars().all(|c| c.is_ascii_digit() || c == '.')
                || num.chars().all(|c| "IVXLCivxlc".contains(c))
                || (num.len() == 1 && num.chars().all(|c| c.is_ascii_uppercase())));
        let rest = words[2..].join(" ");
        if is_num
            && words.len() <= 12
            && !rest.ends_with([',', ';'])
            && (rest.is_empty() || is_title_like(&rest) || is_all_caps(&rest))
            && (at_block_start || next_blank)
        {
            return Some(HeadingLine {
                level: Some(1),
                title_len: line.len(),
                body_start: None,
            });
        }
    }

    // 1. Definitions / 4.2 Use Restrictions / 2. Grant of License. Subject to ...
    let num_end = line
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(line.len());
    let num = &line[..num_end];
    if !num.is_empty()
        && num.starts_with(|c: char| c.is_ascii_digit())
        && line[num_end..].starts_with(' ')
    {
        let depth = num.trim_end_matches('.').split('.').count();
        let level = Some((depth + 1).min(6) as u8);
        let rest = line[num_end..].trim_start();
        let rest_at = line.len() - rest.len();
        if at_block_start && next_blank && rest.len() <= 80 && !rest.ends_with([',', ';']) {
            let title = rest.trim_end_matches(['.', ':']);
            if is_title_like(title) || is_all_caps(title) {
                return Some(HeadingLine {
                    level,
                    title_len: line.len(),
                    body_start: None,
                });
            }
        }
        // Run-in: a short title-case phrase, a full stop, then body text.
        if at_block_start && let Some(dot) = rest.find(". ") {
            let title = &rest[..dot];
            let words = title.split_whitespace().count();
            if (1..=8).contains(&words) && (is_title_like(title) || is_all_caps(title)) {
                return Some(HeadingLine {
                    level,
                    title_len: rest_at + dot + 1,
                    body_start: Some(rest_at + dot + 2),
                });
            }
        }
        return None;
    }

    // All-caps or title-case lines standing alone.
    if at_block_start
        && next_blank
        && line.len() <= 90
        && word_count() <= 12
        && !line.ends_with(['.', ',', ';', ':'])
        && !first.eq_ignore_ascii_case("copyright")
        && (is_all_caps(line) || is_title_like(line))
    {
        return Some(HeadingLine {
            level: None,
            title_len: line.len(),
            body_start: None,
        });
    }
    // An all-caps line directly followed by its text.
    if at_block_start && word_count() <= 6 && !line.ends_with(['.', ',', ';']) && is_all_caps(line)
    {
        return Some(HeadingLine {
            level: None,
            title_len: line.len(),
            body_start: None,
        });
    }
    None
}

fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 3
}

/// Most significant words capitalised ("Use Restrictions", "Grant of License").
fn is_title_like(s: &str) -> bool {
    let mut significant = 0;
    let mut capital = 0;
    for w in s.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(c) = w.chars().next() else { continue };
        if !c.is_alphabetic() {
            continue;
        }
        if w.chars().count() <= 3 && c.is_lowercase() {
            continue; // of, and, the, to
        }
        significant += 1;
        if c.is_uppercase() {
            capital += 1;
        }
    }
    significant > 0 && capital * 10 >= significant * 7
}

#[cfg(test)]
mod tests {
    use super::list_marker;

    #[test]
    fn list_markers_and_their_length() {
        for (line, len) in [
            ("- item", 2),
            ("•  item", 5),
            ("(a) x", 4),
            ("(iv) x", 5),
            ("(viii) x", 7),
            ("a. x", 3),
            ("iv) x", 4),
            ("1234. x", 6),
            ("3.1.1. x", 7),
            // A tab after the marker, as word processors export lists.
            ("-\titem", 2),
            ("•\titem", 4),
            ("(b)\tx", 4),
        ] {
            assert_eq!(list_marker(line), Some(len), "{line:?}");
        }
        for line in [
            "(viiii) x",
            "(12345) x",
            "12345. x",
            "abcde. x",
            "Section 1. x",
            "Customer agrees (see below). x",
            "This sentence ends. (a) x",
            "a.b",
            "(a)x",
            "-item",
            "",
        ] {
            assert_eq!(list_marker(line), None, "{line:?}");
        }
    }
}
