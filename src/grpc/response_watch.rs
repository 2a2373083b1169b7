//! Every response body watched for a peer that stops reading, unary answers included: hyper
//! polls a response body only while the peer grants HTTP/2 flow-control credit, and an answer
//! handed over without credit stays buffered (up to a message of `--max-message-bytes` per call,
//! for as long as the connection lives). Each body records when it handed a frame over without
//! being polled again, in the stream slots' registry ([`Slots::watch_response`]); the reaper
//! closes the connection of a body blocked past the send timeout, which frees what it held.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::{Request, Response};
use http_body::{Frame, SizeHint};
use tonic::Status;
use tonic::body::Body;
use tower::{Layer, Service};

use super::slots::{self, Connection, Slots, Watch};

/// The layer that watches the response bodies of one connection.
#[derive(Debug, Clone)]
pub(crate) struct ResponseWatchLayer {
    slots: Slots,
    connection: Connection,
}

impl ResponseWatchLayer {
    /// Watches with `slots`' reaper; closes `connection` when a body is blocked too long.
    pub(crate) fn new(slots: Slots, connection: Connection) -> Self {
        Self { slots, connection }
    }
}

impl<S> Layer<S> for ResponseWatchLayer {
    type Service = WithResponseWatch<S>;
    fn layer(&self, inner: S) -> Self::Service {
        WithResponseWatch {
            inner,
            layer: self.clone(),
        }
    }
}

/// The service [`ResponseWatchLayer`] makes.
#[derive(Debug, Clone)]
pub(crate) struct WithResponseWatch<S> {
    inner: S,
    layer: ResponseWatchLayer,
}

impl<S, B> Service<Request<B>> for WithResponseWatch<S>
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
        let layer = self.layer.clone();
        Box::pin(async move {
            let response = future.await?;
            let watch = layer.slots.watch_response(layer.connection);
            Ok(response.map(|inner| Body::new(Watched { inner, watch })))
        })
    }
}

/// A response body that tells the reaper when it waits on its peer.
struct Watched {
    inner: Body,
    watch: Arc<Watch>,
}

impl Drop for Watched {
    fn drop(&mut self) {
        slots::forget(&self.watch);
    }
}

impl http_body::Body for Watched {
    type Data = bytes::Bytes;
    type Error = Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = &mut *self;
        this.watch.polled();
        let frame = Pin::new(&mut this.inner).poll_frame(cx);
        match &frame {
            // Handed over: until hyper polls again (it waits for credit first), the peer holds
            // it up.
            Poll::Ready(Some(Ok(f))) if f.is_data() => this.watch.handed_over(),
            // Trailers, an error or the end: nothing more waits on the peer.
            Poll::Ready(_) => slots::forget(&this.watch),
            Poll::Pending => {}
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
