//! The regular expressions of the analysis passes, compiled once, each behind a cheap
//! byte-level pre-check so that most lines never reach the regex engine (see [`Pat`]).

pub(crate) use crate::pattern::Pat;
use regex::Captures;

use super::lexicon::ANNEX_WORDS;

/// True when the last word of `text` is one of `words`: a line ending `of the` or `addressed`
/// needs the next line. Each pass keeps its own list of such words.
pub(crate) fn ends_with_word(text: &str, words: &[&str]) -> bool {
    words.contains(&text.rsplit(' ').next().unwrap_or(""))
}

fn first(text: &str, f: fn(&u8) -> bool) -> bool {
    text.as_bytes().first().is_some_and(f)
}
fn starts_digit(t: &str) -> bool {
    first(t, u8::is_ascii_digit)
}
fn starts_upper(t: &str) -> bool {
    first(t, u8::is_ascii_uppercase)
}
fn short(t: &str) -> bool {
    t.len() <= 16
}
/// The first byte of an upper-case ASCII letter, a Cyrillic capital (0xD0), an Arabic letter
/// (0xD8, 0xD9) or a Chinese number from one to ten (0xE4, 0xE5).
fn starts_label(t: &str) -> bool {
    matches!(
        t.as_bytes().first(),
        Some(b'A'..=b'Z' | 0xD0 | 0xD8 | 0xD9 | 0xE4 | 0xE5)
    )
}
/// A full stop, a hyphen or an en dash's first byte among the first bytes of a line.
fn label_end_near(t: &str) -> bool {
    t.as_bytes()
        .iter()
        .take(20)
        .any(|&b| matches!(b, b'.' | b'-' | 0xE2))
}
fn label_only(t: &str) -> bool {
    t.len() <= 20 && starts_label(t) && label_end_near(t)
}
fn label_title(t: &str) -> bool {
    starts_label(t) && label_end_near(t)
}
fn symbol(t: &str) -> bool {
    starts_upper(t) && t.len() <= 80 && t.contains('/')
}
fn has_ge(t: &str) -> bool {
    t.contains("GE.")
}
fn ge_line(t: &str) -> bool {
    t.len() <= 48 && has_ge(t)
}
fn ny_line(t: &str) -> bool {
    t.len() <= 32 && starts_digit(t)
}
fn has_star(t: &str) -> bool {
    t.contains('*')
}
fn annex_titled(t: &str) -> bool {
    // Checked on every body line: the first byte rules out nearly all of them (`A`, `E`, the
    // lead bytes of `П`, `ا` and `附`).
    matches!(t.as_bytes().first(), Some(b'A' | b'E' | 0xD0 | 0xD8 | 0xE9))
        && ANNEX_WORDS.iter().any(|p| t.starts_with(p))
}
fn annex(t: &str) -> bool {
    t.len() <= 40 && annex_titled(t)
}
fn quoted(t: &str) -> bool {
    t.len() <= 32
        && matches!(t.as_bytes().first(), Some(b'D' | b'I'))
        && ["Draft ", "DRAFT ", "Decision ", "Intersessional "]
            .iter()
            .any(|p| t.starts_with(p))
}
fn chapter(t: &str) -> bool {
    t.len() <= 16 && (t.starts_with("Chapter ") || t.starts_with("CHAPTER "))
}
fn part(t: &str) -> bool {
    t.len() <= 12 && (t.starts_with("Part ") || t.starts_with("PART "))
}
fn action_line(t: &str) -> bool {
    t.starts_with("For ")
}
fn preamble(t: &str) -> bool {
    t.len() <= 80 && t.starts_with("The ") && t.ends_with([',', ':'])
}
fn starts_paren(t: &str) -> bool {
    t.starts_with('(')
}
fn letter_label(t: &str) -> bool {
    t.starts_with('(') || (first(t, u8::is_ascii_lowercase) && t.as_bytes().get(1) == Some(&b')'))
}
fn close_item(t: &str) -> bool {
    t.as_bytes().iter().take(8).any(|&b| b == b')')
}
fn leader(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with("..") || t.ends_with(". .")
}
fn leader_page(t: &str) -> bool {
    t.ends_with(|c: char| c.is_ascii_digit()) && (t.contains("....") || t.contains(". . ."))
}
fn range(t: &str) -> bool {
    t.len() <= 16 && starts_digit(t)
}
fn rule(t: &str) -> bool {
    t.starts_with("_____")
}
fn footnote(t: &str) -> bool {
    starts_digit(t) || t.starts_with(STARS)
}

