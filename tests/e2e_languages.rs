//! Issue 21 end to end: the real binary on 127.0.0.1:0, driven by grpcurl 1.8.6 and Python
//! grpcio. The English and French PDFs of one report (`../shared/corpus/multilingual/pdfs`,
//! A/HRC/WG.6/7/ITA/1) are ingested with their `language`, so nothing here depends on language
//! detection; a citation is then resolved in French, paragraphs 1–10 are aligned across both, and
//! a "French" version of the built-in sample built to disagree (an extra sub-item list in
//! paragraph 58) is flagged for review.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::common::clients::{
    README_ADDR, Run, Server, base64, grpcurl_path, json_values, manifest_dir,
};

/// The report's symbol, which both versions print.
const SYMBOL: &str = "A/HRC/WG.6/7/ITA/1";
/// How the French paragraph 3 begins.
const FRENCH_PARA_3: &str = "Les structures institutionnelles de l’État italien";
/// How the English paragraph 3 begins.
const ENGLISH_PARA_3: &str = "The institutional structures of the Italian State";

/// One of the multilingual pair, from `../shared/corpus` (a missing corpus fails the test).
fn multilingual_pdf(language: &str) -> PathBuf {
    let path = manifest_dir()
        .join("../shared/corpus/multilingual/pdfs")
        .join(format!("ohchr_2_{language}.pdf"));
    assert!(path.is_file(), "missing corpus file {}", path.display());
    path
}

/// A server with a writable corpus directory (ingest needs one); the directory lives as long
/// as the server.
fn server() -> (Server, tempfile::TempDir) {
    let corpus = tempfile::tempdir().expect("tempdir");
    let server = Server::start_with(&["--corpus", corpus.path().to_str().expect("utf-8")]);
    (server, corpus)
}

/// `IngestDocument` over grpcurl, the request on standard input (`-d @`): a PDF's base64 is
/// over the 128 KiB a single argument may have.
fn grpcurl_ingest(server: &Server, file: &Path, media_type: &str, id: &str, language: &str) -> Run {
    let body = serde_json::json!({
        "content": base64(&std::fs::read(file).expect("read the document")),
        "media_type": media_type,
        "id": id,
        "language": language,
    });
    let request = tempfile::NamedTempFile::new().expect("tempfile");
    std::fs::write(request.path(), body.to_string()).expect("write the request");
    let args = [
        "-plaintext",
        "-d",
        "@",
        README_ADDR,
        "paragraphd.v1.Documents/IngestDocument",
    ];
    let mut cmd = Command::new(grpcurl_path());
    cmd.args(["-connect-timeout", "5", "-max-time", "60"])
        .args(server.args(&args))
        .stdin(Stdio::from(
            std::fs::File::open(request.path()).expect("open"),
        ));
    let output = cmd.output().expect("run grpcurl");
    Run::from_output(format!("grpcurl {} < {id}.json", args.join(" ")), output)
}

/// `IngestDocument` over the Python client, with `--language`.
fn python_ingest(server: &Server, file: &Path, media_type: &str, id: &str, language: &str) -> Run {
    let path = file.to_str().expect("utf-8");
    server.python(&[
        "tests/clients/ingest_document.py",
        README_ADDR,
        path,
        "--media-type",
        media_type,
        "--id",
        id,
        "--language",
        language,
    ])
}

/// A grpcurl call of `method` with the JSON `body`.
fn grpcurl(server: &Server, body: &Value, method: &str) -> Run {
    let body = body.to_string();
    let method = format!("paragraphd.v1.Documents/{method}");
    server.grpcurl(&["-plaintext", "-d", &body, README_ADDR, &method])
}

