//! Running the server: the caller binds the listener (port 0 in tests) and owns the shutdown
//! future; [`run`] serves until it resolves, then drains within a bound.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use tonic::transport::Server;
use tonic_health::ServingStatus;
use tonic_health::server::HealthReporter;

mod accept;
mod metrics;
mod stack;
mod tls;

pub use tls::TlsFiles;

use accept::Closable;
use stack::{Stack, open_credentials, open_tls};

use crate::corpus::CorpusSource;
use crate::corpus::admission::IngestLimits;
use crate::corpus::durable::DurableDir;
use crate::corpus::reload;
use crate::corpus::writer::{ReadableCheck, Writer};
use crate::grpc::auth::AuthConfig;
use crate::grpc::slots::Connection;
use crate::grpc::stream::Metrics;
use crate::grpc::{DocumentsService, Limits, SelectLimits, StreamContext};
use crate::pb::{self, documents_server::DocumentsServer};
use crate::store::Store;

/// Server settings.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Where the corpus comes from.
    pub corpus: CorpusSource,
    /// How long open streams and calls may take to finish after shutdown starts.
    pub drain_timeout: Duration,
    /// Most response streams open at once, server-wide; past it, RESOURCE_EXHAUSTED.
    pub max_streams: usize,
    /// HTTP/2 `max_concurrent_streams` per connection.
    pub max_concurrent_streams_per_connection: u32,
    /// Largest request and response message, in bytes.
    pub max_message_bytes: usize,
    /// Largest document accepted by ingest or upload, in bytes.
    pub max_upload_bytes: usize,
    /// Close connections after this age (plus jitter), so clients re-spread across replicas.
    pub max_connection_age: Option<Duration>,
    /// Most response streams one peer address holds at once; past it, RESOURCE_EXHAUSTED.
    pub max_streams_per_peer: usize,
    /// Longest a response (a stream or a unary answer) may wait on a peer that grants no
    /// flow-control credit before its connection is closed (and a stream's slot taken back).
    pub send_timeout: Duration,
    /// Most selectors in one selection (a citation's included); past it, INVALID_ARGUMENT.
    pub max_selectors: usize,
    /// Heavy selections (selectors × documents over [`crate::grpc::heavy::HEAVY_SELECTION_COST`])
    /// evaluating at once, on the blocking pool; the others queue for a permit.
    pub max_heavy_selections: usize,
    /// Ingests at once and the memory they may reserve together; past them, RESOURCE_EXHAUSTED.
    pub ingest: IngestLimits,
    /// Counters the server updates (pass a clone in to read them from outside).
    pub metrics: Metrics,
    /// Health is NOT_SERVING while the corpus holds no documents (`--require-documents`).
    pub require_documents: bool,
    /// Credentials and who may call what; none configured: every RPC is open.
    pub auth: AuthConfig,
    /// The certificate and key (and client CA, for mutual TLS); none: plaintext.
    pub tls: Option<TlsFiles>,
}

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            corpus: CorpusSource::default(),
            drain_timeout: Duration::from_secs(10),
            max_streams: 1024,
            max_concurrent_streams_per_connection: 256,
            max_message_bytes: 4 * 1024 * 1024,
            max_upload_bytes: crate::corpus::DEFAULT_MAX_INPUT_BYTES,
            max_connection_age: None,
            max_streams_per_peer: crate::grpc::slots::DEFAULT_MAX_STREAMS_PER_PEER,
            send_timeout: crate::grpc::slots::DEFAULT_SEND_TIMEOUT,
            max_selectors: crate::grpc::DEFAULT_MAX_SELECTORS,
            max_heavy_selections: crate::grpc::heavy::default_max_heavy_selections(),
            ingest: IngestLimits::default(),
            metrics: Metrics::default(),
            require_documents: false,
            auth: AuthConfig::default(),
            tls: None,
        }
    }
}

