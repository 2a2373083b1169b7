//! The lazy iterator behind `SelectParagraphs` and each query of `Query`.
//!
//! It holds a snapshot and evaluates one document at a time, converting a paragraph to its wire
//! form only when the stream is polled for it, so memory stays bounded by one document's hit
//! list whatever the result size. Across documents it evaluates at most one document per poll
//! and yields to the runtime between them ([`Step::Yield`]), so a selection over a large corpus
//! shares its worker with other calls, and the stream's guard checks the caller's deadline and
//! shutdown between documents. A heavy selection ([`super::heavy`]) evaluates each document on
//! the blocking pool while it holds a permit of the server's heavy-selection gate.

use std::future::Future as _;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use tokio::task::JoinHandle;
use tokio_stream::Stream;
use tokio_util::sync::PollSemaphore;
use tonic::Status;

use crate::error::Error;
use crate::grpc::convert::{SelectRequest, View};
use crate::grpc::heavy::{self, HeavyGate, HeavyMetrics};
use crate::model::Document;
use crate::pb;
use crate::query::{self, Hit, Selection};
use crate::store::Snapshot;

/// Paragraphs a validated request selects, across one document or all of them.
#[derive(Debug)]
pub(crate) struct Selected {
    snapshot: Arc<Snapshot>,
    documents: std::vec::IntoIter<usize>,
    current: Option<(Arc<Document>, std::vec::IntoIter<Hit>)>,
    request: SelectRequest,
    remaining: Option<u32>,
    single_document: bool,
    heavy: Option<Heavy>,
}

/// How a heavy selection evaluates its documents: on the blocking pool, holding a permit.
struct Heavy {
    permits: PollSemaphore,
    metrics: HeavyMetrics,
    selection: Arc<Selection>,
    /// The document waiting for a permit, or being evaluated.
    next: Option<(Arc<Document>, Option<Evaluation>)>,
}

/// A document's evaluation on the blocking pool.
type Evaluation = JoinHandle<Vec<Hit>>;

impl std::fmt::Debug for Heavy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Heavy").finish_non_exhaustive()
    }
}

impl Drop for Heavy {
    fn drop(&mut self) {
        // The evaluation itself runs to its end (it cannot be interrupted); its result is dropped.
        if let Some((_, Some(job))) = &self.next {
            job.abort();
        }
    }
}

impl Selected {
    /// Resolves the document (if named) and prepares the selection. A single named document
    /// is evaluated at once, so a missing paragraph number fails before any message is sent.
    /// A selection over more than one document that costs more than
    /// [`heavy::HEAVY_SELECTION_COST`] passes through `gate`.
    pub(crate) fn new(
        snapshot: Arc<Snapshot>,
        request: SelectRequest,
        gate: &HeavyGate,
    ) -> Result<Self, Error> {
        let documents = named_documents(&snapshot, &request)?;
        let documents = skip_to_resume_point(&snapshot, documents, request.resume_after.as_ref());
        let cost = heavy::cost(request.selection.selectors.len(), documents.len());
        let heavy = (request.document.is_none() && heavy::is_heavy(cost)).then(|| Heavy {
            permits: PollSemaphore::new(gate.permits.clone()),
            metrics: gate.metrics.clone(),
            selection: Arc::new(request.selection.clone()),
            next: None,
        });
        let mut selected = Self {
            snapshot,
            documents: documents.into_iter(),
            current: None,
            remaining: (request.limit > 0).then_some(request.limit),
            single_document: request.document.is_some(),
            heavy,
            request,
        };
        if selected.single_document {
            selected.advance_document()?;
        }
        Ok(selected)
    }

    /// Evaluates the next document; `Ok(false)` when there is none left.
    fn advance_document(&mut self) -> Result<bool, Error> {
        if let Some(idx) = self.documents.next() {
            let doc = self.snapshot.documents()[idx].clone();
            let hits = match query::evaluate(&doc, &self.request.selection) {
                Ok(hits) => hits,
                Err(_) if !self.single_document => Vec::new(),
                Err(e) => return Err(e),
            };
            self.accept(doc, hits);
            return Ok(true);
        }
        self.current = None;
        Ok(false)
    }

    /// Like [`Self::advance_document`]; a heavy selection waits for a permit and evaluates the
    /// document on the blocking pool.
    fn poll_advance(&mut self, cx: &mut Context<'_>) -> Poll<Result<bool, Error>> {
        let Some(heavy) = &mut self.heavy else {
            return Poll::Ready(self.advance_document());
        };
        if heavy.next.is_none() {
            match self.documents.next() {
                Some(idx) => heavy.next = Some((self.snapshot.documents()[idx].clone(), None)),
                None => {
                    self.current = None;
                    return Poll::Ready(Ok(false));
                }
            }
        }
        let Some((doc, job)) = &mut heavy.next else {
            return Poll::Ready(Ok(false));
        };
        if job.is_none() {
            let Some(permit) = ready!(heavy.permits.poll_acquire(cx)) else {
                return Poll::Ready(Err(Error::ShuttingDown));
            };
            let (doc, selection, metrics) =
                (doc.clone(), heavy.selection.clone(), heavy.metrics.clone());
            *job = Some(tokio::task::spawn_blocking(move || {
                let _permit = permit;
                let _running = metrics.enter();
                // Over many documents a failing one is skipped, as inline.
                query::evaluate(&doc, &selection).unwrap_or_default()
            }));
        }
        let Some(handle) = job.as_mut() else {
            return Poll::Ready(Ok(false));
        };
        let joined = ready!(std::pin::Pin::new(handle).poll(cx));
        let (doc, _) = heavy.next.take().expect("a document being evaluated");
        let hits = joined.map_err(|e| Error::Internal(format!("selection evaluation: {e}")))?;
        self.accept(doc, hits);
        Poll::Ready(Ok(true))
    }

