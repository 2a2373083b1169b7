//! The metrics paragraphd records, named in one place: the names, their descriptions and the
//! one function that records each. Recording goes through the `metrics` facade, a no-op until a
//! recorder is installed (`server::metrics::install`, which `serve` does and the Prometheus
//! endpoint renders).
//!
//! RPC metrics follow the OpenTelemetry RPC semantic conventions, in Prometheus form
//! (`rpc.server.call.duration` → `rpc_server_call_duration_seconds`, attributes `rpc.system`,
//! `rpc.service`, `rpc.method`, `rpc.grpc.status_code` → labels with underscores). The others
//! are paragraphd's own, under `paragraphd_`.

use std::time::Duration;

/// `rpc.server.call.duration`: each RPC's duration, to the end of its response stream.
pub const RPC_DURATION: &str = "rpc_server_call_duration_seconds";
/// Calls by method and status code (the histogram's `_count` carries the same, per bucket set).
pub const RPC_CALLS: &str = "rpc_server_calls_total";
/// `rpc.server.responses_per_rpc`: messages sent on each response stream.
pub const RESPONSES_PER_RPC: &str = "rpc_server_responses_per_rpc";
/// Response streams holding a stream slot now.
pub const STREAMS_OPEN: &str = "paragraphd_streams_open";
/// Streams refused a slot (RESOURCE_EXHAUSTED), by `reason` (`server`, `peer`).
pub const STREAMS_REFUSED: &str = "paragraphd_streams_refused_total";
/// Documents the corpus holds.
pub const CORPUS_DOCUMENTS: &str = "paragraphd_corpus_documents";
/// Numbered paragraphs over every document held.
pub const CORPUS_PARAGRAPHS: &str = "paragraphd_corpus_paragraphs";
/// Source bytes of every document held.
pub const CORPUS_BYTES: &str = "paragraphd_corpus_bytes";
/// One input read and analysed (extraction and structure analysis), by `media_type` and
/// `outcome` (`ok`, `refused`): startup load, reload and the write RPCs alike.
pub const PARSE_DURATION: &str = "paragraphd_parse_duration_seconds";
/// One ingest RPC (IngestDocument, UploadDocument) from admission to acknowledgement, by
/// `outcome`.
pub const INGEST_DURATION: &str = "paragraphd_ingest_duration_seconds";
/// Rescans of the corpus directory that changed the store.
pub const RELOADS: &str = "paragraphd_corpus_reloads_total";
/// Files a rescan skipped (unreadable, refused).
pub const RELOAD_FAILURES: &str = "paragraphd_corpus_reload_failures_total";

/// Requests refused by authentication or authorisation, by `code`.
pub const AUTH_REFUSED: &str = "paragraphd_auth_refused_total";
/// Credential files (tokens, JWKS, certificates) loaded again after a change, by `file` and
/// `outcome`.
pub const CREDENTIAL_RELOADS: &str = "paragraphd_credential_reloads_total";

/// Histogram buckets of durations, in seconds: 1 ms to 30 s.
pub const DURATION_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];
/// Histogram buckets of messages per stream.
pub const COUNT_BUCKETS: &[f64] = &[
    0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 5000.0,
];

/// Registers the description (`# HELP`) and unit of every metric above.
pub fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_histogram!(
        RPC_DURATION,
        Unit::Seconds,
        "Duration of each RPC, to the end of its response stream."
    );
    describe_counter!(RPC_CALLS, "RPCs by service, method and gRPC status code.");
    describe_histogram!(
        RESPONSES_PER_RPC,
        Unit::Count,
        "Messages sent on each response stream."
    );
    describe_gauge!(STREAMS_OPEN, "Response streams holding a stream slot.");
    describe_counter!(
        STREAMS_REFUSED,
        "Streams refused a slot (RESOURCE_EXHAUSTED), by reason."
    );
    describe_gauge!(CORPUS_DOCUMENTS, "Documents the corpus holds.");
    describe_gauge!(
        CORPUS_PARAGRAPHS,
        "Numbered paragraphs over every document held."
    );
    describe_gauge!(
        CORPUS_BYTES,
        Unit::Bytes,
        "Source bytes of every document held."
    );
    describe_histogram!(
        PARSE_DURATION,
        Unit::Seconds,
        "Reading and analysing one input."
    );
    describe_histogram!(
        INGEST_DURATION,
        Unit::Seconds,
        "One ingest RPC, admission to acknowledgement."
    );
    describe_counter!(
        RELOADS,
        "Rescans of the corpus directory that changed the store."
    );
    describe_counter!(RELOAD_FAILURES, "Files a corpus rescan skipped.");
    describe_counter!(
        AUTH_REFUSED,
        "Requests refused by authentication or authorisation."
    );
    describe_counter!(
        CREDENTIAL_RELOADS,
        "Credential files loaded again after a change."
    );
}

