//! Footnote bodies at the foot of a page: claimed as [`Role::Footnote`] and read into
//! [`Footnote`]s; later linked to the paragraphs that call them.
//!
//! A footnote block starts at a separator rule (`_____`), or at a line in the lower part of the
//! page that starts with the next expected footnote number (or `*`) when the page above calls
//! that mark. Everything after the start, to the end of the page, is footnote text, unless the
//! body resumes first (a numbered paragraph or an annex heading below a note under a table or a
//! list in mid-page: [`block_end`]). Where the
//! lines have geometry and neither rule finds a block, a page's footnote zone
//! ([`zones::footnote_zone`]: trailing text set smaller than the body, opening with a
//! mark) is the block, whatever its mark.
//!
//! An annex numbers its footnotes from 1 again. In pdftotext's text, where marks can be printed
//! out of place, a footnote may skip up to [`MAX_SKIPPED_MARKS`] past the expected mark when
//! its text opens a sentence, and a bare page number between a mark and its text is furniture.

mod zones;

use super::lexicon::is_cjk;
use super::lines::{Ln, Role};
use super::patterns::{ANNEX, FOOTNOTE_START, RULE, STARS, is_star_mark, para_marker, rest_from};
use super::shape::page_ranges;
use crate::model::{Footnote, FootnoteRef, Item, Paragraph, Section};

/// Footnotes start in the lower part of a page: after this share of its body lines.
const LOWER_PART: f64 = 0.3;
/// How many marks a footnote may skip past the expected one (marks printed out of place).
const MAX_SKIPPED_MARKS: u32 = 2;
/// Punctuation a footnote call may be glued after, the full-width forms of Chinese and the
/// Arabic comma and semicolon included.
const CALL_PUNCT: &[char] = &[
    '.', ',', ';', ':', ')', '”', '’', '"', '。', '，', '；', '：', '）', '،', '؛',
];
/// Words a footnote opened past the expected mark starts with, at least.
const MIN_SENTENCE_WORDS: usize = 4;

/// Finds footnote blocks, marks their lines and returns the footnotes in order.
pub(crate) fn mark(lines: &mut [Ln]) -> Vec<Footnote> {
    let mut out = Vec::new();
    let mut next_mark = 1u32;
    let body_size = zones::body_size(lines);
    for range in page_ranges(lines) {
        let page = &mut lines[range];
        let body: Vec<usize> = (0..page.len())
            .filter(|&i| page[i].role == Role::Body)
            .collect();
        let by_zone = || {
            body_size
                .and_then(|size| zones::footnote_zone(page, &body, size, |t| mark_of(t).is_some()))
        };
        let restart = || annex_restart(page, &body);
        let found = block_start(page, &body, next_mark, 0).map(|k| (k, false));
        let Some((start, restarted)) = found
            .or_else(restart)
            .or_else(|| by_zone().map(|k| (k, false)))
        else {
            continue;
        };
        let end = block_end(page, &body, start);
        let block: Vec<usize> = body[start..end]
            .iter()
            .copied()
            .filter(|&i| !is_page_number_in_block(page, i))
            .collect();
        for &i in &body[start..end] {
            page[i].claim(if block.contains(&i) {
                Role::Footnote
            } else {
                Role::Furniture
            });
        }
        read_block(page, &block, &mut out);
        if let Some(last) = out
            .iter()
            .rev()
            .find_map(|f: &Footnote| f.mark.parse::<u32>().ok())
        {
            next_mark = if restarted {
                last + 1
            } else {
                next_mark.max(last + 1)
            };
        }
    }
    out
}

/// End (an index into `body`, exclusive) of the footnote block that starts at `start`: the
/// page's last body line, or else the first line after the start that opens a numbered
/// paragraph (`19. UNFPA remains …`, `1. 80,000 Voices`) or an annex (`Annex II`). A note under
/// a table or a list in mid-page (`* Expenses for …`) is followed by the body again, and a
/// footnote's own mark carries no full stop.
fn block_end(page: &[Ln], body: &[usize], start: usize) -> usize {
    (start + 1..body.len())
        .find(|&k| resumes_body(&page[body[k]].text))
        .unwrap_or(body.len())
}

