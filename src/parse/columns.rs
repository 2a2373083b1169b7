//! Tables by column alignment (PDF input only). Extraction cuts a baseline at wide gaps into
//! separate lines, so a table row arrives as several body lines on one baseline — its *cells*.
//! A table is a run of rows of one page in which at least [`MIN_ROWS`] rows have two or more
//! cells, each such row sharing at least two columns with the one before it (cells aligned on
//! their left edge, right edge or centre). Between them, rows of one cell are a wrapped cell
//! when they start in a column, with no paragraph gap, number or leader dots before them, at
//! most [`MAX_WRAPPED`] in a row and a third of the run. Lines with leader dots (contents rows)
//! are never cells. Prose is one cell a baseline, so it never forms a table. Lines
//! without geometry never do either: the text path is unchanged.

use super::lines::{Ln, Role, claim_all};
use super::patterns::para_marker;
use super::shape::one_baseline;

/// Fewest rows of two or more cells in a table.
const MIN_ROWS: usize = 3;
/// Two cells are in one column when an edge or the centre is this close, as a share of the
/// font size.
const ALIGN: f32 = 0.3;
/// Most rows of one cell in a row between rows of two or more (a cell wrapped over lines).
const MAX_WRAPPED: usize = 3;

/// One row: the lines `start..end`, on one baseline, and their horizontal extents.
#[derive(Debug)]
struct Row {
    start: usize,
    end: usize,
    page: u32,
    cells: Vec<(f32, f32)>,
    size: f32,
}

/// Marks the lines of column-aligned tables as [`Role::Table`].
pub(crate) fn mark(lines: &mut [Ln]) {
    let rows = rows(lines);
    let mut i = 0;
    while i < rows.len() {
        match table_at(lines, &rows, i) {
            Some(last) => {
                claim_all(lines, rows[i].start..rows[last].end, Role::Table);
                i = last + 1;
            }
            None => i += 1,
        }
    }
}

/// The index of the last row of the table starting at row `first`, if one does.
fn table_at(lines: &[Ln], rows: &[Row], first: usize) -> Option<usize> {
    if rows[first].cells.len() < 2 {
        return None;
    }
    let (mut last, mut prev) = (first, first);
    let (mut multi, mut single, mut run) = (1usize, 0usize, 0usize);
    for (j, row) in rows.iter().enumerate().skip(first + 1) {
        if row.page != rows[first].page || row.start != rows[j - 1].end {
            break;
        }
        if row.cells.len() >= 2 {
            if shared_columns(&rows[prev], row) < 2 {
                break;
            }
            multi += 1;
            (last, prev, run) = (j, j, 0);
        } else {
            single += 1;
            run += 1;
            if run > MAX_WRAPPED
                || 3 * single > multi + single
                || !wrapped_cell(lines, &rows[prev], row)
            {
                break;
            }
        }
    }
    (multi >= MIN_ROWS).then_some(last)
}

/// Whether a row of one cell, after `prev`, continues a wrapped cell: no paragraph gap before
/// it, no paragraph number, no leader dots, its left edge in a column of `prev`.
fn wrapped_cell(lines: &[Ln], prev: &Row, row: &Row) -> bool {
    let ln = &lines[row.start];
    let tol = ALIGN * row.size;
    !ln.blank_before
        && para_marker(&ln.text).is_none()
        && prev
            .cells
            .iter()
            .any(|&(x0, _)| (x0 - row.cells[0].0).abs() <= tol)
}

/// How many cells of `row` stand in a column of `prev`.
fn shared_columns(prev: &Row, row: &Row) -> usize {
    let tol = ALIGN * prev.size.max(row.size);
    let near = |a: f32, b: f32| (a - b).abs() <= tol;
    row.cells
        .iter()
        .filter(|&&(a0, a1)| {
            prev.cells.iter().any(|&(b0, b1)| {
                near(a0, b0) || near(a1, b1) || near((a0 + a1) / 2.0, (b0 + b1) / 2.0)
            })
        })
        .count()
}

/// The body lines with geometry, grouped by baseline into rows (consecutive lines only).
fn rows(lines: &[Ln]) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    for (i, ln) in lines.iter().enumerate() {
        let Some(g) = ln.geometry.as_ref().filter(|_| ln.role == Role::Body) else {
            continue;
        };
        if has_leaders(&ln.text) {
            continue;
        }
        match out.last_mut() {
            Some(r) if r.end == i && one_baseline(&lines[i - 1], ln) => {
                r.end = i + 1;
                r.cells.push((g.x0, g.x1));
                r.size = r.size.max(g.font_size);
            }
            _ => out.push(Row {
                start: i,
                end: i + 1,
                page: ln.page,
                cells: vec![(g.x0, g.x1)],
                size: g.font_size,
            }),
        }
    }
    out
}

/// True for a line with leader dots (`Introduction . . . . . 5`): a contents row, never a cell.
fn has_leaders(text: &str) -> bool {
    text.contains(". . . .") || text.contains(".....")
}
