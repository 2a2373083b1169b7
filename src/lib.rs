//! paragraphd: parses UN reports into numbered paragraphs and serves paragraph queries over gRPC.

pub mod extract;
pub mod model;
pub mod parse;
