//! Outgoing messages: domain results to wire messages. Sections are converted with their index,
//! so a section's path is found without searching for it.

use super::page_token;
use super::request::View;
use crate::error::Error;
use crate::model::{self, Document, ParagraphKind};
use crate::pb;
use crate::query::Role;
use crate::store::{Change, ChangeKind, Citing, Snapshot};

/// A document's summary; `languages` are those held for its symbol (empty where not known).
pub(crate) fn summary(doc: &Document, languages: Vec<String>) -> pb::DocumentSummary {
    pb::DocumentSummary {
        languages,
        id: doc.id.clone(),
        symbol: doc.meta.symbol.clone(),
        other_symbols: doc.meta.other_symbols.clone(),
        title: doc.meta.title.clone(),
        body: doc.meta.body.clone(),
        session: doc.meta.session.clone(),
        language: doc.meta.language.clone(),
        page_count: count(doc.pages.len()),
        paragraph_count: count(doc.paragraphs.len()),
        numbered_paragraph_count: count(doc.n_numbered()),
        revision: doc.revision,
        diagnostics: doc.diagnostics.iter().map(diagnostic).collect(),
    }
}

/// The summary an ingest answers with: the document's, with the languages held for its symbol
/// and the ingest's notes.
pub(crate) fn ingested(
    ingested: &crate::corpus::writer::Ingested,
    languages: Vec<String>,
) -> pb::DocumentSummary {
    let mut summary = summary(&ingested.document, languages);
    summary
        .diagnostics
        .extend(ingested.notes.iter().map(diagnostic));
    summary
}

