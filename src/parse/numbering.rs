//! Paragraph numbering: which `N.` at the start of a line opens a top-level paragraph, which is
//! an item of a nested list inside a paragraph, and which is neither (a wrapped `2010.`, a
//! heading label `1.`).
//!
//! The choice is a small dynamic programme over the candidates of one zone (the body, one
//! annex or one quoted text, see [`super::parts`]): a state is (next top-level number, next nested number); a top-level paragraph earns a
//! large reward, a nested item a small one, ignoring a candidate costs a little. The best path
//! gives the longest consistent `1..N` sequence, with nested lists that restart at `1.` (and may
//! reach or reuse the top-level numbers) kept inside their paragraph. Each step keeps at most
//! [`BEAM`] states, so the pass is linear in the number of candidates.
//!
//! In a PDF the indentation is evidence too: a marker standing deeper than the marker of the
//! current top-level paragraph (by [`INDENT`] × the font size, on a page of the same parity, so
//! mirrored margins do not count) is an item of a nested list rather than the next paragraph
//! wherever a nested item is possible, as when a list inside paragraph 87 reaches `88.`.

use std::ops::Range;

use super::facts::{Candidate, Indent, Mark, NumberedHeading, ZoneLines};
use super::lines::{Ln, Role};
use super::patterns::{LABEL_ONLY, para_marker};
use super::shape::{
    ends_sentence, ends_with_title_connector, has_two_words, is_title_like, is_title_like_tail,
    wraps_in_lower_case,
};

/// States kept per step.
const BEAM: usize = 12;
/// Reward of a top-level paragraph.
const TOP: f32 = 10.0;
/// Reward of a nested item.
const NESTED: f32 = 0.5;
/// Penalty of a top-level paragraph whose text ends with `;`: a list item. Just large enough
/// that a nested item pays better than a top-level paragraph.
const SEMICOLON: f32 = TOP - NESTED + 0.1;
/// Penalty of a top-level paragraph whose marker stands deeper than the current paragraph's:
/// like [`SEMICOLON`], just large enough that a nested item pays better.
const DEEPER: f32 = TOP - NESTED + 0.1;
/// A marker is deeper when its left edge is right of the current paragraph's marker by more
/// than this share of the font size.
const INDENT: f32 = 1.2;
/// Cost of a sequence that does not start at 1 (a page out of the middle of a report).
const LATE_START: f32 = 12.0;

/// Numbers each of `zones` on its own: the decision for each line starting with `N.` (by line
/// index), and the headings made of heading-like numbers that are no paragraphs (`1.` + a
/// short title), in line order within each zone.
pub(crate) fn number(
    lines: &[Ln],
    zones: &[ZoneLines],
) -> (Vec<Option<Candidate>>, Vec<NumberedHeading>) {
    let mut marks: Vec<Option<Candidate>> = vec![None; lines.len()];
    let mut found = Vec::new();
    for zone in zones {
        for c in number_zone(lines, &zone.pieces) {
            if c.mark == Mark::Ignored && c.heading_like {
                found.push(numbered_heading(lines, &c));
            }
            if let Some(slot) = marks.get_mut(c.line) {
                *slot = Some(c);
            }
        }
    }
    (marks, found)
}

/// The heading made of heading-like number `c`: its title on the number's line, or on the
/// next body line, with the line after when the title wraps (see [`wraps_title`]).
fn numbered_heading(lines: &[Ln], c: &Candidate) -> NumberedHeading {
    let on_line = para_marker(&lines[c.line].text).and_then(|(_, rest)| rest.map(str::to_owned));
    let after: Vec<&str> = lines[c.line + 1..]
        .iter()
        .filter(|l| l.role == Role::Body)
        .take(TITLE_WINDOW)
        .map(|l| l.text.as_str())
        .collect();
    let (mut title, mut used) = match on_line {
        Some(t) => (t, 0),
        None => (after.first().copied().unwrap_or_default().to_owned(), 1),
    };
    if let Some(next) = after.get(used).filter(|next| wraps_title(&title, next)) {
        title = format!("{title} {next}");
        used += 1;
    }
    let rest = after.get(used..).unwrap_or_default();
    for next in &rest[..unconnected_tail(&title, rest, c.value)] {
        title = format!("{title} {next}");
        used += 1;
    }
    NumberedHeading {
        line: c.line,
        n_lines: used + 1,
        label: c.value.to_string(),
        title,
    }
}

/// Lines a heading's title may take past its first two without a connector at a line end.
const MAX_UNCONNECTED_LINES: usize = 2;

