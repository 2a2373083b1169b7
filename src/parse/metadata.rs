//! Metadata from the first page: symbol, job number, masthead fields and title (a report's
//! title block, or the heading of a letter or note verbale, or a resolution's number and
//! adoption line).
//!
//! [`read`] only reads; [`mark_masthead`] then claims the masthead lines of page 1 (body, date,
//! distribution, session, agenda, title) so they never become paragraphs.

use super::lexicon::{GENERAL_ASSEMBLY, UNITED_NATIONS, body_name, body_row};
use super::lines::{Ln, Role, claim_all};
use super::patterns::{
    GE_JOB, LABEL_ONLY, LABEL_TITLE, NY_JOB_LINE, Pat, STARS, SYMBOL, ends_with_word, is_star_mark,
    para_marker,
};
use crate::model::{AgendaItem, Metadata, Paragraph, Section};

mod language;

static DATE: Pat = Pat::always(concat!(
    r"(?i)^\d{1,2}(?:er)? (?:de )?(?:january|february|march|april|may|june|july|august|september|october|november|december",
    r"|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre",
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)",
    r"(?: de)? \d{4}$"
));
// `Agenda item 5`, `Provisional agenda items 2 and 3`, `Item 3 (c) of the provisional agenda*`.
// `Agenda item` alone, its number lost, is one too (A/HRC/16/17); so is `Item 5` alone. In the
// other languages: `Point 3 de l’ordre du jour (provisoire)`, `Tema 3 de la agenda`, `Tema 3
// del programa provisional`, `Пункт 3 (предварительной) повестки дня`, `البند 3 من جدول
// الأعمال`, `(临时)议程项目3`.
static AGENDA: Pat = Pat::always(concat!(
    r"(?i)^(?:(?:provisional )?agenda items?(?: ([\d(), a-z]+?))?",
    r"|items? ([\d(), a-z]+?) of the (?:provisional |preliminary )?(?:agenda|list)",
    r"|items? (\d[\d(), a-z]*?)",
    r"|points? (\d[\d(), a-z]*?) de l[’']ordre du jour(?: provisoire)?",
    r"|temas? (\d[\d(), a-z]*?) del? (?:la agenda|programa)(?: provisional)?",
    r"|пункты? (\d[\d(), а-я]*?) (?:предварительной )?повестки дня",
    r"|(?:البند|البندان|البنود) (\d[\d(), و]*?) من جدول الأعمال(?: المؤقت)?",
    r"|(?:临时)?议程项目\s?(\d[\d(), a-z和]*?))(?:\s*\*)?$"
));
/// A session line: `Fifty-second session`, `Septième session`, `52º período de sesiones`,
/// `Пятьдесят вторая сессия`, `الدورة الثانية والخمسون`, `第五十二届会议`.
static SESSION: Pat = Pat::always(concat!(
    r"(?i)^(?:[\w-]+ (?:regular |special |annual )?session\b.{0,40}",
    r"|\d{1,3}º período (?:extraordinario )?de sesiones\b.{0,40}",
    r"|(?:[\w-]+ ){1,2}(?:специальная )?сессия\b.{0,40}",
    r"|الدورة(?: الاستثنائية)?(?: [\w]+){1,4}",
    r"|第[一二三四五六七八九十百〇零\d]+届(?:特别)?会议.{0,20})$"
));

/// The heading of a letter: `Letter dated …`, `Identical letters dated …`, `Note verbale dated …`.
static LETTER: Pat = Pat::always(r"^(?:Letter|Identical letters|Note verbale) dated ");

/// The first line of a report's title: `Report of the Working Group …`, `Note by the
/// Secretary-General`. It ends an agenda item's title printed in capitals, blank line or not.
static TITLE_START: Pat = Pat::always(
    r"(?i)^(?:(?:annual |interim |final |progress |consolidated )?report (?:of|on|by)|note by)\b",
);

/// An officer under a working group's or a session's title: `Chairperson-Rapporteur: …`,
/// `Chair-Rapporteur:`, `President:`, `Rapporteur:`. It ends the title.
static OFFICER: Pat = Pat::always(
    r"^(?:(?:Vice-)?(?:Chair(?:person|man|woman)?|President|Rapporteur)(?:(?:-|/| and )Rapporteur)?|Facilitator|Moderator)s?\s*:",
);

