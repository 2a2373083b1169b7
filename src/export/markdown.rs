//! Markdown with paragraph anchors: the title as `#`, each heading one `#` deeper than its
//! level, each paragraph after an anchor (`<a id="para-58"></a>`, `annex-ii-para-3` in a part
//! numbered apart, `position-12` for an unnumbered one), its sub-items as list lines, and its
//! footnotes as `[^N]` at their calls with their bodies at the end.

use std::fmt::Write as _;

use crate::model::{Document, Paragraph};

/// The selected paragraphs (1-based ordinals, in document order) with the headings above them.
pub fn markdown(doc: &Document, ordinals: &[u32]) -> String {
    let mut out = String::new();
    let title = if doc.meta.title.is_empty() {
        &doc.meta.symbol
    } else {
        &doc.meta.title
    };
    let _ = writeln!(out, "# {}\n", escape(title));
    if !doc.meta.symbol.is_empty() {
        let _ = writeln!(out, "{}\n", escape(&doc.meta.symbol));
    }
    let mut written = vec![false; doc.sections.len()];
    let mut notes = Vec::new();
    for p in ordinals
        .iter()
        .filter_map(|&o| doc.paragraphs.get(o.saturating_sub(1) as usize))
    {
        headings(doc, p.section, &mut written, &mut out);
        paragraph(doc, p, &mut notes, &mut out);
    }
    for (k, text) in notes {
        let _ = writeln!(out, "[^{k}]: {}", escape(&text));
    }
    out
}

/// The anchor id of a paragraph: `para-58`, `annex-ii-para-3`, `position-12`.
pub fn anchor(doc: &Document, p: &Paragraph) -> String {
    let Some(number) = &p.number else {
        return format!("position-{}", p.ordinal);
    };
    let part = slug(&doc.part_name(p));
    if part.is_empty() {
        format!("para-{}", slug(number))
    } else {
        format!("{part}-para-{}", slug(number))
    }
}

/// The headings of `section` and its ancestors not yet written, outermost first.
fn headings(doc: &Document, section: Option<usize>, written: &mut [bool], out: &mut String) {
    let mut chain: Vec<usize> = section
        .into_iter()
        .flat_map(|idx| doc.ancestors(idx))
        .map(|(idx, _)| idx)
        .filter(|&idx| !written.get(idx).copied().unwrap_or(true))
        .collect();
    chain.reverse();
    for idx in chain {
        let Some(s) = doc.sections.get(idx) else {
            continue;
        };
        written[idx] = true;
        let hashes = "#".repeat((s.level as usize + 1).min(6));
        let label = super::uwazi::heading_label(s);
        let _ = writeln!(out, "{hashes} {}\n", escape(&label));
    }
}

/// One paragraph: anchor, number, text with its items on list lines and its footnote calls.
fn paragraph(doc: &Document, p: &Paragraph, notes: &mut Vec<(usize, String)>, out: &mut String) {
    let number = p
        .number
        .as_deref()
        .map(|n| format!("{n}. "))
        .unwrap_or_default();
    let _ = write!(out, "<a id=\"{}\"></a>{}", anchor(doc, p), escape(&number));
    let mut cuts = item_cuts(p);
    for r in &p.footnote_refs {
        let k = notes.len() + 1;
        let body = doc
            .footnotes
            .iter()
            .find(|f| f.mark == r.mark && f.paragraph_ordinal == Some(p.ordinal))
            .map_or_else(String::new, |f| f.text.clone());
        notes.push((k, body));
        cuts.push((r.offset as usize, format!("[^{k}]")));
    }
    cuts.sort_by_key(|(at, _)| *at);
    let mut from = 0;
    for (at, insert) in cuts {
        let Some(piece) = p.text.get(from..at) else {
            continue;
        };
        out.push_str(&escape(piece));
        out.push_str(&insert);
        from = at;
    }
    out.push_str(&escape(p.text.get(from..).unwrap_or("")));
    out.push_str("\n\n");
}

/// Where each item's marker starts, with the line break and list dash to put before it.
fn item_cuts(p: &Paragraph) -> Vec<(usize, String)> {
    p.items
        .iter()
        .filter_map(|item| {
            let head = p.text.get(..item.span.0 as usize)?;
            let at = head.rfind(item.marker.as_str())?;
            let indent = "  ".repeat(item.level.saturating_sub(1) as usize);
            Some((at, format!("\n{indent}- ")))
        })
        .collect()
}

/// Lower-case letters and digits, other runs as one `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Backslash before the characters Markdown would read as markup; line breaks kept as spaces.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FootnoteRef, Item, Section, Zone};

    #[test]
    fn paragraphs_get_anchors_headings_items_and_footnotes() {
        let text = "Calls for: (a) peace;2 (b) justice.";
        let doc = Document {
            meta: crate::model::Metadata {
                symbol: "A/1/2".into(),
                title: "Report".into(),
                ..Default::default()
            },
            sections: vec![Section {
                label: "I".into(),
                title: "Intro".into(),
                level: 1,
                ..Section::default()
            }],
            paragraphs: vec![Paragraph {
                ordinal: 1,
                number: Some("58".into()),
                text: text.replace('2', ""),
                section: Some(0),
                items: vec![
                    Item {
                        marker: "(a)".into(),
                        span: (15, 21),
                        level: 1,
                    },
                    Item {
                        marker: "(b)".into(),
                        span: (26, 34),
                        level: 1,
                    },
                ],
                footnote_refs: vec![FootnoteRef {
                    mark: "2".into(),
                    offset: 21,
                }],
                ..Paragraph::default()
            }],
            footnotes: vec![crate::model::Footnote {
                mark: "2".into(),
                text: "See *below*.".into(),
                page: 1,
                paragraph_ordinal: Some(1),
            }],
            ..Document::default()
        };
        let md = markdown(&doc, &[1]);
        assert_eq!(
            md,
            "# Report\n\nA/1/2\n\n## I. Intro\n\n<a id=\"para-58\"></a>58. Calls for: \n- (a) \
             peace;[^1] \n- (b) justice.\n\n[^1]: See \\*below\\*.\n"
        );
    }

    #[test]
    fn anchors_name_the_part_numbered_apart() {
        let doc = Document {
            sections: vec![Section {
                label: "Annex II".into(),
                opens: Some(Zone::Annex),
                ..Section::default()
            }],
            ..Document::default()
        };
        let p = Paragraph {
            ordinal: 9,
            number: Some("3".into()),
            section: Some(0),
            zone: Zone::Annex,
            ..Paragraph::default()
        };
        assert_eq!(anchor(&doc, &p), "annex-ii-para-3");
        let unnumbered = Paragraph {
            ordinal: 9,
            ..Paragraph::default()
        };
        assert_eq!(anchor(&doc, &unnumbered), "position-9");
    }
}
