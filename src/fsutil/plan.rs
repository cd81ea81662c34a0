//! One output plan per run: every file a command will write is declared before any work and
//! checked once, together, so that a run either fails at once (one line naming the flag) or
//! can write everything it promised.
//!
//! The checks, in order, for each declared output:
//! 1. its kind: a folder, a device such as `/dev/null`, a FIFO or a socket is refused (a symlink
//!    is followed to the file it names);
//! 2. its name fits the system's limit (255 bytes);
//! 3. it is not one of the run's inputs, nor inside an input folder (the data sets);
//! 4. no other output of the run is the same file (`--plot a.svg` also writes `a.png`);
//! 5. its folder, or the nearest folder above it that exists, accepts a new file.
//!
//! [`OutputPlan::arm`] then makes the plan the run's only outputs: [`super::AtomicFile`]
//! refuses any other destination, so a command that forgets to declare a file fails in its
//! first test instead of writing it unchecked.

use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use super::{Temporary, output_target};
use crate::error::{Error, Result};

/// The longest file name most file systems take (ext4, xfs, btrfs, tmpfs: `NAME_MAX`).
pub const NAME_MAX: usize = 255;

/// The files of a run: what it writes and what it reads.
#[derive(Debug, Default, Clone)]
pub struct OutputPlan {
    outputs: Vec<(&'static str, PathBuf)>,
    inputs: Vec<Input>,
}

/// A file or folder the run reads.
#[derive(Debug, Clone)]
struct Input {
    what: &'static str,
    path: PathBuf,
    /// The one output flag that may replace it (a checkpoint loaded, then saved in place).
    replaceable_by: Option<&'static str>,
}

/// What the armed plan lets this process write.
#[derive(Debug)]
struct Armed {
    /// The declared outputs, as [`identity`]s.
    files: Vec<PathBuf>,
    /// Folders the run made for itself (temporary folders), where anything may be written.
    scratch: Vec<PathBuf>,
}

/// The declared outputs of the armed plan, as [`identity`]s; `None` while no plan is armed
/// (library use, notebooks, tests), when every destination is allowed.
static ARMED: Mutex<Option<Armed>> = Mutex::new(None);

impl OutputPlan {
    /// An empty plan.
    pub fn new() -> Self {
        Self::default()
    }

    /// `flag` (e.g. `--plot`) will write `path`.
    pub fn output(&mut self, flag: &'static str, path: impl Into<PathBuf>) -> &mut Self {
        self.outputs.push((flag, path.into()));
        self
    }

    /// `flag` names a file or folder this run reads: no output may be it or lie inside it.
    pub fn input(&mut self, what: &'static str, path: impl Into<PathBuf>) -> &mut Self {
        self.inputs.push(Input {
            what,
            path: path.into(),
            replaceable_by: None,
        });
        self
    }

    /// Like [`OutputPlan::input`], but the output of `flag` may be this very file: it is read
    /// whole before anything is written (`--load m --save m` resumes training in place).
    pub fn input_replaceable_by(
        &mut self,
        what: &'static str,
        path: impl Into<PathBuf>,
        flag: &'static str,
    ) -> &mut Self {
        self.inputs.push(Input {
            what,
            path: path.into(),
            replaceable_by: Some(flag),
        });
        self
    }

    /// The declared outputs, in order.
    pub fn outputs(&self) -> impl Iterator<Item = &Path> {
        self.outputs.iter().map(|(_, p)| p.as_path())
    }

    /// Runs every check (see the module's documentation); the first failure is an
    /// [`Error::Invalid`] naming the flag.
    pub fn check(&self) -> Result<()> {
        let inputs: Vec<(&Input, PathBuf)> = self
            .inputs
            .iter()
            .map(|input| (input, identity(&input.path)))
            .collect();
        let mut seen: Vec<(&str, &Path, PathBuf)> = Vec::new();
        for (flag, path) in &self.outputs {
            let invalid = |reason: String| Error::Invalid {
                name: flag,
                reason: format!("{}: {reason}", path.display()),
            };
            let target = output_target(path).map_err(|e| Error::Invalid {
                name: flag,
                reason: e.to_string(),
            })?;
            let name_len = target.file_name().map_or(0, |n| n.len());
            if name_len > NAME_MAX {
                return Err(invalid(format!(
                    "the file name is {name_len} bytes, more than the {NAME_MAX} a file system \
                     takes: give a shorter name"
                )));
            }
            let id = identity(&target);
            let clash = inputs.iter().find(|(input, input_id)| {
                let same = id == *input_id;
                (same && input.replaceable_by != Some(*flag)) || (!same && id.starts_with(input_id))
            });
            if let Some((input, input_id)) = clash {
                let relation = if id == *input_id { "is" } else { "is inside" };
                return Err(invalid(format!(
                    "{relation} {} {}, which this run reads: writing there could destroy it; \
                     give another name",
                    input.what,
                    input.path.display(),
                )));
            }
            if let Some((other, other_path, _)) = seen.iter().find(|(_, _, seen)| *seen == id) {
                return Err(invalid(format!(
                    "is also written by {other} ({}): give the two different names",
                    other_path.display()
                )));
            }
            check_writable(&id).map_err(invalid)?;
            seen.push((flag, path.as_path(), id));
        }
        Ok(())
    }

