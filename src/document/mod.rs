//! Documents: Markdown or plain text parsed into a tree of sections holding
//! clauses (sentences, list items, headings, table cells).
//!
//! The parser builds one normalised text buffer per document (markup removed,
//! whitespace runs collapsed to one space, one `\n` between blocks) and a piece
//! table mapping every byte of it back to the original file. Clauses are ranges
//! of that buffer, so matching runs once over the whole buffer with no
//! per-clause allocation, and every match maps back to the exact source bytes.
//! This module knows nothing about packs or judgement.

mod defined;
mod enumeration;
mod fold;
mod frontmatter;
mod markdown;
mod plaintext;
mod segment;
mod text;

use std::ops::Range;

pub use fold::Altered;
pub use frontmatter::FrontMatter;
pub use text::NormalizedText;

/// Input format, chosen from the file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Markdown,
    PlainText,
}

impl Format {
    /// `.txt` (and files without a known extension) are plain text; everything
    /// else clauselint reads is Markdown.
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".txt") || lower.ends_with(".text") {
            Format::PlainText
        } else {
            Format::Markdown
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClauseKind {
    /// A sentence of a paragraph.
    Sentence,
    /// A sentence of a list item.
    ListItem,
    /// A heading's text.
    Heading,
    /// A sentence of a table cell.
    TableCell,
}

/// One clause: a range of [`Document::text`].
#[derive(Debug, Clone)]
pub struct Clause {
    pub text: Range<usize>,
    pub kind: ClauseKind,
    /// Index into [`Document::sections`].
    pub section: usize,
    /// Index of the block (paragraph, list item, cell, heading) holding it.
    pub block: usize,
    /// For the sentences of a list item: the clause introducing the list (the
    /// last sentence of the paragraph or parent item right before it).
    pub lead_in: Option<usize>,
    /// Nesting depth of lists (0 outside lists).
    pub list_depth: u16,
    /// The next sentence of the same block when it goes on about this one
    /// ("… This restriction does not apply to …", "… We will do so only
    /// if …"): what it says qualifies this clause.
    pub continuation: Option<usize>,
    /// The clause a sentence refers back to ("… in such cases", "… for
    /// any such breach"): the last clause of the block before it.
    pub antecedent: Option<usize>,
    /// For a lead-in: the clauses of its items (those whose `lead_in` is
    /// this clause lie in this range).
    pub items: Range<usize>,
    /// For a definition (`"Restricted Purpose" means …`): where its term is
    /// first used.
    pub term_use: Option<TermUse>,
}

/// Where a defined term is used: the clause, and the term's words in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermUse {
    pub clause: usize,
    pub span: Range<usize>,
}

/// A section: the part of the document under one heading.
#[derive(Debug, Clone)]
pub struct Section {
    /// The heading clause (index into [`Document::clauses`]); `None` for the
    /// part of the document before the first heading.
    pub heading: Option<usize>,
    pub level: u8,
    pub parent: Option<usize>,
}

/// An HTML comment in the source (clause text never includes them; pack tests
/// and suppressions read them).
#[derive(Debug, Clone)]
pub struct Comment {
    /// The whole comment, `<!--` to `-->`.
    pub span: Range<usize>,
    /// The text between the delimiters, trimmed.
    pub body: Range<usize>,
}

/// A parsed document. Everything is derived from the source text; nothing is
/// owned per clause but ranges.
#[derive(Debug, Clone)]
pub struct Document {
    pub format: Format,
    pub text: NormalizedText,
    pub sections: Vec<Section>,
    pub clauses: Vec<Clause>,
    pub comments: Vec<Comment>,
    pub front_matter: Option<FrontMatter>,
    /// The title heading clause, if the document has one.
    pub title: Option<usize>,
}

