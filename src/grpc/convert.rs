//! Domain ↔ wire conversions, all in one place.
//!
//! Incoming messages are destructured field by field, so a new proto field is a compile error
//! here until it is handled.

use crate::corpus::MediaType;
use crate::corpus::writer::IngestRequest;
use crate::error::{Error, FieldViolation};
use crate::model::{self, Document, ParagraphKind};
use crate::pb;
use crate::query::{self, Filter, Role, Selection, Selector};
use crate::store::{Change, ChangeKind};

/// Upper bound on a compiled filter regex, in bytes.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Longest regex pattern accepted, in bytes.
const REGEX_MAX_LEN: usize = 1_000;

/// A validated `SelectParagraphsRequest`.
#[derive(Debug, Clone)]
pub(crate) struct SelectRequest {
    /// Document id or symbol; `None` selects from every document.
    pub(crate) document: Option<String>,
    /// What to select.
    pub(crate) selection: Selection,
    /// Maximum paragraphs to send; 0 = no limit.
    pub(crate) limit: u32,
    /// Resume after this (document id, ordinal).
    pub(crate) resume_after: Option<(String, u32)>,
    /// How much of each paragraph to send.
    pub(crate) view: View,
}

/// How much of a paragraph to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum View {
    /// Identity, text, section, pages.
    Text,
    /// Everything.
    Full,
}

/// Validates a selection request; `prefix` is prepended to field paths (e.g. `select.`).
pub(crate) fn select_request(
    request: pb::SelectParagraphsRequest,
    prefix: &str,
) -> Result<SelectRequest, Error> {
    let pb::SelectParagraphsRequest {
        document,
        citation,
        selectors,
        filter,
        context_before,
        context_after,
        limit,
        page_token,
        view,
    } = request;
    let mut violations = Vec::new();
    let mut selection = Selection {
        context_before,
        context_after,
        ..Selection::default()
    };
    let mut document = non_empty(document);
    for (idx, selector) in selectors.into_iter().enumerate() {
        match self::selector(selector) {
            Ok(s) => selection.selectors.push(s),
            Err(why) => violations.push(FieldViolation::new(
                format!("{prefix}selectors[{idx}]"),
                why,
            )),
        }
    }
    if !citation.trim().is_empty() {
        match query::citation::parse(&citation) {
            Ok(parsed) => {
                document = parsed.document.or(document);
                selection.selectors.extend(parsed.selectors);
            }
            Err(e) => violations.push(FieldViolation::new(
                format!("{prefix}citation"),
                format!("at character {}: {}", e.offset, e.message),
            )),
        }
    }
    match self::filter(filter.unwrap_or_default(), prefix) {
        Ok(f) => selection.filter = f,
        Err(mut v) => violations.append(&mut v),
    }
    let resume_after = match page_token.as_str() {
        "" => None,
        token => match decode_page_token(token) {
            Some(resume) => Some(resume),
            None => {
                violations.push(FieldViolation::new(
                    format!("{prefix}page_token"),
                    "not a page token returned by this server (use a paragraph's next_page_token)",
                ));
                None
            }
        },
    };
    let view = match pb::ParagraphView::try_from(view) {
        Ok(pb::ParagraphView::Text) => View::Text,
        Ok(pb::ParagraphView::Full | pb::ParagraphView::Unspecified) => View::Full,
        Err(_) => {
            violations.push(FieldViolation::new(
                format!("{prefix}view"),
                format!("unknown view {view}"),
            ));
            View::Full
        }
    };
    if !violations.is_empty() {
        return Err(Error::InvalidArgument(violations));
    }
    Ok(SelectRequest {
        document,
        selection,
        limit,
        resume_after,
        view,
    })
}

fn selector(selector: pb::Selector) -> Result<Selector, String> {
    use pb::selector::Selector as S;
    let pb::Selector { selector } = selector;
    match selector.ok_or(
        "empty selector: set one of number, number_range, ordinal, ordinal_range, section, pages",
    )? {
        S::Number(n) => paragraph_number(&n).map(Selector::Number),
        S::NumberRange(pb::NumberRange { first, last }) => {
            let (first, last) = (paragraph_number(&first)?, paragraph_number(&last)?);
            match (query::numeric(&first), query::numeric(&last)) {
                (Some(a), Some(b)) if a > b => {
                    Err(format!("number_range first {first} is after last {last}"))
                }
                _ => Ok(Selector::NumberRange(first, last)),
            }
        }
        S::Ordinal(0) => Err("ordinal is 1-based; 0 is not an ordinal".to_owned()),
        S::Ordinal(o) => Ok(Selector::Ordinal(o)),
        S::OrdinalRange(pb::OrdinalRange { first, last }) => {
            range(first, last, "ordinal_range").map(|(a, b)| Selector::OrdinalRange(a, b))
        }
        S::Section(s) if s.trim().is_empty() => Err("section is empty".to_owned()),
        S::Section(s) => Ok(Selector::Section(s.trim().to_owned())),
        S::Pages(pb::PageRange { first, last }) => {
            range(first, last, "pages").map(|(a, b)| Selector::Pages(a, b))
        }
    }
}

fn paragraph_number(number: &str) -> Result<String, String> {
    let number = number.trim().trim_end_matches('.');
    if query::numeric(number).is_some() {
        Ok(number.to_owned())
    } else {
        Err(format!(
            "{number:?} is not a paragraph number such as 58 or 140.7"
        ))
    }
}

fn range(first: u32, last: u32, what: &str) -> Result<(u32, u32), String> {
    match (first, last) {
        (0, _) | (_, 0) => Err(format!(
            "{what} is 1-based: first and last must be at least 1"
        )),
        (a, b) if a > b => Err(format!("{what} first {a} is after last {b}")),
        (a, b) => Ok((a, b)),
    }
}

