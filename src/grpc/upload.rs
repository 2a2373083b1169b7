//! Gathering a client-streamed upload: a header message, then chunks, bounded in total size.

use tokio_stream::StreamExt;
use tonic::{Status, Streaming};

use crate::corpus::admission::Admission;
use crate::corpus::writer::IngestRequest;
use crate::error::Error;
use crate::grpc::convert;
use crate::pb::{self, upload_document_request::Part};

/// Reads the header and every chunk; fails with RESOURCE_EXHAUSTED past `max_bytes`, or when
/// `admission` cannot reserve the memory the content gathered so far will take to parse (checked
/// before each chunk is kept).
pub(crate) async fn gather(
    mut parts: Streaming<pb::UploadDocumentRequest>,
    max_bytes: usize,
    admission: &mut Admission,
) -> Result<IngestRequest, Status> {
    let header = match parts.next().await.transpose().map_err(oversized)? {
        Some(pb::UploadDocumentRequest {
            part: Some(Part::Header(header)),
        }) => header,
        _ => return Err(Error::invalid("header", "the first message must be the header").into()),
    };
    let mut content = Vec::new();
    while let Some(message) = parts.next().await.transpose().map_err(oversized)? {
        match message.part {
            Some(Part::Chunk(chunk)) => {
                if content.len() + chunk.len() > max_bytes {
                    let why = format!(
                        "the document is over the limit of {max_bytes} bytes \
                         (--max-upload-bytes)"
                    );
                    return Err(Error::TooLarge(why).into());
                }
                admission.reserve(content.len() + chunk.len())?;
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

/// A chunk over the message limit gets the status of every size bound.
fn oversized(status: Status) -> Status {
    crate::grpc::status::oversized_message(&status).unwrap_or(status)
}
