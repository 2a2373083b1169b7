//! Property tests: extraction and analysis never panic, on arbitrary bytes, arbitrary UTF-8 and
//! report-shaped text, and the document they give keeps its invariants.

use paragraphd::extract::text;
use paragraphd::model::Document;
use paragraphd::parse::analyze;
use proptest::prelude::*;

/// Pieces of UN reports, glued at random into report-shaped text.
const PIECES: &[&str] = &[
    "1.",
    "2.",
    "3.",
    "12.",
    "1. Text",
    "140.7",
    "(a)",
    "(ii)",
    "I.",
    "A.",
    "V. Recommendations",
    "Annex",
    "ANNEX II",
    "Contents",
    "Introduction",
    "....................",
    "1–4",
    "5 - 94",
    "3",
    "Page 2",
    "2/56",
    "A/HRC/52/71",
    "GE.22-29477",
    "GE.22-29477 7",
    "24-16783 (E)",
    "*2416783*",
    "081124",
    "_____",
    "1 See",
    "*",
    "word.",
    "word;",
    "word:",
    "self-",
    "Summary",
    "é",
    "“",
    "\u{fffd}",
];

fn piece_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(PIECES);
    let sep = prop::sample::select(&["\n", "\n\n", " ", "\u{c}", ""][..]);
    prop::collection::vec((piece, sep), 0..120)
        .prop_map(|v| v.into_iter().map(|(p, s)| format!("{p}{s}")).collect())
}

fn check_invariants(doc: &Document) {
    let n_sections = doc.sections.len();
    let mut last_end = 0;
    for (i, p) in doc.paragraphs.iter().enumerate() {
        assert_eq!(p.ordinal as usize, i + 1);
        assert!(p.section.is_none_or(|s| s < n_sections));
        assert!(p.page_start >= 1 && p.page_start <= p.page_end);
        assert!(p.page_end as usize <= doc.pages.len());
        assert!(p.span.0 >= last_end && p.span.0 <= p.span.1);
        last_end = p.span.1;
    }
    for (i, s) in doc.sections.iter().enumerate() {
        assert_eq!(s.id, format!("s{}", i + 1));
        assert!(s.parent.is_none_or(|p| p < i));
    }
    let _ = doc.section_path(doc.paragraphs.first().and_then(|p| p.section));
}

fn run(bytes: &[u8]) {
    if let Ok(extracted) = text::extract(bytes, 1 << 20) {
        check_invariants(&analyze(&extracted));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        run(&bytes);
    }

    #[test]
    fn arbitrary_utf8_never_panics(s in "\\PC{0,600}") {
        run(s.as_bytes());
    }

    #[test]
    fn report_shaped_text_never_panics(s in piece_text()) {
        run(s.as_bytes());
    }

    #[test]
    fn one_long_flattened_line_never_panics(words in prop::collection::vec(prop::sample::select(PIECES), 0..400)) {
        run(words.join(" ").as_bytes());
    }
}
