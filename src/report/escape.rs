//! Escaping for each place clauselint's output goes. Documents, file names,
//! packs and suppression comments come from the checked repository and are
//! untrusted: whatever they hold is shown, never obeyed, by the terminal or
//! CI log that reads the output.
//!
//! - [`terminal_line`] and [`terminal_text`]: terminals and CI logs. Control
//!   characters (C0, DEL, C1) and the BiDi controls that reorder what is
//!   shown are written as Rust writes them in strings (`\n`, `\u{1b}`), so
//!   no escape sequence (colours, clear-screen, OSC 8 links, window titles)
//!   and no reordering reaches the reader. Two forms that the GitHub Actions
//!   runner obeys in any line it reads are broken too: `##[command]` anywhere
//!   in a line, and `::command::` at the start of one (after spaces).
//! - [`github_property`] and [`github_message`]: values inside a GitHub
//!   Actions workflow command, with the runner's own escapes (it turns them
//!   back into the characters they stand for).
//! - [`html`]: text inside an HTML element or attribute.
//!
//! JSON, JSON Lines and SARIF are not among them: serde_json escapes
//! control characters itself, and their readers are programs.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

/// Whether a character must not reach a terminal as it is: C0 and C1
/// controls, DEL, and the BiDi embedding, override and isolate controls
/// and marks.
pub fn is_terminal_control(c: char) -> bool {
    matches!(
        c,
        '\0'..='\x1f'
            | '\x7f'..='\u{9f}'
            | '\u{061c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// Appends `c` escaped as in a Rust string literal (`\n`, `\r`, `\t`,
/// else `\u{…}` in lower-case hexadecimal).
fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// How a text is laid out where it is shown, for [`Escaper`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    /// One line: `\n`, `\r` and `\t` are escaped like any control.
    One,
    /// Several lines: `\n`, `\t` and a CR before an LF are kept.
    Many,
    /// Several lines, each shown after a gutter (a snippet's line
    /// numbers): none can start a runner command, so none is guarded.
    AfterGutter,
}

impl Lines {
    fn keeps_breaks(self) -> bool {
        self != Lines::One
    }
}

/// Finds what must be escaped in a text for a terminal.
struct Escaper<'a> {
    text: &'a str,
    lines: Lines,
}

impl Escaper<'_> {
    /// Whether the text can be written as it is, at a glance: no byte that
    /// may start something to escape (most text is ASCII with no control
    /// character; a whole document is looked at 64 bytes at a time, a
    /// loop the compiler turns into vector compares).
    fn is_clean(&self) -> bool {
        let keeps_breaks = self.lines.keeps_breaks();
        let suspicious = |b: u8| match b {
            b'\n' | b'\t' => !keeps_breaks,
            0..=0x1f | 0x7f => true,
            // Lead bytes of C1 controls (C2), U+061C (D8) and the BiDi
            // controls (E2).
            0xc2 | 0xd8 | 0xe2 => true,
            _ => false,
        };
        let bytes = self.text.as_bytes();
        let any_suspicious = bytes
            .chunks(64)
            .any(|block| block.iter().fold(false, |found, &b| found | suspicious(b)));
        !any_suspicious
            && memchr::memmem::find(bytes, b"##[").is_none()
            && !self.line_starts().any(|s| starts_command(&self.text[s..]))
    }

    /// Byte offsets where lines start.
    fn line_starts(&self) -> impl Iterator<Item = usize> + '_ {
        let (first, breaks) = match self.lines {
            Lines::One => (Some(0), None),
            Lines::Many => (
                Some(0),
                Some(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1)),
            ),
            Lines::AfterGutter => (None, None),
        };
        first.into_iter().chain(breaks.into_iter().flatten())
    }

    /// The byte range of every character to escape, in order: controls,
    /// and the first `:` of a line starting `::` and the `[` of `##[`
    /// (runner commands).
    fn edits(&self) -> Vec<Range<usize>> {
        let text = self.text;
        let mut edits = Vec::new();
        let guarded = self.lines != Lines::AfterGutter;
        let keeps_breaks = self.lines.keeps_breaks();
        let mut line_start = guarded;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let kept = match c {
                '\n' | '\t' => keeps_breaks,
                '\r' => keeps_breaks && chars.peek().is_some_and(|&(_, n)| n == '\n'),
                c => !is_terminal_control(c),
            };
            let command = if line_start && c == ':' && text[i..].starts_with("::") {
                true
            } else {
                c == '[' && text[..i].ends_with("##")
            };
            if !kept || command {
                edits.push(i..i + c.len_utf8());
            }
            // Spaces before a command still leave it at the line start.
            line_start = guarded
                && ((c == '\n' && keeps_breaks) || (line_start && c.is_whitespace() && c != '\n'));
        }
        edits
    }
}

