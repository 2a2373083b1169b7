//! The `paragraphd` binary: `serve` (the default) and `parse`. The accuracy bars run as tests
//! (`cargo test --test all corpus_accuracy:: pdf_accuracy::`).

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use paragraphd::corpus::{self, CorpusSource, MediaType, admission};
use paragraphd::grpc::auth::AuthConfig;
use paragraphd::grpc::auth::credentials::JwtRules;
use paragraphd::logging::{self, LogFormat, TraceExport};
use paragraphd::server::{self, ServeConfig, TlsFiles};

/// paragraphd: UN reports parsed into numbered paragraphs, served over gRPC.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Log format.
    #[arg(
        long,
        global = true,
        env = "PARAGRAPHD_LOG_FORMAT",
        value_enum,
        default_value_t
    )]
    log_format: LogFormat,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the gRPC API (the default when no subcommand is given).
    Serve(Box<ServeArgs>),
    /// Parse files and print their structure.
    Parse {
        /// Files to parse (`.txt` pdftotext output or plain text; `.pdf`), or directories:
        /// their `.txt` and `.pdf` files, as `serve --corpus` loads them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one line of canonical proto3 JSON (`paragraphd.v1.Document`) per file.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "PARAGRAPHD_LISTEN", default_value = "0.0.0.0:50051")]
    listen: SocketAddr,
    /// Address of the Prometheus endpoint (`GET /metrics`, plain HTTP); none: no endpoint.
    #[arg(long, env = "PARAGRAPHD_METRICS_LISTEN")]
    metrics_listen: Option<SocketAddr>,
    /// Address of a plaintext port serving the health service and reflection only (for probes that speak no
    /// TLS, such as Kubernetes' native gRPC probes); none: health is on the gRPC port only.
    #[arg(long, env = "PARAGRAPHD_HEALTH_LISTEN")]
    health_listen: Option<SocketAddr>,
    /// TLS certificate chain, PEM, leaf first; reloaded when it changes (new connections use
    /// the new one). Without it the server speaks plaintext.
    #[arg(long, env = "PARAGRAPHD_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The TLS certificate's private key, PEM.
    #[arg(long, env = "PARAGRAPHD_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// CA certificates, PEM, that client certificates are verified against (mutual TLS); a
    /// client certificate's common name is a principal (`cert:NAME` in the token file).
    #[arg(long, env = "PARAGRAPHD_TLS_CLIENT_CA", requires = "tls_cert")]
    tls_client_ca: Option<PathBuf>,
    /// Token file: lines `NAME ROLE sha256:HEX` (a bearer token's SHA-256) or `NAME ROLE
    /// cert:COMMON_NAME` (a client certificate), roles reader, writer, admin; reloaded on change.
    #[arg(long, env = "PARAGRAPHD_AUTH_TOKENS")]
    auth_tokens: Option<PathBuf>,
    /// JWKS file of the public keys bearer JWTs are verified against, offline (claims `sub`,
    /// `exp`, `roles`); reloaded on change.
    #[arg(long, env = "PARAGRAPHD_AUTH_JWKS")]
    auth_jwks: Option<PathBuf>,
    /// The `iss` a JWT must carry.
    #[arg(long, env = "PARAGRAPHD_JWT_ISSUER")]
    jwt_issuer: Option<String>,
    /// The `aud` a JWT must carry.
    #[arg(long, env = "PARAGRAPHD_JWT_AUDIENCE")]
    jwt_audience: Option<String>,
    /// OTLP/gRPC endpoint (`http://HOST:4317`) to export the per-RPC spans to, batched; when
    /// unset, the standard `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT`;
    /// none: no export. `OTEL_SERVICE_NAME` names the service (default `paragraphd`).
    #[arg(long, env = "PARAGRAPHD_OTLP_ENDPOINT")]
    otlp_endpoint: Option<String>,
    /// With authentication on, let the read RPCs through without credentials.
    #[arg(long, env = "PARAGRAPHD_ALLOW_ANONYMOUS_READS")]
    allow_anonymous_reads: bool,
    /// Directory of reports (`.txt`, `.pdf`, nested folders) to load at startup.
    #[arg(long, env = "PARAGRAPHD_CORPUS")]
    corpus: Option<PathBuf>,
    /// Never write to the corpus directory: write RPCs fail with FAILED_PRECONDITION.
    #[arg(long, env = "PARAGRAPHD_READ_ONLY")]
    read_only: bool,
    /// Largest document accepted by IngestDocument or UploadDocument, in bytes.
    #[arg(long, env = "PARAGRAPHD_MAX_UPLOAD_BYTES", default_value_t = 64 * 1024 * 1024)]
    max_upload_bytes: usize,
    /// Do not load the embedded sample report.
    #[arg(long, env = "PARAGRAPHD_NO_SAMPLE")]
    no_sample: bool,
    /// Health is NOT_SERVING while the corpus holds no documents, SERVING once it holds one.
    #[arg(long, env = "PARAGRAPHD_REQUIRE_DOCUMENTS")]
    require_documents: bool,
    /// Longest time open calls and streams get to finish after SIGTERM/SIGINT.
    #[arg(long, env = "PARAGRAPHD_DRAIN_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    drain_timeout: Duration,
    /// Most response streams open at once, server-wide (past it: RESOURCE_EXHAUSTED).
    #[arg(long, env = "PARAGRAPHD_MAX_STREAMS", default_value_t = 1024)]
    max_streams: usize,
    /// Largest request or response message, in bytes.
    #[arg(long, env = "PARAGRAPHD_MAX_MESSAGE_BYTES", default_value_t = 4 * 1024 * 1024)]
    max_message_bytes: usize,
    /// Close each connection after this age, so clients re-spread across replicas.
    #[arg(long, env = "PARAGRAPHD_MAX_CONNECTION_AGE", value_parser = humantime::parse_duration)]
    max_connection_age: Option<Duration>,
    /// Most response streams one client address holds at once (past it: RESOURCE_EXHAUSTED).
    #[arg(long, env = "PARAGRAPHD_MAX_STREAMS_PER_PEER", default_value_t = paragraphd::grpc::slots::DEFAULT_MAX_STREAMS_PER_PEER)]
    max_streams_per_peer: usize,
    /// Longest a response (a stream or a unary answer) may wait on a client that reads nothing
    /// (grants no HTTP/2 flow-control credit): then its connection is closed (and a stream's
    /// slot released).
    #[arg(long, env = "PARAGRAPHD_SEND_TIMEOUT", default_value = "30s", value_parser = humantime::parse_duration)]
    send_timeout: Duration,
    /// Most selectors in one selection, a citation's included (past it: INVALID_ARGUMENT).
    #[arg(long, env = "PARAGRAPHD_MAX_SELECTORS", default_value_t = paragraphd::grpc::DEFAULT_MAX_SELECTORS)]
    max_selectors: usize,
    /// Heavy selections (selectors × documents over 1024) evaluating at once, each on the
    /// blocking pool; the others wait for a turn, up to their deadline. Default: half the cores.
    #[arg(long, env = "PARAGRAPHD_MAX_HEAVY_SELECTIONS", default_value_t = paragraphd::grpc::heavy::default_max_heavy_selections())]
    max_heavy_selections: usize,
    /// Most ingests (IngestDocument, UploadDocument) at once (past it: RESOURCE_EXHAUSTED).
    #[arg(long, env = "PARAGRAPHD_MAX_INGESTS", default_value_t = admission::DEFAULT_MAX_INGESTS)]
    max_ingests: usize,
    /// Memory all ingests may reserve together, in bytes; each reserves 12 × its size + 16 MiB
    /// (past it: RESOURCE_EXHAUSTED).
    #[arg(long, env = "PARAGRAPHD_INGEST_MEMORY_BYTES", default_value_t = admission::DEFAULT_INGEST_MEMORY)]
    ingest_memory_bytes: usize,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => serve(cli.serve, cli.log_format),
        Some(Command::Serve(args)) => serve(*args, cli.log_format),
        Some(Command::Parse { files, json }) => {
            logging::init(cli.log_format);
            parse(&files, json)
        }
    }
}

