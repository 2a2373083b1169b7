//! Citation syntax: `A/HRC/52/71, paras. 53–57 and 60`, `section V`, `pp. 7-8`,
//! `A/80/21, draft resolution B, para. 3` → selectors.
//!
//! Grammar (case-insensitive; `-`, `–`, `—` and `to` make ranges; `,`, `;`, `and` separate):
//!
//! ```text
//! citation := [symbol [","]] {scope [","]} part+
//! scope    := ("annex" | "appendix" | "enclosure" | "part" | "decision"
//!             | "draft" ("resolution" | "decision") | "intersessional decision")
//!             [label]                                  a part numbered apart, as paragraph
//!                                                       citations name it (`annex II`)
//! part     := [para-kw] number [range-sep number]      paragraphs (the default)
//!           | section-kw label                          section by label or title word
//!           | page-kw number [range-sep number]         physical pages
//! ```
//!
//! With scopes, every selector is [`Selector::InPart`] of the scopes joined (`draft resolution
//! I, annex`); without, paragraph numbers are `InPart` of the body (the empty part).

use super::Selector;

/// A parsed citation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Citation {
    /// The document symbol it names, if any.
    pub document: Option<String>,
    /// What it selects.
    pub selectors: Vec<Selector>,
}

/// Why a citation could not be parsed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationError {
    /// Character offset (0-based) of the offending token.
    pub offset: usize,
    /// What was expected.
    pub message: String,
}

/// Parses a citation.
pub fn parse(input: &str) -> Result<Citation, CitationError> {
    let input = chinese(input);
    let input = input.as_ref();
    let tokens = tokenize(input);
    let mut parser = Parser {
        end: input.chars().count(),
        tokens: &tokens,
        pos: 0,
        mode: Mode::Paragraph,
        out: Citation::default(),
    };
    parser.citation()?;
    Ok(parser.out)
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Dash,
    Sep,
}

/// Tokens with their character offsets.
fn tokenize(input: &str) -> Vec<(usize, Tok)> {
    let mut out = Vec::new();
    let mut word: Option<(usize, String)> = None;
    for (offset, c) in input.chars().enumerate() {
        let single = match c {
            '-' | '–' | '—' | '‐' | '‑' => Some(Tok::Dash),
            ',' | ';' | '،' | '؛' => Some(Tok::Sep),
            _ => None,
        };
        if c.is_whitespace() || single.is_some() {
            if let Some((start, w)) = word.take() {
                out.push((start, Tok::Word(w)));
            }
            if let Some(tok) = single {
                out.push((offset, tok));
            }
        } else {
            word.get_or_insert_with(|| (offset, String::new()))
                .1
                .push(c);
        }
    }
    if let Some((start, w)) = word {
        out.push((start, Tok::Word(w)));
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Paragraph,
    Section,
    Page,
}

struct Parser<'t> {
    /// Character offset of the end of the input.
    end: usize,
    tokens: &'t [(usize, Tok)],
    pos: usize,
    mode: Mode,
    out: Citation,
}

