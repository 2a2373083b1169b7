//! Query evaluation on a small hand-built document: every selector, filter, context and dedup.

use paragraphd::model::{Document, Paragraph, ParagraphKind, Section};
use paragraphd::query::{Filter, Hit, Role, Selection, Selector, evaluate, fold};

/// Sections I (paras 1–3, p. 1), II (4–8) with II.A (4–5, p. 2) and II.B "Rights of minorities"
/// (6–8, p. 3); an unnumbered paragraph and a table at the end (p. 3).
fn doc() -> Document {
    let sections = vec![
        section("s1", "I", "Introduction", 1, None),
        section("s2", "II", "Findings", 1, None),
        section("s3", "A", "Context", 2, Some(1)),
        section("s4", "B", "Rights of minorities", 2, Some(1)),
    ];
    let mut paragraphs: Vec<Paragraph> = (1..=8)
        .map(|n| {
            let (sec, page) = match n {
                1..=3 => (0, 1),
                4..=5 => (2, 2),
                _ => (3, 3),
            };
            numbered(n, sec, page)
        })
        .collect();
    paragraphs[6].text = "Minorités et défenseurs".into();
    paragraphs.push(Paragraph {
        kind: ParagraphKind::Unnumbered,
        text: "Closing words.".into(),
        ..numbered(9, 3, 3)
    });
    paragraphs.push(Paragraph {
        kind: ParagraphKind::Table,
        text: "Table 1".into(),
        ..numbered(10, 3, 3)
    });
    for (idx, p) in paragraphs.iter_mut().enumerate().skip(8) {
        p.number = None;
        p.ordinal = idx as u32 + 1;
    }
    Document {
        id: "d".into(),
        sections,
        paragraphs,
        ..Document::default()
    }
}

fn section(id: &str, label: &str, title: &str, level: u32, parent: Option<usize>) -> Section {
    Section {
        id: id.into(),
        label: label.into(),
        title: title.into(),
        level,
        parent,
        ..Section::default()
    }
}

fn numbered(n: u32, section: usize, page: u32) -> Paragraph {
    Paragraph {
        ordinal: n,
        kind: ParagraphKind::Numbered,
        number: Some(n.to_string()),
        text: format!("Paragraph {n} text."),
        section: Some(section),
        page_start: page,
        page_end: page,
        ..Paragraph::default()
    }
}

fn select(selectors: Vec<Selector>) -> Selection {
    Selection {
        selectors,
        ..Selection::default()
    }
}

fn ordinals(hits: &[Hit]) -> Vec<u32> {
    hits.iter().map(|h| h.ordinal).collect()
}

fn run(selection: Selection) -> Vec<u32> {
    ordinals(&evaluate(&doc(), &selection).expect("evaluates"))
}

#[test]
fn each_selector() {
    use Selector::*;
    assert_eq!(run(select(vec![Number("5".into())])), [5]);
    assert_eq!(
        run(select(vec![NumberRange("3".into(), "6".into())])),
        [3, 4, 5, 6]
    );
    assert_eq!(run(select(vec![Ordinal(9)])), [9]);
    assert_eq!(run(select(vec![OrdinalRange(8, 10)])), [8, 9, 10]);
    assert_eq!(
        run(select(vec![Section("II".into())])),
        [4, 5, 6, 7, 8, 9, 10]
    );
    assert_eq!(run(select(vec![Section("II.B".into())])), [6, 7, 8, 9, 10]);
    assert_eq!(run(select(vec![Section("s3".into())])), [4, 5]);
    assert_eq!(
        run(select(vec![Section("rights of".into())])),
        [6, 7, 8, 9, 10]
    );
    assert_eq!(run(select(vec![Pages(2, 2)])), [4, 5]);
    assert_eq!(run(select(vec![])), (1..=10).collect::<Vec<_>>());
}

