//! Aligning two language versions against selecting in one (issue 21), in one run: one
//! paragraphd server holding the English and French PDFs of one report (ingested with their
//! `language`), driven in alternating pairs by two closed loops over the whole document —
//! `AlignParagraphs` in `en` + `fr` (every row: one paragraph number, both languages' paragraphs
//! and the checks) and `SelectParagraphs` of the same paragraphs in `en` alone. The ratio is
//! aligned rows per second over selected paragraphs per second.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use paragraphd::pb::documents_client::DocumentsClient;
use tokio_stream::StreamExt;
use tonic::transport::Channel;

use super::BenchError;
use super::client::connect;
use super::procs::{Placement, ServerProcess, command};
use crate::pb;

/// What to run.
#[derive(Debug, Clone)]
pub(crate) struct AlignConfig {
    /// The paragraphd executable.
    pub(crate) server_bin: PathBuf,
    /// The shared corpus (the pair is `multilingual/pdfs/ohchr_2_{en,fr}.pdf`).
    pub(crate) corpus: PathBuf,
    /// Scratch directory (the server's corpus directory and log).
    pub(crate) work_dir: PathBuf,
    /// A B pairs (the summary takes medians).
    pub(crate) pairs: usize,
    /// HTTP/2 connections.
    pub(crate) connections: usize,
    /// Calls in flight per connection.
    pub(crate) in_flight: usize,
    /// Unmeasured warm-up of each run.
    pub(crate) warmup: Duration,
    /// Measured window of each run.
    pub(crate) duration: Duration,
}

/// Both sides' runs, and the ratio of their medians.
#[derive(Debug, serde::Serialize)]
pub(crate) struct AlignReport {
    /// The report's symbol.
    pub(crate) symbol: String,
    /// Rows one alignment of the whole document streams (its header not counted).
    pub(crate) rows_per_call: u64,
    /// Paragraphs one selection of the whole document in English streams.
    pub(crate) paragraphs_per_call: u64,
    /// `AlignParagraphs`, en + fr: rows per second.
    pub(crate) align: Side,
    /// `SelectParagraphs`, en: paragraphs per second.
    pub(crate) select: Side,
    /// Median aligned rows/s ÷ median selected paragraphs/s.
    pub(crate) ratio: f64,
}

/// One side: each run's items (rows or paragraphs) per second and calls per second.
#[derive(Debug, Default, serde::Serialize)]
pub(crate) struct Side {
    /// Items streamed per second, each run.
    pub(crate) items_per_s: Vec<f64>,
    /// Calls per second, each run.
    pub(crate) calls_per_s: Vec<f64>,
    /// Median items per second.
    pub(crate) median_items_per_s: f64,
}

/// Which call a loop makes.
#[derive(Debug, Clone, Copy)]
enum Call {
    Align,
    Select,
}

/// Starts the server, ingests the pair, and runs the pairs.
pub(crate) async fn run(config: &AlignConfig) -> Result<AlignReport, BenchError> {
    let dir = config.work_dir.join("align");
    let corpus_dir = dir.join("corpus");
    let _ = std::fs::remove_dir_all(&corpus_dir);
    std::fs::create_dir_all(&corpus_dir)?;
    let mut cmd = command(&config.server_bin, Placement::Unpinned);
    cmd.args([
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--no-sample",
        "--corpus",
    ])
    .arg(&corpus_dir);
    let server = ServerProcess::spawn(cmd, &dir.join("paragraphd.log"))?;
    server.wait_serving(Duration::from_secs(60)).await?;
    let channel = connect(&server.addr)
        .await
        .map_err(|e| connect_error(&server.addr, e))?;
    let mut client = DocumentsClient::new(channel);
    let pdfs = config.corpus.join("multilingual/pdfs");
    let symbol = ingest(&mut client, &pdfs, "en").await?;
    ingest(&mut client, &pdfs, "fr").await?;
    let rows_per_call = one_call(&mut client, Call::Align, &symbol).await?;
    let paragraphs_per_call = one_call(&mut client, Call::Select, &symbol).await?;
    let (mut align, mut select) = (Side::default(), Side::default());
    for _ in 0..config.pairs.max(1) {
        record(
            &mut align,
            drive(config, &server.addr, Call::Align, &symbol).await?,
        );
        record(
            &mut select,
            drive(config, &server.addr, Call::Select, &symbol).await?,
        );
    }
    align.settle();
    select.settle();
    Ok(AlignReport {
        symbol,
        rows_per_call,
        paragraphs_per_call,
        ratio: align.median_items_per_s / select.median_items_per_s.max(1e-9),
        align,
        select,
    })
}

