//! Where documents come from: the embedded sample, a corpus directory (loaded in parallel at
//! startup, written durably by ingest, watched for changes), and ingest over gRPC.
//!
//! [`ingest`] turns one input (bytes + media type) into a [`Document`]: extraction for the
//! format, then structure analysis.

pub mod admission;
pub mod durable;
pub mod encoded;
mod load;
pub mod memory;
pub mod reload;
pub mod writer;

use std::path::Path;
use std::time::Duration;

use sha2::{Digest, Sha256};

pub use load::{CorpusSource, LoadSummary, load_dir};

use crate::error::Error;
use crate::extract;
use crate::extract::clock::{Meter, Spent, TimeBudget};
use crate::model::{Document, Source};
use crate::parse;
use crate::refs;

/// The sample report compiled into the binary: page 7 of A/HRC/52/71 as a viewer's text layer.
pub const SAMPLE_TEXT: &str = include_str!("../../corpus/A_HRC_52_71_page7.txt");
/// Id of the embedded sample.
pub const SAMPLE_ID: &str = "A_HRC_52_71_page7";
/// Largest input accepted, in bytes.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Media types paragraphd reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    /// `text/plain`: pdftotext output or plain text.
    Text,
    /// `application/pdf`.
    Pdf,
}

impl MediaType {
    /// The media type of a file name, by extension.
    pub fn from_path(path: &Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Self::Text),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }

    /// Parses a MIME type such as `text/plain; charset=utf-8` or `application/pdf`.
    pub fn from_mime(mime: &str) -> Option<Self> {
        let essence = mime.split(';').next()?.trim().to_ascii_lowercase();
        match essence.as_str() {
            "text/plain" => Some(Self::Text),
            "application/pdf" => Some(Self::Pdf),
            _ => None,
        }
    }

    /// The canonical MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Text => "text/plain",
            Self::Pdf => "application/pdf",
        }
    }

    /// The file extension used in the corpus directory.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Text => "txt",
            Self::Pdf => "pdf",
        }
    }
}

/// The CPU time one input may take to ingest: [`BUDGET_BASE`] plus [`BUDGET_PER_MB`] per
/// megabyte (10⁶ bytes), at most [`BUDGET_MAX`]. A 230 KB PDF gets 3.3 s; 3 MB and more get
/// 30 s. The wall-clock backstop is [`extract::clock::WALL_FACTOR`] times as long.
pub fn time_budget(size: usize) -> Duration {
    let scaled = BUDGET_BASE + BUDGET_PER_MB.mul_f64(size as f64 / 1e6);
    scaled.min(BUDGET_MAX)
}

/// The time budget of an empty input.
pub const BUDGET_BASE: Duration = Duration::from_secs(1);
/// The time budget added per megabyte of input.
pub const BUDGET_PER_MB: Duration = Duration::from_secs(10);
/// The largest time budget.
pub const BUDGET_MAX: Duration = Duration::from_secs(30);

/// Parses one input into a document with the given id; records its source digest. The input's
/// time budget ([`time_budget`]) bounds the CPU time of the whole ingest (the PDF reader
/// thread's and this thread's), checked between a PDF's pages, between structure analysis
/// passes ([`parse::analyze_while`]) and after analysis: past it, `Unreadable` "timed out".
/// Past the wall-clock backstop with CPU budget left, [`extract::ExtractError::Starved`].
pub fn ingest(
    id: &str,
    bytes: &[u8],
    media_type: MediaType,
    max_bytes: usize,
) -> Result<Document, Error> {
    let budget = TimeBudget::new(time_budget(bytes.len()));
    let started = std::time::Instant::now();
    let ingested = ingest_within(id, bytes, media_type, max_bytes, budget);
    crate::metrics::parsed(media_type.mime(), ingested.is_ok(), started.elapsed());
    ingested
}

