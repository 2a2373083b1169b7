//! The printed contents table: found, claimed as [`Role::Contents`] and read into rows.
//!
//! pdftotext prints a contents table as a column stream: titles ending in dot leaders, then
//! paragraph ranges (`5–82`, `1 -` / `4`) and page numbers on lines of their own (or the page
//! after the leader, on the title's line, where a table has no ranges); labels either
//! before their title or hoisted together above the titles. Hoisted labels cannot be placed from
//! the text alone: [`adopt_labels`] later takes them from the matching body headings.
//! [`unfound_rows`] names, for the final diagnostics, the rows no section of the parse carries.

use super::facts::Heading;
use super::lexicon::{CONTENTS_COLUMNS, CONTENTS_TITLES, PAGE_COLUMNS};
use super::lines::{Ln, Role};
use super::patterns::{
    ANNEX, ANNEX_TITLED, CHAPTER, LABEL_ONLY, LEADER, LEADER_PAGE, LEADER_RANGE, RANGE,
    split_label_title,
};
use super::shape::{label_level, title_key};
use crate::model::{ContentsRow, Diagnostic, Document, Severity};

/// The contents table must start on one of the first pages (an Official Records report prints
/// four cover pages before it).
const MAX_START_PAGE: u32 = 8;
/// The table ends after this many lines without a leader.
const MAX_GAP: usize = 12;

/// Finds the contents table, marks its lines and returns its rows.
pub(crate) fn mark(lines: &mut [Ln]) -> Vec<ContentsRow> {
    let Some(start) = lines.iter().position(|l| {
        l.page <= MAX_START_PAGE && l.role == Role::Body && is_contents_title(&l.text)
    }) else {
        return Vec::new();
    };
    let Some(end) = region_end(lines, start) else {
        return Vec::new();
    };
    let mut rows = RowReader::default();
    lines[start].claim(Role::Contents);
    for ln in &mut lines[start + 1..end] {
        if ln.claim(Role::Contents) {
            rows.line(&ln.text);
        }
    }
    rows.finish()
}

/// The title over a contents table, in any of the six languages (`Table des matières`,
/// `Índice`, `Содержание`).
fn is_contents_title(text: &str) -> bool {
    CONTENTS_TITLES.contains(&text)
}

/// One past the last line of the table: the last leader line and the numbers after it. `None`
/// when no leader follows the title: a `Contents` line alone is no table.
fn region_end(lines: &[Ln], start: usize) -> Option<usize> {
    let mut last_leader = start;
    let mut gap = 0;
    for (i, ln) in lines.iter().enumerate().skip(start + 1) {
        if ln.role != Role::Body {
            continue;
        }
        if LEADER.is_match(&ln.text)
            || LEADER_PAGE.is_match(&ln.text)
            || LEADER_RANGE.is_match(&ln.text)
        {
            last_leader = i;
            gap = 0;
        } else if !is_column_stream(&ln.text) {
            gap += 1;
            if gap > MAX_GAP {
                break;
            }
        }
    }
    let mut end = last_leader + 1;
    while let Some(ln) = lines.get(end) {
        let t = ln.text.trim_end_matches('.');
        let roman = !t.is_empty() && t.bytes().all(|c| b"IVXL".contains(&c));
        let trailing = RANGE.is_match(&ln.text)
            || LABEL_ONLY.is_match(&ln.text)
            || ANNEX.is_match(&ln.text)
            || ANNEX_TITLED.is_match(&ln.text)
            || roman;
        if ln.role == Role::Body && (!trailing || ln.page != lines[last_leader].page) {
            break;
        }
        end += 1;
    }
    (last_leader > start).then_some(end)
}

/// A line of the table's own column stream, not text: a label (`IV.`), a range or a page
/// (`72−76`, `14`), a column header (`Paragraphs`). Labels hoisted over a page break can run
/// to a dozen lines; they do not end the table.
fn is_column_stream(text: &str) -> bool {
    LABEL_ONLY.is_match(text) || RANGE.is_match(text) || is_column_header(text)
}