/// A UN document symbol alone on a line, e.g. `A/HRC/52/71`, `S/RES/2769 (2025)*`,
/// `A/79/797-S/2025/109`, `A/HRC/23/17–E/CN.6/2013/8`, `DP/FPA/2025/4 (Part I/Add.1)`.
pub(crate) static SYMBOL: Pat = Pat::new(
    r"^(?:[A-Z]{1,6}(?:\.\d+)?(?:/[A-Za-z0-9.\-]+(?: \([A-Za-z0-9 ./]+\))?)+\*?)(?:[-–][A-Z]{1,6}(?:/[A-Za-z0-9.\-]+(?: \([A-Za-z0-9 ./]+\))?)+\*?)*$",
    symbol,
);

/// A Geneva job number anywhere, e.g. `GE.22-29477`.
pub(crate) static GE_JOB: Pat = Pat::new(r"GE\.\s?\d{2}-\s?\d{5}", has_ge);

/// A New York job number line, e.g. `24-16783 (E)`, `24-16783 (E) 081124`, `24-16783`,
/// `25-04256X (E) 020425` (the `X` of documents of the executive boards).
pub(crate) static NY_JOB_LINE: Pat = Pat::new(
    r"^\d{2}-\d{5}X?(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}$",
    ny_line,
);

/// A footer line holding a Geneva job number and maybe a page number on either side, or a
/// release-date code.
pub(crate) static GE_JOB_LINE: Pat = Pat::new(
    r"^(?:\d{1,4}\s+)?GE\.\s?\d{2}-\s?\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}(?:\s+\d{1,4})?$",
    ge_line,
);

/// A barcode, e.g. `*1412952*`.
pub(crate) static BARCODE: Pat = Pat::new(r"\*\d{7,}[A-Z]?\*", has_star);

/// A bare printed page number: `7`, `Page 3`, `page 12`, `2/56`, `- 3 -`.
pub(crate) static PAGE_NUMBER: Pat = Pat::new(
    r"^(?:[Pp]age\s+(\d{1,4})|(\d{1,4})(?:\s*/\s*\d{1,4})?|-\s*(\d{1,4})\s*-|([ivxlc]{1,6}))$",
    short,
);

/// Release date codes printed under the job number on page 1, e.g. `081124` or `081124 091124`.
pub(crate) static DATE_CODE: Pat = Pat::new(r"^\d{6}(?:\s+\d{6})?$", starts_digit);

/// A numbered-paragraph marker: `12.` → `(12, None)`, `12. Text` → `(12, Some("Text"))`; and
/// as the Arabic versions print it, a hyphen after the number (`12-`, `12 - نص`) when Arabic
/// text (or nothing) follows. The same language as [`PARA_MARKER`], without the regex engine
/// (it runs on every line).
pub(crate) fn para_marker(text: &str) -> Option<(u32, Option<&str>)> {
    let n_digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if n_digits == 0 || n_digits > 4 {
        return None;
    }
    let value = text[..n_digits].parse().ok()?;
    let after = &text[n_digits..];
    if let Some(after) = after.strip_prefix('.') {
        if after.is_empty() {
            return Some((value, None));
        }
        let rest = after.trim_start();
        let spaced = after.len() > rest.len();
        return (spaced && !rest.is_empty()).then_some((value, Some(rest)));
    }
    let rest = after
        .strip_prefix(" -")
        .or_else(|| after.strip_prefix('-'))?;
    let rest = rest.trim_start();
    match rest.chars().next() {
        None => Some((value, None)),
        Some(c) if is_arabic(c) => Some((value, Some(rest))),
        Some(_) => None,
    }
}

/// True for a letter of the Arabic script.
pub(crate) fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}')
}