    /// Checks the plan and makes its outputs the only files this process may write.
    pub fn arm(&self) -> Result<()> {
        self.check()?;
        let files = self
            .outputs
            .iter()
            .map(|(_, p)| identity(&output_target(p).unwrap_or_else(|_| p.clone())))
            .collect();
        *armed() = Some(Armed {
            files,
            scratch: Vec::new(),
        });
        Ok(())
    }
}

/// Lets the armed plan (if any) write anything inside `dir`: a temporary folder the run made
/// for itself (the book's examples that write a small file and read it back).
pub fn permit_scratch(dir: &Path) {
    if let Some(armed) = &mut *armed() {
        armed.scratch.push(identity(dir));
    }
}

fn armed() -> std::sync::MutexGuard<'static, Option<Armed>> {
    ARMED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Whether the armed plan (if any) declared `target`, the file that writing `path` replaces.
pub(super) fn permits(path: &Path, target: &Path) -> Result<()> {
    let id = identity(target);
    match &*armed() {
        Some(armed)
            if !armed.files.contains(&id) && !armed.scratch.iter().any(|d| id.starts_with(d)) =>
        {
            Err(Error::format(
                path,
                "is not among the files this command declared before it started (a bug in d2l: \
             please report it); nothing was written there",
            ))
        }
        _ => Ok(()),
    }
}

/// The same name for the same file however it was written: absolute, with the part of the
/// path that exists resolved by the system (symlinks, `..`), the rest joined as given.
pub fn identity(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut rest: Vec<OsString> = Vec::new();
    let mut base = absolute.as_path();
    loop {
        if let Ok(resolved) = base.canonicalize() {
            let mut id = resolved;
            for part in rest.iter().rev() {
                id.push(part);
            }
            return id;
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            _ => return lexical(&absolute),
        }
    }
}

/// `path` with `.` and `..` removed by their text alone.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The nearest existing folder at or above `target`'s folder accepts a new file: a temporary
/// is created there and removed (the only sure test: permissions, read-only mounts, /proc and
/// full quotas all answer it).
fn check_writable(target: &Path) -> std::result::Result<(), String> {
    let mut dir = target.parent().unwrap_or(Path::new("/"));
    while !dir.exists() {
        match dir.parent() {
            Some(parent) => dir = parent,
            None => break,
        }
    }
    if !dir.is_dir() {
        return Err(format!("{} is not a folder", dir.display()));
    }
    let probe = Temporary::beside(&dir.join("probe"));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(probe.path())
        .map(drop)
        .map_err(|e| format!("cannot create a file in {}: {e}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(outputs: &[(&'static str, &Path)], inputs: &[(&'static str, &Path)]) -> Result<()> {
        let mut plan = OutputPlan::new();
        for (flag, path) in outputs {
            plan.output(flag, *path);
        }
        for (flag, path) in inputs {
            plan.input(flag, *path);
        }
        plan.check()
    }

    #[test]
    fn two_outputs_that_are_one_file_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.png");
        let also_a = dir.path().join("sub/../a.png");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let err = plan(&[("--plot", &a), ("--predict", &also_a)], &[])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("invalid --predict:"), "{err}");
        assert!(err.contains("also written by --plot"), "{err}");
        assert!(
            plan(
                &[("--plot", &a), ("--predict", &dir.path().join("b.png"))],
                &[]
            )
            .is_ok()
        );
    }

    #[test]
    fn inputs_and_their_folders_are_not_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(data.join("set")).unwrap();
        let train = data.join("set/train.csv");
        std::fs::write(&train, "x\n1\n").unwrap();
        let err = plan(&[("--out", &train)], &[("the data folder", &data)])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("inside") && err.contains("the data folder"),
            "{err}"
        );
        let err = plan(&[("--out", &train)], &[("FILE", &train)])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("which this run reads") && !err.contains("inside"),
            "{err}"
        );
    }

    /// `--load m --save m` resumes in place; `--plot m` over the checkpoint is still refused.
    #[test]
    fn a_loaded_checkpoint_may_be_saved_over_by_its_flag_only() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("m.safetensors");
        std::fs::write(&model, b"weights").unwrap();
        let mut ok = OutputPlan::new();
        ok.input_replaceable_by("the checkpoint of --load", &model, "--save")
            .output("--save", &model);
        assert!(ok.check().is_ok());
        let mut bad = OutputPlan::new();
        bad.input_replaceable_by("the checkpoint of --load", &model, "--save")
            .output("--predict", &model);
        let err = bad.check().unwrap_err().to_string();
        assert!(err.contains("is the checkpoint of --load"), "{err}");
    }

    #[test]
    fn names_over_the_limit_and_unwritable_folders_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let long = dir.path().join("x".repeat(NAME_MAX + 1));
        let err = plan(&[("--out", &long)], &[]).unwrap_err().to_string();
        assert!(err.contains("256 bytes"), "{err}");
        assert!(plan(&[("--out", &dir.path().join("x".repeat(NAME_MAX)))], &[]).is_ok());
        // /proc takes no new files, not even from root.
        let err = plan(&[("--predict", Path::new("/proc/nonexist/p.png"))], &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot create a file in /proc"), "{err}");
        // A folder that does not exist yet is fine when its parent is writable.
        assert!(plan(&[("--out", &dir.path().join("new/deeper/x.csv"))], &[]).is_ok());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "probes are removed"
        );
    }

    #[test]
    fn devices_and_folders_are_refused_with_the_flag() {
        let err = plan(&[("--file", Path::new("/dev/null"))], &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("invalid --file: /dev/null: is not a regular file"),
            "{err}"
        );
    }
}
