//! The boundary walker: every command `d2l --help` lists, every flag its `--help` declares, run
//! at the values where programs break (0, -1, NaN, ±inf, 1e-300, 1e300, 2^64-1, the ends of the
//! range the help states and one past them, a device, a folder, an input file, a folder that
//! takes no files), each on tiny data, under a memory limit and a timeout. Every run must end
//! with exit status 0, 1 or 2, without a panic, an abort or a kill, leave no temporary file,
//! and change no file but its declared outputs: the data, the input files and `/dev/null` are
//! compared byte for byte before and after.
//!
//! The walk knows nothing of the commands beyond a few base flags that make them small, so a
//! command added next month is walked without anyone remembering it. CI runs a fixed sample
//! (every 9th run, see [`SAMPLE_STRIDE`]: each flag and each kind of value still comes up);
//! `D2L_WALK=full` runs them all and prints the figures for the closing note;
//! `D2L_WALK_BIN=path/to/d2l` walks another build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use d2l::data::idx::{IMAGES_MAGIC, LABELS_MAGIC, encode};

/// CI runs every this-many-th walk (a prime, so that the values rotate across the flags).
const SAMPLE_STRIDE: usize = 9;
/// One run's wall-clock limit; then SIGTERM, which must end it cleanly (status 143).
const TIMEOUT: Duration = Duration::from_secs(20);
/// The address space a run may take (RLIMIT_AS): more than d2l's own 4 GiB estimate allows,
/// so only a size that escaped the estimates hits it.
const MEMORY_LIMIT: u64 = 8 << 30;

/// One flag of one command, as its help declares it.
#[derive(Debug, Clone)]
struct Flag {
    name: String,
    takes_value: bool,
    possible: Vec<String>,
    /// The range its help states ("1 to 10,000"), if any.
    range: Option<(u64, u64)>,
}

/// The binary walked: this build's, or `$D2L_WALK_BIN` (to walk another build, e.g. an older
/// one, for comparison).
fn binary() -> PathBuf {
    std::env::var_os("D2L_WALK_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_d2l")), PathBuf::from)
}

/// Runs the binary and returns its stdout (for `-h`).
fn help(words: &[&str]) -> String {
    let out = Command::new(binary())
        .args(words)
        .arg("-h") // the short help: one line a flag, choices inline
        .output()
        .unwrap();
    assert!(out.status.success(), "{words:?} -h failed");
    String::from_utf8(out.stdout).unwrap()
}

/// The names under "Commands:" in a help text, `help` aside.
fn subcommands(text: &str) -> Vec<String> {
    let Some(start) = text.find("Commands:\n") else {
        return Vec::new();
    };
    text[start + 10..]
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// Every leaf command, e.g. `["mlp"]`, `["data", "show"]`.
fn leaf_commands() -> Vec<Vec<String>> {
    let mut leaves = Vec::new();
    for name in subcommands(&help(&[])) {
        let nested = subcommands(&help(&[&name]));
        if nested.is_empty() {
            leaves.push(vec![name]);
        } else {
            leaves.extend(nested.into_iter().map(|sub| vec![name.clone(), sub]));
        }
    }
    leaves
}

/// The flags of a command's help, in blocks: a line that starts a flag, then its text.
fn flags(text: &str) -> Vec<Flag> {
    let mut found: Vec<(Flag, String)> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let starts = (2..=6).contains(&indent)
            && (trimmed.starts_with("--")
                || trimmed.starts_with('-') && trimmed[2..].starts_with(", --"));
        if starts {
            let spec = trimmed.split("  ").next().unwrap_or(trimmed);
            let long = spec[spec.find("--").unwrap() + 2..].to_string();
            let name = long.split([' ', '=']).next().unwrap().to_string();
            let flag = Flag {
                name,
                takes_value: spec.contains('<'),
                possible: Vec::new(),
                range: None,
            };
            found.push((flag, trimmed.to_string()));
        } else if let Some((_, block)) = found.last_mut() {
            block.push(' ');
            block.push_str(trimmed);
        }
    }
    found
        .into_iter()
        .map(|(mut flag, block)| {
            if let Some(at) = block.find("[possible values: ") {
                let rest = &block[at + 18..];
                flag.possible = rest[..rest.find(']').unwrap_or(rest.len())]
                    .split(", ")
                    .map(str::to_string)
                    .collect();
            }
            flag.range = stated_range(&block);
            flag
        })
        .filter(|f| f.name != "help" && f.name != "version")
        .collect()
}

