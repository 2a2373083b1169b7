//! Unlabelled headings: a contents-table title, a known word (`Introduction`), or a short title
//! line standing before a numbered paragraph: alone, wrapped over two or three lines (with or
//! without a connector) or stacked two high, after a sentence's end or a bulleted item without
//! one, or, in a PDF, set apart in bold or larger type.

use super::{MAX_BARE_TITLE, continue_title, key_matches, marker_at, opens_wrapped_title};
use crate::extract::LineGeometry;
use crate::parse::facts::Heading;
use crate::parse::lines::{Ln, Role};
use crate::parse::patterns::{ANNEX, LABEL_ONLY, LABEL_TITLE, para_marker};
use crate::parse::shape::{
    ends_sentence, ends_with_title_connector, has_two_words, is_title_like, is_title_like_tail,
    title_key, wraps_in_lower_case,
};

/// A heading set larger than its neighbours is at least this many times their size.
const LARGER: f32 = 1.15;
/// Unlabelled headings known by their words.
const KNOWN: &[&str] = &[
    "introduction",
    "summary",
    "conclusions",
    "recommendations",
    "conclusions and recommendations",
    "annex",
    "appendix",
];

/// An unlabelled heading: a contents title, a known word, or a short title line between the
/// end of a sentence and a numbered paragraph (in a PDF, one set apart by its type may follow
/// a line that ends without a stop).
pub(super) fn unlabelled(
    lines: &[Ln],
    body: &[usize],
    k: usize,
    contents: &[(String, u32)],
    level_now: u32,
) -> Option<(Heading, usize)> {
    let text = lines[body[k]].text.as_str();
    let open = opens_wrapped_title(text);
    if !(is_title_like(text) || open) || text.len() > MAX_BARE_TITLE {
        return None;
    }
    let prev = k.checked_sub(1).map(|p| lines[body[p]].text.as_str());
    // The second of two stacked headings follows the first as a sentence's end.
    let after_heading = k
        .checked_sub(1)
        .is_some_and(|p| lines[body[p]].role == Role::Heading && stacked(lines, body, p));
    let after_sentence = after_heading
        || prev.is_none_or(|p| {
            ends_sentence(without_call(p)) && para_marker(p).is_none_or(|(_, rest)| rest.is_some())
        });
    if open {
        return wrapped_unlabelled(lines, body, k, after_sentence, level_now);
    }
    let next_is_marker = marker_at(lines, body, k + 1);
    // Lines under a colon are the list it opens (`… are these:` / `Ghana` / `India` / `6.`).
    let after_colon = prev.is_some_and(|p| p.ends_with(':'));
    let in_contents = contents
        .iter()
        .find(|(key, _)| key_matches(key, text))
        .map(|(_, l)| *l);
    let level = if let Some(level) = in_contents {
        level
    } else if let Some(found) = listed_wrapped(lines, body, k, contents) {
        return Some(found);
    } else if after_sentence && KNOWN.iter().any(|k| text.eq_ignore_ascii_case(k)) {
        1
    } else if ((after_sentence || after_bulleted_item(lines, body, k)) && next_is_marker)
        || ((after_sentence || next_is_marker) && set_apart(lines, body, k))
        || (after_sentence && !after_colon && stacked(lines, body, k))
    {
        // Set apart by its type, a line before a numbered paragraph is a heading even after a
        // list item that ends without a stop (`… listening, respecting and building together`).
        (level_now + 1).clamp(1, 4)
    } else {
        return wrapped_unlabelled(lines, body, k, after_sentence, level_now);
    };
    let heading = Heading {
        title: text.to_owned(),
        level,
        ..Heading::default()
    };
    Some((heading, 1))
}

/// Most lines of a bulleted item looked back over from the line after it.
const MAX_ITEM_LINES: usize = 6;

/// True when body line `k` comes right after the last line of a bulleted item that ends
/// without a stop (`• To promote … aimed at` / `… during armed conflicts`), a line ending in a
/// lower-case word that is no connector: a line that went on with the item would follow a
/// connector (`… on` / `Violence against Children`) or a name (`… Food Systems` /
/// `Coordination Hub located in Rome`).
fn after_bulleted_item(lines: &[Ln], body: &[usize], k: usize) -> bool {
    let Some(last) = k.checked_sub(1) else {
        return false;
    };
    let end = lines[body[last]].text.as_str();
    let last_word = end.rsplit(' ').next().unwrap_or(end);
    if !last_word.starts_with(char::is_lowercase) || ends_with_title_connector(end) {
        return false;
    }
    let item = (last.saturating_sub(MAX_ITEM_LINES)..=last).rev();
    for j in item {
        let text = lines[body[j]].text.as_str();
        if text.starts_with(BULLETS) {
            return true;
        }
        if ends_sentence(text) || para_marker(text).is_some() {
            return false;
        }
    }
    false
}

