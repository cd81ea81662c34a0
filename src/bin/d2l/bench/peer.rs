//! Whole-process timings for `d2l bench`: our command and the same job in Python (PyTorch for
//! training, pandas for preprocessing; the scripts in `scripts/peers/`, built into the binary),
//! each started, waited for and measured the same way from outside: wall time from spawn to
//! exit and the kernel's figure of the child's peak resident memory.

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde::Deserialize;

use super::median;

/// The PyTorch job of `d2l softmax|mlp`.
const FASHION_MNIST_SCRIPT: &str = include_str!("../../../../scripts/peers/fashion_mnist.py");
/// The pandas job of `d2l preprocess FILE`.
#[cfg(feature = "polars")]
const PREPROCESS_SCRIPT: &str = include_str!("../../../../scripts/peers/preprocess.py");

/// A Python that can run one of the peer scripts.
pub struct Peer {
    python: PathBuf,
    script: tempfile::NamedTempFile,
    /// E.g. `pytorch 2.15.0+cu132`.
    pub version: String,
    /// How long one run may take.
    timeout: Duration,
}

impl Peer {
    /// PyTorch, for the training jobs; `None` (after saying why) without torch.
    pub fn pytorch(python: &Path, timeout: Duration) -> Option<Self> {
        Self::find(
            python,
            timeout,
            FASHION_MNIST_SCRIPT,
            "import numpy, torch; print('pytorch', torch.__version__)",
            "torch numpy",
        )
    }

    /// pandas, for preprocessing; `None` (after saying why) without pandas.
    #[cfg(feature = "polars")]
    pub fn pandas(python: &Path, timeout: Duration) -> Option<Self> {
        Self::find(
            python,
            timeout,
            PREPROCESS_SCRIPT,
            "import numpy, pandas; print('pandas', pandas.__version__)",
            "pandas numpy",
        )
    }

    fn find(
        python: &Path,
        timeout: Duration,
        script_text: &str,
        probe: &str,
        packages: &str,
    ) -> Option<Self> {
        let skipped = |why: String| {
            println!(
                "{packages} side skipped: {why} (pip install {packages}, or pass --python \
                 /path/to/python)"
            );
            None
        };
        let mut cmd = Command::new(python);
        cmd.args(["-c", probe]);
        let out = match Finished::run(cmd, timeout) {
            Ok(out) if out.success => out,
            Ok(_) => return skipped(format!("{} cannot import {packages}", python.display())),
            Err(e) => return skipped(format!("{e:#}")),
        };
        let mut script = match tempfile::Builder::new()
            .prefix("d2l-peer-")
            .suffix(".py")
            .tempfile()
        {
            Ok(file) => file,
            Err(e) => return skipped(format!("no temporary file for the script: {e}")),
        };
        if let Err(e) = std::io::Write::write_all(&mut script, script_text.as_bytes()) {
            return skipped(format!("writing the script: {e}"));
        }
        Some(Self {
            python: python.to_path_buf(),
            script,
            version: out.stdout.trim().to_string(),
            timeout,
        })
    }

    /// One run of the script with `args`.
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> anyhow::Result<Run> {
        let mut cmd = Command::new(&self.python);
        cmd.arg(self.script.path()).args(args);
        Run::measure(cmd, self.timeout)
    }
}

/// One measured process.
#[derive(Debug, Clone)]
pub struct Run {
    /// Wall time from spawn to exit.
    pub seconds: f64,
    /// Each epoch's seconds (training and the test-accuracy pass), as the job reported them.
    pub epoch_seconds: Vec<f64>,
    /// Test accuracy after the last epoch.
    pub test_acc: f64,
    /// Peak resident memory of the process, in kB.
    pub peak_rss_kb: u64,
}

/// The JSON line every job ends with (only the fields the bench reads; a job that does not
/// train has no epochs).
#[derive(Deserialize)]
struct Reported {
    #[serde(default)]
    epochs: Vec<ReportedEpoch>,
}

