//! Corpus writes: ingest and delete. A write is acknowledged only after it is durable in the
//! corpus directory and swapped into the store.

use std::sync::Arc;

use tokio::sync::Mutex;

use super::admission::{Admission, IngestGate, IngestLimits};
use super::durable::{DirError, DurableDir, Sidecar};
use super::{MediaType, ingest_cited};
use crate::error::{Error, FieldViolation};
use crate::model::{Diagnostic, Document, Severity};
use crate::store::{Snapshot, Store};

/// One document to ingest.
#[derive(Debug, Clone)]
pub struct IngestRequest {
    /// The document's bytes.
    pub content: Vec<u8>,
    /// Its format.
    pub media_type: MediaType,
    /// Requested id; derived from the symbol (or the content digest) when `None`.
    pub id: Option<String>,
    /// Language, e.g. `en`.
    pub language: Option<String>,
    /// Original file name.
    pub source_name: Option<String>,
}

/// What an ingest stored, and what its caller should know beyond the document's diagnostics.
#[derive(Debug, Clone)]
pub struct Ingested {
    /// The stored document.
    pub document: Arc<Document>,
    /// Notes on how the document sits in the corpus (`shared-symbol`), for the response only.
    pub notes: Vec<Diagnostic>,
}

/// Whether a parsed document can be read back whole (every message it is served in fits the
/// message limit); the gRPC layer gives it, so that a document is refused rather than stored
/// unreadable.
pub type ReadableCheck = Arc<dyn Fn(&Document) -> Result<(), Error> + Send + Sync>;

/// Applies writes to the corpus directory and the store, one at a time.
pub struct Writer {
    store: Arc<Store>,
    dir: Result<DurableDir, String>,
    max_bytes: usize,
    gate: IngestGate,
    readable: Option<ReadableCheck>,
    lock: Mutex<()>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("dir", &self.dir)
            .field("max_bytes", &self.max_bytes)
            .field("gate", &self.gate)
            .finish_non_exhaustive()
    }
}

impl Writer {
    /// A writer over `store`; `dir` is the durable directory, or why writes are refused.
    pub fn new(store: Arc<Store>, dir: Result<DurableDir, String>, max_bytes: usize) -> Self {
        Self {
            store,
            dir,
            max_bytes,
            gate: IngestGate::new(IngestLimits::default()),
            readable: None,
            lock: Mutex::new(()),
        }
    }

    /// The same writer, admitting ingests within `limits`.
    pub fn with_ingest_limits(mut self, limits: IngestLimits) -> Self {
        self.gate = IngestGate::new(limits);
        self
    }

    /// The same writer, refusing documents that `readable` says could not be read back.
    pub fn with_readable_check(mut self, readable: ReadableCheck) -> Self {
        self.readable = Some(readable);
        self
    }

    /// Admits one ingest (RESOURCE_EXHAUSTED when as many as allowed run): take it before
    /// receiving an upload, so that its memory is reserved before it is spent.
    pub fn admit(&self) -> Result<Admission, Error> {
        self.check_writable()?;
        self.gate.admit()
    }

    /// The largest document accepted, in bytes.
    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// Fails with FAILED_PRECONDITION when writes are refused.
    pub fn check_writable(&self) -> Result<&DurableDir, Error> {
        self.dir
            .as_ref()
            .map_err(|why| Error::FailedPrecondition(why.clone()))
    }

    /// Parses, stores durably and publishes one document, within `admission` (whose memory
    /// reservation grows to the document's size first). Identical bytes for the same id are
    /// idempotent (same revision, nothing written); new bytes make a new revision. A document
    /// that could not be read back whole is refused (`TooLarge`).
    pub async fn ingest(
        &self,
        request: IngestRequest,
        admission: Admission,
    ) -> Result<Ingested, Error> {
        let started = std::time::Instant::now();
        let stored = self.store_document(request, admission).await;
        crate::metrics::ingested(stored.is_ok(), started.elapsed());
        let document = stored?;
        let notes = shared_symbol(&self.store.snapshot(), &document)
            .into_iter()
            .collect();
        Ok(Ingested { document, notes })
    }

    async fn store_document(
        &self,
        request: IngestRequest,
        mut admission: Admission,
    ) -> Result<Arc<Document>, Error> {
        let dir = self.check_writable()?.clone();
        validate(&request, self.max_bytes)?;
        admission.reserve(request.content.len())?;
        let IngestRequest {
            content,
            media_type,
            id,
            language,
            source_name,
        } = request;
        let max = self.max_bytes;
        let readable = self.readable.clone();
        let parsed = blocking(move || {
            let doc = ingest_cited("", &content, media_type, max)?;
            if let Some(readable) = readable {
                readable(&doc)?;
            }
            Ok((doc, content))
        })
        .await;
        drop(admission);
        // Parsing (a PDF above all) leaves freed memory and cached fonts behind, kept or not.
        super::memory::release_soon();
        let (mut doc, content) = parsed?;
        doc.id = id.unwrap_or_else(|| derive_id(&doc));

        let _guard = self.lock.lock().await;
        let existing = self.store.snapshot().get(&doc.id).cloned();
        if let Some(existing) = &existing
            && existing.source.digest == doc.source.digest
        {
            return Ok(existing.clone());
        }
        // The sidecar records the revision with the digest it is given to, so it survives a
        // restart (the change feed's revisions never go back).
        let sidecar = Sidecar {
            id: doc.id.clone(),
            language: language.unwrap_or_default(),
            media_type: media_type.mime().to_owned(),
            source_name: source_name.unwrap_or_default(),
            revision: existing.map_or(1, |d| d.revision + 1),
            digest: doc.source.digest.clone(),
        };
        sidecar.apply(&mut doc);
        doc.source.in_corpus_dir = true;
        let id = doc.id.clone();
        blocking(move || {
            let written = dir.write(&sidecar, media_type, &content);
            written.map_err(|e| dir_error(&id, e))
        })
        .await?;
        Ok(self.store.upsert(vec![doc]).remove(0))
    }

