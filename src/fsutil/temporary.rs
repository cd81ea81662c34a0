//! Temporary files beside their destination, known to the whole process so that an interrupted
//! run (Ctrl-C, `kill`) can remove them before it exits: [`Temporary`] and
//! [`remove_temporaries`].

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Every temporary name in use now. A name is listed before its file is created and unlisted
/// after the file is renamed or removed, so the list always covers every temporary on disk.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Makes each name unique within the process (the pid makes it unique between processes).
static NEXT: AtomicU64 = AtomicU64::new(0);

/// A hidden temporary name in the folder of `path` (so the rename that completes a write is
/// atomic), listed for [`remove_temporaries`] until it is persisted or dropped; the file, if
/// it was created, is removed on drop.
///
/// The name is short and fixed in length, `.d2l-<pid>-<n>.tmp`, whatever `path` is called: a
/// file name at the system's limit (255 bytes) still has room for its temporary.
#[derive(Debug)]
pub struct Temporary {
    path: PathBuf,
}

impl Temporary {
    /// A new, listed temporary name beside `path`. Nothing is created yet.
    pub fn beside(path: &Path) -> Self {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = format!(".d2l-{}-{n}.tmp", std::process::id());
        let temp = match path.parent() {
            Some(dir) => dir.join(name),
            None => PathBuf::from(name),
        };
        lock().push(temp.clone());
        Self { path: temp }
    }

    /// The temporary's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Renames the temporary to `to`; on failure it is removed (by drop), never left behind.
    pub fn persist(self, to: &Path) -> std::io::Result<()> {
        fs::rename(&self.path, to)?;
        unlist(&self.path);
        std::mem::forget(self);
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        unlist(&self.path);
    }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // A panic while the list was held cannot leave it inconsistent (push and retain only).
    LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn unlist(path: &Path) {
    lock().retain(|p| p != path);
}

/// Removes every temporary file of this process and returns how many it removed. For a signal
/// handler that is about to exit: the list stays locked afterwards, so no new temporary can be
/// started behind its back.
pub fn remove_temporaries() -> usize {
    let mut live = lock();
    let removed = live.iter().filter(|p| fs::remove_file(p).is_ok()).count();
    live.clear();
    std::mem::forget(live); // keep the lock: the process is exiting
    removed
}

/// How many temporaries are listed now (for tests).
pub fn live_temporaries() -> usize {
    lock().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_is_removed_on_drop_and_kept_when_persisted() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x".repeat(255));
        let temp = Temporary::beside(&target);
        assert!(temp.path().file_name().unwrap().len() < 40);
        fs::write(temp.path(), b"1").unwrap();
        let path = temp.path().to_path_buf();
        drop(temp);
        assert!(!path.exists());

        let temp = Temporary::beside(&target);
        fs::write(temp.path(), b"2").unwrap();
        temp.persist(&target).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"2");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
