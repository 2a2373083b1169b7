//! Parser accuracy on the shared corpus, measured against `upr/truth.jsonl`, the seed page and
//! the `un2025` documents (see the corpus README). A test-only harness (not part of the service
//! library): the accuracy tests (`corpus_accuracy`, `pdf_accuracy`) assert
//! [`AccuracyReport::unmet`] is empty.
//!
//! Metrics, each computed from the `.txt` of a document through [`paragraphd::extract::text`] (or,
//! with [`Input::Pdf`], from its `.pdf` through [`paragraphd::extract::pdf`]) and
//! [`paragraphd::parse::analyze`]:
//! - **numbering**: the body's numbered paragraphs are exactly `1..N` (N from the truth), in
//!   order, and nothing else is numbered in the body (strict); the bar is checked on the same
//!   count allowing a longer run `1..M` where the text numbers on past the truth's N (see
//!   [`AccuracyReport::upr_numbering_text`]);
//! - **section**: for each truth paragraph, the parsed paragraph's section is the deepest
//!   contents row holding its number (deepest by parent chain, then narrowest range). A parsed
//!   section matches a row by label and title (case, spacing and punctuation ignored) or by
//!   holding exactly the row's paragraph range; parsed sections matching no row at all (sub-
//!   headings absent from the contents table) are skipped upwards;
//! - **page**: `page_start` equals the truth's start page, where the truth lists it;
//! - **furniture**: no paragraph anywhere contains a job number, a barcode or a symbol header;
//! - **contents**: no paragraph anywhere contains a contents-table dot leader (five dots, spaced
//!   or not): the printed contents table is read as contents, never as paragraphs;
//! - **citations**: every numbered paragraph's citation (`A/80/21, draft resolution B, para.
//!   3`), parsed by [`paragraphd::query::citation`] and evaluated, selects that paragraph alone;
//! - **symbol/job**: equal to the truth;
//! - **title**: every UPR report has one title wording and one agenda item, so without a truth
//!   field the title is checked for its shape: `Report of the Working … Universal Periodic
//!   Review` then the State's name (a few words, no footnote star, digit or footnote text), and
//!   the agenda item's title is `Universal Periodic Review`;
//! - **boxes**: every paragraph of a PDF has one non-empty rectangle inside its page for each
//!   page it spans, in page order; a paragraph of a text file has none.

#![allow(unreachable_pub)]

mod boxes;
mod checks;
mod robustness;

use std::fmt;
use std::path::{Path, PathBuf};

pub use robustness::{SeedCheck, Un2025Doc};

/// Thresholds of the accuracy bar.
pub const MIN_NUMBERING: f64 = 0.99;
/// Share of paragraphs in the right section.
pub const MIN_SECTION: f64 = 0.995;
/// Share of paragraphs with the right start page.
pub const MIN_PAGE: f64 = 0.995;
/// Share of reports with the right symbol and job number.
pub const MIN_METADATA: f64 = 0.99;
/// Share of numbered paragraphs whose citation selects them alone (a document that prints two
/// parts under one name, such as two `Draft resolution I`, cannot reach 100%).
pub const MIN_CITATION: f64 = 0.995;

/// Why the corpus could not be measured.
#[derive(Debug, thiserror::Error)]
pub enum AccuracyError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A line of `truth.jsonl` is not valid.
    #[error("{path}:{line}: {source}")]
    Truth {
        /// The truth file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// The cause.
        source: serde_json::Error,
    },
}

/// A count of successes out of checks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Ratio {
    /// Checks passed.
    pub right: usize,
    /// Checks made.
    pub total: usize,
}

impl Ratio {
    /// Adds one check.
    pub fn add(&mut self, right: bool) {
        self.total += 1;
        self.right += usize::from(right);
    }

    /// Share passed; 1 when nothing was checked.
    pub fn share(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.right as f64 / self.total as f64
        }
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{} ({:.2}%)",
            self.right,
            self.total,
            100.0 * self.share()
        )
    }
}

/// One failed check.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Failure {
    /// Corpus file.
    pub file: String,
    /// Metric, e.g. `numbering`.
    pub metric: &'static str,
    /// What was wrong.
    pub detail: String,
}

