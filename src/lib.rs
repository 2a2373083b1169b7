//! paragraphd: parses UN reports into numbered paragraphs and serves paragraph queries over gRPC.
//!
//! Layers, from the bytes up: [`extract`] (one format → pages of lines), [`parse`] (lines →
//! [`model::Document`], pure), [`refs`] (the citations its text makes, pure), [`query`] (which
//! paragraphs a selection picks, pure), [`store`]
//! (snapshots in memory), [`grpc`] (the only code that knows tonic and the wire), [`server`]
//! (running it); [`metrics`] names every metric the service records. The library holds the
//! service only: the benchmark is the `paragraphd-bench`
//! example and the accuracy harness lives with the tests. See `ARCHITECTURE.md`.

pub mod corpus;
pub mod error;
pub mod export;
pub mod extract;
pub mod grpc;
pub mod language;
pub mod logging;
pub mod metrics;
pub mod model;
pub mod parse;
pub(crate) mod pattern;
pub mod pb;
pub mod query;
pub mod refs;
pub mod search;
pub mod server;
pub mod store;
pub mod watched;
