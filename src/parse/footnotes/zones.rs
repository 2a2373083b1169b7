//! Zones of a page found by font size (PDF input only): the document's body size, and the
//! footnote zone at a page's foot. Lines without geometry never form a zone, so the text path
//! is unchanged.

use std::collections::HashMap;

use crate::parse::lines::{Ln, Role};

/// A line set at most this share of the body size is small (footnote text).
const SMALL: f32 = 0.9;

/// The body font size: the size (to 0.1 pt) of most characters of body lines; `None` without
/// geometry.
pub(crate) fn body_size(lines: &[Ln]) -> Option<f32> {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for ln in lines.iter().filter(|l| l.role == Role::Body) {
        if let Some(g) = &ln.geometry {
            *counts
                .entry((g.font_size * 10.0).round() as i32)
                .or_default() += ln.text.len();
        }
    }
    let (key, _) = counts.into_iter().max_by_key(|&(k, n)| (n, k))?;
    Some(key as f32 / 10.0)
}

/// Index into `body` (a page's body lines, top to bottom) where the page's footnote zone
/// starts: the trailing run of lines set smaller than `body_size`, below the last line of body
/// size, when its first line opens a footnote (`opens`). `None` when the page has no such run,
/// or is small text throughout.
pub(crate) fn footnote_zone(
    page: &[Ln],
    body: &[usize],
    body_size: f32,
    opens: impl Fn(&str) -> bool,
) -> Option<usize> {
    let small = |i: usize| {
        page[i]
            .geometry
            .as_ref()
            .is_some_and(|g| g.font_size <= SMALL * body_size)
    };
    let start = body.iter().rposition(|&i| !small(i))? + 1;
    let first = page.get(*body.get(start)?)?;
    opens(&first.text).then_some(start)
}
