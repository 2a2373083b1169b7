//! The accuracy bar of the text path, measured on the corpus PDFs (`accuracy::Input::Pdf`):
//! UPR numbering, sections, start pages, metadata, no furniture, un2025 robustness. Fails
//! when the corpus is missing.

use std::path::Path;

use crate::accuracy::{self, Input};

#[test]
fn corpus_pdfs_meet_the_accuracy_bar() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    assert!(
        dir.join("upr/truth.jsonl").is_file(),
        "corpus missing at {}",
        dir.display()
    );
    let report = match accuracy::run_with(dir, Input::Pdf) {
        Ok(r) => r,
        Err(e) => panic!("cannot measure the corpus PDFs: {e}"),
    };
    println!("{report}");
    let unmet = report.unmet();
    assert!(unmet.is_empty(), "accuracy bar not met on PDFs: {unmet:#?}");
}
