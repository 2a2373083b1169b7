//! Tables in pdftotext's default mode (text input only): runs of cell fragments.
//!
//! pdftotext's default mode loses a table's columns: a table comes out as short fragments, one
//! cell (or a few cells of a row) a line, mostly between blank lines. The columns cannot be
//! rebuilt, so a table paragraph found here holds one fragment a line, in pdftotext's order.
//!
//! A *cell line* is a body line of text input that is not prose
//! ([`is_prose`](super::shape::is_prose): a long line, or a sentence-ending line of several
//! words, made mostly of lowercase words), a paragraph number (`12.`, `12. Text`), a heading
//! label (`II.`, `A. Title`, `Annex`, `Chapter I`), a caption or a note. Five rules open a table:
//!
//! - **Caption**: a line holding nothing but `Table N` (`Table 2.1`, `Table A.I.1`,
//!   `Table 1 (continued)`), then a title (its first line, and up to two lines continuing it
//!   after a comma or dash, or in lowercase), then at least [`MIN_CELLS`] cell lines of the
//!   same page. A caption may share its line with the title (`Table 5. Expenses by region`,
//!   `Table 3: Posts`, `Table 2 – Staffing`: a dot, colon or dash after the label, then a title
//!   in uppercase that ends no sentence; `Table 5 shows …` is prose). Caption and title belong
//!   to the table paragraph.
//! - **Documents**: a column header `Symbol` (`Document symbol`, `JIU report symbol`), then
//!   a list of documents: at least [`MIN_SYMBOLS`] document symbols alone on their lines
//!   (`CEDAW/C/88/1`), the first among the [`REACH`] body lines after the header, each within
//!   [`MAX_ENTRY`] body lines of the one before, with no paragraph number, heading, caption or
//!   note between them (the titles may be prose-shaped). The table ends with the last
//!   symbol's entry (the line after it and the lines wrapping that one) and does not go on to
//!   the next page (such lists repeat their header there).
//! - **Units line**: a line `(Thousands of United States dollars)` (`Millions of …`,
//!   `Billions of …`, with a qualifier after `;`) right under a title line of the same page,
//!   then at least [`MIN_CELLS`] cell lines: a table without a caption, such as an
//!   enclosure's. The table starts at the units line (the title is often a heading's).
//! - **Names**: after a line ending with a colon (`… composed of the following Member
//!   States:`), at least [`MIN_NAMES`] short names, each a fragment of its own (a membership
//!   list in columns, read down); it goes on over the page like a captioned table.
//! - **Numbers**: a run of cell lines of one page, starting at a fragment of its own (after a
//!   blank line, not in lowercase), at least half of them (and at least [`MIN_NUMERIC`])
//!   number cells (`1 234.5`, `(12.0)`, `40%`, `–`), with no figure caption (`Figure II`) in
//!   the lines before it (a chart's labels).
//!
//! In a captioned table (and its parts on the next pages) two kinds of row labels that are no
//! cell lines do not end the run ([`is_row_label`]): a *long label*, prose-shaped but a
//! fragment of its own (after a blank line, ending no sentence, the next line not in
//! lowercase) with a number cell among the [`REACH`] body lines after it (`Section 33,
//! Construction, alteration, improvement and major maintenance`); and a *numbered row*
//! (`1. Construction costs`, `3. Phase 1 – New`) whose number is below that of the last
//! paragraph before the table (so it cannot be the next paragraph), whose text is
//! cell-shaped and does not end with a dot, and which is followed by [`MIN_CELLS`] cell lines.
//!
//! The table's notes follow its cells: lines starting `Source:`, `Note:`, `Abbreviations:`…,
//! or a footnote letter alone (`a`) and its text, with their wrapped lines. A table reaching its
//! page's last body line goes on with the cell lines that open the next page (a new table
//! paragraph). A table with number cells among the [`REACH`] body lines after it (or, without
//! a caption, before it) is interrupted, by a row that is neither a cell nor a row label above
//! (a row numbered like the next paragraph, a long label ending a sentence): it is left alone,
//! since claiming a part of it would change what the lines around it look like to the heading
//! and numbering passes.
//!
//! The lines are claimed as [`Role::Table`] before headings and numbering; a line that could
//! be the next paragraph's number is never claimed. Lines with geometry (PDF input) are left
//! to [`super::columns`]. Not detected: tables without a caption whose cells are mostly words
//! (lists of documents without a `Symbol` header, such as `Brazil` / `(CEDAW/C/BRA/CO/9)`,
//! lists of names not introduced by a colon, text matrices whose cells are sentences, even
//! under a units line), captioned tables whose first cells are prose-shaped, notes
//! whose footnote letter stands among the cells, away from their text, and uncaptioned
//! interrupted tables. A caption right after the previous table's last cell or note opens a
//! table paragraph of its own ([`super::shape::starts_table`], read by the paragraph builder,
//! which otherwise joins adjacent table lines).