/// "1 to 10,000" in a flag's help.
fn stated_range(block: &str) -> Option<(u64, u64)> {
    let words: Vec<&str> = block.split_whitespace().collect();
    words.windows(3).find_map(|w| {
        let number = |t: &str| {
            t.trim_matches(|c: char| !c.is_ascii_digit())
                .replace(',', "")
        };
        let (a, b) = (number(w[0]), number(w[2]));
        (w[1] == "to" && !a.is_empty() && !b.is_empty())
            .then(|| Some((a.parse().ok()?, b.parse().ok()?)))
            .flatten()
    })
}

/// The values every value-taking flag is tried at, besides its stated range and choices.
fn boundary_values(world: &World) -> Vec<String> {
    [
        "0",
        "-1",
        "NaN",
        "inf",
        "-inf",
        "1e-300",
        "1e300",
        "18446744073709551615",
    ]
    .iter()
    .map(|v| v.to_string())
    .chain([
        world.device.display().to_string(),
        world.sandbox.join("a-folder").display().to_string(),
        world.input_csv.display().to_string(),
        world.data_file().display().to_string(),
        "/proc/d2l-walk/out.svg".to_string(),
    ])
    .collect()
}

/// The small CSV that `preprocess` reads (and other commands may overwrite: it is put back
/// after each run).
const INPUT_CSV: &str = "a,b,price\n1,x,3\nNA,y,4\n2,,5\n";

/// The tiny data and the folder the runs work in: 64 + 32 Fashion-MNIST images, 30 + 6
/// Kaggle houses of four columns, a small CSV.
pub(crate) struct World {
    _root: tempfile::TempDir,
    pub(crate) sandbox: PathBuf,
    pub(crate) data: PathBuf,
    input_csv: PathBuf,
    /// A device node of the walk's own (the null device, made with mknod; a FIFO where that
    /// is not allowed), so that a command that replaced a device would not break the
    /// machine's `/dev/null` while the walk finds it.
    device: PathBuf,
}

