//! The whole benchmark, as `scripts/bench.sh` runs it: serving (pinned and unpinned), the
//! fixed-rate sweep for the plot, parsing, PDF and startup; one JSON file of results.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::BenchError;
use super::machine::{Machine, load_average};
use super::parsing::ParseResult;
use super::pdf::{IngestLatency, PdfResult};
use super::procs::{Placement, command, output};
use super::serving::{self, Medians, Pinning, ScenarioResult, ServingConfig};
use super::startup::{self, StartupResult};
use super::stats::LoadReport;

/// Parts of the suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Part {
    /// Scenarios (a)–(e) against paragraphd and the echo baseline.
    Serving,
    /// Scenario (a) at fixed offered rates, for the plot.
    Sweep,
    /// Structure analysis throughput.
    Parsing,
    /// PDF ingest throughput against pdftotext, and a 30-page ingest over gRPC.
    Pdf,
    /// Startup load time and memory.
    Startup,
}

/// How the whole suite runs.
#[derive(Debug, Clone)]
pub(crate) struct SuiteConfig {
    /// Serving settings (executables, workload, load, repetitions, scenarios).
    pub(crate) serving: ServingConfig,
    /// Pinned, unpinned or both, in this order.
    pub(crate) pinnings: Vec<Pinning>,
    /// The sweep's offered rates, as fractions of paragraphd's pinned closed-loop calls/s.
    pub(crate) sweep_fractions: Vec<f64>,
    /// Measured window of each sweep run.
    pub(crate) sweep_duration: Duration,
    /// The shared corpus (`../shared/corpus`).
    pub(crate) corpus: PathBuf,
    /// Parts to run.
    pub(crate) parts: Vec<Part>,
    /// Minimum time of each parsing measurement.
    pub(crate) parse_min_time: Duration,
    /// At most this many PDFs for the throughput comparison (all when `None`).
    pub(crate) pdf_limit: Option<usize>,
    /// Startup repetitions.
    pub(crate) startup_reps: usize,
}

/// Everything one suite run measured; `results.json`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct SuiteResults {
    /// The machine.
    pub(crate) machine: Machine,
    /// When the run started (RFC 3339, UTC).
    pub(crate) started: String,
    /// Wall time of the whole run, seconds.
    pub(crate) elapsed_s: f64,
    /// Load averages (1, 5, 15 min) before the run.
    pub(crate) load_before: [f64; 3],
    /// Load averages after the run.
    pub(crate) load_after: [f64; 3],
    /// The serving settings, for the method section.
    pub(crate) settings: Settings,
    /// Scenario runs, per pinning.
    pub(crate) serving: Vec<ScenarioResult>,
    /// Fixed-rate runs of scenario (a), both targets.
    pub(crate) sweep: Vec<LoadReport>,
    /// Parsing throughput.
    pub(crate) parsing: Option<ParseResult>,
    /// PDF throughput.
    pub(crate) pdf: Option<PdfResult>,
    /// Ingest latency of a ~30-page PDF over gRPC.
    pub(crate) pdf_ingest: Option<IngestLatency>,
    /// Startup loads.
    pub(crate) startup: Vec<StartupResult>,
    /// Later runs of some parts only, whose results replaced those parts' (see [`merge`]).
    #[serde(default)]
    pub(crate) partial_runs: Vec<PartialRun>,
}

/// A run of some parts only, merged into an earlier full run's results.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct PartialRun {
    /// The parts run, e.g. `["startup"]`.
    pub(crate) parts: Vec<String>,
    /// When it started (RFC 3339, UTC).
    pub(crate) started: String,
    /// Its wall time, seconds.
    pub(crate) elapsed_s: f64,
    /// Load averages (1, 5, 15 min) before it.
    pub(crate) load_before: [f64; 3],
    /// Load averages after it.
    pub(crate) load_after: [f64; 3],
}

/// Whether `parts` is every part of the suite.
pub(crate) fn is_full(parts: &[Part]) -> bool {
    use clap::ValueEnum as _;
    Part::value_variants().iter().all(|p| parts.contains(p))
}