use super::lines::{Ln, Role, claim_all};
use super::patterns::para_marker;
use super::shape::{
    is_caption, is_figure, is_fragment, is_heading, is_note, is_prose, is_symbol_header,
    is_text_body_on, notes_end, opens_table, titled_caption,
};

/// Fewest cell lines after a caption and title, or at the top of the next page.
const MIN_CELLS: usize = 3;
/// Most title lines after the caption.
const MAX_TITLE_LINES: usize = 3;
/// Fewest number cells in an uncaptioned table (at least half of its lines).
const MIN_NUMERIC: usize = 8;
/// How many body lines around a table are looked at for number cells ([`numbers_near`]).
const REACH: usize = 3;
/// Among how many lines (of any role) around a table those body lines are looked for.
const WINDOW: usize = 4 * REACH;
/// How many lines before an uncaptioned table a figure caption is looked for.
const FIGURE_REACH: usize = 4;
/// Fewest names in a list of names after a colon ([`names_at`]).
const MIN_NAMES: usize = 8;
/// Longest name in such a list.
const MAX_NAME: usize = 40;
/// Fewest document symbols in a list of documents ([`documents_at`]).
const MIN_SYMBOLS: usize = 3;
/// Most body lines between two symbols of a list of documents (a title's lines).
const MAX_ENTRY: usize = 8;
/// Longest document symbol.
const MAX_SYMBOL: usize = 40;

/// Marks the fragment tables of text input as [`Role::Table`].
pub(crate) fn mark(lines: &mut [Ln]) {
    let candidates = candidate_pages(lines);
    let mut last = 0;
    let mut i = 0;
    while i < lines.len() {
        last = marker_value(&lines[i]).unwrap_or(last);
        if !candidates
            .get(lines[i].page as usize)
            .copied()
            .unwrap_or(false)
        {
            i += 1;
            continue;
        }
        let list = documents_at(lines, i);
        let names = || names_at(lines, i);
        let captioned = table_at(lines, i, last)
            .or(list)
            .or_else(names)
            .map(|end| (i, end));
        // A units line is looked for under line `i`: an uncaptioned scan from `i` would pass it.
        let units = || units_at(lines, i + 1, last).map(|end| (i + 1, end));
        let (start, end, next) = match captioned.or_else(units) {
            Some((start, end)) => (start, end, end),
            None => numeric_at(lines, i),
        };
        if end == start {
            i = next.max(i + 1);
            continue;
        }
        claim_all(lines, start..end, Role::Table);
        i = end;
        // A list of documents repeats its header on each page: no continuation.
        while let Some(more) = continuation(lines, i, last).filter(|_| list.is_none()) {
            claim_all(lines, i..more, Role::Table);
            i = more;
        }
    }
}

