//! A value loaded from files and loaded again when they change: the token file, the JWKS file,
//! the TLS certificate and key. Kubernetes updates a mounted Secret in place by swapping a
//! `..data` symbolic link in the volume's directory, so each file's directory is watched, not
//! the file. A load that fails keeps the value in force (and says so): a half-written or wrong
//! file never takes credentials away.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arc_swap::ArcSwap;
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode, Watcher as _};

/// The current value of files that are watched for changes; cheap to read.
pub struct Watched<T> {
    current: Arc<ArcSwap<T>>,
    _watcher: notify::RecommendedWatcher,
}

impl<T> std::fmt::Debug for Watched<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watched").finish_non_exhaustive()
    }
}

impl<T: Send + Sync + 'static> Watched<T> {
    /// Loads the value with `load` (which reads `paths`), then loads it again whenever something
    /// changes in a directory holding one of them. `what` names the value in logs and metrics.
    /// Fails when the first load fails or a directory cannot be watched.
    pub fn open(
        paths: &[PathBuf],
        what: &'static str,
        load: impl Fn() -> Result<T, String> + Send + 'static,
    ) -> Result<Self, String> {
        let first = load().map_err(|e| format!("{what}: {e}"))?;
        let current = Arc::new(ArcSwap::from_pointee(first));
        let swapped = current.clone();
        let names = file_names(paths);
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if event.is_ok_and(|e| is_change(&e.kind) && concerns(&e.paths, &names)) {
                    reload(&swapped, what, &load);
                }
            })
            .map_err(|e| format!("{what}: cannot watch for changes: {e}"))?;
        for dir in directories(paths) {
            watcher
                .watch(&dir, RecursiveMode::NonRecursive)
                .map_err(|e| format!("{what}: cannot watch {}: {e}", dir.display()))?;
        }
        Ok(Self {
            current,
            _watcher: watcher,
        })
    }

    /// The value now in force.
    pub fn current(&self) -> Arc<T> {
        self.current.load_full()
    }
}

/// Whether an event can mean a changed file. Reading a file (open, read, close without writing)
/// is not a change: a load reads the files, so counting those events would make each load
/// trigger the next, forever.
pub fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Other => true,
    }
}

fn reload<T>(current: &ArcSwap<T>, what: &'static str, load: &impl Fn() -> Result<T, String>) {
    match load() {
        Ok(value) => {
            current.store(Arc::new(value));
            tracing::info!(file = what, "reloaded");
            crate::metrics::credential_reloaded(what, true);
        }
        Err(e) => {
            tracing::error!(file = what, error = %e, "reload failed: the previous one stays in force");
            crate::metrics::credential_reloaded(what, false);
        }
    }
}

/// The file names of `paths`.
fn file_names(paths: &[PathBuf]) -> Vec<std::ffi::OsString> {
    paths
        .iter()
        .filter_map(|p| p.file_name().map(ToOwned::to_owned))
        .collect()
}

/// Whether an event on `event_paths` can change one of the files named `names`: one of them,
/// or a name starting with `..` (a Kubernetes volume's `..data` link and its timestamped
/// folders), or an event that names no path. Other files of the directory (a log written
/// beside the certificate, say) are not: reloading on them would never end.
fn concerns(event_paths: &[PathBuf], names: &[std::ffi::OsString]) -> bool {
    event_paths.is_empty()
        || event_paths.iter().any(|p| {
            p.file_name().is_some_and(|name| {
                names.iter().any(|n| n == name) || name.to_string_lossy().starts_with("..")
            })
        })
}

/// The distinct directories holding `paths` (`.` for a bare file name).
fn directories(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = paths
        .iter()
        .map(|p| match p.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => Path::new(".").to_path_buf(),
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_a_file_is_not_a_change_writing_one_is() {
        use notify::event::{CreateKind, ModifyKind, RemoveKind, RenameMode};
        for read in [
            AccessKind::Any,
            AccessKind::Read,
            AccessKind::Open(AccessMode::Read),
            AccessKind::Close(AccessMode::Read),
            AccessKind::Close(AccessMode::Execute),
        ] {
            assert!(!is_change(&EventKind::Access(read)), "{read:?}");
        }
        for change in [
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            EventKind::Modify(ModifyKind::Any),
            EventKind::Remove(RemoveKind::File),
            EventKind::Any,
            EventKind::Other,
        ] {
            assert!(is_change(&change), "{change:?}");
        }
    }

    #[test]
    fn a_changed_file_is_loaded_again_and_a_bad_one_keeps_the_last() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("value");
        std::fs::write(&path, "1").expect("write");
        let reading = path.clone();
        let load = move || {
            let text = std::fs::read_to_string(&reading).map_err(|e| e.to_string())?;
            text.trim().parse::<u32>().map_err(|e| e.to_string())
        };
        let watched = Watched::open(std::slice::from_ref(&path), "test", load).expect("open");
        assert_eq!(*watched.current(), 1);
        std::fs::write(&path, "2").expect("write");
        assert!(eventually(|| *watched.current() == 2), "not reloaded");
        std::fs::write(&path, "not a number").expect("write");
        std::fs::write(dir.path().join("other"), "poke").expect("write");
        std::fs::write(&path, "3").expect("write");
        assert!(
            eventually(|| *watched.current() == 3),
            "not reloaded after a bad one"
        );
    }

    #[test]
    fn only_the_watched_files_and_a_volumes_links_concern_the_value() {
        let names = file_names(&[PathBuf::from("/etc/tls/tls.crt")]);
        let concern = |p: &str| concerns(&[PathBuf::from(p)], &names);
        assert!(concern("/etc/tls/tls.crt"));
        assert!(concern("/etc/tls/..data"));
        assert!(concern("/etc/tls/..2026_12_03_14_00_00.123"));
        assert!(!concern("/etc/tls/server.log"));
        assert!(concerns(&[], &names));
    }

    /// Polls `done` for up to 5 s.
    fn eventually(done: impl Fn() -> bool) -> bool {
        for _ in 0..500 {
            if done() {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        false
    }
}
