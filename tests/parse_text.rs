//! Data-driven tests of text extraction and structure analysis on small inputs.
//! Expectations are snapshots: `UPDATE_EXPECT=1 cargo test --test all parse_text::` rewrites them.

use std::fmt::Write as _;

use expect_test::{Expect, expect};
use paragraphd::extract::{ExtractError, text};
use paragraphd::model::Document;
use paragraphd::parse::analyze;

/// Parses `input` and compares a readable outline of the document with `expect`.
pub(crate) fn check(input: &str, expect: Expect) {
    let extracted = match text::extract(input.as_bytes(), 1 << 20) {
        Ok(e) => e,
        Err(e) => panic!("extraction failed: {e}"),
    };
    expect.assert_eq(&outline(&analyze(&extracted)));
}

fn outline(doc: &Document) -> String {
    let mut out = String::new();
    let m = &doc.meta;
    let _ = writeln!(
        out,
        "meta: symbol={:?} job={:?} title={:?}",
        m.symbol, m.job_number, m.title
    );
    for p in &doc.pages {
        let _ = writeln!(
            out,
            "page {} printed={:?} furniture={:?}",
            p.number, p.printed_number, p.furniture
        );
    }
    for c in &doc.contents {
        let range = (c.first_paragraph.as_deref(), c.last_paragraph.as_deref());
        let _ = writeln!(
            out,
            "contents [{}] {} {range:?} page={:?}",
            c.label, c.title, c.page
        );
    }
    for s in &doc.sections {
        let _ = writeln!(
            out,
            "{} L{} [{}] {} parent={:?} paras={:?}",
            s.id, s.level, s.label, s.title, s.parent, s.ordinals
        );
    }
    for p in &doc.paragraphs {
        let section = p
            .section
            .map(|s| doc.sections[s].id.clone())
            .unwrap_or_default();
        let annex = if p.in_annex() { " annex" } else { "" };
        let _ = writeln!(
            out,
            "#{} {:?} {:?} {section} p{}-{}{annex}: {}",
            p.ordinal, p.kind, p.number, p.page_start, p.page_end, p.text
        );
        for i in &p.items {
            let _ = writeln!(
                out,
                "    item L{} {} {}",
                i.level,
                i.marker,
                i.text(&p.text)
            );
        }
        for r in &p.footnote_refs {
            let _ = writeln!(out, "    ref {} @{}", r.mark, r.offset);
        }
    }
    for f in &doc.footnotes {
        let _ = writeln!(
            out,
            "footnote {} p{} -> {:?}: {}",
            f.mark, f.page, f.paragraph_ordinal, f.text
        );
    }
    for d in &doc.diagnostics {
        let _ = writeln!(out, "diagnostic {} {:?}", d.code, d.page);
    }
    out
}

