//! Corpus lifecycle end to end: ingest and upload, idempotency and revisions, bad input, the
//! durable directory across restarts, hot reload, the change feed, and readers during writes.

use crate::common;

use std::path::Path;
use std::time::Duration;

use common::TestServer;
use paragraphd::corpus::{CorpusSource, SAMPLE_TEXT};
use paragraphd::pb::{self, DocumentEventKind as Kind, documents_client::DocumentsClient};
use paragraphd::server::ServeConfig;
use tokio_stream::StreamExt;
use tonic::Code;
use tonic::transport::Channel;

/// The sample with a marker word, so versions can be told apart.
fn version(marker: &str) -> Vec<u8> {
    SAMPLE_TEXT
        .replace("The media should", &format!("The {marker} media should"))
        .into_bytes()
}

fn text(id: &str, content: Vec<u8>) -> pb::IngestDocumentRequest {
    pb::IngestDocumentRequest {
        content,
        media_type: "text/plain".into(),
        id: id.into(),
        language: "en".into(),
        source_name: format!("{id}.txt"),
    }
}

fn config(dir: &Path) -> ServeConfig {
    let corpus = CorpusSource {
        dir: Some(dir.to_owned()),
        ..CorpusSource::default()
    };
    ServeConfig {
        corpus,
        ..ServeConfig::default()
    }
}

async fn get(
    client: &mut DocumentsClient<Channel>,
    id: &str,
) -> Result<pb::Document, tonic::Status> {
    let req = pb::GetDocumentRequest {
        document: id.into(),
        include_paragraphs: true,
        language: String::new(),
    };
    client.get_document(req).await.map(|r| r.into_inner())
}

async fn para_55(client: &mut DocumentsClient<Channel>, id: &str) -> Option<String> {
    let doc = get(client, id).await.ok()?;
    doc.paragraphs
        .into_iter()
        .find(|p| p.number == "55")
        .map(|p| p.text)
}

#[tokio::test]
async fn ingest_is_idempotent_and_new_bytes_make_a_new_revision() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start(config(dir.path())).await;
    let mut client = server.client().await;

    let first = client
        .ingest_document(text("r1", version("alpha")))
        .await
        .expect("ingest")
        .into_inner();
    assert_eq!((first.id.as_str(), first.revision), ("r1", 1));
    assert_eq!(first.symbol, "A/HRC/52/71");
    let again = client
        .ingest_document(text("r1", version("alpha")))
        .await
        .expect("again")
        .into_inner();
    assert_eq!(again.revision, 1, "identical bytes keep the revision");
    let second = client
        .ingest_document(text("r1", version("beta")))
        .await
        .expect("update")
        .into_inner();
    assert_eq!(second.revision, 2);
    assert!(
        para_55(&mut client, "r1")
            .await
            .expect("para 55")
            .contains("beta")
    );
    assert!(dir.path().join("r1.txt").is_file() && dir.path().join("r1.txt.meta.json").is_file());
}

#[tokio::test]
async fn an_id_is_derived_from_the_symbol_when_none_is_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start(config(dir.path())).await;
    let mut client = server.client().await;
    let summary = client
        .ingest_document(text("", version("gamma")))
        .await
        .expect("ingest")
        .into_inner();
    assert_eq!(summary.id, "A_HRC_52_71");
}

#[tokio::test]
async fn bad_input_is_invalid_argument_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start(config(dir.path())).await;
    let mut client = server.client().await;
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 % 32)
        .collect();
    let cases = [
        text("empty", Vec::new()),
        text("garbage", garbage),
        pb::IngestDocumentRequest {
            media_type: "image/png".into(),
            ..text("png", version("x"))
        },
        text("../escape", version("x")),
        pb::IngestDocumentRequest {
            media_type: "application/pdf".into(),
            ..text("notpdf", version("x"))
        },
    ];
    for case in cases {
        let id = case.id.clone();
        let status = client.ingest_document(case).await.expect_err(&id);
        assert_eq!(status.code(), Code::InvalidArgument, "{id}: {status:?}");
    }
    let listed: Vec<_> = client
        .list_documents(pb::ListDocumentsRequest::default())
        .await
        .expect("list")
        .into_inner()
        .collect::<Result<_, _>>()
        .await
        .expect("stream");
    assert_eq!(listed.len(), 1, "only the sample: {listed:?}");
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        0,
        "nothing written"
    );
}

