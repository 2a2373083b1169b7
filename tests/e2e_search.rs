//! `SearchParagraphs` end to end: the real binary on 127.0.0.1:0 (ready when health answers
//! SERVING), grpcurl 1.8.6 and the Python grpcio client (`tests/clients/search_paragraphs.py`):
//! search, filter, page, highlight; an ingested document found at once; a deleted one never
//! found again.

use serde_json::Value;

use crate::common::clients::{README_ADDR, Run, Server, base64, json_values};

const SEARCH: &str = "paragraphd.v1.Documents/SearchParagraphs";

fn grpcurl_search(server: &Server, request: &str) -> Run {
    server.grpcurl(&["-plaintext", "-d", request, README_ADDR, SEARCH])
}

fn python_search(server: &Server, request: &str) -> Vec<Value> {
    let run = server.python(&["tests/clients/search_paragraphs.py", README_ADDR, request]);
    run.assert_code(0);
    json_values(&run.stdout())
}

fn citation(hit: &Value) -> &str {
    hit["paragraph"]["citation"].as_str().unwrap_or_default()
}

#[test]
fn grpcurl_searches_filters_pages_and_highlights() {
    let server = Server::start();
    let run = grpcurl_search(&server, r#"{"query":"\"permanent forum\" minorities"}"#);
    run.assert_code(0);
    let hits = json_values(&run.stdout());
    assert_eq!(hits.len(), 1, "{}", run.describe());
    assert_eq!(citation(&hits[0]), "A/HRC/52/71, para. 60");
    let text = hits[0]["paragraph"]["text"].as_str().unwrap_or_default();
    let words: Vec<&str> = hits[0]["highlights"]
        .as_array()
        .expect("highlights")
        .iter()
        .map(|s| {
            let start = s["start"].as_u64().unwrap_or(0) as usize;
            let end = s["end"].as_u64().unwrap_or(0) as usize;
            &text[start..end]
        })
        .collect();
    assert!(
        words.contains(&"permanent") && words.contains(&"forum"),
        "{words:?}"
    );
    assert!(words.contains(&"minorities"), "{words:?}");

    let query = r#""query":"minorities OR minority","kinds":["PARAGRAPH_KIND_NUMBERED"]"#;
    let all = json_values(&grpcurl_search(&server, &format!("{{{query}}}")).stdout());
    assert!(all.len() >= 4, "{all:?}");
    let first = grpcurl_search(&server, &format!("{{{query},\"limit\":2}}"));
    let first = json_values(&first.stdout());
    let token = first[1]["nextPageToken"].as_str().expect("token");
    let second = grpcurl_search(
        &server,
        &format!("{{{query},\"limit\":2,\"pageToken\":\"{token}\"}}"),
    );
    let second = json_values(&second.stdout());
    let paged: Vec<&str> = first.iter().chain(&second).map(citation).collect();
    let expected: Vec<&str> = all.iter().take(4).map(citation).collect();
    assert_eq!(paged, expected);

    let elsewhere = grpcurl_search(&server, r#"{"query":"minorities","symbolPrefix":"E/"}"#);
    assert!(json_values(&elsewhere.assert_code(0).stdout()).is_empty());
    let refused = grpcurl_search(&server, r#"{"query":"*orum"}"#);
    refused.assert_code(67);
    assert!(
        refused.stderr().contains("leading wildcard"),
        "{}",
        refused.describe()
    );
}

#[test]
fn ingested_is_found_at_once_and_deleted_never_again_by_grpcurl_and_python() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let server = Server::start_with(&["--corpus", corpus.path().to_str().expect("utf-8")]);
    let query = r#"{"query":"quokkas wombats"}"#;
    assert!(python_search(&server, query).is_empty());
    let text = paragraphd::corpus::SAMPLE_TEXT
        .replace("The media should", "The quokkas and wombats should");
    let ingest = format!(
        r#"{{"id":"marsupials","media_type":"text/plain","content":"{}"}}"#,
        base64(text.as_bytes())
    );
    let run = server.grpcurl(&[
        "-plaintext",
        "-d",
        &ingest,
        README_ADDR,
        "paragraphd.v1.Documents/IngestDocument",
    ]);
    run.assert_code(0);
    let hits = python_search(&server, query);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["paragraph"]["documentId"], "marsupials");
    assert_eq!(hits[0]["paragraph"]["number"], "55");
    let grpcurl_hits = json_values(&grpcurl_search(&server, query).stdout());
    assert_eq!(grpcurl_hits.len(), 1);
    let delete = server.grpcurl(&[
        "-plaintext",
        "-d",
        r#"{"document":"marsupials"}"#,
        README_ADDR,
        "paragraphd.v1.Documents/DeleteDocument",
    ]);
    delete.assert_code(0);
    assert!(python_search(&server, query).is_empty());
    assert!(json_values(&grpcurl_search(&server, query).stdout()).is_empty());
}

#[test]
fn python_client_reports_a_bad_query_as_invalid_argument() {
    let server = Server::start();
    let run = server.python(&[
        "tests/clients/search_paragraphs.py",
        README_ADDR,
        r#"{"query":"*orum"}"#,
        "--expect-error",
    ]);
    run.assert_code(0);
    assert_eq!(run.stdout().trim(), "INVALID_ARGUMENT");
}
