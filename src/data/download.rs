//! Downloading data sets: mirrors in order, a checksum on every file, and nothing half-written.
//!
//! Each file is streamed into a temporary file beside its destination while its checksum is
//! computed, and renamed into place only when the whole body arrived and the checksum matches.
//! A failed mirror (connection refused, 404, a cut connection, a wrong checksum) falls through
//! to the next one, and the caller hears about it ([`Event::MirrorFailed`]); when all fail, the
//! error lists what each one said. A file already on disk with a wrong checksum is reported
//! ([`Event::Stale`]) and fetched again; it stays where it is until a good copy has arrived.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use md5::{Digest, Md5};
use sha1::Sha1;

use crate::data::location::DataDirs;
use crate::error::{Error, Result};
use crate::fsutil::Temporary;

/// A published checksum of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checksum {
    /// MD5, as Fashion-MNIST publishes.
    Md5(&'static str),
    /// SHA-1, as d2l's `DATA_HUB` records.
    Sha1(&'static str),
}

impl Checksum {
    fn algorithm(&self) -> &'static str {
        match self {
            Checksum::Md5(_) => "md5",
            Checksum::Sha1(_) => "sha1",
        }
    }

    fn expected(&self) -> &'static str {
        match self {
            Checksum::Md5(hex) | Checksum::Sha1(hex) => hex,
        }
    }

    fn hasher(&self) -> Hasher {
        match self {
            Checksum::Md5(_) => Hasher::Md5(Md5::new()),
            Checksum::Sha1(_) => Hasher::Sha1(Sha1::new()),
        }
    }
}

/// A running checksum of either kind.
enum Hasher {
    Md5(Md5),
    Sha1(Sha1),
}

impl Hasher {
    fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Md5(h) => h.update(bytes),
            Hasher::Sha1(h) => h.update(bytes),
        }
    }

    fn hex(self) -> String {
        let digest: Vec<u8> = match self {
            Hasher::Md5(h) => h.finalize().to_vec(),
            Hasher::Sha1(h) => h.finalize().to_vec(),
        };
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// One file of a data set: its name on the mirrors and on disk, and its checksum.
#[derive(Debug, Clone, Copy)]
pub struct RemoteFile {
    /// File name, appended to each mirror's base URL.
    pub name: &'static str,
    /// The published checksum.
    pub checksum: Checksum,
}

/// Computes the checksum of a file on disk, as lowercase hex.
pub fn file_checksum(path: &Path, kind: Checksum) -> Result<String> {
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = kind.hasher();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let read = file.read(&mut buffer).map_err(|e| Error::io(path, e))?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hasher.hex())
}

/// Checks a file on disk against its published checksum.
pub fn verify(path: &Path, checksum: Checksum) -> Result<()> {
    let actual = file_checksum(path, checksum)?;
    if actual == checksum.expected() {
        Ok(())
    } else {
        Err(Error::Checksum {
            path: path.to_path_buf(),
            algorithm: checksum.algorithm(),
            expected: checksum.expected().to_string(),
            actual,
        })
    }
}

/// What a download tells its caller while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// `done` bytes of the file have arrived, of `total` when the server said how many.
    Received { done: u64, total: Option<u64> },
    /// The file on disk at `path` has the wrong checksum; it is fetched again.
    Stale {
        path: &'a Path,
        expected: &'a str,
        actual: &'a str,
    },
    /// `url` failed for `reason`; `next` is the mirror tried next, if there is one.
    MirrorFailed {
        url: &'a str,
        reason: &'a str,
        next: Option<&'a str>,
    },
}

/// How long a download waits on one mirror before it gives up and tries the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// To open the connection.
    pub connect: Duration,
    /// From sending the request to the response's headers: a server that accepts the
    /// connection and never answers is left after this long.
    pub response: Duration,
    /// For the whole body.
    pub body: Duration,
}

impl Default for Timeouts {
    /// 20 s to connect, 30 s for an answer, 10 minutes for a file (26 MB at 45 kB/s).
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(20),
            response: Duration::from_secs(30),
            body: Duration::from_secs(600),
        }
    }
}

/// Makes sure `dir/file.name` exists with the right checksum, downloading it if it does not.
///
/// Returns the path. A file already there with the right checksum is not downloaded again; one
/// with a wrong checksum is reported and replaced once a good copy has arrived. `on_event`
/// hears of progress, of a stale file and of each failed mirror. Waits as long as
/// [`Timeouts::default`] says on each mirror.
pub fn download(
    file: &RemoteFile,
    dir: &Path,
    mirrors: &[String],
    on_event: &mut dyn FnMut(Event),
) -> Result<PathBuf> {
    download_with(file, dir, mirrors, Timeouts::default(), on_event)
}

/// [`download`] with its own [`Timeouts`].
pub fn download_with(
    file: &RemoteFile,
    dir: &Path,
    mirrors: &[String],
    timeouts: Timeouts,
    on_event: &mut dyn FnMut(Event),
) -> Result<PathBuf> {
    let dest = dir.join(file.name);
    if dest.is_file() {
        let actual = file_checksum(&dest, file.checksum)?;
        if actual == file.checksum.expected() {
            return Ok(dest);
        }
        on_event(Event::Stale {
            path: &dest,
            expected: file.checksum.expected(),
            actual: &actual,
        });
    }
    crate::fsutil::create_folder(dir)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(timeouts.connect))
        .timeout_recv_response(Some(timeouts.response))
        .timeout_recv_body(Some(timeouts.body))
        .build()
        .into();

    let mut failures = Vec::new();
    for (i, mirror) in mirrors.iter().enumerate() {
        let url = format!("{}/{}", mirror.trim_end_matches('/'), file.name);
        match fetch_to(&agent, &url, &dest, file.checksum, on_event) {
            Ok(()) => return Ok(dest),
            Err(reason) => {
                on_event(Event::MirrorFailed {
                    url: &url,
                    reason: &reason,
                    next: mirrors.get(i + 1).map(String::as_str),
                });
                failures.push(format!("{url}: {reason}"));
            }
        }
    }
    Err(Error::Download {
        file: file.name.to_string(),
        reason: if failures.is_empty() {
            "no mirror given".into()
        } else {
            failures.join("; ")
        },
    })
}

