//! Ranked full-text search over every paragraph held (tantivy: BM25, phrases, boolean
//! operators, field conditions). Pure with respect to the wire: no tonic, no prost.
//!
//! The store owns one [`Indexer`] under its writer lock. Every write (ingest, delete, reload)
//! applies its changes to the index and commits them *before* the new snapshot is swapped in,
//! and the new [`Generation`] (a tantivy `Searcher` over exactly the committed segments) is
//! carried inside that snapshot. A request takes the documents and the index from the same
//! `Arc<Snapshot>`, so a search never sees a paragraph the snapshot no longer holds and never
//! misses one it holds.
//!
//! The index stores no text: a hit is (document id, ordinal), resolved in the snapshot.

mod analyzers;
mod dates;
mod highlight;
pub mod limits;
mod schema;

use std::ops::Bound;
use std::sync::Arc;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermSetQuery};
use tantivy::schema::Value;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, Term};

use crate::error::Error;
use crate::model::{Document, Paragraph, ParagraphKind};
pub use dates::iso as iso_day;
pub use highlight::{Highlighter, Span, snippet};
use schema::Fields;

/// Memory of the index writer per indexing thread, in bytes.
const WRITER_BYTES_PER_THREAD: usize = 24 << 20;
/// Most indexing threads.
const MAX_WRITER_THREADS: usize = 4;

/// The mutable side of the index, owned by the store's writer.
pub struct Indexer {
    index: Index,
    writer: IndexWriter,
    reader: IndexReader,
    fields: Arc<Fields>,
}

impl std::fmt::Debug for Indexer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Indexer").finish_non_exhaustive()
    }
}

impl Indexer {
    /// An empty index in memory.
    pub fn new() -> Result<Self, Error> {
        let fields = Fields::new();
        let index = Index::create_in_ram(fields.schema.clone());
        Fields::register(&index);
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, MAX_WRITER_THREADS);
        let writer = index
            .writer_with_num_threads(threads, threads * WRITER_BYTES_PER_THREAD)
            .map_err(internal)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(internal)?;
        Ok(Self {
            index,
            writer,
            reader,
            fields: Arc::new(fields),
        })
    }

    /// Removes the paragraphs of the documents with ids `removed`, (re)indexes every paragraph
    /// of `added` (a document indexed before is replaced), commits, and returns the generation
    /// that sees exactly the result. `progress` is called after each document added.
    pub fn apply(
        &mut self,
        removed: &[&str],
        added: &[Arc<Document>],
        progress: &mut dyn FnMut(usize),
    ) -> Result<Generation, Error> {
        for id in removed
            .iter()
            .copied()
            .chain(added.iter().map(|d| d.id.as_str()))
        {
            self.writer
                .delete_term(Term::from_field_text(self.fields.doc_id, id));
        }
        for (n, doc) in added.iter().enumerate() {
            for paragraph in &doc.paragraphs {
                let indexed = self.fields.document(doc, paragraph);
                self.writer.add_document(indexed).map_err(internal)?;
            }
            progress(n + 1);
        }
        self.writer.commit().map_err(internal)?;
        self.reader.reload().map_err(internal)?;
        Ok(self.generation())
    }

    /// What a searcher sees now.
    fn generation(&self) -> Generation {
        Generation {
            state: State::Ready(Arc::new(Ready {
                index: self.index.clone(),
                searcher: self.reader.searcher(),
                fields: self.fields.clone(),
            })),
        }
    }
}

/// One committed state of the index, immutable: what the snapshot carrying it holds.
#[derive(Debug, Clone, Default)]
pub struct Generation {
    state: State,
}

#[derive(Debug, Clone, Default)]
enum State {
    /// Nothing indexed: the empty store.
    #[default]
    Empty,
    Ready(Arc<Ready>),
    /// Indexing failed: searches fail with this reason until a write rebuilds the index.
    Failed(String),
}

struct Ready {
    index: Index,
    searcher: Searcher,
    fields: Arc<Fields>,
}

