//! Startup load: the embedded sample and every file of the corpus directory, parsed in
//! parallel on all cores, with progress logged; a bad file is logged and skipped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::durable::{Sidecar, is_hidden};
use super::{DEFAULT_MAX_INPUT_BYTES, MediaType, SAMPLE_ID, SAMPLE_TEXT, ingest_cited};
use crate::error::Error;
use crate::extract::ExtractError;
use crate::model::Document;

/// Which documents the server loads at startup.
#[derive(Debug, Clone)]
pub struct CorpusSource {
    /// Load the embedded sample report.
    pub include_sample: bool,
    /// The corpus directory: loaded at startup, watched, and written by ingest.
    pub dir: Option<PathBuf>,
    /// Never write to the corpus directory (write RPCs fail with FAILED_PRECONDITION).
    pub read_only: bool,
}

impl Default for CorpusSource {
    fn default() -> Self {
        Self {
            include_sample: true,
            dir: None,
            read_only: false,
        }
    }
}

/// What a directory load did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadSummary {
    /// Files found.
    pub files: usize,
    /// Documents loaded.
    pub loaded: usize,
    /// Files skipped, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
    /// Files not read because another file has the same id (see [`held_files`]).
    pub shadowed: usize,
    /// Bytes read.
    pub bytes: u64,
}

impl CorpusSource {
    /// Loads every document; a file that cannot be read is logged and skipped.
    pub fn load(&self) -> Vec<Document> {
        let mut docs = Vec::new();
        if self.include_sample {
            let sample = ingest_cited(
                SAMPLE_ID,
                SAMPLE_TEXT.as_bytes(),
                MediaType::Text,
                DEFAULT_MAX_INPUT_BYTES,
            );
            match sample {
                Ok(doc) => docs.push(doc),
                Err(e) => tracing::error!(error = %e, "embedded sample failed to parse"),
            }
        }
        if let Some(dir) = &self.dir {
            let (loaded, _) = load_dir(dir);
            docs.extend(loaded);
        }
        docs
    }
}

/// Parses every document file under `dir` that [`held_files`] keeps (nested folders, hidden
/// names skipped, one file per id) on all cores; documents come back in path order.
pub fn load_dir(dir: &Path) -> (Vec<Document>, LoadSummary) {
    let all = list_files(dir);
    let files = held_files(dir, all.clone());
    let shadowed = all.len() - files.len();
    let progress = Progress::new(files.len());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Result<Document, String>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let idx = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(idx) else { break };
                    let (result, size) = load_file(dir, path);
                    progress.tick(size);
                    results
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push((idx, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    results.sort_by_key(|(idx, _)| *idx);
    let summary = LoadSummary {
        files: all.len(),
        bytes: progress.bytes(),
        shadowed,
        ..LoadSummary::default()
    };
    summarise(dir, &files, results, summary)
}

fn summarise(
    dir: &Path,
    files: &[PathBuf],
    results: Vec<(usize, Result<Document, String>)>,
    mut summary: LoadSummary,
) -> (Vec<Document>, LoadSummary) {
    let mut docs = Vec::with_capacity(results.len());
    for (idx, result) in results {
        match result {
            Ok(doc) => docs.push(doc),
            Err(reason) => {
                tracing::warn!(file = %files[idx].display(), %reason, "skipping file");
                summary.skipped.push((files[idx].clone(), reason));
            }
        }
    }
    summary.loaded = docs.len();
    tracing::info!(
        dir = %dir.display(),
        files = summary.files,
        loaded = summary.loaded,
        skipped = summary.skipped.len(),
        shadowed = summary.shadowed,
        mb = summary.bytes as f64 / 1e6,
        "corpus directory loaded"
    );
    (docs, summary)
}

/// Every readable document file under `dir`, sorted, hidden names (temporary files, a
/// ConfigMap's `..data`) skipped. Symbolic links are followed.
pub(crate) fn list_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    collect(dir, &mut out, 0);
    out.sort();
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        tracing::warn!(dir = %dir.display(), "cannot read corpus directory");
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if is_hidden(&path) {
            continue;
        }
        if path.is_dir() && depth < 16 {
            collect(&path, out, depth + 1);
        } else if path.is_file() && MediaType::from_path(&path).is_some() {
            out.push(path);
        }
    }
}