impl World {
    pub(crate) fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        let sandbox = root.path().join("work");
        let data = root.path().join("data");
        std::fs::create_dir_all(sandbox.join("a-folder")).unwrap();
        let fm = data.join("fashion-mnist");
        std::fs::create_dir_all(&fm).unwrap();
        let images = |n: u32| {
            let pixels: Vec<u8> = (0..n * 784).map(|i| (i * 37 % 251) as u8).collect();
            encode(IMAGES_MAGIC, &[n, 28, 28], &pixels)
        };
        let labels = |n: u32| {
            encode(
                LABELS_MAGIC,
                &[n],
                &(0..n).map(|i| (i % 10) as u8).collect::<Vec<_>>(),
            )
        };
        for (name, bytes) in [
            ("train-images-idx3-ubyte.gz", images(64)),
            ("train-labels-idx1-ubyte.gz", labels(64)),
            ("t10k-images-idx3-ubyte.gz", images(32)),
            ("t10k-labels-idx1-ubyte.gz", labels(32)),
        ] {
            std::fs::write(fm.join(name), bytes).unwrap();
        }
        let kaggle = data.join("kaggle-house");
        std::fs::create_dir_all(&kaggle).unwrap();
        let house = |i: usize, price: bool| {
            let zoning = ["RL", "RM", "NA"][i % 3];
            let tail = if price {
                format!(",{}", 100_000 + 1_000 * i)
            } else {
                String::new()
            };
            format!(
                "{},{},{zoning},{}{tail}\n",
                i + 1,
                20 + i % 4 * 10,
                8_000 + 97 * i
            )
        };
        let train: String =
            std::iter::once("Id,MSSubClass,MSZoning,LotArea,SalePrice\n".to_string())
                .chain((0..30).map(|i| house(i, true)))
                .collect();
        let test: String = std::iter::once("Id,MSSubClass,MSZoning,LotArea\n".to_string())
            .chain((30..36).map(|i| house(i, false)))
            .collect();
        std::fs::write(kaggle.join("kaggle_house_pred_train.csv"), train).unwrap();
        std::fs::write(kaggle.join("kaggle_house_pred_test.csv"), test).unwrap();
        // Airfoil: the book keeps 1,500 rows, so the file needs at least that many.
        let airfoil = data.join("airfoil");
        std::fs::create_dir_all(&airfoil).unwrap();
        let rows: String = (0..1503)
            .map(|i| {
                let x = (i * 37 % 101) as f64 / 10.0;
                format!(
                    "{}\t{}\t0.3\t{}\t0.002\t{:.3}\r\n",
                    800 + i,
                    i % 7,
                    40 + i % 3,
                    120.0 + x
                )
            })
            .collect();
        std::fs::write(airfoil.join("airfoil_self_noise.dat"), rows).unwrap();
        let device = root.path().join("a-device");
        let c_path = std::ffi::CString::new(device.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid C string; mknod and mkfifo only create the node.
        unsafe {
            if libc::mknod(c_path.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) != 0 {
                assert_eq!(libc::mkfifo(c_path.as_ptr(), 0o666), 0, "a FIFO instead");
            }
        }
        let input_csv = root.path().join("input.csv");
        std::fs::write(&input_csv, INPUT_CSV).unwrap();
        Self {
            _root: root,
            sandbox,
            data,
            input_csv,
            device,
        }
    }

    fn data_file(&self) -> PathBuf {
        self.data.join("fashion-mnist/train-images-idx3-ubyte.gz")
    }

    /// Every file that a run may not change, with its bytes: the data sets, and the CSV when
    /// the run reads it (`preprocess`; other commands may overwrite it as any existing file).
    fn protected(&self, reads_csv: bool) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        for dir in ["fashion-mnist", "kaggle-house", "airfoil"] {
            for entry in std::fs::read_dir(self.data.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                files.insert(path.clone(), std::fs::read(&path).unwrap_or_default());
            }
        }
        if reads_csv {
            files.insert(
                self.input_csv.clone(),
                std::fs::read(&self.input_csv).unwrap(),
            );
        }
        files
    }
}

/// The flags that keep a command small on the tiny data (everything else is the default).
fn base_args(command: &[String], world: &World) -> Vec<String> {
    let csv = world.input_csv.display().to_string();
    let words: &[&str] = match command.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["softmax" | "mlp" | "dropout" | "lenet" | "batch-norm"] => {
            &["--epochs", "1", "--batch-size", "32"]
        }
        ["alexnet" | "vgg" | "nin" | "googlenet" | "resnet" | "densenet"] => &[
            "--epochs",
            "1",
            "--batch-size",
            "8",
            "--limit",
            "16",
            "--test-limit",
            "16",
        ],
        ["bench", "resnet"] => &[
            "--epochs",
            "1",
            "--runs",
            "1",
            "--no-peer",
            "--limit",
            "16",
            "--test-limit",
            "16",
            "--resize",
            "32",
        ],
        ["kaggle-house"] => &["--epochs", "2", "--k", "2", "--batch-size", "8"],
        ["lr-scheduler"] => &["--epochs", "1", "--batch-size", "32"],
        ["polyfit"] => &["--epochs", "2", "--overfit-epochs", "2"],
        ["weight-decay"] => &["--epochs", "2"],
        ["linreg"] => &["--examples", "100"],
        ["linreg-basics"] => &["--n", "100"],
        ["probability"] => &["--draws", "10", "--groups", "5"],
        ["losses"] => &["--points", "11"],
        ["data", _] => &["fashion-mnist", "--mirror", "http://127.0.0.1:9"],
        ["bench", "preprocess"] => &["--rows", "50", "--runs", "1", "--no-peer"],
        ["bench", "data"] => &["--runs", "1"],
        ["bench", _] => &["--epochs", "1", "--runs", "1", "--no-peer"],
        ["preprocess"] => return vec![csv],
        _ => &[],
    };
    words.iter().map(|w| w.to_string()).collect()
}