impl Document {
    /// Parses a document. `source` is the whole file (it may start with a
    /// byte-order mark and front matter).
    pub fn parse(source: &str, format: Format) -> Document {
        let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
        let front_matter = frontmatter::parse(source, bom);
        let body_start = front_matter.as_ref().map_or(bom, |f| f.span.end);
        let mut builder = Builder::new(source);
        match format {
            Format::Markdown => markdown::parse(&mut builder, body_start),
            Format::PlainText => plaintext::parse(&mut builder, body_start),
        }
        let mut doc = builder.finish(format, front_matter);
        link_continuations(&mut doc);
        defined::link_uses(doc.text.as_str(), &mut doc.clauses);
        doc.title = doc
            .sections
            .iter()
            .filter_map(|s| s.heading)
            .min_by_key(|&h| {
                // The first top-level heading, else the first heading.
                let level = doc.sections[doc.clauses[h].section].level;
                (level != 1, h)
            });
        doc
    }

    /// The clause's text in the normalised buffer.
    pub fn clause_text(&self, clause: usize) -> &str {
        &self.text.as_str()[self.clauses[clause].text.clone()]
    }

    /// The original source bytes covered by a clause.
    pub fn clause_source_range(&self, clause: usize) -> Range<usize> {
        self.text.to_source(self.clauses[clause].text.clone())
    }

    /// The heading clauses of a section and its ancestors, innermost first.
    pub fn heading_path(&self, section: usize) -> impl Iterator<Item = usize> + '_ {
        let mut next = Some(section);
        std::iter::from_fn(move || {
            while let Some(s) = next {
                let sec = &self.sections[s];
                next = sec.parent;
                if let Some(h) = sec.heading {
                    return Some(h);
                }
            }
            None
        })
    }

    /// Index of the clause containing a byte offset of the normalised text.
    pub fn clause_at(&self, text_offset: usize) -> Option<usize> {
        let i = self.clauses.partition_point(|c| c.text.end <= text_offset);
        (i < self.clauses.len() && self.clauses[i].text.start <= text_offset).then_some(i)
    }
}

/// Accumulates blocks while a format parser walks the source.
pub(crate) struct Builder<'s> {
    source: &'s str,
    text: text::TextBuilder<'s>,
    sections: Vec<Section>,
    clauses: Vec<Clause>,
    comments: Vec<Comment>,
    blocks: usize,
    /// Open block: start in the normalised text.
    block_start: Option<usize>,
    list_depth: u16,
    /// Lead-in clause for list items at each open list depth.
    lead_ins: Vec<Option<usize>>,
    /// The last clause of the most recent finished block at the current depth,
    /// candidate lead-in for a list that starts right after it.
    last_block_clause: Option<usize>,
    /// The lead-in of a top-level list that just ended: a list that resumes
    /// after only an HTML comment keeps it.
    resumable: Option<usize>,
    /// Offsets in the normalised text of line breaks inside the open block.
    line_breaks: Vec<usize>,
    /// Paragraph clauses that introduce an enumeration ("You must not:"),
    /// with their section: later paragraphs starting "(a)", "(b)" in that
    /// section or its subsections hang from them.
    enum_leads: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Paragraph,
    ListItem,
    TableCell,
}

impl<'s> Builder<'s> {
    fn new(source: &'s str) -> Self {
        Builder {
            source,
            text: text::TextBuilder::new(source),
            sections: vec![Section {
                heading: None,
                level: 0,
                parent: None,
            }],
            // About a clause in a hundred bytes: most documents' clauses
            // fit without the vector growing (and being copied) nine times.
            clauses: Vec::with_capacity(source.len() / 96 + 8),
            comments: Vec::new(),
            blocks: 0,
            block_start: None,
            list_depth: 0,
            lead_ins: Vec::new(),
            last_block_clause: None,
            resumable: None,
            line_breaks: Vec::new(),
            enum_leads: Vec::new(),
        }
    }

