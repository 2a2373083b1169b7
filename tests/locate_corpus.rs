//! Round trip of `LocateParagraphs`' pure core on every PDF of the shared corpus
//! (`../shared/corpus/{upr,un2025,multilingual/pdfs}`; fails when it is missing): the centre of
//! each box of each paragraph locates back to that paragraph, answered first (bar 99.9%: the
//! answer lists every paragraph whose box holds the point, the box it lies deepest in first;
//! being in the answer at all is checked at 99.9% too), and a quote of
//! 12 words from the middle of each paragraph of at least 12 words has an occurrence in that
//! paragraph (bar 99.5%; quotes found more than once are counted and listed). Misses are
//! printed.

use std::path::{Path, PathBuf};

use paragraphd::corpus::{MediaType, ingest};
use paragraphd::model::Document;
use paragraphd::query::locate::{QuoteIndex, Target, locate};

const MAX_BYTES: usize = 64 * 1024 * 1024;
/// Misses printed per kind.
const SHOWN: usize = 20;

#[derive(Debug, Default)]
struct Tally {
    boxes: (usize, usize),
    boxes_first: usize,
    quotes: (usize, usize),
    repeats: usize,
    box_misses: Vec<String>,
    quote_misses: Vec<String>,
    repeated: Vec<String>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.boxes = (self.boxes.0 + other.boxes.0, self.boxes.1 + other.boxes.1);
        self.boxes_first += other.boxes_first;
        self.quotes = (
            self.quotes.0 + other.quotes.0,
            self.quotes.1 + other.quotes.1,
        );
        self.repeats += other.repeats;
        self.box_misses.extend(other.box_misses);
        self.quote_misses.extend(other.quote_misses);
        self.repeated.extend(other.repeated);
    }
}

fn share((hit, all): (usize, usize)) -> f64 {
    if all == 0 {
        0.0
    } else {
        hit as f64 / all as f64
    }
}

#[test]
fn every_box_centre_and_every_middle_quote_locates_its_paragraph() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    let files = corpus_pdfs(root);
    assert!(
        files.len() >= 100,
        "corpus missing at {}: {} PDFs",
        root.display(),
        files.len()
    );
    let tally = measure(&files);
    println!(
        "box centres in the answer: {}/{} ({:.4}%), answered first: {} ({:.4}%); quotes: {}/{} ({:.4}%), {} found more than once",
        tally.boxes.0,
        tally.boxes.1,
        share(tally.boxes) * 100.0,
        tally.boxes_first,
        share((tally.boxes_first, tally.boxes.1)) * 100.0,
        tally.quotes.0,
        tally.quotes.1,
        share(tally.quotes) * 100.0,
        tally.repeats
    );
    for line in tally.box_misses.iter().take(SHOWN) {
        println!("box miss: {line}");
    }
    for line in tally.quote_misses.iter().take(SHOWN) {
        println!("quote miss: {line}");
    }
    for line in tally.repeated.iter().take(SHOWN) {
        println!("repeated quote: {line}");
    }
    assert!(tally.boxes.1 > 10_000, "too few boxes measured: {tally:?}");
    assert!(
        share(tally.boxes) >= 0.999,
        "box centres in the answer under 99.9%"
    );
    // Where boxes overlap (table cells read as paragraphs side by side), the box the point
    // lies deepest in is answered first.
    assert!(
        share((tally.boxes_first, tally.boxes.1)) >= 0.999,
        "box centres answered first under 99.9%"
    );
    assert!(share(tally.quotes) >= 0.995, "quotes under 99.5%");
}

fn corpus_pdfs(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["upr", "un2025", "multilingual/pdfs"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        files.extend(
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "pdf")),
        );
    }
    files.sort();
    files
}

/// Parses and measures the files on every core.
fn measure(files: &[PathBuf]) -> Tally {
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(8);
    let chunk = files.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|f| measure_file(f))
                        .fold(Tally::default(), |mut a, b| {
                            a.add(b);
                            a
                        })
                })
            })
            .collect();
        let mut tally = Tally::default();
        for handle in handles {
            match handle.join() {
                Ok(t) => tally.add(t),
                Err(_) => panic!("a measuring thread panicked"),
            }
        }
        tally
    })
}

fn measure_file(path: &Path) -> Tally {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let doc = match ingest(&name, &bytes, MediaType::Pdf, MAX_BYTES) {
        Ok(doc) => doc,
        Err(e) => panic!("{name}: {e}"),
    };
    let mut tally = Tally::default();
    boxes(&doc, &name, &mut tally);
    quotes(&doc, &name, &mut tally);
    tally
}

fn boxes(doc: &Document, name: &str, tally: &mut Tally) {
    for (idx, p) in doc.paragraphs.iter().enumerate() {
        for b in &p.boxes {
            let (x, y) = (b.x + b.width / 2.0, b.y + b.height / 2.0);
            let answer: Vec<usize> = locate(doc, &Target::Point(b.page, x, y))
                .map(|l| l.paragraphs.iter().map(|l| l.paragraph_idx).collect())
                .unwrap_or_default();
            tally.boxes.1 += 1;
            tally.boxes_first += usize::from(answer.first() == Some(&idx));
            if answer.contains(&idx) {
                tally.boxes.0 += 1;
            }
            if answer.first() != Some(&idx) {
                let ordinals: Vec<usize> = answer.iter().map(|i| i + 1).collect();
                tally.box_misses.push(format!(
                    "{name} paragraph {} page {} ({x:.1}, {y:.1}) answered paragraphs {ordinals:?}",
                    p.ordinal, b.page,
                ));
            }
        }
    }
}

/// The document is folded once ([`QuoteIndex`]), then searched for each paragraph's quote.
fn quotes(doc: &Document, name: &str, tally: &mut Tally) {
    let index = QuoteIndex::of(doc);
    for (idx, p) in doc.paragraphs.iter().enumerate() {
        let words: Vec<&str> = p.text.split_whitespace().collect();
        if words.len() < 12 {
            continue;
        }
        let start = (words.len() - 12) / 2;
        let quote = words[start..start + 12].join(" ");
        tally.quotes.1 += 1;
        match index.locate(doc, &quote) {
            Ok(found) if found.paragraphs.iter().any(|l| l.paragraph_idx == idx) => {
                tally.quotes.0 += 1;
                if found.occurrences > 1 {
                    tally.repeats += 1;
                    tally.repeated.push(format!(
                        "{name} paragraph {} ×{}: {quote}",
                        p.ordinal, found.occurrences
                    ));
                }
            }
            other => tally.quote_misses.push(format!(
                "{name} paragraph {}: {quote:?} gave {:?}",
                p.ordinal,
                other.map(|l| l.paragraphs.first().map(|l| l.paragraph_idx + 1))
            )),
        }
    }
}