/// A numbered-paragraph marker at the start of a line: `12.` alone or `12. Text`, `12-` alone or
/// `12 - نص`.
#[cfg(test)]
pub(crate) static PARA_MARKER: Pat = Pat::new(
    r"^(\d{1,4})(?:\.(?:\s+(\S.*))?| ?-(?:\s*([\x{0620}-\x{064A}\x{066E}-\x{06D3}].*))?)$",
    starts_digit,
);

/// A heading label alone: `IV.`, `B.`, and the Russian (`Б.`) and Chinese (`三.`) versions'
/// letters and chapter numbers, and the Arabic versions' ordinals and letter names before a
/// hyphen (`أولاً-`, `ألف -`).
pub(crate) static LABEL_ONLY: Pat = Pat::new(
    concat!(
        r"^([IVXL]{1,6}|[A-Z]|[А-ЯЁ]|[一二三四五六七八九十]{1,3}|",
        r"أولاً|ثانياً|ثالثاً|رابعاً|خامساً|سادساً|سابعاً|ثامناً|تاسعاً|عاشراً|",
        r"ألف|باء|جيم|دال|هاء|واو|زاي|حاء|طاء|ياء)(?:\.|\s?[-–])$"
    ),
    label_only,
);

/// A heading label with its title on the same line: `IV. Conclusions`, `B. Interactive…`,
/// `ثانياً- الأنشطة`. Group 1 is a label before a full stop, group 2 an Arabic label before a
/// hyphen, group 3 the title's first character: [`split_label_title`] reads them.
pub(crate) static LABEL_TITLE: Pat = Pat::new(
    concat!(
        r"^(?:([IVXL]{1,6}|[A-Z]|[А-ЯЁ]|[一二三四五六七八九十]{1,3})\.\s+|",
        r"(أولاً|ثانياً|ثالثاً|رابعاً|خامساً|سادساً|سابعاً|ثامناً|تاسعاً|عاشراً|",
        r"ألف|باء|جيم|دال|هاء|واو|زاي|حاء|طاء|ياء)\s?[-–]\s*)(\S)"
    ),
    label_title,
);

/// A heading label and its title on one line (`IV. Conclusions`, `ثانياً- الأنشطة`): the label
/// without its full stop or hyphen, and the title from its first character.
pub(crate) fn split_label_title(text: &str) -> Option<(&str, &str)> {
    let c = LABEL_TITLE.captures(text)?;
    let label = c.get(1).or(c.get(2))?.as_str();
    Some((label, rest_from(text, &c, 3)))
}

/// An annex heading: `Annex`, `ANNEX II`, `Annexes`, `Annex I*`, `Appendix 2`, `Enclosure 1`,
/// and in the other languages `Annexe II`, `Anexo`, `Приложение I`, `المرفق الأول`, `附件一`.
/// Group 1 is the word, group 2 a Chinese number (set without a space), group 3 any other.
pub(crate) static ANNEX: Pat = Pat::new(
    concat!(
        r"^(Annex|ANNEX|Annexes|ANNEXES|Appendix|APPENDIX|Enclosure|ENCLOSURE|Annexe|ANNEXE|Appendice",
        r"|Anexo|ANEXO|Anexos|Apéndice|Приложение|ПРИЛОЖЕНИЕ|المرفق|附件)",
        r"(?:\s*([一二三四五六七八九十]{1,3})|\s+([IVXL]{1,6}|\d{1,2}|[A-Z]|[А-Я]|",
        r"الأول|الثاني|الثالث|الرابع|الخامس|السادس|السابع|الثامن|التاسع|العاشر))?\*?\.?$"
    ),
    annex,
);

/// An annex heading with its title on the line, after a dash or a dot: `Annex B – Improvised
/// Explosive Devices`, `Annex 1. Funding compact`. Groups 1 and 2 as in [`ANNEX`]; group 3 is
/// the title's first character: the title is [`rest_from`] it.
pub(crate) static ANNEX_TITLED: Pat = Pat::new(
    r"^(Annex|ANNEX|Appendix|APPENDIX|Enclosure|ENCLOSURE) ([IVXL]{1,6}|\d{1,2}|[A-Z])(?: [–—-]|\.) +(\S)",
    annex_titled,
);

