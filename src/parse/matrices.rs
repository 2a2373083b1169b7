//! Text matrices (text input only): tables whose cells wrap in narrow columns.
//!
//! pdftotext's default mode prints a table whose cells hold sentences (recommendations beside
//! the remarks on them, cost reductions beside their impact) as blocks of short lines: each
//! cell wraps within its column, well short of the page's text width. [`super::fragments`]
//! judges a line by its shape alone and leaves such cells to prose; this pass judges blocks
//! by their width.
//!
//! The document's *text width* is the length that [`WIDTH_SHARE`] percent of its body lines
//! do not exceed (full lines of prose). A line is *narrow* below [`NARROW`] percent of it. A
//! *block* is a run of body lines of one page with no blank line between them. It is
//!
//! - *narrow* when it has two lines or more and at most a quarter of them are not narrow (a
//!   hyphen that pdftotext undid makes a cell's line longer); a paragraph of prose, whose
//!   lines but the last fill the width, never is;
//! - *short* when it is one narrow line (a header cell, an amount);
//! - otherwise *other*: prose, or a block that is a sub-item's marker alone (`(a)`, `140.7`;
//!   a cell may start with a marker and its text) or holds a line that is no fragment ([`is_fragment`]: a heading label, caption,
//!   note) or a paragraph number not below the highest printed before it (a lower one numbers
//!   a row: `3.`, `12. Fire safety training`). Recommendations as narrow as cells, each after
//!   its number (`86.1.`), are items of their paragraph, and these blocks keep them apart.
//!
//! A page's narrow and short blocks form runs, which other blocks end. A run with at least
//! [`MIN_NARROW`] narrow blocks is a table, with the notes after it (`Abbreviations: …`), but
//! for a title-like short block at its end right before a paragraph number (that paragraph's
//! heading):
//! its lines are claimed as [`Role::Table`], but for the blocks at its start that begin in
//! lowercase (the end of a paragraph of the page before) unless the line before them is a
//! table's. Lines with geometry (PDF input) are left to [`super::columns`]. Not detected:
//! matrices whose cells are as wide as prose (a recommendation in a column two thirds of the
//! page wide), runs of fewer narrow blocks, and the part of a matrix past a cell that reads as
//! prose or as a paragraph number; nor a document made mostly of such cells, whose text
//! width is then theirs.

use super::lines::{Ln, Role, claim_all};
use super::patterns::{DOTTED_ITEM, ITEM_MARKER, para_marker};
use super::shape::{blocks, is_fragment, is_title_like, notes_end, text_width};

/// A line shorter than this share of the text width (in percent) is narrow.
const NARROW: usize = 72;
/// Fewest narrow blocks in a table.
const MIN_NARROW: usize = 4;

/// What a block of lines can be in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Two lines or more, wrapped in a narrow column.
    Narrow,
    /// One narrow line.
    Short,
    /// Prose, or a line that opens a paragraph, heading or item: no part of a matrix.
    Other,
}

/// Marks the text matrices of text input as [`Role::Table`].
pub(crate) fn mark(lines: &mut [Ln]) {
    let Some(width) = text_width(lines) else {
        return;
    };
    let blocks = blocks(lines);
    let shapes = shapes(lines, &blocks, width);
    let mut i = 0;
    while i < blocks.len() {
        let page = lines[blocks[i].0].page;
        let end = (i..blocks.len())
            .find(|&k| shapes[k] == Shape::Other || lines[blocks[k].0].page != page)
            .unwrap_or(blocks.len());
        let first = i + first_block(lines, &blocks[i..end]);
        let stop = (end - usize::from(heads_next(lines, &blocks, &shapes, end))).max(first);
        let narrow = shapes[first..stop]
            .iter()
            .filter(|&&s| s == Shape::Narrow)
            .count();
        if narrow >= MIN_NARROW {
            let last = notes_end(lines, blocks[stop - 1].1, page);
            claim_all(lines, blocks[first].0..last, Role::Table);
        }
        i = end.max(i + 1);
    }
}

