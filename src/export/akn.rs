//! Akoma Ntoso 3.0 (OASIS LegalDocML) for UN documents, in the AKN4UN manner: the report as a
//! `doc`, its headings as `hcontainer`s, each paragraph a `paragraph` with its `num`, its
//! sub-items a `list` of `point`s, its footnotes `authorialNote`s at their calls. eIds are
//! `para_58`, `para_58__list_1__point_a`, `para_58__authorialNote_1`; a paragraph numbered
//! apart carries its part's (`annex_ii__para_3`), an unnumbered one its position
//! (`para_pos_12`); where a document prints two parts under one name, the second's paragraphs
//! add their position (`…__para_1__pos_40`), as the schema wants eIds unique. Valid against the Akoma Ntoso 3.0 schema (`tests/data/akn/`, checked with
//! `xmllint --schema` by the tests).

use std::fmt::Write as _;

use crate::model::{Document, Paragraph};

/// The Akoma Ntoso namespace.
pub const NAMESPACE: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

/// The selected paragraphs (1-based ordinals, in document order) under their headings.
pub fn akn(doc: &Document, ordinals: &[u32]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<akomaNtoso xmlns=\"{NAMESPACE}\">\n<doc name=\"report\">"
    );
    meta(doc, &mut out);
    preface(doc, &mut out);
    out.push_str("<mainBody>\n");
    let mut open: Vec<usize> = Vec::new();
    let mut used = std::collections::HashSet::new();
    let mut any = false;
    for p in ordinals
        .iter()
        .filter_map(|&o| doc.paragraphs.get(o.saturating_sub(1) as usize))
    {
        sections(doc, p.section, &mut open, &mut out);
        let mut eid = paragraph_eid(doc, p);
        if !used.insert(eid.clone()) {
            // A document printing two parts under one name: the position tells them apart.
            eid = format!("{eid}__pos_{}", p.ordinal);
        }
        paragraph(doc, p, &eid, &mut out);
        any = true;
    }
    for _ in open.drain(..) {
        out.push_str("</hcontainer>\n");
    }
    if !any {
        // `mainBody` holds at least one element.
        out.push_str("<p/>\n");
    }
    out.push_str("</mainBody>\n</doc>\n</akomaNtoso>\n");
    out
}

/// The FRBR identification: work, expression (its language) and manifestation.
fn meta(doc: &Document, out: &mut String) {
    let date = iso_date(&doc.meta.date).unwrap_or_else(|| "9999-12-31".to_owned());
    let name = uri_name(doc);
    let work = format!("/akn/un/doc/report/{date}/{name}");
    let language = iso639_2(&doc.meta.language);
    let expression = format!("{work}/{language}@");
    let _ = write!(
        out,
        "<meta>\n<identification source=\"#paragraphd\">\n\
         <FRBRWork><FRBRthis value=\"{w}/!main\"/><FRBRuri value=\"{w}\"/>\
         <FRBRdate date=\"{date}\" name=\"publication\"/><FRBRauthor href=\"#un\"/>\
         <FRBRcountry value=\"un\"/></FRBRWork>\n\
         <FRBRExpression><FRBRthis value=\"{e}/!main\"/><FRBRuri value=\"{e}\"/>\
         <FRBRdate date=\"{date}\" name=\"publication\"/><FRBRauthor href=\"#un\"/>\
         <FRBRlanguage language=\"{language}\"/></FRBRExpression>\n\
         <FRBRManifestation><FRBRthis value=\"{e}/!main.xml\"/><FRBRuri value=\"{e}.akn\"/>\
         <FRBRdate date=\"{date}\" name=\"publication\"/><FRBRauthor href=\"#paragraphd\"/>\
         </FRBRManifestation>\n</identification>\n</meta>\n",
        w = escape(&work),
        e = escape(&expression),
    );
}

