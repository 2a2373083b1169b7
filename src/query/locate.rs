//! From a place on a page or a quoted text to the paragraph(s) it falls in. Pure: no I/O, no
//! wire types, never panics; the work is bounded by the document's size and, for a quote, by
//! [`MAX_QUOTE_CHARS`].
//!
//! Coordinates are PDF points with the origin at the page's top-left corner, y downwards, the
//! frame of [`Rect`] (`docs/pdf.md`); the gRPC layer converts other units first.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

use crate::error::Error;
use crate::model::{Document, Paragraph, Rect};

/// Longest quote accepted, in characters.
pub const MAX_QUOTE_CHARS: usize = 4096;
/// Most occurrences of a quote reported.
pub const MAX_OCCURRENCES: usize = 16;

/// What to locate.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A point on a page: (page, x, y).
    Point(u32, f32, f32),
    /// A rectangle on a page.
    Rect(Rect),
    /// A quoted text.
    Quote(String),
}

/// One paragraph a target falls in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Located {
    /// Index into `Document::paragraphs`.
    pub paragraph_idx: usize,
    /// Share of the rectangle inside the paragraph's box (1 for a point, 0 for a quote).
    pub overlap: f32,
    /// For a quote: the quoted code points of the paragraph's text (start, end exclusive).
    pub quote_span: Option<(u32, u32)>,
    /// For a quote: which occurrence (0-based).
    pub occurrence: u32,
}

/// What a locate call found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Location {
    /// The paragraphs, in document order (per occurrence, for a quote).
    pub paragraphs: Vec<Located>,
    /// How many times a quote occurs (0 for a point or rectangle).
    pub occurrences: u32,
}

/// Locates `target` in `doc`. A point or rectangle on a document without geometry is
/// [`Error::NoGeometry`]; a target outside every paragraph is [`Error::NotInDocument`]
/// naming the nearest paragraph; a malformed target is [`Error::InvalidArgument`].
pub fn locate(doc: &Document, target: &Target) -> Result<Location, Error> {
    match target {
        Target::Point(page, x, y) => {
            let probe = Rect {
                page: *page,
                x: *x,
                y: *y,
                width: 0.0,
                height: 0.0,
            };
            check_region(doc, &probe, "point")?;
            point(doc, &probe)
        }
        Target::Rect(rect) => {
            check_region(doc, rect, "rect")?;
            rectangle(doc, rect)
        }
        Target::Quote(quote) => self::quote(doc, quote),
    }
}

/// True when `doc` has page geometry (it was read from a PDF).
pub fn has_geometry(doc: &Document) -> bool {
    doc.pages.iter().any(|p| p.size.is_some()) || doc.paragraphs.iter().any(|p| !p.boxes.is_empty())
}

/// The region is on a page of a document with geometry, with finite coordinates.
fn check_region(doc: &Document, r: &Rect, field: &str) -> Result<(), Error> {
    if !has_geometry(doc) {
        return Err(Error::NoGeometry(document_name(doc)));
    }
    let values = [r.x, r.y, r.width, r.height];
    if values.iter().any(|v| !v.is_finite() || *v < 0.0) {
        return Err(Error::invalid(
            field,
            "coordinates must be finite and not negative (origin at the top-left corner)",
        ));
    }
    if field == "rect" && (r.width <= 0.0 || r.height <= 0.0) {
        return Err(Error::invalid(
            field,
            "width and height must be > 0 (use point for a point)",
        ));
    }
    let n_pages = doc.pages.len();
    if r.page == 0 || r.page as usize > n_pages {
        return Err(Error::invalid(
            format!("{field}.page"),
            format!(
                "page {} out of range: the document has pages 1 to {n_pages}",
                r.page
            ),
        ));
    }
    Ok(())
}

/// The paragraphs whose box on the page holds the point, the one it lies deepest in first:
/// boxes overlap where a table or a text box is set inside the paragraph it interrupts, or
/// where table cells were read as paragraphs side by side.
fn point(doc: &Document, p: &Rect) -> Result<Location, Error> {
    let mut hits: Vec<(f32, f32, usize)> = boxes_on(doc, p.page)
        .filter(|(_, b)| contains(b, p.x, p.y))
        .map(|(idx, b)| (depth(b, p.x, p.y), b.width * b.height, idx))
        .collect();
    if hits.is_empty() {
        return Err(outside(doc, p, "the point"));
    }
    hits.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    let paragraphs = hits
        .into_iter()
        .map(|(_, _, idx)| region_hit(idx, 1.0))
        .collect();
    Ok(Location {
        paragraphs,
        occurrences: 0,
    })
}

