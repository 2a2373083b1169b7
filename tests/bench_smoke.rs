//! Smoke test of the benchmark (issue 8): `paragraphd-bench suite` runs every scenario for a
//! fraction of a second against the real `paragraphd` binary and the echo baseline, over
//! loopback, and writes results and tables. Keeps the load generator from rotting; the numbers
//! themselves mean nothing in a debug build.
//!
//! The benchmark is an example of its own (`examples/paragraphd-bench`), so the service library
//! links none of it: `cargo test` builds it with the tests, and the test asks cargo for its
//! executable (`cargo build --example`, a no-op then; it builds the example when only the test
//! binary was built, as by `cargo test --test all`) and reads its results as JSON.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The `paragraphd-bench` executable, of this test binary's profile.
fn bench_binary() -> PathBuf {
    let mut cargo = Command::new(env!("CARGO"));
    cargo
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--example", "paragraphd-bench"])
        .arg("--message-format=json-render-diagnostics");
    if !cfg!(debug_assertions) {
        cargo.arg("--release");
    }
    let output = cargo.output().expect("run cargo build");
    assert!(
        output.status.success(),
        "cargo build --example paragraphd-bench failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "paragraphd-bench")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .expect("cargo reported the paragraphd-bench executable")
}

#[test]
fn bench_suite_runs_every_scenario_against_real_servers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    assert!(
        corpus.is_dir(),
        "the shared corpus is missing at {}",
        corpus.display()
    );
    let results = dir.path().join("results.json");
    let markdown = dir.path().join("BENCHMARKS.md");
    let output = Command::new(bench_binary())
        .args([
            "suite",
            "--parts",
            "serving",
            "--pinning",
            "unpinned",
            "--reps",
            "1",
        ])
        .args(["--warmup", "100ms", "--duration", "400ms"])
        .args([
            "--connections",
            "2",
            "--in-flight",
            "2",
            "--ingest-rate",
            "20",
        ])
        .arg("--server-bin")
        .arg(env!("CARGO_BIN_EXE_paragraphd"))
        .arg("--corpus")
        .arg(&corpus)
        .arg("--work-dir")
        .arg(dir.path().join("work"))
        .arg("--results")
        .arg(&results)
        .arg("--markdown")
        .arg(&markdown)
        .arg("--plot")
        .arg(dir.path().join("plot.png"))
        .output()
        .expect("run paragraphd-bench");
    assert!(
        output.status.success(),
        "paragraphd-bench failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Value =
        serde_json::from_slice(&std::fs::read(&results).expect("results written")).expect("JSON");
    let serving = results["serving"].as_array().expect("serving results");
    assert_eq!(serving.len(), 6, "one result per scenario");
    let empty = Vec::new();
    let runs = |scenario: &Value, target: &str| -> Vec<Value> {
        scenario[target].as_array().unwrap_or(&empty).clone()
    };
    for scenario in serving {
        let all = [runs(scenario, "paragraphd"), runs(scenario, "echo")].concat();
        assert!(!all.is_empty(), "no runs: {scenario}");
        for run in &all {
            let what = format!("{} on {}", run["scenario"], run["target"]);
            let main = &run["main"];
            assert!(
                main["calls"].as_u64() > Some(0),
                "{what}: no calls completed"
            );
            assert!(
                main["messages"].as_u64() > Some(0),
                "{what}: no messages streamed"
            );
            assert!(none(&main["errors"]), "{what}: errors {}", main["errors"]);
            let ingest = &run["ingest"];
            if !ingest.is_null() {
                assert!(
                    ingest["calls"].as_u64() > Some(0),
                    "{what}: no ingest completed"
                );
                assert!(
                    none(&ingest["errors"]),
                    "{what}: ingest errors {}",
                    ingest["errors"]
                );
            }
        }
    }
    let tables = std::fs::read_to_string(&markdown).expect("markdown written");
    assert!(tables.contains("(a) one paragraph by number"), "{tables}");
    assert!(tables.contains("(f) locate a 12-word quote"), "{tables}");
    assert!(
        tables.contains("<!-- /bench:serving-unpinned -->"),
        "{tables}"
    );
}

/// Whether an error count (an object of counts by status code) is empty or absent.
fn none(errors: &Value) -> bool {
    errors.is_null() || errors.as_object().is_some_and(serde_json::Map::is_empty)
}

/// `hostile-bench` (issue 19) in a tiny run: the three phases run, the stalled streams are held,
/// and the ordinary calls succeed throughout.
#[test]
fn hostile_bench_measures_ordinary_calls_quiet_and_under_hostile_traffic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let output = Command::new(bench_binary())
        .args(["hostile-bench", "--duration", "300ms"])
        .args(["--flood-streams", "2", "--stalled-connections", "1"])
        .args(["--stalled-streams", "5"])
        .arg("--server-bin")
        .arg(env!("CARGO_BIN_EXE_paragraphd"))
        .arg("--corpus")
        .arg(&corpus)
        .arg("--work-dir")
        .arg(dir.path())
        .output()
        .expect("run paragraphd-bench hostile-bench");
    assert!(
        output.status.success(),
        "paragraphd-bench hostile-bench failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let phases = report["phases"].as_array().expect("phases");
    let names: Vec<&str> = phases.iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, ["quiet", "hostile", "quiet"], "{report}");
    for phase in phases {
        assert!(phase["calls"].as_u64() > Some(0), "{phase}");
        assert_eq!(phase["errors"].as_u64(), Some(0), "{phase}");
        assert!(phase["p99_us"].as_u64() > Some(0), "{phase}");
    }
    assert_eq!(
        phases[1]["stalled_streams_held"].as_u64(),
        Some(5),
        "{report}"
    );
    assert!(report["p99_ratio"].as_f64() > Some(0.0), "{report}");
}

