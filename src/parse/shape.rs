//! The shape layer: the tests of a line's shape (or a run of lines') that more than one pass
//! needs. It stands below every pass: passes import it, the line model and the patterns,
//! never each other; it imports only the line model and the patterns.
//!
//! A test that one pass alone uses stays in that pass. Nothing here changes a line: the tests
//! read text, role, page and geometry. Grouped by what they judge: lines of text input (blocks
//! and the text width), sentences and titles, fragments (captions, notes, heading labels),
//! and geometry.

use super::lexicon::{ARABIC_LETTERS, ARABIC_ORDINALS};
use super::lines::{Ln, Role};
use super::patterns::{
    ANNEX, CHAPTER, ITEM_MARKER, LABEL_ONLY, LABEL_TITLE, ends_with_word, para_marker,
};

// --- Lines of text input, pages and blocks.

/// A body line of text input (no geometry).
pub(crate) fn is_text_body(ln: &Ln) -> bool {
    ln.role == Role::Body && ln.geometry.is_none()
}

/// A body line of text input (no geometry) on page `page`: [`is_text_body`] there.
pub(crate) fn is_text_body_on(ln: &Ln, page: u32) -> bool {
    is_text_body(ln) && ln.page == page
}

/// Ranges of `lines` that share a page.
pub(crate) fn page_ranges(lines: &[Ln]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=lines.len() {
        if i == lines.len() || lines[i].page != lines[start].page {
            out.push(start..i);
            start = i;
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// The blocks of body lines of text input, as `(start, end)` line ranges: lines of one page,
/// next to each other, with no blank line between them.
pub(crate) fn blocks(lines: &[Ln]) -> Vec<(usize, usize)> {
    let mut blocks: Vec<(usize, usize)> = Vec::new();
    for (k, l) in lines.iter().enumerate().filter(|(_, l)| is_text_body(l)) {
        match blocks.last_mut() {
            Some(b) if b.1 == k && !l.blank_before && lines[b.0].page == l.page => b.1 = k + 1,
            _ => blocks.push((k, k + 1)),
        }
    }
    blocks
}

/// The share of body lines (in percent) that the text width is not exceeded by.
const WIDTH_SHARE: usize = 90;

/// Longest line length counted exactly when the text width is measured; longer lines count
/// as this long.
const MAX_MEASURED: usize = 255;

/// The text width: the length (in bytes) that [`WIDTH_SHARE`] of the body lines of text input
/// do not exceed; none without such lines.
pub(crate) fn text_width(lines: &[Ln]) -> Option<usize> {
    let mut counts = [0usize; MAX_MEASURED + 1];
    let mut total = 0;
    for l in lines.iter().filter(|l| is_text_body(l)) {
        counts[l.text.len().min(MAX_MEASURED)] += 1;
        total += 1;
    }
    let mut seen = 0;
    counts.iter().position(|&n| {
        seen += n;
        total > 0 && 100 * seen >= WIDTH_SHARE * total
    })
}

// --- Sentences, prose and titles.

/// True when a line ends a sentence or a clause list.
pub(crate) fn ends_sentence(text: &str) -> bool {
    text.ends_with(['.', ';', ':', '!', '?', '”', '"', '’', ')'])
}

/// A line this long or longer, made mostly of lowercase words, is prose.
const PROSE_LEN: usize = 70;

/// A sentence-ending line of this many words or more, mostly lowercase, is prose.
const PROSE_WORDS: usize = 6;

/// A long line, or a sentence-ending line of several words, made mostly of lowercase words.
pub(crate) fn is_prose(text: &str) -> bool {
    let (mut words, mut lower) = (0usize, 0usize);
    for w in text.split_whitespace() {
        words += 1;
        lower += usize::from(w.starts_with(|c: char| c.is_lowercase()));
    }
    let shaped = text.len() >= PROSE_LEN
        || (words >= PROSE_WORDS && text.ends_with(['.', ';', ':', '!', '?']));
    shaped && 2 * lower >= words
}

/// Longest title accepted for a heading.
const MAX_TITLE: usize = 160;

/// True for text shaped like a heading title.
pub(crate) fn is_title_like(text: &str) -> bool {
    // A letter of a script without case (Chinese, Arabic) may open a title too.
    let opens = |c: char| (c.is_alphabetic() && !c.is_lowercase()) || c == '“' || c == '"';
    text.starts_with(opens) && is_title_like_tail(text)
}

/// [`is_title_like`] but for the first character: a title's continuation line.
pub(crate) fn is_title_like_tail(text: &str) -> bool {
    text.len() <= MAX_TITLE
        && !text.ends_with(['.', ';', ',', ':'])
        && para_marker(text).is_none()
        && !ITEM_MARKER.is_match(text)
        && !LABEL_ONLY.is_match(text)
        && !ANNEX.is_match(text)
}

/// True when a title wraps onto `line`: it starts in lower case, so it goes on with the line
/// above (`… by States Parties` / `hosting destruction activities`).
pub(crate) fn wraps_in_lower_case(line: &str) -> bool {
    line.starts_with(char::is_lowercase)
}

/// True when `text` has two words or more (not a marker alone such as `12.`, nor one of
/// pdftotext's scattered words such as `Angola`).
pub(crate) fn has_two_words(text: &str) -> bool {
    text.split_whitespace().nth(1).is_some()
}

/// Words that leave a heading's title unfinished at a line end.
const TITLE_CONNECTORS: &[&str] = &[
    "and", "of", "the", "to", "in", "for", "by", "on", "with", "a", "an", "or", "its",
];

/// True when a heading's title line ends with a word that needs the next line (`… and`).
pub(crate) fn ends_with_title_connector(title: &str) -> bool {
    ends_with_word(title, TITLE_CONNECTORS)
}

/// A comparison key for titles: lowercase letters and digits, single spaces.
pub(crate) fn title_key(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for word in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Depth of a heading label: roman numerals (`I`, `V`, `X`, `L` included, also after `Chapter`)
/// and annexes 1, capital letters 2,
/// digits 3, others 4; unlabelled 1.
pub(crate) fn label_level(label: &str) -> u32 {
    if ANNEX.is_match(label) {
        return 1;
    }
    let label = label.strip_prefix("Chapter ").unwrap_or(label);
    let bytes = label.as_bytes();
    let mut chars = label.chars();
    let single = chars.next().filter(|_| chars.next().is_none());
    if bytes.is_empty()
        || bytes.iter().all(|c| b"IVXL".contains(c))
        || label.chars().all(|c| "一二三四五六七八九十".contains(c))
        || ARABIC_ORDINALS.contains(&label)
    {
        1
    } else if single.is_some_and(char::is_uppercase) || ARABIC_LETTERS.contains(&label) {
        2
    } else if bytes.iter().all(u8::is_ascii_digit) {
        3
    } else {
        4
    }
}

// --- Fragments: captions, notes, heading labels (text input's tables and figures).

/// A line that is not a paragraph number, heading label, caption, note or the header of a
/// list of documents (which opens one, [`documents_at`]).
pub(crate) fn is_fragment(text: &str) -> bool {
    para_marker(text).is_none()
        && !opens_table(text)
        && !is_symbol_header(text)
        && !is_figure(text)
        && !is_note(text)
        && !is_heading(text)
}

/// A heading label: `II.`, `A. Title`, `Annex`, `Chapter I`.
pub(crate) fn is_heading(text: &str) -> bool {
    LABEL_ONLY.is_match(text)
        || LABEL_TITLE.is_match(text)
        || ANNEX.is_match(text)
        || CHAPTER.is_match(text)
}

/// A column header of a list of documents: `Symbol`, `Document symbol`, `JIU report symbol`.
pub(crate) fn is_symbol_header(text: &str) -> bool {
    text == "Symbol"
        || (text.ends_with(" symbol")
            && text.starts_with(|c: char| c.is_uppercase())
            && text.split_whitespace().count() <= 3)
}

/// Longest label after `Table`.
const MAX_LABEL: usize = 12;

/// `Table 3`, `Table 2.1`, `Table A.I.1`, `Table 1 (continued)`: a caption alone on its line.
pub(crate) fn is_caption(text: &str) -> bool {
    labelled(text, "Table ") || labelled(text, "TABLE ")
}

/// A caption sharing its line with the title: `Table 5. Expenses by region`, `Table 3: Posts`,
/// `Table 2 – Staffing`. The label is followed by a dot, colon or dash and a title that starts
/// in uppercase or with a digit and ends no sentence; `Table 5 shows …` is prose.
pub(crate) fn titled_caption(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix("Table ")
        .or_else(|| text.strip_prefix("TABLE "))
    else {
        return false;
    };
    let (label, tail) = rest.split_at(rest.find([' ', ':']).unwrap_or(rest.len()));
    let title = match label.strip_suffix('.') {
        Some(label) if is_label(label) => tail.strip_prefix(' '),
        _ if is_label(label) => tail.trim_start().strip_prefix([':', '–', '—']),
        _ => None,
    };
    title.map(str::trim_start).is_some_and(|t| {
        t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            && !t.ends_with(['.', ';', ':', '!', '?'])
    })
}

/// A caption alone on its line, or sharing it with the title ([`titled_caption`]).
pub(crate) fn opens_table(text: &str) -> bool {
    is_caption(text) || titled_caption(text)
}

/// True when table line `ln` of text input is a caption, opening a table of its own even
/// right after another table's last cell.
pub(crate) fn starts_table(ln: &Ln) -> bool {
    ln.geometry.is_none() && opens_table(&ln.text)
}

/// `Figure II`, `Figure 5`: a figure's caption alone on its line.
pub(crate) fn is_figure(text: &str) -> bool {
    labelled(text, "Figure ") || labelled(text, "FIGURE ")
}

/// `word` followed by a label ([`is_label`]), optionally `(continued)`.
fn labelled(text: &str, word: &str) -> bool {
    text.strip_prefix(word)
        .is_some_and(|rest| is_label(rest.strip_suffix(" (continued)").unwrap_or(rest)))
}

/// A caption's label: capitals, digits and inner dots (`5`, `2.1`, `A.I.1`).
fn is_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= MAX_LABEL
        && label.starts_with(|c: char| c.is_ascii_alphanumeric())
        && !label.ends_with('.')
        && label
            .bytes()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase() || c == b'.')
}

/// Words that open a table's notes (part of the table paragraph).
const NOTES: &[&str] = &[
    "Source:",
    "Sources:",
    "Note:",
    "Notes:",
    "Abbreviation:",
    "Abbreviations:",
];

/// The end (exclusive) of the notes starting at line `i`, right after a table's cells: a
/// line starting with a [`NOTES`] word, or a footnote letter alone (`a`) and the line after it,
/// each with the lines that wrap it (no blank line before them).
pub(crate) fn notes_end(lines: &[Ln], i: usize, page: u32) -> usize {
    // A letter that ended the cells may open the first note.
    let opens_note = |k: usize| {
        is_letter(&lines[k].text)
            && lines
                .get(k + 1)
                .is_some_and(|n| is_text_body_on(n, page) && is_note_text(&n.text))
    };
    let mut k = match i.checked_sub(1) {
        Some(last) if last < lines.len() && opens_note(last) => last,
        _ => i,
    };
    while let Some(ln) = lines.get(k).filter(|ln| is_text_body_on(ln, page)) {
        if is_note(&ln.text) {
            k += 1;
        } else if opens_note(k) {
            k += 2;
        } else {
            break;
        }
        while lines
            .get(k)
            .is_some_and(|n| is_text_body_on(n, page) && !n.blank_before && is_note_text(&n.text))
        {
            k += 1;
        }
    }
    k
}

/// A footnote letter alone on its line: `a`.
fn is_letter(text: &str) -> bool {
    text.len() == 1 && text.bytes().all(|c| c.is_ascii_lowercase())
}

/// A line that can be the text of a note: no paragraph number, caption, note word or letter.
fn is_note_text(text: &str) -> bool {
    para_marker(text).is_none() && !opens_table(text) && !is_note(text) && !is_letter(text)
}

/// A line opening a table's notes: `Source: …`, `Notes: …`.
pub(crate) fn is_note(text: &str) -> bool {
    NOTES.iter().any(|n| text.starts_with(n))
}

// --- Geometry (PDF input).

/// Lines are on one baseline when their baselines are this close, as a share of the font size.
const SAME_BASELINE: f32 = 0.25;

/// True when two lines are PDF lines of one page on one baseline (cells of one row).
pub(crate) fn one_baseline(a: &Ln, b: &Ln) -> bool {
    match (&a.geometry, &b.geometry) {
        (Some(ga), Some(gb)) => {
            a.page == b.page
                && (ga.baseline - gb.baseline).abs()
                    <= SAME_BASELINE * ga.font_size.max(gb.font_size)
        }
        _ => false,
    }
}
