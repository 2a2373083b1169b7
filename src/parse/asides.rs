//! Matter set beside the paragraphs: text boxes (text input) and figures, which pdftotext's
//! default mode (and a PDF's reading order) puts among the paragraphs, so that without this
//! pass their text is merged into the paragraph they interrupt.
//!
//! **Text boxes.** A report such as the Secretary-General's annual report sets stories in
//! boxes: a short title, then a few sentences in a column narrower than the text. pdftotext
//! prints the box where it stands, often right after a paragraph's last sentence and with no
//! blank line between. A box is found by its *title* and its *body*:
//!
//! - the line before the title (past page furniture and footnotes) ends a sentence (`.`) and
//!   has two words or more (not a marker alone such as `12.`, after which a recommendation's
//!   text follows);
//! - the title is title-like ([`is_title_like`]) without a heading label (`III.`) or a comma
//!   (`In 2024, the …` opens a sentence), no longer than [`TITLE_SHARE`] percent of the text
//!   width (see [`text_width`]);
//! - the body is the rest of the title's block (lines of one page with no blank line
//!   between) up to the next paragraph number, [`MIN_LINES`] to [`MAX_BOX_LINES`] lines, the first opening a sentence (a capital or a
//!   digit: a lowercase line goes on from a paragraph's first line), the last ending one;
//! - the body is set narrower than the text: its median line is at most [`BODY_SHARE`]
//!   percent of the text width, every line but the last is at least [`LINE_SHARE`] percent
//!   of it or ends a sentence (justified lines of a column, not cells or a heading), and few reach the full
//!   width (pdftotext can glue a box's line to a word beside it);
//! - no body line opens a paragraph, an item or a bullet: recommendations set as narrow as a
//!   box are items of their paragraph.
//!
//! **Figures.** A figure's caption alone on its line (`Figure II`) is followed by its title
//! (up to [`MAX_FIGURE_TITLE`] lines before a blank line, those after the first not prose),
//! then perhaps by the chart's own words (labels, axis values) and its notes (`Source: …`).
//! The labels, up to [`MAX_LABELS`] lines that are neither prose nor a paragraph number,
//! heading or caption, are the figure's only when its notes follow them on the same page. In PDF input, which has no
//! blank lines, the title is the bold lines right below the caption, and the chart's words
//! and notes are left alone. A figure that pdftotext printed without its caption (text input)
//! is found by its title, a title line after a paragraph's last sentence, and the notes right
//! under it (`Source: …`).
//!
//! The lines of a box or figure are claimed as [`Role::AsideTitle`] (the title, the caption)
//! and [`Role::Aside`], and become one unnumbered paragraph, emitted after the paragraph they
//! interrupt (see [`super::paragraphs`]). Boxes are found in text input only. Not
//! detected: boxes without a title line, boxes whose body has fewer lines, boxes set as wide as
//! the text, and a figure's labels without notes after them.

use std::ops::Range;

use super::lines::{Ln, Role};
use super::patterns::{DOTTED_ITEM, ITEM_MARKER, LABEL_TITLE, para_marker};
use super::shape::{
    blocks, ends_sentence, has_two_words, is_figure, is_fragment, is_note, is_prose, is_text_body,
    is_text_body_on, is_title_like, notes_end, text_width,
};

/// Longest title, in percent of the text width.
const TITLE_SHARE: usize = 75;
/// Longest median body line, in percent of the text width.
const BODY_SHARE: usize = 88;
/// Shortest body line but the last, in percent of the text width, unless it ends a sentence.
const LINE_SHARE: usize = 40;
/// A body line at least this share of the text width (in percent) is full width.
const FULL_SHARE: usize = 93;
/// Numbers read as years, not paragraph numbers, at the start of a line that goes on from a
/// sentence.
const YEARS: std::ops::RangeInclusive<u32> = 1900..=2100;
/// Fewest body lines.
const MIN_LINES: usize = 4;
/// Most body lines (a longer block is no box, and each line is looked at a bounded number of
/// times).
const MAX_BOX_LINES: usize = 40;
/// Most lines of a figure's labels (so that each line is looked at a bounded number of times).
const MAX_LABELS: usize = 80;
/// Most lines of a figure's title.
const MAX_FIGURE_TITLE: usize = 3;
/// Widest step from one baseline to the next within a figure's title (PDF input), in font
/// sizes of its caption.
const GAP: f32 = 2.5;

