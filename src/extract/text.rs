//! Text extraction: pdftotext output (pages split by form feeds), a viewer's flattened text
//! layer, or any plain text.
//!
//! Bytes are decoded as UTF-8. A few invalid bytes (a Latin-1 `é` in UTF-8 text) are replaced
//! with U+FFFD and reported in a diagnostic; input of which more than a tenth of the bytes are
//! not UTF-8 (another encoding, binary data) is refused, as is input that is mostly control
//! characters: neither is text paragraphd could store faithfully.

mod hyphens;

use super::{ExtractError, Extracted, Line, PageLines};
use crate::model::{Diagnostic, Severity};

/// Share of control characters (other than tab, line feed, carriage return, form feed) above
/// which the input is taken for binary data.
const MAX_CONTROL_SHARE: f64 = 0.05;
/// Share of bytes that are not valid UTF-8 above which the input is refused as not being UTF-8
/// text (a legacy encoding of a non-Latin script, or binary data); below it, they are replaced.
const MAX_INVALID_UTF8_SHARE: f64 = 0.10;

/// Splits text bytes into pages (form feeds) of lines.
///
/// Errors: [`ExtractError::TooLarge`] over `limit` bytes, [`ExtractError::Empty`] when only
/// whitespace remains, [`ExtractError::WrongFormat`] for binary data (NULs, control characters)
/// and for input that is not UTF-8 (over a tenth of its bytes invalid).
pub fn extract(bytes: &[u8], limit: usize) -> Result<Extracted, ExtractError> {
    if bytes.len() > limit {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit,
        });
    }
    let mut diagnostics = Vec::new();
    diagnostics.extend(check_utf8(bytes)?);
    let text = String::from_utf8_lossy(bytes);
    check_is_text(&text)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut pages: Vec<PageLines> = text.split('\u{c}').map(page_lines).collect();
    // pdftotext ends the last page with a form feed: drop the empty page it leaves.
    if pages.len() > 1 && pages.last().is_some_and(|p| p.lines.is_empty()) {
        pages.pop();
    }
    let restored = hyphens::restore(&mut pages);
    if restored > 0 {
        diagnostics.push(Diagnostic {
            severity: Severity::Info,
            code: "hyphens-restored",
            message: format!(
                "{restored} hyphens put back in words that the text joined at a line end \
                 (`SecretaryGeneral`, `webbased`)"
            ),
            ..Diagnostic::default()
        });
    }
    Ok(Extracted { pages, diagnostics })
}

/// Refuses input that is not UTF-8; a diagnostic when a few bytes are invalid.
fn check_utf8(bytes: &[u8]) -> Result<Option<Diagnostic>, ExtractError> {
    if std::str::from_utf8(bytes).is_ok() {
        return Ok(None);
    }
    let mut n_invalid = 0usize;
    let mut first = None;
    let mut offset = 0usize;
    for chunk in bytes.utf8_chunks() {
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            first.get_or_insert(offset);
            n_invalid += chunk.invalid().len();
        }
        offset += chunk.invalid().len();
    }
    let n_bytes = bytes.len();
    if n_invalid as f64 > MAX_INVALID_UTF8_SHARE * n_bytes as f64 {
        return Err(ExtractError::WrongFormat {
            expected: "UTF-8 text",
            reason: format!("{n_invalid} of {n_bytes} bytes are not valid UTF-8"),
        });
    }
    let bytes_are = if n_invalid == 1 {
        "byte is"
    } else {
        "bytes are"
    };
    Ok(Some(Diagnostic {
        severity: Severity::Warning,
        code: "invalid-utf8",
        message: format!(
            "{n_invalid} {bytes_are} not valid UTF-8 (the first at byte {}); replaced with U+FFFD",
            first.unwrap_or(0)
        ),
        page: None,
    }))
}

/// Refuses empty input and binary data.
fn check_is_text(text: &str) -> Result<(), ExtractError> {
    let mut n_chars = 0usize;
    let mut n_control = 0usize;
    let mut n_visible = 0usize;
    for c in text.chars() {
        n_chars += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}') {
            n_control += 1;
        } else if !c.is_whitespace() && c != '\u{feff}' {
            n_visible += 1;
        }
    }
    if n_visible == 0 {
        return Err(ExtractError::Empty);
    }
    if n_control as f64 > MAX_CONTROL_SHARE * n_chars as f64 {
        return Err(ExtractError::WrongFormat {
            expected: "text",
            reason: format!("{n_control} of {n_chars} characters are control characters"),
        });
    }
    Ok(())
}

/// The lines of one page, without line terminators; a page of blank lines has no lines.
fn page_lines(page: &str) -> PageLines {
    let lines: Vec<Line> = page
        .lines()
        .map(|l| Line {
            text: l.trim_end_matches('\r').to_owned(),
            geometry: None,
        })
        .collect();
    let lines = if lines.iter().all(|l| l.text.trim().is_empty()) {
        Vec::new()
    } else {
        lines
    };
    PageLines { lines, size: None }
}