/// Errors that stop the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The reflection service could not be built from the descriptor sets.
    #[error("building reflection: {0}")]
    Reflection(#[from] tonic_reflection::server::Error),
    /// The server task panicked (a bug).
    #[error("server task failed: {0}")]
    Panicked(String),
    /// The transport failed.
    #[error("transport: {0}")]
    Transport(#[from] tonic::transport::Error),
    /// A credential file (tokens, JWKS) could not be read or watched.
    #[error("credentials: {0}")]
    Credentials(String),
    /// The certificate, key or client CA could not be read, used or watched.
    #[error("TLS: {0}")]
    Tls(String),
}

/// The listeners the caller binds: the gRPC port and, optionally, the metrics port.
#[derive(Debug)]
pub struct Listeners {
    /// The gRPC API, health and reflection.
    pub grpc: TcpListener,
    /// `GET /metrics` in the Prometheus text format (`--metrics-listen`); none: no endpoint.
    pub metrics: Option<TcpListener>,
    /// `grpc.health.v1.Health` (and reflection) only, in plaintext (`--health-listen`): for
    /// probes that speak no TLS, such as Kubernetes' native gRPC probes, when the gRPC port
    /// speaks TLS.
    pub health: Option<TcpListener>,
}

/// Serves on `listener` until `shutdown` resolves, then drains: health goes NOT_SERVING, new
/// connections stop, open streams end with UNAVAILABLE, and the call returns within
/// `drain_timeout`. The corpus loads in the background; health is NOT_SERVING until it is in.
pub async fn run(
    listener: TcpListener,
    config: ServeConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let listeners = Listeners {
        grpc: listener,
        metrics: None,
        health: None,
    };
    run_with(listeners, config, shutdown).await
}

/// [`run`] on every listener of `listeners`: with a metrics listener, the Prometheus endpoint
/// serves there until shutdown; with a health listener, the health service alone, in plaintext.
pub async fn run_with(
    listeners: Listeners,
    config: ServeConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let Listeners {
        grpc: listener,
        metrics: metrics_listener,
        health: health_listener,
    } = listeners;
    let (health, health_service) = tonic_health::server::health_reporter();
    set_health(&health, ServingStatus::NotServing).await;
    let store = Arc::new(Store::new());
    let max_message_bytes = config.max_message_bytes;
    // One check for every way a document comes in: startup load, hot reload, the write RPCs.
    let readable: ReadableCheck =
        Arc::new(move |doc| crate::grpc::convert::check_readable(doc, max_message_bytes));
    let writer = Writer::new(
        store.clone(),
        open_corpus_dir(&config.corpus),
        config.max_upload_bytes,
    )
    .with_ingest_limits(config.ingest)
    .with_readable_check(readable.clone());
    let writer = Arc::new(writer);
    let ctx = StreamContext {
        metrics: config.metrics.clone(),
        ..StreamContext::default()
    };
    let documents =
        DocumentsService::with_context(store.clone(), writer, limits(&config), ctx.clone());
    let reaper = tokio::spawn(documents.reaper());
    let mut exporting: Vec<_> = metrics_listener
        .map(|l| export_metrics(l, &store, &ctx.shutdown))
        .into_iter()
        .flatten()
        .collect();
    if let Some(listener) = health_listener {
        let routes = tonic::service::Routes::new(health_service.clone())
            .add_service(reflection_v1()?)
            .add_service(reflection_v1alpha()?);
        let serving = serve_health(listener, routes, ctx.shutdown.clone());
        exporting.push(tokio::spawn(serving));
    }
    let documents_server = DocumentsServer::new(documents.clone())
        .max_decoding_message_size(config.max_message_bytes)
        .max_encoding_message_size(config.max_message_bytes);
    let stack = Arc::new(Stack {
        watched: documents,
        routes: tonic::service::Routes::new(health_service)
            .add_service(reflection_v1()?)
            .add_service(reflection_v1alpha()?)
            .add_service(documents_server),
        credentials: open_credentials(&config.auth, config.tls.as_ref())?,
        tls: open_tls(config.tls.as_ref())?,
        streams_per_connection: config.max_concurrent_streams_per_connection,
        shutdown: ctx.shutdown.clone(),
    });
    let serve =
        move |tcp: Closable,
              age: Option<Duration>,
              stop: CancellationToken,
              connection: Connection| { stack.clone().serve(tcp, age, stop, connection) };
    let accepting = accept::accept_until(
        listener,
        config.max_connection_age,
        ctx.shutdown.clone(),
        serve,
    );
    let mut accepting = tokio::spawn(accepting);
    let loader = tokio::spawn(load_then_serve(
        store,
        config.corpus.clone(),
        readable,
        health.clone(),
        ctx.shutdown.clone(),
        config.require_documents,
    ));
    tokio::select! {
        joined = &mut accepting => return Err(ServeError::Panicked(format!("accept loop ended: {joined:?}"))),
        () = shutdown => {}
    }
    tracing::info!(drain_timeout = ?config.drain_timeout, "shutting down: draining");
    loader.abort();
    set_health(&health, ServingStatus::NotServing).await;
    ctx.shutdown.cancel();
    let connections = accepting
        .await
        .map_err(|e| ServeError::Panicked(e.to_string()))?;
    accept::drain(connections, config.drain_timeout).await;
    reaper.abort();
    for task in exporting {
        task.abort();
    }
    Ok(())
}

/// Serves `routes` (health, and reflection so that grpcurl can call it) on `listener`, in
/// plaintext and without authentication, until `stop`.
async fn serve_health(
    listener: TcpListener,
    routes: tonic::service::Routes,
    stop: CancellationToken,
) {
    let incoming = tokio_stream::wrappers::TcpListenerStream::new(listener);
    let served = Server::builder()
        .add_routes(routes)
        .serve_with_incoming_shutdown(incoming, stop.cancelled_owned())
        .await;
    if let Err(e) = served {
        tracing::error!(error = %e, "the health port failed");
    }
}

/// Serves the metrics endpoint on `listener` and keeps the corpus gauges in line with `store`,
/// until `shutdown`; the two tasks, to abort at the end. Without a recorder (another was
/// installed first in this process), nothing is served.
fn export_metrics(
    listener: TcpListener,
    store: &Arc<Store>,
    shutdown: &CancellationToken,
) -> Vec<tokio::task::JoinHandle<()>> {
    let Some(exporter) = metrics::install() else {
        return Vec::new();
    };
    vec![
        tokio::spawn(metrics::serve(listener, exporter, shutdown.clone())),
        tokio::spawn(metrics::follow_corpus(store.clone())),
    ]
}

/// The service's bounds from the configuration.
fn limits(config: &ServeConfig) -> Limits {
    Limits {
        max_streams: config.max_streams,
        max_streams_per_peer: config.max_streams_per_peer,
        send_timeout: config.send_timeout,
        select: SelectLimits {
            max_selectors: config.max_selectors,
        },
        max_message_bytes: config.max_message_bytes,
        max_heavy_selections: config.max_heavy_selections,
    }
}

async fn set_health(health: &HealthReporter, status: ServingStatus) {
    health.set_service_status("", status).await;
    health.set_service_status(DOCUMENTS_SERVICE, status).await;
}

/// The name health reports `paragraphd.v1.Documents` under.
const DOCUMENTS_SERVICE: &str =
    <DocumentsServer<DocumentsService> as tonic::server::NamedService>::NAME;

/// The durable corpus directory, or why writes are refused. A directory that does not exist is
/// created (and a warning says so), unless the corpus is read-only: then it is not, and a
/// warning says that instead.
fn open_corpus_dir(corpus: &CorpusSource) -> Result<DurableDir, String> {
    let Some(dir) = &corpus.dir else {
        return Err("writes need a corpus directory (--corpus DIR): without one they would not survive a restart".into());
    };
    let missing = !dir.exists();
    if corpus.read_only {
        if missing {
            tracing::warn!(dir = %dir.display(), "the corpus directory does not exist and --read-only does not create it: no documents are loaded from it; check --corpus");
        }
        return Err(format!(
            "the corpus directory {} is read-only (--read-only)",
            dir.display()
        ));
    }
    let opened = DurableDir::open(dir).map_err(|e| {
        tracing::warn!(dir = %dir.display(), error = %e, "corpus directory is not writable; writes are refused");
        format!("the corpus directory {} is not writable: {e}", dir.display())
    })?;
    if missing {
        tracing::warn!(dir = %dir.display(), "the corpus directory did not exist: created it, empty; check --corpus if documents were expected there");
    }
    Ok(opened)
}

/// Loads the corpus, swaps it in, reports SERVING (with `require_documents`, only while the
/// corpus holds a document), then watches the directory until shutdown.
async fn load_then_serve(
    store: Arc<Store>,
    corpus: CorpusSource,
    readable: ReadableCheck,
    health: HealthReporter,
    shutdown: CancellationToken,
    require_documents: bool,
) {
    let loaded = tokio::task::spawn_blocking({
        let corpus = corpus.clone();
        move || corpus.load()
    })
    .await;
    let Ok(docs) = loaded else {
        tracing::error!("corpus load failed; staying NOT_SERVING");
        return;
    };
    // A document that could not be read back whole is not served (an upload of it is refused).
    let docs: Vec<_> = docs
        .into_iter()
        .filter(|doc| match readable(doc) {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(id = %doc.id, error = %e, "skipped: it could not be read back");
                false
            }
        })
        .collect();
    tracing::info!(documents = docs.len(), "corpus loaded");
    store.upsert(docs);
    warn_shared_symbols(&store.snapshot());
    // The loader threads' arenas and the PDF font caches hold what the load freed.
    let _ = tokio::task::spawn_blocking(crate::corpus::memory::release).await;
    let serving = async {
        if require_documents {
            follow_documents(&store, &health).await;
        } else {
            set_health(&health, ServingStatus::Serving).await;
        }
    };
    tokio::join!(
        serving,
        watch_dir(corpus.dir, store.clone(), readable, shutdown)
    );
}

