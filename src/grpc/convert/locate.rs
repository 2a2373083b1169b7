//! `LocateParagraphs` and `ExportDocument`: their requests validated into domain requests and
//! their answers built from domain results.

use crate::error::{Error, FieldViolation};
use crate::export::Format;
use crate::export::uwazi::UWAZI_UNITS_PER_POINT;
use crate::grpc::convert::outgoing::paragraph;
use crate::grpc::convert::request::{SelectLimits, View, language_field, select_request};
use crate::model::{Document, Rect};
use crate::pb;
use crate::query::Selection;
use crate::query::locate::{Location, Target};

/// A validated `LocateParagraphsRequest`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LocateRequest {
    /// Document id or symbol.
    pub(crate) document: String,
    /// The language version asked for.
    pub(crate) language: Option<&'static str>,
    /// What to locate, in PDF points.
    pub(crate) target: Target,
}

/// Validates a `LocateParagraphsRequest`; point and rectangle come out in PDF points.
pub(crate) fn locate_request(request: pb::LocateParagraphsRequest) -> Result<LocateRequest, Error> {
    let pb::LocateParagraphsRequest {
        document,
        language,
        target,
        units,
    } = request;
    let mut violations = Vec::new();
    if document.trim().is_empty() {
        violations.push(FieldViolation::new(
            "document",
            "document is required: a document id or UN symbol such as A/HRC/52/71",
        ));
    }
    let language = collect(language_field(&language, "language"), &mut violations)?;
    let scale = match pb::CoordinateUnits::try_from(units) {
        Ok(pb::CoordinateUnits::Uwazi) => 1.0 / UWAZI_UNITS_PER_POINT,
        Ok(pb::CoordinateUnits::PdfPoints | pb::CoordinateUnits::Unspecified) => 1.0,
        Err(_) => {
            violations.push(FieldViolation::new(
                "units",
                format!("unknown units {units}"),
            ));
            1.0
        }
    };
    let target = match target.map(|t| self::target(t, scale)) {
        Some(target) => Some(target),
        None => {
            violations.push(FieldViolation::new(
                "target",
                "one of point, rect or quote is required",
            ));
            None
        }
    };
    match target {
        Some(target) if violations.is_empty() => Ok(LocateRequest {
            document,
            language,
            target,
        }),
        _ => Err(Error::InvalidArgument(violations)),
    }
}

/// A field's value, or its violations added to `violations` (other errors pass through).
fn collect<T: Default>(
    result: Result<T, Error>,
    violations: &mut Vec<FieldViolation>,
) -> Result<T, Error> {
    match result {
        Ok(value) => Ok(value),
        Err(Error::InvalidArgument(mut v)) => {
            violations.append(&mut v);
            Ok(T::default())
        }
        Err(e) => Err(e),
    }
}

fn target(target: pb::locate_paragraphs_request::Target, scale: f32) -> Target {
    use pb::locate_paragraphs_request::Target as T;
    match target {
        T::Point(pb::PagePoint { page, x, y }) => Target::Point(page, x * scale, y * scale),
        T::Rect(pb::PageRect {
            page,
            left,
            top,
            width,
            height,
        }) => Target::Rect(Rect {
            page,
            x: left * scale,
            y: top * scale,
            width: width * scale,
            height: height * scale,
        }),
        T::Quote(quote) => Target::Quote(quote),
    }
}

/// The answer of `LocateParagraphs`: each located paragraph in the full view.
pub(crate) fn located(doc: &Document, location: &Location) -> pb::LocateParagraphsResponse {
    let paragraphs = location
        .paragraphs
        .iter()
        .filter_map(|l| {
            let p = crate::query::locate::paragraph(doc, l)?;
            let (quote_start, quote_end) = l.quote_span.unwrap_or((0, 0));
            Some(pb::LocatedParagraph {
                paragraph: Some(paragraph(doc, p, View::Full)),
                citation: doc.citation(p),
                overlap: l.overlap,
                quote_start,
                quote_end,
                occurrence: l.occurrence,
            })
        })
        .collect();
    pb::LocateParagraphsResponse {
        document_id: doc.id.clone(),
        paragraphs,
        occurrences: location.occurrences,
    }
}

/// A validated `ExportDocumentRequest`.
#[derive(Debug, Clone)]
pub(crate) struct ExportRequest {
    /// Document id or symbol (from `document` or the citation).
    pub(crate) document: String,
    /// The language version asked for.
    pub(crate) language: Option<&'static str>,
    /// The format.
    pub(crate) format: Format,
    /// The paragraphs to export (references, Markdown).
    pub(crate) selection: Selection,
}

/// Validates an `ExportDocumentRequest`; its selection goes through the same validation as
/// `SelectParagraphs`' (citation, selectors, language).
pub(crate) fn export_request(
    request: pb::ExportDocumentRequest,
    limits: SelectLimits,
) -> Result<ExportRequest, Error> {
    let pb::ExportDocumentRequest {
        document,
        language,
        format,
        citation,
        selectors,
    } = request;
    let select = pb::SelectParagraphsRequest {
        document,
        citation,
        selectors,
        language,
        ..pb::SelectParagraphsRequest::default()
    };
    let mut violations = Vec::new();
    let select = collect(
        select_request(select, "", limits).map(Some),
        &mut violations,
    )?;
    let format = match pb::ExportFormat::try_from(format) {
        Ok(pb::ExportFormat::UwaziToc) => Some(Format::UwaziToc),
        Ok(pb::ExportFormat::UwaziReferences) => Some(Format::UwaziReferences),
        Ok(pb::ExportFormat::Markdown) => Some(Format::Markdown),
        Ok(pb::ExportFormat::AkomaNtoso) => Some(Format::AkomaNtoso),
        Ok(pb::ExportFormat::Unspecified) | Err(_) => {
            violations.push(FieldViolation::new(
                "format",
                "required: EXPORT_FORMAT_UWAZI_TOC, EXPORT_FORMAT_UWAZI_REFERENCES, \
                 EXPORT_FORMAT_MARKDOWN or EXPORT_FORMAT_AKOMA_NTOSO",
            ));
            None
        }
    };
    let document = select.as_ref().and_then(|s| s.document.clone());
    if select.is_some() && document.is_none() {
        violations.push(FieldViolation::new(
            "document",
            "document is required (or a citation naming it): a document id or UN symbol",
        ));
    }
    match (select, format, document) {
        (Some(select), Some(format), Some(document)) if violations.is_empty() => {
            Ok(ExportRequest {
                document,
                language: select.language,
                format,
                selection: select.selection,
            })
        }
        _ => Err(Error::InvalidArgument(violations)),
    }
}

/// Largest `ExportChunk.data`.
pub(crate) const EXPORT_CHUNK_BYTES: usize = 64 * 1024;

/// The `i`-th chunk of an export.
pub(crate) fn export_chunk(content_type: &str, bytes: &[u8], i: usize) -> pb::ExportChunk {
    let start = i.saturating_mul(EXPORT_CHUNK_BYTES).min(bytes.len());
    let end = start.saturating_add(EXPORT_CHUNK_BYTES).min(bytes.len());
    pb::ExportChunk {
        content_type: content_type.to_owned(),
        data: bytes.get(start..end).unwrap_or_default().to_vec(),
    }
}
