//! One text analyzer per language: what a paragraph's text and a query's words become in the
//! index. English, French, Spanish and Russian: words (letters and digits), lower-cased,
//! stemmed by tantivy's Snowball [`Stemmer`]. Arabic: words with their diacritics and tatweel
//! removed and alef, alef maqsura and ta marbuta forms folded ([`ArabicTokenizer`]), then the
//! Snowball Arabic stemmer. Chinese has no spaces between words: overlapping character bigrams
//! of each run of Han characters ([`BigramTokenizer`]), words elsewhere. Any other language:
//! words, lower-cased, not stemmed.
//!
//! Every token keeps the byte offsets of the text it came from, so highlights slice the
//! paragraph's text exactly.

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};

/// Longest token indexed, in bytes: longer ones (a URL, a run of digits) are dropped.
const MAX_TOKEN_BYTES: usize = 64;

/// The languages with an analyzer of their own, and the fallback: (code, tokenizer name).
pub(crate) const ANALYZERS: [(&str, &str); 7] = [
    ("en", "pd_en"),
    ("fr", "pd_fr"),
    ("es", "pd_es"),
    ("ru", "pd_ru"),
    ("ar", "pd_ar"),
    ("zh", "pd_zh"),
    ("", "pd_plain"),
];

/// The analyzer registered under `name` (one of [`ANALYZERS`]).
pub(crate) fn analyzer(name: &str) -> TextAnalyzer {
    match name {
        "pd_en" => stemmed(Language::English),
        "pd_fr" => stemmed(Language::French),
        "pd_es" => stemmed(Language::Spanish),
        "pd_ru" => stemmed(Language::Russian),
        "pd_ar" => TextAnalyzer::builder(ArabicTokenizer)
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(Stemmer::new(Language::Arabic))
            .build(),
        "pd_zh" => TextAnalyzer::builder(BigramTokenizer)
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .build(),
        _ => TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .build(),
    }
}

/// The analyzer for lower-cased exact keys (symbols, kinds): the whole value, one token.
pub(crate) fn keyword() -> TextAnalyzer {
    TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
        .filter(LowerCaser)
        .build()
}

/// Words, lower-cased, stemmed in `language`.
fn stemmed(language: Language) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(Stemmer::new(language))
        .build()
}

/// Tokens computed whole, then streamed: what the two tokenizers below produce.
#[derive(Debug)]
pub(crate) struct Tokens {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokens {
    fn new(tokens: Vec<Token>) -> Self {
        Self { tokens, next: 0 }
    }
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Runs of letters and digits of `text` (byte ranges), as `SimpleTokenizer` cuts them.
fn runs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (idx, c) in text.char_indices() {
        match (c.is_alphanumeric() || is_arabic_mark(c), start) {
            (true, None) => start = Some(idx),
            (false, Some(s)) => {
                out.push((s, idx));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn token(position: usize, from: usize, to: usize, text: String) -> Token {
    Token {
        offset_from: from,
        offset_to: to,
        position,
        text,
        position_length: 1,
    }
}

/// Arabic words, normalised: diacritics (harakat, shadda, sukun, superscript alef) and tatweel
/// removed; أ إ آ ٱ → ا, ى → ي, ة → ه. Other scripts' words pass lower-cased.
#[derive(Debug, Clone, Default)]
pub(crate) struct ArabicTokenizer;

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let tokens = runs(text)
            .into_iter()
            .map(|(from, to)| (from, to, normalise_arabic(&text[from..to])))
            .filter(|(_, _, word)| !word.is_empty())
            .enumerate()
            .map(|(pos, (from, to, word))| token(pos, from, to, word))
            .collect();
        Tokens::new(tokens)
    }
}

fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// `word` without Arabic marks and with its letter variants folded, lower-cased.
pub(crate) fn normalise_arabic(word: &str) -> String {
    word.chars()
        .filter(|&c| !is_arabic_mark(c))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Chinese text: each run of Han characters becomes its overlapping bigrams (a run of one
/// character, that character); a run of other letters or digits is one word. Bigrams need no
/// dictionary, find every word of two characters or more and any phrase, at the price of some
/// matches across word boundaries, which BM25 and phrase queries keep rare at the top.
#[derive(Debug, Clone, Default)]
pub(crate) struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let mut tokens = Vec::new();
        for (from, to) in runs(text) {
            split_han(&text[from..to], from, &mut tokens);
        }
        Tokens::new(tokens)
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// Splits one run (at byte `base` of the text) into Han bigrams and other words.
fn split_han(run: &str, base: usize, tokens: &mut Vec<Token>) {
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    let mut idx = 0;
    while idx < chars.len() {
        let han = is_han(chars[idx].1);
        let end = (idx..chars.len())
            .find(|&j| is_han(chars[j].1) != han)
            .unwrap_or(chars.len());
        let byte = |k: usize| base + chars.get(k).map_or(run.len(), |c| c.0);
        if !han || end - idx == 1 {
            let (from, to) = (byte(idx), byte(end));
            tokens.push(token(
                tokens.len(),
                from,
                to,
                run[from - base..to - base].to_owned(),
            ));
        } else {
            for k in idx..end - 1 {
                let (from, to) = (byte(k), byte(k + 2));
                tokens.push(token(
                    tokens.len(),
                    from,
                    to,
                    run[from - base..to - base].to_owned(),
                ));
            }
        }
        idx = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(name: &str, text: &str) -> Vec<(String, usize, usize)> {
        let mut analyzer = analyzer(name);
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        out
    }

    fn texts(name: &str, text: &str) -> Vec<String> {
        tokens(name, text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn each_language_stems_its_own_words() {
        let same = |name: &str, a: &str, b: &str| {
            assert_eq!(texts(name, a), texts(name, b), "{name}: {a} / {b}");
            assert_eq!(texts(name, a).len(), 1, "{name}: {a}");
        };
        same("pd_en", "Ratifying", "ratified");
        same("pd_fr", "protocoles", "Protocole");
        same("pd_es", "protocolos", "Protocolo");
        same("pd_ru", "протоколы", "протокола");
        assert_ne!(
            texts("pd_plain", "protocols"),
            texts("pd_plain", "protocol")
        );
        assert_eq!(texts("pd_plain", "Ratifying"), ["ratifying"]);
    }

    #[test]
    fn arabic_marks_and_letter_forms_are_folded() {
        assert_eq!(normalise_arabic("إِنْسَان"), "انسان");
        assert_eq!(normalise_arabic("مدرسة"), "مدرسه");
        assert_eq!(normalise_arabic("علـــى"), "علي");
        let spelled = texts("pd_ar", "الإِتِّفاقية");
        assert_eq!(spelled, texts("pd_ar", "الاتفاقيه"));
    }

    #[test]
    fn chinese_runs_become_bigrams_with_their_byte_offsets() {
        let found = tokens("pd_zh", "人权理事会 A/HRC 5");
        let words: Vec<&str> = found.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(words, ["人权", "权理", "理事", "事会", "a", "hrc", "5"]);
        let text = "人权理事会 A/HRC 5";
        for (word, from, to) in &found {
            assert_eq!(text[*from..*to].to_lowercase(), *word);
        }
    }

    #[test]
    fn offsets_slice_the_text_in_every_analyzer() {
        let text = "L’État « partie » a ratifié 2 Conventions—et l’Protocole.";
        for (_, name) in ANALYZERS {
            for (_, from, to) in tokens(name, text) {
                assert!(
                    text.is_char_boundary(from) && text.is_char_boundary(to),
                    "{name}"
                );
                assert!(text[from..to].chars().all(char::is_alphanumeric), "{name}");
            }
        }
    }
}
