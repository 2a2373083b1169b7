//! Page tokens: where a selection resumes, opaque to clients (`ORDINAL@DOCUMENT_ID`), and
//! where a search resumes (`search:HITS_SENT`, the hits of the pages before).

/// The token that resumes a selection after `ordinal` of `document_id`.
pub(crate) fn encode(document_id: &str, ordinal: u32) -> String {
    format!("{ordinal}@{document_id}")
}

pub(super) fn decode(token: &str) -> Option<(String, u32)> {
    let (ordinal, document) = token.split_once('@')?;
    Some((document.to_owned(), ordinal.parse().ok()?))
}

/// The token that resumes a search after its first `sent` hits.
pub(crate) fn encode_search(sent: usize) -> String {
    format!("search:{sent}")
}

pub(super) fn decode_search(token: &str) -> Option<usize> {
    token.strip_prefix("search:")?.parse().ok()
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
        assert_eq!(decode_search(&encode_search(40)), Some(40));
        assert_eq!(decode_search("40"), None);
    }
}
