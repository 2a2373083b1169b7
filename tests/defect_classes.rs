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

/// Class "unnumbered headings merged into paragraphs", wrapped: a heading over two lines, the
/// first ending with a connector (`… as a State Party to the` / `Chemical Weapons
/// Convention`), between the end of a sentence and a numbered paragraph, is a heading.
#[test]
fn wrapped_unnumbered_heading_before_a_paragraph_is_a_heading() {
    check(
        "1.\nThe report covers the period to 23 March 2025.\n\
         Obligations undertaken by the Syrian Arab Republic as a State Party to the\n\
         Chemical Weapons Convention\n2.\nThe Syrian Arab Republic acceded to the Convention.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L1 [] Obligations undertaken by the Syrian Arab Republic as a State Party to the Chemical Weapons Convention parent=None paras=Some((2, 2))
            #1 Numbered Some("1")  p1-1: The report covers the period to 23 March 2025.
            #2 Numbered Some("2") s1 p1-1: The Syrian Arab Republic acceded to the Convention.
        "#]],
    );
}

/// Class "unnumbered headings merged into paragraphs", numbered apart: a sub-heading `1.`
/// whose title wraps onto a second line (`… unlocking investments and` / `climate finance
/// …`) is a heading, not text of the paragraph before it.
#[test]
fn numbered_heading_with_a_wrapped_title_is_a_heading() {
    check(
        "1.\nThe commissions met in 2024.\n2.\nThey agreed on priorities.\n1.\n\
         Scaling up sustainable development financing: unlocking investments and\n\
         climate finance and addressing debt sustainability\n3.\n\
         In a context of uncertainty, the commissions acted.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L3 [1] Scaling up sustainable development financing: unlocking investments and climate finance and addressing debt sustainability parent=None paras=Some((3, 3))
            #1 Numbered Some("1")  p1-1: The commissions met in 2024.
            #2 Numbered Some("2")  p1-1: They agreed on priorities.
            #3 Numbered Some("3") s1 p1-1: In a context of uncertainty, the commissions acted.
        "#]],
    );
}