/// Whether a line, once the runner trims its leading spaces, starts a
/// workflow command.
fn starts_command(line: &str) -> bool {
    line.trim_start_matches(|c: char| c.is_whitespace() && c != '\n')
        .starts_with("::")
}

/// `text` with its edits applied, and where each went.
fn apply(text: &str, edits: &[Range<usize>]) -> (String, Vec<Shift>) {
    let mut out = String::with_capacity(text.len() + edits.len() * 6);
    let mut shifts = Vec::with_capacity(edits.len());
    let mut from = 0;
    for at in edits {
        out.push_str(&text[from..at.start]);
        let shown_start = out.len();
        if let Some(c) = text[at.clone()].chars().next() {
            push_escaped(&mut out, c);
        }
        shifts.push(Shift {
            original: at.clone(),
            shown: shown_start..out.len(),
        });
        from = at.end;
    }
    out.push_str(&text[from..]);
    (out, shifts)
}

fn escape(text: &str, lines: Lines) -> Cow<'_, str> {
    let escaper = Escaper { text, lines };
    if escaper.is_clean() {
        return Cow::Borrowed(text);
    }
    let edits = escaper.edits();
    if edits.is_empty() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(apply(text, &edits).0)
}

/// A value shown on one line of a terminal or CI log (a path, a rule id, a
/// one-line message): every control and BiDi character escaped, line
/// breaks and tabs included, and runner commands broken.
pub fn terminal_line(text: &str) -> Cow<'_, str> {
    escape(text, Lines::One)
}

/// Text of several lines for a terminal or CI log (a message, a help
/// text): as [`terminal_line`], but line breaks (LF, CRLF) and tabs are
/// kept, and no line may start a runner command.
pub fn terminal_text(text: &str) -> Cow<'_, str> {
    escape(text, Lines::Many)
}

/// Where an escaped character was and where its escape is.
#[derive(Debug, Clone)]
struct Shift {
    original: Range<usize>,
    shown: Range<usize>,
}

/// A document made safe for a terminal, for snippets (shown after a gutter
/// of line numbers), with the map between offsets of the original and of
/// the copy shown: a snippet is shown from the copy, with its labels still
/// on the words they name. Lines are the same in both: line breaks (LF,
/// CRLF) and tabs are kept, a lone CR is escaped.
#[derive(Debug, Clone)]
pub struct TerminalText<'a> {
    shown: Cow<'a, str>,
    /// The escaped characters, in order.
    shifts: Vec<Shift>,
}

