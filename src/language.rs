//! The six official languages of the United Nations, as the store and the requests name them:
//! ISO 639-1 codes in lower case. Pure.

/// The codes accepted wherever a request names a language, in alphabetical order: Arabic,
/// English, Spanish, French, Russian, Chinese.
pub const CODES: [&str; 6] = ["ar", "en", "es", "fr", "ru", "zh"];

/// The language a symbol names without one being asked for, when it is held.
pub const DEFAULT: &str = "en";

/// The code `text` names (any case, surrounding white space ignored), or `None` when it is not
/// one of [`CODES`].
pub fn code(text: &str) -> Option<&'static str> {
    let text = text.trim();
    CODES
        .iter()
        .find(|code| code.eq_ignore_ascii_case(text))
        .copied()
}

/// A document's language as the store keys it: trimmed, lower case (a language the parser or
/// an ingest set outside [`CODES`] is kept as it is, so it stays a version of its own).
pub fn key(language: &str) -> String {
    language.trim().to_lowercase()
}

/// What a field violation says of a code that is not one of [`CODES`].
pub fn unknown(text: &str) -> String {
    format!(
        "{text:?} is not a language code; use one of {} (ISO 639-1, the six UN languages)",
        CODES.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_in_any_case_and_nothing_else_is() {
        assert_eq!(code(" FR "), Some("fr"));
        assert_eq!(code("zh"), Some("zh"));
        assert_eq!(code("fra"), None);
        assert_eq!(code(""), None);
        assert_eq!(code("de"), None);
        assert!(unknown("de").contains("ar, en, es, fr, ru, zh"));
    }
}
