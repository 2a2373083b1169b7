//! Hostile peers against the stream slots and the ingest gate (issue 19, findings 2 and 3), end
//! to end over loopback: HTTP/2 connections that never grant flow-control credit (a raw `h2`
//! client with a stream window of 0, from its own loopback address 127.0.0.2), and uploads held
//! open or too large to parse within the ingest memory budget.

use crate::common;
use crate::hostile_limits::{report, upload};

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use bytes::Bytes;
use common::TestServer;
use paragraphd::corpus::CorpusSource;
use paragraphd::corpus::admission::IngestLimits;
use paragraphd::pb::{self, upload_document_request::Part};
use paragraphd::server::ServeConfig;
use tokio::task::JoinHandle;
use tonic::Code;

const ANSWERED_WITHIN: Duration = Duration::from_secs(2);
/// The hostile peer's own loopback address.
const HOSTILE: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

/// An HTTP/2 connection from `source` that grants no flow-control credit to the server's
/// response streams (initial stream window 0): the server can send headers, never data.
struct StalledPeer {
    send: h2::client::SendRequest<Bytes>,
    connection: JoinHandle<Result<(), h2::Error>>,
    addr: SocketAddr,
    /// The open streams, held: dropping them would reset them.
    open: Vec<(http::Response<h2::RecvStream>, h2::SendStream<Bytes>)>,
}

impl StalledPeer {
    async fn connect(addr: SocketAddr, source: IpAddr) -> Self {
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket
            .bind(SocketAddr::new(source, 0))
            .expect("bind source");
        let tcp = socket.connect(addr).await.expect("connect");
        let (send, connection) = h2::client::Builder::new()
            .initial_window_size(0)
            .handshake::<_, Bytes>(tcp)
            .await
            .expect("handshake");
        Self {
            send,
            connection: tokio::spawn(connection),
            addr,
            open: Vec::new(),
        }
    }

    /// Opens a `SelectParagraphs` stream of every paragraph of `r1` (more than the HTTP/2 layer
    /// buffers, so the stream cannot finish) and never reads it; the gRPC status when the server
    /// refused it at once (a trailers-only response).
    async fn open_select(&mut self, deadline: Option<&str>) -> Option<Code> {
        let request = pb::SelectParagraphsRequest {
            document: "r1".into(),
            ..Default::default()
        };
        self.open("SelectParagraphs", &request, deadline).await
    }

    /// Calls `GetDocument` of `r1` with its paragraphs (one message of tens of KB; without
    /// credit the server sends none of it) and never reads the answer.
    async fn open_get_document(&mut self) -> Option<Code> {
        let request = pb::GetDocumentRequest {
            document: "r1".into(),
            include_paragraphs: true,
            language: String::new(),
        };
        self.open("GetDocument", &request, None).await
    }

    /// Calls `method` of `Documents` with `request`, never reading the answer; the gRPC status
    /// when the server answered at once with trailers only.
    async fn open(
        &mut self,
        method: &str,
        request: &impl prost::Message,
        deadline: Option<&str>,
    ) -> Option<Code> {
        let body = request.encode_to_vec();
        let mut framed = vec![0u8];
        framed.extend_from_slice(&(body.len() as u32).to_be_bytes());
        framed.extend_from_slice(&body);
        let uri = format!("http://{}/paragraphd.v1.Documents/{method}", self.addr);
        let mut builder = http::Request::post(uri)
            .header("content-type", "application/grpc")
            .header("te", "trailers");
        if let Some(timeout) = deadline {
            builder = builder.header("grpc-timeout", timeout);
        }
        let mut send = self.send.clone().ready().await.expect("ready");
        let (response, mut stream) = send
            .send_request(builder.body(()).expect("request"), false)
            .expect("send");
        stream.send_data(framed.into(), true).expect("body");
        let response = response.await.expect("response headers");
        let code = response
            .headers()
            .get("grpc-status")
            .and_then(|s| s.to_str().ok()?.parse::<i32>().ok())
            .map(Code::from_i32);
        self.open.push((response, stream));
        code
    }

    /// True once the server closed the connection.
    fn closed(&self) -> bool {
        self.connection.is_finished()
    }
}

