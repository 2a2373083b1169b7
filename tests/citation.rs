//! The citation grammar, data-driven: each case is an input and the selectors (or the error
//! with its character offset) it must give.

use paragraphd::query::Selector::{self, *};
use paragraphd::query::citation::parse;

fn ok(input: &str, document: Option<&str>, expected: &[Selector]) {
    let got = parse(input).unwrap_or_else(|e| panic!("{input:?} failed: {e:?}"));
    assert_eq!(got.document.as_deref(), document, "{input:?}");
    assert_eq!(got.selectors, expected, "{input:?}");
}

fn err(input: &str, offset: usize, needle: &str) {
    let e = parse(input).expect_err(input);
    assert_eq!(e.offset, offset, "{input:?}: {e:?}");
    assert!(e.message.contains(needle), "{input:?}: {e:?}");
}

/// Paragraph `s` of the body: a citation naming no part cites the body's numbers.
fn n(s: &str) -> Selector {
    body(Number(s.to_owned()))
}

fn r(a: &str, b: &str) -> Selector {
    body(NumberRange(a.to_owned(), b.to_owned()))
}

fn body(s: Selector) -> Selector {
    in_part("", s)
}

fn in_part(part: &str, s: Selector) -> Selector {
    InPart(part.to_owned(), Box::new(s))
}

#[test]
fn paragraph_forms() {
    ok("para. 58", None, &[n("58")]);
    ok("para 3", None, &[n("3")]);
    ok("PARA. 58", None, &[n("58")]);
    ok("paragraph 12", None, &[n("12")]);
    ok("paras. 53–57 and 60", None, &[r("53", "57"), n("60")]);
    ok("paragraphs 53-57, 60", None, &[r("53", "57"), n("60")]);
    ok("paras 58 to 61", None, &[r("58", "61")]);
    ok("paras. 58—61", None, &[r("58", "61")]);
    ok("para. 140.7", None, &[n("140.7")]);
    ok("58-60", None, &[r("58", "60")]);
    ok("¶ 58", None, &[n("58")]);
}

#[test]
fn document_symbols() {
    ok("A/HRC/52/71, para. 58", Some("A/HRC/52/71"), &[n("58")]);
    ok(
        "A/HRC/52/71 paras 58 to 61",
        Some("A/HRC/52/71"),
        &[r("58", "61")],
    );
    ok(
        "E/2025/15/Add.1, paras. 3-4",
        Some("E/2025/15/Add.1"),
        &[r("3", "4")],
    );
    ok("S/2025/102 para. 1", Some("S/2025/102"), &[n("1")]);
    ok(
        "S/RES/2776 (2025), para. 4",
        Some("S/RES/2776 (2025)"),
        &[n("4")],
    );
    ok("S/RES/2776 (2025) 4", Some("S/RES/2776 (2025)"), &[n("4")]);
    ok(
        "A/79/797-S/2025/109, para. 1",
        Some("A/79/797-S/2025/109"),
        &[n("1")],
    );
    ok(
        "E/2025/34 (Part II)-E/ICEF/2025/7 (Part II), paras. 1-2",
        Some("E/2025/34 (Part II)-E/ICEF/2025/7 (Part II)"),
        &[r("1", "2")],
    );
}

#[test]
fn sections_and_pages() {
    ok("section V", None, &[Section("V".into())]);
    ok("chap. II", None, &[Section("II".into())]);
    ok("Chapter II.B", None, &[Section("II.B".into())]);
    ok("page 7", None, &[Pages(7, 7)]);
    ok("pp. 7-8", None, &[Pages(7, 8)]);
    ok("p. 7", None, &[Pages(7, 7)]);
    ok(
        "A/HRC/52/71, section V and para. 53",
        Some("A/HRC/52/71"),
        &[Section("V".into()), n("53")],
    );
}