/// The paragraphs whose box on the page meets the rectangle, in document order, each with the
/// share of the rectangle's area inside its box.
fn rectangle(doc: &Document, r: &Rect) -> Result<Location, Error> {
    let area = r.width * r.height;
    let paragraphs: Vec<Located> = boxes_on(doc, r.page)
        .filter_map(|(idx, b)| {
            let shared = intersection(b, r);
            (shared > 0.0).then(|| region_hit(idx, (shared / area).clamp(0.0, 1.0)))
        })
        .collect();
    if paragraphs.is_empty() {
        return Err(outside(doc, r, "the rectangle"));
    }
    Ok(Location {
        paragraphs,
        occurrences: 0,
    })
}

fn region_hit(paragraph_idx: usize, overlap: f32) -> Located {
    Located {
        paragraph_idx,
        overlap,
        quote_span: None,
        occurrence: 0,
    }
}

/// Every paragraph's box on `page`, with the paragraph's index.
fn boxes_on(doc: &Document, page: u32) -> impl Iterator<Item = (usize, &Rect)> {
    doc.paragraphs
        .iter()
        .enumerate()
        .filter(move |(_, p)| p.page_start <= page && page <= p.page_end)
        .flat_map(move |(idx, p)| {
            p.boxes
                .iter()
                .filter(move |b| b.page == page)
                .map(move |b| (idx, b))
        })
}

fn contains(b: &Rect, x: f32, y: f32) -> bool {
    b.x <= x && x <= b.x + b.width && b.y <= y && y <= b.y + b.height
}

/// How far from the box's centre the point lies, as a share of the box's half-size along the
/// axis where that share is larger: 0 at the centre, 1 on the edge.
fn depth(b: &Rect, x: f32, y: f32) -> f32 {
    let share = |d: f32, half: f32| if half > 0.0 { (d / half).abs() } else { 1.0 };
    let dx = share(x - (b.x + b.width / 2.0), b.width / 2.0);
    let dy = share(y - (b.y + b.height / 2.0), b.height / 2.0);
    dx.max(dy)
}

fn intersection(a: &Rect, b: &Rect) -> f32 {
    let w = (a.x + a.width).min(b.x + b.width) - a.x.max(b.x);
    let h = (a.y + a.height).min(b.y + b.height) - a.y.max(b.y);
    if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
}

/// NOT_FOUND naming the paragraph whose box on the page is nearest the region's centre (or,
/// on a page holding none, the paragraph nearest the page).
fn outside(doc: &Document, r: &Rect, what: &str) -> Error {
    let (cx, cy) = (r.x + r.width / 2.0, r.y + r.height / 2.0);
    let nearest = boxes_on(doc, r.page)
        .map(|(idx, b)| (distance(b, cx, cy), idx))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, idx)| idx)
        .or_else(|| nearest_by_page(doc, r.page));
    let hint = match nearest.and_then(|idx| doc.paragraphs.get(idx)) {
        Some(p) => format!("; the nearest paragraph is {}", doc.citation(p)),
        None => String::new(),
    };
    Error::NotInDocument(format!(
        "{what} on page {} of {} falls in no paragraph{hint}",
        r.page,
        document_name(doc)
    ))
}

fn distance(b: &Rect, x: f32, y: f32) -> f32 {
    let dx = (b.x - x).max(x - (b.x + b.width)).max(0.0);
    let dy = (b.y - y).max(y - (b.y + b.height)).max(0.0);
    dx.hypot(dy)
}

fn nearest_by_page(doc: &Document, page: u32) -> Option<usize> {
    doc.paragraphs
        .iter()
        .enumerate()
        .min_by_key(|(_, p)| p.page_start.abs_diff(page).min(p.page_end.abs_diff(page)))
        .map(|(idx, _)| idx)
}

/// The document's symbol, else its id: how errors name it.
pub fn document_name(doc: &Document) -> String {
    if doc.meta.symbol.is_empty() {
        doc.id.clone()
    } else {
        doc.meta.symbol.clone()
    }
}

/// The paragraphs a quote's occurrences cover, each with the quoted span of its text.
fn quote(doc: &Document, quote: &str) -> Result<Location, Error> {
    QuoteIndex::of(doc).locate(doc, quote)
}

