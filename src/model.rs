//! Domain types: a parsed report as the rest of the program sees it.
//!
//! These are plain Rust types, not protobuf messages. The gRPC layer converts them to the wire
//! types in one place (`grpc::convert`). Numbers of pages are physical and 1-based throughout.

/// One parsed report.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// Stable id inside the server (set by the store; empty straight out of the parser).
    pub id: String,
    /// Revision inside the server (set by the store).
    pub revision: u64,
    /// Metadata read from the first page.
    pub meta: Metadata,
    /// Physical pages with their furniture and size.
    pub pages: Vec<Page>,
    /// Sections in document order; a tree through `Section::parent`.
    pub sections: Vec<Section>,
    /// Rows of the printed contents table.
    pub contents: Vec<ContentsRow>,
    /// Paragraphs in document order; `paragraphs[i].ordinal == i + 1`.
    pub paragraphs: Vec<Paragraph>,
    /// Footnotes in document order.
    pub footnotes: Vec<Footnote>,
    /// Problems met while extracting or parsing.
    pub diagnostics: Vec<Diagnostic>,
    /// Where the document came from (set by the corpus layer, not the parser).
    pub source: Source,
}

/// Where a document came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// Hex SHA-256 of the original bytes: identical bytes are the same revision.
    pub digest: String,
    /// `text/plain` or `application/pdf`.
    pub media_type: String,
    /// The original file name, if known.
    pub source_name: String,
    /// Size of the original bytes.
    pub size: u64,
    /// True when the document is backed by a file in the corpus directory.
    pub in_corpus_dir: bool,
}

/// Metadata from the first page of a report. Empty strings mean "not found".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// UN document symbol, e.g. `A/HRC/52/71`; for a document issued under a joint symbol
    /// (`A/79/907-S/2025/268`), the first one, which catalogues and citations use.
    pub symbol: String,
    /// The other symbols of a joint document, in the printed order (`S/2025/268`); empty for
    /// a document with one symbol.
    pub other_symbols: Vec<String>,
    /// Job number, e.g. `GE.22-29477` or `25-05795 (E)`.
    pub job_number: String,
    /// Report title.
    pub title: String,
    /// Language of the text, e.g. `en`.
    pub language: String,
    /// Date as printed.
    pub date: String,
    /// Issuing body, e.g. `Human Rights Council`.
    pub body: String,
    /// Session as printed.
    pub session: String,
    /// Agenda items.
    pub agenda_items: Vec<AgendaItem>,
    /// Distribution as printed, e.g. `General`.
    pub distribution: String,
    /// Original language as printed.
    pub original_language: String,
    /// Summary text: the paragraphs under an unlabelled `Summary` heading on the first three
    /// pages (before the body), one per line.
    pub summary: String,
}

impl Metadata {
    /// Every symbol of the document: [`Self::symbol`] (when found), then the others of a joint
    /// document.
    pub fn symbols(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.symbol.as_str())
            .filter(|s| !s.is_empty())
            .chain(self.other_symbols.iter().map(String::as_str))
    }

    /// A joint document's symbols joined by `sep` as its masthead prints them
    /// (`A/79/907-S/2025/268`); `None` for a document with one symbol.
    pub fn joint_form(&self, sep: &str) -> Option<String> {
        (!self.other_symbols.is_empty()).then(|| self.symbols().collect::<Vec<_>>().join(sep))
    }
}

/// An agenda item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgendaItem {
    /// Number as printed.
    pub number: String,
    /// Title as printed; may be empty.
    pub title: String,
}

/// One physical page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Physical number, 1-based.
    pub number: u32,
    /// Page number as printed on the page.
    pub printed_number: Option<String>,
    /// Displayed size in PDF points, when the input has geometry; the frame of every [`Rect`]
    /// on this page (origin at its top-left corner, y down).
    pub size: Option<Size>,
    /// Furniture lines removed from the page.
    pub furniture: Vec<String>,
}

