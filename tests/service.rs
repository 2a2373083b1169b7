//! Service tests: the Documents handlers called directly, without a network.

use std::sync::Arc;

use paragraphd::corpus::writer::Writer;
use paragraphd::corpus::{self, CorpusSource};
use paragraphd::grpc::DocumentsService;
use paragraphd::pb::{self, documents_server::Documents, selector::Selector as S};
use paragraphd::store::Store;
use tokio_stream::StreamExt;
use tonic::{Code, Request, Status};
use tonic_types::StatusExt;

fn service(max_streams: usize) -> DocumentsService {
    let store = Arc::new(Store::new());
    store.upsert(CorpusSource::default().load());
    let writer = Writer::new(store.clone(), Err("read-only in this test".into()), 1 << 20);
    DocumentsService::new(store, Arc::new(writer), max_streams)
}

fn select(document: &str, selectors: Vec<S>) -> pb::SelectParagraphsRequest {
    pb::SelectParagraphsRequest {
        document: document.to_owned(),
        selectors: selectors
            .into_iter()
            .map(|s| pb::Selector { selector: Some(s) })
            .collect(),
        ..Default::default()
    }
}

async fn collect(
    svc: &DocumentsService,
    req: pb::SelectParagraphsRequest,
) -> Result<Vec<pb::Paragraph>, Status> {
    let stream = svc.select_paragraphs(Request::new(req)).await?.into_inner();
    stream.collect::<Result<Vec<_>, _>>().await
}

/// `GetDocument` of `document`, paragraphs included or not.
async fn get(document: &str, include_paragraphs: bool) -> Result<pb::Document, Status> {
    let req = pb::GetDocumentRequest {
        document: document.to_owned(),
        include_paragraphs,
        language: String::new(),
    };
    let response = service(8).get_document(Request::new(req)).await?;
    Ok(response.into_inner())
}

#[tokio::test]
async fn get_document_by_symbol_returns_outline_without_paragraphs() {
    let doc = get("a/hrc/52/71", false).await.expect("found");
    assert_eq!(doc.id, corpus::SAMPLE_ID);
    assert_eq!(doc.symbol, "A/HRC/52/71");
    assert!(doc.paragraphs.is_empty());
    assert_eq!(doc.numbered_paragraph_count, 13);
    assert!(doc.sections.iter().any(|s| s.label == "V"));
}

#[tokio::test]
async fn get_document_with_paragraphs() {
    let doc = get(corpus::SAMPLE_ID, true).await.expect("found");
    let numbers: Vec<&str> = doc.paragraphs.iter().map(|p| p.number.as_str()).collect();
    assert_eq!(numbers.first(), Some(&"53"));
    assert_eq!(numbers.last(), Some(&"65"));
}

#[tokio::test]
async fn unknown_document_is_not_found_naming_it() {
    let status = get("A/HRC/99/1", false).await.expect_err("missing");
    assert_eq!(status.code(), Code::NotFound);
    assert!(
        status.message().contains("A/HRC/99/1"),
        "{}",
        status.message()
    );
}

#[tokio::test]
async fn empty_document_is_invalid_argument_with_field_violation() {
    let status = get("", false).await.expect_err("invalid");
    assert_eq!(status.code(), Code::InvalidArgument);
    let bad = status
        .get_details_bad_request()
        .expect("BadRequest details");
    assert_eq!(bad.field_violations[0].field, "document");
}

#[tokio::test]
async fn select_number_58_returns_the_panel_paragraph() {
    let svc = service(8);
    let got = collect(&svc, select("A/HRC/52/71", vec![S::Number("58".into())]))
        .await
        .expect("ok");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].number, "58");
    assert!(got[0].text.starts_with(
        "The Secretary-General of the United Nations should appoint a high-level panel"
    ));
    assert_eq!(got[0].citation, "A/HRC/52/71, para. 58");
    assert_eq!(got[0].selection_role, pb::SelectionRole::Match as i32);
}

#[tokio::test]
async fn missing_number_is_not_found_naming_what_exists() {
    let svc = service(8);
    let status = collect(&svc, select("A/HRC/52/71", vec![S::Number("7".into())]))
        .await
        .expect_err("missing");
    assert_eq!(status.code(), Code::NotFound);
    assert!(status.message().contains("53–65"), "{}", status.message());
}

#[tokio::test]
async fn bad_selectors_are_reported_field_by_field() {
    let svc = service(8);
    let req = select(
        "A/HRC/52/71",
        vec![
            S::NumberRange(pb::NumberRange {
                first: "60".into(),
                last: "58".into(),
            }),
            S::Ordinal(0),
        ],
    );
    let status = collect(&svc, req).await.expect_err("invalid");
    assert_eq!(status.code(), Code::InvalidArgument);
    let fields: Vec<String> = status
        .get_details_bad_request()
        .expect("details")
        .field_violations
        .into_iter()
        .map(|v| v.field)
        .collect();
    assert_eq!(fields, ["selectors[0]", "selectors[1]"]);
}

#[tokio::test]
async fn stream_limit_gives_resource_exhausted() {
    let svc = service(1);
    let first = svc
        .select_paragraphs(Request::new(select("A/HRC/52/71", vec![])))
        .await
        .expect("first stream");
    let second = svc
        .select_paragraphs(Request::new(select("A/HRC/52/71", vec![])))
        .await;
    assert_eq!(
        second.err().map(|s| s.code()),
        Some(Code::ResourceExhausted)
    );
    drop(first);
    let third = svc
        .select_paragraphs(Request::new(select("A/HRC/52/71", vec![])))
        .await;
    assert!(
        third.is_ok(),
        "the permit returns when the stream is dropped"
    );
}

#[tokio::test]
async fn writes_without_a_writable_corpus_are_failed_precondition() {
    let svc = service(8);
    let status = svc
        .delete_document(Request::new(pb::DeleteDocumentRequest {
            document: "A/HRC/52/71".into(),
        }))
        .await
        .expect_err("refused");
    assert_eq!(status.code(), Code::FailedPrecondition);
    assert!(
        status.message().contains("read-only"),
        "{}",
        status.message()
    );
}