/// A server over `dir` holding `r1`, a report of 300 paragraphs (about 60 KB of messages).
fn config(
    dir: &std::path::Path,
    max_streams: usize,
    per_peer: usize,
    send_timeout: Duration,
) -> ServeConfig {
    std::fs::write(dir.join("r1.txt"), report(1, 5, 60)).expect("write r1");
    ServeConfig {
        corpus: CorpusSource {
            dir: Some(dir.to_owned()),
            ..CorpusSource::default()
        },
        max_streams,
        max_streams_per_peer: per_peer,
        send_timeout,
        drain_timeout: Duration::from_secs(3),
        ..ServeConfig::default()
    }
}

/// A well-behaved selection from 127.0.0.1 on its own connection; its status code.
async fn select_from_another_peer(server: &TestServer) -> Result<usize, Code> {
    let mut client = server.client().await;
    let request = pb::SelectParagraphsRequest {
        document: "A/HRC/52/71".into(),
        ..Default::default()
    };
    let call = async {
        let mut stream = client.select_paragraphs(request).await?.into_inner();
        let mut n = 0;
        while stream.message().await?.is_some() {
            n += 1;
        }
        Ok::<_, tonic::Status>(n)
    };
    match tokio::time::timeout(ANSWERED_WITHIN, call).await {
        Ok(result) => result.map_err(|s| s.code()),
        Err(_) => Err(Code::DeadlineExceeded),
    }
}

// Finding 2.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn peers_that_never_read_cannot_hold_every_stream_slot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config1 = config(dir.path(), 40, 20, Duration::from_millis(800));
    let mut server = TestServer::start(config1).await;

    // Five connections from one peer, ten streams each, none ever read.
    let mut holding = Vec::new();
    let mut refused = 0;
    for _ in 0..5 {
        let mut peer = StalledPeer::connect(server.addr, HOSTILE).await;
        let mut held = 0;
        for _ in 0..10 {
            match peer.open_select(None).await {
                None => held += 1,
                Some(Code::ResourceExhausted) => refused += 1,
                Some(code) => panic!("unexpected status {code:?}"),
            }
        }
        if held > 0 {
            holding.push(peer);
        }
    }
    assert_eq!(refused, 30, "one peer holds at most 20 of the 40 slots");

    // Meanwhile another peer is served.
    let n = select_from_another_peer(&server)
        .await
        .expect("another peer gets a slot");
    assert!(n > 0);

    // Blocked past the send timeout: the slots come back, the stalled connections that held
    // them are closed.
    let start = Instant::now();
    while !holding.iter().all(StalledPeer::closed) {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "stalled connections still open after {:?}",
            start.elapsed()
        );
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for _ in 0..3 {
        select_from_another_peer(&server)
            .await
            .expect("served after the reaper");
    }

    // A deadline is enforced while blocked on the peer, before the send timeout.
    let dir2 = tempfile::tempdir().expect("tempdir");
    let config2 = config(dir2.path(), 8, 8, Duration::from_secs(60));
    let mut server2 = TestServer::start(config2).await;
    let mut peer = StalledPeer::connect(server2.addr, HOSTILE).await;
    for _ in 0..8 {
        assert_eq!(peer.open_select(Some("1S")).await, None);
    }
    assert_eq!(
        select_from_another_peer(&server2).await,
        Err(Code::ResourceExhausted),
        "all 8 slots held"
    );
    let start = Instant::now();
    loop {
        match select_from_another_peer(&server2).await {
            Ok(_) => break,
            Err(Code::ResourceExhausted) if start.elapsed() < Duration::from_secs(5) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Err(code) => panic!("slots not freed at the deadline: {code:?}"),
        }
    }

    // SIGTERM with stalled streams open: the server returns within the drain bound.
    let mut peer = StalledPeer::connect(server.addr, HOSTILE).await;
    for _ in 0..5 {
        assert_eq!(peer.open_select(None).await, None);
    }
    for s in [&mut server, &mut server2] {
        s.shutdown();
        let start = Instant::now();
        tokio::time::timeout(Duration::from_secs(4), &mut s.handle)
            .await
            .expect("the server returns within the drain bound")
            .expect("join")
            .expect("serve");
        assert!(start.elapsed() < Duration::from_secs(4));
    }
}