/// Width and height in PDF points.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Size {
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// Where a heading, section or paragraph is numbered: the report's own body, or a zone that
/// numbers its paragraphs apart from it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Zone {
    /// The report's own text (which runs on around the texts it quotes).
    #[default]
    Body,
    /// An annex, appendix or enclosure.
    Annex,
    /// A text quoted whole (a draft resolution or decision), or its annex.
    Quoted,
    /// A part of the report (`Part Two`) or of an annex (`Part II` of `Annex B`).
    Part,
}

/// A section heading and the paragraphs under it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// Id unique in the document, e.g. `s3`.
    pub id: String,
    /// Label without the trailing dot, e.g. `V`; empty when unlabelled.
    pub label: String,
    /// Title without the label.
    pub title: String,
    /// Depth, 1 for top level.
    pub level: u32,
    /// Index into `Document::sections` of the enclosing section.
    pub parent: Option<usize>,
    /// Physical page of the heading.
    pub page: u32,
    /// First numbered paragraph under it, as printed.
    pub first_paragraph: Option<String>,
    /// Last numbered paragraph under it, as printed.
    pub last_paragraph: Option<String>,
    /// Ordinals (1-based, inclusive) of the paragraphs under it, when it holds any.
    pub ordinals: Option<(u32, u32)>,
    /// The zone its heading opens, as its label names it: an annex, a text quoted whole such
    /// as a draft resolution, or a part (`Part Two`); `None` for a section inside a zone.
    pub opens: Option<Zone>,
}

/// One row of a printed contents table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentsRow {
    /// Label without the trailing dot; may be empty.
    pub label: String,
    /// Title.
    pub title: String,
    /// First paragraph of the range.
    pub first_paragraph: Option<String>,
    /// Last paragraph of the range.
    pub last_paragraph: Option<String>,
    /// Printed page.
    pub page: Option<String>,
    /// Depth, 1 for top level.
    pub level: u32,
}

/// Kinds of paragraph.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ParagraphKind {
    /// Has a printed number.
    #[default]
    Numbered,
    /// Has no number.
    Unnumbered,
    /// A table.
    Table,
}

/// One paragraph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    /// 1-based position in the document.
    pub ordinal: u32,
    /// Kind.
    pub kind: ParagraphKind,
    /// Number as printed without the trailing dot; `None` when unnumbered.
    pub number: Option<String>,
    /// Text with furniture and footnote bodies removed.
    pub text: String,
    /// Index into `Document::sections` of the deepest enclosing section.
    pub section: Option<usize>,
    /// Physical page where it starts.
    pub page_start: u32,
    /// Physical page where it ends.
    pub page_end: u32,
    /// Sub-items.
    pub items: Vec<Item>,
    /// Footnote calls inside the text.
    pub footnote_refs: Vec<FootnoteRef>,
    /// Highlight rectangles, one per page holding its lines, in page order (the first on
    /// `page_start`, the last on `page_end`; a page between holds none when a figure or table
    /// fills it): the union of the paragraph's lines on that page (PDF input only; empty for
    /// text).
    pub boxes: Vec<Rect>,
    /// Byte span in the document's normalised text.
    pub span: (u32, u32),
    /// The zone it is numbered in: the body, or a zone numbered apart (an annex, a text quoted
    /// whole, a part). The body's own paragraphs around a quoted text are in the body.
    pub zone: Zone,
    /// The citations its text makes, in text order: found after parsing, where documents
    /// enter the store (`crate::refs`), never by the parser.
    pub references: Vec<Reference>,
}

/// A citation a paragraph's text makes: where it is, and what it cites.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reference {
    /// Byte span in the paragraph's text.
    pub span: (u32, u32),
    /// What form it takes.
    pub kind: ReferenceKind,
    /// The symbol of the document cited (`A/HRC/52/71`, `A/HRC/RES/5/1`); empty for a
    /// reference to the citing document itself.
    pub target: String,
    /// What it cites in that document, as the citation grammar reads it (`annex II, paras.
    /// 3-5`, `section V`); empty for the whole document.
    pub cited: String,
}

