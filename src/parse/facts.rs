//! The facts that passes hand to each other: the headings found, the zones numbered apart, the
//! numbering decisions. Like the shape layer, this stands below every pass, so that a pass
//! reads what an earlier one found without importing it; [`super::State`] holds them between
//! passes.

use std::ops::Range;

use super::lines::Ln;
use crate::model::Zone;

// --- Headings (found by `headings`, placed in zones by `parts`).

/// A heading found in the body.
#[derive(Debug, Clone, Default)]
pub(crate) struct Heading {
    /// Index of its first line.
    pub(crate) line: usize,
    /// Label without the dot, e.g. `IV`; `Annex I` for annexes; empty when unlabelled.
    pub(crate) label: String,
    /// Title.
    pub(crate) title: String,
    /// Depth, 1 for top level.
    pub(crate) level: u32,
    /// The zone its label opens, as printed: an annex (`Annex II`), a quoted text (`Draft
    /// resolution B`) or a part (`Part Two`); `None` for any other heading. Where it opens one
    /// (an annex inside a quoted text opens the quoted text's annex) is for
    /// [`super::parts::find`] to decide.
    pub(crate) opens: Option<Zone>,
    /// The zone it stands in, as [`super::parts::find`] (or [`super::parts::settle`]) decided:
    /// the paragraphs after it are numbered in that zone.
    pub(crate) zone: Zone,
}

/// A heading made of a heading-like paragraph number (`1.` + title) that the numbering
/// decided is no paragraph; added by `headings::add_numbered`.
#[derive(Debug, Clone)]
pub(crate) struct NumberedHeading {
    /// Index of its first line (the number's).
    pub(crate) line: usize,
    /// Body lines it takes: 1 with the title on the number's line, 2 with the title below.
    pub(crate) n_lines: usize,
    /// The number, as its label (`1`).
    pub(crate) label: String,
    /// Title.
    pub(crate) title: String,
}

// --- Zones numbered apart (found by `parts`).

/// The lines of one zone, numbered as one sequence.
#[derive(Debug, Clone)]
pub(crate) struct ZoneLines {
    /// Which zone.
    pub(crate) zone: Zone,
    /// Its line ranges, in order.
    pub(crate) pieces: Vec<Range<usize>>,
    /// Added to the printed level of the headings inside it.
    pub(crate) offset: u32,
}

// --- Numbering decisions (made by `numbering`, moved by `hoisted`, read by `paragraphs`).

/// What a candidate turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// Opens a top-level numbered paragraph.
    Top,
    /// An item of a list nested in the current paragraph.
    Nested,
    /// Not a paragraph number.
    Ignored,
}

/// A line starting with `N.`.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Line index.
    pub(crate) line: usize,
    /// The number.
    pub(crate) value: u32,
    /// The number stands alone on its line.
    pub(crate) alone: bool,
    /// The number and the line after it look like a heading (`1.` + short title).
    pub(crate) heading_like: bool,
    /// The line before ends a sentence (or there is none).
    pub(crate) after_sentence: bool,
    /// The text it opens ends with `;` (a list item, not a paragraph).
    pub(crate) ends_semicolon: bool,
    /// Where the marker stands (PDF input only).
    pub(crate) at: Option<Indent>,
    /// The decision.
    pub(crate) mark: Mark,
}

/// Where a marker stands: the left edge of its line, its font size, its page's parity.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Indent {
    /// Left edge of the marker's line.
    pub(crate) x: f32,
    /// Its font size.
    pub(crate) size: f32,
    /// True on an odd page (mirrored margins differ between odd and even pages).
    pub(crate) odd_page: bool,
}

impl Indent {
    /// Where line `ln` stands; `None` without geometry (text input).
    pub(crate) fn of(ln: &Ln) -> Option<Self> {
        ln.geometry.as_ref().map(|g| Indent {
            x: g.x0,
            size: g.font_size,
            odd_page: ln.page % 2 == 1,
        })
    }
}
