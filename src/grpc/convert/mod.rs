//! Domain ↔ wire conversions, all in one place: [`request`] validates incoming messages into
//! domain requests (destructured field by field, so a new proto field is a compile error there
//! until it is handled), [`outgoing`] builds wire messages from domain results, [`align`] does
//! both for `AlignParagraphs`, [`locate`] for `LocateParagraphs` and `ExportDocument`,
//! [`search`] both for `SearchParagraphs`, [`page_token`] encodes where a selection resumes, and
//! `parsed` keeps the citations requests name, parsed, in a bounded cache.

pub(crate) mod align;
pub(crate) mod cites;
pub(crate) mod locate;
pub(crate) mod outgoing;
pub(crate) mod page_token;
mod parsed;
pub mod request;
pub(crate) mod search;

pub(crate) use align::{AlignRequest, align_header, align_request, align_row};
pub(crate) use locate::{
    EXPORT_CHUNK_BYTES, ExportRequest, export_chunk, export_request, locate_request, located,
};
pub use outgoing::document;
pub(crate) use outgoing::{
    change, check_readable, citing, document_within, event, hit, ingested, summary,
};
pub(crate) use request::{
    SelectRequest, View, cited_by_request, ingest_request, language_field, list_request,
    select_request, upload_header,
};
pub(crate) use search::{SearchCall, search_hit, search_request};
