//! Content encoded twice: base64 of a document where the document's bytes were expected.
//!
//! A JSON client (grpcurl) decodes the base64 of a `bytes` field once; content that was
//! encoded twice (`base64 file | base64`) arrives as base64 text. Pure: it looks at the bytes.
//! Ordinary text is never base64: it has spaces and punctuation, which the base64 alphabet
//! lacks, so only content made of base64 characters alone (and line breaks) whose decoded start
//! is a PDF or readable text is taken for it.

use base64::Engine as _;

/// Base64 characters decoded to judge the content (a multiple of 4).
const PROBE_CHARS: usize = 4096;
/// Content shorter than this is never judged encoded (a lone word is base64 by chance).
const MIN_CHARS: usize = 24;

/// What `content` decodes to when it is base64 of a document — `"a PDF"` or `"text"` — or
/// `None` when it is not base64 (or not of a document).
pub fn encoded_twice(content: &[u8]) -> Option<&'static str> {
    let is_alphabet = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=');
    let is_break = |b: &u8| matches!(b, b'\n' | b'\r');
    if !content.iter().all(|b| is_alphabet(b) || is_break(b)) {
        return None;
    }
    let chars: Vec<u8> = content.iter().copied().filter(is_alphabet).collect();
    if chars.len() < MIN_CHARS || !chars.len().is_multiple_of(4) {
        return None;
    }
    let probe = &chars[..chars.len().min(PROBE_CHARS)];
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(probe)
        .ok()?;
    if decoded.starts_with(b"%PDF-") {
        return Some("a PDF");
    }
    is_readable_text(&decoded).then_some("text")
}

/// Whether `bytes` is UTF-8 text (a character cut at the end aside) with white space between
/// words and few control characters.
fn is_readable_text(bytes: &[u8]) -> bool {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return false,
    };
    let n = text.chars().count().max(1);
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !c.is_whitespace())
        .count();
    let spaces = text.chars().filter(|c| c.is_whitespace()).count();
    controls * 20 < n && spaces > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(bytes: &[u8]) -> Vec<u8> {
        base64::engine::general_purpose::STANDARD
            .encode(bytes)
            .into_bytes()
    }

    /// `base64` wraps its output at 76 columns.
    fn wrapped(encoded: &[u8]) -> Vec<u8> {
        encoded.chunks(76).collect::<Vec<_>>().join(&b'\n')
    }

    #[test]
    fn base64_of_text_or_of_a_pdf_is_encoded_twice_wrapped_or_not() {
        let text = b"A/HRC/52/71\n53. All States, the United Nations and regional organizations";
        assert_eq!(encoded_twice(&encode(text)), Some("text"));
        assert_eq!(encoded_twice(&wrapped(&encode(text))), Some("text"));
        let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
        assert_eq!(encoded_twice(&wrapped(&encode(pdf))), Some("a PDF"));
    }

    #[test]
    fn text_random_bytes_and_short_words_are_not() {
        assert_eq!(encoded_twice(b"53. All States should act.\n"), None);
        assert_eq!(
            encoded_twice(b"Summary\nIntroduction\nRecommendations\n"),
            None
        );
        assert_eq!(encoded_twice(b"Test"), None);
        let random: Vec<u8> = (0..300u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert_eq!(encoded_twice(&encode(&random)), None);
    }
}