/// Serves until SIGTERM or SIGINT, then flushes the trace export (with the runtime its
/// exporter runs on still up).
fn serve(args: ServeArgs, log_format: LogFormat) -> ExitCode {
    corpus::memory::configure_allocator();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            logging::init(log_format);
            return fail(&format!("cannot start the runtime: {e}"));
        }
    };
    let export = TraceExport::resolve(args.otlp_endpoint.clone(), |name| std::env::var(name).ok());
    let traces = {
        let _runtime = runtime.enter();
        logging::init_with_traces(log_format, export.as_ref())
    };
    let traces = match traces {
        Ok(traces) => traces,
        Err(message) => {
            logging::init(log_format);
            return fail(&message);
        }
    };
    let code = run(&runtime, args);
    traces.shutdown();
    code
}

/// Binds the listeners and serves on `runtime` until the shutdown signal and the drain.
fn run(runtime: &tokio::runtime::Runtime, args: ServeArgs) -> ExitCode {
    runtime.block_on(async move {
        let shutdown = shutdown_signal();
        let listeners = match bind(&args).await {
            Ok(l) => l,
            Err(message) => return fail(&message),
        };
        match server::run_with(listeners, serve_config(args), shutdown).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&e.to_string()),
        }
    })
}

/// Binds the gRPC port and the metrics and health ports, if asked for, and prints `listening on
/// ADDR`, then `metrics on ADDR` and `health on ADDR`, on standard output.
async fn bind(args: &ServeArgs) -> Result<server::Listeners, String> {
    let grpc = bind_one(args.listen, "listening on").await?;
    let metrics = match args.metrics_listen {
        Some(addr) => Some(bind_one(addr, "metrics on").await?),
        None => None,
    };
    let health = match args.health_listen {
        Some(addr) => Some(bind_one(addr, "health on").await?),
        None => None,
    };
    Ok(server::Listeners {
        grpc,
        metrics,
        health,
    })
}

