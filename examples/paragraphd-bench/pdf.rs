//! PDF ingest throughput: `corpus::ingest` of each PDF (extraction and analysis) against
//! poppler's `pdftotext` on the same files, one file at a time on one thread.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::BenchError;
use super::client::{RpcClient, Target, connect};
use super::parsing::files_with_extension;
use super::procs::{Placement, ServerProcess, command};
use super::startup::median;
use crate::pb::IngestDocumentRequest;
use paragraphd::corpus::{self, MediaType};

/// PDF throughput, or why it was not measured.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct PdfResult {
    /// Set when paragraphd's PDF ingest could not be measured, with the reason.
    pub(crate) not_measured: Option<String>,
    /// PDF files measured.
    pub(crate) files: usize,
    /// Their pages (counted from `pdftotext`'s form feeds).
    pub(crate) pages: u64,
    /// Their total size, bytes.
    pub(crate) bytes: u64,
    /// Files paragraphd refused.
    pub(crate) failures: usize,
    /// paragraphd: pages per second (`corpus::ingest`, in process).
    pub(crate) paragraphd_pages_s: f64,
    /// `pdftotext FILE OUT`, one process per file: pages per second.
    pub(crate) pdftotext_pages_s: f64,
    /// `paragraphd_pages_s / pdftotext_pages_s`.
    pub(crate) ratio: f64,
    /// `pdftotext -v`.
    pub(crate) pdftotext_version: String,
}

/// Measures the first `limit` PDFs under `dir` (all when `None`); `scratch` holds pdftotext's
/// output.
pub(crate) fn measure(
    dir: &Path,
    limit: Option<usize>,
    scratch: &Path,
) -> Result<PdfResult, BenchError> {
    let mut files = files_with_extension(dir, "pdf");
    files.truncate(limit.unwrap_or(usize::MAX));
    let mut result = PdfResult {
        files: files.len(),
        pdftotext_version: pdftotext_version(),
        ..PdfResult::default()
    };
    let (pages, poppler_time) = time_pdftotext(&files, scratch)?;
    result.pages = pages;
    result.pdftotext_pages_s = pages as f64 / poppler_time.as_secs_f64();
    let mut ours = Duration::ZERO;
    for path in &files {
        let bytes = std::fs::read(path)?;
        result.bytes += bytes.len() as u64;
        let start = Instant::now();
        let parsed = std::panic::catch_unwind(|| {
            corpus::ingest("bench", &bytes, MediaType::Pdf, usize::MAX).map_err(|e| e.to_string())
        })
        .unwrap_or_else(|_| Err("panicked".into()));
        ours += start.elapsed();
        if let Err(e) = parsed {
            result.failures += 1;
            if result.failures == files.len() {
                result.not_measured = Some(format!("corpus::ingest refuses every PDF: {e}"));
            }
        }
    }
    if result.not_measured.is_none() {
        result.paragraphd_pages_s = pages as f64 / ours.as_secs_f64();
        result.ratio = result.paragraphd_pages_s / result.pdftotext_pages_s;
    }
    Ok(result)
}

/// Runs `pdftotext` on each file; returns the pages it wrote and the total time.
fn time_pdftotext(files: &[PathBuf], scratch: &Path) -> Result<(u64, Duration), BenchError> {
    let out = scratch.join("pdftotext-out.txt");
    let mut pages = 0;
    let mut total = Duration::ZERO;
    for path in files {
        let start = Instant::now();
        let status = Command::new("pdftotext").arg(path).arg(&out).status();
        total += start.elapsed();
        match status {
            Ok(s) if s.success() => pages += count_pages(&std::fs::read(&out)?),
            Ok(s) => {
                return Err(BenchError::Other(format!(
                    "pdftotext {}: {s}",
                    path.display()
                )));
            }
            Err(e) => {
                return Err(BenchError::Other(format!(
                    "pdftotext not found ({e}): apt-get install -y poppler-utils"
                )));
            }
        }
    }
    Ok((pages, total))
}

