//! Where data sets live: `--data-dir`, then `$D2L_DATA_DIR`, then the user cache directory.
//!
//! Each data set has its own folder under the root (`fashion-mnist/`, `kaggle-house/`), the
//! layout of `../shared/data` and of d2l's `../data`.

use std::path::{Path, PathBuf};

/// The environment variable that points at a folder of data sets.
pub const DATA_DIR_ENV: &str = "D2L_DATA_DIR";

/// The folders to look in, in order, and the one to download into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDirs {
    roots: Vec<PathBuf>,
}

impl DataDirs {
    /// The usual order: `explicit` (the `--data-dir` flag), `$D2L_DATA_DIR`, the cache folder
    /// (`~/.cache/d2l` on Linux).
    pub fn resolve(explicit: Option<&Path>) -> Self {
        let mut roots = Vec::new();
        roots.extend(explicit.map(Path::to_path_buf));
        if let Some(env) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
            roots.push(PathBuf::from(env));
        }
        if let Some(cache) = dirs::cache_dir() {
            roots.push(cache.join("d2l"));
        }
        if roots.is_empty() {
            roots.push(PathBuf::from("data"));
        }
        Self { roots }
    }

    /// The folders searched, in order.
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Exactly these roots, in this order (for tests and library users).
    pub fn from_roots(roots: Vec<PathBuf>) -> Self {
        assert!(!roots.is_empty(), "DataDirs should have at least one root");
        Self { roots }
    }

    /// The folder of `dataset` under the first root where every one of `files` exists.
    pub fn find(&self, dataset: &str, files: &[&str]) -> Option<PathBuf> {
        self.roots
            .iter()
            .map(|root| root.join(dataset))
            .find(|dir| files.iter().all(|f| dir.join(f).is_file()))
    }

    /// A root that holds all of `files` itself, not in its `dataset` folder: the user gave the
    /// data set's own folder where its parent was meant.
    pub fn misplaced_root(&self, files: &[&str]) -> Option<&Path> {
        self.roots
            .iter()
            .find(|root| files.iter().all(|f| root.join(f).is_file()))
            .map(PathBuf::as_path)
    }

    /// The first of `files`, in any root's `dataset` folder, that is there but is not a file
    /// that can be read: a folder, a FIFO, a socket, a device or a link to nothing. Returns its
    /// path and what it is, so that it can be reported as that instead of as missing.
    pub fn unusable(&self, dataset: &str, files: &[&str]) -> Option<(PathBuf, String)> {
        self.roots
            .iter()
            .flat_map(|root| files.iter().map(move |f| root.join(dataset).join(f)))
            .find_map(|path| not_a_file(&path).map(|what| (path, what)))
    }

    /// Where a download of `dataset` goes: under the first root.
    pub fn download_dir(&self, dataset: &str) -> PathBuf {
        self.roots[0].join(dataset)
    }

    /// The roots, for messages.
    pub fn describe(&self, dataset: &str) -> String {
        self.roots
            .iter()
            .map(|r| r.join(dataset).display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What `path` is when it exists but is not (a link to) a regular file; `None` otherwise.
fn not_a_file(path: &Path) -> Option<String> {
    let own = std::fs::symlink_metadata(path).ok()?;
    let kind = match std::fs::metadata(path) {
        Ok(target) => target.file_type(),
        Err(_) if own.file_type().is_symlink() => {
            let target = std::fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_else(|_| "?".into());
            return Some(format!("a broken symbolic link (to {target})"));
        }
        Err(e) => return Some(format!("not readable ({e})")),
    };
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder, not a file".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe), not a file".into());
        }
        if kind.is_socket() {
            return Some("a socket, not a file".into());
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device, not a file".into());
        }
    }
    Some("not a regular file".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_root_that_has_every_file() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(a.path().join("set")).unwrap();
        std::fs::write(a.path().join("set/one"), b"1").unwrap(); // only one of the two files
        std::fs::create_dir_all(b.path().join("set")).unwrap();
        std::fs::write(b.path().join("set/one"), b"1").unwrap();
        std::fs::write(b.path().join("set/two"), b"2").unwrap();
        let dirs = DataDirs::from_roots(vec![a.path().into(), b.path().into()]);
        assert_eq!(
            dirs.find("set", &["one", "two"]),
            Some(b.path().join("set"))
        );
        assert_eq!(dirs.find("set", &["three"]), None);
        assert_eq!(dirs.download_dir("set"), a.path().join("set"));
    }

    #[cfg(unix)]
    #[test]
    fn names_a_data_file_that_is_a_folder_a_fifo_or_a_broken_link() {
        let root = tempfile::tempdir().unwrap();
        let set = root.path().join("set");
        std::fs::create_dir_all(set.join("folder")).unwrap();
        std::fs::write(set.join("good"), b"1").unwrap();
        std::os::unix::fs::symlink(set.join("gone"), set.join("dangling")).unwrap();
        std::os::unix::fs::symlink(set.join("good"), set.join("link")).unwrap();
        let fifo = std::ffi::CString::new(set.join("pipe").to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates the node.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        let dirs = DataDirs::from_roots(vec![root.path().into()]);
        let what = |name: &str| dirs.unusable("set", &["good", "link", name]);
        assert_eq!(dirs.unusable("set", &["good", "link", "absent"]), None);
        let (path, kind) = what("folder").unwrap();
        assert_eq!(
            (path, kind.as_str()),
            (set.join("folder"), "a folder, not a file")
        );
        assert!(what("pipe").unwrap().1.contains("FIFO"));
        let (_, kind) = what("dangling").unwrap();
        assert!(
            kind.contains("broken symbolic link") && kind.contains("gone"),
            "{kind}"
        );
    }
}
