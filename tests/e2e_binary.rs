//! End-to-end against the real binary: startup on 127.0.0.1:0, readiness by health polling, and
//! SIGTERM with a stream open (Kubernetes' way of stopping a pod).

use crate::common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use paragraphd::pb::{self, documents_client::DocumentsClient, query_response::Result as Res};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio_stream::StreamExt;
use tonic::Code;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

/// Starts the binary with `args` and returns it with the address it printed.
async fn spawn(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paragraphd"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn paragraphd");
    let uri = address(&mut child).await;
    (child, uri)
}

/// The `http://ADDR` of the `listening on ADDR` line `child` prints first on standard output.
async fn address(child: &mut Child) -> String {
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .expect("address line in time")
        .expect("read stdout")
        .expect("a line");
    let addr = line
        .strip_prefix("listening on ")
        .expect("`listening on ADDR`");
    format!("http://{addr}")
}

/// Starts the binary and waits until health says SERVING.
async fn spawn_serving(args: &[&str]) -> (Child, tonic::transport::Channel) {
    let (child, uri) = spawn(args).await;
    let channel = tonic::transport::Channel::from_shared(uri)
        .expect("uri")
        .connect()
        .await
        .expect("connect");
    common::wait_serving(channel.clone()).await;
    (child, channel)
}

fn sigterm(child: &Child) {
    let pid = child.id().expect("running").to_string();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(status.success());
}

#[tokio::test]
async fn sigterm_with_a_stream_open_ends_it_unavailable_and_exits_zero_within_the_drain() {
    let (mut child, channel) =
        spawn_serving(&["serve", "--listen", "127.0.0.1:0", "--drain-timeout", "3s"]).await;

    let mut client = DocumentsClient::new(channel);
    let (tx, rx) = tokio::sync::mpsc::channel::<pb::QueryRequest>(1);
    let mut responses = client
        .query(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await
        .expect("opened")
        .into_inner();
    let select = pb::SelectParagraphsRequest {
        document: "A/HRC/52/71".into(),
        ..Default::default()
    };
    tx.send(pb::QueryRequest {
        query_id: "all".into(),
        select: Some(select),
        search: None,
    })
    .await
    .expect("send");
    let first = responses.next().await.expect("item").expect("ok");
    assert!(matches!(first.result, Some(Res::Paragraph(_))));

    let started = Instant::now();
    sigterm(&child);
    let ended = loop {
        match responses.next().await {
            Some(Ok(_)) => continue,
            Some(Err(status)) => break status,
            None => panic!("stream ended without a status"),
        }
    };
    assert_eq!(ended.code(), Code::Unavailable, "{ended:?}");
    let exit = tokio::time::timeout(Duration::from_secs(8), child.wait())
        .await
        .expect("exited in time")
        .expect("wait");
    assert!(exit.success(), "exit status {exit:?}");
    assert!(started.elapsed() < Duration::from_secs(8));
    drop(tx);
}

fn ingest_request(i: usize) -> pb::IngestDocumentRequest {
    let content = paragraphd::corpus::SAMPLE_TEXT
        .replace("The media should", &format!("The media{i} should"));
    pb::IngestDocumentRequest {
        content: content.into_bytes(),
        media_type: "text/plain".into(),
        id: format!("k{i}"),
        ..Default::default()
    }
}

#[tokio::test]
async fn kill_9_during_ingests_loses_no_acknowledged_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().to_str().expect("utf-8 path").to_owned();
    let args = [
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--corpus",
        corpus.as_str(),
    ];
    let (child, channel) = spawn_serving(&args).await;

    // Ingest from two clients; SIGKILL the server once 40 writes are acknowledged.
    let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut writers = Vec::new();
    for lane in 0..2 {
        let (mut client, acked) = (DocumentsClient::new(channel.clone()), acked.clone());
        writers.push(tokio::spawn(async move {
            for i in (lane..400).step_by(2) {
                match client.ingest_document(ingest_request(i)).await {
                    Ok(_) => acked.lock().expect("lock").push(i),
                    Err(_) => break,
                }
            }
        }));
    }
    let pid = child.id().expect("running").to_string();
    for _ in 0..3000 {
        if acked.lock().expect("lock").len() >= 40 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    std::process::Command::new("kill")
        .args(["-KILL", &pid])
        .status()
        .expect("kill");
    for writer in writers {
        writer.await.expect("writer");
    }
    let acked = acked.lock().expect("lock").clone();
    assert!(
        acked.len() >= 40,
        "only {} acknowledged before the kill",
        acked.len()
    );
    drop(child);

    let (_child, channel) = spawn_serving(&args).await;
    let mut client = DocumentsClient::new(channel);
    for i in acked {
        let req = pb::GetDocumentRequest {
            document: format!("k{i}"),
            include_paragraphs: true,
            language: String::new(),
        };
        let doc = client
            .get_document(req)
            .await
            .unwrap_or_else(|e| panic!("k{i} lost: {e}"))
            .into_inner();
        let p55 = doc
            .paragraphs
            .iter()
            .find(|p| p.number == "55")
            .expect("paragraph 55");
        assert!(
            p55.text.contains(&format!("media{i} ")),
            "k{i} parsed wrong: {}",
            p55.text
        );
    }
}

/// `paragraphd parse … | head`: a reader that closes the pipe early ends the run quietly, with
/// success and no panic.
#[test]
fn parse_into_a_closed_pipe_exits_zero_without_a_panic() {
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/upr");
    let files = ["luxembourg2009.txt", "andorra2011.txt", "botswana2009.txt"];
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_paragraphd"))
        .arg("parse")
        .arg("--json")
        .args(files.iter().map(|f| format!("{corpus}/{f}")))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn paragraphd parse");
    // The reader goes away before the first line is written.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait for paragraphd parse");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
}

/// Runs `paragraphd parse ARGS…` and returns its exit status, stdout and stderr.
fn run_parse(args: &[&std::ffi::OsStr]) -> (std::process::ExitStatus, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_paragraphd"))
        .arg("parse")
        .args(args)
        .output()
        .expect("run paragraphd parse");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status, text(&out.stdout), text(&out.stderr))
}

