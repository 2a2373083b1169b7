//! Evaluates a [`Selection`] against one document.

use std::collections::{HashMap, HashSet};

use super::{Filter, Hit, Role, Selection, Selector, fold, numeric};
use crate::error::Error;
use crate::model::{Document, Paragraph};

/// The paragraphs `selection` picks from `doc`, in document order, each once.
///
/// A selector naming a single number or ordinal the document lacks, or a page range wholly past
/// its last page, is an error naming what the document has; other ranges and filters that match
/// nothing give an empty result.
///
/// Cost: linear in the request and the document. Identical selectors are evaluated once, and a
/// section key is matched against the document's sections once (not once per paragraph and
/// ancestor), so the work is at most distinct selectors × (paragraphs + sections).
pub fn evaluate(doc: &Document, selection: &Selection) -> Result<Vec<Hit>, Error> {
    let n = doc.paragraphs.len();
    let mut matched = vec![selection.selectors.is_empty(); n];
    let mut seen: HashSet<&Selector> = HashSet::new();
    let distinct: Vec<&Selector> = selection
        .selectors
        .iter()
        .filter(|s| seen.insert(*s))
        .collect();
    let cx = Cx::new(doc, &distinct);
    for selector in distinct {
        mark(&cx, selector, &mut matched)?;
    }
    for (idx, paragraph) in doc.paragraphs.iter().enumerate() {
        if matched[idx] && !passes(&selection.filter, paragraph) {
            matched[idx] = false;
        }
    }
    Ok(with_context(
        &matched,
        selection.context_before,
        selection.context_after,
    ))
}

/// What one evaluation computes once per document: for each section key the selectors name,
/// which sections it matches and which sections lie under a match.
struct Cx<'a> {
    doc: &'a Document,
    numbered_body: bool,
    sections: HashMap<&'a str, SectionMatch>,
}

struct SectionMatch {
    /// The section at this index matches the key itself.
    matches: Vec<bool>,
    /// The section at this index or one of its ancestors matches.
    covered: Vec<bool>,
}

impl<'a> Cx<'a> {
    fn new(doc: &'a Document, selectors: &[&'a Selector]) -> Self {
        let mut keys: Vec<&'a str> = Vec::new();
        for selector in selectors {
            section_keys(selector, &mut keys);
        }
        let mut sections = HashMap::new();
        if !keys.is_empty() {
            let titles: Vec<String> = doc.sections.iter().map(|s| fold(&s.title)).collect();
            let paths: Vec<String> = (0..doc.sections.len())
                .map(|idx| doc.section_path(Some(idx)).join("."))
                .collect();
            for key in keys {
                sections
                    .entry(key)
                    .or_insert_with(|| section_match(doc, &titles, &paths, key));
            }
        }
        Self {
            doc,
            numbered_body: has_numbered_body(doc),
            sections,
        }
    }

    fn under_section(&self, section: Option<usize>, key: &str) -> bool {
        let Some(found) = self.sections.get(key) else {
            return false;
        };
        section.is_some_and(|idx| found.covered.get(idx).copied().unwrap_or(false))
    }

    fn has_section(&self, key: &str) -> bool {
        self.sections
            .get(key)
            .is_some_and(|found| found.matches.iter().any(|m| *m))
    }
}

fn section_keys<'a>(selector: &'a Selector, keys: &mut Vec<&'a str>) {
    match selector {
        Selector::Section(key) => keys.push(key),
        Selector::InPart(_, inner) => section_keys(inner, keys),
        _ => {}
    }
}

fn section_match(doc: &Document, titles: &[String], paths: &[String], key: &str) -> SectionMatch {
    let key = key.trim().trim_end_matches('.');
    let folded_key = fold(key);
    let exact: Vec<bool> = doc
        .sections
        .iter()
        .enumerate()
        .map(|(idx, s)| {
            s.id == key
                || (!s.label.is_empty() && s.label.eq_ignore_ascii_case(key))
                || paths[idx].eq_ignore_ascii_case(key)
        })
        .collect();
    // An exact id, label or path wins: section `I` is not `Issues in focus`.
    let matches = if exact.contains(&true) || key.is_empty() {
        exact
    } else {
        titles
            .iter()
            .map(|t| starts_with_words(t, &folded_key))
            .collect()
    };
    let covered = (0..doc.sections.len())
        .map(|idx| doc.ancestors(idx).any(|(a, _)| matches[a]))
        .collect();
    SectionMatch { matches, covered }
}

