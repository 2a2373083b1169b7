//! The search index's side of a write, under the store's writer lock: the changes are
//! committed to the index before the snapshot carrying the new generation is swapped in.
//!
//! The index is made at the first write (an empty store searches nothing). A write whose
//! indexing fails rebuilds the index from every document the new snapshot holds; if that fails
//! too, the snapshot carries a failed generation, whose searches answer INTERNAL (never a
//! stale answer), and the next write rebuilds again.

use std::sync::Arc;

use super::Snapshot;
use crate::model::Document;
use crate::search::{Generation, Indexer};

/// Documents past which indexing logs its progress (the startup load).
const PROGRESS_FROM: usize = 64;

/// The store's indexer, made at the first write.
#[derive(Debug, Default)]
pub(super) struct Indexing {
    indexer: Option<Indexer>,
}

impl Indexing {
    /// Commits the removal of `removed` (ids) and the (re)indexing of `changed` to the index,
    /// and returns the generation for the snapshot holding `all`; `old`'s generation when
    /// nothing changed.
    pub(super) fn apply(
        &mut self,
        old: &Snapshot,
        removed: &[&str],
        changed: &[Arc<Document>],
        all: &[Arc<Document>],
    ) -> Generation {
        if removed.is_empty() && changed.is_empty() {
            return old.search.clone();
        }
        let rebuild = old.search_index().failed_reason().is_some();
        let attempt = if rebuild {
            Err(crate::error::Error::Internal("rebuilding".into()))
        } else {
            self.incremental(removed, changed)
        };
        attempt.unwrap_or_else(|e| {
            if !rebuild {
                tracing::error!(error = %e, "search index update failed; rebuilding it");
            }
            self.rebuild(all)
        })
    }

    fn incremental(
        &mut self,
        removed: &[&str],
        changed: &[Arc<Document>],
    ) -> Result<Generation, crate::error::Error> {
        let indexer = match &mut self.indexer {
            Some(indexer) => indexer,
            None => self.indexer.insert(Indexer::new()?),
        };
        let total = changed.len();
        let started = std::time::Instant::now();
        let mut step = progress_logger(total);
        let generation = indexer.apply(removed, changed, &mut step)?;
        if total >= PROGRESS_FROM {
            tracing::info!(
                documents = total,
                paragraphs = generation.paragraphs(),
                seconds = started.elapsed().as_secs_f64(),
                "search index built"
            );
        }
        Ok(generation)
    }

    /// A new index of every document of `all`, or a failed generation.
    fn rebuild(&mut self, all: &[Arc<Document>]) -> Generation {
        self.indexer = None;
        match self.incremental(&[], all) {
            Ok(generation) => generation,
            Err(e) => {
                tracing::error!(error = %e, "search index rebuild failed; searches fail until the next write");
                self.indexer = None;
                Generation::failed(e.to_string())
            }
        }
    }
}

/// Logs every tenth of `total` documents indexed, when there are many.
fn progress_logger(total: usize) -> impl FnMut(usize) {
    let tenth = (total / 10).max(1);
    move |done| {
        if total >= PROGRESS_FROM && done % tenth == 0 {
            tracing::info!(done, total, "indexing documents for search");
        }
    }
}
