//! Query evaluation: which paragraphs of a document a selection picks, and how a report's
//! language versions align ([`align`]). Pure: no I/O, no wire types; returns ordinals, which
//! the gRPC layer turns into messages lazily while streaming.

pub mod align;
pub mod citation;
pub mod locate;
mod select;

pub use select::evaluate;

use crate::model::ParagraphKind;

/// A validated selection over one document.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Selectors, OR-ed; empty selects every paragraph.
    pub selectors: Vec<Selector>,
    /// Filter, AND-ed with the selectors.
    pub filter: Filter,
    /// Paragraphs of context before each match.
    pub context_before: u32,
    /// Paragraphs of context after each match.
    pub context_after: u32,
}

/// One way of naming paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Selector {
    /// A number as printed, e.g. `58` or `140.7`.
    Number(String),
    /// An inclusive range of numbers.
    NumberRange(String, String),
    /// A 1-based ordinal.
    Ordinal(u32),
    /// An inclusive range of ordinals.
    OrdinalRange(u32, u32),
    /// A section by id, label (`V`, `II.B`) or title prefix.
    Section(String),
    /// An inclusive range of physical pages.
    Pages(u32, u32),
    /// A selector applied inside one part numbered apart, named as paragraph citations name it
    /// (`annex II`, `draft resolution B`, `part two, annex`; case-insensitive), or inside the
    /// body (the empty name), which stands for every part where the body has no numbered
    /// paragraph (a letter transmitting an annexed report). Given by citations only.
    InPart(String, Box<Selector>),
}

/// Conditions every returned paragraph must meet.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Case- and diacritic-insensitive substring, already folded with [`fold`].
    pub text: Option<String>,
    /// A compiled, size-bounded regular expression.
    pub regex: Option<regex::Regex>,
    /// Kinds to keep; empty keeps every kind.
    pub kinds: Vec<ParagraphKind>,
}

/// Whether a returned paragraph matched or is context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Matched the selection.
    Match,
    /// Added as context around a match.
    Context,
}

/// One paragraph a selection returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Ordinal of the paragraph (1-based).
    pub ordinal: u32,
    /// Matched or context.
    pub role: Role,
}

/// Folds text for case- and diacritic-insensitive comparison.
pub fn fold(text: &str) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A dotted paragraph number such as `140.7` as a comparable sequence; `None` if not numeric.
pub fn numeric(number: &str) -> Option<Vec<u32>> {
    number.split('.').map(|part| part.parse().ok()).collect()
}
