//! Headings: `I.`/`A.` labelled headings (label and title on one line or two), `Chapter I`
//! headings (label line, title line), annex headings, and unlabelled headings
//! (`Introduction`, contents-table titles, wrapped or not, short title lines standing before a
//! numbered paragraph, alone, wrapped over two or three lines or stacked two high, after a
//! sentence's end or a bulleted item without one, or, in a PDF, set in bold or larger type
//! between lines that are not), the title of a draft a paragraph quotes (between `… the
//! following draft decision:` and `The Economic and Social Council:`), and the action lines of
//! annotated agendas (`For decision (E/ICEF/2025/12)`). A title may wrap after a comma.
//! Arabic-labelled headings (`1. Risk management`) are told from paragraph numbers by the
//! numbering pass and added with [`add_numbered`]. The unlabelled headings' rules live in
//! `headings/unlabelled.rs`.

mod unlabelled;

use super::facts::{Heading, NumberedHeading};
use super::lines::{Ln, Role};
use super::patterns::{
    ACTION_LINE, ANNEX, ANNEX_TITLED, CHAPTER, LABEL_ONLY, LETTER_LABEL, PART, PREAMBLE, QUOTED,
    para_marker, rest_from, split_label_title,
};
use super::shape::{
    ends_with_title_connector, is_title_like, is_title_like_tail, label_level, title_key,
    wraps_in_lower_case,
};
use crate::model::{ContentsRow, Zone};

/// Longest unlabelled heading found by shape alone.
const MAX_BARE_TITLE: usize = 90;

/// Finds headings among body lines, marks their lines and returns them in order.
pub(crate) fn detect(lines: &mut [Ln], contents: &[ContentsRow]) -> Vec<Heading> {
    let body: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].role == Role::Body)
        .collect();
    let contents_keys: Vec<(String, u32)> = contents
        .iter()
        .map(|r| (title_key(&r.title), r.level))
        .collect();
    let body_start = first_listed(lines, &body, contents);
    let mut out: Vec<Heading> = Vec::new();
    let mut k = 0;
    while k < body.len() {
        let level_now = out.last().map_or(0, |h| h.level);
        let found = heading_at(lines, &body, k, &contents_keys, level_now)
            .filter(|(h, _)| h.opens != Some(Zone::Annex) || body_start.is_none_or(|s| k > s));
        match found {
            Some((heading, n_lines)) => {
                for &i in &body[k..k + n_lines] {
                    lines[i].claim(Role::Heading);
                }
                out.push(Heading {
                    line: body[k],
                    ..heading
                });
                k += n_lines;
            }
            None => k += 1,
        }
    }
    out
}

/// The body line (an index into `body`) where the first heading the contents table lists
/// stands: the body starts there. An annex heading above it is front matter, such as the
/// contents table's own `ANNEX 1` / `Table 1.` list, not an annex.
fn first_listed(lines: &[Ln], body: &[usize], contents: &[ContentsRow]) -> Option<usize> {
    let first = contents.iter().find(|r| !r.title.is_empty())?;
    let key = title_key(&first.title);
    body.iter().position(|&i| {
        let text = lines[i].text.as_str();
        let title = split_label_title(text).map_or(text, |(_, title)| title);
        key_matches(&key, title)
    })
}

