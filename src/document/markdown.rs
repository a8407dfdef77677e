//! Markdown through pulldown-cmark, keeping its source offsets.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::{BlockKind, Builder, lone_cr_as_lf};

pub(crate) fn parse(b: &mut Builder<'_>, body_start: usize) {
    let source = b.source();
    let body = lone_cr_as_lf(&source[body_start..]);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    // Blocks open at each nesting level: what kind a finished block is.
    let mut containers: Vec<BlockKind> = Vec::new();
    // Inside these, text is not clause text.
    let mut skip_depth = 0usize;
    let mut html_block: Option<std::ops::Range<usize>> = None;
    let mut heading_level: Option<u8> = None;
    // An indented block being read as plain text.
    let mut indented: Option<std::ops::Range<usize>> = None;
    // Where the last cell of the table row being read ends.
    let mut cell_end: Option<usize> = None;

    for (event, range) in Parser::new_ext(&body, options).into_offset_iter() {
        let range = range.start + body_start..range.end + body_start;
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {}
                Tag::Heading { level, .. } => {
                    end_open_block(b, &containers);
                    heading_level = Some(level as u8);
                }
                Tag::List(_) => {
                    // Text of the parent item before a nested list ends there,
                    // and introduces the nested items.
                    end_open_block(b, &containers);
                    b.start_list();
                }
                Tag::Item => containers.push(BlockKind::ListItem),
                Tag::TableCell => containers.push(BlockKind::TableCell),
                Tag::Table(_) => b.reset_lead_in(),
                Tag::CodeBlock(CodeBlockKind::Indented) if skip_depth == 0 => {
                    end_open_block(b, &containers);
                    indented = Some(range.clone());
                    skip_depth += 1;
                }
                Tag::CodeBlock(_) | Tag::Image { .. } | Tag::MetadataBlock(_) => {
                    if skip_depth == 0 {
                        end_open_block(b, &containers);
                    }
                    skip_depth += 1;
                }
                Tag::HtmlBlock => html_block = Some(range.clone()),
                Tag::FootnoteDefinition(_) => containers.push(BlockKind::Paragraph),
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph => end_open_block(b, &containers),
                TagEnd::Heading(_) => {
                    if let Some(level) = heading_level.take() {
                        b.end_heading(level);
                    }
                }
                TagEnd::List(_) => {
                    end_open_block(b, &containers);
                    b.end_list();
                }
                TagEnd::Item | TagEnd::TableCell | TagEnd::FootnoteDefinition => {
                    end_open_block(b, &containers);
                    containers.pop();
                    if end == TagEnd::TableCell {
                        cell_end = Some(cell_end.unwrap_or(0).max(range.end));
                    }
                }
                TagEnd::TableHead | TagEnd::TableRow => {
                    if let Some(last) = cell_end.take() {
                        excess_cells(b, last..range.end);
                    }
                }
                TagEnd::Table => b.reset_lead_in(),
                TagEnd::CodeBlock if indented.is_some() && skip_depth == 1 => {
                    skip_depth = 0;
                    if let Some(r) = indented.take() {
                        // From the start of the first line, so that every
                        // line's indentation is measured alike.
                        let line_start = source[..r.start]
                            .rfind(['\n', '\r'])
                            .map_or(0, |p| p + 1)
                            .max(body_start);
                        super::plaintext::parse_range(b, line_start..range.end.max(r.end));
                    }
                }
                TagEnd::CodeBlock | TagEnd::Image | TagEnd::MetadataBlock(_) => {
                    skip_depth = skip_depth.saturating_sub(1);
                    if skip_depth == 0 {
                        b.reset_lead_in();
                    }
                }
                TagEnd::HtmlBlock => {
                    if let Some(r) = html_block.take() {
                        html_text(b, r.start..range.end.max(r.end), &containers);
                    }
                }
                _ => {}
            },
            _ if skip_depth > 0 => {}
            Event::Text(text) => {
                if html_block.is_some() {
                    continue;
                }
                if source.get(range.clone()) == Some(&*text) {
                    b.push_source(range);
                } else {
                    b.push_replaced(&text, range);
                }
            }
            Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                b.push_replaced(&text, range)
            }
            Event::SoftBreak | Event::HardBreak => b.push_break(range.start),
            Event::InlineHtml(html) => {
                if html.starts_with("<!--") {
                    b.push_comment(range);
                } else if is_break_tag(&html) {
                    b.push_break(range.start);
                }
            }
            Event::Html(_) => {
                if let Some(r) = html_block.as_mut() {
                    r.end = r.end.max(range.end);
                }
            }
            Event::Rule => {
                end_open_block(b, &containers);
                b.reset_lead_in();
            }
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }
    end_open_block(b, &containers);
}

/// Cells past the header's count, which a table drops (GFM): their words
/// are still the document's, so each is a table cell clause, its text as
/// written.
fn excess_cells(b: &mut Builder<'_>, rest: std::ops::Range<usize>) {
    let source = b.source();
    let Some(text) = source.get(rest.clone()) else {
        return;
    };
    let mut cell_start = rest.start;
    let mut escaped = false;
    let mut cells = Vec::new();
    for (i, c) in text.char_indices() {
        let at = rest.start + i;
        if c == '|' && !escaped {
            cells.push(cell_start..at);
            cell_start = at + 1;
        }
        escaped = c == '\\' && !escaped;
    }
    cells.push(cell_start..rest.end);
    for cell in cells {
        let raw = &source[cell.clone()];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = cell.start + lead..cell.start + raw.trim_end().len();
        if !trimmed.is_empty() {
            b.push_source(trimmed);
            b.end_block(BlockKind::TableCell);
        }
    }
}

fn end_open_block(b: &mut Builder<'_>, containers: &[BlockKind]) {
    b.end_block(containers.last().copied().unwrap_or(BlockKind::Paragraph));
}

fn is_break_tag(html: &str) -> bool {
    let t = html.trim_start_matches('<').trim_start_matches('/');
    let name: String = t
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        name.as_str(),
        "br" | "p" | "div" | "li" | "tr" | "td" | "th" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
    )
}

/// Text inside an HTML block: comments are recorded, tags dropped, the text
/// between them kept as clause text (entities are left as written).
fn html_text(b: &mut Builder<'_>, range: std::ops::Range<usize>, containers: &[BlockKind]) {
    let source = b.source();
    let html = &source[range.clone()];
    let mut pos = 0;
    let mut had_text = false;
    while pos < html.len() {
        let rest = &html[pos..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(html.len(), |e| pos + e + 3);
            b.push_comment(range.start + pos..range.start + end);
            pos = end;
        } else if rest.starts_with('<')
            && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
        {
            let end = rest.find('>').map_or(html.len(), |e| pos + e + 1);
            if is_break_tag(&html[pos..end]) && had_text {
                end_open_block(b, containers);
                had_text = false;
            }
            pos = end;
        } else {
            let end = rest.find('<').map_or(html.len(), |e| pos + e.max(1));
            let piece = &html[pos..end];
            if !piece.trim().is_empty() {
                b.push_source(range.start + pos..range.start + end);
                had_text = true;
            } else if had_text {
                b.push_break(range.start + pos);
            }
            pos = end;
        }
    }
    if had_text {
        end_open_block(b, containers);
    }
}
