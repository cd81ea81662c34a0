//! Reading and writing the user's files safely: a write never leaves a file half-written
//! ([`AtomicFile`]), an interrupted run removes its temporaries ([`remove_temporaries`]), a
//! run checks all its outputs before any work ([`OutputPlan`]), and a read of a user's file is
//! bounded ([`read_bounded`]).

use std::fs;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub mod plan;
mod temporary;

pub use plan::OutputPlan;
pub use temporary::{Temporary, live_temporaries, remove_temporaries};

/// Where a write to `path` should land: a symlink is followed to the file it names (so the link
/// stays a link), and anything that exists but is not a regular file (a folder, a device such
/// as `/dev/null`, a FIFO) is refused: renaming over it would replace it.
pub fn output_target(path: &Path) -> Result<PathBuf> {
    let mut target = path.to_path_buf();
    // Follow a chain of links, relative ones from their own folder; give up on a loop.
    for _ in 0..40 {
        match fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&target).map_err(|e| Error::io(&target, e))?;
                target = match target.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(meta) if !meta.is_file() => {
                let kind = if meta.is_dir() {
                    "a folder"
                } else {
                    "not a regular file (a device, FIFO or socket)"
                };
                return Err(Error::format(
                    path,
                    format!("is {kind}: give the name of a file to write"),
                ));
            }
            _ => return Ok(target),
        }
    }
    Err(Error::format(path, "too many levels of symbolic links"))
}

/// A file being written: its bytes go to a [`Temporary`] beside the destination, and only
/// [`AtomicFile::commit`] puts them in place (one rename), so a reader never sees half a file and
/// a failed or interrupted write leaves the old file as it was. A symlink is written through to
/// its target, an existing file keeps its permissions, and a destination that is a folder or a
/// device is refused ([`output_target`]). When a run has declared its outputs
/// ([`plan::OutputPlan::arm`]), a destination outside that plan is refused too.
pub struct AtomicFile {
    target: PathBuf,
    temp: Temporary,
    writer: BufWriter<fs::File>,
    permissions: Option<fs::Permissions>,
}

impl AtomicFile {
    /// Starts writing `path`: creates its folders and the temporary file.
    pub fn create(path: &Path) -> Result<Self> {
        let target = output_target(path)?;
        plan::permits(path, &target)?;
        let permissions = fs::metadata(&target).ok().map(|m| m.permissions());
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_folder(dir)?;
        }
        let temp = Temporary::beside(&target);
        let file = fs::File::create(temp.path()).map_err(|e| Error::io(&target, e))?;
        Ok(Self {
            target,
            temp,
            writer: BufWriter::new(file),
            permissions,
        })
    }

    /// Flushes, syncs and renames the temporary over the destination.
    pub fn commit(self) -> Result<()> {
        let Self {
            target,
            temp,
            writer,
            permissions,
        } = self;
        let finish = || -> std::io::Result<()> {
            let file = writer.into_inner().map_err(|e| e.into_error())?;
            if let Some(permissions) = permissions {
                file.set_permissions(permissions)?;
            }
            file.sync_all()
        };
        finish().map_err(|e| Error::io(&target, e))?;
        temp.persist(&target).map_err(|e| Error::io(&target, e))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

/// Writes `bytes` to `path` through an [`AtomicFile`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))?;
    file.commit()
}

/// `fs::create_dir_all`, with the reasons it fails named: a part of the path that is a
/// broken symbolic link ("File exists" otherwise) or a file.
pub fn create_folder(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| {
        let mut part = Some(dir);
        while let Some(p) = part {
            if let Ok(meta) = fs::symlink_metadata(p) {
                if meta.file_type().is_symlink() && fs::metadata(p).is_err() {
                    let to = fs::read_link(p).unwrap_or_default();
                    return Error::format(
                        p,
                        format!(
                            "is a broken symbolic link (to {}): make the folder it names, or \
                             remove the link",
                            to.display()
                        ),
                    );
                }
                if !meta.is_dir() && !meta.file_type().is_symlink() {
                    return Error::format(p, "is a file, where a folder is needed");
                }
            }
            part = p.parent();
        }
        Error::io(dir, e)
    })
}

/// Reads a whole file given by the user, refusing before reading what cannot be meant: a
/// folder, a device such as `/dev/zero` or a FIFO (which could be endless), or a file over
/// `limit` bytes (`what` names the limit in the message, e.g. "a checkpoint of this model").
pub fn read_bounded(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>> {
    let file = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        let kind = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a device, FIFO or socket)"
        };
        return Err(Error::format(
            path,
            format!("is {kind}: give the name of a file"),
        ));
    }
    let too_big = |size: u64| {
        Error::format(
            path,
            format!("is {size} bytes, more than {what} can be ({limit} bytes)"),
        )
    };
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take`: a file that grows while it is read still cannot exceed the limit.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// Issue: hardening, class "output targets are replaced, whatever they are".
    #[cfg(unix)]
    #[test]
    fn links_are_written_through_permissions_kept_and_devices_refused() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        fs::write(&real, b"old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.path().join("link.txt");
        symlink("real.txt", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
        let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);

        for not_a_file in [Path::new("/dev/null"), dir.path()] {
            let err = write_atomic(not_a_file, b"x").unwrap_err().to_string();
            assert!(err.contains("give the name of a file"), "{err}");
        }
        assert_eq!(fs::metadata("/dev/null").unwrap().len(), 0);
        // A link to a folder is refused as the folder.
        let to_dir = dir.path().join("to-dir");
        symlink(dir.path(), &to_dir).unwrap();
        assert!(
            write_atomic(&to_dir, b"x")
                .unwrap_err()
                .to_string()
                .contains("a folder")
        );
    }

    #[test]
    fn an_unfinished_write_keeps_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, b"old").unwrap();
        let mut file = AtomicFile::create(&path).unwrap();
        file.write_all(b"new, but the run fails before commit")
            .unwrap();
        drop(file);
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// Issue 26: a broken symlink as the data folder gave "File exists (os error 17)".
    #[cfg(unix)]
    #[test]
    fn a_broken_link_in_a_folder_path_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("data");
        std::os::unix::fs::symlink(dir.path().join("gone"), &link).unwrap();
        let err = create_folder(&link.join("fashion-mnist"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("data: is a broken symbolic link (to "),
            "{err}"
        );
        let file = dir.path().join("file");
        fs::write(&file, b"").unwrap();
        let err = create_folder(&file.join("sub")).unwrap_err().to_string();
        assert!(
            err.contains("file: is a file, where a folder is needed"),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn reads_are_bounded_and_devices_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.bin");
        fs::write(&path, [7u8; 100]).unwrap();
        assert_eq!(read_bounded(&path, 100, "x").unwrap().len(), 100);
        let err = read_bounded(&path, 99, "a test file")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("more than a test file can be (99 bytes)"),
            "{err}"
        );
        for endless in ["/dev/zero", "/dev/urandom"] {
            let err = read_bounded(Path::new(endless), 1 << 20, "x").unwrap_err();
            assert!(err.to_string().contains("not a regular file"), "{err}");
        }
        let err = read_bounded(dir.path(), 1, "x").unwrap_err().to_string();
        assert!(err.contains("a folder"), "{err}");
    }
}