/// True when `title` starts with `key` and the key ends at a word's end (`rights of` in
/// `rights of minorities`, not `iss` in `issues`).
fn starts_with_words(title: &str, key: &str) -> bool {
    title
        .strip_prefix(key)
        .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

fn mark(cx: &Cx<'_>, selector: &Selector, matched: &mut [bool]) -> Result<(), Error> {
    let doc = cx.doc;
    // A body-scoped selector stands for every part where the body numbers nothing.
    let selector = match selector {
        Selector::InPart(part, inner) if part.is_empty() && !cx.numbered_body => inner,
        other => other,
    };
    let hit_any = mark_where(doc, matched, |p| selects(cx, selector, p))
        || mark_where(doc, matched, |p| selects_item(doc, selector, p));
    if hit_any {
        return Ok(());
    }
    missing(cx, selector).map_or(Ok(()), |why| Err(Error::NotInDocument(why)))
}

/// Marks the paragraphs `pick` picks; true if it picks any.
fn mark_where(doc: &Document, matched: &mut [bool], pick: impl Fn(&Paragraph) -> bool) -> bool {
    let mut hit_any = false;
    for (idx, p) in doc.paragraphs.iter().enumerate() {
        if pick(p) {
            matched[idx] = true;
            hit_any = true;
        }
    }
    hit_any
}

/// A number no paragraph has names the paragraph holding an item with that marker: a
/// recommendation such as `140.7`.
fn selects_item(doc: &Document, selector: &Selector, p: &Paragraph) -> bool {
    match selector {
        Selector::Number(number) => p
            .items
            .iter()
            .any(|item| item.marker.trim_end_matches('.') == number),
        Selector::InPart(part, inner) => {
            selects_item(doc, inner, p) && doc.part_name(p).eq_ignore_ascii_case(part)
        }
        _ => false,
    }
}

/// Why a selector that picked nothing names something the document lacks; `None` for
/// selectors that may match nothing (ranges).
fn missing(cx: &Cx<'_>, selector: &Selector) -> Option<String> {
    let doc = cx.doc;
    let doc_name = name(doc);
    match selector {
        Selector::Number(number) => Some(format!(
            "{doc_name} has no paragraph {number}; {}",
            numbers_held(doc)
        )),
        Selector::Ordinal(ordinal) => Some(format!(
            "{doc_name} has no paragraph at ordinal {ordinal}; it has ordinals 1–{}",
            doc.paragraphs.len()
        )),
        Selector::Section(key) if !cx.has_section(key) => {
            Some(format!("{doc_name} has no section {key:?}"))
        }
        Selector::Pages(first, last) => pages_outside(doc, *first, *last),
        Selector::InPart(part, inner) if part.is_empty() => missing(cx, inner),
        Selector::InPart(part, _) if !has_part(doc, part) => Some(format!(
            "{doc_name} has no part {part:?}; {}",
            parts_held(doc)
        )),
        Selector::InPart(part, inner) => match &**inner {
            Selector::Number(number) => {
                Some(format!("{doc_name}, {part} has no paragraph {number}"))
            }
            Selector::Pages(first, last) => pages_outside(doc, *first, *last),
            _ => None,
        },
        _ => None,
    }
}

/// Why a page range wholly past the document's last page selects nothing, naming the pages it
/// has: page selectors count physical pages from 1, not the numbers printed on them. `None`
/// for a range that overlaps the document (its pages may hold no paragraph).
fn pages_outside(doc: &Document, first: u32, last: u32) -> Option<String> {
    let last_page = doc.paragraphs.iter().map(|p| p.page_end).max().unwrap_or(0);
    let n = (doc.pages.len() as u32).max(last_page);
    if first <= n {
        return None;
    }
    let asked = if first == last {
        format!("page {first}")
    } else {
        format!("pages {first}–{last}")
    };
    let held = match n {
        0 => "it has no pages".to_owned(),
        1 => format!("it has page 1{}", printed(doc, 0, 0)),
        _ => format!("it has pages 1–{n}{}", printed(doc, 0, n as usize - 1)),
    };
    Some(format!(
        "{} has no {asked}: page selectors count physical pages from 1, not the numbers printed \
         on them; {held}",
        name(doc)
    ))
}

/// " (printed 7)" or " (printed 7–9)": the numbers printed on the pages at these indices,
/// where both are known.
fn printed(doc: &Document, first: usize, last: usize) -> String {
    let label = |idx: usize| doc.pages.get(idx).and_then(|p| p.printed_number.clone());
    match (label(first), label(last)) {
        (Some(a), Some(b)) if first == last || a == b => format!(" (printed {a})"),
        (Some(a), Some(b)) => format!(" (printed {a}–{b})"),
        _ => String::new(),
    }
}

fn selects(cx: &Cx<'_>, selector: &Selector, p: &Paragraph) -> bool {
    match selector {
        Selector::Number(number) => p.number.as_deref() == Some(number.as_str()),
        Selector::NumberRange(first, last) => in_number_range(p, first, last),
        Selector::Ordinal(ordinal) => p.ordinal == *ordinal,
        Selector::OrdinalRange(first, last) => (*first..=*last).contains(&p.ordinal),
        Selector::Section(key) => cx.under_section(p.section, key),
        Selector::Pages(first, last) => p.page_start <= *last && p.page_end >= *first,
        Selector::InPart(part, inner) => {
            selects(cx, inner, p) && cx.doc.part_name(p).eq_ignore_ascii_case(part)
        }
    }
}

fn has_numbered_body(doc: &Document) -> bool {
    doc.paragraphs
        .iter()
        .any(|p| !p.in_annex() && p.number.is_some())
}

fn has_part(doc: &Document, part: &str) -> bool {
    doc.paragraphs
        .iter()
        .any(|p| doc.part_name(p).eq_ignore_ascii_case(part))
}

/// "its parts are annex I, annex II" (in document order, each once), or "it has no parts".
fn parts_held(doc: &Document) -> String {
    let mut parts: Vec<String> = Vec::new();
    for p in &doc.paragraphs {
        let part = doc.part_name(p);
        if !part.is_empty() && !parts.contains(&part) {
            parts.push(part);
        }
    }
    if parts.is_empty() {
        "it has no parts numbered apart".to_owned()
    } else {
        format!("its parts are {}", parts.join("; "))
    }
}

fn in_number_range(p: &Paragraph, first: &str, last: &str) -> bool {
    let Some(number) = p.number.as_deref() else {
        return false;
    };
    match (numeric(first), numeric(number), numeric(last)) {
        (Some(a), Some(x), Some(b)) => a <= x && x <= b,
        _ => false,
    }
}

fn passes(filter: &Filter, p: &Paragraph) -> bool {
    if !filter.kinds.is_empty() && !filter.kinds.contains(&p.kind) {
        return false;
    }
    if let Some(text) = &filter.text
        && !fold(&p.text).contains(text.as_str())
    {
        return false;
    }
    filter.regex.as_ref().is_none_or(|re| re.is_match(&p.text))
}

fn with_context(matched: &[bool], before: u32, after: u32) -> Vec<Hit> {
    let n = matched.len();
    let mut roles: Vec<Option<Role>> = vec![None; n];
    for (idx, _) in matched.iter().enumerate().filter(|(_, m)| **m) {
        let lo = idx.saturating_sub(before as usize);
        let hi = (idx + after as usize).min(n.saturating_sub(1));
        for role in roles.iter_mut().take(hi + 1).skip(lo) {
            role.get_or_insert(Role::Context);
        }
        roles[idx] = Some(Role::Match);
    }
    roles
        .iter()
        .enumerate()
        .filter_map(|(idx, role)| {
            role.map(|role| Hit {
                ordinal: idx as u32 + 1,
                role,
            })
        })
        .collect()
}

fn name(doc: &Document) -> &str {
    if doc.meta.symbol.is_empty() {
        &doc.id
    } else {
        &doc.meta.symbol
    }
}

/// "it has paragraphs 53–65" (first and last number of the body), or "it has no numbered
/// paragraphs".
fn numbers_held(doc: &Document) -> String {
    let mut numbers = doc
        .paragraphs
        .iter()
        .filter(|p| !p.in_annex())
        .filter_map(|p| p.number.as_deref());
    match (numbers.next(), numbers.next_back()) {
        (Some(first), Some(last)) => format!("it has paragraphs {first}–{last}"),
        (Some(only), None) => format!("it has paragraph {only}"),
        _ => "it has no numbered paragraphs".to_owned(),
    }
}
