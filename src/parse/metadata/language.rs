//! The document's language: the letter of its job number where the first page prints one
//! (`GE.09-17088 (F)`, `24-16783 (S)`), which names the language version; else what the text
//! of its first pages reads as; else English.

use crate::parse::lexicon::{self, Lang};
use crate::parse::lines::Ln;
use crate::parse::patterns::Pat;

/// A job number with its language letter: `GE.09-17088 (F)`, `24-16783 (E) 081124`.
static JOB_LETTER: Pat = Pat::always(r"(?:GE\.\s?\d{2}-\s?\d{5}|^\d{2}-\d{5}X?)\s*\(([ACEFRS])\)");

/// Characters of text the detector reads: enough for a stable answer, few enough to cost
/// nothing next to the rest of the analysis.
const SAMPLE_CHARS: usize = 3000;

/// Pages whose text makes the sample.
const SAMPLE_PAGES: u32 = 3;

/// The language of the document whose first page is `first` and whose lines are `lines`.
pub(super) fn read(first: &[&Ln], lines: &[Ln]) -> Lang {
    first
        .iter()
        .find_map(|l| job_letter(&l.text))
        .or_else(|| lexicon::detect(&sample(lines)))
        .unwrap_or(Lang::En)
}

/// The language a job-number line's letter names.
fn job_letter(text: &str) -> Option<Lang> {
    let letter = JOB_LETTER.captures(text)?.get(1)?.as_str().chars().next()?;
    Lang::from_job_letter(letter)
}

/// The longer lines of the first pages, joined, up to [`SAMPLE_CHARS`]: prose, not the
/// masthead's short fields.
fn sample(lines: &[Ln]) -> String {
    let mut out = String::new();
    for ln in lines.iter().take_while(|l| l.page <= SAMPLE_PAGES) {
        // Chinese says in ten characters what other languages say in twenty.
        let cjk = ln.text.chars().filter(|&c| lexicon::is_cjk(c)).count();
        if ln.text.chars().count() >= 20 || cjk >= 10 {
            out.push_str(&ln.text);
            out.push(' ');
        }
        if out.len() >= SAMPLE_CHARS {
            break;
        }
    }
    out
}
