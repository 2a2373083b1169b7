//! Hot reload: the corpus directory is watched (`notify`), and after each burst of events the
//! directory is rescanned and compared with the store by content digest — files added, changed
//! or removed are applied. A rescan rather than per-event handling also covers the symlink swap
//! of a Kubernetes ConfigMap volume, where only `..data` changes.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher as _};

use super::digest;
use super::load::{file_id, held_files, list_files, load_file};
use super::writer::ReadableCheck;
use crate::store::Store;
use crate::watched::is_change;

/// Quiet time that ends a burst of file events.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Keeps the directory watched; dropping it stops the watch.
#[derive(Debug)]
pub struct ReloadHandle {
    _watcher: notify::RecommendedWatcher,
}

/// Watches `dir` and applies its changes to `store` until the handle is dropped. Rescans once
/// at start, so changes made while the corpus was loading are not missed. A document that
/// `readable` refuses (it could not be read back whole) is skipped, as at startup.
pub fn spawn(
    dir: PathBuf,
    store: Arc<Store>,
    readable: ReadableCheck,
) -> notify::Result<ReloadHandle> {
    let (tx, rx) = mpsc::channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| is_change(&e.kind)) {
            let _ = tx.send(());
        }
    })?;
    watcher.watch(&dir, RecursiveMode::Recursive)?;
    std::thread::Builder::new()
        .name("corpus-reload".into())
        .spawn(move || run(&dir, &store, &readable, &rx))
        .map_err(|e| notify::Error::generic(&e.to_string()))?;
    Ok(ReloadHandle { _watcher: watcher })
}

fn run(dir: &Path, store: &Store, readable: &ReadableCheck, events: &mpsc::Receiver<()>) {
    rescan(dir, store, readable);
    while events.recv().is_ok() {
        while events.recv_timeout(DEBOUNCE).is_ok() {}
        rescan(dir, store, readable);
    }
}

/// Brings the store in line with the directory; returns (added or changed, removed). A file
/// that does not parse, or whose document `readable` refuses, is skipped (logged): the store
/// keeps what it held for it.
pub fn rescan(dir: &Path, store: &Store, readable: &ReadableCheck) -> (usize, usize) {
    let snapshot = store.snapshot();
    let files = held_files(dir, list_files(dir));
    let mut present = HashSet::with_capacity(files.len());
    let mut changed = Vec::new();
    let mut skipped = 0;
    for path in &files {
        let id = file_id(dir, path);
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let unchanged = snapshot
            .get(&id)
            .is_some_and(|d| d.source.digest == digest(&bytes));
        present.insert(id);
        if !unchanged {
            match load_file(dir, path).0 {
                Ok(doc) => match readable(&doc) {
                    Ok(()) => changed.push(doc),
                    Err(e) => {
                        skipped += 1;
                        tracing::warn!(
                        file = %path.display(),
                        error = %e,
                        "reload: skipped: it could not be read back"
                        )
                    }
                },
                Err(reason) => {
                    skipped += 1;
                    tracing::warn!(file = %path.display(), %reason, "reload: skipping file")
                }
            }
        }
    }
    let removed: Vec<String> = snapshot
        .documents()
        .iter()
        .filter(|d| d.source.in_corpus_dir && !present.contains(&d.id))
        .map(|d| d.id.clone())
        .collect();
    let counts = (changed.len(), removed.len());
    crate::metrics::reloaded(counts != (0, 0), skipped);
    if !changed.is_empty() {
        store.upsert(changed);
    }
    for id in removed {
        store.remove(&id);
    }
    if counts != (0, 0) {
        super::memory::release();
        tracing::info!(
            changed = counts.0,
            removed = counts.1,
            "corpus directory reloaded"
        );
    }
    counts
}
