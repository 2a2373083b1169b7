//! Page furniture: header symbol, footer job number, page numbers, barcodes, date codes.
//!
//! Strong patterns (job numbers, barcodes, the document's own symbol) are furniture anywhere on
//! a page; weak ones (bare numbers, `Page 3`, `2/56`, other symbols) only in the first or last
//! lines of a page. Furniture lines are moved into [`Page::furniture`]; the printed page number
//! found among them becomes [`Page::printed_number`].

use super::lines::{Ln, Role};
use super::patterns::{BARCODE, DATE_CODE, GE_JOB_LINE, NY_JOB_LINE, PAGE_NUMBER, SYMBOL};
use super::shape::page_ranges;
use crate::model::{Diagnostic, Metadata, Page, Severity};

/// Lines at the top of a page where weak furniture may stand.
const TOP_ZONE: usize = 2;
/// Lines at the bottom of a page where weak furniture may stand.
const BOTTOM_ZONE: usize = 3;

/// Marks strong furniture (job numbers, barcodes, the document's symbol) wherever it stands.
pub(crate) fn mark_strong(lines: &mut [Ln], meta: &Metadata) {
    let symbols = own_symbols(meta);
    let symbols: Vec<&str> = symbols.iter().map(String::as_str).collect();
    for ln in lines
        .iter_mut()
        .filter(|l| l.role == Role::Body && is_strong(&l.text, &symbols))
    {
        ln.claim(Role::Furniture);
    }
}

/// The document's symbols as page headers print them: each on a line of its own and, for a
/// document shared by two bodies (`A/79/907-S/2025/268`, `A/HRC/23/17–E/CN.6/2013/8`), joined
/// by a hyphen or an en dash.
fn own_symbols(meta: &Metadata) -> Vec<String> {
    let mut out: Vec<String> = meta.symbols().map(str::to_owned).collect();
    out.extend(
        ["-", "–"]
            .into_iter()
            .filter_map(|sep| meta.joint_form(sep)),
    );
    out
}

/// Marks weak furniture at the top and bottom of each page (after the contents table has
/// claimed its page numbers), drops what follows a flattened page's footer, and fills `pages`
/// (one per physical page) with the furniture.
pub(crate) fn mark_weak(lines: &mut [Ln], pages: &mut [Page], diags: &mut Vec<Diagnostic>) {
    let ranges = page_ranges(lines);
    for range in &ranges {
        mark_weak_on_page(&mut lines[range.clone()]);
    }
    mark_page_of_pages(lines);
    for range in ranges {
        let page_lines = &mut lines[range];
        drop_after_flat_footer(page_lines, diags);
        if let Some(page) = page_lines
            .first()
            .and_then(|l| pages.get_mut(l.page as usize - 1))
        {
            collect(page_lines, page);
        }
    }
}

/// Furniture wherever it stands on a page.
fn is_strong(text: &str, symbols: &[&str]) -> bool {
    let bare = text.trim_end_matches('*');
    GE_JOB_LINE.is_match(text)
        || NY_JOB_LINE.is_match(&without_stars(text))
        || (BARCODE.is_match(text) && text.starts_with('*') && text.len() <= 14)
        || is_own_symbol(bare, symbols)
}

/// True when `text` is one of the document's symbols as a page header prints it: exactly, or
/// with a trailing slash (`A/HRC/23/15/`) or spaces inside (`A/HRC/ 8/29`).
fn is_own_symbol(text: &str, symbols: &[&str]) -> bool {
    let text = text.strip_suffix('/').unwrap_or(text);
    symbols.iter().any(|s| {
        *s == text
            || (text.len() <= s.len() + 2 && text.contains(' ') && text.replace(' ', "") == *s)
    })
}

/// `text` without its `*` marks, copied only when it has some (this runs on every line).
fn without_stars(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('*') {
        text.replace('*', "").into()
    } else {
        text.into()
    }
}

