//! Flags that many commands share, and the parsers of numbers. Each parser checks with the
//! library's own `d2l::error::check`, so the command line refuses exactly what the library
//! refuses; clap names the flag and exits with status 2.

use std::path::PathBuf;

use clap::Args;
use clap::builder::{OsStringValueParser, TypedValueParser};
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

/// A whole number in `min..=max`, with the range in the message: every size flag's parser.
pub fn bounded(text: &str, min: usize, max: usize) -> Result<usize, String> {
    let range = || format!("must be a whole number from {min} to {}", thousands(max));
    let n = text.trim().parse::<usize>().map_err(|_| range())?;
    if (min..=max).contains(&n) {
        Ok(n)
    } else {
        Err(range())
    }
}

/// 16384 as "16,384".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Epochs of a training run: 1 to [`MAX_EPOCHS`](d2l::limits::MAX_EPOCHS).
pub fn epochs(text: &str) -> Result<usize, String> {
    bounded(text, 1, d2l::limits::MAX_EPOCHS)
}

/// Epochs where 0 means "only evaluate" (a loaded model): 0 to the same maximum.
pub fn epochs_or_zero(text: &str) -> Result<usize, String> {
    bounded(text, 0, d2l::limits::MAX_EPOCHS)
}

/// A minibatch size: 1 to [`MAX_BATCH_SIZE`](d2l::limits::MAX_BATCH_SIZE).
pub fn batch_size(text: &str) -> Result<usize, String> {
    bounded(text, 1, d2l::limits::MAX_BATCH_SIZE)
}

/// Units of a hidden layer: 1 to [`MAX_HIDDENS`](d2l::limits::MAX_HIDDENS).
pub fn hidden_units(text: &str) -> Result<usize, String> {
    bounded(text, 1, d2l::limits::MAX_HIDDENS)
}

/// How many times a benchmark repeats: 1 to 1,000.
pub fn runs(text: &str) -> Result<usize, String> {
    bounded(text, 1, 1_000)
}

/// A learning rate: a number > 0 that f32 holds (`check::learning_rate`).
pub fn learning_rate(text: &str) -> Result<f64, String> {
    let lr = number(text)?;
    check::learning_rate(lr).map_err(expected)
}

/// A dropout probability: in [0, 1), and below 1 in f32.
pub fn probability(text: &str) -> Result<f64, String> {
    let p = number(text).map_err(|e| format!("{e}: must be a probability in [0, 1)"))?;
    check::f32_probability("", p).map_err(expected)
}

/// A decay rate of a leaky average (momentum's β, RMSProp's γ, Adadelta's ρ, Adam's β₁ and
/// β₂): in [0, 1), and below 1 in f32.
pub fn decay_rate(text: &str) -> Result<f64, String> {
    let value = number(text).map_err(|e| format!("{e}: must be in [0, 1)"))?;
    let single = value as f32;
    if !(0.0..1.0).contains(&value) {
        Err(format!(
            "{text} is not in [0, 1): a decay rate weighs the past, 0 forgets it at once and 1 \
             would never forget (the book uses 0.9 or 0.999)"
        ))
    } else if single >= 1.0 {
        Err(format!("{text} becomes 1 in f32: give at most 0.99999994"))
    } else if value != 0.0 && !single.is_normal() {
        Err(format!(
            "{text} is too small for f32: give 0 or at least 1.2e-38"
        ))
    } else {
        Ok(value.abs()) // -0 is 0
    }
}

/// A penalty or weight decay: 0, or a number > 0 that f32 holds.
pub fn non_negative(text: &str) -> Result<f64, String> {
    check::f32_non_negative("", number(text)?).map_err(expected)
}

/// Every float flag is parsed here, as f64 first (the f32 checks come after).
fn number(text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .map_err(|_| format!("'{text}' is not a number"))
}

/// "must be ..." from a library check's error (clap adds the flag and the value).
fn expected(err: d2l::Error) -> String {
    match err {
        d2l::Error::Hyper { expected, .. } => format!("must be {expected}"),
        other => other.to_string(),
    }
}

pub fn parse_device(text: &str) -> Result<DeviceSpec, String> {
    text.parse()
}

/// A figure's file name: its extension must be .svg or .png (both are written), and it must be
/// somewhere a file can be written ([`output_path`]). Any bytes a path may hold are accepted
/// (not only UTF-8), and a refusal names the flag.
pub fn figure_path() -> impl TypedValueParser<Value = PathBuf> {
    OsStringValueParser::new().try_map(|text| {
        let path = output_file(PathBuf::from(text))?;
        d2l::plot::Format::of(&path)
            .map(|_| path)
            .map_err(|_| "must be a file name ending in .svg or .png".to_string())
    })
}

/// An output file: refused up front when it names a folder or a device, which writing would
/// replace (`d2l::fsutil::output_target`; a symlink is written through). The run's output plan
/// checks the rest (`crate::outputs`).
pub fn output_path() -> impl TypedValueParser<Value = PathBuf> {
    OsStringValueParser::new().try_map(|text| output_file(PathBuf::from(text)))
}

fn output_file(path: PathBuf) -> Result<PathBuf, String> {
    d2l::fsutil::output_target(&path).map_err(|e| e.to_string())?;
    Ok(path)
}

/// A file to read: it must exist and be a regular file (a device such as `/dev/zero`, a FIFO
/// or a folder is refused before any work).
pub fn input_file() -> impl TypedValueParser<Value = PathBuf> {
    OsStringValueParser::new().try_map(|text| {
        let path = PathBuf::from(text);
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => Ok(path),
            Ok(meta) if meta.is_dir() => Err("is a folder: give the name of a file".to_string()),
            Ok(_) => Err("is not a regular file (a device, FIFO or socket)".to_string()),
            Err(e) => Err(e.to_string()),
        }
    })
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
        for bad in ["0", "-0.1", "NaN", "inf", "1e-300", "1e300"] {
            assert!(learning_rate(bad).unwrap_err().contains("> 0"), "{bad}");
        }
        assert!(probability("0.999999999").is_err() && probability("0.5").is_ok());
        assert!(non_negative("1e30").is_ok() && non_negative("1e-300").is_err());
        assert_eq!(decay_rate("0.999"), Ok(0.999));
        assert_eq!(decay_rate("-0"), Ok(0.0));
        for (bad, why) in [
            ("1", "not in [0, 1)"),
            ("-0.1", "not in [0, 1)"),
            ("NaN", "not in [0, 1)"),
            ("0.9999999999", "becomes 1 in f32"),
            ("1e-60", "too small for f32"),
            ("fast", "not a number"),
        ] {
            assert!(decay_rate(bad).unwrap_err().contains(why), "{bad}");
        }
        assert_eq!(hidden_units("8192"), Ok(8_192));
        for huge in [
            "8193",
            "18446744073709551615",
            "18446744073709551616",
            "100000000",
        ] {
            assert!(
                hidden_units(huge).unwrap_err().contains("1 to 8,192"),
                "{huge}"
            );
        }
        assert!(epochs("0").is_err() && epochs_or_zero("0").is_ok() && epochs("10001").is_err());
        assert_eq!(thousands(1_048_576), "1,048,576");
        assert!(learning_rate("fast").unwrap_err().contains("not a number"));
    }
}
