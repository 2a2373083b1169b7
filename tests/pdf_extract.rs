//! PDF extraction on small PDFs written by the tests: line building (baselines, superscript
//! calls, glued markers, wide gaps, paragraph breaks), coordinates, and the clear errors for
//! input that cannot be read.

use crate::pdf_support;

use std::time::Duration;

use paragraphd::extract::clock::TimeBudget;
use paragraphd::extract::pdf::{self, PdfOptions};
use paragraphd::extract::{ExtractError, Extracted, Line};
use pdf_support::{page, pdf, text};

const LIMIT: usize = 1 << 20;

fn extract(bytes: &[u8]) -> Extracted {
    match pdf::extract(bytes, LIMIT) {
        Ok(e) => e,
        Err(e) => panic!("extraction failed: {e}"),
    }
}

fn texts(lines: &[Line]) -> Vec<&str> {
    lines.iter().map(|l| l.text.as_str()).collect()
}

fn unreadable_reason(result: Result<Extracted, ExtractError>) -> String {
    match result {
        Err(ExtractError::Unreadable { format, reason }) => {
            assert_eq!(format, "PDF");
            reason
        }
        other => panic!("expected Unreadable, got {other:?}"),
    }
}

#[test]
fn lines_follow_baselines_and_keep_markers_with_their_text() {
    let content = [
        // `1.` at the margin, its text at the indent 2.4 em further: one line.
        text("F1", 10.0, 72.0, 700.0, 0.0, "1."),
        text("F1", 10.0, 108.0, 700.0, 0.0, "The first paragraph"),
        text("F1", 10.0, 72.0, 688.0, 0.0, "goes on here."),
        // A paragraph break (24 pt between baselines, pitch 12): an empty line.
        text("F1", 10.0, 72.0, 664.0, 0.0, "2."),
        text("F1", 10.0, 108.0, 664.0, 0.0, "Second."),
    ]
    .concat();
    let ex = extract(&pdf(&[page(content)]));
    assert_eq!(ex.pages.len(), 1);
    assert_eq!(
        texts(&ex.pages[0].lines),
        ["1. The first paragraph", "goes on here.", "", "2. Second."]
    );
}

#[test]
fn geometry_is_in_points_from_the_top_left() {
    let ex = extract(&pdf(&[page(text("F1", 10.0, 72.0, 700.0, 0.0, "Hello"))]));
    let size = ex.pages[0].size.expect("page size");
    assert_eq!((size.width, size.height), (612.0, 792.0));
    let g = ex.pages[0].lines[0].geometry.clone().expect("geometry");
    // Courier: 5 glyphs × 6 pt; baseline 792 − 700 = 92.
    assert!((g.x0 - 72.0).abs() < 0.01, "{g:?}");
    assert!((g.x1 - 102.0).abs() < 0.01, "{g:?}");
    assert!((g.baseline - 92.0).abs() < 0.01, "{g:?}");
    assert!(g.y0 < g.baseline && g.baseline < g.y1, "{g:?}");
    assert!(
        g.baseline - g.y0 <= 10.0 && g.y1 - g.baseline <= 4.0,
        "{g:?}"
    );
    assert_eq!(g.font_size, 10.0);
    assert!(g.font_name.contains("Courier"), "{g:?}");
    assert!(!g.bold);
}

#[test]
fn bold_lines_are_marked_bold() {
    let ex = extract(&pdf(&[page(text(
        "F2",
        12.0,
        72.0,
        700.0,
        0.0,
        "I. Introduction",
    ))]));
    let g = ex.pages[0].lines[0].geometry.clone().expect("geometry");
    assert!(g.bold, "{g:?}");
}

