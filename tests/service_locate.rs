//! Issue 22, service ring: `LocateParagraphs` and `ExportDocument` called directly over a store
//! holding the built-in sample (text input, A/HRC/52/71) and one corpus PDF
//! (`../shared/corpus/upr/andorra2011.pdf`, a missing corpus fails). The Uwazi shapes are
//! checked field by field against huridocs/uwazi `app/shared/types/commonSchemas.ts`
//! (`selectionRectangleSchema`, `tocSchema`) and `app/shared/types/connectionSchema.ts`
//! (`reference`).

use std::sync::Arc;

use paragraphd::corpus::writer::Writer;
use paragraphd::corpus::{self, CorpusSource, MediaType};
use paragraphd::grpc::DocumentsService;
use paragraphd::pb::{self, documents_server::Documents};
use paragraphd::store::Store;
use serde_json::Value;
use tokio_stream::StreamExt;
use tonic::{Code, Request, Status};
use tonic_types::StatusExt;

const PDF_ID: &str = "andorra2011";

fn service() -> DocumentsService {
    let store = Arc::new(Store::new());
    store.upsert(CorpusSource::default().load());
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/upr/andorra2011.pdf"
    );
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("corpus missing: {path}: {e}"));
    let doc = corpus::ingest(PDF_ID, &bytes, MediaType::Pdf, 64 << 20).expect("the PDF parses");
    store.upsert(vec![doc]);
    let writer = Writer::new(store.clone(), Err("read-only in this test".into()), 1 << 20);
    DocumentsService::new(store, Arc::new(writer), 8)
}

fn request(
    document: &str,
    target: pb::locate_paragraphs_request::Target,
) -> pb::LocateParagraphsRequest {
    pb::LocateParagraphsRequest {
        document: document.to_owned(),
        target: Some(target),
        ..Default::default()
    }
}

async fn locate(
    svc: &DocumentsService,
    req: pb::LocateParagraphsRequest,
) -> Result<pb::LocateParagraphsResponse, Status> {
    Ok(svc.locate_paragraphs(Request::new(req)).await?.into_inner())
}

async fn paragraphs(svc: &DocumentsService, document: &str) -> Vec<pb::Paragraph> {
    let req = pb::GetDocumentRequest {
        document: document.to_owned(),
        include_paragraphs: true,
        language: String::new(),
    };
    svc.get_document(Request::new(req))
        .await
        .expect("held")
        .into_inner()
        .paragraphs
}

/// The numbered paragraph `number` of the PDF, with its first box.
async fn pdf_paragraph(svc: &DocumentsService, number: &str) -> (pb::Paragraph, pb::Box) {
    let p = paragraphs(svc, PDF_ID)
        .await
        .into_iter()
        .find(|p| p.number == number)
        .expect("numbered paragraph");
    let b = p.boxes.first().cloned().expect("a box");
    (p, b)
}

fn point(page: u32, x: f32, y: f32) -> pb::locate_paragraphs_request::Target {
    pb::locate_paragraphs_request::Target::Point(pb::PagePoint { page, x, y })
}

fn field_of(status: &Status) -> String {
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    let bad = status
        .get_details_bad_request()
        .expect("BadRequest details");
    bad.field_violations[0].field.clone()
}

#[tokio::test]
async fn a_point_locates_its_paragraph_in_points_and_in_uwazi_units() {
    let svc = service();
    let (p, b) = pdf_paragraph(&svc, "5").await;
    let (x, y) = (b.x + b.width / 2.0, b.y + b.height / 2.0);
    let found = locate(&svc, request(PDF_ID, point(b.page, x, y)))
        .await
        .expect("located");
    assert_eq!(found.document_id, PDF_ID);
    let first = &found.paragraphs[0];
    assert_eq!(first.paragraph.as_ref().map(|p| p.ordinal), Some(p.ordinal));
    assert_eq!(first.citation, p.citation);
    assert!(first.citation.ends_with(", para. 5"), "{}", first.citation);
    assert_eq!(first.overlap, 1.0);
    let mut uwazi = request(PDF_ID, point(b.page, x * 4.0 / 3.0, y * 4.0 / 3.0));
    uwazi.units = pb::CoordinateUnits::Uwazi as i32;
    let found = locate(&svc, uwazi).await.expect("located");
    assert_eq!(
        found.paragraphs[0].citation, p.citation,
        "Uwazi units are 4/3 of a point"
    );
}

