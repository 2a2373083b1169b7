//! Citation syntax: `A/HRC/52/71, paras. 53–57 and 60`, `section V`, `pp. 7-8` → selectors.
//!
//! Grammar (case-insensitive; `-`, `–`, `—` and `to` make ranges; `,`, `;`, `and` separate):
//!
//! ```text
//! citation := [symbol [","]] part+
//! part     := [para-kw] number [range-sep number]      paragraphs (the default)
//!           | section-kw label                          section by label or title word
//!           | page-kw number [range-sep number]         physical pages
//! ```

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
            ',' | ';' => Some(Tok::Sep),
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
            self.out.document = Some(w.trim_end_matches([',', '.']).to_owned());
            self.pos = 1;
        }
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
        Ok(())
    }

    fn word(&mut self, offset: usize, word: &str) -> Result<(), CitationError> {
        let lower = word.to_lowercase();
        if lower == "and" || lower == "&" {
            return Ok(());
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
            Some((_, Tok::Word(w))) if w.eq_ignore_ascii_case("to") => {}
            _ => return false,
        }
        self.pos += 1;
        true
    }
}

fn keyword(lower: &str) -> Option<Mode> {
    match lower.trim_end_matches('.') {
        "para" | "paras" | "paragraph" | "paragraphs" | "¶" | "¶¶" => Some(Mode::Paragraph),
        "section" | "sections" | "sect" | "sec" | "chap" | "chapter" | "chapters" | "§" => {
            Some(Mode::Section)
        }
        "p" | "pp" | "page" | "pages" => Some(Mode::Page),
        _ => None,
    }
}

fn error(offset: usize, message: &str) -> CitationError {
    CitationError {
        offset,
        message: message.to_owned(),
    }
}
