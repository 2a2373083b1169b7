//! Ordinary calls under hostile traffic (issue 19, findings 1 and 2): the p99 latency of a
//! well-behaved client's calls (health, `GetDocument`, a one-paragraph `SelectParagraphs`) on a
//! connection of its own, quiet, then while hostile peers run, then quiet again; the ratio of the
//! hostile p99 to the quiet one.
//!
//! The hostile traffic: selections at the selector limit (256 distinct section keys over every
//! document, read to their end, back to back on several streams) from 127.0.0.1, and stalled
//! readers from 127.0.0.2 (HTTP/2 connections with a stream window of 0 holding open
//! `SelectParagraphs` streams they never read; below the per-peer cap, so they hold their slots
//! for the whole phase under the default send timeout).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use hdrhistogram::Histogram;
use prost::Message as _;
use serde::Serialize;
use tonic::transport::{Channel, Endpoint};
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

use super::BenchError;
use super::procs::{ServerProcess, command};
use crate::pb::{self, documents_client::DocumentsClient, selector::Selector};

/// The stalled readers' own loopback address, so that the per-peer cap does not count the
/// well-behaved client against them.
const STALLED_FROM: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

/// What to run.
#[derive(Debug, Clone)]
pub(crate) struct HostileConfig {
    /// The paragraphd executable.
    pub(crate) server_bin: PathBuf,
    /// The corpus directory, served read-only.
    pub(crate) corpus: PathBuf,
    /// Where the server's log goes.
    pub(crate) work_dir: PathBuf,
    /// The document the ordinary calls read.
    pub(crate) document: String,
    /// The paragraph number the one-paragraph selection asks for.
    pub(crate) number: u32,
    /// Length of each phase.
    pub(crate) duration: Duration,
    /// Streams running selections at the selector limit.
    pub(crate) flood_streams: usize,
    /// Stalled connections, and streams each holds open.
    pub(crate) stalled_connections: usize,
    /// Streams each stalled connection holds open.
    pub(crate) stalled_streams: usize,
}

/// One phase's latencies, in microseconds.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Phase {
    /// `quiet` or `hostile`.
    pub(crate) name: &'static str,
    /// Ordinary calls completed (each of the three kinds counts one).
    pub(crate) calls: u64,
    /// Ordinary calls that failed.
    pub(crate) errors: u64,
    /// Median over all ordinary calls.
    pub(crate) p50_us: u64,
    /// 99th percentile over all ordinary calls.
    pub(crate) p99_us: u64,
    /// Largest.
    pub(crate) max_us: u64,
    /// 99th percentile per kind: health, GetDocument, one paragraph.
    pub(crate) p99_by_call_us: [u64; 3],
    /// Hostile selections completed in the phase (at the selector limit).
    pub(crate) flood_selections: u64,
    /// Stalled streams the server accepted (held open) in the phase.
    pub(crate) stalled_streams_held: u64,
}

/// The whole run.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HostileReport {
    /// Quiet, hostile, quiet.
    pub(crate) phases: Vec<Phase>,
    /// The hostile phase's p99 over the larger of the two quiet phases' p99.
    pub(crate) p99_ratio: f64,
}

