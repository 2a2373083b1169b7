//! The `paragraphd.v1.Documents` service: thin handlers that validate, convert, call the domain
//! and convert back.

use std::sync::Arc;

use tonic::{Request, Response, Status, Streaming};

use crate::corpus::writer::Writer;
use crate::error::Error;
use crate::grpc::align::Aligned;
use crate::grpc::convert;
use crate::grpc::convert::request::SelectLimits;
use crate::grpc::heavy::HeavyGate;
use crate::grpc::query_stream::QueryStream;
use crate::grpc::quote_cache::QuoteCache;
use crate::grpc::search::Searched;
use crate::grpc::select::Selected;
use crate::grpc::slots::{self, Connection, Slots};
use crate::grpc::stream::{Guarded, ResponseStream, StreamContext, grpc_timeout};
use crate::grpc::{cited_by, upload, watch};
use crate::model::Document;
use crate::pb;
use crate::query::locate::Target;
use crate::store::Store;

/// The bounds the service enforces on requests and streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most response streams open at once, server-wide.
    pub max_streams: usize,
    /// Most response streams one peer address holds at once.
    pub max_streams_per_peer: usize,
    /// Longest a response stream may stay blocked on its peer (no flow-control credit) before
    /// its slot is taken back and its connection closed.
    pub send_timeout: std::time::Duration,
    /// Bounds on one selection.
    pub select: SelectLimits,
    /// Largest response message, in bytes.
    pub max_message_bytes: usize,
    /// Heavy selections evaluating at once ([`crate::grpc::heavy`]); the others wait.
    pub max_heavy_selections: usize,
}

impl Limits {
    /// The defaults, with at most `max_streams` open streams (and per peer).
    pub fn with_max_streams(max_streams: usize) -> Self {
        Self {
            max_streams,
            max_streams_per_peer: max_streams,
            send_timeout: slots::DEFAULT_SEND_TIMEOUT,
            select: SelectLimits::default(),
            max_message_bytes: 4 * 1024 * 1024,
            max_heavy_selections: crate::grpc::heavy::default_max_heavy_selections(),
        }
    }
}

/// The service: the corpus store plus the stream slots and request bounds.
#[derive(Debug, Clone)]
pub struct DocumentsService {
    store: Arc<Store>,
    writer: Arc<Writer>,
    slots: Slots,
    limits: Limits,
    ctx: StreamContext,
    heavy: HeavyGate,
    quotes: QuoteCache,
}

impl DocumentsService {
    /// A service over `store`, writing through `writer`, allowing at most `max_streams` open
    /// response streams.
    pub fn new(store: Arc<Store>, writer: Arc<Writer>, max_streams: usize) -> Self {
        Self::with_context(
            store,
            writer,
            Limits::with_max_streams(max_streams),
            StreamContext::default(),
        )
    }

    pub(crate) fn with_context(
        store: Arc<Store>,
        writer: Arc<Writer>,
        limits: Limits,
        ctx: StreamContext,
    ) -> Self {
        Self {
            store,
            writer,
            slots: Slots::new(
                limits.max_streams,
                limits.max_streams_per_peer,
                limits.send_timeout,
            ),
            heavy: HeavyGate::new(limits.max_heavy_selections, ctx.metrics.heavy().clone()),
            limits,
            ctx,
            quotes: QuoteCache::default(),
        }
    }

    /// Ends streams blocked on their peers until `shutdown` (a task the server spawns).
    pub(crate) fn reaper(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        self.slots.clone().reap(self.ctx.shutdown.clone())
    }

    /// The layer that watches every response body on `connection` with this service's reaper
    /// (unary answers too: see [`crate::grpc::response_watch`]).
    pub(crate) fn response_watch(
        &self,
        connection: Connection,
    ) -> crate::grpc::response_watch::ResponseWatchLayer {
        crate::grpc::response_watch::ResponseWatchLayer::new(self.slots.clone(), connection)
    }

    /// Streams the reaper ended because their peer stopped reading.
    pub fn streams_reaped(&self) -> u64 {
        self.slots.reaped()
    }

    /// The service's counters.
    pub fn metrics(&self) -> &crate::grpc::stream::Metrics {
        &self.ctx.metrics
    }

    /// Wraps a response stream: takes a slot (or fails with RESOURCE_EXHAUSTED) and applies
    /// shutdown and the caller's deadline.
    fn guard<T, S>(&self, call: &Call, inner: S) -> Result<ResponseStream<T>, Status>
    where
        S: tokio_stream::Stream<Item = Result<T, Status>> + Unpin + Send + 'static,
        T: Send + 'static,
    {
        let slot = self
            .slots
            .acquire(call.peer, call.connection.clone(), call.deadline)?;
        let rpc = (pb::documents_server::SERVICE_NAME, call.method);
        Ok(Box::pin(Guarded::new(
            inner,
            &self.ctx,
            rpc,
            call.deadline,
            Some(slot),
        )))
    }
}

