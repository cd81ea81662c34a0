//! The airfoil data as tensors, as `get_data_ch11` gives it.

use burn::tensor::{Tensor, TensorData};

use crate::data::airfoil::{Airfoil, FEATURES};
use crate::device::Device;
use crate::error::Result;

/// The airfoil data as tensors: `features` `[n, 5]`, `labels` `[n, 1]`.
#[derive(Debug, Clone)]
pub struct AirfoilTensors {
    /// The standardised inputs.
    pub features: Tensor<2>,
    /// The standardised sound level.
    pub labels: Tensor<2>,
}

impl AirfoilTensors {
    /// The book's `get_data_ch11` without the loader: the data on `device`.
    pub fn new(data: &Airfoil, device: &Device) -> Self {
        let n = data.len();
        Self {
            features: Tensor::from_data(
                TensorData::new(data.features.clone(), [n, FEATURES]),
                device,
            ),
            labels: Tensor::from_data(TensorData::new(data.labels.clone(), [n, 1]), device),
        }
    }

    /// Examples held.
    pub fn len(&self) -> usize {
        self.features.dims()[0]
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The book's `get_data_ch11()`: the airfoil file found (`$D2L_DATA_DIR`, the cache) or
/// downloaded, standardised, its first 1,500 rows on `device`.
pub fn get_data_ch11(device: &Device) -> Result<AirfoilTensors> {
    let dir = crate::data::airfoil::locate_or_download(
        &crate::data::DataDirs::resolve(None),
        &[],
        &mut |_, _| {},
    )?;
    Ok(AirfoilTensors::new(
        &Airfoil::load(&dir, crate::data::airfoil::BOOK_ROWS)?,
        device,
    ))
}
