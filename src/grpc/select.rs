//! The lazy iterator behind `SelectParagraphs` and each query of `Query`.
//!
//! It holds a snapshot and evaluates one document at a time, converting a paragraph to its wire
//! form only when the stream is polled for it, so memory stays bounded by one document's hit
//! list whatever the result size.

use std::sync::Arc;

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

    /// Moves to the next document with hits; `Ok(false)` when there is none.
    fn advance_document(&mut self) -> Result<bool, Error> {
        for idx in self.documents.by_ref() {
            let doc = self.snapshot.documents()[idx].clone();
            let hits = match query::evaluate(&doc, &self.request.selection) {
                Ok(hits) => hits,
                Err(_) if !self.single_document => continue,
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

    fn next_hit(&mut self) -> Result<Option<(Arc<Document>, Hit)>, Error> {
        loop {
            if let Some((doc, hits)) = &mut self.current
                && let Some(hit) = hits.next()
            {
                return Ok(Some((doc.clone(), hit)));
            }
            if self.single_document || !self.advance_document()? {
                return Ok(None);
            }
        }
    }

    fn view(&self) -> View {
        self.request.view
    }
}

impl Iterator for Selected {
    type Item = Result<pb::Paragraph, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == Some(0) {
            return None;
        }
        let (doc, hit) = match self.next_hit() {
            Ok(Some(found)) => found,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        self.remaining = self.remaining.map(|r| r - 1);
        let paragraph = doc.paragraphs.get(hit.ordinal as usize - 1)?;
        Some(Ok(super::convert::hit(
            &doc,
            paragraph,
            hit.role,
            self.view(),
        )))
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
