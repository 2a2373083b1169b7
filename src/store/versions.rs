//! The symbol index: for each UN symbol, one document per language (the language versions of
//! one report), and the rule that picks one of them when a symbol is named.
//!
//! Pure. Every language version of a report has the report's symbol; a symbol with a language
//! names one document, and without one it names the English version, else the only one held.
//! Several documents of one symbol in one language (the same report ingested under several ids)
//! are told apart by revision, then id: the highest revision, then the smallest id, answers.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::error::Error;
use crate::language;
use crate::model::{Document, Metadata};

/// Languages (as [`language::key`] normalises them) to the document answering in each, for one
/// symbol. Ordered by language code.
pub(super) type Versions = BTreeMap<String, usize>;

/// Every symbol key to its versions.
#[derive(Debug, Default)]
pub(super) struct SymbolIndex {
    by_symbol: HashMap<String, Versions>,
}

impl SymbolIndex {
    /// The index of `docs` (positions in corpus order).
    pub(super) fn new(docs: &[Arc<Document>]) -> Self {
        let mut by_symbol: HashMap<String, Versions> = HashMap::with_capacity(docs.len());
        for (idx, doc) in docs.iter().enumerate() {
            let lang = language::key(&doc.meta.language);
            for key in symbol_keys(&doc.meta) {
                let held = by_symbol
                    .entry(key)
                    .or_default()
                    .entry(lang.clone())
                    .or_insert(idx);
                if answers_before(doc, &docs[*held]) {
                    *held = idx;
                }
            }
        }
        Self { by_symbol }
    }

    /// The versions of the symbol `symbol` (any spelling the keys accept), if held.
    pub(super) fn versions(&self, symbol: &str) -> Option<&Versions> {
        self.by_symbol.get(&symbol_key(symbol))
    }

    /// The document `symbol` names in `language` (`None`: the default rule), or the error
    /// saying why none is: `Ok(None)` when the symbol is not held at all.
    pub(super) fn pick(
        &self,
        symbol: &str,
        language: Option<&str>,
        docs: &[Arc<Document>],
    ) -> Result<Option<usize>, Error> {
        let Some(versions) = self.versions(symbol) else {
            return Ok(None);
        };
        pick(symbol, versions, language, docs).map(Some)
    }
}

/// The version of `versions` for `language`; without a language, English, else the only one.
pub(super) fn pick(
    symbol: &str,
    versions: &Versions,
    language: Option<&str>,
    docs: &[Arc<Document>],
) -> Result<usize, Error> {
    let held = || versions.keys().map(|l| display(l)).collect::<Vec<_>>();
    match language {
        Some(lang) => {
            versions
                .get(&language::key(lang))
                .copied()
                .ok_or_else(|| Error::LanguageNotHeld {
                    symbol: symbol.trim().to_owned(),
                    language: language::key(lang),
                    held: held(),
                })
        }
        None => match (versions.get(language::DEFAULT), versions.len()) {
            (Some(&idx), _) => Ok(idx),
            (None, 1) => Ok(*versions.values().next().unwrap_or(&0)),
            (None, _) => Err(ambiguous(symbol, versions, docs)),
        },
    }
}

/// The error for a symbol held in several languages, none of them the default, named without
/// a language.
fn ambiguous(symbol: &str, versions: &Versions, docs: &[Arc<Document>]) -> Error {
    let each: Vec<String> = versions
        .iter()
        .map(|(lang, &idx)| {
            let id = docs.get(idx).map_or("", |d| d.id.as_str());
            format!("{} (id {id})", display(lang))
        })
        .collect();
    Error::invalid(
        "language",
        format!(
            "{} is held in {} and not in {}: set language to one of them, or name a document \
             by its id",
            symbol.trim(),
            each.join(", "),
            language::DEFAULT
        ),
    )
}

/// A language key as messages show it: an empty one as `(none)`.
pub(super) fn display(lang: &str) -> String {
    if lang.is_empty() {
        "(none)".to_owned()
    } else {
        lang.to_owned()
    }
}

/// Whether `doc` answers for a symbol in its language before `held`: the higher revision, then
/// the smaller id.
fn answers_before(doc: &Document, held: &Document) -> bool {
    (std::cmp::Reverse(doc.revision), &doc.id) < (std::cmp::Reverse(held.revision), &held.id)
}

/// The keys a document answers for: each of its symbols and, for a joint document, the joint
/// form (`A/79/907-S/2025/268`).
pub(super) fn symbol_keys(meta: &Metadata) -> Vec<String> {
    let mut keys: Vec<String> = meta.symbols().map(symbol_key).collect();
    keys.extend(meta.joint_form("-").as_deref().map(symbol_key));
    keys
}

/// Normalises a UN symbol for lookup: upper case, no white space, an en dash read as the
/// hyphen that joins two symbols.
pub(super) fn symbol_key(symbol: &str) -> String {
    symbol
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '–' { '-' } else { c })
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, symbol: &str, language: &str, revision: u64) -> Arc<Document> {
        let mut doc = Document {
            id: id.to_owned(),
            revision,
            ..Document::default()
        };
        doc.meta.symbol = symbol.to_owned();
        doc.meta.language = language.to_owned();
        Arc::new(doc)
    }

    fn id_of(docs: &[Arc<Document>], got: Result<Option<usize>, Error>) -> String {
        match got {
            Ok(Some(idx)) => docs[idx].id.clone(),
            Ok(None) => "not held".to_owned(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_symbol_names_one_document_per_language_english_by_default() {
        let docs = vec![
            doc("fr-1", "A/1", "fr", 1),
            doc("en-old", "A/1", "en", 1),
            doc("en-new", "A/1", "EN", 2),
            doc("es-b", "A/1", "es", 3),
            doc("es-a", "a/1", "es", 3),
        ];
        let index = SymbolIndex::new(&docs);
        let pick = |lang| id_of(&docs, index.pick("a/1", lang, &docs));
        assert_eq!(pick(None), "en-new");
        assert_eq!(pick(Some("fr")), "fr-1");
        assert_eq!(pick(Some("es")), "es-a", "same revision: the smaller id");
        assert_eq!(pick(Some("En")), "en-new");
        assert_eq!(
            pick(Some("ru")),
            "document a/1 is not held in ru; it is held in en, es, fr"
        );
        assert_eq!(id_of(&docs, index.pick("A/2", None, &docs)), "not held");
    }

    #[test]
    fn without_english_the_only_version_answers_and_two_need_a_language() {
        let docs = vec![
            doc("fr", "A/1", "fr", 1),
            doc("es", "A/2", "es", 1),
            doc("ru", "A/2", "ru", 1),
        ];
        let index = SymbolIndex::new(&docs);
        assert_eq!(id_of(&docs, index.pick("A/1", None, &docs)), "fr");
        let Err(Error::InvalidArgument(violations)) = index.pick("A/2", None, &docs) else {
            panic!("two versions, none English, need a language");
        };
        assert_eq!(violations[0].field, "language");
        assert!(
            violations[0]
                .description
                .contains("A/2 is held in es (id es), ru (id ru) and not in en"),
            "{violations:?}"
        );
    }
}
