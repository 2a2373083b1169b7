//! The corpus held in memory: immutable snapshots swapped atomically, and a change feed.
//!
//! Readers take an `Arc<Snapshot>` and never block; writers serialise on a mutex, build a new
//! snapshot, swap it in and publish the change, so no reader ever sees a half-applied change and
//! the feed's order is the order of the swaps. A slow watcher never blocks a writer: the feed is
//! a bounded broadcast channel, and a watcher that falls behind is told it lagged.
//!
//! A report's language versions share its symbol: the store holds one document per (symbol,
//! language) for the symbol to name ([`Snapshot::locate`]; the index is `versions.rs`).
//!
//! Each snapshot carries the search index's generation that matches it
//! ([`crate::search::Generation`]): a write commits its changes to the index before it swaps
//! the snapshot in (`store/indexing.rs`), so a search reads the documents and the index from
//! the same `Arc<Snapshot>`.

mod cites;
mod closest;
mod indexing;
mod versions;

pub use cites::{Citing, Resolution};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;
use tokio::sync::broadcast;

use crate::error::Error;
use crate::language;
use crate::model::Document;
use crate::search::{self, Generation};
use indexing::Indexing;
use versions::{SymbolIndex, symbol_key};

/// Changes kept for watchers that fall behind, before they are told they lagged.
const FEED_CAPACITY: usize = 1024;

/// An immutable view of every document held, in corpus order.
#[derive(Debug, Default)]
pub struct Snapshot {
    docs: Vec<Arc<Document>>,
    by_id: HashMap<String, usize>,
    symbols: SymbolIndex,
    cites: cites::CiteIndex,
    search: Generation,
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
    fn new(docs: Vec<Arc<Document>>, seq: u64, search: Generation) -> Self {
        let by_id = docs
            .iter()
            .enumerate()
            .map(|(idx, doc)| (doc.id.clone(), idx))
            .collect();
        let symbols = SymbolIndex::new(&docs);
        Self {
            cites: cites::CiteIndex::build(&docs, &symbols),
            symbols,
            docs,
            by_id,
            search,
            seq,
        }
    }

    /// Searches the paragraphs of this snapshot's documents: those `request` names (one
    /// document, in its language), else those its listing filter keeps. A document the request
    /// names and nothing has is [`Self::not_found`].
    pub fn search(&self, request: SearchRequest) -> Result<search::Found, Error> {
        let SearchRequest {
            document,
            documents,
            mut query,
        } = request;
        query.documents = match document {
            Some(key) => Some(vec![
                self.docs[self.locate(&key, query.language)?].id.clone(),
            ]),
            None if documents == ListFilter::default() => None,
            None => Some(self.list(&documents).iter().map(|d| d.id.clone()).collect()),
        };
        self.search.search(&query, "")
    }

    /// The search index's generation this snapshot carries.
    pub fn search_index(&self) -> &Generation {
        &self.search
    }

    /// Every document, in corpus order.
    pub fn documents(&self) -> &[Arc<Document>] {
        &self.docs
    }

    /// The document with this id or UN symbol (symbols compare case- and space-insensitively),
    /// in the default language: see [`Self::locate`].
    pub fn resolve(&self, key: &str) -> Result<&Arc<Document>, Error> {
        self.resolve_in(key, None)
    }

    /// The document with this id or UN symbol in `language`: see [`Self::locate`].
    pub fn resolve_in(&self, key: &str, language: Option<&str>) -> Result<&Arc<Document>, Error> {
        self.locate(key, language).map(|idx| &self.docs[idx])
    }

    /// Position in corpus order of the document `key` names in `language`. The store holds one
    /// document per (symbol, language) for a symbol to name:
    ///
    /// - an exact id wins; with a language it is not in, the same report's version in that
    ///   language answers (the id names the report);
    /// - a symbol with a language names its version in that language, else
    ///   [`Error::LanguageNotHeld`] naming the languages held;
    /// - a symbol without a language names the English version, else the only version held,
    ///   else INVALID_ARGUMENT on `language` naming the versions;
    /// - among several documents of one symbol in one language, the highest revision, then the
    ///   smallest id, answers.
    ///
    /// A key nothing has is [`Self::not_found`].
    pub fn locate(&self, key: &str, language: Option<&str>) -> Result<usize, Error> {
        let key = key.trim();
        if let Some(&idx) = self.by_id.get(key) {
            return self.in_language(idx, language);
        }
        self.symbols
            .pick(key, language, &self.docs)?
            .ok_or_else(|| self.not_found(key))
    }