/// The symbol and the title.
fn preface(doc: &Document, out: &mut String) {
    if doc.meta.symbol.is_empty() && doc.meta.title.is_empty() {
        return;
    }
    out.push_str("<preface>\n");
    if !doc.meta.symbol.is_empty() {
        let _ = writeln!(
            out,
            "<p><docNumber>{}</docNumber></p>",
            escape(&doc.meta.symbol)
        );
    }
    if !doc.meta.title.is_empty() {
        let _ = writeln!(
            out,
            "<p><docTitle>{}</docTitle></p>",
            escape(&doc.meta.title)
        );
    }
    out.push_str("</preface>\n");
}

/// Closes the open headings that do not hold `section` and opens those that do, outermost
/// first.
fn sections(doc: &Document, section: Option<usize>, open: &mut Vec<usize>, out: &mut String) {
    let mut chain: Vec<usize> = section
        .into_iter()
        .flat_map(|idx| doc.ancestors(idx))
        .map(|(idx, _)| idx)
        .collect();
    chain.reverse();
    let kept = open.iter().zip(&chain).take_while(|(a, b)| a == b).count();
    for _ in kept..open.len() {
        out.push_str("</hcontainer>\n");
    }
    open.truncate(kept);
    for &idx in chain.iter().skip(kept) {
        let Some(s) = doc.sections.get(idx) else {
            continue;
        };
        let _ = write!(out, "<hcontainer name=\"section\" eId=\"sec_{idx}\">");
        if !s.label.is_empty() {
            let _ = write!(out, "<num>{}</num>", escape(&s.label));
        }
        if !s.title.is_empty() {
            let _ = write!(out, "<heading>{}</heading>", escape(&s.title));
        }
        out.push('\n');
        open.push(idx);
    }
}

/// The eId of a paragraph.
pub fn paragraph_eid(doc: &Document, p: &Paragraph) -> String {
    let Some(number) = &p.number else {
        return format!("para_pos_{}", p.ordinal);
    };
    let part = id_part(&doc.part_name(p));
    let number = id_part(number);
    if part.is_empty() {
        format!("para_{number}")
    } else {
        format!("{part}__para_{number}")
    }
}

/// One paragraph: its number, then its text as content, or as an intro before its items.
fn paragraph(doc: &Document, p: &Paragraph, eid: &str, out: &mut String) {
    let _ = write!(out, "<paragraph eId=\"{eid}\">");
    if let Some(number) = &p.number {
        let _ = write!(out, "<num>{}.</num>", escape(number));
    }
    let notes = Notes::of(doc, p, eid);
    let first_item = p
        .items
        .iter()
        .find_map(|i| marker_start(p, i))
        .filter(|&at| at > 0);
    match first_item {
        None if p.items.is_empty() => {
            out.push_str("<content><p>");
            notes.text(&p.text, 0, out);
            out.push_str("</p></content>");
        }
        _ => {
            let head_end = first_item.unwrap_or(0);
            out.push_str("<intro><p>");
            notes.text(p.text.get(..head_end).unwrap_or(""), 0, out);
            out.push_str("</p></intro>");
            items(p, eid, &notes, out);
        }
    }
    out.push_str("</paragraph>\n");
}

/// The items as one list (nested levels flattened into it, each keeping its marker).
fn items(p: &Paragraph, eid: &str, notes: &Notes, out: &mut String) {
    let list = format!("{eid}__list_1");
    let _ = write!(out, "<list eId=\"{list}\">");
    let mut seen = std::collections::HashSet::new();
    for (k, item) in p.items.iter().enumerate() {
        let start = marker_start(p, item).unwrap_or(item.span.0 as usize);
        let end = p
            .items
            .get(k + 1)
            .and_then(|next| marker_start(p, next))
            .filter(|&e| e >= start)
            .unwrap_or(p.text.len());
        let mut point = format!("{list}__point_{}", id_part(&item.marker));
        if !seen.insert(point.clone()) {
            point = format!("{point}_{}", k + 1);
        }
        let _ = write!(
            out,
            "<point eId=\"{point}\"><num>{}</num><content><p>",
            escape(&item.marker)
        );
        let text_start = (item.span.0 as usize).clamp(start, end.max(start));
        notes.text(p.text.get(text_start..end).unwrap_or(""), text_start, out);
        out.push_str("</p></content></point>");
    }
    out.push_str("</list>");
}

