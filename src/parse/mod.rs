//! Structure analysis: pages of lines → [`Document`]. Pure: no I/O, never panics.

use crate::extract::Extracted;
use crate::model::{Document, Paragraph, ParagraphKind, Section};

/// Analyses extracted pages into a document. Placeholder: numbered paragraphs on one page.
pub fn analyze(extracted: &Extracted) -> Document {
    let mut doc = Document::default();
    let text: String = extracted
        .pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| l.text.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    let words: Vec<&str> = text.split_whitespace().collect();
    if let Some(first) = words.first() {
        if first.contains('/') {
            doc.meta.symbol = (*first).to_owned();
        }
    }
    let mut current: Option<Paragraph> = None;
    let mut section: Option<usize> = None;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let expected = current
            .as_ref()
            .and_then(|p| p.number.as_ref())
            .and_then(|n| n.parse::<u32>().ok())
            .map(|n| n + 1);
        let is_number = w.strip_suffix('.').and_then(|n| n.parse::<u32>().ok());
        if is_number.is_some() && (expected.is_none() || is_number == expected) {
            if let Some(p) = current.take() {
                doc.paragraphs.push(p);
            }
            current = Some(Paragraph {
                ordinal: doc.paragraphs.len() as u32 + 1,
                kind: ParagraphKind::Numbered,
                number: Some(w.trim_end_matches('.').to_owned()),
                section,
                page_start: 1,
                page_end: 1,
                ..Paragraph::default()
            });
        } else if w == "V." {
            doc.sections.push(Section {
                id: "s1".into(),
                label: "V".into(),
                level: 1,
                page: 1,
                ..Section::default()
            });
            section = Some(doc.sections.len() - 1);
        } else if let Some(p) = current.as_mut() {
            if !p.text.is_empty() {
                p.text.push(' ');
            }
            p.text.push_str(w);
        }
        i += 1;
    }
    if let Some(p) = current.take() {
        doc.paragraphs.push(p);
    }
    doc.pages.push(crate::model::Page {
        number: 1,
        ..Default::default()
    });
    doc
}
