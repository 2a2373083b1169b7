//! The citations a report's text makes: `A/HRC/52/71, paras. 58–61`, `(A/78/503, para. 13)`,
//! `resolution 5/1, annex, para. 12`, `Council resolution 33/28`, `see para. 23 above`,
//! `paragraphs 14 to 16 below`, `chapter III`, `ibid., para. 4`.
//!
//! Pure: no I/O, no wire types, never panics. One pass of one regular expression over each
//! paragraph's text (linear time: the `regex` crate's engines never backtrack) finds where a
//! citation may be; the citation grammar ([`crate::query::citation`]) reads what it cites.
//! [`find`] runs once per document where documents enter the store
//! ([`crate::corpus::ingest_cited`]), after structure analysis; what it finds is kept on the
//! paragraphs ([`Paragraph::references`]), and the store resolves them against the corpus
//! ([`crate::store`]'s citation index).
//!
//! [`Paragraph::references`]: crate::model::Paragraph::references

mod patterns;

use regex::Captures;

use crate::model::{Document, Reference, ReferenceKind};
use crate::query::Selector;
use crate::query::citation;

/// The citations each paragraph of `doc` makes, paragraph by paragraph (`out[i]` for
/// `doc.paragraphs[i]`), in text order. `ibid.` names the document the last citation before it
/// named, in document order; one with no citation before it is left out.
pub fn find(doc: &Document) -> Vec<Vec<Reference>> {
    let mut cx = Context {
        body: resolution_body(&doc.meta.body),
        last_target: None,
    };
    doc.paragraphs
        .iter()
        .map(|p| find_in(&p.text, &mut cx))
        .collect()
}

/// Finds the citations of every paragraph of `doc` and keeps them on it
/// ([`crate::model::Paragraph::references`]).
pub fn attach(doc: &mut Document) {
    let found = find(doc);
    for (paragraph, references) in doc.paragraphs.iter_mut().zip(found) {
        paragraph.references = references;
    }
}

/// Where a text's citations are read: what the citing document is, and what `ibid.` names.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Whose resolutions a bare `resolution 5/1` names, by the citing document's body.
    pub body: Body,
    /// The document the last citation named, for `ibid.`.
    pub last_target: Option<String>,
}

/// The bodies whose resolutions reports cite, as their symbols are made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Body {
    /// The General Assembly: `A/RES/78/253`.
    #[default]
    Assembly,
    /// The Human Rights Council: `A/HRC/RES/5/1`.
    HumanRightsCouncil,
    /// The Security Council: `S/RES/2776 (2025)`.
    SecurityCouncil,
    /// The Economic and Social Council: `E/RES/2024/5`.
    EconomicAndSocial,
    /// The Commission on Human Rights: `E/CN.4/RES/2005/69`.
    Commission,
}

/// The citations `text` makes, in text order, with `cx` carried from the text before it.
pub fn find_in(text: &str, cx: &mut Context) -> Vec<Reference> {
    if !may_cite(text) {
        return Vec::new();
    }
    let found: Vec<Found> = patterns::CITATION.with(|re| {
        re.captures_iter(text)
            .map(|caps| caps_to_owned(&caps))
            .collect()
    });
    let mut refs = Vec::with_capacity(found.len());
    for found in found {
        let Some(reference) = found.read(text, cx) else {
            continue;
        };
        let more = found.listed(text, cx, &reference.cited);
        refs.push(reference);
        refs.extend(more);
        if let Some(last) = refs.last().filter(|r| r.kind != ReferenceKind::Internal) {
            cx.last_target = Some(last.target.clone());
        }
    }
    refs
}

/// The pre-check: text with none of these cites nothing (a symbol's `/`, the words for
/// paragraphs, sections and chapters, `ibid`, a Security Council resolution's year).
fn may_cite(text: &str) -> bool {
    const WORDS: [&str; 10] = [
        "/",
        "ara",
        "árr",
        "bid",
        "hap",
        "ecci",
        "ect",
        "пункт",
        "п.",
        "(",
    ];
    WORDS.iter().any(|w| text.contains(w))
}