/// A line of session dates under the agenda item: `2–27 March 2009`, `16 June–11 July 2025`,
/// `28 February-25 March 2011`, or a meeting's place and dates (`Geneva, 4-15 August 2008`,
/// `Genève, 8-19 février 2010`, `Ginebra, 8 a 19 de febrero de 2010`, `27 февраля — 4 апреля
/// 2023 года`, `2023年2月27日至4月4日`).
/// It is masthead, not title.
static SESSION_DATES: Pat = Pat::always(concat!(
    r"^(?:\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?, )?\d{1,2}(?:er)?(?: (?:de )?[\p{L}/]+)?(?: (?:de )?\d{4})?",
    r"(?: ?[–—-] ?| a | au )\d{1,2}(?:er)? (?:de )?[\p{L}/]+,?(?: de)? \d{4}(?: года| г\.)?$",
    r"|^\d{4}年\d{1,2}月\d{1,2}日至(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日$"
));

/// A subsidiary body's session above its report's title: `Fourth session`, `Second part of the
/// fifth session`.
static BODY_SESSION: Pat = Pat::always(
    r"^(?:[A-Z][a-z]+ part of the [a-z]+(?:-[a-z]+)?|[A-Z][a-z]+(?:-[a-z]+)?) session$",
);

/// A byline standing alone as a title: `Note by the Secretariat`, `Report of the
/// Secretary-General`, `Report of the United Nations High Commissioner for Human Rights`: who
/// writes, not on what. The subject is then the agenda item's title above it.
static BYLINE: Pat = Pat::always(
    r"^(?:(?:Progress )?[Rr]eport|Note) (?:of|by) the (?:Office of the )?(?:United Nations )?(?:Secretary-General|[Ss]ecretariat|High Commissioner(?: for Human Rights)?)$",
);

/// Most lines of the agenda item's and the report's titles read after the masthead fields
/// (`E/2025/15/Add.1`'s take 9).
const MAX_TITLE_LINES: usize = 12;

/// The lines of an Official Records cover: `Official Records`, `Official Records, 2025`,
/// `Eightieth Session`, `Supplement No. 21`.
static RECORDS: Pat = Pat::always(
    r"^(?:Official Records(?:, \d{4})?|[A-Z][a-z]+(?:-[a-z]+)? Session|Supplement No\. ?\d{1,3}[A-Z]?)$",
);

/// A session line on a cover, ending a cover's title: `Forty-seventh session`,
/// `2025 substantive session`.
static COVER_SESSION: Pat = Pat::always(r"^\S+(?: \S+)? session\b");

/// The Security Council's year on a masthead: `Eightieth year`, `Seventy-ninth year`.
static COUNCIL_YEAR: Pat = Pat::always(r"^[A-Z][a-z]+(?:-[a-z]+)? year$");

/// Masthead lines that carry no field (besides [`UNITED_NATIONS`] in each language).
const MASTHEAD_WORDS: &[&str] = &[
    "UNITED",
    "NATIONS",
    "A",
    "E",
    "S",
    "Distr.",
    "GENERAL",
    "LIMITED",
    "RESTRICTED",
];

/// Reads the metadata of the document from its first pages.
pub(crate) fn read(lines: &[Ln]) -> Metadata {
    let mut meta = Metadata::default();
    let first: Vec<&Ln> = lines.iter().filter(|l| l.page == 1).collect();
    meta.symbol = first
        .iter()
        .find(|l| SYMBOL.is_match(&l.text) && l.text.contains('/'))
        .copied()
        .or_else(|| {
            lines
                .iter()
                .find(|l| l.page == 2)
                .filter(|l| SYMBOL.is_match(&l.text))
        })
        .map(|l| clean_symbol(&l.text))
        .unwrap_or_default();
    (meta.symbol, meta.other_symbols) = split_joint(&meta.symbol);
    meta.job_number = first
        .iter()
        .find_map(|l| job_number(&l.text))
        .unwrap_or_default();
    for ln in &first {
        read_field(&ln.text, &mut meta);
    }
    if meta.body.is_empty() {
        meta.body = body_above_distribution(&first);
    }
    meta.language = language::read(&first, lines).code().to_owned();
    meta
}

/// Most lines a body's name may take.
const BODY_LINES: usize = 6;