    /// The document at `idx`, or its symbol's version in `language` when it is in another.
    fn in_language(&self, idx: usize, language: Option<&str>) -> Result<usize, Error> {
        let doc = &self.docs[idx];
        let Some(lang) = language.filter(|l| language::key(l) != language::key(&doc.meta.language))
        else {
            return Ok(idx);
        };
        let held = || vec![versions::display(&language::key(&doc.meta.language))];
        match self.symbols.versions(&doc.meta.symbol) {
            Some(versions) if !doc.meta.symbol.is_empty() => {
                versions::pick(&doc.meta.symbol, versions, Some(lang), &self.docs)
            }
            _ => Err(Error::LanguageNotHeld {
                symbol: doc.id.clone(),
                language: language::key(lang),
                held: held(),
            }),
        }
    }

    /// Position in corpus order of the document with this id or symbol, in the default
    /// language ([`Self::locate`] without a language); `None` when it names none.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.locate(key, None).ok()
    }

    /// The language versions of `doc`'s report: for each language held for its symbol, the
    /// document answering in it (`doc` itself in its own language), ordered by language code.
    /// A document without a symbol is its only version.
    pub fn versions(&self, doc: &Arc<Document>) -> LanguageVersions {
        let own = language::key(&doc.meta.language);
        let held = self
            .symbols
            .versions(&doc.meta.symbol)
            .filter(|_| !doc.meta.symbol.is_empty());
        let Some(held) = held else {
            return vec![(own, doc.clone())];
        };
        held.iter()
            .map(|(lang, &idx)| {
                let version = if *lang == own { doc } else { &self.docs[idx] };
                (lang.clone(), version.clone())
            })
            .collect()
    }

    /// The language versions of the report `key` names (an id, or a symbol in any of its
    /// languages), as [`Self::versions`] gives them; [`Self::not_found`] when nothing has it.
    pub fn report_versions(&self, key: &str) -> Result<LanguageVersions, Error> {
        let key = key.trim();
        if let Some(doc) = self.get(key) {
            return Ok(self.versions(doc));
        }
        let held = self
            .symbols
            .versions(key)
            .ok_or_else(|| self.not_found(key))?;
        Ok(held
            .iter()
            .map(|(lang, &idx)| (lang.clone(), self.docs[idx].clone()))
            .collect())
    }

    /// The languages held for `doc`'s symbol (its own language alone when it has no symbol),
    /// ordered by code.
    pub fn languages_of(&self, doc: &Document) -> Vec<String> {
        match self.symbols.versions(&doc.meta.symbol) {
            Some(held) if !doc.meta.symbol.is_empty() => held.keys().cloned().collect(),
            _ => vec![language::key(&doc.meta.language)],
        }
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

    /// The other documents with `doc`'s symbol in `doc`'s language (not `doc` itself, by id),
    /// in corpus order: copies of one version, not the report's other languages.
    pub fn sharing_symbol(&self, doc: &Document) -> Vec<&Arc<Document>> {
        if doc.meta.symbol.is_empty() {
            return Vec::new();
        }
        let key = version_key(doc);
        self.docs
            .iter()
            .filter(|d| d.id != doc.id && version_key(d) == key)
            .collect()
    }

    /// Every (symbol, language) more than one document has, with the id that answers for it and
    /// the ids of all its documents (in corpus order).
    pub fn shared_symbols(&self) -> Vec<SharedSymbol> {
        let mut ids: HashMap<(String, String), Vec<String>> = HashMap::new();
        for doc in self.docs.iter().filter(|d| !d.meta.symbol.is_empty()) {
            ids.entry(version_key(doc))
                .or_default()
                .push(doc.id.clone());
        }
        let mut groups: Vec<SharedSymbol> = ids
            .into_iter()
            .filter(|(_, ids)| ids.len() > 1)
            .filter_map(|((key, language), ids)| {
                let idx = *self.symbols.versions(&key)?.get(&language)?;
                let answering = &self.docs[idx];
                Some(SharedSymbol {
                    symbol: answering.meta.symbol.clone(),
                    language,
                    answering: answering.id.clone(),
                    ids,
                })
            })
            .collect();
        groups.sort_by(|a, b| (&a.symbol, &a.language).cmp(&(&b.symbol, &b.language)));
        groups
    }

    /// Whether each citation paragraph `ordinal` of `doc` makes resolves in this snapshot's
    /// corpus, in the order of its references; empty for a document not in this snapshot.
    pub fn resolutions(&self, doc: &Document, ordinal: u32) -> &[Resolution] {
        match self.by_id.get(&doc.id) {
            Some(&idx) => self.cites.resolutions(idx, ordinal),
            None => &[],
        }
    }

    /// How many citations `doc` makes, and how many of them resolve in this snapshot's corpus.
    pub fn citation_counts(&self, doc: &Document) -> (u32, u32) {
        self.by_id
            .get(&doc.id)
            .map_or((0, 0), |&idx| self.cites.counts(idx))
    }

    /// The paragraphs of the corpus citing paragraphs `ordinals` of the document at position
    /// `doc`: each citation once, with the first of `ordinals` it cites, in the order of
    /// `ordinals`, then in corpus and text order. Built with the snapshot, so it always agrees
    /// with [`Self::documents`].
    pub fn cited_by(&self, doc: usize, ordinals: &[u32]) -> Vec<(u32, Citing)> {
        self.cites.cited_by(doc, ordinals)
    }

    /// The document at position `idx` in corpus order.
    pub fn at(&self, idx: usize) -> Option<&Arc<Document>> {
        self.docs.get(idx)
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

/// A search as [`Snapshot::search`] takes it.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// Search inside this document only (id or symbol, in `query.language` when set).
    pub document: Option<String>,
    /// Otherwise, search the documents this listing filter keeps.
    pub documents: ListFilter,
    /// The words and the paragraph filters.
    pub query: search::SearchQuery,
}

/// A report's language versions: each language held, with the document answering in it.
pub type LanguageVersions = Vec<(String, Arc<Document>)>;

/// A (symbol, language) that more than one document has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedSymbol {
    /// The symbol, as the answering document prints it.
    pub symbol: String,
    /// The language of the documents sharing it.
    pub language: String,
    /// The id of the document the symbol resolves to in that language.
    pub answering: String,
    /// The ids of every document with the symbol in that language, in corpus order.
    pub ids: Vec<String>,
}

