//! `paragraphd-bench`: the benchmark of issue 8, against a baseline measured in the same run.
//! `suite` runs everything and rewrites `BENCHMARKS.md`; the other subcommands are its parts,
//! each usable alone (`scripts/bench.sh` is the one documented entry point). An example of the
//! package (`cargo build --release --example paragraphd-bench`), so its plotting and histogram
//! crates are dev-dependencies the service library never depends on.
//!
//! - [`load`]: the load generator (N connections × M calls in flight for T seconds, closed loop
//!   or at a fixed offered rate), with latency in an HDR histogram ([`stats`]).
//! - [`scenario`]: what is sent: (a) one paragraph, (b) a whole document, (c) a citation, (d) a
//!   `Query` stream, (e) reads with concurrent ingests.
//! - [`echo`]: the baseline, an empty service with the same messages, served the same way.
//! - [`serving`] and [`suite`]: servers and load runs as child processes, pinned or not,
//!   interleaved A B A B; medians and ratios. [`parsing`], [`pdf`] and [`startup`] measure the
//!   rest.
//! - [`report`], [`tables`] and [`plot`]: the tables of `BENCHMARKS.md` and the PNG.
//! - [`hostile`]: ordinary calls' p99 latency without and with hostile traffic (issue 19),
//!   `hostile-bench`, run by hand; its results are recorded in `BENCHMARKS.md` as measured.
//! - [`align`]: aligning two language versions against selecting in one (issue 21),
//!   `align-bench`, run by hand and recorded the same way.

mod align;
mod client;
mod echo;
mod echo_pb;
mod error;
mod hostile;
mod load;
mod machine;
mod parsing;
mod pdf;
mod plot;
mod procs;
mod report;
mod scenario;
mod search;
mod security;
mod serving;
mod startup;
mod stats;
mod suite;
mod tables;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use client::Target;
use error::BenchError;
// The API's messages, as `crate::pb`: the echo's generated code names them so (`extern_path` in
// build.rs).
use paragraphd::pb;
use scenario::{Scenario, Workload};
use serving::{Pinning, ServingConfig};
use suite::{Part, SuiteConfig, SuiteResults};

/// Benchmarks paragraphd against an echo baseline in the same run.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once per process: the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Everything: serving A/B runs, the sweep, parsing, PDF, startup; writes results, tables, plot.
    Suite(SuiteArgs),
    /// One load run against a running server; prints a JSON report.
    Load(LoadArgs),
    /// Serves the echo baseline; prints `listening on ADDR`.
    EchoServer {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: String,
        /// Canned answers (`paragraphd.bench.v1.Canned`, binary protobuf).
        #[arg(long)]
        canned: PathBuf,
    },
    /// Structure analysis and line count throughput over the corpus `.txt` files; prints JSON.
    ParseBench {
        /// Corpus directory.
        #[arg(long, default_value = "../shared/corpus")]
        corpus: PathBuf,
        /// Minimum time per measurement.
        #[arg(long, default_value = "2s", value_parser = humantime::parse_duration)]
        min_time: Duration,
    },
    /// PDF ingest against pdftotext over the corpus PDFs; prints JSON.
    PdfBench {
        /// Corpus directory.
        #[arg(long, default_value = "../shared/corpus")]
        corpus: PathBuf,
        /// At most this many PDFs.
        #[arg(long)]
        limit: Option<usize>,
        /// Scratch directory for pdftotext's output.
        #[arg(long, default_value = "target/bench")]
        scratch: PathBuf,
    },
    /// Rewrites the tables and the plot from a results file, without measuring.
    Render(OutputArgs),
    /// Ordinary calls' p99 latency quiet, under hostile traffic, and quiet again; prints JSON.
    HostileBench(HostileArgs),
    /// TLS and a bearer token on against off: two servers of the built-in sample, the same
    /// load of one-paragraph selections in alternating pairs; prints JSON (calls/s, p99).
    SecurityBench(SecurityArgs),
    /// AlignParagraphs of a whole document in English and French against SelectParagraphs of
    /// the same paragraphs in English, on one server, in alternating pairs; prints JSON.
    AlignBench(AlignArgs),
    /// Search (issue 23), in process: index build against structure analysis, two-word
    /// searches against a linear scan and one paragraph by number, on the corpus's text files
    /// replicated; prints JSON.
    SearchBench {
        /// The shared corpus (its `.txt` files are used).
        #[arg(long, default_value = "../shared/corpus")]
        corpus: PathBuf,
        /// Copies of the corpus indexed.
        #[arg(long, default_value_t = 10)]
        replicas: usize,
        /// Queries on each side.
        #[arg(long, default_value_t = 500)]
        queries: usize,
    },
}

