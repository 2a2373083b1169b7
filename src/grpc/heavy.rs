//! The bound on heavy selection work (issue 19, finding 1).
//!
//! A selection's cost is estimated as selectors × documents it will scan ([`cost`]). One over
//! [`HEAVY_SELECTION_COST`] is *heavy*: each of its documents is evaluated on the blocking pool,
//! never on a runtime worker, and only while it holds a permit of one server-wide semaphore of
//! `--max-heavy-selections` permits. Heavy selections therefore queue behind each other for
//! evaluation (one document at a time, so a slow reader holds no permit while its answer waits),
//! and the runtime workers stay free for every other call. A cheap selection (one document,
//! or few selectors) never waits on the semaphore. A heavy selection waiting for a permit is
//! still ended by the caller's deadline and by shutdown (its stream's guard, [`super::stream`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use tokio::sync::Semaphore;

/// Selectors × documents above which a selection is heavy. One document is never heavy (a
/// selection holds at most `--max-selectors`, 256 by default); over 165 documents, seven
/// selectors are.
pub const HEAVY_SELECTION_COST: usize = 1024;

/// Default of `--max-heavy-selections`: half the cores the process may use, at least one.
pub fn default_max_heavy_selections() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get() / 2)
        .unwrap_or(1)
        .max(1)
}

/// The estimated cost of evaluating `selectors` selectors (none selects every paragraph:
/// counted as one) over `documents` documents.
pub(crate) fn cost(selectors: usize, documents: usize) -> usize {
    selectors.max(1).saturating_mul(documents)
}

/// Whether a selection of that cost is heavy.
pub(crate) fn is_heavy(cost: usize) -> bool {
    cost > HEAVY_SELECTION_COST
}

/// Counters of heavy selection work; cheap to clone, shared with [`super::stream::Metrics`].
#[derive(Debug, Clone, Default)]
pub struct HeavyMetrics {
    in_flight: Arc<AtomicUsize>,
    high_water: Arc<AtomicUsize>,
    evaluated: Arc<AtomicU64>,
}

impl HeavyMetrics {
    /// Most heavy document evaluations ever running at once.
    pub fn high_water(&self) -> usize {
        self.high_water.load(Ordering::SeqCst)
    }

    /// Heavy document evaluations running now.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }

    /// Documents evaluated by heavy selections so far.
    pub fn evaluated(&self) -> u64 {
        self.evaluated.load(Ordering::Relaxed)
    }

    /// Counts one evaluation running until the returned guard drops.
    pub(crate) fn enter(&self) -> Running {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.high_water.fetch_max(now, Ordering::SeqCst);
        Running {
            metrics: self.clone(),
        }
    }
}

/// One heavy evaluation in flight (see [`HeavyMetrics::enter`]).
#[derive(Debug)]
pub(crate) struct Running {
    metrics: HeavyMetrics,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.metrics.in_flight.fetch_sub(1, Ordering::SeqCst);
        self.metrics.evaluated.fetch_add(1, Ordering::Relaxed);
    }
}

/// The server-wide gate heavy selections pass through; cheap to clone.
#[derive(Debug, Clone)]
pub(crate) struct HeavyGate {
    pub(crate) permits: Arc<Semaphore>,
    pub(crate) metrics: HeavyMetrics,
}

impl HeavyGate {
    /// A gate of `max` permits (at least one).
    pub(crate) fn new(max: usize, metrics: HeavyMetrics) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(max.max(1))),
            metrics,
        }
    }
}

impl Default for HeavyGate {
    fn default() -> Self {
        Self::new(default_max_heavy_selections(), HeavyMetrics::default())
    }
}