/// Starts paragraphd over the corpus and runs the three phases.
pub(crate) async fn run(config: &HostileConfig) -> Result<HostileReport, BenchError> {
    std::fs::create_dir_all(&config.work_dir)?;
    let mut cmd = command(&config.server_bin, super::procs::Placement::Unpinned);
    cmd.args([
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--no-sample",
        "--read-only",
        "--corpus",
    ])
    .arg(&config.corpus);
    let server = ServerProcess::spawn(cmd, &config.work_dir.join("paragraphd-hostile.log"))?;
    server.wait_serving(Duration::from_secs(120)).await?;
    let addr: SocketAddr = server
        .addr
        .parse()
        .map_err(|e| BenchError::Other(format!("address {}: {e}", server.addr)))?;
    let ordinary = connect(addr, None).await?;

    let mut phases = vec![ordinary_phase(config, &ordinary, "quiet").await];
    // The stalled streams first (they must all be open before the send timeout reaps them),
    // then the floods.
    let mut stalled = Vec::new();
    let mut held = 0;
    for _ in 0..config.stalled_connections {
        let mut peer = StalledPeer::connect(addr).await?;
        held += peer.open(&config.document, config.stalled_streams).await?;
        stalled.push(peer);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let floods = Arc::new(AtomicU64::new(0));
    let mut flood_tasks = Vec::new();
    for _ in 0..config.flood_streams {
        let channel = connect(addr, None).await?;
        flood_tasks.push(tokio::spawn(flood(channel, stop.clone(), floods.clone())));
    }
    let mut hostile = ordinary_phase(config, &ordinary, "hostile").await;
    stop.store(true, Ordering::Relaxed);
    for task in flood_tasks {
        let _ = task.await;
    }
    hostile.flood_selections = floods.load(Ordering::Relaxed);
    hostile.stalled_streams_held = held;
    phases.push(hostile);
    drop(stalled);
    phases.push(ordinary_phase(config, &ordinary, "quiet").await);
    let quiet = phases[0].p99_us.max(phases[2].p99_us).max(1);
    let p99_ratio = phases[1].p99_us as f64 / quiet as f64;
    Ok(HostileReport { phases, p99_ratio })
}

async fn connect(addr: SocketAddr, from: Option<IpAddr>) -> Result<Channel, BenchError> {
    Endpoint::from_shared(format!("http://{addr}"))
        .map_err(|e| BenchError::Other(e.to_string()))?
        .local_address(from)
        .tcp_nodelay(true)
        .connect()
        .await
        .map_err(|e| BenchError::Connect {
            addr: addr.to_string(),
            reason: e.to_string(),
        })
}

/// The well-behaved client for one phase: health, the document's outline, one paragraph, in
/// turn, back to back, on `channel`.
async fn ordinary_phase(config: &HostileConfig, channel: &Channel, name: &'static str) -> Phase {
    let mut health = HealthClient::new(channel.clone());
    let mut documents = DocumentsClient::new(channel.clone());
    let mut all = histogram();
    let mut by_call = [histogram(), histogram(), histogram()];
    let (mut calls, mut errors) = (0, 0);
    let end = Instant::now() + config.duration;
    while Instant::now() < end {
        for (kind, hist) in by_call.iter_mut().enumerate() {
            let start = Instant::now();
            let ok = match kind {
                0 => health.check(HealthCheckRequest::default()).await.is_ok(),
                1 => documents
                    .get_document(pb::GetDocumentRequest {
                        document: config.document.clone(),
                        include_paragraphs: false,
                        language: String::new(),
                    })
                    .await
                    .is_ok(),
                _ => one_paragraph(&mut documents, config).await,
            };
            let micros = start.elapsed().as_micros() as u64;
            calls += 1;
            if ok {
                let _ = hist.record(micros.max(1));
                let _ = all.record(micros.max(1));
            } else {
                errors += 1;
            }
        }
    }
    Phase {
        name,
        calls,
        errors,
        p50_us: all.value_at_quantile(0.5),
        p99_us: all.value_at_quantile(0.99),
        max_us: all.max(),
        p99_by_call_us: by_call.map(|h| h.value_at_quantile(0.99)),
        flood_selections: 0,
        stalled_streams_held: 0,
    }
}

fn histogram() -> Histogram<u64> {
    Histogram::new(3).expect("3 significant digits is a valid histogram")
}

/// One paragraph by number, read to the end of its stream; whether it came.
async fn one_paragraph(client: &mut DocumentsClient<Channel>, config: &HostileConfig) -> bool {
    let request = pb::SelectParagraphsRequest {
        document: config.document.clone(),
        selectors: vec![pb::Selector {
            selector: Some(Selector::Number(config.number.to_string())),
        }],
        ..Default::default()
    };
    let Ok(response) = client.select_paragraphs(request).await else {
        return false;
    };
    let mut stream = response.into_inner();
    let mut n = 0;
    loop {
        match stream.message().await {
            Ok(Some(_)) => n += 1,
            Ok(None) => return n == 1,
            Err(_) => return false,
        }
    }
}

/// 256 distinct section keys (title prefixes in different letter cases), over every document.
fn flood_request() -> pb::SelectParagraphsRequest {
    let selectors = (0..256u32)
        .map(|i| {
            let key: String = "introduction"
                .chars()
                .enumerate()
                .map(|(b, c)| {
                    if b < 8 && i & (1 << b) != 0 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect();
            pb::Selector {
                selector: Some(Selector::Section(key)),
            }
        })
        .collect();
    pb::SelectParagraphsRequest {
        selectors,
        ..Default::default()
    }
}

/// Selections at the selector limit, read to their end, back to back until `stop`.
async fn flood(channel: Channel, stop: Arc<AtomicBool>, done: Arc<AtomicU64>) {
    let mut client = DocumentsClient::new(channel);
    let request = flood_request();
    while !stop.load(Ordering::Relaxed) {
        if let Ok(response) = client.select_paragraphs(request.clone()).await {
            let mut stream = response.into_inner();
            while let Ok(Some(_)) = stream.message().await {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
            }
            done.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// An HTTP/2 connection from [`STALLED_FROM`] that grants no flow-control credit.
struct StalledPeer {
    send: h2::client::SendRequest<Bytes>,
    addr: SocketAddr,
    connection: tokio::task::JoinHandle<Result<(), h2::Error>>,
    /// Held: dropping them would reset the streams.
    open: Vec<(http::Response<h2::RecvStream>, h2::SendStream<Bytes>)>,
}

impl Drop for StalledPeer {
    fn drop(&mut self) {
        self.connection.abort();
    }
}

impl StalledPeer {
    async fn connect(addr: SocketAddr) -> Result<Self, BenchError> {
        let socket = tokio::net::TcpSocket::new_v4()?;
        socket.bind(SocketAddr::new(STALLED_FROM, 0))?;
        let tcp = socket.connect(addr).await?;
        let (send, connection) = h2::client::Builder::new()
            .initial_window_size(0)
            .handshake::<_, Bytes>(tcp)
            .await
            .map_err(|e| BenchError::Other(format!("h2 handshake: {e}")))?;
        Ok(Self {
            send,
            addr,
            connection: tokio::spawn(connection),
            open: Vec::new(),
        })
    }

    /// Opens `n` selections of every paragraph of `document`, never read; returns how many the
    /// server accepted (the others it refused at once, with trailers only).
    async fn open(&mut self, document: &str, n: usize) -> Result<u64, BenchError> {
        let body = pb::SelectParagraphsRequest {
            document: document.to_owned(),
            ..Default::default()
        }
        .encode_to_vec();
        let mut framed = vec![0u8];
        framed.extend_from_slice(&(body.len() as u32).to_be_bytes());
        framed.extend_from_slice(&body);
        let uri = format!(
            "http://{}/paragraphd.v1.Documents/SelectParagraphs",
            self.addr
        );
        let h2_error = |e: h2::Error| BenchError::Other(format!("stalled peer: {e}"));
        for _ in 0..n {
            let request = http::Request::post(uri.as_str())
                .header("content-type", "application/grpc")
                .header("te", "trailers")
                .body(())
                .map_err(|e| BenchError::Other(e.to_string()))?;
            let mut send = self.send.clone().ready().await.map_err(h2_error)?;
            let (response, mut stream) = send.send_request(request, false).map_err(h2_error)?;
            stream
                .send_data(Bytes::from(framed.clone()), true)
                .map_err(h2_error)?;
            let response = response.await.map_err(h2_error)?;
            if !response.headers().contains_key("grpc-status") {
                self.open.push((response, stream));
            }
        }
        Ok(self.open.len() as u64)
    }
}
