//! Exports of a document in formats other systems import: Uwazi's table of contents and
//! references ([`uwazi`]), Markdown with paragraph anchors ([`markdown`]) and Akoma Ntoso
//! ([`akn`]). Pure: a document
//! and the ordinals of a selection in, bytes out.

pub mod akn;
pub mod markdown;
pub mod uwazi;

use crate::error::Error;
use crate::model::Document;

/// The formats [`export`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Uwazi's table of contents (JSON).
    UwaziToc,
    /// Uwazi references, one per selected paragraph (JSON).
    UwaziReferences,
    /// Markdown with paragraph anchors.
    Markdown,
    /// Akoma Ntoso 3.0 XML.
    AkomaNtoso,
}

/// One export: its media type and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// Media type, e.g. `application/json`.
    pub content_type: &'static str,
    /// The whole export.
    pub bytes: Vec<u8>,
}

/// Writes `doc` in `format`; `ordinals` (1-based, in document order) are the selected
/// paragraphs (the table of contents ignores them).
pub fn export(doc: &Document, format: Format, ordinals: &[u32]) -> Result<Export, Error> {
    let (content_type, text) = match format {
        Format::UwaziToc => ("application/json", uwazi::toc(doc)),
        Format::UwaziReferences => ("application/json", uwazi::references(doc, ordinals)?),
        Format::Markdown => (
            "text/markdown; charset=utf-8",
            markdown::markdown(doc, ordinals),
        ),
        Format::AkomaNtoso => ("application/akn+xml", akn::akn(doc, ordinals)),
    };
    Ok(Export {
        content_type,
        bytes: text.into_bytes(),
    })
}