/// Pages that can hold a table, by page number: those with a caption or at least
/// [`MIN_NUMERIC`] number cells (every table starts on such a page), and the page after each
/// (where a table may go on). Found with cheap tests only, so that most pages of most reports
/// are never looked at closely (the other tests run regular expressions on every line).
fn candidate_pages(lines: &[Ln]) -> Vec<bool> {
    let last = lines.last().map_or(0, |l| l.page as usize);
    let mut numeric = vec![0usize; last + 2];
    let mut candidate = vec![false; last + 2];
    for (i, l) in lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.geometry.is_none())
    {
        let page = l.page as usize;
        let short = |k: usize| {
            lines.get(k).is_some_and(|n| {
                n.blank_before && n.text.len() <= MAX_NAME && n.text.starts_with(char::is_uppercase)
            })
        };
        let names = l.text.ends_with(':') && short(i + 1) && short(i + 2);
        if names || opens_table(&l.text) || is_symbol_header(&l.text) || is_units(&l.text) {
            candidate[page] = true;
        } else if is_numeric(&l.text) {
            numeric[page] += 1;
            candidate[page] |= numeric[page] >= MIN_NUMERIC;
        }
    }
    for page in (1..=last).rev() {
        candidate[page + 1] |= candidate[page];
    }
    candidate
}

/// The end of the part of a table on the next page, when the table ending at line `end`
/// reaches its page's last body line: the run of cell lines that opens the next page, if it
/// holds at least [`MIN_CELLS`] of them (a new table paragraph, as pages part it).
fn continuation(lines: &[Ln], end: usize, last: u32) -> Option<usize> {
    let page = lines.get(end.checked_sub(1)?)?.page;
    let k = end
        + lines
            .get(end..)?
            .iter()
            .position(|l| l.role == Role::Body)?;
    let next_page = lines[k].page;
    if next_page != page + 1 || lines[k].geometry.is_some() {
        return None;
    }
    cells_and_notes(lines, k, next_page, last)
}

/// The end (exclusive) of a table's body starting at line `start` of page `page`: at least
/// [`MIN_CELLS`] cell lines (row labels counted, `last` being the number of the last paragraph
/// before the table), then its notes; none when it is too short or interrupted (number cells
/// right after it).
fn cells_and_notes(lines: &[Ln], start: usize, page: u32, last: u32) -> Option<usize> {
    let end = cells_end(lines, start, page, Some(last));
    let end = (body_count(&lines[start..end]) >= MIN_CELLS).then(|| notes_end(lines, end, page))?;
    (!numbers_near(lines, end, page, Side::After)).then_some(end)
}

/// The number of body lines.
fn body_count(lines: &[Ln]) -> usize {
    lines.iter().filter(|l| l.role == Role::Body).count()
}

/// The uncaptioned table in the run of cell lines starting at line `i`, as
/// `(start, end, next)`: `start..end` is empty when the run is no table; `next` is where the
/// scan goes on (the run's end: each line is scanned once).
fn numeric_at(lines: &[Ln], i: usize) -> (usize, usize, usize) {
    let page = lines[i].page;
    if !is_text_body_on(&lines[i], page) || !is_cell(&lines[i].text) {
        return (i, i, i + 1);
    }
    let end = cells_end(lines, i, page, None);
    // The run starts at a fragment of its own, not on the wrapped tail of a paragraph.
    let start = (i..end)
        .find(|&k| lines[k].blank_before && !lines[k].text.starts_with(char::is_lowercase))
        .unwrap_or(end);
    let numeric = lines[start..end]
        .iter()
        .filter(|l| l.role == Role::Body && is_numeric(&l.text))
        .count();
    let enough = numeric >= MIN_NUMERIC && 2 * numeric >= body_count(&lines[start..end]);
    let end_notes = notes_end(lines, end, page);
    let whole = !numbers_near(lines, start, page, Side::Before)
        && !numbers_near(lines, end_notes, page, Side::After);
    if enough && whole && !after_figure(lines, start) {
        (start, end_notes, end_notes)
    } else {
        (i, i, end)
    }
}

