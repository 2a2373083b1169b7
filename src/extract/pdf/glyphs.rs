//! One page's glyphs from `pdf_oxide`, in display coordinates: points, origin at the top-left
//! of the visible box, y down, page rotation applied.

use pdf_oxide::document::PdfDocument;
use pdf_oxide::layout::TextChar;

use crate::model::Size;

/// Ascent used when the font gives none (or a nonsense one), as a share of the size.
const DEFAULT_ASCENT: f32 = 0.8;
/// Descent used when the font gives none (or a nonsense one), as a share of the size.
const DEFAULT_DESCENT: f32 = 0.25;
/// Smallest and largest font size taken as text, in points.
const SIZE_RANGE: (f32, f32) = (1.0, 200.0);
/// A glyph direction counts as horizontal when its vertical component is below this.
const MAX_SLOPE: f32 = 0.1;

/// One visible glyph, upright on the displayed page.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Glyph {
    /// The character (never whitespace).
    pub(super) ch: char,
    /// Left edge (the baseline origin).
    pub(super) x0: f32,
    /// Right edge: origin plus the glyph's advance.
    pub(super) x1: f32,
    /// Baseline.
    pub(super) baseline: f32,
    /// Top of the typographic box.
    pub(super) top: f32,
    /// Bottom of the typographic box.
    pub(super) bottom: f32,
    /// Font size in points, as rendered.
    pub(super) size: f32,
    /// Index into [`PageGlyphs::fonts`].
    pub(super) font: usize,
    /// Weight 600 or more.
    pub(super) bold: bool,
    /// Italic or oblique.
    pub(super) italic: bool,
}

/// The glyphs of one page.
#[derive(Debug, Clone, Default)]
pub(super) struct PageGlyphs {
    /// Upright visible glyphs, in content order.
    pub(super) glyphs: Vec<Glyph>,
    /// Font names, indexed by [`Glyph::font`].
    pub(super) fonts: Vec<String>,
    /// Displayed size of the page.
    pub(super) size: Size,
    /// Glyphs dropped because they are not upright (vertical margin text).
    pub(super) n_rotated: usize,
}

/// Maps user space to display space for one page.
#[derive(Debug, Clone, Copy)]
struct View {
    /// Visible box: (llx, lly, urx, ury).
    bx: (f32, f32, f32, f32),
    /// `/Rotate`, one of 0, 90, 180, 270.
    rotate: i32,
}

impl View {
    /// A point of user space in display space.
    fn point(&self, x: f32, y: f32) -> (f32, f32) {
        let (x0, y0, x1, y1) = self.bx;
        match self.rotate {
            90 => (y - y0, x - x0),
            180 => (x1 - x, y - y0),
            270 => (y1 - y, x1 - x),
            _ => (x - x0, y1 - y),
        }
    }

    /// A direction of user space (y up) in display space (y down).
    fn direction(&self, dx: f32, dy: f32) -> (f32, f32) {
        match self.rotate {
            90 => (dy, dx),
            180 => (-dx, dy),
            270 => (-dy, -dx),
            _ => (dx, -dy),
        }
    }

    fn size(&self) -> Size {
        let (x0, y0, x1, y1) = self.bx;
        let (w, h) = (x1 - x0, y1 - y0);
        if self.rotate == 90 || self.rotate == 270 {
            Size {
                width: h,
                height: w,
            }
        } else {
            Size {
                width: w,
                height: h,
            }
        }
    }
}

/// Reads the glyphs of page `index` (0-based).
pub(super) fn read_page(
    doc: &PdfDocument,
    index: usize,
) -> Result<PageGlyphs, pdf_oxide::error::Error> {
    let view = View {
        bx: doc.get_page_visible_box(index)?,
        rotate: doc.get_page_rotation(index).unwrap_or(0).rem_euclid(360),
    };
    let chars = doc.extract_chars(index)?;
    let mut page = PageGlyphs {
        size: view.size(),
        ..PageGlyphs::default()
    };
    let mut spaces = Vec::new();
    let mut unknown = Vec::new();
    for c in chars.iter().filter(|c| !c.char.is_control()) {
        match glyph(c, &view) {
            Some((g, _)) if c.char.is_whitespace() => spaces.push(g),
            Some((mut g, known)) => {
                g.font = font_index(&mut page.fonts, &c.font_name);
                if !known {
                    unknown.push(page.glyphs.len());
                }
                page.glyphs.push(g);
            }
            None if c.char.is_whitespace() => {}
            None => page.n_rotated += 1,
        }
    }
    if !unknown.is_empty() {
        estimate_advances(&mut page.glyphs, &unknown, &spaces);
    }
    Ok(page)
}