/// A document's version key: its symbol and its language, normalised.
fn version_key(doc: &Document) -> (String, String) {
    (
        symbol_key(&doc.meta.symbol),
        language::key(&doc.meta.language),
    )
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
    /// Language of the document, case-insensitive (`fr` keeps the French versions).
    pub language: String,
}

impl ListFilter {
    /// Whether `doc` meets every condition.
    pub fn matches(&self, doc: &Document) -> bool {
        let m = &doc.meta;
        let prefix = self.symbol_prefix.trim().to_uppercase();
        let lang = language::key(&self.language);
        (prefix.is_empty() || m.symbols().any(|s| s.to_uppercase().starts_with(&prefix)))
            && (self.body.is_empty() || m.body.eq_ignore_ascii_case(self.body.trim()))
            && (self.session.is_empty() || m.session.eq_ignore_ascii_case(self.session.trim()))
            && (lang.is_empty() || language::key(&m.language) == lang)
    }
}

/// The mutable corpus: the current snapshot, a writer lock and the change feed.
#[derive(Debug)]
pub struct Store {
    current: ArcSwap<Snapshot>,
    write: Mutex<Indexing>,
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
            write: Mutex::new(Indexing::default()),
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
        let mut indexing = self.lock();
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
        let changed: Vec<Arc<Document>> = changes.iter().map(|c| c.document.clone()).collect();
        let search = indexing.apply(&old, &[], &changed, &all);
        self.publish(Snapshot::new(all, seq, search), changes);
        stored
    }

    /// Removes the document with this id or symbol; returns it, or `None` if absent.
    pub fn remove(&self, key: &str) -> Option<Arc<Document>> {
        let mut indexing = self.lock();
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
        let search = indexing.apply(&old, &[removed.id.as_str()], &[], &all);
        self.publish(Snapshot::new(all, seq, search), vec![change]);
        Some(removed)
    }

    /// Swaps in `next` (whose search index is already committed) and publishes `changes`,
    /// under the writer lock.
    fn publish(&self, next: Snapshot, changes: Vec<Change>) {
        self.current.store(Arc::new(next));
        for change in changes {
            // No receiver is not an error: nobody is watching.
            let _ = self.feed.send(change);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Indexing> {
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
            Generation::default(),
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
            Generation::default(),
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