async fn bind_one(addr: SocketAddr, what: &str) -> Result<tokio::net::TcpListener, String> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let bound = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?;
    println!("{what} {bound}");
    Ok(listener)
}

fn serve_config(args: ServeArgs) -> ServeConfig {
    ServeConfig {
        corpus: CorpusSource {
            include_sample: !args.no_sample,
            dir: args.corpus,
            read_only: args.read_only,
        },
        max_upload_bytes: args.max_upload_bytes,
        drain_timeout: args.drain_timeout,
        max_streams: args.max_streams,
        max_message_bytes: args.max_message_bytes,
        max_connection_age: args.max_connection_age,
        max_streams_per_peer: args.max_streams_per_peer,
        send_timeout: args.send_timeout,
        max_selectors: args.max_selectors,
        max_heavy_selections: args.max_heavy_selections,
        ingest: admission::IngestLimits {
            max_concurrent: args.max_ingests,
            memory_bytes: args.ingest_memory_bytes,
        },
        require_documents: args.require_documents,
        tls: args.tls_cert.zip(args.tls_key).map(|(cert, key)| TlsFiles {
            cert,
            key,
            client_ca: args.tls_client_ca,
        }),
        auth: AuthConfig {
            tokens: args.auth_tokens,
            jwks: args.auth_jwks,
            jwt: JwtRules {
                issuer: args.jwt_issuer,
                audience: args.jwt_audience,
            },
            anonymous_reads: args.allow_anonymous_reads,
        },
        ..ServeConfig::default()
    }
}

/// Resolves on SIGTERM or SIGINT (Ctrl-C). The handlers are installed when this is called,
/// not when the future is first polled, so a signal during startup is not lost.
fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).ok();
    let mut int = signal(SignalKind::interrupt()).ok();
    async move {
        let term = async {
            match term.as_mut() {
                Some(t) => t.recv().await,
                None => std::future::pending().await,
            }
        };
        let int = async {
            match int.as_mut() {
                Some(i) => i.recv().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = term => tracing::info!("SIGTERM received"),
            _ = int => tracing::info!("SIGINT received"),
        }
    }
}

fn parse(files: &[PathBuf], json: bool) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    let mut failures = 0;
    for path in &with_directories_listed(files) {
        match parse_one(path, json) {
            Ok(out) => {
                if let Err(e) = writeln!(stdout, "{out}") {
                    // `paragraphd parse … | head`: the reader has what it wanted.
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        return ExitCode::SUCCESS;
                    }
                    eprintln!("paragraphd: writing the output: {e}");
                    return ExitCode::FAILURE;
                }
            }
            Err(e) => {
                eprintln!("paragraphd: {}: {e}", path.display());
                failures += 1;
            }
        }
    }
    if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The files to parse: each file as given, each directory's `.txt` and `.pdf` files (not its
/// subdirectories), sorted by name. A directory that cannot be read stays as given, so that its
/// error is reported.
fn with_directories_listed(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        let Ok(entries) = std::fs::read_dir(path) else {
            out.push(path.clone());
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && MediaType::from_path(p).is_some())
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

fn parse_one(path: &std::path::Path, json: bool) -> Result<String, String> {
    let media_type = MediaType::from_path(path).unwrap_or(MediaType::Text);
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let doc = corpus::ingest(&id, &bytes, media_type, corpus::DEFAULT_MAX_INPUT_BYTES)
        .map_err(|e| e.to_string())?;
    if json {
        paragraphd::grpc::render::document_json(&doc)
    } else {
        Ok(paragraphd::grpc::render::outline(&doc))
    }
}

fn fail(message: &str) -> ExitCode {
    tracing::error!("{message}");
    eprintln!("paragraphd: {message}");
    ExitCode::FAILURE
}
