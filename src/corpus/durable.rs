//! Durable writes to the corpus directory.
//!
//! A document is committed by renaming its bytes into place: the sidecar (id, language, media
//! type, source name, revision and the digest it was given to) is written first, then the bytes
//! go to a hidden temporary file, are fsynced, renamed to `<id>.<ext>`, and the directory is
//! fsynced. A crash at any point leaves either the old state or the new one: temporary files are
//! hidden, and hidden files are never loaded; a sidecar without its document is ignored.
//! Temporary files a crash leaves behind (`.tmp-<pid>-<name>`, `.probe-<pid>`) are removed when
//! the directory is opened at the next start; a corpus directory has one writing server.
//!
//! **Symbolic links**: a write or a delete never reaches outside the directory. Its target's
//! folder is resolved (`canonicalize`) and must lie inside the resolved root, else the
//! operation is refused with [`DirError::Outside`] and nothing is changed; the target itself is
//! never followed (a symbolic link is replaced or removed, not what it points to). Reading is
//! not restricted: the loader follows links, as a ConfigMap volume needs.

use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::MediaType;
use crate::model::Document;

/// A writable corpus directory.
#[derive(Debug, Clone)]
pub struct DurableDir {
    root: PathBuf,
}

/// Why a write to or a delete from the corpus directory failed.
#[derive(Debug, thiserror::Error)]
pub enum DirError {
    /// The file's folder resolves outside the corpus directory (through a symbolic link).
    #[error("{} resolves outside the corpus directory", .0.display())]
    Outside(PathBuf),
    /// The file system failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// What the sidecar `<id>.<ext>.meta.json` records beside a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sidecar {
    /// Document id.
    pub id: String,
    /// Language, e.g. `en`; empty when not given.
    #[serde(default)]
    pub language: String,
    /// MIME type.
    pub media_type: String,
    /// Original file name; empty when not given.
    #[serde(default)]
    pub source_name: String,
    /// Revision acknowledged for the bytes of `digest`; 0 when not recorded (older sidecars).
    #[serde(default)]
    pub revision: u64,
    /// Hex SHA-256 of the bytes `revision` was given to; empty when not recorded.
    #[serde(default)]
    pub digest: String,
}

