//! PDF extraction: glyphs with positions, fonts and sizes → pages of lines.
//!
//! The reader is `pdf_oxide` (pure Rust, pinned). For each page it yields glyphs with their
//! baseline origin, advance, font name, size, weight and style; [`lines`] builds lines from them.
//!
//! **Coordinates** are PDF points with the origin at the top-left corner of the page's visible
//! box (CropBox ∩ MediaBox) as displayed, y downwards: `/Rotate` is applied, so a landscape page
//! reads as landscape. `PageLines::size` is that box's displayed width and height.
//!
//! **Lines** group glyphs by baseline and font size, never by glyph boxes (a glyph box can be
//! 2.7× the font size in some fonts). Glyphs on one baseline separated by a wide gap (tables,
//! the masthead's left and right blocks, `page number … job number` footers) become separate
//! lines, except after a marker such as `12.`, `(a)` or `IV.`, which stays on the line of its
//! text. A vertical gap wider than a paragraph break becomes an empty line, as in `pdftotext`.
//!
//! **Footnote calls**: a superscript (smaller, raised) is kept glued to the word before it, as
//! `pdftotext` prints it (`rights12`), so the text path reads PDF lines unchanged; its byte range
//! is recorded in [`LineGeometry::superscripts`](super::LineGeometry::superscripts), so a
//! geometry-aware pass can tell `rights12` (word + call 12) from `A/HRC/12`.
//!
//! **Markers without a space**: a line starting with `100.` or `88.12.` glued to a capital
//! (`100.The`, when a three-digit number fills the indent) gets a space after the marker.
//!
//! **Hostile input**: the reader runs on its own thread behind `catch_unwind`, and the whole
//! extraction has a time budget ([`PdfOptions::budget`]), counted in the reader thread's CPU
//! time with a wall-clock backstop ([`super::clock`]). A panic becomes
//! [`ExtractError::Unreadable`]. Past the CPU budget the caller gets `Unreadable` ("timed out")
//! at once (it watches the reader thread's CPU clock while it waits); past the backstop with
//! CPU budget left, [`ExtractError::Starved`]. The reader thread cannot be killed, but it
//! checks the budget between pages and stops at the next page boundary, so a runaway costs at
//! most one page's work in the background. A single page that never ends would keep its thread busy: that is the trade-off
//! of an in-process reader (a subprocess would be the alternative).

mod bidi;
mod glyphs;
mod lines;
mod reader;
mod segments;

use std::time::Duration;

use super::clock::TimeBudget;
use super::{ExtractError, Extracted};

/// The format name used in errors.
const FORMAT: &str = "PDF";
/// CPU time budget of one document when none is given.
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(30);

/// How to extract one PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfOptions {
    /// Largest input accepted, in bytes.
    pub limit: usize,
    /// The time the extraction may take.
    pub budget: TimeBudget,
}

impl PdfOptions {
    /// Options with the given size limit and [`DEFAULT_BUDGET`].
    pub fn new(limit: usize) -> Self {
        Self {
            limit,
            budget: TimeBudget::new(DEFAULT_BUDGET),
        }
    }
}

/// Extracts the pages of lines of a PDF, with the default time budget.
///
/// Errors: [`ExtractError::TooLarge`] over `limit` bytes; [`ExtractError::WrongFormat`] when
/// the bytes are not a PDF; [`ExtractError::Unreadable`] when the PDF is encrypted with a
/// password, truncated (no `%%EOF` trailer at its end), damaged beyond reading, has no text layer (a scan: OCR is not supported), makes
/// the reader panic or takes longer than the budget. Never an empty success.
pub fn extract(bytes: &[u8], limit: usize) -> Result<Extracted, ExtractError> {
    extract_with(bytes, PdfOptions::new(limit))
}

/// Extracts the pages of lines of a PDF with explicit options; see [`extract`].
pub fn extract_with(bytes: &[u8], options: PdfOptions) -> Result<Extracted, ExtractError> {
    extract_metered(bytes, options).map(|(extracted, _)| extracted)
}

/// [`extract_with`], also returning the CPU time the reader thread used.
pub fn extract_metered(
    bytes: &[u8],
    options: PdfOptions,
) -> Result<(Extracted, Duration), ExtractError> {
    if bytes.len() > options.limit {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: options.limit,
        });
    }
    check_header(bytes)?;
    reader::run_guarded(bytes.to_vec(), options.budget)
}

/// Bytes scanned for the `%PDF-` header (readers accept junk before it).
const HEADER_WINDOW: usize = 1024;

/// Refuses input that is not a PDF at all.
fn check_header(bytes: &[u8]) -> Result<(), ExtractError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    let window = &bytes[..bytes.len().min(HEADER_WINDOW)];
    if window.windows(5).any(|w| w == b"%PDF-") {
        return Ok(());
    }
    let start: String = String::from_utf8_lossy(&bytes[..bytes.len().min(16)])
        .chars()
        .map(|c| if c.is_control() { '.' } else { c })
        .collect();
    Err(ExtractError::WrongFormat {
        expected: FORMAT,
        reason: format!("no %PDF- header; it starts with {start:?}"),
    })
}

/// An `Unreadable` error for a PDF.
fn unreadable(reason: impl Into<String>) -> ExtractError {
    ExtractError::Unreadable {
        format: FORMAT,
        reason: reason.into(),
    }
}
