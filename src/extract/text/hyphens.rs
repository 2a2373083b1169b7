//! Hyphens that pdftotext drops when it joins a word broken at a line end: `Secretary-` /
//! `General` comes out as `SecretaryGeneral`, `web-` / `based` as `webbased`. A hyphen is put
//! back only where the document or the word's shape says it was there:
//!
//! 1. **the document's own spelling**: `interministerial` where the text also prints
//!    `inter-ministerial`, more often than the joined form (a text that prints
//!    `coordination` as often as `co-ordination`, or more, keeps it);
//! 2. **two capitalised words run together** (`FriuliVenezia`, `InterAmerican`), each of four
//!    letters or more, printed joined once (a name such as `ClearCheck` recurs the same way),
//!    even where the text spells it with a hyphen no more often;
//! 3. **a compound head** that UN English hyphenates (`-based`, `-related`, `-seekers`, …)
//!    after a word that is no bound prefix (`inter` of `interrelated`, though `inter alia`
//!    prints it alone), where the text prints that word alone (`rights` of `rightsbased`) or
//!    prints the joined word once (`webbased`: a word broken at a line end, not a spelling).
//!
//! Only words standing alone are touched (not parts of a hyphenated compound), and no letter is
//! added or removed except the hyphen.

use std::collections::{HashMap, HashSet};

use crate::extract::PageLines;

/// Second halves of compounds that UN English writes with a hyphen (`rights-based`,
/// `gender-related`, `asylum-seekers`, `fact-finding`). Heads that also end closed compounds
/// (`peacebuilding`, `policymaking`, `worldwide`) are not listed.
const COMPOUND_HEADS: &[&str] = &[
    "based",
    "related",
    "seekers",
    "finding",
    "owned",
    "oriented",
    "sensitive",
    "specific",
    "friendly",
    "driven",
];

/// Compound heads that also end a common closed word (`renowned`): printed once is not enough
/// for them, the word before must be printed alone.
const ENDS_CLOSED_WORDS: &[&str] = &["owned"];

/// Prefixes that close up with a head (`interrelated`, `disoriented`, `nonspecific`) even
/// where the text prints them alone (`inter alia`, `post`).
const BOUND_PREFIXES: &[&str] = &[
    "anti", "cor", "counter", "dis", "hyper", "inter", "intra", "mis", "multi", "non", "over",
    "photo", "post", "pre", "semi", "sub", "super", "trans", "ultra", "under",
];

/// How many times each candidate word (camel or compound head) is printed.
type Counts<'a> = HashMap<&'a str, usize>;

/// Fewest letters of each half of two capitalised words run together.
const MIN_CAMEL_HALF: usize = 4;
/// Fewest letters of the word before a compound head.
const MIN_HEAD_PREFIX: usize = 3;

/// Puts back the hyphens pdftotext dropped (see the module's rules); returns how many.
pub(super) fn restore(pages: &mut [PageLines]) -> usize {
    let mut spelled = hyphenated_spellings(pages);
    let found = candidates(pages, &mut spelled);
    let alone = words_alone(pages, &found);
    let mut once: Counts = HashMap::new();
    for c in found
        .iter()
        .filter(|c| !matches!(c.reason, Reason::Spelled { .. }))
    {
        *once.entry(c.word.as_str()).or_default() += 1;
    }
    let mut edits: Vec<&Candidate> = found
        .iter()
        .filter(|c| c.holds(&spelled, &once, &alone))
        .collect();
    // Back to front, so that each insertion leaves the earlier offsets of its line valid.
    edits.sort_by_key(|c| std::cmp::Reverse((c.page, c.line, c.at)));
    for c in &edits {
        pages[c.page].lines[c.line].text.insert(c.at, '-');
    }
    edits.len()
}

/// How the document spells a hyphenated pair, keyed by the joined word in lower case.
#[derive(Debug, Default)]
struct Spelling {
    /// Letters of the first half.
    split: usize,
    /// Times the text prints it with the hyphen.
    hyphenated: usize,
    /// Times the text prints it joined.
    joined: usize,
}