/// Class "unnumbered headings merged into paragraphs", in a PDF: a bold line before a
/// numbered paragraph is a heading even after a list item that ends without a stop
/// (`… respecting and building together` / `Right to work and to food` / `31. …`).
#[test]
fn bold_heading_after_a_list_item_without_a_stop_is_a_heading() {
    use super::pdf_structure::{body, check as check_pdf};
    use super::pdf_support::{page, text as draw};
    let content = [
        body(72.0, 700.0, "1."),
        body(108.0, 700.0, "Italy follows three pillars:"),
        body(108.0, 688.0, "listening, respecting and building together"),
        draw("F2", 10.0, 72.0, 664.0, 0.0, "Right to work and to food"),
        body(72.0, 640.0, "2."),
        body(
            108.0,
            640.0,
            "Economic, social and cultural rights are fundamental.",
        ),
    ]
    .concat();
    check_pdf(
        &[page(content)],
        expect![[r#"
        s1 L1 [] Right to work and to food
        #1 1 p1-1: Italy follows three pillars: listening, respecting and building together
        #2 2 p1-1: Economic, social and cultural rights are fundamental.
    "#]],
    );
}

/// Class "headings contradicting the contents table": an annex heading above the first
/// heading the contents table lists (the table's own `ANNEXES` / `ANNEX 1` / `Table 1.` list)
/// is front matter, not an annex that would hold the whole body.
#[test]
fn annex_heading_above_the_first_listed_heading_is_no_annex() {
    check(
        "DP/FPA/2025/4\n\nContents\nI.\nIntroduction ........................ 4\n\
         II.\nTotal resources ........................ 5\n\n\
         ANNEXES\nAnnexes are available on the Executive Board website\nANNEX 1\nTable 1.\n\
         \u{c}I.\nIntroduction\n1.\nThe review covers 2024.\nII.\nTotal resources\n2.\n\
         Revenue rose.\n",
        expect![[r#"
            meta: symbol="DP/FPA/2025/4" job="" title=""
            page 1 printed=None furniture=["DP/FPA/2025/4"]
            page 2 printed=None furniture=[]
            contents [I] Introduction (None, None) page=Some("4")
            contents [II] Total resources (None, None) page=Some("5")
            s1 L1 [I] Introduction parent=None paras=Some((2, 2))
            s2 L1 [II] Total resources parent=None paras=Some((3, 3))
            #1 Unnumbered None  p1-1: Annexes are available on the Executive Board website ANNEX 1 Table 1.
            #2 Numbered Some("1") s1 p2-2: The review covers 2024.
            #3 Numbered Some("2") s2 p2-2: Revenue rose.
        "#]],
    );
}

/// Class "contents table rows read as paragraphs": rows that print their paragraph range on
/// the leader's line (`Trafficking in human beings ..... 68 - 71`, the page on the next line)
/// are contents rows, however many follow each other; and a French report's `Table des
/// matières` is a contents table.
#[test]
fn contents_rows_with_the_range_on_the_leader_line_and_a_french_title() {
    let letters = ["A", "B", "C", "D", "E", "F", "G"];
    let rows: String = (1..=7)
        .map(|n| {
            let l = letters[n - 1];
            format!(
                "{l}.\nTopic {l} ..................... {n} - {n}\n{}\n",
                n + 4
            )
        })
        .collect();
    let body: String = (1..=7)
        .map(|n| {
            let l = letters[n - 1];
            format!("{l}.\nTopic {l}\n{n}.\nThe text of paragraph {n}.\n")
        })
        .collect();
    check(
        &format!("Contents\nParagraphs Page\n{rows}\n\u{c}{body}"),
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            page 2 printed=None furniture=[]
            contents [A] Topic A (Some("1"), Some("1")) page=Some("5")
            contents [B] Topic B (Some("2"), Some("2")) page=Some("6")
            contents [C] Topic C (Some("3"), Some("3")) page=Some("7")
            contents [D] Topic D (Some("4"), Some("4")) page=Some("8")
            contents [E] Topic E (Some("5"), Some("5")) page=Some("9")
            contents [F] Topic F (Some("6"), Some("6")) page=Some("10")
            contents [G] Topic G (Some("7"), Some("7")) page=Some("11")
            s1 L2 [A] Topic A parent=None paras=Some((1, 1))
            s2 L2 [B] Topic B parent=None paras=Some((2, 2))
            s3 L2 [C] Topic C parent=None paras=Some((3, 3))
            s4 L2 [D] Topic D parent=None paras=Some((4, 4))
            s5 L2 [E] Topic E parent=None paras=Some((5, 5))
            s6 L2 [F] Topic F parent=None paras=Some((6, 6))
            s7 L2 [G] Topic G parent=None paras=Some((7, 7))
            #1 Numbered Some("1") s1 p2-2: The text of paragraph 1.
            #2 Numbered Some("2") s2 p2-2: The text of paragraph 2.
            #3 Numbered Some("3") s3 p2-2: The text of paragraph 3.
            #4 Numbered Some("4") s4 p2-2: The text of paragraph 4.
            #5 Numbered Some("5") s5 p2-2: The text of paragraph 5.
            #6 Numbered Some("6") s6 p2-2: The text of paragraph 6.
            #7 Numbered Some("7") s7 p2-2: The text of paragraph 7.
        "#]],
    );
    check(
        "Table des matières\nParagraphes Page\nI.\nMéthodologie ........ 1 - 2\n5\nII.\n\
         Cadre normatif ........ 3 - 3\n6\n\n\u{c}I.\nMéthodologie\n1.\nLe rapport.\n2.\n\
         Il suit.\nII.\nCadre normatif\n3.\nLa Constitution.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            page 2 printed=None furniture=[]
            contents [I] Méthodologie (Some("1"), Some("2")) page=Some("5")
            contents [II] Cadre normatif (Some("3"), Some("3")) page=Some("6")
            s1 L1 [I] Méthodologie parent=None paras=Some((1, 2))
            s2 L1 [II] Cadre normatif parent=None paras=Some((3, 3))
            #1 Numbered Some("1") s1 p2-2: Le rapport.
            #2 Numbered Some("2") s1 p2-2: Il suit.
            #3 Numbered Some("3") s2 p2-2: La Constitution.
        "#]],
    );
}

/// Class "paragraphs lost after a table": a note under a table in mid-page (`Global activities
/// *` / `* Expenses for …`) is a footnote of one line; the numbered paragraphs below it on the
/// same page are the body again, not footnote text (which cut the numbering short there and lost
/// every paragraph after it).
#[test]
fn a_note_under_a_table_in_mid_page_ends_before_the_next_paragraph() {
    check(
        "1. The Fund reports its expenses by region in the table below.\n\
         2. Expenses are summarized in table 6.\nTable 6\nExpenses, by region\n\n\
         Arab States\n\n229.2\n\n192.3\n\nGlobal activities *\n\
         Total programmes and institutional budget\n\n\
         * Expenses for global programmes include the cost of commodities.\n\n\
         3. The Fund remains committed to supporting its field offices.\n\
         4. Two regions incurred higher expenses in 2024 than in 2023.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Numbered Some("1")  p1-1: The Fund reports its expenses by region in the table below.
            #2 Numbered Some("2")  p1-1: Expenses are summarized in table 6.
            #3 Table None  p1-1: Table 6
            Expenses, by region
            Arab States
            229.2
            192.3
            Global activities *
            Total programmes and institutional budget
            #4 Numbered Some("3")  p1-1: The Fund remains committed to supporting its field offices.
            #5 Numbered Some("4")  p1-1: Two regions incurred higher expenses in 2024 than in 2023.
            footnote * p1 -> None: Expenses for global programmes include the cost of commodities.
        "#]],
    );
}

/// The same class in a list: a starred note under a list of organizations ends at the heading
/// of the next annex and at an item whose name starts with a digit (`1. 80,000 Voices`).
#[test]
fn a_note_under_a_list_ends_at_the_next_annex_heading() {
    check(
        "Annex I\nOrganizations\n1. Abolition Network*\n2. Peace Boat*\n\n\
         * Participated in the first Meeting of States Parties.\nAnnex II\n\
         1. 80,000 Voices\n2. Africa Reconciled\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L1 [Annex I] Organizations parent=None paras=Some((1, 2))
            s2 L1 [Annex II]  parent=None paras=Some((3, 4))
            #1 Numbered Some("1") s1 p1-1 annex: Abolition Network
                ref * @17
            #2 Numbered Some("2") s1 p1-1 annex: Peace Boat*
            #3 Numbered Some("1") s2 p1-1 annex: 80,000 Voices
            #4 Numbered Some("2") s2 p1-1 annex: Africa Reconciled
            footnote * p1 -> Some(1): Participated in the first Meeting of States Parties.
        "#]],
    );
}

/// Class "numbered sub-headings merged, wrapped without a connector": a `1.`–`9.` heading whose
/// title runs over two or three lines that need no connector at a line end (`… Kunming-Montreal
/// Global` / `Biodiversity Framework`), followed by the next paragraph's number, is a heading,
/// not an item of a list inside the paragraph before it. A recommendation in brackets
/// (`… implement (Czech` / `Republic) a standing invitation …`) stays an item.
#[test]
fn numbered_heading_wrapped_without_a_connector_is_a_heading() {
    check(
        "C.\nInternational governance\n16. The Parties met twice.\n\n1.\n\
         Convention on Biological Diversity and Kunming-Montreal Global\n\
         Biodiversity Framework\n17. Target 8 of the Framework is focused on climate change.\n\n\
         2.\nAgreement under the United Nations Convention on the Law of the Sea on the\n\
         Conservation and Sustainable Use of Marine Biological Diversity of Areas\n\
         beyond National Jurisdiction\n18. Once the Agreement enters into force, it will help.\n\
         19. The following recommendations enjoy support:\n1.\nRatify the Convention (Chile);\n\
         2.\nFulfil its voluntary pledge (Latvia) and implement (Czech\n\
         Republic) a standing invitation to all the Special Procedures\n\
         20. The review ended.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L2 [C] International governance parent=None paras=Some((1, 5))
            s2 L3 [1] Convention on Biological Diversity and Kunming-Montreal Global Biodiversity Framework parent=Some(0) paras=Some((2, 2))
            s3 L3 [2] Agreement under the United Nations Convention on the Law of the Sea on the Conservation and Sustainable Use of Marine Biological Diversity of Areas beyond National Jurisdiction parent=Some(0) paras=Some((3, 5))
            #1 Numbered Some("16") s1 p1-1: The Parties met twice.
            #2 Numbered Some("17") s2 p1-1: Target 8 of the Framework is focused on climate change.
            #3 Numbered Some("18") s3 p1-1: Once the Agreement enters into force, it will help.
            #4 Numbered Some("19") s3 p1-1: The following recommendations enjoy support: 1. Ratify the Convention (Chile); 2. Fulfil its voluntary pledge (Latvia) and implement (Czech Republic) a standing invitation to all the Special Procedures
                item L1 1. Ratify the Convention (Chile);
                item L1 2. Fulfil its voluntary pledge (Latvia) and implement (Czech Republic) a standing invitation to all the Special Procedures
            #5 Numbered Some("20") s3 p1-1: The review ended.
        "#]],
    );
}

/// Class "unnumbered headings merged into paragraphs", wrapped without a connector: a heading
/// over two or three lines between the end of a sentence and a numbered paragraph, its lines
/// joined by a lowercase continuation (`… by States Parties` / `hosting destruction
/// activities`), by title case, or by a first line as long as a text line, is a heading. A
/// paragraph's last sentence that ends with a footnote call (`… destroyed.12`) stays text.
#[test]
fn wrapped_unnumbered_heading_without_a_connector_is_a_heading() {
    check(
        "12. The Secretariat verified the destruction of all facilities.\n\
         Progress in the elimination of Syrian chemical weapons by States Parties\n\
         hosting destruction activities\n\
         13. All of the chemicals removed from its territory have been destroyed.\n\
         Activities carried out by the Technical Secretariat with respect to Executive\n\
         Council decisions EC-81/DEC.4 and EC-83/DEC.5\n\
         14. The Secretariat has continued to address the shortcomings.\n\
         The Secretariat will further report on the matter in due\n\
         course and in its next report.12\n\
         15. The Council met.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L1 [] Progress in the elimination of Syrian chemical weapons by States Parties hosting destruction activities parent=None paras=Some((2, 4))
            s2 L2 [] Activities carried out by the Technical Secretariat with respect to Executive Council decisions EC-81/DEC.4 and EC-83/DEC.5 parent=Some(0) paras=Some((3, 4))
            #1 Numbered Some("12")  p1-1: The Secretariat verified the destruction of all facilities.
            #2 Numbered Some("13") s1 p1-1: All of the chemicals removed from its territory have been destroyed.
            #3 Numbered Some("14") s2 p1-1: The Secretariat has continued to address the shortcomings. The Secretariat will further report on the matter in due course and in its next report.12
            #4 Numbered Some("15") s2 p1-1: The Council met.
        "#]],
    );
}

/// Class "unnumbered headings merged into paragraphs", annotated agendas: the action line
/// under an agenda item (`For decision (E/ICEF/2025/12)`, its bracket of documents perhaps
/// wrapped) is a heading between the item's title and its annotation, not the item's text.
#[test]
fn action_line_of_an_annotated_agenda_is_a_heading() {
    check(
        "Provisional annotated agenda\n1.\n\
         Adoption of the provisional annotated agenda, timetable and organization\nof work\n\
         For decision (E/ICEF/2025/11)\n\
         The provisional agenda has been prepared in consultation with the Bureau.\n\
         2.\nAnnual report for 2024 of the Executive Director\n\
         For decision (E/ICEF/2025/AB/L.3, E/ICEF/2025/AB/L.3/Add.1,\nE/ICEF/2025/AB/L.4)\n\
         The report covers 2024.\n\
         3.\nUpdate on organizational culture\nFor information\n\
         The report provides an update.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L1 [] Provisional annotated agenda parent=None paras=Some((1, 6))
            s2 L4 [] For decision (E/ICEF/2025/11) parent=Some(0) paras=Some((2, 3))
            s3 L4 [] For decision (E/ICEF/2025/AB/L.3, E/ICEF/2025/AB/L.3/Add.1, E/ICEF/2025/AB/L.4) parent=Some(0) paras=Some((4, 5))
            s4 L4 [] For information parent=Some(0) paras=Some((6, 6))
            #1 Numbered Some("1") s1 p1-1: Adoption of the provisional annotated agenda, timetable and organization of work
            #2 Unnumbered None s2 p1-1: The provisional agenda has been prepared in consultation with the Bureau.
            #3 Numbered Some("2") s2 p1-1: Annual report for 2024 of the Executive Director
            #4 Unnumbered None s3 p1-1: The report covers 2024.
            #5 Numbered Some("3") s3 p1-1: Update on organizational culture
            #6 Unnumbered None s4 p1-1: The report provides an update.
        "#]],
    );
}

/// Class "unnumbered headings merged into paragraphs", listed: a heading wrapped over two
/// lines whose joined text is a title of the contents table (`Contributing to a
/// people-centred United Nations: The functioning …` / `… United Nations Volunteers.`) is a
/// heading, even where it ends with a full stop.
#[test]
fn wrapped_heading_listed_in_the_contents_is_a_heading() {
    check(
        "Contents\nPage\n\
         Contributing to a people-centred United Nations: The functioning of the system is\n\
         supported through the engagement of volunteers. ........................ 3\n\
         \u{c}1. UNV collaborated with the system.\n\
         Contributing to a people-centred United Nations: The functioning of the\n\
         system is supported through the engagement of volunteers.\n\
         2. In 2024, the approach stood the test.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            page 2 printed=None furniture=[]
            contents [] Contributing to a people-centred United Nations: The functioning of the system is supported through the engagement of volunteers (None, None) page=Some("3")
            s1 L1 [] Contributing to a people-centred United Nations: The functioning of the system is supported through the engagement of volunteers parent=None paras=Some((2, 2))
            #1 Numbered Some("1")  p2-2: UNV collaborated with the system.
            #2 Numbered Some("2") s1 p2-2: In 2024, the approach stood the test.
        "#]],
    );
}

/// Class "unnumbered headings merged into paragraphs", stacked: two headings on two lines
/// between a sentence's end and a numbered paragraph (`Action taken by the Commission under
/// agenda item 3` / `Social dimensions of the New Partnership for Africa’s Development` /
/// `9.`), the second perhaps wrapped, are both headings.
#[test]
fn stacked_unnumbered_headings_before_a_paragraph_are_headings() {
    check(
        "8.\nThe Commission considered agenda item 3.\n\
         Action taken by the Commission under agenda item 3\n\
         Social dimensions of the New Partnership for Africa’s Development\n9.\n\
         At the 10th meeting, a draft resolution was introduced.\n\
         Action taken by the Commission\n\
         Nomination of members of the Board of the United Nations Research Institute\n\
         for Social Development\n10. At its 10th meeting, the Commission decided.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L1 [] Action taken by the Commission under agenda item 3 parent=None paras=Some((2, 3))
            s2 L2 [] Social dimensions of the New Partnership for Africa’s Development parent=Some(0) paras=Some((2, 3))
            s3 L3 [] Action taken by the Commission parent=Some(1) paras=Some((3, 3))
            s4 L4 [] Nomination of members of the Board of the United Nations Research Institute for Social Development parent=Some(2) paras=Some((3, 3))
            #1 Numbered Some("8")  p1-1: The Commission considered agenda item 3.
            #2 Numbered Some("9") s2 p1-1: At the 10th meeting, a draft resolution was introduced.
            #3 Numbered Some("10") s4 p1-1: At its 10th meeting, the Commission decided.
        "#]],
    );
}

/// Class "unnumbered headings merged into paragraphs", after a footnote call: a title line
/// before a numbered paragraph is a heading when the line above ends a sentence with a
/// footnote call after its stop (`… rightsizing of UNSOS. 1` / `Background and approach to the
/// review` / `9.`).
#[test]
fn heading_after_a_sentence_ending_with_a_footnote_call_is_a_heading() {
    check(
        "8.\nThe review was requested to enable the rightsizing of UNSOS. 1\n\
         Background and approach to the review\n9.\nIn January 2025, the Secretary-General acted.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L1 [] Background and approach to the review parent=None paras=Some((2, 2))
            #1 Numbered Some("8")  p1-1: The review was requested to enable the rightsizing of UNSOS. 1
            #2 Numbered Some("9") s1 p1-1: In January 2025, the Secretary-General acted.
        "#]],
    );
}

/// Class "lettered sub-headings merged": a letter with one bracket (`a)`, as some national
/// reports label sub-headings), alone or with its title, then a title line without a sentence
/// end, then the next paragraph's number, is a heading under the numbered sub-heading above it;
/// it is not the last item of the paragraph before. The numbered sub-heading over it may list
/// topics with semicolons (`1. Policy on asylum; trafficking; integration`) and wrap onto a
/// line in lower case (`… politique` / `d’intégration`). A list item that ends its sentence
/// (`b) strengthen the courts.`) stays an item.
#[test]
fn lettered_sub_heading_before_a_paragraph_is_a_heading() {
    check(
        "B.\nCivil and political rights\n52. The press is free.\n\
         1. Policy on asylum and immigration; trafficking; integration policy\na)\n\n\
         Evolution of the society\n\n53. For a long time the country was one of emigration.\n\
         54. The Government intends to:\na) review the law;\nb) strengthen the courts.\n\
         b)\n\nAsylum policy; refugee integration\n\n55. Foreigners enjoy the same rights.\n\
         2. Politique en matière d’asile et d’immigration; traite des personnes; politique\n\
         d’intégration\nd)\n\n\
         La coopération avec les pays d’origine et de transit; les opérations de sauvetage en mer\n\
         56. L’Italie est pleinement consciente des tragédies.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L2 [B] Civil and political rights parent=None paras=Some((1, 5))
            s2 L3 [1] Policy on asylum and immigration; trafficking; integration policy parent=Some(0) paras=Some((2, 4))
            s3 L4 [a] Evolution of the society parent=Some(1) paras=Some((2, 3))
            s4 L4 [b] Asylum policy; refugee integration parent=Some(1) paras=Some((4, 4))
            s5 L3 [2] Politique en matière d’asile et d’immigration; traite des personnes; politique d’intégration parent=Some(0) paras=Some((5, 5))
            s6 L4 [d] La coopération avec les pays d’origine et de transit; les opérations de sauvetage en mer parent=Some(4) paras=Some((5, 5))
            #1 Numbered Some("52") s1 p1-1: The press is free.
            #2 Numbered Some("53") s3 p1-1: For a long time the country was one of emigration.
            #3 Numbered Some("54") s3 p1-1: The Government intends to: a) review the law; b) strengthen the courts.
                item L1 a) review the law;
                item L1 b) strengthen the courts.
            #4 Numbered Some("55") s4 p1-1: Foreigners enjoy the same rights.
            #5 Numbered Some("56") s6 p1-1: L’Italie est pleinement consciente des tragédies.
        "#]],
    );
}

/// Class "a heading's number alone above it": pdftotext prints a sub-heading's number alone
/// (`3.`), a blank line, then its title, which the contents table lists (its row without the
/// number, which pdftotext moved elsewhere); the number is the heading's label, not the end of
/// the paragraph before.
#[test]
fn number_alone_above_a_listed_heading_is_its_label() {
    check(
        "Table des matières\n\nParagraphes\n\
         2.\nAutres organes compétents .......... 23 - 31\n\
         Organes chargés de la lutte contre la discrimination .......... 32 - 33\n\n\
         2.\nAutres organes compétents\n31.\nLe Comité consultatif a pour mission de conduire des études.\n\
         3.\n\nOrganes chargés de la lutte contre la discrimination\n32.\nLe Bureau a été institué.\n\
         33.\nIl a pour mission de promouvoir l’égalité.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            contents [] 2. Autres organes compétents (Some("23"), Some("31")) page=None
            contents [3] Organes chargés de la lutte contre la discrimination (Some("32"), Some("33")) page=None
            s1 L3 [2] Autres organes compétents parent=None paras=Some((1, 1))
            s2 L3 [3] Organes chargés de la lutte contre la discrimination parent=None paras=Some((2, 3))
            #1 Numbered Some("31") s1 p1-1: Le Comité consultatif a pour mission de conduire des études.
            #2 Numbered Some("32") s2 p1-1: Le Bureau a été institué.
            #3 Numbered Some("33") s2 p1-1: Il a pour mission de promouvoir l’égalité.
        "#]],
    );
}

/// Class "headings merged, a title line ending with a comma": a heading's title that wraps
/// after a comma (`… a win-win for ocean,` / `climate and biodiversity`, `… risk-based,` /
/// `proportionate regulation, …`), labelled or not, goes on over the next lines; the comma
/// does not make its first line a sentence's. Inside an open quotation the title goes on over
/// up to five lines (`… segment: “Advancing sustainable,` / … / `… no one behind”`).
#[test]
fn heading_title_wrapped_after_a_comma_is_a_heading() {
    check(
        "34. The ocean absorbs most of the excess heat.\n\
         C.\n\nProtecting and restoring ocean ecosystems as a win-win for ocean,\n\
         climate and biodiversity\n\
         35. Habitats such as seagrasses play a vital role.\n\
         D. Ocean observation, science and knowledge as tools for climate action,\n\
         disaster risk reduction and adaptation\n\
         36. Observations support early warnings.\n\
         Non-binding guiding principle 2: develop and implement risk-based,\n\
         proportionate regulation, monitoring and supervision to prevent the abuse of\n\
         new technologies for terrorist financing purposes\n\
         37. States should review their frameworks.\n\
         III. High-level policy segment: “Advancing sustainable,\n\
         inclusive, science- and evidence-based solutions for the 2030\n\
         Agenda for Sustainable Development and its Sustainable\n\
         Development Goals in the Economic Commission for\n\
         Europe region for leaving no one behind”\n\
         38. The segment was opened in a keynote speech.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L2 [C] Protecting and restoring ocean ecosystems as a win-win for ocean, climate and biodiversity parent=None paras=Some((2, 2))
            s2 L2 [D] Ocean observation, science and knowledge as tools for climate action, disaster risk reduction and adaptation parent=None paras=Some((3, 4))
            s3 L3 [] Non-binding guiding principle 2: develop and implement risk-based, proportionate regulation, monitoring and supervision to prevent the abuse of new technologies for terrorist financing purposes parent=Some(1) paras=Some((4, 4))
            s4 L1 [III] High-level policy segment: “Advancing sustainable, inclusive, science- and evidence-based solutions for the 2030 Agenda for Sustainable Development and its Sustainable Development Goals in the Economic Commission for Europe region for leaving no one behind” parent=None paras=Some((5, 5))
            #1 Numbered Some("34")  p1-1: The ocean absorbs most of the excess heat.
            #2 Numbered Some("35") s1 p1-1: Habitats such as seagrasses play a vital role.
            #3 Numbered Some("36") s2 p1-1: Observations support early warnings.
            #4 Numbered Some("37") s3 p1-1: States should review their frameworks.
            #5 Numbered Some("38") s4 p1-1: The segment was opened in a keynote speech.
        "#]],
    );
}

/// Class "headings merged, the title of a text quoted in a paragraph": the title of a draft
/// decision or resolution that a paragraph introduces with a colon (`… the adoption of the
/// following draft decision:`), over one to three lines, above the quoted text's preamble
/// (`The Economic and Social Council:`, `The General Assembly,`) is a heading, not the end of
/// that paragraph.
#[test]
fn title_of_a_text_quoted_after_a_colon_is_a_heading() {
    check(
        "B.\n\nDraft decision for adoption by the Council\n2.\n\
         The Commission recommends to the Economic and Social Council the adoption of the\n\
         following draft decision:\n\
         Report of the Commission for Social Development on its sixty-third session and\n\
         provisional agenda of and documentation for the sixty-fourth session\n\
         The Economic and Social Council:\n\
         (a) Takes note of the report of the Commission;\n\
         (b) Approves the provisional agenda.\n\
         3.\nThe Committee recommends that the Council adopt the following draft resolution:\n\
         Report of the Committee of Experts on Public Administration on its twentyfourth session\n\
         The Economic and Social Council,\n\
         Recalling its resolutions on public administration,\n\
         4.\nThe Committee also noted the following points:\n\
         Working methods of the Committee\n\
         The Committee, at its session, met twice.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L2 [B] Draft decision for adoption by the Council parent=None paras=Some((1, 5))
            s2 L3 [] Report of the Commission for Social Development on its sixty-third session and provisional agenda of and documentation for the sixty-fourth session parent=Some(0) paras=Some((2, 5))
            s3 L4 [] Report of the Committee of Experts on Public Administration on its twentyfourth session parent=Some(1) paras=Some((4, 5))
            #1 Numbered Some("2") s1 p1-1: The Commission recommends to the Economic and Social Council the adoption of the following draft decision:
            #2 Unnumbered None s2 p1-1: The Economic and Social Council: (a) Takes note of the report of the Commission; (b) Approves the provisional agenda.
                item L1 (a) Takes note of the report of the Commission;
                item L1 (b) Approves the provisional agenda.
            #3 Numbered Some("3") s2 p1-1: The Committee recommends that the Council adopt the following draft resolution:
            #4 Unnumbered None s3 p1-1: The Economic and Social Council, Recalling its resolutions on public administration,
            #5 Numbered Some("4") s3 p1-1: The Committee also noted the following points: Working methods of the Committee The Committee, at its session, met twice.
        "#]],
    );
}

/// Class "headings merged, a figure without a caption": a title line after a sentence's end,
/// then a figure's notes (`Source: …`, `Note: …`) on the same page, is the title of a figure
/// that pdftotext printed without its `Figure` caption (the chart is a picture); title and
/// notes are matter set beside the paragraph, not its end (text input).
#[test]
fn figure_title_without_a_caption_before_its_notes_is_no_paragraph_text() {
    check(
        "7. Progress towards the Goals is uneven across the regions.\n\
         Accelerating momentum will depend on strengthened data systems.\n\
         Percentage of Sustainable Development Goal targets by progress status, 2025\n\n\
         Source: Data platforms of the regional commissions.\n\
         Note: Readers are encouraged to keep the following points in mind as they compare\n\
         progress across the five regions.\n\
         \u{c}8. The present section contains examples.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            page 2 printed=None furniture=[]
            #1 Numbered Some("7")  p1-1: Progress towards the Goals is uneven across the regions. Accelerating momentum will depend on strengthened data systems.
            #2 Unnumbered None  p1-1: Percentage of Sustainable Development Goal targets by progress status, 2025
            Source: Data platforms of the regional commissions. Note: Readers are encouraged to keep the following points in mind as they compare progress across the five regions.
            #3 Numbered Some("8")  p2-2: The present section contains examples.
        "#]],
    );
}

/// Class "headings merged, stacked after a wrapped title": a title wrapped onto a line in
/// lower case (`Schematic overview of the Palais des Nations building complex` /
/// `contracting strategy`, a figure's title over its picture) stands above a heading that a
/// numbered paragraph follows; both are headings, not the end of the paragraph before.
#[test]
fn stacked_headings_under_a_wrapped_title_are_headings() {
    check(
        "11. A schematic overview of the contracting strategy is reproduced below. The Committee\n\
         trusts that the project will comply with the rules (see paras. 12 and 23 below).\n\
         Schematic overview of the Palais des Nations building complex\n\
         contracting strategy\n\n\
         Building E contract and related guaranteed maximum price agreement\n\
         12. The Advisory Committee recalls that the contract was signed in 2023.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L1 [] Schematic overview of the Palais des Nations building complex contracting strategy parent=None paras=Some((2, 2))
            s2 L2 [] Building E contract and related guaranteed maximum price agreement parent=Some(0) paras=Some((2, 2))
            #1 Numbered Some("11")  p1-1: A schematic overview of the contracting strategy is reproduced below. The Committee trusts that the project will comply with the rules (see paras. 12 and 23 below).
            #2 Numbered Some("12") s2 p1-1: The Advisory Committee recalls that the contract was signed in 2023.
        "#]],
    );
}

/// Class "headings merged after a list whose items end without a stop": a title line right
/// above a numbered paragraph is a heading after the last line of a bulleted item that ends
/// without a stop (`• To promote … aimed at` / `… during armed conflicts` / `Engagement
/// against death penalty` / `22.`), where the item's line ends in a lower-case word. A line
/// that goes on with a name (`… Food Systems` / `Coordination Hub located in Rome`) or after a
/// connector (`… on` / `Violence against Children`) stays the item's.
#[test]
fn heading_after_a_bulleted_item_without_a_stop_is_a_heading() {
    check(
        "21. In this framework, Italy will continue:\n\
         • To support initiatives aimed at preventing the involvement of children in armed\n\
         conflict\n\
         • To promote and support international initiatives and programmes aimed at\n\
         preventing and combating all forms of violence, in particular in the digital\n\
         sphere, sexual violence and violence against children during armed conflicts\n\
         Engagement against death penalty\n\
         22. In this framework, Italy will:\n\
         • Support the activities of the Special Rapporteur on the right to food\n\
         • Continue to support and promote the work of the United Nations Food Systems\n\
         Coordination Hub located in Rome\n\
         23. In this framework, Italy will:\n\
         • Support the work of the Special Representative of the Secretary-General on\n\
         Violence against Children\n\
         24. Italy is committed.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L1 [] Engagement against death penalty parent=None paras=Some((2, 4))
            #1 Numbered Some("21")  p1-1: In this framework, Italy will continue: • To support initiatives aimed at preventing the involvement of children in armed conflict • To promote and support international initiatives and programmes aimed at preventing and combating all forms of violence, in particular in the digital sphere, sexual violence and violence against children during armed conflicts
            #2 Numbered Some("22") s1 p1-1: In this framework, Italy will: • Support the activities of the Special Rapporteur on the right to food • Continue to support and promote the work of the United Nations Food Systems Coordination Hub located in Rome
            #3 Numbered Some("23") s1 p1-1: In this framework, Italy will: • Support the work of the Special Representative of the Secretary-General on Violence against Children
            #4 Numbered Some("24") s1 p1-1: Italy is committed.
        "#]],
    );
}

/// A report's masthead down to its agenda item's title, for the title classes below.
fn hrc_masthead(title_block: &str) -> String {
    masthead(&format!(
        "A/HRC/16/24\n\nUnited Nations\n\nGeneral Assembly\n\nDistr.: General\n\
         13 January 2011\nOriginal: English\n\nHuman Rights Council\nSixteenth session\n\
         Agenda item 7\nHuman rights situation in Palestine and other\n\
         occupied Arab territories\n\n{title_block}\n\nGE.11-10212\n"
    ))
}

/// Class "titles: cut at a line that starts with a number": a title line that needs the next
/// one (`… pursuant to Council resolution` / `13/9`, `(Geneva, 26–` / `30 April 2010)`) goes
/// on over a line starting with digits, which elsewhere ends the title as a paragraph's number.
#[test]
fn titles_go_on_over_a_line_starting_with_a_number() {
    expect![[r#"
        symbol="A/HRC/16/24" job="GE.11-10212" body="Human Rights Council" date="13 January 2011" original="English" distribution="General"
        session="Sixteenth session" agenda=[("7", "Human rights situation in Palestine and other occupied Arab territories")]
        title="Report of the Committee of independent experts established pursuant to Council resolution 13/9"
        summary="The present report is submitted pursuant to resolution 15/6."
        numbered=[]
    "#]]
    .assert_eq(&hrc_masthead(
        "Report of the Committee of independent experts\n\
         established pursuant to Council resolution\n13/9* **\nSummary\n\
         The present report is submitted pursuant to resolution 15/6.",
    ));
    expect![[r#"
        symbol="A/HRC/16/24" job="GE.11-10212" body="Human Rights Council" date="13 January 2011" original="English" distribution="General"
        session="Sixteenth session" agenda=[("7", "Human rights situation in Palestine and other occupied Arab territories")]
        title="Report of the Working Group on the Right to Development on its eleventh session (Geneva, 26– 30 April 2010)"
        summary=""
        numbered=[]
    "#]]
    .assert_eq(&hrc_masthead(
        "Report of the Working Group on the Right to Development on\n\
         its eleventh session (Geneva, 26–\n30 April 2010)*",
    ));
}

/// Class "titles: footnote call glued to the title": pdftotext glues a numeric call to the
/// title's last word (`…, Cephas Lumina1`) when the footnote's mark stands alone lower on the
/// page; the call leaves the title.
#[test]
fn titles_lose_a_glued_numeric_footnote_call() {
    expect![[r#"
        symbol="A/HRC/16/24" job="GE.11-10212" body="Human Rights Council" date="13 January 2011" original="English" distribution="General"
        session="Sixteenth session" agenda=[("7", "Human rights situation in Palestine and other occupied Arab territories")]
        title="Report of the independent expert on foreign debt, Cephas Lumina"
        summary=""
        numbered=[]
    "#]]
    .assert_eq(&hrc_masthead(
        "Report of the independent expert on foreign debt, Cephas Lumina1\n\n1\n\nLate submission.",
    ));
}

/// Class "titles: byline cut inside a name": `Note by the United Nations High Commissioner for
/// Human` / `Rights *` is one byline; its last line belongs to the title.
#[test]
fn titles_keep_a_note_by_line_wrapped_inside_a_name() {
    expect![[r#"
        symbol="A/HRC/16/24" job="GE.11-10212" body="Human Rights Council" date="13 January 2011" original="English" distribution="General"
        session="Sixteenth session" agenda=[("7", "Human rights situation in Palestine and other occupied Arab territories")]
        title="Draft plan of action for the World Programme for Human Rights Education Note by the United Nations High Commissioner for Human Rights"
        summary=""
        numbered=[]
    "#]]
    .assert_eq(&hrc_masthead(
        "Draft plan of action for the\nWorld Programme for Human Rights Education\n\
         Note by the United Nations High Commissioner for Human\nRights *\n\
         The United Nations High Commissioner for Human Rights has the honour to transmit.",
    ));
}

/// Class "titles: period lines run into the title": under `Communications report of Special
/// Procedures*`, the lines `Communications sent, …;` / `Replies received, …` and the joint
/// report's list are not title.
#[test]
fn titles_stop_at_a_period_line_after_the_footnote_call() {
    expect![[r#"
        symbol="A/HRC/16/24" job="GE.11-10212" body="Human Rights Council" date="13 January 2011" original="English" distribution="General"
        session="Sixteenth session" agenda=[("7", "Human rights situation in Palestine and other occupied Arab territories")]
        title="Communications report of Special Procedures"
        summary=""
        numbered=[]
    "#]]
    .assert_eq(&hrc_masthead(
        "Communications report of Special Procedures*\n\
         Communications sent, 1 June to 30 November 2013;\n\
         Replies received, 1 August 2013 to 31 January 2014\n\
         Joint report by the Special Rapporteur on adequate housing",
    ));
}

/// Class "titles: the subject set between the agenda titles and a byline": under `Agenda items
/// 2 and 3`, the second item's title runs on without a gap into the report's subject
/// (`… including the right to development` / `Question of the death penalty`) and then a
/// byline alone (`Report of the Secretary-General*`): the subject is the title's, not the item's.
#[test]
fn titles_keep_the_subject_between_agenda_titles_and_a_byline() {
    expect![[r#"
        symbol="A/HRC/15/19" job="GE.10-15029" body="Human Rights Council" date="16 August 2010" original="English" distribution="General"
        session="Fifteenth session" agenda=[("2", "Annual report of the United Nations High Commissioner for Human Rights and reports of the Office of the High Commissioner and the Secretary-General"), ("3", "Promotion and protection of all human rights, civil, political, economic, social and cultural rights, including the right to development")]
        title="Question of the death penalty Report of the Secretary-General"
        summary="The present report contains information on the question of the death penalty."
        numbered=[]
    "#]]
    .assert_eq(&masthead(
        "A/HRC/15/19\n\nUnited Nations\n\nGeneral Assembly\n\nDistr.: General\n\
         16 August 2010\nOriginal: English\n\nHuman Rights Council\nFifteenth session\n\
         Agenda items 2 and 3\nAnnual report of the United Nations High Commissioner\n\
         for Human Rights and reports of the Office of the\n\
         High Commissioner and the Secretary-General\n\n\
         Promotion and protection of all human rights, civil, political,\n\
         economic, social and cultural rights, including the right to\ndevelopment\n\
         Question of the death penalty\nReport of the Secretary-General*\nSummary\n\
         The present report contains information on the question of the death penalty.\n\n\
         * Late submission.\n\nGE.10-15029 (E)\n",
    ));
}

/// Class "symbol: joint symbol with an en dash": `A/HRC/23/17–E/CN.6/2013/8`, a report to two
/// bodies, is read like the hyphen-joined `A/79/907-S/2025/268`, not left unread.
#[test]
fn symbol_joined_by_an_en_dash_is_read() {
    expect![[r#"
        symbol="A/HRC/23/17" others=["E/CN.6/2013/8"] job="GE.12-18752" body="Economic and Social Council" date="11 December 2012" original="English" distribution="General"
        session="Twenty-third session" agenda=[("2", "Annual report of the United Nations High Commissioner for Human Rights")]
        title="Annual report of the United Nations High Commissioner for Human Rights Report of the Secretary-General"
        summary=""
        numbered=[]
    "#]]
    .assert_eq(&masthead(
        "A/HRC/23/17–E/CN.6/2013/8\n\nUnited Nations\n\nGeneral Assembly\n\
         Economic and Social Council\n\nDistr.: General\n11 December 2012\nOriginal: English\n\n\
         Human Rights Council\nTwenty-third session\nAgenda item 2\n\
         Annual report of the United Nations High Commissioner for Human Rights\n\n\
         Report of the Secretary-General\n\nGE.12-18752\n",
    ));
}

/// Class "symbol: a joint document is known by its first symbol": a report issued to two bodies
/// under `E/2025/26*-E/CN.5/2025/6*` is catalogued and cited by its first symbol; the others are
/// kept beside it (so a citation of any of them, or of the joint form, still finds it).
#[test]
fn a_joint_documents_symbol_is_its_first_and_the_others_are_kept() {
    expect![[r#"
        symbol="E/2025/26" others=["E/CN.5/2025/6"] job="25-01234 (E)" body="Economic and Social Council" date="" original="" distribution=""
        session="" agenda=[]
        title=""
        summary=""
        numbered=["1"]
    "#]]
    .assert_eq(&masthead(
        "E/2025/26*-E/CN.5/2025/6*\nUnited Nations\nEconomic and Social Council\n\n\
         1.\nThe Commission met.\n25-01234 (E)\n",
    ));
    // A hyphen inside one symbol (a special session's `S-28`) joins nothing.
    expect![[r#"
        symbol="A/HRC/S-28/2" job="" body="Human Rights Council" date="" original="" distribution=""
        session="" agenda=[]
        title=""
        summary=""
        numbered=["1"]
    "#]]
    .assert_eq(&masthead(
        "A/HRC/S-28/2\nUnited Nations\nHuman Rights Council\n\n1.\nThe Council met.\n",
    ));
}

/// Class "text: hyphens pdftotext dropped at a line end": `Secretary-` / `General` comes out as
/// `SecretaryGeneral` in the title while the page prints `Secretary-General` below; `Friuli-` /
/// `Venezia` as `FriuliVenezia`; `rights-` / `based` as `rightsbased`. The hyphen is put back
/// from the document's own spelling, two capitalised words run together once, or a compound
/// head after a word the text prints alone.
#[test]
fn hyphens_the_text_dropped_at_a_line_end_are_put_back() {
    expect![[r#"
        symbol="A/HRC/16/54" job="" body="Human Rights Council" date="" original="" distribution=""
        session="" agenda=[]
        title="Annual report of the Special Representative of the Secretary-General on violence against children"
        summary=""
        numbered=["1"]
    "#]]
    .assert_eq(&masthead(
        "A/HRC/16/54\nUnited Nations\nHuman Rights Council\n\n\
         Annual report of the Special Representative of the SecretaryGeneral on violence against children\n\n\
         1.\nThe Special Representative of the Secretary-General visited the regions \
         (FriuliVenezia Giulia) and promoted rightsbased approaches to rights.\n",
    ));
    check(
        "1.\nThe Special Representative of the Secretary-General visited the regions \
         (FriuliVenezia Giulia) and promoted rightsbased approaches to rights; the \
         SecretaryGeneral agreed.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Numbered Some("1")  p1-1: The Special Representative of the Secretary-General visited the regions (Friuli-Venezia Giulia) and promoted rights-based approaches to rights; the Secretary-General agreed.
            diagnostic hyphens-restored None
        "#]],
    );
}

/// Class "titles: a subsidiary body's own masthead above the title": a working group's report
/// prints the group, its session and where and when it met (`Working Group on …` / `Fourth
/// session` / `Geneva, 7-15 January 2008`) above `Report of …`; a meeting's place and dates
/// under a title in capitals (`REPORT OF THE ADVISORY COMMITTEE ON ITS FIRST SESSION` /
/// `Geneva, 4-15 August 2008`) are masthead too, not the title.
#[test]
fn a_subsidiary_bodys_session_and_meeting_place_are_not_the_title() {
    expect![[r#"
        symbol="A/HRC/8/WG.2/TF/2" job="GE.08-10386" body="Human Rights Council" date="31 January 2008" original="ENGLISH" distribution="GENERAL"
        session="Eighth session" agenda=[]
        title="Report of the high-level task force on the implementation of the right to development on its fourth session"
        summary="This report contains the summary of the proceedings."
        numbered=[]
    "#]]
    .assert_eq(&masthead(
        "UNITED\nNATIONS\n\nA\nGeneral Assembly\n\nDistr.\nGENERAL\nA/HRC/8/WG.2/TF/2\n\
         31 January 2008\nOriginal: ENGLISH\n\nHUMAN RIGHTS COUNCIL\nEighth session\n\
         Working Group on the Right to Development\n\
         High-level task force on the implementation\nof the right to development\n\
         Fourth session\nGeneva, 7-15 January 2008\n\n\
         Report of the high-level task force on the implementation of the\n\
         right to development on its fourth session\nChairperson-Rapporteur: Stephen Marks\n\
         Summary\nThis report contains the summary of the proceedings.\n\nGE.08-10386 (E)\n",
    ));
    expect![[r#"
        symbol="A/HRC/10/2" job="GE.08-16666" body="Human Rights Council" date="3 November 2008" original="ENGLISH" distribution="GENERAL"
        session="" agenda=[("5", "")]
        title="REPORT OF THE ADVISORY COMMITTEE ON ITS FIRST SESSION"
        summary=""
        numbered=[]
    "#]]
    .assert_eq(&masthead(
        "UNITED\nNATIONS\n\nA\nGeneral Assembly\n\nDistr.\nGENERAL\nA/HRC/10/2\n\
         A/HRC/AC/2008/1/2\n3 November 2008\nOriginal: ENGLISH\n\nHUMAN RIGHTS COUNCIL\n\
         Advisory Committee\nAgenda item 5\n\n\
         REPORT OF THE ADVISORY COMMITTEE ON ITS FIRST SESSION\nGeneva, 4-15 August 2008\n\
         Rapporteur: Emmanuel DECAUX\n\nGE.08-16666 (E) 071108\n",
    ));
}

/// Class "headings contradicting the contents table" (its reporting half): every row of the
/// report's own contents table should have its heading in the text; the rows the parse did not
/// find as headings are named in one `contents-row-not-found` diagnostic, a row cut short in the
/// table still matching its longer heading.
#[test]
fn contents_rows_without_a_heading_in_the_text_are_reported() {
    let input = "Contents\n\nParagraphs\n\nPage\n\n\
         I. Introduction ....................\n\n1\n\n3\n\n\
         II. Fire and life safety ....................\n\n2\n\n3\n\n\
         III. Conclusions and recommendations on the works ..........\n\n3\n\n4\n\n\
         \x0cI. Introduction\n1.\nThe report covers the year.\n\
         2.\nThe fire and life safety works are done.\n\
         III. Conclusions and recommendations\n3.\nThe works go on.\n";
    let extracted = paragraphd::extract::text::extract(input.as_bytes(), 1 << 20).expect("text");
    let doc = paragraphd::parse::analyze(&extracted);
    let found: Vec<&str> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == "contents-row-not-found")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        found,
        ["1 of 3 contents rows have no heading in the text: II Fire and life safety"],
        "{:?}",
        doc.contents
    );
}
