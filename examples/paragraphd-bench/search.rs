//! Search (issue 23), in process, on one thread but the index writer's: the corpus's text files
//! analysed once (structure analysis MB/s), replicated `replicas` times under new ids and
//! indexed by one store write (index build MB/s of the same input bytes, and the index's bytes
//! per MB of paragraph text); then the same two-word queries answered by the index
//! (`Snapshot::search`, 20 hits, each resolved and highlighted) and by a linear scan of every
//! paragraph for both words (case-insensitive substring), and one paragraph selected by number
//! (`query::evaluate`), each side's calls per second and p50/p99.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use paragraphd::corpus::{self, MediaType};
use paragraphd::model::Document;
use paragraphd::query::{self, Selection, Selector};
use paragraphd::search::SearchQuery;
use paragraphd::store::{SearchRequest, Snapshot, Store};

use super::BenchError;

/// Hits a search returns.
const HITS: usize = 20;

/// The figures of one run.
#[derive(Debug, serde::Serialize)]
pub(crate) struct SearchReport {
    /// Text files analysed (once) and replicated.
    pub(crate) files: usize,
    /// Their bytes.
    pub(crate) input_bytes: u64,
    /// Copies indexed.
    pub(crate) replicas: usize,
    /// Paragraphs indexed (all copies).
    pub(crate) paragraphs: u64,
    /// Structure analysis, MB of input per second (one thread).
    pub(crate) analysis_mb_s: f64,
    /// Index build, MB of the same input per second (the writer's threads).
    pub(crate) index_mb_s: f64,
    /// Index build ÷ analysis.
    pub(crate) index_to_analysis: f64,
    /// Index bytes (tantivy's space usage) per MB of paragraph text.
    pub(crate) index_bytes_per_text_mb: f64,
    /// Two-word queries, through the index.
    pub(crate) search: Side,
    /// The same queries, by a linear scan of every paragraph.
    pub(crate) scan: Side,
    /// One paragraph by number.
    pub(crate) by_number: Side,
    /// Scan p99 ÷ search p99.
    pub(crate) scan_to_search_p99: f64,
    /// Search calls/s ÷ by-number calls/s.
    pub(crate) search_to_by_number_calls: f64,
}

/// One side's calls.
#[derive(Debug, serde::Serialize)]
pub(crate) struct Side {
    /// Calls made.
    pub(crate) calls: usize,
    /// Calls per second (one thread).
    pub(crate) calls_per_s: f64,
    /// Median latency, microseconds.
    pub(crate) p50_us: f64,
    /// 99th percentile latency, microseconds.
    pub(crate) p99_us: f64,
}

/// Runs the whole measurement over `corpus` replicated `replicas` times, `queries` queries.
pub(crate) fn measure(
    corpus: &Path,
    replicas: usize,
    queries: usize,
) -> Result<SearchReport, BenchError> {
    let files = text_files(corpus)?;
    let inputs: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|p| Ok((p.display().to_string(), std::fs::read(p)?)))
        .collect::<Result<_, std::io::Error>>()?;
    let input_bytes: u64 = inputs.iter().map(|(_, b)| b.len() as u64).sum();
    let started = Instant::now();
    let docs: Vec<Document> = inputs
        .iter()
        .filter_map(|(id, bytes)| corpus::ingest(id, bytes, MediaType::Text, 1 << 26).ok())
        .collect();
    let analysis = started.elapsed();
    let copies = replicate(&docs, replicas);
    let store = Store::new();
    let started = Instant::now();
    store.upsert(copies);
    let indexing = started.elapsed();
    let snapshot = store.snapshot();
    let words = two_word_queries(&snapshot, queries);
    let search = time(&words, |q| search_once(&snapshot, q));
    let scan = time(&words, |q| scan_once(&snapshot, q));
    let numbers = numbered(&snapshot, queries);
    let by_number = time(&numbers, |(doc, n)| by_number_once(doc, n));
    let text_bytes: u64 = (snapshot.documents().iter())
        .flat_map(|d| d.paragraphs.iter().map(|p| p.text.len() as u64))
        .sum();
    let mb = |bytes: u64, t: Duration| bytes as f64 / 1e6 / t.as_secs_f64();
    let replicated = input_bytes * replicas as u64;
    Ok(SearchReport {
        files: docs.len(),
        input_bytes,
        replicas,
        paragraphs: snapshot.search_index().paragraphs(),
        analysis_mb_s: mb(input_bytes, analysis),
        index_mb_s: mb(replicated, indexing),
        index_to_analysis: mb(replicated, indexing) / mb(input_bytes, analysis),
        index_bytes_per_text_mb: snapshot.search_index().bytes() as f64 / (text_bytes as f64 / 1e6),
        scan_to_search_p99: scan.p99_us / search.p99_us,
        search_to_by_number_calls: search.calls_per_s / by_number.calls_per_s,
        search,
        scan,
        by_number,
    })
}

