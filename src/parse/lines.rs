//! The working line model of the analysis, and the flattening of a viewer's text layer.
//!
//! Every pass reads the same `Vec<Ln>` and claims lines by giving them a [`Role`], through
//! [`Ln::claim`] alone; what is still [`Role::Body`] at the end is paragraph text. A viewer's text layer collapses a page into
//! one long line; [`build`] splits such a line back into logical lines at paragraph numbers,
//! inline headings, the header symbol and the footer job number, so the later passes see the
//! same shapes as in pdftotext output.

use std::ops::Range;

use super::patterns::{Pat, SYMBOL};
use crate::extract::{Extracted, LineGeometry};

/// A line longer than this, holding several paragraph numbers, is a flattened page.
const FLAT_MIN_LEN: usize = 400;

/// What a line is, as decided by the passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Report text (paragraphs, or not yet claimed).
    Body,
    /// Page furniture: header, footer, page number, barcode.
    Furniture,
    /// First-page masthead and metadata.
    Masthead,
    /// Part of the printed contents table.
    Contents,
    /// Part of a footnote body.
    Footnote,
    /// A heading (label, title or both).
    Heading,
    /// A row of a column-aligned table.
    Table,
    /// The first line of matter set beside the paragraphs: a text box's title, a figure's
    /// caption.
    AsideTitle,
    /// A further line of such matter.
    Aside,
    /// Not paragraph text (e.g. a viewer's caption after the footer, or a paragraph number
    /// printed away from its text, which the paragraph keeps); dropped.
    Dropped,
}

/// One non-blank line of the document.
#[derive(Debug, Clone)]
pub(crate) struct Ln {
    /// Physical page, 1-based.
    pub(crate) page: u32,
    /// Text, trimmed.
    pub(crate) text: String,
    /// True when a blank line (or the page start) precedes it.
    pub(crate) blank_before: bool,
    /// True when it comes from a flattened (whitespace-collapsed) page.
    pub(crate) flat: bool,
    /// What it is.
    pub(crate) role: Role,
    /// Position and font on the page (PDF input only). The logical lines split out of a
    /// flattened line share that line's geometry.
    pub(crate) geometry: Option<LineGeometry>,
}

impl Ln {
    /// Claims the line for `role`: the one door through which a pass changes a line's role.
    /// Only a [`Role::Body`] line can be claimed; a line another pass claimed keeps its role.
    /// True when the line was claimed.
    pub(crate) fn claim(&mut self, role: Role) -> bool {
        debug_assert_ne!(
            role,
            Role::Body,
            "a line is claimed for a role, never given back"
        );
        let free = self.role == Role::Body;
        if free {
            self.role = role;
        }
        free
    }
}

/// Claims the [`Role::Body`] lines among `lines[range]` for `role` (see [`Ln::claim`]).
pub(crate) fn claim_all(lines: &mut [Ln], range: Range<usize>, role: Role) {
    for ln in &mut lines[range] {
        ln.claim(role);
    }
}

/// The non-blank lines of all pages, flattened pages split into logical lines.
pub(crate) fn build(extracted: &Extracted) -> Vec<Ln> {
    let mut out = Vec::new();
    for (page_idx, page) in extracted.pages.iter().enumerate() {
        let page_no = u32::try_from(page_idx + 1).unwrap_or(u32::MAX);
        let mut blank_before = true;
        for line in &page.lines {
            let text = line.text.trim();
            if text.is_empty() {
                blank_before = true;
                continue;
            }
            let flattened = is_flattened(text);
            let pieces = if flattened {
                split_flat(text)
            } else {
                split_trailing_rule(text)
            };
            let flat = flattened && pieces.len() > 1;
            // Most lines are one piece: no list for them (this runs on every line).
            let single = [text];
            let pieces = if pieces.is_empty() {
                &single[..]
            } else {
                &pieces
            };
            for piece in pieces {
                out.push(Ln {
                    page: page_no,
                    text: (*piece).to_owned(),
                    blank_before,
                    flat,
                    role: Role::Body,
                    geometry: line.geometry.clone(),
                });
                blank_before = false;
            }
        }
    }
    out
}

/// A footnote separator rule printed at the end of the page's last body line
/// (`… pseudonymous cross __________________`): the text and the rule, as two lines.
/// Empty (the line stays whole) otherwise.
fn split_trailing_rule(text: &str) -> Vec<&str> {
    if !text.ends_with("_____") {
        return Vec::new();
    }
    let before = text.trim_end_matches('_').trim_end();
    if before.is_empty() || !text[before.len()..].starts_with(char::is_whitespace) {
        return Vec::new();
    }
    vec![before, text[before.len()..].trim_start()]
}

