//! Issue 22, service ring: the citations a paragraph makes, on the wire with their status, and
//! `CitedBy`, which follows ingest and delete. The handlers are called directly over a store
//! holding the built-in sample (A/HRC/52/71) and a writable corpus directory.

use std::sync::Arc;

use paragraphd::corpus::CorpusSource;
use paragraphd::corpus::durable::DurableDir;
use paragraphd::corpus::writer::Writer;
use paragraphd::grpc::DocumentsService;
use paragraphd::pb::{self, documents_server::Documents};
use paragraphd::store::Store;
use tokio_stream::StreamExt;
use tonic::{Code, Request, Status};

/// A short report that cites paragraph 58 of the sample, and one of its own paragraphs.
pub(crate) const CITING: &str = "\
A/HRC/99/1

Human Rights Council

I. Introduction

1. The Special Rapporteur recalls the high-level panel recommended in A/HRC/52/71, para. 58, \
and the forum proposed in paragraphs 60 to 62 of that report.

2. As noted in paragraph 1 above, the panel has not been appointed (see para. 1 above).
";

fn service(dir: &std::path::Path) -> DocumentsService {
    let store = Arc::new(Store::new());
    store.upsert(CorpusSource::default().load());
    let durable = DurableDir::open(dir).map_err(|e| e.to_string());
    let writer = Writer::new(store.clone(), durable, 1 << 20);
    DocumentsService::new(store, Arc::new(writer), 8)
}

fn cited_by(citation: &str) -> pb::CitedByRequest {
    pb::CitedByRequest {
        citation: citation.to_owned(),
        ..Default::default()
    }
}

async fn citers(
    svc: &DocumentsService,
    req: pb::CitedByRequest,
) -> Result<Vec<pb::CitingParagraph>, Status> {
    let stream = svc.cited_by(Request::new(req)).await?.into_inner();
    stream.collect().await
}

async fn ingest(svc: &DocumentsService, id: &str, text: &str) {
    let req = pb::IngestDocumentRequest {
        content: text.as_bytes().to_vec(),
        media_type: "text/plain".to_owned(),
        id: id.to_owned(),
        ..Default::default()
    };
    svc.ingest_document(Request::new(req))
        .await
        .expect("ingested");
}

#[tokio::test]
async fn cited_by_follows_ingest_and_delete() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let svc = service(dir.path());
    let before = citers(&svc, cited_by("A/HRC/52/71, para. 58")).await;
    assert_eq!(before.expect("the sample is held").len(), 0);

    ingest(&svc, "citing", CITING).await;
    let found = citers(&svc, cited_by("A/HRC/52/71, para. 58"))
        .await
        .expect("held");
    assert_eq!(found.len(), 1, "{found:#?}");
    let citing = &found[0];
    let paragraph = citing.paragraph.as_ref().expect("the citing paragraph");
    let citation = citing.citation.as_ref().expect("its citation");
    assert_eq!(
        (paragraph.document_id.as_str(), paragraph.number.as_str()),
        ("citing", "1")
    );
    assert_eq!(citation.text, "A/HRC/52/71, para. 58");
    let span = citation.span.expect("span");
    assert_eq!(
        &paragraph.text[span.start as usize..span.end as usize],
        citation.text
    );
    assert_eq!(citation.status, pb::CitationStatus::Resolves as i32);
    assert_eq!(
        (citing.cited_number.as_str(), citing.cited_ordinal),
        ("58", 6)
    );

    let deleted = pb::DeleteDocumentRequest {
        document: "citing".to_owned(),
    };
    svc.delete_document(Request::new(deleted))
        .await
        .expect("deleted");
    let after = citers(&svc, cited_by("A/HRC/52/71, para. 58")).await;
    assert_eq!(after.expect("the sample is held").len(), 0);
}

