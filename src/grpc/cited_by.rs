//! `CitedBy`'s stream: the selection is evaluated in its document when the call starts, the
//! citers of the paragraphs it matches are read from the snapshot's citation index, and each
//! citing paragraph is converted only when the stream is polled for it.

use std::sync::Arc;

use tokio_stream::Stream;
use tonic::Status;

use crate::error::Error;
use crate::grpc::convert::{self, SelectRequest};
use crate::pb;
use crate::query::{self, Role};
use crate::store::Snapshot;

/// The citers of the paragraphs `request` selects in its document, at most `request.limit`
/// (0: all), read from `snapshot` alone.
pub(crate) fn citers(
    snapshot: Arc<Snapshot>,
    request: SelectRequest,
) -> Result<impl Stream<Item = Result<pb::CitingParagraph, Status>> + Unpin + Send + 'static, Error>
{
    let key = request.document.as_deref().unwrap_or_default();
    let idx = snapshot.locate(key, request.language)?;
    let doc = snapshot
        .at(idx)
        .cloned()
        .ok_or_else(|| snapshot.not_found(key))?;
    let matched: Vec<u32> = query::evaluate(&doc, &request.selection)?
        .into_iter()
        .filter(|hit| hit.role == Role::Match)
        .map(|hit| hit.ordinal)
        .collect();
    let limit = match request.limit {
        0 => usize::MAX,
        n => n as usize,
    };
    let found = snapshot.cited_by(idx, &matched);
    let messages = found
        .into_iter()
        .take(limit)
        .filter_map(move |(ordinal, citing)| convert::citing(&snapshot, &doc, ordinal, citing))
        .map(Ok);
    Ok(tokio_stream::iter(messages))
}
