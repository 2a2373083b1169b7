//! Logging, configured once: `RUST_LOG` (EnvFilter) with h2/hyper/tower/pdf_oxide quieted (the
//! PDF extractor logs every font it loads at INFO), text or JSON,
//! always to standard error (standard output is kept for command output). With a
//! [`TraceExport`] (`--otlp-endpoint`), the per-RPC spans are also exported over OTLP
//! ([`otlp`]).

pub mod otlp;

use std::io::IsTerminal as _;

use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::{EnvFilter, Layer as _, Registry};

pub use otlp::{TraceExport, Traces};

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// The filter used when `RUST_LOG` is unset.
pub const DEFAULT_FILTER: &str =
    "info,h2=warn,hyper=warn,hyper_util=warn,tower=warn,tonic=warn,pdf_oxide=warn";

/// Installs the global subscriber, logs only. Calling it twice is harmless (the second call is
/// ignored).
pub fn init(format: LogFormat) {
    let _ = Registry::default().with(log_layer(format)).try_init();
}

/// Installs the global subscriber: the logs and, with `export`, the OTLP export of the per-RPC
/// spans, which says at INFO where the traces go. Without `export` it is [`init`]: no exporter,
/// no thread. With it, it must be called within a Tokio runtime, which must outlive
/// [`Traces::shutdown`]. Fails only when the exporter cannot be built (a malformed endpoint).
pub fn init_with_traces(format: LogFormat, export: Option<&TraceExport>) -> Result<Traces, String> {
    let Some(export) = export else {
        init(format);
        return Ok(Traces::none());
    };
    let (traces, layer) = otlp::start(export)?;
    let installed = Registry::default()
        .with(vec![log_layer(format), layer])
        .try_init()
        .is_ok();
    if !installed {
        // A subscriber was there already (a second call): its spans are not exported.
        traces.shutdown();
        return Ok(Traces::none());
    }
    otlp::set_exporting();
    tracing::info!(
        endpoint = %export.endpoint,
        service_name = %export.service_name,
        "traces: per-RPC spans exported over OTLP/gRPC"
    );
    Ok(traces)
}

/// A layer of the global subscriber.
type BoxedLayer = Box<dyn tracing_subscriber::Layer<Registry> + Send + Sync>;

/// The log lines: `RUST_LOG` (or [`DEFAULT_FILTER`]) filters them, and only them.
fn log_layer(format: LogFormat) -> BoxedLayer {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    match format {
        LogFormat::Text => layer.with_filter(filter).boxed(),
        LogFormat::Json => layer
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_filter(filter)
            .boxed(),
    }
}
