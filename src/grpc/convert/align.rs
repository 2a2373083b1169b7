//! `AlignParagraphs` on the wire: the request validated into an [`AlignRequest`] (its selection
//! by the same conversion as `SelectParagraphs`), and the alignment's header and rows as
//! messages.

use std::sync::Arc;

use super::request::{SelectLimits, View, language_field, select_request};
use crate::error::{Error, FieldViolation};
use crate::model::Document;
use crate::pb;
use crate::query::Selection;
use crate::query::align::{Alignment, ReasonKind, Row};

/// A validated `AlignParagraphsRequest`.
#[derive(Debug, Clone)]
pub(crate) struct AlignRequest {
    /// Document id or symbol of the report.
    pub(crate) document: String,
    /// What to align.
    pub(crate) selection: Selection,
    /// Languages to align, each once; empty = every language held.
    pub(crate) languages: Vec<&'static str>,
    /// How much of each paragraph to send.
    pub(crate) view: View,
}

/// Validates an alignment request: the selection as `SelectParagraphs` validates it, the
/// languages one by one, and a document named by `document` or the citation.
pub(crate) fn align_request(
    request: pb::AlignParagraphsRequest,
    limits: SelectLimits,
) -> Result<AlignRequest, Error> {
    let pb::AlignParagraphsRequest {
        document,
        citation,
        selectors,
        filter,
        languages,
        view,
    } = request;
    let select = pb::SelectParagraphsRequest {
        document,
        citation,
        selectors,
        filter,
        view,
        ..pb::SelectParagraphsRequest::default()
    };
    let mut violations = Vec::new();
    let select = match select_request(select, "", limits) {
        Ok(select) => Some(select),
        Err(Error::InvalidArgument(mut v)) => {
            violations.append(&mut v);
            None
        }
        Err(e) => return Err(e),
    };
    let languages = language_list(&languages, &mut violations);
    let document = select.as_ref().and_then(|s| s.document.clone());
    if select.is_some() && document.is_none() {
        violations.push(FieldViolation::new(
            "document",
            "document is required (or a citation naming one): a document id or UN symbol such \
             as A/HRC/52/71",
        ));
    }
    match (select, document) {
        (Some(select), Some(document)) if violations.is_empty() => Ok(AlignRequest {
            document,
            selection: select.selection,
            languages,
            view: select.view,
        }),
        _ => Err(Error::InvalidArgument(violations)),
    }
}

/// The languages of a request, each a known code and named once.
fn language_list(languages: &[String], violations: &mut Vec<FieldViolation>) -> Vec<&'static str> {
    let mut out = Vec::with_capacity(languages.len());
    for (idx, text) in languages.iter().enumerate() {
        let field = format!("languages[{idx}]");
        match language_field(text, &field) {
            Ok(Some(code)) if out.contains(&code) => violations.push(FieldViolation::new(
                field,
                format!("{code} is named twice; name each language once"),
            )),
            Ok(Some(code)) => out.push(code),
            Ok(None) => violations.push(FieldViolation::new(field, "empty language code")),
            Err(Error::InvalidArgument(mut v)) => violations.append(&mut v),
            Err(_) => {}
        }
    }
    out
}

/// The first message of the stream: what is compared.
pub(crate) fn align_header(
    symbol: &str,
    versions: &[(String, Arc<Document>)],
    alignment: &Alignment,
) -> pb::AlignParagraphsResponse {
    let header = pb::AlignmentHeader {
        symbol: symbol.to_owned(),
        documents: versions
            .iter()
            .map(|(language, doc)| pb::AlignedDocument {
                language: language.clone(),
                document_id: doc.id.clone(),
                revision: doc.revision,
            })
            .collect(),
        length_ratios: alignment
            .ratios
            .iter()
            .map(|r| pb::LengthRatio {
                language: r.language.clone(),
                other_language: r.other.clone(),
                median: r.median.unwrap_or(0.0),
                paragraphs: u32::try_from(r.paragraphs).unwrap_or(u32::MAX),
            })
            .collect(),
        diagnostics: alignment
            .diagnostics
            .iter()
            .map(super::outgoing::diagnostic)
            .collect(),
    };
    pb::AlignParagraphsResponse {
        item: Some(pb::align_paragraphs_response::Item::Header(header)),
    }
}

/// One row: each version's paragraph (or its absence) and the reasons to review it.
pub(crate) fn align_row(
    versions: &[(String, Arc<Document>)],
    row: &Row,
    view: View,
) -> pb::AlignParagraphsResponse {
    let paragraphs: Vec<Option<(&Document, &crate::model::Paragraph)>> = versions
        .iter()
        .zip(&row.cells)
        .map(|((_, doc), cell)| {
            let ordinal = (*cell)? as usize;
            Some((doc.as_ref(), doc.paragraphs.get(ordinal.checked_sub(1)?)?))
        })
        .collect();
    let part = paragraphs
        .iter()
        .flatten()
        .next()
        .map(|(doc, p)| doc.part_name(p))
        .unwrap_or_default();
    let unnumbered = row.key.is_unnumbered();
    let number = row.key.number.clone().unwrap_or_default();
    let aligned = pb::AlignedRow {
        number: if unnumbered {
            String::new()
        } else {
            number.clone()
        },
        part,
        after_number: if unnumbered { number } else { String::new() },
        position_after: row.key.position_after,
        versions: versions
            .iter()
            .zip(&paragraphs)
            .map(|((language, _), found)| pb::AlignedVersion {
                language: language.clone(),
                paragraph: found.map(|(doc, p)| super::outgoing::paragraph(doc, p, view)),
            })
            .collect(),
        needs_review: row.needs_review(),
        reasons: row.reasons.iter().map(reason).collect(),
    };
    pb::AlignParagraphsResponse {
        item: Some(pb::align_paragraphs_response::Item::Row(aligned)),
    }
}

fn reason(reason: &crate::query::align::Reason) -> pb::ReviewReason {
    let kind = match reason.kind {
        ReasonKind::Missing => pb::ReviewReasonKind::Missing,
        ReasonKind::ItemCount => pb::ReviewReasonKind::ItemCount,
        ReasonKind::FootnoteCount => pb::ReviewReasonKind::FootnoteCount,
        ReasonKind::LengthRatio => pb::ReviewReasonKind::LengthRatio,
        ReasonKind::Unnumbered => pb::ReviewReasonKind::Unnumbered,
        ReasonKind::DuplicateNumber => pb::ReviewReasonKind::DuplicateNumber,
    };
    pb::ReviewReason {
        kind: kind as i32,
        languages: reason.languages.clone(),
        detail: reason.detail.clone(),
    }
}
