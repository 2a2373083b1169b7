//! Sub-items of a paragraph: nested numbered lists (`1.` … restarting inside a paragraph),
//! recommendation numbers (`140.7`) and lettered or roman items (`(a)`, `(iv)`, and `a)`,
//! `iv)`, `а)` as the French, Spanish and Russian versions print them).
//!
//! Levels: numbered and recommendation items are level 1; lettered items are level 1, or 2
//! under numbered items; roman items one level under the lettered items before them. `(i)`,
//! `(v)`, `(x)` are letters when they follow `(h)`, `(u)`, `(w)`.

use crate::model::Item;
use crate::parse::patterns::{CLOSE_ITEM_MARKER, DOTTED_ITEM, ITEM_MARKER};

/// Kinds of item marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `3.` of a nested list.
    Number,
    /// `140.7`.
    Dotted,
    /// `(a)`, or `(i)` to be told from a roman numeral.
    Letter,
    /// `(2)`.
    Digit,
}

/// Where an item starts in its paragraph's text.
#[derive(Debug, Clone)]
pub(crate) struct ItemStart {
    /// Marker as printed.
    marker: String,
    /// Byte offset of the item text (after the marker).
    text_at: usize,
    /// Byte offset of the marker.
    at: usize,
    kind: Kind,
}

/// The item starting at a line whose text will stand at byte `at` of the paragraph, if any.
/// `nested` is the number of a nested-list item decided by the numbering pass.
pub(crate) fn start_at(line: &str, nested: Option<u32>, at: usize) -> Option<ItemStart> {
    let (marker, kind) = if let Some(n) = nested {
        (format!("{n}."), Kind::Number)
    } else if let Some(c) = DOTTED_ITEM.captures(line) {
        (c.get(1)?.as_str().to_owned(), Kind::Dotted)
    } else if let Some(c) = ITEM_MARKER.captures(line) {
        let inner = c.get(1)?.as_str();
        let kind = if inner.bytes().all(|b| b.is_ascii_digit()) {
            Kind::Digit
        } else {
            Kind::Letter
        };
        (format!("({inner})"), kind)
    } else if let Some(c) = CLOSE_ITEM_MARKER.captures(line) {
        (format!("{})", c.get(1)?.as_str()), Kind::Letter)
    } else {
        return None;
    };
    let after = line.get(marker.len()..).unwrap_or("");
    let skipped = marker.len() + (after.len() - after.trim_start().len());
    let text_at = if kind == Kind::Dotted && line[marker.len()..].starts_with('.') {
        at + skipped + 1
    } else {
        at + skipped
    };
    Some(ItemStart {
        marker,
        text_at,
        at,
        kind,
    })
}

/// Reads the items of a paragraph's final text from their starts.
pub(crate) fn read(text: &str, starts: &[ItemStart]) -> Vec<Item> {
    let mut out = Vec::with_capacity(starts.len());
    let mut has_number = false;
    let mut last_letter: Option<char> = None;
    let mut letter_level = 1;
    for (k, s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(text.len(), |n| n.at);
        let span = trimmed_span(text, s.text_at.min(end), end);
        let level = match s.kind {
            Kind::Number | Kind::Dotted => {
                has_number = true;
                1
            }
            Kind::Digit => 1 + u32::from(has_number),
            Kind::Letter if is_roman(&s.marker, last_letter) => {
                letter_level + u32::from(last_letter.is_some())
            }
            Kind::Letter => {
                last_letter = inner(&s.marker).chars().next();
                letter_level = 1 + u32::from(has_number);
                letter_level
            }
        };
        out.push(Item {
            marker: s.marker.clone(),
            span,
            level,
        });
    }
    out
}

/// The span of `text[start..end]` without its surrounding whitespace; empty at `start` when
/// that range is not on character boundaries.
fn trimmed_span(text: &str, start: usize, end: usize) -> (u32, u32) {
    let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let Some(body) = text.get(start..end) else {
        return (to_u32(start), to_u32(start));
    };
    let first = start + (body.len() - body.trim_start().len());
    let last = start + body.trim_end().len();
    (to_u32(first), to_u32(last.max(first)))
}

/// A marker without its brackets: `(a)` and `a)` → `a`.
fn inner(marker: &str) -> &str {
    marker.trim_start_matches('(').trim_end_matches(')')
}

/// True when `(x)` (or `x)`) is a roman numeral rather than a letter following `last_letter`.
fn is_roman(marker: &str, last_letter: Option<char>) -> bool {
    let inner = inner(marker);
    if !inner.bytes().all(|b| b"ivxl".contains(&b)) {
        return false;
    }
    let mut chars = inner.chars();
    match (chars.next(), chars.next(), last_letter) {
        (Some(c), None, Some(prev)) => char::from_u32(prev as u32 + 1) != Some(c),
        (Some('i'), None, None) => true,
        (Some(_), None, None) => false,
        _ => true,
    }
}