/// Issue 20: section `I` also returned section III, `Issues in focus`. A label, id or path that
/// matches exactly wins over a title; a title matches from its start, in whole words.
#[test]
fn an_exact_label_wins_over_a_title_and_a_title_matches_whole_words() {
    use Selector::*;
    let mut d = doc();
    d.sections[1].title = "Issues in focus".into();
    let on = |key: &str| ordinals(&evaluate(&d, &select(vec![Section(key.into())])).expect("ok"));
    assert_eq!(on("I"), [1, 2, 3]);
    assert_eq!(on("issues"), [4, 5, 6, 7, 8, 9, 10]);
    assert_eq!(on("issues in"), [4, 5, 6, 7, 8, 9, 10]);
    assert!(evaluate(&d, &select(vec![Section("iss".into())])).is_err());
}

#[test]
fn overlapping_selectors_give_each_paragraph_once_in_document_order() {
    use Selector::*;
    let got = run(select(vec![
        Number("6".into()),
        NumberRange("2".into(), "6".into()),
        Ordinal(1),
    ]));
    assert_eq!(got, [1, 2, 3, 4, 5, 6]);
}

#[test]
fn ranges_and_filters_that_match_nothing_are_empty_not_errors() {
    use Selector::*;
    assert!(run(select(vec![NumberRange("50".into(), "60".into())])).is_empty());
    let filter = Filter {
        text: Some(fold("absent words")),
        ..Filter::default()
    };
    assert!(
        run(Selection {
            filter,
            ..Selection::default()
        })
        .is_empty()
    );
}

#[test]
fn missing_number_ordinal_or_section_is_an_error_naming_what_exists() {
    use Selector::*;
    let e = evaluate(&doc(), &select(vec![Number("99".into())])).expect_err("missing");
    assert!(e.to_string().contains("paragraphs 1–8"), "{e}");
    let e = evaluate(&doc(), &select(vec![Ordinal(11)])).expect_err("missing");
    assert!(e.to_string().contains("ordinals 1–10"), "{e}");
    assert!(evaluate(&doc(), &select(vec![Section("VII".into())])).is_err());
}

#[test]
fn filters_text_regex_and_kinds() {
    let text = Filter {
        text: Some(fold("MINORITES")),
        ..Filter::default()
    };
    assert_eq!(
        run(Selection {
            filter: text,
            ..Selection::default()
        }),
        [7]
    );
    let regex = Filter {
        regex: Some(regex::Regex::new(r"^Paragraph [23] ").unwrap()),
        ..Filter::default()
    };
    assert_eq!(
        run(Selection {
            filter: regex,
            ..Selection::default()
        }),
        [2, 3]
    );
    let kinds = Filter {
        kinds: vec![ParagraphKind::Table, ParagraphKind::Unnumbered],
        ..Filter::default()
    };
    assert_eq!(
        run(Selection {
            filter: kinds,
            ..Selection::default()
        }),
        [9, 10]
    );
}

#[test]
fn context_is_marked_and_clipped_at_the_edges() {
    use Selector::*;
    let selection = Selection {
        selectors: vec![Number("1".into()), Number("5".into())],
        context_before: 1,
        context_after: 2,
        ..Selection::default()
    };
    let hits = evaluate(&doc(), &selection).expect("ok");
    let roles: Vec<(u32, Role)> = hits.iter().map(|h| (h.ordinal, h.role)).collect();
    assert_eq!(
        roles,
        [
            (1, Role::Match),
            (2, Role::Context),
            (3, Role::Context),
            (4, Role::Context),
            (5, Role::Match),
            (6, Role::Context),
            (7, Role::Context)
        ]
    );
}

/// A report with a draft resolution, recommendations numbered inside a paragraph and an annex,
/// parsed from text as the service does.
const PARTS: &str = "A/1/2\nI.\nIntroduction\n1.\nThe Committee adopted this draft resolution:\n\
    Draft resolution A\nVenue\n1.\nDecides to meet;\n2.\nRequests a report.\nII.\nRecommendations\n\
    2.\nThe State received these recommendations:\n2.1 Ratify the Covenant;\n2.2 Report on time.\n\
    Annex\nList of documents\n1.\nThe list.\n";