    /// Removes a document (by id or symbol) from the directory and the store. A document whose
    /// folder resolves outside the directory (a symbolic link to a folder elsewhere) is not
    /// removed: FAILED_PRECONDITION, and nothing changes.
    pub async fn delete(&self, key: &str) -> Result<Arc<Document>, Error> {
        let dir = self.check_writable()?.clone();
        let _guard = self.lock.lock().await;
        let doc = self.store.snapshot().resolve(key)?.clone();
        let id = doc.id.clone();
        blocking(move || dir.remove(&id).map_err(|e| dir_error(&id, e))).await?;
        self.store.remove(&doc.id);
        super::memory::release_soon();
        Ok(doc)
    }
}

/// The `shared-symbol` note of a document other documents of the same language share its
/// symbol with (copies of one version, not the report's other languages), logged as a warning;
/// `None` when its symbol is its own in its language.
fn shared_symbol(snapshot: &Snapshot, doc: &Document) -> Option<Diagnostic> {
    let others: Vec<&str> = snapshot
        .sharing_symbol(doc)
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    if others.is_empty() {
        return None;
    }
    let symbol = &doc.meta.symbol;
    let language = &doc.meta.language;
    let answering = snapshot
        .resolve_in(symbol, Some(language))
        .map(|d| d.id.as_str())
        .unwrap_or("");
    let others = others.join(", ");
    tracing::warn!(id = %doc.id, %symbol, %language, %others, %answering, "ingested a document whose symbol and language other documents have");
    Some(Diagnostic {
        severity: Severity::Warning,
        code: "shared-symbol",
        message: format!(
            "the symbol {symbol} in language {language} is also that of {others}; it names \
             {answering} (an exact id always wins; otherwise the highest revision, then the \
             smallest id): name a document by its id, or delete the copies"
        ),
        page: None,
    })
}

fn validate(request: &IngestRequest, max_bytes: usize) -> Result<(), Error> {
    let mut violations = Vec::new();
    if request.content.is_empty() {
        violations.push(FieldViolation::new("content", "content is empty"));
    }
    if let Some(what) = super::encoded::encoded_twice(&request.content) {
        violations.push(FieldViolation::new(
            "content",
            format!(
                "content is base64 of {what}: it was encoded twice (as by `base64 FILE | \
                 base64`); send the file's own bytes, base64-encoded once in JSON (grpcurl: \
                 base64 -w0 FILE)"
            ),
        ));
    }
    if let Some(id) = &request.id
        && let Err(why) = valid_id(id)
    {
        violations.push(FieldViolation::new("id", why));
    }
    if !violations.is_empty() {
        return Err(Error::InvalidArgument(violations));
    }
    if request.content.len() > max_bytes {
        return Err(Error::TooLarge(format!(
            "the document is {} bytes, over the limit of {max_bytes} bytes (--max-upload-bytes)",
            request.content.len()
        )));
    }
    Ok(())
}

/// Ids name files: 1–128 of `A-Z a-z 0-9 . _ -`, not starting with a dot.
pub fn valid_id(id: &str) -> Result<(), String> {
    let ok_chars = id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if id.is_empty() || id.len() > 128 || !ok_chars || id.starts_with('.') {
        return Err(format!(
            "{id:?} is not a valid id: use 1-128 of A-Z a-z 0-9 . _ -, not starting with a dot"
        ));
    }
    Ok(())
}

/// An id from the symbol (`A/HRC/52/71` → `A_HRC_52_71`), else from the content digest.
fn derive_id(doc: &Document) -> String {
    let from_symbol: String = doc
        .meta
        .symbol
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if valid_id(&from_symbol).is_ok() {
        return from_symbol;
    }
    format!(
        "doc-{}",
        &doc.source.digest[..doc.source.digest.len().min(16)]
    )
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::Internal(format!("worker failed: {e}")))?
}

/// A corpus-directory failure as the client sees it: where a link leads is logged, not sent.
fn dir_error(id: &str, e: DirError) -> Error {
    match e {
        DirError::Outside(path) => {
            tracing::warn!(id, file = %path.display(), "refused: the file's folder resolves outside the corpus directory");
            Error::FailedPrecondition(format!(
                "document {id:?} is outside the corpus directory (through a symbolic link): \
                 paragraphd does not write or delete there"
            ))
        }
        DirError::Io(e) => Error::Internal(format!("corpus directory: {e}")),
    }
}
