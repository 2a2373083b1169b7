//! End-to-end over loopback: an in-process server on 127.0.0.1:0 and the generated clients.

use crate::common;

use std::time::Duration;

use common::TestServer;
use paragraphd::pb::{self, query_response::Result as Res, selector::Selector as S};
use tokio_stream::StreamExt;
use tonic::Code;
use tonic_types::StatusExt;

fn number(n: &str) -> pb::Selector {
    pb::Selector {
        selector: Some(S::Number(n.to_owned())),
    }
}

fn query(id: &str, document: &str, selectors: Vec<pb::Selector>) -> pb::QueryRequest {
    pb::QueryRequest {
        query_id: id.to_owned(),
        select: Some(pb::SelectParagraphsRequest {
            document: document.into(),
            selectors,
            ..Default::default()
        }),
        search: None,
    }
}

#[tokio::test]
async fn select_paragraph_58_over_the_network() {
    let server = TestServer::sample().await;
    let mut client = server.client().await;
    let req = pb::SelectParagraphsRequest {
        document: "A/HRC/52/71".into(),
        selectors: vec![number("58")],
        ..Default::default()
    };
    let got: Vec<_> = client
        .select_paragraphs(req)
        .await
        .expect("ok")
        .into_inner()
        .collect::<Result<_, _>>()
        .await
        .expect("stream");
    assert_eq!(got.len(), 1);
    assert!(got[0].text.starts_with(
        "The Secretary-General of the United Nations should appoint a high-level panel"
    ));
}

#[tokio::test]
async fn errors_keep_their_codes_and_details_on_the_wire() {
    let server = TestServer::sample().await;
    let mut client = server.client().await;
    let missing = client
        .get_document(pb::GetDocumentRequest {
            document: "S/1999/1".into(),
            include_paragraphs: false,
            language: String::new(),
        })
        .await;
    let status = missing.expect_err("not found");
    assert_eq!(status.code(), Code::NotFound);
    assert!(status.message().contains("S/1999/1"));

    let invalid = client
        .get_document(pb::GetDocumentRequest::default())
        .await
        .expect_err("invalid");
    assert_eq!(invalid.code(), Code::InvalidArgument);
    let bad = invalid
        .get_details_bad_request()
        .expect("BadRequest survives the wire");
    assert_eq!(bad.field_violations[0].field, "document");
}

#[tokio::test]
async fn query_stream_tags_results_and_ends_each_query() {
    let server = TestServer::sample().await;
    let mut client = server.client().await;
    let requests = vec![
        query("q1", "A/HRC/52/71", vec![number("58"), number("60")]),
        query("q2", "nowhere", vec![number("1")]),
        query("", "A/HRC/52/71", vec![]),
        query("q4", "A/HRC/52/71", vec![number("65")]),
    ];
    let responses: Vec<_> = client
        .query(tokio_stream::iter(requests))
        .await
        .expect("ok")
        .into_inner()
        .collect::<Result<_, _>>()
        .await
        .expect("stream");
    let summary: Vec<String> = responses
        .iter()
        .map(|r| match &r.result {
            Some(Res::Paragraph(p)) => format!("{}:para {}", r.query_id, p.number),
            Some(Res::End(end)) => format!("{}:end {}", r.query_id, end.paragraph_count),
            Some(Res::Error(e)) => format!("{}:error {}", r.query_id, e.code),
            Some(Res::Hit(h)) => format!("{}:hit {}", r.query_id, h.rank),
            None => format!("{}:empty", r.query_id),
        })
        .collect();
    assert_eq!(
        summary,
        [
            "q1:para 58",
            "q1:para 60",
            "q1:end 2",
            "q2:error 5",
            ":error 3",
            "q4:para 65",
            "q4:end 1"
        ]
    );
}

#[tokio::test]
async fn deadline_ends_an_open_stream_with_deadline_exceeded() {
    let server = TestServer::sample().await;
    let mut client = server.client().await;
    let (tx, rx) = tokio::sync::mpsc::channel::<pb::QueryRequest>(1);
    let mut request = tonic::Request::new(tokio_stream::wrappers::ReceiverStream::new(rx));
    request.set_timeout(Duration::from_millis(300));
    let mut responses = client.query(request).await.expect("opened").into_inner();
    let status = responses
        .next()
        .await
        .expect("an item")
        .expect_err("deadline");
    assert_eq!(status.code(), Code::DeadlineExceeded);
    drop(tx);
}

