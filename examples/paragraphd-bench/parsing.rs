//! Parsing throughput: structure analysis (`parse::analyze`) over the corpus `.txt` files, and
//! the same bytes through a plain line count, on one thread.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::BenchError;
use paragraphd::extract::{self, Extracted};
use paragraphd::parse;

/// Parsing throughput over a set of text files.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ParseResult {
    /// Files measured.
    pub(crate) files: usize,
    /// Their total size, bytes.
    pub(crate) bytes: u64,
    /// Passes over all files, per measurement.
    pub(crate) passes: u32,
    /// `parse::analyze` on already extracted lines, MB/s of source text (1 MB = 10^6 bytes).
    pub(crate) analyze_mb_s: f64,
    /// Text extraction plus analysis (`corpus::ingest`'s work for text), MB/s.
    pub(crate) extract_analyze_mb_s: f64,
    /// A plain line count (UTF-8 check, then `str::lines().count()`), MB/s.
    pub(crate) line_count_mb_s: f64,
    /// `analyze_mb_s / line_count_mb_s`.
    pub(crate) analyze_to_line_count: f64,
}

/// Measures every `.txt` file under `dir`, each measurement repeated for at least `min_time`.
pub(crate) fn measure(dir: &Path, min_time: Duration) -> Result<ParseResult, BenchError> {
    let files = text_files(dir);
    let texts: Vec<Vec<u8>> = files.iter().map(std::fs::read).collect::<Result<_, _>>()?;
    if texts.is_empty() {
        return Err(BenchError::Other(format!(
            "no .txt files under {}",
            dir.display()
        )));
    }
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let extracted: Vec<Extracted> = texts
        .iter()
        .map(|t| extract::text::extract(t, usize::MAX))
        .collect::<Result<_, _>>()
        .map_err(|e| BenchError::Other(format!("extracting: {e}")))?;
    let (passes, analyze) = repeat(min_time, || {
        extracted
            .iter()
            .map(|e| parse::analyze(e).paragraphs.len())
            .sum()
    });
    let (_, extract_analyze) = repeat(min_time, || {
        texts
            .iter()
            .filter_map(|t| extract::text::extract(t, usize::MAX).ok())
            .map(|e| parse::analyze(&e).paragraphs.len())
            .sum()
    });
    let (_, line_count) = repeat(min_time, || {
        texts
            .iter()
            .map(|t| std::str::from_utf8(t).map_or(0, |s| s.lines().count()))
            .sum()
    });
    let mb_s = |per_pass: Duration| bytes as f64 / 1e6 / per_pass.as_secs_f64();
    Ok(ParseResult {
        files: files.len(),
        bytes,
        passes,
        analyze_mb_s: mb_s(analyze),
        extract_analyze_mb_s: mb_s(extract_analyze),
        line_count_mb_s: mb_s(line_count),
        analyze_to_line_count: mb_s(analyze) / mb_s(line_count),
    })
}

/// Runs `pass` until `min_time` has passed (at least twice: the first pass is a warm-up);
/// returns the passes timed and the mean time of one.
fn repeat(min_time: Duration, mut pass: impl FnMut() -> usize) -> (u32, Duration) {
    std::hint::black_box(pass());
    let start = Instant::now();
    let mut passes = 0u32;
    while passes == 0 || start.elapsed() < min_time {
        std::hint::black_box(pass());
        passes += 1;
    }
    (passes, start.elapsed() / passes)
}

/// Every `.txt` file under `dir`, sorted.
pub(crate) fn text_files(dir: &Path) -> Vec<PathBuf> {
    files_with_extension(dir, "txt")
}

/// Every file under `dir` (nested) whose extension is `ext`, sorted.
pub(crate) fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(ext))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