impl<'a> TerminalText<'a> {
    pub fn new(text: &'a str) -> TerminalText<'a> {
        let escaper = Escaper {
            text,
            lines: Lines::AfterGutter,
        };
        let edits = if escaper.is_clean() {
            Vec::new()
        } else {
            escaper.edits()
        };
        if edits.is_empty() {
            return TerminalText {
                shown: Cow::Borrowed(text),
                shifts: Vec::new(),
            };
        }
        let (shown, shifts) = apply(text, &edits);
        TerminalText {
            shown: Cow::Owned(shown),
            shifts,
        }
    }

    /// The text to show.
    pub fn as_str(&self) -> &str {
        &self.shown
    }

    /// Whether nothing was escaped.
    pub fn is_unchanged(&self) -> bool {
        self.shifts.is_empty()
    }

    /// The offset in the copy shown of an offset of the original (a
    /// character boundary).
    pub fn to_shown(&self, original: usize) -> usize {
        let i = self.shifts.partition_point(|s| s.original.end <= original);
        match i.checked_sub(1).map(|i| &self.shifts[i]) {
            Some(s) => s.shown.end + (original - s.original.end),
            None => original,
        }
    }

    /// A range of the original as a range of the copy shown.
    pub fn range_to_shown(&self, original: Range<usize>) -> Range<usize> {
        self.to_shown(original.start)..self.to_shown(original.end)
    }

    /// The offset in the original of an offset of the copy shown; an offset
    /// inside an escape is that of the character it stands for.
    pub fn to_original(&self, shown: usize) -> usize {
        let i = self.shifts.partition_point(|s| s.shown.end <= shown);
        if let Some(next) = self.shifts.get(i)
            && shown > next.shown.start
        {
            return next.original.start;
        }
        match i.checked_sub(1).map(|i| &self.shifts[i]) {
            Some(s) => s.original.end + (shown - s.shown.end),
            None => shown,
        }
    }
}

/// Escapes a value for a workflow-command property (`file=`, `title=`):
/// `%`, CR, LF, `:` and `,` as the runner reads them back (`%25`, `%0D`,
/// `%0A`, `%3A`, `%2C`); other control and BiDi characters, which the
/// runner would pass to the log as they are, shown as for a terminal.
pub fn github_property(text: &str) -> String {
    github(text, true)
}

/// Escapes a workflow command's message: `%`, CR and LF as the runner reads
/// them back; other control and BiDi characters shown as for a terminal.
pub fn github_message(text: &str) -> String {
    github(text, false)
}

fn github(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if is_terminal_control(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML, in an element or a quoted attribute: `&`, `<`,
/// `>`, `"` and `'` as entities.
pub fn html(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_lines_show_every_control_character_escaped() {
        assert_eq!(terminal_line("docs/plain.md"), "docs/plain.md");
        assert!(matches!(terminal_line("docs/plain.md"), Cow::Borrowed(_)));
        assert_eq!(
            terminal_line("z\n::stop-commands::x\n.md"),
            "z\\n::stop-commands::x\\n.md"
        );
        assert_eq!(terminal_line("a\r\tb\0c"), "a\\r\\tb\\u{0}c");
        assert_eq!(
            terminal_line("\x1b[2J\x1b]8;;http://x\x1b\\y\x07\x7f"),
            "\\u{1b}[2J\\u{1b}]8;;http://x\\u{1b}\\y\\u{7}\\u{7f}"
        );
        // C1 controls (CSI, NEL) and every BiDi control.
        assert_eq!(terminal_line("\u{9b}2J\u{85}"), "\\u{9b}2J\\u{85}");
        for c in [
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{061c}',
        ] {
            let shown = terminal_line(&format!("a{c}b")).into_owned();
            assert_eq!(shown, format!("a\\u{{{:x}}}b", u32::from(c)));
        }
        // Printable non-ASCII text is kept.
        assert_eq!(terminal_line("é ∑ 😀 Ω"), "é ∑ 😀 Ω");
    }

    #[test]
    fn runner_commands_are_broken_wherever_the_runner_reads_them() {
        assert_eq!(terminal_line("::error::x"), "\\u{3a}:error::x");
        assert_eq!(terminal_line("  ::error::x"), "  \\u{3a}:error::x");
        assert_eq!(terminal_line("a::error::x"), "a::error::x");
        assert_eq!(terminal_line("a ##[error]x"), "a ##\\u{5b}error]x");
        assert_eq!(
            terminal_text("one\n ::warning::x\nthree ::y"),
            "one\n \\u{3a}:warning::x\nthree ::y"
        );
        // Escaping twice changes nothing more.
        let once = terminal_text("a\x1b[1m\n::e::##[x]").into_owned();
        assert_eq!(terminal_text(&once), once);
    }

    #[test]
    fn terminal_text_keeps_line_breaks_and_tabs() {
        assert_eq!(terminal_text("a\n\tb\r\nc"), "a\n\tb\r\nc");
        assert_eq!(terminal_text("a\rb\x1b"), "a\\rb\\u{1b}");
    }

    #[test]
    fn offsets_map_between_the_original_and_the_copy_shown() {
        let original = "ab\x1b[2Jcd\n\u{202e}ef\rg";
        let t = TerminalText::new(original);
        assert_eq!(t.as_str(), "ab\\u{1b}[2Jcd\n\\u{202e}ef\\rg");
        let word = |s: &str, w: &str| s.find(w).map(|i| i..i + w.len()).unwrap();
        for w in ["ab", "[2J", "cd", "ef", "g"] {
            let shown = t.range_to_shown(word(original, w));
            assert_eq!(&t.as_str()[shown.clone()], w);
            assert_eq!(t.to_original(shown.start), word(original, w).start);
        }
        // Inside an escape: the character it stands for.
        let esc = t.as_str().find("\\u{1b}").unwrap();
        assert_eq!(t.to_original(esc + 3), 2);
        assert_eq!(t.to_shown(original.len()), t.as_str().len());
        assert!(TerminalText::new("plain\ntext\r\n").is_unchanged());
    }

    #[test]
    fn github_values_use_the_runner_escapes() {
        assert_eq!(
            github_property("z\n::stop-commands::x\n.md"),
            "z%0A%3A%3Astop-commands%3A%3Ax%0A.md"
        );
        assert_eq!(github_property("a,b:c%d\r"), "a%2Cb%3Ac%25d%0D");
        assert_eq!(github_message("50%: a, b\r\nc"), "50%25: a, b%0D%0Ac");
        assert_eq!(
            github_message("\x1b]0;title\x07\u{202e}"),
            "\\u{1b}]0;title\\u{7}\\u{202e}"
        );
    }

    #[test]
    fn html_uses_entities() {
        assert_eq!(html("plain"), "plain");
        assert_eq!(
            html("<a href=\"x\">Tom & 'Jerry'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }
}
