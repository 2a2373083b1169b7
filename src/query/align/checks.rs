//! The checks of one row, and the length-ratio medians they compare against: what a person
//! reviews. Pure, like the rest of [`super`].

use super::{
    Key, LENGTH_RATIO_FACTOR, Laid, MIN_CHARS_FOR_RATIO, MIN_PARAGRAPHS_FOR_MEDIAN, PairRatio,
    Reason, ReasonKind, describe,
};
use crate::model::{Diagnostic, Paragraph, Severity};

/// Every reason `key`'s row needs review, in a fixed order: unnumbered, missing, duplicate,
/// sub-items, footnote calls, length.
pub(super) fn reasons(laid: &[Laid<'_>], ratios: &[PairRatio], key: &Key) -> Vec<Reason> {
    let mut reasons = Vec::new();
    if key.is_unnumbered() {
        reasons.push(unnumbered(laid, key));
    }
    reasons.extend(missing(laid, key));
    reasons.extend(duplicates(laid, key));
    reasons.extend(count_check(laid, key, ReasonKind::ItemCount));
    reasons.extend(count_check(laid, key, ReasonKind::FootnoteCount));
    reasons.extend(length_checks(laid, ratios, key));
    reasons
}

fn unnumbered(laid: &[Laid<'_>], key: &Key) -> Reason {
    Reason {
        kind: ReasonKind::Unnumbered,
        languages: laid.iter().map(Laid::language).collect(),
        detail: format!(
            "{}: aligned by its position alone; check that the versions say the same",
            describe(key)
        ),
    }
}

fn missing(laid: &[Laid<'_>], key: &Key) -> Option<Reason> {
    let absent: Vec<String> = laid
        .iter()
        .filter(|l| l.holding(key).is_empty())
        .map(Laid::language)
        .collect();
    (!absent.is_empty()).then(|| Reason {
        kind: ReasonKind::Missing,
        detail: format!("no {} in {}", describe(key), absent.join(", ")),
        languages: absent,
    })
}

fn duplicates(laid: &[Laid<'_>], key: &Key) -> Option<Reason> {
    let doubled: Vec<(String, usize)> = laid
        .iter()
        .map(|l| (l.language(), l.holding(key).len()))
        .filter(|(_, n)| *n > 1)
        .collect();
    (!doubled.is_empty()).then(|| Reason {
        kind: ReasonKind::DuplicateNumber,
        detail: format!(
            "{} appears more than once in {}; the first is shown",
            describe(key),
            doubled
                .iter()
                .map(|(l, n)| format!("{l} ({n} times)"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        languages: doubled.into_iter().map(|(l, _)| l).collect(),
    })
}

/// Sub-items or footnote calls counted in each version holding the key, when they differ.
fn count_check(laid: &[Laid<'_>], key: &Key, kind: ReasonKind) -> Option<Reason> {
    let (what, count): (&str, fn(&Paragraph) -> usize) = match kind {
        ReasonKind::ItemCount => ("sub-items", |p| p.items.len()),
        _ => ("footnote calls", |p| p.footnote_refs.len()),
    };
    let counts: Vec<(String, usize)> = laid
        .iter()
        .filter_map(|l| Some((l.language(), count(l.paragraph(key)?))))
        .collect();
    let first = counts.first()?.1;
    if counts.iter().all(|(_, n)| *n == first) {
        return None;
    }
    Some(Reason {
        kind,
        detail: format!(
            "{what}: {}",
            counts
                .iter()
                .map(|(l, n)| format!("{l} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        languages: counts.into_iter().map(|(l, _)| l).collect(),
    })
}

/// Length of a paragraph's text in characters.
fn chars(p: &Paragraph) -> usize {
    p.text.chars().count()
}

/// chars(other) / chars(reference), when the pair is long enough to compare.
fn ratio(reference: &Paragraph, other: &Paragraph) -> Option<f64> {
    let (a, b) = (chars(reference), chars(other));
    (a.max(b) >= MIN_CHARS_FOR_RATIO).then(|| b as f64 / a.max(1) as f64)
}

/// Each version's median ratio to the reference, over the numbered paragraphs both hold, and
/// a diagnostic for each pair with too few of them.
pub(super) fn medians(laid: &[Laid<'_>]) -> (Vec<PairRatio>, Vec<Diagnostic>) {
    let Some((reference, others)) = laid.split_first() else {
        return (Vec::new(), Vec::new());
    };
    let mut diagnostics = Vec::new();
    let ratios = others
        .iter()
        .map(|other| {
            let mut values: Vec<f64> = numbered_keys(reference)
                .filter_map(|key| ratio(reference.paragraph(key)?, other.paragraph(key)?))
                .collect();
            let median = median(&mut values);
            if median.is_none() {
                diagnostics.push(unchecked(reference, other, values.len()));
            }
            PairRatio {
                language: reference.language(),
                other: other.language(),
                median,
                paragraphs: values.len(),
            }
        })
        .collect();
    (ratios, diagnostics)
}

/// The keys of a version's numbered paragraphs, each once.
fn numbered_keys<'k>(laid: &'k Laid<'_>) -> impl Iterator<Item = &'k Key> {
    laid.index
        .iter()
        .filter(|(key, at)| !key.is_unnumbered() && key.number.is_some() && at.len() == 1)
        .map(|(key, _)| key)
}

/// The median of `values`, if there are enough of them.
fn median(values: &mut [f64]) -> Option<f64> {
    if values.len() < MIN_PARAGRAPHS_FOR_MEDIAN {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

fn unchecked(reference: &Laid<'_>, other: &Laid<'_>, n: usize) -> Diagnostic {
    Diagnostic {
        severity: Severity::Info,
        code: "length-ratio-unchecked",
        message: format!(
            "lengths of {} against {} are not checked: {n} numbered paragraphs of at least \
             {MIN_CHARS_FOR_RATIO} characters are held in both, and a median needs \
             {MIN_PARAGRAPHS_FOR_MEDIAN}",
            other.version.language, reference.version.language
        ),
        page: None,
    }
}

/// The length check of each version against the reference.
fn length_checks(laid: &[Laid<'_>], ratios: &[PairRatio], key: &Key) -> Vec<Reason> {
    let Some((reference, others)) = laid.split_first() else {
        return Vec::new();
    };
    let Some(base) = reference.paragraph(key) else {
        return Vec::new();
    };
    others
        .iter()
        .zip(ratios)
        .filter_map(|(other, pair)| {
            let median = pair.median?;
            let value = ratio(base, other.paragraph(key)?)?;
            let (low, high) = (median / LENGTH_RATIO_FACTOR, median * LENGTH_RATIO_FACTOR);
            (value < low || value > high).then(|| Reason {
                kind: ReasonKind::LengthRatio,
                languages: vec![reference.language(), other.language()],
                detail: format!(
                    "length {}/{} is {value:.2}; the document's median is {median:.2}, and \
                     [{low:.2}, {high:.2}] is expected",
                    other.version.language, reference.version.language
                ),
            })
        })
        .collect()
}
