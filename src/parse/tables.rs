//! Tables: blocks of column-aligned lines, claimed as [`Role::Table`] and later emitted as
//! [`ParagraphKind::Table`](crate::model::ParagraphKind::Table) paragraphs.
//!
//! pdftotext's `-layout` mode, and text with geometry, keep a table's column gaps as runs of
//! spaces; its default mode collapses them (those tables are found by [`super::fragments`]). A line is *columnar* when it holds at
//! least two gaps of three or more spaces between text. A table is a run of at least
//! [`MIN_ROWS`] consecutive body lines of one page, starting and ending with a columnar line,
//! in which at least two thirds of the lines are columnar. Conservative by design: prose lines
//! never hold such gaps, so a paragraph is never split by this pass.

use super::lines::{Ln, Role, claim_all};

/// Fewest lines in a table.
const MIN_ROWS: usize = 3;

/// Fewest spaces in a column gap.
const MIN_GAP: usize = 3;

/// Marks the lines of tables as [`Role::Table`].
pub(crate) fn mark(lines: &mut [Ln]) {
    // Each line is looked at once; a run that is not a table is rescanned from its next line.
    let columnar: Vec<bool> = lines
        .iter()
        .map(|l| l.role == Role::Body && is_columnar(&l.text))
        .collect();
    let mut i = 0;
    while i < lines.len() {
        if !(lines[i].role == Role::Body && columnar[i]) {
            i += 1;
            continue;
        }
        let end = run_end(lines, &columnar, i);
        let rows = end - i;
        let col_rows = columnar[i..end].iter().filter(|&&c| c).count();
        if rows >= MIN_ROWS && 3 * col_rows >= 2 * rows {
            claim_all(lines, i..end, Role::Table);
            i = end;
        } else {
            i += 1;
        }
    }
}

/// The end (exclusive) of the run from columnar line `i`: body lines of the same page,
/// allowing non-columnar lines (wrapped cells) while at least two thirds stay columnar,
/// ending at a columnar line.
fn run_end(lines: &[Ln], columnar: &[bool], i: usize) -> usize {
    let page = lines[i].page;
    let (mut end, mut col, mut total) = (i + 1, 1usize, 1usize);
    let mut j = i + 1;
    while j < lines.len() && lines[j].role == Role::Body && lines[j].page == page {
        total += 1;
        if columnar[j] {
            col += 1;
            end = j + 1;
        } else if 3 * col < 2 * total {
            break;
        }
        j += 1;
    }
    end
}

/// True when a (trimmed) line holds at least two gaps of [`MIN_GAP`] or more spaces.
pub(crate) fn is_columnar(text: &str) -> bool {
    let b = text.as_bytes();
    // Cheap pre-check: prose has no double spaces or tabs.
    if !(text.contains("  ") || text.contains('\t')) {
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