/// Logs once, after the startup load, each symbol more than one document has in one language,
/// and which of them the symbol names in it.
fn warn_shared_symbols(snapshot: &crate::store::Snapshot) {
    for shared in snapshot.shared_symbols() {
        tracing::warn!(
            symbol = %shared.symbol,
            language = %shared.language,
            ids = %shared.ids.join(", "),
            answering = %shared.answering,
            "documents share a symbol in one language: it names the highest revision, then the smallest id; name the others by id"
        );
    }
}

/// `--require-documents`: health is SERVING while the corpus holds a document and NOT_SERVING
/// while it holds none, following the change feed until the task is aborted (shutdown).
async fn follow_documents(store: &Store, health: &HealthReporter) {
    let (mut snapshot, mut feed) = store.watch();
    let mut current = None;
    loop {
        let status = status_for(snapshot.documents().len());
        if current != Some(status) {
            if status == ServingStatus::NotServing {
                tracing::warn!(
                    "the corpus holds no documents: health is NOT_SERVING until one is ingested (--require-documents)"
                );
            } else if current.is_some() {
                tracing::info!("the corpus holds a document again: health is SERVING");
            }
            set_health(health, status).await;
            current = Some(status);
        }
        match feed.recv().await {
            Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => snapshot = store.snapshot(),
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

/// Health under `--require-documents` for a corpus of `n_documents`.
fn status_for(n_documents: usize) -> ServingStatus {
    if n_documents == 0 {
        ServingStatus::NotServing
    } else {
        ServingStatus::Serving
    }
}

/// Watches the corpus directory, if there is one, until shutdown.
async fn watch_dir(
    dir: Option<std::path::PathBuf>,
    store: Arc<Store>,
    readable: ReadableCheck,
    shutdown: CancellationToken,
) {
    let Some(dir) = dir else { return };
    match reload::spawn(dir.clone(), store, readable) {
        Ok(_watching) => shutdown.cancelled().await,
        Err(e) => {
            tracing::warn!(dir = %dir.display(), error = %e, "cannot watch the corpus directory; hot reload is off")
        }
    }
}

fn reflection_builder() -> tonic_reflection::server::Builder<'static> {
    tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(pb::ERROR_DETAILS_DESCRIPTOR_SET)
}

fn reflection_v1() -> Result<
    tonic_reflection::server::v1::ServerReflectionServer<
        impl tonic_reflection::server::v1::ServerReflection,
    >,
    ServeError,
> {
    Ok(reflection_builder().build_v1()?)
}

fn reflection_v1alpha() -> Result<
    tonic_reflection::server::v1alpha::ServerReflectionServer<
        impl tonic_reflection::server::v1alpha::ServerReflection,
    >,
    ServeError,
> {
    Ok(reflection_builder().build_v1alpha()?)
}