/// Every metric over the corpus, with the failures behind them.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct AccuracyReport {
    /// UPR reports with numbered paragraphs exactly `1..N`.
    pub upr_numbering: Ratio,
    /// UPR reports numbered exactly `1..N`, or exactly `1..M`, M > N, where the text itself
    /// goes on numbering consecutively past the truth's N (the truth's N comes from the
    /// contents table, which in a few reports omits a last section such as `III. Voluntary
    /// commitments`); such reports are listed as `numbering-beyond-truth` failures.
    pub upr_numbering_text: Ratio,
    /// UPR paragraphs in the right section.
    pub upr_section: Ratio,
    /// UPR paragraphs with the right start page (where the truth lists it).
    pub upr_page: Ratio,
    /// UPR reports with the right symbol (where the truth has one).
    pub upr_symbol: Ratio,
    /// UPR reports with the right job number (where the truth has one).
    pub upr_job: Ratio,
    /// UPR reports whose title is the Working Group's report and the State, and whose agenda
    /// item's title is `Universal Periodic Review`.
    pub upr_title: Ratio,
    /// Paragraphs without furniture, over the whole corpus.
    pub furniture_free: Ratio,
    /// Paragraphs without a contents-table dot leader, over the whole corpus.
    pub contents_free: Ratio,
    /// Numbered paragraphs whose citation, parsed and selected back, gives that paragraph
    /// alone, over the whole corpus.
    pub citations_exact: Ratio,
    /// Paragraphs whose boxes are what the input allows, over the whole corpus: from a PDF, one
    /// non-empty rectangle inside its page for each page it spans; from text, none.
    pub boxes: Ratio,
    /// UPR line-end hyphens (a letter, `-`, then a lowercase line) dropped as break artefacts.
    pub upr_hyphens_joined: u64,
    /// UPR line-end hyphens kept (no evidence in the document that the joined word exists).
    pub upr_hyphens_kept: u64,
    /// Seed-page checks.
    pub seed: Vec<SeedCheck>,
    /// The un2025 documents.
    pub un2025: Vec<Un2025Doc>,
    /// Failed checks, per report.
    pub failures: Vec<Failure>,
}

impl AccuracyReport {
    /// The thresholds the report does not meet; empty when the bar is met.
    pub fn unmet(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut need = |name: &str, r: &Ratio, min: f64| {
            if r.total == 0 || r.share() < min {
                out.push(format!("{name}: {r} < {:.1}%", 100.0 * min));
            }
        };
        need("upr numbering", &self.upr_numbering_text, MIN_NUMBERING);
        need("upr section", &self.upr_section, MIN_SECTION);
        need("upr page", &self.upr_page, MIN_PAGE);
        need("upr symbol", &self.upr_symbol, MIN_METADATA);
        need("upr job", &self.upr_job, MIN_METADATA);
        need("upr title", &self.upr_title, MIN_METADATA);
        need("furniture-free paragraphs", &self.furniture_free, 1.0);
        need("contents-free paragraphs", &self.contents_free, 1.0);
        need("exact citations", &self.citations_exact, MIN_CITATION);
        need("paragraph boxes", &self.boxes, 1.0);
        out.extend(
            self.seed
                .iter()
                .filter(|c| !c.ok)
                .map(|c| format!("seed: {}", c.name)),
        );
        out.extend(
            self.un2025
                .iter()
                .filter(|d| d.panicked || d.furniture > 0)
                .map(|d| format!("un2025 {}: panic or furniture", d.file)),
        );
        if self.un2025.is_empty() {
            out.push("un2025: no documents".into());
        }
        out
    }
}

/// Which file of each corpus document is measured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Input {
    /// `NAME.txt` (pdftotext output) through [`paragraphd::extract::text`].
    #[default]
    Text,
    /// `NAME.pdf` through [`paragraphd::extract::pdf`]; the seed page, which has only text, stays
    /// text.
    Pdf,
}

impl Input {
    /// Extension of the measured files.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Text => "txt",
            Self::Pdf => "pdf",
        }
    }
}

