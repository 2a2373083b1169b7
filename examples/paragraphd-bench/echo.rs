//! The baseline: an empty service with paragraphd's message shapes, served the same way (same
//! tonic settings, same logging layer, same message limits), answering with canned messages
//! captured from a real paragraphd. It does no parsing, selection or store access, so its
//! numbers are the cost of gRPC, HTTP/2 and protobuf alone.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::net::TcpListener;
use tokio_stream::Stream;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::transport::Server;
use tonic::{Request, Response, Status, Streaming};

use super::echo_pb::Canned;
use super::echo_pb::echo_server::{Echo, EchoServer};
use crate::pb::{self, query_response::Result as Res};
use paragraphd::grpc::logging::RpcLogLayer;
use paragraphd::server::ServeConfig;

/// A boxed response stream, as paragraphd's own handlers return.
type ResponseStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

/// Serves the echo service on `listener` with paragraphd's default transport settings until
/// `shutdown` resolves. Like paragraphd's accept loop, it sets `TCP_NODELAY` on every
/// connection; paragraphd's one-server-per-connection (for jittered connection ages) is a
/// per-connection cost only, not a per-call one, and is not copied.
pub(crate) async fn serve(
    listener: TcpListener,
    canned: Canned,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), tonic::transport::Error> {
    let config = ServeConfig::default();
    let (health, health_service) = tonic_health::server::health_reporter();
    health.set_serving::<EchoServer<EchoService>>().await;
    let echo = EchoServer::new(EchoService::new(canned))
        .max_decoding_message_size(config.max_message_bytes)
        .max_encoding_message_size(config.max_message_bytes);
    Server::builder()
        .max_concurrent_streams(config.max_concurrent_streams_per_connection)
        .layer(RpcLogLayer::default())
        .add_service(health_service)
        .add_service(echo)
        .serve_with_incoming_shutdown(nodelay(TcpListenerStream::new(listener)), shutdown)
        .await
}

/// The accepted connections with `TCP_NODELAY` set, as paragraphd's accept loop sets it.
fn nodelay(
    incoming: TcpListenerStream,
) -> impl Stream<Item = std::io::Result<tokio::net::TcpStream>> {
    use tokio_stream::StreamExt as _;
    incoming.map(|accepted| {
        accepted.inspect(|tcp| {
            let _ = tcp.set_nodelay(true);
        })
    })
}

/// The echo service over one set of canned answers.
#[derive(Debug, Clone)]
pub(crate) struct EchoService {
    canned: Arc<Canned>,
}

impl EchoService {
    /// A service answering with `canned`.
    pub(crate) fn new(canned: Canned) -> Self {
        Self {
            canned: Arc::new(canned),
        }
    }
}

/// Which canned answer a selection gets, by the request's shape alone.
#[derive(Debug, Clone, Copy)]
enum Pick {
    One,
    Citation,
    Document,
}

impl Pick {
    fn of(request: &pb::SelectParagraphsRequest) -> Self {
        if !request.citation.is_empty() {
            Self::Citation
        } else if !request.selectors.is_empty() {
            Self::One
        } else {
            Self::Document
        }
    }

    fn paragraphs(self, canned: &Canned) -> &[pb::Paragraph] {
        match self {
            Self::One => &canned.one,
            Self::Citation => &canned.citation,
            Self::Document => &canned.document,
        }
    }
}

#[tonic::async_trait]
impl Echo for EchoService {
    type SelectParagraphsStream = ResponseStream<pb::Paragraph>;

    async fn select_paragraphs(
        &self,
        request: Request<pb::SelectParagraphsRequest>,
    ) -> Result<Response<Self::SelectParagraphsStream>, Status> {
        let pick = Pick::of(request.get_ref());
        let canned = self.canned.clone();
        let n = pick.paragraphs(&canned).len();
        let stream =
            tokio_stream::iter((0..n).map(move |i| Ok(pick.paragraphs(&canned)[i].clone())));
        Ok(Response::new(Box::pin(stream)))
    }

    type QueryStream = ResponseStream<pb::QueryResponse>;

    async fn query(
        &self,
        request: Request<Streaming<pb::QueryRequest>>,
    ) -> Result<Response<Self::QueryStream>, Status> {
        let stream = EchoQuery {
            inbound: request.into_inner(),
            canned: self.canned.clone(),
            current: None,
        };
        Ok(Response::new(Box::pin(stream)))
    }

    async fn ingest_document(
        &self,
        _request: Request<pb::IngestDocumentRequest>,
    ) -> Result<Response<pb::DocumentSummary>, Status> {
        Ok(Response::new(
            self.canned.ingest.clone().unwrap_or_default(),
        ))
    }

    async fn locate_paragraphs(
        &self,
        _request: Request<pb::LocateParagraphsRequest>,
    ) -> Result<Response<pb::LocateParagraphsResponse>, Status> {
        Ok(Response::new(
            self.canned.locate.clone().unwrap_or_default(),
        ))
    }
}

/// The echo `Query` stream: like paragraphd's, one query at a time, each query's canned
/// paragraphs then its end marker.
struct EchoQuery {
    inbound: Streaming<pb::QueryRequest>,
    canned: Arc<Canned>,
    /// The current query: its id, its canned answer and how many paragraphs went out.
    current: Option<(String, Pick, usize)>,
}

impl EchoQuery {
    fn next_of_current(&mut self) -> Option<pb::QueryResponse> {
        let (id, pick, sent) = self.current.as_mut()?;
        let paragraphs = pick.paragraphs(&self.canned);
        let result = match paragraphs.get(*sent) {
            Some(paragraph) => {
                *sent += 1;
                return Some(respond(id.clone(), Res::Paragraph(paragraph.clone())));
            }
            None => Res::End(pb::QueryEnd {
                paragraph_count: *sent as u32,
            }),
        };
        let (id, _, _) = self.current.take()?;
        Some(respond(id, result))
    }
}

fn respond(query_id: String, result: Res) -> pb::QueryResponse {
    pb::QueryResponse {
        query_id,
        result: Some(result),
    }
}

impl Stream for EchoQuery {
    type Item = Result<pb::QueryResponse, Status>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(response) = this.next_of_current() {
                return Poll::Ready(Some(Ok(response)));
            }
            match Pin::new(&mut this.inbound).poll_next(cx) {
                Poll::Ready(Some(Ok(request))) => {
                    let pick = request.select.as_ref().map_or(Pick::Document, Pick::of);
                    this.current = Some((request.query_id, pick, 0));
                }
                Poll::Ready(Some(Err(status))) => return Poll::Ready(Some(Err(status))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