/// Every `left-right` pair of letter runs in the text, keyed by `leftright` in lower case.
fn hyphenated_spellings(pages: &[PageLines]) -> HashMap<String, Spelling> {
    let mut out: HashMap<String, Spelling> = HashMap::new();
    for text in all_lines(pages) {
        for (at, _) in text.match_indices('-') {
            let left = letters_before(&text[..at]);
            let right = letters_after(&text[at + 1..]);
            if left.is_empty() || right.is_empty() {
                continue;
            }
            let key = format!("{left}{right}").to_lowercase();
            let entry = out.entry(key).or_default();
            entry.split = left.chars().count();
            entry.hyphenated += 1;
        }
    }
    out
}

/// Why a word may have lost its hyphen.
#[derive(Debug, PartialEq, Eq)]
enum Reason {
    /// The text spells it with a hyphen elsewhere; `camel` when it is also two capitalised
    /// words run together (which holds for a word printed joined once, as rule 2).
    Spelled { camel: bool },
    /// Two capitalised words run together.
    Camel,
    /// A compound head after a word; that word in lower case.
    Head(String),
}

/// A standing-alone word and where a hyphen would go in it.
#[derive(Debug)]
struct Candidate {
    page: usize,
    line: usize,
    /// Byte offset in the line where the hyphen goes.
    at: usize,
    /// The word in lower case.
    word: String,
    reason: Reason,
}

impl Candidate {
    /// Whether the rule of its reason holds over the whole document.
    fn holds(
        &self,
        spelled: &HashMap<String, Spelling>,
        once: &Counts,
        alone: &HashSet<String>,
    ) -> bool {
        let printed_once = once.get(self.word.as_str()) == Some(&1);
        match &self.reason {
            Reason::Spelled { camel } => spelled
                .get(&self.word)
                .is_some_and(|s| s.hyphenated > s.joined || (*camel && s.joined == 1)),
            Reason::Camel => printed_once,
            Reason::Head(prefix) => {
                let head = self.word.get(prefix.len()..).unwrap_or("");
                let once_enough = printed_once && !ENDS_CLOSED_WORDS.contains(&head);
                (alone.contains(prefix) || once_enough)
                    && !BOUND_PREFIXES.contains(&prefix.as_str())
            }
        }
    }
}

/// Words standing alone that may have lost a hyphen; counts the joined spellings of the
/// document's hyphenated pairs on the way.
fn candidates(pages: &[PageLines], spelled: &mut HashMap<String, Spelling>) -> Vec<Candidate> {
    let sketch = Sketch::of(spelled.keys());
    let mut out = Vec::new();
    // One buffer for the words looked up: a word allocates only when it is a candidate.
    let mut lower = String::new();
    for (page, line, text) in numbered_lines(pages) {
        for (start, word) in words_standing_alone(text) {
            let spelling = if sketch.may_hold(word) {
                lower_into(&mut lower, word);
                spelled.get_mut(lower.as_str())
            } else {
                None
            };
            let found = if let Some(s) = spelling {
                s.joined += 1;
                let camel = camel_split(word).is_some();
                Some((byte_of_char(word, s.split), Reason::Spelled { camel }))
            } else {
                camel_split(word).map(|at| (at, Reason::Camel)).or_else(|| {
                    head_split(word).map(|at| (at, Reason::Head(word[..at].to_lowercase())))
                })
            };
            if let Some((at, reason)) = found {
                lower_into(&mut lower, word);
                out.push(Candidate {
                    page,
                    line,
                    at: start + at,
                    word: lower.clone(),
                    reason,
                });
            }
        }
    }
    out
}

/// `word` in lower case, into `buffer`.
fn lower_into(buffer: &mut String, word: &str) {
    buffer.clear();
    buffer.extend(word.chars().flat_map(char::to_lowercase));
}

/// A cheap test before a word's lower case is looked up: a bit per (length, first letter,
/// last letter) of the joined spellings' keys (ASCII; any other word is looked up).
struct Sketch {
    bits: Vec<u64>,
}

impl Sketch {
    const BUCKETS: usize = 64 * 32 * 32;

    fn of<K: AsRef<str>>(keys: impl Iterator<Item = K>) -> Self {
        let mut bits = vec![0u64; Self::BUCKETS / 64];
        for key in keys {
            if let Some(b) = Self::bucket(key.as_ref()) {
                bits[b / 64] |= 1 << (b % 64);
            }
        }
        Self { bits }
    }