#[derive(Deserialize)]
struct ReportedEpoch {
    seconds: f64,
    test_acc: Option<f64>,
}

/// Medians over runs.
#[derive(Debug, Clone)]
pub struct Medians {
    pub seconds: f64,
    pub epoch_seconds: f64,
    pub test_acc: f64,
    pub peak_rss_kb: u64,
}

impl Run {
    /// Runs `cmd` to its end (or stops it after `timeout`) and reads its last JSON line.
    pub fn measure(cmd: Command, timeout: Duration) -> anyhow::Result<Self> {
        let shown = command_line(&cmd);
        let out = Finished::run(cmd, timeout)?;
        if !out.success {
            let last_lines: Vec<&str> = out.stderr.lines().rev().take(20).collect();
            let last_lines: Vec<&str> = last_lines.into_iter().rev().collect();
            bail!(
                "`{shown}` failed ({}); its last words on stderr:\n{}",
                out.status,
                last_lines.join("\n")
            );
        }
        let line = out
            .stdout
            .lines()
            .rev()
            .find(|l| l.starts_with('{'))
            .with_context(|| format!("`{shown}` printed no JSON line"))?;
        let reported: Reported = serde_json::from_str(line)
            .with_context(|| format!("`{shown}` printed an unexpected JSON line"))?;
        Ok(Self {
            seconds: out.seconds,
            epoch_seconds: reported.epochs.iter().map(|e| e.seconds).collect(),
            test_acc: reported
                .epochs
                .last()
                .and_then(|e| e.test_acc)
                .unwrap_or(f64::NAN),
            peak_rss_kb: out.peak_rss_kb,
        })
    }

    /// Medians of the whole-job time, of every epoch of every run, and of the peak memory.
    pub fn medians(runs: &[Run]) -> Medians {
        let mut seconds: Vec<f64> = runs.iter().map(|r| r.seconds).collect();
        let mut epochs: Vec<f64> = runs.iter().flat_map(|r| r.epoch_seconds.clone()).collect();
        let mut rss: Vec<f64> = runs.iter().map(|r| r.peak_rss_kb as f64).collect();
        Medians {
            seconds: median(&mut seconds),
            epoch_seconds: median(&mut epochs),
            test_acc: runs.last().map_or(f64::NAN, |r| r.test_acc),
            peak_rss_kb: median(&mut rss) as u64,
        }
    }
}

/// A child process that ran to its end.
struct Finished {
    success: bool,
    /// "exit status 3", "killed by signal 9".
    status: String,
    stdout: String,
    stderr: String,
    seconds: f64,
    peak_rss_kb: u64,
}

impl Finished {
    /// Runs `cmd` with its output captured; a child still running after `timeout` is killed
    /// and reported as an error that names the command and `--timeout`.
    fn run(mut cmd: Command, timeout: Duration) -> anyhow::Result<Self> {
        let shown = command_line(&cmd);
        let start = Instant::now();
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("could not start `{shown}`"))?;
        // Both pipes on their own threads, so that neither can fill up and stall the child,
        // and the wait below can give up on time.
        let read_all = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = pipe.read_to_end(&mut bytes);
                String::from_utf8_lossy(&bytes).into_owned()
            })
        };
        let stdout = read_all(Box::new(child.stdout.take().expect("piped")));
        let stderr = read_all(Box::new(child.stderr.take().expect("piped")));
        let waited = wait_with_peak_rss(&mut child, timeout);
        let seconds = start.elapsed().as_secs_f64();
        let Some((status, peak_rss_kb)) = waited? else {
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "`{shown}` was still running after {} s and was stopped (give more time with \
                 --timeout)",
                timeout.as_secs()
            );
        };
        Ok(Self {
            success: status.success(),
            status: status.to_string(),
            stdout: stdout.join().unwrap_or_default(),
            stderr: stderr.join().unwrap_or_default(),
            seconds,
            peak_rss_kb,
        })
    }
}

