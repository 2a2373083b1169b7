//! Optional OTLP trace export (issue 24): the per-RPC spans the logs already have
//! (`crate::grpc::logging`), exported over OTLP/gRPC by a batch exporter on the OpenTelemetry
//! SDK's own thread, through `tracing-opentelemetry`.
//!
//! Only the `rpc` spans of `crate::grpc::logging` (and the events logged in them) are exported,
//! not those of health checks and reflection; a span is named `package.Service/Method` and
//! carries the OpenTelemetry RPC attributes, which that module sets when [`exporting`] says so.
//! Without an endpoint nothing here runs: no exporter, no thread, and the logs are unchanged.

use std::sync::atomic::{AtomicBool, Ordering};

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::WithExportConfig as _;
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing::Level;
use tracing_subscriber::Layer as _;
use tracing_subscriber::filter::Targets;

use super::BoxedLayer;

/// The target of the per-RPC spans and events that are exported.
pub const RPC_TARGET: &str = "paragraphd::grpc::logging";
/// The target of the per-RPC spans of health checks and reflection: logged, never exported.
pub const QUIET_RPC_TARGET: &str = "paragraphd::grpc::logging::quiet";

/// The service name spans are exported under when the environment names none.
pub const DEFAULT_SERVICE_NAME: &str = "paragraphd";

/// Set once the export layer is installed ([`set_exporting`]); read on each RPC.
static EXPORTING: AtomicBool = AtomicBool::new(false);

/// Whether the per-RPC spans are exported (a process-wide fact, as the subscriber is).
pub fn exporting() -> bool {
    EXPORTING.load(Ordering::Relaxed)
}

/// The export layer is installed in the global subscriber.
pub(super) fn set_exporting() {
    EXPORTING.store(true, Ordering::Relaxed);
}

/// Where the per-RPC spans are exported, and under which service name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceExport {
    /// The collector's OTLP/gRPC endpoint, e.g. `http://otel-collector:4317`.
    pub endpoint: String,
    /// The `service.name` resource attribute.
    pub service_name: String,
}

impl TraceExport {
    /// The export asked for: the endpoint from `flag` (`--otlp-endpoint`, or
    /// `PARAGRAPHD_OTLP_ENDPOINT`), else the standard `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, else
    /// `OTEL_EXPORTER_OTLP_ENDPOINT`; none of them set (or empty): no export. The service name
    /// from `OTEL_SERVICE_NAME`, else the `service.name` of `OTEL_RESOURCE_ATTRIBUTES`, else
    /// [`DEFAULT_SERVICE_NAME`]. `env` reads a variable (`std::env::var(..).ok()`).
    pub fn resolve(flag: Option<String>, env: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let endpoint = flag
            .into_iter()
            .chain(env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
            .chain(env("OTEL_EXPORTER_OTLP_ENDPOINT"))
            .map(|e| e.trim().to_owned())
            .find(|e| !e.is_empty())?;
        let from_attributes = env("OTEL_RESOURCE_ATTRIBUTES").and_then(|attributes| {
            attributes
                .split(',')
                .filter_map(|pair| pair.split_once('='))
                .find(|(key, _)| key.trim() == "service.name")
                .map(|(_, value)| value.trim().to_owned())
        });
        let service_name = env("OTEL_SERVICE_NAME")
            .into_iter()
            .chain(from_attributes)
            .find(|name| !name.is_empty())
            .unwrap_or_else(|| DEFAULT_SERVICE_NAME.to_owned());
        Some(Self {
            endpoint,
            service_name,
        })
    }
}

/// The running export, if any; [`Traces::shutdown`] flushes it.
#[derive(Debug)]
pub struct Traces {
    provider: Option<SdkTracerProvider>,
}

impl Traces {
    /// No export.
    pub fn none() -> Self {
        Self { provider: None }
    }