fn text_files(corpus: &Path) -> Result<Vec<PathBuf>, BenchError> {
    let mut files = Vec::new();
    for sub in ["upr", "un2025", "multilingual/pdfs"] {
        for entry in std::fs::read_dir(corpus.join(sub))? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "txt") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// `replicas` copies of every document, each under an id of its own.
fn replicate(docs: &[Document], replicas: usize) -> Vec<Document> {
    (0..replicas)
        .flat_map(|r| {
            docs.iter().map(move |d| Document {
                id: format!("{}#{r}", d.id),
                ..d.clone()
            })
        })
        .collect()
}

/// `n` queries of two adjacent words (letters only, 4 or more) of paragraphs spread over the
/// corpus.
fn two_word_queries(snapshot: &Snapshot, n: usize) -> Vec<String> {
    let texts: Vec<&str> = (snapshot.documents().iter())
        .flat_map(|d| d.paragraphs.iter().map(|p| p.text.as_str()))
        .collect();
    let step = (texts.len() / n.max(1)).max(1);
    texts
        .iter()
        .step_by(step)
        .filter_map(|t| {
            let words: Vec<&str> = t.split_whitespace().collect();
            words
                .windows(2)
                .find(|w| {
                    w.iter()
                        .all(|x| x.len() >= 4 && x.chars().all(char::is_alphabetic))
                })
                .map(|w| format!("{} {}", w[0], w[1]))
        })
        .take(n)
        .collect()
}

fn search_once(snapshot: &Snapshot, query: &str) -> usize {
    let request = SearchRequest {
        query: SearchQuery {
            text: query.to_owned(),
            limit: HITS,
            ..SearchQuery::default()
        },
        ..SearchRequest::default()
    };
    let Ok(found) = snapshot.search(request) else {
        return 0;
    };
    let mut spans = 0;
    for hit in &found.hits {
        if let Some(doc) = snapshot.get(&hit.document_id) {
            let paragraph = &doc.paragraphs[hit.ordinal as usize - 1];
            spans += found.highlights(doc, paragraph).len();
        }
    }
    spans
}

/// Every paragraph holding both words (lower-cased substrings), the first `HITS` kept.
fn scan_once(snapshot: &Snapshot, query: &str) -> usize {
    let words: Vec<String> = query.split(' ').map(str::to_lowercase).collect();
    let mut kept = 0;
    for doc in snapshot.documents() {
        for p in &doc.paragraphs {
            let text = p.text.to_lowercase();
            if words.iter().all(|w| text.contains(w.as_str())) && kept < HITS {
                kept += 1;
            }
        }
    }
    kept
}

fn numbered(snapshot: &Snapshot, n: usize) -> Vec<(Arc<Document>, String)> {
    let docs = snapshot.documents();
    (0..n)
        .filter_map(|i| {
            let doc = &docs[(i * 7919) % docs.len().max(1)];
            let numbered: Vec<&String> = doc
                .paragraphs
                .iter()
                .filter_map(|p| p.number.as_ref())
                .collect();
            let number = numbered.get(i % numbered.len().max(1))?;
            Some((doc.clone(), (*number).clone()))
        })
        .collect()
}

fn by_number_once(doc: &Arc<Document>, number: &str) -> usize {
    let selection = Selection {
        selectors: vec![Selector::Number(number.to_owned())],
        ..Selection::default()
    };
    query::evaluate(doc, &selection).map_or(0, |hits| hits.len())
}

/// Each item's call timed; calls/s over the whole loop.
fn time<T>(items: &[T], mut call: impl FnMut(&T) -> usize) -> Side {
    let mut latencies = Vec::with_capacity(items.len());
    let started = Instant::now();
    let mut sink = 0;
    for item in items {
        let t = Instant::now();
        sink += call(item);
        latencies.push(t.elapsed());
    }
    let total = started.elapsed();
    std::hint::black_box(sink);
    latencies.sort();
    let at = |q: f64| {
        let idx = ((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1));
        latencies.get(idx).map_or(0.0, |d| d.as_secs_f64() * 1e6)
    };
    Side {
        calls: items.len(),
        calls_per_s: items.len() as f64 / total.as_secs_f64(),
        p50_us: at(0.5),
        p99_us: at(0.99),
    }
}