    /// Makes `hits` of `doc` the current document's, past a page token's resume point.
    fn accept(&mut self, doc: Arc<Document>, hits: Vec<Hit>) {
        let resume = self.request.resume_after.take();
        let hits = hits
            .into_iter()
            .filter(|h| {
                resume
                    .as_ref()
                    .is_none_or(|(id, after)| *id != doc.id || h.ordinal > *after)
            })
            .collect::<Vec<_>>();
        self.current = Some((doc, hits.into_iter()));
    }

    /// The next hit of the current document, else evaluates the next document.
    fn poll_next_hit(&mut self, cx: &mut Context<'_>) -> Poll<Result<Found, Error>> {
        if let Some((doc, hits)) = &mut self.current
            && let Some(hit) = hits.next()
        {
            return Poll::Ready(Ok(Found::Hit(doc.clone(), hit)));
        }
        if self.single_document {
            return Poll::Ready(Ok(Found::End));
        }
        match ready!(self.poll_advance(cx)) {
            Ok(true) => {}
            Ok(false) => return Poll::Ready(Ok(Found::End)),
            Err(e) => return Poll::Ready(Err(e)),
        }
        Poll::Ready(Ok(match &mut self.current {
            Some((doc, hits)) => match hits.next() {
                Some(hit) => Found::Hit(doc.clone(), hit),
                None => Found::Nothing,
            },
            None => Found::End,
        }))
    }

    fn view(&self) -> View {
        self.request.view
    }
}

/// What one step of the selection found.
enum Found {
    Hit(Arc<Document>, Hit),
    /// A document evaluated without hits.
    Nothing,
    End,
}

/// One step of a selection.
#[derive(Debug)]
pub(crate) enum Step {
    /// The next paragraph, or the error that ends the selection.
    Item(Box<Result<pb::Paragraph, Error>>),
    /// A document was evaluated without a hit: yield to the runtime, then step again.
    Yield,
    /// No more paragraphs.
    Done,
}

impl Selected {
    /// Does at most one document's evaluation and returns what it found; pending while a heavy
    /// selection waits for a permit or for its evaluation.
    pub(crate) fn poll_step(&mut self, cx: &mut Context<'_>) -> Poll<Step> {
        if self.remaining == Some(0) {
            return Poll::Ready(Step::Done);
        }
        let found = ready!(self.poll_next_hit(cx));
        Poll::Ready(self.step_with(found))
    }

    fn step_with(&mut self, found: Result<Found, Error>) -> Step {
        let (doc, hit) = match found {
            Ok(Found::Hit(doc, hit)) => (doc, hit),
            Ok(Found::End) => return Step::Done,
            Ok(Found::Nothing) => return Step::Yield,
            Err(e) => return Step::Item(Box::new(Err(e))),
        };
        self.remaining = self.remaining.map(|r| r - 1);
        let Some(paragraph) = doc.paragraphs.get(hit.ordinal as usize - 1) else {
            return Step::Done;
        };
        Step::Item(Box::new(Ok(super::convert::hit(
            &self.snapshot,
            &doc,
            paragraph,
            hit.role,
            self.view(),
        ))))
    }
}

impl Stream for Selected {
    type Item = Result<pb::Paragraph, Status>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match ready!(self.poll_step(cx)) {
            Step::Item(item) => Poll::Ready(Some((*item).map_err(Status::from))),
            Step::Yield => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Step::Done => Poll::Ready(None),
        }
    }
}

/// The documents a request selects from: the one it names in its language, or every document
/// (in its language, when it names one) in corpus order.
fn named_documents(snapshot: &Snapshot, request: &SelectRequest) -> Result<Vec<usize>, Error> {
    if let Some(key) = &request.document {
        return Ok(vec![snapshot.locate(key, request.language)?]);
    }
    let language = request.language.map(crate::language::key);
    let in_language = |doc: &Document| {
        language
            .as_ref()
            .is_none_or(|l| *l == crate::language::key(&doc.meta.language))
    };
    Ok(snapshot
        .documents()
        .iter()
        .enumerate()
        .filter(|(_, doc)| in_language(doc))
        .map(|(idx, _)| idx)
        .collect())
}

/// Drops the documents before the one a page token resumes in.
fn skip_to_resume_point(
    snapshot: &Snapshot,
    documents: Vec<usize>,
    resume: Option<&(String, u32)>,
) -> Vec<usize> {
    let Some((id, _)) = resume else {
        return documents;
    };
    match documents
        .iter()
        .position(|&idx| snapshot.documents()[idx].id == *id)
    {
        Some(start) => documents[start..].to_vec(),
        None => documents,
    }
}