/// Measures the parser on the corpus in `corpus_dir` (holding `upr/`, `un2025/`, `seed/`).
pub fn run(corpus_dir: &Path) -> Result<AccuracyReport, AccuracyError> {
    run_with(corpus_dir, Input::Text)
}

/// Measures the parser on the corpus in `corpus_dir`, reading each document from `input`.
pub fn run_with(corpus_dir: &Path, input: Input) -> Result<AccuracyReport, AccuracyError> {
    let mut report = AccuracyReport::default();
    checks::upr(corpus_dir, input, &mut report)?;
    robustness::seed(corpus_dir, &mut report)?;
    robustness::un2025(corpus_dir, input, &mut report)?;
    Ok(report)
}

impl fmt::Display for AccuracyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "| metric | result | bar |")?;
        writeln!(f, "|---|---|---|")?;
        writeln!(
            f,
            "| UPR reports numbered exactly 1..N | {} | >= 99% |",
            self.upr_numbering
        )?;
        writeln!(
            f,
            "| UPR reports numbered 1..N, or 1..M (M > N) where the text numbers on past the truth | {} | >= 99% |",
            self.upr_numbering_text
        )?;
        writeln!(
            f,
            "| UPR paragraphs in the right section | {} | >= 99.5% |",
            self.upr_section
        )?;
        writeln!(
            f,
            "| UPR paragraphs with the right start page | {} | >= 99.5% |",
            self.upr_page
        )?;
        writeln!(f, "| UPR symbol right | {} | >= 99% |", self.upr_symbol)?;
        writeln!(f, "| UPR job number right | {} | >= 99% |", self.upr_job)?;
        writeln!(
            f,
            "| UPR title and agenda item title of the right shape | {} | >= 99% |",
            self.upr_title
        )?;
        writeln!(
            f,
            "| paragraphs free of furniture (whole corpus) | {} | 100% |",
            self.furniture_free
        )?;
        writeln!(
            f,
            "| paragraphs free of contents rows (dot leaders; whole corpus) | {} | 100% |",
            self.contents_free
        )?;
        writeln!(
            f,
            "| numbered paragraphs whose citation selects them alone (whole corpus) | {} | >= 99.5% |",
            self.citations_exact
        )?;
        writeln!(
            f,
            "| paragraphs with boxes as the input allows (whole corpus) | {} | 100% |",
            self.boxes
        )?;
        writeln!(
            f,
            "| UPR line-end hyphens joined as break artefacts / kept | {} / {} | report |",
            self.upr_hyphens_joined, self.upr_hyphens_kept
        )?;
        let seed_ok = self.seed.iter().filter(|c| c.ok).count();
        writeln!(
            f,
            "| seed page checks | {seed_ok}/{} | all |",
            self.seed.len()
        )?;
        self.fmt_un2025(f)?;
        if !self.failures.is_empty() {
            writeln!(f, "\nFailures ({}):", self.failures.len())?;
            for x in &self.failures {
                writeln!(f, "- {} [{}] {}", x.file, x.metric, x.detail)?;
            }
        }
        let unmet = self.unmet();
        if !unmet.is_empty() {
            writeln!(f, "\nUnmet: {}", unmet.join("; "))?;
        }
        Ok(())
    }
}

impl AccuracyReport {
    /// The un2025 rows of the table.
    fn fmt_un2025(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let un = &self.un2025;
        let parsed = un.iter().filter(|d| !d.panicked).count();
        let clean = un
            .iter()
            .filter(|d| d.furniture == 0 && !d.panicked)
            .count();
        let numbered = un.iter().filter(|d| d.numbered > 0).count();
        let sequential = un.iter().filter(|d| d.numbered > 0 && d.sequential).count();
        writeln!(
            f,
            "| un2025 parsed without panic | {parsed}/{} | all |",
            un.len()
        )?;
        writeln!(
            f,
            "| un2025 without furniture in paragraphs | {clean}/{} | all |",
            un.len()
        )?;
        writeln!(
            f,
            "| un2025 with numbered paragraphs forming 1..N runs | {sequential}/{numbered} | report |"
        )?;
        Ok(())
    }
}
