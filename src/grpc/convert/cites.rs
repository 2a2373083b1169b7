//! Citations on the wire: a paragraph's citations with their status in a snapshot, and the
//! messages of `CitedBy`.

use super::request::View;
use crate::model::{Document, Paragraph, Reference, ReferenceKind};
use crate::pb;
use crate::store::{Citing, Resolution, Snapshot};

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
fn citation(
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

/// A paragraph citing paragraph `cited_ordinal` of `cited`, with the citation that cites it;
/// `None` if `citing` is not in `snapshot` (it always is: both come from one snapshot).
pub(crate) fn citing(
    snapshot: &Snapshot,
    cited: &Document,
    cited_ordinal: u32,
    citing: Citing,
) -> Option<pb::CitingParagraph> {
    let doc = snapshot.at(citing.document)?;
    let p = doc
        .paragraphs
        .get((citing.ordinal as usize).checked_sub(1)?)?;
    let statuses = snapshot.resolutions(doc, p.ordinal);
    let mut paragraph = super::outgoing::paragraph(doc, p, View::Full);
    paragraph.citations = citations(doc, p, View::Full, statuses);
    let reference = p.references.get(citing.reference)?;
    let cited_number = cited
        .paragraphs
        .get((cited_ordinal as usize).checked_sub(1)?)
        .and_then(|c| c.number.clone())
        .unwrap_or_default();
    Some(pb::CitingParagraph {
        citation: Some(citation(
            doc,
            p,
            reference,
            statuses.get(citing.reference).copied(),
        )),
        paragraph: Some(paragraph),
        cited_document_id: cited.id.clone(),
        cited_ordinal,
        cited_number,
    })
}
