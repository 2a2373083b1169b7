//! The serving benchmark: paragraphd and the echo baseline as child processes, load runs as
//! child processes, interleaved A B A B; medians and ratios; a fixed-rate sweep for the plot.

use std::path::PathBuf;
use std::time::Duration;

use prost::Message as _;

use super::BenchError;
use super::client::{RpcClient, Target, connect};
use super::echo_pb::Canned;
use super::procs::{Placement, ServerProcess, command, output};
use super::scenario::{Scenario, Workload};
use super::startup::median;
use super::stats::LoadReport;

/// Where servers and clients run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Pinning {
    /// Server on core 0, load generator on core 1 (`taskset`).
    Pinned,
    /// Both wherever the scheduler puts them.
    Unpinned,
}

impl Pinning {
    fn server(self) -> Placement {
        match self {
            Self::Pinned => Placement::Core(0),
            Self::Unpinned => Placement::Unpinned,
        }
    }

    fn client(self) -> Placement {
        match self {
            Self::Pinned => Placement::Core(1),
            Self::Unpinned => Placement::Unpinned,
        }
    }
}

/// How the serving benchmark runs.
#[derive(Debug, Clone)]
pub(crate) struct ServingConfig {
    /// The `paragraphd` executable.
    pub(crate) server_bin: PathBuf,
    /// The `paragraphd-bench` executable (echo server and load runs).
    pub(crate) bench_bin: PathBuf,
    /// Scratch directory: the writable corpus, canned answers, logs.
    pub(crate) work_dir: PathBuf,
    /// The text files the server's corpus starts with (the first holds `workload.document`).
    pub(crate) corpus_files: Vec<PathBuf>,
    /// What the scenarios send.
    pub(crate) workload: Workload,
    /// Connections per load run.
    pub(crate) connections: usize,
    /// Calls in flight per connection.
    pub(crate) in_flight: usize,
    /// Warm-up before each measured window.
    pub(crate) warmup: Duration,
    /// Measured window of each run.
    pub(crate) duration: Duration,
    /// A B pairs per scenario.
    pub(crate) reps: usize,
    /// The scenarios.
    pub(crate) scenarios: Vec<Scenario>,
}

/// Both targets' runs of one scenario under one pinning, with medians and ratios.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ScenarioResult {
    /// Pinned or not.
    pub(crate) pinning: Pinning,
    /// The scenario.
    pub(crate) scenario: Scenario,
    /// paragraphd's runs, in order.
    pub(crate) paragraphd: Vec<LoadReport>,
    /// The baseline's runs, in order (each right after the paragraphd run of the same index).
    pub(crate) echo: Vec<LoadReport>,
}

/// Both servers of one pinning, killed when dropped.
struct Running {
    paragraphd: ServerProcess,
    echo: ServerProcess,
}

/// Runs every scenario `reps` times on both targets, A B A B.
pub(crate) async fn run(
    config: &ServingConfig,
    pinning: Pinning,
) -> Result<Vec<ScenarioResult>, BenchError> {
    let servers = start_servers(config, pinning).await?;
    let mut results: Vec<ScenarioResult> = config
        .scenarios
        .iter()
        .map(|&scenario| ScenarioResult {
            pinning,
            scenario,
            paragraphd: Vec::new(),
            echo: Vec::new(),
        })
        .collect();
    for rep in 0..config.reps {
        for result in &mut results {
            eprintln!(
                "  {pinning:?} rep {}/{}: {}",
                rep + 1,
                config.reps,
                result.scenario.name()
            );
            let a = load_child(
                config,
                pinning,
                &servers.paragraphd,
                Target::Paragraphd,
                result.scenario,
                None,
            )?;
            let b = load_child(
                config,
                pinning,
                &servers.echo,
                Target::Echo,
                result.scenario,
                None,
            )?;
            result.paragraphd.push(a);
            result.echo.push(b);
        }
    }
    Ok(results)
}

