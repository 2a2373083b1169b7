use super::*;

/// (span text, kind, target, cited) of each citation `text` makes in a Council document.
fn found(text: &str) -> Vec<(String, ReferenceKind, String, String)> {
    let mut cx = Context {
        body: Body::HumanRightsCouncil,
        last_target: None,
    };
    find_in(text, &mut cx)
        .into_iter()
        .map(|r| {
            let span = text[r.span.0 as usize..r.span.1 as usize].to_owned();
            (span, r.kind, r.target, r.cited)
        })
        .collect()
}

fn one(text: &str, span: &str, kind: ReferenceKind, target: &str, cited: &str) {
    assert_eq!(
        found(text),
        [(span.to_owned(), kind, target.to_owned(), cited.to_owned())],
        "{text}"
    );
}

use ReferenceKind::{Document as Doc, Ibid, Internal, Resolution};

#[test]
fn a_symbol_with_paragraphs_cites_them() {
    one(
        "as recommended in A/HRC/52/71, paras. 58–61, the",
        "A/HRC/52/71, paras. 58–61",
        Doc,
        "A/HRC/52/71",
        "paras. 58-61",
    );
    one(
        "the Board (A/78/503, para. 13).",
        "A/78/503, para. 13",
        Doc,
        "A/78/503",
        "para. 13",
    );
    one(
        "(A/79/696, paras. 9, 11 and 12).",
        "A/79/696, paras. 9, 11 and 12",
        Doc,
        "A/79/696",
        "para. 9, para. 11, para. 12",
    );
    one(
        "see A/HRC/52/71, annex II, para. 3.",
        "A/HRC/52/71, annex II, para. 3",
        Doc,
        "A/HRC/52/71",
        "annex II, para. 3",
    );
}

#[test]
fn a_symbol_alone_cites_the_whole_document_and_a_web_address_is_no_symbol() {
    one(
        "its report (A/HRC/52/71).",
        "A/HRC/52/71",
        Doc,
        "A/HRC/52/71",
        "",
    );
    one(
        "Security Council (S/RES/2776 (2025)) and",
        "S/RES/2776 (2025)",
        Doc,
        "S/RES/2776 (2025)",
        "",
    );
    assert!(found("see www.ohchr.org/EN/HRBodies/HRC/Pages/2019.aspx and HIV/AIDS").is_empty());
}

#[test]
fn resolutions_name_their_body_or_the_citing_documents() {
    one(
        "resolution 5/1, annex, para. 12",
        "resolution 5/1, annex, para. 12",
        Resolution,
        "A/HRC/RES/5/1",
        "annex, para. 12",
    );
    one(
        "in Council resolution 33/28, the",
        "Council resolution 33/28",
        Resolution,
        "A/HRC/RES/33/28",
        "",
    );
    one(
        "General Assembly resolution 60/251",
        "General Assembly resolution 60/251",
        Resolution,
        "A/RES/60/251",
        "",
    );
    one(
        "paragraph 12 of its resolution 78/253",
        "paragraph 12 of its resolution 78/253",
        Resolution,
        "A/RES/78/253",
        "para. 12",
    );
}

#[test]
fn internal_references_cite_the_document_itself() {
    one(
        "(see para. 23 above)",
        "para. 23 above",
        Internal,
        "",
        "para. 23",
    );
    one(
        "in paragraphs 14 to 16 below",
        "paragraphs 14 to 16 below",
        Internal,
        "",
        "paras. 14-16",
    );
    one(
        "see paras. 4 and 7 (c) above",
        "paras. 4 and 7 (c) above",
        Internal,
        "",
        "para. 4, para. 7",
    );
    one(
        "as set out in chapter III.",
        "chapter III",
        Internal,
        "",
        "section III",
    );
    assert!(found("under Chapter VII of the Charter").is_empty());
    assert!(found("paragraph 5 of the report").is_empty());
}

#[test]
fn ibid_names_the_document_cited_before_it() {
    let text = "Umoja (A/79/696, para. 2). Analytics (ibid., paras. 24–27). Then (ibid.).";
    let all = found(text);
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(all[1].0, "ibid., paras. 24–27");
    assert_eq!((all[1].1, all[1].2.as_str()), (Ibid, "A/79/696"));
    assert_eq!(all[1].3, "paras. 24-27");
    assert_eq!((all[2].0.as_str(), all[2].3.as_str()), ("ibid.", ""));
    assert!(found("(ibid., para. 3) with nothing before").is_empty());
}

#[test]
fn other_languages_use_their_words_for_paragraphs() {
    one(
        "voir A/HRC/52/71, par. 58 et 60.",
        "A/HRC/52/71, par. 58 et 60",
        Doc,
        "A/HRC/52/71",
        "para. 58, para. 60",
    );
    one(
        "(véase el párr. 23 supra)",
        "párr. 23 supra",
        Internal,
        "",
        "para. 23",
    );
}

#[test]
fn described_selectors_read_back_as_the_same_selectors() {
    for cited in ["annex II, paras. 3-5, para. 8", "section V", "para. 58"] {
        let parsed = citation::parse(cited).map(|c| c.selectors);
        assert_eq!(parsed.map(|s| describe(&s)).as_deref(), Ok(cited));
    }
}

#[test]
fn hostile_text_neither_panics_nor_slows() {
    let long = "para. 1, ".repeat(20_000) + &"A/".repeat(20_000) + &"ibid. ".repeat(5_000);
    let started = std::time::Instant::now();
    let _ = found(&long);
    let _ = found("é/ü, para. 5 (ü) ибид п. ١٢ 第5段");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn security_council_resolutions_are_listed_each() {
    let all = found(
        "pursuant to Security Council resolutions 1160 (1998), 1199 (1998) and 1244 (1999) (31 March)",
    );
    let targets: Vec<&str> = all.iter().map(|f| f.2.as_str()).collect();
    assert_eq!(
        targets,
        [
            "S/RES/1160 (1998)",
            "S/RES/1199 (1998)",
            "S/RES/1244 (1999)"
        ],
        "{all:?}"
    );
}