/// A citation's selectors as the grammar reads them back, without the document:
/// `annex II, paras. 3-5, 8`, `section V`; empty for a whole document.
pub fn describe(selectors: &[Selector]) -> String {
    let part = selectors.iter().find_map(|s| match s {
        Selector::InPart(part, _) if !part.is_empty() => Some(part.as_str()),
        _ => None,
    });
    let items: Vec<String> = selectors.iter().map(item).collect();
    match part {
        Some(part) => format!("{part}, {}", items.join(", ")),
        None => items.join(", "),
    }
}

fn item(selector: &Selector) -> String {
    match selector {
        Selector::Number(n) => format!("para. {n}"),
        Selector::NumberRange(a, b) => format!("paras. {a}-{b}"),
        Selector::Ordinal(o) => format!("ordinal {o}"),
        Selector::OrdinalRange(a, b) => format!("ordinals {a}-{b}"),
        Selector::Section(s) => format!("section {s}"),
        Selector::Pages(a, b) if a == b => format!("p. {a}"),
        Selector::Pages(a, b) => format!("pp. {a}-{b}"),
        Selector::InPart(_, inner) => item(inner),
    }
}

/// The body whose resolutions a document of `body` cites without naming one.
fn resolution_body(body: &str) -> Body {
    let lower = body.to_lowercase();
    if lower.contains("human rights council") {
        Body::HumanRightsCouncil
    } else if lower.contains("security council") {
        Body::SecurityCouncil
    } else if lower.contains("economic and social council") {
        Body::EconomicAndSocial
    } else {
        Body::Assembly
    }
}

/// One match, as byte ranges of its groups (so the regex's borrow ends before reading it).
#[derive(Debug, Clone, Default)]
struct Found {
    whole: (usize, usize),
    symbol: Option<(usize, usize)>,
    tail: Option<(usize, usize)>,
    res_body: Option<(usize, usize)>,
    res_number: Option<(usize, usize)>,
    res_paras: Option<(usize, usize)>,
    res_annex: bool,
    res_plural: bool,
    ibid: bool,
    internal_paras: Option<(usize, usize)>,
    internal_direction: bool,
    internal_section: Option<(usize, usize)>,
}

fn caps_to_owned(caps: &Captures<'_>) -> Found {
    let range = |name: &str| caps.name(name).map(|m| (m.start(), m.end()));
    let whole = caps.get(0).map_or((0, 0), |m| (m.start(), m.end()));
    Found {
        whole,
        symbol: range("sym"),
        tail: range("stail")
            .or_else(|| range("rtail"))
            .or_else(|| range("itail")),
        res_body: range("rbody"),
        res_number: range("res"),
        res_paras: range("rpre"),
        res_annex: caps.name("rannex").is_some(),
        res_plural: caps.name("res").is_some()
            && caps
                .get(0)
                .is_some_and(|m| m.as_str().contains("esolutions ")),
        ibid: caps.name("ibid").is_some(),
        internal_paras: range("ipar"),
        internal_direction: caps.name("idir").is_some(),
        internal_section: range("isec"),
    }
}