    pub(crate) fn source(&self) -> &'s str {
        self.source
    }

    /// Appends source text verbatim (whitespace runs collapse to one space).
    pub(crate) fn push_source(&mut self, range: Range<usize>) {
        self.open_block();
        self.text.push_source(range);
    }

    /// Appends text that differs from its source bytes (an entity, an escape,
    /// inline code without its backticks).
    pub(crate) fn push_replaced(&mut self, text: &str, range: Range<usize>) {
        self.open_block();
        self.text.push_replaced(text, range);
    }

    /// A line break inside a block.
    ///
    /// A break is recorded at the offset of the space standing for it, which
    /// is the space already there when whitespace came before the break
    /// (`line_list` cuts one byte there). A break with no space before it
    /// (at the start of the block, after a replaced character that is
    /// itself whitespace) splits nothing and is not recorded.
    pub(crate) fn push_break(&mut self, at: usize) {
        let Some(block_start) = self.block_start else {
            return;
        };
        let before = self.text.len();
        self.text.push_space(at);
        let space = if self.text.len() > before {
            Some(before)
        } else if before > block_start && self.text.as_str().ends_with(' ') {
            Some(before - 1)
        } else {
            None
        };
        if let Some(s) = space
            && self.line_breaks.last() != Some(&s)
        {
            self.line_breaks.push(s);
        }
    }

    /// An HTML comment, `<!--` to `-->`, or to the end of its block when it
    /// is not closed.
    pub(crate) fn push_comment(&mut self, span: Range<usize>) {
        let inner_start = span.start + 4;
        let close = if self.source[span.clone()].ends_with("-->") {
            3
        } else {
            0
        };
        let inner_end = (span.end - close).max(inner_start);
        let raw = &self.source[inner_start..inner_end];
        let lead = raw.len() - raw.trim_start().len();
        let trail = raw.len() - raw.trim_end().len();
        let body = inner_start + lead..(inner_end - trail).max(inner_start + lead);
        self.comments.push(Comment { span, body });
    }

    fn open_block(&mut self) {
        if self.block_start.is_none() {
            self.block_start = Some(self.text.len());
        }
    }

    /// Ends the current block, splitting it into clauses.
    pub(crate) fn end_block(&mut self, kind: BlockKind) {
        let Some(start) = self.block_start.take() else {
            return;
        };
        let end = self.text.len();
        self.text.block_separator();
        let lines = match kind {
            BlockKind::Paragraph => line_list(self.text.as_str(), start..end, &self.line_breaks),
            _ => None,
        };
        if let Some(lines) = lines {
            self.line_breaks.clear();
            self.line_list_block(lines);
            return;
        }
        let section = self.sections.len() - 1;
        // A paragraph that starts "(a)" or "b." is an item of an enumeration
        // introduced by an earlier paragraph of this section or a parent.
        let enumerated =
            kind == BlockKind::Paragraph && starts_with_enumerator(&self.text.as_str()[start..end]);
        let enum_lead = if enumerated {
            self.enum_lead_for(section)
        } else {
            None
        };
        let clause_kind = match kind {
            BlockKind::Paragraph if enumerated => ClauseKind::ListItem,
            BlockKind::Paragraph => ClauseKind::Sentence,
            BlockKind::ListItem => ClauseKind::ListItem,
            BlockKind::TableCell => ClauseKind::TableCell,
        };
        let lead_in = if kind == BlockKind::ListItem {
            self.lead_ins.last().copied().flatten()
        } else {
            enum_lead
        };
        let block = self.blocks;
        self.blocks += 1;
        let first = self.clauses.len();
        let place = Place {
            kind: clause_kind,
            section,
            block,
            lead_in,
        };
        self.push_sentences(start..end, place);
        // Cleared, not replaced: the next block's breaks reuse its memory.
        self.line_breaks.clear();
        if self.clauses.len() > first {
            let last = self.clauses.len() - 1;
            self.last_block_clause = Some(last);
            self.resumable = None;
            if kind == BlockKind::Paragraph {
                if introduces_enumeration(&self.text.as_str()[self.clauses[last].text.clone()]) {
                    self.enum_leads.push((last, section));
                } else if !enumerated {
                    // Plain prose ends an enumeration at this level.
                    self.enum_leads.retain(|&(_, s)| s != section);
                }
            }
        }
    }

    /// The latest enumeration lead-in in `section` or one of its ancestors.
    fn enum_lead_for(&self, section: usize) -> Option<usize> {
        self.enum_leads.iter().rev().find_map(|&(clause, s)| {
            let mut cur = Some(section);
            while let Some(c) = cur {
                if c == s {
                    return Some(clause);
                }
                cur = self.sections[c].parent;
            }
            None
        })
    }

    /// A paragraph of short lines (one item per line, no markers): the lines
    /// become list items; a first line ending with a colon introduces them.
    fn line_list_block(&mut self, mut lines: Vec<Range<usize>>) {
        let section = self.sections.len() - 1;
        let text = self.text.as_str();
        if text[lines[0].clone()].trim_end().ends_with(':') {
            let first = lines.remove(0);
            let block = self.blocks;
            self.blocks += 1;
            let _ = text;
            let place = Place {
                kind: ClauseKind::Sentence,
                section,
                block,
                lead_in: None,
            };
            self.push_sentences(first, place);
            self.last_block_clause = self.clauses.len().checked_sub(1);
        }
        self.start_list();
        let lead_in = self.lead_ins.last().copied().flatten();
        for line in lines {
            let block = self.blocks;
            self.blocks += 1;
            let place = Place {
                kind: ClauseKind::ListItem,
                section,
                block,
                lead_in,
            };
            self.push_sentences(line, place);
        }
        self.end_list();
    }

    /// The sentences of `range` as clauses at `place`; a sentence holding
    /// an inline enumeration becomes its lead-in and one item per
    /// enumerator.
    fn push_sentences(&mut self, range: Range<usize>, place: Place) {
        let text = self.text.as_str();
        for sentence in segment::sentences(text, range) {
            let Some(e) = enumeration::split(text, sentence.clone(), &self.line_breaks) else {
                let clause =
                    Self::clause(sentence, place.kind, place.lead_in, self.list_depth, place);
                self.clauses.push(clause);
                continue;
            };
            let mut item_lead = place.lead_in;
            if let Some(lead) = e.lead {
                item_lead = Some(self.clauses.len());
                let clause = Self::clause(lead, place.kind, place.lead_in, self.list_depth, place);
                self.clauses.push(clause);
            }
            let depth = self.list_depth.saturating_add(1);
            for item in e.items {
                let clause = Self::clause(item, ClauseKind::ListItem, item_lead, depth, place);
                self.clauses.push(clause);
            }
        }
    }

    /// A clause of `place`'s block, not yet linked to its neighbours.
    fn clause(
        text: Range<usize>,
        kind: ClauseKind,
        lead_in: Option<usize>,
        list_depth: u16,
        place: Place,
    ) -> Clause {
        Clause {
            text,
            kind,
            section: place.section,
            block: place.block,
            lead_in,
            list_depth,
            continuation: None,
            antecedent: None,
            items: 0..0,
            term_use: None,
        }
    }

    /// Starts a list: its items take the preceding block's last clause as
    /// lead-in when that clause introduces a list (ends with a colon, a dash,
    /// or an unfinished phrase such as "… the following" or "… to").
    pub(crate) fn start_list(&mut self) {
        let lead = self.last_block_clause.filter(|&c| {
            let t = &self.text.as_str()[self.clauses[c].text.clone()];
            introduces_list(t)
        });
        let lead = match self.last_block_clause {
            None => lead.or(self.resumable.take()),
            Some(_) => lead,
        };
        self.resumable = None;
        self.list_depth = self.list_depth.saturating_add(1);
        self.lead_ins.push(lead);
    }

    /// Ends a list; the block before the next list is no lead-in for it.
    pub(crate) fn end_list(&mut self) {
        self.list_depth = self.list_depth.saturating_sub(1);
        let lead = self.lead_ins.pop().flatten();
        self.last_block_clause = None;
        self.resumable = if self.list_depth == 0 { lead } else { None };
    }

    /// Starts a section at a heading of `level` whose text is the current block.
    pub(crate) fn end_heading(&mut self, level: u8) {
        let Some(start) = self.block_start.take() else {
            return;
        };
        let end = self.text.len();
        self.text.block_separator();
        let mut parent = Some(self.sections.len() - 1);
        while let Some(p) = parent {
            let sec = &self.sections[p];
            if sec.level < level {
                break;
            }
            parent = sec.parent;
        }
        let section = self.sections.len();
        let trimmed = segment::trim(self.text.as_str(), start..end);
        if trimmed.is_empty() {
            return;
        }
        let heading = self.clauses.len();
        self.clauses.push(Clause {
            text: trimmed,
            kind: ClauseKind::Heading,
            section,
            block: self.blocks,
            lead_in: None,
            list_depth: 0,
            continuation: None,
            antecedent: None,
            items: 0..0,
            term_use: None,
        });
        self.blocks += 1;
        self.sections.push(Section {
            heading: Some(heading),
            level,
            parent: parent.or(Some(0)),
        });
        self.last_block_clause = None;
        self.resumable = None;
    }

    /// Forgets the lead-in candidate (a block that cannot introduce a list).
    pub(crate) fn reset_lead_in(&mut self) {
        self.last_block_clause = None;
        self.resumable = None;
    }

    fn finish(self, format: Format, front_matter: Option<FrontMatter>) -> Document {
        Document {
            format,
            text: self.text.finish(),
            sections: self.sections,
            clauses: self.clauses,
            comments: self.comments,
            front_matter,
            title: None,
        }
    }
}

