//! Line building: a page's glyphs → lines, by baseline and font size.
//!
//! 1. **Bands**: glyphs sorted by baseline; a glyph joins the band whose first baseline is
//!    within [`BASELINE_TOL`] of the smaller font size. Glyph boxes are never used (some fonts
//!    report boxes 2.7× their size).
//! 2. **Superscripts**: a band of smaller glyphs whose baseline stands within the upper part of
//!    the band just below it (footnote calls, the mark of a footnote body) is merged into that
//!    band as superscripts; smaller calls on the band's own baseline are found per line
//!    ([`segments`]).
//! 3. **Segments**: a band is cut at wide horizontal gaps into separate lines ([`segments`]).
//! 4. **Blank lines**: an empty line is emitted where the distance between two baselines is
//!    clearly more than the page's usual line pitch (a paragraph break).

use super::glyphs::{Glyph, PageGlyphs};
use super::segments::{self, Band, SUPER_SIZE, dominant_size};
use crate::extract::Line;

/// Baselines closer than this share of the font size are one baseline.
const BASELINE_TOL: f32 = 0.25;
/// A superscript band stands at most this share of the lower band's size above its baseline.
const SUPER_RISE: f32 = 0.65;
/// Usual line pitch, as a share of the font size, when a page gives no evidence.
const DEFAULT_PITCH: f32 = 1.2;
/// A baseline distance over (pitch + this) × size is a paragraph break.
const BREAK_EXTRA: f32 = 0.35;

/// The lines of one page, in reading order (top to bottom, left to right).
pub(super) fn build(page: &PageGlyphs) -> Vec<Line> {
    let glyphs = &page.glyphs;
    let mut bands = bands(glyphs);
    merge_superscripts(glyphs, &mut bands);
    let pitch = pitch_ratio(&bands);
    let mut out = Vec::new();
    let mut prev: Option<&Band> = None;
    for band in &bands {
        if prev.is_some_and(|p| is_break(p, band, pitch)) {
            out.push(Line::default());
        }
        out.extend(segments::lines(page, band));
        prev = Some(band);
    }
    out
}

/// Groups glyphs by baseline, top to bottom.
fn bands(glyphs: &[Glyph]) -> Vec<Band> {
    let mut order: Vec<usize> = (0..glyphs.len()).collect();
    order.sort_by(|&a, &b| glyphs[a].baseline.total_cmp(&glyphs[b].baseline));
    let mut out: Vec<Band> = Vec::new();
    let mut first: Option<usize> = None;
    for i in order {
        let g = &glyphs[i];
        let joins = first.is_some_and(|f| {
            let f = &glyphs[f];
            g.baseline - f.baseline <= BASELINE_TOL * g.size.min(f.size)
        });
        match out.last_mut() {
            Some(band) if joins => band.members.push(i),
            _ => {
                out.push(Band {
                    members: vec![i],
                    ..Band::default()
                });
                first = Some(i);
            }
        }
    }
    for band in &mut out {
        band.sup = vec![false; band.members.len()];
        settle(glyphs, band);
    }
    out
}

/// Sets a band's main size and baseline from its non-superscript glyphs.
fn settle(glyphs: &[Glyph], band: &mut Band) {
    let main: Vec<&Glyph> = band
        .members
        .iter()
        .zip(&band.sup)
        .filter(|(_, s)| !**s)
        .map(|(&i, _)| &glyphs[i])
        .collect();
    band.size = dominant_size(&main);
    let mut baselines: Vec<f32> = main
        .iter()
        .filter(|g| (g.size - band.size).abs() < 0.05 * band.size)
        .map(|g| g.baseline)
        .collect();
    baselines.sort_by(f32::total_cmp);
    band.baseline = baselines.get(baselines.len() / 2).copied().unwrap_or(0.0);
}

/// Merges bands of small raised glyphs into the band just below them.
fn merge_superscripts(glyphs: &[Glyph], bands: &mut Vec<Band>) {
    let mut k = 0;
    while k + 1 < bands.len() {
        if is_superscript_band(glyphs, &bands[k], &bands[k + 1]) {
            let upper = bands.remove(k);
            let lower = &mut bands[k];
            lower.members.extend(&upper.members);
            lower
                .sup
                .extend(std::iter::repeat_n(true, upper.members.len()));
        } else {
            k += 1;
        }
    }
}

/// True when `upper` is made of superscripts belonging to `lower`.
fn is_superscript_band(glyphs: &[Glyph], upper: &Band, lower: &Band) -> bool {
    let rise = lower.baseline - upper.baseline;
    let max_size = upper
        .members
        .iter()
        .map(|&i| glyphs[i].size)
        .fold(0.0, f32::max);
    let (lx0, lx1) = extent(glyphs, &lower.members);
    let (ux0, ux1) = extent(glyphs, &upper.members);
    rise > 0.0
        && rise <= SUPER_RISE * lower.size
        && max_size <= SUPER_SIZE * lower.size
        && ux0 >= lx0 - lower.size
        && ux1 <= lx1 + 2.0 * lower.size
}

/// Left and right edges of some glyphs.
fn extent(glyphs: &[Glyph], members: &[usize]) -> (f32, f32) {
    members.iter().fold((f32::MAX, f32::MIN), |(a, b), &i| {
        (a.min(glyphs[i].x0), b.max(glyphs[i].x1))
    })
}

/// The page's usual line pitch as a share of the font size (median over consecutive bands of
/// the same size).
fn pitch_ratio(bands: &[Band]) -> f32 {
    let mut ratios: Vec<f32> = bands
        .windows(2)
        .filter(|w| w[0].size > 0.0 && (w[0].size - w[1].size).abs() < 0.05 * w[0].size)
        .map(|w| (w[1].baseline - w[0].baseline) / w[0].size)
        .filter(|r| (1.0..=2.0).contains(r))
        .collect();
    if ratios.is_empty() {
        return DEFAULT_PITCH;
    }
    ratios.sort_by(f32::total_cmp);
    ratios[ratios.len() / 2]
}

/// True when the distance between two consecutive bands is a paragraph break.
fn is_break(prev: &Band, next: &Band, pitch: f32) -> bool {
    let size = prev.size.max(next.size);
    next.baseline - prev.baseline > (pitch + BREAK_EXTRA) * size
}
