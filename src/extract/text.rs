//! Text extraction: pdftotext output (pages split by form feeds) or any plain text.

use super::{ExtractError, Extracted, Line, PageLines};

/// Splits text bytes into pages (form feeds) of lines.
pub fn extract(bytes: &[u8], limit: usize) -> Result<Extracted, ExtractError> {
    if bytes.len() > limit {
        return Err(ExtractError::TooLarge { size: bytes.len(), limit });
    }
    let text = String::from_utf8_lossy(bytes);
    let pages = text
        .split('\u{c}')
        .map(|page| PageLines {
            lines: page.lines().map(|l| Line { text: l.to_owned(), geometry: None }).collect(),
            size: None,
        })
        .collect();
    Ok(Extracted { pages, diagnostics: Vec::new() })
}
