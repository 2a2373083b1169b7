//! The `WatchDocuments` change feed: an optional snapshot, then every change in order. A
//! watcher that falls behind gets a LAGGED event (it must resync with ListDocuments) and goes
//! on from the newest changes; it never slows a writer.

use std::pin::Pin;

use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tokio_stream::{Stream, StreamExt};
use tonic::Status;

use crate::grpc::convert;
use crate::pb::{self, DocumentEventKind as Kind};
use crate::store::Store;

type Events = Pin<Box<dyn Stream<Item = Result<pb::DocumentEvent, Status>> + Send>>;

/// The feed, starting now; with `include_snapshot`, first one ADDED per document held and
/// SNAPSHOT_END.
pub(crate) fn events(store: &Store, include_snapshot: bool) -> Events {
    let (snapshot, receiver) = store.watch();
    let initial: Vec<pb::DocumentEvent> = if include_snapshot {
        let added = snapshot
            .documents()
            .iter()
            .map(|d| convert::event(Kind::Added, Some(convert::summary(d, Vec::new()))));
        added
            .chain([convert::event(Kind::SnapshotEnd, None)])
            .collect()
    } else {
        Vec::new()
    };
    let after = snapshot.seq;
    let changes = BroadcastStream::new(receiver).filter_map(move |item| match item {
        Ok(change) if change.seq <= after => None,
        Ok(change) => Some(Ok(convert::change(&change))),
        Err(BroadcastStreamRecvError::Lagged(_)) => Some(Ok(convert::event(Kind::Lagged, None))),
    });
    Box::pin(tokio_stream::iter(initial.into_iter().map(Ok)).chain(changes))
}