/// Fixed-rate runs of scenario (a) on both targets at each of `rates` calls/s (pinned).
pub(crate) async fn sweep(
    config: &ServingConfig,
    rates: &[f64],
) -> Result<Vec<LoadReport>, BenchError> {
    let servers = start_servers(config, Pinning::Pinned).await?;
    let mut reports = Vec::new();
    for &rate in rates {
        eprintln!("  sweep: {rate:.0} calls/s");
        for (server, target) in [
            (&servers.paragraphd, Target::Paragraphd),
            (&servers.echo, Target::Echo),
        ] {
            reports.push(load_child(
                config,
                Pinning::Pinned,
                server,
                target,
                Scenario::One,
                Some(rate),
            )?);
        }
    }
    Ok(reports)
}

/// Starts paragraphd over a fresh writable corpus, captures its answers, and starts the echo
/// server with them.
async fn start_servers(config: &ServingConfig, pinning: Pinning) -> Result<Running, BenchError> {
    let corpus = fresh_corpus(config)?;
    let mut cmd = command(&config.server_bin, pinning.server());
    cmd.args([
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--no-sample",
        "--corpus",
    ])
    .arg(&corpus);
    let paragraphd = ServerProcess::spawn(cmd, &config.work_dir.join("paragraphd.log"))?;
    paragraphd.wait_serving(Duration::from_secs(60)).await?;
    let canned = capture(&paragraphd.addr, &config.workload).await?;
    let canned_path = config.work_dir.join("canned.bin");
    std::fs::write(&canned_path, canned.encode_to_vec())?;
    let mut cmd = command(&config.bench_bin, pinning.server());
    cmd.args(["echo-server", "--listen", "127.0.0.1:0", "--canned"])
        .arg(&canned_path);
    let echo = ServerProcess::spawn(cmd, &config.work_dir.join("echo.log"))?;
    echo.wait_serving(Duration::from_secs(10)).await?;
    Ok(Running { paragraphd, echo })
}

/// A new writable corpus directory holding copies of the configured files.
fn fresh_corpus(config: &ServingConfig) -> Result<PathBuf, BenchError> {
    let dir = config.work_dir.join("corpus");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    for file in &config.corpus_files {
        let name = file
            .file_name()
            .ok_or_else(|| BenchError::Other(format!("{} is not a file", file.display())))?;
        std::fs::copy(file, dir.join(name))?;
    }
    Ok(dir)
}

/// The quote of scenario (f): 12 words from the middle of paragraph `number` of the text
/// document at `file`, as paragraphd parses it (the bench links the library).
pub(crate) fn middle_quote(file: &std::path::Path, number: &str) -> Result<String, BenchError> {
    let bytes = std::fs::read(file)?;
    let doc = paragraphd::corpus::ingest(
        "bench",
        &bytes,
        paragraphd::corpus::MediaType::Text,
        64 << 20,
    )
    .map_err(|e| BenchError::Other(format!("parsing {}: {e}", file.display())))?;
    let paragraph = doc
        .paragraphs
        .iter()
        .find(|p| p.number.as_deref() == Some(number))
        .ok_or_else(|| BenchError::Other(format!("no paragraph {number} in {}", file.display())))?;
    let words: Vec<&str> = paragraph.text.split_whitespace().collect();
    let start = words.len().saturating_sub(12) / 2;
    Ok(words
        .iter()
        .skip(start)
        .take(12)
        .copied()
        .collect::<Vec<_>>()
        .join(" "))
}