/// A body's name printed over several lines, starting above `Distr.:`, as executive boards and
/// treaty meetings print theirs (`Executive Board of the` / `United Nations Development` / …);
/// empty when there is none. From a PDF, the masthead's fields (`Distr.: General`, the date)
/// come between its lines in reading order; the name's lines share their left edge and size.
fn body_above_distribution(first: &[&Ln]) -> String {
    let Some(distr) = first.iter().position(|l| l.text.starts_with("Distr.")) else {
        return String::new();
    };
    let is_field = |t: &str| {
        is_fixed_field(t)
            || SYMBOL.is_match(t)
            || job_number(t).is_some()
            || DATE.is_match(t)
            // A symbol set in two sizes comes out in pieces: `UNW`, `/2025/1`.
            || (t.len() <= 6 && t.chars().all(|c| c.is_ascii_uppercase()))
            || t.starts_with('/')
    };
    let Some(start) = first[..distr].iter().position(|l| !is_field(&l.text)) else {
        return String::new();
    };
    let head = first[start];
    let mut name = vec![head.text.as_str()];
    for ln in &first[start + 1..] {
        let continues = match (&head.geometry, &ln.geometry) {
            (Some(_), _) if is_field(&ln.text) => continue,
            (Some(h), Some(g)) => {
                (h.x0 - g.x0).abs() < 2.0 && (h.font_size - g.font_size).abs() < 0.5
            }
            _ => !ln.blank_before && !is_field(&ln.text),
        };
        if !continues || name.len() == BODY_LINES {
            break;
        }
        name.push(ln.text.as_str());
    }
    join_title(&name)
}

/// The symbol without footnote stars.
fn clean_symbol(text: &str) -> String {
    text.replace(STARS, "")
}

/// A joint symbol's parts (`A/79/907-S/2025/268`, `A/HRC/23/17–E/CN.6/2013/8`): the first,
/// and the others in order. A hyphen inside one symbol (`A/HRC/S-28/2`) joins nothing: a part
/// starts with a body's letters and a slash.
fn split_joint(symbol: &str) -> (String, Vec<String>) {
    let mut parts = Vec::new();
    let mut start = 0;
    for (at, dash) in symbol.match_indices(['-', '–']) {
        let next = at + dash.len();
        if starts_symbol(&symbol[next..]) {
            parts.push(symbol[start..at].trim().to_owned());
            start = next;
        }
    }
    parts.push(symbol[start..].trim().to_owned());
    let first = parts.remove(0);
    (first, parts)
}

/// True when `text` starts like a symbol: capitals (dots and digits after the first) and a
/// slash (`S/`, `E/CN.6/`).
fn starts_symbol(text: &str) -> bool {
    let text = text.trim_start();
    let Some((head, _)) = text.split_once('/') else {
        return false;
    };
    head.starts_with(|c: char| c.is_ascii_uppercase())
        && head
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '.')
}

/// The job number in a line, if the line is a job-number line.
fn job_number(text: &str) -> Option<String> {
    if let Some(m) = GE_JOB.find(text) {
        let rest = text.len() - m.end();
        return (text.len() < 40 || rest == 0).then(|| m.as_str().replace(' ', ""));
    }
    let plain = text.replace('*', "");
    NY_JOB_LINE.is_match(&plain).then(|| {
        let mut parts = plain.split_whitespace();
        let job = parts.next().unwrap_or_default();
        match parts.next() {
            Some(p) if p.starts_with('(') => format!("{job} {p}"),
            _ => job.to_owned(),
        }
    })
}

/// Reads one masthead field from a first-page line, when it is one.
fn read_field(text: &str, meta: &mut Metadata) {
    if let Some((_, name)) = body_name(text) {
        // "General Assembly / Human Rights Council": the subsidiary body is the issuer.
        if meta.body.is_empty() || body_row(&meta.body) == Some(GENERAL_ASSEMBLY) {
            meta.body = name.to_owned();
        }
        return;
    }
    if let Some(d) = distribution(text) {
        meta.distribution = d.to_owned();
    } else if matches!(text, "GENERAL" | "LIMITED" | "RESTRICTED") && meta.distribution.is_empty() {
        meta.distribution = text.to_owned();
    } else if DATE.is_match(text) && meta.date.is_empty() {
        meta.date = text.to_owned();
    } else if let Some(o) = original(text) {
        meta.original_language = o.to_owned();
    } else if let Some(c) = AGENDA.captures(text) {
        let numbers = c.iter().skip(1).flatten().next().map_or("", |m| m.as_str());
        meta.agenda_items.extend(
            agenda_numbers(numbers)
                .into_iter()
                .map(|number| AgendaItem {
                    number,
                    title: String::new(),
                }),
        );
    } else if SESSION.is_match(text) && meta.session.is_empty() {
        meta.session = text.to_owned();
    }
}

/// The words that join the last two agenda items: `2 and 3`, `2 et 3`, `2 y 3`, `2 и 3`,
/// `2 و3`, `2和3`.
const AND: &[&str] = &[" and ", " et ", " y ", " и ", " و", "和"];