/// What a stream's guard needs to know about its call.
struct Call {
    /// The RPC's method name (`SelectParagraphs`), for the stream's metrics.
    method: &'static str,
    peer: Option<std::net::IpAddr>,
    connection: Option<Connection>,
    deadline: Option<tokio::time::Instant>,
}

impl Call {
    /// The call of `request` to the Documents RPC `method`.
    fn of<T>(request: &Request<T>, method: &'static str) -> Self {
        Self {
            method,
            peer: request.remote_addr().map(|a| a.ip()),
            connection: request.extensions().get::<Connection>().cloned(),
            deadline: grpc_timeout(request.metadata()).map(|t| tokio::time::Instant::now() + t),
        }
    }
}

fn required(value: &str, field: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(
            field,
            format!("{field} is required: a document id or UN symbol such as A/HRC/52/71"),
        ));
    }
    Ok(())
}

/// The ordinals an export's selection picks; a selection naming paragraphs that picks none is
/// NOT_FOUND (the table of contents takes none).
fn export_ordinals(doc: &Document, export: &convert::ExportRequest) -> Result<Vec<u32>, Error> {
    if export.format == crate::export::Format::UwaziToc {
        return Ok(Vec::new());
    }
    let hits = crate::query::evaluate(doc, &export.selection)?;
    if hits.is_empty() {
        return Err(Error::NotInDocument(format!(
            "the selection names no paragraph of {}",
            crate::query::locate::document_name(doc)
        )));
    }
    Ok(hits.into_iter().map(|h| h.ordinal).collect())
}

#[tonic::async_trait]
impl pb::documents_server::Documents for DocumentsService {
    async fn get_document(
        &self,
        request: Request<pb::GetDocumentRequest>,
    ) -> Result<Response<pb::Document>, Status> {
        let pb::GetDocumentRequest {
            document,
            include_paragraphs,
            language,
        } = request.into_inner();
        required(&document, "document")?;
        let language = convert::language_field(&language, "language")?;
        let snapshot = self.store.snapshot();
        let doc = snapshot.resolve_in(&document, language)?;
        let max = self.limits.max_message_bytes;
        Ok(Response::new(convert::document_within(
            &snapshot,
            doc,
            include_paragraphs,
            max,
        )?))
    }

    type ListDocumentsStream = ResponseStream<pb::DocumentSummary>;

    async fn list_documents(
        &self,
        request: Request<pb::ListDocumentsRequest>,
    ) -> Result<Response<Self::ListDocumentsStream>, Status> {
        let call = Call::of(&request, "ListDocuments");
        let filter = convert::list_request(request.into_inner())?;
        let snapshot = self.store.snapshot();
        let summaries = snapshot
            .list(&filter)
            .into_iter()
            .map(move |d| Ok(convert::summary(&d, snapshot.languages_of(&d))));
        let summaries = tokio_stream::iter(summaries);
        Ok(Response::new(self.guard(&call, summaries)?))
    }

    type SelectParagraphsStream = ResponseStream<pb::Paragraph>;

    async fn select_paragraphs(
        &self,
        request: Request<pb::SelectParagraphsRequest>,
    ) -> Result<Response<Self::SelectParagraphsStream>, Status> {
        let call = Call::of(&request, "SelectParagraphs");
        let select = convert::select_request(request.into_inner(), "", self.limits.select)?;
        let selected = Selected::new(self.store.snapshot(), select, &self.heavy)?;
        Ok(Response::new(self.guard(&call, selected)?))
    }

    type QueryStream = ResponseStream<pb::QueryResponse>;

    async fn query(
        &self,
        request: Request<Streaming<pb::QueryRequest>>,
    ) -> Result<Response<Self::QueryStream>, Status> {
        let call = Call::of(&request, "Query");
        let responses = QueryStream::new(
            request.into_inner(),
            self.store.clone(),
            self.limits.select,
            self.heavy.clone(),
        );
        Ok(Response::new(self.guard(&call, responses)?))
    }

    async fn ingest_document(
        &self,
        request: Request<pb::IngestDocumentRequest>,
    ) -> Result<Response<pb::DocumentSummary>, Status> {
        let admission = self.writer.admit()?;
        let ingest = convert::ingest_request(request.into_inner())?;
        let ingested = self.writer.ingest(ingest, admission).await?;
        let languages = self.store.snapshot().languages_of(&ingested.document);
        Ok(Response::new(convert::ingested(&ingested, languages)))
    }

