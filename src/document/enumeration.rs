//! Inline enumerations: "You must not (a) do X; (b) do Y; or (c) do Z." in
//! one paragraph is a lead-in and three items, as if it were a list, so
//! that each item is judged on its own words and takes the lead-in's
//! modal cue and party.
//!
//! An enumerator is `(a)`, `a)` or `a.` (a letter, a number of one or two
//! digits, or a roman numeral). It counts only in a chain that starts at
//! the first value of its style and goes up one at a time ("(a) … (b)", "1.
//! … 2.", "(i) … (ii) … (iii)"), so "Section 2 (b)" or "see 3." starts
//! nothing.

use std::ops::Range;

/// How an enumerator counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Lower,
    Upper,
    Digit,
    LowerRoman,
    UpperRoman,
}

/// How an enumerator is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `(a)`
    Parens,
    /// `a)`
    Closing,
    /// `a.`
    Dot,
}

/// An enumerator in the text, with each value it may have.
#[derive(Debug, Clone)]
struct Mark {
    /// Byte offset of its first character.
    at: usize,
    form: Form,
    readings: Vec<(Style, u32)>,
}

/// A sentence split at an inline enumeration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Enumeration {
    /// The words before the first item ("You must not:"), if any.
    pub lead: Option<Range<usize>>,
    /// Each item, from its enumerator to the next.
    pub items: Vec<Range<usize>>,
}

/// Most items an enumeration is split into; longer chains keep the rest in
/// their last item.
const MAX_ITEMS: usize = 64;

/// The inline enumeration of `range` in `text`, if it has one. `breaks` are
/// the positions of the block's line breaks (an enumerator after one needs
/// no punctuation before it).
pub(crate) fn split(text: &str, range: Range<usize>, breaks: &[usize]) -> Option<Enumeration> {
    let s = &text[range.clone()];
    // Cheap test first: most sentences have no enumerator at all.
    if !s.contains([')', '.']) {
        return None;
    }
    let marks = marks(text, range.clone(), breaks);
    if marks.len() < 2 {
        return None;
    }
    let chain = longest_chain(&marks)?;
    let mut items = Vec::with_capacity(chain.len());
    for (n, &m) in chain.iter().enumerate() {
        let end = chain.get(n + 1).map_or(range.end, |&next| marks[next].at);
        items.push(trim(text, marks[m].at..end));
    }
    let first = marks[chain[0]].at;
    let lead = trim(text, range.start..first);
    Some(Enumeration {
        lead: (!lead.is_empty()).then_some(lead),
        items,
    })
}

fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    super::segment::trim(text, range)
}

/// The enumerators of a range, in order.
fn marks(text: &str, range: Range<usize>, breaks: &[usize]) -> Vec<Mark> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // An enumerator closes with `)` or `.` within seven bytes of its start:
    // only the word starts just before one are tried, in order, once each.
    let mut next = range.start;
    for (p, _) in bytes[range.clone()]
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, b')' | b'.'))
    {
        let p = range.start + p;
        for i in next.max(p.saturating_sub(6))..=p {
            let at_word = i == range.start || bytes[i - 1] == b' ';
            if at_word && let Some(m) = mark_at(text, i, range.end, breaks, range.start) {
                out.push(m);
            }
        }
        next = p + 1;
    }
    out
}

/// An enumerator starting at `i`, if one does and its place allows it.
fn mark_at(text: &str, i: usize, end: usize, breaks: &[usize], start: usize) -> Option<Mark> {
    let bytes = text.as_bytes();
    let (form, inner, after) = if bytes[i] == b'(' {
        let close = (i + 1..(i + 7).min(end)).find(|&k| bytes[k] == b')')?;
        (Form::Parens, &text[i + 1..close], close + 1)
    } else {
        let close = (i..(i + 6).min(end)).find(|&k| matches!(bytes[k], b')' | b'.'))?;
        let form = if bytes[close] == b')' {
            Form::Closing
        } else {
            Form::Dot
        };
        (form, &text[i..close], close + 1)
    };
    // An item follows: a space, then its first word.
    if bytes.get(after) != Some(&b' ') || after + 1 >= end {
        return None;
    }
    let readings = readings(inner);
    if readings.is_empty() {
        return None;
    }
    let after_break = breaks.contains(&i) || breaks.contains(&(i.wrapping_sub(1)));
    let after_punctuation = i >= start + 2
        && bytes[i - 1] == b' '
        && matches!(bytes[i - 2], b':' | b';' | b'.' | b',' | b'-')
        || text[start..i].trim_end().ends_with(['—', '–']);
    let placed = match form {
        Form::Parens => true,
        Form::Closing => i == start || after_break || after_punctuation,
        // "a." is also a sentence's last word before a full stop or an
        // initial: only where a new item plainly starts.
        Form::Dot => {
            (i == start || after_break || after_punctuation)
                && text[after + 1..].starts_with(|c: char| c.is_uppercase() || c == '"' || c == '“')
        }
    };
    placed.then_some(Mark {
        at: i,
        form,
        readings,
    })
}