/// True when the block before block `end` (the first after a run) is a short title-like line
/// and block `end` opens with a paragraph number on the same page: the heading of that
/// paragraph, not a cell.
fn heads_next(lines: &[Ln], blocks: &[(usize, usize)], shapes: &[Shape], end: usize) -> bool {
    let (Some(k), Some(&(next, _))) = (end.checked_sub(1), blocks.get(end)) else {
        return false;
    };
    let (start, _) = blocks[k];
    shapes[k] == Shape::Short
        && lines[next].page == lines[start].page
        && para_marker(&lines[next].text).is_some()
        && is_title_like(&lines[start].text)
}

/// The shape of each block: by the width of its lines, then, on pages with at least
/// [`MIN_NARROW`] narrow blocks (the only ones read closely), [`Shape::Other`] for a marked
/// block ([`is_marked`]).
fn shapes(lines: &[Ln], blocks: &[(usize, usize)], width: usize) -> Vec<Shape> {
    let mut shapes: Vec<Shape> = blocks.iter().map(|&b| shape(lines, b, width)).collect();
    let pages = lines.last().map_or(0, |l| l.page as usize) + 1;
    let mut narrow = vec![0usize; pages];
    for (&(start, _), &shape) in blocks.iter().zip(&shapes) {
        if shape == Shape::Narrow {
            narrow[lines[start].page as usize] += 1;
        }
    }
    let mut last = 0;
    for (&block, shape) in blocks.iter().zip(&mut shapes) {
        let page = lines[block.0].page as usize;
        if *shape != Shape::Other && narrow[page] >= MIN_NARROW && is_marked(lines, block, last) {
            *shape = Shape::Other;
        }
        last = lines[block.0..block.1]
            .iter()
            .filter_map(|l| para_marker(&l.text))
            .fold(last, |last, (value, _)| last.max(value));
    }
    shapes
}

/// The shape of block `(start, end)` of lines by the width of its lines alone, `width` being
/// the text width.
fn shape(lines: &[Ln], (start, end): (usize, usize), width: usize) -> Shape {
    let block = &lines[start..end];
    let wide = block
        .iter()
        .filter(|l| 100 * l.text.len() >= NARROW * width)
        .count();
    match block.len() {
        1 if wide == 0 => Shape::Short,
        n if n > 1 && 4 * wide <= n => Shape::Narrow,
        _ => Shape::Other,
    }
}

/// True when block `(start, end)` of lines opens with a sub-item's marker alone, or holds a
/// line that is no fragment (a heading label, caption, note) or a paragraph number not below
/// `last`, the highest before the block (a lower one numbers a row: `3.`, `12. Fire safety
/// training`).
fn is_marked(lines: &[Ln], (start, end): (usize, usize), last: u32) -> bool {
    let first = &lines[start].text;
    let marked = |text: &str| {
        para_marker(text).map_or_else(|| !is_fragment(text), |(value, _)| value >= last)
    };
    let alone = |c: regex::Captures<'_>| c.get(2).is_none();
    ITEM_MARKER.captures(first).is_some_and(alone)
        || DOTTED_ITEM.captures(first).is_some_and(alone)
        || lines[start..end].iter().any(|l| marked(&l.text))
}

/// The index, among `blocks`, of the first block of a table made of them: the first block
/// that does not begin in lowercase, unless the line before the blocks is a table's (the cells
/// go on from the page before). `blocks.len()` when every block begins in lowercase.
fn first_block(lines: &[Ln], blocks: &[(usize, usize)]) -> usize {
    let Some(&(start, _)) = blocks.first() else {
        return 0;
    };
    let continues = lines[..start]
        .iter()
        .rev()
        .find(|l| l.role != Role::Furniture)
        .is_some_and(|l| l.role == Role::Table);
    if continues {
        return 0;
    }
    blocks
        .iter()
        .position(|&(s, _)| !lines[s].text.starts_with(char::is_lowercase))
        .unwrap_or(blocks.len())
}
