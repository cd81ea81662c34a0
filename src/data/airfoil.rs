//! The NASA airfoil self-noise data of d2l-zh chapter 11 (`get_data_ch11`): 1,503 wind-tunnel
//! measurements, five inputs (frequency, angle of attack, chord length, free-stream velocity,
//! suction-side displacement thickness) and the sound pressure level in decibels to predict.
//!
//! The file is d2l's `DATA_HUB['airfoil']`: tab-separated, CRLF line ends, no header. The book
//! standardises every column over all 1,503 rows, x ← (x − mean) / std with the population
//! standard deviation (numpy's default), then keeps the first 1,500 rows, so that minibatches
//! of 10 and 100 divide it evenly.

use std::path::{Path, PathBuf};

use crate::data::DataDirs;
use crate::data::download::{self, Checksum, Event, RemoteFile};
use crate::error::{Error, Result};

/// d2l's `DATA_HUB['airfoil']`.
pub const FILE: RemoteFile = RemoteFile {
    name: "airfoil_self_noise.dat",
    checksum: Checksum::Sha1("76e5be1548fd8222e5074cf0faae75edff8cf93f"),
};

/// d2l's `DATA_URL`.
pub const MIRRORS: [&str; 1] = ["http://d2l-data.s3-accelerate.amazonaws.com"];

/// The folder name under a data root.
pub const DATASET: &str = "airfoil";

/// Columns per row: five features, then the label.
pub const COLUMNS: usize = 6;

/// Rows in d2l's file.
pub const ROWS: usize = 1_503;

/// Rows the book trains on (`get_data_ch11(n=1500)`).
pub const BOOK_ROWS: usize = 1_500;

/// Features per example.
pub const FEATURES: usize = COLUMNS - 1;

/// The largest file accepted: d2l's is 59,984 bytes; a hundred times that is not airfoil data.
const MAX_FILE_BYTES: u64 = 6 << 20;

/// Finds the airfoil file's folder (`--data-dir`, `$D2L_DATA_DIR`, the cache) or downloads it
/// from `mirrors` (the book's when empty), checking its sha1.
pub fn locate_or_download(
    dirs: &DataDirs,
    mirrors: &[String],
    on_event: &mut dyn FnMut(&str, Event),
) -> Result<PathBuf> {
    let defaults = default_mirrors();
    let mirrors = if mirrors.is_empty() {
        &defaults
    } else {
        mirrors
    };
    download::locate_or_download(DATASET, &[FILE], dirs, mirrors, on_event)
}

/// The book's mirrors as owned strings.
pub fn default_mirrors() -> Vec<String> {
    MIRRORS.iter().map(|m| m.to_string()).collect()
}

/// The standardised data: `rows` examples of [`FEATURES`] inputs and one label, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Airfoil {
    /// `[rows, FEATURES]`, row-major, every column with mean 0 and standard deviation 1 over
    /// the file's rows.
    pub features: Vec<f32>,
    /// `[rows]`: the standardised sound pressure level.
    pub labels: Vec<f32>,
}

impl Airfoil {
    /// Examples held.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Reads `dir/airfoil_self_noise.dat`, standardises it and keeps its first `n` rows (the
    /// book's `get_data_ch11`, which keeps [`BOOK_ROWS`]).
    pub fn load(dir: &Path, n: usize) -> Result<Self> {
        let path = dir.join(FILE.name);
        let bytes = crate::fsutil::read_bounded(&path, MAX_FILE_BYTES, "the airfoil file")?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| Error::format(&path, format!("is not text: {e}")))?;
        let rows = parse(text).map_err(|reason| Error::format(&path, reason))?;
        if rows.len() < n {
            return Err(Error::format(
                &path,
                format!(
                    "has {} rows, fewer than the {n} used (d2l's file has {ROWS})",
                    rows.len()
                ),
            ));
        }
        Ok(standardise(&rows, n))
    }
}

