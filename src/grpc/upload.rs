//! Gathering a client-streamed upload: a header message, then chunks, bounded in total size.

use tokio_stream::StreamExt;
use tonic::{Status, Streaming};

use crate::corpus::writer::IngestRequest;
use crate::error::Error;
use crate::grpc::convert;
use crate::pb::{self, upload_document_request::Part};

/// Reads the header and every chunk; fails with RESOURCE_EXHAUSTED past `max_bytes`.
pub(crate) async fn gather(
    mut parts: Streaming<pb::UploadDocumentRequest>,
    max_bytes: usize,
) -> Result<IngestRequest, Status> {
    let header = match parts.next().await.transpose()? {
        Some(pb::UploadDocumentRequest {
            part: Some(Part::Header(header)),
        }) => header,
        _ => return Err(Error::invalid("header", "the first message must be the header").into()),
    };
    let mut content = Vec::new();
    while let Some(message) = parts.next().await.transpose()? {
        match message.part {
            Some(Part::Chunk(chunk)) => {
                if content.len() + chunk.len() > max_bytes {
                    let why = format!("upload is over the limit of {max_bytes} bytes");
                    return Err(Error::Overloaded(why).into());
                }
                content.extend_from_slice(&chunk);
            }
            Some(Part::Header(_)) => {
                return Err(
                    Error::invalid("header", "only the first message may be a header").into(),
                );
            }
            None => return Err(Error::invalid("part", "empty message: send a chunk").into()),
        }
    }
    Ok(convert::upload_header(header, content)?)
}
