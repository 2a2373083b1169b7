//! Hostile requests and inputs (issue 19), end to end over loopback against an in-process
//! server: deletes that would leave the corpus directory through a symbolic link, temporary
//! files left by a crash, revisions across a restart, a PDF that makes the reader panic, and
//! inputs refused for what they are (a truncated PDF, text that is not UTF-8).

use crate::common;
use crate::pdf_support::{page, pdf, text as pdf_text};

use std::path::Path;

use common::TestServer;
use paragraphd::corpus::{CorpusSource, SAMPLE_TEXT};
use paragraphd::pb::{self, documents_client::DocumentsClient};
use paragraphd::server::ServeConfig;
use tonic::Code;
use tonic::transport::Channel;

/// The sample with a marker word, so versions can be told apart.
fn version(marker: &str) -> Vec<u8> {
    SAMPLE_TEXT
        .replace("The media should", &format!("The {marker} media should"))
        .into_bytes()
}

fn ingest_request(id: &str, media_type: &str, content: Vec<u8>) -> pb::IngestDocumentRequest {
    pb::IngestDocumentRequest {
        content,
        media_type: media_type.into(),
        id: id.into(),
        language: "en".into(),
        source_name: String::new(),
    }
}

fn config(dir: &Path) -> ServeConfig {
    ServeConfig {
        corpus: CorpusSource {
            dir: Some(dir.to_owned()),
            ..CorpusSource::default()
        },
        ..ServeConfig::default()
    }
}

async fn summary(client: &mut DocumentsClient<Channel>, id: &str) -> Option<pb::DocumentSummary> {
    let request = pb::ListDocumentsRequest::default();
    let mut stream = client.list_documents(request).await.ok()?.into_inner();
    while let Some(item) = stream.message().await.ok()? {
        if item.id == id {
            return Some(item);
        }
    }
    None
}

async fn delete(client: &mut DocumentsClient<Channel>, id: &str) -> Result<u64, tonic::Status> {
    let request = pb::DeleteDocumentRequest {
        document: id.into(),
    };
    client
        .delete_document(request)
        .await
        .map(|r| r.into_inner().revision)
}

/// Stops a server and waits for it to return.
async fn stop(mut server: TestServer) {
    server.shutdown();
    let _ = server.handle.await;
}

// Finding 6.

#[tokio::test]
async fn delete_never_removes_a_file_outside_the_corpus_through_a_symlinked_folder() {
    let corpus = tempfile::tempdir().expect("corpus dir");
    let outside = tempfile::tempdir().expect("outside dir");
    std::fs::write(outside.path().join("victim.txt"), version("victim")).expect("victim");
    std::fs::write(outside.path().join("other.txt"), version("other")).expect("other");
    std::os::unix::fs::symlink(outside.path(), corpus.path().join("linked")).expect("dir link");
    std::os::unix::fs::symlink(
        outside.path().join("other.txt"),
        corpus.path().join("link.txt"),
    )
    .expect("file link");
    std::fs::create_dir(corpus.path().join("sub")).expect("sub");
    std::fs::write(corpus.path().join("sub/inside.txt"), version("inside")).expect("inside");
    let server = TestServer::start(config(corpus.path())).await;
    let mut client = server.client().await;
    assert!(summary(&mut client, "linked/victim").await.is_some());

    let status = delete(&mut client, "linked/victim")
        .await
        .expect_err("a delete through a symlinked folder is refused");
    assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
    assert!(
        status.message().contains("outside the corpus directory"),
        "{status:?}"
    );
    assert!(
        !status
            .message()
            .contains(&*outside.path().to_string_lossy()),
        "the message does not reveal where the link leads: {status:?}"
    );
    assert!(outside.path().join("victim.txt").exists(), "victim deleted");
    assert!(summary(&mut client, "linked/victim").await.is_some());

    // A symbolic link to a file is removed itself; what it points to is kept.
    delete(&mut client, "link").await.expect("delete link");
    assert!(!corpus.path().join("link.txt").exists());
    assert!(
        outside.path().join("other.txt").exists(),
        "link target deleted"
    );
    // A real folder inside the corpus is no obstacle.
    delete(&mut client, "sub/inside")
        .await
        .expect("delete nested");
    assert!(!corpus.path().join("sub/inside.txt").exists());
    stop(server).await;
}

// Finding 8.

#[tokio::test]
async fn temporary_files_left_by_a_crash_are_removed_at_startup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let ours = [
        ".tmp-4242-report.txt",
        ".tmp-1-report.txt.meta.json",
        ".probe-77",
    ];
    let not_ours = [
        ".tmp-report.txt", // another tool's temporary name
        ".tmp-x1-report.txt",
        ".tmpfile",
        "sub/.tmp-4242-report.txt", // not in the corpus directory itself
    ];
    std::fs::create_dir(root.join("sub")).expect("sub");
    for name in ours.iter().chain(&not_ours) {
        std::fs::write(root.join(name), b"partial").expect("write");
    }
    std::fs::create_dir(root.join(".tmp-5-dir")).expect("a folder of that name");
    let server = TestServer::start(config(root)).await;
    for name in ours {
        assert!(!root.join(name).exists(), "{name} left behind");
    }
    for name in not_ours {
        assert!(root.join(name).exists(), "{name} removed");
    }
    assert!(root.join(".tmp-5-dir").is_dir(), "a folder removed");
    stop(server).await;
}

// Finding 7.

