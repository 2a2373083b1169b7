//! The Prometheus endpoint (`--metrics-listen`, issue 24): the real binary, scraped over HTTP by
//! `tests/clients/scrape_metrics.py`, which parses the text with the real Prometheus parser
//! (`prometheus_client`), before and after calls made with grpcurl: the counters move with
//! those calls, by method and status code, and the messages-per-stream histogram by method.

use std::thread;
use std::time::Duration;

use serde_json::Value;

use crate::common::clients::{README_ADDR, Server, json_values};

/// One parsed sample.
#[derive(Debug, Clone)]
struct Sample {
    name: String,
    labels: serde_json::Map<String, Value>,
    value: f64,
}

/// Scrapes `server`'s endpoint once; every sample, as the Prometheus parser read it.
fn scrape(server: &Server) -> Vec<Sample> {
    let run = server.python(&["tests/clients/scrape_metrics.py", &server.metrics_addr]);
    run.assert_code(0);
    json_values(&run.stdout())
        .into_iter()
        .map(|v| Sample {
            name: v["name"].as_str().expect("name").to_owned(),
            labels: v["labels"].as_object().expect("labels").clone(),
            value: v["value"].as_f64().expect("value"),
        })
        .collect()
}

/// The value of the sample `name` whose labels include every pair of `labels`; 0 if none.
fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|s| s.name == name)
        .filter(|s| {
            labels
                .iter()
                .all(|(k, v)| s.labels.get(*k) == Some(&Value::from(*v)))
        })
        .map(|s| s.value)
        .sum()
}

/// Calls of `method` that ended with status `code`.
fn calls(samples: &[Sample], method: &str, code: &str) -> f64 {
    value(
        samples,
        "rpc_server_calls_total",
        &[
            ("rpc_system", "grpc"),
            ("rpc_service", "paragraphd.v1.Documents"),
            ("rpc_method", method),
            ("rpc_grpc_status_code", code),
        ],
    )
}

/// Scrapes until `done` holds of the samples (an RPC is recorded when its response body ends,
/// just after the client has its answer), at most 100 times 20 ms apart.
fn scrape_until(server: &Server, done: impl Fn(&[Sample]) -> bool) -> Vec<Sample> {
    let mut samples = scrape(server);
    for _ in 0..100 {
        if done(&samples) {
            return samples;
        }
        thread::sleep(Duration::from_millis(20));
        samples = scrape(server);
    }
    samples
}

#[test]
fn counters_move_with_the_calls_by_method_and_status_code() {
    let server = Server::start_with(&["--metrics-listen", "127.0.0.1:0"]);
    let before = scrape(&server);
    assert_eq!(calls(&before, "SelectParagraphs", "0"), 0.0);
    assert_eq!(value(&before, "paragraphd_corpus_documents", &[]), 1.0);
    assert!(value(&before, "paragraphd_corpus_paragraphs", &[]) > 0.0);
    assert!(value(&before, "process_resident_memory_bytes", &[]) > 0.0);

    let select = r#"{"document":"A/HRC/52/71","selectors":[{"number":"58"}]}"#;
    for _ in 0..3 {
        let args = ["-plaintext", "-d", select, README_ADDR];
        let mut args = args.to_vec();
        args.push("paragraphd.v1.Documents/SelectParagraphs");
        server.grpcurl(&args).assert_code(0);
    }
    let missing = r#"{"document":"A/HRC/99/999"}"#;
    for _ in 0..2 {
        let args = ["-plaintext", "-d", missing, README_ADDR];
        let mut args = args.to_vec();
        args.push("paragraphd.v1.Documents/GetDocument");
        server.grpcurl(&args).assert_code(64 + 5);
    }

    // A stream's messages are recorded when the stream is dropped, after its call may be.
    let streams = |s: &[Sample]| {
        let labels = [("rpc_method", "SelectParagraphs")];
        value(s, "rpc_server_responses_per_rpc_count", &labels)
    };
    let after = scrape_until(&server, |s| {
        calls(s, "SelectParagraphs", "0") >= 3.0
            && calls(s, "GetDocument", "5") >= 2.0
            && streams(s) >= 3.0
    });
    assert_eq!(calls(&after, "SelectParagraphs", "0"), 3.0);
    assert_eq!(calls(&after, "GetDocument", "5"), 2.0);
    assert_eq!(calls(&after, "GetDocument", "0"), 0.0);
    let durations = value(
        &after,
        "rpc_server_call_duration_seconds_count",
        &[("rpc_method", "SelectParagraphs")],
    );
    assert_eq!(durations, 3.0, "one duration per call");
    // Three SelectParagraphs streams of one paragraph each: three streams, three messages, under
    // that method's labels; the unary GetDocument sends no stream.
    let per_stream = |suffix: &str, method: &str| {
        let name = format!("rpc_server_responses_per_rpc_{suffix}");
        let labels = [
            ("rpc_system", "grpc"),
            ("rpc_service", "paragraphd.v1.Documents"),
            ("rpc_method", method),
        ];
        (
            value(&before, &name, &labels),
            value(&after, &name, &labels),
        )
    };
    assert_eq!(
        per_stream("count", "SelectParagraphs"),
        (0.0, 3.0),
        "streams"
    );
    assert_eq!(
        per_stream("sum", "SelectParagraphs"),
        (0.0, 3.0),
        "messages"
    );
    let bucket = |le: &str| {
        let labels = [("rpc_method", "SelectParagraphs"), ("le", le)];
        value(&after, "rpc_server_responses_per_rpc_bucket", &labels)
    };
    assert_eq!((bucket("0"), bucket("1")), (0.0, 3.0), "one message each");
    assert_eq!(per_stream("count", "GetDocument"), (0.0, 0.0));
}

#[test]
fn only_get_metrics_is_served() {
    let server = Server::start_with(&["--metrics-listen", "127.0.0.1:0"]);
    let script = "import sys, urllib.request, urllib.error\n\
                  try:\n    urllib.request.urlopen('http://' + sys.argv[1] + '/other')\n\
                  except urllib.error.HTTPError as e:\n    print(e.code)\n";
    let run = server.python(&["-c", script, &server.metrics_addr]);
    assert_eq!(
        run.assert_code(0).stdout().trim(),
        "404",
        "{}",
        run.describe()
    );
}