/// The items of one agenda line: `2 and 3` and `2, 3 and 10` are several, `3 (c)` is one,
/// `13 (f) and (g)` two (`13 (f)`, `13 (g)`); an agenda line without its number is one item
/// without one.
fn agenda_numbers(numbers: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    let listed = AND
        .iter()
        .fold(numbers.to_owned(), |s, and| s.replace(and, ","));
    for part in listed.split(',') {
        let part = part.trim();
        // `13 (f) and (g)`: a sub-item alone is of the item before it.
        let item = match items.last() {
            Some(prev) if part.starts_with('(') => {
                let base = prev.split(" (").next().unwrap_or(prev);
                format!("{base} {part}")
            }
            _ => part.to_owned(),
        };
        if !part.is_empty() {
            items.push(item);
        }
    }
    if items.is_empty() {
        items.push(String::new());
    }
    items
}

/// Masthead lines every document prints alike: `United Nations`, `Distr.: General`,
/// `Original: English`.
fn is_fixed_field(text: &str) -> bool {
    MASTHEAD_WORDS.contains(&text)
        || UNITED_NATIONS.contains(&text)
        || text.starts_with("Distr.")
        || original(text).is_some()
}

/// The distribution a `Distr.` line prints: `Distr.: General`, `Distr. générale`, `Distr.
/// general` (empty for `Distr.` alone).
fn distribution(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("Distr.")?;
    Some(rest.trim_start_matches([':', ' ', '\u{a0}']).trim_end())
}

/// The original language an `Original:` line prints (`Original: English`, `Original :
/// anglais`, `Original: inglés`).
fn original(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("Original")?
        .trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    Some(rest.strip_prefix(':')?.trim())
}

/// True when a first-page line is part of the masthead. Date and session are the lines [`read`]
/// took: a title such as `Thirteenth session of the Forum …` reads like a session line too.
fn is_masthead(text: &str, meta: &Metadata) -> bool {
    is_fixed_field(text)
        || body_row(text).is_some()
        || (!meta.date.is_empty() && text == meta.date)
        || AGENDA.is_match(text)
        || COUNCIL_YEAR.is_match(text)
        || RECORDS.is_match(text)
        || (!meta.session.is_empty() && text == meta.session)
        || (SYMBOL.is_match(text) && text.contains('/'))
}

/// Claims the masthead of page 1: field lines and what stands among them, agenda titles after
/// `Agenda item N`, and the
/// title block after them (until a blank line). Fills the agenda titles and `meta.title`.
pub(crate) fn mark_masthead(lines: &mut [Ln], meta: &mut Metadata) {
    // Page 1 up to where the body starts: a symbol quoted in a footnote below is no field.
    let end = lines
        .iter()
        .position(|l| l.page != 1 || (l.role == Role::Body && starts_body(&l.text)))
        .unwrap_or(lines.len());
    let mut last_field = None;
    let mut seen = Seen::default();
    for i in 0..end {
        if lines[i].role == Role::Body && is_field(lines, i, meta, &mut seen) {
            lines[i].claim(Role::Masthead);
            last_field = Some(i);
        }
    }
    let Some(last) = last_field else { return };
    // Lines between field lines (session dates such as `16 June–11 July 2025`) are masthead too.
    claim_all(lines, 0..last, Role::Masthead);
    let mut i = last + 1;
    // Agenda title and report title: the blocks right after the last field line.
    let mut title = TitleBlock {
        agenda: AGENDA.is_match(&lines[last].text),
        ..TitleBlock::default()
    };
    while i < end && lines[i].role == Role::Body && title.lines.len() < MAX_TITLE_LINES {
        match title.step(lines, i, meta) {
            Step::Take | Step::Skip => {
                lines[i].claim(Role::Masthead);
            }
            Step::Last => {
                lines[i].claim(Role::Masthead);
                break;
            }
            Step::Letter => {
                set_agenda_title(meta, &title.lines);
                title.lines = letter_heading(lines, &mut i, end);
                break;
            }
            Step::Stop => break,
        }
        i += 1;
        // `Note by the Secretary-General` closes the title, as `Report of …` lines do not; a
        // byline wrapped in a name (`… for Human` / `Rights *`) closes it a line later.
        if title.lines.last().is_some_and(|t| t.starts_with("Note by")) {
            if i < end && lines[i].role == Role::Body && byline_goes_on(&title.lines, &lines[i]) {
                lines[i].claim(Role::Masthead);
                title.lines.push(lines[i].text.clone());
            }
            break;
        }
    }
    meta.title = join_title(&title.lines);
    if BYLINE.is_match(&meta.title) {
        let subject = meta.agenda_items.last().map_or("", |a| a.title.as_str());
        meta.title = join_title(&[subject, meta.title.as_str()]);
    }
    if meta.title.is_empty() {
        meta.title = cover_title(&lines[..end]);
    }
    let page_end = lines
        .iter()
        .position(|l| l.page != 1)
        .unwrap_or(lines.len());
    unglue_call(&mut meta.title, &lines[i.min(page_end)..page_end]);
}

