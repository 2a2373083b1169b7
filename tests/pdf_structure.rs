//! Geometry-aware structure analysis, data-driven on small Courier PDFs written by the test:
//! each rule is shown on a PDF where it matters, with the outline of the parsed document as a
//! snapshot (`UPDATE_EXPECT=1 cargo test --test all pdf_structure::` rewrites them).

use crate::pdf_support;

use std::fmt::Write as _;

use expect_test::{Expect, expect};
use paragraphd::extract::pdf;
use paragraphd::model::{Document, ParagraphKind};
use paragraphd::parse::analyze;
use pdf_support::{PageSpec, page, text as draw};

/// Parses a PDF of `pages` and compares its outline with `expect`.
pub(crate) fn check(pages: &[PageSpec], expect: Expect) {
    expect.assert_eq(&outline(&parse(pages)));
}

/// Writes a PDF of `pages` and parses it.
fn parse(pages: &[PageSpec]) -> Document {
    match pdf::extract(&pdf_support::pdf(pages), 1 << 20) {
        Ok(e) => analyze(&e),
        Err(e) => panic!("extraction failed: {e}"),
    }
}

/// Page furniture, sections, paragraphs (with items) and footnotes, one a line; a table's
/// cells are shown ` | `-separated and its rows ` / `-separated.
fn outline(doc: &Document) -> String {
    let mut out = String::new();
    for p in doc.pages.iter().filter(|p| !p.furniture.is_empty()) {
        let _ = writeln!(out, "page {} furniture={:?}", p.number, p.furniture);
    }
    for s in &doc.sections {
        let _ = writeln!(out, "{} L{} [{}] {}", s.id, s.level, s.label, s.title);
    }
    for p in &doc.paragraphs {
        let number = match p.kind {
            ParagraphKind::Table => "table",
            _ => p.number.as_deref().unwrap_or("-"),
        };
        let text = p.text.replace('\t', " | ").replace('\n', " / ");
        let _ = writeln!(
            out,
            "#{} {number} p{}-{}: {text}",
            p.ordinal, p.page_start, p.page_end
        );
        for it in &p.items {
            let _ = writeln!(out, "  {} L{} {}", it.marker, it.level, it.text(&p.text));
        }
    }
    for f in &doc.footnotes {
        let _ = writeln!(out, "footnote {} p{}: {}", f.mark, f.page, f.text);
    }
    out
}

/// 10 pt Courier body text at `x`, baseline `y` (PDF user space, y up).
pub(crate) fn body(x: f32, y: f32, s: &str) -> String {
    draw("F1", 10.0, x, y, 0.0, s)
}

