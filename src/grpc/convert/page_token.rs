//! Page tokens: where a selection resumes, opaque to clients (`ORDINAL@DOCUMENT_ID`).

/// The token that resumes a selection after `ordinal` of `document_id`.
pub(crate) fn encode(document_id: &str, ordinal: u32) -> String {
    format!("{ordinal}@{document_id}")
}

pub(super) fn decode(token: &str) -> Option<(String, u32)> {
    let (ordinal, document) = token.split_once('@')?;
    Some((document.to_owned(), ordinal.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_decodes_to_what_it_encodes() {
        let token = encode("upr/argentina2012", 58);
        assert_eq!(decode(&token), Some(("upr/argentina2012".to_owned(), 58)));
        assert_eq!(decode("58"), None);
        assert_eq!(decode("x@doc"), None);
    }
}
