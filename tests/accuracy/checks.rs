//! The checks behind [`super::AccuracyReport`] on UPR reports against their truth, and the
//! helpers shared with [`super::robustness`].

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::{AccuracyError, AccuracyReport, Failure, Input};
use paragraphd::model::{Document, Paragraph, ParagraphKind, Section};

/// Input size limit used for corpus files.
const LIMIT: usize = 64 << 20;

/// Furniture that must never appear in paragraph text.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"GE\.\s?\d{2}-\s?\d{5}|\*\d{7,}\*|\b\d{2}-\d{5}X?\s*\(E\)")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// A contents-table dot leader (`……` or `. . . . .`): contents rows must never be paragraphs.
static LEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\. ?){5,}").unwrap_or_else(|e| panic!("{e}")));

/// One row of `upr/truth.jsonl`.
#[derive(Debug, serde::Deserialize)]
struct Truth {
    file: String,
    symbol: Option<String>,
    job: Option<String>,
    numbered_paragraphs: u32,
    sections: Vec<TruthSection>,
    paragraph_start_page: Option<Vec<u32>>,
}

/// A contents-table row of the truth.
#[derive(Debug, serde::Deserialize)]
struct TruthSection {
    label: String,
    title: String,
    first: u32,
    last: u32,
    parent: Option<usize>,
}

