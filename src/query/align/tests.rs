//! The alignment on documents built in code: two versions that agree, and versions that differ
//! in each way a person must review.

use super::*;
use crate::model::{FootnoteRef, Item, Section};

/// A paragraph numbered `number` (or unnumbered, for `None`) with `text`.
fn para(number: Option<&str>, text: &str) -> Paragraph {
    Paragraph {
        kind: if number.is_some() {
            ParagraphKind::Numbered
        } else {
            ParagraphKind::Unnumbered
        },
        number: number.map(str::to_owned),
        text: text.to_owned(),
        ..Paragraph::default()
    }
}

fn doc(paragraphs: Vec<Paragraph>) -> Document {
    let paragraphs = paragraphs
        .into_iter()
        .enumerate()
        .map(|(i, p)| Paragraph {
            ordinal: i as u32 + 1,
            ..p
        })
        .collect();
    Document {
        paragraphs,
        ..Document::default()
    }
}

/// Six numbered paragraphs of about 100 characters, `factor` times as long in another language.
fn version(factor: f64) -> Vec<Paragraph> {
    (1..=6)
        .map(|n| {
            let text = "x".repeat((100.0 * factor) as usize);
            para(Some(&n.to_string()), &text)
        })
        .collect()
}

fn all(doc: &Document) -> Vec<u32> {
    (1..=doc.paragraphs.len() as u32).collect()
}

fn run(en: &Document, fr: &Document) -> Alignment {
    let (a, b) = (all(en), all(fr));
    align(&[
        Version {
            language: "en",
            document: en,
            selected: &a,
        },
        Version {
            language: "fr",
            document: fr,
            selected: &b,
        },
    ])
}

fn kinds(row: &Row) -> Vec<ReasonKind> {
    row.reasons.iter().map(|r| r.kind).collect()
}

fn row<'a>(alignment: &'a Alignment, number: &str) -> &'a Row {
    alignment
        .rows
        .iter()
        .find(|r| r.key.number.as_deref() == Some(number) && !r.key.is_unnumbered())
        .unwrap_or_else(|| panic!("no row {number}: {:?}", alignment.rows))
}

#[test]
fn matching_versions_need_no_review() {
    let (en, fr) = (doc(version(1.0)), doc(version(1.2)));
    let alignment = run(&en, &fr);
    assert_eq!(alignment.rows.len(), 6);
    assert!(
        alignment.rows.iter().all(|r| !r.needs_review()),
        "{alignment:?}"
    );
    assert_eq!(alignment.rows[2].cells, [Some(3), Some(3)]);
    assert_eq!(alignment.ratios[0].median, Some(1.2));
    assert_eq!(alignment.ratios[0].paragraphs, 6);
    assert!(alignment.diagnostics.is_empty());
}

#[test]
fn a_version_missing_a_number_is_flagged_and_the_rest_still_align_by_number() {
    let en = doc(version(1.0));
    let mut fr_paragraphs = version(1.1);
    fr_paragraphs.remove(1);
    let fr = doc(fr_paragraphs);
    let alignment = run(&en, &fr);
    let two = row(&alignment, "2");
    assert_eq!(two.cells, [Some(2), None]);
    assert_eq!(kinds(two), [ReasonKind::Missing]);
    assert_eq!(two.reasons[0].languages, ["fr"]);
    assert_eq!(two.reasons[0].detail, "no para. 2 of the body in fr");
    let three = row(&alignment, "3");
    assert_eq!(
        three.cells,
        [Some(3), Some(2)],
        "by number, not by position"
    );
    assert!(!three.needs_review());
}

#[test]
fn different_sub_item_and_footnote_counts_are_flagged() {
    let en = doc(version(1.0));
    let mut fr = doc(version(1.1));
    fr.paragraphs[3].items = vec![Item::default(), Item::default()];
    fr.paragraphs[4].footnote_refs = vec![FootnoteRef::default()];
    let alignment = run(&en, &fr);
    let four = row(&alignment, "4");
    assert_eq!(kinds(four), [ReasonKind::ItemCount]);
    assert_eq!(four.reasons[0].detail, "sub-items: en 0, fr 2");
    let five = row(&alignment, "5");
    assert_eq!(kinds(five), [ReasonKind::FootnoteCount]);
    assert_eq!(five.reasons[0].detail, "footnote calls: en 0, fr 1");
}

#[test]
fn a_length_ratio_far_from_the_median_is_flagged_and_one_within_is_not() {
    let en = doc(version(1.0));
    let mut fr = doc(version(1.2));
    fr.paragraphs[0].text = "x".repeat(250);
    fr.paragraphs[1].text = "x".repeat(170);
    fr.paragraphs[2].text = "x".repeat(40);
    let alignment = run(&en, &fr);
    assert_eq!(alignment.ratios[0].median, Some(1.2));
    let one = row(&alignment, "1");
    assert_eq!(kinds(one), [ReasonKind::LengthRatio]);
    assert_eq!(one.reasons[0].languages, ["en", "fr"]);
    assert!(
        one.reasons[0].detail.contains("2.50") && one.reasons[0].detail.contains("[0.80, 1.80]"),
        "{}",
        one.reasons[0].detail
    );
    assert!(
        !row(&alignment, "2").needs_review(),
        "1.7 is within [0.8, 1.8]"
    );
    assert_eq!(kinds(row(&alignment, "3")), [ReasonKind::LengthRatio]);
}

