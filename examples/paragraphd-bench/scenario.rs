//! The benchmark scenarios and the requests they send.

use crate::pb;

/// What one load run does.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Scenario {
    /// (a) `SelectParagraphs` of one paragraph by number.
    One,
    /// (b) `SelectParagraphs` of a whole document, streamed.
    Document,
    /// (c) `SelectParagraphs` of a citation naming five paragraphs.
    Citation,
    /// (d) Many one-paragraph queries on each `Query` stream.
    Query,
    /// (e) (a) while one client ingests a text document at a fixed rate.
    Mixed,
    /// (f) `LocateParagraphs` of a 12-word quote from the middle of (a)'s paragraph.
    Locate,
}

impl Scenario {
    /// The label used in tables, e.g. `(a) one paragraph`.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::One => "(a) one paragraph by number",
            Self::Document => "(b) whole document stream",
            Self::Citation => "(c) citation, five paragraphs",
            Self::Query => "(d) Query stream, one-paragraph queries",
            Self::Mixed => "(e) (a) + concurrent ingests",
            Self::Locate => "(f) locate a 12-word quote",
        }
    }

    /// The kebab-case name used on the command line and in JSON.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::One => "one",
            Self::Document => "document",
            Self::Citation => "citation",
            Self::Query => "query",
            Self::Mixed => "mixed",
            Self::Locate => "locate",
        }
    }
}

/// The document and inputs the scenarios use.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Workload {
    /// Document id or symbol the selections name, e.g. `A/HRC/12/9`.
    pub(crate) document: String,
    /// The paragraph number of (a) and (d), e.g. `58`.
    pub(crate) number: String,
    /// The first of the five paragraphs of (c); the citation is `paras. N-(N+4)`.
    pub(crate) citation_first: u32,
    /// The text document (e) ingests, as `text/plain`.
    pub(crate) ingest_text: String,
    /// Ingests per second in (e).
    pub(crate) ingest_rate: f64,
    /// The quote (f) locates: 12 words from the middle of paragraph `number`.
    #[serde(default)]
    pub(crate) quote: String,
}

impl Workload {
    /// (a): one paragraph by number.
    pub(crate) fn one(&self) -> pb::SelectParagraphsRequest {
        pb::SelectParagraphsRequest {
            document: self.document.clone(),
            selectors: vec![pb::Selector {
                selector: Some(pb::selector::Selector::Number(self.number.clone())),
            }],
            ..Default::default()
        }
    }

    /// (b): the whole document.
    pub(crate) fn document(&self) -> pb::SelectParagraphsRequest {
        pb::SelectParagraphsRequest {
            document: self.document.clone(),
            ..Default::default()
        }
    }

    /// (c): a citation of five paragraphs, naming the document, e.g. `A/HRC/12/9, paras. 58-62`.
    pub(crate) fn citation(&self) -> pb::SelectParagraphsRequest {
        let first = self.citation_first;
        pb::SelectParagraphsRequest {
            citation: format!("{}, paras. {first}-{}", self.document, first + 4),
            ..Default::default()
        }
    }

    /// (f): the quote, located in the document.
    pub(crate) fn locate(&self) -> pb::LocateParagraphsRequest {
        pb::LocateParagraphsRequest {
            document: self.document.clone(),
            target: Some(pb::locate_paragraphs_request::Target::Quote(
                self.quote.clone(),
            )),
            ..Default::default()
        }
    }

    /// (d): one query of a `Query` stream.
    pub(crate) fn query(&self, query_id: u64) -> pb::QueryRequest {
        pb::QueryRequest {
            query_id: query_id.to_string(),
            select: Some(self.one()),
            search: None,
        }
    }

    /// (e): the `seq`-th ingest. Ids cycle over four, and each ingest's bytes differ (a trailing
    /// line), so every call parses, writes and publishes a new revision.
    pub(crate) fn ingest(&self, seq: u64) -> pb::IngestDocumentRequest {
        pb::IngestDocumentRequest {
            content: format!("{}\nbench revision {seq}\n", self.ingest_text).into_bytes(),
            media_type: "text/plain".into(),
            id: format!("bench-ingest-{}", seq % 4),
            ..Default::default()
        }
    }
}