/// Body lines after a heading's number that its title is read from: its first line, one
/// wrapped after a connector, [`MAX_UNCONNECTED_LINES`] more, and the paragraph number after
/// them. A window, so that reading every heading stays linear in the document's lines.
const TITLE_WINDOW: usize = 3 + MAX_UNCONNECTED_LINES;

/// How many of `next` (the body lines after `title`, a heading's title so far) go on with the
/// title although no connector asks for them: under a small number, lines that read as a title's
/// (no sentence end, no marker) and are followed by a paragraph number (`1.` / `Convention on
/// … Global` / `Biodiversity Framework` / `17. Target 8 …`). 0 when no paragraph follows.
fn unconnected_tail(title: &str, next: &[&str], value: u32) -> usize {
    if value > MAX_WRAPPED_LABEL || title.contains(['(', ')']) {
        return 0;
    }
    let n = next
        .iter()
        .take(MAX_UNCONNECTED_LINES)
        .take_while(|t| unconnected_title_line(t))
        .count();
    let then_paragraph = next
        .get(n)
        .is_some_and(|t| para_marker(t).is_some_and(|(v, _)| v > MAX_WRAPPED_LABEL || v != 1));
    if n > 0 && then_paragraph { n } else { 0 }
}

/// A line that may go on with a title without a connector: words (two or more, the first
/// starting with a letter), no sentence end, no marker, and no brackets, which name the State
/// behind a recommendation (`… implement (Czech` / `Republic) a standing invitation …`).
fn unconnected_title_line(text: &str) -> bool {
    is_title_like_tail(text)
        && !ends_sentence(text)
        && !text.contains(['(', ')'])
        && text.starts_with(char::is_alphabetic)
        && has_two_words(text)
}

/// Largest number of a heading whose title may wrap onto a second line.
const MAX_WRAPPED_LABEL: u32 = 9;

/// True when `next` goes on with `title`: the title ends with a connector or a colon (`…
/// unlocking investments and` / `climate finance and addressing debt sustainability`), or
/// `next` starts in lower case without brackets (`… politique` / `d’intégration`; a
/// recommendation's `… carrying` / `out their mission (Belgium); 1` is an item), and `next`
/// reads as the rest of a title (no number or label, no stop or closing bracket, which end a
/// list item: `… for disabled children (Cuba)`).
fn wraps_title(title: &str, next: &str) -> bool {
    let lower = wraps_in_lower_case(next) && !next.contains(['(', ')']);
    (ends_with_title_connector(title) || title.ends_with(':') || lower)
        && is_title_like_tail(next)
        && !next.ends_with([')', '.', ';'])
        && para_marker(next).is_none()
        && !LABEL_ONLY.is_match(next)
}

/// Finds the candidates among the lines of `pieces` (one zone) and decides each of them.
fn number_zone(lines: &[Ln], pieces: &[Range<usize>]) -> Vec<Candidate> {
    let body: Vec<usize> = pieces
        .iter()
        .flat_map(Clone::clone)
        .filter(|&i| lines.get(i).is_some_and(|l| l.role == Role::Body))
        .collect();
    let mut cands = candidates(lines, &body);
    decide(&mut cands);
    cands
}

/// The candidates among the body lines `body`.
fn candidates(lines: &[Ln], body: &[usize]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for (k, &i) in body.iter().enumerate() {
        let Some((value, rest)) = para_marker(&lines[i].text) else {
            continue;
        };
        let prev = k.checked_sub(1).map(|p| &lines[body[p]]);
        let after_sentence = prev.is_none_or(|p| {
            p.role != Role::Body || ends_sentence(&p.text) || p.page != lines[i].page
        });
        out.push(Candidate {
            line: i,
            value,
            alone: rest.is_none(),
            heading_like: heading_like(lines, body, k, value, rest),
            after_sentence,
            ends_semicolon: false,
            at: Indent::of(&lines[i]),
            mark: Mark::Ignored,
        });
        if let Some(last) = out.len().checked_sub(2) {
            let end = body[k.saturating_sub(1)];
            out[last].ends_semicolon = lines[end].text.ends_with(';');
        }
    }
    out
}

