//! Domain ↔ wire conversions, all in one place: [`request`] validates incoming messages into
//! domain requests (destructured field by field, so a new proto field is a compile error there
//! until it is handled), [`outgoing`] builds wire messages from domain results, [`align`] does
//! both for `AlignParagraphs`, [`search`] both for `SearchParagraphs`, and [`page_token`] encodes where a selection resumes.

pub(crate) mod align;
pub(crate) mod outgoing;
pub(crate) mod page_token;
pub mod request;
pub(crate) mod search;

pub(crate) use align::{AlignRequest, align_header, align_request, align_row};
pub use outgoing::document;
pub(crate) use outgoing::{change, check_readable, document_within, event, hit, ingested, summary};
pub(crate) use request::{
    SelectRequest, View, ingest_request, language_field, list_request, select_request,
    upload_header,
};
pub(crate) use search::{SearchCall, search_hit, search_request};
