//! Sections: the heading tree, and the paragraph range of every section.
//!
//! One section per heading, in document order (`s1`, `s2`, …). The parent of a section is the
//! nearest section before it with a smaller level (headings' levels are their depths, set by
//! [`super::parts`]: headings inside an annex or a quoted text stand below it). A paragraph belongs to the last heading before it (its deepest section); its
//! ordinal and number widen the ranges of that section and all its ancestors.

use super::facts::Heading;
use super::lines::Ln;
use crate::model::{Paragraph, ParagraphKind, Section};

/// Builds the sections from the headings, and fills their paragraph ranges.
pub(crate) fn build(lines: &[Ln], headings: &[Heading], paragraphs: &[Paragraph]) -> Vec<Section> {
    let mut sections = tree(lines, headings);
    fill_ranges(&mut sections, paragraphs);
    sections
}

/// One section per heading, each under its parent.
fn tree(lines: &[Ln], headings: &[Heading]) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::with_capacity(headings.len());
    for (idx, h) in headings.iter().enumerate() {
        let level = h.level;
        let parent = (0..idx).rev().find(|&p| out[p].level < level);
        out.push(Section {
            id: format!("s{}", idx + 1),
            label: h.label.clone(),
            title: h.title.clone(),
            level,
            parent,
            page: lines.get(h.line).map_or(0, |l| l.page),
            opens: h.opens,
            ..Section::default()
        });
    }
    out
}

/// Fills every section's ordinal range and first/last numbered paragraph.
fn fill_ranges(sections: &mut [Section], paragraphs: &[Paragraph]) {
    for p in paragraphs {
        let mut cursor = p.section;
        let mut guard = 0;
        while let Some(idx) = cursor {
            let Some(s) = sections.get_mut(idx) else {
                break;
            };
            s.ordinals = Some(match s.ordinals {
                Some((a, b)) => (a.min(p.ordinal), b.max(p.ordinal)),
                None => (p.ordinal, p.ordinal),
            });
            if p.kind == ParagraphKind::Numbered {
                if s.first_paragraph.is_none() {
                    s.first_paragraph = p.number.clone();
                }
                s.last_paragraph = p.number.clone();
            }
            cursor = s.parent.filter(|&q| q < idx);
            guard += 1;
            if guard > sections.len() {
                break;
            }
        }
    }
}