#[tokio::test]
async fn a_rectangle_over_two_paragraphs_gives_each_its_share() {
    let svc = service();
    let (p5, b5) = pdf_paragraph(&svc, "5").await;
    let (p6, b6) = pdf_paragraph(&svc, "6").await;
    assert_eq!(b5.page, b6.page, "paragraphs 5 and 6 share a page");
    let top = b5.y + b5.height / 2.0;
    let rect = pb::PageRect {
        page: b5.page,
        left: b5.x,
        top,
        width: b5.width,
        height: b6.y + b6.height / 2.0 - top,
    };
    let target = pb::locate_paragraphs_request::Target::Rect(rect);
    let found = locate(&svc, request(PDF_ID, target))
        .await
        .expect("located");
    let ordinals: Vec<u32> = found
        .paragraphs
        .iter()
        .filter_map(|l| l.paragraph.as_ref())
        .map(|p| p.ordinal)
        .collect();
    assert_eq!(ordinals, [p5.ordinal, p6.ordinal]);
    let total: f32 = found.paragraphs.iter().map(|l| l.overlap).sum();
    assert!(
        found.paragraphs.iter().all(|l| l.overlap > 0.0) && total <= 1.0001,
        "{total}"
    );
}

#[tokio::test]
async fn a_point_outside_every_paragraph_is_not_found_naming_the_nearest() {
    let svc = service();
    let (_, b) = pdf_paragraph(&svc, "5").await;
    let status = locate(&svc, request(PDF_ID, point(b.page, 1.0, 1.0)))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound, "{status:?}");
    assert!(
        status.message().contains("nearest paragraph is"),
        "{}",
        status.message()
    );
}

#[tokio::test]
async fn a_region_on_a_text_document_is_failed_precondition_but_a_quote_locates() {
    let svc = service();
    let status = locate(&svc, request("A/HRC/52/71", point(1, 10.0, 10.0)))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
    assert!(
        status.message().contains("has no geometry"),
        "{}",
        status.message()
    );
    let p58 = paragraphs(&svc, "A/HRC/52/71")
        .await
        .into_iter()
        .find(|p| p.number == "58")
        .expect("58");
    let words: Vec<&str> = p58.text.split_whitespace().skip(3).take(10).collect();
    let quote = words.join("\n  ").to_uppercase();
    let target = pb::locate_paragraphs_request::Target::Quote(quote);
    let found = locate(&svc, request("A/HRC/52/71", target))
        .await
        .expect("located");
    let l = &found.paragraphs[0];
    assert_eq!(l.citation, "A/HRC/52/71, para. 58");
    let chars: Vec<char> = p58.text.chars().collect();
    let quoted: String = chars[l.quote_start as usize..l.quote_end as usize]
        .iter()
        .collect();
    assert_eq!(quoted.split_whitespace().collect::<Vec<_>>(), words);
    assert_eq!(found.occurrences, 1);
}

#[tokio::test]
async fn malformed_locate_requests_name_their_fields() {
    let svc = service();
    let mut no_target = request(PDF_ID, point(1, 1.0, 1.0));
    no_target.target = None;
    assert_eq!(
        field_of(&locate(&svc, no_target).await.unwrap_err()),
        "target"
    );
    let long = pb::locate_paragraphs_request::Target::Quote("word ".repeat(1000));
    assert_eq!(
        field_of(&locate(&svc, request(PDF_ID, long)).await.unwrap_err()),
        "quote"
    );
    assert_eq!(
        field_of(
            &locate(&svc, request(PDF_ID, point(999, 1.0, 1.0)))
                .await
                .unwrap_err()
        ),
        "point.page"
    );
    assert_eq!(
        field_of(
            &locate(&svc, request("", point(1, 1.0, 1.0)))
                .await
                .unwrap_err()
        ),
        "document"
    );
    let mut bad_language = request(PDF_ID, point(1, 1.0, 1.0));
    bad_language.language = "xx".into();
    assert_eq!(
        field_of(&locate(&svc, bad_language).await.unwrap_err()),
        "language"
    );
    let status = locate(&svc, request("nowhere", point(1, 1.0, 1.0)))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
}

fn export_request(
    document: &str,
    format: pb::ExportFormat,
    citation: &str,
) -> pb::ExportDocumentRequest {
    pb::ExportDocumentRequest {
        document: document.to_owned(),
        format: format as i32,
        citation: citation.to_owned(),
        ..Default::default()
    }
}

/// The export's content type and its chunks joined.
async fn export(
    svc: &DocumentsService,
    req: pb::ExportDocumentRequest,
) -> Result<(String, Vec<u8>), Status> {
    let chunks: Vec<pb::ExportChunk> = svc
        .export_document(Request::new(req))
        .await?
        .into_inner()
        .collect::<Result<_, _>>()
        .await?;
    let content_type = chunks
        .first()
        .map(|c| c.content_type.clone())
        .unwrap_or_default();
    assert!(
        chunks
            .iter()
            .all(|c| c.content_type == content_type && c.data.len() <= 64 * 1024)
    );
    Ok((
        content_type,
        chunks.into_iter().flat_map(|c| c.data).collect(),
    ))
}

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

