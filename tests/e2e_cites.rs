//! Issue 22 end to end: the real binary on 127.0.0.1:0, driven by grpcurl 1.8.6 and Python
//! grpcio. A short report citing `A/HRC/52/71, para. 58` (the built-in sample's paragraph) is
//! ingested; `CitedBy` then streams its paragraph with the citation, and nothing once it is
//! deleted.

use serde_json::Value;

use crate::common::clients::{README_ADDR, Run, Server, base64, json_values};
use crate::service_cites::CITING;

/// What `CitedBy` is asked for: paragraph 58 of the sample.
const CITED: &str = "A/HRC/52/71, para. 58";

fn grpcurl(server: &Server, body: &Value, method: &str) -> Run {
    let body = body.to_string();
    let method = format!("paragraphd.v1.Documents/{method}");
    server.grpcurl(&["-plaintext", "-d", &body, README_ADDR, &method])
}

/// The citing paragraphs of `CITED`, by grpcurl and by the Python client: (document id,
/// paragraph number, citation text) of each, both clients agreeing.
fn citers(server: &Server) -> Vec<(String, String, String)> {
    let by_grpcurl = grpcurl(server, &serde_json::json!({ "citation": CITED }), "CitedBy");
    by_grpcurl.assert_code(0);
    let by_python = server.python(&[
        "tests/clients/cited_by.py",
        README_ADDR,
        "--citation",
        CITED,
    ]);
    by_python.assert_code(0);
    let read = |run: &Run| -> Vec<(String, String, String)> {
        json_values(&run.stdout())
            .iter()
            .map(|m| {
                let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
                let p = &m["paragraph"];
                (
                    text(&p["documentId"]),
                    text(&p["number"]),
                    text(&m["citation"]["text"]),
                )
            })
            .collect()
    };
    let (a, b) = (read(&by_grpcurl), read(&by_python));
    assert_eq!(
        a,
        b,
        "grpcurl and Python disagree\n{}\n{}",
        by_grpcurl.describe(),
        by_python.describe()
    );
    a
}

#[test]
fn cited_by_streams_a_citing_paragraph_after_ingest_and_not_after_delete() {
    let corpus = tempfile::tempdir().expect("tempdir");
    let server = Server::start_with(&["--corpus", corpus.path().to_str().expect("utf-8")]);
    assert!(citers(&server).is_empty(), "nothing cites the sample yet");

    let ingest = serde_json::json!({
        "content": base64(CITING.as_bytes()),
        "media_type": "text/plain",
        "id": "citing",
    });
    grpcurl(&server, &ingest, "IngestDocument").assert_code(0);
    let found = citers(&server);
    assert_eq!(
        found,
        [("citing".to_owned(), "1".to_owned(), CITED.to_owned())],
        "the ingested paragraph cites the sample's paragraph 58"
    );

    let get = serde_json::json!({ "document": "citing" });
    let doc = grpcurl(&server, &get, "GetDocument");
    doc.assert_code(0);
    let doc = &json_values(&doc.stdout())[0];
    assert_eq!(doc["citationCount"], 3, "{doc}");
    assert_eq!(doc["resolvedCitationCount"], 3, "{doc}");

    grpcurl(
        &server,
        &serde_json::json!({ "document": "citing" }),
        "DeleteDocument",
    )
    .assert_code(0);
    assert!(
        citers(&server).is_empty(),
        "the deleted document cites nothing"
    );
}
