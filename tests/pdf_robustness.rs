//! Every `un2025` PDF, and 40 damaged variants made here (truncated at seeded offsets, runs of
//! bytes overwritten by a seeded PRNG), gives a document or a clear error: no panic, no empty
//! success, within the time budget. Fails when the corpus is missing.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use paragraphd::extract::ExtractError;
use paragraphd::extract::clock::TimeBudget;
use paragraphd::extract::pdf::{self, PdfOptions};
use paragraphd::model::Document;

/// Budget of one document; generous for debug builds on a busy 2-core machine.
const BUDGET: Duration = Duration::from_secs(20);
/// Time allowed past the budget for the caller to notice it and for structure analysis.
const GRACE: Duration = Duration::from_secs(5);
const LIMIT: usize = 64 << 20;
const N_TRUNCATED: usize = 20;
const N_OVERWRITTEN: usize = 20;

fn un2025_pdfs() -> Vec<PathBuf> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/un2025"
    ));
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("corpus missing at {}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        60,
        "expected the 60 un2025 PDFs in {}",
        dir.display()
    );
    files
}

/// xorshift64*: a fixed seed gives the same damaged files on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What one input gave.
#[derive(Debug)]
enum Outcome {
    Document(Box<Document>),
    Refused(ExtractError),
}

/// Extracts and analyses `bytes`, failing the test on a panic, an empty success, an unclear
/// error or a blown budget.
fn check(name: &str, bytes: &[u8]) -> Outcome {
    let options = PdfOptions {
        limit: LIMIT,
        budget: TimeBudget::new(BUDGET),
    };
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| {
        pdf::extract_with(bytes, options).map(|ex| {
            let has_text = ex
                .pages
                .iter()
                .flat_map(|p| &p.lines)
                .any(|l| !l.text.trim().is_empty());
            assert!(has_text, "{name}: extraction succeeded without any text");
            paragraphd::parse::analyze(&ex)
        })
    }));
    let elapsed = started.elapsed();
    let backstop = TimeBudget::new(BUDGET).wall;
    assert!(elapsed <= backstop + GRACE, "{name}: took {elapsed:?}");
    match result {
        Err(_) => panic!("{name}: panicked"),
        Ok(Ok(doc)) => Outcome::Document(Box::new(doc)),
        Ok(Err(e)) => {
            let clear = match &e {
                ExtractError::Unreadable { reason, .. } => !reason.trim().is_empty(),
                ExtractError::WrongFormat { reason, .. } => !reason.trim().is_empty(),
                ExtractError::Empty
                | ExtractError::TooLarge { .. }
                | ExtractError::Starved { .. } => true,
            };
            assert!(clear, "{name}: unclear error {e:?}");
            Outcome::Refused(e)
        }
    }
}

#[test]
fn every_un2025_pdf_gives_a_document_with_paragraphs() {
    let started = Instant::now();
    let mut n_pages = 0;
    for path in un2025_pdfs() {
        let name = path.display().to_string();
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        match check(&name, &bytes) {
            Outcome::Document(doc) => {
                assert!(!doc.paragraphs.is_empty(), "{name}: no paragraphs");
                assert!(
                    doc.pages.iter().all(|p| p.size.is_some()),
                    "{name}: page sizes"
                );
                n_pages += doc.pages.len();
            }
            Outcome::Refused(e) => panic!("{name}: refused: {e}"),
        }
    }
    println!("60 documents, {n_pages} pages in {:?}", started.elapsed());
}

#[test]
fn damaged_pdfs_give_a_document_or_a_clear_error() {
    let files = un2025_pdfs();
    let mut rng = Rng(0x5EED_F00D_0000_0001);
    let mut n_documents = 0;
    let mut refusals = Vec::new();
    for k in 0..N_TRUNCATED + N_OVERWRITTEN {
        let path = &files[rng.below(files.len())];
        let mut bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = if k < N_TRUNCATED {
            // Anywhere from inside the header to just before the end.
            let cut = 8 + rng.below(bytes.len() - 8);
            bytes.truncate(cut);
            format!("{} truncated at {cut}", path.display())
        } else {
            let n_runs = 1 + rng.below(40);
            for _ in 0..n_runs {
                let at = rng.below(bytes.len());
                let len = 1 + rng.below(64);
                for b in bytes.iter_mut().skip(at).take(len) {
                    *b = rng.next() as u8;
                }
            }
            format!("{} with {n_runs} runs overwritten", path.display())
        };
        match check(&name, &bytes) {
            Outcome::Document(_) => n_documents += 1,
            Outcome::Refused(e) => refusals.push(format!("{name}: {e}")),
        }
    }
    println!("{n_documents} documents, {} clear errors:", refusals.len());
    for r in &refusals {
        println!("  {r}");
    }
}