/// How one run ended, or why it is a finding.
fn run(world: &World, args: &[String]) -> Result<(i32, Duration, String), String> {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    let reads_csv = args.first().is_some_and(|c| c == "preprocess");
    let before = world.protected(reads_csv);
    let start = Instant::now();
    let mut cmd = Command::new(binary());
    cmd.args(args)
        .current_dir(&world.sandbox)
        .env("D2L_DATA_DIR", &world.data)
        .env("XDG_CACHE_HOME", world.sandbox.join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe and touches only the child.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: MEMORY_LIMIT,
                rlim_max: MEMORY_LIMIT,
            };
            libc::setrlimit(libc::RLIMIT_AS, &limit);
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT && !timed_out {
            timed_out = true;
            // SAFETY: signalling our own child.
            unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        }
        if start.elapsed() > TIMEOUT + Duration::from_secs(10) {
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = start.elapsed();
    let stderr = reader.join().unwrap();
    let last = stderr.lines().rev().take(3).collect::<Vec<_>>().join(" | ");
    let mut problems = Vec::new();
    match (status.code(), timed_out) {
        (Some(0..=2), false) | (Some(143), true) => {}
        (code, _) => problems.push(format!(
            "ended with {:?} (signal {:?}{})",
            code,
            status.signal(),
            if timed_out { ", after the timeout" } else { "" }
        )),
    }
    if stderr.contains("panicked") {
        problems.push("panicked".into());
    }
    let after = world.protected(reads_csv);
    if after != before {
        let changed: Vec<String> = after
            .keys()
            .chain(before.keys())
            .filter(|k| after.get(*k) != before.get(*k))
            .map(|k| k.display().to_string())
            .collect();
        problems.push(format!("changed {changed:?}"));
        // Put the data back, so that the runs after this one still test something.
        for (path, bytes) in &before {
            std::fs::write(path, bytes).unwrap();
        }
    }
    if std::fs::symlink_metadata(&world.device).is_ok_and(|m| m.is_file()) {
        problems.push("replaced a device node with a file".into());
        // Put the node back for the next runs.
        let _ = std::fs::remove_file(&world.device);
        let c_path = std::ffi::CString::new(world.device.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: as in `World::new`.
        unsafe {
            if libc::mknod(c_path.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) != 0 {
                libc::mkfifo(c_path.as_ptr(), 0o666);
            }
        }
    }
    let leftovers: Vec<String> = walk_names(&world.sandbox)
        .into_iter()
        .chain(walk_names(&world.data))
        .filter(|n| n.starts_with(".d2l-"))
        .collect();
    if !leftovers.is_empty() {
        problems.push(format!("left temporaries {leftovers:?}"));
    }
    std::fs::write(&world.input_csv, INPUT_CSV).unwrap();
    if problems.is_empty() {
        Ok((status.code().unwrap_or(143), elapsed, last))
    } else {
        Err(format!(
            "{}: {}; stderr: {last}",
            problems.join(", "),
            args.join(" ")
        ))
    }
}

fn walk_names(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            names.push(entry.file_name().to_string_lossy().into_owned());
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                names.extend(walk_names(&entry.path()));
            }
        }
    }
    names
}

