//! What one accepted connection is served with ([`Stack`]): the TLS handshake when TLS is on,
//! then one tonic server with the layers (response watch, RPC log, auth, oversize, connection
//! handle) over the routes; and the opening of the TLS and credential files it uses.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;
use tonic::transport::Server;

use super::ServeError;
use super::accept::{Closable, Conn};
use super::tls::{Tls, TlsFiles};
use crate::grpc::DocumentsService;
use crate::grpc::auth::{AuthConfig, AuthLayer, Credentials};
use crate::grpc::logging::RpcLogLayer;
use crate::grpc::oversize;
use crate::grpc::slots::{Connection, ConnectionLayer};

/// Everything one connection is served with: the services, the layers' shared parts, TLS.
pub(super) struct Stack {
    pub(super) watched: DocumentsService,
    /// Health, reflection v1 and v1alpha, and the Documents service.
    pub(super) routes: tonic::service::Routes,
    pub(super) credentials: Option<Arc<Credentials>>,
    pub(super) tls: Option<Tls>,
    pub(super) streams_per_connection: u32,
    pub(super) shutdown: CancellationToken,
}

impl Stack {
    /// Serves one accepted connection until it ends or `stop`: the TLS handshake first, if
    /// TLS is on (a failed one ends the connection, logged at debug level).
    pub(super) async fn serve(
        self: Arc<Self>,
        tcp: Closable,
        age: Option<Duration>,
        stop: CancellationToken,
        connection: Connection,
    ) -> Result<(), tonic::transport::Error> {
        let (io, common_name) = match &self.tls {
            None => (Conn::Plain(tcp), None),
            Some(tls) => match tls.accept(tcp).await {
                Ok(accepted) => (Conn::Tls(Box::new(accepted.stream)), accepted.common_name),
                Err(e) => {
                    tracing::debug!(error = %e, "TLS handshake failed");
                    return Ok(());
                }
            },
        };
        let mut builder = Server::builder().max_concurrent_streams(self.streams_per_connection);
        if let Some(age) = age {
            builder = builder.max_connection_age(age);
        }
        builder
            .layer(self.watched.response_watch(connection.clone()))
            .layer(RpcLogLayer::new(self.shutdown.clone()))
            .layer(AuthLayer::new(self.credentials.clone(), common_name))
            .layer(oversize::layer())
            .layer(ConnectionLayer::new(connection))
            .add_routes(self.routes.clone())
            .serve_with_incoming_shutdown(one_connection(io), stop.cancelled_owned())
            .await
    }
}

/// TLS from `files`, loaded and watched; `None` (and a warning) without a certificate.
pub(super) fn open_tls(files: Option<&TlsFiles>) -> Result<Option<Tls>, ServeError> {
    let Some(files) = files else {
        tracing::warn!(
            "no certificate configured (--tls-cert, --tls-key): serving plaintext, credentials and documents travel in clear"
        );
        return Ok(None);
    };
    let tls = Tls::open(files).map_err(ServeError::Tls)?;
    tracing::info!(
        cert = %files.cert.display(),
        mutual = files.client_ca.is_some(),
        "TLS on; the certificate is reloaded when its files change"
    );
    Ok(Some(tls))
}

/// The credentials of `auth`, loaded and watched; `None` (and a warning) when none are
/// configured (client certificates count, with mutual TLS).
pub(super) fn open_credentials(
    auth: &AuthConfig,
    tls: Option<&TlsFiles>,
) -> Result<Option<Arc<Credentials>>, ServeError> {
    if !auth.enabled(tls.is_some_and(|t| t.client_ca.is_some())) {
        tracing::warn!(
            "no authentication configured (--auth-tokens, --auth-jwks, --tls-client-ca): anyone who reaches the port may read, ingest and delete documents"
        );
        return Ok(None);
    }
    let credentials = Credentials::open(auth).map_err(ServeError::Credentials)?;
    tracing::info!(
        tokens = auth.tokens.is_some(),
        jwks = auth.jwks.is_some(),
        anonymous_reads = auth.anonymous_reads,
        "authentication on: writes need the role writer, reads the role reader"
    );
    Ok(Some(Arc::new(credentials)))
}

/// An incoming stream of exactly one connection that then stays open: tonic shuts its
/// connections down when the incoming stream ends, so it must not end before shutdown.
fn one_connection(conn: Conn) -> impl tokio_stream::Stream<Item = std::io::Result<Conn>> {
    use tokio_stream::StreamExt as _;
    tokio_stream::once(Ok(conn)).chain(tokio_stream::pending())
}
