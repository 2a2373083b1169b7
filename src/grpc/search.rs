//! The stream behind `SearchParagraphs` and each search query of `Query`.
//!
//! The search runs when the call starts, against the snapshot of that moment (documents and
//! index of one generation); its hits, at most one page ([`crate::search::limits::MAX_LIMIT`]),
//! are (document id, ordinal) pairs. Each is resolved in the same snapshot, highlighted and
//! converted only when the stream is polled for it.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio_stream::Stream;
use tonic::Status;

use crate::error::Error;
use crate::grpc::convert::{self, SearchCall};
use crate::pb;
use crate::search::Found;
use crate::store::Snapshot;

/// The hits of one search, converted as they are pulled.
#[derive(Debug)]
pub(crate) struct Searched {
    snapshot: Arc<Snapshot>,
    found: Found,
    call: SearchCall,
    next: usize,
}

impl Searched {
    /// Runs the search of `call` on `snapshot`; fails before any message is sent.
    pub(crate) fn new(snapshot: Arc<Snapshot>, call: SearchCall) -> Result<Self, Error> {
        let found = snapshot.search(call.request.clone())?;
        Ok(Self {
            snapshot,
            found,
            call,
            next: 0,
        })
    }

    /// The next hit on the wire, or `None` at the end.
    pub(crate) fn next_hit(&mut self) -> Option<Result<pb::SearchHit, Error>> {
        let hit = self.found.hits.get(self.next)?;
        self.next += 1;
        let rank = self.call.request.query.offset + self.next;
        let resolved = self.snapshot.get(&hit.document_id).and_then(|doc| {
            let paragraph = doc.paragraphs.get((hit.ordinal as usize).checked_sub(1)?)?;
            Some((doc, paragraph))
        });
        let Some((doc, paragraph)) = resolved else {
            // The index and the documents come from one snapshot: this is a bug, not a race.
            return Some(Err(Error::Internal(format!(
                "search index out of step: {} paragraph {} is not held",
                hit.document_id, hit.ordinal
            ))));
        };
        let highlights = self.found.highlights(doc, paragraph);
        Some(Ok(convert::search_hit(
            doc,
            paragraph,
            hit,
            rank,
            &highlights,
            &self.call,
        )))
    }
}

impl Stream for Searched {
    type Item = Result<pb::SearchHit, Status>;

    fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.next_hit().map(|hit| hit.map_err(Status::from)))
    }
}
