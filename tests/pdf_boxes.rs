//! Paragraph boxes and page sizes from PDFs: exact rectangles on a small Courier PDF written by
//! the test, and positions on real corpus PDFs measured independently with poppler's
//! `pdftotext -bbox-layout`. The check that every corpus paragraph has its boxes is part of the
//! accuracy bar (`pdf_accuracy`, metric `boxes`), which shares its parse.

use crate::pdf_support;

use paragraphd::extract::{pdf, text};
use paragraphd::model::{Document, Rect};
use paragraphd::parse::analyze;
use pdf_support::{page, text as draw};

const LIMIT: usize = 64 << 20;
/// Float rounding only.
const EXACT: (f32, f32) = (0.01, 0.01);

fn parse_pdf(bytes: &[u8]) -> Document {
    match pdf::extract(bytes, LIMIT) {
        Ok(e) => analyze(&e),
        Err(e) => panic!("extraction failed: {e}"),
    }
}

/// The paragraph numbered `number`.
fn para<'a>(doc: &'a Document, number: &str) -> &'a paragraphd::model::Paragraph {
    doc.paragraphs
        .iter()
        .find(|p| p.number.as_deref() == Some(number))
        .unwrap_or_else(|| panic!("no paragraph {number} in {:#?}", doc.paragraphs))
}

/// Asserts `got` is `(page, x0, y0, x1, y1)` within `tol` points: (horizontal, vertical).
fn assert_rect(got: &Rect, want: (u32, f32, f32, f32, f32), tol: (f32, f32)) {
    let (page, x0, y0, x1, y1) = want;
    let edges = [
        (got.x, x0, tol.0),
        (got.y, y0, tol.1),
        (got.x + got.width, x1, tol.0),
        (got.y + got.height, y1, tol.1),
    ];
    assert!(
        got.page == page && edges.iter().all(|(g, w, t)| (g - w).abs() <= *t),
        "got {got:?} = ({}, {}, {}, {}, {}), want {want:?} ± {tol:?}",
        got.page,
        got.x,
        got.y,
        got.x + got.width,
        got.y + got.height
    );
}

/// Courier at 10 pt: every glyph 6 pt wide. Vertical extent of a line: the font's ascender and
/// descender (Courier AFM: 629 and −157 per 1000), from the baseline, which is 792 − y.
const ASCENT: f32 = 6.29;
const DESCENT: f32 = 1.57;

/// Two pages of US Letter: paragraph 1 (two lines), paragraph 2 (a footnote call, items, and a
/// page break), paragraph 3; a footnote body and a job-number footer on page 1, a symbol
/// header and the footer on page 2.
fn two_page_pdf() -> Vec<u8> {
    let page1 = [
        draw("F1", 10.0, 72.0, 700.0, 0.0, "1."),
        draw(
            "F1",
            10.0,
            108.0,
            700.0,
            0.0,
            "The first paragraph opens here",
        ),
        draw(
            "F1",
            10.0,
            72.0,
            688.0,
            0.0,
            "and it ends here on a longer second line.",
        ),
        draw("F1", 10.0, 72.0, 664.0, 0.0, "2."),
        draw(
            "F1",
            10.0,
            108.0,
            664.0,
            0.0,
            "The second paragraph has a note",
        ),
        draw("F1", 6.0, 294.0, 664.0, 4.0, "1"),
        draw("F1", 10.0, 300.0, 664.0, 0.0, "and lists:"),
        draw("F1", 10.0, 108.0, 652.0, 0.0, "(a) a first item;"),
        draw(
            "F1",
            10.0,
            108.0,
            640.0,
            0.0,
            "(b) a second item, which goes on",
        ),
        draw(
            "F1",
            8.0,
            72.0,
            80.0,
            0.0,
            "1 The footnote body, set wide and long.",
        ),
        draw("F1", 10.0, 72.0, 40.0, 0.0, "GE.26-10001"),
    ]
    .concat();
    let page2 = [
        draw("F1", 10.0, 72.0, 760.0, 0.0, "A/HRC/99/1"),
        draw("F1", 10.0, 108.0, 700.0, 0.0, "to the next page."),
        draw("F1", 10.0, 72.0, 676.0, 0.0, "3."),
        draw("F1", 10.0, 108.0, 676.0, 0.0, "The third paragraph."),
        draw("F1", 10.0, 72.0, 40.0, 0.0, "GE.26-10001"),
    ]
    .concat();
    pdf_support::pdf(&[page(page1), page(page2)])
}

/// Top and bottom of a 10 pt Courier line whose baseline is drawn at `y` (PDF user space).
fn vertical(y: f32) -> (f32, f32) {
    let baseline = 792.0 - y;
    (baseline - ASCENT, baseline + DESCENT)
}

