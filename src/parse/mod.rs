//! Structure analysis: pages of lines → [`Document`]. Pure: no I/O, never panics, linear time.
//!
//! [`lines::build`] turns the pages into one list of non-blank lines ([`lines::Ln`]; a
//! flattened page, a viewer's text layer, is split back into logical lines). Then the passes
//! of [`PASSES`] run in order over one [`State`]. A pass claims lines by giving them a role
//! ([`lines::Ln::claim`], which takes body lines only: what is still body text at the end is
//! paragraph text), or reads what the passes before it found. The passes, in order:
//!
//! 1. [`metadata::read`]: symbol, job number and masthead fields from page 1;
//! 2. [`furniture::mark_strong`]: job numbers, barcodes, the document's symbol;
//! 3. [`running::mark`] (PDF only): lines repeated in a page margin zone across pages;
//! 4. [`contents::mark`]: the contents table → `Document::contents`;
//! 5. [`furniture::mark_weak`]: page numbers and other headers → `Page::furniture`;
//! 6. [`sunk::raise`] (text only): a paragraph number printed below its first line moves
//!    above it;
//! 7. [`metadata::mark_masthead`]: the first-page masthead and title;
//! 8. [`footnotes::mark`]: footnote bodies at page feet (by marks, or, in PDF input, by the
//!    smaller font of a page foot) → `Document::footnotes`;
//! 9. [`tables::mark`]: space-aligned tables → `Role::Table`;
//! 10. [`fragments::mark`] (text only): pdftotext default-mode tables, one cell fragment a
//!     line, after a `Table N` caption or as a run of number cells → `Role::Table`;
//! 11. [`matrices::mark`] (text only): tables whose cells wrap in narrow columns →
//!     `Role::Table`;
//! 12. [`asides::mark`]: titled boxes set narrower than the text (text input) and figures →
//!     `Role::AsideTitle`/`Role::Aside`, emitted as unnumbered paragraphs;
//! 13. [`columns::mark`] (PDF only): cells aligned by position → `Role::Table`;
//! 14. [`headings::detect`]: labelled, annex, part, quoted-text (`Draft resolution B`) and
//!     unlabelled headings;
//! 15. [`parts::find`]: the zones numbered apart (the body, each annex, part and quoted
//!     text), and each heading's depth;
//! 16. [`numbering::number`]: which `N.` opens a top-level paragraph, per zone; a
//!     heading-like `1.` that opens none is a heading;
//! 17. [`hoisted::reattach`]: numbers printed above their texts move to those texts;
//! 18. [`headings::add_numbered`]: the headings the numbering found join the others;
//! 19. [`parts::settle`]: they take the depth and zone of the zone holding them;
//! 20. [`paragraphs::build`]: the remaining body lines, tables and asides → paragraphs (line-end
//!     hyphens judged first; in PDF input, each paragraph's boxes per page);
//! 21. [`sections::build`]: the heading tree and paragraph ranges;
//! 22. [`metadata::summary`]: the summary's paragraphs → `Metadata::summary`;
//! 23. [`contents::adopt_labels`]: contents rows without labels take their headings' labels;
//! 24. [`footnotes::link`]: footnotes to the paragraphs that call them;
//! 25. [`footnotes::unglue_titles`]: calls glued to section titles leave the titles;
//! 26. [`set_spans`]: each paragraph's span in the normalised text;
//! 27. [`diagnose`]: numbering gaps, no paragraphs.
//!
//! Steps 15 to 19 are the numbering loop: the zones decide how the numbers are read, and the
//! numbers give back headings, which must then be placed in the zones.
//!
//! **Layers.** Passes import the line model ([`lines`]), the patterns ([`patterns`]), the shape
//! layer ([`shape`]: line tests that several passes need) and the facts passes hand to each
//! other ([`facts`]: headings, zones, numbering decisions); never each other. A helper of one
//! pass alone is that pass's submodule (`paragraphs::{boxes, hyphens, items}`,
//! `footnotes::zones`).
//!
//! Normalised text: the texts of all paragraphs joined by a blank line (`"\n\n"`);
//! `Paragraph::span` is a byte range into it.

mod asides;
mod columns;
mod contents;
mod facts;
mod footnotes;
mod fragments;
mod furniture;
mod headings;
mod hoisted;
mod lexicon;
mod lines;
mod matrices;
mod metadata;
mod numbering;
mod paragraphs;
mod parts;
pub(crate) mod patterns;
mod running;
mod sections;
mod shape;
mod sunk;
mod tables;

use crate::extract::Extracted;
use crate::model::{Diagnostic, Document, Page, Severity};
use facts::{Candidate, Heading, NumberedHeading, ZoneLines};
use lines::Ln;

/// Analyses extracted pages into a document: builds the lines, then runs [`PASSES`] in order.
///
/// Never fails: problems are reported in `Document::diagnostics` (extraction diagnostics are
/// copied there first). `id` and `revision` are left for the store to set.
pub fn analyze(extracted: &Extracted) -> Document {
    let mut state = State::new(extracted);
    for pass in PASSES {
        (pass.run)(&mut state);
    }
    state.doc
}

