//! The known names closest to an unknown one: what a `NOT_FOUND` for a document suggests.
//!
//! Pure. Names compare case-insensitively and without white space; a name is close when its
//! edit distance is at most half the longer name's length, or when it shares a prefix of at
//! least [`MIN_SHARED_PREFIX`] characters with the unknown one.

/// Names suggested at most.
pub(super) const MAX_SUGGESTIONS: usize = 3;
/// A shared prefix this long makes a name close whatever its edit distance.
pub(super) const MIN_SHARED_PREFIX: usize = 6;
/// Characters of the unknown name compared (a longer one is cut): bounds the work per name.
const MAX_COMPARED: usize = 64;

/// The labels of the candidates closest to `key`, best first, at most [`MAX_SUGGESTIONS`].
/// Each candidate is a label (what is shown) and the names it is known by (an id, a symbol);
/// it is as close as its closest name.
pub(super) fn closest<'a>(
    key: &str,
    candidates: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>,
) -> Vec<&'a str> {
    let key: Vec<char> = normalise(key).take(MAX_COMPARED).collect();
    let mut scored: Vec<(Score, &'a str)> = candidates
        .into_iter()
        .filter_map(|(label, names)| {
            let best = names.iter().filter_map(|name| score(&key, name)).min()?;
            Some((best, label))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, label)| label)
        .collect()
}

/// Lower is closer: edit distance first, then the longer shared prefix.
type Score = (usize, std::cmp::Reverse<usize>);

/// How close `name` is to `key`, or `None` when it is not close at all.
fn score(key: &[char], name: &str) -> Option<Score> {
    let name: Vec<char> = normalise(name).take(MAX_COMPARED).collect();
    let distance = edit_distance(key, &name);
    let prefix = key.iter().zip(&name).take_while(|(a, b)| a == b).count();
    let longer = key.len().max(name.len());
    let close = distance * 2 <= longer || prefix >= MIN_SHARED_PREFIX.min(key.len());
    (close && !key.is_empty()).then_some((distance, std::cmp::Reverse(prefix)))
}

/// Upper case, without white space.
fn normalise(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
}

/// Levenshtein distance (insertions, deletions, substitutions), in one row of memory.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names<'a>(list: &[(&'a str, &'a str)]) -> Vec<(&'a str, Vec<&'a str>)> {
        list.iter()
            .map(|(id, sym)| (*id, vec![*id, *sym]))
            .collect()
    }

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        let d = |a: &str, b: &str| {
            edit_distance(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("", ""), 0);
        assert_eq!(d("abc", ""), 3);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("A/HRC/52/71", "A/HRC/52/17"), 2);
    }

    #[test]
    fn the_closest_names_come_first_case_and_space_insensitively() {
        let corpus = names(&[
            ("A_HRC_52_71", "A/HRC/52/71"),
            ("A_HRC_52_17", "A/HRC/52/17"),
            ("A_80_21", "A/80/21"),
            ("E_2024_1", "E/2024/1"),
        ]);
        assert_eq!(
            closest(" a/hrc/52/ 72", corpus.clone()),
            ["A_HRC_52_71", "A_HRC_52_17"]
        );
        assert_eq!(closest("a_80_2", corpus.clone()), ["A_80_21"]);
        assert!(closest("S/1999/1000000", corpus.clone()).is_empty());
        assert!(closest("", corpus).is_empty());
    }

    #[test]
    fn a_long_shared_prefix_is_close_and_at_most_three_are_named() {
        let corpus = names(&[
            ("upr-andorra-2011", ""),
            ("upr-andorra-2015", ""),
            ("upr-angola-2010", ""),
            ("upr-botswana-2009", ""),
            ("upr-andorra-2020", ""),
        ]);
        let got = closest("upr-andorra", corpus);
        assert_eq!(
            got,
            ["upr-andorra-2011", "upr-andorra-2015", "upr-andorra-2020"]
        );
    }
}
