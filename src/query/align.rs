//! Aligning a report's language versions paragraph by paragraph, and the checks a person
//! reviews. Pure: no I/O, no wire types; never panics. Returns rows of ordinals, which the gRPC
//! layer turns into messages while streaming.
//!
//! Alignment is strictly by number within one part: paragraph 58 of the body in English is
//! paragraph 58 of the body in French. A part is the body, or the k-th part of a kind numbered
//! apart from it (the second annex, the first quoted text), counted in each version's own
//! order, since their labels are printed in each language. An unnumbered paragraph (or table)
//! aligns only by its position after the numbered paragraph before it in its part (the k-th
//! unnumbered paragraph after paragraph N), and is always flagged. Nothing is guessed.

use std::collections::HashMap;

use crate::model::{Diagnostic, Document, Paragraph, ParagraphKind, Zone};

mod checks;

/// A length ratio further than this factor from its pair's median (either way) is flagged.
///
/// A faithful translation between two UN languages keeps a steady length factor over a
/// document (French and Spanish run some 10–25 % longer than English in characters, Chinese
/// about a third of it), so each pair's median over the whole document measures that factor
/// without a table per pair, and paragraph-level variation of a faithful translation stays well
/// within ±50 % of it. A paragraph half as long again, or a third shorter, than its pair's
/// factor says is text added or lost: a paragraph split or merged, a footnote body or table cell
/// read into it, a sentence missing.
pub const LENGTH_RATIO_FACTOR: f64 = 1.5;

/// The length check needs at least one of the two paragraphs this long (characters): short
/// paragraphs (`Not applicable.`, a heading-like line) vary too much between languages to say
/// anything.
pub const MIN_CHARS_FOR_RATIO: usize = 80;

/// Paragraphs held in common (each at least [`MIN_CHARS_FOR_RATIO`] long on one side) needed
/// for a pair's median; with fewer, the length check is left out for the pair and a diagnostic
/// says so.
pub const MIN_PARAGRAPHS_FOR_MEDIAN: usize = 5;

/// One language version taking part, and the ordinals a selection picked in it.
#[derive(Debug, Clone, Copy)]
pub struct Version<'a> {
    /// Its language, e.g. `fr`.
    pub language: &'a str,
    /// The document.
    pub document: &'a Document,
    /// Ordinals (1-based) the selection picked in this version.
    pub selected: &'a [u32],
}

/// A part of a document: the body, or the `index`-th (0-based) part of its zone kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Part {
    /// The zone kind.
    pub zone: Zone,
    /// Position among the parts of that kind, in document order; 0 for the body.
    pub index: u32,
}

/// Where a paragraph sits, the same in every language version.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    /// Its part.
    pub part: Part,
    /// A numbered paragraph's number; for an unnumbered one, the number of the numbered
    /// paragraph before it in its part (`None` before the first).
    pub number: Option<String>,
    /// 0 for a numbered paragraph; k for the k-th unnumbered paragraph after `number`.
    pub position_after: u32,
}

impl Key {
    /// True for an unnumbered paragraph (or table), aligned by position.
    pub fn is_unnumbered(&self) -> bool {
        self.position_after > 0
    }
}

/// The checks of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonKind {
    /// A version has no paragraph with this key.
    Missing,
    /// The versions have different numbers of sub-items.
    ItemCount,
    /// The versions have different numbers of footnote calls.
    FootnoteCount,
    /// The length ratio to the reference is outside the pair's median band.
    LengthRatio,
    /// An unnumbered paragraph, aligned by position.
    Unnumbered,
    /// A version has more than one paragraph with this key.
    DuplicateNumber,
}

/// Why a row needs review.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// The check.
    pub kind: ReasonKind,
    /// The languages concerned.
    pub languages: Vec<String>,
    /// What to look at.
    pub detail: String,
}

/// One key across the versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Where the paragraph sits.
    pub key: Key,
    /// For each version (in input order), the ordinal of its paragraph, if it has one.
    pub cells: Vec<Option<u32>>,
    /// Why it needs review; empty when it does not.
    pub reasons: Vec<Reason>,
}

impl Row {
    /// True when a person should check the row.
    pub fn needs_review(&self) -> bool {
        !self.reasons.is_empty()
    }
}

/// The median length ratio of one version to the reference (the first version).
#[derive(Debug, Clone, PartialEq)]
pub struct PairRatio {
    /// The reference language.
    pub language: String,
    /// The other language.
    pub other: String,
    /// Median of chars(other) / chars(reference); `None` with too few paragraphs in common.
    pub median: Option<f64>,
    /// Paragraphs the median is taken over.
    pub paragraphs: usize,
}

/// What [`align`] returns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// One row per selected key, part by part (in the order the parts first appear, the
    /// reference's first), by number within a part.
    pub rows: Vec<Row>,
    /// For each version after the first, its median ratio to the first.
    pub ratios: Vec<PairRatio>,
    /// Document-wide notes (`length-ratio-unchecked`).
    pub diagnostics: Vec<Diagnostic>,
}

/// Aligns `versions` (the first is the reference of the length ratios) on the keys any of them
/// selected.
pub fn align(versions: &[Version<'_>]) -> Alignment {
    let laid: Vec<Laid<'_>> = versions.iter().map(|v| Laid::new(*v)).collect();
    let (ratios, diagnostics) = checks::medians(&laid);
    let ranks = part_ranks(&laid);
    let mut keys = selected_keys(&laid);
    keys.sort_by_cached_key(|key| order(key, &ranks));
    let rows = keys
        .into_iter()
        .map(|key| row(&laid, &ratios, key))
        .collect();
    Alignment {
        rows,
        ratios,
        diagnostics,
    }
}

/// One version with the key of each of its paragraphs.
struct Laid<'a> {
    version: Version<'a>,
    /// `keys[i]` is the key of `paragraphs[i]`.
    keys: Vec<Key>,
    /// Each key to the indices of its paragraphs.
    index: HashMap<Key, Vec<usize>>,
}