pub(super) fn read(path: &Path) -> Result<Vec<u8>, AccuracyError> {
    std::fs::read(path).map_err(|source| AccuracyError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Parses a file; `None` when extraction refuses it or the parser panics.
pub(super) fn parse(bytes: &[u8], input: Input) -> Option<Document> {
    std::panic::catch_unwind(|| {
        let extracted = match input {
            Input::Text => paragraphd::extract::text::extract(bytes, LIMIT).ok()?,
            Input::Pdf => paragraphd::extract::pdf::extract(bytes, LIMIT).ok()?,
        };
        Some(paragraphd::parse::analyze(&extracted))
    })
    .ok()
    .flatten()
}

/// Counts paragraphs with furniture and records them as failures.
pub(super) fn check_furniture(file: &str, doc: &Document, report: &mut AccuracyReport) -> usize {
    let mut n = 0;
    for p in &doc.paragraphs {
        let hit = FURNITURE
            .find(&p.text)
            .map(|m| m.as_str().to_owned())
            .or_else(|| symbol_header(doc, p));
        report.furniture_free.add(hit.is_none());
        if let Some(hit) = hit {
            n += 1;
            let detail = format!("paragraph {} holds {hit:?}", p.ordinal);
            report.failures.push(Failure {
                file: file.to_owned(),
                metric: "furniture",
                detail,
            });
        }
    }
    n
}

/// Counts paragraphs holding a contents-table dot leader and records them as failures.
pub(super) fn check_contents(file: &str, doc: &Document, report: &mut AccuracyReport) {
    for p in &doc.paragraphs {
        let hit = LEADER.find(&p.text);
        report.contents_free.add(hit.is_none());
        if hit.is_some() {
            report.failures.push(Failure {
                file: file.to_owned(),
                metric: "contents",
                detail: format!("paragraph {} holds a dot leader", p.ordinal),
            });
        }
    }
}

/// Counts numbered paragraphs whose citation, parsed and selected back, gives that paragraph
/// alone; records the others as failures.
pub(super) fn check_citations(file: &str, doc: &Document, report: &mut AccuracyReport) {
    for p in doc.paragraphs.iter().filter(|p| p.number.is_some()) {
        let citation = doc.citation(p);
        let hits = paragraphd::query::citation::parse(&citation)
            .ok()
            .and_then(|c| {
                let selection = paragraphd::query::Selection {
                    selectors: c.selectors,
                    ..paragraphd::query::Selection::default()
                };
                paragraphd::query::evaluate(doc, &selection).ok()
            });
        let exact = hits.is_some_and(|h| h.len() == 1 && h[0].ordinal == p.ordinal);
        report.citations_exact.add(exact);
        if !exact {
            report.failures.push(Failure {
                file: file.to_owned(),
                metric: "citation",
                detail: format!("{citation:?} does not select paragraph {} alone", p.ordinal),
            });
        }
    }
}

/// The document's own symbol as a page header inside a paragraph: `A/HRC/12/9 Page 4`, or a
/// shared symbol's two halves on consecutive lines (`A/79/907 S/2025/268`).
fn symbol_header(doc: &Document, p: &Paragraph) -> Option<String> {
    let symbol = doc.meta.symbol.as_str();
    if symbol.is_empty() {
        return None;
    }
    let header = format!("{symbol} Page ");
    let halves = symbol
        .split_once('-')
        .filter(|(a, b)| a.contains('/') && b.contains('/'))
        .map(|(a, b)| format!("{a} {b}"));
    [Some(header), halves]
        .into_iter()
        .flatten()
        .find(|h| p.text.contains(h.as_str()))
}

/// Body paragraph numbers (outside annexes), in order.
pub(super) fn body_numbers(doc: &Document) -> Vec<&str> {
    doc.paragraphs
        .iter()
        .filter(|p| p.kind == ParagraphKind::Numbered && !p.in_annex())
        .filter_map(|p| p.number.as_deref())
        .collect()
}

/// Checks every report of `upr/truth.jsonl`.
pub(super) fn upr(
    corpus: &Path,
    input: Input,
    report: &mut AccuracyReport,
) -> Result<(), AccuracyError> {
    let truth_path = corpus.join("upr/truth.jsonl");
    let text = String::from_utf8_lossy(&read(&truth_path)?).into_owned();
    for (idx, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let truth: Truth = serde_json::from_str(line).map_err(|source| AccuracyError::Truth {
            path: truth_path.clone(),
            line: idx + 1,
            source,
        })?;
        let stem = truth.file.trim_end_matches(".pdf");
        let bytes = read(
            &corpus
                .join("upr")
                .join(format!("{stem}.{}", input.extension())),
        )?;
        let Some(doc) = parse(&bytes, input) else {
            report.upr_numbering.add(false);
            report.upr_numbering_text.add(false);
            report.failures.push(Failure {
                file: truth.file.clone(),
                metric: "parse",
                detail: "parse failed".into(),
            });
            continue;
        };
        check_report(&truth, &doc, report);
        check_furniture(&truth.file, &doc, report);
        check_contents(&truth.file, &doc, report);
        check_citations(&truth.file, &doc, report);
        super::boxes::check(&truth.file, &doc, input, report);
        count_hyphens(&doc, report);
    }
    Ok(())
}

fn check_report(truth: &Truth, doc: &Document, report: &mut AccuracyReport) {
    let file = truth.file.as_str();
    let mut fail = |metric: &'static str, detail: String| {
        report.failures.push(Failure {
            file: file.to_owned(),
            metric,
            detail,
        });
    };
    let numbers = body_numbers(doc);
    let expected: Vec<String> = (1..=truth.numbered_paragraphs)
        .map(|n| n.to_string())
        .collect();
    let numbering_ok =
        numbers.len() == expected.len() && numbers.iter().zip(&expected).all(|(a, b)| a == b);
    // The text numbering on, consecutively, past the truth's N (paragraphs under a heading or
    // range the contents table omits): counted apart, see `upr_numbering_text`.
    let beyond_truth = numbers.len() > expected.len()
        && numbers
            .iter()
            .enumerate()
            .all(|(i, n)| *n == (i + 1).to_string());
    if beyond_truth {
        let extra = numbers[expected.len()..].join(", ");
        fail(
            "numbering-beyond-truth",
            format!("text goes on past N={} with {extra}", expected.len()),
        );
    } else if !numbering_ok {
        let first_bad = numbers
            .iter()
            .zip(&expected)
            .position(|(a, b)| a != b)
            .unwrap_or(numbers.len().min(expected.len()));
        fail(
            "numbering",
            format!(
                "{} numbers for N={}; first difference at position {}: {:?}",
                numbers.len(),
                expected.len(),
                first_bad + 1,
                numbers.get(first_bad)
            ),
        );
    }
    check_metadata(truth, doc, report);
    check_title(truth, doc, report);
    report.upr_numbering.add(numbering_ok);
    report.upr_numbering_text.add(numbering_ok || beyond_truth);
    check_sections_and_pages(truth, doc, report);
}

/// Symbol and job number against the truth, where it has them.
fn check_metadata(truth: &Truth, doc: &Document, report: &mut AccuracyReport) {
    let pairs = [
        ("symbol", truth.symbol.as_deref(), doc.meta.symbol.as_str()),
        ("job", truth.job.as_deref(), doc.meta.job_number.as_str()),
    ];
    for (metric, want, got) in pairs {
        let Some(want) = want else { continue };
        let ok = got == want;
        let ratio = if metric == "symbol" {
            &mut report.upr_symbol
        } else {
            &mut report.upr_job
        };
        ratio.add(ok);
        if !ok {
            let detail = format!("{got:?} != {want:?}");
            let file = truth.file.clone();
            report.failures.push(Failure {
                file,
                metric,
                detail,
            });
        }
    }
}

/// The title's and agenda item's shape (see the module docs): the truth has no title.
fn check_title(truth: &Truth, doc: &Document, report: &mut AccuracyReport) {
    let ok = upr_title_shape(&doc.meta.title)
        && doc.meta.agenda_items.len() == 1
        && doc.meta.agenda_items[0]
            .title
            .eq_ignore_ascii_case("Universal Periodic Review");
    report.upr_title.add(ok);
    if !ok {
        let agenda: Vec<&str> = doc
            .meta
            .agenda_items
            .iter()
            .map(|a| a.title.as_str())
            .collect();
        report.failures.push(Failure {
            file: truth.file.clone(),
            metric: "title",
            detail: format!("title {:?}, agenda {agenda:?}", doc.meta.title),
        });
    }
}

/// `Report of the Working … Universal Periodic Review` then a State's name of a few words.
fn upr_title_shape(title: &str) -> bool {
    let lower = title.to_lowercase();
    const REVIEW: &str = "universal periodic review";
    let Some(at) = lower.find(REVIEW) else {
        return false;
    };
    let state = lower[at + REVIEW.len()..].trim();
    lower.starts_with("report of the working")
        && (1..=8).contains(&state.split_whitespace().count())
        && !state.contains(|c: char| c.is_ascii_digit() || c == '*' || c == '∗')
        && !["previously", "annex", "circulated"]
            .iter()
            .any(|w| state.contains(w))
}

/// Section and start-page checks for each truth paragraph.
fn check_sections_and_pages(truth: &Truth, doc: &Document, report: &mut AccuracyReport) {
    let by_number: std::collections::HashMap<&str, &Paragraph> = doc
        .paragraphs
        .iter()
        .rev()
        .filter(|p| p.kind == ParagraphKind::Numbered && !p.in_annex())
        .filter_map(|p| Some((p.number.as_deref()?, p)))
        .collect();
    for k in 1..=truth.numbered_paragraphs {
        let p = by_number.get(k.to_string().as_str()).copied();
        if let Some(row) = deepest_row(truth, k) {
            let ok = p.is_some_and(|p| section_matches(truth, doc, p, row));
            report.upr_section.add(ok);
            if !ok {
                let got = p
                    .and_then(|p| p.section)
                    .and_then(|s| doc.sections.get(s))
                    .map(|s| format!("{} {}", s.label, s.title));
                let want = &truth.sections[row];
                let detail = format!(
                    "paragraph {k}: section {got:?}, want {} {}",
                    want.label, want.title
                );
                report.failures.push(Failure {
                    file: truth.file.clone(),
                    metric: "section",
                    detail,
                });
            }
        }
        let want_page = truth
            .paragraph_start_page
            .as_ref()
            .and_then(|pages| pages.get(k as usize - 1));
        if let Some(&want) = want_page {
            let got = p.map(|p| p.page_start);
            report.upr_page.add(got == Some(want));
            if got != Some(want) {
                let detail = format!("paragraph {k}: page {got:?}, want {want}");
                report.failures.push(Failure {
                    file: truth.file.clone(),
                    metric: "page",
                    detail,
                });
            }
        }
    }
}

/// Index of the deepest truth row holding paragraph `k` (then the narrowest, then the last).
fn deepest_row(truth: &Truth, k: u32) -> Option<usize> {
    let depth = |mut i: usize| {
        let mut d = 0;
        while let Some(p) = truth
            .sections
            .get(i)
            .and_then(|s| s.parent)
            .filter(|&p| p != i && d < 16)
        {
            d += 1;
            i = p;
        }
        d
    };
    (0..truth.sections.len())
        .filter(|&i| truth.sections[i].first <= k && k <= truth.sections[i].last)
        .max_by_key(|&i| {
            (
                depth(i),
                u32::MAX - (truth.sections[i].last - truth.sections[i].first),
                i,
            )
        })
}

/// A comparison key: lowercase letters and digits, single spaces.
fn key(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// True when a parsed section is the truth row: same label and title, or same range.
fn same(section: &Section, row: &TruthSection) -> bool {
    let names = key(&section.label) == key(&row.label) && key(&section.title) == key(&row.title);
    let range = section.first_paragraph.as_deref() == Some(row.first.to_string().as_str())
        && section.last_paragraph.as_deref() == Some(row.last.to_string().as_str());
    names || range
}

/// True when the paragraph's deepest section that corresponds to any contents row is `row`.
fn section_matches(truth: &Truth, doc: &Document, p: &Paragraph, row: usize) -> bool {
    let mut cursor = p.section;
    let mut guard = 0;
    while let Some(s) = cursor.and_then(|i| doc.sections.get(i)) {
        if truth.sections.iter().any(|r| same(s, r)) {
            return same(s, &truth.sections[row]);
        }
        cursor = s.parent;
        guard += 1;
        if guard > doc.sections.len() {
            break;
        }
    }
    false
}

/// Adds the document's line-end hyphen counts (from its `line-end-hyphens` diagnostic).
fn count_hyphens(doc: &Document, report: &mut AccuracyReport) {
    let Some(d) = doc
        .diagnostics
        .iter()
        .find(|d| d.code == "line-end-hyphens")
    else {
        return;
    };
    let mut numbers = d
        .message
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse::<u64>().ok());
    report.upr_hyphens_joined += numbers.next().unwrap_or(0);
    report.upr_hyphens_kept += numbers.next().unwrap_or(0);
}
