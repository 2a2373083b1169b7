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

/// Seconds per call of `f`, over at least `min` of wall time: the wall-clock mean and the mean
/// CPU time of this thread. The CPU time leaves out the time the thread waited for a core, so
/// it stays a one-core figure when other work shares the machine.
fn seconds_per_call(min: Duration, mut f: impl FnMut()) -> (f64, f64) {
    let start = Instant::now();
    let cpu_start = thread_cpu_seconds();
    let mut n = 0u32;
    while start.elapsed() < min || n < 3 {
        f();
        n += 1;
    }
    let cpu = thread_cpu_seconds() - cpu_start;
    let wall = start.elapsed().as_secs_f64();
    (wall / f64::from(n), cpu / f64::from(n))
}

/// CPU time consumed by the calling thread, in seconds.
fn thread_cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant of the platform.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
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
    let lines = seconds_per_call(Duration::from_secs(1), || {
        black_box(line_count(black_box(&texts)));
    });
    let extract = seconds_per_call(Duration::from_secs(2), || {
        black_box(extract_all(black_box(&texts)));
    });
    let analyze = seconds_per_call(Duration::from_secs(3), || {
        black_box(analyze_all(black_box(&docs)));
    });
    println!("summary: {} files, {mb:.1} MB, one thread", texts.len());
    println!("                     wall clock   thread CPU time");
    let row = |name: &str, (wall, cpu): (f64, f64)| {
        println!(
            "  {name:<18} {:>7.1} MB/s {:>11.1} MB/s",
            mb / wall,
            mb / cpu
        );
    };
    row("line count:", lines);
    row("extract (text):", extract);
    row("analyze:", analyze);
    row(
        "extract + analyze:",
        (extract.0 + analyze.0, extract.1 + analyze.1),
    );
    println!(
        "  analyze time / line-count time: {:.1}x (wall), {:.1}x (CPU)",
        analyze.0 / lines.0,
        analyze.1 / lines.1
    );
}