/// A document's paragraphs folded ([`fold_each`]) into one text, what quotes are searched in:
/// about one byte per character of the document. Where a match falls in a paragraph's own
/// text is worked out again from that paragraph alone.
#[derive(Debug, Clone, Default)]
pub struct QuoteIndex {
    text: String,
    /// Byte offset in `text` where each paragraph's folded characters start.
    starts: Vec<usize>,
}

impl QuoteIndex {
    /// Folds every paragraph of `doc` once, for as many quotes as needed.
    pub fn of(doc: &Document) -> Self {
        let mut index = Self::default();
        for p in &doc.paragraphs {
            index.starts.push(index.text.len());
            fold_each(&p.text, |_, c| index.text.push(c));
        }
        index
    }

    /// Locates `quote` in `doc`, the document this index was made of.
    pub fn locate(&self, doc: &Document, quote: &str) -> Result<Location, Error> {
        let n_chars = quote.chars().count();
        if n_chars > MAX_QUOTE_CHARS {
            return Err(Error::invalid(
                "quote",
                format!("{n_chars} characters; at most {MAX_QUOTE_CHARS} are accepted"),
            ));
        }
        let mut needle = String::new();
        fold_each(quote, |_, c| needle.push(c));
        if needle.is_empty() {
            return Err(Error::invalid(
                "quote",
                "the quote holds no letter or digit to match",
            ));
        }
        // Non-overlapping occurrences, by a linear (SIMD) substring search.
        let starts: Vec<usize> =
            memchr::memmem::find_iter(self.text.as_bytes(), needle.as_bytes()).collect();
        if starts.is_empty() {
            return Err(Error::NotInDocument(format!(
                "the quote was found in no paragraph of {}",
                document_name(doc)
            )));
        }
        let mut paragraphs = Vec::new();
        for (occurrence, &start) in starts.iter().take(MAX_OCCURRENCES).enumerate() {
            let occurrence = u32::try_from(occurrence).unwrap_or(u32::MAX);
            paragraphs.extend(self.spans(doc, start, start + needle.len(), occurrence));
        }
        Ok(Location {
            paragraphs,
            occurrences: u32::try_from(starts.len()).unwrap_or(u32::MAX),
        })
    }

    /// The paragraphs the folded bytes `start..end` come from, each with the code point span
    /// of its own text they cover.
    fn spans(&self, doc: &Document, start: usize, end: usize, occurrence: u32) -> Vec<Located> {
        let first = self
            .starts
            .partition_point(|&s| s <= start)
            .saturating_sub(1);
        let mut out = Vec::new();
        for idx in first..self.starts.len() {
            let from = self.starts[idx];
            if from >= end {
                break;
            }
            let Some(p) = doc.paragraphs.get(idx) else {
                break;
            };
            let (lo, hi) = (start.saturating_sub(from), end - from);
            let (mut at, mut span) = (0, None::<(u32, u32)>);
            fold_each(&p.text, |offset, c| {
                if (lo..hi).contains(&at) {
                    let first = span.map_or(offset, |s| s.0);
                    span = Some((first, offset.saturating_add(1)));
                }
                at += c.len_utf8();
            });
            if let Some(quote_span) = span {
                out.push(Located {
                    paragraph_idx: idx,
                    overlap: 0.0,
                    quote_span: Some(quote_span),
                    occurrence,
                });
            }
        }
        out
    }
}

/// Calls `emit` with each letter and digit of `text`, folded (compatibility decomposition, so
/// ligatures split; combining marks dropped; lower case), and the code point offset in `text`
/// it comes from. Whitespace, hyphens and punctuation are left out, so line breaks, a word
/// hyphenated at a line end and typographic quotes do not matter.
fn fold_each(text: &str, mut emit: impl FnMut(u32, char)) {
    for (offset, c) in text.chars().enumerate() {
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        if c.is_ascii() {
            // The fast path of most text: nothing to decompose, ASCII case only.
            if c.is_ascii_alphanumeric() {
                emit(offset, c.to_ascii_lowercase());
            }
            continue;
        }
        for d in std::iter::once(c).nfkd().filter(|d| !is_combining_mark(*d)) {
            for l in d.to_lowercase().filter(|l| l.is_alphanumeric()) {
                emit(offset, l);
            }
        }
    }
}

/// The paragraph at `located`, if it is one of `doc`'s.
pub fn paragraph<'a>(doc: &'a Document, located: &Located) -> Option<&'a Paragraph> {
    doc.paragraphs.get(located.paragraph_idx)
}

#[cfg(test)]
mod tests;