/// The values an enumerator's text may have ("i" is the ninth letter or the
/// first roman numeral).
fn readings(inner: &str) -> Vec<(Style, u32)> {
    let mut out = Vec::new();
    let b = inner.as_bytes();
    if b.is_empty() || b.len() > 5 {
        return out;
    }
    if b.len() <= 2 && b.iter().all(u8::is_ascii_digit) {
        if let Ok(n) = inner.parse::<u32>() {
            out.push((Style::Digit, n));
        }
        return out;
    }
    if b.len() == 1 && b[0].is_ascii_lowercase() {
        out.push((Style::Lower, u32::from(b[0] - b'a') + 1));
    }
    if b.len() == 1 && b[0].is_ascii_uppercase() {
        out.push((Style::Upper, u32::from(b[0] - b'A') + 1));
    }
    if let Some(n) = roman(&inner.to_ascii_lowercase()) {
        if b.iter().all(u8::is_ascii_lowercase) {
            out.push((Style::LowerRoman, n));
        } else if b.iter().all(u8::is_ascii_uppercase) {
            out.push((Style::UpperRoman, n));
        }
    }
    out
}

/// The value of a lower-case roman numeral up to 39.
fn roman(s: &str) -> Option<u32> {
    let mut total = 0;
    let mut prev = 0;
    for c in s.chars().rev() {
        let v = match c {
            'i' => 1,
            'v' => 5,
            'x' => 10,
            _ => return None,
        };
        if v < prev {
            total -= v;
        } else {
            total += v;
            prev = v;
        }
    }
    (1..40).contains(&total).then_some(total)
}

/// The longest chain of marks of one style and form counting up from 1, as
/// indices into `marks`; None if none has two items.
fn longest_chain(marks: &[Mark]) -> Option<Vec<usize>> {
    let mut best: Option<Vec<usize>> = None;
    for (start, m) in marks.iter().enumerate() {
        for &(style, value) in &m.readings {
            if value != 1 {
                continue;
            }
            let mut chain = vec![start];
            let mut want = 2;
            for (k, next) in marks.iter().enumerate().skip(start + 1) {
                if chain.len() >= MAX_ITEMS {
                    break;
                }
                if next.form == m.form && next.readings.contains(&(style, want)) {
                    chain.push(k);
                    want += 1;
                }
            }
            if chain.len() >= 2 && best.as_ref().is_none_or(|b| chain.len() > b.len()) {
                best = Some(chain);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> Option<(Option<&str>, Vec<&str>)> {
        split(s, 0..s.len(), &[]).map(|e| {
            (
                e.lead.map(|r| &s[r]),
                e.items.into_iter().map(|r| &s[r]).collect(),
            )
        })
    }

    #[test]
    fn splits_parenthesised_letters_under_their_lead_in() {
        assert_eq!(
            parts("You must not: (a) track people; (b) build weapons; or (c) deceive anyone."),
            Some((
                Some("You must not:"),
                vec![
                    "(a) track people;",
                    "(b) build weapons; or",
                    "(c) deceive anyone."
                ]
            ))
        );
    }

    #[test]
    fn numbers_romans_and_dotted_letters() {
        let (lead, items) = parts("Customer shall (1) do X, (2) do Y and (3) do Z.").unwrap();
        assert_eq!(lead, Some("Customer shall"));
        assert_eq!(items.len(), 3);
        let (_, items) = parts("It may not (i) sell, (ii) lease or (iii) lend it.").unwrap();
        assert_eq!(items, ["(i) sell,", "(ii) lease or", "(iii) lend it."]);
        // "a." after a line break (the space at 5) and after full stops.
        let s = "TERMS a. This License ends on breach. b. We may end it. c. These survive.";
        let e = split(s, 0..s.len(), &[5]).unwrap();
        assert_eq!(e.lead.map(|r| &s[r]), Some("TERMS"));
        assert_eq!(&s[e.items[1].clone()], "b. We may end it.");
        // Without the break, "TERMS a." could be a heading's last word.
        assert_eq!(parts(s), None);
    }

    #[test]
    fn lone_or_unordered_marks_split_nothing() {
        for s in [
            "See Section 2 (b) for details.",
            "Clause 4(a) and 5(b) apply.",
            "Rights under (b) and (c) remain.",
            "Vitamin C. is no enumerator, nor is a. lower case.",
            "No marks here at all",
        ] {
            assert_eq!(parts(s), None, "{s}");
        }
    }

    #[test]
    fn a_roman_i_after_h_is_the_ninth_letter() {
        let s = "Do not: (a) a; (b) b; (c) c; (d) d; (e) e; (f) f; (g) g; (h) h; (i) i; (j) j.";
        let (_, items) = parts(s).unwrap();
        assert_eq!(items.len(), 10);
    }
}