/// The heading of a text quoted whole in a report, with numbering of its own: `Draft
/// resolution`, `Draft resolution II`, `DRAFT DECISION B`, and the decisions a meeting of
/// States Parties adopted, `Decision 2`, `Intersessional decision 4 2` (with a footnote call).
/// Group 1 is the label, without the call.
pub(crate) static QUOTED: Pat = Pat::new(
    r"^((?:Draft|DRAFT) (?:resolution|decision|RESOLUTION|DECISION)(?:\s+(?:[IVXL]{1,6}|\d{1,3}|[A-Z]))?|(?:Intersessional d|D)ecision \d{1,3})(?: \d{1,2})?\.?$",
    quoted,
);

/// The action line under an item of an annotated agenda: `For decision`, `For information
/// (E/ICEF/2025/15 and E/ICEF/2025/15/Add.1)`, its documents' list perhaps wrapped (no
/// closing bracket). Group 1 is the bracket's text, if any.
pub(crate) static ACTION_LINE: Pat = Pat::new(
    r"^For (?:decision|information|action|discussion|consideration|approval|noting)(?: \(([^()]*)\)?)?$",
    action_line,
);

/// The preamble of a resolution or decision, the body that adopts it alone on its line: `The
/// General Assembly,`, `The Economic and Social Council:`, `The Meeting of States Parties,`.
pub(crate) static PREAMBLE: Pat = Pat::new(
    r"^The [A-Z][\w’'-]*(?: (?:[A-Z][\w’'-]*|and|of|on|for|the|to))*[,:]$",
    preamble,
);

/// A chapter heading label alone: `Chapter I`, `CHAPTER IV`, `Chapter 2` (General Assembly
/// reports of committees). Group 1 is the chapter's number.
pub(crate) static CHAPTER: Pat =
    Pat::new(r"^(?:Chapter|CHAPTER) ([IVXL]{1,6}|\d{1,2})\.?$", chapter);

/// A part heading alone: `Part One`, `PART TWO`, `Part II`, `Part 3`; a footnote call may be
/// glued to a roman number (`Part I2`). Group 1 is the part's number, group 2 the call.
pub(crate) static PART: Pat = Pat::new(
    r"^(?:Part|PART) (One|Two|Three|Four|Five|Six|ONE|TWO|THREE|FOUR|FIVE|SIX|[IVX]{1,4}|\d{1,2})(\d{1,2})?\.?$",
    part,
);

/// A sub-item marker at the start of a line: `(a)`, `(iv)`, `(a) Text`, and an Arabic letter in
/// brackets (`(أ)`, `(ب)`) as the Arabic versions print them.
pub(crate) static ITEM_MARKER: Pat = Pat::new(
    r"^\(([a-z]{1,2}|[ivxl]{1,6}|\d{1,2}|[\x{0621}-\x{064A}])\)(?:$|\s+(\S))",
    starts_paren,
);

/// A sub-item marker with a closing bracket only, as French, Spanish and Russian versions print
/// them: `a)`, `iv)`, `а)` (Cyrillic). Group 1 is the letter or roman number.
pub(crate) static CLOSE_ITEM_MARKER: Pat =
    Pat::new(r"^([a-z]|[ivxl]{1,6}|[а-я])\)(?:$|\s+\S)", close_item);

/// A letter with one closing bracket, or in brackets, at the start of a line: `a)`, `(b)`,
/// `c) Title`, as sub-headings are labelled in some reports. Group 1 is the letter, group 2
/// the first character of a title on the same line.
pub(crate) static LETTER_LABEL: Pat = Pat::new(r"^\(?([a-z])\)(?:$|\s+(\S))", letter_label);

/// A recommendation number at the start of a line: `140.7`, `88.12 Text`.
pub(crate) static DOTTED_ITEM: Pat = Pat::new(r"^(\d{1,4}\.\d{1,3})\.?(?:$|\s+(\S))", starts_digit);

/// A contents-table leader: a run of dots, spaced or not, at the end of a line; three spaced
/// dots where the title fills the line (`… brought to its attention . . .`).
pub(crate) static LEADER: Pat = Pat::new(r"(?:(?:\.\s?){4,}|(?:\s\.){3})\s*$", leader);

