//! `SearchParagraphs` and search queries on `Query`, the handlers called directly: the index
//! in step with ingest and delete, filters, paging, highlights, and refusals.

use std::sync::Arc;

use paragraphd::corpus::durable::DurableDir;
use paragraphd::corpus::writer::Writer;
use paragraphd::corpus::{CorpusSource, SAMPLE_ID};
use paragraphd::grpc::DocumentsService;
use paragraphd::pb::{self, documents_server::Documents};
use paragraphd::store::Store;
use tokio_stream::StreamExt;
use tonic::{Code, Request, Status};
use tonic_types::StatusExt;

/// A service over the sample, writing to a fresh corpus directory.
fn service(dir: &tempfile::TempDir) -> DocumentsService {
    let store = Arc::new(Store::new());
    store.upsert(CorpusSource::default().load());
    let durable = DurableDir::open(dir.path()).map_err(|e| e.to_string());
    let writer = Writer::new(store.clone(), durable, 1 << 20);
    DocumentsService::new(store, Arc::new(writer), 8)
}

fn request(query: &str) -> pb::SearchParagraphsRequest {
    pb::SearchParagraphsRequest {
        query: query.to_owned(),
        ..Default::default()
    }
}

async fn search(
    svc: &DocumentsService,
    req: pb::SearchParagraphsRequest,
) -> Result<Vec<pb::SearchHit>, Status> {
    let stream = svc.search_paragraphs(Request::new(req)).await?.into_inner();
    stream.collect::<Result<Vec<_>, _>>().await
}

fn citations(hits: &[pb::SearchHit]) -> Vec<String> {
    hits.iter()
        .map(|h| {
            h.paragraph
                .as_ref()
                .map(|p| p.citation.clone())
                .unwrap_or_default()
        })
        .collect()
}

const REPORT: &str = "\
United Nations A/HRC/98/7
General Assembly Distr.: General
2 May 2024
Original: English
Human Rights Council
Fifty-sixth session

Report on quokka habitats

1. The quokka population of the island declined sharply after the fires.

2. The Council recommends protecting quokka habitats from further development.
";

async fn ingest(svc: &DocumentsService, id: &str) -> pb::DocumentSummary {
    let req = pb::IngestDocumentRequest {
        content: REPORT.as_bytes().to_vec(),
        media_type: "text/plain".into(),
        id: id.into(),
        ..Default::default()
    };
    svc.ingest_document(Request::new(req))
        .await
        .expect("ingested")
        .into_inner()
}

#[tokio::test]
async fn an_ingested_document_is_found_at_once_and_never_after_its_delete() {
    let dir = tempfile::tempdir().expect("tempdir");
    let svc = service(&dir);
    assert!(
        search(&svc, request("quokka"))
            .await
            .expect("ok")
            .is_empty()
    );
    let summary = ingest(&svc, "quokkas").await;
    let hits = search(&svc, request("quokka habitats")).await.expect("ok");
    assert_eq!(citations(&hits), ["quokkas, para. 2"]);
    assert_eq!(hits[0].paragraph.as_ref().unwrap().document_id, summary.id);
    svc.delete_document(Request::new(pb::DeleteDocumentRequest {
        document: "quokkas".into(),
    }))
    .await
    .expect("deleted");
    assert!(
        search(&svc, request("quokka"))
            .await
            .expect("ok")
            .is_empty()
    );
    ingest(&svc, "quokkas-again").await;
    let again = search(&svc, request("quokka")).await.expect("ok");
    assert_eq!(again.len(), 2);
    for hit in &again {
        assert_eq!(hit.paragraph.as_ref().unwrap().document_id, "quokkas-again");
    }
}

#[tokio::test]
async fn highlights_are_byte_offsets_that_slice_the_paragraph_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let svc = service(&dir);
    ingest(&svc, "quokkas").await;
    let hits = search(&svc, request("\"quokka population\" fires"))
        .await
        .expect("ok");
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    let text = &hit.paragraph.as_ref().unwrap().text;
    let words: Vec<&str> = hit
        .highlights
        .iter()
        .map(|s| &text[s.start as usize..s.end as usize])
        .collect();
    assert_eq!(words, ["quokka", "population", "fires"]);
    let start = hit.snippet_start as usize;
    assert_eq!(&text[start..start + hit.snippet.len()], hit.snippet);
    assert!(hit.score > 0.0);
    assert_eq!(hit.rank, 1);
}

#[tokio::test]
async fn filters_and_one_document_restrict_the_hits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let svc = service(&dir);
    ingest(&svc, "quokkas").await;
    let with = |f: &dyn Fn(&mut pb::SearchParagraphsRequest)| {
        let mut req = request("council OR quokka");
        f(&mut req);
        req
    };
    let all = search(&svc, with(&|_| {})).await.expect("ok");
    let docs = |hits: &[pb::SearchHit]| {
        let mut ids: Vec<String> = hits
            .iter()
            .map(|h| h.paragraph.as_ref().unwrap().document_id.clone())
            .collect();
        ids.dedup();
        ids.sort();
        ids.dedup();
        ids
    };
    assert_eq!(docs(&all), [SAMPLE_ID, "quokkas"]);
    let one = search(&svc, with(&|r| r.document = "quokkas".into())).await;
    assert_eq!(docs(&one.expect("ok")), ["quokkas"]);
    let prefix = search(&svc, with(&|r| r.symbol_prefix = "A/HRC/52".into())).await;
    assert_eq!(docs(&prefix.expect("ok")), [SAMPLE_ID]);
    let dated = search(
        &svc,
        with(&|r| {
            r.date_from = "2024-05-01".into();
            r.date_to = "2024-05-31".into();
        }),
    )
    .await;
    assert_eq!(docs(&dated.expect("ok")), ["quokkas"]);
    let kinds = search(
        &svc,
        with(&|r| r.kinds = vec![pb::ParagraphKind::Table as i32]),
    )
    .await;
    assert!(kinds.expect("ok").is_empty());
    let bare = search(&svc, with(&|r| r.omit_text = true))
        .await
        .expect("ok");
    assert!(
        bare.iter()
            .all(|h| h.paragraph.as_ref().unwrap().text.is_empty())
    );
    assert!(
        bare.iter()
            .all(|h| !h.paragraph.as_ref().unwrap().citation.is_empty())
    );
}

