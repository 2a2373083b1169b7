//! One band (glyphs on one baseline) → one or more lines: cut at wide gaps, words separated by
//! gaps, superscripts recorded, geometry measured. [`Band`] and the size helpers live here,
//! below `lines` (which groups glyphs into bands), so the two do not import each other.

use super::bidi;
use super::glyphs::{Glyph, PageGlyphs};
use crate::extract::{Line, LineGeometry};
use crate::pattern::Pat;
use std::ops::Range;

/// A gap wider than this share of the font size separates words.
const WORD_GAP: f32 = 0.12;
/// A superscript closer than this share of the size of the text before it is glued to it.
const CALL_GAP: f32 = 0.2;
/// A gap wider than this share of the font size separates lines on one baseline.
const SEGMENT_GAP: f32 = 1.2;
/// A smaller glyph raised by more than this share of the size is a superscript.
const SUPER_MIN_RISE: f32 = 0.12;
/// Two identical glyphs closer than this share of the size are one (fake bold, shadows).
const DUPLICATE: f32 = 0.15;

/// A superscript is at most this share of the size of the text it follows.
pub(super) const SUPER_SIZE: f32 = 0.85;

/// A marker that stays on the line of the text after it, however wide the gap: `12.`, `88.3`,
/// `(a)`, `(iv)`, `IV.`, `B.`, `a)`, bullets and dashes.
static MARKER: Pat = Pat::always(
    r"^(?:\d{1,4}(?:\.\d{1,3})*\.|\d{1,4}(?:\.\d{1,3})+|\(\w{1,5}\)|\w\)|[IVXLC]{1,6}\.|[A-Z]\.|[•●▪◦\-–—*])$",
);

/// A paragraph or recommendation marker glued to a capital: `100.The`, `88.12.Ratify`.
static GLUED_MARKER: Pat = Pat::always(r"^(\d{1,4}(?:\.\d{1,3})*\.)[\p{Lu}“‘\x22(]");

/// Glyphs sharing one baseline.
#[derive(Debug, Clone, Default)]
pub(super) struct Band {
    /// Indices into the page's glyphs.
    pub(super) members: Vec<usize>,
    /// Superscript flag, parallel to `members`.
    pub(super) sup: Vec<bool>,
    /// Baseline of the main (non-superscript) text.
    pub(super) baseline: f32,
    /// Most common font size of the main text.
    pub(super) size: f32,
}

/// The most common font size (by glyph count, sizes rounded to 0.1 pt); 0 when empty.
pub(super) fn dominant_size(glyphs: &[&Glyph]) -> f32 {
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for g in glyphs {
        let key = (g.size * 10.0).round() as i32;
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => counts.push((key, 1)),
        }
    }
    counts
        .iter()
        .max_by_key(|&&(k, n)| (n, k))
        .map_or(0.0, |&(k, _)| k as f32 / 10.0)
}

/// One glyph of a band, with its superscript flag.
#[derive(Debug, Clone, Copy)]
struct Item<'a> {
    g: &'a Glyph,
    sup: bool,
}

/// The lines of one band, left to right.
pub(super) fn lines(page: &PageGlyphs, band: &Band) -> Vec<Line> {
    let mut items: Vec<Item<'_>> = band
        .members
        .iter()
        .zip(&band.sup)
        .map(|(&i, &sup)| Item {
            g: &page.glyphs[i],
            sup,
        })
        .collect();
    items.sort_by(|a, b| a.g.x0.total_cmp(&b.g.x0));
    dedup(&mut items);
    split(&items, band.size)
        .into_iter()
        .map(|seg| {
            let mut seg = seg.to_vec();
            flag_calls(band, &mut seg);
            line(page, band, &seg)
        })
        .collect()
}

/// Flags the smaller glyphs of a line as superscripts: raised above its baseline, or call marks
/// (digits, `*`, daggers, the comma of `1,2`) set next to larger text. `pdf_oxide` reports glyph
/// origins without the text rise (`Ts`), so a call raised that way is known by its size alone.
fn flag_calls(band: &Band, seg: &mut [Item<'_>]) {
    let main: Vec<&Glyph> = seg.iter().filter(|it| !it.sup).map(|it| it.g).collect();
    let size = dominant_size(&main);
    for k in 0..seg.len() {
        let g = seg[k].g;
        if seg[k].sup || g.size > SUPER_SIZE * size {
            continue;
        }
        let raised = band.baseline - g.baseline >= SUPER_MIN_RISE * size;
        let call = g.ch.is_ascii_digit() || matches!(g.ch, '*' | '†' | '‡' | ',');
        let larger = |j: usize| seg.get(j).is_some_and(|n| g.size <= SUPER_SIZE * n.g.size);
        let prev = k.checked_sub(1);
        // Next to larger text, or continuing a run of calls (`1,2`).
        let touches = larger(k + 1) || prev.is_some_and(|p| larger(p) || seg[p].sup);
        seg[k].sup = raised || (call && touches);
    }
}

/// Drops glyphs drawn twice at (nearly) the same place.
fn dedup(items: &mut Vec<Item<'_>>) {
    let mut kept: Vec<Item<'_>> = Vec::with_capacity(items.len());
    for it in items.drain(..) {
        let twin = kept.iter().rev().take(4).any(|k| {
            k.g.ch == it.g.ch
                && (k.g.x0 - it.g.x0).abs() < DUPLICATE * it.g.size
                && (k.g.baseline - it.g.baseline).abs() < DUPLICATE * it.g.size
        });
        if !twin {
            kept.push(it);
        }
    }
    *items = kept;
}

/// Cuts a band at wide gaps, except after a marker.
fn split<'a, 'b>(items: &'b [Item<'a>], size: f32) -> Vec<&'b [Item<'a>]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut right = f32::MIN;
    for k in 0..items.len() {
        let g = items[k].g;
        if k > start && g.x0 - right > SEGMENT_GAP * size.max(g.size) {
            let so_far = text_of(&items[start..k]);
            if !MARKER.is_match(&so_far) {
                out.push(&items[start..k]);
                start = k;
            }
        }
        right = if k == start { g.x1 } else { right.max(g.x1) };
    }
    if start < items.len() {
        out.push(&items[start..]);
    }
    out
}

