//! Admission of ingests: how many run at once, and how much memory they may take together.
//!
//! Parsing a document takes several times its size in memory (extraction's lines, the working
//! lines, the document being built; `BENCHMARKS.md`, "Ingest memory", has the measured
//! amplification). An ingest reserves [`AMPLIFICATION`] × its size from a budget shared by all
//! ingests before that memory is spent — an upload grows its reservation chunk by chunk, before
//! it keeps each chunk — and gives it back when it ends. Past the budget, the ingest is refused
//! at once with `RESOURCE_EXHAUSTED`: "server busy" when other ingests hold the budget (retry
//! later), "too large" when the document alone needs more than the whole budget.

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::Error;

/// Memory an ingest reserves per byte of input. Measured peak for a 60 MB text upload was about
/// 10× its size (`BENCHMARKS.md`); a margin on top.
pub const AMPLIFICATION: usize = 12;
/// Memory every ingest reserves besides its bytes' share (the parser's fixed costs, a PDF
/// reader's font tables).
pub const BASE_RESERVATION: usize = 16 << 20;
/// Default of [`IngestLimits::max_concurrent`].
pub const DEFAULT_MAX_INGESTS: usize = 2;
/// Default of [`IngestLimits::memory_bytes`]: 1 GiB.
pub const DEFAULT_INGEST_MEMORY: usize = 1 << 30;

/// Reservations are counted in KiB (a semaphore's permits are `u32` at a time).
const UNIT: usize = 1024;

/// The bounds on ingests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IngestLimits {
    /// Most ingests (and uploads being received) at once.
    pub max_concurrent: usize,
    /// Memory all ingests may reserve together, in bytes.
    pub memory_bytes: usize,
}

impl Default for IngestLimits {
    fn default() -> Self {
        Self {
            max_concurrent: DEFAULT_MAX_INGESTS,
            memory_bytes: DEFAULT_INGEST_MEMORY,
        }
    }
}

/// The gate every ingest passes.
#[derive(Debug, Clone)]
pub struct IngestGate {
    running: Arc<Semaphore>,
    memory: Arc<Semaphore>,
    limits: IngestLimits,
}

/// One admitted ingest: its place among the concurrent ones and its memory reservation, both
/// given back on drop.
#[derive(Debug)]
pub struct Admission {
    _running: OwnedSemaphorePermit,
    reserved: Option<OwnedSemaphorePermit>,
    gate: IngestGate,
}

impl IngestGate {
    /// A gate with these limits.
    pub fn new(limits: IngestLimits) -> Self {
        let units = (limits.memory_bytes / UNIT).clamp(1, Semaphore::MAX_PERMITS);
        Self {
            running: Arc::new(Semaphore::new(limits.max_concurrent.max(1))),
            memory: Arc::new(Semaphore::new(units)),
            limits,
        }
    }

    /// Admits one more ingest, or RESOURCE_EXHAUSTED when as many as allowed are running.
    pub fn admit(&self) -> Result<Admission, Error> {
        let running = self.running.clone().try_acquire_owned().map_err(|_| {
            Error::Overloaded(format!(
                "{} ingests are in progress, the most at once (--max-ingests); retry with backoff",
                self.limits.max_concurrent
            ))
        })?;
        Ok(Admission {
            _running: running,
            reserved: None,
            gate: self.clone(),
        })
    }
}

/// The memory an ingest of `size` bytes reserves.
pub fn reservation(size: usize) -> usize {
    size.saturating_mul(AMPLIFICATION)
        .saturating_add(BASE_RESERVATION)
}

impl Admission {
    /// Grows the reservation to what a document of `size` bytes needs; refused with
    /// RESOURCE_EXHAUSTED ("too large" past the whole budget, "server busy" past what other
    /// ingests leave), before the memory is spent.
    pub fn reserve(&mut self, size: usize) -> Result<(), Error> {
        let limits = self.gate.limits;
        let needed = reservation(size);
        if needed > limits.memory_bytes {
            return Err(Error::TooLarge(format!(
                "the document is {size} bytes; parsing it takes an estimated {} MiB \
                 ({AMPLIFICATION}× its size), over the ingest memory budget of {} MiB \
                 (--ingest-memory-bytes)",
                needed >> 20,
                limits.memory_bytes >> 20
            )));
        }
        let needed_units = needed.div_ceil(UNIT);
        let held = self.reserved.as_ref().map_or(0, |p| p.num_permits());
        if needed_units <= held {
            return Ok(());
        }
        let more = u32::try_from(needed_units - held).unwrap_or(u32::MAX);
        let permit = self
            .gate
            .memory
            .clone()
            .try_acquire_many_owned(more)
            .map_err(|_| {
                Error::Overloaded(format!(
                    "other ingests hold the ingest memory budget ({} MiB, \
                     --ingest-memory-bytes); this document needs an estimated {} MiB; retry \
                     with backoff",
                    limits.memory_bytes >> 20,
                    needed >> 20
                ))
            })?;
        match &mut self.reserved {
            Some(reserved) => reserved.merge(permit),
            None => self.reserved = Some(permit),
        }
        Ok(())
    }
}