#[tokio::test]
async fn revisions_survive_a_restart_and_bytes_changed_while_down_count_one_more() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start(config(dir.path())).await;
    let mut client = server.client().await;
    let mut last = 0;
    for marker in ["one", "two", "three"] {
        let request = ingest_request("rev", "text/plain", version(marker));
        last = client
            .ingest_document(request)
            .await
            .expect("ingest")
            .into_inner()
            .revision;
    }
    assert_eq!(last, 3);
    stop(server).await;

    let server = TestServer::start(config(dir.path())).await;
    let mut client = server.client().await;
    let restored = summary(&mut client, "rev").await.expect("restored");
    assert_eq!(restored.revision, 3, "revision after a restart");
    let request = ingest_request("rev", "text/plain", version("four"));
    let next = client.ingest_document(request).await.expect("ingest");
    assert_eq!(next.into_inner().revision, 4);
    stop(server).await;

    // Bytes changed while the server was down: one revision more than acknowledged.
    std::fs::write(dir.path().join("rev.txt"), version("five")).expect("rewrite");
    let server = TestServer::start(config(dir.path())).await;
    let mut client = server.client().await;
    let changed = summary(&mut client, "rev").await.expect("changed");
    assert_eq!(changed.revision, 5, "bytes changed while down");
    stop(server).await;
}

// Finding 9.

/// A one-page PDF whose page object's header line makes pdf_oxide 0.3.78 slice a string inside
/// a character (`has_standalone_obj_keyword`, document.rs): `5 0 obj\n` becomes
/// `5 \xFFxobj ` (same length, so the cross-reference table still points at it), and the
/// page dictionary after it joins the header line that the panic message quotes.
fn panicking_pdf() -> Vec<u8> {
    let bytes = pdf(&[page(pdf_text(
        "F1",
        10.0,
        72.0,
        700.0,
        0.0,
        "1. Secret words",
    ))]);
    let header = b"\n5 0 obj\n";
    let at = bytes
        .windows(header.len())
        .position(|w| w == header)
        .expect("page object")
        + 1;
    let mut damaged = bytes;
    damaged[at..at + 8].copy_from_slice(b"5 \xFFxobj ");
    damaged
}

#[tokio::test]
async fn a_pdf_reader_panic_says_damaged_pdf_without_the_files_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start(config(dir.path())).await;
    let mut client = server.client().await;
    let request = ingest_request("panics", "application/pdf", panicking_pdf());
    let status = client.ingest_document(request).await.expect_err("refused");
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(status.message().contains("damaged PDF"), "{status:?}");
    for leaked in ["MediaBox", "/Type", "obj", "char boundary"] {
        assert!(
            !status.message().contains(leaked),
            "the message echoes the file ({leaked}): {status:?}"
        );
    }
    stop(server).await;
}

// Finding 5.

/// The smallest `un2025` PDF of the shared corpus.
fn corpus_pdf() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/un2025/A_HRC_EMRIP_2025_1.en.pdf"
    );
    std::fs::read(path).unwrap_or_else(|e| panic!("corpus missing: {path}: {e}"))
}

#[tokio::test]
async fn a_truncated_pdf_is_refused_as_damaged_and_nothing_is_stored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start(config(dir.path())).await;
    let mut client = server.client().await;
    let whole = corpus_pdf();
    for tenths in [1, 5, 9] {
        let cut = whole[..whole.len() * tenths / 10].to_vec();
        let id = format!("cut{tenths}");
        let request = ingest_request(&id, "application/pdf", cut);
        let status = client
            .ingest_document(request)
            .await
            .expect_err("a truncated PDF is refused");
        assert_eq!(status.code(), Code::InvalidArgument, "{id}: {status:?}");
        assert!(status.message().contains("damaged PDF"), "{id}: {status:?}");
        assert!(status.message().contains("truncated"), "{id}: {status:?}");
        assert!(summary(&mut client, &id).await.is_none(), "{id} stored");
    }
    let request = ingest_request("whole", "application/pdf", whole);
    client.ingest_document(request).await.expect("whole PDF");
    stop(server).await;
}

#[tokio::test]
async fn text_that_is_not_utf8_is_refused_and_a_few_bad_bytes_come_back_as_a_diagnostic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start(config(dir.path())).await;
    let mut client = server.client().await;

    // Bytes that are never UTF-8, with line breaks: no control characters, all invalid.
    let not_utf8: Vec<u8> = (0..4096u32)
        .map(|i| {
            if i % 64 == 63 {
                b'\n'
            } else {
                0x80 + (i % 0x40) as u8
            }
        })
        .collect();
    let status = client
        .ingest_document(ingest_request("noise", "text/plain", not_utf8))
        .await
        .expect_err("refused");
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(status.message().contains("not valid UTF-8"), "{status:?}");
    assert!(summary(&mut client, "noise").await.is_none(), "stored");
    assert!(!dir.path().join("noise.txt").exists(), "written");

    // A Latin-1 é in UTF-8 text: accepted, and the response says what was replaced.
    let mut latin1 = version("caf\u{e9}");
    let at = latin1
        .windows(2)
        .position(|w| w == "é".as_bytes())
        .expect("é");
    latin1.splice(at..at + 2, [0xe9]);
    let accepted = client
        .ingest_document(ingest_request("latin1", "text/plain", latin1))
        .await
        .expect("accepted with a diagnostic")
        .into_inner();
    let diagnostic = accepted
        .diagnostics
        .iter()
        .find(|d| d.code == "invalid-utf8")
        .unwrap_or_else(|| panic!("no invalid-utf8 diagnostic: {:?}", accepted.diagnostics));
    assert!(diagnostic.message.contains("1 byte"), "{diagnostic:?}");
    stop(server).await;
}
