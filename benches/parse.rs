//! Structure analysis speed on the corpus text, in MB/s, against a plain line count over the
//! same bytes. `cargo bench --bench parse`; a one-core summary with the ratio is printed last.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use paragraphd::extract::{Extracted, text};
use paragraphd::parse::analyze;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

/// The `.txt` files of `upr/` and `un2025/`.
fn corpus_texts() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for sub in ["upr", "un2025"] {
        let dir = Path::new(CORPUS).join(sub);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            panic!("corpus missing at {}", dir.display());
        };
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
        paths.sort();
        out.extend(paths.iter().filter_map(|p| std::fs::read(p).ok()));
    }
    out
}

fn line_count(texts: &[Vec<u8>]) -> usize {
    texts
        .iter()
        .map(|t| t.iter().filter(|&&b| b == b'\n').count())
        .sum()
}

fn analyze_all(docs: &[Extracted]) -> usize {
    docs.iter().map(|d| analyze(d).paragraphs.len()).sum()
}

fn extract_all(texts: &[Vec<u8>]) -> Vec<Extracted> {
    texts
        .iter()
        .filter_map(|t| text::extract(t, usize::MAX).ok())
        .collect()
}

/// Mean seconds per call of `f` over at least `min` of wall time.
fn seconds_per_call(min: Duration, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut n = 0u32;
    while start.elapsed() < min || n < 3 {
        f();
        n += 1;
    }
    start.elapsed().as_secs_f64() / f64::from(n)
}

fn main() {
    let texts = corpus_texts();
    let docs = extract_all(&texts);
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let mut c = Criterion::default().configure_from_args().sample_size(10);
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("line_count", |b| b.iter(|| line_count(black_box(&texts))));
    group.bench_function("extract", |b| b.iter(|| extract_all(black_box(&texts))));
    group.bench_function("analyze", |b| b.iter(|| analyze_all(black_box(&docs))));
    group.finish();
    c.final_summary();

    let mb = bytes as f64 / 1e6;
    let t_lines = seconds_per_call(Duration::from_secs(1), || {
        black_box(line_count(black_box(&texts)));
    });
    let t_extract = seconds_per_call(Duration::from_secs(2), || {
        black_box(extract_all(black_box(&texts)));
    });
    let t_analyze = seconds_per_call(Duration::from_secs(3), || {
        black_box(analyze_all(black_box(&docs)));
    });
    println!("summary: {} files, {mb:.1} MB, one thread", texts.len());
    println!("  line count:        {:>8.1} MB/s", mb / t_lines);
    println!("  extract (text):    {:>8.1} MB/s", mb / t_extract);
    println!("  analyze:           {:>8.1} MB/s", mb / t_analyze);
    println!(
        "  extract + analyze: {:>8.1} MB/s",
        mb / (t_extract + t_analyze)
    );
    println!(
        "  analyze time / line-count time: {:.1}x",
        t_analyze / t_lines
    );
}