/// A cell of numbers: every word a number (`1 234.5`, `(12.0)`, `40%`) or a dash (`–`, `..`);
/// not a paragraph number (`12.`).
fn is_numeric(text: &str) -> bool {
    // Cheap pre-check: the first word must be a number or a dash.
    text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '(' | '-' | '–' | '—' | '+' | '.'))
        && text.split_whitespace().all(|w| {
            let w = w.trim_start_matches('(').trim_end_matches([')', '%', ',']);
            let digits = w.trim_start_matches(['-', '–', '+']);
            matches!(w, "–" | "—" | "-" | "..")
                || (digits.starts_with(|c: char| c.is_ascii_digit())
                    && digits
                        .bytes()
                        .all(|c| c.is_ascii_digit() || c == b'.' || c == b','))
        })
        && para_marker(text).is_none()
}

/// The end (exclusive) of the table whose caption is line `i`, if one starts there; `last`
/// is the number of the last paragraph before it (see [`cells_end`]). A scan stops at the
/// next caption, so each line is scanned for at most one caption.
fn table_at(lines: &[Ln], i: usize, last: u32) -> Option<usize> {
    let caption = &lines[i];
    let page = caption.page;
    if !is_text_body_on(caption, page) {
        return None;
    }
    // The title's first line: the caption line itself when it holds the title too.
    let title = if is_caption(&caption.text) {
        lines
            .get(i + 1)
            .filter(|l| is_text_body_on(l, page) && is_title(&l.text))
            .map(|_| i + 1)?
    } else if titled_caption(&caption.text) {
        i
    } else {
        return None;
    };
    let cells = title + 1 + title_more(lines, title, page);
    cells_and_notes(lines, cells, page, last)
}

/// The end (exclusive) of the table whose units line (`(Thousands of United States dollars)`)
/// is line `i`, right under a title line of the same page, if one starts there: a table
/// without a `Table N` caption, such as an enclosure's (the title stays out, as the heading's).
/// Cells and notes as after a caption ([`table_at`]).
fn units_at(lines: &[Ln], i: usize, last: u32) -> Option<usize> {
    let units = lines.get(i)?;
    let page = units.page;
    let titled = i
        .checked_sub(1)
        .and_then(|t| lines.get(t))
        .is_some_and(|t| t.page == page && t.role != Role::Table && is_title(&t.text));
    if !titled || !is_text_body_on(units, page) || !is_units(&units.text) {
        return None;
    }
    cells_and_notes(lines, i + 1, page, last)
}

/// A table's units line: `(Thousands of United States dollars)`, `(Millions of Swiss francs;
/// budget year …)`.
fn is_units(text: &str) -> bool {
    let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) else {
        return false;
    };
    inner.len() <= 80
        && ["Thousands of ", "Millions of ", "Billions of "]
            .iter()
            .any(|u| inner.starts_with(u))
}

/// The end (exclusive) of the list of names starting at line `i`, if one starts there: after
/// a line ending with a colon (`… composed of the following Member States:`), at least
/// [`MIN_NAMES`] names, fragments of their own (blank line before), in pdftotext's order of
/// the columns. A name is short, starts in uppercase, holds no digit and ends no clause.
fn names_at(lines: &[Ln], i: usize) -> Option<usize> {
    let intro = lines.get(i.checked_sub(1)?)?;
    let page = lines.get(i)?.page;
    if intro.role != Role::Body || !intro.text.ends_with(':') {
        return None;
    }
    let run = lines[i..]
        .iter()
        .take_while(|l| is_text_body_on(l, page) && l.blank_before && is_name(&l.text))
        .count();
    (run >= MIN_NAMES).then_some(i + run)
}

/// A line that can be a name in a list: `Antigua and Barbuda`, `Côte d’Ivoire`.
fn is_name(text: &str) -> bool {
    text.len() <= MAX_NAME
        && text.starts_with(char::is_uppercase)
        && !text.ends_with(['.', ';', ':', ','])
        && !text.contains(|c: char| c.is_ascii_digit())
        && is_fragment(text)
}