impl Parser<'_> {
    fn citation(&mut self) -> Result<(), CitationError> {
        if let Some((_, Tok::Word(w))) = self.tokens.first()
            && w.contains('/')
        {
            self.symbol();
        }
        let part = self.scopes()?;
        while let Some((offset, tok)) = self.tokens.get(self.pos).cloned() {
            self.pos += 1;
            match tok {
                Tok::Sep => {}
                Tok::Dash => return Err(error(offset, "a range needs a number before the dash")),
                Tok::Word(w) => self.word(offset, &w)?,
            }
        }
        if self.out.selectors.is_empty() {
            return Err(error(
                self.end,
                "expected what to cite: e.g. `para. 58`, `section V`, `page 7`",
            ));
        }
        let scoped = std::mem::take(&mut self.out.selectors).into_iter();
        self.out.selectors = scoped.map(|s| scope(part.as_deref(), s)).collect();
        Ok(())
    }

    /// Reads the document symbol the citation starts with: a word with `/`, with its
    /// parenthesised qualifiers and a second symbol after a dash, as documents print them:
    /// `S/RES/2776 (2025)`, `A/79/797-S/2025/109`, `E/2025/34 (Part II)-E/ICEF/2025/7 (Part II)`.
    fn symbol(&mut self) {
        let mut symbol = String::new();
        while let Some((_, tok)) = self.tokens.get(self.pos) {
            let in_parens = symbol.matches('(').count() > symbol.matches(')').count();
            let next_is_symbol = self.word_at(self.pos + 1).is_some_and(|w| w.contains('/'));
            match tok {
                Tok::Word(w) if symbol.is_empty() || symbol.ends_with('-') => symbol.push_str(w),
                Tok::Word(w) if in_parens || w.starts_with('(') => {
                    symbol.push(' ');
                    symbol.push_str(w);
                }
                Tok::Dash if next_is_symbol && !in_parens => symbol.push('-'),
                _ => break,
            }
            self.pos += 1;
        }
        self.out.document = Some(symbol.trim_end_matches([',', '.']).to_owned());
    }

    /// The parts named before what is cited (`draft resolution I, annex`), joined as paragraph
    /// citations name them; `None` when the citation names none.
    fn scopes(&mut self) -> Result<Option<String>, CitationError> {
        let mut names = Vec::new();
        self.skip_separators();
        while let Some((offset, Tok::Word(w))) = self.tokens.get(self.pos).cloned() {
            let lower = w.to_lowercase();
            let name = match lower.as_str() {
                "annex"
                | "appendix"
                | "enclosure"
                | "part"
                | "decision"
                | "annexe"
                | "anexo"
                | "приложение"
                | "المرفق" => lower,
                "draft" | "intersessional" => {
                    self.pos += 1;
                    let kind = self.word_at(self.pos).map(str::to_lowercase);
                    match kind.as_deref() {
                        Some("resolution") if lower == "draft" => "draft resolution".to_owned(),
                        Some("decision") => format!("{lower} decision"),
                        _ => return Err(error(offset, &format!("expected `{lower} decision`"))),
                    }
                }
                _ => break,
            };
            self.pos += 1;
            let label = self
                .word_at(self.pos)
                .filter(|w| is_part_label(w) && keyword(&w.to_lowercase()).is_none())
                .map(str::to_owned);
            names.push(match label {
                Some(label) => {
                    self.pos += 1;
                    format!("{name} {}", cased_label(&label))
                }
                None => name,
            });
            self.skip_separators();
        }
        Ok((!names.is_empty()).then(|| names.join(", ")))
    }

    fn skip_separators(&mut self) {
        while matches!(self.tokens.get(self.pos), Some((_, Tok::Sep))) {
            self.pos += 1;
        }
    }

    fn word_at(&self, pos: usize) -> Option<&str> {
        match self.tokens.get(pos) {
            Some((_, Tok::Word(w))) => Some(w.as_str()),
            _ => None,
        }
    }

    fn word(&mut self, offset: usize, word: &str) -> Result<(), CitationError> {
        let lower = word.to_lowercase();
        if is_and(&lower) {
            return Ok(());
        }
        // Arabic joins `و` to the number it adds: `الفقرتان 58 و60`.
        if let Some(number) = word
            .strip_prefix('و')
            .filter(|n| super::numeric(n).is_some())
        {
            return self.word(offset, number);
        }
        if let Some(mode) = keyword(&lower) {
            self.mode = mode;
            return Ok(());
        }
        match self.mode {
            Mode::Section => {
                self.out
                    .selectors
                    .push(Selector::Section(word.trim_end_matches('.').to_owned()));
                Ok(())
            }
            Mode::Paragraph => self.numbers(offset, word, Selector::Number, Selector::NumberRange),
            Mode::Page => {
                let page = |s: String| s.parse::<u32>().unwrap_or(0);
                self.numbers(
                    offset,
                    word,
                    |n| Selector::Pages(page(n.clone()), page(n)),
                    |a, b| Selector::Pages(page(a), page(b)),
                )
            }
        }
    }

    fn numbers(
        &mut self,
        offset: usize,
        word: &str,
        single: impl Fn(String) -> Selector,
        range: impl Fn(String, String) -> Selector,
    ) -> Result<(), CitationError> {
        let first = self.number(offset, word)?;
        if !self.range_separator() {
            self.out.selectors.push(single(first));
            return Ok(());
        }
        let Some((offset, Tok::Word(w))) = self.tokens.get(self.pos).cloned() else {
            let at = self.tokens.get(self.pos).map_or(self.end, |t| t.0);
            return Err(error(at, "expected a number after the range separator"));
        };
        self.pos += 1;
        let last = self.number(offset, &w)?;
        let ordered = super::numeric(&first) <= super::numeric(&last);
        if !ordered {
            return Err(error(
                offset,
                &format!("range ends at {last}, before it starts at {first}"),
            ));
        }
        self.out.selectors.push(range(first, last));
        Ok(())
    }

    fn number(&self, offset: usize, word: &str) -> Result<String, CitationError> {
        let number = word.trim_end_matches('.');
        let ok = self.mode == Mode::Paragraph && super::numeric(number).is_some()
            || self.mode == Mode::Page && number.parse::<u32>().is_ok_and(|n| n > 0);
        if ok {
            Ok(number.to_owned())
        } else {
            Err(error(
                offset,
                &format!("expected a {} number, found {word:?}", self.what()),
            ))
        }
    }

    fn what(&self) -> &'static str {
        match self.mode {
            Mode::Paragraph => "paragraph",
            Mode::Section => "section",
            Mode::Page => "page",
        }
    }

    fn range_separator(&mut self) -> bool {
        match self.tokens.get(self.pos) {
            Some((_, Tok::Dash)) => {}
            Some((_, Tok::Word(w))) if is_to(&w.to_lowercase()) => {}
            _ => return false,
        }
        self.pos += 1;
        true
    }
}

