//! Highlight boxes: a paragraph's rectangle on each page it spans, the union of the geometry of
//! the lines that make it up there (its items included; furniture, headings and footnote
//! bodies are never its lines). PDF points, origin top-left, y down, as the extraction gives
//! them. Lines without geometry (text input) add nothing, so the text path gives no boxes.

use crate::model::{Page, Rect};
use crate::parse::lines::Ln;

/// Widens the rectangle of `ln`'s page in `boxes` to cover `ln`, or adds one for that page.
pub(crate) fn widen(boxes: &mut Vec<Rect>, ln: &Ln) {
    let Some(g) = &ln.geometry else {
        return;
    };
    let (x0, y0, x1, y1) = (g.x0, g.y0, g.x1.max(g.x0), g.y1.max(g.y0));
    match boxes.iter_mut().rev().find(|r| r.page == ln.page) {
        Some(r) => {
            let (rx1, ry1) = (r.x + r.width, r.y + r.height);
            let (nx0, ny0) = (r.x.min(x0), r.y.min(y0));
            *r = Rect {
                page: ln.page,
                x: nx0,
                y: ny0,
                width: rx1.max(x1) - nx0,
                height: ry1.max(y1) - ny0,
            };
        }
        None => boxes.push(Rect {
            page: ln.page,
            x: x0,
            y: y0,
            width: x1 - x0,
            height: y1 - y0,
        }),
    }
}

/// Clips every rectangle to its page (glyph boxes of a line at the very edge can reach past
/// it) and drops those left empty.
pub(crate) fn clip(boxes: &mut Vec<Rect>, pages: &[Page]) {
    boxes.retain_mut(|r| {
        let Some(size) = page_size(pages, r.page) else {
            return false;
        };
        let (x0, y0) = (r.x.max(0.0), r.y.max(0.0));
        let x1 = (r.x + r.width).min(size.width);
        let y1 = (r.y + r.height).min(size.height);
        *r = Rect {
            page: r.page,
            x: x0,
            y: y0,
            width: x1 - x0,
            height: y1 - y0,
        };
        r.width > 0.0 && r.height > 0.0
    });
}

/// The size of physical page `number` (1-based), when known.
fn page_size(pages: &[Page], number: u32) -> Option<crate::model::Size> {
    let idx = usize::try_from(number.checked_sub(1)?).ok()?;
    pages.get(idx)?.size
}
