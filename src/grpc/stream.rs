//! Server streams: pull-based, bounded, ended by shutdown or the caller's deadline.
//!
//! Every response stream is wrapped in [`Guarded`], which holds a stream slot
//! ([`super::slots`]) until the stream is dropped, ends the stream with `UNAVAILABLE` when the
//! server shuts down and with `DEADLINE_EXCEEDED` at the caller's deadline (tonic enforces
//! deadlines on handler futures only, not on the streams they return). A client that goes away
//! drops the stream, which stops the work: items are produced only when polled. A stream the
//! peer stops reading is not polled at all: it records when it handed its last message over,
//! and the slots' reaper ends it from outside.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::{Instant, Sleep};
use tokio_stream::Stream;
use tokio_util::sync::{CancellationToken, WaitForCancellationFutureOwned};
use tonic::Status;

use crate::error::Error;
use crate::grpc::slots::{self, Watch};

/// A boxed response stream, as the service's associated stream types are.
pub type ResponseStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

/// Server counters, shared by every stream; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    messages_sent: Arc<AtomicU64>,
    heavy: crate::grpc::heavy::HeavyMetrics,
}

impl Metrics {
    /// Counters of heavy selection work ([`crate::grpc::heavy`]).
    pub fn heavy(&self) -> &crate::grpc::heavy::HeavyMetrics {
        &self.heavy
    }

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
    /// The RPC it answers, (`package.Service`, `Method`), for its metrics.
    rpc: (&'static str, &'static str),
    /// Messages this stream sent, recorded when it is dropped.
    sent: u64,
    slot: Option<Arc<Watch>>,
    finished: bool,
}

impl<S> Drop for Guarded<S> {
    fn drop(&mut self) {
        let (service, method) = self.rpc;
        crate::metrics::stream_ended(service, method, self.sent);
        if let Some(watch) = &self.slot {
            slots::forget(watch);
        }
    }
}

impl<S> std::fmt::Debug for Guarded<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guarded")
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<S> Guarded<S> {
    /// Wraps `inner`, the response stream of `rpc` (`package.Service`, `Method`); `deadline` is
    /// the caller's, if any; `slot` is held until the stream is dropped (or the reaper takes it
    /// back).
    pub(crate) fn new(
        inner: S,
        ctx: &StreamContext,
        rpc: (&'static str, &'static str),
        deadline: Option<Instant>,
        slot: Option<Arc<Watch>>,
    ) -> Self {
        Self {
            inner,
            shutdown: Box::pin(ctx.shutdown.clone().cancelled_owned()),
            deadline: deadline.map(|d| Box::pin(tokio::time::sleep_until(d))),
            messages_sent: ctx.metrics.messages_sent.clone(),
            rpc,
            sent: 0,
            slot,
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
        if let Some(watch) = &this.slot {
            watch.polled();
            if watch.expired() {
                return this.finish(Error::DeadlineExceeded);
            }
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
        if let (Poll::Ready(Some(_)), Some(watch)) = (&next, &this.slot) {
            watch.handed_over();
        }
        match &next {
            Poll::Ready(Some(Ok(_))) => {
                this.messages_sent.fetch_add(1, Ordering::Relaxed);
                this.sent += 1;
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
        if let Some(watch) = &self.slot {
            watch.handed_over();
        }
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