/// Marks the text boxes of text input and the figures as [`Role::AsideTitle`] and
/// [`Role::Aside`].
pub(crate) fn mark(lines: &mut [Ln]) {
    mark_boxes(lines);
    mark_figures(lines);
    mark_uncaptioned(lines);
}

/// Marks the text boxes of text input.
fn mark_boxes(lines: &mut [Ln]) {
    let Some(width) = text_width(lines) else {
        return;
    };
    let mut boxes: Vec<(usize, usize)> = Vec::new();
    for (start, end) in blocks(lines) {
        // From the block's end up: `stop` is where a box opened above ends, at the next
        // paragraph number or the block's end.
        let mut stop = end;
        let first = boxes.len();
        for title in (start..end).rev() {
            if is_box(lines, title, stop, width) {
                boxes.push((title, stop));
            }
            if opens_paragraph(lines, title) {
                stop = title;
            }
        }
        boxes[first..].reverse();
    }
    // The first of overlapping boxes (a title inside another box's body) wins.
    let mut claimed = 0;
    for (title, stop) in boxes {
        if title >= claimed {
            claim(lines, title, stop);
            claimed = stop;
        }
    }
}

/// True when line `title` opens a box whose body runs to `end` (the end of its block, or the
/// next paragraph number in it).
fn is_box(lines: &[Ln], title: usize, end: usize, width: usize) -> bool {
    let t = lines[title].text.as_str();
    // The cheap checks first: this runs on every body line.
    let lines_after = end - title - 1;
    if !(MIN_LINES..=MAX_BOX_LINES).contains(&lines_after)
        || 100 * t.len() > TITLE_SHARE * width
        || t.contains(',')
    {
        return false;
    }
    // The line before, past page furniture and footnotes (a box can open a page).
    let before = lines[..title]
        .iter()
        .rev()
        .find(|l| !matches!(l.role, Role::Furniture | Role::Footnote));
    before.is_some_and(|b| b.role == Role::Body && ends_paragraph(&b.text))
        && is_title_like(t)
        && !LABEL_TITLE.is_match(t)
        && is_body(lines, title + 1..end, width)
}

/// True when `text` ends a sentence of prose: a period after two words or more.
fn ends_paragraph(text: &str) -> bool {
    text.ends_with('.') && has_two_words(text)
}

/// True when lines `range` are set like a box's text in a column narrower than `width`.
fn is_body(lines: &[Ln], range: Range<usize>, width: usize) -> bool {
    let body = &lines[range.clone()];
    let n = body.len();
    // A body opens a sentence: a lowercase line or a bracket goes on from the line above.
    let opens = |l: &Ln| {
        l.text
            .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    };
    if n < MIN_LINES || !opens(&body[0]) || !body[n - 1].text.ends_with('.') {
        return false;
    }
    if range
        .clone()
        .any(|k| opens_item(&lines[k].text) || opens_paragraph(lines, k))
    {
        return false;
    }
    let mut lengths: Vec<usize> = body.iter().map(|l| l.text.len()).collect();
    lengths.sort_unstable();
    let full = lengths
        .iter()
        .filter(|&&len| 100 * len >= FULL_SHARE * width)
        .count();
    100 * lengths[(n - 1) / 2] <= BODY_SHARE * width
        && full <= (n / 8).max(1)
        && body[..n - 1]
            .iter()
            .all(|l| 100 * l.text.len() >= LINE_SHARE * width || l.text.ends_with('.'))
}

/// True when line `k` opens a paragraph: a paragraph number, but for a year that a sentence
/// wrapped to the start of the line (`… child marriages by` / `2030. An additional …`).
fn opens_paragraph(lines: &[Ln], k: usize) -> bool {
    para_marker(&lines[k].text).is_some_and(|(value, _)| {
        !YEARS.contains(&value)
            || k.checked_sub(1)
                .is_none_or(|p| ends_sentence(&lines[p].text))
    })
}

/// True when `text` opens an item (`(a)`, `86.1`) or a bullet.
fn opens_item(text: &str) -> bool {
    ITEM_MARKER.is_match(text)
        || DOTTED_ITEM.is_match(text)
        || text.starts_with(['•', '●', '▪', '\u{f0b7}', '-', '–', '—', '*'])
}