/// The heading starting at body line `k`, with the number of lines it takes.
fn heading_at(
    lines: &[Ln],
    body: &[usize],
    k: usize,
    contents: &[(String, u32)],
    level_now: u32,
) -> Option<(Heading, usize)> {
    let text = lines[body[k]].text.as_str();
    // The next body line, unless a table stands between (an annex without a title, before
    // its table).
    let next = body
        .get(k + 1)
        .filter(|&&i| !lines[body[k]..i].iter().any(|l| l.role == Role::Table))
        .map(|&i| lines[i].text.as_str());
    if let Some(c) = ANNEX.captures(text) {
        let word = title_case(c.get(1).map_or("Annex", |m| m.as_str()));
        let label = match c.get(2).or(c.get(3)) {
            Some(m) => format!("{word} {}", m.as_str()),
            None => word,
        };
        let title =
            next.filter(|t| is_title_like(t) && t.len() <= MAX_BARE_TITLE && !ANNEX.is_match(t));
        let n = 1 + usize::from(title.is_some());
        let title = title.unwrap_or("").to_owned();
        return Some((
            Heading {
                label,
                title,
                level: 1,
                opens: Some(Zone::Annex),
                ..Heading::default()
            },
            n,
        ));
    }
    if let Some(c) = ANNEX_TITLED.captures(text)
        && is_title_like(rest_from(text, &c, 3))
    {
        let word = title_case(c.get(1).map_or("Annex", |m| m.as_str()));
        let number = c.get(2).map_or("", |m| m.as_str());
        let heading = Heading {
            label: format!("{word} {number}"),
            title: rest_from(text, &c, 3).to_owned(),
            level: 1,
            opens: Some(Zone::Annex),
            ..Heading::default()
        };
        return Some((heading, 1));
    }
    if ACTION_LINE.is_match(text) {
        return Some(action(lines, body, k));
    }
    if QUOTED.is_match(text) {
        return Some(quoted(lines, body, k));
    }
    if let Some(c) = PART.captures(text) {
        return Some(part(lines, body, k, c.get(1).map_or("", |m| m.as_str())));
    }
    if let (Some(c), Some(first)) = (CHAPTER.captures(text), next)
        && let Some((title, extra)) = title_over(lines, body, k + 2, first)
    {
        let number = c.get(1).map_or("", |m| m.as_str());
        let heading = Heading {
            label: format!("Chapter {number}"),
            title,
            level: 1,
            ..Heading::default()
        };
        return Some((heading, 2 + extra));
    }
    if let Some((label, first)) = split_label_title(text)
        && let Some((title, extra)) = title_over(lines, body, k + 1, first)
    {
        return Some((labelled(label, title), 1 + extra));
    }
    if let (Some(c), Some(first)) = (LABEL_ONLY.captures(text), next)
        && let Some((title, extra)) = title_over(lines, body, k + 2, first)
    {
        return Some((
            labelled(c.get(1).map_or("", |m| m.as_str()), title),
            2 + extra,
        ));
    }
    if let Some(found) = lettered(lines, body, k, next) {
        return Some(found);
    }
    if let Some(found) = numbered_listed(lines, body, k, next, contents) {
        return Some(found);
    }
    if let Some(found) = quoted_title(lines, body, k, level_now) {
        return Some(found);
    }
    unlabelled::unlabelled(lines, body, k, contents, level_now)
}

/// The title of a text that a paragraph quotes whole (`… the adoption of the following draft
/// decision:` / `Report of the Commission … session and` / `provisional agenda …` / `The
/// Economic and Social Council:`): a title, wrapped or not, between a line ending with a colon
/// and the quoted text's preamble ([`PREAMBLE`]), with the number of lines it takes.
fn quoted_title(
    lines: &[Ln],
    body: &[usize],
    k: usize,
    level_now: u32,
) -> Option<(Heading, usize)> {
    let text = lines[body[k]].text.as_str();
    let after_colon = k
        .checked_sub(1)
        .is_some_and(|p| lines[body[p]].text.ends_with(':'));
    if !after_colon || !is_title_like(text) || PREAMBLE.is_match(text) {
        return None;
    }
    let (title, extra) = continue_title(lines, body, k + 1, text);
    let preamble = body
        .get(k + 1 + extra)
        .is_some_and(|&i| PREAMBLE.is_match(&lines[i].text));
    let heading = Heading {
        title,
        level: (level_now + 1).clamp(1, 4),
        ..Heading::default()
    };
    preamble.then_some((heading, 1 + extra))
}

/// A lettered sub-heading (`a)` or `(a)`, its title on the same line or on the next) whose
/// title reads as a title (a capital, no sentence end, short) and is followed by a paragraph
/// number. A list item ends its sentence or is followed by more of its list.
fn lettered(
    lines: &[Ln],
    body: &[usize],
    k: usize,
    next: Option<&str>,
) -> Option<(Heading, usize)> {
    let text = lines[body[k]].text.as_str();
    let c = LETTER_LABEL.captures(text)?;
    let (title, n) = match c.get(2) {
        Some(_) => (rest_from(text, &c, 2), 1),
        None => (next?, 2),
    };
    let titled = is_title_like(title) && title.chars().count() <= MAX_BARE_TITLE;
    let label = c.get(1).map_or("", |m| m.as_str());
    (titled && marker_at(lines, body, k + n)).then(|| (labelled(label, title.to_owned()), n))
}

