//! Parts of a document whose paragraph numbering stands apart from the body's.
//!
//! - An **annex** (`Annex II`, `Appendix`, `Enclosure 1`) runs to the next annex or the end of
//!   the document; its numbering may restart at `1.`.
//! - A **part** (`Part One`, `PART II`) divides the report, or an annex, into texts that each
//!   number from `1.`: a report on three sessions prints one part for each, with its own
//!   chapters and annex; an annex lists its items in `Part I` and `Part II`. A part runs to the
//!   next part; its annex stands below it and ends at the next part. Parts of an annex end at
//!   the next annex.
//! - A **quoted text** is a draft resolution or decision that a report submits for adoption
//!   (`Draft resolution B`), printed whole with operative paragraphs `1.`, `2.` … of its own. It
//!   runs until the report's own structure resumes: at the next quoted text, or at a labelled
//!   heading that continues a heading open before it (`B.` after `A.`, `II.` after `I.`,
//!   `Chapter V` after `Chapter IV`). Then the numbering it interrupted goes on. An annex
//!   heading inside a quoted text opens the quoted text's annex: a quoted text of its own, one
//!   level deeper.
//!
//! Each part is a [`Zone`], whose lines ([`ZoneLines`]) [`super::numbering`] numbers on its own; the body can
//! have several pieces (around its quoted texts). Headings get their depth in the section tree:
//! headings inside an annex stand one level below it, headings inside a quoted text below its
//! heading, which stands one level below the heading before it.

use super::facts::{Heading, NumberedHeading, ZoneLines};
use crate::model::Zone;

/// The zones of a document of `n_lines` lines, body first. Sets every heading's level (its
/// depth in the section tree) and zone.
pub(crate) fn find(headings: &mut [Heading], n_lines: usize) -> Vec<ZoneLines> {
    let mut walk = Walk::default();
    for h in headings.iter_mut() {
        walk.step(h);
    }
    walk.finish(n_lines)
}

/// Gives headings found after [`find`] (arabic-labelled ones, in line order among the others)
/// the level and zone of the zone holding their line.
pub(crate) fn settle(headings: &mut [Heading], zones: &[ZoneLines], added: &[NumberedHeading]) {
    for line in added.iter().map(|f| f.line) {
        let zone = zones
            .iter()
            .find(|z| z.pieces.iter().any(|r| r.contains(&line)));
        let Some(zone) = zone else { continue };
        for h in headings.iter_mut().filter(|h| h.line == line) {
            h.level += zone.offset;
            h.zone = zone.zone;
        }
    }
}

/// The state of the walk over the headings.
#[derive(Debug)]
struct Walk {
    zones: Vec<ZoneLines>,
    /// The zone the lines belong to now.
    current: usize,
    /// The body or annex zone a quoted text interrupts.
    outer: usize,
    /// First line of the current piece.
    start: usize,
    /// Labelled headings of the outer zone still open: (printed level, label).
    open: Vec<(u32, String)>,
    /// Level of the last heading of the outer zone.
    outer_level: u32,
    /// Level of the current quoted text's heading.
    quoted_level: u32,
    /// Level of the current annex's heading.
    annex_level: u32,
    /// Label of the last annex outside quoted texts (`Annex III`).
    annex_label: String,
    /// Level of part headings, once one is seen: 1 for parts of the report, one below the
    /// annex for parts of an annex.
    part_level: Option<u32>,
}

impl Default for Walk {
    fn default() -> Self {
        Walk {
            zones: vec![ZoneLines {
                zone: Zone::Body,
                pieces: Vec::new(),
                offset: 0,
            }],
            current: 0,
            outer: 0,
            start: 0,
            open: Vec::new(),
            outer_level: 0,
            quoted_level: 0,
            annex_level: 0,
            annex_label: String::new(),
            part_level: None,
        }
    }
}

impl Walk {
    fn zone(&self) -> Zone {
        self.zones[self.current].zone
    }

    fn step(&mut self, h: &mut Heading) {
        let in_quoted = self.zone() == Zone::Quoted;
        let annex = h.opens == Some(Zone::Annex);
        let quoted = h.opens == Some(Zone::Quoted);
        if h.opens == Some(Zone::Part) && (!in_quoted || self.part_level.is_some()) {
            self.part_heading(h);
        } else if annex && (!in_quoted || self.continues_annexes(h)) {
            self.annex_heading(h);
        } else if quoted || (annex && in_quoted) {
            h.level = if quoted {
                self.outer_level + 1
            } else {
                self.quoted_level + 1
            };
            if quoted {
                self.quoted_level = h.level;
            }
            self.open_zone(h.line, Zone::Quoted, h.level);
        } else if in_quoted && self.resumes(h) {
            self.switch(h.line, self.outer);
            self.outer_heading(h);
        } else if in_quoted {
            h.level += self.zones[self.current].offset;
        } else {
            self.outer_heading(h);
        }
        h.zone = self.zone();
    }

