//! Line-end hyphenation: which hyphens at the end of a line are break artefacts.
//!
//! pdftotext keeps the hyphen of a word broken across lines (`determi-` / `nation`), and it
//! also keeps the hyphen of a real compound broken at its hyphen (`self-` / `determination`).
//! The two look the same, so the document itself decides: for a line ending in `word-` (a
//! letter before the hyphen) whose next body line starts with a lowercase letter, the hyphen is
//! dropped only when the joined word (`determination`) occurs elsewhere in the document more
//! often than the hyphenated form (`self-determination`). With no evidence, or a tie, the hyphen
//! is kept: a kept artefact (`determi-nation`) still reads and searches by its parts, a wrong
//! join (`selfdetermination`) does not.
//!
//! Cost: one pass over the lines for candidates, and a word scan of the document only when
//! there is a candidate; words are compared only when their length matches a candidate.

use std::collections::HashMap;

use crate::parse::lines::{Ln, Role};

/// The decision for each line: `true` when the line ends in a hyphen to drop when it is joined
/// to the next body line. Also returns (joined, kept) counts over the candidates.
pub(crate) fn artefacts(lines: &[Ln]) -> (Vec<bool>, usize, usize) {
    let mut drop = vec![false; lines.len()];
    let mut candidates: Vec<(usize, String, String)> = Vec::new();
    // The last line of running text, and of a text box: each is joined to the next of its kind.
    let mut prev: [Option<usize>; 2] = [None, None];
    for (i, ln) in lines.iter().enumerate() {
        let slot = match ln.role {
            Role::Body => &mut prev[0],
            Role::AsideTitle | Role::Aside => &mut prev[1],
            _ => continue,
        };
        if let Some(p) = *slot
            && let Some((joined, hyphenated)) = split_word(&lines[p].text, &ln.text)
        {
            candidates.push((p, joined, hyphenated));
        }
        *slot = Some(i);
    }
    if candidates.is_empty() {
        return (drop, 0, 0);
    }
    let mut counts: HashMap<&str, u32> = HashMap::new();
    let mut lengths = 0u128;
    for (_, joined, hyphenated) in &candidates {
        for w in [joined.as_str(), hyphenated.as_str()] {
            counts.insert(w, 0);
            lengths |= 1u128 << w.len().min(127);
        }
    }
    let mut lower = String::new();
    for ln in lines {
        for token in ln.text.split(|c: char| !(c.is_alphabetic() || c == '-')) {
            let token = token.trim_matches('-');
            if token.len() < 2 || lengths & (1u128 << token.len().min(127)) == 0 {
                continue;
            }
            let key = if token.bytes().any(|b| b.is_ascii_uppercase()) || !token.is_ascii() {
                lower.clear();
                lower.extend(token.chars().flat_map(char::to_lowercase));
                lower.as_str()
            } else {
                token
            };
            if let Some(n) = counts.get_mut(key) {
                *n += 1;
            }
        }
    }
    let mut joined_n = 0;
    for (line, joined, hyphenated) in &candidates {
        let j = counts.get(joined.as_str()).copied().unwrap_or(0);
        let h = counts.get(hyphenated.as_str()).copied().unwrap_or(0);
        if j > h {
            drop[*line] = true;
            joined_n += 1;
        }
    }
    (drop, joined_n, candidates.len() - joined_n)
}

/// For a line ending in `word-` followed by a line starting in lowercase: the joined and the
/// hyphenated word, lowercased.
fn split_word(first: &str, next: &str) -> Option<(String, String)> {
    let head = first.strip_suffix('-')?;
    if !next.starts_with(|c: char| c.is_lowercase()) {
        return None;
    }
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map(|(i, _)| i)?;
    let before = &head[start..];
    let after_len = next
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(next.len(), |(i, _)| i);
    let after = &next[..after_len];
    let before = before.to_lowercase();
    let after = after.to_lowercase();
    Some((format!("{before}{after}"), format!("{before}-{after}")))
}
