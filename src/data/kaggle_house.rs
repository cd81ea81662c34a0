//! The Kaggle house-price data of d2l-zh 4.10 (实战Kaggle比赛:预测房价): where the two CSV files
//! come from and where they are kept. Reading them into features is
//! [`chapters::preprocess`](crate::chapters::preprocess)'s job.

use std::path::PathBuf;

use crate::data::DataDirs;
use crate::data::download::{self, Checksum, RemoteFile};
use crate::error::Result;

/// d2l's `DATA_HUB` entries of the Kaggle house-price files.
pub const FILES: [RemoteFile; 2] = [
    RemoteFile {
        name: "kaggle_house_pred_train.csv",
        checksum: Checksum::Sha1("585e9cc93e70b39160e7921475f9bcd7d31219ce"),
    },
    RemoteFile {
        name: "kaggle_house_pred_test.csv",
        checksum: Checksum::Sha1("fa19780a7b011d9b009e8bff8e99922a8ee2eb90"),
    },
];

/// d2l's `DATA_URL`.
pub const MIRRORS: [&str; 1] = ["http://d2l-data.s3-accelerate.amazonaws.com"];

/// The folder name under a data root.
pub const DATASET: &str = "kaggle-house";

/// Finds the two Kaggle files (`--data-dir`, `$D2L_DATA_DIR`, the cache) or downloads them from
/// `mirrors` (the book's by default), checking their sha1 sums.
pub fn locate_or_download(
    dirs: &DataDirs,
    mirrors: &[String],
    on_event: &mut dyn FnMut(&str, crate::data::download::Event),
) -> Result<PathBuf> {
    let defaults = default_mirrors();
    let mirrors = if mirrors.is_empty() {
        &defaults
    } else {
        mirrors
    };
    download::locate_or_download(DATASET, &FILES, dirs, mirrors, on_event)
}

/// The book's mirrors as owned strings.
pub fn default_mirrors() -> Vec<String> {
    MIRRORS.iter().map(|m| m.to_string()).collect()
}
