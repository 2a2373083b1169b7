//! Uwazi's shapes (HURIDOCS' documentation platform), field by field as its types define them
//! in `huridocs/uwazi`:
//!
//! - `app/shared/types/commonSchemas.ts`: `selectionRectangleSchema` (`top`, `left`, `width`,
//!   `height`: numbers; `page`: a string) and `tocSchema` (`selectionRectangles`, `label`,
//!   `indentation`);
//! - `app/shared/types/connectionSchema.ts`: a connection's `reference`, `{text,
//!   selectionRectangles}` with at least one rectangle.
//!
//! Units: Uwazi stores rectangles in CSS pixels of the page rendered at scale 1, 96 per inch,
//! i.e. 4/3 of a PDF point: `app/react/V2/Components/PDFViewer/PDFPage.tsx` renders a page at
//! `scale = containerWidth / (viewport.width × PDF_TO_CSS_UNITS)` and draws a stored rectangle
//! at `stored × scale` (`adjustSelectionsToScale` in `functions/handleTextSelection.ts`, which
//! divides by the same scale before storing a selection). Origin top-left, y down, as ours.

use serde::Serialize;

use crate::error::Error;
use crate::model::{Document, Rect, Section};

/// Uwazi units (CSS pixels at 96 per inch) per PDF point.
pub const UWAZI_UNITS_PER_POINT: f32 = 96.0 / 72.0;

/// One of Uwazi's `selectionRectangles`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelectionRectangle {
    /// Top edge, Uwazi units.
    pub top: f64,
    /// Left edge, Uwazi units.
    pub left: f64,
    /// Width, Uwazi units.
    pub width: f64,
    /// Height, Uwazi units.
    pub height: f64,
    /// Physical page, 1-based, as a string.
    pub page: String,
}

impl SelectionRectangle {
    /// `rect` (PDF points) in Uwazi's units, rounded to 1/1000.
    pub fn from_points(rect: &Rect) -> Self {
        let scale = |v: f32| (f64::from(v * UWAZI_UNITS_PER_POINT) * 1000.0).round() / 1000.0;
        Self {
            top: scale(rect.y),
            left: scale(rect.x),
            width: scale(rect.width),
            height: scale(rect.height),
            page: rect.page.to_string(),
        }
    }
}

/// An entry of Uwazi's table of contents (`tocSchema`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TocEntry {
    /// Where the entry points.
    pub selection_rectangles: Vec<SelectionRectangle>,
    /// The heading as printed: label and title.
    pub label: String,
    /// Depth, 0 for top level.
    pub indentation: u32,
}

/// A connection's `reference`: a passage and its rectangles.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    /// The passage's text.
    pub text: String,
    /// Its rectangles, one a page.
    pub selection_rectangles: Vec<SelectionRectangle>,
}

/// One exported paragraph: its citation and its Uwazi `reference`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitedReference {
    /// `A/HRC/52/71, para. 58`.
    pub citation: String,
    /// The reference Uwazi stores.
    pub reference: Reference,
}

/// The table of contents: one entry per section, in document order, as JSON.
pub fn toc(doc: &Document) -> String {
    let entries: Vec<TocEntry> = doc.sections.iter().map(|s| toc_entry(doc, s)).collect();
    to_json(&entries)
}

/// Headings carry no boxes: an entry points at its section's first paragraph when that
/// paragraph starts on the heading's page, else at the top of the heading's page with an
/// empty rectangle (Uwazi's own placeholder for an entry without a place, `tocService.ts`).
fn toc_entry(doc: &Document, s: &Section) -> TocEntry {
    let first_box = s
        .ordinals
        .and_then(|(first, _)| doc.paragraphs.get(first.saturating_sub(1) as usize))
        .and_then(|p| p.boxes.first())
        .filter(|b| b.page == s.page);
    let rect = first_box.copied().unwrap_or(Rect {
        page: s.page.max(1),
        ..Rect::default()
    });
    TocEntry {
        selection_rectangles: vec![SelectionRectangle::from_points(&rect)],
        label: heading_label(s),
        indentation: s.level.saturating_sub(1),
    }
}

/// A heading as printed: `I. Introduction`, `Annex II Title`, or the title alone.
pub fn heading_label(s: &Section) -> String {
    match (s.label.as_str(), s.title.as_str()) {
        ("", title) => title.to_owned(),
        (label, "") => label.to_owned(),
        (label, title) if label.contains(' ') => format!("{label} {title}"),
        (label, title) => format!("{label}. {title}"),
    }
}

/// The selected paragraphs as Uwazi references, as JSON. A document without geometry has no
/// rectangles, which a reference needs: [`Error::NoGeometry`].
pub fn references(doc: &Document, ordinals: &[u32]) -> Result<String, Error> {
    if !crate::query::locate::has_geometry(doc) {
        return Err(Error::NoGeometry(crate::query::locate::document_name(doc)));
    }
    let refs: Vec<CitedReference> = ordinals
        .iter()
        .filter_map(|&o| doc.paragraphs.get(o.saturating_sub(1) as usize))
        .filter(|p| !p.boxes.is_empty())
        .map(|p| CitedReference {
            citation: doc.citation(p),
            reference: Reference {
                text: p.text.clone(),
                selection_rectangles: p
                    .boxes
                    .iter()
                    .map(SelectionRectangle::from_points)
                    .collect(),
            },
        })
        .collect();
    Ok(to_json(&refs))
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Plain structs of strings and finite numbers: serialising cannot fail; an empty array
    // stands in should it ever.
    serde_json::to_string_pretty(value).unwrap_or_else(|_| "[]".to_owned())
}