/// How a sentence opens when it goes on about the one before it: the
/// restriction, right or duty just stated ("This restriction …", "The
/// foregoing …", "… will do so only if …").
const CONTINUATION_OPENERS: &[&str] = &[
    "this restriction",
    "these restrictions",
    "this prohibition",
    "these prohibitions",
    "the foregoing",
    "the above",
    "the restriction above",
    "the restrictions above",
    "this section",
    "this paragraph",
    "this clause",
    "this requirement",
    "these requirements",
    "this obligation",
    "this right",
    "this rule",
    "these rules",
    "such restriction",
    "such restrictions",
    "such prohibition",
    "such suspension",
    "such termination",
    "such right",
    "this applies",
    "this does not",
    "this shall",
    "this will",
    "this is",
    "that restriction",
    "in that case",
    "in such case",
    "in such a case",
    "in such an event",
    "in that event",
    "it applies",
    "it does not apply",
    "they apply",
    "they do not apply",
    // A report, complaint or concern just described ("Report misuse at
    // … . Each report is reviewed …").
    "each report",
    "every report",
    "all reports",
    "such reports",
    "each complaint",
    "every complaint",
    "all complaints",
    "each concern",
    "every concern",
    "each grievance",
    "every grievance",
    "reports are",
    "complaints are",
    "concerns are",
];