/// The forms a citation takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ReferenceKind {
    /// A document by its symbol: `A/HRC/52/71, para. 58`.
    #[default]
    Document,
    /// A resolution by its number: `Council resolution 5/1, annex, para. 12`.
    Resolution,
    /// `ibid.`: the document the citation before it named.
    Ibid,
    /// The citing document itself: `see para. 23 above`, `chapter III`.
    Internal,
}

impl Paragraph {
    /// True when numbered apart from the body (its zone is not [`Zone::Body`]): inside an
    /// annex, a part, or a text quoted whole. The wire's `in_annex`.
    pub fn in_annex(&self) -> bool {
        self.zone != Zone::Body
    }
}

/// A sub-item of a paragraph. Its text is a slice of the paragraph's text, held as a span
/// rather than a copy: items are a quarter of the corpus's paragraph text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// Marker as printed, e.g. `(a)`.
    pub marker: String,
    /// Byte span of the text without the marker in the paragraph's text; read it with
    /// [`Item::text`].
    pub span: (u32, u32),
    /// Depth inside the paragraph, 1 for top level.
    pub level: u32,
}

impl Item {
    /// The item's text without the marker, from `paragraph_text`, the text of the paragraph
    /// that holds it; empty if the span does not fit there.
    pub fn text<'a>(&self, paragraph_text: &'a str) -> &'a str {
        let (start, end) = (self.span.0 as usize, self.span.1 as usize);
        paragraph_text.get(start..end).unwrap_or("")
    }
}

/// A footnote call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FootnoteRef {
    /// Mark as printed.
    pub mark: String,
    /// Byte offset in the paragraph text.
    pub offset: u32,
}

/// A footnote body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Footnote {
    /// Mark as printed.
    pub mark: String,
    /// Text.
    pub text: String,
    /// Physical page.
    pub page: u32,
    /// Ordinal of the calling paragraph.
    pub paragraph_ordinal: Option<u32>,
}

/// A rectangle in PDF points, origin top-left, y downwards.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rect {
    /// Physical page.
    pub page: u32,
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// Severity of a diagnostic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Informational.
    #[default]
    Info,
    /// The result may be incomplete.
    Warning,
    /// Part of the input could not be used.
    Error,
}

/// A problem met while extracting or parsing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostic {
    /// Severity.
    pub severity: Severity,
    /// Stable code, e.g. `numbering-gap`.
    pub code: &'static str,
    /// Message.
    pub message: String,
    /// Physical page, when it concerns one.
    pub page: Option<u32>,
}

impl Document {
    /// Number of numbered paragraphs.
    pub fn n_numbered(&self) -> usize {
        self.paragraphs
            .iter()
            .filter(|p| p.kind == ParagraphKind::Numbered)
            .count()
    }