/// Ingests `ohchr_2_{language}.pdf` with its language; returns its symbol.
async fn ingest(
    client: &mut DocumentsClient<Channel>,
    pdfs: &Path,
    language: &str,
) -> Result<String, BenchError> {
    let request = pb::IngestDocumentRequest {
        content: std::fs::read(pdfs.join(format!("ohchr_2_{language}.pdf")))?,
        media_type: "application/pdf".into(),
        id: format!("ohchr-2-{language}"),
        language: language.into(),
        source_name: String::new(),
    };
    let summary = client
        .ingest_document(request)
        .await
        .map_err(|s| BenchError::Other(format!("ingest {language}: {s}")))?;
    Ok(summary.into_inner().symbol)
}

/// One call of `call` over the whole document; returns the items it streamed.
async fn one_call(
    client: &mut DocumentsClient<Channel>,
    call: Call,
    symbol: &str,
) -> Result<u64, BenchError> {
    let failed = |s: tonic::Status| BenchError::Other(format!("{call:?}: {s}"));
    let items = match call {
        Call::Align => {
            let request = pb::AlignParagraphsRequest {
                document: symbol.to_owned(),
                languages: vec!["en".into(), "fr".into()],
                ..Default::default()
            };
            let stream = client.align_paragraphs(request).await.map_err(failed)?;
            let messages: Vec<_> = stream
                .into_inner()
                .collect::<Result<_, _>>()
                .await
                .map_err(failed)?;
            messages.len().saturating_sub(1)
        }
        Call::Select => {
            let request = pb::SelectParagraphsRequest {
                document: symbol.to_owned(),
                language: "en".into(),
                ..Default::default()
            };
            let stream = client.select_paragraphs(request).await.map_err(failed)?;
            let messages: Vec<_> = stream
                .into_inner()
                .collect::<Result<_, _>>()
                .await
                .map_err(failed)?;
            messages.len()
        }
    };
    Ok(items as u64)
}

/// Counts of one measured window.
#[derive(Debug, Default)]
struct Counts {
    items: AtomicU64,
    calls: AtomicU64,
}

/// A closed loop of `call` on new connections: warm-up, then the measured window; returns
/// (items/s, calls/s).
async fn drive(
    config: &AlignConfig,
    addr: &str,
    call: Call,
    symbol: &str,
) -> Result<(f64, f64), BenchError> {
    let mut clients = Vec::with_capacity(config.connections);
    for _ in 0..config.connections.max(1) {
        let channel = connect(addr).await.map_err(|e| connect_error(addr, e))?;
        clients.push(DocumentsClient::new(channel));
    }
    closed_loop(
        &clients,
        call,
        symbol,
        config.in_flight,
        config.warmup,
        None,
    )
    .await?;
    let counts = Arc::new(Counts::default());
    let started = Instant::now();
    closed_loop(
        &clients,
        call,
        symbol,
        config.in_flight,
        config.duration,
        Some(&counts),
    )
    .await?;
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    Ok((
        counts.items.load(Ordering::Relaxed) as f64 / seconds,
        counts.calls.load(Ordering::Relaxed) as f64 / seconds,
    ))
}

/// `in_flight` workers per client, each starting its next call when the last one ends, until
/// `window` is over; calls are counted into `counts` when given. Any failed call fails the run.
async fn closed_loop(
    clients: &[DocumentsClient<Channel>],
    call: Call,
    symbol: &str,
    in_flight: usize,
    window: Duration,
    counts: Option<&Arc<Counts>>,
) -> Result<(), BenchError> {
    let end = Instant::now() + window;
    let mut workers = tokio::task::JoinSet::new();
    for client in clients {
        for _ in 0..in_flight.max(1) {
            let (mut client, symbol) = (client.clone(), symbol.to_owned());
            let counts = counts.cloned();
            workers.spawn(async move {
                while Instant::now() < end {
                    let items = one_call(&mut client, call, &symbol).await?;
                    if let Some(counts) = &counts {
                        counts.items.fetch_add(items, Ordering::Relaxed);
                        counts.calls.fetch_add(1, Ordering::Relaxed);
                    }
                }
                Ok::<(), BenchError>(())
            });
        }
    }
    while let Some(joined) = workers.join_next().await {
        joined.map_err(|e| BenchError::Other(format!("worker: {e}")))??;
    }
    Ok(())
}

fn connect_error(addr: &str, e: impl std::fmt::Display) -> BenchError {
    BenchError::Connect {
        addr: addr.to_owned(),
        reason: e.to_string(),
    }
}

fn record(side: &mut Side, (items, calls): (f64, f64)) {
    side.items_per_s.push(items);
    side.calls_per_s.push(calls);
}

impl Side {
    /// Fills in the median.
    fn settle(&mut self) {
        let mut items = self.items_per_s.clone();
        items.sort_by(f64::total_cmp);
        self.median_items_per_s = items.get(items.len() / 2).copied().unwrap_or_default();
    }
}
