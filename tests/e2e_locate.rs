//! Issue 22, end to end: `LocateParagraphs` and `ExportDocument` on the real binary over
//! loopback, with grpcurl 1.8.6 and Python grpcio (`tests/clients/call_rpc.py`). The server
//! holds the built-in sample (text) and one corpus PDF copied into its corpus directory
//! (`../shared/corpus/upr/andorra2011.pdf`; a missing corpus fails the test).

use serde_json::{Value, json};

use crate::common::clients::{README_ADDR, Run, Server, json_values, manifest_dir};

const PDF_ID: &str = "andorra2011";

/// A server whose corpus directory holds the PDF; the directory lives as long as the server.
fn server() -> (Server, tempfile::TempDir) {
    let corpus = tempfile::tempdir().expect("tempdir");
    let pdf = manifest_dir().join("../shared/corpus/upr/andorra2011.pdf");
    std::fs::copy(&pdf, corpus.path().join("andorra2011.pdf"))
        .unwrap_or_else(|e| panic!("corpus missing at {}: {e}", pdf.display()));
    let server = Server::start_with(&["--corpus", corpus.path().to_str().expect("utf-8")]);
    (server, corpus)
}

fn grpcurl(server: &Server, method: &str, request: &Value) -> Run {
    let body = request.to_string();
    let path = format!("paragraphd.v1.Documents/{method}");
    server.grpcurl(&["-plaintext", "-d", &body, README_ADDR, &path])
}

fn python(server: &Server, method: &str, request: &Value) -> Run {
    let body = request.to_string();
    server.python(&["tests/clients/call_rpc.py", README_ADDR, method, &body])
}

/// Paragraph 5 of the PDF and the centre of its first box, over grpcurl.
fn paragraph_5(server: &Server) -> (Value, f64, f64, u64) {
    let run = grpcurl(
        server,
        "SelectParagraphs",
        &json!({"document": PDF_ID, "citation": "para. 5"}),
    );
    run.assert_code(0);
    let p = json_values(&run.stdout()).remove(0);
    let b = &p["boxes"][0];
    let f = |k: &str| b[k].as_f64().unwrap_or(0.0);
    let (x, y) = (f("x") + f("width") / 2.0, f("y") + f("height") / 2.0);
    let page = b["page"].as_u64().expect("page");
    (p, x, y, page)
}

#[test]
fn locate_over_grpcurl_and_python_by_point_uwazi_rectangle_and_quote() {
    let (server, _corpus) = server();
    let (p, x, y, page) = paragraph_5(&server);
    let citation = p["citation"].as_str().expect("citation").to_owned();

    let by_point = json!({"document": PDF_ID, "point": {"page": page, "x": x, "y": y}});
    let run = grpcurl(&server, "LocateParagraphs", &by_point);
    run.assert_code(0);
    let answer = json_values(&run.stdout()).remove(0);
    assert_eq!(
        answer["paragraphs"][0]["citation"],
        citation.as_str(),
        "{}",
        run.describe()
    );

    let in_uwazi_units = json!({
        "document": PDF_ID,
        "units": "COORDINATE_UNITS_UWAZI",
        "rect": {"page": page, "left": x * 4.0 / 3.0 - 2.0, "top": y * 4.0 / 3.0 - 2.0, "width": 4, "height": 4},
    });
    let run = python(&server, "LocateParagraphs", &in_uwazi_units);
    run.assert_code(0);
    let answer = json_values(&run.stdout()).remove(0);
    assert_eq!(
        answer["paragraphs"][0]["citation"],
        citation.as_str(),
        "{}",
        run.describe()
    );
    assert_eq!(
        answer["paragraphs"][0]["overlap"],
        1.0,
        "{}",
        run.describe()
    );

    let text = p["text"].as_str().expect("text");
    let quote: Vec<&str> = text.split_whitespace().skip(2).take(8).collect();
    let by_quote = json!({"document": PDF_ID, "quote": quote.join(" ").to_uppercase()});
    for run in [
        grpcurl(&server, "LocateParagraphs", &by_quote),
        python(&server, "LocateParagraphs", &by_quote),
    ] {
        run.assert_code(0);
        let answer = json_values(&run.stdout()).remove(0);
        assert_eq!(
            answer["paragraphs"][0]["citation"],
            citation.as_str(),
            "{}",
            run.describe()
        );
        assert!(
            answer["paragraphs"][0]["quoteEnd"].as_u64() > Some(0),
            "{}",
            run.describe()
        );
    }
}

