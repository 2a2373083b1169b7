//! The non-serving tables of `BENCHMARKS.md` (targets, parsing, PDF, startup) and number
//! formatting.

use std::fmt::Write as _;

use super::Scenario;
use super::serving::{Medians, Pinning};
use super::suite::SuiteResults;

/// `12 345` (no decimals) or `12.3` for small values.
pub(crate) fn number(value: f64) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    if value.abs() < 100.0 {
        return format!("{value:.1}");
    }
    let digits = format!("{:.0}", value);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// `0.83×`.
pub(crate) fn ratio(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.2}×")
    } else {
        "–".into()
    }
}

/// Microseconds, as `412 µs` or `1.24 ms`.
pub(crate) fn us(value: f64) -> String {
    if !value.is_finite() {
        "–".into()
    } else if value < 1000.0 {
        format!("{value:.0} µs")
    } else {
        ms(value / 1e3)
    }
}

/// Milliseconds, as `1.24 ms` or `312 ms`.
pub(crate) fn ms(value: f64) -> String {
    if !value.is_finite() {
        "–".into()
    } else if value < 100.0 {
        format!("{value:.2} ms")
    } else {
        format!("{value:.0} ms")
    }
}

/// One target: its name, what was measured, the goal, and whether it is met.
fn target_row(
    out: &mut String,
    name: &str,
    measured: Option<f64>,
    goal: &str,
    met: impl Fn(f64) -> bool,
    fmt: impl Fn(f64) -> String,
) {
    let (value, verdict) = match measured.filter(|v| v.is_finite()) {
        Some(v) if met(v) => (fmt(v), "**met**"),
        Some(v) => (fmt(v), "**missed**"),
        None => ("not measured".to_owned(), "–"),
    };
    let _ = writeln!(out, "| {name} | {value} | {goal} | {verdict} |");
}

/// The targets, met or missed (serving from the pinned runs, unpinned in brackets).
pub(crate) fn targets(r: &SuiteResults) -> String {
    let mut out = String::from("| target | measured | goal | verdict |\n|---|--:|--:|---|\n");
    for pinning in [Pinning::Pinned, Pinning::Unpinned] {
        let medians = |scenario| {
            r.serving
                .iter()
                .find(|s| s.scenario == scenario && s.pinning == pinning)
                .map(|s| (Medians::of(&s.paragraphd), Medians::of(&s.echo)))
        };
        let tag = format!("{pinning:?}").to_lowercase();
        let one = medians(Scenario::One);
        let doc = medians(Scenario::Document);
        target_row(
            &mut out,
            &format!("(a) calls/s vs echo, {tag}"),
            one.map(|(a, b)| a.calls_per_s / b.calls_per_s),
            "≥ 0.80×",
            |v| v >= 0.8,
            ratio,
        );
        target_row(
            &mut out,
            &format!("(a) p99 vs echo, {tag}"),
            one.map(|(a, b)| a.p99_us / b.p99_us),
            "≤ 1.50×",
            |v| v <= 1.5,
            ratio,
        );
        target_row(
            &mut out,
            &format!("(b) messages/s vs echo, {tag}"),
            doc.map(|(a, b)| a.messages_per_s / b.messages_per_s),
            "≥ 0.75×",
            |v| v >= 0.75,
            ratio,
        );
    }
    target_row(
        &mut out,
        "structure analysis",
        r.parsing.as_ref().map(|p| p.analyze_mb_s),
        "≥ 100 MB/s",
        |v| v >= 100.0,
        |v| format!("{v:.1} MB/s"),
    );
    let pdf = r
        .pdf
        .as_ref()
        .filter(|p| p.not_measured.is_none())
        .map(|p| p.ratio);
    target_row(
        &mut out,
        "PDF ingest vs pdftotext, pages/s",
        pdf,
        "≥ 1.00×",
        |v| v >= 1.0,
        ratio,
    );
    for startup in &r.startup {
        target_row(
            &mut out,
            &format!("resident memory per MB of text ({})", startup.label),
            Some(startup.rss_per_text_byte),
            "≤ 3×",
            |v| v <= 3.0,
            |v| format!("{v:.2}×"),
        );
    }
    out
}