    /// Whether `word` may be a key (compared in lower case).
    fn may_hold(&self, word: &str) -> bool {
        Self::bucket(word).is_none_or(|b| self.bits[b / 64] & (1 << (b % 64)) != 0)
    }

    /// The bucket of an ASCII word; None for any other.
    fn bucket(word: &str) -> Option<usize> {
        let bytes = word.as_bytes();
        let (&first, &last) = (bytes.first()?, bytes.last()?);
        if !word.is_ascii() {
            return None;
        }
        let letter = |b: u8| usize::from(b.to_ascii_lowercase().wrapping_sub(b'a')) % 32;
        Some((bytes.len() % 64) * 1024 + letter(first) * 32 + letter(last))
    }
}

/// The words the compound-head rule needs to find alone in the text, found.
fn words_alone(pages: &[PageLines], found: &[Candidate]) -> HashSet<String> {
    let wanted: HashSet<&str> = found
        .iter()
        .filter_map(|c| match &c.reason {
            Reason::Head(prefix) => Some(prefix.as_str()),
            _ => None,
        })
        .collect();
    if wanted.is_empty() {
        return HashSet::new();
    }
    let sketch = Sketch::of(wanted.iter().copied());
    let mut out = HashSet::new();
    let mut lower = String::new();
    for text in all_lines(pages) {
        for (_, word) in words_standing_alone(text).filter(|(_, w)| sketch.may_hold(w)) {
            lower_into(&mut lower, word);
            if wanted.contains(lower.as_str()) && !out.contains(lower.as_str()) {
                out.insert(lower.clone());
            }
        }
    }
    out
}

/// Byte offset of the hyphen in two capitalised words of at least [`MIN_CAMEL_HALF`] letters
/// each run together (`FriuliVenezia` → 6), if `word` is one.
fn camel_split(word: &str) -> Option<usize> {
    let mut chars = word.char_indices();
    let (_, first) = chars.next()?;
    if !first.is_uppercase() {
        return None;
    }
    let (at, _) = chars.find(|(_, c)| !c.is_lowercase())?;
    let (left, right) = word.split_at(at);
    let right_ok = right.chars().next().is_some_and(char::is_uppercase)
        && right.chars().skip(1).all(char::is_lowercase);
    (right_ok && left.chars().count() >= MIN_CAMEL_HALF && right.chars().count() >= MIN_CAMEL_HALF)
        .then_some(at)
}

/// Byte offset of the hyphen before a compound head (`webbased` → 3), if `word` is a lower
/// case word (its first letter aside) ending with one after at least [`MIN_HEAD_PREFIX`]
/// letters.
fn head_split(word: &str) -> Option<usize> {
    let at = COMPOUND_HEADS.iter().find_map(|head| {
        let at = word.len().checked_sub(head.len())?;
        (at >= MIN_HEAD_PREFIX
            && word.is_char_boundary(at)
            && word[at..].eq_ignore_ascii_case(head))
        .then_some(at)
    })?;
    (word.chars().skip(1).all(char::is_lowercase) && word[..at].chars().count() >= MIN_HEAD_PREFIX)
        .then_some(at)
}

/// The runs of letters in `text` that touch no hyphen, with their byte offsets.
fn words_standing_alone(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    letter_runs(text).filter(move |&(start, word)| {
        let end = start + word.len();
        (start == 0 || bytes[start - 1] != b'-') && bytes.get(end) != Some(&b'-')
    })
}

/// The maximal runs of letters in `text`, with their byte offsets (ASCII read byte by byte:
/// this runs over every line of the text).
fn letter_runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < text.len() && !letter_at(text, at).0 {
            at += letter_at(text, at).1;
        }
        if at >= text.len() {
            return None;
        }
        let start = at;
        while at < text.len() && letter_at(text, at).0 {
            at += letter_at(text, at).1;
        }
        Some((start, &text[start..at]))
    })
}

