//! Flags that many commands share, and the parsers of numbers. Each parser checks with the
//! library's own `d2l::error::check`, so the command line refuses exactly what the library
//! refuses; clap names the flag and exits with status 2.

use clap::Args;
use d2l::device::DeviceSpec;
use d2l::error::check;

/// Flags of every command that computes something: where, and how to report it.
#[derive(Debug, Args)]
pub struct ReportFlags {
    /// Where to compute: cpu, auto (the first GPU, else the CPU), cuda[:N] or wgpu[:N]; `d2l
    /// devices` lists them.
    #[arg(long, default_value = "cpu", value_parser = parse_device)]
    pub device: DeviceSpec,
    /// End with one line of JSON that holds the results.
    #[arg(long)]
    pub json: bool,
}

impl ReportFlags {
    /// The device, or a one-line error when this build or machine does not have it.
    pub fn device(&self) -> d2l::Result<d2l::device::Device> {
        d2l::device::resolve(self.device)
    }
}

/// [`ReportFlags`] and a seed: the flags of every command that draws random numbers. (Commands
/// that draw none have no `--seed`, rather than one that would change nothing.)
#[derive(Debug, Args)]
pub struct RunFlags {
    /// Seed for data, initial weights and shuffling: the same seed gives the same numbers.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    #[command(flatten)]
    pub report: ReportFlags,
}

impl RunFlags {
    /// The device, or a one-line error when this build or machine does not have it.
    pub fn device(&self) -> d2l::Result<d2l::device::Device> {
        self.report.device()
    }

    /// Whether to end with a JSON line.
    pub fn json(&self) -> bool {
        self.report.json
    }
}

/// An integer of at least 1 (batch sizes, example counts).
pub fn positive(text: &str) -> Result<usize, String> {
    let n = text
        .parse::<usize>()
        .map_err(|_| format!("'{text}' is not an integer >= 1"))?;
    check::positive("", n).map_err(|_| "must be an integer >= 1".to_string())
}

/// A learning rate: a finite number > 0.
pub fn learning_rate(text: &str) -> Result<f64, String> {
    let lr = text
        .parse::<f64>()
        .map_err(|_| format!("'{text}' is not a number"))?;
    check::learning_rate(lr).map_err(|_| "must be a finite number > 0".to_string())
}

/// A dropout probability: a number in [0, 1).
pub fn probability(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(p) if (0.0..1.0).contains(&p) => Ok(p),
        _ => Err("must be a probability in [0, 1)".into()),
    }
}

pub fn parse_device(text: &str) -> Result<DeviceSpec, String> {
    text.parse()
}

/// A figure's file name: its extension must be .svg or .png (both are written), and it must be
/// somewhere a file can be written ([`output_path`]).
pub fn figure_path(text: &str) -> Result<std::path::PathBuf, String> {
    let path = output_path(text)?;
    d2l::plot::Format::of(&path)
        .map(|_| path)
        .map_err(|_| "must be a file name ending in .svg or .png".into())
}

/// An output file: refused up front when it names a folder or a device, which writing would
/// replace (`d2l::fsutil::output_target`; a symlink is written through).
pub fn output_path(text: &str) -> Result<std::path::PathBuf, String> {
    let path = std::path::PathBuf::from(text);
    d2l::fsutil::output_target(&path).map_err(|e| e.to_string())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsers_accept_good_values_and_explain_bad_ones() {
        assert_eq!(positive("256"), Ok(256));
        assert!(positive("0").unwrap_err().contains(">= 1"));
        assert!(positive("-3").unwrap_err().contains(">= 1"));
        assert_eq!(learning_rate("0.1"), Ok(0.1));
        for bad in ["0", "-0.1", "NaN", "inf"] {
            assert!(learning_rate(bad).unwrap_err().contains("> 0"), "{bad}");
        }
        assert!(learning_rate("fast").unwrap_err().contains("not a number"));
    }
}
