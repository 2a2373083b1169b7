//! Every integration test of paragraphd, in one test binary: one link instead of one per file
//! keeps `cargo test` fast and its disk use small (each test binary links all dependencies).
//!
//! Run one part with a filter, e.g. `cargo test --test all parse_text::` or `e2e_clients::`.
//! The modules, by ring:

// Shared helpers, and the accuracy harness the corpus bars use.
mod accuracy;
mod common;
mod pdf_support;

// Ring 1: data-driven tests of extraction, structure analysis, citations and queries.
mod citation;
mod citations_sample;
mod defect_classes;
mod fuzz;
mod languages;
mod parse_props;
mod parse_text;
mod pdf_boxes;
mod pdf_extract;
mod pdf_robustness;
mod pdf_structure;
mod query;
mod search;
mod store;

// The accuracy bars on the shared corpus (`../shared/corpus`).
mod akn_export;
mod corpus_accuracy;
mod corpus_snapshot;
mod locate_corpus;
mod pdf_accuracy;
mod search_relevance;

// Ring 2: service tests that call the handlers directly.
mod service;
mod service_cites;
mod service_languages;
mod service_locate;
mod service_search;

// Ring 3: end to end, over loopback, against an in-process server or the real binary, with
// real clients (grpcurl, Python grpcio).
mod auth;
mod e2e_binary;
mod e2e_cites;
mod e2e_clients;
mod e2e_corpus;
mod e2e_grpc;
mod e2e_languages;
mod e2e_locate;
mod e2e_query;
mod e2e_search;
mod hostile;
mod hostile_limits;
mod hostile_streams;
mod metrics_endpoint;
mod otlp_traces;
mod readme_commands;
mod tls;

// Artefacts: deployment manifests, the benchmark's smoke run, the import rules.
mod bench_smoke;
mod deploy;
mod imports;
