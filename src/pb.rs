//! Generated protobuf and gRPC code, behind one module. Nothing else includes generated code.

#![allow(missing_docs, unreachable_pub, clippy::all, clippy::pedantic)]

include!(concat!(env!("OUT_DIR"), "/paragraphd.v1.rs"));

/// Encoded `FileDescriptorSet` of the `paragraphd.v1` protos, for reflection and JSON.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/paragraphd_descriptor.bin"));

/// Encoded `FileDescriptorSet` of `google/rpc/error_details.proto`, so reflection clients can
/// render `google.rpc.BadRequest` details.
pub const ERROR_DETAILS_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/error_details_descriptor.bin"));
