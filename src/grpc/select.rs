//! The lazy iterator behind `SelectParagraphs` and each query of `Query`.
//!
//! It holds a snapshot and evaluates one document at a time, converting a paragraph to its wire
//! form only when the stream is polled for it, so memory stays bounded by one document's hit
//! list whatever the result size. Across documents it evaluates at most one document per poll
//! and yields to the runtime between them ([`Step::Yield`]), so a selection over a large corpus
//! shares its worker with other calls, and the stream's guard checks the caller's deadline and
//! shutdown between documents.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio_stream::Stream;
use tonic::Status;

use crate::error::Error;
use crate::grpc::convert::{SelectRequest, View};
use crate::model::Document;
use crate::pb;
use crate::query::{self, Hit};
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
}

impl Selected {
    /// Resolves the document (if named) and prepares the selection. A single named document
    /// is evaluated at once, so a missing paragraph number fails before any message is sent.
    pub(crate) fn new(snapshot: Arc<Snapshot>, request: SelectRequest) -> Result<Self, Error> {
        let documents: Vec<usize> = match &request.document {
            Some(key) => {
                vec![
                    snapshot
                        .position(key)
                        .ok_or_else(|| Error::DocumentNotFound(key.clone()))?,
                ]
            }
            None => (0..snapshot.documents().len()).collect(),
        };
        let documents = skip_to_resume_point(&snapshot, documents, request.resume_after.as_ref());
        let mut selected = Self {
            snapshot,
            documents: documents.into_iter(),
            current: None,
            remaining: (request.limit > 0).then_some(request.limit),
            single_document: request.document.is_some(),
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
            return Ok(true);
        }
        self.current = None;
        Ok(false)
    }

    /// The next hit of the current document, else evaluates the next document.
    fn next_hit(&mut self) -> Result<Found, Error> {
        if let Some((doc, hits)) = &mut self.current
            && let Some(hit) = hits.next()
        {
            return Ok(Found::Hit(doc.clone(), hit));
        }
        if self.single_document || !self.advance_document()? {
            return Ok(Found::End);
        }
        Ok(match &mut self.current {
            Some((doc, hits)) => match hits.next() {
                Some(hit) => Found::Hit(doc.clone(), hit),
                None => Found::Nothing,
            },
            None => Found::End,
        })
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
    /// Does at most one document's evaluation and returns what it found.
    pub(crate) fn step(&mut self) -> Step {
        if self.remaining == Some(0) {
            return Step::Done;
        }
        let (doc, hit) = match self.next_hit() {
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
        match self.step() {
            Step::Item(item) => Poll::Ready(Some((*item).map_err(Status::from))),
            Step::Yield => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Step::Done => Poll::Ready(None),
        }
    }
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
