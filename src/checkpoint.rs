//! Saving and loading trained parameters as safetensors files.
//!
//! A checkpoint is a flat map from names to f32 tensors, the format PyTorch reads with
//! `safetensors.torch.load_file`. The file is written to a temporary name and renamed, so an
//! existing checkpoint is never left half-written.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use safetensors::SafeTensors;
use safetensors::tensor::{Dtype, TensorView};

use crate::error::{Error, Result};

/// A named tensor's shape and values.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedTensor {
    /// Name in the file, e.g. `1.weight`.
    pub name: String,
    /// Shape.
    pub shape: Vec<usize>,
    /// Row-major values.
    pub values: Vec<f32>,
}

/// Writes `tensors` to `path` (through a temporary file and a rename).
pub fn save(path: &Path, tensors: &[NamedTensor], metadata: &[(&str, &str)]) -> Result<()> {
    let fail = |reason: String| Error::Checkpoint {
        path: path.to_path_buf(),
        reason,
    };
    let bytes: Vec<Vec<u8>> = tensors
        .iter()
        .map(|t| t.values.iter().flat_map(|v| v.to_le_bytes()).collect())
        .collect();
    let views = tensors
        .iter()
        .zip(&bytes)
        .map(|(t, b)| {
            TensorView::new(Dtype::F32, t.shape.clone(), b)
                .map(|view| (t.name.clone(), view))
                .map_err(|e| fail(format!("tensor {}: {e}", t.name)))
        })
        .collect::<Result<Vec<_>>>()?;
    let metadata: HashMap<String, String> = metadata
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let serialized =
        safetensors::serialize(views, Some(metadata)).map_err(|e| fail(e.to_string()))?;
    crate::fsutil::write_atomic(path, &serialized)
}

/// Reads the tensors named in `expected`, checking that each is there, f32, with that shape.
pub fn load(path: &Path, expected: &[(&str, &[usize])]) -> Result<Vec<NamedTensor>> {
    let fail = |reason: String| Error::Checkpoint {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    let file = SafeTensors::deserialize(&bytes)
        .map_err(|e| fail(format!("not a safetensors file: {e}")))?;
    expected
        .iter()
        .map(|(name, shape)| {
            let view = file
                .tensor(name)
                .map_err(|_| fail(format!("has no tensor '{name}' (expected shape {shape:?})")))?;
            if view.dtype() != Dtype::F32 {
                return Err(fail(format!(
                    "tensor '{name}' is {:?}, expected F32",
                    view.dtype()
                )));
            }
            if view.shape() != *shape {
                return Err(fail(format!(
                    "tensor '{name}' has shape {:?}, expected {shape:?}",
                    view.shape()
                )));
            }
            let values = view
                .data()
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
                .collect();
            Ok(NamedTensor {
                name: name.to_string(),
                shape: shape.to_vec(),
                values,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tensor(name: &str, shape: Vec<usize>) -> NamedTensor {
        let count = shape.iter().product::<usize>();
        NamedTensor {
            name: name.into(),
            shape,
            values: (0..count).map(|v| v as f32 * 0.5).collect(),
        }
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.safetensors");
        let tensors = vec![tensor("1.weight", vec![2, 3]), tensor("1.bias", vec![2])];
        save(&path, &tensors, &[("chapter", "test")]).unwrap();
        let loaded = load(&path, &[("1.weight", &[2, 3]), ("1.bias", &[2])]).unwrap();
        assert_eq!(loaded, tensors);
    }

    #[test]
    fn wrong_shape_missing_tensor_and_garbage_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.safetensors");
        save(&path, &[tensor("1.weight", vec![2, 3])], &[]).unwrap();
        let err = load(&path, &[("1.weight", &[10, 784])])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("model.safetensors") && err.contains("[2, 3], expected [10, 784]"),
            "{err}"
        );
        let err = load(&path, &[("1.bias", &[10])]).unwrap_err().to_string();
        assert!(err.contains("no tensor '1.bias'"), "{err}");
        fs::write(&path, b"not a checkpoint").unwrap();
        let err = load(&path, &[("1.bias", &[10])]).unwrap_err().to_string();
        assert!(err.contains("not a safetensors file"), "{err}");
    }
}