/// The files of `files` (under `root`) that are held: one per id. Where several files have
/// the same id (`X.pdf` and the `X.txt` beside it, as in a corpus of PDFs with their
/// pdftotext output), the text file is held and the others are never read, so a load and every
/// later rescan agree on which one is held; among files of the same media type the last in
/// path order wins. Path order is kept.
pub(crate) fn held_files(root: &Path, files: Vec<PathBuf>) -> Vec<PathBuf> {
    let rank = |path: &Path| match MediaType::from_path(path) {
        Some(MediaType::Text) => 1,
        _ => 0,
    };
    let mut chosen: HashMap<String, usize> = HashMap::with_capacity(files.len());
    for (idx, path) in files.iter().enumerate() {
        let id = file_id(root, path);
        match chosen.get(&id) {
            Some(&held) if rank(&files[held]) > rank(path) => {
                tracing::debug!(file = %path.display(), held = %files[held].display(), "same id as another file: not loaded");
            }
            Some(&held) => {
                tracing::debug!(file = %files[held].display(), held = %path.display(), "same id as another file: not loaded");
                chosen.insert(id, idx);
            }
            None => {
                chosen.insert(id, idx);
            }
        }
    }
    let mut keep: Vec<usize> = chosen.into_values().collect();
    keep.sort_unstable();
    let mut files: Vec<Option<PathBuf>> = files.into_iter().map(Some).collect();
    keep.into_iter()
        .filter_map(|idx| files[idx].take())
        .collect()
}

/// The id of a corpus file: its path below the root, without extension.
pub(crate) fn file_id(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path).with_extension("");
    relative.to_string_lossy().replace('\\', "/")
}

/// Reads and parses one corpus file, applying its sidecar; returns the size read too.
pub(crate) fn load_file(root: &Path, path: &Path) -> (Result<Document, String>, u64) {
    let Some(media_type) = MediaType::from_path(path) else {
        return (Err("not a .txt or .pdf file".into()), 0);
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return (Err(format!("cannot read: {e}")), 0),
    };
    let size = bytes.len() as u64;
    let id = file_id(root, path);
    let result = ingest_retrying(&id, &bytes, media_type).map(|mut doc| {
        doc.source.in_corpus_dir = true;
        doc.source.source_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(sidecar) = Sidecar::read(path) {
            sidecar.apply(&mut doc);
        }
        doc
    });
    (result.map_err(|e: Error| e.to_string()), size)
}

/// [`ingest_cited`] from the corpus directory, tried a second time when the machine was too busy to
/// give the first try its CPU budget ([`ExtractError::Starved`]): nobody is there to retry a
/// file the load skips.
fn ingest_retrying(id: &str, bytes: &[u8], media_type: MediaType) -> Result<Document, Error> {
    match ingest_cited(id, bytes, media_type, DEFAULT_MAX_INPUT_BYTES) {
        Err(Error::Unreadable(ExtractError::Starved { .. })) => {
            tracing::info!(
                id,
                "the machine was too busy to read it in time; trying again"
            );
            ingest_cited(id, bytes, media_type, DEFAULT_MAX_INPUT_BYTES)
        }
        result => result,
    }
}

/// Progress of a load, logged every 10% or every 2 seconds.
struct Progress {
    total: usize,
    done: AtomicUsize,
    bytes: AtomicU64,
    start: Instant,
    last_log: Mutex<Instant>,
}

impl Progress {
    fn new(total: usize) -> Self {
        let now = Instant::now();
        Self {
            total,
            done: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            start: now,
            last_log: Mutex::new(now),
        }
    }

    fn tick(&self, size: u64) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let bytes = self.bytes.fetch_add(size, Ordering::Relaxed) + size;
        let step = (self.total / 10).max(1);
        let mut last = self.last_log.lock().unwrap_or_else(|p| p.into_inner());
        if done.is_multiple_of(step)
            || done == self.total
            || last.elapsed() > Duration::from_secs(2)
        {
            *last = Instant::now();
            let secs = self.start.elapsed().as_secs_f64().max(1e-9);
            tracing::info!(
                done,
                total = self.total,
                mb_per_s = bytes as f64 / 1e6 / secs,
                "loading corpus"
            );
        }
    }

    fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_per_id_the_text_over_the_pdf_in_path_order() {
        let root = Path::new("/corpus");
        let files: Vec<PathBuf> = [
            "a.pdf",
            "a.txt",
            "b.pdf",
            "c.txt",
            "d.text",
            "d.txt",
            "sub/a.pdf",
        ]
        .iter()
        .map(|f| root.join(f))
        .collect();
        let held = held_files(root, files);
        let names: Vec<_> = held
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_str().unwrap())
            .collect();
        // `d.text` and `d.txt` are both text: the last in path order wins.
        assert_eq!(names, ["a.txt", "b.pdf", "c.txt", "d.txt", "sub/a.pdf"]);
    }

    #[test]
    fn the_text_wins_whichever_comes_first() {
        let root = Path::new("/r");
        let files = vec![root.join("x.text"), root.join("x.pdf")];
        assert_eq!(held_files(root, files), [root.join("x.text")]);
    }
}
