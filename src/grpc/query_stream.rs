//! The bidirectional `Query` stream: reads the next query only when the previous one's results
//! have been pulled by the client, so a fast sender cannot grow server memory.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio_stream::Stream;
use tonic::{Status, Streaming};

use crate::error::Error;
use crate::grpc::convert;
use crate::grpc::convert::request::SelectLimits;
use crate::grpc::heavy::HeavyGate;
use crate::grpc::search::Searched;
use crate::grpc::select::{Selected, Step};
use crate::grpc::status::query_error;
use crate::pb::{self, query_response::Result as Res};
use crate::store::Store;

/// Responses to the queries read from `inbound`, one query at a time.
pub(crate) struct QueryStream {
    inbound: Streaming<pb::QueryRequest>,
    store: Arc<Store>,
    limits: SelectLimits,
    gate: HeavyGate,
    current: Option<(String, Running, u32)>,
}

/// The query being answered: a selection or a search.
enum Running {
    Select(Selected),
    Search(Searched),
}

impl std::fmt::Debug for QueryStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryStream").finish_non_exhaustive()
    }
}

impl QueryStream {
    /// Answers the queries of `inbound` against the store's snapshot at each query's start.
    pub(crate) fn new(
        inbound: Streaming<pb::QueryRequest>,
        store: Arc<Store>,
        limits: SelectLimits,
        gate: HeavyGate,
    ) -> Self {
        Self {
            inbound,
            store,
            limits,
            gate,
            current: None,
        }
    }

    /// Starts one query; a bad query becomes an error response, never the end of the stream.
    fn start(&mut self, request: pb::QueryRequest) -> Option<pb::QueryResponse> {
        let pb::QueryRequest {
            query_id,
            select,
            search,
        } = request;
        let started = if query_id.is_empty() {
            Err(Error::invalid(
                "query_id",
                "query_id is required, to tag this query's results",
            ))
        } else {
            self.run(select, search)
        };
        match started {
            Ok(selected) => {
                self.current = Some((query_id, selected, 0));
                None
            }
            Err(e) => Some(respond(query_id, Res::Error(query_error(e)))),
        }
    }

    /// Starts the one query of `select` and `search` that is set.
    fn run(
        &self,
        select: Option<pb::SelectParagraphsRequest>,
        search: Option<pb::SearchParagraphsRequest>,
    ) -> Result<Running, Error> {
        match (select, search) {
            (Some(select), None) => {
                let req = convert::select_request(select, "select.", self.limits)?;
                Selected::new(self.store.snapshot(), req, &self.gate)
                    .map(Running::Select)
                    .map_err(|e| e.prefixed("select."))
            }
            (None, Some(search)) => {
                let call = convert::search_request(search, "search.")?;
                Searched::new(self.store.snapshot(), call)
                    .map(Running::Search)
                    .map_err(|e| e.prefixed("search."))
            }
            (None, None) => Err(Error::invalid("select", "select or search is required")),
            (Some(_), Some(_)) => Err(Error::invalid(
                "search",
                "set one of select and search: one query each",
            )),
        }
    }

    /// The next response of the current query, or its end marker; `Some(Ready(None))` when the
    /// query evaluated a document without a hit and the stream should yield before stepping
    /// again, `Some(Pending)` while a heavy query waits for its evaluation.
    fn next_of_current(&mut self, cx: &mut Context<'_>) -> Option<Poll<Option<pb::QueryResponse>>> {
        let (id, running, count) = self.current.as_mut()?;
        let selected = match running {
            Running::Select(selected) => selected,
            Running::Search(searched) => {
                let response = match searched.next_hit() {
                    Some(Ok(hit)) => {
                        *count += 1;
                        return Some(Poll::Ready(Some(respond(id.clone(), Res::Hit(hit)))));
                    }
                    Some(Err(e)) => respond(id.clone(), Res::Error(query_error(e))),
                    None => end(id.clone(), *count),
                };
                self.current = None;
                return Some(Poll::Ready(Some(response)));
            }
        };
        let step = match selected.poll_step(cx) {
            Poll::Ready(step) => step,
            Poll::Pending => return Some(Poll::Pending),
        };
        let response = match step {
            Step::Item(item) => match *item {
                Ok(paragraph) => {
                    *count += 1;
                    return Some(Poll::Ready(Some(respond(
                        id.clone(),
                        Res::Paragraph(paragraph),
                    ))));
                }
                Err(e) => respond(id.clone(), Res::Error(query_error(e))),
            },
            Step::Yield => return Some(Poll::Ready(None)),
            Step::Done => end(id.clone(), *count),
        };
        self.current = None;
        Some(Poll::Ready(Some(response)))
    }
}

/// The end marker of a query that sent `count` responses.
fn end(query_id: String, count: u32) -> pb::QueryResponse {
    respond(
        query_id,
        Res::End(pb::QueryEnd {
            paragraph_count: count,
        }),
    )
}

fn respond(query_id: String, result: Res) -> pb::QueryResponse {
    pb::QueryResponse {
        query_id,
        result: Some(result),
    }
}

impl Stream for QueryStream {
    type Item = Result<pb::QueryResponse, Status>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            match this.next_of_current(cx) {
                Some(Poll::Ready(Some(response))) => return Poll::Ready(Some(Ok(response))),
                Some(Poll::Ready(None)) => {
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
                Some(Poll::Pending) => return Poll::Pending,
                None => {}
            }
            match Pin::new(&mut this.inbound).poll_next(cx) {
                Poll::Ready(Some(Ok(request))) => {
                    if let Some(error) = this.start(request) {
                        return Poll::Ready(Some(Ok(error)));
                    }
                }
                Poll::Ready(Some(Err(status))) => {
                    let status = crate::grpc::status::oversized_message(&status).unwrap_or(status);
                    return Poll::Ready(Some(Err(status)));
                }
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
