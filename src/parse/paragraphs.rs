//! Paragraph assembly: body lines → paragraphs, in document order.
//!
//! A top-level number opens a numbered paragraph, which runs (across blank lines and page
//! breaks) until the next top-level number or heading. Body text outside numbered paragraphs
//! forms unnumbered paragraphs, split at blank lines. Lines are joined with single spaces; a
//! line ending in a hyphen after a letter is joined without a space when the next line starts
//! in lowercase, and the hyphen itself is dropped where [`hyphens`] judged it a break
//! artefact (`determi-` / `nation`), kept otherwise (`self-` / `determination`).
//!
//! The text of a paragraph keeps its sub-items, markers included; [`items`] reads the item
//! boundaries recorded here. [`boxes`] makes each paragraph's rectangle per page from the lines
//! it joins. These three helpers serve this pass alone, so they are its submodules.

mod boxes;
mod hyphens;
mod items;

use super::facts::{Candidate, Heading, Mark};
use super::lexicon::is_cjk;
use super::lines::{Ln, Role};
use super::patterns::para_marker;
use super::shape::{one_baseline, starts_table};
use crate::model::{Diagnostic, Page, Paragraph, ParagraphKind, Severity, Zone};
use items::ItemStart;

/// A paragraph being built.
#[derive(Debug)]
struct Builder {
    paragraph: Paragraph,
    items: Vec<ItemStart>,
    /// Index of the last line appended.
    last_line: usize,
}

/// Assembles the paragraphs; `marks[i]` is the numbering decision for line `i`, if any. Line-end
/// hyphens are judged first (an `Info` diagnostic counts them); each paragraph's boxes are
/// clipped to its `pages`.
pub(crate) fn build(
    lines: &[Ln],
    headings: &[Heading],
    marks: &[Option<Candidate>],
    pages: &[Page],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Paragraph> {
    let (hyphen_drop, joined, kept) = hyphens::artefacts(lines);
    if joined + kept > 0 {
        diagnostics.push(Diagnostic {
            severity: Severity::Info,
            code: "line-end-hyphens",
            message: format!("{joined} joined, {kept} kept"),
            page: None,
        });
    }
    let mut out = assemble(lines, headings, marks, &hyphen_drop);
    for p in &mut out {
        boxes::clip(&mut p.boxes, pages);
    }
    out
}

/// Assembles the paragraphs in document order (see [`build`]).
fn assemble(
    lines: &[Ln],
    headings: &[Heading],
    marks: &[Option<Candidate>],
    hyphen_drop: &[bool],
) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut current: Option<Builder> = None;
    let mut heading_idx = 0usize;
    let mut section: Option<usize> = None;
    let mut zone = Zone::Body;
    // Tables and text boxes met inside the current paragraph: emitted after it, never merged
    // into it.
    let mut tables: Vec<(usize, Paragraph)> = Vec::new();
    for (i, ln) in lines.iter().enumerate() {
        let mut at_heading = false;
        while heading_idx < headings.len() && headings[heading_idx].line <= i {
            finish(&mut current, &mut tables, &mut out);
            zone = headings[heading_idx].zone;
            section = Some(heading_idx);
            heading_idx += 1;
            at_heading = true;
        }
        if at_heading {
            continue;
        }
        if ln.role == Role::Table {
            add_table_row(&mut tables, lines, i, (section, zone));
            continue;
        }
        if matches!(ln.role, Role::AsideTitle | Role::Aside) {
            add_aside_line(&mut tables, lines, i, (section, zone), hyphen_drop);
            continue;
        }
        if ln.role != Role::Body {
            continue;
        }
        let mark = marks.get(i).and_then(|m| m.as_ref());
        let opens_numbered = mark.is_some_and(|c| c.mark == Mark::Top);
        let splits_unnumbered = current
            .as_ref()
            .is_some_and(|b| b.paragraph.kind != ParagraphKind::Numbered && ln.blank_before);
        if opens_numbered || splits_unnumbered || current.is_none() {
            finish(&mut current, &mut tables, &mut out);
            current = Some(open(i, ln, mark.filter(|_| opens_numbered), section, zone));
            if opens_numbered {
                continue;
            }
        }
        if let Some(b) = current.as_mut() {
            append(b, i, ln, mark, hyphen_drop);
        }
    }
    finish(&mut current, &mut tables, &mut out);
    out
}

/// Opens a paragraph at line `ln`; numbered when `mark` is given.
fn open(
    i: usize,
    ln: &Ln,
    mark: Option<&Candidate>,
    section: Option<usize>,
    zone: Zone,
) -> Builder {
    let mut paragraph = Paragraph {
        kind: if mark.is_some() {
            ParagraphKind::Numbered
        } else {
            ParagraphKind::Unnumbered
        },
        number: mark.map(|c| c.value.to_string()),
        section,
        page_start: ln.page,
        page_end: ln.page,
        zone,
        ..Paragraph::default()
    };
    if mark.is_some() {
        // A number moved to its text's first line (see `super::hoisted`) leaves it whole.
        let rest = match para_marker(&ln.text) {
            Some((_, rest)) => rest.unwrap_or(""),
            None => ln.text.as_str(),
        };
        paragraph.text.push_str(rest);
        boxes::widen(&mut paragraph.boxes, ln);
    }
    Builder {
        paragraph,
        items: Vec::new(),
        last_line: i,
    }
}

