//! Stream slots: the server-wide bound on open response streams, a bound per peer, and the
//! reaper that takes a slot back from a stream blocked on its peer.
//!
//! A response stream is polled by the HTTP/2 layer only while the peer grants flow-control
//! credit: a peer that stops reading (or never grants any) leaves its stream unpolled, so a
//! deadline or shutdown check inside the stream never runs. Each stream therefore records when
//! it handed a message over without being polled again ([`Watch::blocked_since`]), and the
//! reaper, a task of its own, ends a stream blocked longer than the send timeout or past its
//! deadline: its slot is released at once and its connection is closed (the only way to end an
//! HTTP/2 stream that hyper will not poll), which drops every stream on it. A peer that stops
//! reading for that long has stopped being a client.
//!
//! Unary answers are watched the same way, without a slot ([`Slots::watch_response`], put on
//! every response body by [`super::response_watch`]): an answer the HTTP/2 layer holds for want
//! of credit (up to a message of `--max-message-bytes` per call) closes its connection past the
//! send timeout, and what it held is freed.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::error::Error;

/// Default of the per-peer bound: a quarter of the server-wide one.
pub const DEFAULT_MAX_STREAMS_PER_PEER: usize = 256;
/// Default send timeout: how long a stream may stay blocked on its peer.
pub const DEFAULT_SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// The connection a request came on: closing it ends every stream it carries. A tower layer in
/// the server puts it in each request's extensions.
#[derive(Debug, Clone, Default)]
pub struct Connection {
    /// Cancelled to close the connection.
    pub close: CancellationToken,
}

/// The server's stream slots.
#[derive(Debug, Clone)]
pub(crate) struct Slots {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    total: Arc<Semaphore>,
    max_total: usize,
    max_per_peer: usize,
    send_timeout: Duration,
    per_peer: Mutex<HashMap<IpAddr, usize>>,
    watched: Mutex<HashMap<u64, Arc<Watch>>>,
    next_id: AtomicU64,
    epoch: Instant,
    reaped: AtomicU64,
}

/// One open stream's slot, as the reaper sees it.
#[derive(Debug)]
pub(crate) struct Watch {
    id: u64,
    /// Milliseconds since the epoch (plus one) when the stream last handed a message over
    /// and was not polled again since; 0 while it is being polled or waits on its own source.
    blocked_since: AtomicU64,
    deadline: Option<Instant>,
    slot: Mutex<Option<Slot>>,
    connection: Option<Connection>,
    expired: AtomicBool,
    /// Whether the reaper counts it in [`Slots::reaped`] (a response stream's watch; a response
    /// body's is not counted).
    counted: bool,
    slots: Arc<Inner>,
}

/// A held slot: the server-wide permit and the peer's count, given back on drop.
#[derive(Debug)]
struct Slot {
    _permit: OwnedSemaphorePermit,
    peer: Option<IpAddr>,
    slots: Arc<Inner>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        crate::metrics::stream_slot(-1.0);
        release_peer(&self.slots, self.peer);
    }
}

impl Slots {
    /// `max_total` slots server-wide, `max_per_peer` for one peer address; a stream blocked on
    /// its peer longer than `send_timeout` loses its slot.
    pub(crate) fn new(max_total: usize, max_per_peer: usize, send_timeout: Duration) -> Self {
        Self {
            inner: Arc::new(Inner {
                total: Arc::new(Semaphore::new(max_total)),
                max_total,
                max_per_peer: max_per_peer.max(1),
                send_timeout,
                per_peer: Mutex::new(HashMap::new()),
                watched: Mutex::new(HashMap::new()),
                next_id: AtomicU64::new(0),
                epoch: Instant::now(),
                reaped: AtomicU64::new(0),
            }),
        }
    }

    /// Takes a slot for a stream of `peer` on `connection`, ending at `deadline`; fails with
    /// RESOURCE_EXHAUSTED when the server or the peer holds all it may.
    pub(crate) fn acquire(
        &self,
        peer: Option<IpAddr>,
        connection: Option<Connection>,
        deadline: Option<Instant>,
    ) -> Result<Arc<Watch>, Error> {
        let inner = &self.inner;
        if let Some(peer) = peer {
            let mut per_peer = lock(&inner.per_peer);
            let held = per_peer.entry(peer).or_default();
            if *held >= inner.max_per_peer {
                crate::metrics::stream_refused("peer");
                return Err(Error::Overloaded(format!(
                    "this client ({peer}) holds all {} stream slots one peer may hold; retry \
                     with backoff",
                    inner.max_per_peer
                )));
            }
            *held += 1;
        }
        let slot_peer = peer;
        let permit = inner.total.clone().try_acquire_owned().map_err(|_| {
            release_peer(inner, slot_peer);
            crate::metrics::stream_refused("server");
            Error::Overloaded(format!(
                "all {} stream slots are in use; retry with backoff",
                inner.max_total
            ))
        })?;
        crate::metrics::stream_slot(1.0);
        let slot = Slot {
            _permit: permit,
            peer,
            slots: inner.clone(),
        };
        // Until its first poll the stream waits on its peer too: hyper polls a response body
        // only once the peer grants credit.
        let watch = Arc::new(Watch {
            id: inner.next_id.fetch_add(1, Ordering::Relaxed),
            blocked_since: AtomicU64::new(inner.millis(Instant::now()) + 1),
            deadline,
            slot: Mutex::new(Some(slot)),
            connection,
            expired: AtomicBool::new(false),
            counted: true,
            slots: inner.clone(),
        });
        lock(&inner.watched).insert(watch.id, watch.clone());
        Ok(watch)
    }