/// `N. Text` (a capital or a digit after the marker; N under 1000, for a year that starts a
/// wrapped line is no marker), or an annex heading.
fn resumes_body(text: &str) -> bool {
    let opens_paragraph = para_marker(text).is_some_and(|(value, rest)| {
        value < 1000
            && rest.is_some_and(|r| r.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
    });
    opens_paragraph || ANNEX.is_match(text)
}

/// True for a bare page number that pdftotext printed inside a footnote block, between a mark
/// alone on its line and that footnote's text (`1` / `4` / `These include …`). Text input only:
/// with geometry, page numbers are found by their place.
fn is_page_number_in_block(page: &[Ln], i: usize) -> bool {
    let bare = |j: usize| {
        page.get(j).is_some_and(|l| {
            l.role == Role::Body
                && l.geometry.is_none()
                && l.text.len() <= 3
                && l.text.bytes().all(|b| b.is_ascii_digit())
        })
    };
    let text_after = page
        .get(i + 1)
        .is_some_and(|l| l.role == Role::Body && !bare(i + 1));
    i > 0 && bare(i - 1) && bare(i) && text_after
}

/// An annex numbers its footnotes from 1 again: on a page that opens an annex, the first
/// footnote line below the annex heading may be mark 1. Index into `body`, and `true`.
fn annex_restart(page: &[Ln], body: &[usize]) -> Option<(usize, bool)> {
    let annex = body.iter().position(|&i| ANNEX.is_match(&page[i].text))?;
    block_start(page, body, 1, annex + 1).map(|k| (k, true))
}

/// Index into `body` of the first footnote line of a page, at `after` or below.
fn block_start(page: &[Ln], body: &[usize], next_mark: u32, after: usize) -> Option<usize> {
    if let Some(k) = body.iter().position(|&i| RULE.is_match(&page[i].text)) {
        return Some(k);
    }
    let from = (((body.len() as f64) * LOWER_PART).ceil() as usize).max(after);
    (0..body.len()).find(|&k| {
        let text = page[body[k]].text.as_str();
        if !text.starts_with(|c: char| c.is_ascii_digit() || STARS.contains(&c))
            || para_marker(text).is_some()
        {
            return false;
        }
        let Some(mark) = mark_of(text) else {
            return false;
        };
        // A mark past the expected one must open a sentence, not a table cell.
        let skipped = mark != next_mark.to_string();
        let in_reach = within_reach(next_mark, skip_reach(&page[body[k]]), &mark)
            && (!skipped || opens_sentence(page, body, k, &mark));
        let expected = (in_reach && k >= from.max(1)) || mark.starts_with(STARS);
        expected && is_called(&page[..body[k]], &mark)
    })
}

/// The mark a footnote line starts with: `12 See …` → `12`, `*Previously` → `*`, `∗` → `∗`, `5` → `5`.
fn mark_of(text: &str) -> Option<String> {
    if is_star_mark(text) || (text.len() <= 3 && text.bytes().all(|b| b.is_ascii_digit())) {
        return Some(text.to_owned());
    }
    if let Some(c) = FOOTNOTE_START.captures(text) {
        let mark = c.get(1)?.as_str();
        let rest = rest_from(text, &c, 2);
        let digits = mark.bytes().all(|b| b.is_ascii_digit());
        // `12 November` is text; `12 See`, `12See` are footnotes.
        // A letter of a script without case (Chinese, Arabic) opens a text too.
        let caseless = |c: char| c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase();
        let starts_text =
            rest.starts_with(|c: char| c.is_uppercase() || caseless(c) || c == 'h' || c == '“');
        return (starts_text || !digits).then(|| mark.to_owned());
    }
    None
}

/// True when a line above calls `mark` (glued to a word or a punctuation mark).
fn is_called(above: &[Ln], mark: &str) -> bool {
    if mark.is_empty() {
        return false;
    }
    let text_above = above
        .iter()
        .filter(|l| matches!(l.role, Role::Body | Role::Masthead | Role::Heading));
    text_above.into_iter().any(|l| {
        let t = l.text.as_str();
        t.match_indices(mark).any(|(at, _)| {
            let before = t[..at].chars().next_back();
            let after = t[at + mark.len()..].chars().next();
            let glued = before.is_some_and(|c| c.is_alphabetic() || CALL_PUNCT.contains(&c));
            let ends = after.is_none_or(|c| !c.is_ascii_digit());
            // A star may stand apart at the end of a masthead line: `… provisional agenda *`.
            let star_at_end = mark.starts_with(STARS) && after.is_none() && before == Some(' ');
            (glued || star_at_end) && ends && (is_star_mark(mark) || at > 0)
        }) || t == mark
    })
}

/// Reads the footnotes of one block: a line starting with a mark opens a footnote.
fn read_block(page: &[Ln], block: &[usize], out: &mut Vec<Footnote>) {
    let start_len = out.len();
    for &i in block {
        let text = page[i].text.as_str();
        if RULE.is_match(text) {
            continue;
        }
        let reach = skip_reach(&page[i]);
        let opens =
            mark_of(text).filter(|m| out.len() == start_len || is_next_mark(out.last(), m, reach));
        let continues = out.len() > start_len;
        match (opens, out.last_mut()) {
            (Some(mark), _) => {
                let body = text[mark.len()..].trim().to_owned();
                out.push(Footnote {
                    mark,
                    text: body,
                    page: page[i].page,
                    paragraph_ordinal: None,
                });
            }
            (None, Some(f)) if continues => {
                if !f.text.is_empty() {
                    f.text.push(' ');
                }
                f.text.push_str(text);
            }
            _ => out.push(Footnote {
                mark: String::new(),
                text: text.to_owned(),
                page: page[i].page,
                paragraph_ordinal: None,
            }),
        }
    }
}

/// True when the footnote text after `mark` (on its line, or on the next line when the mark
/// stands alone) starts a sentence of a few words.
fn opens_sentence(page: &[Ln], body: &[usize], k: usize, mark: &str) -> bool {
    let rest = page[body[k]].text[mark.len()..].trim();
    let text = if rest.is_empty() {
        body.get(k + 1).map_or("", |&i| page[i].text.as_str())
    } else {
        rest
    };
    text.starts_with(char::is_uppercase) && text.split_whitespace().count() >= MIN_SENTENCE_WORDS
}

/// True when footnote mark `mark` is `next` or up to `reach` after it: pdftotext can print a mark
/// out of its block (after the text it belongs to), and a lost mark must not lose the
/// footnotes of every later page.
fn within_reach(next: u32, reach: u32, mark: &str) -> bool {
    mark.parse::<u32>()
        .is_ok_and(|m| (next..=next + reach).contains(&m))
}

/// How many marks a footnote line may skip: none where the lines have geometry (their order
/// is the page's), [`MAX_SKIPPED_MARKS`] in pdftotext's text.
fn skip_reach(line: &Ln) -> u32 {
    if line.geometry.is_some() {
        0
    } else {
        MAX_SKIPPED_MARKS
    }
}

fn is_next_mark(last: Option<&Footnote>, mark: &str, reach: u32) -> bool {
    match (
        last.and_then(|f| f.mark.parse::<u32>().ok()),
        mark.parse::<u32>().ok(),
    ) {
        (Some(a), Some(_)) => within_reach(a + 1, reach, mark),
        (None, _) => true,
        (Some(_), None) => mark.starts_with(STARS),
    }
}

/// Links each footnote to the first paragraph on whose pages it stands and which calls it, and
/// removes the call mark from that paragraph's text (and from the item holding it), recording
/// its offset in `Paragraph::footnote_refs`. Only marks of footnotes found at a page foot are
/// removed, and only where glued to a word or punctuation, so that real numbers stay.
pub(crate) fn link(footnotes: &mut [Footnote], paragraphs: &mut [Paragraph]) {
    for f in footnotes.iter_mut().filter(|f| !f.mark.is_empty()) {
        let hit = paragraphs.iter_mut().find_map(|p| {
            let on_page = p.page_start <= f.page && f.page <= p.page_end;
            let at = on_page.then(|| call_offset(&p.text, &f.mark)).flatten()?;
            Some((p, at))
        });
        if let Some((p, at)) = hit {
            f.paragraph_ordinal = Some(p.ordinal);
            let len = f.mark.len() + space_between_cjk(&p.text, at, f.mark.len());
            p.text.replace_range(at..at + len, "");
            for r in &mut p.footnote_refs {
                if r.offset as usize > at {
                    r.offset -= u32::try_from(len).unwrap_or(0);
                }
            }
            cut_item_spans(&mut p.items, at, len);
            p.footnote_refs.push(FootnoteRef {
                mark: f.mark.clone(),
                offset: u32::try_from(at).unwrap_or(u32::MAX),
            });
        }
    }
    for p in paragraphs.iter_mut() {
        p.footnote_refs.sort_by_key(|r| r.offset);
    }
}

/// Removes the calls glued to section titles (`Opening plenary5`): the call of a footnote on
/// the section's page that no paragraph calls, glued after a letter or closing punctuation at
/// the end of the title.
pub(crate) fn unglue_titles(footnotes: &[Footnote], sections: &mut [Section]) {
    for f in footnotes
        .iter()
        .filter(|f| !f.mark.is_empty() && f.paragraph_ordinal.is_none())
    {
        let called = sections.iter_mut().find(|s| {
            s.page == f.page
                && s.title.strip_suffix(f.mark.as_str()).is_some_and(|head| {
                    head.ends_with(|c: char| c.is_alphabetic() || matches!(c, ')' | '”' | '’'))
                })
        });
        if let Some(s) = called {
            s.title.truncate(s.title.len() - f.mark.len());
        }
    }
}

/// Keeps the items' spans on their text once `len` bytes at `at` are cut from the paragraph's
/// text: spans after the cut move back, and the span holding it shrinks.
fn cut_item_spans(items: &mut [Item], at: usize, len: usize) {
    let (at, len) = (
        u32::try_from(at).unwrap_or(u32::MAX),
        u32::try_from(len).unwrap_or(0),
    );
    let cut = |x: u32| {
        if x >= at.saturating_add(len) {
            x - len
        } else {
            x.min(at)
        }
    };
    for item in items {
        item.span = (cut(item.span.0), cut(item.span.1));
    }
}

/// 1 when the call at `at` stands between Chinese text and a space before more of it (a call
/// at a line end, joined with a space): the space goes with the call.
fn space_between_cjk(text: &str, at: usize, len: usize) -> usize {
    let before = text[..at].chars().next_back();
    let mut after = text[at + len..].chars();
    let spaced = after.next() == Some(' ') && after.next().is_some_and(is_cjk);
    usize::from(before.is_some_and(is_cjk) && spaced)
}

/// Byte offset of a footnote call in `text`: the mark glued after a letter, or after
/// punctuation that does not follow a digit (`1.5` and `2,000` are numbers), and not followed
/// by a digit; or glued to the full stop after a year when a sentence follows
/// (`2016–2021.35 The plan`, where `2.35 per cent` is a number).
fn call_offset(text: &str, mark: &str) -> Option<usize> {
    text.match_indices(mark).find_map(|(at, _)| {
        let mut back = text[..at].chars().rev();
        let before = back.next()?;
        let after = text[at + mark.len()..].chars().next();
        let punct = CALL_PUNCT.contains(&before);
        let glued =
            before.is_alphabetic() || (punct && back.next().is_some_and(|c| !c.is_ascii_digit()));
        let number_follows = after.is_some_and(|c| c.is_ascii_digit());
        ((glued && !number_follows) || after_year_stop(text, at, mark)).then_some(at)
    })
}

/// True when the mark at `at` follows a year and its full stop (`2021.`) and ends the text or
/// is followed by a space and a sentence's first letter.
fn after_year_stop(text: &str, at: usize, mark: &str) -> bool {
    let Some(head) = text[..at].strip_suffix('.') else {
        return false;
    };
    let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let year_before = digits == 4
        && !head[..head.len() - 4].ends_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
    let mut rest = text[at + mark.len()..].chars();
    let sentence_follows = match rest.next() {
        None => true,
        Some(' ') => rest
            .next()
            .is_some_and(|c| c.is_uppercase() || matches!(c, '“' | '"' | '(')),
        Some(_) => false,
    };
    year_before && sentence_follows
}