/// paragraphd's answers to the scenarios' requests: what the echo server replays.
pub(crate) async fn capture(addr: &str, workload: &Workload) -> Result<Canned, BenchError> {
    let channel = connect(addr).await.map_err(|e| BenchError::Connect {
        addr: addr.to_owned(),
        reason: e.to_string(),
    })?;
    let mut client = RpcClient::new(channel, Target::Paragraphd);
    let all = |label: &'static str| {
        move |s: tonic::Status| BenchError::Other(format!("capturing {label}: {s}"))
    };
    let one = collect(&mut client, workload.one())
        .await
        .map_err(all("one"))?;
    let citation = collect(&mut client, workload.citation())
        .await
        .map_err(all("citation"))?;
    let document = collect(&mut client, workload.document())
        .await
        .map_err(all("document"))?;
    let ingest = client
        .ingest(workload.ingest(0))
        .await
        .map_err(all("ingest"))?;
    let locate = client
        .locate(workload.locate())
        .await
        .map_err(all("locate"))?;
    if one.len() != 1 || citation.len() != 5 || document.is_empty() || locate.paragraphs.is_empty()
    {
        return Err(BenchError::Other(format!(
            "unexpected answers for {}: {} for one number, {} for the citation, {} for the document",
            workload.document,
            one.len(),
            citation.len(),
            document.len()
        )));
    }
    Ok(Canned {
        one,
        citation,
        document,
        ingest: Some(ingest),
        locate: Some(locate),
    })
}

async fn collect(
    client: &mut RpcClient,
    request: crate::pb::SelectParagraphsRequest,
) -> Result<Vec<crate::pb::Paragraph>, tonic::Status> {
    let mut stream = client.select(request).await?;
    let mut out = Vec::new();
    while let Some(paragraph) = stream.message().await? {
        out.push(paragraph);
    }
    Ok(out)
}

/// One load run in a child process (pinned with the client placement); parses its JSON.
fn load_child(
    config: &ServingConfig,
    pinning: Pinning,
    server: &ServerProcess,
    target: Target,
    scenario: Scenario,
    rate: Option<f64>,
) -> Result<LoadReport, BenchError> {
    let workload_path = config.work_dir.join("workload.json");
    std::fs::write(&workload_path, serde_json::to_vec(&config.workload)?)?;
    let mut cmd = command(&config.bench_bin, pinning.client());
    cmd.arg("load")
        .args([
            "--addr",
            &server.addr,
            "--target",
            target.name(),
            "--scenario",
            scenario.name(),
        ])
        .args(["--connections", &config.connections.to_string()])
        .args(["--in-flight", &config.in_flight.to_string()])
        .args(["--warmup", &format!("{}ms", config.warmup.as_millis())])
        .args(["--duration", &format!("{}ms", config.duration.as_millis())])
        .args(["--server-pid", &server.pid.to_string()])
        .arg("--workload")
        .arg(&workload_path);
    if let Some(rate) = rate {
        cmd.args(["--rate", &format!("{rate}")]);
    }
    Ok(serde_json::from_str(&output(cmd)?)?)
}

/// Medians over runs, for the tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Medians {
    /// Calls per second.
    pub(crate) calls_per_s: f64,
    /// Streamed messages per second.
    pub(crate) messages_per_s: f64,
    /// Latency percentiles, µs.
    pub(crate) p50_us: f64,
    /// 90th percentile, µs.
    pub(crate) p90_us: f64,
    /// 99th percentile, µs.
    pub(crate) p99_us: f64,
    /// Largest, µs (median of the runs' maxima).
    pub(crate) max_us: f64,
    /// Server CPU µs per call.
    pub(crate) cpu_us_per_call: f64,
    /// Errors over all runs.
    pub(crate) errors: u64,
}

impl Medians {
    /// The medians of `runs`.
    pub(crate) fn of(runs: &[LoadReport]) -> Self {
        let m = |f: &dyn Fn(&LoadReport) -> f64| median(runs.iter().map(f).collect());
        Self {
            calls_per_s: m(&|r| r.main.calls_per_s),
            messages_per_s: m(&|r| r.main.messages_per_s),
            p50_us: m(&|r| r.main.latency.p50_us),
            p90_us: m(&|r| r.main.latency.p90_us),
            p99_us: m(&|r| r.main.latency.p99_us),
            max_us: m(&|r| r.main.latency.max_us),
            cpu_us_per_call: m(&|r| r.server_cpu_us_per_call().unwrap_or(f64::NAN)),
            errors: runs
                .iter()
                .map(|r| r.main.errors.values().sum::<u64>())
                .sum(),
        }
    }
}