    /// Watches one response body on `connection`, without a slot: blocked on its peer longer
    /// than the send timeout, the connection is closed. Until its first poll it counts as
    /// blocked (hyper polls a body only once the peer grants credit); [`forget`] it at its end.
    pub(crate) fn watch_response(&self, connection: Connection) -> Arc<Watch> {
        let inner = &self.inner;
        let watch = Arc::new(Watch {
            id: inner.next_id.fetch_add(1, Ordering::Relaxed),
            blocked_since: AtomicU64::new(inner.millis(Instant::now()) + 1),
            deadline: None,
            slot: Mutex::new(None),
            connection: Some(connection),
            expired: AtomicBool::new(false),
            counted: false,
            slots: inner.clone(),
        });
        lock(&inner.watched).insert(watch.id, watch.clone());
        watch
    }

    /// Response streams ended by the reaper so far (unary answers not counted).
    pub(crate) fn reaped(&self) -> u64 {
        self.inner.reaped.load(Ordering::Relaxed)
    }

    /// Runs the reaper until `shutdown`; then ends every stream still blocked on its peer at
    /// once (it cannot be told to stop: nothing polls it), so the drain need not wait for them.
    pub(crate) async fn reap(self, shutdown: CancellationToken) {
        let tick =
            (self.inner.send_timeout / 4).clamp(Duration::from_millis(10), Duration::from_secs(1));
        let mut interval = tokio::time::interval(tick);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                _ = interval.tick() => self.reap_once(false),
            }
        }
        self.reap_once(true);
    }

    /// Ends the streams blocked too long (or past their deadline; with `all`, every blocked one).
    fn reap_once(&self, all: bool) {
        let inner = &self.inner;
        let now = Instant::now();
        let now_ms = inner.millis(now);
        let timeout_ms = inner.send_timeout.as_millis() as u64;
        let expired: Vec<Arc<Watch>> = lock(&inner.watched)
            .values()
            .filter(|w| {
                let since = w.blocked_since.load(Ordering::Acquire);
                since != 0
                    && (all
                        || now_ms.saturating_sub(since - 1) >= timeout_ms
                        || w.deadline.is_some_and(|d| d <= now))
            })
            .cloned()
            .collect();
        for watch in expired {
            tracing::warn!(
                blocked_ms = now_ms.saturating_sub(
                    watch
                        .blocked_since
                        .load(Ordering::Acquire)
                        .saturating_sub(1)
                ),
                stream = watch.counted,
                "a response is blocked on its peer (no flow-control credit): its slot, if any, \
                 is released and its connection closed"
            );
            watch.expire();
            if watch.counted {
                inner.reaped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

impl Inner {
    fn millis(&self, at: Instant) -> u64 {
        at.saturating_duration_since(self.epoch).as_millis() as u64
    }
}

fn release_peer(inner: &Inner, peer: Option<IpAddr>) {
    let Some(peer) = peer else { return };
    let mut per_peer = lock(&inner.per_peer);
    if let Some(n) = per_peer.get_mut(&peer) {
        *n -= 1;
        if *n == 0 {
            per_peer.remove(&peer);
        }
    }
}

impl Watch {
    /// The stream is being polled: it is not blocked on its peer.
    pub(crate) fn polled(&self) {
        self.blocked_since.store(0, Ordering::Release);
    }

    /// The stream handed a message over; until it is polled again, it waits on its peer.
    pub(crate) fn handed_over(&self) {
        let now = self.slots.millis(Instant::now());
        self.blocked_since.store(now + 1, Ordering::Release);
    }

    /// True once the reaper ended the stream.
    pub(crate) fn expired(&self) -> bool {
        self.expired.load(Ordering::Acquire)
    }

    fn expire(&self) {
        self.expired.store(true, Ordering::Release);
        drop(lock(&self.slot).take());
        if let Some(connection) = &self.connection {
            connection.close.cancel();
        }
        lock(&self.slots.watched).remove(&self.id);
    }
}

/// Removes the stream from the reaper's registry (the stream was dropped).
pub(crate) fn forget(watch: &Watch) {
    lock(&watch.slots.watched).remove(&watch.id);
}

/// Locks a mutex, whatever a panicking holder left (the counts stay usable).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A tower layer that puts the [`Connection`] a server serves into each request's extensions.
#[derive(Debug, Clone)]
pub struct ConnectionLayer {
    connection: Connection,
}

impl ConnectionLayer {
    /// The layer for one connection.
    pub fn new(connection: Connection) -> Self {
        Self { connection }
    }
}

impl<S> tower::Layer<S> for ConnectionLayer {
    type Service = WithConnection<S>;
    fn layer(&self, inner: S) -> Self::Service {
        WithConnection {
            inner,
            connection: self.connection.clone(),
        }
    }
}

/// The service [`ConnectionLayer`] makes.
#[derive(Debug, Clone)]
pub struct WithConnection<S> {
    inner: S,
    connection: Connection,
}

impl<S, B> tower::Service<http::Request<B>> for WithConnection<S>
where
    S: tower::Service<http::Request<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<B>) -> Self::Future {
        request.extensions_mut().insert(self.connection.clone());
        self.inner.call(request)
    }
}
