use super::*;
use crate::model::{Page, Paragraph, Size};

fn rect(page: u32, x: f32, y: f32, width: f32, height: f32) -> Rect {
    Rect {
        page,
        x,
        y,
        width,
        height,
    }
}

fn para(ordinal: u32, number: &str, text: &str, boxes: Vec<Rect>) -> Paragraph {
    let pages: Vec<u32> = boxes.iter().map(|b| b.page).collect();
    Paragraph {
        ordinal,
        number: Some(number.to_owned()),
        text: text.to_owned(),
        page_start: pages.first().copied().unwrap_or(1),
        page_end: pages.last().copied().unwrap_or(1),
        boxes,
        ..Paragraph::default()
    }
}

/// Two pages: paragraphs 1 and 2 on page 1, paragraph 3 running from page 1 onto page 2.
fn doc() -> Document {
    let page = |number| Page {
        number,
        size: Some(Size {
            width: 595.0,
            height: 842.0,
        }),
        ..Page::default()
    };
    Document {
        id: "d".into(),
        meta: crate::model::Metadata {
            symbol: "A/1/2".into(),
            ..Default::default()
        },
        pages: vec![page(1), page(2)],
        paragraphs: vec![
            para(
                1,
                "1",
                "The ﬁrst para-\ngraph speaks of Geneva.",
                vec![rect(1, 70.0, 100.0, 450.0, 50.0)],
            ),
            para(
                2,
                "2",
                "The second paragraph calls for peace.",
                vec![rect(1, 70.0, 160.0, 450.0, 40.0)],
            ),
            para(
                3,
                "3",
                "The third one runs over a page break. It ends here.",
                vec![
                    rect(1, 70.0, 700.0, 450.0, 60.0),
                    rect(2, 70.0, 80.0, 450.0, 30.0),
                ],
            ),
        ],
        ..Document::default()
    }
}

fn ordinals(location: &Location) -> Vec<usize> {
    location
        .paragraphs
        .iter()
        .map(|l| l.paragraph_idx + 1)
        .collect()
}

#[test]
fn a_point_locates_the_paragraph_whose_box_holds_it() {
    let doc = doc();
    let found = locate(&doc, &Target::Point(1, 100.0, 120.0)).unwrap();
    assert_eq!(ordinals(&found), [1]);
    assert_eq!(found.paragraphs[0].overlap, 1.0);
    let found = locate(&doc, &Target::Point(2, 300.0, 90.0)).unwrap();
    assert_eq!(
        ordinals(&found),
        [3],
        "the second page's box of paragraph 3"
    );
}

#[test]
fn where_boxes_overlap_the_box_the_point_lies_deepest_in_comes_first() {
    let mut doc = doc();
    // A table (paragraph 4) set inside paragraph 1's box.
    doc.paragraphs.push(para(
        4,
        "4",
        "Table",
        vec![rect(1, 200.0, 110.0, 100.0, 30.0)],
    ));
    let at = |x, y| ordinals(&locate(&doc, &Target::Point(1, x, y)).unwrap());
    assert_eq!(at(250.0, 125.0), [4, 1], "the table's centre");
    assert_eq!(
        at(295.0, 112.0),
        [1, 4],
        "the table's corner, deeper in paragraph 1's box"
    );
}

#[test]
fn a_point_outside_every_paragraph_names_the_nearest() {
    let err = locate(&doc(), &Target::Point(1, 100.0, 215.0)).unwrap_err();
    let Error::NotInDocument(message) = err else {
        panic!("{err:?}")
    };
    assert!(message.contains("A/1/2, para. 2"), "{message}");
}

#[test]
fn a_rectangle_gives_each_paragraph_its_share_of_the_area() {
    // 100 × 40 from y = 130: 20 pt in paragraph 1 (100..150), 20 pt in paragraph 2 (160..200).
    let found = locate(&doc(), &Target::Rect(rect(1, 100.0, 130.0, 100.0, 40.0))).unwrap();
    assert_eq!(ordinals(&found), [1, 2]);
    assert!((found.paragraphs[0].overlap - 0.5).abs() < 1e-6);
    assert!((found.paragraphs[1].overlap - 0.25).abs() < 1e-6);
}

#[test]
fn malformed_regions_are_invalid_arguments() {
    let doc = doc();
    for (target, field) in [
        (Target::Point(3, 1.0, 1.0), "point.page"),
        (Target::Point(0, 1.0, 1.0), "point.page"),
        (Target::Point(1, f32::NAN, 1.0), "point"),
        (Target::Point(1, -1.0, 1.0), "point"),
        (Target::Rect(rect(1, 1.0, 1.0, 0.0, 5.0)), "rect"),
    ] {
        match locate(&doc, &target) {
            Err(Error::InvalidArgument(v)) => assert_eq!(v[0].field, field, "{target:?}"),
            other => panic!("{target:?}: {other:?}"),
        }
    }
}

#[test]
fn a_region_on_a_document_without_geometry_is_refused() {
    let mut doc = doc();
    doc.pages.iter_mut().for_each(|p| p.size = None);
    doc.paragraphs.iter_mut().for_each(|p| p.boxes.clear());
    let err = locate(&doc, &Target::Point(1, 1.0, 1.0)).unwrap_err();
    assert_eq!(err, Error::NoGeometry("A/1/2".into()));
    let found = locate(&doc, &Target::Quote("second paragraph".into())).unwrap();
    assert_eq!(ordinals(&found), [2], "quotes still locate");
}

#[test]
fn a_quote_ignores_case_whitespace_hyphenation_and_ligatures() {
    let doc = doc();
    let found = locate(&doc, &Target::Quote("FIRST  paragraph\nspeaks".into())).unwrap();
    assert_eq!(ordinals(&found), [1]);
    let text: Vec<char> = doc.paragraphs[0].text.chars().collect();
    let (start, end) = found.paragraphs[0].quote_span.unwrap();
    let quoted: String = text[start as usize..end as usize].iter().collect();
    assert_eq!(quoted, "ﬁrst para-\ngraph speaks");
    assert_eq!(found.occurrences, 1);
}

#[test]
fn a_quote_may_span_paragraphs() {
    let found = locate(&doc(), &Target::Quote("of Geneva. The second".into())).unwrap();
    assert_eq!(ordinals(&found), [1, 2]);
    assert_eq!(found.paragraphs[1].quote_span, Some((0, 10)));
}

#[test]
fn repeated_quotes_report_each_occurrence() {
    let found = locate(&doc(), &Target::Quote("the".into())).unwrap();
    assert_eq!(found.occurrences, 3);
    let occurrences: Vec<u32> = found.paragraphs.iter().map(|l| l.occurrence).collect();
    assert_eq!(occurrences, [0, 1, 2]);
}

#[test]
fn bad_quotes_are_refused() {
    let doc = doc();
    let long = "a".repeat(MAX_QUOTE_CHARS + 1);
    assert!(matches!(
        locate(&doc, &Target::Quote(long)),
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        locate(&doc, &Target::Quote(" - , ".into())),
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        locate(&doc, &Target::Quote("not in it".into())),
        Err(Error::NotInDocument(_))
    ));
}