#[test]
fn pdftotext_report_with_contents_furniture_items_and_footnote() {
    check(
        "A/HRC/16/8\n\nUnited Nations\n\nGeneral Assembly\n\nDistr.: General\n4 January 2011\n\
         Original: English\n\nHuman Rights Council\nSixteenth session\nAgenda item 6\n\n\
         Report of the Working Group*\n\n* Previously issued.\n\nGE.11-10048\n\u{c}\
         A/HRC/16/8\n\nContents\n\nParagraphs\n\nPage\n\nIntroduction ....................\n\n1–2\n\n3\n\n\
         I.\n\nSummary .........................\n\n3–4\n\n3\n\u{c}\
         A/HRC/16/8\n\nIntroduction\n1.\nThe Working Group met.1\n2.\nThe following documents:\n\
         (a)\nA national report;\n(b)\nA compilation.\n\nI.\n\nSummary\n3.\nDuring the dialogue, self-\n\
         determination was raised.\n\n1 See A/HRC/16/1.\n\n3\n\u{c}\
         A/HRC/16/8\n\n4.\nThe delegation thanked all.\n\n4\n\nGE.11-10048\n\n*1110048*\n\u{c}",
        expect![[r#"
            meta: symbol="A/HRC/16/8" job="GE.11-10048" title="Report of the Working Group"
            page 1 printed=None furniture=["A/HRC/16/8", "GE.11-10048"]
            page 2 printed=None furniture=["A/HRC/16/8"]
            page 3 printed=Some("3") furniture=["A/HRC/16/8", "3"]
            page 4 printed=Some("4") furniture=["A/HRC/16/8", "4", "GE.11-10048", "*1110048*"]
            contents [] Introduction (Some("1"), Some("2")) page=Some("3")
            contents [I] Summary (Some("3"), Some("4")) page=Some("3")
            s1 L1 [] Introduction parent=None paras=Some((1, 2))
            s2 L1 [I] Summary parent=None paras=Some((3, 4))
            #1 Numbered Some("1") s1 p3-3: The Working Group met.
                ref 1 @22
            #2 Numbered Some("2") s1 p3-3: The following documents: (a) A national report; (b) A compilation.
                item L1 (a) A national report;
                item L1 (b) A compilation.
            #3 Numbered Some("3") s2 p3-3: During the dialogue, self-determination was raised.
            #4 Numbered Some("4") s2 p4-4: The delegation thanked all.
            footnote * p1 -> None: Previously issued.
            footnote 1 p3 -> Some(1): See A/HRC/16/1.
            diagnostic line-end-hyphens None
        "#]],
    );
}

#[test]
fn nested_list_restarting_at_one_stays_inside_its_paragraph() {
    check(
        "1.\nFirst paragraph.\n2.\nThe recommendations below enjoy support:\n1.\n\nRatify the Convention (France);\n\n\
         2.\n\nAdopt a law (Chile);\n\n3.\n\nReview the code (Peru).\n\n3.\nThe other ones did not:\n\
         1.\n\nAbolish the penalty (Spain);\n\n2.\n\nInvite the rapporteur (Italy);\n\n3.\n\nStop (Chad);\n\n\
         4.\n\nGo (Mali).\n\n4.\nAll conclusions reflect the position of the States.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Numbered Some("1")  p1-1: First paragraph.
            #2 Numbered Some("2")  p1-1: The recommendations below enjoy support: 1. Ratify the Convention (France); 2. Adopt a law (Chile); 3. Review the code (Peru).
                item L1 1. Ratify the Convention (France);
                item L1 2. Adopt a law (Chile);
                item L1 3. Review the code (Peru).
            #3 Numbered Some("3")  p1-1: The other ones did not: 1. Abolish the penalty (Spain); 2. Invite the rapporteur (Italy); 3. Stop (Chad); 4. Go (Mali).
                item L1 1. Abolish the penalty (Spain);
                item L1 2. Invite the rapporteur (Italy);
                item L1 3. Stop (Chad);
                item L1 4. Go (Mali).
            #4 Numbered Some("4")  p1-1: All conclusions reflect the position of the States.
        "#]],
    );
}

#[test]
fn flattened_viewer_page_drops_the_caption_after_the_footer() {
    check(
        "A/HRC/52/71 53. States should act. 54. The mechanisms should engage with States on violations of the \
         rights of persons belonging to minorities, in addition to communications and urgent actions. \
         V. Recommendations to fill the gaps 55. The Secretary-General should appoint a panel to review \
         the framework and recommend reforms to achieve better protection and coordination. 56. The United \
         Nations should create a dialogue series in relation to minority issues. GE.22-29477 7\n\n\
         Select target paragraph3\n",
        expect![[r#"
            meta: symbol="A/HRC/52/71" job="GE.22-29477" title=""
            page 1 printed=Some("7") furniture=["A/HRC/52/71", "GE.22-29477 7"]
            s1 L1 [V] Recommendations to fill the gaps parent=None paras=Some((3, 4))
            #1 Numbered Some("53")  p1-1: States should act.
            #2 Numbered Some("54")  p1-1: The mechanisms should engage with States on violations of the rights of persons belonging to minorities, in addition to communications and urgent actions.
            #3 Numbered Some("55") s1 p1-1: The Secretary-General should appoint a panel to review the framework and recommend reforms to achieve better protection and coordination.
            #4 Numbered Some("56") s1 p1-1: The United Nations should create a dialogue series in relation to minority issues.
            diagnostic text-after-footer Some(1)
        "#]],
    );
}

#[test]
fn plain_text_without_numbers_gives_unnumbered_paragraphs() {
    check(
        "A letter to the editor.\nIt has two lines.\n\nA second paragraph.\n\n\n2010. That was a year.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Unnumbered None  p1-1: A letter to the editor. It has two lines.
            #2 Unnumbered None  p1-1: A second paragraph.
            #3 Unnumbered None  p1-1: 2010. That was a year.
        "#]],
    );
}

#[test]
fn annex_numbering_restarts_apart_from_the_body() {
    check(
        "1.\nBody one.\n2.\nBody two.\n\u{c}Annex\nTerms of reference\n1.\nAnnex one.\n2.\nAnnex two.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            page 2 printed=None furniture=[]
            s1 L1 [Annex] Terms of reference parent=None paras=Some((3, 4))
            #1 Numbered Some("1")  p1-1: Body one.
            #2 Numbered Some("2")  p1-1: Body two.
            #3 Numbered Some("1") s1 p2-2 annex: Annex one.
            #4 Numbered Some("2") s1 p2-2 annex: Annex two.
        "#]],
    );
}

#[test]
fn subheadings_numbered_like_paragraphs_are_headings() {
    check(
        "II. Governance\nA.\n\nAdvisory Board\n9.\nThe Board met twice.\n\n1.\n\nRisk management\n10. Risk services continue.\n\
         11. Reviews are monthly; (i) first; (ii) second.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L1 [II] Governance parent=None paras=Some((1, 3))
            s2 L2 [A] Advisory Board parent=Some(0) paras=Some((1, 3))
            s3 L3 [1] Risk management parent=Some(1) paras=Some((2, 3))
            #1 Numbered Some("9") s2 p1-1: The Board met twice.
            #2 Numbered Some("10") s3 p1-1: Risk services continue.
            #3 Numbered Some("11") s3 p1-1: Reviews are monthly; (i) first; (ii) second.
        "#]],
    );
}

#[test]
fn chapter_headings_are_top_level_sections() {
    // A committee report: `Chapter I` on its own line, its title on the next; `A.` sections
    // inside a chapter sit one level below it.
    check(
        "Chapter I\nIntroduction\n1.\nThe Committee met.\nChapter II\nOrganizational questions\n\
         A.\nOpening of the session\n2.\nThe session opened.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L1 [Chapter I] Introduction parent=None paras=Some((1, 1))
            s2 L1 [Chapter II] Organizational questions parent=None paras=Some((2, 2))
            s3 L2 [A] Opening of the session parent=Some(1) paras=Some((2, 2))
            #1 Numbered Some("1") s1 p1-1: The Committee met.
            #2 Numbered Some("2") s3 p1-1: The session opened.
        "#]],
    );
}

/// An Official Records report prints its contents table on page 5, after four cover pages, in
/// columns: `Chapter`, the labels hoisted above `Page`, a title ending in three spaced dots,
/// a `Chapter II` label. It is contents, its `Annex` row is not the start of an annex, and a
/// `Contents` line with no leader after it is no table.
#[test]
fn contents_table_after_official_records_cover_pages_in_columns() {
    check(
        "Official Records\n\x0c\n\x0c\n\x0cNote\n\x0cContents\nChapter\n\nI.\n\nPage\n\n\
         Matters calling for action or brought to its attention . . .\n\n1\n\n\
         Chapter II Work of the session . . . . . . . . . . . .\n\n2\n\n\
         Annex\n\nList of documents . . . . . . . . . . . .\n\n3\n\
         \x0cChapter I\nMatters calling for action\n1.\nThe Committee met.\n\
         Chapter II\nWork of the session\n2.\nIt worked.\nContents\nof the files.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            page 2 printed=None furniture=[]
            page 3 printed=None furniture=[]
            page 4 printed=None furniture=[]
            page 5 printed=None furniture=[]
            page 6 printed=None furniture=[]
            contents [] Matters calling for action or brought to its attention (None, None) page=Some("1")
            contents [Chapter II] Work of the session (None, None) page=Some("2")
            contents [] Annex List of documents (None, None) page=Some("3")
            s1 L1 [Chapter I] Matters calling for action parent=None paras=Some((2, 2))
            s2 L1 [Chapter II] Work of the session parent=None paras=Some((3, 3))
            #1 Unnumbered None  p4-4: Note
            #2 Numbered Some("1") s1 p6-6: The Committee met.
            #3 Numbered Some("2") s2 p6-6: It worked. Contents of the files.
            diagnostic contents-row-not-found None
        "#]],
    );
}

#[test]
fn contents_rows_with_their_page_after_the_leader_and_no_ranges() {
    // An executive-board contents table: no paragraph ranges, each page after its leader on
    // the title's line; the New York job number with its `X` is furniture.
    check(
        "Summary\nThe year in brief.\n25-04256X (E) 020425\n\x0cContents\nPage\n\
         I.\nHighlights of results ........................ 3\n\
         II. Adapting the field ........................ 10\n\x0cI. Highlights of results\n\
         1.\nResults were good.\n",
        expect![[r#"
            meta: symbol="" job="25-04256X (E)" title=""
            page 1 printed=None furniture=["25-04256X (E) 020425"]
            page 2 printed=None furniture=[]
            page 3 printed=None furniture=[]
            contents [I] Highlights of results (None, None) page=Some("3")
            contents [II] Adapting the field (None, None) page=Some("10")
            s1 L1 [] Summary parent=None paras=Some((1, 1))
            s2 L1 [I] Highlights of results parent=None paras=Some((2, 2))
            #1 Unnumbered None s1 p1-1: The year in brief.
            #2 Numbered Some("1") s2 p3-3: Results were good.
            diagnostic contents-row-not-found None
        "#]],
    );
}

#[test]
fn extraction_refuses_unusable_input() {
    assert_eq!(text::extract(b"  \n\x0c \n", 100), Err(ExtractError::Empty));
    assert!(matches!(
        text::extract(&[b'a'; 11], 10),
        Err(ExtractError::TooLarge {
            size: 11,
            limit: 10
        })
    ));
    let binary: Vec<u8> = (0u8..=255).cycle().take(4096).collect();
    assert!(matches!(
        text::extract(&binary, 1 << 20),
        Err(ExtractError::WrongFormat { .. })
    ));
    let lossy = match text::extract(b"caf\xe9 au lait", 100) {
        Ok(e) => e,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        lossy.diagnostics.first().map(|d| d.code),
        Some("invalid-utf8")
    );
    assert_eq!(lossy.pages[0].lines[0].text, "caf\u{fffd} au lait");
}

#[test]
fn line_end_hyphen_dropped_only_where_the_document_knows_the_joined_word() {
    check(
        "1.\nThe Government reported on the imple-\nmentation of the plan and on self-\n\
         determination; the implementation was slow. A long-\nterm plan and a long-term view.\n\
         Its recom-\nmendations were new.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Numbered Some("1")  p1-1: The Government reported on the implementation of the plan and on self-determination; the implementation was slow. A long-term plan and a long-term view. Its recom-mendations were new.
            diagnostic line-end-hyphens None
        "#]],
    );
}

#[test]
fn footnote_calls_leave_the_text_only_where_the_page_has_that_footnote() {
    check(
        "1.\nThe Council,1 in its resolution, recalled human rights.2 It noted 1.5 million and\n\
         2,000 persons and article 3.\n2.\nThe State recalled its obligations.3\n\n\
         1 Resolution 5/1.\n2 See A/HRC/1/2.\n\u{c}3.\nIt recalled rights.4 In 2020.3 it acted.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            page 2 printed=None furniture=[]
            #1 Numbered Some("1")  p1-1: The Council, in its resolution, recalled human rights. It noted 1.5 million and 2,000 persons and article 3.
                ref 1 @12
                ref 2 @54
            #2 Numbered Some("2")  p1-1: The State recalled its obligations.3
            #3 Numbered Some("3")  p2-2: It recalled rights.4 In 2020.3 it acted.
            footnote 1 p1 -> Some(1): Resolution 5/1.
            footnote 2 p1 -> Some(1): See A/HRC/1/2.
        "#]],
    );
}

#[test]
fn footnote_call_inside_an_item_leaves_the_item_and_the_items_after_it_whole() {
    check(
        "1.\nThe State should:\n(a)\nRatify the Convention,1 as 1/CMA.4 recalls;\n\
         (b)\nReport by 2026.\n\n1 Adopted in 2006.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Numbered Some("1")  p1-1: The State should: (a) Ratify the Convention, as 1/CMA.4 recalls; (b) Report by 2026.
                item L1 (a) Ratify the Convention, as 1/CMA.4 recalls;
                item L1 (b) Report by 2026.
                ref 1 @44
            footnote 1 p1 -> Some(1): Adopted in 2006.
        "#]],
    );
}

/// pdftotext can print the footnote separator at the end of the page's last body line; the
/// footnote below it must not run into the paragraph, and a rule inside a line stays text.
#[test]
fn separator_rule_at_the_end_of_a_body_line_still_opens_the_footnotes() {
    check(
        "1.\nThe Council acted.1 Some assets enable cross __________\n\
         1 See A/HRC/1/2.\n\u{c}border transfers. A form: name ______ date.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            page 2 printed=None furniture=[]
            #1 Numbered Some("1")  p1-2: The Council acted. Some assets enable cross border transfers. A form: name ______ date.
                ref 1 @18
            footnote 1 p1 -> Some(1): See A/HRC/1/2.
        "#]],
    );
}

/// An annex numbers its footnotes from 1 again: on the page that opens the annex, a mark `1`
/// alone in the lower part, called above, opens the annex's footnotes.
#[test]
fn annex_footnotes_restart_at_one_on_the_page_that_opens_the_annex() {
    check(
        "1.\nThe body.1\n2.\nMore.2\n\n1 See A/1.\n2 See A/2.\n\x0cAnnex\nSelected cases\n\
         1.\nThe annex text.1\nIt goes on here\nand on here\nand ends.\n\n1\n\n6\n\nBelize (C/1), Chile\n(C/2).\nGE.25-05162\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            page 2 printed=Some("6") furniture=["6", "GE.25-05162"]
            s1 L1 [Annex] Selected cases parent=None paras=Some((3, 3))
            #1 Numbered Some("1")  p1-1: The body.
                ref 1 @9
            #2 Numbered Some("2")  p1-1: More.
                ref 2 @5
            #3 Numbered Some("1") s1 p2-2 annex: The annex text. It goes on here and on here and ends.
                ref 1 @15
            footnote 1 p1 -> Some(1): See A/1.
            footnote 2 p1 -> Some(2): See A/2.
            footnote 1 p2 -> Some(3): Belize (C/1), Chile (C/2).
        "#]],
    );
}

/// pdftotext can print a page number between a footnote's mark and its text, and a mark after
/// the text it belongs to (`2` after footnote 3). The page number is furniture, and the
/// footnotes of the next page are still found although mark 2 was never read as one.
#[test]
fn page_number_inside_a_footnote_and_a_mark_out_of_place() {
    check(
        "1.\nThe State spoke at length.1 It recalled\nA/1.2 It noted the report\n\
         B/1.3 and went on\nto the end.\n\n1\n\n4\n\n\
         These include statements from Chile.\nSee A/1.\n3 See B/1.\n2\nGE.25-00001\n\
         \x0c2.\nThe Council acted.4 And more text\nruns on here\nand ends.\n\n\
         4 The recommendation as read during the dialogue.\n",
        expect![[r#"
            meta: symbol="" job="GE.25-00001" title=""
            page 1 printed=Some("2") furniture=["2", "GE.25-00001"]
            page 2 printed=None furniture=[]
            #1 Numbered Some("1")  p1-1: The State spoke at length. It recalled A/1.2 It noted the report B/1.3 and went on to the end.
                ref 1 @26
            #2 Numbered Some("2")  p2-2: The Council acted. And more text runs on here and ends.
                ref 4 @18
            footnote 1 p1 -> Some(1): These include statements from Chile. See A/1.
            footnote 3 p1 -> None: See B/1.
            footnote 4 p2 -> Some(2): The recommendation as read during the dialogue.
        "#]],
    );
}

#[test]
fn column_aligned_block_is_a_table_outside_the_numbering() {
    check(
        "1.\nThe results were as follows:\nState      Accepted      Noted\n\
         Chile      120      12\nPeru      98      7\nand the review went on with\nmore words.\n\
         2.\nThe last paragraph,   with a gap.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Numbered Some("1")  p1-1: The results were as follows: and the review went on with more words.
            #2 Table None  p1-1: State      Accepted      Noted
            Chile      120      12
            Peru      98      7
            #3 Numbered Some("2")  p1-1: The last paragraph,   with a gap.
        "#]],
    );
}

#[test]
fn captioned_default_mode_table_is_one_table_between_numbered_paragraphs() {
    // pdftotext's default mode: caption, title, then one fragment a line; a note closes it.
    check(
        "1.\nStaffing changed as shown in table 1 below.\n\nTable 1\nIncumbency of project \
         management positions since the approval of the project\nPositions\n\n2015\n\n2016\n\n\
         Project Director (D-2) Encumbered Encumbered\nup to June\n\n–\n\n–\n\n\
         Source: Project team.\n\n2.\nThe Director left in 2016.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Numbered Some("1")  p1-1: Staffing changed as shown in table 1 below.
            #2 Table None  p1-1: Table 1
            Incumbency of project management positions since the approval of the project
            Positions
            2015
            2016
            Project Director (D-2) Encumbered Encumbered
            up to June
            –
            –
            Source: Project team.
            #3 Numbered Some("2")  p1-1: The Director left in 2016.
        "#]],
    );
}

#[test]
fn short_lines_figures_and_captions_before_prose_are_not_tables() {
    // A list of names, a few years, a chart's number labels after a figure caption, and a
    // caption followed by a sentence: none is a table. (The figure's caption and title are
    // a paragraph of their own: see `a_figure_caption_title_and_notes_are_their_own_paragraph`.)
    check(
        "1.\nThe following States took part:\n\nChile\n\nPeru\n\nBrazil\n\nUruguay\n\n\
         2019\n\n2020\n\n2021\n\nFindings and outlook\n\n2.\nTheir delegates met in 2024.\n\
         Figure I\nShare of States\n\n10\n\n20\n\n30\n\n40\n\n50\n\n60\n\n70\n\n80\n\n\
         Table 3\nThe table is not reproduced in the present report.\n\n3.\nThe end.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Numbered Some("1")  p1-1: The following States took part: Chile Peru Brazil Uruguay 2019 2020 2021 Findings and outlook
            #2 Numbered Some("2")  p1-1: Their delegates met in 2024. 10 20 30 40 50 60 70 80 Table 3 The table is not reproduced in the present report.
            #3 Unnumbered None  p1-1: Figure I
            Share of States
            #4 Numbered Some("3")  p1-1: The end.
        "#]],
    );
}

#[test]
fn table_running_into_the_next_numbered_paragraph_leaves_it_numbered() {
    // The cells run straight into paragraph 8 (no blank line); 8 and 9 stay numbered.
    check(
        "7.\nUtilization rose in 2024.\n\nTable 2\nUtilization of conference facilities, \
         2023–2024\n(Percentage)\nMonth\n\n2023\n\n2024\n\nJanuary\n\n26\n\n40\n\n\
         February\n\n56\n\n133\n8.\nAs shown in table 2, use was higher.\n9. Closing remarks.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Numbered Some("7")  p1-1: Utilization rose in 2024.
            #2 Table None  p1-1: Table 2
            Utilization of conference facilities, 2023–2024
            (Percentage)
            Month
            2023
            2024
            January
            26
            40
            February
            56
            133
            #3 Numbered Some("8")  p1-1: As shown in table 2, use was higher.
            #4 Numbered Some("9")  p1-1: Closing remarks.
        "#]],
    );
}

#[test]
fn uncaptioned_run_of_number_cells_is_a_table_unless_interrupted() {
    // A run of number cells is a table; the second run is interrupted by a row numbered like a
    // paragraph (`1. Construction`) with number cells after it, so it is left alone.
    check(
        "3.\nThe resources are set out below.\n\nCategory\n\nMilitary observers\n\n\
         126 430.3\n\n104 789.5\n\n2 038.4\n\n1.9\n\nUnited Nations police\n\n110.3\n\n\
         232.8\n\n(5.6)\n\n(2.4)\n\n–\n\n4.\nThe cost estimates rise as follows.\n\n\
         Option B\n\n12 173.9\n\n–\n\n12 173.9\n\n5 893.1\n\n2 644.3\n\n3 248.8\n\n\
         2 121.2\n\n–\n\n1. Construction\n\n1 915.3\n\n5.\nThe last paragraph.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Numbered Some("3")  p1-1: The resources are set out below.
            #2 Table None  p1-1: Category
            Military observers
            126 430.3
            104 789.5
            2 038.4
            1.9
            United Nations police
            110.3
            232.8
            (5.6)
            (2.4)
            –
            #3 Numbered Some("4")  p1-1: The cost estimates rise as follows. Option B 12 173.9 – 12 173.9 5 893.1 2 644.3 3 248.8 2 121.2 – 1. Construction 1 915.3
                item L1 1. Construction 1 915.3
            #4 Numbered Some("5")  p1-1: The last paragraph.
        "#]],
    );
}

#[test]
fn caption_sharing_its_line_with_the_title_opens_a_table_but_table_n_shows_is_prose() {
    // `Table 5. Title` and `Table 6: Title` open tables like a caption alone; a sentence
    // starting `Table 7 shows` is prose and its short lines stay in the paragraph.
    check(
        "1.\nExpenses are set out below.\n\nTable 5. UNFPA programme expenses in 2024, by \
         region\nRegion\n\n2024\n\nAfrica\n\n12.5\n\nAsia\n\n10.1\n\n2.\nThe posts follow.\n\n\
         Table 6: Posts by grade\nGrade\n\nP-5\n\nP-4\n\nTotal\n\n3.\nAs before.\n\
         Table 7 shows the posts\nby grade and year\n\nP-5\n\nP-4\n\nTotal\n\n4.\nThe end.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Numbered Some("1")  p1-1: Expenses are set out below.
            #2 Table None  p1-1: Table 5. UNFPA programme expenses in 2024, by region
            Region
            2024
            Africa
            12.5
            Asia
            10.1
            #3 Numbered Some("2")  p1-1: The posts follow.
            #4 Table None  p1-1: Table 6: Posts by grade
            Grade
            P-5
            P-4
            Total
            #5 Numbered Some("3")  p1-1: As before. Table 7 shows the posts by grade and year P-5 P-4 Total
            #6 Numbered Some("4")  p1-1: The end.
        "#]],
    );
}

#[test]
fn long_row_label_between_number_cells_stays_in_the_captioned_table() {
    // A prose-shaped row label (a fragment of its own, ending no sentence, number cells after
    // it) no longer interrupts a captioned table; the note after the table stays prose.
    check(
        "44.\nThe reduction is shown in table 4 below.\nTable 4\nData on reductions in energy \
         use\n(Unit: kWh)\n\nTotal adjusted energy use, 2010\n\n59 263 913\n\n\
         Energy reduction to be achieved upon conclusion of strategic heritage plan\n\n\
         5 758 182\n\nEnergy reduction as compared with 2015 (percentage)\n\n11.5%\n\n\
         The Swiss donation consisted of works to improve energy efficiency prior to the\n\
         project. The works included new windows.\n45.\nThe end.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Numbered Some("44")  p1-1: The reduction is shown in table 4 below. The Swiss donation consisted of works to improve energy efficiency prior to the project. The works included new windows.
            #2 Table None  p1-1: Table 4
            Data on reductions in energy use
            (Unit: kWh)
            Total adjusted energy use, 2010
            59 263 913
            Energy reduction to be achieved upon conclusion of strategic heritage plan
            5 758 182
            Energy reduction as compared with 2015 (percentage)
            11.5%
            #3 Numbered Some("45")  p1-1: The end.
        "#]],
    );
}

#[test]
fn rows_numbered_below_the_last_paragraph_stay_in_the_captioned_table() {
    // Rows `1. Pre-planning`, `2. Planning` follow paragraph 58: they cannot be its successor,
    // so the table goes on over them; paragraph 59 (the next number) ends the table.
    check(
        "58.\nTable 5 sets out the dates of the main stages of the project.\nTable 5\n\
         Milestone dates\nPhase\n\nStart\n\nEnd\n\n1. Pre-planning\n\nMarch\n\n2009\n\n\
         February\n\n2012\n\n2. Planning\n\n(i) Cost plan\n\nJanuary\n\n2014\n\nNo change\n\n\
         59. Table 6 shows the latest revised cost plan, which reflects the current project\n\
         progress and the forecast of remaining costs.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Numbered Some("58")  p1-1: Table 5 sets out the dates of the main stages of the project.
            #2 Table None  p1-1: Table 5
            Milestone dates
            Phase
            Start
            End
            1. Pre-planning
            March
            2009
            February
            2012
            2. Planning
            (i) Cost plan
            January
            2014
            No change
            #3 Numbered Some("59")  p1-1: Table 6 shows the latest revised cost plan, which reflects the current project progress and the forecast of remaining costs.
        "#]],
    );
}

#[test]
fn numbered_lines_that_may_be_the_next_paragraph_are_never_rows() {
    // After paragraph 2, `3. Escalation` may be paragraph 3: it stays numbered, and the table
    // it interrupts (number cells after it) is left alone, its row `1. Construction` too.
    check(
        "2.\nThe requirements are as follows.\nTable 2\nResource requirements\nItem\n\n\
         Amount\n\n1. Construction\n\n12 173.9\n\n3. Escalation\n\n2 121.2\n\n\
         4.\nThe table is complete.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Numbered Some("2")  p1-1: The requirements are as follows. Table 2 Resource requirements Item Amount 1. Construction 12 173.9
                item L1 1. Construction 12 173.9
            #2 Numbered Some("3")  p1-1: Escalation 2 121.2
            #3 Numbered Some("4")  p1-1: The table is complete.
        "#]],
    );
}

#[test]
fn list_of_documents_under_a_symbol_header_is_a_table_up_to_its_last_entry() {
    // `Symbol` heads a list of documents: symbols alone on their lines, each with a title
    // (wrapped, prose-shaped or not); the table ends with the last entry's title, so the
    // paragraph after the list stays prose.
    check(
        "A/80/1\n\n1.\nThe Meeting had before it the following documents.\n\nSymbol\n\nDescription\n\n\
         TPNW/MSP/2025/2\n\nProvisional agenda\n\nTPNW/MSP/2025/3\n\nReport of the \
         informal facilitators to further explore and articulate the possible areas\n\
         of cooperation (Ireland and Thailand)\n\nTPNW/MSP/2025/INF/1/Add.1\n\n\
         Accreditation of international organizations\n\nThe list was closed on 3 March.\n\n\
         2.\nThe Meeting then adopted its agenda.\n",
        expect![[r#"
            meta: symbol="A/80/1" job="" title=""
            page 1 printed=None furniture=["A/80/1"]
            #1 Numbered Some("1")  p1-1: The Meeting had before it the following documents. The list was closed on 3 March.
            #2 Table None  p1-1: Symbol
            Description
            TPNW/MSP/2025/2
            Provisional agenda
            TPNW/MSP/2025/3
            Report of the informal facilitators to further explore and articulate the possible areas
            of cooperation (Ireland and Thailand)
            TPNW/MSP/2025/INF/1/Add.1
            Accreditation of international organizations
            #3 Numbered Some("2")  p1-1: The Meeting then adopted its agenda.
        "#]],
    );
}

#[test]
fn symbol_header_without_enough_symbols_is_no_table() {
    // Two symbols under `Symbol` are too few for a list of documents: the lines stay prose.
    check(
        "A/80/1\n\n1.\nThe documents were as follows.\n\nSymbol\n\nDescription\n\nA/80/38/Add.1\n\n\
         Annual report\n\nA/80/39/Add.2\n\nProgramme budget\n\n2.\nThe end.\n",
        expect![[r#"
            meta: symbol="A/80/1" job="" title=""
            page 1 printed=None furniture=["A/80/1"]
            #1 Numbered Some("1")  p1-1: The documents were as follows. Symbol Description A/80/38/Add.1 Annual report A/80/39/Add.2 Programme budget
            #2 Numbered Some("2")  p1-1: The end.
        "#]],
    );
}

/// Page 1 of a 2025 Human Rights Council report (masthead, agenda title, title, summary) and
/// the start of page 2.
const MASTHEAD_PAGES: &str = "A/HRC/59/60\n\nUnited Nations\n\nGeneral Assembly\n\nDistr.: General\n\
    22 April 2025\nOriginal: English\n\nHuman Rights Council\nFifty-ninth session\n\
    16 June–11 July 2025\nAgenda item 5\nHuman rights bodies and mechanisms\n\n\
    Thirteenth session of the Forum on Business and\nHuman Rights\n\
    Report of the Working Group on the issue of human rights*\nSummary\n\
    The Working Group provides an overview of key observations\n\
    emerging from the thirteenth Forum.\n\n\
    GE.25-05795 (E) 170425\n\n\
    \x0cA/HRC/59/60\n\nI. Introduction\n1.\nSince its first session in 2012, the Forum \
    has grown.\n2.\nThe Forum is organized by OHCHR.\n\n2\nGE.25-05795\n";

#[test]
fn masthead_fields_title_and_summary_from_page_one() {
    expect![[r#"
        symbol="A/HRC/59/60" job="GE.25-05795" body="Human Rights Council" date="22 April 2025" original="English" distribution="General"
        session="Fifty-ninth session" agenda=[("5", "Human rights bodies and mechanisms")]
        title="Thirteenth session of the Forum on Business and Human Rights Report of the Working Group on the issue of human rights"
        summary="The Working Group provides an overview of key observations emerging from the thirteenth Forum."
        numbered=["1", "2"]
    "#]]
    .assert_eq(&masthead(MASTHEAD_PAGES));
}

/// The 2008–2010 UPR masthead: the agenda item's title in capitals right above the report's
/// title, the State's name after it with an asterisk-operator call, and the footnote's mark
/// `∗` alone on its line above the footnote.
#[test]
fn capitals_agenda_title_then_title_with_a_star_operator_footnote() {
    check(
        "UNITED\nNATIONS\nA\nGeneral Assembly\nDistr.\nGENERAL\nA/HRC/8/29\n23 May 2008\n\
         Original: ENGLISH\nHUMAN RIGHTS COUNCIL\nEighth session\nAgenda item 6\n\n\
         UNIVERSAL PERIODIC REVIEW\nReport of the Working Group on the Universal Periodic Review\n\
         Algeria \u{2217}\n\n\u{2217}\n\nPreviously issued under the symbol A/HRC/WG.6/1/DZA/4.\n\
         GE.08-13682\n\u{c}A/HRC/8/29\nIntroduction\n1.\nThe Working Group met.\n",
        expect![[r#"
            meta: symbol="A/HRC/8/29" job="GE.08-13682" title="Report of the Working Group on the Universal Periodic Review Algeria"
            page 1 printed=None furniture=["A/HRC/8/29", "GE.08-13682"]
            page 2 printed=None furniture=["A/HRC/8/29"]
            s1 L1 [] Introduction parent=None paras=Some((1, 1))
            #1 Numbered Some("1") s1 p2-2: The Working Group met.
            footnote ∗ p1 -> None: Previously issued under the symbol A/HRC/WG.6/1/DZA/4.
        "#]],
    );
    expect![[r#"
        symbol="A/HRC/8/29" job="" body="Human Rights Council" date="" original="" distribution=""
        session="Eighth session" agenda=[("6", "UNIVERSAL PERIODIC REVIEW")]
        title="Report of the Working Group on the Universal Periodic Review Algeria"
        summary=""
        numbered=[]
    "#]]
    .assert_eq(&masthead(
        "A/HRC/8/29\nHuman Rights Council\nEighth session\nAgenda item 6\n\n\
         UNIVERSAL PERIODIC REVIEW\nReport of the Working Group on the Universal Periodic Review\n\
         Algeria \u{2217}\n\n\u{2217}\n\nPreviously issued.\n",
    ));
}

/// The 2011–2012 UPR masthead: the agenda item's title under `Agenda item 6`, a blank line,
/// the report's title with its call `*` alone on a line, a blank line, the State's name, then
/// the footnote's mark `*` alone, its text below the job number.
#[test]
fn title_runs_over_blank_lines_to_the_state_and_stops_at_the_footnote_mark() {
    expect![[r#"
        symbol="A/HRC/19/5" job="GE.11-17387" body="Human Rights Council" date="14 December 2011" original="English" distribution="General"
        session="Nineteenth session" agenda=[("6", "Universal Periodic Review")]
        title="Report of the Working Group on the Universal Periodic Review Antigua and Barbuda"
        summary=""
        numbered=["1"]
    "#]]
    .assert_eq(&masthead(
        "A/HRC/19/5\nUnited Nations\nGeneral Assembly\nDistr.: General\n14 December 2011\n\
         Original: English\nHuman Rights Council\nNineteenth session\nAgenda item 6\n\
         Universal Periodic Review\n\nReport of the Working Group on the Universal\n\
         Periodic Review\n*\n\nAntigua and Barbuda\n\n*\n\nGE.11-17387\n\
         The annex to the present report is circulated as received.\n\u{c}A/HRC/19/5\n\
         Introduction\n1.\nThe Working Group met.\n",
    ));
}

/// A board's name over several lines above `Distr.:` is the body.
#[test]
fn board_name_over_several_lines_above_the_distribution_is_the_body() {
    expect![[r#"
        symbol="DP/2025/1" job="" body="Executive Board of the United Nations Development Programme, the United Nations Population Fund and the United Nations Office for Project Services" date="29 October 2024" original="English" distribution="General"
        session="First regular session 2025" agenda=[("1", "Organizational matters")]
        title="Report of the second regular session 2024"
        summary=""
        numbered=["1"]
    "#]]
    .assert_eq(&masthead(
        "DP/2025/1*\nUnited Nations\nExecutive Board of the\nUnited Nations Development\n\
         Programme, the United Nations\nPopulation Fund and the United\n\
         Nations Office for Project Services\nDistr.: General\n29 October 2024\n\
         Original: English\nFirst regular session 2025\nItem 1 of the provisional agenda\n\
         Organizational matters\n\nReport of the second regular session 2024\n\
         \u{c}DP/2025/1\nI. Organizational matters\n1.\nThe Board met.\n",
    ));
}

/// An executive-board masthead: job number above the body name, `Item N of the provisional
/// agenda *`, a summary, then a footnote quoting another symbol below it, and a note.
#[test]
fn board_masthead_with_item_of_the_agenda_and_a_symbol_in_a_footnote() {
    let page = "E/ICEF/2025/20\nUnited Nations\nEconomic and Social Council\n\
        Distr.: General\n8 May 2025\nOriginal: English\nFor information\n25-07286 (E)\n\
        United Nations Children’s Fund\nExecutive Board\nAnnual session 2025\n10–13 June 2025\n\
        Item 6 of the provisional agenda *\nAnnual report on the implementation of the UNICEF\n\
        Gender Action Plan, 2022–2025\nSummary\nThe UNICEF Gender Action Plan outlines how \
        UNICEF is driving\nprogress on gender equality.\n*\nE/ICEF/2025/11.\n\
        Note: The present document was processed in its entirety by UNICEF.\n25-07286 (E)\n\
        \x0cE/ICEF/2025/20\nI. Overview\n1.\nThe plan has five goal areas.\n";
    expect![[r#"
        symbol="E/ICEF/2025/20" job="25-07286 (E)" body="Economic and Social Council" date="8 May 2025" original="English" distribution="General"
        session="Annual session 2025" agenda=[("6", "")]
        title="Annual report on the implementation of the UNICEF Gender Action Plan, 2022–2025"
        summary="The UNICEF Gender Action Plan outlines how UNICEF is driving progress on gender equality."
        numbered=["1"]
    "#]].assert_eq(&masthead(page));
}

#[test]
fn letter_heading_is_the_title_and_a_council_name_inside_it_no_field() {
    // The heading ends `… of the` / `Security Council`: that line is the title's, not the
    // masthead's body field, and the title is the heading, not the letter's first sentence.
    // `Eightieth year` is masthead.
    let page = "A/79/907-S/2025/268\nUnited Nations\nGeneral Assembly\nSecurity Council\n\
        General Assembly\nSeventy-ninth session\nAgenda item 167\nFinancing of the activities\n\
        Distr.: General\n1 May 2025\nOriginal: French\nSecurity Council\nEightieth year\n\
        Letter dated 30 April 2025 from the Secretary-General addressed\n\
        to the President of the General Assembly and the President of the\nSecurity Council\n\
        I have the honour to refer to resolution 2767 (2024).\n25-06873 (E)\n";
    expect![[r#"
        symbol="A/79/907" others=["S/2025/268"] job="25-06873 (E)" body="Security Council" date="1 May 2025" original="French" distribution="General"
        session="Seventy-ninth session" agenda=[("167", "")]
        title="Letter dated 30 April 2025 from the Secretary-General addressed to the President of the General Assembly and the President of the Security Council"
        summary=""
        numbered=[]
    "#]].assert_eq(&masthead(page));
}

#[test]
fn resolution_title_runs_to_its_adoption_date_and_stops_at_the_preamble() {
    // The adoption date repeats the masthead date: there it is the title's, not a field.
    let page = "S/RES/2769 (2025)\nUnited Nations\nSecurity Council\nDistr.: General\n\
        16 January 2025\nResolution 2769 (2025)\nAdopted by the Security Council at its 9838th \
        meeting, on\n16 January 2025\nThe Security Council,\nRecalling the arms embargo,\n";
    expect![[r#"
        symbol="S/RES/2769 (2025)" job="" body="Security Council" date="16 January 2025" original="" distribution="General"
        session="" agenda=[]
        title="Resolution 2769 (2025) Adopted by the Security Council at its 9838th meeting, on 16 January 2025"
        summary=""
        numbered=[]
    "#]].assert_eq(&masthead(page));
}

/// The metadata fields of `input`, its numbered paragraphs and its summary.
pub(crate) fn masthead(input: &str) -> String {
    let extracted = match text::extract(input.as_bytes(), 1 << 20) {
        Ok(e) => e,
        Err(e) => panic!("extraction failed: {e}"),
    };
    let doc = analyze(&extracted);
    let m = &doc.meta;
    let agenda: Vec<_> = m
        .agenda_items
        .iter()
        .map(|a| (&a.number, &a.title))
        .collect();
    let numbered: Vec<_> = doc
        .paragraphs
        .iter()
        .filter_map(|p| p.number.clone())
        .collect();
    let others = if m.other_symbols.is_empty() {
        String::new()
    } else {
        format!(" others={:?}", m.other_symbols)
    };
    format!(
        "symbol={:?}{others} job={:?} body={:?} date={:?} original={:?} distribution={:?}\n\
         session={:?} agenda={agenda:?}\ntitle={:?}\nsummary={:?}\nnumbered={numbered:?}\n",
        m.symbol,
        m.job_number,
        m.body,
        m.date,
        m.original_language,
        m.distribution,
        m.session,
        m.title,
        m.summary,
    )
}

#[test]
fn summary_is_a_section_of_unnumbered_paragraphs_before_the_body() {
    check(
        MASTHEAD_PAGES,
        expect![[r#"
        meta: symbol="A/HRC/59/60" job="GE.25-05795" title="Thirteenth session of the Forum on Business and Human Rights Report of the Working Group on the issue of human rights"
        page 1 printed=None furniture=["A/HRC/59/60", "GE.25-05795 (E) 170425"]
        page 2 printed=Some("2") furniture=["A/HRC/59/60", "2", "GE.25-05795"]
        s1 L1 [] Summary parent=None paras=Some((1, 1))
        s2 L1 [I] Introduction parent=None paras=Some((2, 3))
        #1 Unnumbered None s1 p1-1: The Working Group provides an overview of key observations emerging from the thirteenth Forum.
        #2 Numbered Some("1") s2 p2-2: Since its first session in 2012, the Forum has grown.
        #3 Numbered Some("2") s2 p2-2: The Forum is organized by OHCHR.
    "#]],
    );
}

/// The citations of the numbered paragraphs of `input`.
fn citations(input: &str) -> Vec<String> {
    let extracted = text::extract(input.as_bytes(), 1 << 20).expect("text input");
    let doc = analyze(&extracted);
    doc.paragraphs
        .iter()
        .filter(|p| p.number.is_some())
        .map(|p| doc.citation(p))
        .collect()
}

/// A report submitting draft resolutions (ECOSOC regional commissions, GA committees): each
/// draft numbers its operative paragraphs apart, its annex apart again, and the report's own
/// numbering goes on at the next heading that continues the report's headings (`B.`).
const DRAFTS: &str = "A/1/2\nI.\nMatters calling for action\nA.\nFirst commission\n\
    1.\nAt its session, the Commission adopted the following draft resolution:\n\
    Draft resolution I\nVenue of the next session\nThe Economic and Social Council,\n\
    Noting the offer of the host,\n1.\nDecides to hold the session in Lima;\n\
    2.\nRequests the Secretary-General to report.\nAnnex\nDecision C (71)\n\
    1.\nEndorses the decision.\nB.\nSecond commission\n\
    2.\nAt its session, the other Commission adopted a draft decision.\n\
    Draft resolution II\nDates of the next session\nThe Economic and Social Council,\n\
    1.\nDecides on the dates.\nII.\nMatters brought to the attention of the Council\n\
    3.\nThe texts are available online.\n";

#[test]
fn draft_resolutions_number_apart_and_the_body_goes_on() {
    check(
        DRAFTS,
        expect![[r#"
            meta: symbol="A/1/2" job="" title=""
            page 1 printed=None furniture=["A/1/2"]
            s1 L1 [I] Matters calling for action parent=None paras=Some((1, 8))
            s2 L2 [A] First commission parent=Some(0) paras=Some((1, 5))
            s3 L3 [Draft resolution I] Venue of the next session parent=Some(1) paras=Some((2, 5))
            s4 L4 [Annex] Decision C (71) parent=Some(2) paras=Some((5, 5))
            s5 L2 [B] Second commission parent=Some(0) paras=Some((6, 8))
            s6 L3 [Draft resolution II] Dates of the next session parent=Some(4) paras=Some((7, 8))
            s7 L1 [II] Matters brought to the attention of the Council parent=None paras=Some((9, 9))
            #1 Numbered Some("1") s2 p1-1: At its session, the Commission adopted the following draft resolution:
            #2 Unnumbered None s3 p1-1 annex: The Economic and Social Council, Noting the offer of the host,
            #3 Numbered Some("1") s3 p1-1 annex: Decides to hold the session in Lima;
            #4 Numbered Some("2") s3 p1-1 annex: Requests the Secretary-General to report.
            #5 Numbered Some("1") s4 p1-1 annex: Endorses the decision.
            #6 Numbered Some("2") s5 p1-1: At its session, the other Commission adopted a draft decision.
            #7 Unnumbered None s6 p1-1 annex: The Economic and Social Council,
            #8 Numbered Some("1") s6 p1-1 annex: Decides on the dates.
            #9 Numbered Some("3") s7 p1-1: The texts are available online.
        "#]],
    );
    assert_eq!(
        citations(DRAFTS),
        [
            "A/1/2, para. 1",
            "A/1/2, draft resolution I, para. 1",
            "A/1/2, draft resolution I, para. 2",
            "A/1/2, draft resolution I, annex, para. 1",
            "A/1/2, para. 2",
            "A/1/2, draft resolution II, para. 1",
            "A/1/2, para. 3",
        ]
    );
}

#[test]
fn a_draft_resolution_longer_than_the_body_never_continues_its_numbering() {
    // Before quoted texts were zones of their own, operative paragraphs 1–2 became items of
    // paragraph 2 and 3–4 became paragraphs 3 and 4 of the report.
    check(
        "Chapter IV\nAdoption of the report\n1.\nThe Committee adopted its report.\n\
         2.\nStatements were made by the representatives.\n\nDraft resolution B\n\
         Global communications\nThe General Assembly,\nRecalling its resolution,\n\
         1.\nRequests the Department to go on;\n2.\nAlso requests it to report;\n\
         3.\nDecides to stay seized;\n4.\nEncourages Member States.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            s1 L1 [Chapter IV] Adoption of the report parent=None paras=Some((1, 7))
            s2 L2 [Draft resolution B] Global communications parent=Some(0) paras=Some((3, 7))
            #1 Numbered Some("1") s1 p1-1: The Committee adopted its report.
            #2 Numbered Some("2") s1 p1-1: Statements were made by the representatives.
            #3 Unnumbered None s2 p1-1 annex: The General Assembly, Recalling its resolution,
            #4 Numbered Some("1") s2 p1-1 annex: Requests the Department to go on;
            #5 Numbered Some("2") s2 p1-1 annex: Also requests it to report;
            #6 Numbered Some("3") s2 p1-1 annex: Decides to stay seized;
            #7 Numbered Some("4") s2 p1-1 annex: Encourages Member States.
        "#]],
    );
}

/// A report on three sessions prints one part for each (A/80/38): each part numbers from `1.`,
/// holds its own chapters and annex, and the next part ends that annex.
const PARTS: &str = "A/1/3\nLetter of transmittal\nI have the honour to transmit the report.\n\
    Part One\nReport on the first session\nChapter I\nOrganizational matters\n\
    1.\nThe Committee met.\n2.\nIt adopted its agenda.\nAnnex\nDocuments before the Committee\n\
    1.\nThe list.\nPART TWO\nReport on the second session\nChapter I\nOrganizational matters\n\
    1.\nThe Committee met again.\n";

#[test]
fn parts_of_a_report_number_apart_and_end_the_annex_before_them() {
    check(
        PARTS,
        expect![[r#"
            meta: symbol="A/1/3" job="" title=""
            page 1 printed=None furniture=["A/1/3"]
            s1 L1 [Part One] Report on the first session parent=None paras=Some((2, 4))
            s2 L2 [Chapter I] Organizational matters parent=Some(0) paras=Some((2, 3))
            s3 L2 [Annex] Documents before the Committee parent=Some(0) paras=Some((4, 4))
            s4 L1 [Part Two] Report on the second session parent=None paras=Some((5, 5))
            s5 L2 [Chapter I] Organizational matters parent=Some(3) paras=Some((5, 5))
            #1 Unnumbered None  p1-1: Letter of transmittal I have the honour to transmit the report.
            #2 Numbered Some("1") s2 p1-1 annex: The Committee met.
            #3 Numbered Some("2") s2 p1-1 annex: It adopted its agenda.
            #4 Numbered Some("1") s3 p1-1 annex: The list.
            #5 Numbered Some("1") s5 p1-1 annex: The Committee met again.
        "#]],
    );
    assert_eq!(
        citations(PARTS),
        [
            "A/1/3, part one, para. 1",
            "A/1/3, part one, para. 2",
            "A/1/3, part one, annex, para. 1",
            "A/1/3, part two, para. 1",
        ]
    );
}

/// An annex lists its items in parts (`Part I`, with a footnote call glued, and `Part II`), and
/// titles itself after a dash on the annex line (S/RES/2776 (2025)).
#[test]
fn parts_of_an_annex_stand_below_it() {
    const ANNEX_PARTS: &str = "S/RES/1 (2025)\n1.\nDecides to act.\n\
        Annex A – Items subject to notification\n1.\nMissiles;\n2.\nMortars.\n\
        Annex B – Components\nPart I1\n1.\nExplosives;\nPart II\n1.\nDetonators.\n";
    check(
        ANNEX_PARTS,
        expect![[r#"
            meta: symbol="S/RES/1 (2025)" job="" title=""
            page 1 printed=None furniture=["S/RES/1 (2025)"]
            s1 L1 [Annex A] Items subject to notification parent=None paras=Some((2, 3))
            s2 L1 [Annex B] Components parent=None paras=Some((4, 5))
            s3 L2 [Part I]  parent=Some(1) paras=Some((4, 4))
            s4 L2 [Part II]  parent=Some(1) paras=Some((5, 5))
            #1 Numbered Some("1")  p1-1: Decides to act.
            #2 Numbered Some("1") s1 p1-1 annex: Missiles;
            #3 Numbered Some("2") s1 p1-1 annex: Mortars.
            #4 Numbered Some("1") s3 p1-1 annex: Explosives;
            #5 Numbered Some("1") s4 p1-1 annex: Detonators.
        "#]],
    );
    assert_eq!(
        citations(ANNEX_PARTS),
        [
            "S/RES/1 (2025), para. 1",
            "S/RES/1 (2025), annex A, para. 1",
            "S/RES/1 (2025), annex A, para. 2",
            "S/RES/1 (2025), annex B, part I, para. 1",
            "S/RES/1 (2025), annex B, part II, para. 1",
        ]
    );
}

#[test]
fn enclosures_are_annexes() {
    check(
        "1.\nThe review is enclosed.\n\u{c}Enclosure 1\nFinancial resources\n\
         Category\n126 430.3\n\u{c}Enclosure 2\nBreakdown of costs\n1.\nThe costs are these.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            page 2 printed=None furniture=[]
            page 3 printed=None furniture=[]
            s1 L1 [Enclosure 1] Financial resources parent=None paras=Some((2, 2))
            s2 L1 [Enclosure 2] Breakdown of costs parent=None paras=Some((3, 3))
            #1 Numbered Some("1")  p1-1: The review is enclosed.
            #2 Unnumbered None s1 p2-2 annex: Category 126 430.3
            #3 Numbered Some("1") s2 p3-3 annex: The costs are these.
        "#]],
    );
}

#[test]
fn an_official_records_cover_gives_the_report_title_printed_above_its_fields() {
    check(
        "A/80/21\n\nUnited Nations\n\nReport of the Committee\non Information\n\
         Forty-seventh session\n(28 April–9 May 2025)\nGeneral Assembly\nOfficial Records\n\
         Eightieth Session\nSupplement No. 21\n\n\u{c}1.\nThe Committee met.\n",
        expect![[r#"
            meta: symbol="A/80/21" job="" title="Report of the Committee on Information"
            page 1 printed=None furniture=["A/80/21"]
            page 2 printed=None furniture=[]
            #1 Numbered Some("1")  p2-2: The Committee met.
        "#]],
    );
}

#[test]
fn a_shared_symbol_printed_over_two_lines_is_furniture_and_a_decision_number_is_not() {
    // `A/79/907-S/2025/268` on page 1; later pages print each symbol on a line of its own, here
    // at the foot of a (landscape) page, out of the header zone. `2025/11` at the top of a page
    // is a decision's number, not page 2025 of 11.
    check(
        "A/1/2-S/2025/3\n\nUnited Nations\n\n1.\nThe Council met.\n\u{c}2025/11\n\
         Update on protection\nThe Executive Board\nTakes note of the update.\n\nA/1/2\n\
         S/2025/3\n\n2/3\n",
        expect![[r#"
            meta: symbol="A/1/2" job="" title=""
            page 1 printed=None furniture=["A/1/2-S/2025/3"]
            page 2 printed=Some("2") furniture=["A/1/2", "S/2025/3", "2/3"]
            #1 Numbered Some("1")  p1-2: The Council met. 2025/11 Update on protection The Executive Board Takes note of the update.
        "#]],
    );
}

#[test]
fn a_caption_right_after_a_table_opens_the_next_table() {
    // pdftotext prints table 8's caption on the line after table 7's last cell.
    check(
        "1.\nThe funding is shown below.\n\nTable 7\nApproved funding\n\nYear\n\n2014\n\n\
         12.5\n\n2015\n\n13.0\nTable 8\nProjected expenditure\n\nYear\n\n2016\n\n14.5\n\n\
         2017\n\n15.0\n\n2.\nThe plan goes on.\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Numbered Some("1")  p1-1: The funding is shown below.
            #2 Table None  p1-1: Table 7
            Approved funding
            Year
            2014
            12.5
            2015
            13.0
            #3 Table None  p1-1: Table 8
            Projected expenditure
            Year
            2016
            14.5
            2017
            15.0
            #4 Numbered Some("2")  p1-1: The plan goes on.
        "#]],
    );
}

#[test]
fn a_units_line_under_a_title_opens_a_table_without_a_caption() {
    // An enclosure's table: its title (the heading's), a units line, cells. A units line under
    // prose opens nothing.
    check(
        "1.\nThe reduction, in thousands of dollars, is shown below:\n\
         (Thousands of United States dollars)\nThe total is 4 650.\n\
         \u{c}Enclosure 3\nCost reduction by category\n(Thousands of United States dollars)\n\
         Category\nAmount\nFuel\n3 200\nRations\n1 450\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            page 2 printed=None furniture=[]
            s1 L1 [Enclosure 3] Cost reduction by category parent=None paras=Some((2, 2))
            #1 Numbered Some("1")  p1-1: The reduction, in thousands of dollars, is shown below: (Thousands of United States dollars) The total is 4 650.
            #2 Table None s1 p2-2 annex: (Thousands of United States dollars)
            Category
            Amount
            Fuel
            3 200
            Rations
            1 450
        "#]],
    );
}

#[test]
fn a_list_of_names_after_a_colon_is_a_table_and_goes_on_over_the_page() {
    // A membership list, one name a fragment (two columns read down), continued on the next
    // page; fewer names after a colon stay text.
    let mut input = String::from("4.\nThe Committee is composed of the following States:\n");
    for name in [
        "Algeria",
        "Burkina Faso",
        "Angola",
        "Burundi",
        "Argentina",
        "Chile",
        "Armenia",
        "China",
    ] {
        input.push_str(&format!("\n{name}\n"));
    }
    input.push_str("\u{c}\nCosta Rica\n\nCuba\n\nCyprus\n\n5.\nThe members are these:\n\n");
    input.push_str("Ghana\n\nIndia\n\n6.\nThe session opened.\n");
    check(
        &input,
        expect![[r#"
        meta: symbol="" job="" title=""
        page 1 printed=None furniture=[]
        page 2 printed=None furniture=[]
        #1 Numbered Some("4")  p1-1: The Committee is composed of the following States:
        #2 Table None  p1-2: Algeria
        Burkina Faso
        Angola
        Burundi
        Argentina
        Chile
        Armenia
        China
        Costa Rica
        Cuba
        Cyprus
        #3 Numbered Some("5")  p2-2: The members are these: Ghana India
        #4 Numbered Some("6")  p2-2: The session opened.
    "#]],
    );
}

#[test]
fn a_page_number_of_the_pages_printed_mid_page_is_furniture() {
    // pdftotext printed page 2's `2/3` inside a paragraph, out of the header and footer lines
    // (the first two and last three of the page). Three pages
    // print `N/3`; `2025/11` (past its total) is no page number.
    check(
        "1.\nThe Committee met.\n1/3\n\u{c}2.\nThe Committee\n\n2/3\n\nadopted decision\n\n\
         2025/11\n\non its agenda and\nclosed the item\nafter a debate.\n\u{c}3.\nIt closed.\n3/3\n",
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=Some("1") furniture=["1/3"]
            page 2 printed=Some("2") furniture=["2/3"]
            page 3 printed=Some("3") furniture=["3/3"]
            #1 Numbered Some("1")  p1-1: The Committee met.
            #2 Numbered Some("2")  p2-2: The Committee adopted decision 2025/11 on its agenda and closed the item after a debate.
            #3 Numbered Some("3")  p3-3: It closed.
        "#]],
    );
}

#[test]
fn cells_wrapped_in_narrow_columns_are_a_table_but_narrow_items_are_not() {
    // Page 2: a matrix of recommendations and remarks, each cell wrapped in a narrow column, its
    // rows numbered below the last paragraph, after the end of a paragraph of page 1 (in
    // lowercase, not claimed). Page 3: an annex without a title before its matrix (the line
    // after the matrix is not its title), then
    // recommendations as narrow as cells, each opened by its number: items, not a table.
    let prose = "The Board reviewed the recommendations of the Joint Inspection Unit that concern the\n\
                 Fund and sets out the remarks of management on each of them in the table below, by\n\
                 report and recommendation, with the status of their implementation at year end\n";
    let mut input = format!("4.\n{prose}\n5.\n{prose}\u{c}and the remarks that follow.\n\n");
    input.push_str("Recommendation\n\nRemarks\n");
    let rows = [
        (
            "The executive heads should\nreview their flexible working\narrangements by 2026.",
            "Accepted",
        ),
        (
            "The governing bodies should\nrequest annual updates on\ntelework.",
            "The Fund reports on it\nto the Board at its annual\nsession.",
        ),
        (
            "The executive heads should\nreport on telework.",
            "(a) The Fund reviewed its\npolicy in 2024.",
        ),
    ];
    for (n, (cell, remark)) in rows.iter().enumerate() {
        input.push_str(&format!("\n{}.\n\n{cell}\n\n{remark}\n", n + 1));
    }
    input.push_str(&format!("\n6.\n{prose}\u{c}Annex\n\n"));
    for (cell, remark) in rows {
        input.push_str(&format!("{cell}\n\n{remark}\n\n"));
    }
    input.push_str(&format!("Status at the end of the year\n\n1.\n{prose}"));
    for (n, text) in [
        (
            1,
            "Ratify the Optional Protocol\nto the Convention (Chile);",
        ),
        (2, "Consider acceding to the\nConvention (Algeria);"),
        (3, "Ratify the Convention on\nmigrant workers (Turkey);"),
        (
            4,
            "Extend a standing invitation\nto special procedures (Latvia).",
        ),
    ] {
        input.push_str(&format!("\n1.{n}.\n\n{text}\n"));
    }
    check(
        &input,
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            page 2 printed=None furniture=[]
            page 3 printed=None furniture=[]
            s1 L1 [Annex]  parent=None paras=Some((5, 7))
            #1 Numbered Some("4")  p1-1: The Board reviewed the recommendations of the Joint Inspection Unit that concern the Fund and sets out the remarks of management on each of them in the table below, by report and recommendation, with the status of their implementation at year end
            #2 Numbered Some("5")  p1-2: The Board reviewed the recommendations of the Joint Inspection Unit that concern the Fund and sets out the remarks of management on each of them in the table below, by report and recommendation, with the status of their implementation at year end and the remarks that follow.
            #3 Table None  p2-2: Recommendation
            Remarks
            1.
            The executive heads should
            review their flexible working
            arrangements by 2026.
            Accepted
            2.
            The governing bodies should
            request annual updates on
            telework.
            The Fund reports on it
            to the Board at its annual
            session.
            3.
            The executive heads should
            report on telework.
            (a) The Fund reviewed its
            policy in 2024.
            #4 Numbered Some("6")  p2-2: The Board reviewed the recommendations of the Joint Inspection Unit that concern the Fund and sets out the remarks of management on each of them in the table below, by report and recommendation, with the status of their implementation at year end
            #5 Table None s1 p3-3 annex: The executive heads should
            review their flexible working
            arrangements by 2026.
            Accepted
            The governing bodies should
            request annual updates on
            telework.
            The Fund reports on it
            to the Board at its annual
            session.
            The executive heads should
            report on telework.
            (a) The Fund reviewed its
            policy in 2024.
            #6 Unnumbered None s1 p3-3 annex: Status at the end of the year
            #7 Numbered Some("1") s1 p3-3 annex: The Board reviewed the recommendations of the Joint Inspection Unit that concern the Fund and sets out the remarks of management on each of them in the table below, by report and recommendation, with the status of their implementation at year end 1.1. Ratify the Optional Protocol to the Convention (Chile); 1.2. Consider acceding to the Convention (Algeria); 1.3. Ratify the Convention on migrant workers (Turkey); 1.4. Extend a standing invitation to special procedures (Latvia).
                item L1 1.1 Ratify the Optional Protocol to the Convention (Chile);
                item L1 1.2 Consider acceding to the Convention (Algeria);
                item L1 1.3 Ratify the Convention on migrant workers (Turkey);
                item L1 1.4 Extend a standing invitation to special procedures (Latvia).
        "#]],
    );
}

#[test]
fn numbers_printed_above_their_texts_move_to_them_when_the_texts_can_be_counted() {
    // Numbers 2–4 printed together, then the end of paragraph 1's list, then three headed
    // lists: each number moves to its list. Numbers 6–7 have three candidate texts: left alone.
    let input = "1.\nGlobalization and interdependence:\n\n2.\n\n3.\n\n4.\n\n(a)\n\n\
                 Culture and development;\n\n(b)\n\nMiddle-income countries.\n\n\
                 Groups of countries in special situations:\n(a)\n\nLeast developed countries.\n\n\
                 Eradication of poverty:\n(a)\n\nRural poverty.\n\n\
                 Advancement of women:\n(a)\n\nBeijing follow-up.\n\n5.\nThe next item.\n\n\
                 6.\n\n7.\n\nFirst heading:\n\nSecond heading:\n\nThird heading:\n";
    check(
        input,
        expect![[r#"
        meta: symbol="" job="" title=""
        page 1 printed=None furniture=[]
        #1 Numbered Some("1")  p1-1: Globalization and interdependence: (a) Culture and development; (b) Middle-income countries.
            item L1 (a) Culture and development;
            item L1 (b) Middle-income countries.
        #2 Numbered Some("2")  p1-1: Groups of countries in special situations: (a) Least developed countries.
            item L1 (a) Least developed countries.
        #3 Numbered Some("3")  p1-1: Eradication of poverty: (a) Rural poverty.
            item L1 (a) Rural poverty.
        #4 Numbered Some("4")  p1-1: Advancement of women: (a) Beijing follow-up.
            item L1 (a) Beijing follow-up.
        #5 Numbered Some("5")  p1-1: The next item.
        #6 Numbered Some("6")  p1-1: 
        #7 Numbered Some("7")  p1-1: First heading: Second heading: Third heading:
    "#]],
    );
}

#[test]
fn a_titled_box_set_narrower_than_the_text_is_its_own_paragraph() {
    // Page 1: a box right after paragraph 1's last sentence, with no blank line between, is
    // emitted after paragraph 1 as one unnumbered paragraph (its title on a line of its own).
    // Page 2: a heading before paragraph 5, then the same narrow lines after a paragraph
    // number alone (a recommendation's text) and after the start of a sentence with a comma:
    // no box.
    let prose = "The Fund has mobilized over $250 million and supported more than 1,400 grass-roots\n\
                 organizations in fragile settings since 2016. Eight new national action plans on\n\
                 women and peace and security were adopted in 2024, bringing the total to 112.\n";
    let column = "Launched by the Secretary-General on International Women's Day\n\
                  in 2024, the United Nations System-wide Gender Equality Acceleration\n\
                  Plan is aimed at accelerating progress on gender equality across the\n\
                  United Nations system. Its five pillars are designed to drive\n\
                  transformative change for gender equality throughout the system.\n";
    // A second box runs straight into paragraph 3: its line opened by a year goes on.
    let wrapped = "Launched by the Secretary-General on International Women's Day\n\
                   in 2024, the United Nations System-wide Gender Equality Acceleration\n\
                   Plan is aimed at accelerating progress on gender equality by\n\
                   2030. Its five pillars are designed to drive transformative change\n\
                   for gender equality throughout the United Nations system.\n";
    let input = format!(
        "1. {prose}System-wide action for gender equality\n{column}\n2. {prose}\
         Plan for gender equality\n{wrapped}3. {prose}\u{c}\
         4. {prose}Regional support\n5. {prose}6.\nStrengthen the programmes for women and girls\n{column}\n\
         7. {prose}In 2024, the Global Programme to End Child\n{column}"
    );
    check(
        &input,
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            page 2 printed=None furniture=[]
            s1 L1 [] Regional support parent=None paras=Some((7, 9))
            #1 Numbered Some("1")  p1-1: The Fund has mobilized over $250 million and supported more than 1,400 grass-roots organizations in fragile settings since 2016. Eight new national action plans on women and peace and security were adopted in 2024, bringing the total to 112.
            #2 Unnumbered None  p1-1: System-wide action for gender equality
            Launched by the Secretary-General on International Women's Day in 2024, the United Nations System-wide Gender Equality Acceleration Plan is aimed at accelerating progress on gender equality across the United Nations system. Its five pillars are designed to drive transformative change for gender equality throughout the system.
            #3 Numbered Some("2")  p1-1: The Fund has mobilized over $250 million and supported more than 1,400 grass-roots organizations in fragile settings since 2016. Eight new national action plans on women and peace and security were adopted in 2024, bringing the total to 112.
            #4 Unnumbered None  p1-1: Plan for gender equality
            Launched by the Secretary-General on International Women's Day in 2024, the United Nations System-wide Gender Equality Acceleration Plan is aimed at accelerating progress on gender equality by 2030. Its five pillars are designed to drive transformative change for gender equality throughout the United Nations system.
            #5 Numbered Some("3")  p1-1: The Fund has mobilized over $250 million and supported more than 1,400 grass-roots organizations in fragile settings since 2016. Eight new national action plans on women and peace and security were adopted in 2024, bringing the total to 112.
            #6 Numbered Some("4")  p2-2: The Fund has mobilized over $250 million and supported more than 1,400 grass-roots organizations in fragile settings since 2016. Eight new national action plans on women and peace and security were adopted in 2024, bringing the total to 112.
            #7 Numbered Some("5") s1 p2-2: The Fund has mobilized over $250 million and supported more than 1,400 grass-roots organizations in fragile settings since 2016. Eight new national action plans on women and peace and security were adopted in 2024, bringing the total to 112.
            #8 Numbered Some("6") s1 p2-2: Strengthen the programmes for women and girls Launched by the Secretary-General on International Women's Day in 2024, the United Nations System-wide Gender Equality Acceleration Plan is aimed at accelerating progress on gender equality across the United Nations system. Its five pillars are designed to drive transformative change for gender equality throughout the system.
            #9 Numbered Some("7") s1 p2-2: The Fund has mobilized over $250 million and supported more than 1,400 grass-roots organizations in fragile settings since 2016. Eight new national action plans on women and peace and security were adopted in 2024, bringing the total to 112. In 2024, the Global Programme to End Child Launched by the Secretary-General on International Women's Day in 2024, the United Nations System-wide Gender Equality Acceleration Plan is aimed at accelerating progress on gender equality across the United Nations system. Its five pillars are designed to drive transformative change for gender equality throughout the system.
        "#]],
    );
}

#[test]
fn a_figure_caption_title_and_notes_are_their_own_paragraph() {
    // Figure I: caption, a title of two lines, the chart's labels, then its source: one
    // unnumbered paragraph after paragraph 1, which goes on after it. Figure II: labels with no
    // notes after them stay where they are; only the caption and title move. `Figure 3 shows`
    // opens no figure.
    let prose = "The Mission documented 540 incidents of violence affecting civilians, of whom\n\
                 209 were arbitrarily arrested and detained, as shown in the figure below.\n";
    let input = format!(
        "1. {prose}Figure I\nNumber of victims by State and type of violation\n(in numbers)\n\
         Jonglei\nUnity\n\n100\nKilled\n\n200\n\nSource: United Nations Mission in South Sudan.\n\n\
         and 8 per cent to unidentified armed elements.\n2. {prose}Figure II\n\
         Violations against children by State\n\nWarrap\n6 cases\n\n3. Figure 3 shows the trend.\n{prose}"
    );
    check(
        &input,
        expect![[r#"
            meta: symbol="" job="" title=""
            page 1 printed=None furniture=[]
            #1 Numbered Some("1")  p1-1: The Mission documented 540 incidents of violence affecting civilians, of whom 209 were arbitrarily arrested and detained, as shown in the figure below. and 8 per cent to unidentified armed elements.
            #2 Unnumbered None  p1-1: Figure I
            Number of victims by State and type of violation (in numbers) Jonglei Unity 100 Killed 200 Source: United Nations Mission in South Sudan.
            #3 Numbered Some("2")  p1-1: The Mission documented 540 incidents of violence affecting civilians, of whom 209 were arbitrarily arrested and detained, as shown in the figure below. Warrap 6 cases
            #4 Unnumbered None  p1-1: Figure II
            Violations against children by State
            #5 Numbered Some("3")  p1-1: Figure 3 shows the trend. The Mission documented 540 incidents of violence affecting civilians, of whom 209 were arbitrarily arrested and detained, as shown in the figure below.
        "#]],
    );
}