/// `earlier` with the results of the parts `fresh` ran (`parts`) replaced by `fresh`'s, and
/// the run recorded in `partial_runs` (replacing an earlier record of the same parts). Machine,
/// start time and load averages stay those of the earlier full run.
pub(crate) fn merge(
    mut earlier: SuiteResults,
    fresh: SuiteResults,
    parts: &[Part],
) -> SuiteResults {
    use clap::ValueEnum as _;
    for part in parts {
        match part {
            Part::Serving => earlier.serving = fresh.serving.clone(),
            Part::Sweep => earlier.sweep = fresh.sweep.clone(),
            Part::Parsing => earlier.parsing = fresh.parsing.clone(),
            Part::Pdf => {
                earlier.pdf = fresh.pdf.clone();
                earlier.pdf_ingest = fresh.pdf_ingest.clone();
            }
            Part::Startup => earlier.startup = fresh.startup.clone(),
        }
    }
    let names: Vec<String> = parts
        .iter()
        .filter_map(|p| p.to_possible_value().map(|v| v.get_name().to_owned()))
        .collect();
    earlier.partial_runs.retain(|r| r.parts != names);
    earlier.partial_runs.push(PartialRun {
        parts: names,
        started: fresh.started,
        elapsed_s: fresh.elapsed_s,
        load_before: fresh.load_before,
        load_after: fresh.load_after,
    });
    earlier
}

/// The serving settings as recorded.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Settings {
    /// Connections per run.
    pub(crate) connections: usize,
    /// Calls in flight per connection.
    pub(crate) in_flight: usize,
    /// Warm-up, ms.
    pub(crate) warmup_ms: u64,
    /// Measured window, ms.
    pub(crate) duration_ms: u64,
    /// A B pairs per scenario.
    pub(crate) reps: usize,
    /// The workload.
    pub(crate) workload: Option<super::Workload>,
}

/// Runs the configured parts and returns their results.
pub(crate) async fn run(config: &SuiteConfig) -> Result<SuiteResults, BenchError> {
    let start = Instant::now();
    std::fs::create_dir_all(&config.serving.work_dir)?;
    let mut results = SuiteResults {
        machine: Machine::read(),
        started: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        load_before: load_average(),
        settings: settings(&config.serving),
        ..SuiteResults::default()
    };
    let has = |part| config.parts.contains(&part);
    if has(Part::Serving) {
        for &pinning in &config.pinnings {
            eprintln!("serving, {pinning:?}");
            results
                .serving
                .extend(serving::run(&config.serving, pinning).await?);
        }
    }
    if has(Part::Sweep) {
        eprintln!("sweep");
        let rates = sweep_rates(config, &results.serving);
        let sweep = ServingConfig {
            duration: config.sweep_duration,
            ..config.serving.clone()
        };
        results.sweep = serving::sweep(&sweep, &rates).await?;
    }
    if has(Part::Parsing) {
        eprintln!("parsing");
        results.parsing = Some(parse_child(config)?);
    }
    if has(Part::Pdf) {
        eprintln!("pdf");
        results.pdf = Some(pdf_child(config)?);
        let serving = &config.serving;
        results.pdf_ingest = Some(
            super::pdf::ingest_latency(&config.corpus, &serving.server_bin, &serving.work_dir)
                .await?,
        );
    }
    if has(Part::Startup) {
        eprintln!("startup");
        results.startup = startups(config).await?;
    }
    results.load_after = load_average();
    results.elapsed_s = start.elapsed().as_secs_f64();
    Ok(results)
}

fn settings(serving: &ServingConfig) -> Settings {
    Settings {
        connections: serving.connections,
        in_flight: serving.in_flight,
        warmup_ms: serving.warmup.as_millis() as u64,
        duration_ms: serving.duration.as_millis() as u64,
        reps: serving.reps,
        workload: Some(serving.workload.clone()),
    }
}