#[test]
fn locate_errors_over_grpcurl_and_python() {
    let (server, _corpus) = server();
    // A rectangle on the text sample: FAILED_PRECONDITION, grpcurl exits 64 + 9.
    let on_text = json!({"document": "A/HRC/52/71", "point": {"page": 1, "x": 10, "y": 10}});
    let run = grpcurl(&server, "LocateParagraphs", &on_text);
    run.assert_code(73);
    assert!(
        run.stderr().contains("has no geometry"),
        "{}",
        run.describe()
    );
    let run = python(&server, "LocateParagraphs", &on_text);
    run.assert_code(1);
    assert!(
        run.stderr().contains("FAILED_PRECONDITION"),
        "{}",
        run.describe()
    );
    // A point in the corner of a page: NOT_FOUND naming the nearest paragraph, exit 69.
    let corner = json!({"document": PDF_ID, "point": {"page": 2, "x": 1, "y": 1}});
    let run = grpcurl(&server, "LocateParagraphs", &corner);
    run.assert_code(69);
    assert!(
        run.stderr().contains("nearest paragraph is"),
        "{}",
        run.describe()
    );
    // No target: INVALID_ARGUMENT with a BadRequest naming the field, exit 67.
    let run = grpcurl(&server, "LocateParagraphs", &json!({"document": PDF_ID}));
    run.assert_code(67);
    assert!(
        run.stderr().contains("\"field\":\"target\""),
        "{}",
        run.describe()
    );
}

#[test]
fn export_over_grpcurl_and_python() {
    let (server, _corpus) = server();
    let toc = json!({"document": PDF_ID, "format": "EXPORT_FORMAT_UWAZI_TOC"});
    let run = grpcurl(&server, "ExportDocument", &toc);
    run.assert_code(0);
    let chunks = json_values(&run.stdout());
    assert_eq!(
        chunks[0]["contentType"],
        "application/json",
        "{}",
        run.describe()
    );
    let entries: Value = serde_json::from_slice(&joined(&chunks)).expect("JSON");
    assert!(
        entries[0]["selectionRectangles"][0]["page"].is_string(),
        "{entries}"
    );

    let md = json!({"document": "A/HRC/52/71", "format": "EXPORT_FORMAT_MARKDOWN", "citation": "para. 58"});
    let run = python(&server, "ExportDocument", &md);
    run.assert_code(0);
    let text = String::from_utf8(joined(&json_values(&run.stdout()))).expect("UTF-8");
    assert!(text.contains("<a id=\"para-58\"></a>58. "), "{text}");

    let akn = json!({"document": "A/HRC/52/71", "format": "EXPORT_FORMAT_AKOMA_NTOSO", "citation": "para. 58"});
    let run = grpcurl(&server, "ExportDocument", &akn);
    run.assert_code(0);
    let xml = String::from_utf8(joined(&json_values(&run.stdout()))).expect("UTF-8");
    assert!(
        xml.contains("<paragraph eId=\"para_58\"><num>58.</num>"),
        "{xml}"
    );

    let refs = json!({"document": "A/HRC/52/71", "format": "EXPORT_FORMAT_UWAZI_REFERENCES"});
    grpcurl(&server, "ExportDocument", &refs).assert_code(73);
    let unspecified = json!({"document": PDF_ID});
    grpcurl(&server, "ExportDocument", &unspecified).assert_code(67);
}

/// The chunks' `data` (base64 in protobuf JSON), joined.
fn joined(chunks: &[Value]) -> Vec<u8> {
    use base64::Engine as _;
    chunks
        .iter()
        .flat_map(|c| {
            let data = c["data"].as_str().unwrap_or_default();
            base64::engine::general_purpose::STANDARD
                .decode(data)
                .expect("base64")
        })
        .collect()
}
