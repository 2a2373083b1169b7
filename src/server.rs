//! Running the server: the caller binds the listener (port 0 in tests) and owns the shutdown
//! future; [`run`] serves until it resolves, then drains within a bound.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::transport::Server;
use tonic_health::ServingStatus;

use crate::corpus::CorpusSource;
use crate::grpc::stream::Metrics;
use crate::grpc::{DocumentsService, StreamContext, logging::RpcLogLayer};
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
    /// Close connections after this age (plus jitter), so clients re-spread across replicas.
    pub max_connection_age: Option<Duration>,
    /// Counters the server updates (pass a clone in to read them from outside).
    pub metrics: Metrics,
}

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            corpus: CorpusSource::default(),
            drain_timeout: Duration::from_secs(10),
            max_streams: 1024,
            max_concurrent_streams_per_connection: 256,
            max_message_bytes: 4 * 1024 * 1024,
            max_connection_age: None,
            metrics: Metrics::default(),
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
}

/// Serves on `listener` until `shutdown` resolves, then drains: health goes NOT_SERVING, new
/// connections stop, open streams end with UNAVAILABLE, and the call returns within
/// `drain_timeout`. The corpus loads in the background; health is NOT_SERVING until it is in.
pub async fn run(
    listener: TcpListener,
    config: ServeConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let (health, health_service) = tonic_health::server::health_reporter();
    health
        .set_service_status("", ServingStatus::NotServing)
        .await;
    health
        .set_not_serving::<DocumentsServer<DocumentsService>>()
        .await;

    let store = Arc::new(Store::new());
    let ctx = StreamContext {
        metrics: config.metrics.clone(),
        ..StreamContext::default()
    };
    let documents = DocumentsService::with_context(store.clone(), config.max_streams, ctx.clone());
    let documents = DocumentsServer::new(documents)
        .max_decoding_message_size(config.max_message_bytes)
        .max_encoding_message_size(config.max_message_bytes);

    let stop_accepting = ctx.shutdown.clone();
    let mut builder =
        Server::builder().max_concurrent_streams(config.max_concurrent_streams_per_connection);
    if let Some(age) = config.max_connection_age {
        builder = builder.max_connection_age(age);
    }
    let server = builder
        .layer(RpcLogLayer)
        .add_service(health_service)
        .add_service(reflection_v1()?)
        .add_service(reflection_v1alpha()?)
        .add_service(documents)
        .serve_with_incoming_shutdown(
            TcpListenerStream::new(listener),
            stop_accepting.cancelled_owned(),
        );
    let mut server = tokio::spawn(server);

    let loader = tokio::spawn(load_then_serve(
        store,
        config.corpus.clone(),
        health.clone(),
    ));
    tokio::select! {
        result = &mut server => return flatten(result),
        () = shutdown => {}
    }
    tracing::info!(drain_timeout = ?config.drain_timeout, "shutting down: draining");
    loader.abort();
    health
        .set_service_status("", ServingStatus::NotServing)
        .await;
    health
        .set_not_serving::<DocumentsServer<DocumentsService>>()
        .await;
    ctx.shutdown.cancel();
    match tokio::time::timeout(config.drain_timeout, &mut server).await {
        Ok(result) => flatten(result),
        Err(_) => {
            tracing::warn!("drain timed out; closing remaining connections");
            server.abort();
            Ok(())
        }
    }
}

async fn load_then_serve(
    store: Arc<Store>,
    corpus: CorpusSource,
    health: tonic_health::server::HealthReporter,
) {
    let loaded = tokio::task::spawn_blocking(move || corpus.load()).await;
    match loaded {
        Ok(docs) => {
            tracing::info!(documents = docs.len(), "corpus loaded");
            store.upsert(docs);
            health.set_service_status("", ServingStatus::Serving).await;
            health
                .set_serving::<DocumentsServer<DocumentsService>>()
                .await;
        }
        Err(e) => tracing::error!(error = %e, "corpus load failed; staying NOT_SERVING"),
    }
}

fn flatten(
    result: Result<Result<(), tonic::transport::Error>, tokio::task::JoinError>,
) -> Result<(), ServeError> {
    match result {
        Ok(inner) => inner.map_err(ServeError::from),
        Err(join) if join.is_cancelled() => Ok(()),
        Err(join) => Err(ServeError::Panicked(join.to_string())),
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