impl Sidecar {
    /// The sidecar beside `document_path`, if present and readable.
    pub fn read(document_path: &Path) -> Option<Self> {
        let bytes = fs::read(sidecar_path(document_path)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// The revision of a document whose bytes have this digest: the recorded one for the same
    /// bytes, one more for bytes changed since (outside the server, or by a write that crashed
    /// between its sidecar and its bytes), 0 (the store then gives 1) when none is recorded.
    pub fn revision_for(&self, digest: &str) -> u64 {
        if self.revision == 0 || self.digest == digest {
            self.revision
        } else {
            self.revision + 1
        }
    }

    /// Applies what the sidecar records to a parsed document: language, source name, and the
    /// revision ([`Sidecar::revision_for`] its digest).
    pub fn apply(&self, doc: &mut Document) {
        doc.revision = self.revision_for(&doc.source.digest);
        if !self.language.is_empty() {
            doc.meta.language = self.language.clone();
        }
        if !self.source_name.is_empty() {
            doc.source.source_name = self.source_name.clone();
        }
    }
}

/// True for names starting with a dot: temporary files and a ConfigMap volume's `..data`.
pub fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn sidecar_path(document_path: &Path) -> PathBuf {
    let mut name = document_path.as_os_str().to_owned();
    name.push(".meta.json");
    PathBuf::from(name)
}

impl DurableDir {
    /// Opens `root` for writing: it must exist and accept a probe file.
    pub fn open(root: &Path) -> std::io::Result<Self> {
        fs::create_dir_all(root)?;
        let probe = root.join(format!(".probe-{}", std::process::id()));
        File::create(&probe)?;
        fs::remove_file(&probe)?;
        let dir = Self {
            root: root.to_owned(),
        };
        dir.remove_temporaries();
        Ok(dir)
    }

    /// Removes the temporary files a crashed writer left in the directory itself (regular
    /// files named `.tmp-<pid>-<name>` or `.probe-<pid>`, nothing else); returns how many.
    fn remove_temporaries(&self) -> usize {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return 0;
        };
        let mut n_removed = 0;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if !is_file || !name.to_str().is_some_and(is_own_temporary) {
                continue;
            }
            match fs::remove_file(entry.path()) {
                Ok(()) => n_removed += 1,
                Err(e) => {
                    tracing::warn!(file = %entry.path().display(), error = %e, "cannot remove a temporary file")
                }
            }
        }
        if n_removed > 0 {
            tracing::info!(dir = %self.root.display(), n_removed, "removed temporary files left by a crash");
        }
        n_removed
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the document `id` of `media_type` lives.
    pub fn path(&self, id: &str, media_type: MediaType) -> PathBuf {
        self.root.join(format!("{id}.{}", media_type.extension()))
    }

    /// Writes a document's bytes and sidecar durably; returns once both are on disk. Any other
    /// file of the same id (another media type) is removed afterwards. Refused, with nothing
    /// written, when the document's folder resolves outside the directory.
    pub fn write(
        &self,
        sidecar: &Sidecar,
        media_type: MediaType,
        bytes: &[u8],
    ) -> Result<PathBuf, DirError> {
        let path = self.contained(&self.path(&sidecar.id, media_type))?;
        let meta = serde_json::to_vec_pretty(sidecar).map_err(std::io::Error::other)?;
        self.write_atomic(&sidecar_path(&path), &meta)?;
        self.write_atomic(&path, bytes)?;
        for other in [MediaType::Text, MediaType::Pdf]
            .into_iter()
            .filter(|m| *m != media_type)
        {
            self.remove_files(&self.contained(&self.path(&sidecar.id, other))?)?;
        }
        Ok(path)
    }

    /// Removes every file of document `id`; returns whether one existed. Refused, with
    /// nothing removed, when the document's folder resolves outside the directory.
    pub fn remove(&self, id: &str) -> Result<bool, DirError> {
        let paths = [MediaType::Text, MediaType::Pdf].map(|m| self.contained(&self.path(id, m)));
        let mut existed = false;
        for path in paths {
            existed |= self.remove_files(&path?)?;
        }
        Ok(existed)
    }

    /// `path` with its folder resolved, if that folder lies inside the resolved root; the file
    /// name is kept as it is, so a symbolic link there is itself replaced or removed. A folder
    /// that does not exist yet holds nothing to follow: `path` is returned unchanged.
    fn contained(&self, path: &Path) -> Result<PathBuf, DirError> {
        let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
            return Err(DirError::Outside(path.to_owned()));
        };
        let folder = match fs::canonicalize(folder) {
            Ok(folder) => folder,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(path.to_owned()),
            Err(e) => return Err(e.into()),
        };
        if folder.starts_with(fs::canonicalize(&self.root)?) {
            Ok(folder.join(name))
        } else {
            Err(DirError::Outside(path.to_owned()))
        }
    }

    fn remove_files(&self, path: &Path) -> std::io::Result<bool> {
        let existed = remove_if_present(path)?;
        remove_if_present(&sidecar_path(path))?;
        if existed {
            sync_dir(path.parent().unwrap_or(&self.root))?;
        }
        Ok(existed)
    }

    /// temp file → write → fsync → rename → fsync directory.
    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("doc");
        let tmp = self
            .root
            .join(format!(".tmp-{}-{name}", std::process::id()));
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        sync_dir(&self.root)
    }
}

/// True for the names of this module's temporary files: `.tmp-<pid>-<name>`, `.probe-<pid>`.
fn is_own_temporary(name: &str) -> bool {
    let is_pid = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(pid) = name.strip_prefix(".probe-") {
        return is_pid(pid);
    }
    name.strip_prefix(".tmp-")
        .and_then(|rest| rest.split_once('-'))
        .is_some_and(|(pid, rest)| is_pid(pid) && !rest.is_empty())
}

fn remove_if_present(path: &Path) -> std::io::Result<bool> {
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_temporary_names_are_ours() {
        for ours in [".tmp-12-a.txt", ".tmp-1-a.txt.meta.json", ".probe-7"] {
            assert!(is_own_temporary(ours), "{ours}");
        }
        for not_ours in [
            ".tmp-a.txt",
            ".tmp-12-",
            ".tmp--a.txt",
            ".tmp-x1-a.txt",
            ".probe-",
            ".probe-1x",
            "tmp-1-a.txt",
            "..data",
        ] {
            assert!(!is_own_temporary(not_ours), "{not_ours}");
        }
    }

    #[test]
    fn a_revision_is_kept_for_the_same_bytes_and_goes_up_for_new_ones() {
        let sidecar = Sidecar {
            revision: 4,
            digest: "d1".into(),
            ..Sidecar::default()
        };
        assert_eq!(sidecar.revision_for("d1"), 4);
        assert_eq!(sidecar.revision_for("d2"), 5);
        assert_eq!(Sidecar::default().revision_for("d1"), 0);
    }
}
