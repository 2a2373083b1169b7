//! Shared test helpers: an in-process server on 127.0.0.1:0 and clients for it; [`clients`],
//! the real binary driven by the real grpcurl and Python clients.

#![allow(dead_code, unreachable_pub)]

pub mod clients;
pub mod credentials;

use std::net::SocketAddr;
use std::time::Duration;

use paragraphd::pb::documents_client::DocumentsClient;
use paragraphd::server::{self, ServeConfig};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tonic::transport::Channel;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};

/// A server running in this process.
pub struct TestServer {
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    pub handle: JoinHandle<Result<(), server::ServeError>>,
}

impl TestServer {
    /// Starts a server with `config` and waits until health says SERVING.
    pub async fn start(config: ServeConfig) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let (tx, rx) = oneshot::channel();
        let handle = tokio::spawn(server::run(listener, config, async {
            let _ = rx.await;
        }));
        let server = Self {
            addr,
            shutdown: Some(tx),
            handle,
        };
        wait_serving(server.channel().await).await;
        server
    }

    /// Starts a server over the embedded sample only.
    pub async fn sample() -> Self {
        Self::start(ServeConfig::default()).await
    }

    /// A new channel to the server.
    pub async fn channel(&self) -> Channel {
        Channel::from_shared(format!("http://{}", self.addr))
            .expect("uri")
            .connect()
            .await
            .expect("connect")
    }

    /// A Documents client.
    pub async fn client(&self) -> DocumentsClient<Channel> {
        DocumentsClient::new(self.channel().await)
    }

    /// Starts shutdown; the server then drains.
    pub fn shutdown(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Polls health until SERVING (bounded: 3000 × 20 ms; a large corpus loads in the background).
pub async fn wait_serving(channel: Channel) {
    let mut health = HealthClient::new(channel);
    for _ in 0..3000 {
        let status = health
            .check(HealthCheckRequest {
                service: String::new(),
            })
            .await
            .map(|r| r.into_inner().status);
        if status.is_ok_and(|s| s == ServingStatus::Serving as i32) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("server did not become SERVING");
}