/// [`analyze`] within a time budget: before each pass, analysis asks `in_time`, and once it
/// says no, stops and says where ([`OutOfTime`]). A pass runs in linear time, so the overrun is
/// at most one pass. Still pure: the caller reads the clocks.
pub fn analyze_while(
    extracted: &Extracted,
    mut in_time: impl FnMut() -> bool,
) -> Result<Document, OutOfTime> {
    let mut state = State::new(extracted);
    for (n_done, pass) in PASSES.iter().enumerate() {
        if !in_time() {
            return Err(OutOfTime {
                n_done,
                n_passes: PASSES.len(),
                next: pass.name,
            });
        }
        (pass.run)(&mut state);
    }
    Ok(state.doc)
}

/// Structure analysis stopped at the end of its time budget, between two passes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("structure analysis stopped after {n_done} of {n_passes} passes, before `{next}`")]
pub struct OutOfTime {
    /// The passes that ran.
    pub n_done: usize,
    /// All the passes.
    pub n_passes: usize,
    /// The pass that did not run.
    pub next: &'static str,
}

/// The input a pass judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    /// Lines of any input.
    Any,
    /// Lines with geometry (PDF input) only: a geometry rule never judges a line without it.
    Pdf,
    /// Lines without geometry (text input) only.
    Text,
}

/// One step of the analysis.
#[derive(Debug)]
// `name` and `input` document the pass; the tests read them against the docs.
#[cfg_attr(not(test), allow(dead_code))]
struct Pass {
    /// The function it runs, as `module::function`.
    name: &'static str,
    /// The input whose lines it judges.
    input: Input,
    /// Runs it on the state.
    run: fn(&mut State),
}

/// The passes, in the order they run: the one authority on that order (the module doc and
/// ARCHITECTURE.md list the same names, which a test checks).
const PASSES: &[Pass] = &[
    Pass {
        name: "metadata::read",
        input: Input::Any,
        run: |s| s.doc.meta = metadata::read(&s.lines),
    },
    Pass {
        name: "furniture::mark_strong",
        input: Input::Any,
        run: |s| furniture::mark_strong(&mut s.lines, &s.doc.meta),
    },
    Pass {
        name: "running::mark",
        input: Input::Pdf,
        run: |s| running::mark(&mut s.lines, &s.doc.pages),
    },
    Pass {
        name: "contents::mark",
        input: Input::Any,
        run: |s| s.doc.contents = contents::mark(&mut s.lines),
    },
    Pass {
        name: "furniture::mark_weak",
        input: Input::Any,
        run: |s| furniture::mark_weak(&mut s.lines, &mut s.doc.pages, &mut s.doc.diagnostics),
    },
    Pass {
        name: "sunk::raise",
        input: Input::Text,
        run: |s| sunk::raise(&mut s.lines),
    },
    Pass {
        name: "metadata::mark_masthead",
        input: Input::Any,
        run: |s| metadata::mark_masthead(&mut s.lines, &mut s.doc.meta),
    },
    Pass {
        name: "footnotes::mark",
        input: Input::Any,
        run: |s| s.doc.footnotes = footnotes::mark(&mut s.lines),
    },
    Pass {
        name: "tables::mark",
        input: Input::Any,
        run: |s| tables::mark(&mut s.lines),
    },
    Pass {
        name: "fragments::mark",
        input: Input::Text,
        run: |s| fragments::mark(&mut s.lines),
    },
    Pass {
        name: "matrices::mark",
        input: Input::Text,
        run: |s| matrices::mark(&mut s.lines),
    },
    Pass {
        name: "asides::mark",
        input: Input::Any,
        run: |s| asides::mark(&mut s.lines),
    },
    Pass {
        name: "columns::mark",
        input: Input::Pdf,
        run: |s| columns::mark(&mut s.lines),
    },
    Pass {
        name: "headings::detect",
        input: Input::Any,
        run: |s| s.headings = headings::detect(&mut s.lines, &s.doc.contents),
    },
    // The numbering loop: zones → numbering per zone → the headings it found → their zones.
    Pass {
        name: "parts::find",
        input: Input::Any,
        run: |s| s.zones = parts::find(&mut s.headings, s.lines.len()),
    },
    Pass {
        name: "numbering::number",
        input: Input::Any,
        run: |s| (s.marks, s.numbered) = numbering::number(&s.lines, &s.zones),
    },
    Pass {
        name: "hoisted::reattach",
        input: Input::Any,
        run: |s| hoisted::reattach(&mut s.lines, &mut s.marks),
    },
    Pass {
        name: "headings::add_numbered",
        input: Input::Any,
        run: |s| headings::add_numbered(&mut s.lines, &mut s.headings, &s.numbered),
    },
    Pass {
        name: "parts::settle",
        input: Input::Any,
        run: |s| parts::settle(&mut s.headings, &s.zones, &s.numbered),
    },
    Pass {
        name: "paragraphs::build",
        input: Input::Any,
        run: |s| {
            let doc = &mut s.doc;
            doc.paragraphs = paragraphs::build(
                &s.lines,
                &s.headings,
                &s.marks,
                &doc.pages,
                &mut doc.diagnostics,
            );
        },
    },
    Pass {
        name: "sections::build",
        input: Input::Any,
        run: |s| s.doc.sections = sections::build(&s.lines, &s.headings, &s.doc.paragraphs),
    },
    Pass {
        name: "metadata::summary",
        input: Input::Any,
        run: |s| s.doc.meta.summary = metadata::summary(&s.doc.sections, &s.doc.paragraphs),
    },
    Pass {
        name: "contents::adopt_labels",
        input: Input::Any,
        run: |s| contents::adopt_labels(&mut s.doc.contents, &s.headings),
    },
    Pass {
        name: "footnotes::link",
        input: Input::Any,
        run: |s| footnotes::link(&mut s.doc.footnotes, &mut s.doc.paragraphs),
    },
    Pass {
        name: "footnotes::unglue_titles",
        input: Input::Any,
        run: |s| footnotes::unglue_titles(&s.doc.footnotes, &mut s.doc.sections),
    },
    Pass {
        name: "set_spans",
        input: Input::Any,
        run: |s| set_spans(&mut s.doc),
    },
    Pass {
        name: "diagnose",
        input: Input::Any,
        run: |s| diagnose(&mut s.doc),
    },
];

