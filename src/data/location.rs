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
}
