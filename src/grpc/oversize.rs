//! A tower layer that gives a request message over the decode limit the status of every other
//! size bound: tonic refuses it with `OUT_OF_RANGE` before a handler runs (a trailers-only
//! response), where an upload over its cap gets `RESOURCE_EXHAUSTED` "too large". The status
//! comes from the one mapping ([`super::status::oversized_message`]).

use std::pin::Pin;
use std::task::{Context, Poll};

use http::{Request, Response};
use tonic::Status;
use tonic::body::Body;
use tower::{Layer, Service};

/// The layer that rewrites tonic's decode-limit refusal.
#[derive(Debug, Clone, Copy, Default)]
pub struct OversizeLayer;

impl<S> Layer<S> for OversizeLayer {
    type Service = Oversize<S>;
    fn layer(&self, inner: S) -> Self::Service {
        Oversize { inner }
    }
}

/// The service [`OversizeLayer`] makes.
#[derive(Debug, Clone)]
pub struct Oversize<S> {
    inner: S,
}

impl<S, B> Service<Request<B>> for Oversize<S>
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
        let future = self.inner.call(request);
        Box::pin(async move {
            let mut response = future.await?;
            let replacement = Status::from_header_map(response.headers())
                .and_then(|status| super::status::oversized_message(&status));
            if let Some(status) = replacement {
                let headers = response.headers_mut();
                headers.remove("grpc-message");
                headers.remove("grpc-status-details-bin");
                if status.add_header(headers).is_err() {
                    tracing::debug!("could not rewrite an oversized request's status");
                }
            }
            Ok(response)
        })
    }
}
