//! The OpenTelemetry side of the per-RPC span, when the spans are exported
//! ([`crate::logging::otlp`]): its name (`package.Service/Method`), kind (server), the RPC
//! semantic-convention attributes (`rpc.system`, `rpc.service`, `rpc.method`,
//! `rpc.grpc.status_code`), the caller's W3C `traceparent` as its parent, and an error status
//! for the codes the conventions count as server errors.

use http::HeaderMap;
use opentelemetry::propagation::{Extractor, TextMapPropagator as _};
use opentelemetry::trace::Status;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use tonic::Code;
use tracing::Span;
use tracing_opentelemetry::OpenTelemetrySpanExt as _;

/// Names a new `span` (fields `otel.name` and `otel.kind` declared empty) after the RPC at
/// `path`, gives it the RPC attributes, and the trace of the caller's `traceparent`, if any, as
/// its parent. Before the span is first entered: a started span keeps its name.
pub(super) fn started(span: &Span, path: &str, headers: &HeaderMap) {
    let (service, method) = crate::metrics::split_path(path);
    span.record("otel.name", path.trim_start_matches('/'));
    span.record("otel.kind", "server");
    span.set_attribute("rpc.system", "grpc");
    span.set_attribute("rpc.service", service.to_owned());
    span.set_attribute("rpc.method", method.to_owned());
    if headers.contains_key("traceparent") {
        let parent = TraceContextPropagator::new().extract(&Headers(headers));
        // Fails only for a span already started, which this one is not.
        let _ = span.set_parent(parent);
    }
}

/// Records how the RPC ended: its status code and, for a server error, the span's status.
pub(super) fn ended(span: &Span, code: Code, message: &str) {
    span.set_attribute("rpc.grpc.status_code", code as i64);
    if is_server_error(code) {
        span.set_status(Status::error(message.to_owned()));
    }
}

/// The codes the OpenTelemetry RPC conventions mark a server span's status as an error for.
fn is_server_error(code: Code) -> bool {
    matches!(
        code,
        Code::Unknown
            | Code::DeadlineExceeded
            | Code::Unimplemented
            | Code::Internal
            | Code::Unavailable
            | Code::DataLoss
    )
}

/// Request headers as the propagator reads them.
struct Headers<'a>(&'a HeaderMap);

impl Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|value| value.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|name| name.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_errors_leave_the_span_status_unset_and_server_errors_set_it() {
        assert!(!is_server_error(Code::Ok));
        assert!(!is_server_error(Code::NotFound));
        assert!(!is_server_error(Code::PermissionDenied));
        assert!(is_server_error(Code::Internal));
        assert!(is_server_error(Code::DeadlineExceeded));
    }
}
