//! Paragraph queries end to end: citations, paging, cross-document selection, the stream cap,
//! and a client that goes away.

use crate::common;

use std::time::Duration;

use common::TestServer;
use paragraphd::corpus::{CorpusSource, SAMPLE_TEXT};
use paragraphd::grpc::stream::Metrics;
use paragraphd::pb::{self, documents_client::DocumentsClient};
use paragraphd::server::ServeConfig;
use tokio_stream::StreamExt;
use tonic::Code;
use tonic::transport::Channel;
use tonic_types::StatusExt;

async fn select(
    client: &mut DocumentsClient<Channel>,
    req: pb::SelectParagraphsRequest,
) -> Result<Vec<pb::Paragraph>, tonic::Status> {
    client
        .select_paragraphs(req)
        .await?
        .into_inner()
        .collect()
        .await
}

fn numbers(paragraphs: &[pb::Paragraph]) -> Vec<&str> {
    paragraphs.iter().map(|p| p.number.as_str()).collect()
}

/// A server over the sample plus `copies` copies of it in a corpus directory.
async fn server_with_copies(copies: usize, config: ServeConfig) -> (TestServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..copies {
        std::fs::write(dir.path().join(format!("copy_{i:04}.txt")), SAMPLE_TEXT).expect("write");
    }
    let corpus = CorpusSource {
        dir: Some(dir.path().to_owned()),
        ..CorpusSource::default()
    };
    (
        TestServer::start(ServeConfig { corpus, ..config }).await,
        dir,
    )
}

#[tokio::test]
async fn citation_selects_paragraphs_58_to_60() {
    let server = TestServer::sample().await;
    let mut client = server.client().await;
    let req = pb::SelectParagraphsRequest {
        document: "A/HRC/52/71".into(),
        citation: "paras. 58-60".into(),
        ..Default::default()
    };
    assert_eq!(
        numbers(&select(&mut client, req).await.expect("ok")),
        ["58", "59", "60"]
    );
    let named = pb::SelectParagraphsRequest {
        citation: "A/HRC/52/71, paras. 53–54 and 65".into(),
        ..Default::default()
    };
    assert_eq!(
        numbers(&select(&mut client, named).await.expect("ok")),
        ["53", "54", "65"]
    );
}

#[tokio::test]
async fn malformed_citation_points_at_the_character() {
    let server = TestServer::sample().await;
    let mut client = server.client().await;
    let req = pb::SelectParagraphsRequest {
        document: "A/HRC/52/71".into(),
        citation: "paras. 58-x".into(),
        ..Default::default()
    };
    let status = select(&mut client, req).await.expect_err("invalid");
    assert_eq!(status.code(), Code::InvalidArgument);
    let violation = &status
        .get_details_bad_request()
        .expect("details")
        .field_violations[0];
    assert_eq!(violation.field, "citation");
    assert!(
        violation.description.contains("at character 10"),
        "{}",
        violation.description
    );
}

#[tokio::test]
async fn oversized_regex_is_refused() {
    let server = TestServer::sample().await;
    let mut client = server.client().await;
    let filter = pb::Filter {
        regex: "(\\w{100}){100}{100}".into(),
        ..Default::default()
    };
    let req = pb::SelectParagraphsRequest {
        document: "A/HRC/52/71".into(),
        filter: Some(filter),
        ..Default::default()
    };
    let status = select(&mut client, req).await.expect_err("refused");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(
        status
            .get_details_bad_request()
            .expect("details")
            .field_violations[0]
            .field,
        "filter.regex"
    );
}

#[tokio::test]
async fn paging_with_limit_and_token_walks_every_paragraph_once() {
    let server = TestServer::sample().await;
    let mut client = server.client().await;
    let mut seen = Vec::new();
    let mut token = String::new();
    for _ in 0..10 {
        let req = pb::SelectParagraphsRequest {
            document: "A/HRC/52/71".into(),
            limit: 4,
            page_token: token.clone(),
            ..Default::default()
        };
        let page = select(&mut client, req).await.expect("ok");
        let Some(last) = page.last() else { break };
        token = last.next_page_token.clone();
        seen.extend(page.iter().map(|p| p.number.clone()));
    }
    let expected: Vec<String> = (53..=65).map(|n| n.to_string()).collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn empty_document_selects_across_the_corpus_in_order() {
    let (server, _dir) = server_with_copies(3, ServeConfig::default()).await;
    let mut client = server.client().await;
    let req = pb::SelectParagraphsRequest {
        citation: "para. 58".into(),
        ..Default::default()
    };
    let got = select(&mut client, req).await.expect("ok");
    let ids: Vec<&str> = got.iter().map(|p| p.document_id.as_str()).collect();
    assert_eq!(
        ids,
        ["A_HRC_52_71_page7", "copy_0000", "copy_0001", "copy_0002"]
    );
}

#[tokio::test]
async fn list_documents_filters_by_symbol_prefix() {
    let (server, _dir) = server_with_copies(2, ServeConfig::default()).await;
    let mut client = server.client().await;
    let all: Vec<_> = client
        .list_documents(pb::ListDocumentsRequest::default())
        .await
        .expect("ok")
        .into_inner()
        .collect::<Result<_, _>>()
        .await
        .expect("stream");
    assert_eq!(all.len(), 3);
    let none: Vec<_> = client
        .list_documents(pb::ListDocumentsRequest {
            symbol_prefix: "S/".into(),
            ..Default::default()
        })
        .await
        .expect("ok")
        .into_inner()
        .collect::<Result<_, _>>()
        .await
        .expect("stream");
    assert!(none.is_empty());
}

#[tokio::test]
async fn stream_cap_gives_resource_exhausted_at_once() {
    let config = ServeConfig {
        max_streams: 1,
        ..ServeConfig::default()
    };
    let server = TestServer::start(config).await;
    let mut client = server.client().await;
    let (tx, rx) = tokio::sync::mpsc::channel::<pb::QueryRequest>(1);
    let _open = client
        .query(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .expect("first stream");
    let req = pb::SelectParagraphsRequest {
        document: "A/HRC/52/71".into(),
        ..Default::default()
    };
    let status = select(&mut client, req).await.expect_err("over the cap");
    assert_eq!(status.code(), Code::ResourceExhausted);
    drop(tx);
}

#[tokio::test]
async fn a_client_that_goes_away_stops_the_work() {
    let metrics = Metrics::default();
    let config = ServeConfig {
        metrics: metrics.clone(),
        ..ServeConfig::default()
    };
    let (server, _dir) = server_with_copies(2000, config).await;
    let mut client = server.client().await;
    let total = 2001 * 13;
    let mut stream = client
        .select_paragraphs(pb::SelectParagraphsRequest::default())
        .await
        .expect("ok")
        .into_inner();
    for _ in 0..10 {
        stream.next().await.expect("item").expect("ok");
    }
    drop(stream);
    // Let the cancellation reach the server, then check that nothing more is produced.
    let mut last = metrics.messages_sent();
    for _ in 0..20 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let now = metrics.messages_sent();
        if now == last {
            break;
        }
        last = now;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        metrics.messages_sent(),
        last,
        "the stream kept working after the client left"
    );
    assert!(
        last < total / 4,
        "sent {last} of {total}: the stream was not pull-based"
    );
}
