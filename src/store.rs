//! The corpus held in memory: immutable snapshots swapped atomically.
//!
//! Readers take an `Arc<Snapshot>` and never block; writers serialise on a mutex, build a new
//! snapshot and swap it in, so no reader ever sees a half-applied change.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;

use crate::error::Error;
use crate::model::Document;

/// An immutable view of every document held, in corpus order.
#[derive(Debug, Default)]
pub struct Snapshot {
    docs: Vec<Arc<Document>>,
    by_id: HashMap<String, usize>,
    by_symbol: HashMap<String, usize>,
}

impl Snapshot {
    /// Builds a snapshot over documents in corpus order.
    pub fn new(docs: Vec<Arc<Document>>) -> Self {
        let mut by_id = HashMap::with_capacity(docs.len());
        let mut by_symbol = HashMap::with_capacity(docs.len());
        for (idx, doc) in docs.iter().enumerate() {
            by_id.insert(doc.id.clone(), idx);
            if !doc.meta.symbol.is_empty() {
                by_symbol.entry(symbol_key(&doc.meta.symbol)).or_insert(idx);
            }
        }
        Self {
            docs,
            by_id,
            by_symbol,
        }
    }

    /// Every document, in corpus order.
    pub fn documents(&self) -> &[Arc<Document>] {
        &self.docs
    }

    /// The document with this id or UN symbol (symbols compare case- and space-insensitively).
    pub fn resolve(&self, key: &str) -> Result<&Arc<Document>, Error> {
        self.position(key)
            .map(|idx| &self.docs[idx])
            .ok_or_else(|| Error::DocumentNotFound(key.to_owned()))
    }

    /// Position in corpus order of the document with this id or symbol.
    pub fn position(&self, key: &str) -> Option<usize> {
        let key = key.trim();
        self.by_id
            .get(key)
            .or_else(|| self.by_symbol.get(&symbol_key(key)))
            .copied()
    }
}

/// Normalises a UN symbol for lookup: upper case, no white space.
fn symbol_key(symbol: &str) -> String {
    symbol
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The mutable corpus: the current snapshot plus a writer lock.
#[derive(Debug, Default)]
pub struct Store {
    current: ArcSwap<Snapshot>,
    write: Mutex<()>,
}

impl Store {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// The current snapshot. Cheap; never blocks on writers.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    /// Adds documents, replacing any with the same id, and returns the new snapshot. Each
    /// stored document gets a revision one higher than the one it replaces (1 when new).
    pub fn upsert(&self, docs: Vec<Document>) -> Arc<Snapshot> {
        let _guard = self
            .write
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let old = self.current.load_full();
        let mut all: Vec<Arc<Document>> = old.docs.clone();
        for mut doc in docs {
            match old.by_id.get(&doc.id) {
                Some(&idx) => {
                    doc.revision = all[idx].revision + 1;
                    all[idx] = Arc::new(doc);
                }
                None => {
                    doc.revision = doc.revision.max(1);
                    all.push(Arc::new(doc));
                }
            }
        }
        let next = Arc::new(Snapshot::new(all));
        self.current.store(next.clone());
        next
    }
}