#[tokio::test]
async fn pages_resume_after_the_token_without_overlap_or_gap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let svc = service(&dir);
    ingest(&svc, "quokkas").await;
    let query = "council OR quokka OR human OR rights";
    let all = search(&svc, request(query)).await.expect("ok");
    assert!(all.len() >= 4, "{}", all.len());
    let mut paged = Vec::new();
    let mut token = String::new();
    loop {
        let req = pb::SearchParagraphsRequest {
            limit: 3,
            page_token: token.clone(),
            ..request(query)
        };
        let page = search(&svc, req).await.expect("ok");
        let Some(last) = page.last() else { break };
        token = last.next_page_token.clone();
        paged.extend(page);
    }
    assert_eq!(citations(&paged), citations(&all));
    let ranks: Vec<u32> = paged.iter().map(|h| h.rank).collect();
    assert_eq!(ranks, (1..=all.len() as u32).collect::<Vec<_>>());
}

#[tokio::test]
async fn bad_searches_are_invalid_arguments_naming_the_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let svc = service(&dir);
    let cases: Vec<(pb::SearchParagraphsRequest, &str, &str)> = vec![
        (request(""), "query", "required"),
        (request("*ights"), "query", "leading wildcard"),
        (request(&vec!["a"; 65].join(" OR ")), "query", "at most 64"),
        (request(&"a ".repeat(600)), "query", "1024"),
        (request("bogus:field"), "query", "does not parse"),
        (
            pb::SearchParagraphsRequest {
                date_from: "May 2024".into(),
                ..request("council")
            },
            "date_from",
            "YYYY-MM-DD",
        ),
        (
            pb::SearchParagraphsRequest {
                limit: 5000,
                ..request("council")
            },
            "limit",
            "at most 1000",
        ),
        (
            pb::SearchParagraphsRequest {
                page_token: "58@x".into(),
                ..request("council")
            },
            "page_token",
            "page token",
        ),
        (
            pb::SearchParagraphsRequest {
                language: "xx".into(),
                ..request("council")
            },
            "language",
            "",
        ),
    ];
    for (req, field, says) in cases {
        let status = search(&svc, req).await.expect_err(field);
        assert_eq!(status.code(), Code::InvalidArgument, "{field}: {status:?}");
        let details = status.get_details_bad_request().expect("BadRequest");
        let violation = &details.field_violations[0];
        assert_eq!(violation.field, field);
        assert!(violation.description.contains(says), "{violation:?}");
    }
    let missing = pb::SearchParagraphsRequest {
        document: "A/HRC/99/9".into(),
        ..request("council")
    };
    let status = search(&svc, missing).await.expect_err("unknown");
    assert_eq!(status.code(), Code::NotFound);
    assert!(status.message().contains("A/HRC/99/9"));
}

#[tokio::test]
async fn a_search_query_on_the_query_stream_answers_hits_then_its_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    let svc = service(&dir);
    ingest(&svc, "quokkas").await;
    let queries = vec![
        pb::QueryRequest {
            query_id: "s".into(),
            select: None,
            search: Some(request("quokka")),
        },
        pb::QueryRequest {
            query_id: "bad".into(),
            select: None,
            search: Some(request("*x")),
        },
    ];
    let responses = run_query(&svc, queries).await;
    use pb::query_response::Result as Res;
    let kinds: Vec<(String, &str)> = responses
        .iter()
        .map(|r| {
            let kind = match &r.result {
                Some(Res::Hit(_)) => "hit",
                Some(Res::End(end)) if end.paragraph_count == 2 => "end 2",
                Some(Res::Error(e)) if e.field_violations[0].field == "search.query" => "error",
                other => panic!("{other:?}"),
            };
            (r.query_id.clone(), kind)
        })
        .collect();
    let expected = [("s", "hit"), ("s", "hit"), ("s", "end 2"), ("bad", "error")];
    let expected: Vec<(String, &str)> = expected.iter().map(|(a, b)| (a.to_string(), *b)).collect();
    assert_eq!(kinds, expected);
}

/// The responses of a `Query` call over an in-process HTTP/2 loopback of `svc`.
async fn run_query(
    svc: &DocumentsService,
    queries: Vec<pb::QueryRequest>,
) -> Vec<pb::QueryResponse> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let incoming = tokio_stream::wrappers::TcpListenerStream::new(listener);
    let server = tonic::transport::Server::builder()
        .add_service(pb::documents_server::DocumentsServer::new(svc.clone()))
        .serve_with_incoming(incoming);
    let serving = tokio::spawn(server);
    let mut client = pb::documents_client::DocumentsClient::connect(format!("http://{addr}"))
        .await
        .expect("connect");
    let stream = client
        .query(tokio_stream::iter(queries))
        .await
        .expect("query")
        .into_inner();
    let responses = stream.collect::<Result<Vec<_>, _>>().await.expect("ok");
    serving.abort();
    responses
}
