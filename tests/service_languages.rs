//! Issue 21, service ring: a report's language versions held side by side, named by symbol and
//! language, listed with their languages, and aligned paragraph by paragraph. The handlers are
//! called directly over a store holding the built-in sample (English) and a "French" version of
//! it made here: paragraph 55 rewritten in French, paragraph 57 left out.

use std::sync::Arc;

use paragraphd::corpus::writer::Writer;
use paragraphd::corpus::{self, CorpusSource, MediaType, SAMPLE_ID, SAMPLE_TEXT};
use paragraphd::grpc::DocumentsService;
use paragraphd::model::Document;
use paragraphd::pb::{self, documents_server::Documents};
use paragraphd::store::Store;
use tokio_stream::StreamExt;
use tonic::{Code, Request, Status};
use tonic_types::StatusExt;

const FRENCH_ID: &str = "sample-fr";

/// The sample's "French" version: paragraph 55 in French, paragraph 57 left out of the parsed
/// document (the parser reads a gap in the numbering otherwise).
fn french() -> Document {
    let text = SAMPLE_TEXT.replace(
        "55. The media should stop targeting",
        "55. Les médias devraient cesser de cibler",
    );
    assert_ne!(text, SAMPLE_TEXT, "paragraph 55 is in the sample");
    let mut doc = corpus::ingest(FRENCH_ID, text.as_bytes(), MediaType::Text, 1 << 20)
        .expect("the French version parses");
    doc.meta.language = "fr".to_owned();
    doc.paragraphs.retain(|p| p.number.as_deref() != Some("57"));
    for (idx, p) in doc.paragraphs.iter_mut().enumerate() {
        p.ordinal = idx as u32 + 1;
    }
    doc
}

fn service() -> DocumentsService {
    let store = Arc::new(Store::new());
    store.upsert(CorpusSource::default().load());
    store.upsert(vec![french()]);
    let writer = Writer::new(store.clone(), Err("read-only in this test".into()), 1 << 20);
    DocumentsService::new(store, Arc::new(writer), 8)
}

fn select(citation: &str, language: &str) -> pb::SelectParagraphsRequest {
    pb::SelectParagraphsRequest {
        citation: citation.to_owned(),
        language: language.to_owned(),
        ..Default::default()
    }
}

async fn selected(
    svc: &DocumentsService,
    req: pb::SelectParagraphsRequest,
) -> Result<Vec<pb::Paragraph>, Status> {
    let stream = svc.select_paragraphs(Request::new(req)).await?.into_inner();
    stream.collect().await
}

async fn listed(
    svc: &DocumentsService,
    req: pb::ListDocumentsRequest,
) -> Result<Vec<pb::DocumentSummary>, Status> {
    let stream = svc.list_documents(Request::new(req)).await?.into_inner();
    stream.collect().await
}

async fn aligned(
    svc: &DocumentsService,
    req: pb::AlignParagraphsRequest,
) -> Result<Vec<pb::AlignParagraphsResponse>, Status> {
    let stream = svc.align_paragraphs(Request::new(req)).await?.into_inner();
    stream.collect().await
}

fn field_of(status: &Status) -> String {
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    let bad = status
        .get_details_bad_request()
        .expect("BadRequest details");
    bad.field_violations[0].field.clone()
}

#[tokio::test]
async fn a_citation_resolves_in_the_requested_language() {
    let svc = service();
    let french = selected(&svc, select("A/HRC/52/71, para. 55", "fr"))
        .await
        .expect("French para. 55");
    assert_eq!(french.len(), 1);
    assert_eq!(french[0].document_id, FRENCH_ID);
    assert!(
        french[0].text.starts_with("Les médias devraient"),
        "{}",
        french[0].text
    );
    let english = selected(&svc, select("A/HRC/52/71, para. 55", ""))
        .await
        .expect("English para. 55");
    assert_eq!(
        english[0].document_id, SAMPLE_ID,
        "English without a language"
    );
    assert!(english[0].text.starts_with("The media should"));
    let everywhere = selected(&svc, select("para. 55", "fr"))
        .await
        .expect("para. 55 of every French document");
    let ids: Vec<&str> = everywhere.iter().map(|p| p.document_id.as_str()).collect();
    assert_eq!(
        ids,
        [FRENCH_ID],
        "no document named: the documents in that language"
    );
}

#[tokio::test]
async fn an_id_with_another_language_names_its_report_in_that_language() {
    let svc = service();
    let req = pb::SelectParagraphsRequest {
        document: SAMPLE_ID.to_owned(),
        ..select("para. 55", "FR")
    };
    let got = selected(&svc, req).await.expect("French para. 55");
    assert_eq!(got[0].document_id, FRENCH_ID);
    let doc = svc
        .get_document(Request::new(pb::GetDocumentRequest {
            document: "a/hrc/52/71".to_owned(),
            language: "fr".to_owned(),
            include_paragraphs: false,
        }))
        .await
        .expect("French version")
        .into_inner();
    assert_eq!((doc.id.as_str(), doc.language.as_str()), (FRENCH_ID, "fr"));
}