/// Claims lines `start..end` as one aside: the first as its title.
fn claim(lines: &mut [Ln], start: usize, end: usize) {
    for (k, l) in lines[start..end].iter_mut().enumerate() {
        l.claim(if k == 0 {
            Role::AsideTitle
        } else {
            Role::Aside
        });
    }
}

/// Marks the figures.
fn mark_figures(lines: &mut [Ln]) {
    for caption in 0..lines.len() {
        let ln = &lines[caption];
        if ln.role == Role::Body && is_figure(&ln.text) {
            let end = match &ln.geometry {
                Some(g) => bold_title_end(lines, caption, g.font_size),
                None => figure_end(lines, caption),
            };
            claim(lines, caption, end);
        }
    }
}

/// Marks the figures of text input that pdftotext printed without their caption: a title line
/// after a paragraph's last sentence, then, on the same page, the figure's notes (`… by
/// progress status, 2025` / `Source: …` / `Note: …`).
fn mark_uncaptioned(lines: &mut [Ln]) {
    for title in 0..lines.len() {
        if let Some(end) = uncaptioned_end(lines, title) {
            claim(lines, title, end);
        }
    }
}

/// The end (exclusive) of the notes of the figure without a caption whose title is line
/// `title`, if it is one.
fn uncaptioned_end(lines: &[Ln], title: usize) -> Option<usize> {
    let ln = &lines[title];
    let notes = lines.get(title + 1)?;
    // The cheap checks first: this runs on every line.
    if !is_note(&notes.text) || !is_text_body(ln) || !is_text_body_on(notes, ln.page) {
        return None;
    }
    let before = lines[..title]
        .iter()
        .rev()
        .find(|l| !matches!(l.role, Role::Furniture | Role::Footnote))?;
    let titled =
        is_title_like(&ln.text) && is_fragment(&ln.text) && !LABEL_TITLE.is_match(&ln.text);
    (titled && before.role == Role::Body && ends_paragraph(&before.text))
        .then(|| notes_end(lines, title + 1, ln.page))
}

/// The end (exclusive) of the figure whose caption is line `caption`: its title, then its
/// labels and notes when notes follow.
fn figure_end(lines: &[Ln], caption: usize) -> usize {
    let page = lines[caption].page;
    let mut title = caption + 1;
    while title <= caption + MAX_FIGURE_TITLE
        && lines.get(title).is_some_and(|l| {
            is_text_body_on(l, page)
                && !l.blank_before
                && is_fragment(&l.text)
                && (title == caption + 1 || !is_prose(&l.text))
        })
    {
        title += 1;
    }
    let reach = lines.len().min(title + MAX_LABELS);
    let labels = (title..reach)
        .find(|&k| {
            let l = &lines[k];
            !(is_text_body_on(l, page) && is_fragment(&l.text) && !is_prose(&l.text))
        })
        .unwrap_or(reach);
    let notes = notes_end(lines, labels, page);
    if notes > labels {
        notes
    } else {
        notes_end(lines, title, page)
    }
}

/// The end (exclusive) of the title of the figure whose caption is line `caption` of PDF
/// input, `size` its font size: the bold lines right below it (up to [`MAX_FIGURE_TITLE`]),
/// as reports set a figure's title, and a units line in brackets after them (`(in millions
/// of $)`); the chart's words and notes are left alone.
fn bold_title_end(lines: &[Ln], caption: usize, size: f32) -> usize {
    let below = |k: usize, bold: bool| {
        lines.get(k).is_some_and(|l| {
            let above = lines[k - 1].geometry.as_ref();
            l.role == Role::Body
                && l.page == lines[caption].page
                && is_fragment(&l.text)
                && (bold || (l.text.starts_with('(') && l.text.ends_with(')')))
                && l.geometry.as_ref().is_some_and(|g| {
                    g.bold == bold && above.is_some_and(|a| g.baseline - a.baseline <= GAP * size)
                })
        })
    };
    let mut end = caption + 1;
    while end <= caption + MAX_FIGURE_TITLE && below(end, true) {
        end += 1;
    }
    end + usize::from(end > caption + 1 && below(end, false))
}