impl Found {
    /// The citation this match makes, if it reads as one.
    fn read(&self, text: &str, cx: &Context) -> Option<Reference> {
        let slice = |r: (usize, usize)| text.get(r.0..r.1).unwrap_or("");
        let tail = (self.tail.map(slice).unwrap_or(""), self.tail);
        if let Some(sym) = self.symbol {
            return self.document(text, sym, tail);
        }
        if let Some(number) = self.res_number {
            let target = resolution_symbol(self.res_body.map(slice), slice(number), cx.body);
            let mut reference = external(
                ReferenceKind::Resolution,
                target,
                (self.whole.0, number.1),
                tail,
            );
            let annex = if self.res_annex { "annex, " } else { "" };
            let paras = self.res_paras.map(|r| format!("{annex}{}", slice(r)));
            if let Some(paras) = paras.as_deref().and_then(selectors) {
                reference.cited = describe(&paras);
                reference.span = span(self.whole.0, number.1);
            }
            return Some(reference);
        }
        if self.ibid {
            let target = cx.last_target.clone()?;
            let head = (self.whole.0, self.whole.0 + ibid_len(text, self.whole.0));
            return Some(external(ReferenceKind::Ibid, target, head, tail));
        }
        self.internal(text)
    }

    /// A document symbol's citation; `None` for what only looks like one (no digit, or inside
    /// a web address or a longer path).
    fn document(&self, text: &str, sym: (usize, usize), tail: Tail<'_>) -> Option<Reference> {
        let before = text.get(..sym.0).and_then(|t| t.chars().next_back());
        if matches!(before, Some('/' | '.' | '-' | '_' | '=' | ':' | '\\' | '#')) {
            return None;
        }
        let (symbol, end) = trim_symbol(text.get(sym.0..sym.1)?, sym.0);
        if !symbol.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(external(
            ReferenceKind::Document,
            symbol,
            (sym.0, end),
            tail,
        ))
    }

    /// A reference to the citing document itself; a section followed by `of` is another
    /// text's (`chapter VII of the Charter`).
    fn internal(&self, text: &str) -> Option<Reference> {
        let slice = |r: (usize, usize)| text.get(r.0..r.1).unwrap_or("");
        if self.internal_paras.is_some() && !self.internal_direction {
            let before = text.get(..self.whole.0).unwrap_or("").trim_end();
            let after = text.get(self.whole.1..).unwrap_or("").trim_start();
            let seen = before.ends_with("see") || before.ends_with("see also");
            if !seen || after.starts_with("of ") {
                return None;
            }
        }
        if self.internal_section.is_some() {
            let after = text.get(self.whole.1..).unwrap_or("").trim_start();
            let own = ["of the present", "of this"]
                .iter()
                .any(|o| after.starts_with(o));
            if (after.starts_with("of ") && !own) || after.starts_with('/') {
                return None;
            }
            // `(sect. XV)` after a citation is the cited text's; `its chapter III` another's.
            let before = text.get(..self.whole.0).unwrap_or("");
            if before.ends_with('(') || before.ends_with("its ") {
                return None;
            }
        }
        let cited = self
            .internal_paras
            .or(self.internal_section)
            .map(slice)
            .and_then(selectors)?;
        Some(Reference {
            span: span(self.whole.0, self.whole.1),
            kind: ReferenceKind::Internal,
            target: String::new(),
            cited: describe(&cited),
        })
    }
}

impl Found {
    /// The resolutions listed after the first of a plural `resolutions 64/13, 65/5 and
    /// 78/129`: each of the same body, citing what the first cites.
    fn listed(&self, text: &str, cx: &Context, cited: &str) -> Vec<Reference> {
        let (Some(number), true) = (self.res_number, self.res_plural) else {
            return Vec::new();
        };
        let body = self.res_body.and_then(|r| text.get(r.0..r.1));
        let mut out = Vec::new();
        let mut at = number.1;
        while let Some(next) = text
            .get(at..)
            .and_then(|rest| patterns::NEXT_RESOLUTION.captures(rest))
            .and_then(|c| {
                c.name("res")
                    .map(|m| (m.start(), m.end(), c.get(0).map_or(0, |w| w.end())))
            })
        {
            let (start, end) = (at + next.0, at + next.1);
            out.push(Reference {
                span: span(start, end),
                kind: ReferenceKind::Resolution,
                target: resolution_symbol(body, text.get(start..end).unwrap_or(""), cx.body),
                cited: cited.to_owned(),
            });
            at += next.2;
        }
        out
    }
}

