//! `d2l bench preprocess`: d2l-zh 2.2 on a generated CSV, next to pandas.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::{PeerArgs, peer};
use crate::args::runs;

#[derive(Debug, Args)]
pub struct PreprocessBenchArgs {
    /// Rows of the generated file (10 numeric columns with 5% NaN, 10 text columns of 20
    /// levels; ~115 bytes a row): 1 to 20,000,000.
    #[arg(long, default_value_t = 1_000_000, value_parser = rows)]
    pub rows: usize,
    /// How many times to repeat.
    #[arg(long, default_value_t = 3, value_parser = runs)]
    pub runs: usize,
    /// The generated CSV, kept for the next run [default: bench-preprocess-ROWS.csv]. An
    /// existing file is used as it is.
    #[arg(long)]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub peer: PeerArgs,
}

impl PreprocessBenchArgs {
    /// `--file`, or its default name.
    pub(super) fn file(&self) -> PathBuf {
        self.file
            .clone()
            .unwrap_or_else(|| PathBuf::from(format!("bench-preprocess-{}.csv", self.rows)))
    }
}

/// Rows of the generated CSV: 1 to 20,000,000 (about 2.3 GB).
fn rows(text: &str) -> Result<usize, String> {
    crate::args::bounded(text, 1, 20_000_000)
}

pub fn run(args: &PreprocessBenchArgs) -> anyhow::Result<()> {
    let file = args.file();
    if !file.is_file() {
        write_preprocess_csv(&file, args.rows)?;
    }
    let peer = if args.peer.no_peer {
        None
    } else {
        peer::Peer::pandas(&args.peer.python, args.peer.timeout())
    };
    println!(
        "d2l preprocess {} (10 numeric columns with 5% missing, 10 text columns of 20 levels): \
         read, fill gaps with the mean, one-hot with a missing column, to an f32 tensor; \
         medians of {} runs, each a whole process",
        file.display(),
        args.runs
    );
    let exe = std::env::current_exe()?;
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..args.runs {
        let mut cmd = std::process::Command::new(&exe);
        cmd.arg("preprocess").arg(&file).arg("--json");
        ours.push(peer::Run::measure(cmd, args.peer.timeout())?);
        if let Some(peer) = &peer {
            theirs.push(peer.run(&[file.as_os_str()])?);
        }
    }
    let mut rows = vec![("d2l preprocess".to_string(), peer::Run::medians(&ours))];
    if let Some(peer) = &peer {
        rows.push((peer.version.clone(), peer::Run::medians(&theirs)));
    }
    println!("{:<20} {:>10} {:>10}", "", "whole job", "peak RSS");
    for (name, m) in &rows {
        println!(
            "{name:<20} {:>8.2} s {:>7.0} MB",
            m.seconds,
            m.peak_rss_kb as f64 / 1024.0
        );
    }
    if let [(_, d2l), (_, pandas)] = &rows[..] {
        println!(
            "d2l: {:.2}x pandas' speed, {:.2}x its peak memory",
            pandas.seconds / d2l.seconds,
            d2l.peak_rss_kb as f64 / pandas.peak_rss_kb.max(1) as f64
        );
    }
    preprocess_steps(&file)
}

/// The same work in this process, one step at a time, to see where the time goes.
fn preprocess_steps(file: &std::path::Path) -> anyhow::Result<()> {
    use d2l::data::preprocess::{CsvOptions, dummies_to_tensor, fill_numeric_with_mean, read_csv};

    let mut timer = Instant::now();
    let mut lap = |step: &str, times: &mut Vec<String>| {
        times.push(format!("{step} {:.2} s", timer.elapsed().as_secs_f64()));
        timer = Instant::now();
    };
    let mut times = Vec::new();
    let frame = read_csv(file, &CsvOptions::default())?;
    lap("read_csv", &mut times);
    let filled = fill_numeric_with_mean(&frame);
    lap("fill", &mut times);
    let features = dummies_to_tensor(&filled.frame, burn::tensor::DType::F32, &d2l::device::cpu())?;
    lap("get_dummies + to_tensor", &mut times);
    println!(
        "one run in-process: {} ({:?})",
        times.join(", "),
        features.x.dims()
    );
    Ok(())
}

/// The benchmark's CSV: `rows` rows of 10 numbers (5% "NA") and 10 labels of 20 levels.
fn write_preprocess_csv(path: &std::path::Path, rows: usize) -> anyhow::Result<()> {
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};
    use std::io::Write;

    let mut rng = StdRng::seed_from_u64(0);
    // Written beside `path` and renamed when complete (also on Ctrl-C, the temporary is
    // removed): an interrupted run must not leave a short file that the next run would take
    // for the benchmark's data.
    let mut out = d2l::fsutil::AtomicFile::create(path)?;
    let header: Vec<String> = (0..10)
        .map(|i| format!("num{i}"))
        .chain((0..10).map(|i| format!("cat{i}")))
        .collect();
    writeln!(out, "{}", header.join(","))?;
    for _ in 0..rows {
        let mut fields = Vec::with_capacity(20);
        for _ in 0..10 {
            fields.push(if rng.random::<f64>() < 0.05 {
                "NA".to_string()
            } else {
                format!("{:.4}", rng.random::<f64>() * 100.0)
            });
        }
        for _ in 0..10 {
            fields.push(format!("level{}", rng.random_range(0..20)));
        }
        writeln!(out, "{}", fields.join(","))?;
    }
    out.commit()?;
    Ok(())
}
