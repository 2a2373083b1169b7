//! Structure analysis: pages of lines → [`Document`]. Pure: no I/O, never panics, linear time.
//!
//! The passes share one list of non-blank lines ([`lines::Ln`]) and claim lines by giving them
//! a role, in this order:
//!
//! 1. [`lines`]: pages → lines; a flattened page (a viewer's text layer) is split back into
//!    logical lines;
//! 2. [`metadata`]: symbol, job number and masthead fields from page 1;
//! 3. [`furniture::mark_strong`]: job numbers, barcodes, the document's symbol; then
//!    [`running`] (PDF only): lines repeated in a page margin zone across pages;
//! 4. [`contents`]: the contents table → `Document::contents`;
//! 5. [`furniture::mark_weak`]: page numbers and other headers → `Page::furniture`; then
//!    [`metadata::mark_masthead`]: the first-page masthead and title;
//! 6. [`footnotes`]: footnote bodies at page feet (by marks, or, PDF only, by the smaller
//!    font of the [`zones`] at a page foot) → `Document::footnotes`; then [`tables`]
//!    (space-aligned text), [`fragments`] (text only: pdftotext default-mode tables, one cell
//!    fragment a line, after a `Table N` caption or as a run of number cells) and [`columns`]
//!    (PDF only: cells aligned by position): tables → `Role::Table` (emitted as table
//!    paragraphs, cells of a row joined by a tab); [`matrices`] (text only: cells wrapped in
//!    narrow columns) → `Role::Table`; [`asides`] (titled boxes set narrower than the
//!    text, text only; figures) → `Role::AsideTitle`/`Role::Aside` (emitted as unnumbered
//!    paragraphs);
//! 7. [`headings`]: labelled, annex, quoted-text (`Draft resolution B`) and unlabelled
//!    headings; [`parts`]: the zones numbered apart (the body, each annex, each quoted text);
//! 8. [`numbering`]: which `N.` opens a top-level paragraph, per zone;
//! 9. [`paragraphs`] (with [`items`]): the remaining body lines → paragraphs; line-end
//!    hyphens judged break artefacts by [`hyphens`] are dropped when lines are joined; each
//!    paragraph's [`boxes`] are the union of its lines' geometry per page (PDF input only);
//! 10. [`sections`]: the heading tree and paragraph ranges.
//!
//! Normalised text: the texts of all paragraphs joined by a blank line (`"\n\n"`);
//! `Paragraph::span` is a byte range into it.

mod asides;
mod boxes;
mod columns;
mod contents;
mod footnotes;
mod fragments;
mod furniture;
mod headings;
mod hoisted;
mod hyphens;
mod items;
mod lines;
mod matrices;
mod metadata;
mod numbering;
mod paragraphs;
mod parts;
pub(crate) mod patterns;
mod running;
mod sections;
mod tables;
mod zones;

use crate::extract::Extracted;
use crate::model::{Diagnostic, Document, Page, Severity};
use headings::Heading;
use lines::{Ln, Role};
use numbering::{Candidate, Mark};

