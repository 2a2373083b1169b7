//! The stream behind `AlignParagraphs`: the report's language versions resolved, the selection
//! evaluated in each, the alignment computed (pure, [`crate::query::align`]) when the call
//! starts; the header and each row converted to a message only when the stream is polled.

use std::pin::Pin;
use std::task::{Context, Poll};

use tokio_stream::Stream;
use tonic::Status;

use crate::error::Error;
use crate::grpc::convert::{self, AlignRequest, View};
use crate::pb;
use crate::query::align::{self, Row, Version};
use crate::query::{self, Role};
use crate::store::{LanguageVersions, Snapshot};

/// The messages of one alignment, produced one per poll.
#[derive(Debug)]
pub(crate) struct Aligned {
    versions: LanguageVersions,
    header: Option<pb::AlignParagraphsResponse>,
    rows: std::vec::IntoIter<Row>,
    view: View,
}

impl Aligned {
    /// Resolves the report's versions in the requested languages and aligns what the selection
    /// picks in any of them. A selection no version has anything of fails as `SelectParagraphs`
    /// fails on the first version (NOT_FOUND naming what exists).
    pub(crate) fn new(snapshot: &Snapshot, request: AlignRequest) -> Result<Self, Error> {
        let (symbol, versions) = chosen_versions(snapshot, &request)?;
        let selected = selected(&versions, &request.selection)?;
        let input: Vec<Version<'_>> = versions
            .iter()
            .zip(&selected)
            .map(|((language, doc), ordinals)| Version {
                language,
                document: doc,
                selected: ordinals,
            })
            .collect();
        let alignment = align::align(&input);
        let header = convert::align_header(&symbol, &versions, &alignment);
        Ok(Self {
            header: Some(header),
            rows: alignment.rows.into_iter(),
            view: request.view,
            versions,
        })
    }
}

/// The report's symbol, and its versions in the requested languages (in the request's order;
/// without languages, every one held, English first, then the others by code).
fn chosen_versions(
    snapshot: &Snapshot,
    request: &AlignRequest,
) -> Result<(String, LanguageVersions), Error> {
    let held = snapshot.report_versions(&request.document)?;
    let symbol = held
        .first()
        .map(|(_, d)| d.meta.symbol.clone())
        .unwrap_or_default();
    if request.languages.is_empty() {
        let mut all = held;
        all.sort_by_key(|(language, _)| language != crate::language::DEFAULT);
        return Ok((symbol, all));
    }
    let chosen = request
        .languages
        .iter()
        .map(|&wanted| {
            held.iter()
                .find(|(language, _)| language == wanted)
                .cloned()
                .ok_or_else(|| Error::LanguageNotHeld {
                    symbol: request.document.clone(),
                    language: wanted.to_owned(),
                    held: held.iter().map(|(l, _)| l.clone()).collect(),
                })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok((symbol, chosen))
}

/// The ordinals the selection matches in each version; an error only when it fails in every
/// one (a number one version lacks is that row's `missing` check, not an error).
fn selected(
    versions: &LanguageVersions,
    selection: &query::Selection,
) -> Result<Vec<Vec<u32>>, Error> {
    let mut first_error = None;
    let mut out = Vec::with_capacity(versions.len());
    for (_, doc) in versions {
        match query::evaluate(doc, selection) {
            Ok(hits) => out.push(
                hits.into_iter()
                    .filter(|h| h.role == Role::Match)
                    .map(|h| h.ordinal)
                    .collect(),
            ),
            Err(e) => {
                first_error.get_or_insert(e);
                out.push(Vec::new());
            }
        }
    }
    match first_error {
        Some(e) if out.iter().all(Vec::is_empty) => Err(e),
        _ => Ok(out),
    }
}

impl Stream for Aligned {
    type Item = Result<pb::AlignParagraphsResponse, Status>;

    fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if let Some(header) = this.header.take() {
            return Poll::Ready(Some(Ok(header)));
        }
        let row = this.rows.next();
        Poll::Ready(row.map(|row| Ok(convert::align_row(&this.versions, &row, this.view))))
    }
}