/// Phrases by which a sentence refers back to what the block before it
/// listed.
const BACK_REFERENCES: &[&str] = &[
    "in such cases",
    "in such case",
    "in such a case",
    "in these cases",
    "in those cases",
    "in that case",
    "in any such case",
    "in such an event",
    "in such events",
    "in such circumstances",
    "in these circumstances",
    "in any of these cases",
    "in any of the above cases",
    "in any of these events",
    "for any such breach",
    "for such breach",
    "for such violation",
    "any such violation",
    "any such breach",
    "in the cases above",
    "in the above cases",
    "the circumstances above",
    "in any of the foregoing",
];

/// One automaton for every back-reference, matched without case.
/// (The phrases are fixed and few: building does not fail.)
fn back_references() -> Option<&'static aho_corasick::AhoCorasick> {
    static AUTOMATON: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::OnceLock::new();
    AUTOMATON
        .get_or_init(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(BACK_REFERENCES)
                .ok()
        })
        .as_ref()
}

/// Links lead-ins to their items, a sentence to the next one of its block
/// when that goes on about it (see `CONTINUATION_OPENERS`, and "do so"
/// within its first words), and a sentence that refers back ("in such
/// cases") to the block before it.
fn link_continuations(doc: &mut Document) {
    for k in 0..doc.clauses.len() {
        if let Some(l) = doc.clauses[k].lead_in.filter(|&l| l < k) {
            let items = &mut doc.clauses[l].items;
            *items = if items.start == items.end {
                k..k + 1
            } else {
                items.start..k + 1
            };
        }
    }
    for i in 1..doc.clauses.len() {
        let (prev, next) = (&doc.clauses[i - 1], &doc.clauses[i]);
        if prev.block != next.block
            && next.kind != ClauseKind::Heading
            && prev.kind != ClauseKind::Heading
            && prev.section == next.section
            && back_references().is_some_and(|a| a.is_match(&doc.text.as_str()[next.text.clone()]))
        {
            doc.clauses[i].antecedent = Some(i - 1);
        }
    }
    for i in 1..doc.clauses.len() {
        let (prev, next) = (&doc.clauses[i - 1], &doc.clauses[i]);
        if prev.block != next.block
            || !matches!(prev.kind, ClauseKind::Sentence | ClauseKind::ListItem)
            || prev.kind != next.kind
        {
            continue;
        }
        // Only the opening words matter: lower-case a bounded prefix.
        let whole = &doc.text.as_str()[next.text.clone()];
        let mut cut = whole.len().min(160);
        while !whole.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = whole[..cut].to_ascii_lowercase();
        let words: Vec<&str> = text
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .take(8)
            .collect();
        let opening = words.join(" ");
        let continues = CONTINUATION_OPENERS
            .iter()
            .any(|o| opening == *o || opening.strip_prefix(o).is_some_and(|r| r.starts_with(' ')))
            || words
                .windows(2)
                .any(|w| matches!(w[0], "do" | "does") && w[1] == "so");
        if continues {
            doc.clauses[i - 1].continuation = Some(i);
        }
    }
}

