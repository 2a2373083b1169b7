//! Tables: blocks of column-aligned lines, claimed as [`Role::Table`] and later emitted as
//! [`ParagraphKind::Table`](crate::model::ParagraphKind::Table) paragraphs.
//!
//! pdftotext's `-layout` mode, and text with geometry, keep a table's column gaps as runs of
//! spaces; its default mode collapses them (those tables are found by [`super::fragments`]). A line is *columnar* when it holds at
//! least two gaps of three or more spaces between text. A table is a run of at least
//! [`MIN_ROWS`] consecutive body lines of one page, starting and ending with a columnar line,
//! in which at least two thirds of the lines are columnar. Conservative by design: prose lines
//! never hold such gaps, so a paragraph is never split by this pass.

use super::lines::{Ln, Role};

/// Fewest lines in a table.
const MIN_ROWS: usize = 3;

/// Fewest spaces in a column gap.
const MIN_GAP: usize = 3;

/// Marks the lines of tables as [`Role::Table`]; returns the number of tables.
pub(crate) fn mark(lines: &mut [Ln]) -> usize {
    let mut tables = 0;
    let mut i = 0;
    while i < lines.len() {
        if !(lines[i].role == Role::Body && is_columnar(&lines[i].text)) {
            i += 1;
            continue;
        }
        // Extend the run over body lines of the same page, allowing non-columnar lines
        // (wrapped cells) while at least two thirds stay columnar; end at a columnar line.
        let page = lines[i].page;
        let (mut end, mut columnar, mut total) = (i + 1, 1usize, 1usize);
        let mut j = i + 1;
        while j < lines.len() && lines[j].role == Role::Body && lines[j].page == page {
            total += 1;
            if is_columnar(&lines[j].text) {
                columnar += 1;
                end = j + 1;
            } else if 3 * columnar < 2 * total {
                break;
            }
            j += 1;
        }
        let rows = end - i;
        let col_rows = lines[i..end]
            .iter()
            .filter(|l| is_columnar(&l.text))
            .count();
        if rows >= MIN_ROWS && 3 * col_rows >= 2 * rows {
            for l in &mut lines[i..end] {
                l.role = Role::Table;
            }
            tables += 1;
            i = end;
        } else {
            i += 1;
        }
    }
    tables
}

/// True when a (trimmed) line holds at least two gaps of [`MIN_GAP`] or more spaces.
pub(crate) fn is_columnar(text: &str) -> bool {
    let b = text.as_bytes();
    // Cheap pre-check: prose has no double spaces or tabs.
    if !b.windows(2).any(|w| w == b"  " || w[0] == b'\t') {
        return false;
    }
    let mut gaps = 0;
    let mut run = 0;
    for &c in b {
        if c == b' ' || c == b'\t' {
            run += if c == b'\t' { MIN_GAP } else { 1 };
        } else {
            if run >= MIN_GAP {
                gaps += 1;
                if gaps >= 2 {
                    return true;
                }
            }
            run = 0;
        }
    }
    false
}