/// A number alone (`3.`) over a title that the contents table lists, then a paragraph number:
/// the heading's label (pdftotext printed the contents row without it, so the title alone was
/// found in the table).
fn numbered_listed(
    lines: &[Ln],
    body: &[usize],
    k: usize,
    next: Option<&str>,
    contents: &[(String, u32)],
) -> Option<(Heading, usize)> {
    let (value, None) = para_marker(&lines[body[k]].text)? else {
        return None;
    };
    let title = next?;
    let listed = contents.iter().any(|(key, _)| key_matches(key, title));
    (listed && marker_at(lines, body, k + 2))
        .then(|| (labelled(&value.to_string(), title.to_owned()), 2))
}

/// The action line under an item of an annotated agenda (`For decision (E/ICEF/2025/12)`): a
/// heading between the item's title and its annotation, taking the next line too where the
/// bracket of documents wraps, with the number of lines it takes.
fn action(lines: &[Ln], body: &[usize], k: usize) -> (Heading, usize) {
    let text = lines[body[k]].text.as_str();
    let open = text.contains('(') && !text.ends_with(')');
    let next = body
        .get(k + 1)
        .map(|&i| lines[i].text.as_str())
        .filter(|t| open && t.ends_with(')') && !t.contains('('));
    let title = next.map_or_else(|| text.to_owned(), |t| format!("{text} {t}"));
    let heading = Heading {
        title,
        level: 4,
        ..Heading::default()
    };
    (heading, 1 + usize::from(next.is_some()))
}

/// The heading of a quoted text (`Draft resolution II`) and its title, with the number of lines
/// they take.
fn quoted(lines: &[Ln], body: &[usize], k: usize) -> (Heading, usize) {
    let line = lines[body[k]].text.as_str();
    let text = QUOTED
        .captures(line)
        .and_then(|c| c.get(1))
        .map_or(line, |m| m.as_str());
    let label = if text.starts_with("DRAFT") {
        title_case(text)
    } else {
        text.to_owned()
    };
    let next = body.get(k + 1).map(|&i| lines[i].text.as_str());
    let (title, extra) = match next {
        Some(t) if is_title_like(t) && !QUOTED.is_match(t) => continue_title(lines, body, k + 2, t),
        _ => (String::new(), 0),
    };
    let n = 1 + usize::from(!title.is_empty()) + extra;
    let heading = Heading {
        label,
        title,
        level: 1,
        opens: Some(Zone::Quoted),
        ..Heading::default()
    };
    (heading, n)
}

/// The heading of a part (`Part Two`; `PART TWO` and `Part I2`, with a glued footnote call,
/// read `Part Two` and `Part I`) and its title, if the next line reads as one, with the number
/// of lines they take.
fn part(lines: &[Ln], body: &[usize], k: usize, number: &str) -> (Heading, usize) {
    let next = body.get(k + 1).map(|&i| lines[i].text.as_str());
    let (title, extra) = match next {
        Some(t) if is_title_like(t) => continue_title(lines, body, k + 2, t),
        _ => (String::new(), 0),
    };
    let n = 1 + usize::from(!title.is_empty()) + extra;
    let heading = Heading {
        label: format!("Part {}", word_case(number)),
        title,
        level: 1,
        opens: Some(Zone::Part),
        ..Heading::default()
    };
    (heading, n)
}

/// `TWO` → `Two`; a roman number (`II`) or a digit stays.
fn word_case(word: &str) -> String {
    if word
        .bytes()
        .all(|b| b"IVX".contains(&b) || b.is_ascii_digit())
    {
        return word.to_owned();
    }
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_string() + &chars.as_str().to_lowercase()
    })
}

/// `ANNEX` → `Annex`; `DRAFT RESOLUTION II` → `Draft resolution II` (a roman number stays).
fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (n, word) in text.split(' ').enumerate() {
        if n > 0 {
            out.push(' ');
        }
        let roman = n > 0 && word.bytes().all(|b| b"IVXL".contains(&b));
        let mut chars = word.chars();
        match chars.next() {
            Some(first) if !roman && word.len() > 1 => {
                out.push(if n == 0 {
                    first
                } else {
                    first.to_ascii_lowercase()
                });
                out.extend(chars.map(|c| c.to_ascii_lowercase()));
            }
            _ => out.push_str(word),
        }
    }
    out
}