/// Analyses extracted pages into a document.
///
/// Never fails: problems are reported in `Document::diagnostics` (extraction diagnostics are
/// copied there first). `id` and `revision` are left for the store to set.
pub fn analyze(extracted: &Extracted) -> Document {
    let mut doc = Document {
        diagnostics: extracted.diagnostics.clone(),
        ..Document::default()
    };
    doc.pages = (0..extracted.pages.len())
        .map(|i| Page {
            number: u32::try_from(i + 1).unwrap_or(u32::MAX),
            size: extracted.pages[i].size,
            ..Page::default()
        })
        .collect();
    let mut lines = lines::build(extracted);
    doc.meta = metadata::read(&lines);
    furniture::mark_strong(&mut lines, &doc.meta);
    running::mark(&mut lines, &doc.pages);
    doc.contents = contents::mark(&mut lines);
    furniture::mark_weak(&mut lines, &mut doc.pages, &mut doc.diagnostics);
    metadata::mark_masthead(&mut lines, &mut doc.meta);
    doc.footnotes = footnotes::mark(&mut lines);
    tables::mark(&mut lines);
    fragments::mark(&mut lines);
    matrices::mark(&mut lines);
    asides::mark(&mut lines);
    columns::mark(&mut lines);
    let mut headings = headings::detect(&mut lines, &doc.contents);
    let marks = number(&mut lines, &mut headings);
    let (hyphen_drop, joined, kept) = hyphens::artefacts(&lines);
    if joined + kept > 0 {
        doc.diagnostics.push(Diagnostic {
            severity: Severity::Info,
            code: "line-end-hyphens",
            message: format!("{joined} joined, {kept} kept"),
            page: None,
        });
    }
    doc.paragraphs = paragraphs::build(&lines, &headings, &marks, &hyphen_drop);
    for p in &mut doc.paragraphs {
        boxes::clip(&mut p.boxes, &doc.pages);
    }
    doc.sections = sections::build(&lines, &headings);
    sections::fill_ranges(&mut doc.sections, &doc.paragraphs);
    doc.meta.summary = metadata::summary(&doc.sections, &doc.paragraphs);
    let titles: Vec<(String, String)> = headings
        .iter()
        .map(|h| (h.label.clone(), h.title.clone()))
        .collect();
    contents::adopt_labels(&mut doc.contents, &titles);
    footnotes::link(&mut doc.footnotes, &mut doc.paragraphs);
    set_spans(&mut doc);
    diagnose(&mut doc);
    doc
}

/// Decides the numbering of each zone (the body, each annex, each quoted text) and turns
/// heading-like numbers that are not paragraphs into headings. Returns the decision for each
/// line.
fn number(lines: &mut [Ln], headings: &mut Vec<Heading>) -> Vec<Option<Candidate>> {
    let zones = parts::find(headings, lines.len());
    let mut marks: Vec<Option<Candidate>> = vec![None; lines.len()];
    let mut found = Vec::new();
    for zone in &zones {
        for c in numbering::number_zone(lines, &zone.pieces) {
            if c.mark == Mark::Ignored && c.heading_like {
                found.push(numbered_heading(lines, &c));
            }
            if let Some(slot) = marks.get_mut(c.line) {
                *slot = Some(c);
            }
        }
    }
    hoisted::reattach(lines, &mut marks);
    headings::add_numbered(lines, headings, &found);
    let added: Vec<usize> = found.iter().map(|f| f.0).collect();
    parts::settle(headings, &zones, &added);
    marks
}

/// The heading made of a heading-like number: (line, lines taken, label, title).
fn numbered_heading(lines: &[Ln], c: &Candidate) -> (usize, usize, String, String) {
    let rest =
        patterns::para_marker(&lines[c.line].text).and_then(|(_, rest)| rest.map(str::to_owned));
    let (title, n_lines) = match rest {
        Some(t) => (t, 1),
        None => {
            let next = lines[c.line + 1..].iter().find(|l| l.role == Role::Body);
            (next.map(|l| l.text.clone()).unwrap_or_default(), 2)
        }
    };
    (c.line, n_lines, c.value.to_string(), title)
}

/// Sets each paragraph's byte span in the normalised text.
fn set_spans(doc: &mut Document) {
    let mut offset = 0usize;
    for p in &mut doc.paragraphs {
        let start = offset;
        offset += p.text.len();
        p.span = (to_u32(start), to_u32(offset));
        offset += 2;
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Reports breaks in the numbering (see [`Document::numbering_breaks`]) and documents
/// without paragraphs. A sequence starting past `1` is no break here: a page out of the middle
/// of a report starts so.
fn diagnose(doc: &mut Document) {
    let mut found: Vec<Diagnostic> = doc
        .numbering_breaks()
        .into_iter()
        .filter(|&(_, expected)| expected != 1)
        .filter_map(|(i, expected)| {
            let p = doc.paragraphs.get(i)?;
            let number = p.number.as_deref().unwrap_or("?");
            Some(Diagnostic {
                severity: Severity::Warning,
                code: "numbering-gap",
                message: format!("paragraph {number} stands where {expected} was expected"),
                page: Some(p.page_start),
            })
        })
        .collect();
    if doc.paragraphs.is_empty() {
        found.push(Diagnostic {
            severity: Severity::Warning,
            code: "no-paragraphs",
            message: "no paragraph found".into(),
            page: None,
        });
    }
    doc.diagnostics.extend(found);
}
