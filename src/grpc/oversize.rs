//! Gives a request message over the decode limit the status of every other size bound: tonic
//! refuses it with `OUT_OF_RANGE` before a handler runs (a trailers-only response), where an
//! upload over its cap gets `RESOURCE_EXHAUSTED` "too large". The status comes from the one
//! mapping ([`super::status::oversized_message`]); the layer is tower's
//! [`MapResponseLayer`](tower::util::MapResponseLayer) over [`rewrite`].

use http::Response;
use tonic::Status;
use tower::util::MapResponseLayer;

/// The layer that rewrites tonic's decode-limit refusal.
pub type OversizeLayer<B> = MapResponseLayer<fn(Response<B>) -> Response<B>>;

/// The layer, for a server's response body type.
pub fn layer<B>() -> OversizeLayer<B> {
    MapResponseLayer::new(rewrite::<B>)
}

/// Replaces a decode-limit refusal's status with "too large"; any other response is unchanged.
pub fn rewrite<B>(mut response: Response<B>) -> Response<B> {
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
    response
}
