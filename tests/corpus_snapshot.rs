//! The corpus snapshot: the SHA-256 of `paragraphd parse --json` for every `.txt` and `.pdf`
//! under `../shared/corpus`, against `tests/snapshots/corpus.sha256`.
//!
//! A refactoring keeps every line. A parser change that is meant to change output rewrites the
//! file (`UPDATE_EXPECT=1 cargo test --test all corpus_snapshot::`) and lists the changed
//! documents in its commit; `scripts/corpus_digest.sh` prints the same lines from the release
//! binary. A file that fails to parse hashes as empty output, as the CLI prints nothing then.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use paragraphd::corpus::{self, MediaType};
use sha2::{Digest, Sha256};

const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/corpus.sha256");

#[test]
fn corpus_output_matches_the_snapshot() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    assert!(root.is_dir(), "corpus missing at {}", root.display());
    let files = corpus_files(root);
    assert!(files.len() > 300, "only {} corpus files found", files.len());
    let now = digests(root, &files);
    let rendered: String = now.iter().map(|(f, d)| format!("{d}  {f}\n")).collect();
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(SNAPSHOT, &rendered).expect("write the snapshot");
        return;
    }
    let expected = std::fs::read_to_string(SNAPSHOT).expect("read the snapshot");
    let before: BTreeMap<&str, &str> = expected
        .lines()
        .filter_map(|l| l.split_once("  ").map(|(d, f)| (f, d)))
        .collect();
    let changed: Vec<&str> = now
        .iter()
        .filter(|(f, d)| before.get(f.as_str()) != Some(&d.as_str()))
        .map(|(f, _)| f.as_str())
        .chain(before.keys().copied().filter(|f| !now.contains_key(*f)))
        .collect();
    assert!(
        changed.is_empty(),
        "parse output changed for {} file(s): {changed:#?}\n\
         if intended, rewrite with UPDATE_EXPECT=1 and list them in the commit",
        changed.len()
    );
}

/// Every `.txt` and `.pdf` below `root`, as paths relative to it, sorted.
fn corpus_files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::from(root)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read corpus dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("txt" | "pdf")
            ) {
                let rel = path.strip_prefix(root).expect("below root");
                out.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

/// The digest of each file's `parse --json` output, parsed on two threads.
fn digests(root: &Path, files: &[String]) -> BTreeMap<String, String> {
    let half = files.len().div_ceil(2);
    std::thread::scope(|s| {
        let workers: Vec<_> = files
            .chunks(half.max(1))
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|f| (f.clone(), digest(&root.join(f))))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("digest worker"))
            .collect()
    })
}

/// What `paragraphd parse --json FILE` prints, hashed: the JSON and a newline, or nothing.
fn digest(path: &Path) -> String {
    let media_type = MediaType::from_path(path).unwrap_or(MediaType::Text);
    let bytes = std::fs::read(path).expect("read corpus file");
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let out = corpus::ingest(&id, &bytes, media_type, corpus::DEFAULT_MAX_INPUT_BYTES)
        .ok()
        .and_then(|doc| paragraphd::grpc::render::document_json(&doc).ok())
        .map(|json| json + "\n")
        .unwrap_or_default();
    Sha256::digest(out.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
