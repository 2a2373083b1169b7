//! The index's fields, and one paragraph as an index document.
//!
//! The paragraph's text goes to the text field of its document's language (`text_en`, …,
//! `text_zh`, `text_other`), each with its own analyzer and positions (phrases); the other
//! fields are what queries filter on. The document's id and the paragraph's ordinal are stored:
//! a hit is read back as (id, ordinal) and resolved in the snapshot the index belongs to, which
//! holds the text, so the index stores no text.

use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};
use tantivy::{Index, TantivyDocument};

use super::analyzers::{self, ANALYZERS};
use super::dates;
use crate::model::{Document, Paragraph, ParagraphKind};

/// Every field of the index.
#[derive(Debug, Clone)]
pub(crate) struct Fields {
    /// The text fields, one per entry of [`ANALYZERS`], in that order.
    pub(crate) texts: Vec<Field>,
    pub(crate) doc_id: Field,
    pub(crate) ordinal: Field,
    pub(crate) symbol: Field,
    pub(crate) body: Field,
    pub(crate) session: Field,
    pub(crate) language: Field,
    pub(crate) section: Field,
    pub(crate) kind: Field,
    pub(crate) number: Field,
    pub(crate) in_annex: Field,
    pub(crate) page_start: Field,
    pub(crate) page_end: Field,
    pub(crate) date: Field,
    pub(crate) schema: Schema,
}

/// The names queries use for the text fields, in the order of [`ANALYZERS`].
const TEXT_FIELDS: [&str; 7] = [
    "text_en",
    "text_fr",
    "text_es",
    "text_ru",
    "text_ar",
    "text_zh",
    "text_other",
];

impl Fields {
    /// The schema.
    pub(crate) fn new() -> Self {
        let mut b = Schema::builder();
        let texts = TEXT_FIELDS
            .iter()
            .zip(ANALYZERS)
            .map(|(name, (_, tokenizer))| b.add_text_field(name, text(tokenizer)))
            .collect();
        let numeric = || NumericOptions::default().set_indexed().set_fast();
        Self {
            texts,
            doc_id: b.add_text_field("document", STRING | STORED),
            ordinal: b.add_u64_field("ordinal", STORED),
            symbol: b.add_text_field("symbol", text("pd_keyword")),
            body: b.add_text_field("body", text("pd_plain")),
            session: b.add_text_field("session", text("pd_plain")),
            language: b.add_text_field("language", STRING),
            section: b.add_text_field("section", text("pd_plain")),
            kind: b.add_text_field("kind", STRING),
            number: b.add_text_field("number", STRING),
            in_annex: b.add_bool_field("in_annex", INDEXED),
            page_start: b.add_u64_field("page_start", numeric()),
            page_end: b.add_u64_field("page_end", numeric()),
            date: b.add_u64_field("date", numeric()),
            schema: b.build(),
        }
    }

    /// Registers the analyzers the fields name on `index`.
    pub(crate) fn register(index: &Index) {
        for (_, name) in ANALYZERS {
            index.tokenizers().register(name, analyzers::analyzer(name));
        }
        index
            .tokenizers()
            .register("pd_keyword", analyzers::keyword());
    }

    /// The text field of documents in `language` (ISO 639-1), or the fallback's.
    pub(crate) fn text_of(&self, language: &str) -> Field {
        let language = crate::language::key(language);
        let idx = ANALYZERS
            .iter()
            .position(|(code, _)| *code == language)
            .unwrap_or(ANALYZERS.len() - 1);
        self.texts[idx]
    }

    /// The analyzer name of `field`, if it is a text field.
    pub(crate) fn analyzer_of(&self, field: Field) -> Option<&'static str> {
        let idx = self.texts.iter().position(|f| *f == field)?;
        Some(ANALYZERS[idx].1)
    }

    /// `paragraph` of `doc` as an index document.
    pub(crate) fn document(&self, doc: &Document, paragraph: &Paragraph) -> TantivyDocument {
        let mut d = TantivyDocument::default();
        let m = &doc.meta;
        d.add_text(self.text_of(&m.language), &paragraph.text);
        d.add_text(self.doc_id, &doc.id);
        d.add_u64(self.ordinal, u64::from(paragraph.ordinal));
        for symbol in m.symbols() {
            d.add_text(self.symbol, symbol);
        }
        d.add_text(self.body, &m.body);
        d.add_text(self.session, &m.session);
        d.add_text(self.language, crate::language::key(&m.language));
        d.add_text(self.section, section_words(doc, paragraph));
        d.add_text(self.kind, kind_name(paragraph.kind));
        if let Some(number) = &paragraph.number {
            d.add_text(self.number, number);
        }
        d.add_bool(self.in_annex, paragraph.in_annex());
        d.add_u64(self.page_start, u64::from(paragraph.page_start));
        d.add_u64(self.page_end, u64::from(paragraph.page_end));
        if let Some(date) = dates::day_number(&m.date) {
            d.add_u64(self.date, u64::from(date));
        }
        d
    }
}

/// The labels and titles of the paragraph's section and those enclosing it, outermost first.
fn section_words(doc: &Document, paragraph: &Paragraph) -> String {
    let mut parts: Vec<&str> = (paragraph.section.into_iter())
        .flat_map(|idx| doc.ancestors(idx))
        .flat_map(|(_, s)| [s.title.as_str(), s.label.as_str()])
        .collect();
    parts.reverse();
    parts.join(" ")
}

/// The name a paragraph kind is indexed (and queried, `kind:table`) under.
pub(crate) fn kind_name(kind: ParagraphKind) -> &'static str {
    match kind {
        ParagraphKind::Numbered => "numbered",
        ParagraphKind::Unnumbered => "unnumbered",
        ParagraphKind::Table => "table",
    }
}

/// A text field analysed by `tokenizer`, with positions (phrase queries work on every field).
fn text(tokenizer: &str) -> TextOptions {
    let record = IndexRecordOption::WithFreqsAndPositions;
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}
