//! Whole-process timings for `d2l bench`: our command and the same job in Python (PyTorch for
//! training, pandas for preprocessing; the scripts in `scripts/peers/`, built into the binary),
//! each started, waited for and measured the same way from outside: wall time from spawn to
//! exit and the kernel's figure of the child's peak resident memory.

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

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
}

impl Peer {
    /// PyTorch, for the training jobs; `None` (after saying why) without torch.
    pub fn pytorch(python: &Path) -> Option<Self> {
        Self::find(
            python,
            FASHION_MNIST_SCRIPT,
            "import numpy, torch; print('pytorch', torch.__version__)",
            "torch numpy",
        )
    }

    /// pandas, for preprocessing; `None` (after saying why) without pandas.
    #[cfg(feature = "polars")]
    pub fn pandas(python: &Path) -> Option<Self> {
        Self::find(
            python,
            PREPROCESS_SCRIPT,
            "import numpy, pandas; print('pandas', pandas.__version__)",
            "pandas numpy",
        )
    }

    fn find(python: &Path, script_text: &str, probe: &str, packages: &str) -> Option<Self> {
        let skipped = |why: String| {
            println!(
                "{packages} side skipped: {why} (pip install {packages}, or pass --python \
                 /path/to/python)"
            );
            None
        };
        let out = match Command::new(python).args(["-c", probe]).output() {
            Ok(out) if out.status.success() => out,
            Ok(_) => return skipped(format!("{} cannot import {packages}", python.display())),
            Err(e) => return skipped(format!("{}: {e}", python.display())),
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
            version: String::from_utf8_lossy(&out.stdout).trim().to_string(),
        })
    }

    /// One run of the script with `args`.
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> anyhow::Result<Run> {
        let mut cmd = Command::new(&self.python);
        cmd.arg(self.script.path()).args(args);
        Run::measure(cmd)
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
    /// Runs `cmd` to its end and reads its last JSON line.
    pub fn measure(mut cmd: Command) -> anyhow::Result<Self> {
        let shown = format!("{cmd:?}");
        let start = Instant::now();
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("could not start {shown}"))?;
        // stderr on its own thread, so that neither pipe can fill up and stall the child.
        let mut stderr = child.stderr.take().expect("piped");
        let errors = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        let mut stdout = String::new();
        child
            .stdout
            .take()
            .expect("piped")
            .read_to_string(&mut stdout)?;
        let (success, peak_rss_kb) = wait_with_peak_rss(child)?;
        let seconds = start.elapsed().as_secs_f64();
        let errors = errors.join().unwrap_or_default();
        if !success {
            bail!("{shown} failed:\n{errors}");
        }
        let line = stdout
            .lines()
            .rev()
            .find(|l| l.starts_with('{'))
            .with_context(|| format!("{shown} printed no JSON line"))?;
        let reported: Reported = serde_json::from_str(line)
            .with_context(|| format!("{shown} printed an unexpected JSON line"))?;
        Ok(Self {
            seconds,
            epoch_seconds: reported.epochs.iter().map(|e| e.seconds).collect(),
            test_acc: reported
                .epochs
                .last()
                .and_then(|e| e.test_acc)
                .unwrap_or(f64::NAN),
            peak_rss_kb,
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

/// Waits for `child` and returns whether it succeeded and its peak RSS in kB (`wait4`'s
/// `ru_maxrss`, the figure `/usr/bin/time` prints as "maximum resident set size").
#[cfg(unix)]
fn wait_with_peak_rss(child: std::process::Child) -> anyhow::Result<(bool, u64)> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of that plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for (std's `Child` waits only when asked);
    // both pointers are to live locals.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if reaped != pid {
        bail!(
            "waiting for process {pid}: {}",
            std::io::Error::last_os_error()
        );
    }
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    Ok((success, usage.ru_maxrss.max(0) as u64))
}

#[cfg(not(unix))]
fn wait_with_peak_rss(mut child: std::process::Child) -> anyhow::Result<(bool, u64)> {
    Ok((child.wait()?.success(), 0))
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
        let run = Run::measure(cmd).unwrap();
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
        let err = Run::measure(cmd).unwrap_err().to_string();
        assert!(err.contains("no torch here"), "{err}");
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
