//! Markdown tables for `BENCHMARKS.md`, written between `<!-- bench:NAME -->` and
//! `<!-- /bench:NAME -->` markers so the prose around them stays as written.

use std::fmt::Write as _;

use super::Scenario;
use super::serving::{Medians, Pinning, ScenarioResult};
use super::suite::SuiteResults;
use super::tables::{ms, number, ratio, us};

/// Replaces every generated section of `markdown` with tables from `results`.
pub(crate) fn update(markdown: &str, results: &SuiteResults) -> String {
    let mut out = markdown.to_owned();
    for (name, table) in sections(results) {
        out = replace_section(&out, name, &table);
    }
    out
}

fn sections(results: &SuiteResults) -> Vec<(&'static str, String)> {
    let mut sections = vec![
        ("machine", machine(results)),
        ("targets", super::tables::targets(results)),
        ("parsing", super::tables::parsing(results)),
        ("pdf", super::tables::pdf(results)),
        ("startup", super::tables::startup(results)),
    ];
    for pinning in [Pinning::Pinned, Pinning::Unpinned] {
        let name = match pinning {
            Pinning::Pinned => "serving-pinned",
            Pinning::Unpinned => "serving-unpinned",
        };
        sections.push((name, serving(results, pinning)));
    }
    sections
}

/// Swaps the text between the markers of `name`; appends the section when it has none.
pub(crate) fn replace_section(markdown: &str, name: &str, content: &str) -> String {
    let open = format!("<!-- bench:{name} -->");
    let close = format!("<!-- /bench:{name} -->");
    let body = format!("{open}\n{}\n{close}", content.trim_end());
    match (markdown.find(&open), markdown.find(&close)) {
        (Some(start), Some(end)) if end > start => {
            format!(
                "{}{body}{}",
                &markdown[..start],
                &markdown[end + close.len()..]
            )
        }
        _ => format!("{}\n{body}\n", markdown.trim_end()),
    }
}

fn machine(r: &SuiteResults) -> String {
    let m = &r.machine;
    let load = |l: [f64; 3]| format!("{:.2}, {:.2}, {:.2}", l[0], l[1], l[2]);
    format!(
        "| | |\n|---|---|\n\
         | CPU | {} |\n| cores (`nproc`) | {} |\n| memory | {:.1} GiB |\n\
         | kernel | {} |\n| rustc | {} |\n| run started | {} (took {:.0} s) |\n\
         | load average before (1, 5, 15 min) | {} |\n| load average after | {} |",
        m.cpu_model,
        m.nproc,
        m.memory_bytes as f64 / (1u64 << 30) as f64,
        m.kernel,
        m.rustc,
        r.started,
        r.elapsed_s,
        load(r.load_before),
        load(r.load_after),
    ) + &partial_runs(r)
}

/// One row per later run of some parts only.
fn partial_runs(r: &SuiteResults) -> String {
    let mut out = String::new();
    for run in &r.partial_runs {
        let _ = write!(
            out,
            "\n| rerun of part(s) {} | {} (took {:.0} s); load average before {:.2}, {:.2}, {:.2}, after {:.2}, {:.2}, {:.2} |",
            run.parts.join(", "),
            run.started,
            run.elapsed_s,
            run.load_before[0],
            run.load_before[1],
            run.load_before[2],
            run.load_after[0],
            run.load_after[1],
            run.load_after[2],
        );
    }
    out
}

fn serving(results: &SuiteResults, pinning: Pinning) -> String {
    let rows: Vec<&ScenarioResult> = results
        .serving
        .iter()
        .filter(|r| r.pinning == pinning)
        .collect();
    if rows.is_empty() {
        return "Not run.".into();
    }
    let mut out = String::from(
        "| scenario | calls/s paragraphd | calls/s echo | ratio | messages/s paragraphd | messages/s echo | ratio | server CPU/call paragraphd | echo | ratio |\n\
         |---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n",
    );
    for row in &rows {
        let (a, b) = (Medians::of(&row.paragraphd), Medians::of(&row.echo));
        let _ = writeln!(
            out,
            "| {} | {} | {} | **{}** | {} | {} | **{}** | {} | {} | {} |",
            row.scenario.label(),
            number(a.calls_per_s),
            number(b.calls_per_s),
            ratio(a.calls_per_s / b.calls_per_s),
            number(a.messages_per_s),
            number(b.messages_per_s),
            ratio(a.messages_per_s / b.messages_per_s),
            us(a.cpu_us_per_call),
            us(b.cpu_us_per_call),
            ratio(a.cpu_us_per_call / b.cpu_us_per_call),
        );
    }
    out.push_str(
        "\n| scenario | p50 paragraphd / echo | p90 | p99 | p99 ratio | max | errors |\n\
         |---|--:|--:|--:|--:|--:|--:|\n",
    );
    for row in &rows {
        let (a, b) = (Medians::of(&row.paragraphd), Medians::of(&row.echo));
        let _ = writeln!(
            out,
            "| {} | {} / {} | {} / {} | {} / {} | **{}** | {} / {} | {} / {} |",
            row.scenario.label(),
            us(a.p50_us),
            us(b.p50_us),
            us(a.p90_us),
            us(b.p90_us),
            us(a.p99_us),
            us(b.p99_us),
            ratio(a.p99_us / b.p99_us),
            us(a.max_us),
            us(b.max_us),
            a.errors,
            b.errors,
        );
    }
    if let Some(mixed) = rows.iter().find(|r| r.scenario == Scenario::Mixed) {
        out.push_str(&ingest_line(mixed));
    }
    out
}

fn ingest_line(mixed: &ScenarioResult) -> String {
    let ingests: Vec<_> = mixed
        .paragraphd
        .iter()
        .filter_map(|r| r.ingest.as_ref())
        .collect();
    let median = |f: &dyn Fn(&super::stats::CallSummary) -> f64| {
        super::startup::median(ingests.iter().map(|s| f(s)).collect())
    };
    let errors: u64 = ingests.iter().flat_map(|s| s.errors.values()).sum();
    format!(
        "\nIngests during (e), paragraphd: {} ingests/s, latency p50 {}, p99 {}, errors {errors}.\n",
        number(median(&|s| s.calls_per_s)),
        ms(median(&|s| s.latency.p50_us) / 1e3),
        ms(median(&|s| s.latency.p99_us) / 1e3),
    )
}