/// The end (exclusive) of the list of documents whose header (`Symbol`) is line `i`, if one
/// starts there: at least [`MIN_SYMBOLS`] document symbols alone on their lines, the first
/// among the [`REACH`] body lines after the header, each within [`MAX_ENTRY`] body lines of
/// the one before, with no paragraph number, heading, caption or note between them (titles
/// may be prose-shaped). It ends with the last symbol's entry: the symbol, the next line (its
/// title) and the lines wrapping that title.
fn documents_at(lines: &[Ln], i: usize) -> Option<usize> {
    let header = &lines[i];
    let page = header.page;
    if !is_text_body_on(header, page) || !is_symbol_header(&header.text) {
        return None;
    }
    let (mut count, mut last, mut since) = (0, i, 0);
    for (k, ln) in lines.iter().enumerate().skip(i + 1) {
        if ln.role == Role::Furniture && ln.page == page {
            continue;
        }
        let limit = if count == 0 { REACH } else { MAX_ENTRY };
        if !is_text_body_on(ln, page) || !is_fragment(&ln.text) || since >= limit {
            break;
        }
        if is_symbol(&ln.text) {
            (count, last, since) = (count + 1, k, 0);
        } else {
            since += 1;
        }
    }
    (count >= MIN_SYMBOLS).then(|| entry_end(lines, last, page))
}

/// The end (exclusive) of the entry of a list of documents whose symbol is line `symbol`: the
/// next body line of page `page` (its title) and the lines wrapping it (no blank line before).
fn entry_end(lines: &[Ln], symbol: usize, page: u32) -> usize {
    let mut k = symbol + 1;
    let mut title = false;
    while let Some(ln) = lines.get(k) {
        let wraps = !title || !ln.blank_before;
        if ln.role == Role::Furniture && ln.page == page {
            k += 1;
            continue;
        }
        if !wraps || !is_text_body_on(ln, page) || !is_fragment(&ln.text) {
            break;
        }
        title = true;
        k += 1;
    }
    // Furniture after the entry is not part of it.
    while k > symbol + 1 && lines.get(k - 1).is_some_and(|l| l.role == Role::Furniture) {
        k -= 1;
    }
    k
}

/// A document symbol alone on its line: `CEDAW/C/88/1`, `TPNW/MSP/2025/INF/1/Add.1`.
fn is_symbol(text: &str) -> bool {
    text.len() <= MAX_SYMBOL
        && text.starts_with(|c: char| c.is_ascii_uppercase())
        && text.bytes().filter(|&c| c == b'/').count() >= 2
        && text
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"/.-()".contains(&c))
}

/// Which side of a table [`numbers_near`] looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// The lines before its first line.
    Before,
    /// The lines from its end on.
    After,
}

/// True when a number cell stands among the [`REACH`] body lines of page `page` before line
/// `at`, or from line `at` on (within [`WINDOW`] lines): the table goes on past the line that
/// stopped it.
fn numbers_near(lines: &[Ln], at: usize, page: u32, side: Side) -> bool {
    let at = at.min(lines.len());
    let window = match side {
        Side::Before => &lines[at.saturating_sub(WINDOW)..at],
        Side::After => &lines[at..(at + WINDOW).min(lines.len())],
    };
    let near = |l: &&Ln| l.role == Role::Body;
    let numeric = |l: &Ln| l.page == page && is_numeric(&l.text);
    match side {
        Side::Before => window.iter().rev().filter(near).take(REACH).any(numeric),
        Side::After => window.iter().filter(near).take(REACH).any(numeric),
    }
}

/// The number of lines after the title's first line `first` that continue it (no blank line
/// before, after a comma or a dash, or starting in lowercase): [`MAX_TITLE_LINES`] in all.
fn title_more(lines: &[Ln], first: usize, page: u32) -> usize {
    let mut n = 0;
    while let Some(ln) = lines.get(first + n + 1) {
        let continues = !ln.blank_before
            && (lines[first + n].text.ends_with([',', '–', '-'])
                || ln.text.starts_with(|c: char| c.is_lowercase()));
        if n + 1 >= MAX_TITLE_LINES
            || !continues
            || !is_text_body_on(ln, page)
            || !is_title(&ln.text)
        {
            break;
        }
        n += 1;
    }
    n
}