fn parsed(input: &str) -> Document {
    let extracted = paragraphd::extract::text::extract(input.as_bytes(), 1 << 20).expect("text");
    paragraphd::parse::analyze(&extracted)
}

fn cite(doc: &Document, citation: &str) -> Result<Vec<u32>, String> {
    let parsed = paragraphd::query::citation::parse(citation).map_err(|e| e.message)?;
    let hits = evaluate(doc, &select(parsed.selectors)).map_err(|e| e.to_string())?;
    Ok(ordinals(&hits))
}

#[test]
fn every_paragraph_citation_selects_that_paragraph_alone() {
    let doc = parsed(PARTS);
    let numbered: Vec<&Paragraph> = doc
        .paragraphs
        .iter()
        .filter(|p| p.number.is_some())
        .collect();
    assert_eq!(numbered.len(), 5, "{:#?}", doc.paragraphs);
    for p in numbered {
        let citation = doc.citation(p);
        assert_eq!(cite(&doc, &citation), Ok(vec![p.ordinal]), "{citation}");
    }
}

#[test]
fn unscoped_numbers_cite_the_body_and_parts_scope_them() {
    let doc = parsed(PARTS);
    let ordinal = |citation: &str| cite(&doc, citation).expect(citation);
    let body_1 = ordinal("A/1/2, para. 1");
    assert_eq!(body_1.len(), 1);
    assert_ne!(body_1, ordinal("A/1/2, draft resolution A, para. 1"));
    assert_ne!(body_1, ordinal("annex, para. 1"));
    assert_eq!(ordinal("draft resolution a, paras. 1-2").len(), 2);
    // A recommendation number no paragraph has selects the paragraph holding it.
    assert_eq!(ordinal("para. 2.2"), ordinal("para. 2"));
    let e = cite(&doc, "annex II, para. 1").expect_err("no such part");
    assert!(
        e.contains("no part \"annex II\"") && e.contains("draft resolution A; annex"),
        "{e}"
    );
    let e = cite(&doc, "draft resolution A, para. 9").expect_err("no such paragraph");
    assert!(e.contains("draft resolution A has no paragraph 9"), "{e}");
    let e = cite(&doc, "para. 9").expect_err("no such paragraph");
    assert!(
        e.contains("has no paragraph 9; it has paragraphs 1–2"),
        "{e}"
    );
}

/// Issue 20: a page range past the document's end was an empty OK stream, while "para 999" is
/// NOT_FOUND naming what exists. A range wholly outside the pages names the physical pages held
/// (and the numbers printed on them); a range that overlaps them is not an error.
#[test]
fn a_page_range_past_the_end_names_the_physical_pages_held() {
    use Selector::*;
    let mut doc = doc();
    doc.meta.symbol = "A/HRC/52/71".into();
    doc.pages = (1..=3)
        .map(|n| paragraphd::model::Page {
            number: n,
            printed_number: Some((n + 6).to_string()),
            ..paragraphd::model::Page::default()
        })
        .collect();
    let e = evaluate(&doc, &select(vec![Pages(9, 9)])).expect_err("past the end");
    assert_eq!(
        e.to_string(),
        "A/HRC/52/71 has no page 9: page selectors count physical pages from 1, not the numbers \
         printed on them; it has pages 1–3 (printed 7–9)"
    );
    let e = evaluate(&doc, &select(vec![Pages(4, 6)])).expect_err("past the end");
    assert!(e.to_string().contains("has no pages 4–6"), "{e}");
    let overlapping = evaluate(&doc, &select(vec![Pages(3, 6)])).expect("overlaps");
    assert_eq!(ordinals(&overlapping), [6, 7, 8, 9, 10]);
    let body = Selector::InPart(String::new(), Box::new(Pages(4, 4)));
    assert!(evaluate(&doc, &select(vec![body])).is_err());
}
