//! Highlights: the byte spans of a paragraph's text whose tokens a query's terms match, and a
//! snippet around the first of them. The text is analysed again with its field's analyzer, so
//! a span is exactly the word the index matched (`ratified` for the term `ratifi`).

use std::collections::{HashMap, HashSet};

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;

use super::schema::Fields;

/// Bytes of context a snippet shows around its first highlight, on each side at most.
const SNIPPET_CONTEXT: usize = 120;

/// A byte range of a paragraph's text: `text[start..end]`.
pub type Span = (u32, u32);

/// The terms of one query, per text field, and the analyzers that find them in a text.
#[derive(Clone)]
pub struct Highlighter {
    terms: HashMap<Field, HashSet<String>>,
    analyzers: HashMap<Field, TextAnalyzer>,
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlighter")
            .field("terms", &self.terms)
            .finish_non_exhaustive()
    }
}

impl Highlighter {
    /// The text terms of `query`.
    pub(crate) fn new(query: &dyn Query, fields: &Fields) -> Self {
        let mut terms: HashMap<Field, HashSet<String>> = HashMap::new();
        query.query_terms(&mut |term, _| {
            let value = term.value();
            let Some(text) = value.as_str() else {
                return;
            };
            if fields.analyzer_of(term.field()).is_some() {
                terms
                    .entry(term.field())
                    .or_default()
                    .insert(text.to_owned());
            }
        });
        let analyzers = terms
            .keys()
            .filter_map(|f| Some((*f, super::analyzers::analyzer(fields.analyzer_of(*f)?))))
            .collect();
        Self { terms, analyzers }
    }

    /// The highlighted spans of `text` indexed in `field`, in order, adjacent ones merged.
    pub fn spans(&self, field: Field, text: &str) -> Vec<Span> {
        let (Some(terms), Some(analyzer)) = (self.terms.get(&field), self.analyzers.get(&field))
        else {
            return Vec::new();
        };
        let mut analyzer = analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let mut spans: Vec<Span> = Vec::new();
        while let Some(token) = stream.next() {
            if !terms.contains(&token.text) {
                continue;
            }
            let (from, to) = (token.offset_from as u32, token.offset_to as u32);
            match spans.last_mut() {
                Some(last) if last.1 >= from => last.1 = last.1.max(to),
                _ => spans.push((from, to)),
            }
        }
        spans
    }
}

/// The snippet of `text` around the first span: at most [`SNIPPET_CONTEXT`] bytes each side,
/// cut at character boundaries and, where one is near, at spaces. The whole text's start when
/// nothing is highlighted.
pub fn snippet(text: &str, spans: &[Span]) -> Span {
    let (first, last) = spans
        .first()
        .map_or((0, 0), |s| (s.0 as usize, s.1 as usize));
    let mut start = first.saturating_sub(SNIPPET_CONTEXT);
    let mut end = (last + SNIPPET_CONTEXT).min(text.len());
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if start > 0
        && let Some(space) = text[start..first].find(' ')
    {
        start += space + 1;
    }
    if end < text.len()
        && let Some(space) = text[last..end].rfind(' ')
    {
        end = last + space;
    }
    (start as u32, end as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_is_cut_at_spaces_around_the_first_span() {
        let text = format!(
            "{} ratified the Protocol {}",
            "word ".repeat(60),
            "end ".repeat(60)
        );
        let at = text.find("ratified").unwrap() as u32;
        let (start, end) = snippet(&text, &[(at, at + 8)]);
        let cut = &text[start as usize..end as usize];
        assert!(cut.contains("ratified the Protocol"), "{cut}");
        assert!(cut.starts_with("word") && cut.ends_with("end"), "{cut}");
        assert!(cut.len() <= 2 * SNIPPET_CONTEXT + 8);
        assert_eq!(snippet("short", &[]), (0, 5));
    }
}
