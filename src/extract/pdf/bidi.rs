//! Lines of a right-to-left script (Arabic, Hebrew) in reading order. A PDF draws glyphs where
//! they stand on the page, so a line read left to right comes out in visual order: the
//! Arabic words reversed, letter by letter, with the numbers and Latin words inside them
//! left to right. A line whose letters are mostly right-to-left is turned back into logical
//! order: its runs of left-to-right text (digits, Latin letters, and the `/`, `.`, `,`, `-`
//! `:` between them) keep their order inside, everything else is reversed, brackets mirrored.

/// True for a letter of a right-to-left script.
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// True for a character that reads left to right inside a right-to-left line.
fn is_ltr(c: char) -> bool {
    c.is_ascii_alphanumeric() || (c.is_alphabetic() && !is_rtl(c))
}

/// True when most of the letters of `text` are of a right-to-left script.
pub(super) fn is_rtl_line(text: &str) -> bool {
    let (rtl, ltr) = text.chars().fold((0usize, 0usize), |(r, l), c| {
        (
            r + usize::from(is_rtl(c)),
            l + usize::from(c.is_alphabetic() && !is_rtl(c)),
        )
    });
    rtl > ltr
}

/// `text`, read in visual order, in logical order (see the module's rule).
pub(super) fn to_logical(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut runs: Vec<String> = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let start = k;
        if is_ltr(chars[k]) {
            while k < chars.len() && (is_ltr(chars[k]) || joins_ltr(&chars, k)) {
                k += 1;
            }
            runs.push(chars[start..k].iter().collect());
        } else {
            while k < chars.len() && !is_ltr(chars[k]) {
                k += 1;
            }
            runs.push(chars[start..k].iter().rev().map(|&c| mirror(c)).collect());
        }
    }
    runs.reverse();
    runs.concat()
}

/// True when the punctuation at `k` sits between two left-to-right characters (`48/7`,
/// `2.5`, `A/HRC/52/71`).
fn joins_ltr(chars: &[char], k: usize) -> bool {
    matches!(chars[k], '/' | '.' | ',' | '-' | ':')
        && k > 0
        && is_ltr(chars[k - 1])
        && chars.get(k + 1).is_some_and(|&c| is_ltr(c))
}

/// A bracket as it reads in the other direction.
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '«' => '»',
        '»' => '«',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arabic_line_drawn_in_visual_order_reads_in_logical_order() {
        // As drawn, left to right: the bracketed letter, the number, the words reversed.
        let drawn = "(أ) 48/7 ناسنإلا قوقح - 1";
        assert!(is_rtl_line(drawn));
        assert_eq!(to_logical(drawn), "1 - حقوق الإنسان 48/7 (أ)");
    }

    #[test]
    fn latin_lines_are_not_right_to_left() {
        assert!(!is_rtl_line("A/HRC/52/71 Human Rights Council"));
        assert!(!is_rtl_line("12 34"));
    }

    #[test]
    fn a_symbol_inside_arabic_keeps_its_order() {
        assert_eq!(
            to_logical("58 ةرقفلا ،A/HRC/52/71 رظنا"),
            "انظر A/HRC/52/71، الفقرة 58"
        );
    }
}
