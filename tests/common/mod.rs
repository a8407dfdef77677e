//! Span helpers shared by the integration tests that check positions.
// Each test crate includes this module and uses only part of it.
#![allow(dead_code)]

use serde_json::Value;

/// Line, column and UTF-16 column (all 1-based) of a byte offset, counted
/// independently of clauselint by the JSON output's rules: only LF starts a
/// line, and a byte-order mark at the start of the file is not a column.
pub fn position(text: &str, offset: usize) -> (usize, usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut prefix = &before[line_start..];
    if line_start == 0 {
        prefix = prefix.strip_prefix('\u{feff}').unwrap_or(prefix);
    }
    (
        before.matches('\n').count() + 1,
        prefix.chars().count() + 1,
        prefix.encode_utf16().count() + 1,
    )
}

/// Calls `f` on every span object (anything with `start` and `end`) in `v`.
pub fn each_span<'a>(v: &'a Value, f: &mut impl FnMut(&'a Value)) {
    match v {
        Value::Object(map) => {
            if map.contains_key("start") && map.contains_key("end") {
                f(v);
            }
            map.values().for_each(|x| each_span(x, f));
        }
        Value::Array(items) => items.iter().for_each(|x| each_span(x, f)),
        _ => {}
    }
}