/// `cmd` as one would type it: the program and its arguments, each quoted only when needed.
fn command_line(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|word| {
            let word = word.to_string_lossy();
            let plain = !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@".contains(c));
            if plain {
                word.into_owned()
            } else {
                format!("'{}'", word.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Waits up to `timeout` for `child`; its exit status and peak RSS in kB (`wait4`'s
/// `ru_maxrss`, the figure `/usr/bin/time` prints as "maximum resident set size"), or `None`
/// when it is still running.
#[cfg(unix)]
fn wait_with_peak_rss(
    child: &mut std::process::Child,
    timeout: Duration,
) -> anyhow::Result<Option<(std::process::ExitStatus, u64)>> {
    use std::os::unix::process::ExitStatusExt;
    let pid = child.id() as libc::pid_t;
    let deadline = Instant::now() + timeout;
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: an all-zero rusage is a valid value of that plain C struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our own child, not yet reaped (std's `Child` waits only when asked);
        // both pointers are to live locals.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            let status = std::process::ExitStatus::from_raw(status);
            return Ok(Some((status, usage.ru_maxrss.max(0) as u64)));
        }
        if reaped != 0 {
            bail!(
                "waiting for process {pid}: {}",
                std::io::Error::last_os_error()
            );
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(not(unix))]
fn wait_with_peak_rss(
    child: &mut std::process::Child,
    _timeout: Duration,
) -> anyhow::Result<Option<(std::process::ExitStatus, u64)>> {
    Ok(Some((child.wait()?, 0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn measure_reads_the_last_json_line_and_the_childs_memory() {
        let mut cmd = Command::new("sh");
        cmd.args([
            "-c",
            r#"echo 'epoch 1: ...'; echo '{"epochs":[{"seconds":0.5,"test_acc":0.7},{"seconds":0.25,"test_acc":0.8}]}'"#,
        ]);
        let run = Run::measure(cmd, Duration::from_secs(60)).unwrap();
        assert_eq!(run.epoch_seconds, [0.5, 0.25]);
        assert_eq!(run.test_acc, 0.8);
        assert!(run.peak_rss_kb > 0, "the shell used some memory");
        assert!(run.seconds > 0.0);
    }

    #[cfg(unix)]
    #[test]
    fn a_failing_job_is_an_error_with_its_stderr() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo 'no torch here' >&2; exit 3"]);
        let err = Run::measure(cmd, Duration::from_secs(60))
            .unwrap_err()
            .to_string();
        assert!(err.contains("no torch here"), "{err}");
        assert!(
            err.starts_with("`sh -c 'echo "),
            "a command line, not a list: {err}"
        );
        assert!(err.contains("exit status: 3"), "{err}");
    }

    /// Issue 26: a peer that never exits hung the benchmark.
    #[cfg(unix)]
    #[test]
    fn a_job_that_never_ends_is_stopped_at_the_timeout() {
        let mut cmd = Command::new("sleep");
        cmd.arg("30");
        let start = Instant::now();
        let err = Run::measure(cmd, Duration::from_millis(300))
            .unwrap_err()
            .to_string();
        assert!(start.elapsed() < Duration::from_secs(10));
        assert!(err.contains("`sleep 30` was still running"), "{err}");
        assert!(err.contains("--timeout"), "{err}");
    }

    #[test]
    fn medians_take_every_epoch_of_every_run() {
        let run = |s: f64, e: Vec<f64>| Run {
            seconds: s,
            epoch_seconds: e,
            test_acc: 0.8,
            peak_rss_kb: 100,
        };
        let m = Run::medians(&[
            run(3.0, vec![1.0, 2.0]),
            run(1.0, vec![3.0]),
            run(2.0, vec![]),
        ]);
        assert_eq!(m.seconds, 2.0);
        assert_eq!(m.epoch_seconds, 2.0);
        assert_eq!(m.peak_rss_kb, 100);
    }
}
