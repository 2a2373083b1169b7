//! The accept loop: one tonic server per connection, so each connection gets its own maximum
//! age with jitter (tonic's own `max_connection_age` has none), and a bounded drain.
//!
//! Jitter (±10%, as in gRPC's A9 proposal) keeps connections opened together — after a rollout,
//! say — from all closing together and reconnecting as a herd.

use std::future::Future;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// Accepts connections until `stop` is cancelled, serving each with `serve`; returns the
/// connections still open. Dropping the listener on return closes the port at once.
pub(super) async fn accept_until<F, Fut>(
    listener: TcpListener,
    max_age: Option<Duration>,
    stop: CancellationToken,
    serve: F,
) -> JoinSet<()>
where
    F: Fn(TcpStream, Option<Duration>, CancellationToken) -> Fut,
    Fut: Future<Output = Result<(), tonic::transport::Error>> + Send + 'static,
{
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            () = stop.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, _peer)) => {
                    let _ = tcp.set_nodelay(true);
                    let connection = serve(tcp, max_age.map(jitter), stop.clone());
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
