//! One client for both targets: paragraphd's `Documents` and the baseline `Echo` share method
//! names and message types, so the same code calls either, differing only in the path.

use std::time::Duration;

use http::uri::PathAndQuery;
use tokio_stream::Stream;
use tonic::client::Grpc;
use tonic::transport::{Channel, Endpoint};
use tonic::{Request, Status, Streaming};
use tonic_prost::ProstCodec;

use crate::pb;

/// The service a benchmark drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Target {
    /// paragraphd itself: `paragraphd.v1.Documents`.
    Paragraphd,
    /// The baseline: `paragraphd.bench.v1.Echo`.
    Echo,
}

impl Target {
    /// The fully qualified gRPC service name.
    pub(crate) fn service(self) -> &'static str {
        match self {
            Self::Paragraphd => "paragraphd.v1.Documents",
            Self::Echo => "paragraphd.bench.v1.Echo",
        }
    }

    /// Short name for tables.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Paragraphd => "paragraphd",
            Self::Echo => "echo",
        }
    }
}

/// Opens one HTTP/2 connection to `addr` (e.g. `127.0.0.1:50051`).
pub(crate) async fn connect(addr: &str) -> Result<Channel, tonic::transport::Error> {
    Endpoint::from_shared(format!("http://{addr}"))?
        .connect_timeout(Duration::from_secs(5))
        .tcp_nodelay(true)
        .connect()
        .await
}

/// Opens one HTTP/2 connection over TLS to `addr`, verifying the server's certificate (for
/// `localhost`) against the PEM CA certificates `ca`.
pub(crate) async fn connect_tls(addr: &str, ca: &[u8]) -> Result<Channel, String> {
    use rustls::pki_types::{CertificateDer, ServerName, pem::PemObject as _};
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca) {
        roots
            .add(cert.map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec()];
    let connector = tokio_rustls::TlsConnector::from(std::sync::Arc::new(config));
    let addr = addr.to_owned();
    let connect = tower::service_fn(move |_: http::Uri| {
        let (connector, addr) = (connector.clone(), addr.clone());
        async move {
            let tcp = tokio::net::TcpStream::connect(&addr).await?;
            tcp.set_nodelay(true)?;
            let name = ServerName::try_from("localhost").expect("a valid name");
            let tls = connector.connect(name, tcp).await?;
            Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(tls))
        }
    });
    Endpoint::from_static("http://localhost")
        .connect_timeout(Duration::from_secs(5))
        .connect_with_connector(connect)
        .await
        .map_err(|e| e.to_string())
}

/// A client of one target over one connection; cheap to clone (clones share the connection).
#[derive(Debug, Clone)]
pub(crate) struct RpcClient {
    grpc: Grpc<Channel>,
    /// `Bearer TOKEN`, sent as `authorization` with every call, if set.
    authorization: Option<tonic::metadata::AsciiMetadataValue>,
    select: PathAndQuery,
    query: PathAndQuery,
    ingest: PathAndQuery,
    locate: PathAndQuery,
}

impl RpcClient {
    /// A client of `target` over `channel`.
    pub(crate) fn new(channel: Channel, target: Target) -> Self {
        let path = |method: &str| {
            PathAndQuery::try_from(format!("/{}/{method}", target.service()))
                .expect("service and method names are valid paths")
        };
        Self {
            grpc: Grpc::new(channel),
            authorization: None,
            select: path("SelectParagraphs"),
            query: path("Query"),
            ingest: path("IngestDocument"),
            locate: path("LocateParagraphs"),
        }
    }

    /// The same client, sending `authorization: Bearer TOKEN` with every call.
    pub(crate) fn with_token(mut self, token: &str) -> Self {
        self.authorization = format!("Bearer {token}").parse().ok();
        self
    }

    /// A request carrying `message` and the credentials, if any.
    fn request<T>(&self, message: T) -> Request<T> {
        let mut request = Request::new(message);
        if let Some(value) = &self.authorization {
            request
                .metadata_mut()
                .insert("authorization", value.clone());
        }
        request
    }

    /// Calls `SelectParagraphs` and drains the stream; returns the paragraphs received.
    pub(crate) async fn select_count(
        &mut self,
        request: pb::SelectParagraphsRequest,
    ) -> Result<u64, Status> {
        let mut stream = self.select(request).await?;
        let mut received = 0;
        while stream.message().await?.is_some() {
            received += 1;
        }
        Ok(received)
    }

    /// Calls `SelectParagraphs`; returns the response stream.
    pub(crate) async fn select(
        &mut self,
        request: pb::SelectParagraphsRequest,
    ) -> Result<Streaming<pb::Paragraph>, Status> {
        self.ready().await?;
        let codec = ProstCodec::<pb::SelectParagraphsRequest, pb::Paragraph>::default();
        let response = self
            .grpc
            .server_streaming(self.request(request), self.select.clone(), codec)
            .await?;
        Ok(response.into_inner())
    }

    /// Opens a `Query` stream sending `requests`; returns the response stream.
    pub(crate) async fn query(
        &mut self,
        requests: impl Stream<Item = pb::QueryRequest> + Send + 'static,
    ) -> Result<Streaming<pb::QueryResponse>, Status> {
        self.ready().await?;
        let codec = ProstCodec::<pb::QueryRequest, pb::QueryResponse>::default();
        let response = self
            .grpc
            .streaming(self.request(requests), self.query.clone(), codec)
            .await?;
        Ok(response.into_inner())
    }

    /// Calls `IngestDocument`.
    pub(crate) async fn ingest(
        &mut self,
        request: pb::IngestDocumentRequest,
    ) -> Result<pb::DocumentSummary, Status> {
        self.ready().await?;
        let codec = ProstCodec::<pb::IngestDocumentRequest, pb::DocumentSummary>::default();
        let response = self
            .grpc
            .unary(self.request(request), self.ingest.clone(), codec)
            .await?;
        Ok(response.into_inner())
    }

    /// Calls `LocateParagraphs`; returns the paragraphs located.
    pub(crate) async fn locate(
        &mut self,
        request: pb::LocateParagraphsRequest,
    ) -> Result<pb::LocateParagraphsResponse, Status> {
        self.ready().await?;
        let codec =
            ProstCodec::<pb::LocateParagraphsRequest, pb::LocateParagraphsResponse>::default();
        let response = self
            .grpc
            .unary(self.request(request), self.locate.clone(), codec)
            .await?;
        Ok(response.into_inner())
    }

    async fn ready(&mut self) -> Result<(), Status> {
        self.grpc
            .ready()
            .await
            .map_err(|e| Status::unavailable(format!("connection not ready: {e}")))
    }
}
