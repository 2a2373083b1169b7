//! The `paragraphd.v1.Documents` service: thin handlers that validate, convert, call the domain
//! and convert back.

use std::sync::Arc;

use tokio::sync::Semaphore;
use tonic::{Request, Response, Status, Streaming};

use crate::corpus::writer::Writer;
use crate::error::Error;
use crate::grpc::convert;
use crate::grpc::query_stream::QueryStream;
use crate::grpc::select::Selected;
use crate::grpc::stream::{Guarded, ResponseStream, StreamContext, grpc_timeout};
use crate::grpc::{upload, watch};
use crate::pb;
use crate::store::Store;

/// The service: the corpus store plus the server-wide stream limit.
#[derive(Debug, Clone)]
pub struct DocumentsService {
    store: Arc<Store>,
    writer: Arc<Writer>,
    streams: Arc<Semaphore>,
    max_streams: usize,
    ctx: StreamContext,
}

impl DocumentsService {
    /// A service over `store`, writing through `writer`, allowing at most `max_streams` open
    /// response streams.
    pub fn new(store: Arc<Store>, writer: Arc<Writer>, max_streams: usize) -> Self {
        Self::with_context(store, writer, max_streams, StreamContext::default())
    }

    pub(crate) fn with_context(
        store: Arc<Store>,
        writer: Arc<Writer>,
        max_streams: usize,
        ctx: StreamContext,
    ) -> Self {
        Self {
            store,
            writer,
            streams: Arc::new(Semaphore::new(max_streams)),
            max_streams,
            ctx,
        }
    }

    /// The service's counters.
    pub fn metrics(&self) -> &crate::grpc::stream::Metrics {
        &self.ctx.metrics
    }

    /// Wraps a response stream: takes a permit (or fails with RESOURCE_EXHAUSTED) and applies
    /// shutdown and the caller's deadline.
    fn guard<T, S>(
        &self,
        metadata: &tonic::metadata::MetadataMap,
        inner: S,
    ) -> Result<ResponseStream<T>, Status>
    where
        S: tokio_stream::Stream<Item = Result<T, Status>> + Unpin + Send + 'static,
        T: Send + 'static,
    {
        let permit = self.streams.clone().try_acquire_owned().map_err(|_| {
            Error::Overloaded(format!(
                "all {} stream slots are in use; retry with backoff",
                self.max_streams
            ))
        })?;
        Ok(Box::pin(Guarded::new(
            inner,
            &self.ctx,
            grpc_timeout(metadata),
            Some(permit),
        )))
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

#[tonic::async_trait]
impl pb::documents_server::Documents for DocumentsService {
    async fn get_document(
        &self,
        request: Request<pb::GetDocumentRequest>,
    ) -> Result<Response<pb::Document>, Status> {
        let pb::GetDocumentRequest {
            document,
            include_paragraphs,
        } = request.into_inner();
        required(&document, "document")?;
        let snapshot = self.store.snapshot();
        let doc = snapshot.resolve(&document)?;
        Ok(Response::new(convert::document(doc, include_paragraphs)))
    }

    type ListDocumentsStream = ResponseStream<pb::DocumentSummary>;

    async fn list_documents(
        &self,
        request: Request<pb::ListDocumentsRequest>,
    ) -> Result<Response<Self::ListDocumentsStream>, Status> {
        let metadata = request.metadata().clone();
        let filter = convert::list_request(request.into_inner());
        let docs = self.store.snapshot().list(&filter);
        let summaries = tokio_stream::iter(docs.into_iter().map(|d| Ok(convert::summary(&d))));
        Ok(Response::new(self.guard(&metadata, summaries)?))
    }

    type SelectParagraphsStream = ResponseStream<pb::Paragraph>;

    async fn select_paragraphs(
        &self,
        request: Request<pb::SelectParagraphsRequest>,
    ) -> Result<Response<Self::SelectParagraphsStream>, Status> {
        let metadata = request.metadata().clone();
        let select = convert::select_request(request.into_inner(), "")?;
        let selected = Selected::new(self.store.snapshot(), select)?;
        let paragraphs = tokio_stream::iter(selected.map(|r| r.map_err(Status::from)));
        Ok(Response::new(self.guard(&metadata, paragraphs)?))
    }

    type QueryStream = ResponseStream<pb::QueryResponse>;

    async fn query(
        &self,
        request: Request<Streaming<pb::QueryRequest>>,
    ) -> Result<Response<Self::QueryStream>, Status> {
        let metadata = request.metadata().clone();
        let responses = QueryStream::new(request.into_inner(), self.store.clone());
        Ok(Response::new(self.guard(&metadata, responses)?))
    }

    async fn ingest_document(
        &self,
        request: Request<pb::IngestDocumentRequest>,
    ) -> Result<Response<pb::DocumentSummary>, Status> {
        let ingest = convert::ingest_request(request.into_inner())?;
        let doc = self.writer.ingest(ingest).await?;
        Ok(Response::new(convert::summary(&doc)))
    }

    async fn upload_document(
        &self,
        request: Request<Streaming<pb::UploadDocumentRequest>>,
    ) -> Result<Response<pb::DocumentSummary>, Status> {
        self.writer.check_writable()?;
        let ingest = upload::gather(request.into_inner(), self.writer.max_bytes()).await?;
        let doc = self.writer.ingest(ingest).await?;
        Ok(Response::new(convert::summary(&doc)))
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

    type WatchDocumentsStream = ResponseStream<pb::DocumentEvent>;

    async fn watch_documents(
        &self,
        request: Request<pb::WatchDocumentsRequest>,
    ) -> Result<Response<Self::WatchDocumentsStream>, Status> {
        let metadata = request.metadata().clone();
        let pb::WatchDocumentsRequest { include_snapshot } = request.into_inner();
        let events = watch::events(&self.store, include_snapshot);
        Ok(Response::new(self.guard(&metadata, events)?))
    }
}