/// Bullets that open a list item.
const BULLETS: [char; 6] = ['•', '●', '▪', '■', '◦', '\u{f0b7}'];

/// A heading wrapped over two or three lines from body line `k` whose joined text is a title of
/// the contents table (`Contributing to a people-centred United Nations: The functioning …` /
/// `… United Nations Volunteers.`), with the number of lines it takes; not under a bare
/// paragraph number, whose text it is (an agenda item's title that the table lists).
fn listed_wrapped(
    lines: &[Ln],
    body: &[usize],
    k: usize,
    contents: &[(String, u32)],
) -> Option<(Heading, usize)> {
    // Under a bare number (`15.`), the lines are that paragraph's own text.
    let under_number = k
        .checked_sub(1)
        .and_then(|p| para_marker(&lines[body[p]].text))
        .is_some_and(|(_, rest)| rest.is_none());
    if under_number {
        return None;
    }
    let first = title_key(&lines[body[k]].text);
    let candidates: Vec<&(String, u32)> = contents
        .iter()
        .filter(|(key, _)| key.len() > first.len() && key.starts_with(&first))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let mut title = lines[body[k]].text.clone();
    for extra in 1..=2 {
        let t = lines[*body.get(k + extra)?].text.as_str();
        if para_marker(t).is_some() || LABEL_TITLE.is_match(t) || LABEL_ONLY.is_match(t) {
            return None;
        }
        title.push(' ');
        title.push_str(t);
        if let Some((_, level)) = candidates.iter().find(|(key, _)| key_matches(key, &title)) {
            let title = title.trim_end_matches('.').to_owned();
            let heading = Heading {
                title,
                level: *level,
                ..Heading::default()
            };
            return Some((heading, 1 + extra));
        }
    }
    None
}

/// True when title line `k`, short and ending without a connector, stands right above an
/// unlabelled heading that a numbered paragraph follows (`Action taken by the Commission` /
/// `Nomination of members of the Board …` / `30.`): the first of two stacked headings. Two
/// lines that both end with a bracket are a list of names, not headings;
/// a labelled heading (`C. Agenda`) is found by its label, not as the second of two, and an
/// annex heading (`Annex`) is not the first of two.
fn stacked(lines: &[Ln], body: &[usize], k: usize) -> bool {
    let text = lines[body[k]].text.as_str();
    let Some(next) = body.get(k + 1).map(|&i| lines[i].text.as_str()) else {
        return false;
    };
    // Lines that both end with a bracket are a list (`Hector Thompson (Australia)` /
    // `Mohamed Ali Waheed (Maldives)`).
    let listed = text.ends_with(')') && next.ends_with(')');
    let short = text.len() < FULL_TITLE_LINE
        && !ends_with_title_connector(text)
        && !listed
        && !ANNEX.is_match(text);
    let next_heads = is_title_like(next)
        && next.len() <= MAX_BARE_TITLE
        && !LABEL_TITLE.is_match(next)
        && (marker_at(lines, body, k + 2)
            || wrapped_unlabelled(lines, body, k + 1, true, 0).is_some());
    short && !holds_sentence_end(text) && next_heads
}

/// A line without the footnote call that follows its full stop (`… of UNSOS. 1` → `… of
/// UNSOS.`); other lines as they are.
fn without_call(text: &str) -> &str {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_digit());
    let called = digits.len() < text.len() && text.len() - digits.len() <= 2;
    match digits.strip_suffix(' ') {
        Some(t) if called && t.ends_with('.') => t,
        _ => text,
    }
}

/// An unlabelled heading wrapped over two or three lines after the end of a sentence, a
/// numbered paragraph right after it or a heading that one follows (a figure's title over its
/// picture, `… building complex` / `contracting strategy`, then `Building E contract …` /
/// `12.`): its first line ends with a connector (`… as a State Party to the` / `Chemical
/// Weapons Convention`), or its lines wrap without one (see [`wrapped_without_connector`]).
fn wrapped_unlabelled(
    lines: &[Ln],
    body: &[usize],
    k: usize,
    after_sentence: bool,
    level_now: u32,
) -> Option<(Heading, usize)> {
    let text = lines[body[k]].text.as_str();
    if !after_sentence {
        return None;
    }
    let (title, extra) = if ends_with_title_connector(text) || opens_wrapped_title(text) {
        continue_title(lines, body, k + 1, text)
    } else {
        wrapped_without_connector(lines, body, k)?
    };
    let after = k + 1 + extra;
    let then_paragraph = marker_at(lines, body, after) || title_before_marker(lines, body, after);
    let heading = Heading {
        title,
        level: (level_now + 1).clamp(1, 4),
        ..Heading::default()
    };
    (extra > 0 && then_paragraph).then_some((heading, 1 + extra))
}