/// Where a block's clauses go: their kind, section, block and lead-in.
#[derive(Debug, Clone, Copy)]
struct Place {
    kind: ClauseKind,
    section: usize,
    block: usize,
    lead_in: Option<usize>,
}

/// Words that leave a sentence open for the list after it.
const OPEN_ENDINGS: &[&str] = &[
    "to",
    "that",
    "by",
    "from",
    "for",
    "include",
    "includes",
    "including",
    "following",
    "which",
    "who",
    "any",
    "of",
    "in",
    "or",
    "and",
    "not",
    "are",
    "is",
    "as",
    "with",
    "without",
    "where",
    "when",
    "if",
    "unless",
    "except",
    "shall",
    "must",
    "may",
    "will",
    "should",
    "can",
    "cannot",
    "use",
    "uses",
];

/// The lines of a paragraph that is a list without markers: at least three
/// short lines, each starting with a capital or digit, most without a full
/// stop, none left open for the next line to finish.
/// The text with every lone CR (not followed by LF) made an LF.
///
/// CommonMark takes a lone CR for a line ending; pulldown-cmark 0.13 does not
/// (pulldown-cmark#1106), so a document with CR line endings would be one long
/// line to it, and a code fence there would swallow the rest of the document.
/// Both are one byte: offsets into the copy are offsets into the source. The
/// language server reads positions on the copy too: LSP clients end lines at
/// a lone CR, the report's lines (`SourceFile`) only at LF.
pub fn lone_cr_as_lf(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !memchr::memchr_iter(b'\r', bytes).any(lone) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for i in memchr::memchr_iter(b'\r', bytes).filter(|&i| lone(i)) {
        out.push_str(&text[from..i]);
        out.push('\n');
        from = i + 1;
    }
    out.push_str(&text[from..]);
    std::borrow::Cow::Owned(out)
}