/// The rows of an `AlignParagraphs` output (one JSON value per message), after checking the
/// header comes first and names `languages` in order.
fn rows(run: &Run, languages: &[&str]) -> Vec<Value> {
    let messages = json_values(&run.stdout());
    let header = &messages.first().expect("a header")["header"];
    let named: Vec<&str> = header["documents"]
        .as_array()
        .unwrap_or_else(|| panic!("no header first\n{}", run.describe()))
        .iter()
        .map(|d| d["language"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(named, languages, "{}", run.describe());
    messages[1..].iter().map(|m| m["row"].clone()).collect()
}

/// The reason kinds of a row.
fn reasons(row: &Value) -> Vec<&str> {
    row["reasons"]
        .as_array()
        .map(|r| r.iter().filter_map(|r| r["kind"].as_str()).collect())
        .unwrap_or_default()
}

#[test]
fn the_english_and_french_pdfs_are_held_side_by_side_and_aligned_by_number() {
    let (server, _corpus) = server();
    let en = grpcurl_ingest(
        &server,
        &multilingual_pdf("en"),
        "application/pdf",
        "ohchr-2-en",
        "en",
    );
    en.assert_code(0);
    let fr = python_ingest(
        &server,
        &multilingual_pdf("fr"),
        "application/pdf",
        "ohchr-2-fr",
        "fr",
    );
    fr.assert_code(0);
    let summary = &json_values(&fr.stdout())[0];
    assert_eq!(summary["symbol"], SYMBOL, "{}", fr.describe());
    assert_eq!(summary["language"], "fr", "{}", fr.describe());
    assert_eq!(
        summary["languages"],
        serde_json::json!(["en", "fr"]),
        "{}",
        fr.describe()
    );

    // A citation resolves in the language asked for, and in English without one.
    let cite = |language: &str| {
        let body =
            serde_json::json!({"citation": format!("{SYMBOL}, para. 3"), "language": language});
        let run = grpcurl(&server, &body, "SelectParagraphs");
        run.assert_code(0);
        let paragraphs = json_values(&run.stdout());
        assert_eq!(paragraphs.len(), 1, "{}", run.describe());
        paragraphs[0].clone()
    };
    let french = cite("fr");
    assert_eq!(french["documentId"], "ohchr-2-fr");
    assert!(
        french["text"]
            .as_str()
            .unwrap_or_default()
            .starts_with(FRENCH_PARA_3),
        "{french}"
    );
    let english = cite("");
    assert_eq!(english["documentId"], "ohchr-2-en");
    assert!(
        english["text"]
            .as_str()
            .unwrap_or_default()
            .starts_with(ENGLISH_PARA_3),
        "{english}"
    );

    // Paragraphs 1 to 10 aligned across both, over Python.
    let run = server.python(&[
        "tests/clients/align_paragraphs.py",
        README_ADDR,
        "--document",
        SYMBOL,
        "--citation",
        "paras. 1-10",
        "--language",
        "en",
        "--language",
        "fr",
    ]);
    run.assert_code(0);
    let rows = rows(&run, &["en", "fr"]);
    let numbers: Vec<&str> = rows.iter().filter_map(|r| r["number"].as_str()).collect();
    let expected: Vec<String> = (1..=10).map(|n| n.to_string()).collect();
    assert_eq!(numbers, expected, "{}", run.describe());
    for row in &rows {
        let ids: Vec<&str> = row["versions"]
            .as_array()
            .expect("versions")
            .iter()
            .map(|v| v["paragraph"]["documentId"].as_str().unwrap_or("absent"))
            .collect();
        assert_eq!(ids, ["ohchr-2-en", "ohchr-2-fr"], "{row}");
        assert!(
            !reasons(row).contains(&"REVIEW_REASON_KIND_MISSING"),
            "{row}"
        );
    }
    let three = &rows[2]["versions"][1]["paragraph"]["text"];
    assert!(
        three
            .as_str()
            .unwrap_or_default()
            .starts_with(FRENCH_PARA_3),
        "{three}"
    );
}

#[test]
fn languages_are_validated_and_a_missing_version_names_those_held() {
    let (server, _corpus) = server();
    // The built-in sample is English; an unknown code is INVALID_ARGUMENT (grpcurl exits 67)
    // naming the field, a version not held is NOT_FOUND (69) naming the languages held.
    let body = serde_json::json!({"document": "A/HRC/52/71", "language": "french"});
    let run = grpcurl(&server, &body, "GetDocument");
    run.assert_code(67);
    assert!(
        run.stderr().contains(r#""field":"language""#),
        "{}",
        run.describe()
    );
    let body = serde_json::json!({"document": "A/HRC/52/71", "languages": ["en", "es"]});
    let run = grpcurl(&server, &body, "AlignParagraphs");
    run.assert_code(69);
    assert!(
        run.stderr()
            .contains("document A/HRC/52/71 is not held in es; it is held in en"),
        "{}",
        run.describe()
    );
}

#[test]
fn a_french_version_built_to_disagree_is_flagged_for_review() {
    let (server, _corpus) = server();
    let scratch = tempfile::tempdir().expect("tempdir");
    let file = scratch.path().join("sample-fr.txt");
    let listed = paragraphd::corpus::SAMPLE_TEXT.replace(
        "58. The Secretary-General of the United Nations should appoint a high-level panel to \
         review the limitations of the current framework and to recommend",
        "58. Le Secrétaire général de l’Organisation des Nations Unies devrait : (a) nommer un \
         groupe de haut niveau; (b) examiner les limites du cadre actuel; (c) recommander",
    );
    assert_ne!(
        listed,
        paragraphd::corpus::SAMPLE_TEXT,
        "paragraph 58 is in the sample"
    );
    std::fs::write(&file, listed).expect("write");
    python_ingest(&server, &file, "text/plain", "sample-fr", "fr").assert_code(0);

    let body = serde_json::json!({
        "document": "A/HRC/52/71",
        "citation": "paras. 56-60",
        "languages": ["en", "fr"],
    });
    let run = grpcurl(&server, &body, "AlignParagraphs");
    run.assert_code(0);
    let rows = rows(&run, &["en", "fr"]);
    let flagged: Vec<(&str, Vec<&str>)> = rows
        .iter()
        .filter(|r| r["needsReview"] == true)
        .map(|r| (r["number"].as_str().unwrap_or_default(), reasons(r)))
        .collect();
    assert_eq!(
        flagged,
        [("58", vec!["REVIEW_REASON_KIND_ITEM_COUNT"])],
        "{}",
        run.describe()
    );
    let detail = rows[2]["reasons"][0]["detail"].as_str().unwrap_or_default();
    assert_eq!(detail, "sub-items: en 0, fr 3", "{}", run.describe());
}

/// The `Query` stream's selections take a `language` too: a bad code is that query's
/// INVALID_ARGUMENT on `select.language`, a version not held its NOT_FOUND, and the stream goes
/// on to answer the next query in the language asked for.
#[tokio::test]
async fn each_query_of_a_query_stream_selects_in_its_language() {
    use paragraphd::pb::{self, query_response::Result as Res};
    use tokio_stream::StreamExt;
    let server = crate::common::TestServer::sample().await;
    let mut client = server.client().await;
    let query = |id: &str, language: &str| pb::QueryRequest {
        query_id: id.into(),
        select: Some(pb::SelectParagraphsRequest {
            document: "A/HRC/52/71".into(),
            citation: "para. 58".into(),
            language: language.into(),
            ..Default::default()
        }),
        search: None,
    };
    let requests = vec![
        query("bad", "xx"),
        query("absent", "es"),
        query("good", "EN"),
    ];
    let responses: Vec<pb::QueryResponse> = client
        .query(tokio_stream::iter(requests))
        .await
        .expect("stream")
        .into_inner()
        .collect::<Result<_, _>>()
        .await
        .expect("responses");
    let results: Vec<(&str, &Res)> = responses
        .iter()
        .filter_map(|r| Some((r.query_id.as_str(), r.result.as_ref()?)))
        .collect();
    let [
        ("bad", Res::Error(bad)),
        ("absent", Res::Error(absent)),
        ("good", Res::Paragraph(p)),
        ("good", Res::End(_)),
    ] = results.as_slice()
    else {
        panic!("{results:?}");
    };
    assert_eq!(bad.code, tonic::Code::InvalidArgument as i32);
    assert_eq!(bad.field_violations[0].field, "select.language");
    assert_eq!(absent.code, tonic::Code::NotFound as i32);
    assert!(absent.message.contains("it is held in en"), "{absent:?}");
    assert_eq!(p.number, "58");
}