    async fn upload_document(
        &self,
        request: Request<Streaming<pb::UploadDocumentRequest>>,
    ) -> Result<Response<pb::DocumentSummary>, Status> {
        let mut admission = self.writer.admit()?;
        let max = self.writer.max_bytes();
        let ingest = upload::gather(request.into_inner(), max, &mut admission).await?;
        let ingested = self.writer.ingest(ingest, admission).await?;
        let languages = self.store.snapshot().languages_of(&ingested.document);
        Ok(Response::new(convert::ingested(&ingested, languages)))
    }

    async fn delete_document(
        &self,
        request: Request<pb::DeleteDocumentRequest>,
    ) -> Result<Response<pb::DeleteDocumentResponse>, Status> {
        let pb::DeleteDocumentRequest { document } = request.into_inner();
        required(&document, "document")?;
        let doc = self.writer.delete(&document).await?;
        Ok(Response::new(pb::DeleteDocumentResponse {
            id: doc.id.clone(),
            revision: doc.revision,
        }))
    }

    type AlignParagraphsStream = ResponseStream<pb::AlignParagraphsResponse>;

    async fn align_paragraphs(
        &self,
        request: Request<pb::AlignParagraphsRequest>,
    ) -> Result<Response<Self::AlignParagraphsStream>, Status> {
        let call = Call::of(&request, "AlignParagraphs");
        let align = convert::align_request(request.into_inner(), self.limits.select)?;
        let aligned = Aligned::new(&self.store.snapshot(), align)?;
        Ok(Response::new(self.guard(&call, aligned)?))
    }

    type CitedByStream = ResponseStream<pb::CitingParagraph>;

    async fn cited_by(
        &self,
        request: Request<pb::CitedByRequest>,
    ) -> Result<Response<Self::CitedByStream>, Status> {
        let call = Call::of(&request, "CitedBy");
        let request = convert::cited_by_request(request.into_inner(), self.limits.select)?;
        let citers = cited_by::citers(self.store.snapshot(), request)?;
        Ok(Response::new(self.guard(&call, citers)?))
    }

    async fn locate_paragraphs(
        &self,
        request: Request<pb::LocateParagraphsRequest>,
    ) -> Result<Response<pb::LocateParagraphsResponse>, Status> {
        let locate = convert::locate_request(request.into_inner())?;
        let snapshot = self.store.snapshot();
        let doc = snapshot.resolve_in(&locate.document, locate.language)?;
        let location = match &locate.target {
            Target::Quote(quote) => self.quotes.index(doc).locate(doc, quote)?,
            target => crate::query::locate::locate(doc, target)?,
        };
        Ok(Response::new(convert::located(doc, &location)))
    }

    type ExportDocumentStream = ResponseStream<pb::ExportChunk>;

    /// The export is written when the call starts (it is bounded by the document's size) and
    /// sent in chunks as the stream is polled.
    async fn export_document(
        &self,
        request: Request<pb::ExportDocumentRequest>,
    ) -> Result<Response<Self::ExportDocumentStream>, Status> {
        let call = Call::of(&request, "ExportDocument");
        let export = convert::export_request(request.into_inner(), self.limits.select)?;
        let snapshot = self.store.snapshot();
        let doc = snapshot.resolve_in(&export.document, export.language)?;
        let ordinals = export_ordinals(doc, &export)?;
        let out = crate::export::export(doc, export.format, &ordinals)?;
        let n_chunks = out.bytes.len().div_ceil(convert::EXPORT_CHUNK_BYTES).max(1);
        let chunks =
            (0..n_chunks).map(move |i| Ok(convert::export_chunk(out.content_type, &out.bytes, i)));
        Ok(Response::new(
            self.guard(&call, tokio_stream::iter(chunks))?,
        ))
    }

    type SearchParagraphsStream = ResponseStream<pb::SearchHit>;

    async fn search_paragraphs(
        &self,
        request: Request<pb::SearchParagraphsRequest>,
    ) -> Result<Response<Self::SearchParagraphsStream>, Status> {
        let call = Call::of(&request, "SearchParagraphs");
        let search = convert::search_request(request.into_inner(), "")?;
        let searched = Searched::new(self.store.snapshot(), search)?;
        Ok(Response::new(self.guard(&call, searched)?))
    }

    type WatchDocumentsStream = ResponseStream<pb::DocumentEvent>;

    async fn watch_documents(
        &self,
        request: Request<pb::WatchDocumentsRequest>,
    ) -> Result<Response<Self::WatchDocumentsStream>, Status> {
        let call = Call::of(&request, "WatchDocuments");
        let pb::WatchDocumentsRequest { include_snapshot } = request.into_inner();
        let events = watch::events(&self.store, include_snapshot);
        Ok(Response::new(self.guard(&call, events)?))
    }
}
