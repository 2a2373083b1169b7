//! Paragraph numbers printed below their paragraph's first line (text input only).
//!
//! pdftotext sometimes reads a paragraph's first line before its number: `Turkey noted that,
//! in spite of its security challenges, Colombia had made steady progress`, then `24.`, then
//! `over the years in governance …`. The first line then stands between two paragraphs and is
//! taken for an unlabelled heading, which becomes the section of every paragraph after it.
//!
//! A *sunk* number is a line holding only `N.`, between a line of prose that does not end a
//! sentence and a line that goes on with a lower-case word. The number moves above the line
//! before it, which becomes its paragraph's first line.

use super::lines::{Ln, Role};

/// Shortest first line taken for a paragraph's: a heading is shorter.
const MIN_FIRST_LINE: usize = 40;

/// Moves each sunk number above the line it was printed after.
pub(crate) fn raise(lines: &mut [Ln]) {
    for i in 1..lines.len().saturating_sub(1) {
        if is_sunk(lines, i) {
            let blank = lines[i - 1].blank_before;
            lines.swap(i - 1, i);
            lines[i - 1].blank_before = blank;
            lines[i].blank_before = false;
        }
    }
}

/// True when line `i` is a number alone between an unfinished line of prose and its
/// continuation on the same page.
fn is_sunk(lines: &[Ln], i: usize) -> bool {
    let (before, number, after) = (&lines[i - 1], &lines[i], &lines[i + 1]);
    let body = [before, number, after]
        .iter()
        .all(|l| l.role == Role::Body && l.page == number.page);
    body && number.geometry.is_none()
        && is_number_alone(&number.text)
        && !number.blank_before
        && !after.blank_before
        && after.text.starts_with(|c: char| c.is_lowercase())
        && before.text.chars().count() >= MIN_FIRST_LINE
        && !before.text.ends_with(['.', ':', ';'])
        && !is_number_alone(&before.text)
}

/// True for a line holding only a paragraph number: `24.`.
fn is_number_alone(text: &str) -> bool {
    text.strip_suffix('.')
        .is_some_and(|n| (1..=3).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
}