/// Cuts a footnote call glued to the title's last word (`…, Cephas Lumina1`) when the page
/// below the title prints that number alone on a line, as the footnote's mark.
fn unglue_call(title: &mut String, below: &[Ln]) {
    let digits = title.len() - title.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let head = &title[..title.len() - digits];
    let glued = (1..=2).contains(&digits) && head.ends_with(char::is_lowercase);
    if glued && below.iter().any(|l| l.text == title[head.len()..]) {
        title.truncate(head.len());
    }
}

/// True when `next` ends a `Note by …` line cut inside a name: the byline's last word is
/// capitalised, without a footnote call, and `next` follows without a gap, in at most three
/// capitalised words that stop no title (`Note by the … for Human` / `Rights *`).
fn byline_goes_on(taken: &[String], next: &Ln) -> bool {
    let Some(byline) = taken.last() else {
        return false;
    };
    let last = byline.rsplit(' ').next().unwrap_or("");
    last.starts_with(char::is_uppercase)
        && !byline.ends_with(STARS)
        && !next.blank_before
        && next.text.split_whitespace().count() <= 3
        && next.text.starts_with(char::is_uppercase)
        && !stops_title(&next.text)
        && !is_masthead_word(&next.text)
        && !OFFICER.is_match(&next.text)
}

/// `text` without the footnote stars (and spaces) at its end: `Report of the Secretary-General*`
/// → `Report of the Secretary-General`.
fn without_trailing_stars(text: &str) -> &str {
    text.trim_end_matches(|c: char| STARS.contains(&c) || c.is_whitespace())
}

/// Words that stand alone under a title as its part: `Addendum`, `Corrigendum`.
fn is_masthead_word(text: &str) -> bool {
    let bare = without_trailing_stars(text);
    ["Addendum", "Corrigendum", "Summary"].contains(&bare)
}

/// The title on an Official Records cover, printed above the cover's fields: the lines after
/// `United Nations` up to the session, its dates or the body's name (`Report of the Committee`
/// / `on Information`). Empty for other first pages.
fn cover_title(first: &[Ln]) -> String {
    if !first.iter().any(|l| RECORDS.is_match(&l.text)) {
        return String::new();
    }
    let Some(start) = first.iter().position(|l| l.text == "United Nations") else {
        return String::new();
    };
    let mut parts: Vec<&str> = Vec::new();
    for ln in &first[start + 1..] {
        let text = ln.text.as_str();
        let ends = COVER_SESSION.is_match(text)
            || text.starts_with(['(', '['])
            || text.starts_with(|c: char| c.is_ascii_digit())
            || body_row(text).is_some()
            || RECORDS.is_match(text)
            || (ln.blank_before && !parts.is_empty());
        if ends {
            break;
        }
        parts.push(text);
    }
    join_title(&parts)
}

/// The title block being read after the masthead fields.
#[derive(Default)]
struct TitleBlock {
    /// Lines taken so far (lone stars left out).
    lines: Vec<String>,
    /// A [`TITLE_START`] line began it: blank lines no longer hand it to the agenda item
    /// (`Report of the Working Group …` / `Antigua and Barbuda`).
    started: bool,
    /// It holds its footnote call: a lone star after it is the footnote's mark.
    called: bool,
    /// It is the block right under the `Agenda item` line: the item's title, even where it
    /// reads like a report's (`Annual report of the United Nations High Commissioner …`).
    agenda: bool,
}

/// What to do with a line met while reading the title block.
enum Step {
    /// It is the title's (or the agenda item's).
    Take,
    /// It is masthead among the title's lines (session dates): claimed, not taken.
    Skip,
    /// It is masthead that ends the title (an officer's line): claimed, not taken.
    Last,
    /// It is a letter's heading, the real title.
    Letter,
    /// The title block ended before it.
    Stop,
}