/// Pages of pdftotext output: one form feed ends each page.
pub(crate) fn count_pages(text: &[u8]) -> u64 {
    text.iter().filter(|&&b| b == 0x0c).count() as u64
}

fn pdftotext_version() -> String {
    Command::new("pdftotext")
        .arg("-v")
        .output()
        .ok()
        .and_then(|o| {
            let text = String::from_utf8_lossy(&o.stderr).into_owned();
            text.lines().next().map(str::to_owned)
        })
        .unwrap_or_default()
}

/// Latency of `IngestDocument` for one PDF of about 30 pages, over gRPC on loopback.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct IngestLatency {
    /// Set when the server refused the PDF, with its answer.
    pub(crate) not_measured: Option<String>,
    /// The file, relative to the corpus.
    pub(crate) file: String,
    /// Its pages.
    pub(crate) pages: u64,
    /// Its size, bytes.
    pub(crate) bytes: u64,
    /// Ingests timed (each under a new id, so each parses, writes and publishes).
    pub(crate) reps: usize,
    /// Median latency, ms.
    pub(crate) median_ms: f64,
    /// Fastest, ms.
    pub(crate) min_ms: f64,
    /// Slowest, ms.
    pub(crate) max_ms: f64,
}

/// Ingests the PDF of `corpus` closest to 30 pages five times into a fresh writable corpus, on
/// a `server_bin` server working in `work_dir`.
pub(crate) async fn ingest_latency(
    corpus: &Path,
    server_bin: &Path,
    work_dir: &Path,
) -> Result<IngestLatency, BenchError> {
    let (path, pages) = pdf_near_pages(corpus, 30)
        .ok_or_else(|| BenchError::Other("no PDF with a .txt beside it in the corpus".into()))?;
    let content = std::fs::read(&path)?;
    let mut result = IngestLatency {
        file: path
            .strip_prefix(corpus)
            .unwrap_or(&path)
            .display()
            .to_string(),
        pages,
        bytes: content.len() as u64,
        ..IngestLatency::default()
    };
    let dir = work_dir.join("pdf-corpus");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let mut cmd = command(server_bin, Placement::Unpinned);
    cmd.args([
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--no-sample",
        "--corpus",
    ])
    .arg(&dir);
    let server = ServerProcess::spawn(cmd, &work_dir.join("pdf-ingest.log"))?;
    server.wait_serving(Duration::from_secs(60)).await?;
    let channel = connect(&server.addr)
        .await
        .map_err(|e| BenchError::Connect {
            addr: server.addr.clone(),
            reason: e.to_string(),
        })?;
    let mut client = RpcClient::new(channel, Target::Paragraphd);
    let mut times = Vec::new();
    for rep in 0..5 {
        let request = IngestDocumentRequest {
            content: content.clone(),
            media_type: "application/pdf".into(),
            id: format!("bench-pdf-{rep}"),
            ..IngestDocumentRequest::default()
        };
        let start = Instant::now();
        if let Err(status) = client.ingest(request).await {
            result.not_measured = Some(format!("{:?}: {}", status.code(), status.message()));
            return Ok(result);
        }
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    result.reps = times.len();
    result.min_ms = times.iter().copied().fold(f64::INFINITY, f64::min);
    result.max_ms = times.iter().copied().fold(0.0, f64::max);
    result.median_ms = median(times);
    Ok(result)
}

/// The PDF under `dir` whose pdftotext `.txt` beside it has the page count closest to `pages`.
fn pdf_near_pages(dir: &Path, pages: u64) -> Option<(PathBuf, u64)> {
    files_with_extension(dir, "pdf")
        .into_iter()
        .filter_map(|pdf| {
            let text = std::fs::read(pdf.with_extension("txt")).ok()?;
            Some((pdf, count_pages(&text)))
        })
        .min_by_key(|(_, n)| n.abs_diff(pages))
}