    /// Exports the spans still batched and stops the exporter's thread (graceful shutdown).
    /// Call it within the lifetime of the Tokio runtime the export started in.
    pub fn shutdown(self) {
        let Some(provider) = self.provider else {
            return;
        };
        match provider.shutdown() {
            Ok(()) => tracing::debug!("trace export flushed"),
            Err(e) => tracing::warn!("trace export: the last spans may be lost: {e}"),
        }
    }
}

/// The layer that exports the per-RPC spans, and the provider behind it. Must run within a
/// Tokio runtime (the gRPC channel's worker is spawned on it); connects lazily.
pub(super) fn start(export: &TraceExport) -> Result<(Traces, BoxedLayer), String> {
    plaintext(&export.endpoint)?;
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_tonic()
        .with_endpoint(export.endpoint.clone())
        .build()
        .map_err(|e| format!("OTLP endpoint {}: {e}", export.endpoint))?;
    let resource = Resource::builder()
        .with_service_name(export.service_name.clone())
        .with_attribute(opentelemetry::KeyValue::new(
            "service.version",
            env!("CARGO_PKG_VERSION"),
        ))
        .build();
    let provider = SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(resource)
        .build();
    let tracer = provider.tracer("paragraphd");
    let only_rpcs = Targets::new()
        .with_target(RPC_TARGET, Level::INFO)
        .with_target(QUIET_RPC_TARGET, tracing::level_filters::LevelFilter::OFF);
    let layer = tracing_opentelemetry::layer()
        .with_tracer(tracer)
        .with_location(false)
        .with_threads(false)
        .with_target(false)
        .with_tracked_inactivity(false)
        .with_filter(only_rpcs)
        .boxed();
    Ok((
        Traces {
            provider: Some(provider),
        },
        layer,
    ))
}

/// Refuses an endpoint that is not `http://`: the exporter is built without TLS (a collector
/// beside the pod, or in the cluster, is reached in plaintext), and an `https://` one (or one
/// without a scheme, which the exporter takes for `https://`) would fail every export.
fn plaintext(endpoint: &str) -> Result<(), String> {
    if endpoint.starts_with("http://") {
        return Ok(());
    }
    Err(format!(
        "OTLP endpoint {endpoint}: give it as http://HOST:PORT (OTLP/gRPC in plaintext, such as \
         a collector on the node or in the cluster): TLS to the collector is not supported"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(flag: Option<&str>, vars: &[(&str, &str)]) -> Option<TraceExport> {
        TraceExport::resolve(flag.map(str::to_owned), |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn without_the_flag_or_the_standard_variables_nothing_is_exported() {
        assert_eq!(resolve(None, &[]), None);
        assert_eq!(resolve(Some(" "), &[("OTEL_SERVICE_NAME", "x")]), None);
        assert_eq!(resolve(None, &[("OTEL_EXPORTER_OTLP_ENDPOINT", "")]), None);
    }

    #[test]
    fn the_flag_wins_over_the_standard_variables_and_the_traces_one_over_the_generic_one() {
        let both = [
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://generic:4317"),
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4317"),
        ];
        let flag = resolve(Some("http://flag:4317"), &both).expect("export");
        assert_eq!(flag.endpoint, "http://flag:4317");
        assert_eq!(flag.service_name, DEFAULT_SERVICE_NAME);
        let traces = resolve(None, &both).expect("export");
        assert_eq!(traces.endpoint, "http://traces:4317");
        let generic = resolve(None, &both[..1]).expect("export");
        assert_eq!(generic.endpoint, "http://generic:4317");
    }

    #[test]
    fn only_a_plaintext_endpoint_is_taken() {
        assert_eq!(plaintext("http://otel-collector:4317"), Ok(()));
        assert!(plaintext("https://otel-collector:4317").is_err());
        assert!(plaintext("otel-collector:4317").is_err());
    }

    #[test]
    fn the_service_name_comes_from_otel_service_name_then_the_resource_attributes() {
        let attributes = (
            "OTEL_RESOURCE_ATTRIBUTES",
            "team=docs, service.name=from-attrs",
        );
        let named = resolve(
            Some("http://c:4317"),
            &[("OTEL_SERVICE_NAME", "from-name"), attributes],
        );
        assert_eq!(named.expect("export").service_name, "from-name");
        let from_attributes = resolve(Some("http://c:4317"), &[attributes]);
        assert_eq!(from_attributes.expect("export").service_name, "from-attrs");
    }
}
