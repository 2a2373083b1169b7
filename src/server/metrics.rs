//! The Prometheus endpoint (`--metrics-listen`): `GET /metrics` on its own port, in the
//! Prometheus text format that `metrics-exporter-prometheus` renders, with the process's memory
//! and CPU (`metrics-process`) collected at each scrape. The caller binds the listener (port 0
//! in tests), as for the gRPC port.

use std::convert::Infallible;
use std::sync::OnceLock;

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode, header};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use metrics_process::Collector;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::metrics as names;
use crate::store::Store;

/// The content type of the Prometheus text format.
const TEXT_FORMAT: &str = "text/plain; version=0.0.4; charset=utf-8";

/// What a scrape renders: the recorder's handle and the process collector.
#[derive(Clone)]
pub(super) struct Exporter {
    handle: PrometheusHandle,
    process: &'static Collector,
}

impl std::fmt::Debug for Exporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exporter").finish_non_exhaustive()
    }
}

/// Installs the process-wide Prometheus recorder (once per process: later calls, such as a
/// second server in one test process, share it) and describes every metric. `None` when
/// another recorder was installed first.
pub(super) fn install() -> Option<Exporter> {
    static EXPORTER: OnceLock<Option<Exporter>> = OnceLock::new();
    EXPORTER.get_or_init(build).clone()
}

fn build() -> Option<Exporter> {
    let installed = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), names::DURATION_BUCKETS)
        .and_then(|b| {
            b.set_buckets_for_metric(
                Matcher::Full(names::RESPONSES_PER_RPC.into()),
                names::COUNT_BUCKETS,
            )
        })
        .and_then(PrometheusBuilder::install_recorder);
    let handle = match installed {
        Ok(handle) => handle,
        Err(e) => {
            tracing::warn!(error = %e, "cannot install the metrics recorder; metrics are off");
            return None;
        }
    };
    names::describe();
    let process: &'static Collector = Box::leak(Box::new(Collector::default()));
    process.describe();
    Some(Exporter { handle, process })
}

/// Serves `GET /metrics` on `listener` until `stop` is cancelled.
pub(super) async fn serve(listener: TcpListener, exporter: Exporter, stop: CancellationToken) {
    loop {
        let tcp = tokio::select! {
            () = stop.cancelled() => return,
            accepted = listener.accept() => match accepted {
                Ok((tcp, _)) => tcp,
                Err(e) => {
                    tracing::warn!(error = %e, "metrics: accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let exporter = exporter.clone();
        let service = hyper::service::service_fn(move |request| {
            let answer = exporter.answer(&request);
            async move { Ok::<_, Infallible>(answer) }
        });
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(tcp), service);
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "metrics: connection ended with an error");
            }
        });
    }
}

impl Exporter {
    /// The answer to one HTTP request: the metrics at `GET /metrics`, 404 or 405 otherwise.
    fn answer(&self, request: &Request<Incoming>) -> Response<Full<Bytes>> {
        let (status, body) = match (request.method(), request.uri().path()) {
            (&Method::GET, "/metrics") => (StatusCode::OK, self.render()),
            (_, "/metrics") => (StatusCode::METHOD_NOT_ALLOWED, "GET /metrics\n".into()),
            _ => (StatusCode::NOT_FOUND, "metrics are at /metrics\n".into()),
        };
        let mut response = Response::new(Full::new(Bytes::from(body)));
        *response.status_mut() = status;
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static(TEXT_FORMAT),
        );
        response
    }

    fn render(&self) -> String {
        self.process.collect();
        self.handle.run_upkeep();
        self.handle.render()
    }
}

/// Keeps the corpus gauges (documents, paragraphs, source bytes) in line with the store,
/// following its change feed until the feed closes or the task is aborted.
pub(super) async fn follow_corpus(store: std::sync::Arc<Store>) {
    use tokio::sync::broadcast::error::RecvError;
    let (mut snapshot, mut feed) = store.watch();
    loop {
        let docs = snapshot.documents();
        let paragraphs = docs.iter().map(|d| d.paragraphs.len()).sum();
        let bytes = docs.iter().map(|d| d.source.size).sum();
        names::corpus_size(docs.len(), paragraphs, bytes);
        match feed.recv().await {
            Ok(_) | Err(RecvError::Lagged(_)) => snapshot = store.snapshot(),
            Err(RecvError::Closed) => return,
        }
    }
}
