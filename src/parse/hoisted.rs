//! Paragraph numbers printed away from their text (a *hoisted* run).
//!
//! pdftotext sometimes prints the numbers of several short paragraphs together, each alone on
//! its line, and their texts after them: a list of agenda items whose number column it read
//! first (`21.` … `26.`, then `Groups of countries in special situations:`,
//! `Eradication of poverty …:` …), or an annex's part whose three numbers stand above its three
//! headed lists. The numbering pass takes each number as a paragraph, and all but the last come
//! out empty.
//!
//! A hoisted run is at least [`MIN_RUN`] numbers the numbering pass took as paragraphs, each
//! alone on its line and one more than the one before, with no body line between them. After
//! it, up to the next paragraph number or heading, the pass looks for the texts' first lines:
//! *openers*, body lines after a blank line that start in uppercase, are no marker (`12.`,
//! `(a)`, `140.7`) and do not follow a sub-item's marker alone (whose text they would be).
//! When there are exactly as many openers as numbers, each number moves to its opener, in
//! order: the opener opens the numbered paragraph, and the number's own line is
//! [`Role::Dropped`] (the paragraph keeps the number). The lines before the first opener stay
//! with the paragraph before the run (the end of its list). With fewer or more openers the
//! run is left as it is: which text is whose is then a guess.

use super::facts::{Candidate, Mark};
use super::lines::{Ln, Role};
use super::patterns::{DOTTED_ITEM, ITEM_MARKER, para_marker};

/// Fewest numbers in a hoisted run.
const MIN_RUN: usize = 2;

/// Moves the numbers of each hoisted run to the first lines of their texts. `marks[i]` is the
/// numbering decision for line `i`.
pub(crate) fn reattach(lines: &mut [Ln], marks: &mut [Option<Candidate>]) {
    let mut i = 0;
    while i < lines.len() {
        if !marks[i]
            .as_ref()
            .is_some_and(|c| c.mark == Mark::Top && c.alone)
        {
            i += 1;
            continue;
        }
        let run = run_at(lines, marks, i);
        let Some(&last) = run.last().filter(|_| run.len() >= MIN_RUN) else {
            i += 1;
            continue;
        };
        if let Some(openers) = openers(lines, marks, last + 1, run.len()) {
            for (&number, &opener) in run.iter().zip(&openers) {
                if let Some(mut c) = marks[number].take() {
                    c.line = opener;
                    c.alone = false;
                    marks[opener] = Some(c);
                    lines[number].claim(Role::Dropped);
                }
            }
        }
        i = last + 1;
    }
}

/// The hoisted run starting at line `i`: the lines of its numbers (fewer than [`MIN_RUN`] when
/// none starts there).
fn run_at(lines: &[Ln], marks: &[Option<Candidate>], i: usize) -> Vec<usize> {
    let mut run: Vec<usize> = Vec::new();
    let mut expected = None;
    for (k, ln) in lines.iter().enumerate().skip(i) {
        if ln.role == Role::Furniture {
            continue;
        }
        let number = marks[k]
            .as_ref()
            .filter(|c| ln.role == Role::Body && c.mark == Mark::Top && c.alone)
            .map(|c| c.value)
            .filter(|&v| expected.is_none_or(|e| v == e));
        match number {
            Some(v) => {
                run.push(k);
                expected = v.checked_add(1);
            }
            None => break,
        }
    }
    run
}

/// The first lines of the texts of a run of `count` numbers, looked for from line `from` up to
/// the next paragraph number or heading: exactly `count` of them, or none.
fn openers(
    lines: &[Ln],
    marks: &[Option<Candidate>],
    from: usize,
    count: usize,
) -> Option<Vec<usize>> {
    let mut found = Vec::new();
    let mut prev: Option<&str> = None;
    for (k, ln) in lines.iter().enumerate().skip(from) {
        let top = marks[k].as_ref().is_some_and(|c| c.mark == Mark::Top);
        if top || ln.role == Role::Heading {
            break;
        }
        if ln.role != Role::Body {
            continue;
        }
        if is_opener(ln, prev) {
            found.push(k);
            if found.len() > count {
                return None;
            }
        }
        prev = Some(&ln.text);
    }
    (found.len() == count).then_some(found)
}

/// True when body line `ln`, after body line `prev`, can be the first line of a paragraph's
/// text: after a blank line, in uppercase, no marker itself and no sub-item's text.
fn is_opener(ln: &Ln, prev: Option<&str>) -> bool {
    let text = ln.text.as_str();
    let marker_alone = |t: &str| {
        ITEM_MARKER.captures(t).is_some_and(|c| c.get(2).is_none())
            || DOTTED_ITEM.captures(t).is_some_and(|c| c.get(2).is_none())
    };
    ln.blank_before
        && text.starts_with(char::is_uppercase)
        && para_marker(text).is_none()
        && !ITEM_MARKER.is_match(text)
        && !DOTTED_ITEM.is_match(text)
        && !prev.is_some_and(marker_alone)
}