impl TitleBlock {
    /// Reads line `i`: takes it into the block, hands the block so far to the agenda item
    /// when a new block starts, or ends the block.
    fn step(&mut self, lines: &[Ln], i: usize, meta: &mut Metadata) -> Step {
        let text = lines[i].text.as_str();
        let wrapped = self.lines.last().is_some_and(|t| unfinished(t.as_str()))
            && para_marker(text).is_none();
        if stops_title(text) && !wrapped {
            // A letter's heading is the title, the block before it the agenda item's title.
            let letter = LETTER.is_match(text) && (self.lines.is_empty() || untitled_agenda(meta));
            return if letter { Step::Letter } else { Step::Stop };
        }
        if SESSION_DATES.is_match(text) {
            return Step::Skip;
        }
        if OFFICER.is_match(text) {
            return Step::Last;
        }
        // After the title's footnote call, a line ending a clause with a semicolon is a period
        // or list under it (`Communications report of Special Procedures*` / `Communications
        // sent, 1 June to 30 November 2013;`), not more title.
        if self.called && text.ends_with(';') && !wrapped {
            return Step::Stop;
        }
        if is_star_mark(text) {
            return if std::mem::replace(&mut self.called, true) {
                Step::Stop
            } else {
                Step::Take
            };
        }
        let untitled = meta
            .agenda_items
            .iter()
            .filter(|a| a.title.is_empty())
            .count();
        if self.hands_to_agenda(lines, i, untitled)
            && untitled_agenda(meta)
            && meta.title.is_empty()
        {
            let subject = subject_lines(&self.lines, untitled, lines, i);
            let kept = self.lines.split_off(self.lines.len() - subject);
            set_agenda_title(meta, &self.lines);
            self.lines = kept;
            // Items still without a title take the next block (`Agenda items 2 and 3`, a blank
            // line between their titles).
            self.agenda = untitled_agenda(meta);
        }
        // A subsidiary body's masthead (`Working Group on …` / `Fourth session`, its place and
        // dates skipped) stands above its report's title: the title starts again.
        if TITLE_START.is_match(text) && self.lines.last().is_some_and(|l| BODY_SESSION.is_match(l))
        {
            self.lines.clear();
        }
        let title_start = !self.started && !self.agenda && TITLE_START.is_match(text);
        self.started |= title_start && self.lines.is_empty();
        self.called |= text.ends_with(STARS);
        self.lines.push(text.to_owned());
        Step::Take
    }

    /// True when the lines taken so far are the agenda item's title and line `i` starts the
    /// report's: a new block (a blank line, other type); a line in lower case after the agenda
    /// item's title in capitals; or, right under the agenda line, a [`TITLE_START`] line after
    /// a finished one (`… including the right to development` / `Report of the …`).
    fn hands_to_agenda(&self, lines: &[Ln], i: usize, untitled: usize) -> bool {
        let Some(last) = self.lines.last() else {
            return false;
        };
        let text = lines[i].text.as_str();
        let new_block = lines[i].blank_before || type_changes(lines, i);
        let capitals_above = self.all_capitals()
            && (text.chars().any(char::is_lowercase) || TITLE_START.is_match(text));
        let title_under_agenda = self.agenda
            && TITLE_START.is_match(text)
            && !ends_with_masthead_connector(last)
            && agenda_titles(&self.lines, untitled).len() >= untitled;
        (new_block && !self.started) || capitals_above || title_under_agenda
    }

    /// True when the lines taken so far have no lower-case letter.
    fn all_capitals(&self) -> bool {
        !self.lines.iter().any(|l| l.chars().any(char::is_lowercase))
    }
}

/// True when line `i` is set in other type than the line before it (PDF only): bold against
/// regular, or a size differing by a fifth. An agenda item's title in the masthead's type is
/// followed by the report's title in larger bold type, with or without a gap.
fn type_changes(lines: &[Ln], i: usize) -> bool {
    let prev = i.checked_sub(1).and_then(|p| lines.get(p));
    let (Some(a), Some(b)) = (
        prev.and_then(|l| l.geometry.as_ref()),
        lines.get(i).and_then(|l| l.geometry.as_ref()),
    ) else {
        return false;
    };
    let (small, large) = (a.font_size.min(b.font_size), a.font_size.max(b.font_size));
    a.bold != b.bold || large > 1.2 * small
}

/// Field values already met while claiming the masthead: the date and session read by
/// [`read`] are fields once (`16 January 2025` again in `Adopted … on` is the title's).
#[derive(Default)]
struct Seen {
    date: bool,
    session: bool,
}

/// Whether line `i` of page 1 is a masthead field. A body's name ending a wrapped line
/// (`addressed to the President of the` / `Security Council`) belongs to that line's title.
fn is_field(lines: &[Ln], i: usize, meta: &Metadata, seen: &mut Seen) -> bool {
    let text = lines[i].text.as_str();
    if !meta.date.is_empty() && text == meta.date {
        return !std::mem::replace(&mut seen.date, true);
    }
    if !meta.session.is_empty() && text == meta.session {
        return !std::mem::replace(&mut seen.session, true);
    }
    let continues = i > 0
        && !lines[i].blank_before
        && lines[i - 1].role == Role::Body
        && ends_with_masthead_connector(&lines[i - 1].text);
    is_masthead(text, meta)
        && !(continues && body_row(text).is_some())
        && !(SYMBOL.is_match(text) && quoted_symbol(lines, i))
}