/// The header of a contents table's columns.
fn is_column_header(text: &str) -> bool {
    CONTENTS_COLUMNS.contains(&text)
}

/// Accumulates contents rows from the column stream.
#[derive(Default)]
struct RowReader {
    rows: Vec<ContentsRow>,
    /// Title lines of a row not yet closed by its leader.
    title: Vec<String>,
    /// A label standing right before the title being read.
    label: Option<String>,
    /// Numbers seen after the last closed row.
    numbers: Vec<String>,
    /// A range `12 -` waiting for its end.
    open_range: bool,
    /// The column headers seen: a page column, a paragraph column. A table whose header
    /// names only a page column gives each row one number, its page: a page number printed
    /// under it at the page foot is no range.
    page_column: bool,
    paragraph_column: bool,
}

impl RowReader {
    fn line(&mut self, text: &str) {
        if let Some(c) = LABEL_ONLY.captures(text) {
            self.label = c.get(1).map(|m| m.as_str().to_owned());
        } else if let Some(c) = RANGE.captures(text) {
            self.number(
                text,
                c.get(2).is_some() || !text.contains(['-', '–', '—', '−']),
            );
        } else if is_column_header(text) {
            self.label = None;
            self.paragraph_column |= !PAGE_COLUMNS.contains(&text);
            self.page_column |= text != "Chapter";
        } else if LEADER.is_match(text) {
            let head = LEADER.remove(text);
            self.title.push(head.trim().to_owned());
            self.close_row();
        } else if let Some(c) = LEADER_RANGE.captures(text) {
            // `Title ..... 13 - 14`: the row is closed and its range read; its page follows.
            let head = c.get(0).map_or(text, |m| &text[..m.start()]);
            self.title.push(head.trim().to_owned());
            self.close_row();
            self.number(c.get(1).map_or("", |m| m.as_str()), true);
        } else if let Some(c) = LEADER_PAGE.captures(text) {
            // `Title ..... 3`: the row is closed, its page read, on one line.
            let head = c.get(0).map_or(text, |m| &text[..m.start()]);
            self.title.push(head.trim().to_owned());
            self.close_row();
            if let Some(row) = self.rows.last_mut() {
                row.page = c.get(1).map(|m| m.as_str().to_owned());
            }
        } else {
            self.title.push(text.to_owned());
        }
    }

    fn number(&mut self, text: &str, complete: bool) {
        if self.open_range {
            if let Some(last) = self.numbers.last_mut() {
                last.push('-');
                last.push_str(text);
            }
            self.open_range = false;
        } else {
            self.numbers
                .push(text.trim_end_matches(['-', '–', '—', '−', ' ']).to_owned());
            self.open_range = !complete;
        }
        self.apply_numbers();
    }

    /// Gives the numbers read so far to the last row: a range, then a page.
    fn apply_numbers(&mut self) {
        let Some(row) = self.rows.last_mut() else {
            return;
        };
        let numbers: Vec<&str> = self.numbers.iter().map(String::as_str).collect();
        let (range, page) = match numbers.as_slice() {
            [one] if !one.contains('-') => (None, Some(*one)),
            [range] => (Some(*range), None),
            [range, page, ..] => (Some(*range), Some(*page)),
            [] => (None, None),
        };
        if let Some(r) = range {
            let mut parts = r.split(['-', '–', '—', '−']).map(str::trim);
            row.first_paragraph = parts.next().map(str::to_owned);
            row.last_paragraph = parts
                .next()
                .or(row.first_paragraph.as_deref())
                .map(str::to_owned);
        }
        row.page = page.map(str::to_owned);
    }

    fn close_row(&mut self) {
        let mut title = self.title.join(" ");
        let mut label = self.label.take().unwrap_or_default();
        if let Some((l, t)) = split_label_title(&title) {
            (label, title) = (l.to_owned(), t.to_owned());
        } else if let Some((chapter, rest)) = chapter_label(&title) {
            (label, title) = (chapter.to_owned(), rest.to_owned());
        }
        self.title.clear();
        self.numbers.clear();
        self.open_range = false;
        let level = label_level(&label);
        self.rows.push(ContentsRow {
            label,
            title,
            level,
            ..ContentsRow::default()
        });
    }