/// What the passes share: the document being built, the working lines, and what the passes
/// found on the way (see [`facts`]).
#[derive(Debug)]
struct State {
    /// The document being built.
    doc: Document,
    /// The working lines.
    lines: Vec<Ln>,
    /// The headings, in line order (from [`headings::detect`]).
    headings: Vec<Heading>,
    /// The zones numbered apart (from [`parts::find`]).
    zones: Vec<ZoneLines>,
    /// The numbering decision for each line, if any (from [`numbering::number`]).
    marks: Vec<Option<Candidate>>,
    /// The headings made of heading-like numbers (from [`numbering::number`]).
    numbered: Vec<NumberedHeading>,
}

impl State {
    /// The state before the first pass: one page per extracted page, the extraction's
    /// diagnostics, and the lines.
    fn new(extracted: &Extracted) -> Self {
        let doc = Document {
            diagnostics: extracted.diagnostics.clone(),
            pages: (0..extracted.pages.len())
                .map(|i| Page {
                    number: to_u32(i + 1),
                    size: extracted.pages[i].size,
                    ..Page::default()
                })
                .collect(),
            ..Document::default()
        };
        State {
            doc,
            lines: lines::build(extracted),
            headings: Vec::new(),
            zones: Vec::new(),
            marks: Vec::new(),
            numbered: Vec::new(),
        }
    }
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

/// Reports breaks in the numbering (see [`Document::numbering_breaks`]), documents
/// without paragraphs, and contents rows no heading of the text carries. A sequence starting past `1` is no break here: a page out of the middle
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
    found.extend(contents::unfound_rows(doc));
    doc.diagnostics.extend(found);
}

#[cfg(test)]
mod tests {
    use super::{Input, PASSES};

    /// The passes a text lists, in order, with their input: items `N. [`name`]` (module doc)
    /// or table rows `| N | `name` | input |` (ARCHITECTURE.md).
    fn listed(text: &str) -> Vec<(String, Input)> {
        let mut out = Vec::new();
        for line in text.lines() {
            let line = line.trim_start_matches("//!").trim();
            let (head, rest) = line.split_once(' ').unwrap_or((line, ""));
            let numbered = |h: &str| {
                let n = h.trim_end_matches('.');
                !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
            };
            let (name, input) = if numbered(head) && rest.starts_with("[`") {
                let name = rest[2..].split('`').next().unwrap_or("");
                let input = if rest.contains("(PDF only)") {
                    Input::Pdf
                } else if rest.contains("(text only)") {
                    Input::Text
                } else {
                    Input::Any
                };
                (name, input)
            } else if let ["", n, name, input, ..] =
                line.split('|').map(str::trim).collect::<Vec<_>>()[..]
                && numbered(n)
            {
                let input = match input {
                    "PDF" => Input::Pdf,
                    "text" => Input::Text,
                    _ => Input::Any,
                };
                (name.trim_matches('`'), input)
            } else {
                continue;
            };
            out.push((name.to_owned(), input));
        }
        out
    }

    fn passes() -> Vec<(String, Input)> {
        PASSES
            .iter()
            .map(|p| (p.name.to_owned(), p.input))
            .collect()
    }

    #[test]
    fn the_module_doc_lists_the_passes_in_order() {
        assert_eq!(listed(include_str!("mod.rs")), passes());
    }

    #[test]
    fn architecture_md_lists_the_passes_in_order() {
        assert_eq!(listed(include_str!("../../ARCHITECTURE.md")), passes());
    }
}
