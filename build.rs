//! Compiles the protos with `protox` (no system `protoc`) into Rust code and descriptor sets.

use std::{env, fs, path::PathBuf};

use prost::Message as _;

const API_PROTOS: &[&str] = &[
    "proto/paragraphd/v1/document.proto",
    "proto/paragraphd/v1/documents.proto",
];
const ERROR_DETAILS_PROTO: &str = "proto/google/rpc/error_details.proto";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto");
    let out_dir = PathBuf::from(env::var("OUT_DIR")?);

    let api = protox::compile(API_PROTOS, ["proto"])?;
    fs::write(
        out_dir.join("paragraphd_descriptor.bin"),
        api.encode_to_vec(),
    )?;

    // Descriptors only, so reflection clients can render `google.rpc.BadRequest` details.
    let error_details = protox::compile([ERROR_DETAILS_PROTO], ["proto"])?;
    fs::write(
        out_dir.join("error_details_descriptor.bin"),
        error_details.encode_to_vec(),
    )?;

    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .compile_fds(api)?;
    Ok(())
}
