//! Writing files so that a crash or an error never leaves one half-written.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A hidden temporary name next to `path` (same folder, so the rename is atomic).
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.part-{}", std::process::id()))
}

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

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`. A symlink is
/// written through to its target, an existing file keeps its permissions, and a `path` that is
/// a folder or a device is refused ([`output_target`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let target = output_target(path)?;
    let path = target.as_path();
    let permissions = fs::metadata(path).ok().map(|m| m.permissions());
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let temp = temp_path(path);
    let result = fs::File::create(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            if let Some(permissions) = permissions {
                file.set_permissions(permissions)?;
            }
            file.sync_all()
        })
        .and_then(|()| fs::rename(&temp, path));
    result.map_err(|e| {
        let _ = fs::remove_file(&temp);
        Error::io(path, e)
    })
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
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        fs::write(&path, b"old").unwrap();
        // The temporary name is taken by a folder, so creating it fails.
        fs::create_dir(temp_path(&path)).unwrap();
        assert!(write_atomic(&path, b"new").is_err());
        assert_eq!(fs::read(&path).unwrap(), b"old");
    }
}
