//! The seed page and the robustness of the un2025 documents.

use std::path::Path;

use super::checks::{body_numbers, check_citations, check_contents, check_furniture, parse, read};
use super::{AccuracyError, AccuracyReport, Input};
use paragraphd::model::Document;

/// One check on the seed page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SeedCheck {
    /// What was checked.
    pub name: &'static str,
    /// Whether it held.
    pub ok: bool,
}

/// Robustness of one un2025 document.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Un2025Doc {
    /// File name.
    pub file: String,
    /// The parse panicked (or extraction failed).
    pub panicked: bool,
    /// Paragraphs of any kind.
    pub paragraphs: usize,
    /// Numbered paragraphs.
    pub numbered: usize,
    /// Body and each annex numbered `1..N` without gaps.
    pub sequential: bool,
    /// Paragraphs containing furniture.
    pub furniture: usize,
}

/// Checks the seed page.
pub(super) fn seed(corpus: &Path, report: &mut AccuracyReport) -> Result<(), AccuracyError> {
    let bytes = read(&corpus.join("seed/A_HRC_52_71_page7.txt"))?;
    let doc = parse(&bytes, Input::Text).unwrap_or_default();
    check_furniture("seed/A_HRC_52_71_page7.txt", &doc, report);
    check_contents("seed/A_HRC_52_71_page7.txt", &doc, report);
    check_citations("seed/A_HRC_52_71_page7.txt", &doc, report);
    super::boxes::check("seed/A_HRC_52_71_page7.txt", &doc, Input::Text, report);
    let numbers = body_numbers(&doc);
    let expected: Vec<String> = (53..=65).map(|n: u32| n.to_string()).collect();
    let section_of = |n: u32| {
        let p = doc
            .paragraphs
            .iter()
            .find(|p| p.number.as_deref() == Some(n.to_string().as_str()));
        p.and_then(|p| p.section).and_then(|s| doc.sections.get(s))
    };
    let in_v = |n: u32| {
        section_of(n).is_some_and(|s| s.label == "V" && s.title == "Recommendations to fill the gaps in the implementation of the human rights of minorities")
    };
    let last = doc.paragraphs.last().map_or("", |p| p.text.as_str());
    let checks = [
        (
            "paragraphs 53-65 exactly",
            numbers
                .iter()
                .copied()
                .eq(expected.iter().map(String::as_str)),
        ),
        ("58-65 in section V", (58..=65).all(in_v)),
        ("53-57 not in section V", !(53..=57).any(in_v)),
        (
            "printed page 7",
            doc.pages.first().and_then(|p| p.printed_number.as_deref()) == Some("7"),
        ),
        (
            "page_start 1",
            !doc.paragraphs.is_empty() && doc.paragraphs.iter().all(|p| p.page_start == 1),
        ),
        ("symbol A/HRC/52/71", doc.meta.symbol == "A/HRC/52/71"),
        ("job GE.22-29477", doc.meta.job_number == "GE.22-29477"),
        (
            "65 ends without caption",
            last.ends_with("in relation to minority issues."),
        ),
    ];
    report.seed = checks
        .iter()
        .map(|&(name, ok)| SeedCheck { name, ok })
        .collect();
    Ok(())
}

/// Checks every un2025 document for panics, furniture and numbering runs.
pub(super) fn un2025(
    corpus: &Path,
    input: Input,
    report: &mut AccuracyReport,
) -> Result<(), AccuracyError> {
    let dir = corpus.join("un2025");
    let entries = std::fs::read_dir(&dir).map_err(|source| AccuracyError::Io {
        path: dir.clone(),
        source,
    })?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == input.extension()))
        .collect();
    files.sort();
    for path in files {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = read(&path)?;
        let mut entry = Un2025Doc {
            file: file.clone(),
            ..Un2025Doc::default()
        };
        match parse(&bytes, input) {
            None => entry.panicked = true,
            Some(doc) => {
                entry.paragraphs = doc.paragraphs.len();
                entry.numbered = doc.n_numbered();
                entry.sequential = runs_sequential(&doc);
                let name = format!("un2025/{file}");
                entry.furniture = check_furniture(&name, &doc, report);
                check_contents(&name, &doc, report);
                check_citations(&name, &doc, report);
                super::boxes::check(&name, &doc, input, report);
            }
        }
        report.un2025.push(entry);
    }
    Ok(())
}

/// True when the body and each annex or quoted text number their paragraphs `1..N` without
/// gaps.
fn runs_sequential(doc: &Document) -> bool {
    doc.numbering_breaks().is_empty()
}