#[test]
fn running_headers_and_footers_are_furniture() {
    // The same header and footer on four pages; a paragraph runs across each page break. The
    // header's words also stand once inside the body of page 3, where they stay text.
    let mut pages = Vec::new();
    for n in 1..=4 {
        let mut content = [
            body(72.0, 760.0, "Advance unedited version"),
            body(72.0, 700.0, &format!("continued text of page {n}.")),
            body(72.0, 676.0, &format!("{n}.")),
            body(108.0, 676.0, &format!("Paragraph {n} starts here and")),
            body(
                72.0,
                30.0,
                &format!("Report of the Working Group, page {n}"),
            ),
        ]
        .concat();
        if n == 3 {
            content.push_str(&body(72.0, 664.0, "Advance unedited version"));
        }
        pages.push(page(content));
    }
    check(
        &pages,
        expect![[r#"
            page 1 furniture=["Advance unedited version", "Report of the Working Group, page 1"]
            page 2 furniture=["Advance unedited version", "Report of the Working Group, page 2"]
            page 3 furniture=["Advance unedited version", "Report of the Working Group, page 3"]
            page 4 furniture=["Advance unedited version", "Report of the Working Group, page 4"]
            #1 - p1-1: continued text of page 1.
            #2 1 p1-2: Paragraph 1 starts here and continued text of page 2.
            #3 2 p2-3: Paragraph 2 starts here and continued text of page 3.
            #4 3 p3-4: Paragraph 3 starts here and Advance unedited version continued text of page 4.
            #5 4 p4-4: Paragraph 4 starts here and
        "#]],
    );
}

#[test]
fn small_text_at_a_page_foot_opening_with_a_mark_is_a_footnote() {
    // Page 1: the call `3` (the document's first, so not the expected `1`) and its footnote in
    // 8 pt at the foot. Page 2: 8 pt text at the foot without a mark stays body text. The body
    // size is the size of most characters: 10 pt.
    let page1 = [
        body(72.0, 700.0, "1."),
        body(108.0, 700.0, "The first paragraph cites a source"),
        draw("F1", 6.0, 312.0, 700.0, 4.0, "3"),
        body(315.6, 700.0, ", and it goes on"),
        body(72.0, 688.0, "over a second line of body text."),
        draw(
            "F1",
            8.0,
            72.0,
            90.0,
            0.0,
            "3 The source, published in 2010,",
        ),
        draw("F1", 8.0, 72.0, 80.0, 0.0, "with a second line."),
    ]
    .concat();
    let page2 = [
        body(72.0, 700.0, "2."),
        body(108.0, 700.0, "The second paragraph, also long enough"),
        body(72.0, 688.0, "to make 10 pt the size of the body text."),
        draw(
            "F1",
            8.0,
            72.0,
            90.0,
            0.0,
            "Source: a table note in small print.",
        ),
    ]
    .concat();
    check(
        &[page(page1), page(page2)],
        expect![[r#"
            #1 1 p1-1: The first paragraph cites a source, and it goes on over a second line of body text.
            #2 2 p2-2: The second paragraph, also long enough to make 10 pt the size of the body text. Source: a table note in small print.
            footnote 3 p1: The source, published in 2010, with a second line.
        "#]],
    );
}

#[test]
fn a_bold_line_between_plain_lines_is_a_heading() {
    // `Guiding questions` is bold between plain sentences: a heading, though no numbered
    // paragraph follows. Two bold lines in a row, and a short plain line, stay text.
    let content = [
        body(72.0, 700.0, "The meeting will be held in New York."),
        draw("F2", 10.0, 72.0, 676.0, 0.0, "Guiding questions"),
        body(72.0, 652.0, "Members may wish to consider the following."),
        draw("F2", 10.0, 72.0, 628.0, 0.0, "A bold sentence that runs on"),
        draw("F2", 10.0, 72.0, 616.0, 0.0, "Over two bold lines"),
        body(72.0, 592.0, "Format"),
        body(72.0, 568.0, "The debate is open."),
    ]
    .concat();
    check(
        &[page(content)],
        expect![[r#"
            s1 L1 [] Guiding questions
            #1 - p1-1: The meeting will be held in New York.
            #2 - p1-1: Members may wish to consider the following.
            #3 - p1-1: A bold sentence that runs on Over two bold lines
            #4 - p1-1: Format
            #5 - p1-1: The debate is open.
        "#]],
    );
}

#[test]
fn cells_aligned_in_columns_over_three_rows_are_a_table() {
    // A table of three columns: a header, rows whose cells share the columns, a wrapped
    // first-column cell (`equipment`), a paragraph after it. Below, three rows of two cells
    // that share no column, and a contents row with leader dots and its page: text.
    let cells = |y: f32, row: &[(f32, &str)]| -> String {
        row.iter().map(|&(x, s)| body(x, y, s)).collect()
    };
    let content = [
        body(72.0, 700.0, "1."),
        body(108.0, 700.0, "The costs are shown in the table below."),
        cells(676.0, &[(72.0, "Item"), (300.0, "2024"), (400.0, "2025")]),
        cells(664.0, &[(72.0, "Staff"), (306.0, "120"), (406.0, "130")]),
        cells(652.0, &[(72.0, "Travel and"), (312.0, "15"), (412.0, "18")]),
        body(72.0, 640.0, "equipment"),
        cells(628.0, &[(72.0, "Total"), (306.0, "135"), (406.0, "148")]),
        body(72.0, 604.0, "2."),
        body(108.0, 604.0, "Cells that share no column stay text."),
        cells(580.0, &[(72.0, "Alpha"), (200.0, "beta")]),
        cells(568.0, &[(90.0, "Gamma"), (260.0, "delta")]),
        cells(556.0, &[(110.0, "Epsilon"), (330.0, "zeta")]),
        cells(532.0, &[(72.0, "Annex . . . . . . . ."), (400.0, "9")]),
    ]
    .concat();
    check(
        &[page(content)],
        expect![[r#"
        page 1 furniture=["9"]
        #1 1 p1-1: The costs are shown in the table below.
        #2 table p1-1: Item | 2024 | 2025 / Staff | 120 | 130 / Travel and | 15 | 18 / equipment / Total | 135 | 148
        #3 2 p1-1: Cells that share no column stay text. Alpha beta Gamma delta Epsilon zeta Annex . . . . . . . .
    "#]],
    );
}

#[test]
fn a_list_indented_under_a_paragraph_is_nested_even_where_it_reaches_the_next_numbers() {
    // Paragraph 2 holds a list `1.`–`5.` set deeper than the paragraph numbers; its `3.`–`5.`
    // are also the next paragraph numbers. By the sequence alone they would be paragraphs 3–5
    // (three paragraphs rather than the two at the margin); by indentation they are items,
    // and the `3.` and `4.` at the margin are paragraphs 3 and 4.
    let mut content = vec![
        body(72.0, 700.0, "1."),
        body(108.0, 700.0, "The review took place on 5 May."),
        body(72.0, 676.0, "2."),
        body(108.0, 676.0, "The Working Group recommends that the State:"),
    ];
    let items = [
        "Ratify.",
        "Adopt a law.",
        "Report.",
        "Train judges.",
        "Visit.",
    ];
    for (k, item) in items.iter().enumerate() {
        let y = 652.0 - 24.0 * k as f32;
        content.push(body(108.0, y, &format!("{}.", k + 1)));
        content.push(body(144.0, y, item));
    }
    content.push(body(72.0, 520.0, "3."));
    content.push(body(108.0, 520.0, "The outcome was adopted."));
    content.push(body(72.0, 496.0, "4."));
    content.push(body(108.0, 496.0, "The session closed."));
    check(
        &[page(content.concat())],
        expect![[r#"
        #1 1 p1-1: The review took place on 5 May.
        #2 2 p1-1: The Working Group recommends that the State: 1. Ratify. 2. Adopt a law. 3. Report. 4. Train judges. 5. Visit.
          1. L1 Ratify.
          2. L1 Adopt a law.
          3. L1 Report.
          4. L1 Train judges.
          5. L1 Visit.
        #3 3 p1-1: The outcome was adopted.
        #4 4 p1-1: The session closed.
    "#]],
    );
}

#[test]
fn a_line_set_larger_than_its_neighbours_after_page_one_is_a_heading() {
    // Page 2: `Questions relating to information` in 14 pt between 10 pt sentences is a
    // heading. Page 1: the same on the masthead page stays text; so does a 14 pt line followed
    // by another 14 pt line.
    let large = |y: f32, s: &str| draw("F1", 14.0, 72.0, y, 0.0, s);
    let page1 = [
        body(72.0, 700.0, "1."),
        body(108.0, 700.0, "The Committee met in New York."),
        large(676.0, "General Assembly"),
        body(72.0, 652.0, "It adopted its report."),
    ]
    .concat();
    let page2 = [
        body(72.0, 700.0, "The debate was held in May."),
        large(676.0, "Questions relating to information"),
        body(72.0, 652.0, "Speakers welcomed the report."),
        large(628.0, "A larger sentence that runs"),
        large(612.0, "Over two larger lines"),
        body(72.0, 588.0, "The session closed."),
    ]
    .concat();
    check(
        &[page(page1), page(page2)],
        expect![[r#"
        s1 L1 [] Questions relating to information
        #1 1 p1-2: The Committee met in New York. General Assembly It adopted its report. The debate was held in May.
        #2 - p2-2: Speakers welcomed the report.
        #3 - p2-2: A larger sentence that runs Over two larger lines
        #4 - p2-2: The session closed.
    "#]],
    );
}

#[test]
fn a_board_name_over_several_lines_beside_the_distribution_fields_is_the_body() {
    // An executive board's name in 17 pt over three lines, the `Distr.` fields in 10 pt to its
    // right on baselines between them: in reading order the fields come between its lines.
    let name = |y: f32, s: &str| draw("F1", 17.0, 72.0, y, 0.0, s);
    let field = |y: f32, s: &str| draw("F1", 10.0, 380.0, y, 0.0, s);
    let page1 = [
        draw("F1", 14.0, 72.0, 740.0, 0.0, "United Nations"),
        draw("F1", 12.0, 430.0, 744.0, 0.0, "DP/2025/1"),
        name(712.0, "Executive Board of the"),
        field(708.0, "Distr.: General"),
        field(696.0, "29 October 2024"),
        name(692.0, "United Nations Development"),
        field(672.0, "Original: English"),
        name(670.0, "Programme"),
        body(72.0, 630.0, "First regular session 2025"),
        body(72.0, 618.0, "Item 1 of the provisional agenda"),
        body(72.0, 606.0, "Organizational matters"),
        body(72.0, 570.0, "1."),
        body(108.0, 570.0, "The Executive Board met."),
    ]
    .concat();
    let doc = parse(&[page(page1)]);
    let m = &doc.meta;
    expect![[r#"
        symbol="DP/2025/1" body="Executive Board of the United Nations Development Programme" session="First regular session 2025" agenda=[AgendaItem { number: "1", title: "" }]
    "#]]
    .assert_eq(&format!(
        "symbol={:?} body={:?} session={:?} agenda={:?}\n",
        m.symbol, m.body, m.session, m.agenda_items
    ));
}

#[test]
fn the_agenda_item_title_ends_where_the_report_title_in_larger_bold_type_begins() {
    // No gap between the agenda item's title (10 pt) and the report's title (14 pt bold), a
    // gap inside the report's title: the type, not the gap, tells them apart.
    let bold = |y: f32, s: &str| draw("F2", 14.0, 72.0, y, 0.0, s);
    let page1 = [
        draw("F1", 14.0, 72.0, 740.0, 0.0, "United Nations"),
        draw("F1", 12.0, 430.0, 744.0, 0.0, "E/2025/15"),
        body(380.0, 708.0, "Distr.: General"),
        body(72.0, 660.0, "Agenda item 16"),
        body(72.0, 648.0, "Regional cooperation"),
        bold(632.0, "Regional cooperation in the economic fields"),
        bold(596.0, "Report of the Secretary-General"),
        body(72.0, 560.0, "1."),
        body(108.0, 560.0, "The Council met."),
    ]
    .concat();
    let doc = parse(&[page(page1)]);
    let m = &doc.meta;
    expect![[r#"
        title="Regional cooperation in the economic fields Report of the Secretary-General" agenda=[AgendaItem { number: "16", title: "Regional cooperation" }]
    "#]].assert_eq(&format!(
        "title={:?} agenda={:?}\n",
        m.title, m.agenda_items
    ));
}

#[test]
fn a_figure_caption_and_its_bold_title_are_their_own_paragraph() {
    // `Figure II`, its bold title and its units line interrupt paragraph 1, which goes on
    // after them: they become one paragraph after it, and the title heads no section. The
    // chart's words below stay where they are; `Figure 3 shows` opens no figure.
    let content = [
        body(72.0, 700.0, "1. The Fund received more contributions"),
        body(72.0, 688.0, "in 2024 than in any year before."),
        body(200.0, 664.0, "Figure II"),
        draw("F2", 10.0, 120.0, 652.0, 0.0, "Core resource contributions"),
        draw("F1", 9.0, 300.0, 630.0, 0.0, "(in millions of $)"),
        body(72.0, 520.0, "Most came from Governments."),
        body(72.0, 496.0, "2. Figure 3 shows the trend."),
    ]
    .concat();
    check(
        &[page(content)],
        expect![[r#"
            #1 1 p1-1: The Fund received more contributions in 2024 than in any year before. Most came from Governments.
            #2 - p1-1: Figure II / Core resource contributions (in millions of $)
            #3 2 p1-1: Figure 3 shows the trend.
        "#]],
    );
}
