//! The downloader against a small HTTP server on 127.0.0.1 that each test starts.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use d2l::data::download::{Checksum, Event, RemoteFile, download};

/// What the server answers for one path.
#[derive(Clone)]
enum Reply {
    /// 200 with the whole body.
    Body(Vec<u8>),
    /// 200 announcing the whole body's length, then only the first `sent` bytes and a close.
    Cut { body: Vec<u8>, sent: usize },
}

/// A server on an ephemeral loopback port; counts the requests it answered.
struct Server {
    base: String,
    requests: Arc<AtomicUsize>,
}

impl Server {
    fn start(routes: HashMap<String, Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&requests);
        // The thread ends with the test process; it only ever talks to this test's client.
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                counter.fetch_add(1, Ordering::SeqCst);
                answer(stream, &routes);
            }
        });
        Self { base, requests }
    }

    /// A server with one file, at `path`.
    fn serving(path: String, body: Vec<u8>) -> Self {
        Self::start(HashMap::from([(path, Reply::Body(body))]))
    }

    fn count(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

fn answer(mut stream: TcpStream, routes: &HashMap<String, Reply>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    reader.read_line(&mut request_line).unwrap();
    // Skip the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap() > 2 {
        line.clear();
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    match routes.get(&path) {
        Some(Reply::Body(body)) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body);
        }
        Some(Reply::Cut { body, sent }) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body[..*sent]);
        }
        None => {
            let _ = stream.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    }
    let _ = stream.flush();
}

fn md5_hex(bytes: &[u8]) -> &'static str {
    use md5::{Digest, Md5};
    let hex: String = Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Box::leak(hex.into_boxed_str())
}

const NAME: &str = "data.bin";

fn payload() -> Vec<u8> {
    (0..50_000u32).map(|i| (i * 7 % 251) as u8).collect()
}

fn file_for(bytes: &[u8]) -> RemoteFile {
    RemoteFile {
        name: NAME,
        checksum: Checksum::Md5(md5_hex(bytes)),
    }
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn downloads_once_then_uses_the_cache() {
    let body = payload();
    let server = Server::serving(format!("/ok/{NAME}"), body.clone());
    let dir = tempfile::tempdir().unwrap();
    let mirrors = vec![format!("{}/ok", server.base)];
    let mut last_progress = 0;
    let path = download(&file_for(&body), dir.path(), &mirrors, &mut |event| {
        if let Event::Received { done, .. } = event {
            last_progress = done
        }
    })
    .unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), body);
    assert_eq!(last_progress, body.len() as u64);
    assert_eq!(server.count(), 1);
    download(&file_for(&body), dir.path(), &mirrors, &mut |_| {}).unwrap();
    assert_eq!(
        server.count(),
        1,
        "a verified cached file is not downloaded again"
    );
    assert_eq!(leftovers(dir.path()), [NAME]);
}

#[test]
fn a_wrong_checksum_leaves_nothing_and_the_next_mirror_is_tried() {
    let body = payload();
    let mut corrupt = body.clone();
    corrupt[100] ^= 0xff;
    let server = Server::start(HashMap::from([
        (format!("/bad/{NAME}"), Reply::Body(corrupt.clone())),
        (format!("/good/{NAME}"), Reply::Body(body.clone())),
    ]));
    let dir = tempfile::tempdir().unwrap();

    let only_bad = vec![format!("{}/bad", server.base)];
    let err = download(&file_for(&body), dir.path(), &only_bad, &mut |_| {})
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("checksum mismatch") && err.contains(NAME),
        "{err}"
    );
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );

    let bad_then_good = vec![
        format!("{}/bad", server.base),
        format!("{}/good", server.base),
    ];
    let path = download(&file_for(&body), dir.path(), &bad_then_good, &mut |_| {}).unwrap();
    assert_eq!(std::fs::read(path).unwrap(), body);
}