#[test]
fn superscript_calls_stay_glued_and_are_recorded() {
    let content = [
        text("F1", 10.0, 72.0, 700.0, 0.0, "rights"),
        // 6 pt, raised 4 pt, right after `rights` (6 glyphs × 6 pt).
        text("F1", 6.0, 108.0, 700.0, 4.0, "12"),
        text("F1", 10.0, 124.0, 700.0, 0.0, "and duties"),
    ]
    .concat();
    let ex = extract(&pdf(&[page(content)]));
    let line = &ex.pages[0].lines[0];
    assert_eq!(line.text, "rights12 and duties");
    let g = line.geometry.clone().expect("geometry");
    assert_eq!(g.superscripts.len(), 1, "{g:?}");
    assert_eq!(g.superscripts[0], 6..8);
    assert_eq!(g.font_size, 10.0);
    assert!((g.baseline - 92.0).abs() < 0.01, "{g:?}");
}

/// Class "footnote calls left in text" (PDF): a justified line sets the call a little apart
/// from the full stop before it (`2010. ³ Apart`); the call stays glued (`2010.3 Apart`), so the
/// parse reads it as a call, while a call a word space away keeps its space.
#[test]
fn a_call_set_a_little_apart_after_a_full_stop_stays_glued() {
    let content = [
        // `2010.` ends at 102; the call 1.5 pt (0.15 em) after it, the next word after a space.
        text("F1", 10.0, 72.0, 700.0, 0.0, "2010."),
        text("F1", 6.0, 103.5, 700.0, 4.0, "3"),
        text("F1", 10.0, 110.0, 700.0, 0.0, "Apart"),
        // A raised `4` a full word space (3 pt) after `from`.
        text("F1", 10.0, 72.0, 680.0, 0.0, "from"),
        text("F1", 6.0, 99.0, 680.0, 4.0, "4"),
        text("F1", 10.0, 106.0, 680.0, 0.0, "here"),
    ]
    .concat();
    let ex = extract(&pdf(&[page(content)]));
    assert_eq!(texts(&ex.pages[0].lines), ["2010.3 Apart", "from 4 here"]);
}

#[test]
fn a_marker_glued_to_its_text_gets_a_space() {
    // `100.` fills the indent: `The` starts where the marker ends.
    let content = [
        text("F1", 10.0, 72.0, 700.0, 0.0, "100."),
        text("F1", 10.0, 96.0, 700.0, 0.0, "The report"),
    ]
    .concat();
    let ex = extract(&pdf(&[page(content)]));
    assert_eq!(texts(&ex.pages[0].lines), ["100. The report"]);
}

#[test]
fn wide_gaps_on_one_baseline_make_separate_lines() {
    let content = [
        text("F1", 9.0, 72.0, 40.0, 0.0, "2"),
        text("F1", 9.0, 400.0, 40.0, 0.0, "GE.22-29477"),
    ]
    .concat();
    let ex = extract(&pdf(&[page(content)]));
    assert_eq!(texts(&ex.pages[0].lines), ["2", "GE.22-29477"]);
}

#[test]
fn crop_box_and_rotation_set_the_displayed_frame() {
    let mut cropped = page(text("F1", 10.0, 72.0, 700.0, 0.0, "Cropped"));
    cropped.extra = "/CropBox [36 36 576 756]".into();
    let mut rotated = page(text("F1", 10.0, 72.0, 700.0, 0.0, "Upright"));
    rotated.extra = "/Rotate 90".into();
    // Text turned with the page (text matrix rotated by 90°) is upright on screen.
    let mut landscape = page("BT /F1 10 Tf 0 1 -1 0 100 72 Tm (Landscape) Tj ET\n");
    landscape.extra = "/Rotate 90".into();
    let ex = extract(&pdf(&[cropped, rotated, landscape]));
    let size = ex.pages[0].size.expect("size");
    assert_eq!((size.width, size.height), (540.0, 720.0));
    let g = ex.pages[0].lines[0].geometry.clone().expect("geometry");
    assert!(
        (g.x0 - 36.0).abs() < 0.01 && (g.baseline - 56.0).abs() < 0.01,
        "{g:?}"
    );
    // Text drawn horizontally on a page turned by 90° runs vertically on screen: not a line.
    let size = ex.pages[1].size.expect("size");
    assert_eq!((size.width, size.height), (792.0, 612.0));
    assert!(ex.pages[1].lines.is_empty(), "{:?}", ex.pages[1].lines);
    assert_eq!(texts(&ex.pages[2].lines), ["Landscape"]);
    let g = ex.pages[2].lines[0].geometry.clone().expect("geometry");
    assert!(
        (g.x0 - 72.0).abs() < 0.01 && (g.baseline - 100.0).abs() < 0.01,
        "{g:?}"
    );
}