impl std::fmt::Debug for Ready {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ready")
            .field("paragraphs", &self.searcher.num_docs())
            .finish_non_exhaustive()
    }
}

/// A search, validated: the words and the filters.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// The query string: words, `"phrases"`, `+must`, `-not`, `OR`, `field:value`.
    pub text: String,
    /// Keep only paragraphs of these document ids; `None` keeps every document.
    pub documents: Option<Vec<String>>,
    /// Search the text of documents in this language only (and analyse the words as such).
    pub language: Option<&'static str>,
    /// Keep documents dated on or after this day (`YYYYMMDD`).
    pub date_from: Option<u32>,
    /// Keep documents dated on or before this day (`YYYYMMDD`).
    pub date_to: Option<u32>,
    /// Keep paragraphs whose section path holds these words, in this order.
    pub section: Option<String>,
    /// Keep paragraphs of these kinds (empty = all kinds).
    pub kinds: Vec<ParagraphKind>,
    /// Hits to skip (the page's start).
    pub offset: usize,
    /// Most hits to return.
    pub limit: usize,
}

/// One hit: a paragraph, by document id and ordinal, and its score.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The document's id.
    pub document_id: String,
    /// The paragraph's ordinal in it.
    pub ordinal: u32,
    /// BM25 score (higher is better).
    pub score: f32,
}

/// The hits of one search, best first, and how to highlight them.
#[derive(Debug, Clone)]
pub struct Found {
    /// The hits, best first (ties in index order).
    pub hits: Vec<Hit>,
    highlighter: Option<(Highlighter, Arc<Fields>)>,
}

impl Found {
    /// The highlighted spans of `paragraph`'s text (byte offsets into it), in order.
    pub fn highlights(&self, doc: &Document, paragraph: &Paragraph) -> Vec<Span> {
        match &self.highlighter {
            Some((h, fields)) => h.spans(fields.text_of(&doc.meta.language), &paragraph.text),
            None => Vec::new(),
        }
    }
}

impl Generation {
    /// Paragraphs indexed in this generation.
    pub fn paragraphs(&self) -> u64 {
        match &self.state {
            State::Ready(ready) => ready.searcher.num_docs(),
            _ => 0,
        }
    }

    /// Bytes the index of this generation takes (tantivy's space usage of its segments).
    pub fn bytes(&self) -> u64 {
        match &self.state {
            State::Ready(ready) => {
                (ready.searcher.space_usage()).map_or(0, |usage| usage.total().get_bytes())
            }
            _ => 0,
        }
    }

    /// Why this generation's searches fail, if they do.
    pub fn failed_reason(&self) -> Option<&str> {
        match &self.state {
            State::Failed(why) => Some(why),
            _ => None,
        }
    }

    /// A generation whose searches fail with `reason`.
    pub fn failed(reason: String) -> Self {
        Self {
            state: State::Failed(reason),
        }
    }

    /// Runs `query`: INVALID_ARGUMENT naming the `query` field (with `prefix` before it) for a
    /// query over a limit or one that does not parse.
    pub fn search(&self, query: &SearchQuery, prefix: &str) -> Result<Found, Error> {
        let field = format!("{prefix}query");
        limits::check(&query.text, &field)?;
        let ready = match &self.state {
            State::Ready(ready) => ready,
            State::Empty => return Ok(Found::nothing()),
            State::Failed(why) => return Err(Error::Internal(format!("search index: {why}"))),
        };
        if query.documents.as_ref().is_some_and(Vec::is_empty) {
            return Ok(Found::nothing());
        }
        let (words, highlighter) = ready.parse(query, &field)?;
        let filtered = ready.filtered(words, query, prefix)?;
        let top = TopDocs::with_limit(query.limit.max(1))
            .and_offset(query.offset)
            .order_by_score();
        let found = ready.searcher.search(&filtered, &top).map_err(internal)?;
        let hits = found
            .into_iter()
            .map(|(score, address)| ready.hit(score, address))
            .collect::<Result<_, _>>()?;
        Ok(Found {
            hits,
            highlighter: Some((highlighter, ready.fields.clone())),
        })
    }
}