/// Appends one line to the paragraph being built, noting where sub-items start.
fn append(b: &mut Builder, i: usize, ln: &Ln, mark: Option<&Candidate>, hyphen_drop: &[bool]) {
    let text = &mut b.paragraph.text;
    join(text, &ln.text, hyphen_drop.get(b.last_line).copied());
    b.last_line = i;
    let at = text.len();
    let nested = mark.filter(|c| c.mark == Mark::Nested).map(|c| c.value);
    if let Some(start) = items::start_at(&ln.text, nested, at) {
        b.items.push(start);
    }
    text.push_str(&ln.text);
    b.paragraph.page_end = ln.page;
    boxes::widen(&mut b.paragraph.boxes, ln);
}

/// Prepares `text` for `line` to be appended: a space, or nothing after a hyphen that breaks a
/// word, which is dropped when `drop_hyphen` (the decision for the line before) says so.
fn join(text: &mut String, line: &str, drop_hyphen: Option<bool>) {
    if text.is_empty() {
        return;
    }
    let glue = text.ends_with('-')
        && text[..text.len() - 1].ends_with(|c: char| c.is_alphabetic())
        && line.starts_with(|c: char| c.is_lowercase());
    // Chinese runs on over a line break without a space.
    let cjk = text.ends_with(is_cjk) && line.starts_with(is_cjk);
    if !glue && !cjk {
        text.push(' ');
    } else if glue && drop_hyphen.unwrap_or(false) {
        text.pop();
    }
}

/// Closes the paragraph being built, if any, and appends it to `out`.
/// Then appends the tables met inside it (or before any paragraph).
fn finish(
    current: &mut Option<Builder>,
    tables: &mut Vec<(usize, Paragraph)>,
    out: &mut Vec<Paragraph>,
) {
    if let Some(mut b) = current.take()
        && !(b.paragraph.text.trim().is_empty() && b.paragraph.kind != ParagraphKind::Numbered)
    {
        b.paragraph.items = items::read(&b.paragraph.text, &b.items);
        b.paragraph.ordinal = u32::try_from(out.len() + 1).unwrap_or(u32::MAX);
        out.push(b.paragraph);
    }
    for (_, mut t) in tables.drain(..) {
        t.ordinal = u32::try_from(out.len() + 1).unwrap_or(u32::MAX);
        out.push(t);
    }
}

/// True when table line `i` continues the table whose last line is `last`: the line right
/// after it, or after page furniture of the same page only (a page number that pdftotext
/// printed among the cells), unless it is a caption opening the next table.
fn continues_table(lines: &[Ln], last: usize, i: usize) -> bool {
    last < i
        && !starts_table(&lines[i])
        && lines[last + 1..i].iter().all(|l| {
            l.role == Role::Furniture && l.page == lines[i].page && l.page == lines[last].page
        })
}

/// Adds line `i`, a table line: to the table of the line before, or as a new table
/// paragraph. Rows are kept one a line, as printed; the cells of a row (PDF lines on one
/// baseline) are joined by a tab.
fn add_table_row(
    tables: &mut Vec<(usize, Paragraph)>,
    lines: &[Ln],
    i: usize,
    place: (Option<usize>, Zone),
) {
    let ln = &lines[i];
    if let Some((last, t)) = tables.last_mut()
        && continues_table(lines, *last, i)
    {
        t.text.push(if one_baseline(&lines[*last], ln) {
            '\t'
        } else {
            '\n'
        });
        push_line(t, ln);
        *last = i;
        return;
    }
    tables.push((i, set_apart(ParagraphKind::Table, ln, place)));
}

/// Adds line `i`, a line set beside the paragraphs (see `super::asides`): a title opens a new
/// unnumbered paragraph, a further line goes on the one of the line before. The title keeps a
/// line of its own; the lines after it are joined as prose.
fn add_aside_line(
    deferred: &mut Vec<(usize, Paragraph)>,
    lines: &[Ln],
    i: usize,
    place: (Option<usize>, Zone),
    hyphen_drop: &[bool],
) {
    let ln = &lines[i];
    if let Some((last, b)) = deferred.last_mut()
        && ln.role == Role::Aside
        && b.kind == ParagraphKind::Unnumbered
        && lines[*last + 1..i]
            .iter()
            .all(|l| l.role == Role::Furniture)
    {
        if b.text.contains('\n') {
            join(&mut b.text, &ln.text, hyphen_drop.get(*last).copied());
        } else {
            b.text.push('\n');
        }
        push_line(b, ln);
        *last = i;
        return;
    }
    deferred.push((i, set_apart(ParagraphKind::Unnumbered, ln, place)));
}

/// A paragraph of `kind` set apart from the running text (a table, an aside), opened by line
/// `ln`; `place` is its (section, zone).
fn set_apart(kind: ParagraphKind, ln: &Ln, (section, zone): (Option<usize>, Zone)) -> Paragraph {
    let mut p = Paragraph {
        kind,
        section,
        page_start: ln.page,
        page_end: ln.page,
        zone,
        ..Paragraph::default()
    };
    push_line(&mut p, ln);
    p
}

/// Appends line `ln` to paragraph `p` set apart (its separator already written).
fn push_line(p: &mut Paragraph, ln: &Ln) {
    p.text.push_str(&ln.text);
    p.page_end = ln.page;
    boxes::widen(&mut p.boxes, ln);
}
