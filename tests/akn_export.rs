//! Issue 22, the Akoma Ntoso export: every document of `../shared/corpus/un2025` (its text
//! files), one corpus PDF and the built-in sample, exported whole, validate against the Akoma
//! Ntoso 3.0 schema vendored in `tests/data/akn/` (see its README) with `xmllint --schema`.
//! `xmllint` comes with libxml2-utils, which `.ci/run` installs; the test fails when it is
//! missing. The eIds are checked on the sample.

use std::path::{Path, PathBuf};
use std::process::Command;

use paragraphd::corpus::{self, MediaType};
use paragraphd::export::{Format, export};
use paragraphd::model::Document;

fn schema() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/akn/akomantoso30.xsd")
}

fn akn(doc: &Document) -> String {
    let ordinals: Vec<u32> = doc.paragraphs.iter().map(|p| p.ordinal).collect();
    let out = export(doc, Format::AkomaNtoso, &ordinals).expect("exported");
    assert_eq!(out.content_type, "application/akn+xml");
    String::from_utf8(out.bytes).expect("UTF-8")
}

/// Validates the files with one `xmllint` run; returns its report on failure.
fn validate(files: &[PathBuf]) -> Result<(), String> {
    let output = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(schema())
        .args(files)
        .output()
        .map_err(|e| {
            format!("xmllint not runnable ({e}): install libxml2-utils, as .ci/run does")
        })?;
    if output.status.success() {
        return Ok(());
    }
    let report = String::from_utf8_lossy(&output.stderr);
    Err(report
        .lines()
        .filter(|l| !l.ends_with(" validates"))
        .take(40)
        .collect::<Vec<_>>()
        .join("\n"))
}

fn corpus_docs() -> Vec<(String, Document)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut docs = Vec::new();
    let dir = root.join("un2025");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("corpus missing at {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 50, "un2025 text files: {}", files.len());
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(&file).expect("read");
        let doc = corpus::ingest(&name, &bytes, MediaType::Text, 64 << 20).expect("parses");
        docs.push((name, doc));
    }
    let pdf = root.join("upr/andorra2011.pdf");
    let bytes = std::fs::read(&pdf).expect("read the PDF");
    docs.push((
        "andorra2011.pdf".into(),
        corpus::ingest("andorra2011", &bytes, MediaType::Pdf, 64 << 20).expect("parses"),
    ));
    let sample = corpus::ingest(
        corpus::SAMPLE_ID,
        corpus::SAMPLE_TEXT.as_bytes(),
        MediaType::Text,
        1 << 20,
    )
    .expect("parses");
    docs.push(("sample".into(), sample));
    docs
}

#[test]
fn akoma_ntoso_exports_validate_against_the_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut files = Vec::new();
    let mut with_items = 0;
    let mut with_notes = 0;
    for (name, doc) in corpus_docs() {
        let xml = akn(&doc);
        with_items += usize::from(xml.contains("__point_"));
        with_notes += usize::from(xml.contains("<authorialNote "));
        let file = dir.path().join(format!("{name}.xml"));
        std::fs::write(&file, xml).expect("write");
        files.push(file);
    }
    assert!(
        with_items >= 10 && with_notes >= 10,
        "items in {with_items}, notes in {with_notes} documents"
    );
    if let Err(report) = validate(&files) {
        panic!("Akoma Ntoso exports do not validate:\n{report}");
    }
}

#[test]
fn a_broken_export_fails_validation() {
    // The check itself can fail: a paragraph without its content is refused by the schema.
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, doc) = corpus_docs().pop().expect("the sample");
    let broken = akn(&doc).replacen("<content><p>", "<content><num>x</num><p>", 1);
    let file = dir.path().join("broken.xml");
    std::fs::write(&file, broken).expect("write");
    assert!(
        validate(&[file]).is_err(),
        "xmllint accepted a broken document"
    );
}

#[test]
fn eids_name_paragraphs_points_and_notes() {
    let sample = corpus::ingest(
        corpus::SAMPLE_ID,
        corpus::SAMPLE_TEXT.as_bytes(),
        MediaType::Text,
        1 << 20,
    )
    .expect("parses");
    let xml = akn(&sample);
    assert!(
        xml.contains("<paragraph eId=\"para_58\"><num>58.</num>"),
        "{xml}"
    );
    assert!(xml.contains("<hcontainer name=\"section\""), "{xml}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/un2025");
    let items = std::fs::read_dir(&root)
        .expect("corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .find_map(|file| {
            let bytes = std::fs::read(&file).ok()?;
            let doc = corpus::ingest("d", &bytes, MediaType::Text, 64 << 20).ok()?;
            let xml = akn(&doc);
            xml.contains("__list_1__point_a\"").then_some(xml)
        })
        .expect("a corpus document with an item (a)");
    let at = items.find("__list_1__point_a\"").expect("point a");
    let start = items[..at].rfind("eId=\"").expect("its eId");
    let eid = &items[start + 5..at + "__list_1__point_a".len()];
    assert!(eid.starts_with("para_") || eid.contains("__para_"), "{eid}");
}