#[derive(Debug, Args)]
struct AlignArgs {
    /// The shared corpus (its `multilingual/pdfs` pair is served).
    #[arg(long, default_value = "../shared/corpus")]
    corpus: PathBuf,
    /// The paragraphd executable (default: beside this one).
    #[arg(long)]
    server_bin: Option<PathBuf>,
    /// Scratch directory (corpus directory, log).
    #[arg(long, default_value = "target/bench")]
    work_dir: PathBuf,
    /// A B pairs (the summary takes medians).
    #[arg(long, default_value_t = 3)]
    pairs: usize,
    /// HTTP/2 connections.
    #[arg(long, default_value_t = 2)]
    connections: usize,
    /// Calls in flight per connection.
    #[arg(long, default_value_t = 2)]
    in_flight: usize,
    /// Unmeasured warm-up of each run.
    #[arg(long, default_value = "1s", value_parser = humantime::parse_duration)]
    warmup: Duration,
    /// Measured window of each run.
    #[arg(long, default_value = "5s", value_parser = humantime::parse_duration)]
    duration: Duration,
}

#[derive(Debug, Args)]
struct SecurityArgs {
    /// The paragraphd executable (default: beside this one).
    #[arg(long)]
    server_bin: Option<PathBuf>,
    /// Scratch directory (certificate, key, token file, logs).
    #[arg(long, default_value = "target/bench")]
    work_dir: PathBuf,
    /// A B pairs (the summary takes medians).
    #[arg(long, default_value_t = 3)]
    pairs: usize,
    /// HTTP/2 connections.
    #[arg(long, default_value_t = 4)]
    connections: usize,
    /// Calls in flight per connection.
    #[arg(long, default_value_t = 8)]
    in_flight: usize,
    /// Unmeasured warm-up of each run.
    #[arg(long, default_value = "1s", value_parser = humantime::parse_duration)]
    warmup: Duration,
    /// Measured window of each run.
    #[arg(long, default_value = "5s", value_parser = humantime::parse_duration)]
    duration: Duration,
}

#[derive(Debug, Args)]
struct HostileArgs {
    /// The corpus directory, served read-only.
    #[arg(long, default_value = "../shared/corpus")]
    corpus: PathBuf,
    /// The paragraphd executable (default: beside this one).
    #[arg(long)]
    server_bin: Option<PathBuf>,
    /// Scratch directory (the server's log).
    #[arg(long, default_value = "target/bench")]
    work_dir: PathBuf,
    /// Symbol of the document the ordinary calls and the stalled streams read.
    #[arg(long, default_value = "A/HRC/22/4")]
    document: String,
    /// Paragraph number of the one-paragraph selection.
    #[arg(long, default_value_t = 58)]
    number: u32,
    /// Length of each of the three phases.
    #[arg(long, default_value = "10s", value_parser = humantime::parse_duration)]
    duration: Duration,
    /// Streams running selections at the selector limit, back to back.
    #[arg(long, default_value_t = 8)]
    flood_streams: usize,
    /// Stalled connections (from 127.0.0.2).
    #[arg(long, default_value_t = 4)]
    stalled_connections: usize,
    /// Streams each stalled connection holds open, never read.
    #[arg(long, default_value_t = 50)]
    stalled_streams: usize,
}

