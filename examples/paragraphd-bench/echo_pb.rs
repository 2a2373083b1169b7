//! Generated code of the baseline echo service (`proto/paragraphd/bench/v1/echo.proto`). Its
//! messages are the API's own (`crate::pb`, the library's `pb` imported at the crate root);
//! only the service and `Canned` are new here.

#![allow(
    missing_docs,
    unreachable_pub,
    dead_code,
    clippy::all,
    clippy::pedantic
)]

include!(concat!(env!("OUT_DIR"), "/bench/paragraphd.bench.v1.rs"));