    /// The rows. Under a header that names only a page column, with no range anywhere
    /// (which would show a paragraph column printed without its header), each row has one
    /// number, its page: a number after it is the page foot's, not the row's.
    fn finish(mut self) -> Vec<ContentsRow> {
        let pages_only = self.page_column && !self.paragraph_column;
        let ranged = self
            .rows
            .iter()
            .any(|r| r.last_paragraph.is_some() && r.first_paragraph != r.last_paragraph);
        if pages_only && !ranged {
            for row in &mut self.rows {
                if let Some(first) = row.first_paragraph.take() {
                    row.page = Some(first);
                    row.last_paragraph = None;
                }
            }
        }
        self.rows
    }
}

/// `Chapter II Work of the session` → (`Chapter II`, `Work of the session`).
fn chapter_label(title: &str) -> Option<(&str, &str)> {
    let second_space = title.match_indices(' ').nth(1)?.0;
    let (label, rest) = title.split_at(second_space);
    CHAPTER
        .is_match(label)
        .then(|| (label.trim_end_matches('.'), rest.trim()))
}

/// Fills missing labels of contents rows from body headings with the same title.
pub(crate) fn adopt_labels(rows: &mut [ContentsRow], headings: &[Heading]) {
    if rows.iter().all(|r| !r.label.is_empty()) {
        return;
    }
    let labelled: Vec<(&String, String)> = headings
        .iter()
        .filter(|h| !h.label.is_empty())
        .map(|h| (&h.label, title_key(&h.title)))
        .collect();
    for row in rows.iter_mut().filter(|r| r.label.is_empty()) {
        let key = title_key(&row.title);
        if let Some(&(label, _)) = labelled.iter().find(|(_, t)| *t == key) {
            row.label = label.clone();
            row.level = label_level(label);
        }
    }
}

/// Most contents rows a diagnostic names; it counts the others.
const MAX_ROWS_NAMED: usize = 5;

/// The rows of the report's own contents table that no section of the parse carries (by
/// title, or label and title, as words; a row cut short matches a longer title), in one
/// diagnostic: where the parse and the table disagree, a heading was missed or misread.
pub(crate) fn unfound_rows(doc: &Document) -> Option<Diagnostic> {
    let held: Vec<String> = doc
        .sections
        .iter()
        .flat_map(|s| [title_key(&s.title), label_and_title(&s.label, &s.title)])
        .collect();
    let missing: Vec<String> = doc
        .contents
        .iter()
        .filter(|r| !r.title.trim().is_empty())
        .filter(|r| {
            let keys = [title_key(&r.title), label_and_title(&r.label, &r.title)];
            !keys.iter().any(|k| held.iter().any(|h| same_title(k, h)))
        })
        .map(|r| format!("{} {}", r.label, r.title).trim().to_owned())
        .collect();
    let (named, more) = missing.split_at(missing.len().min(MAX_ROWS_NAMED));
    (!missing.is_empty()).then(|| Diagnostic {
        severity: Severity::Warning,
        code: "contents-row-not-found",
        message: format!(
            "{} of {} contents rows have no heading in the text: {}{}",
            missing.len(),
            doc.contents.len(),
            named.join("; "),
            if more.is_empty() {
                String::new()
            } else {
                format!("; and {} more", more.len())
            }
        ),
        page: None,
    })
}

/// `label` and `title` as one [`title_key`].
fn label_and_title(label: &str, title: &str) -> String {
    title_key(&format!("{label} {title}"))
}

/// Whether two title keys name one heading: equal, or one the other's start in whole words (a
/// row or a heading cut short), two words at least.
fn same_title(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    !short.is_empty()
        && long.starts_with(short)
        && (long.len() == short.len()
            || (long.as_bytes()[short.len()] == b' ' && short.contains(' ')))
}