    /// A part heading: at the level of the parts before it, or at the top (one below the annex
    /// for the first part inside an annex).
    fn part_heading(&mut self, h: &mut Heading) {
        let level = self.part_level.unwrap_or(match self.zone() {
            Zone::Annex => self.annex_level + 1,
            _ => 1,
        });
        self.part_level = Some(level);
        h.level = level;
        self.open_outer(h.line, Zone::Part, level);
    }

    /// An annex heading outside quoted texts: under the part open at the top level, or at the
    /// top, where it ends the parts nested in the annex before it.
    fn annex_heading(&mut self, h: &mut Heading) {
        let level = match self.part_level {
            Some(1) => 2,
            _ => 1,
        };
        if level == 1 {
            self.part_level = None;
        }
        self.annex_level = level;
        self.annex_label = h.label.clone();
        h.level = level;
        self.open_outer(h.line, Zone::Annex, level);
    }

    /// Opens an annex or a part at `line`, its heading at `level`: the outer zone from now on.
    fn open_outer(&mut self, line: usize, zone: Zone, level: u32) {
        self.open.clear();
        self.outer_level = level;
        self.outer = self.open_zone(line, zone, level);
    }

    /// A heading of the outer zone: sets its level and updates the open headings.
    fn outer_heading(&mut self, h: &mut Heading) {
        let printed = h.level;
        if !h.label.is_empty() {
            self.open.retain(|(level, _)| *level < printed);
            self.open.push((printed, h.label.clone()));
        }
        h.level = printed + self.zones[self.outer].offset;
        self.outer_level = h.level;
    }

    /// True when annex heading `h` comes right after the last annex outside quoted texts
    /// (`Annex IV` after `Annex III`): it ends the quoted text, whose own annexes restart.
    fn continues_annexes(&self, h: &Heading) -> bool {
        follows(&self.annex_label, &h.label)
    }

    /// True when `h` continues a labelled heading open in the outer zone.
    fn resumes(&self, h: &Heading) -> bool {
        self.open
            .iter()
            .any(|(level, label)| *level == h.level && follows(label, &h.label))
    }

    /// Opens a new zone at `line`; returns its index.
    fn open_zone(&mut self, line: usize, zone: Zone, offset: u32) -> usize {
        self.zones.push(ZoneLines {
            zone,
            pieces: Vec::new(),
            offset,
        });
        let zone = self.zones.len() - 1;
        self.switch(line, zone);
        zone
    }

    /// Ends the current piece at `line` and goes on in `zone`.
    fn switch(&mut self, line: usize, zone: usize) {
        if self.start < line {
            let start = self.start;
            self.zones[self.current].pieces.push(start..line);
        }
        self.current = zone;
        self.start = line;
    }

    fn finish(mut self, n_lines: usize) -> Vec<ZoneLines> {
        let current = self.current;
        self.switch(n_lines, current);
        self.zones
    }
}

/// True when label `next` comes right after `prev`: `B` after `A`, `II` after `I`, `3` after
/// `2`, `Chapter V` after `Chapter IV`.
fn follows(prev: &str, next: &str) -> bool {
    let (prev_head, prev_n) = prev.rsplit_once(' ').unwrap_or(("", prev));
    let (next_head, next_n) = next.rsplit_once(' ').unwrap_or(("", next));
    prev_head == next_head
        && matches!(
            (ordinal(prev_n), ordinal(next_n)),
            (Some(a), Some(b)) if b == a + 1
        )
}

/// The value of a label's number: arabic, roman (`IV`) or a letter (`C`; `I`, `V`, `X`, `L`
/// read as roman).
fn ordinal(n: &str) -> Option<u32> {
    if n.is_empty() || n.len() > 6 {
        return None;
    }
    if n.bytes().all(|b| b.is_ascii_digit()) {
        return n.parse().ok();
    }
    if n.bytes().all(|b| b"IVXL".contains(&b)) {
        return Some(roman(n));
    }
    match n.as_bytes() {
        [b] if b.is_ascii_uppercase() => Some(u32::from(b - b'A') + 1),
        _ => None,
    }
}

/// The value of a roman numeral made of `I`, `V`, `X`, `L`.
fn roman(n: &str) -> u32 {
    let value = |b: u8| match b {
        b'I' => 1,
        b'V' => 5,
        b'X' => 10,
        _ => 50,
    };
    let bytes = n.as_bytes();
    let mut total = 0i64;
    for (i, &b) in bytes.iter().enumerate() {
        let v = value(b);
        if bytes.get(i + 1).is_some_and(|&next| value(next) > v) {
            total -= i64::from(v);
        } else {
            total += i64::from(v);
        }
    }
    u32::try_from(total).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::{follows, ordinal};

    #[test]
    fn labels_follow_each_other() {
        assert!(follows("A", "B") && follows("IV", "V") && follows("IX", "X"));
        assert!(follows("Chapter IV", "Chapter V") && follows("2", "3"));
        assert!(!follows("A", "C") && !follows("Chapter IV", "V") && !follows("B", "A"));
        assert_eq!(ordinal("XLIV"), Some(44));
        assert_eq!(ordinal("a"), None);
    }
}
