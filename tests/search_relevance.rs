//! The relevance bar on the shared corpus (`../shared/corpus`; fails when it is missing): for
//! each numbered paragraph of every text file, a phrase query of 8 consecutive words from its
//! middle returns that paragraph first in at least 99 % of cases, boilerplate aside: a phrase
//! several paragraphs hold (`the following group of rapporteurs (troika) to facilitate` is in
//! every UPR report) cannot name one of them, so there it counts as found when the paragraph is
//! among the phrase's hits, and first-or-identical-text is reported beside it. The misses are
//! printed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use paragraphd::corpus::{self, MediaType};
use paragraphd::model::{Document, ParagraphKind};
use paragraphd::search::SearchQuery;
use paragraphd::store::{SearchRequest, Snapshot, Store};

/// The share of paragraphs a phrase of theirs must find first.
const BAR: f64 = 0.99;
/// Words of each phrase.
const PHRASE_WORDS: usize = 8;
/// Longest the whole check may take (loading, indexing and every query).
const TIME_LIMIT: Duration = Duration::from_secs(900);

#[test]
fn a_phrase_from_each_paragraph_finds_it_first() {
    let started = Instant::now();
    let store = Store::new();
    store.upsert(load(&corpus_files()));
    let loaded = started.elapsed();
    let snapshot = store.snapshot();
    let mut tally = Tally::default();
    for doc in snapshot.documents() {
        for paragraph in doc.paragraphs.iter() {
            if paragraph.kind != ParagraphKind::Numbered {
                continue;
            }
            let Some(phrase) = middle_phrase(&paragraph.text) else {
                continue;
            };
            let outcome = rank_of(&snapshot, doc, paragraph.ordinal, &phrase);
            tally.add(doc, paragraph.ordinal, &phrase, outcome);
        }
    }
    println!("{}", tally.report(loaded, started.elapsed()));
    assert!(started.elapsed() < TIME_LIMIT, "over {TIME_LIMIT:?}");
    assert!(
        tally.queries > 1000,
        "too few paragraphs: {}",
        tally.queries
    );
    assert!(
        tally.share() >= BAR,
        "relevance {:.4} < {BAR}",
        tally.share()
    );
    let (fr_found, fr_all) = tally.french;
    assert!(fr_all > 20, "French paragraphs: {fr_all}");
    assert!(
        fr_found as f64 >= BAR * fr_all as f64,
        "French: {fr_found}/{fr_all}"
    );
}

/// The corpus's text files: the UPR reports, the 2025 reports and the multilingual pair.
fn corpus_files() -> Vec<PathBuf> {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    assert!(root.is_dir(), "corpus missing at {}", root.display());
    let mut files = Vec::new();
    for sub in ["upr", "un2025", "multilingual/pdfs"] {
        let entries = std::fs::read_dir(root.join(sub)).expect("corpus folder");
        files.extend(
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt")),
        );
    }
    files.sort();
    files
}

/// Each file parsed (on every core), with its path as id.
fn load(files: &[PathBuf]) -> Vec<Document> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunks: Vec<&[PathBuf]> = files.chunks(files.len().div_ceil(threads).max(1)).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || chunk.iter().filter_map(|p| parse(p)).collect()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|_| Vec::<Document>::new()))
            .collect()
    })
}

fn parse(path: &Path) -> Option<Document> {
    let bytes = std::fs::read(path).ok()?;
    let id = path.to_string_lossy().rsplit("corpus/").next()?.to_owned();
    corpus::ingest(
        &id,
        &bytes,
        MediaType::Text,
        corpus::DEFAULT_MAX_INPUT_BYTES,
    )
    .ok()
}

/// 8 consecutive words from the middle of `text`, each cut to its letters and digits, as a
/// quoted phrase; `None` for a text of fewer words.
fn middle_phrase(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.chars()
                .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                .collect()
        })
        .filter(|w: &String| !w.trim().is_empty())
        .collect();
    if words.len() < PHRASE_WORDS {
        return None;
    }
    let start = (words.len() - PHRASE_WORDS) / 2;
    Some(format!(
        "\"{}\"",
        words[start..start + PHRASE_WORDS].join(" ")
    ))
}