/// A contents-table leader followed by the row's page on the same line: `Introduction ..... 3`.
/// Group 1 is the page.
pub(crate) static LEADER_PAGE: Pat = Pat::new(r"(?:\.\s?){4,}\s*(\d{1,4})$", leader_page);

/// A contents-table leader followed by the row's paragraph range on the same line (its page on
/// the next): `the Judiciary ..... 13 - 14`. Group 1 is the range.
pub(crate) static LEADER_RANGE: Pat = Pat::new(
    r"(?:\.\s?){4,}\s*(\d{1,4}\s*[-–—−]\s*\d{1,4})$",
    leader_page,
);

/// A paragraph range in a contents table: `1–4`, `5 - 94`, `1 -`, `12`, `3−45` (a minus sign,
/// as French tables print it).
pub(crate) static RANGE: Pat = Pat::new(r"^(\d{1,4})(?:\s*[-–—−]\s*(\d{1,4})?)?$", range);

/// A footnote separator rule.
pub(crate) static RULE: Pat = Pat::new(r"^_{5,}$", rule);

/// A footnote body start: `12 See …`, `* Previously issued …`, `12See …`. Group 2 is the
/// first character of the text: the text is [`rest_from`] it.
pub(crate) static FOOTNOTE_START: Pat = Pat::new(r"^(\d{1,3}|[*∗]{1,3})\s*(\S)", footnote);

/// Footnote stars: the asterisk, and the asterisk operator `∗` some reports print instead.
pub(crate) const STARS: [char; 2] = ['*', '∗'];

/// True when `text` is one to three footnote stars and nothing else: `*`, `**`, `∗`.
pub(crate) fn is_star_mark(text: &str) -> bool {
    !text.is_empty() && text.chars().count() <= 3 && text.chars().all(|c| STARS.contains(&c))
}