#[test]
fn boxes_are_the_union_of_a_paragraphs_lines_per_page() {
    let doc = parse_pdf(&two_page_pdf());
    let sizes: Vec<_> = doc.pages.iter().map(|p| p.size).collect();
    let letter = Some(paragraphd::model::Size {
        width: 612.0,
        height: 792.0,
    });
    assert_eq!(sizes, [letter, letter]);

    // Paragraph 1: the marker line (72 + 6 × 36 = 288) and the longer second line (72 + 6 × 41).
    let p1 = para(&doc, "1");
    assert_eq!(p1.boxes.len(), 1, "{:?}", p1.boxes);
    let (top, _) = vertical(700.0);
    let (_, bottom) = vertical(688.0);
    assert_rect(&p1.boxes[0], (1, 72.0, top, 318.0, bottom), EXACT);

    // Paragraph 2 on page 1: its first line (to `lists:`, 300 + 6 × 10) and both items; not
    // the footnote body (wider, lower) nor the footer.
    let p2 = para(&doc, "2");
    assert_eq!((p2.page_start, p2.page_end), (1, 2));
    assert_eq!(p2.items.len(), 2, "{:?}", p2.items);
    assert_eq!(p2.boxes.len(), 2, "{:?}", p2.boxes);
    let (top, _) = vertical(664.0);
    let (_, bottom) = vertical(640.0);
    assert_rect(&p2.boxes[0], (1, 72.0, top, 360.0, bottom), EXACT);
    // On page 2: the one continuation line (108 + 6 × 17), not the header above it.
    let (top, bottom) = vertical(700.0);
    assert_rect(&p2.boxes[1], (2, 108.0, top, 210.0, bottom), EXACT);

    let p3 = para(&doc, "3");
    let (top, bottom) = vertical(676.0);
    assert_rect(&p3.boxes[0], (2, 72.0, top, 228.0, bottom), EXACT);
    assert_eq!(doc.footnotes.len(), 1, "{:?}", doc.footnotes);
}

#[test]
fn text_input_gives_no_boxes_and_no_page_sizes() {
    let input = "1. The first paragraph.\n\n2. The second paragraph.\n";
    let doc = match text::extract(input.as_bytes(), LIMIT) {
        Ok(e) => analyze(&e),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(doc.paragraphs.len(), 2);
    assert!(doc.paragraphs.iter().all(|p| p.boxes.is_empty()));
    assert!(doc.pages.iter().all(|p| p.size.is_none()));
}

fn corpus_pdf(name: &str) -> Document {
    let path = format!("{}/../shared/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_pdf(&bytes)
}

/// Tolerance against poppler: horizontal edges agree to a fraction of a point; vertical edges
/// depend on the ascent and descent each reader takes for the font (ours from the font
/// descriptor, up to 0.89 em above the baseline for this Times; poppler's lower), up to ~2.1 pt
/// at the top of a 10 pt line.
const POPPLER_TOL: (f32, f32) = (0.5, 2.5);

/// Positions measured with `pdftotext -bbox-layout -f 3 -l 4 andorra2011.pdf` (poppler 22.12):
/// the union of the `<line>` boxes of each paragraph, rounded to 0.01 pt.
#[test]
fn andorra_2011_boxes_match_poppler() {
    let doc = corpus_pdf("upr/andorra2011.pdf");
    let size = doc.pages[2].size.expect("page size");
    assert_eq!((size.width, size.height), (595.0, 842.0));
    // Paragraph 3: marker line at 246.96, items (a)–(c), last line `(A/HRC/WG.6/9/AND/3).`.
    let p3 = para(&doc, "3");
    assert_eq!(p3.boxes.len(), 1, "{:?}", p3.boxes);
    assert_rect(
        &p3.boxes[0],
        (3, 113.40, 246.96, 482.07, 369.97),
        POPPLER_TOL,
    );
    // Paragraph 7 runs from the foot of page 3 to the top of page 4 (the header `A/HRC/16/8`
    // at 58.95 and the page number at 748.77 are not part of it).
    let p7 = para(&doc, "7");
    assert_eq!((p7.page_start, p7.page_end), (3, 4));
    assert_eq!(p7.boxes.len(), 2, "{:?}", p7.boxes);
    assert_rect(
        &p7.boxes[0],
        (3, 113.40, 689.46, 482.13, 722.47),
        POPPLER_TOL,
    );
    assert_rect(
        &p7.boxes[1],
        (4, 113.40, 87.96, 482.06, 120.97),
        POPPLER_TOL,
    );
}

/// Positions measured with `pdftotext -bbox-layout -f 5 -l 5 A_79_352.en.pdf` (poppler 22.12),
/// page size with `pdfinfo`: a General Assembly report of 2024, another producer than the UPR
/// reports.
#[test]
fn a_79_352_boxes_match_poppler() {
    let doc = corpus_pdf("un2025/A_79_352.en.pdf");
    let size = doc.pages[4].size.expect("page size");
    assert!(
        (size.width - 612.0).abs() < 0.01 && (size.height - 792.0).abs() < 0.01,
        "{size:?}"
    );
    let p1 = para(&doc, "1");
    assert_eq!(p1.boxes.len(), 1, "{:?}", p1.boxes);
    assert_rect(
        &p1.boxes[0],
        (5, 123.38, 100.47, 488.01, 147.49),
        POPPLER_TOL,
    );
    let p2 = para(&doc, "2");
    assert_rect(
        &p2.boxes[0],
        (5, 123.38, 154.47, 488.27, 201.49),
        POPPLER_TOL,
    );
}
