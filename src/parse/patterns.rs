//! Regular expressions shared by the analysis passes, compiled once.

use std::sync::LazyLock;

use regex::Regex;

fn re(pattern: &str) -> Regex {
    // The patterns are literals of this file; a test compiles every one of them.
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad pattern {pattern}: {e}"))
}

/// A UN document symbol alone on a line, e.g. `A/HRC/52/71`, `S/RES/2769 (2025)*`,
/// `A/79/797-S/2025/109`.
pub(crate) static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:[A-Z]{1,6}(?:\.\d+)?(?:/[A-Za-z0-9.\-]+(?: \([A-Za-z0-9 ]+\))?)+\*?)(?:-[A-Z]{1,6}(?:/[A-Za-z0-9.\-]+(?: \([A-Za-z0-9 ]+\))?)+\*?)*$",
    )
});

/// A Geneva job number anywhere, e.g. `GE.22-29477`.
pub(crate) static GE_JOB: LazyLock<Regex> = LazyLock::new(|| re(r"GE\.\d{2}-\s?\d{5}"));

/// A New York job number line, e.g. `24-16783 (E)`, `24-16783 (E) 081124`, `24-16783`.
pub(crate) static NY_JOB_LINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}$"));

/// A footer line holding a Geneva job number and maybe a page number on either side, or a
/// release-date code.
pub(crate) static GE_JOB_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:\d{1,4}\s+)?GE\.\d{2}-\s?\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}(?:\s+\d{1,4})?$")
});

/// A barcode, e.g. `*1412952*`.
pub(crate) static BARCODE: LazyLock<Regex> = LazyLock::new(|| re(r"\*\d{7,}[A-Z]?\*"));

/// A bare printed page number: `7`, `Page 3`, `page 12`, `2/56`, `- 3 -`.
pub(crate) static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:[Pp]age\s+(\d{1,4})|(\d{1,4})(?:\s*/\s*\d{1,4})?|-\s*(\d{1,4})\s*-|([ivxlc]{1,6}))$")
});

/// Release date codes printed under the job number on page 1, e.g. `081124` or `081124 091124`.
pub(crate) static DATE_CODE: LazyLock<Regex> = LazyLock::new(|| re(r"^\d{6}(?:\s+\d{6})?$"));

/// A numbered-paragraph marker at the start of a line: `12.` alone or `12. Text`.
pub(crate) static PARA_MARKER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(\d{1,4})\.(?:\s+(\S.*))?$"));

/// A heading label alone: `IV.`, `B.`.
pub(crate) static LABEL_ONLY: LazyLock<Regex> = LazyLock::new(|| re(r"^([IVXL]{1,6}|[A-Z])\.$"));

/// A heading label with its title on the same line: `IV. Conclusions`, `B. Interactive…`.
pub(crate) static LABEL_TITLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^([IVXL]{1,6}|[A-Z])\.\s+(\S.*)$"));

/// An annex heading: `Annex`, `ANNEX II`, `Annexes`, `Annex I*`.
pub(crate) static ANNEX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:Annex|ANNEX|Annexes|ANNEXES|Appendix|APPENDIX)(?:\s+([IVXL]{1,6}|\d{1,2}|[A-Z]))?\*?\.?$",
    )
});

/// A sub-item marker at the start of a line: `(a)`, `(iv)`, `(a) Text`.
pub(crate) static ITEM_MARKER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\(([a-z]{1,2}|[ivxl]{1,6}|\d{1,2})\)(?:\s+(\S.*))?$"));

/// A recommendation number at the start of a line: `140.7`, `88.12 Text`.
pub(crate) static DOTTED_ITEM: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(\d{1,4}\.\d{1,3})\.?(?:\s+(\S.*))?$"));

/// A contents-table leader: a run of dots, spaced or not.
pub(crate) static LEADER: LazyLock<Regex> = LazyLock::new(|| re(r"(?:\.\s?){4,}\s*$"));

/// A paragraph range in a contents table: `1–4`, `5 - 94`, `1 -`, `12`.
pub(crate) static RANGE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(\d{1,4})(?:\s*[-–—]\s*(\d{1,4})?)?$"));

/// A footnote separator rule.
pub(crate) static RULE: LazyLock<Regex> = LazyLock::new(|| re(r"^_{5,}$"));

/// A footnote body start: `12 See …`, `* Previously issued …`, `12See …`.
pub(crate) static FOOTNOTE_START: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(\d{1,3}|\*{1,3})\s*(\S.*)$"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_compile_and_match() {
        assert!(SYMBOL.is_match("A/HRC/WG.6/34/ITA/3"));
        assert!(SYMBOL.is_match("S/RES/2769 (2025)"));
        assert!(SYMBOL.is_match("A/79/797-S/2025/109"));
        assert!(SYMBOL.is_match("E/2025/26*-E/CN.5/2025/6*"));
        assert!(!SYMBOL.is_match("Human Rights Council"));
        assert!(GE_JOB_LINE.is_match("GE.22-29477 7"));
        assert!(GE_JOB_LINE.is_match("4 GE.22-29477"));
        assert!(NY_JOB_LINE.is_match("24-16783 (E) 081124"));
        assert!(BARCODE.is_match("*2416783*"));
        assert!(PAGE_NUMBER.is_match("Page 3") && PAGE_NUMBER.is_match("2/56"));
        assert!(PARA_MARKER.is_match("10. The Steering"));
        assert!(LABEL_TITLE.is_match("V. Recommendations"));
        assert!(ANNEX.is_match("Annex II") && ANNEX.is_match("ANNEX"));
        assert!(ITEM_MARKER.is_match("(iv)") && DOTTED_ITEM.is_match("140.7 Ratify"));
        assert!(LEADER.is_match("Introduction . . . . . . ."));
        assert!(RANGE.is_match("5 - 94") && RULE.is_match("______"));
        assert!(FOOTNOTE_START.is_match("* Previously issued") && DATE_CODE.is_match("081124"));
        assert!(GE_JOB.is_match("x GE.09-14614 y"));
        assert!(LABEL_ONLY.is_match("IV."));
    }
}