/// A glyph in display space, and whether its advance is known; `None` when it is not upright
/// or its numbers are unusable.
fn glyph(c: &TextChar, view: &View) -> Option<(Glyph, bool)> {
    let size = c.font_size;
    let finite = [c.origin_x, c.origin_y, size].iter().all(|v| v.is_finite());
    if !finite || size < SIZE_RANGE.0 || size > SIZE_RANGE.1 {
        return None;
    }
    let (ux, uy) = user_direction(c);
    let (dx, dy) = view.direction(ux, uy);
    if dx <= 0.0 || dy.abs() > MAX_SLOPE * dx.abs() {
        return None;
    }
    let (x, baseline) = view.point(c.origin_x, c.origin_y);
    let advance = advance(c, ux, uy);
    let g = Glyph {
        ch: c.char,
        x0: x,
        x1: x + advance.unwrap_or(0.5 * size),
        baseline,
        top: baseline - bounded(c.ascent, size, DEFAULT_ASCENT),
        bottom: baseline + bounded(-c.descent, size, DEFAULT_DESCENT),
        size,
        font: 0,
        bold: c.font_weight.is_bold(),
        italic: c.is_italic,
    };
    Some((g, advance.is_some()))
}

/// The glyph's own advance along its line (not `rendered_advance`, which adds word spacing to
/// every glyph in some files). `pdf_oxide` scales widths by the matrix's `a` alone, so the
/// width is rescaled to the matrix's length; `None` when `a` is about 0 (text turned by 90°).
fn advance(c: &TextChar, ux: f32, uy: f32) -> Option<f32> {
    let norm = ux.hypot(uy);
    if ux.abs() < 0.05 * norm {
        return None;
    }
    let advance = c.advance_width * norm / ux.abs();
    (advance.is_finite() && advance > 0.0).then(|| advance.min(3.0 * c.font_size))
}

/// Gives glyphs of unknown advance the distance to the next glyph or space on their baseline
/// (half an em when there is none close by), so word gaps still show.
fn estimate_advances(glyphs: &mut [Glyph], unknown: &[usize], spaces: &[Glyph]) {
    let mut stops: Vec<(f32, f32)> = glyphs
        .iter()
        .chain(spaces)
        .map(|g| (g.baseline, g.x0))
        .collect();
    stops.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    for &i in unknown {
        let g = &mut glyphs[i];
        let tol = 0.2 * g.size;
        let from = stops.partition_point(|s| s.0 < g.baseline - tol);
        let next = stops[from..]
            .iter()
            .take_while(|s| s.0 <= g.baseline + tol)
            .filter(|s| s.1 > g.x0 + 0.01)
            .map(|s| s.1)
            .fold(f32::MAX, f32::min);
        g.x1 = if next - g.x0 <= 1.2 * g.size {
            next
        } else {
            g.x0 + 0.5 * g.size
        };
    }
}

/// The text direction of a glyph in user space, as a unit-ish vector.
fn user_direction(c: &TextChar) -> (f32, f32) {
    match c.matrix {
        Some([a, b, ..]) if a.is_finite() && b.is_finite() && (a != 0.0 || b != 0.0) => (a, b),
        _ => {
            let r = c.rotation_degrees.to_radians();
            (r.cos(), r.sin())
        }
    }
}

/// A font metric (ascent, or descent made positive) kept within sane bounds of the size.
fn bounded(metric: f32, size: f32, default: f32) -> f32 {
    let share = metric / size;
    if share.is_finite() && share > 0.05 && share <= 1.2 {
        metric
    } else {
        default * size
    }
}

/// Index of `name` in `fonts`, adding it when new.
fn font_index(fonts: &mut Vec<String>, name: &str) -> usize {
    match fonts.iter().position(|f| f == name) {
        Some(i) => i,
        None => {
            fonts.push(name.to_owned());
            fonts.len() - 1
        }
    }
}
