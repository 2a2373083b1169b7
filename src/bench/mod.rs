//! Benchmarks of paragraphd against a baseline measured in the same run (issue 8), driven by
//! the `paragraphd-bench` binary and `scripts/bench.sh`; the method is in `BENCHMARKS.md`.
//!
//! - [`load`]: the load generator (N connections × M calls in flight for T seconds, closed loop
//!   or at a fixed offered rate), with latency in an HDR histogram ([`stats`]).
//! - [`scenario`]: what is sent: (a) one paragraph, (b) a whole document, (c) a citation, (d) a
//!   `Query` stream, (e) reads with concurrent ingests.
//! - [`echo`]: the baseline, an empty service with the same messages, served the same way.
//! - [`suite`]: servers and load runs as child processes, pinned or not, interleaved A B A B;
//!   medians and ratios. [`parsing`], [`pdf`] and [`startup`] measure the rest.
//! - [`report`] and [`plot`]: the tables of `BENCHMARKS.md` and the PNG.

pub mod client;
pub mod echo;
pub mod load;
pub mod machine;
pub mod parsing;
pub mod pb;
pub mod pdf;
pub mod plot;
pub mod procs;
pub mod report;
pub mod scenario;
pub mod serving;
pub mod startup;
pub mod stats;
pub mod suite;
pub mod tables;

pub use client::Target;
pub use scenario::{Scenario, Workload};

/// Why a benchmark step failed.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
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