/// One RPC ended: `path` is its HTTP/2 path (`/package.Service/Method`), `code` its gRPC
/// status code as a number (`rpc.grpc.status_code`).
pub fn rpc_ended(path: &str, code: i32, duration: Duration) {
    let (service, method) = split_path(path);
    let labels = [
        ("rpc_system", "grpc".to_owned()),
        ("rpc_service", service.to_owned()),
        ("rpc_method", method.to_owned()),
        ("rpc_grpc_status_code", code.to_string()),
    ];
    metrics::histogram!(RPC_DURATION, &labels).record(duration.as_secs_f64());
    metrics::counter!(RPC_CALLS, &labels).increment(1);
}

/// A response stream of the RPC `service`/`method` (`paragraphd.v1.Documents`,
/// `SelectParagraphs`) ended having sent `messages`.
pub fn stream_ended(service: &str, method: &str, messages: u64) {
    let labels = [
        ("rpc_system", "grpc".to_owned()),
        ("rpc_service", service.to_owned()),
        ("rpc_method", method.to_owned()),
    ];
    metrics::histogram!(RESPONSES_PER_RPC, &labels).record(messages as f64);
}

/// A stream took a slot (`+1`) or gave it back (`-1`).
pub fn stream_slot(delta: f64) {
    metrics::gauge!(STREAMS_OPEN).increment(delta);
}

/// A stream was refused a slot because the server (`"server"`) or its peer (`"peer"`) holds all
/// it may.
pub fn stream_refused(reason: &'static str) {
    metrics::counter!(STREAMS_REFUSED, "reason" => reason).increment(1);
}

/// The corpus now holds `documents` documents, `paragraphs` paragraphs and `bytes` source bytes.
pub fn corpus_size(documents: usize, paragraphs: usize, bytes: u64) {
    metrics::gauge!(CORPUS_DOCUMENTS).set(documents as f64);
    metrics::gauge!(CORPUS_PARAGRAPHS).set(paragraphs as f64);
    metrics::gauge!(CORPUS_BYTES).set(bytes as f64);
}

/// One input of `media_type` was read and analysed in `duration`, accepted (`ok`) or not.
pub fn parsed(media_type: &'static str, ok: bool, duration: Duration) {
    metrics::histogram!(PARSE_DURATION, "media_type" => media_type, "outcome" => outcome(ok))
        .record(duration.as_secs_f64());
}

/// One ingest RPC ended, acknowledged (`ok`) or refused, after `duration`.
pub fn ingested(ok: bool, duration: Duration) {
    metrics::histogram!(INGEST_DURATION, "outcome" => outcome(ok)).record(duration.as_secs_f64());
}

/// A rescan of the corpus directory changed the store; `skipped` files could not be taken.
pub fn reloaded(changed: bool, skipped: usize) {
    if changed {
        metrics::counter!(RELOADS).increment(1);
    }
    metrics::counter!(RELOAD_FAILURES).increment(skipped as u64);
}

/// A request was refused with `code` (`UNAUTHENTICATED`, `PERMISSION_DENIED`).
pub fn auth_refused(code: &'static str) {
    metrics::counter!(AUTH_REFUSED, "code" => code).increment(1);
}

/// A credential file (`tokens`, `jwks`, `certificate`) was loaded again after a change (`ok`),
/// or failed to be.
pub fn credential_reloaded(file: &'static str, ok: bool) {
    metrics::counter!(CREDENTIAL_RELOADS, "file" => file, "outcome" => outcome(ok)).increment(1);
}

fn outcome(ok: bool) -> &'static str {
    if ok { "ok" } else { "refused" }
}

/// `/package.Service/Method` → (`package.Service`, `Method`); anything else is its own service.
pub(crate) fn split_path(path: &str) -> (&str, &str) {
    path.trim_start_matches('/')
        .split_once('/')
        .unwrap_or((path, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grpc_path_splits_into_service_and_method() {
        assert_eq!(
            split_path("/paragraphd.v1.Documents/GetDocument"),
            ("paragraphd.v1.Documents", "GetDocument")
        );
        assert_eq!(split_path("/odd"), ("/odd", ""));
    }
}
