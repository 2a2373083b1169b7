//! The gRPC layer: the only code that knows tonic and the wire types.
//!
//! `convert` turns wire messages into domain requests and domain results into wire messages;
//! `status` maps every domain error to one status code; `documents` holds the thin handlers;
//! `select`, `query_stream`, `align` and `cited_by` are the lazy streams behind them; `heavy` bounds how many heavy
//! selections evaluate at once; `stream` bounds and ends them;
//! `response_watch` closes the connection of a peer that leaves any answer unread past the send
//! timeout; `auth` lets a request through or refuses it by its credentials and the role its RPC
//! needs; `logging` records one event per RPC; `render` prints documents for the command line
//! (proto3 JSON of the wire message, and an outline).

mod align;
pub mod auth;
mod cited_by;
pub mod convert;
mod documents;
pub mod heavy;
pub mod logging;
pub mod oversize;
mod query_stream;
pub(crate) mod quote_cache;
pub mod render;
pub(crate) mod response_watch;
mod search;
mod select;
pub mod slots;
pub(crate) mod status;
pub mod stream;
mod upload;
mod watch;

pub use convert::request::{DEFAULT_MAX_SELECTORS, SelectLimits};
pub use documents::{DocumentsService, Limits};
pub(crate) use stream::StreamContext;