/// Issue 20: the outline says what it did not find instead of `- -`, counts in the singular
/// where there is one (`1 footnote`), a one-paragraph range as `para. 2`, an unlabelled
/// section's title once (not `Summary Summary`); and `parse DIR` parses the directory's `.txt`
/// and `.pdf` files, as `serve --corpus DIR` loads them.
#[test]
fn parse_outline_says_what_is_missing_and_parse_takes_a_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = "Summary\nThe Council met.\n\nI.\nIntroduction\n1.\nThe Council met in 2024.1\n\
                  II.\nWork\n2.\nIt worked.\n\n1 See the report.\n";
    std::fs::write(dir.path().join("a.txt"), report).expect("write a.txt");
    std::fs::write(dir.path().join("b.txt"), "Just a note, not a report.\n").expect("write b");
    std::fs::write(dir.path().join("ignored.md"), "# not parsed\n").expect("write md");
    let (status, stdout, stderr) = run_parse(&[dir.path().as_os_str()]);
    assert!(status.success(), "{status:?}: {stderr}");
    let expected_a = "no symbol found  no title found\n  job -  body -  session -\n  \
                      1 page, 3 paragraphs (2 numbered), 3 sections, 0 contents rows, 1 footnote\n  \
                      Summary  (no numbered paragraphs, p. 1)\n  I Introduction  (para. 1, p. 1)\n  \
                      II Work  (para. 2, p. 1)\n";
    assert!(stdout.starts_with(expected_a), "{stdout}");
    assert_eq!(stdout.matches("no symbol found").count(), 2, "{stdout}");
    assert!(!stdout.contains("# not parsed"), "{stdout}");
}

/// The binary's standard error, line by line, read on a task of its own (so the child never
/// blocks on a full pipe).
struct Logs(tokio::sync::mpsc::UnboundedReceiver<String>);

impl Logs {
    /// The first line from now on that contains `needle` (bounded: 30 s).
    async fn until(&mut self, needle: &str) -> String {
        let wait = async {
            while let Some(line) = self.0.recv().await {
                if line.contains(needle) {
                    return line;
                }
            }
            panic!("standard error ended before a line with {needle:?}");
        };
        tokio::time::timeout(Duration::from_secs(30), wait)
            .await
            .unwrap_or_else(|_| panic!("no line with {needle:?} in 30 s"))
    }
}

/// Health's `Watch` stream (service `""`).
struct HealthWatch(tonic::Streaming<tonic_health::pb::HealthCheckResponse>);

impl HealthWatch {
    async fn open(channel: tonic::transport::Channel) -> Self {
        let watch = HealthClient::new(channel)
            .watch(HealthCheckRequest::default())
            .await
            .expect("watch");
        Self(watch.into_inner())
    }

    /// Waits for `want` (bounded: 30 s); the watch repeats a status set again unchanged.
    async fn until(&mut self, want: ServingStatus) {
        let wait = async {
            while let Some(item) = self.0.next().await {
                if item.expect("ok").status == want as i32 {
                    return;
                }
            }
            panic!("health watch ended before {want:?}");
        };
        tokio::time::timeout(Duration::from_secs(30), wait)
            .await
            .unwrap_or_else(|_| panic!("health not {want:?} in 30 s"));
    }
}