#[tokio::test]
async fn upload_in_chunks_and_its_size_cap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let limit = version("delta").len() + 100;
    let server = TestServer::start(ServeConfig {
        max_upload_bytes: limit,
        ..config(dir.path())
    })
    .await;
    let mut client = server.client().await;
    let header = pb::UploadHeader {
        media_type: "text/plain".into(),
        id: "up".into(),
        ..Default::default()
    };
    let upload = |content: Vec<u8>| {
        let first = pb::UploadDocumentRequest {
            part: Some(pb::upload_document_request::Part::Header(header.clone())),
        };
        let chunks = content.chunks(1000).map(|c| pb::UploadDocumentRequest {
            part: Some(pb::upload_document_request::Part::Chunk(c.to_vec())),
        });
        tokio_stream::iter(std::iter::once(first).chain(chunks).collect::<Vec<_>>())
    };
    let summary = client
        .upload_document(upload(version("delta")))
        .await
        .expect("upload")
        .into_inner();
    assert_eq!(summary.numbered_paragraph_count, 13);
    let big = version("delta").repeat(2);
    let status = client
        .upload_document(upload(big))
        .await
        .expect_err("too big");
    assert_eq!(status.code(), Code::ResourceExhausted);
}

#[tokio::test]
async fn writes_are_refused_without_a_writable_corpus() {
    let server = TestServer::sample().await;
    let mut client = server.client().await;
    let status = client
        .ingest_document(text("x", version("x")))
        .await
        .expect_err("refused");
    assert_eq!(status.code(), Code::FailedPrecondition);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut read_only = config(dir.path());
    read_only.corpus.read_only = true;
    let server = TestServer::start(read_only).await;
    let status = server
        .client()
        .await
        .ingest_document(text("x", version("x")))
        .await
        .expect_err("refused");
    assert_eq!(status.code(), Code::FailedPrecondition);
    assert!(status.message().contains("read-only"));
}

#[tokio::test]
async fn a_restart_keeps_every_acknowledged_document_and_delete_is_durable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut server = TestServer::start(config(dir.path())).await;
    let mut client = server.client().await;
    for i in 0..5 {
        client
            .ingest_document(text(&format!("keep{i}"), version(&format!("v{i}"))))
            .await
            .expect("ingest");
    }
    let deleted = client
        .delete_document(pb::DeleteDocumentRequest {
            document: "keep4".into(),
        })
        .await
        .expect("delete")
        .into_inner();
    assert_eq!(deleted.id, "keep4");
    server.shutdown();
    let _ = server.handle.await;

    let server = TestServer::start(config(dir.path())).await;
    let mut client = server.client().await;
    for i in 0..4 {
        assert!(
            para_55(&mut client, &format!("keep{i}"))
                .await
                .expect("present")
                .contains(&format!("v{i}"))
        );
    }
    assert_eq!(
        get(&mut client, "keep4").await.expect_err("deleted").code(),
        Code::NotFound
    );
}

/// Writes a file the way a careful tool does: temporary name, then rename.
fn put(dir: &Path, name: &str, content: &[u8]) {
    let tmp = dir.join(format!(".tmp-{name}"));
    std::fs::write(&tmp, content).expect("write");
    std::fs::rename(tmp, dir.join(name)).expect("rename");
}

/// Polls (bounded: 250 × 20 ms) until `check` holds.
async fn eventually<F: std::future::Future<Output = bool>>(mut check: impl FnMut() -> F) -> bool {
    for _ in 0..250 {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

#[tokio::test]
async fn hot_reload_picks_up_added_changed_and_removed_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start(config(dir.path())).await;
    let client = server.client().await;
    put(dir.path(), "hot.txt", &version("one"));
    let seen = |word: &'static str| {
        let client = client.clone();
        move || {
            let mut client = client.clone();
            async move {
                para_55(&mut client, "hot")
                    .await
                    .is_some_and(|t| t.contains(word))
            }
        }
    };
    assert!(eventually(seen("one")).await, "added file not loaded");
    put(dir.path(), "hot.txt", &version("two"));
    assert!(eventually(seen("two")).await, "changed file not reloaded");
    std::fs::remove_file(dir.path().join("hot.txt")).expect("remove");
    let gone = || {
        let mut client = client.clone();
        async move { get(&mut client, "hot").await.is_err() }
    };
    assert!(eventually(gone).await, "removed file still served");
}