/// True when the symbol on line `i` ends a sentence of the text below the title (`… is
/// contained in document` / `A/HRC/AC/3/2.`) rather than standing in the masthead: it ends with
/// a stop or comma, or the line above is prose.
fn quoted_symbol(lines: &[Ln], i: usize) -> bool {
    let prose_above = i > 0
        && !lines[i].blank_before
        && lines[i - 1].text.len() > 60
        // A masthead field above (a wrapped date line) is no prose.
        && lines[i - 1].role != Role::Masthead;
    lines[i].text.ends_with(['.', ',', ';']) || prose_above
}

/// Words after which a title line goes on with a number: `… pursuant to Council resolution` /
/// `13/9`.
const NUMBER_BEFORE: &[&str] = &["resolution", "resolutions", "decision", "decisions"];

/// True when a line ends with a word that takes a number (`… Council resolution`), not the
/// document's own kind (`…: draft resolution`, whose heading `59/… Human rights …` follows).
fn cites_by_number(lower: &str) -> bool {
    let own = lower.rsplit(' ').nth(1).is_some_and(|w| w == "draft");
    ends_with_word(lower, NUMBER_BEFORE) && !own
}

/// True when a title line needs the next one, even one that starts with a number: it ends with
/// a connector or a word that takes a number, a dash, or inside parentheses (`(Geneva, 26–`).
fn unfinished(text: &str) -> bool {
    let open = text.matches('(').count() > text.matches(')').count();
    ends_with_masthead_connector(text)
        || cites_by_number(&text.to_lowercase())
        || text.ends_with(['–', '-'])
        || open
}

/// Words that leave a masthead line unfinished (`addressed to the President of the`).
const MASTHEAD_CONNECTORS: &[&str] = &["the", "of", "to", "and", "on", "addressed", "from"];

/// True when a line ends with a word that needs the next line (`of the`, `addressed`).
fn ends_with_masthead_connector(text: &str) -> bool {
    let last = text.rsplit(' ').next().unwrap_or("");
    ends_with_word(text, MASTHEAD_CONNECTORS)
        || (last.len() > 1
            && !last.chars().any(char::is_lowercase)
            && ends_with_word(&last.to_lowercase(), MASTHEAD_CONNECTORS))
}

/// The heading of a letter or note verbale from line `*i`: its lines up to the one that
/// completes `addressed to …` (at most five). Claims them and moves `*i` past them.
fn letter_heading(lines: &mut [Ln], i: &mut usize, end: usize) -> Vec<String> {
    let mut heading: Vec<String> = Vec::new();
    while *i < end && lines[*i].role == Role::Body && heading.len() < 5 {
        let text = lines[*i].text.clone();
        if !heading.is_empty() && lines[*i].blank_before {
            break;
        }
        lines[*i].claim(Role::Masthead);
        *i += 1;
        let done = !ends_with_masthead_connector(&text);
        heading.push(text);
        if done && heading.iter().any(|t| t.contains("addressed")) {
            break;
        }
    }
    heading
}

/// True when the last agenda item read has no title yet.
fn untitled_agenda(meta: &Metadata) -> bool {
    meta.agenda_items.last().is_some_and(|a| a.title.is_empty())
}

/// Gives the agenda title lines to the untitled items, in order. The lines fall into as many
/// titles as there are items where they can (see [`agenda_titles`]); where they cannot, each
/// title found goes to one item and the items left keep waiting for the next block.
fn set_agenda_title(meta: &mut Metadata, parts: &[String]) {
    let untitled: Vec<usize> = (0..meta.agenda_items.len())
        .filter(|&k| meta.agenda_items[k].title.is_empty())
        .collect();
    for (k, t) in untitled.iter().zip(agenda_titles(parts, untitled.len())) {
        meta.agenda_items[*k].title = t;
    }
}

/// Agenda title lines cut into at most `n` titles. A title may start at a line beginning with
/// a capital after a line that does not end with a connector or a comma; of those places, the
/// ones after the shortest lines (a title's last line seldom fills the width) are taken.
fn agenda_titles(parts: &[String], n: usize) -> Vec<String> {
    let mut titles = Vec::new();
    let mut from = 0;
    for at in title_starts(parts, n).into_iter().chain([parts.len()]) {
        if at > from {
            titles.push(join_title(&parts[from..at]));
        }
        from = at;
    }
    titles
}

