//! The accuracy bar on the shared corpus (`../shared/corpus`): fails when the corpus is missing.

use std::path::Path;

#[test]
fn corpus_meets_the_accuracy_bar() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    assert!(
        dir.join("upr/truth.jsonl").is_file(),
        "corpus missing at {}",
        dir.display()
    );
    let report = match crate::accuracy::run(dir) {
        Ok(r) => r,
        Err(e) => panic!("cannot measure the corpus: {e}"),
    };
    println!("{report}");
    let unmet = report.unmet();
    assert!(unmet.is_empty(), "accuracy bar not met: {unmet:#?}");
}