/// How a phrase query found a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// First, or tied at the top score behind paragraphs of identical text.
    First,
    /// Among the several paragraphs holding the phrase, not first.
    AmongShared,
    /// Not among the hits.
    Missed,
}

/// Where the phrase's hits put `ordinal` of `doc`.
fn rank_of(snapshot: &Snapshot, doc: &Document, ordinal: u32, phrase: &str) -> Outcome {
    if first_is(snapshot, doc, ordinal, phrase) {
        return Outcome::First;
    }
    let request = SearchRequest {
        query: SearchQuery {
            text: phrase.to_owned(),
            limit: 1000,
            ..SearchQuery::default()
        },
        ..SearchRequest::default()
    };
    let among = snapshot.search(request).is_ok_and(|found| {
        found.hits.len() > 1
            && (found.hits.iter()).any(|h| h.document_id == doc.id && h.ordinal == ordinal)
    });
    if among {
        Outcome::AmongShared
    } else {
        Outcome::Missed
    }
}

/// Whether the phrase's first hit is `ordinal` of `doc`, or a paragraph of the same text tied
/// with it at the top score.
fn first_is(snapshot: &Snapshot, doc: &Document, ordinal: u32, phrase: &str) -> bool {
    let query = SearchQuery {
        text: phrase.to_owned(),
        limit: 50,
        ..SearchQuery::default()
    };
    let request = SearchRequest {
        query,
        ..SearchRequest::default()
    };
    let Ok(found) = snapshot.search(request) else {
        return false;
    };
    let Some(top) = found.hits.first() else {
        return false;
    };
    let text = &doc.paragraphs[ordinal as usize - 1].text;
    let same_text = |id: &str, o: u32| {
        snapshot
            .get(id)
            .and_then(|d| d.paragraphs.get(o as usize - 1))
            .is_some_and(|p| p.text == *text)
    };
    found
        .hits
        .iter()
        .take_while(|h| h.score == top.score && same_text(&h.document_id, h.ordinal))
        .any(|h| h.document_id == doc.id && h.ordinal == ordinal)
}

#[derive(Default)]
struct Tally {
    queries: usize,
    found: usize,
    /// Found first (or tied with identical texts).
    first: usize,
    misses: Vec<String>,
    /// Found and asked among the French document's paragraphs.
    french: (usize, usize),
}

impl Tally {
    fn add(&mut self, doc: &Document, ordinal: u32, phrase: &str, outcome: Outcome) {
        let found = outcome != Outcome::Missed;
        self.queries += 1;
        self.found += usize::from(found);
        self.first += usize::from(outcome == Outcome::First);
        if doc.meta.language == "fr" {
            self.french.0 += usize::from(found);
            self.french.1 += 1;
        }
        if !found {
            self.misses.push(format!("{} #{ordinal}: {phrase}", doc.id));
        }
    }

    fn share(&self) -> f64 {
        self.found as f64 / self.queries.max(1) as f64
    }

    fn report(&self, loaded: Duration, total: Duration) -> String {
        let mut out = format!(
            "search relevance: {}/{} = {:.4} found (first, or among the paragraphs sharing the \
             phrase); {}/{} = {:.4} first or tied with identical text (French {}/{} found); \
             load+index {:.1}s, total {:.1}s\nmisses ({}):\n",
            self.found,
            self.queries,
            self.share(),
            self.first,
            self.queries,
            self.first as f64 / self.queries.max(1) as f64,
            self.french.0,
            self.french.1,
            loaded.as_secs_f64(),
            total.as_secs_f64(),
            self.misses.len()
        );
        for miss in &self.misses {
            out.push_str("  ");
            out.push_str(miss);
            out.push('\n');
        }
        out
    }
}