#[test]
fn not_found_and_a_cut_connection_are_errors_without_partial_files() {
    let body = payload();
    let server = Server::start(HashMap::from([(
        format!("/cut/{NAME}"),
        Reply::Cut {
            body: body.clone(),
            sent: 10_000,
        },
    )]));
    let dir = tempfile::tempdir().unwrap();
    let mirrors = vec![
        format!("{}/missing", server.base),
        format!("{}/cut", server.base),
    ];
    let err = download(&file_for(&body), dir.path(), &mirrors, &mut |_| {})
        .unwrap_err()
        .to_string();
    assert!(err.contains("404"), "{err}");
    assert!(err.contains("/cut/"), "{err}");
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

#[test]
fn a_refused_connection_is_an_error_that_names_the_url() {
    // Bind then drop a listener: its port is now closed.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let mirrors = vec![format!("http://127.0.0.1:{port}/x")];
    let err = download(&file_for(b"x"), dir.path(), &mirrors, &mut |_| {})
        .unwrap_err()
        .to_string();
    assert!(err.contains(&format!("127.0.0.1:{port}")), "{err}");
}

/// Issue: hardening, class "data folders created where they should not be": a failed download
/// leaves no folder behind, and a data folder given one level too deep is named with its parent.
#[test]
fn a_failed_download_creates_no_folders_and_a_too_deep_data_dir_names_its_parent() {
    use d2l::data::DataDirs;
    use d2l::data::download::locate_or_download;

    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mirrors = vec![format!("http://127.0.0.1:{port}")];
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("not").join("there");
    let dirs = DataDirs::from_roots(vec![root.clone()]);
    let file = file_for(b"x");
    let err = locate_or_download("set", &[file], &dirs, &mirrors, &mut |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(err.contains("set"), "{err}");
    assert!(
        !work.path().join("not").exists(),
        "no folder is left: {err}"
    );

    // The files sit directly in the folder given, not in its `set/` subfolder.
    let own = work.path().join("set");
    std::fs::create_dir(&own).unwrap();
    std::fs::write(own.join(file.name), b"x").unwrap();
    let dirs = DataDirs::from_roots(vec![own.clone()]);
    let err = locate_or_download("set", &[file], &dirs, &mirrors, &mut |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("holds the set files itself")
            && err.contains(&work.path().display().to_string()),
        "{err}"
    );
    assert!(!own.join("set").exists(), "nothing created inside it");
}

/// Issue: hardening, class "network without a deadline": a mirror that accepts the connection
/// and never answers is given up after the response timeout, named, and the next one is used.
#[test]
fn a_mirror_that_never_answers_times_out_and_the_next_one_is_used() {
    use d2l::data::download::{Timeouts, download_with};
    use std::time::{Duration, Instant};

    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    // Accept, read nothing, answer nothing, and hold the connection open.
    let holder = thread::spawn(move || {
        let (stream, _) = silent.accept().unwrap();
        thread::sleep(Duration::from_millis(1500));
        drop(stream);
    });
    let body = payload();
    let server = Server::serving(format!("/ok/{NAME}"), body.clone());
    let timeouts = Timeouts {
        connect: Duration::from_secs(5),
        response: Duration::from_millis(300),
        body: Duration::from_secs(5),
    };
    let dir = tempfile::tempdir().unwrap();
    let silent_url = format!("http://127.0.0.1:{port}/x");
    let started = Instant::now();
    let err = download_with(
        &file_for(&body),
        dir.path(),
        std::slice::from_ref(&silent_url),
        timeouts,
        &mut |_| {},
    )
    .unwrap_err()
    .to_string();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(
        err.contains(&silent_url) && err.to_lowercase().contains("timeout"),
        "{err}"
    );
    assert!(leftovers(dir.path()).is_empty());
    holder.join().unwrap();

    // With a working mirror after it, the file arrives.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let holder = thread::spawn(move || {
        let (stream, _) = silent.accept().unwrap();
        thread::sleep(Duration::from_millis(1500));
        drop(stream);
    });
    let mirrors = vec![
        format!("http://127.0.0.1:{port}/x"),
        format!("{}/ok", server.base),
    ];
    let path = download_with(
        &file_for(&body),
        dir.path(),
        &mirrors,
        timeouts,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(std::fs::read(path).unwrap(), body);
    holder.join().unwrap();
}

/// Issue: hardening, class "network without a deadline": each failed mirror is reported as it
/// fails, with the mirror tried next, not only in the final error.
#[test]
fn each_failed_mirror_is_reported_with_the_one_tried_next() {
    let body = payload();
    let server = Server::serving(format!("/good/{NAME}"), body.clone());
    let dir = tempfile::tempdir().unwrap();
    let missing = format!("{}/missing", server.base);
    let good = format!("{}/good", server.base);
    let mut failed = Vec::new();
    download(
        &file_for(&body),
        dir.path(),
        &[missing.clone(), good.clone()],
        &mut |event| {
            if let Event::MirrorFailed { url, reason, next } = event {
                failed.push((
                    url.to_string(),
                    reason.to_string(),
                    next.map(str::to_string),
                ));
            }
        },
    )
    .unwrap();
    assert_eq!(failed.len(), 1, "{failed:?}");
    let (url, reason, next) = &failed[0];
    assert_eq!(url, &format!("{missing}/{NAME}"));
    assert!(reason.contains("404"), "{reason}");
    assert_eq!(next.as_deref(), Some(good.as_str()));
}

/// Issue: hardening, class "network without a deadline": a file already in the cache with a
/// wrong checksum is named and fetched again; while the new copy fails, the old one is kept.
#[test]
fn a_cached_file_with_a_wrong_checksum_is_named_and_fetched_again() {
    let body = payload();
    let server = Server::serving(format!("/good/{NAME}"), body.clone());
    let dir = tempfile::tempdir().unwrap();
    let cached = dir.path().join(NAME);
    std::fs::write(&cached, b"truncated").unwrap();

    let mut stale = Vec::new();
    let mut record = |event: Event| {
        if let Event::Stale { path, actual, .. } = event {
            stale.push((path.to_path_buf(), actual.to_string()));
        }
    };
    // Only a broken mirror: the error says so and the old file is still there.
    let broken = vec![format!("{}/missing", server.base)];
    let err = download(&file_for(&body), dir.path(), &broken, &mut record).unwrap_err();
    assert!(err.to_string().contains(NAME), "{err}");
    assert_eq!(std::fs::read(&cached).unwrap(), b"truncated");
    // A good mirror replaces it.
    let good = vec![format!("{}/good", server.base)];
    download(&file_for(&body), dir.path(), &good, &mut record).unwrap();
    assert_eq!(std::fs::read(&cached).unwrap(), body);
    assert_eq!(stale.len(), 2, "reported on both tries: {stale:?}");
    assert_eq!(
        stale[0],
        (cached.clone(), md5_hex(b"truncated").to_string())
    );
    assert_eq!(leftovers(dir.path()), [NAME]);
}

/// Issue: hardening, class "data folders": a data file that is a folder or a broken link is
/// reported as such, nothing is downloaded and nothing is created.
#[cfg(unix)]
#[test]
fn a_data_file_that_is_a_folder_or_a_broken_link_is_named_as_that() {
    use d2l::data::DataDirs;
    use d2l::data::download::locate_or_download;

    let body = payload();
    let server = Server::serving(format!("/good/{NAME}"), body.clone());
    let mirrors = vec![format!("{}/good", server.base)];
    let root = tempfile::tempdir().unwrap();
    let set = root.path().join("set");
    std::fs::create_dir_all(set.join(NAME)).unwrap();
    let dirs = DataDirs::from_roots(vec![root.path().into()]);
    let err = locate_or_download("set", &[file_for(&body)], &dirs, &mirrors, &mut |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&set.join(NAME).display().to_string()) && err.contains("a folder"),
        "{err}"
    );
    assert!(!err.contains("missing"), "{err}");

    std::fs::remove_dir(set.join(NAME)).unwrap();
    std::os::unix::fs::symlink(root.path().join("elsewhere"), set.join(NAME)).unwrap();
    let err = locate_or_download("set", &[file_for(&body)], &dirs, &mirrors, &mut |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(err.contains("broken symbolic link"), "{err}");
    assert_eq!(server.count(), 0, "nothing was downloaded");
    assert_eq!(leftovers(&set), [NAME]);
}

/// `d2l data download airfoil` with a mirror on 127.0.0.1 serving d2l's file: it lands in the
/// data folder with its sha1 checked, and the chapter-11 commands read it from there; a copy
/// with one byte changed is refused by its sha1 and leaves nothing.
#[test]
fn the_airfoil_file_is_downloaded_with_its_sha1_checked() {
    use d2l::data::airfoil::{DATASET, FILE};
    let Some(real) = crate::util::real_data(DATASET, &[FILE.name]) else {
        return;
    };
    let body = std::fs::read(real.join(FILE.name)).unwrap();
    let mut corrupt = body.clone();
    corrupt[1000] ^= 1;
    let server = Server::start(HashMap::from([
        (format!("/good/{}", FILE.name), Reply::Body(body.clone())),
        (format!("/bad/{}", FILE.name), Reply::Body(corrupt)),
    ]));
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let data_dir = data.display().to_string();
    let bad = format!("{}/bad", server.base);
    let args = [
        "data",
        "download",
        "airfoil",
        "--data-dir",
        &data_dir,
        "--mirror",
        &bad,
    ];
    let output = crate::util::d2l(work.path(), None, &args);
    let (_, stderr) = crate::util::text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("sha1"), "{stderr}");
    assert!(!data.join(DATASET).join(FILE.name).exists());
    let good = format!("{}/good", server.base);
    let args = [
        "data",
        "download",
        "airfoil",
        "--data-dir",
        &data_dir,
        "--mirror",
        &good,
    ];
    let output = crate::util::d2l(work.path(), None, &args);
    let (_, stderr) = crate::util::text(&output);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        std::fs::read(data.join(DATASET).join(FILE.name)).unwrap(),
        body
    );
    let args = ["adagrad", "--no-plots", "--data-dir", &data_dir];
    let output = crate::util::d2l(work.path(), None, &args);
    let (stdout, stderr) = crate::util::text(&output);
    assert!(
        output.status.success() && stdout.contains("lr 0.1: loss 0.24"),
        "{stdout}{stderr}"
    );
}
