//! The quote indexes ([`QuoteIndex`]) of the documents quoted last, so that locating quote
//! after quote in one document folds its text once, not once a call. Bounded: at most
//! [`CACHED_DOCUMENTS`] documents, each about one byte per character of its text.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use crate::model::Document;
use crate::query::locate::QuoteIndex;

/// Documents whose quote index is kept.
pub(crate) const CACHED_DOCUMENTS: usize = 8;

/// The cache, shared by the service's clones.
#[derive(Debug, Clone, Default)]
pub(crate) struct QuoteCache {
    entries: Arc<Mutex<VecDeque<Entry>>>,
}

#[derive(Debug)]
struct Entry {
    id: String,
    revision: u64,
    digest: String,
    index: Arc<QuoteIndex>,
}

impl Entry {
    fn is_of(&self, doc: &Document) -> bool {
        self.id == doc.id && self.revision == doc.revision && self.digest == doc.source.digest
    }
}

impl QuoteCache {
    /// The quote index of `doc`: the cached one of this revision, else made now (outside the
    /// lock) and cached, the least recently made one leaving past the bound.
    pub(crate) fn index(&self, doc: &Document) -> Arc<QuoteIndex> {
        if let Some(index) = self.cached(doc) {
            return index;
        }
        let index = Arc::new(QuoteIndex::of(doc));
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|e| e.id != doc.id);
        entries.push_front(Entry {
            id: doc.id.clone(),
            revision: doc.revision,
            digest: doc.source.digest.clone(),
            index: index.clone(),
        });
        entries.truncate(CACHED_DOCUMENTS);
        index
    }

    fn cached(&self, doc: &Document) -> Option<Arc<QuoteIndex>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .iter()
            .find(|e| e.is_of(doc))
            .map(|e| e.index.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, revision: u64, text: &str) -> Document {
        Document {
            id: id.to_owned(),
            revision,
            paragraphs: vec![crate::model::Paragraph {
                ordinal: 1,
                text: text.to_owned(),
                ..Default::default()
            }],
            ..Document::default()
        }
    }

    #[test]
    fn a_revision_is_folded_once_and_a_new_one_replaces_it() {
        let cache = QuoteCache::default();
        let first = cache.index(&doc("a", 1, "Peace now"));
        assert!(Arc::ptr_eq(&first, &cache.index(&doc("a", 1, "Peace now"))));
        let second = cache.index(&doc("a", 2, "War"));
        assert!(!Arc::ptr_eq(&first, &second));
        assert_eq!(cache.entries.lock().map(|e| e.len()).unwrap_or(0), 1);
        for i in 0..20 {
            cache.index(&doc(&format!("d{i}"), 1, "x"));
        }
        assert_eq!(
            cache.entries.lock().map(|e| e.len()).unwrap_or(0),
            CACHED_DOCUMENTS
        );
    }
}