    /// Where the numbering breaks: the numbered paragraphs whose number is not the one expected,
    /// as (index into `paragraphs`, expected number). The body numbers `1..N` through the quoted
    /// texts between its paragraphs; each zone apart from the body ([`Paragraph::in_annex`]) numbers its own
    /// paragraphs from `1`, and a `1` there always starts a new part.
    pub fn numbering_breaks(&self) -> Vec<(usize, u64)> {
        let (mut body, mut apart, mut prev_apart) = (1u64, 1u64, false);
        let mut out = Vec::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            if p.kind != ParagraphKind::Numbered {
                continue;
            }
            let n = p.number.as_deref().and_then(|n| n.parse::<u64>().ok());
            let n = n.unwrap_or(0);
            let expected = match (p.in_annex(), prev_apart) {
                (false, _) => body,
                (true, true) if n != 1 => apart,
                (true, _) => 1,
            };
            if n != expected {
                out.push((i, expected));
            }
            if p.in_annex() {
                apart = n.saturating_add(1);
            } else {
                body = n.saturating_add(1);
            }
            prev_apart = p.in_annex();
        }
        out
    }

    /// The citation of a paragraph, e.g. `A/HRC/52/71, para. 58`.
    pub fn citation(&self, paragraph: &Paragraph) -> String {
        let doc = if self.meta.symbol.is_empty() {
            self.id.as_str()
        } else {
            self.meta.symbol.as_str()
        };
        match &paragraph.number {
            Some(number) if paragraph.in_annex() => {
                format!("{doc}, {}, para. {number}", self.part_name(paragraph))
            }
            Some(number) => format!("{doc}, para. {number}"),
            None => format!("{doc}, paragraph at position {}", paragraph.ordinal),
        }
    }

    /// The part numbered apart that holds `paragraph`, as its citation names it (`annex II`,
    /// `draft resolution B, annex`, `part two`); empty for the body.
    pub fn part_name(&self, paragraph: &Paragraph) -> String {
        if !paragraph.in_annex() {
            return String::new();
        }
        let parts = self.parts_of(paragraph.section);
        if parts.is_empty() {
            "annex".to_owned()
        } else {
            parts
        }
    }

    /// The labels of the parts (annexes, quoted texts) holding `section`, outermost first, as a
    /// citation names them: `draft resolution I, annex`.
    fn parts_of(&self, section: Option<usize>) -> String {
        let mut labels: Vec<String> = section
            .into_iter()
            .flat_map(|idx| self.ancestors(idx))
            .filter(|(_, s)| s.opens.is_some())
            .map(|(_, s)| cited_label(&s.label))
            .collect();
        labels.reverse();
        labels.join(", ")
    }

    /// Labels (or titles, for unlabelled headings) from the top section down to `section`.
    pub fn section_path(&self, section: Option<usize>) -> Vec<String> {
        let mut path: Vec<String> = section
            .into_iter()
            .flat_map(|idx| self.ancestors(idx))
            .map(|(_, s)| {
                if s.label.is_empty() {
                    s.title.clone()
                } else {
                    s.label.clone()
                }
            })
            .collect();
        path.reverse();
        path
    }

    /// The section at `section_idx` and those enclosing it, innermost first, each with its index
    /// into `sections`. A parent must come before its child (as the parser makes them), so a
    /// malformed tree ends the walk instead of looping; an index out of range yields nothing.
    pub fn ancestors(&self, section_idx: usize) -> Ancestors<'_> {
        Ancestors {
            sections: &self.sections,
            cursor: Some(section_idx),
        }
    }
}

/// The walk up the section tree: see [`Document::ancestors`].
#[derive(Debug, Clone)]
pub struct Ancestors<'a> {
    sections: &'a [Section],
    cursor: Option<usize>,
}

impl<'a> Iterator for Ancestors<'a> {
    type Item = (usize, &'a Section);

    fn next(&mut self) -> Option<Self::Item> {
        let idx = self.cursor.take()?;
        let section = self.sections.get(idx)?;
        self.cursor = section.parent.filter(|&parent| parent < idx);
        Some((idx, section))
    }
}

/// A part's label as a citation names it: words in lower case, numbers and letters as printed
/// (`Draft resolution II` → `draft resolution II`, `Part Two` → `part two`).
fn cited_label(label: &str) -> String {
    let words = label.split(' ').map(|w| {
        if w.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            w.to_owned()
        } else {
            w.to_lowercase()
        }
    });
    words.collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(label: &str, parent: Option<usize>) -> Section {
        Section {
            label: label.to_owned(),
            parent,
            ..Section::default()
        }
    }

    #[test]
    fn ancestors_walk_up_innermost_first_and_stop_on_a_bad_parent() {
        let doc = Document {
            sections: vec![
                section("I", None),
                section("A", Some(0)),
                section("1", Some(1)),
                section("loop", Some(3)),
            ],
            ..Document::default()
        };
        let labels = |idx| {
            doc.ancestors(idx)
                .map(|(i, s)| format!("{i}:{}", s.label))
                .collect::<Vec<_>>()
        };
        assert_eq!(labels(2), ["2:1", "1:A", "0:I"]);
        assert_eq!(labels(0), ["0:I"]);
        assert_eq!(
            labels(3),
            ["3:loop"],
            "a parent after its child ends the walk"
        );
        assert!(labels(9).is_empty());
        assert_eq!(doc.section_path(Some(2)), ["I", "A", "1"]);
    }
}