/// What follows a citation's head: its text and byte range, when the pattern found one.
type Tail<'t> = (&'t str, Option<(usize, usize)>);

/// A citation of another document: the whole document, or what `tail` (after its `head`)
/// cites when the grammar reads it; the span ends with what was read.
fn external(
    kind: ReferenceKind,
    target: String,
    head: (usize, usize),
    tail: Tail<'_>,
) -> Reference {
    let (tail, range) = tail;
    let cited = selectors(tail);
    let end = match (&cited, range) {
        (Some(_), Some(t)) => t.1,
        _ => head.1,
    };
    Reference {
        span: span(head.0, end),
        kind,
        target,
        cited: cited.as_deref().map(describe).unwrap_or_default(),
    }
}

/// The selectors a citation's text after its symbol names (`, annex II, paras. 3 and 5 (b)`),
/// read by the citation grammar; `None` when it names none.
fn selectors(tail: &str) -> Option<Vec<Selector>> {
    let cleaned = patterns::SUB_ITEM.with(|re| re.replace_all(tail, "").into_owned());
    let cleaned = cleaned
        .trim_start_matches([',', ' ', '('])
        .trim_end_matches(')');
    if cleaned.trim().is_empty() {
        return None;
    }
    citation::parse(cleaned)
        .ok()
        .map(|c| c.selectors)
        .filter(|s| !s.is_empty())
}

/// A symbol without the punctuation that ends the sentence around it, and where it ends.
fn trim_symbol(raw: &str, start: usize) -> (String, usize) {
    let trimmed = raw.trim_end_matches(['.', '-', ',', ')']);
    let balanced = if trimmed.matches('(').count() > trimmed.matches(')').count() {
        raw.trim_end_matches(['.', '-', ','])
    } else {
        trimmed
    };
    (balanced.to_owned(), start + balanced.len())
}

/// The symbol of the resolution `number` (`5/1`, `2776 (2025)`, `2024/5`) of `body` as named
/// before it (`Council`, `General Assembly`), or of `default` when none is named.
fn resolution_symbol(body: Option<&str>, number: &str, default: Body) -> String {
    let number = number.split_whitespace().collect::<Vec<_>>().join(" ");
    let named = body.map(|b| {
        b.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    });
    let first: u32 = number
        .split(['/', ' '])
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let by_form = if number.contains('(') {
        Some(Body::SecurityCouncil)
    } else if first >= 1000 {
        Some(Body::EconomicAndSocial)
    } else {
        None
    };
    let body = match named.as_deref() {
        Some("general assembly" | "assembly") => Body::Assembly,
        Some("human rights council") => Body::HumanRightsCouncil,
        Some("security council") => Body::SecurityCouncil,
        Some("economic and social council") => Body::EconomicAndSocial,
        Some("commission on human rights" | "commission") => Body::Commission,
        _ => by_form.unwrap_or(match default {
            // The Council's sessions are numbered from 1; a larger first number is a session
            // of the General Assembly.
            Body::HumanRightsCouncil if first > 60 => Body::Assembly,
            Body::SecurityCouncil | Body::EconomicAndSocial | Body::Commission => Body::Assembly,
            other => other,
        }),
    };
    let prefix = match body {
        Body::Assembly => "A/RES/",
        Body::HumanRightsCouncil => "A/HRC/RES/",
        Body::SecurityCouncil => "S/RES/",
        Body::EconomicAndSocial => "E/RES/",
        Body::Commission => "E/CN.4/RES/",
    };
    format!("{prefix}{number}")
}

/// The length of `ibid.` (or `Ibid`) at `start`.
fn ibid_len(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or("");
    if rest.get(4..5) == Some(".") { 5 } else { 4 }
}

fn span(start: usize, end: usize) -> (u32, u32) {
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (clamp(start), clamp(end.max(start)))
}

#[cfg(test)]
mod tests;
