//! The one mapping from domain errors to gRPC statuses.

use std::collections::HashMap;

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

use crate::error::Error;
use crate::extract::ExtractError;

/// The `google.rpc.ErrorInfo` reason of a PERMISSION_DENIED: its metadata names the `role`.
pub(crate) const ROLE_REQUIRED: &str = "ROLE_REQUIRED";
/// The `google.rpc.ErrorInfo` domain of paragraphd's errors.
const DOMAIN: &str = "paragraphd";

impl From<Error> for Status {
    fn from(error: Error) -> Self {
        let message = error.to_string();
        match error {
            Error::InvalidArgument(violations) => {
                let details = ErrorDetails::with_bad_request(
                    violations
                        .into_iter()
                        .map(|v| tonic_types::FieldViolation::new(v.field, v.description))
                        .collect::<Vec<_>>(),
                );
                Status::with_error_details(Code::InvalidArgument, message, details)
            }
            Error::DocumentNotFound { .. }
            | Error::LanguageNotHeld { .. }
            | Error::NotInDocument(_) => Status::not_found(message),
            Error::Overloaded(_) | Error::TooLarge(_) => Status::resource_exhausted(message),
            Error::ShuttingDown => Status::unavailable(message),
            Error::DeadlineExceeded => Status::deadline_exceeded(message),
            // Over the size cap: the same code as an upload over it.
            Error::Unreadable(ExtractError::TooLarge { .. }) => Status::resource_exhausted(message),
            // The machine was too busy to give the input its CPU budget: retry later.
            Error::Unreadable(ExtractError::Starved { .. }) => Status::resource_exhausted(message),
            Error::Unreadable(_) => Status::invalid_argument(message),
            // The request is well formed; the document's state (no geometry) refuses it, and
            // the same request on the report's PDF succeeds.
            Error::FailedPrecondition(_) | Error::NoGeometry(_) => {
                Status::failed_precondition(message)
            }
            Error::Unauthenticated(_) => Status::unauthenticated(message),
            Error::PermissionDenied { method, role, .. } => {
                let info = HashMap::from([
                    ("role".to_owned(), role.to_owned()),
                    ("method".to_owned(), method),
                ]);
                let details = ErrorDetails::with_error_info(ROLE_REQUIRED, DOMAIN, info);
                Status::with_error_details(Code::PermissionDenied, message, details)
            }
            Error::Internal(_) => Status::internal(message),
        }
    }
}

/// The `QueryError` a failed query on a `Query` stream carries: same code and violations.
pub(crate) fn query_error(error: Error) -> crate::pb::QueryError {
    let violations = match &error {
        Error::InvalidArgument(v) => v
            .iter()
            .map(|v| crate::pb::FieldViolation {
                field: v.field.clone(),
                description: v.description.clone(),
            })
            .collect(),
        _ => Vec::new(),
    };
    let status = Status::from(error);
    crate::pb::QueryError {
        code: status.code() as i32,
        message: status.message().to_owned(),
        field_violations: violations,
    }
}

/// tonic refuses a request message over the decode limit with `OUT_OF_RANGE` ("decoded message
/// length too large: found N bytes, the limit is: M bytes") before any handler runs; the gRPC
/// specification says `RESOURCE_EXHAUSTED`. This gives the status paragraphd sends for every
/// size bound instead ([`Error::TooLarge`]), or `None` for any other status.
pub(crate) fn oversized_message(status: &Status) -> Option<Status> {
    if status.code() != Code::OutOfRange || !status.message().contains("message length too large") {
        return None;
    }
    let numbers: Vec<&str> = status
        .message()
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    let why = match numbers.as_slice() {
        [found, limit, ..] => format!(
            "the request message is {found} bytes, over the limit of {limit} bytes per message \
             (--max-message-bytes); send a larger document with UploadDocument, in chunks"
        ),
        _ => "the request message is over the limit per message (--max-message-bytes); send a \
              larger document with UploadDocument, in chunks"
            .to_owned(),
    };
    Some(Error::TooLarge(why).into())
}