#[tokio::test]
async fn an_unknown_language_code_is_invalid_argument_naming_the_field() {
    let svc = service();
    let status = selected(&svc, select("A/HRC/52/71, para. 55", "fra"))
        .await
        .expect_err("fra is no code");
    assert_eq!(field_of(&status), "language");
    assert!(
        status.message().contains("ar, en, es, fr, ru, zh"),
        "{status:?}"
    );
    let get = pb::GetDocumentRequest {
        document: "A/HRC/52/71".to_owned(),
        language: "german".to_owned(),
        include_paragraphs: false,
    };
    let status = svc.get_document(Request::new(get)).await.expect_err("bad");
    assert_eq!(field_of(&status), "language");
    let list = pb::ListDocumentsRequest {
        language: "xx".to_owned(),
        ..Default::default()
    };
    let status = listed(&svc, list).await.expect_err("bad");
    assert_eq!(field_of(&status), "language");
    let align = pb::AlignParagraphsRequest {
        document: "A/HRC/52/71".to_owned(),
        languages: vec!["en".to_owned(), "klingon".to_owned()],
        ..Default::default()
    };
    let status = aligned(&svc, align).await.expect_err("bad");
    assert_eq!(field_of(&status), "languages[1]");
}

#[tokio::test]
async fn a_language_not_held_is_not_found_naming_the_languages_held() {
    let svc = service();
    let status = selected(&svc, select("A/HRC/52/71, para. 55", "es"))
        .await
        .expect_err("no Spanish version");
    assert_eq!(status.code(), Code::NotFound);
    assert!(
        status
            .message()
            .contains("A/HRC/52/71 is not held in es; it is held in en, fr"),
        "{}",
        status.message()
    );
    let align = pb::AlignParagraphsRequest {
        document: "A/HRC/52/71".to_owned(),
        languages: vec!["en".to_owned(), "ru".to_owned()],
        ..Default::default()
    };
    let status = aligned(&svc, align).await.expect_err("no Russian version");
    assert_eq!(status.code(), Code::NotFound);
    assert!(status.message().contains("held in en, fr"), "{status:?}");
}

#[tokio::test]
async fn list_documents_shows_each_symbols_languages_and_filters_by_language() {
    let svc = service();
    let all = listed(&svc, pb::ListDocumentsRequest::default())
        .await
        .expect("list");
    assert_eq!(all.len(), 2);
    for summary in &all {
        assert_eq!(summary.languages, ["en", "fr"], "{}", summary.id);
    }
    let french = pb::ListDocumentsRequest {
        language: "FR".to_owned(),
        ..Default::default()
    };
    let ids: Vec<String> = listed(&svc, french)
        .await
        .expect("list")
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, [FRENCH_ID]);
}

#[tokio::test]
async fn align_paragraphs_pairs_numbers_and_flags_the_missing_one() {
    let svc = service();
    let req = pb::AlignParagraphsRequest {
        document: "A/HRC/52/71".to_owned(),
        citation: "paras. 54-58".to_owned(),
        languages: vec!["en".to_owned(), "fr".to_owned()],
        ..Default::default()
    };
    let messages = aligned(&svc, req).await.expect("aligned");
    let Some(pb::align_paragraphs_response::Item::Header(header)) = &messages[0].item else {
        panic!("the header comes first: {:?}", messages[0]);
    };
    let ids: Vec<(&str, &str)> = header
        .documents
        .iter()
        .map(|d| (d.language.as_str(), d.document_id.as_str()))
        .collect();
    assert_eq!(ids, [("en", SAMPLE_ID), ("fr", FRENCH_ID)]);
    let rows: Vec<&pb::AlignedRow> = messages[1..]
        .iter()
        .filter_map(|m| match &m.item {
            Some(pb::align_paragraphs_response::Item::Row(row)) => Some(row),
            _ => None,
        })
        .collect();
    let numbers: Vec<&str> = rows.iter().map(|r| r.number.as_str()).collect();
    assert_eq!(numbers, ["54", "55", "56", "57", "58"]);
    let row = |n: &str| rows.iter().find(|r| r.number == n).expect("row");
    let missing = row("57");
    assert!(missing.needs_review);
    assert_eq!(
        missing.reasons[0].kind,
        pb::ReviewReasonKind::Missing as i32
    );
    assert_eq!(missing.reasons[0].languages, ["fr"]);
    assert!(missing.versions[0].paragraph.is_some() && missing.versions[1].paragraph.is_none());
    let french = row("55").versions[1].paragraph.as_ref().expect("fr 55");
    assert!(french.text.starts_with("Les médias"), "{}", french.text);
    assert!(!row("56").needs_review, "{:?}", row("56").reasons);
}