#[test]
fn short_paragraphs_and_too_few_in_common_are_not_length_checked() {
    let en = doc(vec![
        para(Some("1"), "Not applicable."),
        para(Some("2"), &"y".repeat(100)),
    ]);
    let fr = doc(vec![
        para(Some("1"), "Sans objet, pour le moment."),
        para(Some("2"), &"y".repeat(300)),
    ]);
    let alignment = run(&en, &fr);
    assert!(
        alignment.rows.iter().all(|r| !r.needs_review()),
        "{alignment:?}"
    );
    assert_eq!(alignment.ratios[0].median, None);
    assert_eq!(alignment.diagnostics[0].code, "length-ratio-unchecked");
}

#[test]
fn unnumbered_paragraphs_align_by_position_after_a_number_and_are_always_flagged() {
    let mut en_paragraphs = version(1.0);
    en_paragraphs.insert(2, para(None, "A table"));
    en_paragraphs.insert(0, para(None, "Introduction"));
    let mut fr_paragraphs = version(1.0);
    fr_paragraphs.insert(2, para(None, "Un tableau"));
    let (en, fr) = (doc(en_paragraphs), doc(fr_paragraphs));
    let alignment = run(&en, &fr);
    let unnumbered: Vec<&Row> = alignment
        .rows
        .iter()
        .filter(|r| r.key.is_unnumbered())
        .collect();
    assert_eq!(unnumbered.len(), 2, "{alignment:?}");
    assert_eq!(
        unnumbered[0].key.number, None,
        "before the first number, first in order"
    );
    assert_eq!(
        kinds(unnumbered[0]),
        [ReasonKind::Unnumbered, ReasonKind::Missing]
    );
    assert_eq!(unnumbered[1].key.number.as_deref(), Some("2"));
    assert_eq!(unnumbered[1].cells, [Some(4), Some(3)]);
    assert_eq!(kinds(unnumbered[1]), [ReasonKind::Unnumbered]);
    assert_eq!(
        unnumbered[1].reasons[0].detail,
        "unnumbered paragraph 1 after para. 2 of the body: aligned by its position alone; check \
         that the versions say the same"
    );
    let order: Vec<String> = alignment.rows.iter().map(|r| describe(&r.key)).collect();
    assert_eq!(
        order[0],
        "unnumbered paragraph 1 before the first numbered one of the body"
    );
    assert_eq!(order[3], "unnumbered paragraph 1 after para. 2 of the body");
}

#[test]
fn numbers_align_only_within_the_same_part() {
    let annex = |label: &str| Section {
        label: label.to_owned(),
        opens: Some(Zone::Annex),
        ..Section::default()
    };
    let in_annex = |n: &str, section: usize| Paragraph {
        zone: Zone::Annex,
        section: Some(section),
        ..para(Some(n), &"z".repeat(100))
    };
    let mut en = doc(vec![
        para(Some("1"), &"a".repeat(100)),
        in_annex("1", 0),
        in_annex("1", 1),
    ]);
    en.sections = vec![annex("Annex I"), annex("Annex II")];
    let mut fr = doc(vec![para(Some("1"), &"a".repeat(100)), in_annex("1", 0)]);
    fr.sections = vec![annex("Annexe I")];
    let alignment = run(&en, &fr);
    let cells: Vec<_> = alignment.rows.iter().map(|r| r.cells.clone()).collect();
    assert_eq!(
        cells,
        [
            vec![Some(1), Some(1)],
            vec![Some(2), Some(2)],
            vec![Some(3), None]
        ]
    );
    assert_eq!(
        alignment.rows[2].reasons[0].detail,
        "no para. 1 of annex no. 2 (in order) in fr"
    );
}

#[test]
fn a_number_printed_twice_in_one_part_is_flagged() {
    let en = doc(version(1.0));
    let mut fr_paragraphs = version(1.0);
    fr_paragraphs.insert(3, para(Some("3"), &"x".repeat(100)));
    let fr = doc(fr_paragraphs);
    let alignment = run(&en, &fr);
    assert_eq!(alignment.rows.len(), 6);
    let three = row(&alignment, "3");
    assert_eq!(kinds(three), [ReasonKind::DuplicateNumber]);
    assert_eq!(three.cells, [Some(3), Some(3)]);
}

#[test]
fn only_selected_numbers_are_rows_and_a_number_any_version_selected_counts() {
    let en = doc(version(1.0));
    let fr = doc(version(1.0));
    let alignment = align(&[
        Version {
            language: "en",
            document: &en,
            selected: &[2],
        },
        Version {
            language: "fr",
            document: &fr,
            selected: &[5, 99, 0],
        },
    ]);
    let numbers: Vec<_> = alignment
        .rows
        .iter()
        .map(|r| r.key.number.clone())
        .collect();
    assert_eq!(numbers, [Some("2".to_owned()), Some("5".to_owned())]);
    assert!(align(&[]).rows.is_empty());
}
