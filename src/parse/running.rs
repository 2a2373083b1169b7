//! Running headers and footers by position and repetition (PDF input only): a line in the top
//! or bottom margin zone of its page whose text, digits aside, stands at the same height on at
//! least [`MIN_PAGES`] pages is page furniture, whatever its words (`Advance unedited
//! version`, `Report of the Working Group`, `Page 3 of 12`). The pattern rules of
//! [`super::furniture`] catch the usual UN furniture; this catches the rest. Lines without
//! geometry are never touched, so the text path is unchanged.

use std::collections::{HashMap, HashSet};

use super::lines::{Ln, Role};
use crate::model::Page;

/// Share of the page height, at the top and at the bottom, where running lines stand.
const MARGIN_ZONE: f32 = 0.1;
/// A running line repeats on at least this many pages.
const MIN_PAGES: usize = 3;
/// Height buckets, in points: a running line's baseline varies less than this between pages.
const Y_BUCKET: f32 = 3.0;

/// What identifies a running line: its text with digits replaced, its height bucket.
type Key = (String, i32);

/// Marks running headers and footers as [`Role::Furniture`].
pub(crate) fn mark(lines: &mut [Ln], pages: &[Page]) {
    let keys: Vec<Option<Key>> = lines.iter().map(|l| key(l, pages)).collect();
    let mut seen: HashMap<&Key, HashSet<u32>> = HashMap::new();
    for (ln, k) in lines.iter().zip(&keys) {
        if let Some(k) = k {
            seen.entry(k).or_default().insert(ln.page);
        }
    }
    let running: HashSet<&Key> = seen
        .into_iter()
        .filter(|(_, pages)| pages.len() >= MIN_PAGES)
        .map(|(k, _)| k)
        .collect();
    for (ln, k) in lines.iter_mut().zip(&keys) {
        if k.as_ref().is_some_and(|k| running.contains(k)) {
            ln.claim(Role::Furniture);
        }
    }
}

/// The key of a body line standing in a margin zone of its page; `None` for any other line.
fn key(ln: &Ln, pages: &[Page]) -> Option<Key> {
    let g = ln.geometry.as_ref()?;
    let idx = usize::try_from(ln.page.checked_sub(1)?).ok()?;
    let height = pages.get(idx)?.size?.height;
    let zone = MARGIN_ZONE * height;
    let in_zone = g.y1 <= zone || g.y0 >= height - zone;
    if ln.role != Role::Body || !in_zone {
        return None;
    }
    let text: String = ln
        .text
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect();
    Some((text, (g.baseline / Y_BUCKET).round() as i32))
}
