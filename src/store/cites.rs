//! The corpus's citations resolved against one snapshot, and the reverse index behind
//! `CitedBy`: which paragraphs cite a paragraph.
//!
//! The citations themselves are found once per document when it enters the store
//! ([`crate::refs`]); whether each resolves depends on what else the corpus holds, so the
//! index is rebuilt for every snapshot, before it is swapped in, and travels inside it: a
//! request that reads one `Arc<Snapshot>` sees documents and citations of the same corpus.
//!
//! Cost of a rebuild: one grammar parse and one evaluation (paragraphs + sections of the
//! target) per citation of the corpus; no text is scanned again.

use std::collections::HashMap;
use std::sync::Arc;

use super::versions::SymbolIndex;
use crate::language;
use crate::model::{Document, ReferenceKind};
use crate::query::{self, Selection, Selector, citation};

/// Whether a citation resolves in the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// The target is held and what it cites is in it (a whole document: the document).
    Resolves,
    /// No document with the target's symbol is held.
    NotHeld,
    /// The target is held but has no paragraph or section the citation names.
    NotFound,
}

/// One paragraph citing another: the citing document's position in corpus order, the
/// paragraph's ordinal, and the citation's index among the paragraph's references.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Citing {
    /// Position of the citing document in corpus order.
    pub document: usize,
    /// Ordinal of the citing paragraph.
    pub ordinal: u32,
    /// Index into the paragraph's [`crate::model::Paragraph::references`].
    pub reference: usize,
}

/// A snapshot's citation index: each citation's resolution and who cites each paragraph.
#[derive(Debug, Default)]
pub(super) struct CiteIndex {
    /// (citing document, ordinal) → the resolution of each of the paragraph's references.
    resolutions: HashMap<(usize, u32), Vec<Resolution>>,
    /// Per document: citations made, citations that resolve.
    counts: Vec<(u32, u32)>,
    /// (cited document, cited ordinal) → its citers, in corpus and text order.
    cited_by: HashMap<(usize, u32), Vec<Citing>>,
}

impl CiteIndex {
    /// Resolves every citation of `docs` (corpus order) against `docs` themselves.
    pub(super) fn build(docs: &[Arc<Document>], symbols: &SymbolIndex) -> Self {
        let mut index = Self {
            counts: vec![(0, 0); docs.len()],
            ..Self::default()
        };
        for (d, doc) in docs.iter().enumerate() {
            for p in doc.paragraphs.iter().filter(|p| !p.references.is_empty()) {
                let mut resolved = Vec::with_capacity(p.references.len());
                for (k, reference) in p.references.iter().enumerate() {
                    let citing = Citing {
                        document: d,
                        ordinal: p.ordinal,
                        reference: k,
                    };
                    let target = match reference.kind {
                        ReferenceKind::Internal => Some(d),
                        _ => target(&reference.target, &doc.meta.language, symbols),
                    };
                    let resolution = index.resolve(docs, target, &reference.cited, citing);
                    index.counts[d].0 += 1;
                    index.counts[d].1 += u32::from(resolution == Resolution::Resolves);
                    resolved.push(resolution);
                }
                index.resolutions.insert((d, p.ordinal), resolved);
            }
        }
        index
    }

    /// Whether `cited` resolves in the document at `target`; each paragraph it names is
    /// recorded as cited by `citing`.
    fn resolve(
        &mut self,
        docs: &[Arc<Document>],
        target: Option<usize>,
        cited: &str,
        citing: Citing,
    ) -> Resolution {
        let Some(t) = target else {
            return Resolution::NotHeld;
        };
        if cited.is_empty() {
            return Resolution::Resolves;
        }
        let Ok(parsed) = citation::parse(cited) else {
            return Resolution::NotFound;
        };
        let mut selection = Selection {
            selectors: parsed.selectors,
            ..Selection::default()
        };
        let mut evaluated = query::evaluate(&docs[t], &selection);
        if !matches!(&evaluated, Ok(hits) if !hits.is_empty()) && as_chapters(&mut selection) {
            evaluated = query::evaluate(&docs[t], &selection);
        }
        match evaluated {
            Ok(hits) if !hits.is_empty() => {
                for hit in hits {
                    self.cited_by
                        .entry((t, hit.ordinal))
                        .or_default()
                        .push(citing);
                }
                Resolution::Resolves
            }
            _ => Resolution::NotFound,
        }
    }

    /// The resolution of each reference of paragraph `ordinal` of the document at `doc`.
    pub(super) fn resolutions(&self, doc: usize, ordinal: u32) -> &[Resolution] {
        self.resolutions
            .get(&(doc, ordinal))
            .map_or(&[], Vec::as_slice)
    }

    /// Citations the document at `doc` makes, and how many of them resolve.
    pub(super) fn counts(&self, doc: usize) -> (u32, u32) {
        self.counts.get(doc).copied().unwrap_or((0, 0))
    }

    /// Who cites the paragraphs `ordinals` of the document at `doc`: each citation once,
    /// with the first of `ordinals` it cites, in the order of `ordinals`, then corpus order.
    pub(super) fn cited_by(&self, doc: usize, ordinals: &[u32]) -> Vec<(u32, Citing)> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for &ordinal in ordinals {
            let citers = self
                .cited_by
                .get(&(doc, ordinal))
                .map_or(&[][..], Vec::as_slice);
            out.extend(
                citers
                    .iter()
                    .filter(|c| seen.insert(**c))
                    .map(|c| (ordinal, *c)),
            );
        }
        out
    }
}

/// A selection of sections by label (`III`) as chapters (`Chapter III`), the label reports
/// give a chapter's heading; false when it selects anything but sections.
fn as_chapters(selection: &mut Selection) -> bool {
    let labels: Option<Vec<String>> = selection
        .selectors
        .iter()
        .map(|s| match s {
            Selector::Section(label) => Some(format!("Chapter {label}")),
            _ => None,
        })
        .collect();
    match labels {
        Some(labels) if !labels.is_empty() => {
            selection.selectors = labels.into_iter().map(Selector::Section).collect();
            true
        }
        _ => false,
    }
}

/// The document a citation in `language` names by `symbol`: its version in that language,
/// else in the default language, else the first held.
fn target(symbol: &str, language: &str, symbols: &SymbolIndex) -> Option<usize> {
    let versions = symbols.versions(symbol)?;
    versions
        .get(&language::key(language))
        .or_else(|| versions.get(language::DEFAULT))
        .or_else(|| versions.values().next())
        .copied()
}