/// Whether the character at byte `at` (a character boundary) is a letter, and its length.
fn letter_at(text: &str, at: usize) -> (bool, usize) {
    let byte = text.as_bytes()[at];
    if byte.is_ascii() {
        return (byte.is_ascii_alphabetic(), 1);
    }
    text[at..]
        .chars()
        .next()
        .map_or((false, 1), |c| (c.is_alphabetic(), c.len_utf8()))
}

/// The letters that end `text`.
fn letters_before(text: &str) -> &str {
    let start = text
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(at, c)| at + c.len_utf8());
    &text[start..]
}

/// The letters that start `text`.
fn letters_after(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(text.len(), |(at, _)| at);
    &text[..end]
}

/// Byte offset of the `n`th character of `word`.
fn byte_of_char(word: &str, n: usize) -> usize {
    word.char_indices().nth(n).map_or(word.len(), |(at, _)| at)
}

fn all_lines(pages: &[PageLines]) -> impl Iterator<Item = &str> {
    numbered_lines(pages).map(|(_, _, text)| text)
}

fn numbered_lines(pages: &[PageLines]) -> impl Iterator<Item = (usize, usize, &str)> {
    pages.iter().enumerate().flat_map(|(p, page)| {
        page.lines
            .iter()
            .enumerate()
            .map(move |(l, line)| (p, l, line.text.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Line;

    fn restored(text: &str) -> (String, usize) {
        let mut pages = vec![PageLines {
            lines: text
                .lines()
                .map(|l| Line {
                    text: l.to_owned(),
                    geometry: None,
                })
                .collect(),
            size: None,
        }];
        let n = restore(&mut pages);
        let lines: Vec<&str> = pages[0].lines.iter().map(|l| l.text.as_str()).collect();
        (lines.join("\n"), n)
    }

    #[test]
    fn a_word_the_text_also_spells_with_a_hyphen_gets_it_back() {
        let (text, n) = restored(
            "The Secretary-General reported.\nThe SecretaryGeneral's note and the Secretary-General.",
        );
        assert_eq!(
            text,
            "The Secretary-General reported.\nThe Secretary-General's note and the Secretary-General."
        );
        assert_eq!(n, 1);
    }

    #[test]
    fn a_text_that_prints_the_joined_spelling_as_often_keeps_it() {
        let input = "co-ordination once, coordination and coordination twice.";
        assert_eq!(restored(input), (input.to_owned(), 0));
        let even = "Interactive dialogue; the inter-active part";
        assert_eq!(restored(even), (even.to_owned(), 0));
    }

    #[test]
    fn two_capitalised_words_run_together_once_are_split() {
        assert_eq!(
            restored("five Regions (FriuliVenezia Giulia, Sardinia)").0,
            "five Regions (Friuli-Venezia Giulia, Sardinia)"
        );
        // A name printed that way more than once is a name; short halves are not split.
        let names = "ClearCheck runs. ClearCheck stops. McDonald and YouTube and LinkedIn.";
        assert_eq!(restored(names), (names.to_owned(), 0));
    }

    #[test]
    fn a_compound_head_after_a_word_the_text_prints_alone_gets_its_hyphen() {
        assert_eq!(
            restored("human rights are rightsbased; gender and genderrelated").0,
            "human rights are rights-based; gender and gender-related"
        );
        // `inter` is a bound prefix, though `inter alia` prints it alone: `interrelated`
        // stays; `cor` of `correlated` is never a word alone.
        let closed = "interrelated and correlated issues, inter alia";
        assert_eq!(
            restored(closed).0,
            "interrelated and correlated issues, inter alia"
        );
    }

    #[test]
    fn a_compound_head_printed_once_gets_its_hyphen_unless_it_ends_closed_words() {
        assert_eq!(
            restored("a webbased Contact Center, a meritbased system").0,
            "a web-based Contact Center, a merit-based system"
        );
        // Printed twice, a joined spelling is the document's; `renowned` ends in `owned`.
        let kept = "the webbased tool and the webbased form; a renowned jurist";
        assert_eq!(restored(kept), (kept.to_owned(), 0));
    }

    #[test]
    fn a_part_of_a_hyphenated_compound_is_left_alone() {
        let input = "non-SecretaryGeneral-like and web-based";
        assert_eq!(restored(input), (input.to_owned(), 0));
    }
}