/// Starts the binary with `args`, its standard error logged as JSON and read into [`Logs`].
async fn spawn_logged(args: &[&str]) -> (Child, tonic::transport::Channel, Logs) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paragraphd"))
        .args(args)
        .args(["--listen", "127.0.0.1:0", "--log-format", "json"])
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn paragraphd");
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr")).lines();
    tokio::spawn(async move {
        while let Ok(Some(line)) = stderr.next_line().await {
            let _ = tx.send(line);
        }
    });
    let channel = tonic::transport::Channel::from_shared(address(&mut child).await)
        .expect("uri")
        .connect()
        .await
        .expect("connect");
    (child, channel, Logs(rx))
}

/// Issue 20: `--corpus` naming a directory that does not exist was created silently and
/// served empty. The server warns that it created it; with `--read-only` it does not create it
/// and warns that it did not.
#[tokio::test]
async fn a_missing_corpus_directory_is_created_with_a_warning_or_not_when_read_only() {
    let root = tempfile::tempdir().expect("tempdir");
    let missing = root.path().join("typo");
    let dir = missing.to_str().expect("utf-8");
    let (_child, _, mut logs) = spawn_logged(&["--corpus", dir]).await;
    let line = logs.until("corpus directory did not exist").await;
    assert!(
        line.contains("\"level\":\"WARN\"") && line.contains("created it"),
        "{line}"
    );
    assert!(missing.is_dir());

    let other = root.path().join("typo-read-only");
    let dir = other.to_str().expect("utf-8");
    let (_child, _, mut logs) = spawn_logged(&["--corpus", dir, "--read-only"]).await;
    let line = logs.until("corpus directory does not exist").await;
    assert!(
        line.contains("\"level\":\"WARN\"") && line.contains("--read-only"),
        "{line}"
    );
    assert!(!other.exists(), "--read-only created it");
}

/// Issue 20: `--no-sample` with an empty corpus was SERVING with no documents. With
/// `--require-documents` health is NOT_SERVING while the corpus holds none, SERVING once one is
/// ingested, and NOT_SERVING again when it is deleted.
#[tokio::test]
async fn require_documents_keeps_health_not_serving_while_the_corpus_is_empty() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().to_str().expect("utf-8");
    let args = ["--corpus", corpus, "--no-sample", "--require-documents"];
    let (_child, channel, mut logs) = spawn_logged(&args).await;
    logs.until("health is NOT_SERVING until one is ingested")
        .await;
    let mut health = HealthClient::new(channel.clone());
    let check = health
        .check(HealthCheckRequest::default())
        .await
        .expect("check");
    assert_eq!(check.into_inner().status, ServingStatus::NotServing as i32);
    let mut watch = HealthWatch::open(channel.clone()).await;
    let mut client = DocumentsClient::new(channel);
    client
        .ingest_document(ingest_request(1))
        .await
        .expect("ingest");
    watch.until(ServingStatus::Serving).await;
    let delete = pb::DeleteDocumentRequest {
        document: "k1".into(),
    };
    client.delete_document(delete).await.expect("delete");
    watch.until(ServingStatus::NotServing).await;
}

/// Issue 20: a failed RPC was logged without its message. The log line carries the decoded
/// `grpc-message`.
#[tokio::test]
async fn a_failed_rpc_is_logged_with_its_message() {
    let (_child, channel, mut logs) = spawn_logged(&[]).await;
    HealthWatch::open(channel.clone())
        .await
        .until(ServingStatus::Serving)
        .await;
    let mut client = DocumentsClient::new(channel);
    let req = pb::GetDocumentRequest {
        document: "A/HRC/52/17".into(),
        include_paragraphs: false,
        language: String::new(),
    };
    client.get_document(req).await.expect_err("not found");
    let line = logs.until("rpc failed").await;
    assert!(
        line.contains(
            r#""error":"document \"A/HRC/52/17\" not found; the closest held are A/HRC/52/71"#
        ),
        "{line}"
    );
}

/// Issue 20: a WatchDocuments stream that the server's shutdown ends was logged at ERROR, as a
/// failure. It is INFO, "rpc ended by shutdown".
#[tokio::test]
async fn a_watch_ended_by_shutdown_is_logged_at_info() {
    let (mut child, channel, mut logs) = spawn_logged(&["--drain-timeout", "3s"]).await;
    HealthWatch::open(channel.clone())
        .await
        .until(ServingStatus::Serving)
        .await;
    let mut client = DocumentsClient::new(channel);
    let request = pb::WatchDocumentsRequest {
        include_snapshot: true,
    };
    let mut events = client
        .watch_documents(request)
        .await
        .expect("watch")
        .into_inner();
    events
        .next()
        .await
        .expect("the snapshot's event")
        .expect("ok");
    sigterm(&child);
    let line = logs.until("WatchDocuments").await;
    assert!(
        line.contains("\"level\":\"INFO\"") && line.contains("rpc ended by shutdown"),
        "{line}"
    );
    let exit = tokio::time::timeout(Duration::from_secs(8), child.wait())
        .await
        .expect("exited in time")
        .expect("wait");
    assert!(exit.success(), "{exit:?}");
}