#[tokio::test]
async fn a_range_citing_a_paragraph_is_found_and_each_citation_listed_once() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let svc = service(dir.path());
    ingest(&svc, "citing", CITING).await;
    let req = pb::CitedByRequest {
        document: "A/HRC/52/71".to_owned(),
        citation: "paras. 58-65".to_owned(),
        ..Default::default()
    };
    let found = citers(&svc, req.clone()).await.expect("held");
    let cited: Vec<&str> = found.iter().map(|c| c.cited_number.as_str()).collect();
    assert_eq!(
        cited,
        ["58"],
        "paragraphs 60 to 62 of `that report` name no symbol"
    );
    let limited = pb::CitedByRequest { limit: 1, ..req };
    assert_eq!(citers(&svc, limited).await.expect("held").len(), 1);
}

#[tokio::test]
async fn get_document_counts_citations_and_paragraphs_carry_them_with_their_status() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let svc = service(dir.path());
    ingest(&svc, "citing", CITING).await;
    let req = pb::GetDocumentRequest {
        document: "citing".to_owned(),
        include_paragraphs: true,
        language: String::new(),
    };
    let doc = svc
        .get_document(Request::new(req))
        .await
        .expect("held")
        .into_inner();
    let all: Vec<(&str, i32, i32)> = doc
        .paragraphs
        .iter()
        .flat_map(|p| &p.citations)
        .map(|c| (c.text.as_str(), c.kind, c.status))
        .collect();
    let (document, internal) = (
        pb::CitationKind::Document as i32,
        pb::CitationKind::Internal as i32,
    );
    let resolves = pb::CitationStatus::Resolves as i32;
    assert_eq!(
        all,
        [
            ("A/HRC/52/71, para. 58", document, resolves),
            ("paragraph 1 above", internal, resolves),
            ("para. 1 above", internal, resolves),
        ]
    );
    assert_eq!((doc.citation_count, doc.resolved_citation_count), (3, 3));

    let text_view = pb::SelectParagraphsRequest {
        document: "citing".to_owned(),
        view: pb::ParagraphView::Text as i32,
        ..Default::default()
    };
    let stream = svc
        .select_paragraphs(Request::new(text_view))
        .await
        .expect("ok");
    let paragraphs: Vec<pb::Paragraph> = stream
        .into_inner()
        .collect::<Result<_, _>>()
        .await
        .expect("ok");
    assert!(
        paragraphs.iter().all(|p| p.citations.is_empty()),
        "text view: no citations"
    );
}

#[tokio::test]
async fn a_citation_to_a_document_not_held_says_so() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let svc = service(dir.path());
    ingest(
        &svc,
        "other",
        &CITING.replace("A/HRC/52/71, para. 58", "A/HRC/40/1, para. 58"),
    )
    .await;
    let req = pb::GetDocumentRequest {
        document: "other".to_owned(),
        include_paragraphs: true,
        language: String::new(),
    };
    let doc = svc
        .get_document(Request::new(req))
        .await
        .expect("held")
        .into_inner();
    let first = &doc.paragraphs[0].citations[0];
    assert_eq!(first.target_document, "A/HRC/40/1");
    assert_eq!(first.status, pb::CitationStatus::NotHeld as i32);
    assert_eq!((doc.citation_count, doc.resolved_citation_count), (3, 2));
}

#[tokio::test]
async fn malformed_cited_by_requests_are_refused_naming_the_field() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let svc = service(dir.path());
    let no_document = citers(&svc, cited_by("para. 58"))
        .await
        .expect_err("no document");
    assert_eq!(no_document.code(), Code::InvalidArgument);
    assert!(
        no_document.message().contains("document"),
        "{}",
        no_document.message()
    );
    let bad = citers(&svc, cited_by("A/HRC/52/71, para. x"))
        .await
        .expect_err("bad citation");
    assert_eq!(bad.code(), Code::InvalidArgument);
    let unknown = citers(&svc, cited_by("A/HRC/52/71, para. 999"))
        .await
        .expect_err("no such");
    assert_eq!(unknown.code(), Code::NotFound);
    let missing = citers(&svc, cited_by("A/HRC/1/1, para. 1"))
        .await
        .expect_err("not held");
    assert_eq!(missing.code(), Code::NotFound);
}