/// The rows of the file's text: six numbers a line separated by tabs (or any white space), CRLF
/// or LF line ends; blank lines are skipped. The error names the line, the column and the value.
pub fn parse(text: &str) -> std::result::Result<Vec<[f64; COLUMNS]>, String> {
    let mut rows = Vec::with_capacity(ROWS);
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.len() != COLUMNS {
            return Err(format!(
                "line {number} has {} columns, expected {COLUMNS} (five inputs and the sound \
                 level, separated by tabs)",
                fields.len()
            ));
        }
        let mut row = [0.0; COLUMNS];
        for (column, (field, value)) in fields.iter().zip(row.iter_mut()).enumerate() {
            *value = field
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    format!(
                        "line {number}, column {}: '{field}' is not a finite number",
                        column + 1
                    )
                })?;
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err("holds no rows".into());
    }
    Ok(rows)
}

/// `(data - data.mean(axis=0)) / data.std(axis=0)` over every row, then the first `n` rows
/// split into features and label. A column that never changes is left at 0 rather than
/// divided by 0.
pub fn standardise(rows: &[[f64; COLUMNS]], n: usize) -> Airfoil {
    let count = rows.len() as f64;
    let mut mean = [0.0; COLUMNS];
    let mut std = [0.0; COLUMNS];
    for column in 0..COLUMNS {
        mean[column] = rows.iter().map(|r| r[column]).sum::<f64>() / count;
        let variance = rows
            .iter()
            .map(|r| (r[column] - mean[column]).powi(2))
            .sum::<f64>()
            / count;
        std[column] = variance.sqrt();
    }
    let scale = |row: &[f64; COLUMNS], column: usize| -> f32 {
        if std[column] > 0.0 {
            ((row[column] - mean[column]) / std[column]) as f32
        } else {
            0.0
        }
    };
    let kept = &rows[..n.min(rows.len())];
    Airfoil {
        features: kept
            .iter()
            .flat_map(|row| (0..FEATURES).map(move |c| scale(row, c)))
            .collect(),
        labels: kept.iter().map(|row| scale(row, FEATURES)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_rows_parse_and_bad_lines_are_named() {
        let rows =
            parse("800\t0\t0.3048\t71.3\t0.00266337\t126.201\r\n\r\n1\t2\t3\t4\t5\t6\r\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0][5], 126.201);
        let missing = parse("1\t2\t3\t4\t5\t6\n1\t2\t3\t4\t5\n").unwrap_err();
        assert!(missing.contains("line 2 has 5 columns"), "{missing}");
        let word = parse("1\t2\t3\tfast\t5\t6\n").unwrap_err();
        assert!(word.contains("line 1, column 4: 'fast'"), "{word}");
        assert!(parse("1\t2\t3\tNaN\t5\t6\n").is_err());
        assert!(parse("\r\n").unwrap_err().contains("no rows"));
    }

    #[test]
    fn standardised_columns_have_mean_zero_and_unit_population_std() {
        let rows: Vec<[f64; COLUMNS]> = (0..7)
            .map(|i| {
                let x = i as f64;
                [x, 2.0 * x + 1.0, x * x, 5.0, -x, 10.0 - x]
            })
            .collect();
        let data = standardise(&rows, 7);
        for column in 0..FEATURES {
            let values: Vec<f64> = (0..7)
                .map(|r| data.features[r * FEATURES + column] as f64)
                .collect();
            let mean = values.iter().sum::<f64>() / 7.0;
            let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 7.0;
            assert!(mean.abs() < 1e-6, "column {column}: mean {mean}");
            // Column 3 is constant: left at zero, not NaN.
            let want = if column == 3 { 0.0 } else { 1.0 };
            assert!((var - want).abs() < 1e-5, "column {column}: var {var}");
        }
        // The first n rows are kept after standardising over all of them.
        let first_two = standardise(&rows, 2);
        assert_eq!(first_two.labels, data.labels[..2]);
    }
}