/// Where [`agenda_titles`] cuts `parts` into at most `n` titles: the lines that start the
/// second title and after, in order.
fn title_starts(parts: &[String], n: usize) -> Vec<usize> {
    let mut starts: Vec<usize> = (1..parts.len())
        .filter(|&k| {
            let prev = parts[k - 1].as_str();
            !ends_with_masthead_connector(prev)
                && !prev.ends_with([',', ':', '-'])
                && parts[k].starts_with(|c: char| c.is_uppercase())
        })
        .collect();
    starts.sort_by_key(|&k| parts[k - 1].chars().count());
    starts.truncate(n.saturating_sub(1));
    starts.sort_unstable();
    starts
}

/// How many of the last lines taken, about to go to `untitled` agenda items, are the report's
/// subject instead, set between the items' titles and a byline standing alone (`Promotion and
/// protection of all human rights, …` / `Question of the death penalty` / `Report of the
/// Secretary-General`): those of one title more than the items need, when the lines cut so.
fn subject_lines(taken: &[String], untitled: usize, lines: &[Ln], i: usize) -> usize {
    let text = lines[i].text.as_str();
    let bare = without_trailing_stars(text);
    // The byline ends its line's block (`Report of the United Nations High Commissioner` /
    // `for Human Rights on …` is a title that goes on).
    let alone = text.ends_with(STARS)
        || lines
            .get(i + 1)
            .is_none_or(|n| n.blank_before || stops_title(&n.text));
    if !BYLINE.is_match(bare) || !alone {
        return 0;
    }
    let starts = title_starts(taken, untitled + 1);
    // The items' titles end on a word in lower case (`… including the right to development`),
    // not inside a name in capitals (`… High` / `Commissioner for Human Rights`).
    let ends_title = |at: usize| {
        let last = taken[at - 1].rsplit(' ').next().unwrap_or("");
        last.starts_with(char::is_lowercase)
    };
    match starts.last() {
        Some(&at) if starts.len() == untitled && ends_title(at) => taken.len() - at,
        _ => 0,
    }
}

/// Lines that end a title block: summary, notes, footnotes, rules, headings, numbered
/// paragraphs, a letter's heading, the opening of a resolution (`The Security Council,`).
fn stops_title(text: &str) -> bool {
    (text.starts_with(STARS) && !is_star_mark(text))
        || job_number(text).is_some()
        || text.starts_with('_')
        || is_summary_heading(text)
        || text.eq_ignore_ascii_case("introduction")
        || text.starts_with("The present ")
        || text.starts_with(['•', '·'])
        || text.starts_with("Note:")
        || LABEL_TITLE.is_match(text)
        || LABEL_ONLY.is_match(text)
        || LETTER.is_match(text)
        || (text.starts_with("The ") && text.ends_with(',') && text.len() <= 60)
        || text.starts_with(|c: char| c.is_ascii_digit())
        || text.chars().count() > 120
}

/// The heading of a report's summary: `Summary`, `SUMMARY`, `Executive summary`, with a
/// colon or a footnote call; not a title that starts with the word (`Summary of the …`).
fn is_summary_heading(text: &str) -> bool {
    let bare = text.trim_end_matches(|c: char| c == ':' || c == '*' || c.is_whitespace());
    bare.eq_ignore_ascii_case("summary") || bare.eq_ignore_ascii_case("executive summary")
}

/// Lines that start the body after the masthead: the summary, a numbered paragraph, a heading.
fn starts_body(text: &str) -> bool {
    matches!(text, "Summary" | "SUMMARY")
        || para_marker(text).is_some()
        || LABEL_TITLE.is_match(text)
        || LABEL_ONLY.is_match(text)
}

/// Joins title lines, removing footnote stars.
fn join_title<S: AsRef<str>>(parts: &[S]) -> String {
    let joined: Vec<&str> = parts.iter().map(AsRef::as_ref).collect();
    joined
        .join(" ")
        .replace(STARS, " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first pages a summary may start on: it follows the title, before the body.
const SUMMARY_PAGES: u32 = 3;

/// The report's summary: the text of the paragraphs under an unlabelled `Summary` heading on
/// the first pages (before the body), one paragraph per line; empty when there is none.
pub(crate) fn summary(sections: &[Section], paragraphs: &[Paragraph]) -> String {
    let Some(index) = sections.iter().position(|s| {
        s.label.is_empty() && s.page <= SUMMARY_PAGES && s.title.eq_ignore_ascii_case("summary")
    }) else {
        return String::new();
    };
    let texts: Vec<&str> = paragraphs
        .iter()
        .filter(|p| p.section == Some(index) && !p.in_annex())
        .map(|p| p.text.as_str())
        .collect();
    texts.join("\n")
}