/// Paragraph numbers inside a line, after the end of a sentence.
static INLINE_MARKER: Pat = Pat::always(r"[.;:!?”’\x22)] \d{1,4}\. \S");

/// True when a line is a whole page (or several paragraphs) with whitespace collapsed.
fn is_flattened(text: &str) -> bool {
    text.len() >= FLAT_MIN_LEN && INLINE_MARKER.with(|re| re.find_iter(text).nth(1).is_some())
}

/// Splits a flattened line into logical lines.
fn split_flat(text: &str) -> Vec<&str> {
    let tokens: Vec<(usize, &str)> = tokens(text);
    let mut starts = vec![0usize];
    let mut in_heading = false;
    for i in 1..tokens.len() {
        let prev = tokens[i - 1].1;
        let next = tokens.get(i + 1).map(|t| t.1);
        let piece = match starts_piece(prev, tokens[i].1, next, in_heading) {
            Some(kind) => Some(kind),
            None if i == 1 && SYMBOL.is_match(prev) => Some(Piece::Other),
            None => None,
        };
        if let Some(kind) = piece {
            starts.push(tokens[i].0);
            in_heading = kind == Piece::Heading;
        }
    }
    if let Some(footer) = footer_start(&tokens)
        && starts.last().is_some_and(|&s| s < footer)
    {
        starts.push(footer);
    }
    let mut pieces = Vec::with_capacity(starts.len());
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(text.len());
        let piece = text.get(s..e).unwrap_or("").trim();
        if !piece.is_empty() {
            pieces.push(piece);
        }
    }
    pieces
}

/// Whitespace-separated tokens with their byte offsets.
fn tokens(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// What a logical line split out of a flattened line starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// A heading label: the title runs to the next paragraph number.
    Heading,
    /// A paragraph number, a sub-item or anything else.
    Other,
}

/// Whether `token` (after `prev`, before `next`) starts a logical line: a paragraph number,
/// a heading label or a sub-item marker after the end of a sentence, or a paragraph number
/// ending a heading title (`in_heading`).
fn starts_piece(prev: &str, token: &str, next: Option<&str>, in_heading: bool) -> Option<Piece> {
    let ends_sentence = prev.ends_with(['.', ';', ':', '!', '?', '”', '"', '’', ')']);
    let next_upper = next.is_some_and(|t| t.starts_with(|c: char| c.is_uppercase() || c == '“'));
    let body = token.strip_suffix('.');
    let number = body
        .is_some_and(|b| !b.is_empty() && b.len() <= 4 && b.bytes().all(|c| c.is_ascii_digit()));
    if number && next_upper && in_heading {
        return Some(Piece::Other);
    }
    if !ends_sentence {
        return None;
    }
    let label = body.is_some_and(|b| {
        (!b.is_empty() && b.len() <= 6 && b.bytes().all(|c| b"IVXL".contains(&c)))
            || (b.len() == 1 && b.bytes().all(|c| c.is_ascii_uppercase()))
    });
    let item = token.len() <= 6
        && token.starts_with('(')
        && token.ends_with(')')
        && prev.ends_with([':', ';']);
    if label && next_upper {
        Some(Piece::Heading)
    } else if (number && next.is_some()) || item {
        Some(Piece::Other)
    } else {
        None
    }
}

/// Where the footer (job number, with a page number on either side) starts among the last
/// tokens, as a byte offset.
fn footer_start(tokens: &[(usize, &str)]) -> Option<usize> {
    let n = tokens.len();
    let from = n.saturating_sub(4);
    let job = (from..n).rev().find(|&i| is_job_token(tokens[i].1))?;
    let before_is_page = job > 0
        && tokens[job - 1].1.bytes().all(|c| c.is_ascii_digit())
        && tokens[job - 1].1.len() <= 4;
    Some(if before_is_page {
        tokens[job - 1].0
    } else {
        tokens[job].0
    })
}

/// `GE.22-29477` or `24-16783`.
fn is_job_token(token: &str) -> bool {
    let t = token.strip_prefix("GE.").unwrap_or(token);
    let b = t.as_bytes();
    b.len() == 8
        && b[2] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit())
}
