//! One log event per RPC, streams included: method, peer, final gRPC status and duration.
//!
//! A tower layer wraps each response body and logs when the body ends (or is dropped, for a
//! client that went away), reading `grpc-status` from the trailers — or from the headers, for a
//! trailers-only error response, with its decoded `grpc-message`. [`classify`] decides the
//! level: OK → info (debug for health and reflection), client errors → warn, server errors →
//! error; a stream ended by the server's shutdown → info, and a client that went away → info
//! (debug for health and reflection, whose streams clients close as a matter of course).
//! The same end records the RPC's metrics ([`crate::metrics::rpc_ended`]: count and duration
//! by method and status code). When the spans are exported over OTLP, [`otel`] names them and
//! gives them the RPC attributes.

mod otel;

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use http::{HeaderMap, Request, Response};
use http_body::{Body as _, Frame};
use tokio_util::sync::CancellationToken;
use tonic::Code;
use tonic::body::Body;
use tower::{Layer, Service};
use tracing::{Level, Span};

/// The layer that adds RPC logging.
#[derive(Debug, Clone, Default)]
pub struct RpcLogLayer {
    shutdown: CancellationToken,
}

impl RpcLogLayer {
    /// A layer that logs an RPC ended by `UNAVAILABLE` once `shutdown` is cancelled as ended by
    /// the shutdown (info), not as failed.
    pub fn new(shutdown: CancellationToken) -> Self {
        Self { shutdown }
    }
}

impl<S> Layer<S> for RpcLogLayer {
    type Service = RpcLog<S>;
    fn layer(&self, inner: S) -> Self::Service {
        RpcLog {
            inner,
            shutdown: self.shutdown.clone(),
        }
    }
}

/// The service [`RpcLogLayer`] makes.
#[derive(Debug, Clone)]
pub struct RpcLog<S> {
    inner: S,
    shutdown: CancellationToken,
}

/// How an RPC ended, as far as its level depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ending {
    /// The final status; `None` when the response carried none (an OK stream without trailers).
    pub code: Option<Code>,
    /// The response body ended (or failed); false when the client went away first.
    pub ended: bool,
    /// A health or reflection call: routine, logged quietly.
    pub quiet: bool,
    /// The server was shutting down when it ended.
    pub shutting_down: bool,
}

/// The level and message an RPC's end is logged with. Pure: the one place levels are decided.
pub fn classify(end: Ending) -> (Level, &'static str) {
    match end.code {
        _ if !end.ended && end.quiet => (Level::DEBUG, "rpc ended: client went away"),
        _ if !end.ended => (Level::INFO, "rpc ended: client went away"),
        Some(Code::Ok) | None if end.quiet => (Level::DEBUG, "rpc ended"),
        Some(Code::Ok) | None => (Level::INFO, "rpc ended"),
        Some(Code::Unavailable) if end.shutting_down => (Level::INFO, "rpc ended by shutdown"),
        Some(code) if is_server_error(code) => (Level::ERROR, "rpc failed"),
        Some(_) => (Level::WARN, "rpc failed"),
    }
}

impl<S, B> Service<Request<B>> for RpcLog<S>
where
    S: Service<Request<B>, Response = Response<Body>>,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future =
        Pin<Box<dyn std::future::Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let peer = request
            .extensions()
            .get::<tonic::transport::server::TcpConnectInfo>()
            .and_then(|info| info.remote_addr())
            .map(|addr| addr.to_string())
            .unwrap_or_default();
        let path = request.uri().path();
        let quiet = path.starts_with("/grpc.health.") || path.starts_with("/grpc.reflection.");
        let span = rpc_span(path, &peer, quiet);
        if !quiet && crate::logging::otlp::exporting() {
            otel::started(&span, path, request.headers());
        }
        let path = path.to_owned();
        let start = Instant::now();
        let future = self.inner.call(request);
        let shutdown = self.shutdown.clone();
        Box::pin(async move {
            let response = future.await?;
            let (parts, body) = response.into_parts();
            if let Some(principal) = parts.extensions.get::<crate::grpc::auth::Principal>() {
                span.record("principal", tracing::field::display(principal));
            }
            let status = grpc_status(&parts.headers);
            let body = LoggedBody {
                inner: body,
                span,
                path,
                start,
                status,
                logged: false,
                quiet,
                shutdown,
            };
            Ok(Response::from_parts(parts, Body::new(body)))
        })
    }
}

/// The RPC's span: its method, peer and principal (recorded once known). Health checks and
/// reflection get one of their own target, which the logs treat alike and OTLP does not export.
/// `otel.*` are recorded only when the spans are exported ([`otel::started`]).
fn rpc_span(path: &str, peer: &str, quiet: bool) -> Span {
    use crate::logging::otlp::{QUIET_RPC_TARGET, RPC_TARGET};
    macro_rules! span {
        ($target:expr) => {
            tracing::info_span!(
                target: $target,
                "rpc",
                method = %path,
                %peer,
                principal = tracing::field::Empty,
                otel.name = tracing::field::Empty,
                otel.kind = tracing::field::Empty,
            )
        };
    }
    if quiet {
        span!(QUIET_RPC_TARGET)
    } else {
        span!(RPC_TARGET)
    }
}