/// Where an item's marker starts in its paragraph's text.
fn marker_start(p: &Paragraph, item: &crate::model::Item) -> Option<usize> {
    p.text
        .get(..item.span.0 as usize)?
        .rfind(item.marker.as_str())
}

/// A paragraph's footnotes, to be put at their calls.
struct Notes {
    /// (byte offset in the paragraph's text, the `authorialNote` element).
    at: Vec<(usize, String)>,
}

impl Notes {
    fn of(doc: &Document, p: &Paragraph, eid: &str) -> Self {
        let at = p
            .footnote_refs
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let body = doc
                    .footnotes
                    .iter()
                    .find(|f| f.mark == r.mark && f.paragraph_ordinal == Some(p.ordinal))
                    .map_or("", |f| f.text.as_str());
                let note = format!(
                    "<authorialNote marker=\"{m}\" placement=\"bottom\" eId=\"{eid}__authorialNote_{n}\"><p>{b}</p></authorialNote>",
                    m = escape(&r.mark),
                    n = k + 1,
                    b = escape(body),
                );
                (r.offset as usize, note)
            })
            .collect();
        Self { at }
    }

    /// `text` (which starts at byte `from` of the paragraph's text), escaped, with the notes
    /// whose calls fall inside it.
    fn text(&self, text: &str, from: usize, out: &mut String) {
        let mut cursor = 0;
        for (offset, note) in &self.at {
            let Some(local) = offset.checked_sub(from).filter(|&l| l <= text.len()) else {
                continue;
            };
            if local < cursor || !text.is_char_boundary(local) {
                continue;
            }
            out.push_str(&escape(&text[cursor..local]));
            out.push_str(note);
            cursor = local;
        }
        out.push_str(&escape(&text[cursor..]));
    }
}

/// A name fit for an eId: lower-case letters and digits, other runs as `_`.
fn id_part(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// The document's name in its FRBR URIs: its symbol with `/` as `-`, else its id.
fn uri_name(doc: &Document) -> String {
    let name = if doc.meta.symbol.is_empty() {
        &doc.id
    } else {
        &doc.meta.symbol
    };
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if name.is_empty() {
        "document".to_owned()
    } else {
        name
    }
}

/// ISO 639-2 of one of the six languages (`eng` for an unknown one).
fn iso639_2(code: &str) -> &'static str {
    match code {
        "ar" => "ara",
        "zh" => "zho",
        "fr" => "fra",
        "ru" => "rus",
        "es" => "spa",
        _ => "eng",
    }
}

/// A printed English date (`27 March 2023`) as `2023-03-27`.
fn iso_date(printed: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let words: Vec<&str> = printed.split_whitespace().collect();
    let [day, month, year] = words.as_slice() else {
        return None;
    };
    let day: u32 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? + 1;
    let year: u32 = year.parse().ok().filter(|y| (1900..=9999).contains(y))?;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// Text as XML character data: `&`, `<`, `>`, `"` escaped, characters XML 1.0 forbids dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_ids_and_escapes() {
        assert_eq!(iso_date("27 March 2023").as_deref(), Some("2023-03-27"));
        assert_eq!(iso_date("March 2023"), None);
        assert_eq!(id_part("Annex II"), "annex_ii");
        assert_eq!(id_part("(a)"), "a");
        assert_eq!(escape("a < b & \"c\"\u{1}"), "a &lt; b &amp; &quot;c&quot;");
    }
}