#[tokio::test]
async fn shutdown_ends_open_streams_with_unavailable_and_returns() {
    let mut server = TestServer::sample().await;
    let mut client = server.client().await;
    let (tx, rx) = tokio::sync::mpsc::channel::<pb::QueryRequest>(1);
    let mut responses = client
        .query(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .expect("opened")
        .into_inner();
    tx.send(query("q1", "A/HRC/52/71", vec![number("53")]))
        .await
        .expect("send");
    assert!(matches!(
        responses.next().await,
        Some(Ok(pb::QueryResponse {
            result: Some(Res::Paragraph(_)),
            ..
        }))
    ));
    assert!(matches!(
        responses.next().await,
        Some(Ok(pb::QueryResponse {
            result: Some(Res::End(_)),
            ..
        }))
    ));

    server.shutdown();
    let status = responses
        .next()
        .await
        .expect("an item")
        .expect_err("ended by shutdown");
    assert_eq!(status.code(), Code::Unavailable);
    let finished = tokio::time::timeout(Duration::from_secs(12), &mut server.handle).await;
    assert!(
        matches!(finished, Ok(Ok(Ok(())))),
        "server returned within the drain bound: {finished:?}"
    );
    drop(tx);
}

#[tokio::test]
async fn reflection_v1_and_v1alpha_list_the_services() {
    use tonic_reflection::pb::v1alpha::{
        ServerReflectionRequest, server_reflection_client::ServerReflectionClient,
        server_reflection_request::MessageRequest, server_reflection_response::MessageResponse,
    };
    let server = TestServer::sample().await;
    let mut client = ServerReflectionClient::new(server.channel().await);
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut responses = client
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .expect("ok")
        .into_inner();
    let Some(Ok(response)) = responses.next().await else {
        panic!("no reflection response")
    };
    let Some(MessageResponse::ListServicesResponse(list)) = response.message_response else {
        panic!("not a list")
    };
    let names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
    for expected in ["paragraphd.v1.Documents", "grpc.health.v1.Health"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} missing from {names:?}"
        );
    }
}

/// Issue 20: an unknown document's NOT_FOUND said only "not found". It names the closest
/// documents held and points to ListDocuments, in SelectParagraphs and GetDocument alike.
#[tokio::test]
async fn an_unknown_document_names_the_closest_and_list_documents() {
    let server = TestServer::sample().await;
    let mut client = server.client().await;
    let req = pb::SelectParagraphsRequest {
        document: "A/HRC/52/17".into(),
        selectors: vec![number("1")],
        ..Default::default()
    };
    let status = client.select_paragraphs(req).await.expect_err("not found");
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(
        status.message(),
        "document \"A/HRC/52/17\" not found; the closest held are A/HRC/52/71 (id \
         A_HRC_52_71_page7); ListDocuments lists all 1"
    );
    let got = client
        .get_document(pb::GetDocumentRequest {
            document: "a_hrc_52_71_PAGE".into(),
            include_paragraphs: false,
            language: String::new(),
        })
        .await
        .expect_err("not found");
    assert!(
        got.message().contains("A/HRC/52/71 (id A_HRC_52_71_page7)"),
        "{got:?}"
    );
}

/// Issue 20: a page range past the document's end was an empty OK stream. The sample is one
/// physical page, printed 7: "p. 7" is NOT_FOUND naming the pages it has, and that page
/// selectors count physical pages; page 1 selects its paragraphs.
#[tokio::test]
async fn a_page_past_the_end_is_not_found_naming_the_physical_pages() {
    let server = TestServer::sample().await;
    let mut client = server.client().await;
    let cite = |citation: &str| pb::SelectParagraphsRequest {
        document: "A/HRC/52/71".into(),
        citation: citation.into(),
        ..Default::default()
    };
    let status = client
        .select_paragraphs(cite("p. 7"))
        .await
        .expect_err("past the end");
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(
        status.message(),
        "A/HRC/52/71 has no page 7: page selectors count physical pages from 1, not the numbers \
         printed on them; it has page 1 (printed 7)"
    );
    let first: Vec<_> = client
        .select_paragraphs(cite("p. 1"))
        .await
        .expect("page 1")
        .into_inner()
        .collect::<Result<_, _>>()
        .await
        .expect("stream");
    assert_eq!(first.len(), 13, "paragraphs 53-65");
}
