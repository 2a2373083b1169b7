//! Citations on the wire: a paragraph's citations with their status in a snapshot (`CitedBy`'s
//! messages are built from them in `outgoing`).

use super::request::View;
use crate::model::{Document, Paragraph, Reference, ReferenceKind};
use crate::pb;
use crate::store::Resolution;

/// The citations `p` makes, with the status of each in `statuses` (the snapshot's, in the
/// order of `p.references`; a missing one is UNSPECIFIED). Full view only.
pub(crate) fn citations(
    doc: &Document,
    p: &Paragraph,
    view: View,
    statuses: &[Resolution],
) -> Vec<pb::ParagraphCitation> {
    if view != View::Full {
        return Vec::new();
    }
    p.references
        .iter()
        .enumerate()
        .map(|(k, r)| citation(doc, p, r, statuses.get(k).copied()))
        .collect()
}

/// One citation of `p`.
pub(crate) fn citation(
    doc: &Document,
    p: &Paragraph,
    r: &Reference,
    status: Option<Resolution>,
) -> pb::ParagraphCitation {
    let target = match r.kind {
        ReferenceKind::Internal if doc.meta.symbol.is_empty() => doc.id.clone(),
        ReferenceKind::Internal => doc.meta.symbol.clone(),
        _ => r.target.clone(),
    };
    let (start, end) = (r.span.0 as usize, r.span.1 as usize);
    pb::ParagraphCitation {
        span: Some(pb::TextSpan {
            start: r.span.0,
            end: r.span.1,
        }),
        text: p.text.get(start..end).unwrap_or("").to_owned(),
        kind: kind(r.kind) as i32,
        citation: if r.cited.is_empty() {
            target.clone()
        } else {
            format!("{target}, {}", r.cited)
        },
        target_document: target,
        cited: r.cited.clone(),
        status: status.map_or(pb::CitationStatus::Unspecified, self::status) as i32,
    }
}

fn kind(kind: ReferenceKind) -> pb::CitationKind {
    match kind {
        ReferenceKind::Document => pb::CitationKind::Document,
        ReferenceKind::Resolution => pb::CitationKind::Resolution,
        ReferenceKind::Ibid => pb::CitationKind::Ibid,
        ReferenceKind::Internal => pb::CitationKind::Internal,
    }
}

fn status(resolution: Resolution) -> pb::CitationStatus {
    match resolution {
        Resolution::Resolves => pb::CitationStatus::Resolves,
        Resolution::NotHeld => pb::CitationStatus::NotHeld,
        Resolution::NotFound => pb::CitationStatus::NotFound,
    }
}