/// Where the line holding `from` ends, past its LF, CRLF or lone CR (the line
/// endings of CommonMark, which both parsers follow); None on a last line with
/// no ending.
pub(crate) fn line_end(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let i = from + memchr::memchr2(b'\n', b'\r', &bytes[from..])?;
    Some(if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
        i + 2
    } else {
        i + 1
    })
}

fn line_list(text: &str, block: Range<usize>, breaks: &[usize]) -> Option<Vec<Range<usize>>> {
    if breaks.len() < 2 {
        return None;
    }
    let mut lines = Vec::with_capacity(breaks.len() + 1);
    let mut from = block.start;
    for &b in breaks {
        if b < from || b > block.end {
            return None;
        }
        lines.push(segment::trim(text, from..b));
        from = b + 1;
    }
    lines.push(segment::trim(text, from.min(block.end)..block.end));
    lines.retain(|l| !l.is_empty());
    if lines.len() < 3 {
        return None;
    }
    let mut unpunctuated = 0;
    for (i, l) in lines.iter().enumerate() {
        let s = &text[l.clone()];
        let starts_ok = s.starts_with(|c: char| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '(' | '*' | '_')
        });
        if !starts_ok {
            return None;
        }
        let last_line = i + 1 == lines.len();
        if !last_line
            && (s.ends_with([',', ';', '-', '&']) || (introduces_list(s) && !s.ends_with(':')))
        {
            return None;
        }
        if !s.ends_with(['.', '!', '?']) {
            unpunctuated += 1;
        }
    }
    if unpunctuated * 10 < lines.len() * 6 {
        return None;
    }
    // Counting words is the dearest test, so it comes last: most wrapped
    // paragraphs fail the ones above at their second line.
    let short = |l: &Range<usize>| text[l.clone()].split_whitespace().nth(25).is_none();
    lines.iter().all(short).then_some(lines)
}

/// Whether a paragraph starts with an enumerator: "(a)", "(iv)", "(2)",
/// "a)", "b." (a single letter).
fn starts_with_enumerator(text: &str) -> bool {
    let t = text.trim_start();
    // An enumerator is at most five characters before its closing mark, so
    // the mark is looked for only there, not through the whole paragraph.
    let close = |s: &str, marks: &[u8]| s.bytes().take(6).position(|b| marks.contains(&b));
    let (inner, rest) = if let Some(r) = t.strip_prefix('(') {
        match close(r, b")") {
            Some(e) => (&r[..e], &r[e + 1..]),
            None => return false,
        }
    } else {
        match close(t, b").") {
            Some(e) => (&t[..e], &t[e + 1..]),
            None => return false,
        }
    };
    let letters =
        !inner.is_empty() && inner.len() <= 2 && inner.chars().all(|c| c.is_ascii_lowercase());
    let roman = !inner.is_empty()
        && inner.len() <= 5
        && inner.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l'));
    let digits = t.starts_with('(')
        && !inner.is_empty()
        && inner.len() <= 3
        && inner.chars().all(|c| c.is_ascii_digit());
    (letters || roman || digits) && rest.starts_with(' ')
}

/// Whether a paragraph introduces the enumerated paragraphs after it: it
/// ends with a colon or dash, or "… the following". (An item ending with a
/// semicolon continues an enumeration; it does not start one.)
fn introduces_enumeration(clause: &str) -> bool {
    let t = clause.trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '_');
    const TAIL: &str = "the following";
    // The tail compared in place: lower-casing the clause would copy it.
    t.ends_with([':', '—', '–'])
        || t.get(t.len().saturating_sub(TAIL.len())..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(TAIL))
}

/// Whether a clause introduces the list that follows it.
fn introduces_list(clause: &str) -> bool {
    let t = clause.trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '_');
    if t.ends_with([':', '—', '–', '-', ';', ',']) {
        return true;
    }
    let last = t
        .rsplit(|c: char| !c.is_alphanumeric() && c != '\'')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    OPEN_ENDINGS.iter().any(|w| w.eq_ignore_ascii_case(last))
}

#[cfg(test)]
mod tests;
