//! One test per defect class that the referee scorers (`../shared/eval`, issue 18) found on
//! report families the parser was never tuned on. Each names its class and was written, on a
//! small input made after the documents' layout, before the change that fixes the class.
//! `UPDATE_EXPECT=1 cargo test --test all defect_classes::` rewrites the expectations.

use expect_test::expect;

use super::parse_text::{check, masthead};

/// The masthead of a report whose agenda items are two, their titles right under them.
const TWO_AGENDA_ITEMS: &str = "A/HRC/23/27\n\nUnited Nations\n\nGeneral Assembly\n\n\
    Distr.: General\n2 April 2013\nOriginal: English\n\nHuman Rights Council\n\
    Twenty-third session\nAgenda items 2 and 8\n\
    Annual report of the United Nations High Commissioner\n\
    for Human Rights and reports of the Office of the\n\
    High Commissioner and the Secretary-General\n\
    Follow-up to and implementation of the Vienna Declaration\nand Programme of Action\n\n\
    National institutions for the promotion and protection of\nhuman rights\n\
    Report of the Secretary-General* **\nSummary\n\
    The present report is submitted pursuant to Human Rights Council resolution 20/14.\n\n\
    GE.13-12785\n";

/// Class "titles: the agenda item's lines absorbed": an agenda title that reads like a
/// report's title (`Annual report of …`) is the agenda item's, not the document's; and
/// `Agenda items 2 and 8` is two items.
#[test]
fn titles_agenda_item_lines_are_not_the_title_and_items_split() {
    expect![[r#"
        symbol="A/HRC/23/27" job="GE.13-12785" body="Human Rights Council" date="2 April 2013" original="English" distribution="General"
        session="Twenty-third session" agenda=[("2", "Annual report of the United Nations High Commissioner for Human Rights and reports of the Office of the High Commissioner and the Secretary-General"), ("8", "Follow-up to and implementation of the Vienna Declaration and Programme of Action")]
        title="National institutions for the promotion and protection of human rights Report of the Secretary-General"
        summary="The present report is submitted pursuant to Human Rights Council resolution 20/14."
        numbered=[]
    "#]]
    .assert_eq(&masthead(TWO_AGENDA_ITEMS));
}

/// Class "titles: officers appended": `Chairperson-Rapporteur: …` under a working group's
/// report names its officer; it is not part of the title.
#[test]
fn titles_officer_line_is_not_the_title() {
    expect![[r#"
        symbol="A/HRC/23/55" job="" body="Human Rights Council" date="16 April 2013" original="English" distribution="General"
        session="Twenty-third session" agenda=[("5", "Human rights bodies and mechanisms")]
        title="Report of the open-ended intergovernmental working group on a draft United Nations declaration on the right to peace"
        summary=""
        numbered=["1"]
    "#]]
    .assert_eq(&masthead(
        "A/HRC/23/55\n\nUnited Nations\n\nGeneral Assembly\n\nDistr.: General\n\
         16 April 2013\nOriginal: English\n\nHuman Rights Council\nTwenty-third session\n\
         Agenda item 5\nHuman rights bodies and mechanisms\n\n\
         Report of the open-ended intergovernmental working group\n\
         on a draft United Nations declaration on the right to peace\n\
         Chairperson-Rapporteur: Christian Guillermet-Fernández (Costa Rica)\n\n\
         Note by the secretariat\n1.\nIn its resolution 20/15, the Council decided.\n",
    ));
}

/// Class "running headers as headings": a page header that prints the document's symbol with
/// a space inside (`A/HRC/ 8/29`) or a trailing slash (`A/HRC/23/15/`) is the symbol, page
/// furniture, not a heading over the paragraphs below it.
#[test]
fn running_headers_symbol_variants_are_furniture() {
    check(
        "A/HRC/8/29\nHuman Rights Council\nEighth session\n\nReport of the Working Group\n\n\
         Introduction\n1.\nThe Working Group met.\nGE.08-13682\n\
         \u{c}A/HRC/ 8/29\nPage 2\n2.\nThe delegation spoke.\n3.\nThe review ended.\n\
         \u{c}A/HRC/8/29/\nPage 3\n4.\nThe report was adopted.\n",
        expect![[r#"
            meta: symbol="A/HRC/8/29" job="GE.08-13682" title="Report of the Working Group"
            page 1 printed=None furniture=["A/HRC/8/29", "GE.08-13682"]
            page 2 printed=Some("2") furniture=["A/HRC/ 8/29", "Page 2"]
            page 3 printed=Some("3") furniture=["A/HRC/8/29/", "Page 3"]
            s1 L1 [] Introduction parent=None paras=Some((1, 4))
            #1 Numbered Some("1") s1 p1-1: The Working Group met.
            #2 Numbered Some("2") s1 p2-2: The delegation spoke.
            #3 Numbered Some("3") s1 p2-2: The review ended.
            #4 Numbered Some("4") s1 p3-3: The report was adopted.
        "#]],
    );
}

/// Class "footnote calls left in text": a call after a year and its full stop
/// (`2016–2021.35 The plan…`) leaves the paragraph's text, while a decimal (`2.35 per cent`)
/// stays; a call glued to a heading (`Opening plenary5`) leaves the section's title.
#[test]
fn footnote_calls_after_a_year_and_on_headings_leave_the_text() {
    check(
        "A.\nOpening plenary1\n1.\nThe strategy covers 2016–2021.2 The plan rose by 2.35 per \
         cent.\n2.\nThe Council met in 2020.3 times.\n\n1 See the programme.\n2 A/HRC/40/1.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L2 [A] Opening plenary parent=None paras=Some((1, 2))
            #1 Numbered Some("1") s1 p1-1: The strategy covers 2016–2021. The plan rose by 2.35 per cent.
                ref 2 @32
            #2 Numbered Some("2") s1 p1-1: The Council met in 2020.3 times.
            footnote 1 p1 -> None: See the programme.
            footnote 2 p1 -> Some(1): A/HRC/40/1.
        "#]],
    );
}

/// Class "unnumbered headings merged into paragraphs", pdftotext's variant: a paragraph's
/// first line printed above its number (`Turkey noted … steady progress` / `24.` / `over the
/// years …`) is that paragraph's text, not a heading over the paragraphs after it.
#[test]
fn paragraph_number_printed_below_its_first_line_is_no_heading() {
    check(
        "B.\nInteractive dialogue\n23.\nChina noted the measures taken by the Government.\n\
         Turkey noted that, in spite of its security challenges, the State had made steady progress\n\
         24.\nover the years in governance, rule of law and peace.\n25.\nFrance spoke.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L2 [B] Interactive dialogue parent=None paras=Some((1, 3))
            #1 Numbered Some("23") s1 p1-1: China noted the measures taken by the Government.
            #2 Numbered Some("24") s1 p1-1: Turkey noted that, in spite of its security challenges, the State had made steady progress over the years in governance, rule of law and peace.
            #3 Numbered Some("25") s1 p1-1: France spoke.
        "#]],
    );
}
