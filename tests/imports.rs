//! The import rules of issue 17, checked by `scripts/check_imports.py` over `src/`: no pass of
//! `src/parse` imports another, no import cycle, `src/extract` imports nothing from
//! `crate::parse`, and the service library uses no benchmark crate (`plotters`, `hdrhistogram`,
//! `criterion`). The script's self-test proves on fixture trees that each rule can fail.

use std::process::{Command, Output};

fn check_imports(args: &[&str]) -> Output {
    Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/check_imports.py"
        ))
        .args(args)
        .output()
        .expect("run python3 scripts/check_imports.py")
}

fn explain(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn the_source_keeps_the_import_rules() {
    let output = check_imports(&[]);
    assert!(output.status.success(), "{}", explain(&output));
}

#[test]
fn each_import_rule_can_fail() {
    let output = check_imports(&["--self-test"]);
    assert!(output.status.success(), "{}", explain(&output));
}