/// A unary response to a peer that never reads (a `GetDocument` answer the HTTP/2 layer holds
/// for want of flow-control credit) is bounded like a stream's: past the send timeout, its
/// connection is closed and what it held is freed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unary_answers_to_a_peer_that_never_reads_are_bounded_by_the_send_timeout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let send_timeout = Duration::from_millis(800);
    let server = TestServer::start(config(dir.path(), 40, 20, send_timeout)).await;
    // A well-behaved client's stream that waits for changes, idle past the send timeout: it
    // waits on the server, not on its peer, and must survive.
    let mut watcher = server.client().await;
    let mut events = watcher
        .watch_documents(pb::WatchDocumentsRequest {
            include_snapshot: false,
        })
        .await
        .expect("watch")
        .into_inner();

    let mut peer = StalledPeer::connect(server.addr, HOSTILE).await;
    for _ in 0..10 {
        assert_eq!(peer.open_get_document().await, None, "answered at once");
    }
    let start = Instant::now();
    while !peer.closed() {
        assert!(
            start.elapsed() < send_timeout + Duration::from_secs(4),
            "a connection holding unread unary answers is still open after {:?}",
            start.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        start.elapsed() >= send_timeout / 2,
        "closed after {:?}, before the send timeout",
        start.elapsed()
    );
    // Another client is served as before, and the idle watch still delivers.
    select_from_another_peer(&server)
        .await
        .expect("another peer is served");
    std::fs::write(dir.path().join("r2.txt"), report(2, 1, 3)).expect("write r2");
    let event = tokio::time::timeout(Duration::from_secs(5), events.message())
        .await
        .expect("the idle watch delivers a change")
        .expect("the idle watch is still open")
        .expect("an event");
    assert_eq!(event.document.unwrap_or_default().id, "r2");
}

// Finding 3.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ingests_are_bounded_in_number_and_in_memory_before_it_is_spent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = ServeConfig {
        corpus: CorpusSource {
            dir: Some(dir.path().to_owned()),
            ..CorpusSource::default()
        },
        max_upload_bytes: 16 << 20,
        ingest: IngestLimits {
            max_concurrent: 1,
            memory_bytes: 64 << 20,
        },
        ..ServeConfig::default()
    };
    let server = TestServer::start(config).await;
    let mut client = server.client().await;

    // Too large to parse within the whole budget (12 × 5 MiB + 16 MiB > 64 MiB): refused while
    // it arrives, before its bytes are kept and parsed.
    let status = upload(
        &mut client,
        "huge",
        report(1, 1, 1).repeat(40_000).into_bytes(),
    )
    .await
    .expect_err("over the ingest memory budget");
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(status.message().contains("too large"), "{status:?}");
    assert!(status.message().contains("memory"), "{status:?}");

    // Two uploads held open at once: one takes the only ingest place, the other is refused at
    // once as busy, before its content is sent.
    let mut senders = Vec::new();
    let mut calls = Vec::new();
    for id in ["held1", "held2"] {
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        tx.send(upload_header(id)).await.expect("header");
        let mut held_client = server.client().await;
        calls.push(tokio::spawn(async move {
            held_client
                .upload_document(tokio_stream::wrappers::ReceiverStream::new(rx))
                .await
        }));
        senders.push(tx);
    }
    // The refused one answers without waiting for its content.
    let start = Instant::now();
    while !calls.iter().any(JoinHandle::is_finished) {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "no upload refused"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    for (k, tx) in senders.into_iter().enumerate() {
        let chunk = pb::UploadDocumentRequest {
            part: Some(Part::Chunk(report(10 + k, 2, 3).into_bytes())),
        };
        let _ = tx.send(chunk).await;
    }
    let mut outcomes = Vec::new();
    for call in calls {
        outcomes.push(call.await.expect("join"));
    }
    let refused: Vec<&tonic::Status> = outcomes.iter().filter_map(|o| o.as_ref().err()).collect();
    assert_eq!(refused.len(), 1, "{outcomes:?}");
    assert_eq!(refused[0].code(), Code::ResourceExhausted, "{outcomes:?}");
    assert!(refused[0].message().contains("busy"), "{outcomes:?}");
    assert!(refused[0].message().contains("ingests"), "{outcomes:?}");
    upload(&mut client, "after", report(5, 2, 3).into_bytes())
        .await
        .expect("admitted again once the place is free");
}

fn upload_header(id: &str) -> pb::UploadDocumentRequest {
    pb::UploadDocumentRequest {
        part: Some(pb::upload_document_request::Part::Header(
            pb::UploadHeader {
                media_type: "text/plain".into(),
                id: id.into(),
                language: "en".into(),
                source_name: String::new(),
            },
        )),
    }
}