/// A line that can be a title line: like a cell, but it may be long and made of lowercase
/// words (`Incumbency of project management positions since the approval of the project`); it
/// does not end a sentence.
fn is_title(text: &str) -> bool {
    !text.ends_with(['.', ';', ':'])
        && para_marker(text).is_none()
        && !opens_table(text)
        && !is_figure(text)
        && !is_note(text)
        && !is_heading(text)
}

/// The end (exclusive) of the run of cell lines of page `page` starting at line `i`. Page
/// furniture that pdftotext printed among the cells (a header, a page number) does not end the
/// run, but the run never ends on it. In a captioned table (`last`, the number of the last
/// paragraph before it, given) a row label ([`is_row_label`]) is a cell too.
fn cells_end(lines: &[Ln], i: usize, page: u32, last: Option<u32>) -> usize {
    let mut end = i;
    for (k, ln) in lines.iter().enumerate().skip(i) {
        if ln.role == Role::Furniture && ln.page == page {
            continue;
        }
        let cell = is_cell(&ln.text) || last.is_some_and(|last| is_row_label(lines, k, last));
        if !is_text_body_on(ln, page) || !cell {
            break;
        }
        end = k + 1;
    }
    end
}

/// A row label of a captioned table that does not look like a cell, at line `k`: a row
/// numbered like a paragraph (`1. Construction costs`) whose number is below `last`, the
/// number of the last paragraph before the table (so it cannot be the next paragraph), and
/// whose text is cell-shaped; or a long label (`Section 33, Construction, alteration,
/// improvement and major maintenance`), a fragment of its own that ends no sentence. Either
/// is followed by cell lines: by [`MIN_CELLS`] of them (a numbered row), or by a number cell
/// among the next [`REACH`] body lines (a long label).
fn is_row_label(lines: &[Ln], k: usize, last: u32) -> bool {
    let Some(ln) = lines.get(k) else {
        return false;
    };
    let text = ln.text.as_str();
    if let Some((value, rest)) = para_marker(text) {
        return value < last
            && rest.is_some_and(|r| is_cell(r) && !r.ends_with('.'))
            && cells_follow(lines, k + 1, ln.page);
    }
    ln.blank_before
        && is_fragment(text)
        && !text.ends_with(['.', ';', ':', '!', '?'])
        && lines
            .get(k + 1)
            .is_some_and(|n| !n.text.starts_with(char::is_lowercase))
        && numbers_near(lines, k + 1, ln.page, Side::After)
}

/// True when the [`MIN_CELLS`] body lines from line `at` on are cell lines of page `page`
/// (furniture skipped).
fn cells_follow(lines: &[Ln], at: usize, page: u32) -> bool {
    let mut body = lines
        .get(at..)
        .unwrap_or_default()
        .iter()
        .filter(|l| !(l.role == Role::Furniture && l.page == page))
        .take(MIN_CELLS);
    body.clone().count() == MIN_CELLS && body.all(|l| is_text_body_on(l, page) && is_cell(&l.text))
}

/// The number of the paragraph that body line `ln` of text input opens (`12.`, `12. Text`),
/// if it may open one.
fn marker_value(ln: &Ln) -> Option<u32> {
    if ln.role != Role::Body || ln.geometry.is_some() {
        return None;
    }
    para_marker(&ln.text).map(|(value, _)| value)
}

/// True when a figure caption stands among the [`FIGURE_REACH`] lines before line `start`, on
/// its page: the numbers that follow are a chart's labels, not a table.
fn after_figure(lines: &[Ln], start: usize) -> bool {
    let page = lines.get(start).map_or(0, |l| l.page);
    lines[start.saturating_sub(FIGURE_REACH)..start]
        .iter()
        .any(|l| l.page == page && is_figure(&l.text))
}

/// A line that can be a cell: not prose, and a [`is_fragment`].
fn is_cell(text: &str) -> bool {
    !is_prose(text) && is_fragment(text)
}