/// A document as the store holds it: [`ingest`], then the citations each paragraph makes
/// ([`refs::attach`]: a pure pass over the parsed text, after structure analysis). Every way a
/// document enters the store — the startup load, the embedded sample, the reload and the write
/// RPCs — comes through here; `paragraphd parse` prints [`ingest`]'s structure alone.
pub fn ingest_cited(
    id: &str,
    bytes: &[u8],
    media_type: MediaType,
    max_bytes: usize,
) -> Result<Document, Error> {
    let mut doc = ingest(id, bytes, media_type, max_bytes)?;
    refs::attach(&mut doc);
    Ok(doc)
}

/// [`ingest`] with an explicit time budget (CPU time and its wall-clock backstop).
pub fn ingest_within(
    id: &str,
    bytes: &[u8],
    media_type: MediaType,
    max_bytes: usize,
    budget: TimeBudget,
) -> Result<Document, Error> {
    let meter = Meter::start();
    let (extracted, reader_cpu) = match media_type {
        MediaType::Text => (extract::text::extract(bytes, max_bytes)?, Duration::ZERO),
        MediaType::Pdf => {
            let options = extract::pdf::PdfOptions {
                limit: max_bytes,
                budget,
            };
            extract::pdf::extract_metered(bytes, options)?
        }
    };
    let left = budget.less(reader_cpu, Duration::ZERO);
    let analyzed = parse::analyze_while(&extracted, || meter.spent(left).is_none());
    drop(extracted);
    let spent = Spending {
        cpu: reader_cpu + meter.cpu(),
        wall: meter.wall(),
    };
    let doc = match (analyzed, meter.spent(left)) {
        (Ok(doc), None) => doc,
        (analyzed, over) => {
            return Err(out_of_time(media_type, budget, spent, over, analyzed.err()));
        }
    };
    let mut doc = compact(doc);
    doc.id = id.to_owned();
    if doc.meta.language.is_empty() {
        doc.meta.language = "en".to_owned();
    }
    doc.source = Source {
        digest: digest(bytes),
        media_type: media_type.mime().to_owned(),
        size: bytes.len() as u64,
        ..Source::default()
    };
    Ok(doc)
}

/// CPU and wall-clock time one ingest spent.
#[derive(Debug, Clone, Copy)]
struct Spending {
    cpu: Duration,
    wall: Duration,
}

/// The refusal of an ingest that ran out of `budget` after analysis (`stopped`, where it
/// stopped, if it did): "timed out" when the CPU budget is spent, "too busy" when the
/// wall-clock backstop passed first.
fn out_of_time(
    media_type: MediaType,
    budget: TimeBudget,
    spent: Spending,
    over: Option<Spent>,
    stopped: Option<parse::OutOfTime>,
) -> Error {
    let format = match media_type {
        MediaType::Text => "text",
        MediaType::Pdf => "PDF",
    };
    if over == Some(Spent::Wall) {
        return extract::ExtractError::Starved {
            format,
            wall: spent.wall,
            cpu: spent.cpu,
        }
        .into();
    }
    let detail = stopped.map_or_else(String::new, |s| format!(" ({s})"));
    extract::ExtractError::Unreadable {
        format,
        reason: format!(
            "timed out: reading it used {:.1} s of CPU, over its time budget of {:.1} s (1 s + \
             10 s per MB of input, at most 30 s){detail}",
            spent.cpu.as_secs_f64(),
            budget.cpu.as_secs_f64()
        ),
    }
    .into()
}

/// A copy of `doc` made after extraction's temporaries are freed, and the original dropped: the
/// parser grows its strings and vectors as it goes (a third of paragraph text capacity was
/// unused) and interleaves them with extraction's short-lived allocations, so a document held
/// as parsed pins partly used heap pages that no trim can return. A clone allocates every
/// string and vector at its exact length, packed into the space extraction just freed.
fn compact(doc: Document) -> Document {
    let packed = doc.clone();
    drop(doc);
    packed
}

/// Hex SHA-256 of `bytes`.
pub fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