/// Parsing throughput.
pub(crate) fn parsing(r: &SuiteResults) -> String {
    let Some(p) = &r.parsing else {
        return "Not run.".into();
    };
    format!(
        "| measure (one thread, {} files, {:.1} MB) | MB/s |\n|---|--:|\n\
         | structure analysis, `parse::analyze` on extracted lines | **{:.1}** |\n\
         | text extraction + analysis (`corpus::ingest` for text) | {:.1} |\n\
         | plain line count (UTF-8 check + `str::lines().count()`) | {:.1} |\n\
         | analysis ÷ line count | {} |",
        p.files,
        p.bytes as f64 / 1e6,
        p.analyze_mb_s,
        p.extract_analyze_mb_s,
        p.line_count_mb_s,
        ratio(p.analyze_to_line_count),
    )
}

/// PDF throughput and the 30-page ingest.
pub(crate) fn pdf(r: &SuiteResults) -> String {
    let Some(p) = &r.pdf else {
        return "Not run.".into();
    };
    let mut out = format!(
        "| PDF ingest ({} files, {} pages, {:.1} MB, one thread) | pages/s |\n|---|--:|\n\
         | `{}`, one process per file | {:.1} |\n",
        p.files,
        p.pages,
        p.bytes as f64 / 1e6,
        if p.pdftotext_version.is_empty() {
            "pdftotext"
        } else {
            &p.pdftotext_version
        },
        p.pdftotext_pages_s,
    );
    match &p.not_measured {
        Some(why) => {
            let _ = writeln!(
                out,
                "| paragraphd `corpus::ingest` | not measured yet: {why} |"
            );
        }
        None => {
            let _ = writeln!(
                out,
                "| paragraphd `corpus::ingest` | **{:.1}** ({} files refused) |",
                p.paragraphd_pages_s, p.failures
            );
            let _ = writeln!(out, "| paragraphd ÷ pdftotext | **{}** |", ratio(p.ratio));
        }
    }
    if let Some(i) = &r.pdf_ingest {
        let _ = match &i.not_measured {
            Some(why) => writeln!(
                out,
                "\n`IngestDocument` of `{}` ({} pages): not measured yet ({why}).",
                i.file, i.pages
            ),
            None => writeln!(
                out,
                "\n`IngestDocument` of `{}` ({} pages, {:.1} MB) over loopback, {} runs: median **{}**, min {}, max {}.",
                i.file,
                i.pages,
                i.bytes as f64 / 1e6,
                i.reps,
                ms(i.median_ms),
                ms(i.min_ms),
                ms(i.max_ms)
            ),
        };
    }
    out
}

/// Startup load and memory.
pub(crate) fn startup(r: &SuiteResults) -> String {
    if r.startup.is_empty() {
        return "Not run.".into();
    }
    let mut out = String::from(
        "| corpus | files | MB on disk | documents held | MB of text | start → SERVING | VmRSS | VmHWM | empty server VmRSS | (RSS − empty) ÷ text |\n\
         |---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n",
    );
    let mib = |b: u64| format!("{:.1} MiB", b as f64 / (1u64 << 20) as f64);
    for s in &r.startup {
        let _ = writeln!(
            out,
            "| {} | {} | {:.1} | {} | {:.1} | {:.2} s | {} | {} | {} | **{:.2}×** |",
            s.label,
            s.files,
            s.file_bytes as f64 / 1e6,
            s.documents,
            s.text_bytes as f64 / 1e6,
            s.load_s,
            mib(s.memory.rss_bytes),
            mib(s.memory.hwm_bytes),
            mib(s.empty.rss_bytes),
            s.rss_per_text_byte,
        );
    }
    out
}