/// True when body line `j` is a title on one line, unlabelled and short, that a paragraph
/// number follows: the second of two stacked headings.
fn title_before_marker(lines: &[Ln], body: &[usize], j: usize) -> bool {
    let title = body.get(j).map(|&i| lines[i].text.as_str());
    let titled =
        |t: &str| is_title_like(t) && t.len() <= MAX_BARE_TITLE && !LABEL_TITLE.is_match(t);
    title.is_some_and(titled) && in_flow(lines, body, j) && marker_at(lines, body, j + 1)
}

/// True when body line `j` follows the body line before it with no table, box or figure
/// between them (page furniture and footnotes may stand between).
fn in_flow(lines: &[Ln], body: &[usize], j: usize) -> bool {
    let (Some(&prev), Some(&this)) = (j.checked_sub(1).and_then(|p| body.get(p)), body.get(j))
    else {
        return false;
    };
    lines[prev + 1..this]
        .iter()
        .all(|l| matches!(l.role, Role::Furniture | Role::Footnote | Role::Dropped))
}

/// A title wrapped over two or three lines from body line `k`, up to a numbered paragraph or
/// a line that does not go on with it, where the next line starts in lower case (`… by States
/// Parties` / `hosting destruction activities`) or a line is as long as a text line (`… with respect to Executive` / `Council
/// decisions …`), with the number of lines after the first. Each line has two words or more
/// (not pdftotext's scattered `Angola` / `made`), no e-mail address, and none holds a
/// sentence's end (`… in due` / `course.12`).
fn wrapped_without_connector(lines: &[Ln], body: &[usize], k: usize) -> Option<(String, usize)> {
    let fits = |t: &str| has_two_words(t) && !t.contains('@');
    let text = lines[body[k]].text.as_str();
    if holds_sentence_end(text) || !fits(text) {
        return None;
    }
    let mut title = text.to_owned();
    let mut extra = 0;
    while extra < 2 && !marker_at(lines, body, k + 1 + extra) {
        let (prev, t) = (
            lines[body[k + extra]].text.as_str(),
            lines[*body.get(k + 1 + extra)?].text.as_str(),
        );
        let wraps = wraps_in_lower_case(t) || prev.len() >= FULL_TITLE_LINE;
        if !is_title_like_tail(t) || holds_sentence_end(t) || !fits(t) || !wraps {
            break;
        }
        if !in_flow(lines, body, k + 1 + extra) {
            return None;
        }
        title.push(' ');
        title.push_str(t);
        extra += 1;
    }
    Some((title, extra))
}

/// A heading line this long (in bytes) or longer is a full line: a title goes on after it.
const FULL_TITLE_LINE: usize = 60;

/// True when a line holds a sentence's end: a full stop and a capital inside it, a quotation
/// that ends one (`… our economies.”`), or a word's full stop before a footnote call at its
/// end (`… destroyed.12`, `… available.*`, not `… EC-83/DEC.5`).
fn holds_sentence_end(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| c.is_ascii_digit() || c == '*');
    let called = trimmed.len() < text.len()
        && trimmed
            .strip_suffix('.')
            .is_some_and(|t| t.ends_with(|c: char| c.is_lowercase() || c == ')' || c == '”'));
    let inside = text
        .match_indices(". ")
        .any(|(i, _)| text[i + 2..].starts_with(|c: char| c.is_uppercase()));
    let quoted = [".”", ".\"", "?”", "!”"].iter().any(|e| text.ends_with(e));
    inside || quoted || called
}

/// A line set apart by its type (PDF only): bold between lines that are not, or, after page
/// 1, set larger (by [`LARGER`]) than the lines on either side. A heading by its type, even where no
/// numbered paragraph follows it.
fn set_apart(lines: &[Ln], body: &[usize], k: usize) -> bool {
    let at = |j: usize| body.get(j).and_then(|&i| lines[i].geometry.as_ref());
    let (Some(this), Some(next)) = (at(k), at(k + 1)) else {
        return false;
    };
    let prev = k.checked_sub(1).and_then(at);
    let larger = |other: &LineGeometry| this.font_size >= LARGER * other.font_size;
    let bold = this.bold && !next.bold && !prev.is_some_and(|p| p.bold);
    // Page 1's larger type is the masthead's (`General Assembly`), claimed or not.
    let size = lines[body[k]].page > 1 && larger(next) && prev.is_none_or(larger);
    bold || size
}
