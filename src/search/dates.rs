//! A document's date as printed (`7 March 2023`, `7 mars 2023`, `7 de marzo de 2023`,
//! `7 марта 2023 года`, `2023年3月7日`, `2023-03-07`) as a day number `YYYYMMDD`, the form the
//! index's `date` field and the date filters use. A date it cannot read gives `None`: the
//! paragraph then has no date and a date filter leaves it out.

/// Month names of the languages whose dates print day, month name, year (lower case; a
/// name's stem matches its inflections, `марта` by `мар`).
const MONTHS: [[&str; 12]; 3] = [
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
];

/// Russian month stems (genitive forms start with them).
const RUSSIAN: [&str; 12] = [
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
];

/// `YYYYMMDD` of a printed date, or `None`.
pub(crate) fn day_number(printed: &str) -> Option<u32> {
    iso(printed)
        .or_else(|| chinese(printed))
        .or_else(|| words(printed))
}

/// `YYYY-MM-DD`, as the date filters take it, as a day number `YYYYMMDD`.
pub fn iso(value: &str) -> Option<u32> {
    let mut parts = value.trim().split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    valid(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn chinese(printed: &str) -> Option<u32> {
    let (y, rest) = printed.trim().split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let (d, _) = rest.split_once('日')?;
    valid(
        y.trim().parse().ok()?,
        m.trim().parse().ok()?,
        d.trim().parse().ok()?,
    )
}

/// Day, month name, year in any order the six languages print them, `de` and `года` ignored.
fn words(printed: &str) -> Option<u32> {
    let lower = printed.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let numbers: Vec<u32> = tokens.iter().filter_map(|t| t.parse().ok()).collect();
    let month = tokens.iter().find_map(|t| month(t))?;
    let year = *numbers.iter().find(|n| **n >= 1000)?;
    let day = *numbers.iter().find(|n| (1..=31).contains(*n))?;
    valid(year, month, day)
}

fn month(token: &str) -> Option<u32> {
    let named = MONTHS
        .iter()
        .find_map(|names| names.iter().position(|n| *n == token));
    let russian = || {
        RUSSIAN
            .iter()
            .enumerate()
            .filter(|(_, stem)| token.starts_with(**stem) && token.chars().count() <= 8)
            .max_by_key(|(_, stem)| stem.len())
            .map(|(idx, _)| idx)
    };
    named.or_else(russian).map(|idx| idx as u32 + 1)
}

fn valid(year: u32, month: u32, day: u32) -> Option<u32> {
    let ok = (1000..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
    ok.then_some(year * 10_000 + month * 100 + day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_dates_of_the_languages_read_as_day_numbers() {
        for printed in [
            "7 March 2023",
            "7 mars 2023",
            "7 de marzo de 2023",
            "7 марта 2023 года",
            "2023年3月7日",
            "2023-03-07",
        ] {
            assert_eq!(day_number(printed), Some(20230307), "{printed}");
        }
        assert_eq!(day_number("8 May 2025"), Some(20250508));
        assert_eq!(day_number("8 мая 2025 года"), Some(20250508));
    }

    #[test]
    fn what_is_no_date_reads_as_none() {
        for printed in [
            "",
            "Fifty-second session",
            "2023-13-01",
            "March",
            "31 Foo 2023",
        ] {
            assert_eq!(day_number(printed), None, "{printed}");
        }
    }
}