/// A whole document; paragraphs and footnotes only when asked for.
pub fn document(doc: &Document, include_paragraphs: bool) -> pb::Document {
    let m = &doc.meta;
    let (paragraphs, footnotes) = if include_paragraphs {
        (
            doc.paragraphs
                .iter()
                .map(|p| paragraph(doc, p, View::Full))
                .collect(),
            doc.footnotes.iter().map(footnote).collect(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    pb::Document {
        id: doc.id.clone(),
        symbol: m.symbol.clone(),
        other_symbols: m.other_symbols.clone(),
        job_number: m.job_number.clone(),
        title: m.title.clone(),
        language: m.language.clone(),
        date: m.date.clone(),
        body: m.body.clone(),
        session: m.session.clone(),
        agenda_items: m.agenda_items.iter().map(agenda_item).collect(),
        page_count: count(doc.pages.len()),
        sections: doc
            .sections
            .iter()
            .enumerate()
            .map(|(idx, s)| section(doc, idx, s))
            .collect(),
        contents: doc.contents.iter().map(contents_row).collect(),
        paragraphs,
        footnotes,
        diagnostics: doc.diagnostics.iter().map(diagnostic).collect(),
        distribution: m.distribution.clone(),
        original_language: m.original_language.clone(),
        summary: m.summary.clone(),
        paragraph_count: count(doc.paragraphs.len()),
        numbered_paragraph_count: count(doc.n_numbered()),
        pages: doc.pages.iter().map(page).collect(),
        revision: doc.revision,
        citation_count: count(doc.paragraphs.iter().map(|p| p.references.len()).sum()),
        resolved_citation_count: 0,
    }
}

/// Bytes a paragraph's message may need besides the paragraph itself: a `Query` response's
/// tag and framing.
const RESPONSE_OVERHEAD: usize = 1024;

/// Whether every message a document can be read back with fits `max_message_bytes`: its
/// `GetDocument` without paragraphs, and each paragraph (full view) as `SelectParagraphs` and
/// `Query` send it. A document that fails this is refused at ingest ([`Error::TooLarge`]): it
/// would be stored but unreadable.
pub(crate) fn check_readable(doc: &Document, max_message_bytes: usize) -> Result<(), Error> {
    use prost::Message as _;
    let outline = document(doc, false).encoded_len();
    if outline > max_message_bytes {
        return Err(Error::TooLarge(format!(
            "the document's outline (metadata, sections, contents, pages) would be a \
             {outline}-byte message, over the limit of {max_message_bytes} bytes per message \
             (--max-message-bytes): it could not be read back"
        )));
    }
    let budget = max_message_bytes.saturating_sub(RESPONSE_OVERHEAD);
    for p in &doc.paragraphs {
        let size = paragraph(doc, p, View::Full).encoded_len();
        if size > budget {
            let name = p
                .number
                .as_ref()
                .map_or_else(|| format!("at ordinal {}", p.ordinal), |n| n.clone());
            return Err(Error::TooLarge(format!(
                "paragraph {name} would be a {size}-byte message, over the limit of {budget} \
                 bytes per paragraph ({max_message_bytes} bytes per message, \
                 --max-message-bytes): it could not be read back; split the text into \
                 paragraphs (or lines)"
            )));
        }
    }
    Ok(())
}

/// A whole document as [`document`] makes it, with its citations' status in `snapshot`, if it
/// fits `max_message_bytes`; otherwise [`Error::TooLarge`] pointing at the stream that reads
/// its paragraphs.
pub(crate) fn document_within(
    snapshot: &Snapshot,
    doc: &Document,
    include_paragraphs: bool,
    max_message_bytes: usize,
) -> Result<pb::Document, Error> {
    use prost::Message as _;
    let mut message = document(doc, include_paragraphs);
    let (made, resolved) = snapshot.citation_counts(doc);
    (message.citation_count, message.resolved_citation_count) = (made, resolved);
    for (wire, p) in message.paragraphs.iter_mut().zip(&doc.paragraphs) {
        let statuses = snapshot.resolutions(doc, p.ordinal);
        wire.citations = super::cites::citations(doc, p, View::Full, statuses);
    }
    let size = message.encoded_len();
    if size > max_message_bytes {
        return Err(Error::TooLarge(format!(
            "document {} with its paragraphs is {size} bytes, over the limit of \
             {max_message_bytes} bytes per message: read it with include_paragraphs false, \
             and its paragraphs with SelectParagraphs (streamed)",
            doc.id
        )));
    }
    Ok(message)
}

/// One paragraph, in the given view.
pub(crate) fn paragraph(doc: &Document, p: &model::Paragraph, view: View) -> pb::Paragraph {
    let full = view == View::Full;
    pb::Paragraph {
        document_id: doc.id.clone(),
        ordinal: p.ordinal,
        kind: paragraph_kind(p.kind) as i32,
        number: p.number.clone().unwrap_or_default(),
        text: p.text.clone(),
        section_id: p
            .section
            .and_then(|i| doc.sections.get(i))
            .map(|s| s.id.clone())
            .unwrap_or_default(),
        section_path: doc.section_path(p.section),
        page_start: p.page_start,
        page_end: p.page_end,
        items: if full {
            p.items.iter().map(|i| item(i, &p.text)).collect()
        } else {
            Vec::new()
        },
        footnote_refs: if full {
            p.footnote_refs.iter().map(footnote_ref).collect()
        } else {
            Vec::new()
        },
        boxes: if full {
            p.boxes.iter().map(rect).collect()
        } else {
            Vec::new()
        },
        citation: doc.citation(p),
        span: Some(pb::TextSpan {
            start: p.span.0,
            end: p.span.1,
        }),
        selection_role: pb::SelectionRole::Unspecified as i32,
        next_page_token: String::new(),
        document_symbol: doc.meta.symbol.clone(),
        in_annex: p.in_annex(),
        citations: super::cites::citations(doc, p, view, &[]),
    }
}

/// A paragraph as a selection result, its citations' status read in `snapshot`.
pub(crate) fn hit(
    snapshot: &Snapshot,
    doc: &Document,
    p: &model::Paragraph,
    role: Role,
    view: View,
) -> pb::Paragraph {
    let mut out = paragraph(doc, p, view);
    out.citations = super::cites::citations(doc, p, view, snapshot.resolutions(doc, p.ordinal));
    out.selection_role = match role {
        Role::Match => pb::SelectionRole::Match,
        Role::Context => pb::SelectionRole::Context,
    } as i32;
    out.next_page_token = page_token::encode(&doc.id, p.ordinal);
    out
}

fn paragraph_kind(kind: ParagraphKind) -> pb::ParagraphKind {
    match kind {
        ParagraphKind::Numbered => pb::ParagraphKind::Numbered,
        ParagraphKind::Unnumbered => pb::ParagraphKind::Unnumbered,
        ParagraphKind::Table => pb::ParagraphKind::Table,
    }
}

fn section(doc: &Document, idx: usize, s: &model::Section) -> pb::Section {
    pb::Section {
        id: s.id.clone(),
        label: s.label.clone(),
        title: s.title.clone(),
        level: s.level,
        parent_id: s
            .parent
            .and_then(|i| doc.sections.get(i))
            .map(|p| p.id.clone())
            .unwrap_or_default(),
        first_paragraph: s.first_paragraph.clone().unwrap_or_default(),
        last_paragraph: s.last_paragraph.clone().unwrap_or_default(),
        page: s.page,
        path: doc.section_path(Some(idx)).join("."),
    }
}

fn contents_row(row: &model::ContentsRow) -> pb::ContentsRow {
    pb::ContentsRow {
        label: row.label.clone(),
        title: row.title.clone(),
        first_paragraph: row.first_paragraph.clone().unwrap_or_default(),
        last_paragraph: row.last_paragraph.clone().unwrap_or_default(),
        page: row.page.clone().unwrap_or_default(),
        level: row.level,
    }
}

fn agenda_item(a: &model::AgendaItem) -> pb::AgendaItem {
    pb::AgendaItem {
        number: a.number.clone(),
        title: a.title.clone(),
    }
}

fn item(i: &model::Item, paragraph_text: &str) -> pb::Item {
    pb::Item {
        marker: i.marker.clone(),
        text: i.text(paragraph_text).to_owned(),
        level: i.level,
    }
}

fn footnote_ref(r: &model::FootnoteRef) -> pb::FootnoteRef {
    pb::FootnoteRef {
        mark: r.mark.clone(),
        offset: r.offset,
    }
}

fn footnote(f: &model::Footnote) -> pb::Footnote {
    pb::Footnote {
        mark: f.mark.clone(),
        text: f.text.clone(),
        page: f.page,
        paragraph_ordinal: f.paragraph_ordinal.unwrap_or(0),
    }
}

fn rect(r: &model::Rect) -> pb::Box {
    pb::Box {
        page: r.page,
        x: r.x,
        y: r.y,
        width: r.width,
        height: r.height,
    }
}

fn page(p: &model::Page) -> pb::Page {
    let size = p.size.unwrap_or_default();
    pb::Page {
        number: p.number,
        printed_number: p.printed_number.clone().unwrap_or_default(),
        width: size.width,
        height: size.height,
        furniture: p.furniture.clone(),
    }
}

/// A diagnostic.
pub(crate) fn diagnostic(d: &model::Diagnostic) -> pb::Diagnostic {
    let severity = match d.severity {
        model::Severity::Info => pb::Severity::Info,
        model::Severity::Warning => pb::Severity::Warning,
        model::Severity::Error => pb::Severity::Error,
    };
    pb::Diagnostic {
        severity: severity as i32,
        code: d.code.to_owned(),
        message: d.message.clone(),
        page: d.page.unwrap_or(0),
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A change on the feed.
pub(crate) fn change(change: &Change) -> pb::DocumentEvent {
    let kind = match change.kind {
        ChangeKind::Added => pb::DocumentEventKind::Added,
        ChangeKind::Updated => pb::DocumentEventKind::Updated,
        ChangeKind::Removed => pb::DocumentEventKind::Removed,
    };
    event(kind, Some(summary(&change.document, Vec::new())))
}

/// A feed event.
pub(crate) fn event(
    kind: pb::DocumentEventKind,
    document: Option<pb::DocumentSummary>,
) -> pb::DocumentEvent {
    pb::DocumentEvent {
        kind: kind as i32,
        document,
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
    let mut paragraph = self::paragraph(doc, p, View::Full);
    paragraph.citations = super::cites::citations(doc, p, View::Full, statuses);
    let reference = p.references.get(citing.reference)?;
    let cited_number = cited
        .paragraphs
        .get((cited_ordinal as usize).checked_sub(1)?)
        .and_then(|c| c.number.clone())
        .unwrap_or_default();
    Some(pb::CitingParagraph {
        citation: Some(super::cites::citation(
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