struct LoggedBody {
    inner: Body,
    span: Span,
    /// The RPC's path (`/package.Service/Method`), for its metrics.
    path: String,
    start: Instant,
    /// The final status and its decoded message, once seen.
    status: Option<(Code, String)>,
    logged: bool,
    /// Probes and reflection: routine ends are logged at debug level.
    quiet: bool,
    shutdown: CancellationToken,
}

impl LoggedBody {
    fn log(&mut self, ended: bool) {
        if std::mem::replace(&mut self.logged, true) {
            return;
        }
        let elapsed = self.start.elapsed();
        let ms = elapsed.as_secs_f64() * 1e3;
        let _enter = self.span.enter();
        let (code, message) = match &self.status {
            Some((code, message)) => (Some(*code), message.as_str()),
            None => (None, ""),
        };
        let ending = Ending {
            code,
            ended,
            quiet: self.quiet,
            shutting_down: self.shutdown.is_cancelled(),
        };
        let final_code = match (ended, code) {
            (false, _) => Code::Cancelled,
            (true, Some(code)) => code,
            (true, None) => Code::Ok,
        };
        crate::metrics::rpc_ended(&self.path, final_code as i32, elapsed);
        if !self.quiet && crate::logging::otlp::exporting() {
            otel::ended(&self.span, final_code, message);
        }
        let status = match final_code {
            Code::Cancelled if !ended => "CANCELLED".to_owned(),
            Code::Ok => "OK".to_owned(),
            code => format!("{code:?}"),
        };
        let (level, what) = classify(ending);
        macro_rules! emit {
            ($level:ident) => {
                if message.is_empty() {
                    tracing::$level!(%status, duration_ms = ms, "{what}")
                } else {
                    tracing::$level!(%status, error = %message, duration_ms = ms, "{what}")
                }
            };
        }
        match level {
            Level::ERROR => emit!(error),
            Level::WARN => emit!(warn),
            Level::INFO => emit!(info),
            Level::DEBUG => emit!(debug),
            _ => emit!(trace),
        }
    }
}

fn is_server_error(code: Code) -> bool {
    matches!(
        code,
        Code::Internal | Code::Unknown | Code::DataLoss | Code::Unavailable | Code::Unimplemented
    )
}

/// The `grpc-status` of `headers` (trailers), with its `grpc-message` percent-decoded.
fn grpc_status(headers: &HeaderMap) -> Option<(Code, String)> {
    // Only the two headers: the status details are not needed (and not decoded).
    let mut two = HeaderMap::with_capacity(2);
    for name in ["grpc-status", "grpc-message"] {
        if let Some(value) = headers.get(name) {
            two.insert(name, value.clone());
        }
    }
    let status = tonic::Status::from_header_map(&two)?;
    Some((status.code(), status.message().to_owned()))
}

impl http_body::Body for LoggedBody {
    type Data = bytes::Bytes;
    type Error = tonic::Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = &mut *self;
        let polled = Pin::new(&mut this.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(status) = frame.trailers_ref().and_then(grpc_status) {
                    this.status = Some(status);
                }
            }
            Poll::Ready(None) => this.log(true),
            Poll::Ready(Some(Err(e))) => {
                if this.status.is_none() {
                    this.status = Some((Code::Internal, e.message().to_owned()));
                }
                this.log(true);
            }
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for LoggedBody {
    fn drop(&mut self) {
        let ended =
            self.inner.is_end_stream() || self.status.as_ref().is_some_and(|(c, _)| *c != Code::Ok);
        self.log(ended);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end(code: Option<Code>, ended: bool, quiet: bool, shutting_down: bool) -> Level {
        classify(Ending {
            code,
            ended,
            quiet,
            shutting_down,
        })
        .0
    }

    #[test]
    fn a_health_or_reflection_stream_the_client_closes_is_debug() {
        assert_eq!(end(None, false, true, false), Level::DEBUG);
        assert_eq!(end(Some(Code::Ok), false, true, false), Level::DEBUG);
        assert_eq!(end(None, false, false, false), Level::INFO);
    }

    #[test]
    fn a_stream_the_shutdown_ends_is_info_and_other_unavailable_is_error() {
        assert_eq!(end(Some(Code::Unavailable), true, false, true), Level::INFO);
        assert_eq!(
            end(Some(Code::Unavailable), true, false, false),
            Level::ERROR
        );
        assert_eq!(end(Some(Code::Internal), true, false, true), Level::ERROR);
    }

    #[test]
    fn client_errors_warn_and_ok_is_info_or_debug() {
        assert_eq!(end(Some(Code::NotFound), true, false, false), Level::WARN);
        assert_eq!(
            end(Some(Code::InvalidArgument), true, true, false),
            Level::WARN
        );
        assert_eq!(end(Some(Code::Ok), true, false, false), Level::INFO);
        assert_eq!(end(None, true, true, false), Level::DEBUG);
    }

    #[test]
    fn the_grpc_message_is_percent_decoded() {
        let mut headers = HeaderMap::new();
        headers.insert("grpc-status", "5".parse().expect("header"));
        headers.insert(
            "grpc-message",
            "document%20%22S/1%22%20not%20found"
                .parse()
                .expect("header"),
        );
        let (code, message) = grpc_status(&headers).expect("a status");
        assert_eq!(code, Code::NotFound);
        assert_eq!(message, "document \"S/1\" not found");
    }
}
