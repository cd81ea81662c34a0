//! One error type for the whole library.
//!
//! Every variant names what the learner has to look at (the file, the line, the flag or the value)
//! and what was expected, so that the binary can print it in one line and exit non-zero.

use std::path::PathBuf;

/// What can go wrong in `d2l`; `Display` is a complete one-line message.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file that could not be read or written.
        path: PathBuf,
        /// What the operating system said. Not an error `source`: the message already holds it,
        /// and a source would make `{:#}` print it twice.
        cause: std::io::Error,
    },

    /// A data file has the wrong format (an IDX file with a bad header, say).
    #[error("{}: {reason}", path.display())]
    Format {
        /// The offending file.
        path: PathBuf,
        /// What is wrong and what was expected.
        reason: String,
    },

    /// A data set is not on this machine and could not be downloaded.
    #[error(
        "{name} is missing (looked in {looked_in}) and the download into {} failed: {reason}; fetch it with `{command}` or set D2L_DATA_DIR",
        path.display()
    )]
    DataMissing {
        /// The data set, e.g. `fashion-mnist`.
        name: String,
        /// Every folder that was searched.
        looked_in: String,
        /// Where the download went.
        path: PathBuf,
        /// Why it is not usable.
        reason: String,
        /// The command that fetches it.
        command: String,
    },

    /// A data set's folder is there but cannot be used as it is: a file in it is a folder, a
    /// FIFO or a broken link, or the files sit one level too high. Nothing was downloaded.
    #[error("{name} cannot be used as it is: {reason}")]
    DataUnusable {
        /// The data set, e.g. `fashion-mnist`.
        name: String,
        /// What is wrong and what to do.
        reason: String,
    },

    /// A download failed (every mirror was tried).
    #[error("download of {file} failed: {reason}")]
    Download {
        /// The file that was being fetched.
        file: String,
        /// What went wrong at each mirror.
        reason: String,
    },

    /// A downloaded or cached file does not have the expected checksum.
    #[error("{}: checksum mismatch: expected {algorithm} {expected}, got {actual}", path.display())]
    Checksum {
        /// The file that was checked.
        path: PathBuf,
        /// `md5` or `sha1`.
        algorithm: &'static str,
        /// The published checksum.
        expected: String,
        /// The checksum of the bytes we have.
        actual: String,
    },

    /// A hyperparameter is out of range.
    #[error("invalid {name} {value}: expected {expected}")]
    Hyper {
        /// The flag or field, e.g. `--lr`.
        name: &'static str,
        /// The value given.
        value: String,
        /// The allowed range.
        expected: &'static str,
    },

    /// A value that does not fit what it goes with: a convolution or pooling window larger than
    /// its input, a stride or padding out of range, a flag that the chosen mode has no use for.
    #[error("invalid {name}: {reason}")]
    Invalid {
        /// The flag or argument, e.g. `--kernel` or `kernel`.
        name: &'static str,
        /// What is wrong and what would be allowed.
        reason: String,
    },

    /// The loss or a parameter became NaN or infinite.
    #[error("training diverged in epoch {epoch}: {what}; {hint}")]
    Diverged {
        /// The epoch or iteration (1-based) in which it happened.
        epoch: usize,
        /// What became non-finite, e.g. "the loss became NaN".
        what: String,
        /// What to change, naming the flag most likely at fault.
        hint: String,
    },

    /// A checkpoint could not be saved or loaded.
    #[error("checkpoint {}: {reason}", path.display())]
    Checkpoint {
        /// The checkpoint file.
        path: PathBuf,
        /// What is wrong (a missing tensor, a wrong shape, ...).
        reason: String,
    },

    /// A figure could not be drawn.
    #[error("plot {}: {reason}", path.display())]
    Plot {
        /// The output file.
        path: PathBuf,
        /// What the drawing library said.
        reason: String,
    },

    /// A device was asked for that this build or this machine does not have.
    #[error("{0}")]
    Device(String),
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            cause: source,
        }
    }

    /// A format error for `path`.
    pub fn format(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        Error::Format {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

impl Error {
    /// The usual advice when training diverges: the learning rate is too large.
    pub const LOWER_LR: &'static str =
        "try a smaller learning rate (--lr), e.g. a tenth of this one";
}

/// Checks hyperparameters that every training command shares, so that the library refuses
/// what the CLI refuses.
pub mod check {
    use super::{Error, Result};

    /// What f32, the type every tensor holds, can represent without losing the value: a
    /// value below its smallest normal number becomes 0 or loses digits (1e-300 is 0), one
    /// above its largest becomes infinite.
    pub const F32_RANGE: &str = "from 1.2e-38 to 3.4e38, the range of f32, the tensors' type";

    /// A value that must be > 0 and survive the conversion to f32 (a learning rate, a scale).
    pub fn f32_positive(name: &'static str, value: f64) -> Result<f64> {
        if value > 0.0 && (value as f32).is_normal() {
            Ok(value)
        } else {
            Err(Error::Hyper {
                name,
                value: value.to_string(),
                expected: "a number > 0 that f32 holds (from 1.2e-38 to 3.4e38)",
            })
        }
    }

    /// 0, or a value [`f32_positive`] accepts (a weight decay, a penalty).
    pub fn f32_non_negative(name: &'static str, value: f64) -> Result<f64> {
        if value == 0.0 || (value > 0.0 && (value as f32).is_normal()) {
            Ok(value.abs()) // -0 is 0
        } else {
            Err(Error::Hyper {
                name,
                value: value.to_string(),
                expected: "0, or a number > 0 that f32 holds (from 1.2e-38 to 3.4e38)",
            })
        }
    }

    /// A probability in [0, 1) that stays below 1 in f32 (0.999999999 would become 1: a
    /// dropout that drops everything).
    pub fn f32_probability(name: &'static str, value: f64) -> Result<f64> {
        let single = value as f32;
        if value == 0.0 || (value > 0.0 && single.is_normal() && single < 1.0) {
            Ok(value.abs())
        } else {
            Err(Error::Hyper {
                name,
                value: value.to_string(),
                expected: "a probability in [0, 1) that f32 holds (at most 0.99999994)",
            })
        }
    }

    /// A learning rate must be > 0 and representable in f32 ([`f32_positive`]).
    pub fn learning_rate(lr: f64) -> Result<f64> {
        f32_positive("--lr", lr)
    }

    /// A count (batch size, number of examples) must be at least 1.
    pub fn positive(name: &'static str, value: usize) -> Result<usize> {
        if value >= 1 {
            Ok(value)
        } else {
            Err(Error::Hyper {
                name,
                value: value.to_string(),
                expected: "an integer >= 1",
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learning_rate_rejects_zero_negative_and_nan() {
        for bad in [0.0, -0.1, f64::NAN, f64::INFINITY] {
            let err = check::learning_rate(bad).unwrap_err().to_string();
            assert!(err.contains("--lr") && err.contains("> 0"), "{err}");
        }
        assert_eq!(check::learning_rate(0.03).unwrap(), 0.03);
    }

    /// Issue 26: `--lr 1e-300` was 0 in f32 and trained nothing, with exit 0.
    #[test]
    fn values_that_f32_cannot_hold_are_refused() {
        for bad in [1e-300, 1e-40, 1e39, f64::MAX, f64::MIN_POSITIVE] {
            assert!(check::learning_rate(bad).is_err(), "{bad}");
            assert!(check::f32_non_negative("--wd", bad).is_err(), "{bad}");
        }
        assert_eq!(check::f32_non_negative("--wd", 0.0).unwrap(), 0.0);
        assert_eq!(check::f32_non_negative("--wd", -0.0).unwrap(), 0.0);
        assert!(check::learning_rate(1.2e-38).is_ok() && check::learning_rate(3.4e38).is_ok());
        for bad in [0.999_999_999, 1.0, -0.1, 1e-300, f64::NAN] {
            let err = check::f32_probability("--dropout", bad)
                .unwrap_err()
                .to_string();
            assert!(err.contains("--dropout") && err.contains("[0, 1)"), "{err}");
        }
        assert_eq!(check::f32_probability("--dropout", 0.5).unwrap(), 0.5);
    }

    #[test]
    fn positive_names_the_flag() {
        let err = check::positive("--batch-size", 0).unwrap_err().to_string();
        assert_eq!(err, "invalid --batch-size 0: expected an integer >= 1");
    }

    #[test]
    fn diverged_suggests_a_smaller_rate() {
        let err = Error::Diverged {
            epoch: 2,
            what: "the loss became NaN".into(),
            hint: Error::LOWER_LR.into(),
        };
        let text = err.to_string();
        assert!(
            text.contains("epoch 2") && text.contains("smaller learning rate (--lr)"),
            "{text}"
        );
    }

    /// Issue: hardening, class "messages from inside a library": `--load missing.safetensors`
    /// printed the OS error twice through anyhow's `{:#}`.
    #[test]
    fn an_io_error_names_the_file_and_says_the_cause_once() {
        let cause = std::io::Error::from(std::io::ErrorKind::NotFound);
        let text = format!(
            "{:#}",
            anyhow::Error::from(Error::io("m.safetensors", cause))
        );
        assert!(text.starts_with("m.safetensors: "), "{text}");
        assert_eq!(text.matches("not found").count(), 1, "{text}");
    }
}