fn labelled(label: &str, title: String) -> Heading {
    let level = label_level(label);
    Heading {
        label: label.to_owned(),
        title,
        level,
        ..Heading::default()
    }
}

/// True when body line `k` is a paragraph number.
fn marker_at(lines: &[Ln], body: &[usize], k: usize) -> bool {
    body.get(k)
        .is_some_and(|&i| para_marker(&lines[i].text).is_some())
}

/// The title of a heading whose first line is `first` and whose continuation lines start at
/// body line `k`, with the number of those it takes: a title-like line and the lines that wrap
/// it, or a line ending with a comma that the next lines go on with before a paragraph number
/// (`… a win-win for ocean,` / `climate and biodiversity` / `36.`). None when `first` reads as
/// no title.
fn title_over(lines: &[Ln], body: &[usize], k: usize, first: &str) -> Option<(String, usize)> {
    if is_title_like(first) {
        return Some(continue_title(lines, body, k, first));
    }
    if !opens_wrapped_title(first) {
        return None;
    }
    // Each line after the first reads as a title's ([`is_title_like_tail`]); a paragraph
    // number follows (not the next name of a list of officials, `M. Eric Dumand, rédacteur,`).
    let (title, extra) = continue_title(lines, body, k, first);
    (extra > 0 && marker_at(lines, body, k + extra)).then_some((title, extra))
}

/// True when `text` reads as a title's first line but for the comma it ends with, after which
/// the title goes on (`… develop and implement risk-based,`).
fn opens_wrapped_title(text: &str) -> bool {
    text.strip_suffix(',').is_some_and(is_title_like)
}

/// Lines a title may take after its first.
const MAX_TITLE_EXTRA: usize = 2;
/// Lines a title may take after its first while a quotation in it is open (`… segment:
/// “Advancing sustainable,` / … / `… leaving no one behind”`).
const MAX_QUOTED_EXTRA: usize = 4;

/// Joins the continuation lines of a wrapped title starting at body line `k`; a line ending
/// with a comma or a connector, or inside an open quotation, needs the next.
fn continue_title(lines: &[Ln], body: &[usize], k: usize, first: &str) -> (String, usize) {
    let mut title = first.to_owned();
    let mut extra = 0;
    while let Some(&i) = body.get(k + extra) {
        let t = lines[i].text.as_str();
        let quoting = title.matches('“').count() > title.matches('”').count();
        let wraps = wraps_in_lower_case(t)
            || title.ends_with(',')
            || quoting
            || ends_with_title_connector(&title)
            || (is_upper(&title) && is_upper(t));
        let most = if quoting {
            MAX_QUOTED_EXTRA
        } else {
            MAX_TITLE_EXTRA
        };
        if extra >= most || !wraps || !is_title_like_tail(t) {
            break;
        }
        title.push(' ');
        title.push_str(t);
        extra += 1;
    }
    (title, extra)
}

fn is_upper(text: &str) -> bool {
    text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase)
}

/// True when `title_key(text) == key`, without allocating.
fn key_matches(key: &str, text: &str) -> bool {
    let mut expected = key.chars();
    let words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    for (n, word) in words.enumerate() {
        if n > 0 && expected.next() != Some(' ') {
            return false;
        }
        if !word
            .chars()
            .flat_map(char::to_lowercase)
            .all(|c| expected.next() == Some(c))
        {
            return false;
        }
    }
    expected.next().is_none()
}

/// Adds arabic-labelled headings (`1.` + title) found by the numbering pass, in line order.
pub(crate) fn add_numbered(
    lines: &mut [Ln],
    headings: &mut Vec<Heading>,
    found: &[NumberedHeading],
) {
    for f in found {
        for ln in lines
            .iter_mut()
            .skip(f.line)
            .filter(|l| l.role == Role::Body)
            .take(f.n_lines)
        {
            ln.claim(Role::Heading);
        }
        headings.push(Heading {
            line: f.line,
            label: f.label.clone(),
            title: f.title.clone(),
            level: 3,
            ..Heading::default()
        });
    }
    headings.sort_by_key(|h| h.line);
}
