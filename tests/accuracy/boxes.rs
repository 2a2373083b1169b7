//! The box check behind [`super::AccuracyReport::boxes`]: a paragraph parsed from a PDF has
//! non-empty rectangles inside their pages, at most one a page, in page order, the first on
//! `page_start` and the last on `page_end` (a page between may hold none of its lines, when a
//! figure or table set apart from it fills that page); a paragraph parsed from text has none.

use super::{AccuracyReport, Failure, Input};
use paragraphd::model::{Document, Paragraph, Rect};

/// Checks the boxes of every paragraph of `doc` and records the failures.
pub(super) fn check(file: &str, doc: &Document, input: Input, report: &mut AccuracyReport) {
    for p in &doc.paragraphs {
        let problem = match input {
            Input::Pdf => pdf_problem(doc, p),
            Input::Text => (!p.boxes.is_empty()).then(|| "boxes from text input".to_owned()),
        };
        report.boxes.add(problem.is_none());
        if let Some(problem) = problem {
            report.failures.push(Failure {
                file: file.to_owned(),
                metric: "boxes",
                detail: format!("paragraph {}: {problem}", p.ordinal),
            });
        }
    }
}

/// What is wrong with the boxes of a paragraph parsed from a PDF, if anything.
fn pdf_problem(doc: &Document, p: &Paragraph) -> Option<String> {
    let pages: Vec<u32> = p.boxes.iter().map(|r| r.page).collect();
    let in_order = pages.windows(2).all(|w| w[0] < w[1]);
    let ends = pages.first() == Some(&p.page_start) && pages.last() == Some(&p.page_end);
    if !(in_order && ends) {
        return Some(format!(
            "boxes on pages {pages:?}, paragraph on pages {}-{}",
            p.page_start, p.page_end
        ));
    }
    p.boxes.iter().find_map(|r| outside(doc, r))
}

/// Why a rectangle is empty or not inside its page, if it is.
fn outside(doc: &Document, r: &Rect) -> Option<String> {
    let size = usize::try_from(r.page)
        .ok()
        .and_then(|n| doc.pages.get(n.checked_sub(1)?))
        .and_then(|page| page.size);
    let Some(size) = size else {
        return Some(format!("page {} has no size", r.page));
    };
    let inside =
        r.x >= 0.0 && r.y >= 0.0 && r.x + r.width <= size.width && r.y + r.height <= size.height;
    let empty = !(r.width > 0.0 && r.height > 0.0);
    (empty || !inside).then(|| format!("{r:?} on a page of {size:?}"))
}