/// `1.` followed by a short title line (wrapped onto a second line at most), then by another
/// number or a label: a heading.
fn heading_like(lines: &[Ln], body: &[usize], k: usize, value: u32, rest: Option<&str>) -> bool {
    let text_at = |j: usize| body.get(j).map(|&i| lines[i].text.as_str());
    let (title, mut after, mut j) = match rest {
        Some(r) => (Some(r), text_at(k + 1), k + 1),
        None => (text_at(k + 1), text_at(k + 2), k + 2),
    };
    // A wrapped title only under a small number: a long list's items (recommendations `32.`
    // … `(Sri Lanka)`) wrap too.
    if let (Some(t), Some(a)) = (title, after)
        && value <= MAX_WRAPPED_LABEL
        && wraps_title(t, a)
    {
        j += 1;
        after = text_at(j);
    }
    let short_title = title.is_some_and(|t| is_title_like(t) && t.len() <= 100);
    let is_marker = |a: &str| para_marker(a).is_some() || LABEL_ONLY.is_match(a);
    if short_title && !after.is_some_and(is_marker) {
        let next: Vec<&str> = (j..j + MAX_UNCONNECTED_LINES + 1)
            .filter_map(text_at)
            .collect();
        let so_far = (k..j).filter_map(text_at).collect::<Vec<_>>().join(" ");
        j += unconnected_tail(&so_far, &next, value);
        after = text_at(j);
    }
    let then_marker = after.is_some_and(is_marker);
    short_title && then_marker
}

/// True when marker `at` stands deeper than `top`, the current paragraph's marker, on a page
/// of the same parity.
fn deeper(at: Indent, top: Indent) -> bool {
    at.odd_page == top.odd_page && at.x > top.x + INDENT * at.size.max(top.size)
}

/// One state of the programme.
#[derive(Debug, Clone, Copy)]
struct State {
    /// Next top-level number; 0 before the first paragraph.
    top: u32,
    /// Next nested number; 0 outside a nested list.
    nested: u32,
    score: f32,
    /// Where the current top-level paragraph's marker stands (PDF input only).
    top_at: Option<Indent>,
    /// Last decision node on the path, `usize::MAX` for none.
    node: usize,
}

/// A non-ignore decision on a path: (previous node, candidate index, mark).
type Node = (usize, usize, Mark);

/// Runs the programme and writes the best path's decisions into `cands`.
fn decide(cands: &mut [Candidate]) {
    let mut nodes: Vec<Node> = Vec::new();
    let mut states = vec![State {
        top: 0,
        nested: 0,
        score: 0.0,
        top_at: None,
        node: usize::MAX,
    }];
    for (ci, c) in cands.iter().enumerate() {
        let mut next: Vec<State> = Vec::with_capacity(states.len() * 3);
        for s in &states {
            for (top, nested, gain, mark) in moves(s, c).into_iter().flatten() {
                let node = if mark == Mark::Ignored {
                    s.node
                } else {
                    nodes.push((s.node, ci, mark));
                    nodes.len() - 1
                };
                let top_at = if mark == Mark::Top { c.at } else { s.top_at };
                let cand = State {
                    top,
                    nested,
                    score: s.score + gain,
                    top_at,
                    node,
                };
                match next.iter_mut().find(|x| x.top == top && x.nested == nested) {
                    Some(slot) if cand.score > slot.score => *slot = cand,
                    Some(_) => {}
                    None => next.push(cand),
                }
            }
        }
        states = next;
        states.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.top.cmp(&b.top))
                .then(a.nested.cmp(&b.nested))
        });
        states.truncate(BEAM);
    }
    let mut node = states.first().map_or(usize::MAX, |s| s.node);
    while let Some(&(prev, ci, mark)) = nodes.get(node) {
        cands[ci].mark = mark;
        node = prev;
    }
}

/// A move: (next top, next nested, gain, mark).
type Move = (u32, u32, f32, Mark);

/// The moves from state `s` on candidate `c`.
fn moves(s: &State, c: &Candidate) -> [Option<Move>; 3] {
    let v = c.value;
    let ignore = Some((s.top, s.nested, -ignore_cost(c), Mark::Ignored));
    let top_ok = if s.top == 0 { v >= 1 } else { v == s.top };
    let top = top_ok.then(|| {
        let late = if s.top == 0 && v != 1 {
            LATE_START
        } else {
            0.0
        };
        (
            v.saturating_add(1),
            0,
            TOP - late - top_penalty(c) - deeper_penalty(s, c),
            Mark::Top,
        )
    });
    let nested_ok = s.top > 0 && !c.heading_like && (v == 1 || v == s.nested);
    let nested = nested_ok.then(|| (s.top, v.saturating_add(1), NESTED, Mark::Nested));
    [ignore, top, nested]
}

fn ignore_cost(c: &Candidate) -> f32 {
    if c.alone { 2.0 } else { 0.5 }
}

fn deeper_penalty(s: &State, c: &Candidate) -> f32 {
    match (c.at, s.top_at) {
        (Some(at), Some(top)) if deeper(at, top) => DEEPER,
        _ => 0.0,
    }
}

fn top_penalty(c: &Candidate) -> f32 {
    let mut p = 0.0;
    if c.heading_like {
        p += 4.0;
    }
    if !c.after_sentence {
        p += 3.0;
    }
    if c.ends_semicolon {
        p += SEMICOLON;
    }
    p
}
