//! The corpus held in memory: immutable snapshots swapped atomically, and a change feed.
//!
//! Readers take an `Arc<Snapshot>` and never block; writers serialise on a mutex, build a new
//! snapshot, swap it in and publish the change, so no reader ever sees a half-applied change and
//! the feed's order is the order of the swaps. A slow watcher never blocks a writer: the feed is
//! a bounded broadcast channel, and a watcher that falls behind is told it lagged.

mod closest;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;
use tokio::sync::broadcast;

use crate::error::Error;
use crate::model::Document;

/// Changes kept for watchers that fall behind, before they are told they lagged.
const FEED_CAPACITY: usize = 1024;

/// An immutable view of every document held, in corpus order.
#[derive(Debug, Default)]
pub struct Snapshot {
    docs: Vec<Arc<Document>>,
    by_id: HashMap<String, usize>,
    by_symbol: HashMap<String, usize>,
    /// Sequence number of the last change applied (0 for the empty store).
    pub seq: u64,
}

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// A new document.
    Added,
    /// A new revision of a document.
    Updated,
    /// A document was removed.
    Removed,
}

/// One change to the corpus, as published on the feed.
#[derive(Debug, Clone)]
pub struct Change {
    /// Position in the feed: strictly increasing.
    pub seq: u64,
    /// What happened.
    pub kind: ChangeKind,
    /// The document (for `Removed`, the revision that was removed).
    pub document: Arc<Document>,
}

impl Snapshot {
    fn new(docs: Vec<Arc<Document>>, seq: u64) -> Self {
        let mut by_id = HashMap::with_capacity(docs.len());
        let mut by_symbol = HashMap::with_capacity(docs.len());
        for (idx, doc) in docs.iter().enumerate() {
            by_id.insert(doc.id.clone(), idx);
            for key in symbol_keys(&doc.meta) {
                let held = by_symbol.entry(key).or_insert(idx);
                if answers_before(doc, &docs[*held]) {
                    *held = idx;
                }
            }
        }
        Self {
            docs,
            by_id,
            by_symbol,
            seq,
        }
    }

    /// Every document, in corpus order.
    pub fn documents(&self) -> &[Arc<Document>] {
        &self.docs
    }

    /// The document with this id or UN symbol (symbols compare case- and space-insensitively).
    /// An exact id always wins; among documents sharing a symbol, the one [`Self::position`]
    /// names answers.
    pub fn resolve(&self, key: &str) -> Result<&Arc<Document>, Error> {
        self.position(key)
            .map(|idx| &self.docs[idx])
            .ok_or_else(|| self.not_found(key))
    }

    /// The error for a key no document has: it names the closest ids or symbols held (by edit
    /// distance or a shared prefix, case-insensitively) and points to `ListDocuments`.
    pub fn not_found(&self, key: &str) -> Error {
        let labels: Vec<String> = self.docs.iter().map(|d| label(d)).collect();
        let candidates = self.docs.iter().zip(&labels).map(|(doc, label)| {
            (
                label.as_str(),
                vec![doc.id.as_str(), doc.meta.symbol.as_str()],
            )
        });
        let near = closest::closest(key, candidates);
        let n = self.docs.len();
        let hint = match (n, near.is_empty()) {
            (0, _) => "the corpus holds no documents: ingest one first (IngestDocument)".to_owned(),
            (_, true) => {
                format!("no id or symbol held is close to it; ListDocuments lists the {n} held")
            }
            (_, false) => format!(
                "the closest held are {}; ListDocuments lists all {n}",
                near.join(", ")
            ),
        };
        Error::DocumentNotFound {
            key: key.to_owned(),
            hint,
        }
    }

    /// Position in corpus order of the document with this id or symbol: an exact id first;
    /// otherwise, among the documents with this symbol, the highest revision, then the
    /// smallest id.
    pub fn position(&self, key: &str) -> Option<usize> {
        let key = key.trim();
        self.by_id
            .get(key)
            .or_else(|| self.by_symbol.get(&symbol_key(key)))
            .copied()
    }

    /// The other documents with `doc`'s symbol (not `doc` itself, by id), in corpus order.
    pub fn sharing_symbol(&self, doc: &Document) -> Vec<&Arc<Document>> {
        if doc.meta.symbol.is_empty() {
            return Vec::new();
        }
        let key = symbol_key(&doc.meta.symbol);
        self.docs
            .iter()
            .filter(|d| d.id != doc.id && symbol_key(&d.meta.symbol) == key)
            .collect()
    }

