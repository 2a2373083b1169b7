//! Compiles the protos with `protox` (no system `protoc`) into Rust code and descriptor sets.

use std::{env, fs, path::PathBuf};

use prost::Message as _;

const API_PROTOS: &[&str] = &[
    "proto/paragraphd/v1/document.proto",
    "proto/paragraphd/v1/documents.proto",
];
const ERROR_DETAILS_PROTO: &str = "proto/google/rpc/error_details.proto";
/// The benchmark's baseline echo service (`examples/paragraphd-bench/echo.rs`); not part of the API.
const BENCH_PROTO: &str = "proto/paragraphd/bench/v1/echo.proto";

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
    compile_bench(&out_dir)
}

/// The echo baseline, generated into `OUT_DIR/bench/` (its own copy of the imported API code
/// there is unused): it refers to the API messages in `crate::pb`, so both share one type.
fn compile_bench(out_dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let bench_dir = out_dir.join("bench");
    fs::create_dir_all(&bench_dir)?;
    let bench = protox::compile([BENCH_PROTO], ["proto"])?;
    tonic_prost_build::configure()
        .build_client(false)
        .build_server(true)
        .extern_path(".paragraphd.v1", "crate::pb")
        .out_dir(&bench_dir)
        .compile_fds(bench)?;
    Ok(())
}