#[derive(Debug, Args)]
struct OutputArgs {
    /// Results JSON (written by `suite`, read by `render`).
    #[arg(long, default_value = "docs/bench/results.json")]
    results: PathBuf,
    /// Markdown whose `<!-- bench:NAME -->` sections are rewritten.
    #[arg(long, default_value = "BENCHMARKS.md")]
    markdown: PathBuf,
    /// The PNG plot.
    #[arg(long, default_value = "docs/bench/latency-vs-load.png")]
    plot: PathBuf,
}

#[derive(Debug, Args)]
struct SuiteArgs {
    #[command(flatten)]
    output: OutputArgs,
    /// Scratch directory (writable corpus, logs, canned answers).
    #[arg(long, default_value = "target/bench")]
    work_dir: PathBuf,
    /// The shared corpus.
    #[arg(long, default_value = "../shared/corpus")]
    corpus: PathBuf,
    /// The paragraphd executable (default: beside this one).
    #[arg(long)]
    server_bin: Option<PathBuf>,
    /// Parts to run. With some parts only, the results of the others are kept from the
    /// existing results file (the last full run), and the run is recorded in it.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "serving,sweep,parsing,pdf,startup"
    )]
    parts: Vec<Part>,
    /// Pinnings to run, in order.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "pinned,unpinned"
    )]
    pinning: Vec<PinningArg>,
    /// Scenarios to run.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "one,document,citation,query,mixed,locate"
    )]
    scenarios: Vec<Scenario>,
    /// A B pairs per scenario (the tables show medians).
    #[arg(long, default_value_t = 5)]
    reps: usize,
    #[command(flatten)]
    load: LoadShape,
    /// Measured window of each sweep run.
    #[arg(long, default_value = "2s", value_parser = humantime::parse_duration)]
    sweep_duration: Duration,
    /// Sweep rates as fractions of paragraphd's pinned closed-loop calls/s for (a).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "0.1,0.25,0.5,0.7,0.85,1.0,1.15"
    )]
    sweep_fractions: Vec<f64>,
    /// Minimum time per parsing measurement.
    #[arg(long, default_value = "2s", value_parser = humantime::parse_duration)]
    parse_min_time: Duration,
    /// At most this many PDFs in the pdftotext comparison.
    #[arg(long)]
    pdf_limit: Option<usize>,
    /// Startup repetitions.
    #[arg(long, default_value_t = 3)]
    startup_reps: usize,
    /// Corpus file (relative to `--corpus`) the selections read.
    #[arg(long, default_value = "upr/argentina2012.txt")]
    document_file: PathBuf,
    /// Corpus file (relative to `--corpus`) scenario (e) ingests.
    #[arg(long, default_value = "upr/algeria2008.txt")]
    ingest_file: PathBuf,
    /// Symbol of `--document-file`.
    #[arg(long, default_value = "A/HRC/22/4")]
    document: String,
    /// Paragraph number of (a) and (d); (c) cites it and the four after it.
    #[arg(long, default_value_t = 58)]
    number: u32,
    /// Ingests per second in (e).
    #[arg(long, default_value_t = 10.0)]
    ingest_rate: f64,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum PinningArg {
    Pinned,
    Unpinned,
}

#[derive(Debug, Clone, Args)]
struct LoadShape {
    /// HTTP/2 connections.
    #[arg(long, default_value_t = 4)]
    connections: usize,
    /// Calls in flight per connection.
    #[arg(long, default_value_t = 8)]
    in_flight: usize,
    /// Warm-up before the measured window.
    #[arg(long, default_value = "500ms", value_parser = humantime::parse_duration)]
    warmup: Duration,
    /// Measured window.
    #[arg(long, default_value = "3s", value_parser = humantime::parse_duration)]
    duration: Duration,
}

