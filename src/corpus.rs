//! Where documents come from: the embedded sample and a corpus directory.
//!
//! Turning one input (bytes + media type) into a [`Document`] is [`ingest`]: extraction for the
//! format, then structure analysis.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::extract;
use crate::model::Document;
use crate::parse;

/// The sample report compiled into the binary: page 7 of A/HRC/52/71 as a viewer's text layer.
pub const SAMPLE_TEXT: &str = include_str!("../corpus/A_HRC_52_71_page7.txt");
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
}

/// Parses one input into a document with the given id.
pub fn ingest(
    id: &str,
    bytes: &[u8],
    media_type: MediaType,
    max_bytes: usize,
) -> Result<Document, Error> {
    let extracted = match media_type {
        MediaType::Text => extract::text::extract(bytes, max_bytes)?,
        MediaType::Pdf => {
            return Err(Error::Unreadable(extract::ExtractError::Unreadable {
                format: "PDF",
                reason: "PDF extraction is not built yet; send pdftotext output as text/plain"
                    .into(),
            }));
        }
    };
    let mut doc = parse::analyze(&extracted);
    doc.id = id.to_owned();
    if doc.meta.language.is_empty() {
        doc.meta.language = "en".to_owned();
    }
    Ok(doc)
}

/// Which documents the server loads at startup.
#[derive(Debug, Clone)]
pub struct CorpusSource {
    /// Load the embedded sample report.
    pub include_sample: bool,
    /// Load every readable file under this directory.
    pub dir: Option<PathBuf>,
}

impl Default for CorpusSource {
    fn default() -> Self {
        Self {
            include_sample: true,
            dir: None,
        }
    }
}

impl CorpusSource {
    /// Loads every document; a file that cannot be read is logged and skipped.
    pub fn load(&self) -> Vec<Document> {
        let mut docs = Vec::new();
        if self.include_sample {
            match ingest(
                SAMPLE_ID,
                SAMPLE_TEXT.as_bytes(),
                MediaType::Text,
                DEFAULT_MAX_INPUT_BYTES,
            ) {
                Ok(doc) => docs.push(doc),
                Err(e) => tracing::error!(error = %e, "embedded sample failed to parse"),
            }
        }
        if let Some(dir) = &self.dir {
            docs.extend(load_dir(dir));
        }
        docs
    }
}

/// Parses every `.txt`/`.pdf` file under `dir` in parallel on all cores, in path order.
pub fn load_dir(dir: &Path) -> Vec<Document> {
    let mut files = Vec::new();
    collect_files(dir, &mut files);
    files.sort();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = files.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .filter_map(|f| load_file(dir, f))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        tracing::warn!(dir = %dir.display(), "cannot read corpus directory");
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else if MediaType::from_path(&path).is_some() {
            out.push(path);
        }
    }
}

fn load_file(root: &Path, path: &Path) -> Option<Document> {
    let media_type = MediaType::from_path(path)?;
    let id = path
        .strip_prefix(root)
        .unwrap_or(path)
        .with_extension("")
        .to_string_lossy()
        .into_owned();
    let result = std::fs::read(path)
        .map_err(|e| Error::Internal(e.to_string()))
        .and_then(|bytes| ingest(&id, &bytes, media_type, DEFAULT_MAX_INPUT_BYTES));
    match result {
        Ok(doc) => Some(doc),
        Err(e) => {
            tracing::warn!(file = %path.display(), error = %e, "skipping file");
            None
        }
    }
}
