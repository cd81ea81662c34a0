//! Flag parsers shared by the subcommands: each rejects a bad value with a message that says
//! what is allowed, and clap names the flag and exits with status 2.

use clap::Args;
use d2l::device::DeviceSpec;

/// Flags every training command has.
#[derive(Debug, Args)]
pub struct Common {
    /// Seed for data, initial weights and shuffling: the same seed gives the same numbers.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Where to train: cpu, auto (the first GPU, else the CPU), cuda[:N] or wgpu[:N]; `d2l devices`
    /// lists them.
    #[arg(long, default_value = "cpu", value_parser = parse_device)]
    pub device: DeviceSpec,
    /// End with one line of JSON that holds the results.
    #[arg(long)]
    pub json: bool,
}

/// An integer of at least 1 (batch sizes, example counts).
pub fn positive(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be an integer >= 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("'{text}' is not an integer >= 1")),
    }
}

/// A learning rate: a finite number > 0.
pub fn learning_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(lr) if lr.is_finite() && lr > 0.0 => Ok(lr),
        _ => Err("must be a finite number > 0".into()),
    }
}

pub fn parse_device(text: &str) -> Result<DeviceSpec, String> {
    text.parse()
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
        for bad in ["0", "-0.1", "NaN", "inf", "fast"] {
            assert!(learning_rate(bad).unwrap_err().contains("> 0"), "{bad}");
        }
    }
}