impl<'a> Laid<'a> {
    fn new(version: Version<'a>) -> Self {
        let keys = keys(version.document);
        let mut index: HashMap<Key, Vec<usize>> = HashMap::with_capacity(keys.len());
        for (idx, key) in keys.iter().enumerate() {
            index.entry(key.clone()).or_default().push(idx);
        }
        Self {
            version,
            keys,
            index,
        }
    }

    /// The paragraphs with `key`.
    fn holding(&self, key: &Key) -> &[usize] {
        self.index.get(key).map_or(&[], Vec::as_slice)
    }

    /// The first paragraph with `key`.
    fn paragraph(&self, key: &Key) -> Option<&'a Paragraph> {
        let idx = *self.holding(key).first()?;
        self.version.document.paragraphs.get(idx)
    }

    fn language(&self) -> String {
        self.version.language.to_owned()
    }
}

/// The key of each paragraph of `doc`, in order.
pub fn keys(doc: &Document) -> Vec<Key> {
    let mut parts: HashMap<(Zone, Option<usize>), u32> = HashMap::new();
    let mut per_zone: HashMap<Zone, u32> = HashMap::new();
    let mut anchors: HashMap<Part, (Option<String>, u32)> = HashMap::new();
    doc.paragraphs
        .iter()
        .map(|p| {
            let part = match p.zone {
                Zone::Body => Part {
                    zone: Zone::Body,
                    index: 0,
                },
                zone => {
                    let opener = opening_section(doc, p.section);
                    let index = *parts.entry((zone, opener)).or_insert_with(|| {
                        let next = per_zone.entry(zone).or_insert(0);
                        *next = next.saturating_add(1);
                        *next - 1
                    });
                    Part { zone, index }
                }
            };
            let anchor = anchors.entry(part).or_insert((None, 0));
            match numbered(p) {
                Some(number) => *anchor = (Some(number.to_owned()), 0),
                None => anchor.1 = anchor.1.saturating_add(1),
            }
            Key {
                part,
                number: anchor.0.clone(),
                position_after: anchor.1,
            }
        })
        .collect()
}

/// A numbered paragraph's number.
fn numbered(p: &Paragraph) -> Option<&str> {
    p.number
        .as_deref()
        .filter(|_| p.kind == ParagraphKind::Numbered)
}

/// The section that opens the part holding `section` (the nearest one with `opens`).
fn opening_section(doc: &Document, section: Option<usize>) -> Option<usize> {
    let idx = section?;
    doc.ancestors(idx)
        .find(|(_, s)| s.opens.is_some())
        .map(|(i, _)| i)
}

/// The keys any version selected, each once.
fn selected_keys(laid: &[Laid<'_>]) -> Vec<Key> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for version in laid {
        for &ordinal in version.version.selected {
            let Some(key) = (ordinal as usize)
                .checked_sub(1)
                .and_then(|i| version.keys.get(i))
            else {
                continue;
            };
            if seen.insert(key.clone()) {
                out.push(key.clone());
            }
        }
    }
    out
}

/// The rank of each part: the order in which the parts first appear, the reference's first.
fn part_ranks(laid: &[Laid<'_>]) -> HashMap<Part, usize> {
    let mut ranks = HashMap::new();
    for key in laid.iter().flat_map(|l| &l.keys) {
        let next = ranks.len();
        ranks.entry(key.part).or_insert(next);
    }
    ranks
}

/// Sort order of a row: its part's rank, its number (numerically), its position after it.
fn order(key: &Key, ranks: &HashMap<Part, usize>) -> (usize, Option<Vec<u32>>, String, u32) {
    let rank = ranks.get(&key.part).copied().unwrap_or(usize::MAX);
    let number = key.number.clone().unwrap_or_default();
    (
        rank,
        key.number.as_deref().and_then(super::numeric),
        number,
        key.position_after,
    )
}

/// The row of `key`: each version's paragraph and the checks.
fn row(laid: &[Laid<'_>], ratios: &[PairRatio], key: Key) -> Row {
    let cells = laid
        .iter()
        .map(|l| l.paragraph(&key).map(|p| p.ordinal))
        .collect();
    let reasons = checks::reasons(laid, ratios, &key);
    Row {
        key,
        cells,
        reasons,
    }
}

/// How a key is named in a reason: `para. 5 of the body`, `unnumbered paragraph 2 after para. 5
/// of annex no. 1 (in order)`.
pub fn describe(key: &Key) -> String {
    let part = match key.part.zone {
        Zone::Body => "the body".to_owned(),
        Zone::Annex => format!("annex no. {} (in order)", key.part.index.saturating_add(1)),
        Zone::Quoted => format!(
            "quoted text no. {} (in order)",
            key.part.index.saturating_add(1)
        ),
        Zone::Part => format!("part no. {} (in order)", key.part.index.saturating_add(1)),
    };
    let at = match (&key.number, key.position_after) {
        (Some(n), 0) => format!("para. {n}"),
        (Some(n), k) => format!("unnumbered paragraph {k} after para. {n}"),
        (None, k) => format!("unnumbered paragraph {k} before the first numbered one"),
    };
    format!("{at} of {part}")
}

#[cfg(test)]
mod tests;