impl Found {
    fn nothing() -> Self {
        Self {
            hits: Vec::new(),
            highlighter: None,
        }
    }
}

impl Ready {
    /// The query string as a tantivy query over the text fields (those of `language` alone
    /// when it is set); every word must match unless `OR` says otherwise.
    fn parse(
        &self,
        query: &SearchQuery,
        field: &str,
    ) -> Result<(Box<dyn Query>, Highlighter), Error> {
        let texts = match query.language {
            Some(language) => vec![self.fields.text_of(language)],
            None => self.fields.texts.clone(),
        };
        let mut parser = QueryParser::for_index(&self.index, texts);
        parser.set_conjunction_by_default();
        let parsed = parser
            .parse_query(&query.text)
            .map_err(|e| Error::invalid(field, format!("the query does not parse: {e}")))?;
        let highlighter = Highlighter::new(parsed.as_ref(), &self.fields);
        Ok((parsed, highlighter))
    }

    /// `words` AND every filter of `query`.
    fn filtered(
        &self,
        words: Box<dyn Query>,
        query: &SearchQuery,
        prefix: &str,
    ) -> Result<BooleanQuery, Error> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, words)];
        let mut must = |q: Box<dyn Query>| clauses.push((Occur::Must, q));
        if let Some(ids) = &query.documents {
            let terms = ids.iter().map(|id| Term::from_field_text(f.doc_id, id));
            must(Box::new(TermSetQuery::new(terms)));
        }
        if query.date_from.is_some() || query.date_to.is_some() {
            let bound = |d: Option<u32>| {
                d.map_or(Bound::Unbounded, |d| {
                    Bound::Included(Term::from_field_u64(f.date, u64::from(d)))
                })
            };
            let (from, to) = (bound(query.date_from), bound(query.date_to));
            let from = match from {
                Bound::Unbounded => Bound::Included(Term::from_field_u64(f.date, 0)),
                b => b,
            };
            must(Box::new(RangeQuery::new(from, to)));
        }
        if !query.kinds.is_empty() {
            let terms =
                (query.kinds.iter()).map(|k| Term::from_field_text(f.kind, schema::kind_name(*k)));
            must(Box::new(TermSetQuery::new(terms)));
        }
        if let Some(section) = &query.section {
            must(self.section(section, prefix)?);
        }
        Ok(BooleanQuery::new(clauses))
    }

    /// Paragraphs whose section path holds the words of `section`, in order.
    fn section(&self, section: &str, prefix: &str) -> Result<Box<dyn Query>, Error> {
        let parser = QueryParser::for_index(&self.index, vec![self.fields.section]);
        let phrase = format!("\"{}\"", section.replace(['"', '\\'], " "));
        let no_word = || {
            Error::invalid(
                format!("{prefix}section"),
                "the section names no word to look for",
            )
        };
        let query = parser.parse_query(&phrase).map_err(|_| no_word())?;
        let mut empty = true;
        query.query_terms(&mut |_, _| empty = false);
        if empty { Err(no_word()) } else { Ok(query) }
    }

    /// The (document id, ordinal) stored for a hit.
    fn hit(&self, score: f32, address: DocAddress) -> Result<Hit, Error> {
        let doc: tantivy::TantivyDocument = self.searcher.doc(address).map_err(internal)?;
        let document_id = doc.get_first(self.fields.doc_id).and_then(|v| v.as_str());
        let ordinal = doc.get_first(self.fields.ordinal).and_then(|v| v.as_u64());
        match (document_id, ordinal.and_then(|o| u32::try_from(o).ok())) {
            (Some(id), Some(ordinal)) => Ok(Hit {
                document_id: id.to_owned(),
                ordinal,
                score,
            }),
            _ => Err(Error::Internal(
                "search index: a hit without its document".into(),
            )),
        }
    }
}

fn internal(e: tantivy::TantivyError) -> Error {
    Error::Internal(format!("search index: {e}"))
}
