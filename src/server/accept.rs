//! The accept loop: one tonic server per connection, so each connection gets its own maximum
//! age with jitter (tonic's own `max_connection_age` has none), and a bounded drain.
//!
//! Jitter (±10%, as in gRPC's A9 proposal) keeps connections opened together — after a rollout,
//! say — from all closing together and reconnecting as a herd.

use std::future::Future;
use std::hash::BuildHasher;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio_util::sync::{CancellationToken, WaitForCancellationFutureOwned};
use tonic::transport::server::{Connected, TcpConnectInfo};

use crate::grpc::slots::Connection;

/// Accepts connections until `stop` is cancelled, serving each with `serve`; returns the
/// connections still open. Dropping the listener on return closes the port at once.
pub(super) async fn accept_until<F, Fut>(
    listener: TcpListener,
    max_age: Option<Duration>,
    stop: CancellationToken,
    serve: F,
) -> JoinSet<()>
where
    F: Fn(Closable, Option<Duration>, CancellationToken, Connection) -> Fut,
    Fut: Future<Output = Result<(), tonic::transport::Error>> + Send + 'static,
{
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            () = stop.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, _peer)) => {
                    let _ = tcp.set_nodelay(true);
                    // The stream reaper cancels `handle.close` to end the connection at once.
                    let handle = Connection::default();
                    let tcp = Closable::new(tcp, handle.close.clone());
                    let connection = serve(tcp, max_age.map(jitter), stop.clone(), handle);
                    connections.spawn(async move {
                        if let Err(e) = connection.await {
                            tracing::debug!(error = %e, "connection ended with an error");
                        }
                    });
                }
                Err(e) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections
}

/// A TCP connection that fails every read and write once `close` is cancelled, so that the
/// HTTP/2 connection on it ends at once, with every stream on it (tonic runs each connection in
/// a task of its own: dropping the future that serves it does not end it).
#[derive(Debug)]
pub(super) struct Closable {
    tcp: TcpStream,
    closed: Pin<Box<WaitForCancellationFutureOwned>>,
}

impl Closable {
    fn new(tcp: TcpStream, close: CancellationToken) -> Self {
        Self {
            tcp,
            closed: Box::pin(close.cancelled_owned()),
        }
    }

    /// Ready with an error once the connection is to close; registers the waker otherwise.
    fn poll_closed(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        match self.closed.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "closed: a response stream was blocked on this peer past the send timeout",
            )),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for Closable {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if let Poll::Ready(e) = self.poll_closed(cx) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut self.tcp).poll_read(cx, buf)
    }
}

impl AsyncWrite for Closable {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if let Poll::Ready(e) = self.poll_closed(cx) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut self.tcp).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_shutdown(cx)
    }
}

impl Connected for Closable {
    type ConnectInfo = TcpConnectInfo;

    fn connect_info(&self) -> TcpConnectInfo {
        self.tcp.connect_info()
    }
}

/// A connection as tonic serves it: plain TCP, or TLS over it.
#[derive(Debug)]
pub(super) enum Conn {
    /// No certificate configured.
    Plain(Closable),
    /// After a TLS handshake.
    Tls(Box<tokio_rustls::server::TlsStream<Closable>>),
}

impl AsyncRead for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(tcp) => Pin::new(tcp).poll_read(cx, buf),
            Conn::Tls(tls) => Pin::new(tls.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Conn::Plain(tcp) => Pin::new(tcp).poll_write(cx, buf),
            Conn::Tls(tls) => Pin::new(tls.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(tcp) => Pin::new(tcp).poll_flush(cx),
            Conn::Tls(tls) => Pin::new(tls.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(tcp) => Pin::new(tcp).poll_shutdown(cx),
            Conn::Tls(tls) => Pin::new(tls.as_mut()).poll_shutdown(cx),
        }
    }
}

impl Connected for Conn {
    type ConnectInfo = TcpConnectInfo;

    /// The TCP peer, TLS or not: the stream slots and the logs key on the client's address.
    fn connect_info(&self) -> TcpConnectInfo {
        match self {
            Conn::Plain(tcp) => tcp.connect_info(),
            Conn::Tls(tls) => tls.get_ref().0.connect_info(),
        }
    }
}

/// Waits for open connections to finish, at most `timeout`; then aborts the rest.
pub(super) async fn drain(mut connections: JoinSet<()>, timeout: Duration) {
    let all_done = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(timeout, all_done).await.is_err() {
        tracing::warn!(
            open = connections.len(),
            "drain timed out; closing remaining connections"
        );
        connections.abort_all();
    }
}

/// `age` scaled by a factor drawn uniformly from [0.9, 1.1).
pub(super) fn jitter(age: Duration) -> Duration {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let random = std::collections::hash_map::RandomState::new().hash_one(n);
    let unit = (random >> 11) as f64 / (1u64 << 53) as f64;
    age.mul_f64(0.9 + 0.2 * unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_within_ten_percent_and_varies() {
        let base = Duration::from_secs(100);
        let ages: Vec<Duration> = (0..200).map(|_| jitter(base)).collect();
        assert!(
            ages.iter()
                .all(|a| *a >= Duration::from_secs(90) && *a < Duration::from_secs(110))
        );
        let distinct: std::collections::HashSet<_> = ages.iter().collect();
        assert!(
            distinct.len() > 150,
            "jitter barely varies: {} distinct",
            distinct.len()
        );
    }
}