fn filter(filter: pb::Filter, prefix: &str) -> Result<Filter, Vec<FieldViolation>> {
    let pb::Filter { text, regex, kinds } = filter;
    let mut violations = Vec::new();
    let mut out = Filter {
        text: non_empty(text).map(|t| query::fold(&t)),
        ..Filter::default()
    };
    if !regex.is_empty() {
        match compile_regex(&regex) {
            Ok(re) => out.regex = Some(re),
            Err(why) => violations.push(FieldViolation::new(format!("{prefix}filter.regex"), why)),
        }
    }
    for (idx, kind) in kinds.into_iter().enumerate() {
        match paragraph_kind_from_wire(kind) {
            Some(k) => out.kinds.push(k),
            None => violations.push(FieldViolation::new(
                format!("{prefix}filter.kinds[{idx}]"),
                format!("unknown paragraph kind {kind}"),
            )),
        }
    }
    if violations.is_empty() {
        Ok(out)
    } else {
        Err(violations)
    }
}

fn compile_regex(pattern: &str) -> Result<regex::Regex, String> {
    if pattern.len() > REGEX_MAX_LEN {
        return Err(format!(
            "regex is {} bytes; at most {REGEX_MAX_LEN} are accepted",
            pattern.len()
        ));
    }
    regex::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| format!("invalid or too large regex: {e}"))
}

fn paragraph_kind_from_wire(kind: i32) -> Option<ParagraphKind> {
    match pb::ParagraphKind::try_from(kind).ok()? {
        pb::ParagraphKind::Numbered => Some(ParagraphKind::Numbered),
        pb::ParagraphKind::Unnumbered => Some(ParagraphKind::Unnumbered),
        pb::ParagraphKind::Table => Some(ParagraphKind::Table),
        pb::ParagraphKind::Unspecified => None,
    }
}

fn non_empty(s: String) -> Option<String> {
    let trimmed = s.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// The token that resumes a selection after `ordinal` of `document_id`.
pub(crate) fn page_token(document_id: &str, ordinal: u32) -> String {
    format!("{ordinal}@{document_id}")
}

fn decode_page_token(token: &str) -> Option<(String, u32)> {
    let (ordinal, document) = token.split_once('@')?;
    Some((document.to_owned(), ordinal.parse().ok()?))
}

/// A document's summary.
pub(crate) fn summary(doc: &Document) -> pb::DocumentSummary {
    pb::DocumentSummary {
        id: doc.id.clone(),
        symbol: doc.meta.symbol.clone(),
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
        job_number: m.job_number.clone(),
        title: m.title.clone(),
        language: m.language.clone(),
        date: m.date.clone(),
        body: m.body.clone(),
        session: m.session.clone(),
        agenda_items: m.agenda_items.iter().map(agenda_item).collect(),
        page_count: count(doc.pages.len()),
        sections: doc.sections.iter().map(|s| section(doc, s)).collect(),
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
    }
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
        in_annex: p.in_annex,
    }
}

/// A paragraph as a selection result.
pub(crate) fn hit(doc: &Document, p: &model::Paragraph, role: Role, view: View) -> pb::Paragraph {
    let mut out = paragraph(doc, p, view);
    out.selection_role = match role {
        Role::Match => pb::SelectionRole::Match,
        Role::Context => pb::SelectionRole::Context,
    } as i32;
    out.next_page_token = page_token(&doc.id, p.ordinal);
    out
}

fn paragraph_kind(kind: ParagraphKind) -> pb::ParagraphKind {
    match kind {
        ParagraphKind::Numbered => pb::ParagraphKind::Numbered,
        ParagraphKind::Unnumbered => pb::ParagraphKind::Unnumbered,
        ParagraphKind::Table => pb::ParagraphKind::Table,
    }
}

fn section(doc: &Document, s: &model::Section) -> pb::Section {
    let idx = doc.sections.iter().position(|x| std::ptr::eq(x, s));
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
        path: doc.section_path(idx).join("."),
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

/// Validates an `IngestDocumentRequest`.
pub(crate) fn ingest_request(request: pb::IngestDocumentRequest) -> Result<IngestRequest, Error> {
    let pb::IngestDocumentRequest {
        content,
        media_type,
        id,
        language,
        source_name,
    } = request;
    let header = pb::UploadHeader {
        media_type,
        id,
        language,
        source_name,
    };
    upload_header(header, content)
}

/// Validates an upload's header; `content` is the bytes gathered so far.
pub(crate) fn upload_header(
    header: pb::UploadHeader,
    content: Vec<u8>,
) -> Result<IngestRequest, Error> {
    let pb::UploadHeader {
        media_type,
        id,
        language,
        source_name,
    } = header;
    let media_type = MediaType::from_mime(&media_type).ok_or_else(|| {
        Error::invalid(
            "media_type",
            format!("{media_type:?} is not supported: use application/pdf or text/plain"),
        )
    })?;
    Ok(IngestRequest {
        content,
        media_type,
        id: non_empty(id),
        language: non_empty(language),
        source_name: non_empty(source_name),
    })
}

/// A change on the feed.
pub(crate) fn change(change: &Change) -> pb::DocumentEvent {
    let kind = match change.kind {
        ChangeKind::Added => pb::DocumentEventKind::Added,
        ChangeKind::Updated => pb::DocumentEventKind::Updated,
        ChangeKind::Removed => pb::DocumentEventKind::Removed,
    };
    event(kind, Some(summary(&change.document)))
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
