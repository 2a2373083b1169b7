//! Text extraction: pdftotext output (pages split by form feeds), a viewer's flattened text
//! layer, or any plain text.
//!
//! Bytes are decoded as UTF-8; invalid sequences are replaced (with a diagnostic) rather than
//! refused. Input that is mostly control characters is refused as not being text at all.

use super::{ExtractError, Extracted, Line, PageLines};
use crate::model::{Diagnostic, Severity};

/// Share of control characters (other than tab, line feed, carriage return, form feed) above
/// which the input is taken for binary data.
const MAX_CONTROL_SHARE: f64 = 0.05;

/// Splits text bytes into pages (form feeds) of lines.
///
/// Errors: [`ExtractError::TooLarge`] over `limit` bytes, [`ExtractError::Empty`] when only
/// whitespace remains, [`ExtractError::WrongFormat`] for binary data (NULs, control characters).
pub fn extract(bytes: &[u8], limit: usize) -> Result<Extracted, ExtractError> {
    if bytes.len() > limit {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit,
        });
    }
    let mut diagnostics = Vec::new();
    let text = String::from_utf8_lossy(bytes);
    if let std::borrow::Cow::Owned(_) = text {
        diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            code: "invalid-utf8",
            message: "input is not valid UTF-8; invalid bytes were replaced with U+FFFD".into(),
            page: None,
        });
    }
    check_is_text(&text)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut pages: Vec<PageLines> = text.split('\u{c}').map(page_lines).collect();
    // pdftotext ends the last page with a form feed: drop the empty page it leaves.
    if pages.len() > 1 && pages.last().is_some_and(|p| p.lines.is_empty()) {
        pages.pop();
    }
    Ok(Extracted { pages, diagnostics })
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