/// Offered rates for the sweep: fractions of paragraphd's pinned closed-loop rate for (a), or
/// of a nominal 5000 calls/s when serving was not run.
fn sweep_rates(config: &SuiteConfig, serving: &[ScenarioResult]) -> Vec<f64> {
    let capacity = serving
        .iter()
        .find(|r| r.scenario == super::Scenario::One && r.pinning == Pinning::Pinned)
        .or_else(|| serving.iter().find(|r| r.scenario == super::Scenario::One))
        .map_or(5000.0, |r| Medians::of(&r.paragraphd).calls_per_s);
    config
        .sweep_fractions
        .iter()
        .map(|f| (f * capacity).round().max(1.0))
        .collect()
}

/// Where the one-thread measurements run: core 1 when pinning, else anywhere.
fn measurement_placement(config: &SuiteConfig) -> Placement {
    if config.pinnings.contains(&Pinning::Pinned) {
        Placement::Core(1)
    } else {
        Placement::Unpinned
    }
}

fn parse_child(config: &SuiteConfig) -> Result<ParseResult, BenchError> {
    let mut cmd = command(&config.serving.bench_bin, measurement_placement(config));
    cmd.arg("parse-bench")
        .arg("--corpus")
        .arg(&config.corpus)
        .args([
            "--min-time",
            &format!("{}ms", config.parse_min_time.as_millis()),
        ]);
    Ok(serde_json::from_str(&output(cmd)?)?)
}

fn pdf_child(config: &SuiteConfig) -> Result<PdfResult, BenchError> {
    let mut cmd = command(&config.serving.bench_bin, measurement_placement(config));
    cmd.arg("pdf-bench")
        .arg("--corpus")
        .arg(&config.corpus)
        .arg("--scratch")
        .arg(&config.serving.work_dir);
    if let Some(limit) = config.pdf_limit {
        cmd.args(["--limit", &limit.to_string()]);
    }
    Ok(serde_json::from_str(&output(cmd)?)?)
}

/// The whole shared corpus, its PDFs alone, then its text files alone (for memory per MB of
/// text; the source text of a PDF is the pdftotext `.txt` beside it in the corpus).
async fn startups(config: &SuiteConfig) -> Result<Vec<StartupResult>, BenchError> {
    let bin = &config.serving.server_bin;
    let logs = &config.serving.work_dir;
    let reps = config.startup_reps;
    let corpus = &config.corpus;
    let mut results =
        vec![startup::measure(bin, corpus, corpus, "shared corpus, PDF + text", reps, logs).await?];
    for (extension, label) in [
        ("pdf", "shared corpus, PDF files only"),
        ("txt", "shared corpus, text files only"),
    ] {
        let dir = logs.join(format!("{extension}-only"));
        startup::mirror(corpus, &dir, extension)?;
        results.push(startup::measure(bin, &dir, corpus, label, reps, logs).await?);
    }
    Ok(results)
}

/// Reads a results file.
pub(crate) fn read_results(path: &Path) -> Result<SuiteResults, BenchError> {
    Ok(serde_json::from_slice(&std::fs::read(path)?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_run_replaces_its_parts_and_keeps_the_others() {
        let startup = |label: &str| StartupResult {
            label: label.into(),
            ..StartupResult::default()
        };
        let earlier = SuiteResults {
            started: "full".into(),
            parsing: Some(ParseResult::default()),
            startup: vec![startup("old")],
            ..SuiteResults::default()
        };
        let fresh = SuiteResults {
            started: "partial".into(),
            load_before: [1.0, 2.0, 3.0],
            startup: vec![startup("new")],
            ..SuiteResults::default()
        };
        let merged = merge(earlier, fresh.clone(), &[Part::Startup]);
        assert_eq!(merged.started, "full");
        assert!(merged.parsing.is_some());
        assert_eq!(merged.startup, vec![startup("new")]);
        assert_eq!(merged.partial_runs.len(), 1);
        assert_eq!(merged.partial_runs[0].parts, ["startup"]);
        assert_eq!(merged.partial_runs[0].load_before, [1.0, 2.0, 3.0]);
        // A second run of the same parts replaces the record.
        let merged = merge(merged, fresh, &[Part::Startup]);
        assert_eq!(merged.partial_runs.len(), 1);
        assert!(is_full(&[
            Part::Serving,
            Part::Sweep,
            Part::Parsing,
            Part::Pdf,
            Part::Startup
        ]));
        assert!(!is_full(&[Part::Startup]));
    }
}