/// A `selectionRectangleSchema`: numbers `top`, `left`, `width`, `height`, a string `page`.
fn assert_selection_rectangle(r: &Value) {
    assert_eq!(keys(r), ["height", "left", "page", "top", "width"]);
    for k in ["top", "left", "width", "height"] {
        assert!(r[k].is_number(), "{k}: {r}");
    }
    assert!(
        r["page"].as_str().is_some_and(|p| p.parse::<u32>().is_ok()),
        "{r}"
    );
}

#[tokio::test]
async fn the_uwazi_table_of_contents_has_tocschema_fields_only() {
    let svc = service();
    let (content_type, bytes) =
        export(&svc, export_request(PDF_ID, pb::ExportFormat::UwaziToc, ""))
            .await
            .expect("exported");
    assert_eq!(content_type, "application/json");
    let toc: Value = serde_json::from_slice(&bytes).expect("JSON");
    let entries = toc.as_array().expect("an array");
    assert!(entries.len() >= 3, "{toc}");
    for e in entries {
        assert_eq!(keys(e), ["indentation", "label", "selectionRectangles"]);
        assert!(e["label"].as_str().is_some_and(|l| !l.is_empty()), "{e}");
        assert!(e["indentation"].is_u64(), "{e}");
        e["selectionRectangles"]
            .as_array()
            .expect("rectangles")
            .iter()
            .for_each(assert_selection_rectangle);
    }
}

#[tokio::test]
async fn uwazi_references_carry_text_and_rectangles_in_uwazi_units() {
    let svc = service();
    let (p, b) = pdf_paragraph(&svc, "5").await;
    let req = export_request(PDF_ID, pb::ExportFormat::UwaziReferences, "paras. 5-6");
    let (_, bytes) = export(&svc, req).await.expect("exported");
    let refs: Value = serde_json::from_slice(&bytes).expect("JSON");
    let refs = refs.as_array().expect("an array");
    assert_eq!(refs.len(), 2);
    assert_eq!(keys(&refs[0]), ["citation", "reference"]);
    assert_eq!(refs[0]["citation"], p.citation.as_str());
    let reference = &refs[0]["reference"];
    assert_eq!(keys(reference), ["selectionRectangles", "text"]);
    assert_eq!(reference["text"], p.text.as_str());
    let rects = reference["selectionRectangles"]
        .as_array()
        .expect("rectangles");
    assert!(
        !rects.is_empty(),
        "a connection's reference needs one rectangle"
    );
    rects.iter().for_each(assert_selection_rectangle);
    let top = rects[0]["top"].as_f64().expect("top");
    assert!(
        (top - f64::from(b.y) * 4.0 / 3.0).abs() < 0.01,
        "{top} vs {}",
        b.y
    );
    assert_eq!(rects[0]["page"], b.page.to_string().as_str());
}

#[tokio::test]
async fn markdown_anchors_paragraphs_under_their_headings() {
    let svc = service();
    let req = export_request("A/HRC/52/71", pb::ExportFormat::Markdown, "paras. 57-58");
    let (content_type, bytes) = export(&svc, req).await.expect("exported");
    assert!(content_type.starts_with("text/markdown"), "{content_type}");
    let md = String::from_utf8(bytes).expect("UTF-8");
    assert!(md.starts_with("# "), "{md}");
    assert!(md.contains("\n<a id=\"para-57\"></a>57. "), "{md}");
    assert!(md.contains("\n<a id=\"para-58\"></a>58. "), "{md}");
    assert!(md.contains("\n## "), "a heading above them: {md}");
    assert!(!md.contains("para-59"), "{md}");
}

#[tokio::test]
async fn malformed_or_impossible_exports_are_refused() {
    let svc = service();
    let unspecified = export_request(PDF_ID, pb::ExportFormat::Unspecified, "");
    assert_eq!(
        field_of(&export(&svc, unspecified).await.unwrap_err()),
        "format"
    );
    let no_document = export_request("", pb::ExportFormat::Markdown, "");
    assert_eq!(
        field_of(&export(&svc, no_document).await.unwrap_err()),
        "document"
    );
    let bad_citation = export_request(PDF_ID, pb::ExportFormat::Markdown, "para. (");
    assert_eq!(
        field_of(&export(&svc, bad_citation).await.unwrap_err()),
        "citation"
    );
    let text = export_request("A/HRC/52/71", pb::ExportFormat::UwaziReferences, "para. 58");
    let status = export(&svc, text).await.unwrap_err();
    assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
    let nothing = export_request("A/HRC/52/71", pb::ExportFormat::Markdown, "para. 999");
    assert_eq!(
        export(&svc, nothing).await.unwrap_err().code(),
        Code::NotFound
    );
}