/// Streams `url` into a temporary file next to `dest`, checks it, and renames it into place.
fn fetch_to(
    agent: &ureq::Agent,
    url: &str,
    dest: &Path,
    checksum: Checksum,
    on_event: &mut dyn FnMut(Event),
) -> std::result::Result<(), String> {
    // Never leave a partial file behind, whatever failed (dropping the temporary removes it,
    // and Ctrl-C removes it too).
    let temp = Temporary::beside(dest);
    stream_and_check(agent, url, temp.path(), checksum, on_event)?;
    temp.persist(dest)
        .map_err(|e| format!("cannot rename into place: {e}"))
}

fn stream_and_check(
    agent: &ureq::Agent,
    url: &str,
    temp: &Path,
    checksum: Checksum,
    on_event: &mut dyn FnMut(Event),
) -> std::result::Result<(), String> {
    let mut response = agent.get(url).call().map_err(|e| e.to_string())?;
    let total = response.body().content_length();
    let mut reader = response.body_mut().as_reader();
    let mut out =
        File::create(temp).map_err(|e| format!("cannot create {}: {e}", temp.display()))?;
    let mut hasher = checksum.hasher();
    let mut buffer = vec![0u8; 1 << 16];
    let mut received = 0u64;
    loop {
        let read = reader
            .read(&mut buffer)
            .map_err(|e| format!("connection lost after {received} bytes: {e}"))?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        out.write_all(&buffer[..read])
            .map_err(|e| format!("cannot write {}: {e}", temp.display()))?;
        received += read as u64;
        on_event(Event::Received {
            done: received,
            total,
        });
    }
    if let Some(total) = total.filter(|&t| t != received) {
        return Err(format!(
            "connection closed after {received} of {total} bytes"
        ));
    }
    out.sync_all()
        .map_err(|e| format!("cannot write {}: {e}", temp.display()))?;
    let actual = hasher.hex();
    if actual != checksum.expected() {
        return Err(format!(
            "checksum mismatch: expected {} {}, got {actual}",
            checksum.algorithm(),
            checksum.expected()
        ));
    }
    Ok(())
}

/// Finds the folder of `dataset` that holds all of `files` (`--data-dir`, `$D2L_DATA_DIR`, the
/// cache), or downloads them into the first root, checking every checksum.
pub fn locate_or_download(
    dataset: &str,
    files: &[RemoteFile],
    dirs: &DataDirs,
    mirrors: &[String],
    on_event: &mut dyn FnMut(&str, Event),
) -> Result<PathBuf> {
    let names: Vec<&str> = files.iter().map(|f| f.name).collect();
    if let Some(dir) = dirs.find(dataset, &names) {
        return Ok(dir);
    }
    let dir = dirs.download_dir(dataset);
    let missing = |reason: String| Error::DataMissing {
        name: dataset.into(),
        looked_in: dirs.describe(dataset),
        path: dir.clone(),
        reason,
        command: format!("d2l data download {dataset}"),
    };
    let unusable = |reason: String| Error::DataUnusable {
        name: dataset.into(),
        reason,
    };
    if let Some(root) = dirs.misplaced_root(&names) {
        let parent = root.parent().unwrap_or(Path::new("."));
        return Err(unusable(format!(
            "{} holds the {dataset} files itself, but data folders hold one folder per data \
             set: pass its parent ({}) instead; nothing was downloaded",
            root.display(),
            parent.display()
        )));
    }
    if let Some((path, what)) = dirs.unusable(dataset, &names) {
        return Err(unusable(format!(
            "{} is {what}; remove or replace it (nothing was downloaded)",
            path.display()
        )));
    }
    // The folders this download creates, deepest first, so that a failure leaves none behind.
    let created: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|p| !p.as_os_str().is_empty() && !p.exists())
        .map(Path::to_path_buf)
        .collect();
    for file in files {
        let fetched = download(file, &dir, mirrors, &mut |event| on_event(file.name, event));
        if let Err(err) = fetched {
            for folder in &created {
                // Only empty folders go: a file that did arrive is kept for the next try.
                let _ = fs::remove_dir(folder);
            }
            return Err(missing(err.to_string()));
        }
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_of_known_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("abc");
        fs::write(&path, b"abc").unwrap();
        // RFC 1321 and FIPS 180-1 test vectors for "abc".
        assert_eq!(
            file_checksum(&path, Checksum::Md5("")).unwrap(),
            "900150983cd24fb0d6963f7d28e17f72"
        );
        assert_eq!(
            file_checksum(&path, Checksum::Sha1("")).unwrap(),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert!(verify(&path, Checksum::Md5("900150983cd24fb0d6963f7d28e17f72")).is_ok());
        let err = verify(&path, Checksum::Md5("00")).unwrap_err().to_string();
        assert!(
            err.contains("checksum mismatch") && err.contains("abc"),
            "{err}"
        );
    }
}