/// The parts paragraph citations name (`Document::citation`) scope what follows them.
#[test]
fn parts_named_before_the_paragraphs_scope_them() {
    let number = |s: &str| Number(s.to_owned());
    ok(
        "A/80/21, draft resolution B, para. 3",
        Some("A/80/21"),
        &[in_part("draft resolution B", number("3"))],
    );
    ok(
        "E/2025/15/Add.1, draft resolution I, annex, paras. 1-2",
        Some("E/2025/15/Add.1"),
        &[in_part(
            "draft resolution I, annex",
            NumberRange("1".into(), "2".into()),
        )],
    );
    ok(
        "annex ii, para. 1",
        None,
        &[in_part("annex II", number("1"))],
    );
    ok(
        "A/80/38, Part Two, annex, para. 1 and section A",
        Some("A/80/38"),
        &[
            in_part("part two, annex", number("1")),
            in_part("part two, annex", Section("A".into())),
        ],
    );
    ok(
        "annex B, part I, p. 3",
        None,
        &[in_part("annex B, part I", Pages(3, 3))],
    );
    ok("annex, 4", None, &[in_part("annex", number("4"))]);
    ok(
        "TPNW/MSP/2025/11, annex III, intersessional decision 5, annex I, para. 2",
        Some("TPNW/MSP/2025/11"),
        &[in_part(
            "annex III, intersessional decision 5, annex I",
            number("2"),
        )],
    );
    ok(
        "decision 2, para. 1",
        None,
        &[in_part("decision 2", number("1"))],
    );
    err("draft para. 3", 0, "expected `draft decision`");
    err(
        "intersessional resolution 1",
        0,
        "expected `intersessional decision`",
    );
    err("annex I", 7, "expected what to cite");
}

#[test]
fn errors_point_at_the_offending_character() {
    err("", 0, "expected what to cite");
    err("A/HRC/52/71", 11, "expected what to cite");
    err("para. fifty", 6, "expected a paragraph number");
    err("paras. 60-58", 10, "before it starts");
    err("paras. 58-", 10, "expected a number after");
    err("paras. -58", 7, "before the dash");
    err("pp. 0", 4, "expected a page number");
    err("para. 58 xyz", 9, "expected a paragraph number");
}

/// Issue 21: the paragraph, section and page words of the other five UN languages, their
/// plurals, ranges and lists, as each language version prints its citations.
#[test]
fn citations_in_the_six_languages() {
    // French: `par.`, `à` and `et`.
    ok("A/HRC/52/71, par. 58", Some("A/HRC/52/71"), &[n("58")]);
    ok("par. 58 à 61 et 63", None, &[r("58", "61"), n("63")]);
    ok(
        "annexe II, par. 3",
        None,
        &[in_part("annexe II", Number("3".into()))],
    );
    // Spanish: `párr.`, `párrs.`, `a` and `y`.
    ok("A/HRC/52/71, párr. 58", Some("A/HRC/52/71"), &[n("58")]);
    ok("párrs. 58 a 61 y 63", None, &[r("58", "61"), n("63")]);
    ok("capítulo IV", None, &[Section("IV".into())]);
    // Russian: `п.`, `пп.` and `и`.
    ok("A/HRC/52/71, п. 58", Some("A/HRC/52/71"), &[n("58")]);
    ok("пп. 58–61 и 63", None, &[r("58", "61"), n("63")]);
    ok("стр. 7", None, &[Pages(7, 7)]);
    // Arabic: `الفقرة`, plural `الفقرات`, `و` glued to the number, the Arabic comma,
    // Arabic-Indic digits.
    ok("A/HRC/52/71، الفقرة 58", Some("A/HRC/52/71"), &[n("58")]);
    ok("الفقرات 58-61 و63", None, &[r("58", "61"), n("63")]);
    ok("الفقرة ٥٨", None, &[n("58")]);
    // Chinese: `第58段`, with `至` for a range and `和` for a list; `第3页`.
    ok("A/HRC/52/71，第58段", Some("A/HRC/52/71"), &[n("58")]);
    ok("第58至61段", None, &[r("58", "61")]);
    ok("第58和60段", None, &[n("58"), n("60")]);
    ok("第3页", None, &[Pages(3, 3)]);
    // A paragraph word of another language still needs a number after it.
    err("párr. ", 6, "expected what to cite");
}