#[derive(Debug, Args)]
struct LoadArgs {
    /// Server address.
    #[arg(long)]
    addr: String,
    /// Which service to call.
    #[arg(long, value_enum)]
    target: TargetArg,
    /// What to send.
    #[arg(long, value_enum)]
    scenario: Scenario,
    #[command(flatten)]
    load: LoadShape,
    /// Offered calls/s (open loop); closed loop when absent.
    #[arg(long)]
    rate: Option<f64>,
    /// The server's pid, to report its CPU time.
    #[arg(long)]
    server_pid: Option<u32>,
    /// The workload as JSON (written by `suite`).
    #[arg(long)]
    workload: PathBuf,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum TargetArg {
    Paragraphd,
    Echo,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Suite(args) => runtime().and_then(|rt| rt.block_on(suite_cmd(args))),
        Command::Load(args) => runtime().and_then(|rt| rt.block_on(load_cmd(args))),
        Command::EchoServer { listen, canned } => {
            paragraphd::logging::init(paragraphd::logging::LogFormat::Text);
            runtime().and_then(|rt| rt.block_on(echo_cmd(&listen, &canned)))
        }
        Command::ParseBench { corpus, min_time } => {
            parsing::measure(&corpus, min_time).and_then(|r| print_json(&r))
        }
        Command::PdfBench {
            corpus,
            limit,
            scratch,
        } => pdf::measure(&corpus, limit, &scratch).and_then(|r| print_json(&r)),
        Command::Render(output) => {
            suite::read_results(&output.results).and_then(|r| render(&r, &output))
        }
        Command::HostileBench(args) => runtime().and_then(|rt| rt.block_on(hostile_cmd(args))),
        Command::SecurityBench(args) => runtime().and_then(|rt| rt.block_on(security_cmd(args))),
        Command::AlignBench(args) => runtime().and_then(|rt| rt.block_on(align_cmd(args))),
        Command::SearchBench {
            corpus,
            replicas,
            queries,
        } => search::measure(&corpus, replicas, queries).and_then(|r| print_json(&r)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("paragraphd-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, BenchError> {
    Ok(tokio::runtime::Runtime::new()?)
}

fn print_json(value: &impl serde::Serialize) -> Result<(), BenchError> {
    println!("{}", serde_json::to_string(value)?);
    Ok(())
}

async fn suite_cmd(args: SuiteArgs) -> Result<(), BenchError> {
    let config = suite_config(&args)?;
    let mut results = suite::run(&config).await?;
    // Some parts only: the other parts' results (and tables) stay those of the last full run.
    if !suite::is_full(&config.parts)
        && let Ok(earlier) = suite::read_results(&args.output.results)
    {
        results = suite::merge(earlier, results, &config.parts);
    }
    if let Some(dir) = args.output.results.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(
        &args.output.results,
        serde_json::to_string_pretty(&results)?,
    )?;
    render(&results, &args.output)
}

fn suite_config(args: &SuiteArgs) -> Result<SuiteConfig, BenchError> {
    let read = |file: &Path| std::fs::read_to_string(args.corpus.join(file));
    let workload = Workload {
        document: args.document.clone(),
        number: args.number.to_string(),
        citation_first: args.number,
        ingest_text: read(&args.ingest_file)?,
        ingest_rate: args.ingest_rate,
        quote: String::new(),
    };
    let workload = Workload {
        quote: serving::middle_quote(&args.corpus.join(&args.document_file), &workload.number)?,
        ..workload
    };
    let server_bin = match &args.server_bin {
        Some(path) => path.clone(),
        None => procs::sibling_exe("paragraphd")?,
    };
    let serving = ServingConfig {
        server_bin,
        bench_bin: std::env::current_exe()?,
        work_dir: std::path::absolute(&args.work_dir)?,
        corpus_files: vec![args.corpus.join(&args.document_file)],
        workload,
        connections: args.load.connections,
        in_flight: args.load.in_flight,
        warmup: args.load.warmup,
        duration: args.load.duration,
        reps: args.reps,
        scenarios: args.scenarios.clone(),
    };
    Ok(SuiteConfig {
        serving,
        pinnings: args
            .pinning
            .iter()
            .map(|p| match p {
                PinningArg::Pinned => Pinning::Pinned,
                PinningArg::Unpinned => Pinning::Unpinned,
            })
            .collect(),
        sweep_fractions: args.sweep_fractions.clone(),
        sweep_duration: args.sweep_duration,
        corpus: args.corpus.clone(),
        parts: args.parts.clone(),
        parse_min_time: args.parse_min_time,
        pdf_limit: args.pdf_limit,
        startup_reps: args.startup_reps,
    })
}

fn render(results: &SuiteResults, output: &OutputArgs) -> Result<(), BenchError> {
    let markdown = std::fs::read_to_string(&output.markdown).unwrap_or_default();
    std::fs::write(&output.markdown, report::update(&markdown, results))?;
    if !results.sweep.is_empty() {
        if let Some(dir) = output.plot.parent() {
            std::fs::create_dir_all(dir)?;
        }
        plot::draw(&results.sweep, &output.plot)?;
    }
    Ok(())
}

async fn load_cmd(args: LoadArgs) -> Result<(), BenchError> {
    let workload: Workload = serde_json::from_slice(&std::fs::read(&args.workload)?)?;
    let target = match args.target {
        TargetArg::Paragraphd => Target::Paragraphd,
        TargetArg::Echo => Target::Echo,
    };
    let config = load::LoadConfig {
        connections: args.load.connections,
        in_flight: args.load.in_flight,
        warmup: args.load.warmup,
        duration: args.load.duration,
        rate: args.rate,
        server_pid: args.server_pid,
    };
    let report = load::run(&args.addr, target, args.scenario, &workload, &config).await?;
    print_json(&report)
}

async fn hostile_cmd(args: HostileArgs) -> Result<(), BenchError> {
    let server_bin = match args.server_bin {
        Some(path) => path,
        None => procs::sibling_exe("paragraphd")?,
    };
    let config = hostile::HostileConfig {
        server_bin,
        corpus: args.corpus,
        work_dir: args.work_dir,
        document: args.document,
        number: args.number,
        duration: args.duration,
        flood_streams: args.flood_streams,
        stalled_connections: args.stalled_connections,
        stalled_streams: args.stalled_streams,
    };
    print_json(&hostile::run(&config).await?)
}

async fn security_cmd(args: SecurityArgs) -> Result<(), BenchError> {
    let server_bin = match args.server_bin {
        Some(path) => path,
        None => procs::sibling_exe("paragraphd")?,
    };
    let config = security::SecurityConfig {
        server_bin,
        work_dir: args.work_dir,
        pairs: args.pairs,
        load: load::LoadConfig {
            connections: args.connections,
            in_flight: args.in_flight,
            warmup: args.warmup,
            duration: args.duration,
            rate: None,
            server_pid: None,
        },
    };
    print_json(&security::run(&config).await?)
}

async fn align_cmd(args: AlignArgs) -> Result<(), BenchError> {
    let server_bin = match args.server_bin {
        Some(path) => path,
        None => procs::sibling_exe("paragraphd")?,
    };
    let config = align::AlignConfig {
        server_bin,
        corpus: args.corpus,
        work_dir: args.work_dir,
        pairs: args.pairs,
        connections: args.connections,
        in_flight: args.in_flight,
        warmup: args.warmup,
        duration: args.duration,
    };
    print_json(&align::run(&config).await?)
}

async fn echo_cmd(listen: &str, canned: &Path) -> Result<(), BenchError> {
    use prost::Message as _;
    let canned = echo_pb::Canned::decode(std::fs::read(canned)?.as_slice())
        .map_err(|e| BenchError::Other(format!("reading canned answers: {e}")))?;
    let listener = tokio::net::TcpListener::bind(listen).await?;
    println!("listening on {}", listener.local_addr()?);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    echo::serve(listener, canned, shutdown)
        .await
        .map_err(|e| BenchError::Other(format!("echo server: {e}")))
}
