//! d2l-zh 2.2 数据预处理, with polars.
//!
//! [`house_tiny`] runs the section exactly: write `house_tiny.csv`, read it, fill the missing
//! number of rooms with the mean, one-hot encode the alley with a "missing" column, and turn both
//! into tensors. `d2l preprocess --example kaggle-house` applies the same steps to the Kaggle
//! files of 4.10, whose section builds those features
//! ([`kaggle_house_features`](crate::chapters::house_prices::features)); they are re-exported
//! here.

use std::path::Path;

use burn::tensor::{DType, Tensor};
use polars::prelude::*;

pub use crate::chapters::house_prices::features::{concat_rows, kaggle_house_features};
pub use crate::data::kaggle_house::{
    DATASET as KAGGLE_DATASET, FILES as KAGGLE_FILES, locate_or_download as kaggle_house_dir,
};
use crate::data::preprocess::{
    CsvOptions, Table, fill_numeric_with_mean, get_dummies, read_csv, split_target, to_tensor,
};
use crate::device::Device;
use crate::error::Result;

/// The book's two versions of the tiny house table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HouseTiny {
    /// d2l-zh: NumRooms, Alley, Price; `fillna(mean)`, then `get_dummies`.
    Zh,
    /// d2l-en: NumRooms, RoofType, Price; `get_dummies` first, then `fillna(mean)`.
    En,
}

impl HouseTiny {
    /// The CSV text the book writes to `../data/house_tiny.csv`.
    pub fn csv(self) -> &'static str {
        match self {
            HouseTiny::Zh => {
                "NumRooms,Alley,Price\nNA,Pave,127500\n2,NA,106000\n4,NA,178100\nNA,NA,140000\n"
            }
            HouseTiny::En => {
                "NumRooms,RoofType,Price\nNA,NA,127500\n2,NA,106000\n4,Slate,178100\nNA,NA,140000\n"
            }
        }
    }
}

/// What the section ends with: the inputs as a table and as tensors, and the targets.
pub struct Prepared {
    /// The inputs after filling and one-hot encoding.
    pub inputs: DataFrame,
    /// `X`, `[rows, columns]`.
    pub x: Tensor<2>,
    /// `y`, `[rows]`.
    pub y: Tensor<1>,
    /// What was done to odd columns.
    pub notes: Vec<String>,
}

/// Runs d2l-zh 2.2 on the tiny house table written into `dir`.
pub fn house_tiny(variant: HouseTiny, dir: &Path, device: &Device) -> Result<Prepared> {
    let path = dir.join("house_tiny.csv");
    crate::fsutil::write_atomic(&path, variant.csv().as_bytes())?;
    let data = read_csv(&path, &CsvOptions::default())?;
    // inputs, outputs = data.iloc[:, 0:2], data.iloc[:, 2]
    let (inputs, outputs) = split_target(&data, "Price")?;
    let Table {
        frame: inputs,
        notes,
    } = match variant {
        HouseTiny::Zh => {
            let filled = fill_numeric_with_mean(&inputs);
            Table {
                frame: get_dummies(&filled.frame)?,
                notes: filled.notes,
            }
        }
        HouseTiny::En => fill_numeric_with_mean(&get_dummies(&inputs)?),
    };
    let x = to_tensor(&inputs, DType::F32, device)?;
    let y = to_tensor(
        &DataFrame::new_infer_height(vec![outputs]).expect("one column"),
        DType::F32,
        device,
    )?;
    let rows = y.dims()[0];
    Ok(Prepared {
        inputs,
        x,
        y: y.reshape([rows]),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::preprocess::column_names;
    use crate::device::cpu;

    fn rows(x: Tensor<2>) -> Vec<Vec<f32>> {
        let [_, cols] = x.dims();
        let values: Vec<f32> = x.try_into_vec_as().unwrap();
        values.chunks(cols).map(<[f32]>::to_vec).collect()
    }

    #[test]
    fn house_tiny_zh_gives_the_books_tensors() {
        let dir = tempfile::tempdir().unwrap();
        let prepared = house_tiny(HouseTiny::Zh, dir.path(), &cpu()).unwrap();
        let names = column_names(&prepared.inputs);
        assert_eq!(names, ["NumRooms", "Alley_Pave", "Alley_nan"]);
        assert_eq!(
            rows(prepared.x),
            [
                [3.0, 1.0, 0.0],
                [2.0, 0.0, 1.0],
                [4.0, 0.0, 1.0],
                [3.0, 0.0, 1.0]
            ]
        );
        let y: Vec<f32> = prepared.y.try_into_vec_as().unwrap();
        assert_eq!(y, [127500.0, 106000.0, 178100.0, 140000.0]);
    }

    #[test]
    fn house_tiny_en_encodes_first_then_fills() {
        let dir = tempfile::tempdir().unwrap();
        let prepared = house_tiny(HouseTiny::En, dir.path(), &cpu()).unwrap();
        let names = column_names(&prepared.inputs);
        assert_eq!(names, ["NumRooms", "RoofType_Slate", "RoofType_nan"]);
        assert_eq!(
            rows(prepared.x),
            [
                [3.0, 0.0, 1.0],
                [2.0, 0.0, 1.0],
                [4.0, 1.0, 0.0],
                [3.0, 0.0, 1.0]
            ]
        );
    }
}