    /// Every symbol more than one document has, with the id that answers for it and the ids
    /// of all its documents (in corpus order).
    pub fn shared_symbols(&self) -> Vec<SharedSymbol> {
        let mut ids: HashMap<String, Vec<String>> = HashMap::new();
        for doc in self.docs.iter().filter(|d| !d.meta.symbol.is_empty()) {
            let key = symbol_key(&doc.meta.symbol);
            ids.entry(key).or_default().push(doc.id.clone());
        }
        let mut groups: Vec<SharedSymbol> = ids
            .into_iter()
            .filter(|(_, ids)| ids.len() > 1)
            .filter_map(|(key, ids)| {
                let answering = &self.docs[*self.by_symbol.get(&key)?];
                Some(SharedSymbol {
                    symbol: answering.meta.symbol.clone(),
                    answering: answering.id.clone(),
                    ids,
                })
            })
            .collect();
        groups.sort_by(|a, b| a.symbol.cmp(&b.symbol));
        groups
    }

    /// The document with exactly this id.
    pub fn get(&self, id: &str) -> Option<&Arc<Document>> {
        self.by_id.get(id).map(|&idx| &self.docs[idx])
    }

    /// The documents `filter` keeps, in corpus order.
    pub fn list(&self, filter: &ListFilter) -> Vec<Arc<Document>> {
        self.docs
            .iter()
            .filter(|d| filter.matches(d))
            .cloned()
            .collect()
    }
}

/// A symbol that more than one document has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedSymbol {
    /// The symbol, as the answering document prints it.
    pub symbol: String,
    /// The id of the document the symbol resolves to.
    pub answering: String,
    /// The ids of every document with the symbol, in corpus order.
    pub ids: Vec<String>,
}

/// Whether `doc` answers for a shared symbol before `held`: the higher revision, then the
/// smaller id.
fn answers_before(doc: &Document, held: &Document) -> bool {
    (std::cmp::Reverse(doc.revision), &doc.id) < (std::cmp::Reverse(held.revision), &held.id)
}

/// How a document is named in messages: its symbol with its id, or its id alone.
fn label(doc: &Document) -> String {
    if doc.meta.symbol.is_empty() {
        doc.id.clone()
    } else {
        format!("{} (id {})", doc.meta.symbol, doc.id)
    }
}

/// Which documents a listing keeps (`ListDocuments`); every condition is AND-ed, and an empty
/// condition keeps every document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// Start of the UN symbol, case-insensitive (`A/HRC/` keeps the Council's documents).
    pub symbol_prefix: String,
    /// Issuing body, case-insensitive and whole (`Human Rights Council`).
    pub body: String,
    /// Session as printed, case-insensitive and whole.
    pub session: String,
}

impl ListFilter {
    /// Whether `doc` meets every condition.
    pub fn matches(&self, doc: &Document) -> bool {
        let m = &doc.meta;
        let prefix = self.symbol_prefix.trim().to_uppercase();
        (prefix.is_empty() || m.symbols().any(|s| s.to_uppercase().starts_with(&prefix)))
            && (self.body.is_empty() || m.body.eq_ignore_ascii_case(self.body.trim()))
            && (self.session.is_empty() || m.session.eq_ignore_ascii_case(self.session.trim()))
    }
}

/// The keys a document answers for: each of its symbols and, for a joint document, the joint
/// form (`A/79/907-S/2025/268`).
fn symbol_keys(meta: &crate::model::Metadata) -> Vec<String> {
    let mut keys: Vec<String> = meta.symbols().map(symbol_key).collect();
    keys.extend(meta.joint_form("-").as_deref().map(symbol_key));
    keys
}

/// Normalises a UN symbol for lookup: upper case, no white space, an en dash read as the
/// hyphen that joins two symbols.
fn symbol_key(symbol: &str) -> String {
    symbol
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '–' { '-' } else { c })
        .flat_map(char::to_uppercase)
        .collect()
}

/// The mutable corpus: the current snapshot, a writer lock and the change feed.
#[derive(Debug)]
pub struct Store {
    current: ArcSwap<Snapshot>,
    write: Mutex<()>,
    feed: broadcast::Sender<Change>,
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}

impl Store {
    /// An empty store.
    pub fn new() -> Self {
        let (feed, _) = broadcast::channel(FEED_CAPACITY);
        Self {
            current: ArcSwap::default(),
            write: Mutex::new(()),
            feed,
        }
    }

    /// The current snapshot. Cheap; never blocks on writers.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    /// Subscribes to changes made after this call, together with the snapshot they follow:
    /// changes with `seq <= snapshot.seq` are already in the snapshot.
    pub fn watch(&self) -> (Arc<Snapshot>, broadcast::Receiver<Change>) {
        let _guard = self.lock();
        (self.snapshot(), self.feed.subscribe())
    }