#[tokio::test]
async fn hot_reload_follows_a_configmap_style_symlink_swap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir(root.join("..v1")).expect("v1");
    std::fs::write(root.join("..v1/cm.txt"), version("first")).expect("write");
    std::os::unix::fs::symlink("..v1", root.join("..data")).expect("data link");
    std::os::unix::fs::symlink("..data/cm.txt", root.join("cm.txt")).expect("file link");
    let server = TestServer::start(config(root)).await;
    let client = server.client().await;
    assert!(
        para_55(&mut client.clone(), "cm")
            .await
            .expect("loaded")
            .contains("first")
    );

    std::fs::create_dir(root.join("..v2")).expect("v2");
    std::fs::write(root.join("..v2/cm.txt"), version("second")).expect("write");
    std::os::unix::fs::symlink("..v2", root.join("..data_tmp")).expect("tmp link");
    std::fs::rename(root.join("..data_tmp"), root.join("..data")).expect("swap");
    let swapped = || {
        let mut client = client.clone();
        async move {
            para_55(&mut client, "cm")
                .await
                .is_some_and(|t| t.contains("second"))
        }
    };
    assert!(eventually(swapped).await, "symlink swap not picked up");
}

#[tokio::test]
async fn watch_reports_changes_in_order_after_the_snapshot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start(config(dir.path())).await;
    let mut client = server.client().await;
    let mut events = client
        .watch_documents(pb::WatchDocumentsRequest {
            include_snapshot: true,
        })
        .await
        .expect("watch")
        .into_inner();
    let mut next = async || {
        let event = events.next().await.expect("event").expect("ok");
        let doc = event.document.unwrap_or_default();
        (
            Kind::try_from(event.kind).expect("kind"),
            doc.id,
            doc.revision,
        )
    };
    assert_eq!(next().await, (Kind::Added, "A_HRC_52_71_page7".into(), 1));
    assert_eq!(next().await.0, Kind::SnapshotEnd);
    let mut writer = server.client().await;
    writer
        .ingest_document(text("w", version("a")))
        .await
        .expect("ingest");
    writer
        .ingest_document(text("w", version("b")))
        .await
        .expect("update");
    writer
        .delete_document(pb::DeleteDocumentRequest {
            document: "w".into(),
        })
        .await
        .expect("delete");
    assert_eq!(next().await, (Kind::Added, "w".into(), 1));
    assert_eq!(next().await, (Kind::Updated, "w".into(), 2));
    assert_eq!(next().await, (Kind::Removed, "w".into(), 2));
}

#[tokio::test]
async fn readers_never_see_a_torn_document_while_it_is_rewritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start(config(dir.path())).await;
    let mut writer = server.client().await;
    writer
        .ingest_document(text("torn", version("even")))
        .await
        .expect("ingest");
    let mut readers = Vec::new();
    for _ in 0..4 {
        let mut client = server.client().await;
        readers.push(tokio::spawn(async move {
            let mut reads = 0;
            for _ in 0..60 {
                let doc = get(&mut client, "torn").await.expect("get");
                let marker = if doc.revision % 2 == 1 { "even" } else { "odd" };
                let p55 = doc
                    .paragraphs
                    .iter()
                    .find(|p| p.number == "55")
                    .expect("55");
                assert!(
                    p55.text.contains(marker),
                    "revision {} has {:?}",
                    doc.revision,
                    p55.text
                );
                assert_eq!(doc.numbered_paragraph_count, 13);
                reads += 1;
            }
            reads
        }));
    }
    for i in 0..30 {
        let marker = if i % 2 == 0 { "odd" } else { "even" };
        writer
            .ingest_document(text("torn", version(marker)))
            .await
            .expect("rewrite");
    }
    for reader in readers {
        assert_eq!(reader.await.expect("reader"), 60);
    }
}

