//! The benchmark's error type.

/// Why a benchmark step failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BenchError {
    /// The server could not be reached.
    #[error("connecting to {addr}: {reason}")]
    Connect {
        /// The address tried.
        addr: String,
        /// Why it failed.
        reason: String,
    },
    /// A file or process operation failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// Results could not be read or written as JSON.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// Anything else, explained.
    #[error("{0}")]
    Other(String),
}
