//! Domain errors: what can go wrong with a request, independent of the wire.

use crate::extract::ExtractError;

/// A field of a request that is wrong, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldViolation {
    /// Path of the field, e.g. `selectors[0].number_range`.
    pub field: String,
    /// What is wrong.
    pub description: String,
}

impl FieldViolation {
    /// A violation of `field`.
    pub fn new(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            description: description.into(),
        }
    }
}

/// Every error a request can end with. The gRPC layer maps each variant to one status code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The request is malformed.
    #[error("invalid request: {}", summary(.0))]
    InvalidArgument(Vec<FieldViolation>),
    /// No document has this id or symbol; `hint` names the closest ones and where to list them
    /// ([`crate::store::Snapshot::not_found`]).
    #[error("document {key:?} not found; {hint}")]
    DocumentNotFound {
        /// The id or symbol asked for.
        key: String,
        /// What exists instead: the closest ids or symbols, and `ListDocuments`.
        hint: String,
    },
    /// The document's symbol is held, but not in the language asked for.
    #[error("document {symbol} is not held in {language}; it is held in {}", .held.join(", "))]
    LanguageNotHeld {
        /// The symbol (or id) asked for.
        symbol: String,
        /// The language asked for.
        language: String,
        /// The languages held for the symbol.
        held: Vec<String>,
    },
    /// The document exists but lacks what was asked for (e.g. a paragraph number).
    #[error("{0}")]
    NotInDocument(String),
    /// A point or rectangle was given for a document without page geometry (text input): only
    /// quotes locate in it. Names the document.
    #[error(
        "document {0} has no geometry (it was read from text, not a PDF): locate a quote in it, \
         or the PDF version"
    )]
    NoGeometry(String),
    /// The server is at its limit of concurrent work (retrying later can succeed).
    #[error("server busy: {0}")]
    Overloaded(String),
    /// The request, or what it would make, is over a size bound (retrying cannot succeed).
    #[error("too large: {0}")]
    TooLarge(String),
    /// The server is shutting down.
    #[error("server is shutting down")]
    ShuttingDown,
    /// The caller's deadline passed.
    #[error("deadline exceeded")]
    DeadlineExceeded,
    /// The input document could not be read.
    #[error("cannot ingest document: {0}")]
    Unreadable(#[from] ExtractError),
    /// The server's state does not allow this (e.g. read-only corpus).
    #[error("{0}")]
    FailedPrecondition(String),
    /// The request carries no credentials where the RPC needs some, or credentials that do not
    /// verify (unknown token, bad signature, expired).
    #[error("unauthenticated: {0}")]
    Unauthenticated(String),
    /// The caller is known but lacks the role the RPC needs.
    #[error("permission denied: {method} needs the role {role}; {principal} has {held}")]
    PermissionDenied {
        /// The RPC asked for (`IngestDocument`).
        method: String,
        /// The role it needs (`writer`).
        role: &'static str,
        /// Who asked.
        principal: String,
        /// The role they have (`reader`, or `no role`).
        held: String,
    },
    /// A bug or an I/O failure on the server's side.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// An invalid-argument error for one field.
    pub fn invalid(field: impl Into<String>, description: impl Into<String>) -> Self {
        Self::InvalidArgument(vec![FieldViolation::new(field, description)])
    }

    /// The same error with `prefix` put before the path of each field violation (`select.`
    /// for a selection inside a `Query` request).
    pub fn prefixed(self, prefix: &str) -> Self {
        match self {
            Self::InvalidArgument(violations) => Self::InvalidArgument(
                violations
                    .into_iter()
                    .map(|v| FieldViolation::new(format!("{prefix}{}", v.field), v.description))
                    .collect(),
            ),
            other => other,
        }
    }
}

fn summary(violations: &[FieldViolation]) -> String {
    violations
        .iter()
        .map(|v| format!("{}: {}", v.field, v.description))
        .collect::<Vec<_>>()
        .join("; ")
}