    /// Adds or replaces documents by id. A document whose source digest equals the stored
    /// one's is left as it is (same revision); otherwise the revision goes up by one. A new
    /// document keeps the revision it comes with (restored from the corpus directory's sidecar),
    /// or gets 1; a replacement never gets less than the revision it comes with. Returns the
    /// stored documents in input order.
    pub fn upsert(&self, docs: Vec<Document>) -> Vec<Arc<Document>> {
        let _guard = self.lock();
        let old = self.current.load_full();
        let mut all = old.docs.clone();
        let mut index = old.by_id.clone();
        let mut seq = old.seq;
        let mut stored = Vec::with_capacity(docs.len());
        let mut changes = Vec::new();
        for mut doc in docs {
            let existing = index.get(&doc.id).copied();
            if let Some(idx) = existing
                && same_source(&all[idx], &doc)
            {
                stored.push(all[idx].clone());
                continue;
            }
            seq += 1;
            doc.revision = existing.map_or(doc.revision.max(1), |idx| {
                (all[idx].revision + 1).max(doc.revision)
            });
            let doc = Arc::new(doc);
            let kind = match existing {
                Some(idx) => {
                    all[idx] = doc.clone();
                    ChangeKind::Updated
                }
                None => {
                    index.insert(doc.id.clone(), all.len());
                    all.push(doc.clone());
                    ChangeKind::Added
                }
            };
            changes.push(Change {
                seq,
                kind,
                document: doc.clone(),
            });
            stored.push(doc);
        }
        self.publish(Snapshot::new(all, seq), changes);
        stored
    }

    /// Removes the document with this id or symbol; returns it, or `None` if absent.
    pub fn remove(&self, key: &str) -> Option<Arc<Document>> {
        let _guard = self.lock();
        let old = self.current.load_full();
        let idx = old.position(key)?;
        let mut all = old.docs.clone();
        let removed = all.remove(idx);
        let seq = old.seq + 1;
        let change = Change {
            seq,
            kind: ChangeKind::Removed,
            document: removed.clone(),
        };
        self.publish(Snapshot::new(all, seq), vec![change]);
        Some(removed)
    }

    /// Swaps in `next` and publishes `changes`, under the writer lock.
    fn publish(&self, next: Snapshot, changes: Vec<Change>) {
        self.current.store(Arc::new(next));
        for change in changes {
            // No receiver is not an error: nobody is watching.
            let _ = self.feed.send(change);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ()> {
        self.write
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn same_source(stored: &Document, new: &Document) -> bool {
    !new.source.digest.is_empty() && stored.source.digest == new.source.digest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, symbol: &str, body: &str, session: &str) -> Document {
        let mut doc = Document {
            id: id.to_owned(),
            ..Document::default()
        };
        doc.meta.symbol = symbol.to_owned();
        doc.meta.body = body.to_owned();
        doc.meta.session = session.to_owned();
        doc
    }

    #[test]
    fn a_listing_keeps_the_documents_every_condition_keeps_in_corpus_order() {
        let snapshot = Snapshot::new(
            vec![
                Arc::new(doc(
                    "a",
                    "A/HRC/52/71",
                    "Human Rights Council",
                    "Fifty-second session",
                )),
                Arc::new(doc("b", "A/80/21", "General Assembly", "Eightieth session")),
                Arc::new(doc(
                    "c",
                    "A/HRC/22/4",
                    "Human Rights Council",
                    "Twenty-second session",
                )),
            ],
            3,
        );
        let ids = |filter: ListFilter| -> Vec<String> {
            snapshot
                .list(&filter)
                .iter()
                .map(|d| d.id.clone())
                .collect()
        };
        assert_eq!(ids(ListFilter::default()), ["a", "b", "c"]);
        let council = ListFilter {
            symbol_prefix: " a/hrc/ ".to_owned(),
            ..ListFilter::default()
        };
        assert_eq!(ids(council), ["a", "c"]);
        let body = ListFilter {
            body: "human rights council ".to_owned(),
            session: "TWENTY-SECOND SESSION".to_owned(),
            ..ListFilter::default()
        };
        assert_eq!(ids(body), ["c"]);
        let none = ListFilter {
            symbol_prefix: "E/".to_owned(),
            ..ListFilter::default()
        };
        assert!(ids(none).is_empty());
    }

    #[test]
    fn a_joint_document_answers_for_each_of_its_symbols_and_for_the_joint_form() {
        let mut joint = doc("joint", "A/79/907", "General Assembly", "");
        joint.meta.other_symbols = vec!["S/2025/268".to_owned()];
        let snapshot = Snapshot::new(
            vec![
                Arc::new(doc("a", "A/80/21", "General Assembly", "")),
                Arc::new(joint),
            ],
            2,
        );
        for key in [
            "A/79/907",
            "s/2025/268",
            "A/79/907-S/2025/268",
            "A/79/907 – S/2025/268",
        ] {
            let found = snapshot.resolve(key).map(|d| d.id.as_str());
            assert_eq!(found.ok(), Some("joint"), "{key}");
        }
        assert!(snapshot.resolve("S/2025/26").is_err());
        let security_council = ListFilter {
            symbol_prefix: "S/".to_owned(),
            ..ListFilter::default()
        };
        let listed: Vec<String> = snapshot
            .list(&security_council)
            .iter()
            .map(|d| d.id.clone())
            .collect();
        assert_eq!(listed, ["joint"]);
    }
}