/// A `.pdf` and the `.txt` beside it (a report and its pdftotext output) have one id: the text
/// is held from the start (revision 1) and stays held when a later rescan reads the directory
/// again. (The rescan used to re-parse the PDF and swap it in, and the next one the text, on
/// and on, a new revision each time.)
#[tokio::test]
async fn a_pdf_and_its_text_hold_one_document_the_text_and_a_rescan_keeps_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/upr");
    for ext in ["pdf", "txt"] {
        let source = corpus.join(format!("luxembourg2009.{ext}"));
        std::fs::copy(&source, dir.path().join(format!("lux.{ext}")))
            .unwrap_or_else(|e| panic!("copy {}: {e}", source.display()));
    }
    let server = TestServer::start(config(dir.path())).await;
    let mut client = server.client().await;
    let held = get(&mut client, "lux").await.expect("lux is held");
    assert_eq!(held.symbol, "A/HRC/10/72");
    assert_eq!(held.revision, 1, "both files were parsed and swapped in");
    // Any change makes the watcher rescan the whole directory.
    put(dir.path(), "other.txt", &version("other"));
    let other = || {
        let mut client = client.clone();
        async move { get(&mut client, "other").await.is_ok() }
    };
    assert!(eventually(other).await, "added file not loaded");
    // Let a wrongly triggered re-parse of the PDF finish, if there is one.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let held = get(&mut client, "lux").await.expect("lux is held");
    assert_eq!(held.revision, 1, "a rescan replaced the held document");
    let listed = client
        .list_documents(pb::ListDocumentsRequest::default())
        .await
        .expect("list")
        .into_inner()
        .collect::<Vec<_>>()
        .await;
    let ids: Vec<String> = listed.into_iter().map(|s| s.expect("summary").id).collect();
    assert_eq!(ids.iter().filter(|id| *id == "lux").count(), 1, "{ids:?}");
}

/// Issue 20: one report ingested under three ids resolved silently to the first. The ingest
/// that shares a symbol says so (`shared-symbol`, naming the other ids and the one the symbol
/// names); the symbol names the highest revision, then the smallest id.
#[tokio::test]
async fn an_ingest_sharing_a_symbol_names_the_other_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start(config(dir.path())).await;
    let mut client = server.client().await;
    let mut last = None;
    for id in ["copy-c", "copy-b"] {
        last = Some(
            client
                .ingest_document(text(id, version(id)))
                .await
                .expect(id),
        );
    }
    let second = last.expect("ingested").into_inner();
    let note = second
        .diagnostics
        .iter()
        .find(|d| d.code == "shared-symbol")
        .unwrap_or_else(|| panic!("no shared-symbol diagnostic: {:?}", second.diagnostics));
    assert!(
        note.message.contains("A_HRC_52_71_page7, copy-c")
            && note.message.contains("it names A_HRC_52_71_page7"),
        "{}",
        note.message
    );
    // A new revision of copy-b outranks the others (revision 1 each).
    client
        .ingest_document(text("copy-b", version("again")))
        .await
        .expect("copy-b revision 2");
    let doc = get(&mut client, "a/hrc/52/71").await.expect("by symbol");
    assert_eq!(doc.id, "copy-b");
}

/// Issue 20: content encoded twice (`base64 FILE | base64`, then given to grpcurl) is refused
/// with INVALID_ARGUMENT naming `content` and "encoded twice"; the corpus's text files are not.
#[tokio::test]
async fn content_encoded_twice_is_refused_and_plain_text_is_not() {
    use base64::Engine as _;
    use tonic_types::StatusExt as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let server = TestServer::start(config(dir.path())).await;
    let mut client = server.client().await;
    let once = base64::engine::general_purpose::STANDARD.encode(SAMPLE_TEXT);
    let wrapped: Vec<u8> = once.as_bytes().chunks(76).collect::<Vec<_>>().join(&b'\n');
    let status = client
        .ingest_document(text("twice", wrapped))
        .await
        .expect_err("encoded twice");
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert!(status.message().contains("encoded twice"), "{status:?}");
    let bad = status.get_details_bad_request().expect("BadRequest");
    assert_eq!(bad.field_violations[0].field, "content");

    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/upr");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .expect("the shared corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() > 10, "{files:?}");
    for file in files {
        let bytes = std::fs::read(&file).expect("read");
        assert_eq!(
            paragraphd::corpus::encoded::encoded_twice(&bytes),
            None,
            "{}",
            file.display()
        );
    }
}