/// Every run of the walk: each command's base run, and one run per (flag, value).
fn plan(world: &World) -> Vec<(Vec<String>, bool)> {
    let values = boundary_values(world);
    let mut runs = Vec::new();
    for command in leaf_commands() {
        let base: Vec<String> = command
            .iter()
            .cloned()
            .chain(base_args(&command, world))
            .collect();
        // `data download` must reach a mirror, and the walk has none: its base run may fail.
        let needs_network = command[..] == ["data", "download"];
        runs.push((base.clone(), !needs_network));
        let words: Vec<&str> = command.iter().map(String::as_str).collect();
        for flag in flags(&help(&words)) {
            let with = |value: Option<&str>| -> Vec<String> {
                // The flag replaces a base flag of the same name.
                let mut args = Vec::new();
                let mut skip = false;
                for word in &base {
                    if skip {
                        skip = false;
                    } else if *word == format!("--{}", flag.name) {
                        skip = true;
                    } else {
                        args.push(word.clone());
                    }
                }
                args.push(format!("--{}", flag.name));
                args.extend(value.map(str::to_string));
                args
            };
            if !flag.takes_value {
                runs.push((with(None), false));
                continue;
            }
            let mut tried: Vec<String> = flag.possible.clone();
            if let Some((min, max)) = flag.range {
                tried.extend([min.saturating_sub(1), min, max, max + 1].map(|v| v.to_string()));
            }
            tried.extend(values.iter().cloned());
            tried.dedup();
            runs.extend(tried.iter().map(|v| (with(Some(v)), false)));
        }
    }
    runs
}

#[test]
fn every_flag_of_every_command_survives_its_boundary_values() {
    let world = World::new();
    let full = std::env::var("D2L_WALK").is_ok_and(|v| v == "full");
    let all = plan(&world);
    let commands = leaf_commands().len();
    let selected: Vec<&(Vec<String>, bool)> = all
        .iter()
        .enumerate()
        .filter(|(i, (_, base))| full || *base || i % SAMPLE_STRIDE == 0)
        .map(|(_, run)| run)
        .collect();
    let start = Instant::now();
    let mut findings = Vec::new();
    let mut statuses: BTreeMap<i32, usize> = BTreeMap::new();
    let mut slowest = (Duration::ZERO, String::new());
    for (args, base) in &selected {
        match run(&world, args) {
            Ok((code, elapsed, stderr)) => {
                *statuses.entry(code).or_default() += 1;
                if elapsed > slowest.0 {
                    slowest = (elapsed, args.join(" "));
                }
                if *base && code != 0 {
                    findings.push(format!(
                        "base run failed ({code}): {}; stderr: {stderr}",
                        args.join(" ")
                    ));
                }
            }
            Err(finding) => findings.push(finding),
        }
    }
    eprintln!(
        "boundary walk: {} of {} runs ({commands} commands), {:.0} s, exit statuses {statuses:?}, \
         slowest {:.1} s ({}), {} finding(s)",
        selected.len(),
        all.len(),
        start.elapsed().as_secs_f64(),
        slowest.0.as_secs_f64(),
        slowest.1,
        findings.len()
    );
    assert!(commands >= 30, "the walk found only {commands} commands");
    assert!(findings.is_empty(), "{}", findings.join("\n"));
}

#[test]
fn the_help_parser_reads_flags_ranges_and_choices() {
    let found = flags(&help(&["mlp"]));
    let by_name = |n: &str| {
        found
            .iter()
            .find(|f| f.name == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    assert_eq!(by_name("num-hiddens").range, Some((1, 8_192)));
    assert!(by_name("impl").possible.contains(&"concise".to_string()));
    assert!(!by_name("no-plots").takes_value);
    assert!(by_name("lr").takes_value);
    assert!(leaf_commands().contains(&vec!["data".to_string(), "show".to_string()]));
}