/// The rest of a line from the start of capture `group`. Patterns stop at the first character
/// of a line's tail instead of capturing `(\S.*)$`: that tail made the capture engine walk
/// every line to its end, a sixth of the analysis time.
pub(crate) fn rest_from<'t>(text: &'t str, captures: &Captures<'t>, group: usize) -> &'t str {
    captures.get(group).map_or("", |m| &text[m.start()..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn patterns_compile_and_match() {
        assert!(SYMBOL.is_match("A/HRC/WG.6/34/ITA/3"));
        assert!(SYMBOL.is_match("S/RES/2769 (2025)"));
        assert!(SYMBOL.is_match("A/79/797-S/2025/109"));
        assert!(SYMBOL.is_match("E/2025/26*-E/CN.5/2025/6*"));
        assert!(SYMBOL.is_match("A/HRC/23/17–E/CN.6/2013/8"));
        assert!(SYMBOL.is_match("DP/FPA/2025/4 (Part I/Add.1)"));
        assert!(!SYMBOL.is_match("Human Rights Council"));
        assert!(GE_JOB_LINE.is_match("GE.22-29477 7"));
        assert!(GE_JOB_LINE.is_match("4 GE.22-29477"));
        assert!(NY_JOB_LINE.is_match("24-16783 (E) 081124"));
        assert!(NY_JOB_LINE.is_match("25-04256X (E) 020425"));
        assert!(BARCODE.is_match("*2416783*"));
        assert!(PAGE_NUMBER.is_match("Page 3") && PAGE_NUMBER.is_match("2/56"));
        assert!(PARA_MARKER.is_match("10. The Steering"));
        for t in [
            "10. The Steering",
            "7.",
            "7.5",
            "12 x",
            "2010.",
            "1.  A",
            "x",
            "1. ",
            "99999.",
            "12-",
            "12 - يقدم",
            "12-يقدم",
            "12-month period",
            "10 - 12 June",
        ] {
            let by_regex = PARA_MARKER.captures(t).map(|c| {
                let value = c
                    .get(1)
                    .map_or(0, |m| m.as_str().parse::<u32>().unwrap_or(0));
                (value, c.get(2).or(c.get(3)).map(|m| m.as_str()))
            });
            assert_eq!(para_marker(t), by_regex, "{t}");
        }
        assert!(LABEL_TITLE.is_match("V. Recommendations"));
        assert!(ANNEX.is_match("Annex II") && ANNEX.is_match("ANNEX"));
        assert!(
            ANNEX_TITLED.is_match("Annex B – Improvised") && ANNEX_TITLED.is_match("Annex 1. Fund")
        );
        assert!(
            !ANNEX_TITLED.is_match("Annex to the letter")
                && !ANNEX_TITLED.is_match("Annex I provides")
        );
        assert!(QUOTED.is_match("Intersessional decision 4 2") && QUOTED.is_match("Decision 1"));
        assert!(!QUOTED.is_match("Decision 1: Intersessional structure"));
        assert!(
            PREAMBLE.is_match("The Economic and Social Council:")
                && PREAMBLE.is_match("The Meeting of States Parties,")
                && !PREAMBLE.is_match("The Committee, at its session, met twice.")
                && !PREAMBLE.is_match("The Council decided to:")
        );
        assert!(PART.is_match("Part Two") && PART.is_match("PART III") && PART.is_match("Part I2"));
        assert!(!PART.is_match("Part II of the review") && !PART.is_match("Part twelve"));
        assert!(ITEM_MARKER.is_match("(iv)") && DOTTED_ITEM.is_match("140.7 Ratify"));
        assert!(LEADER.is_match("Introduction . . . . . . ."));
        assert!(LEADER.is_match("its attention . . .") && !LEADER.is_match("and so on..."));
        assert!(
            LEADER_PAGE.is_match("UNV in 2025 ......... 11") && !LEADER.is_match("UNV ..... 11")
        );
        assert!(RANGE.is_match("5 - 94") && RULE.is_match("______"));
        assert!(FOOTNOTE_START.is_match("* Previously issued") && DATE_CODE.is_match("081124"));
        assert!(GE_JOB.is_match("x GE.09-14614 y"));
        assert!(LABEL_ONLY.is_match("IV."));
    }

    /// The patterns that stop at the tail's first character accept the same lines, and give
    /// the same tail, as the `(\S.*)$` patterns they replaced.
    #[test]
    fn short_patterns_equal_the_tail_capturing_ones() {
        let cases: [(&Pat, &str); 3] = [
            (
                &ITEM_MARKER,
                r"^\(([a-z]{1,2}|[ivxl]{1,6}|\d{1,2})\)(?:\s+(\S.*))?$",
            ),
            (&DOTTED_ITEM, r"^(\d{1,4}\.\d{1,3})\.?(?:\s+(\S.*))?$"),
            (&FOOTNOTE_START, r"^(\d{1,3}|\*{1,3})\s*(\S.*)$"),
        ];
        let lines = [
            "V. Recommendations to fill the gaps",
            "IV.  Conclusions ",
            "B.",
            "B.x",
            "(a)",
            "(iv) Text",
            "(a)text",
            "(a)   ",
            "(12) Ratify the «Convention»",
            "140.7",
            "140.7.",
            "140.7. Ratify",
            "140.7.x",
            "140.7 x y",
            "12 See",
            "12See A/HRC/1",
            "* Previously",
            "***",
            "1234 x",
            "12",
            "",
            "é",
            "(b) été",
            "3 ",
            "A.\u{a0}Title",
        ];
        for (pat, old) in cases {
            let old = Regex::new(old).expect("old pattern");
            for line in lines {
                let before = old.captures(line).map(|c| {
                    let g1 = c.get(1).map(|m| m.as_str());
                    (g1, c.get(2).map_or("", |m| m.as_str()))
                });
                let now = pat
                    .captures(line)
                    .map(|c| (c.get(1).map(|m| m.as_str()), rest_from(line, &c, 2)));
                assert_eq!(now, before, "{old} on {line:?}");
            }
        }
        let old = Regex::new(r"^([IVXL]{1,6}|[A-Z])\.\s+(\S.*)$").expect("old pattern");
        for line in lines {
            let before = old.captures(line).map(|c| {
                (
                    c.get(1).map_or("", |m| m.as_str()),
                    c.get(2).map_or("", |m| m.as_str()),
                )
            });
            assert_eq!(split_label_title(line), before, "label title on {line:?}");
        }
    }
}
