//! Server streams: pull-based, bounded, ended by shutdown or the caller's deadline.
//!
//! Every response stream is wrapped in [`Guarded`], which holds a permit from the server-wide
//! stream limit until the stream is dropped, ends the stream with `UNAVAILABLE` when the server
//! shuts down and with `DEADLINE_EXCEEDED` at the caller's deadline (tonic enforces deadlines on
//! handler futures only, not on the streams they return). A client that goes away drops the
//! stream, which stops the work: items are produced only when polled.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::sync::OwnedSemaphorePermit;
use tokio::time::{Instant, Sleep};
use tokio_stream::Stream;
use tokio_util::sync::{CancellationToken, WaitForCancellationFutureOwned};
use tonic::Status;

use crate::error::Error;

/// A boxed response stream, as the service's associated stream types are.
pub type ResponseStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

/// Server counters, shared by every stream; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    messages_sent: Arc<AtomicU64>,
}

impl Metrics {
    /// Messages sent on response streams so far: the streams' work counter.
    pub fn messages_sent(&self) -> u64 {
        self.messages_sent.load(Ordering::Relaxed)
    }
}

/// What every stream shares: the shutdown signal and the counters.
#[derive(Debug, Clone, Default)]
pub(crate) struct StreamContext {
    pub(crate) shutdown: CancellationToken,
    pub(crate) metrics: Metrics,
}

/// A stream that ends on shutdown or deadline and holds a concurrency permit.
pub(crate) struct Guarded<S> {
    inner: S,
    shutdown: Pin<Box<WaitForCancellationFutureOwned>>,
    deadline: Option<Pin<Box<Sleep>>>,
    messages_sent: Arc<AtomicU64>,
    _permit: Option<OwnedSemaphorePermit>,
    finished: bool,
}

impl<S> std::fmt::Debug for Guarded<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guarded")
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<S> Guarded<S> {
    /// Wraps `inner`; `timeout` is the caller's deadline, if any.
    pub(crate) fn new(
        inner: S,
        ctx: &StreamContext,
        timeout: Option<Duration>,
        permit: Option<OwnedSemaphorePermit>,
    ) -> Self {
        Self {
            inner,
            shutdown: Box::pin(ctx.shutdown.clone().cancelled_owned()),
            deadline: timeout.map(|t| Box::pin(tokio::time::sleep_until(Instant::now() + t))),
            messages_sent: ctx.metrics.messages_sent.clone(),
            _permit: permit,
            finished: false,
        }
    }
}

impl<S, T> Stream for Guarded<S>
where
    S: Stream<Item = Result<T, Status>> + Unpin,
{
    type Item = Result<T, Status>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.finished {
            return Poll::Ready(None);
        }
        if this.shutdown.as_mut().poll(cx).is_ready() {
            return this.finish(Error::ShuttingDown);
        }
        if let Some(deadline) = this.deadline.as_mut()
            && deadline.as_mut().poll(cx).is_ready()
        {
            return this.finish(Error::DeadlineExceeded);
        }
        let next = Pin::new(&mut this.inner).poll_next(cx);
        match &next {
            Poll::Ready(Some(Ok(_))) => {
                this.messages_sent.fetch_add(1, Ordering::Relaxed);
            }
            Poll::Ready(Some(Err(_)) | None) => this.finished = true,
            Poll::Pending => {}
        }
        next
    }
}

impl<S> Guarded<S> {
    fn finish<T>(&mut self, error: Error) -> Poll<Option<Result<T, Status>>> {
        self.finished = true;
        Poll::Ready(Some(Err(error.into())))
    }
}

use std::future::Future as _;

/// The caller's deadline from the `grpc-timeout` header (`<digits><unit>`, unit one of
/// `H M S m u n`), if present and well formed.
pub(crate) fn grpc_timeout(metadata: &tonic::metadata::MetadataMap) -> Option<Duration> {
    let value = metadata.get("grpc-timeout")?.to_str().ok()?;
    let (digits, unit) = value.split_at(value.len().checked_sub(1)?);
    let amount: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => Duration::from_secs(amount.saturating_mul(3600)),
        "M" => Duration::from_secs(amount.saturating_mul(60)),
        "S" => Duration::from_secs(amount),
        "m" => Duration::from_millis(amount),
        "u" => Duration::from_micros(amount),
        "n" => Duration::from_nanos(amount),
        _ => return None,
    })
}
