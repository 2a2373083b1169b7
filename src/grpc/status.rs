//! The one mapping from domain errors to gRPC statuses.

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

use crate::error::Error;

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
            Error::DocumentNotFound(_) | Error::NotInDocument(_) => Status::not_found(message),
            Error::Overloaded(_) => Status::resource_exhausted(message),
            Error::ShuttingDown => Status::unavailable(message),
            Error::DeadlineExceeded => Status::deadline_exceeded(message),
            Error::Unreadable(_) => Status::invalid_argument(message),
            Error::FailedPrecondition(_) => Status::failed_precondition(message),
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
