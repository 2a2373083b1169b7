//! Incoming requests: each wire message destructured field by field (a new proto field is a
//! compile error here until it is handled) and validated into a domain request, with every
//! problem reported as a field violation.

use super::page_token;
use crate::corpus::MediaType;
use crate::corpus::writer::IngestRequest;
use crate::error::{Error, FieldViolation};
use crate::model::ParagraphKind;
use crate::pb;
use crate::query::{self, Filter, Selection, Selector};
use crate::store::ListFilter;

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
    /// The language version to select from; with no document, the documents in it.
    pub(crate) language: Option<&'static str>,
}

/// How much of a paragraph to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum View {
    /// Identity, text, section, pages.
    Text,
    /// Everything.
    Full,
}

/// A `ListDocumentsRequest` as the store's filter: every field is optional; a language must be
/// one of the six codes.
pub(crate) fn list_request(request: pb::ListDocumentsRequest) -> Result<ListFilter, Error> {
    let pb::ListDocumentsRequest {
        symbol_prefix,
        body,
        session,
        language,
    } = request;
    Ok(ListFilter {
        symbol_prefix,
        body,
        session,
        language: language_field(&language, "language")?
            .unwrap_or_default()
            .to_owned(),
    })
}

/// An optional language field: `None` when empty, the code when it is one of the six, else
/// INVALID_ARGUMENT naming `field`.
pub(crate) fn language_field(value: &str, field: &str) -> Result<Option<&'static str>, Error> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    crate::language::code(value)
        .map(Some)
        .ok_or_else(|| Error::invalid(field, crate::language::unknown(value)))
}

/// Default of [`SelectLimits::max_selectors`].
pub const DEFAULT_MAX_SELECTORS: usize = 256;

/// Bounds on one selection request: its evaluation costs at most selectors × (paragraphs +
/// sections) per document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelectLimits {
    /// Most selectors in one request, those a citation expands to included.
    pub max_selectors: usize,
}

impl Default for SelectLimits {
    fn default() -> Self {
        Self {
            max_selectors: DEFAULT_MAX_SELECTORS,
        }
    }
}

/// Validates a selection request; `prefix` is prepended to field paths (e.g. `select.`).
pub(crate) fn select_request(
    request: pb::SelectParagraphsRequest,
    prefix: &str,
    limits: SelectLimits,
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
        language,
    } = request;
    let mut violations = Vec::new();
    let language = match language_field(&language, &format!("{prefix}language")) {
        Ok(language) => language,
        Err(Error::InvalidArgument(mut v)) => {
            violations.append(&mut v);
            None
        }
        Err(e) => return Err(e),
    };
    let mut selection = Selection {
        context_before,
        context_after,
        ..Selection::default()
    };
    let mut document = non_empty(document);
    let max = limits.max_selectors;
    if selectors.len() > max {
        // Refused before any of them is converted: the request's size bounds the work.
        return Err(Error::invalid(
            format!("{prefix}selectors"),
            format!(
                "{} selectors; at most {max} are accepted in one request (split the request)",
                selectors.len()
            ),
        ));
    }
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
        match super::parsed::parse(&citation).as_ref() {
            Ok(parsed) if selection.selectors.len() + parsed.selectors.len() > max => {
                violations.push(FieldViolation::new(
                    format!("{prefix}citation"),
                    format!(
                        "the citation names {} paragraphs or ranges, {} with the selectors; at \
                         most {max} are accepted in one request",
                        parsed.selectors.len(),
                        selection.selectors.len() + parsed.selectors.len()
                    ),
                ));
            }
            Ok(parsed) => {
                document = parsed.document.clone().or(document);
                selection.selectors.extend_from_slice(&parsed.selectors);
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
        token => match page_token::decode(token) {
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
        language,
    })
}

/// A `CitedByRequest` as the selection whose paragraphs' citers to stream: validated as
/// `SelectParagraphs` validates its request; a document (named, or by the citation) is
/// required.
pub(crate) fn cited_by_request(
    request: pb::CitedByRequest,
    limits: SelectLimits,
) -> Result<SelectRequest, Error> {
    let pb::CitedByRequest {
        document,
        citation,
        selectors,
        language,
        limit,
    } = request;
    let select = select_request(
        pb::SelectParagraphsRequest {
            document,
            citation,
            selectors,
            language,
            limit,
            ..pb::SelectParagraphsRequest::default()
        },
        "",
        limits,
    )?;
    if select
        .document
        .as_deref()
        .is_none_or(|d| d.trim().is_empty())
    {
        return Err(Error::invalid(
            "document",
            "document is required: a document id or UN symbol such as A/HRC/52/71 (or a \
             citation naming one)",
        ));
    }
    Ok(select)
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

pub(super) fn paragraph_kind_from_wire(kind: i32) -> Option<ParagraphKind> {
    match pb::ParagraphKind::try_from(kind).ok()? {
        pb::ParagraphKind::Numbered => Some(ParagraphKind::Numbered),
        pb::ParagraphKind::Unnumbered => Some(ParagraphKind::Unnumbered),
        pb::ParagraphKind::Table => Some(ParagraphKind::Table),
        pb::ParagraphKind::Unspecified => None,
    }
}

pub(super) fn non_empty(s: String) -> Option<String> {
    let trimmed = s.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
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
    let language = language_field(&language, "language")?;
    Ok(IngestRequest {
        content,
        media_type,
        id: non_empty(id),
        language: language.map(str::to_owned),
        source_name: non_empty(source_name),
    })
}
