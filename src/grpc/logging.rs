//! One log event per RPC, streams included: method, peer, final gRPC status and duration.
//!
//! A tower layer wraps each response body and logs when the body ends (or is dropped, for a
//! client that went away), reading `grpc-status` from the trailers — or from the headers, for a
//! trailers-only error response. Status maps to level: OK → info, client errors → warn,
//! server errors → error.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use http::{HeaderMap, Request, Response};
use http_body::{Body as _, Frame};
use tonic::Code;
use tonic::body::Body;
use tower::{Layer, Service};
use tracing::Span;

/// The layer that adds RPC logging.
#[derive(Debug, Clone, Copy, Default)]
pub struct RpcLogLayer;

impl<S> Layer<S> for RpcLogLayer {
    type Service = RpcLog<S>;
    fn layer(&self, inner: S) -> Self::Service {
        RpcLog { inner }
    }
}

/// The service [`RpcLogLayer`] makes.
#[derive(Debug, Clone)]
pub struct RpcLog<S> {
    inner: S,
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
        let span = tracing::info_span!("rpc", method = %path, %peer);
        let start = Instant::now();
        let future = self.inner.call(request);
        Box::pin(async move {
            let response = future.await?;
            let (parts, body) = response.into_parts();
            let status = grpc_status(&parts.headers);
            let body = LoggedBody {
                inner: body,
                span,
                start,
                status,
                logged: false,
                quiet,
            };
            Ok(Response::from_parts(parts, Body::new(body)))
        })
    }
}

struct LoggedBody {
    inner: Body,
    span: Span,
    start: Instant,
    status: Option<Code>,
    logged: bool,
    /// Probes and reflection: successful calls are logged at debug level.
    quiet: bool,
}

impl LoggedBody {
    fn log(&mut self, ended: bool) {
        if std::mem::replace(&mut self.logged, true) {
            return;
        }
        let ms = self.start.elapsed().as_secs_f64() * 1e3;
        let _enter = self.span.enter();
        match (self.status, ended) {
            (_, false) => tracing::info!(
                status = "CANCELLED",
                duration_ms = ms,
                "rpc ended: client went away"
            ),
            (Some(Code::Ok) | None, true) if self.quiet => {
                tracing::debug!(status = "OK", duration_ms = ms, "rpc ended")
            }
            (Some(Code::Ok) | None, true) => {
                tracing::info!(status = "OK", duration_ms = ms, "rpc ended")
            }
            (Some(code), true) if is_server_error(code) => {
                tracing::error!(status = ?code, duration_ms = ms, "rpc failed")
            }
            (Some(code), true) => tracing::warn!(status = ?code, duration_ms = ms, "rpc failed"),
        }
    }
}

fn is_server_error(code: Code) -> bool {
    matches!(
        code,
        Code::Internal | Code::Unknown | Code::DataLoss | Code::Unavailable | Code::Unimplemented
    )
}

fn grpc_status(headers: &HeaderMap) -> Option<Code> {
    let value = headers.get("grpc-status")?.to_str().ok()?;
    Some(Code::from_i32(value.parse().ok()?))
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
                if let Some(code) = frame.trailers_ref().and_then(grpc_status) {
                    this.status = Some(code);
                }
            }
            Poll::Ready(None) => this.log(true),
            Poll::Ready(Some(Err(_))) => {
                this.status = this.status.or(Some(Code::Internal));
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
        let ended = self.inner.is_end_stream() || self.status.is_some_and(|c| c != Code::Ok);
        self.log(ended);
    }
}