/// The characters of some glyphs, without spaces.
fn text_of(items: &[Item<'_>]) -> String {
    items.iter().map(|it| it.g.ch).collect()
}

/// Builds one line from a segment.
fn line(page: &PageGlyphs, band: &Band, seg: &[Item<'_>]) -> Line {
    let (mut text, mut superscripts) = assemble(seg);
    if bidi::is_rtl_line(&text) {
        // Read in logical order; the superscripts' byte ranges no longer hold.
        text = bidi::to_logical(&text);
        superscripts.clear();
    }
    Line {
        text,
        geometry: Some(geometry(page, band, seg, superscripts)),
    }
}

/// The text of a segment, with spaces at word gaps, and the byte ranges of superscripts.
fn assemble(seg: &[Item<'_>]) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut sups: Vec<Range<usize>> = Vec::new();
    let mut right = f32::MIN;
    let mut prev: Option<Item<'_>> = None;
    for &it in seg {
        if let Some(p) = prev {
            let size = if p.sup == it.sup {
                p.g.size.max(it.g.size)
            } else {
                p.g.size.min(it.g.size)
            };
            if it.g.x0 - right > WORD_GAP * size && !call_after_text(p, it) {
                text.push(' ');
            }
        }
        let at = text.len();
        text.push(it.g.ch);
        if it.sup {
            match sups.last_mut() {
                Some(r) if r.end == at => r.end = text.len(),
                _ => sups.push(at..text.len()),
            }
        }
        right = if prev.is_some() {
            right.max(it.g.x1)
        } else {
            it.g.x1
        };
        prev = Some(it);
    }
    unglue_marker(&mut text, &mut sups);
    (text, sups)
}

/// True when `it` starts a footnote call set a little apart from the text before it (`2010. ³`
/// in justified lines): the call stays glued, as pdftotext prints it (`2010.³`), so the parse
/// reads it as a call. A gap as wide as a word space keeps the space.
fn call_after_text(prev: Item<'_>, it: Item<'_>) -> bool {
    it.sup && !prev.sup && it.g.x0 - prev.g.x1 <= CALL_GAP * prev.g.size
}

/// `100.The` → `100. The`, shifting the superscript ranges after it.
fn unglue_marker(text: &mut String, sups: &mut [Range<usize>]) {
    let Some(at) = GLUED_MARKER
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.end())
    else {
        return;
    };
    text.insert(at, ' ');
    for r in sups.iter_mut().filter(|r| r.start >= at) {
        *r = r.start + 1..r.end + 1;
    }
}

/// Position and dominant font of a segment.
fn geometry(
    page: &PageGlyphs,
    band: &Band,
    seg: &[Item<'_>],
    superscripts: Vec<Range<usize>>,
) -> LineGeometry {
    let main: Vec<&Glyph> = seg.iter().filter(|it| !it.sup).map(|it| it.g).collect();
    let main = if main.is_empty() {
        seg.iter().map(|it| it.g).collect()
    } else {
        main
    };
    let size = dominant_size(&main);
    let at_size: Vec<&Glyph> = main
        .iter()
        .copied()
        .filter(|g| (g.size - size).abs() < 0.05 * size.max(1.0))
        .collect();
    let share = |f: fn(&Glyph) -> bool| 2 * at_size.iter().filter(|g| f(g)).count() > at_size.len();
    LineGeometry {
        x0: seg.iter().map(|it| it.g.x0).fold(f32::MAX, f32::min),
        y0: main.iter().map(|g| g.top).fold(f32::MAX, f32::min),
        x1: seg.iter().map(|it| it.g.x1).fold(f32::MIN, f32::max),
        y1: main.iter().map(|g| g.bottom).fold(f32::MIN, f32::max),
        baseline: band.baseline,
        font_size: size,
        font_name: dominant_font(page, &at_size),
        bold: share(|g| g.bold),
        italic: share(|g| g.italic),
        superscripts,
    }
}

/// The font used by most glyphs.
fn dominant_font(page: &PageGlyphs, glyphs: &[&Glyph]) -> String {
    let mut counts = vec![0usize; page.fonts.len()];
    for g in glyphs {
        if let Some(n) = counts.get_mut(g.font) {
            *n += 1;
        }
    }
    let best = (0..counts.len()).max_by_key(|&i| (counts[i], usize::MAX - i));
    best.and_then(|i| page.fonts.get(i))
        .cloned()
        .unwrap_or_default()
}