/// Marks weak furniture in the top and bottom zones of one page.
fn mark_weak_on_page(page_lines: &mut [Ln]) {
    let open: Vec<usize> = (0..page_lines.len())
        .filter(|&i| page_lines[i].role == Role::Body)
        .collect();
    let n = open.len();
    for (k, &i) in open.iter().enumerate() {
        let text = page_lines[i].text.as_str();
        let top = k < TOP_ZONE;
        let bottom = k + BOTTOM_ZONE >= n;
        let weak = (top && SYMBOL.is_match(text) && text.contains('/'))
            || ((top || bottom) && PAGE_NUMBER.is_match(text) && of_pages(text))
            || (bottom && DATE_CODE.is_match(text));
        if weak {
            page_lines[i].claim(Role::Furniture);
        }
    }
}

/// Fewest pages printing `N/M` with one total M for such lines to be furniture anywhere.
const MIN_OF_PAGES: usize = 3;

/// Marks `N/M` page numbers left in the body after the top and bottom zones were judged, when
/// at least [`MIN_OF_PAGES`] pages print one with the same total M: pdftotext can print a
/// page's number among its lines (`4.` / `4/39` / `Currently, …`).
fn mark_page_of_pages(lines: &mut [Ln]) {
    let of = |ln: &Ln| {
        // `N/M` with numbers of at most 4 digits: short, so most lines end at the length.
        if ln.text.len() > 9 {
            return None;
        }
        let (n, m) = ln.text.split_once('/')?;
        let (n, m) = (n.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
        (n >= 1 && n <= m).then_some((ln.page, m))
    };
    let mut seen: Vec<(u32, u32)> = lines
        .iter()
        .filter(|l| matches!(l.role, Role::Body | Role::Furniture))
        .filter_map(of)
        .collect();
    seen.sort_unstable();
    seen.dedup();
    let pages_with = |m: u32| seen.iter().filter(|&&(_, t)| t == m).count();
    for ln in lines.iter_mut().filter(|l| l.role == Role::Body) {
        if of(ln).is_some_and(|(_, m)| pages_with(m) >= MIN_OF_PAGES) {
            ln.claim(Role::Furniture);
        }
    }
}

/// False for `N/M` with N past M: a decision number (`2025/11`), not page N of M.
fn of_pages(text: &str) -> bool {
    let Some((n, m)) = text.split_once('/') else {
        return true;
    };
    match (n.trim().parse::<u32>(), m.trim().parse::<u32>()) {
        (Ok(n), Ok(m)) => n <= m,
        _ => true,
    }
}

/// On a flattened page, whatever follows the footer is not report text (e.g. a viewer's
/// caption): it is dropped with a diagnostic.
fn drop_after_flat_footer(page_lines: &mut [Ln], diags: &mut Vec<Diagnostic>) {
    let Some(footer) = page_lines
        .iter()
        .position(|l| l.flat && l.role == Role::Furniture && is_job_line(&l.text))
    else {
        return;
    };
    for ln in page_lines[footer + 1..]
        .iter_mut()
        .filter(|l| l.role == Role::Body)
    {
        ln.claim(Role::Dropped);
        diags.push(Diagnostic {
            severity: Severity::Info,
            code: "text-after-footer",
            message: format!("dropped text after the page footer: {:?}", ln.text),
            page: Some(ln.page),
        });
    }
}

fn is_job_line(text: &str) -> bool {
    GE_JOB_LINE.is_match(text) || NY_JOB_LINE.is_match(text)
}

/// Copies the furniture of one page into `page` and reads its printed number.
fn collect(page_lines: &[Ln], page: &mut Page) {
    for ln in page_lines.iter().filter(|l| l.role == Role::Furniture) {
        page.furniture.push(ln.text.clone());
        if page.printed_number.is_none() {
            page.printed_number = printed_number(&ln.text);
        }
    }
}

/// The page number in a furniture line: `7`, `Page 7`, `7/56`, `GE.22-29477 7`, `7 GE.22-29477`.
fn printed_number(text: &str) -> Option<String> {
    if let Some(c) = PAGE_NUMBER.captures(text) {
        return c
            .iter()
            .skip(1)
            .flatten()
            .next()
            .map(|m| m.as_str().to_owned());
    }
    if GE_JOB_LINE.is_match(text) {
        let first = text.split_whitespace().next()?;
        let last = text.split_whitespace().last()?;
        for t in [last, first] {
            if t.len() <= 4 && t.bytes().all(|c| c.is_ascii_digit()) {
                return Some(t.to_owned());
            }
        }
    }
    None
}