/// The word that says what the numbers after it are, in the six languages: `para.`, `par.`,
/// `párr.`, `п.`, `الفقرة` (and their plurals) for paragraphs; `chapter`, `chapitre`,
/// `capítulo`, `глава`, `раздел`, `الفصل` for sections; `p.`, `página`, `стр.`, `الصفحة` for
/// pages. (`第58段` is read before tokens are: [`chinese`].)
fn keyword(lower: &str) -> Option<Mode> {
    match lower.trim_end_matches('.') {
        "para" | "paras" | "paragraph" | "paragraphs" | "¶" | "¶¶" | "par" | "paragraphe"
        | "paragraphes" | "párr" | "párrs" | "párrafo" | "párrafos" | "п" | "пп" | "пункт"
        | "пункты" | "пунктах" | "пункте" | "الفقرة" | "الفقرات" | "الفقرتان" | "الفقرتين" => {
            Some(Mode::Paragraph)
        }
        "section" | "sections" | "sect" | "sec" | "chap" | "chapter" | "chapters" | "§"
        | "chapitre" | "chapitres" | "sección" | "secciones" | "capítulo" | "capítulos"
        | "глава" | "главы" | "раздел" | "разделы" | "الفصل" | "الفرع" => {
            Some(Mode::Section)
        }
        "p" | "pp" | "page" | "pages" | "pág" | "págs" | "página" | "páginas" | "стр" | "с"
        | "الصفحة" | "الصفحات" => Some(Mode::Page),
        _ => None,
    }
}

/// Words that join what a citation lists (`and`, `et`, `y`, `e`, `и`, `و`): skipped.
fn is_and(lower: &str) -> bool {
    matches!(lower, "and" | "&" | "et" | "y" | "e" | "и" | "و")
}

/// Words that make a range (`to`, `à`, `au`, `a`, `по`, `إلى`), as a dash does.
fn is_to(lower: &str) -> bool {
    matches!(lower, "to" | "à" | "au" | "a" | "по" | "إلى" | "الى")
}

/// A citation with its Chinese forms (`第58段`, `第58至61段`, `第58和60段`, `第3页`, `第IV章`) in
/// the words the grammar reads (`para 58`, `paras 58 to 61`, `page 3`, `chapter IV`), and
/// Arabic-Indic digits as ASCII ones. Other text is unchanged.
fn chinese(input: &str) -> std::borrow::Cow<'_, str> {
    use std::sync::LazyLock;
    static CJK: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"第\s*([0-9IVXLivxl]+(?:\s*(?:至|到|和|、|-|–)\s*[0-9]+)*)\s*(段|页|章|节)",
        )
        .expect("valid regex")
    });
    let digits = |c: char| match c {
        '٠'..='٩' => char::from_u32(c as u32 - 0x0660 + u32::from(b'0')).unwrap_or(c),
        '۰'..='۹' => char::from_u32(c as u32 - 0x06F0 + u32::from(b'0')).unwrap_or(c),
        '，' | '、' => ',',
        _ => c,
    };
    let plain = |s: &str| -> String { s.chars().map(digits).collect() };
    if !input.contains('第') {
        return if input.chars().any(|c| digits(c) != c) {
            plain(input).into()
        } else {
            input.into()
        };
    }
    let replaced = CJK.replace_all(input, |c: &regex::Captures<'_>| {
        let kind = match &c[2] {
            "段" => "para",
            "页" => "page",
            _ => "chapter",
        };
        let numbers = c[1]
            .replace(['至', '到'], " to ")
            .replace(['和', '、'], " and ");
        format!(" {kind} {numbers} ")
    });
    plain(&replaced).into()
}

/// A selector of a citation in its part: with no part named, paragraph numbers cite the body
/// (`A/80/21, para. 3` is not draft resolution B's paragraph 3); sections and pages stay
/// whole.
fn scope(part: Option<&str>, selector: Selector) -> Selector {
    match (part, &selector) {
        (Some(part), _) => Selector::InPart(part.to_owned(), Box::new(selector)),
        (None, Selector::Number(_) | Selector::NumberRange(..)) => {
            Selector::InPart(String::new(), Box::new(selector))
        }
        (None, _) => selector,
    }
}

/// A part's label: a roman or arabic number, a letter, or a number word (`two`).
fn is_part_label(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    let number_word = matches!(
        w.to_lowercase().as_str(),
        "one" | "two" | "three" | "four" | "five" | "six"
    );
    number_word
        || (!w.is_empty()
            && w.len() <= 6
            && w.bytes().all(|b| b.is_ascii_alphanumeric())
            && (w.bytes().all(|b| b.is_ascii_digit())
                || w.bytes().all(|b| b"IVXLivxl".contains(&b))
                || w.len() == 1))
}

/// A label as citations print it: letters and roman numbers in capitals, number words in lower
/// case (`b` → `B`, `ii` → `II`, `Two` → `two`).
fn cased_label(word: &str) -> String {
    let w = word.trim_end_matches('.');
    if w.len() > 1 && !w.bytes().all(|b| b"IVXLivxl".contains(&b)) {
        w.to_lowercase()
    } else {
        w.to_uppercase()
    }
}

fn error(offset: usize, message: &str) -> CitationError {
    CitationError {
        offset,
        message: message.to_owned(),
    }
}