#[test]
fn pages_keep_their_order_and_count() {
    let ex = extract(&pdf(&[
        page(text("F1", 10.0, 72.0, 700.0, 0.0, "one")),
        page(text("F1", 10.0, 72.0, 700.0, 0.0, "two")),
    ]));
    assert_eq!(ex.pages.len(), 2);
    assert_eq!(texts(&ex.pages[1].lines), ["two"]);
}

#[test]
fn input_that_is_not_a_pdf_is_wrong_format() {
    for bytes in [&b"hello, world"[..], b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"] {
        match pdf::extract(bytes, LIMIT) {
            Err(ExtractError::WrongFormat { expected, reason }) => {
                assert_eq!(expected, "PDF");
                assert!(reason.contains("%PDF-"), "{reason}");
            }
            other => panic!("expected WrongFormat, got {other:?}"),
        }
    }
    assert_eq!(pdf::extract(b"  \n", LIMIT), Err(ExtractError::Empty));
}

#[test]
fn input_over_the_limit_is_too_large() {
    let bytes = pdf(&[page(text("F1", 10.0, 72.0, 700.0, 0.0, "x"))]);
    assert_eq!(
        pdf::extract(&bytes, 100),
        Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: 100
        })
    );
}

#[test]
fn a_page_without_text_is_refused_as_scanned() {
    let bytes = pdf(&[page("0 0 m 100 100 l S\n"), page("")]);
    let reason = unreadable_reason(pdf::extract(&bytes, LIMIT));
    assert!(reason.contains("no text layer"), "{reason}");
    assert!(reason.contains("OCR is not supported"), "{reason}");
}

#[test]
fn a_truncated_pdf_is_unreadable_not_empty() {
    let bytes = pdf(&[page(text("F1", 10.0, 72.0, 700.0, 0.0, "Hello"))]);
    for cut in [9, 40, bytes.len() / 2] {
        let reason = unreadable_reason(pdf::extract(&bytes[..cut], LIMIT));
        assert!(!reason.is_empty());
    }
}

#[test]
fn no_time_left_is_a_timeout() {
    let bytes = pdf(&[page(text("F1", 10.0, 72.0, 700.0, 0.0, "Hello"))]);
    let options = PdfOptions {
        limit: LIMIT,
        budget: TimeBudget::new(Duration::ZERO),
    };
    let reason = unreadable_reason(pdf::extract_with(&bytes, options));
    assert!(reason.contains("timed out"), "{reason}");
}

/// Fixtures made once with qpdf 11.3 from a one-page Courier PDF reading `1. Encrypted text`:
/// `qpdf [--allow-weak-crypto] --encrypt USER owner {128 --use-aes=n | 256} -- plain.pdf OUT`,
/// USER `secret` (a password is needed) or empty (permissions only; readers open it).
fn fixture(name: &str) -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pdf_fixtures/");
    std::fs::read(format!("{path}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn a_pdf_needing_a_password_is_refused_as_encrypted() {
    for name in [
        "encrypted_rc4_password.pdf",
        "encrypted_aes256_password.pdf",
    ] {
        let reason = unreadable_reason(pdf::extract(&fixture(name), LIMIT));
        assert!(reason.contains("encrypted"), "{name}: {reason}");
    }
}

#[test]
fn a_pdf_encrypted_without_a_user_password_is_read() {
    for name in [
        "encrypted_rc4_no_user_password.pdf",
        "encrypted_aes256_no_user_password.pdf",
    ] {
        let ex = extract(&fixture(name));
        assert_eq!(texts(&ex.pages[0].lines), ["1. Encrypted text"], "{name}");
    }
}
