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

fn n(s: &str) -> Selector {
    Number(s.to_owned())
}

fn r(a: &str, b: &str) -> Selector {
    NumberRange(a.to_owned(), b.to_owned())
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
