//! `SearchParagraphs` both ways: the request validated into the store's [`SearchRequest`]
//! (destructured field by field), and one hit built as a wire `SearchHit`.

use super::request::{View, language_field, non_empty, paragraph_kind_from_wire};
use crate::error::{Error, FieldViolation};
use crate::model::{Document, Paragraph};
use crate::pb;
use crate::search::{self, SearchQuery, limits};
use crate::store::{ListFilter, SearchRequest};

/// A validated `SearchParagraphsRequest`: the search, and how to send its hits.
#[derive(Debug, Clone)]
pub(crate) struct SearchCall {
    /// What to search.
    pub(crate) request: SearchRequest,
    /// How much of each paragraph to send.
    pub(crate) view: View,
    /// Send each paragraph without its text.
    pub(crate) omit_text: bool,
}

/// Validates a search request; `prefix` is prepended to field paths (`search.` in `Query`).
pub(crate) fn search_request(
    request: pb::SearchParagraphsRequest,
    prefix: &str,
) -> Result<SearchCall, Error> {
    let pb::SearchParagraphsRequest {
        query,
        document,
        symbol_prefix,
        body,
        session,
        language,
        date_from,
        date_to,
        section,
        kinds,
        limit,
        page_token,
        view,
        omit_text,
    } = request;
    let mut v = Violations::new(prefix);
    if query.trim().is_empty() {
        v.push(
            "query",
            "query is required: words, \"a phrase\", +must, -not, a OR b",
        );
    }
    let language = v.take(language_field(&language, &format!("{prefix}language")));
    let date_from = v.date(&date_from, "date_from");
    let date_to = v.date(&date_to, "date_to");
    if let (Some(from), Some(to)) = (date_from, date_to)
        && from > to
    {
        v.push("date_to", "date_to is before date_from");
    }
    let kinds = (kinds.into_iter().enumerate())
        .filter_map(|(idx, k)| {
            let kind = paragraph_kind_from_wire(k);
            if kind.is_none() {
                v.push(
                    &format!("kinds[{idx}]"),
                    &format!("unknown paragraph kind {k}"),
                );
            }
            kind
        })
        .collect();
    let (offset, limit) = v.page(&page_token, limit);
    let view = v.view(view);
    v.finish()?;
    let query = SearchQuery {
        text: query,
        documents: None,
        language,
        date_from,
        date_to,
        section: non_empty(section),
        kinds,
        offset,
        limit,
    };
    let documents = ListFilter {
        symbol_prefix,
        body,
        session,
        language: language.unwrap_or_default().to_owned(),
    };
    Ok(SearchCall {
        request: SearchRequest {
            document: non_empty(document),
            documents,
            query,
        },
        view,
        omit_text,
    })
}

/// The violations of one request, with their fields' prefix.
struct Violations<'a> {
    prefix: &'a str,
    found: Vec<FieldViolation>,
}

impl<'a> Violations<'a> {
    fn new(prefix: &'a str) -> Self {
        Self {
            prefix,
            found: Vec::new(),
        }
    }

    fn push(&mut self, field: &str, description: &str) {
        let field = format!("{}{field}", self.prefix);
        self.found.push(FieldViolation::new(field, description));
    }

    /// The value, or `None` with its error's violations kept.
    fn take<T: Default>(&mut self, result: Result<T, Error>) -> T {
        match result {
            Ok(value) => value,
            Err(Error::InvalidArgument(mut v)) => {
                self.found.append(&mut v);
                T::default()
            }
            Err(other) => {
                self.found
                    .push(FieldViolation::new(self.prefix, other.to_string()));
                T::default()
            }
        }
    }

    fn date(&mut self, value: &str, field: &str) -> Option<u32> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        let day = search::iso_day(value);
        if day.is_none() {
            self.push(field, &format!("{value:?} is not a date YYYY-MM-DD"));
        }
        day
    }

    /// The page's (offset, limit): 0 means [`limits::DEFAULT_LIMIT`]; bounded by
    /// [`limits::MAX_LIMIT`] and [`limits::MAX_DEPTH`].
    fn page(&mut self, token: &str, limit: u32) -> (usize, usize) {
        let offset = match token.trim() {
            "" => 0,
            token => super::page_token::decode_search(token).unwrap_or_else(|| {
                self.push(
                    "page_token",
                    "not a search page token returned by this server (use a hit's next_page_token)",
                );
                0
            }),
        };
        let limit = match limit as usize {
            0 => limits::DEFAULT_LIMIT,
            n if n > limits::MAX_LIMIT => {
                let why = format!("limit is {n}; at most {} hits a call", limits::MAX_LIMIT);
                self.push("limit", &why);
                limits::MAX_LIMIT
            }
            n => n,
        };
        if offset + limit > limits::MAX_DEPTH {
            let why = format!(
                "a page ends at most {} hits deep (this one at {}): narrow the query",
                limits::MAX_DEPTH,
                offset + limit
            );
            self.push("page_token", &why);
        }
        (offset, limit)
    }

    fn view(&mut self, view: i32) -> View {
        match pb::ParagraphView::try_from(view) {
            Ok(pb::ParagraphView::Text) => View::Text,
            Ok(pb::ParagraphView::Full | pb::ParagraphView::Unspecified) => View::Full,
            Err(_) => {
                self.push("view", &format!("unknown view {view}"));
                View::Full
            }
        }
    }

    fn finish(self) -> Result<(), Error> {
        if self.found.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidArgument(self.found))
        }
    }
}

/// One hit on the wire: the paragraph (without text when `omit_text`), its 1-based `rank`,
/// score, highlights and snippet.
pub(crate) fn search_hit(
    doc: &Document,
    paragraph: &Paragraph,
    hit: &search::Hit,
    rank: usize,
    highlights: &[search::Span],
    call: &SearchCall,
) -> pb::SearchHit {
    let mut out = super::outgoing::paragraph(doc, paragraph, call.view);
    if call.omit_text {
        out.text.clear();
        out.items.clear();
    }
    let (start, end) = search::snippet(&paragraph.text, highlights);
    pb::SearchHit {
        paragraph: Some(out),
        score: hit.score,
        rank: rank as u32,
        highlights: highlights
            .iter()
            .map(|&(start, end)| pb::TextSpan { start, end })
            .collect(),
        snippet: paragraph.text[start as usize..end as usize].to_owned(),
        snippet_start: start,
        next_page_token: super::page_token::encode_search(rank),
    }
}
