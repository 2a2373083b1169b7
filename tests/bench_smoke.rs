//! Smoke test of the benchmark (issue 8): `paragraphd-bench suite` runs every scenario for a
//! fraction of a second against the real `paragraphd` binary and the echo baseline, over
//! loopback, and writes results and tables. Keeps the load generator from rotting; the numbers
//! themselves mean nothing in a debug build.

use std::path::Path;
use std::process::Command;

use paragraphd::bench::suite::SuiteResults;

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
    let output = Command::new(env!("CARGO_BIN_EXE_paragraphd-bench"))
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
    let results: SuiteResults =
        serde_json::from_slice(&std::fs::read(&results).expect("results written")).expect("JSON");
    assert_eq!(results.serving.len(), 5, "one result per scenario");
    for scenario in &results.serving {
        for run in scenario.paragraphd.iter().chain(&scenario.echo) {
            let what = format!("{:?} on {:?}", run.scenario, run.target);
            assert!(run.main.calls > 0, "{what}: no calls completed");
            assert!(run.main.messages > 0, "{what}: no messages streamed");
            assert!(
                run.main.errors.is_empty(),
                "{what}: errors {:?}",
                run.main.errors
            );
            if let Some(ingest) = &run.ingest {
                assert!(ingest.calls > 0, "{what}: no ingest completed");
                assert!(
                    ingest.errors.is_empty(),
                    "{what}: ingest errors {:?}",
                    ingest.errors
                );
            }
        }
    }
    let tables = std::fs::read_to_string(&markdown).expect("markdown written");
    assert!(tables.contains("(a) one paragraph by number"), "{tables}");
    assert!(
        tables.contains("<!-- /bench:serving-unpinned -->"),
        "{tables}"
    );
}