/// `security-bench` (issue 24) in a tiny run: the plaintext server and the one with TLS and a
/// bearer token both answer the same load without a failed call (a refused token or a failed
/// handshake fails the run), and the report has both sides' calls/s and p99.
#[test]
fn security_bench_measures_tls_and_auth_on_against_off() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = Command::new(bench_binary())
        .args(["security-bench", "--pairs", "1", "--connections", "2"])
        .args(["--warmup", "100ms", "--duration", "300ms"])
        .arg("--server-bin")
        .arg(env!("CARGO_BIN_EXE_paragraphd"))
        .arg("--work-dir")
        .arg(dir.path())
        .output()
        .expect("run paragraphd-bench security-bench");
    assert!(
        output.status.success(),
        "paragraphd-bench security-bench failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    for side in ["off", "on"] {
        assert!(
            report[side]["median_calls_per_s"].as_f64() > Some(0.0),
            "{report}"
        );
        assert!(
            report[side]["median_p99_us"].as_f64() > Some(0.0),
            "{report}"
        );
    }
    assert!(report["calls_ratio"].as_f64() > Some(0.0), "{report}");
    let log = std::fs::read_to_string(dir.path().join("security/paragraphd-on.log")).expect("log");
    assert!(log.contains("TLS on"), "{log}");
}

/// `align-bench` (issue 21) in a tiny run: the English and French PDFs of the multilingual pair
/// are ingested, both loops answer without a failed call (one fails the run), every paragraph
/// number of the pair is a row, and the report has both sides' rates and their ratio.
#[test]
fn align_bench_measures_aligning_two_languages_against_selecting_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let output = Command::new(bench_binary())
        .args(["align-bench", "--pairs", "1", "--connections", "1"])
        .args([
            "--in-flight",
            "1",
            "--warmup",
            "100ms",
            "--duration",
            "300ms",
        ])
        .arg("--server-bin")
        .arg(env!("CARGO_BIN_EXE_paragraphd"))
        .arg("--corpus")
        .arg(&corpus)
        .arg("--work-dir")
        .arg(dir.path())
        .output()
        .expect("run paragraphd-bench align-bench");
    assert!(
        output.status.success(),
        "paragraphd-bench align-bench failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert_eq!(report["symbol"], "A/HRC/WG.6/7/ITA/1", "{report}");
    assert!(report["rows_per_call"].as_u64() >= Some(138), "{report}");
    assert!(
        report["paragraphs_per_call"].as_u64() >= Some(138),
        "{report}"
    );
    for side in ["align", "select"] {
        assert!(
            report[side]["median_items_per_s"].as_f64() > Some(0.0),
            "{report}"
        );
    }
    assert!(report["ratio"].as_f64() > Some(0.0), "{report}");
}
