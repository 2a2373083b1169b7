//! Startup load: time from process start to SERVING with a corpus directory, resident memory
//! once loaded, and memory per MB of source text.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::BenchError;
use super::procs::{Memory, Placement, ServerProcess, command};
use crate::pb::{ListDocumentsRequest, documents_client::DocumentsClient};

/// One corpus loaded at startup (medians over the repetitions).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct StartupResult {
    /// What was loaded, e.g. `shared corpus (PDF + text)`.
    pub(crate) label: String,
    /// Files in the directory (`.txt` and `.pdf`).
    pub(crate) files: usize,
    /// Their total size, bytes.
    pub(crate) file_bytes: u64,
    /// Documents held once loaded.
    pub(crate) documents: usize,
    /// Source text of those documents (their `.txt`, pdftotext's output for a PDF), bytes.
    pub(crate) text_bytes: u64,
    /// Process start to health SERVING, seconds (median).
    pub(crate) load_s: f64,
    /// Resident memory once SERVING (median).
    pub(crate) memory: Memory,
    /// Resident memory of the same server with no documents.
    pub(crate) empty: Memory,
    /// `(rss − empty rss) / text_bytes`: memory held per byte of source text.
    pub(crate) rss_per_text_byte: f64,
    /// Repetitions.
    pub(crate) reps: usize,
}

/// Starts `server_bin` over `dir` `reps` times (read-only, no sample, unpinned, as deployed);
/// `text_dir` holds each document's `.txt` (the source text memory is divided by); `log_dir`
/// receives the servers' logs.
pub(crate) async fn measure(
    server_bin: &Path,
    dir: &Path,
    text_dir: &Path,
    label: &str,
    reps: usize,
    log_dir: &Path,
) -> Result<StartupResult, BenchError> {
    let empty_dir = log_dir.join("empty-corpus");
    std::fs::create_dir_all(&empty_dir)?;
    let (_, empty, _) =
        start_once(server_bin, &empty_dir, &log_dir.join("startup-empty.log")).await?;
    let mut runs = Vec::new();
    for rep in 0..reps.max(1) {
        let log = log_dir.join(format!("startup-{rep}.log"));
        runs.push(start_once(server_bin, dir, &log).await?);
    }
    let ids = runs
        .last()
        .map(|(_, _, ids)| ids.clone())
        .unwrap_or_default();
    let files = corpus_files(dir);
    let text_bytes = text_bytes_of(text_dir, &ids);
    let load_s = median(runs.iter().map(|(t, _, _)| t.as_secs_f64()).collect());
    let memory = Memory {
        rss_bytes: median(runs.iter().map(|r| r.1.rss_bytes as f64).collect()) as u64,
        hwm_bytes: median(runs.iter().map(|r| r.1.hwm_bytes as f64).collect()) as u64,
    };
    Ok(StartupResult {
        label: label.to_owned(),
        files: files.len(),
        file_bytes: files
            .iter()
            .filter_map(|f| f.metadata().ok())
            .map(|m| m.len())
            .sum(),
        documents: ids.len(),
        text_bytes,
        load_s,
        memory,
        empty,
        rss_per_text_byte: memory.rss_bytes.saturating_sub(empty.rss_bytes) as f64
            / text_bytes.max(1) as f64,
        reps: runs.len(),
    })
}

/// One start: time to SERVING, memory then, and the ids held.
async fn start_once(
    server_bin: &Path,
    dir: &Path,
    log: &Path,
) -> Result<(Duration, Memory, Vec<String>), BenchError> {
    let mut cmd = command(server_bin, Placement::Unpinned);
    cmd.args([
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--no-sample",
        "--read-only",
        "--corpus",
    ])
    .arg(dir);
    let server = ServerProcess::spawn(cmd, log)?;
    let load = server.wait_serving(Duration::from_secs(600)).await?;
    // Let the allocator and the loader threads settle before reading memory.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let memory = server.memory().unwrap_or_default();
    let ids = document_ids(&server.addr).await?;
    Ok((load, memory, ids))
}

async fn document_ids(addr: &str) -> Result<Vec<String>, BenchError> {
    let channel = super::client::connect(addr)
        .await
        .map_err(|e| BenchError::Connect {
            addr: addr.to_owned(),
            reason: e.to_string(),
        })?;
    let mut client = DocumentsClient::new(channel);
    let mut stream = client
        .list_documents(ListDocumentsRequest::default())
        .await
        .map_err(|s| BenchError::Other(format!("ListDocuments: {s}")))?
        .into_inner();
    let mut ids = Vec::new();
    while let Some(summary) = stream
        .message()
        .await
        .map_err(|s| BenchError::Other(format!("ListDocuments: {s}")))?
    {
        ids.push(summary.id);
    }
    Ok(ids)
}

/// Source text of the documents `ids` (corpus-relative paths without extension): the size of
/// each one's `.txt` (for a PDF, the pdftotext output beside it).
fn text_bytes_of(dir: &Path, ids: &[String]) -> u64 {
    ids.iter()
        .filter_map(|id| dir.join(format!("{id}.txt")).metadata().ok())
        .map(|m| m.len())
        .sum()
}

fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = super::parsing::files_with_extension(dir, "txt");
    files.extend(super::parsing::files_with_extension(dir, "pdf"));
    files
}

/// A directory holding symbolic links to every file with extension `extension` under `source`
/// (same relative paths), so a server can load the text alone or the PDFs alone.
pub(crate) fn mirror(source: &Path, target: &Path, extension: &str) -> Result<(), BenchError> {
    if target.exists() {
        std::fs::remove_dir_all(target)?;
    }
    for file in super::parsing::files_with_extension(source, extension) {
        let relative = file.strip_prefix(source).unwrap_or(&file);
        let link = target.join(relative);
        if let Some(parent) = link.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::os::unix::fs::symlink(file.canonicalize()?, &link)?;
    }
    Ok(())
}

/// The median of `values` (NaN when empty).
pub(crate) fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}
