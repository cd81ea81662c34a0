//! Saving and loading any model as a safetensors checkpoint, with burn-store.
//!
//! burn-store walks the module, renames its tensors and transposes `Linear` weights to PyTorch's
//! `[out, in]` (its PyTorch adapters), so a checkpoint loads in PyTorch with
//! `net.load_state_dict(safetensors.torch.load_file(path))`. Two guarantees are ours:
//!
//! - the file is written to a temporary name and renamed ([`write_atomic`]): a failed save keeps
//!   the old checkpoint;
//! - a file that does not fit the model is refused before anything is loaded, with an error that
//!   names the file, the tensor (by its name in the file) and both shapes. burn-store reports such
//!   problems by the module's own paths and layout, which are not what a PyTorch user sees.

use std::path::Path;

use burn::module::Module;
use burn::store::{BurnToPyTorchAdapter, ModuleSnapshot, PyTorchToBurnAdapter, SafetensorsStore};
use safetensors::SafeTensors;
use safetensors::tensor::Dtype;

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;

/// How a chapter's model is named in its checkpoints.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Stored as the file's `chapter` metadata.
    pub chapter: &'static str,
    /// Name prefixes `(in the module, in the file)`, e.g. `("linear.", "1.")` for the second
    /// entry of an `nn.Sequential`.
    pub rename: &'static [(&'static str, &'static str)],
}

/// Writes `module`'s parameters to `path` in `layout` (through a temporary file and a rename).
pub fn save<M: Module>(module: &M, layout: &Layout, path: &Path) -> Result<()> {
    let bytes = to_bytes(module, layout).map_err(|reason| fail(path, reason))?;
    write_atomic(path, &bytes)
}

/// Loads the checkpoint at `path` into `module`, which gives the expected names and shapes.
pub fn load<M: Module>(mut module: M, layout: &Layout, path: &Path) -> Result<M> {
    let expected = to_bytes(&module, layout).map_err(|reason| fail(path, reason))?;
    // The model's own file size bounds the read: a checkpoint of this model is that size plus
    // other metadata (and extra tensors, which are ignored) within reason. `/dev/zero` or a
    // huge file is refused before it fills the memory.
    let limit = 2 * expected.len() as u64 + (1 << 20);
    let bytes = crate::fsutil::read_bounded(path, limit, "a checkpoint of this model")?;
    check_fits(&bytes, &expected).map_err(|reason| fail(path, reason))?;
    let mut store =
        SafetensorsStore::from_bytes(Some(bytes)).with_from_adapter(PyTorchToBurnAdapter);
    for (in_module, in_file) in layout.rename {
        store = store.with_key_remapping(format!("^{}", escape(in_file)), *in_module);
    }
    module
        .load_from(&mut store)
        .map_err(|e| fail(path, e.to_string()))?;
    Ok(module)
}

/// The safetensors bytes of `module` in `layout`.
fn to_bytes<M: Module>(module: &M, layout: &Layout) -> std::result::Result<Vec<u8>, String> {
    let mut store = SafetensorsStore::from_bytes(None)
        .with_to_adapter(BurnToPyTorchAdapter)
        .metadata("chapter", layout.chapter)
        .metadata("format", "pt");
    for (in_module, in_file) in layout.rename {
        store = store.with_key_remapping(format!("^{}", escape(in_module)), *in_file);
    }
    module.save_into(&mut store).map_err(|e| e.to_string())?;
    store.get_bytes().map_err(|e| e.to_string())
}

/// Every tensor the model needs is in `file`, as f32 with the same shape.
fn check_fits(file: &[u8], expected: &[u8]) -> std::result::Result<(), String> {
    let file =
        SafeTensors::deserialize(file).map_err(|e| format!("not a safetensors file: {e}"))?;
    let expected = SafeTensors::deserialize(expected).map_err(|e| e.to_string())?;
    let mut names = expected.names();
    names.sort();
    // Wrong shapes or types first: they say more about the file than a missing name does.
    for &name in &names {
        let want = expected.tensor(name).map_err(|e| e.to_string())?;
        let Ok(have) = file.tensor(name) else {
            continue;
        };
        if have.dtype() != Dtype::F32 {
            return Err(format!(
                "tensor '{name}' is {:?}, expected F32",
                have.dtype()
            ));
        }
        if have.shape() != want.shape() {
            return Err(format!(
                "tensor '{name}' has shape {:?}, expected {:?}",
                have.shape(),
                want.shape()
            ));
        }
        // A diverged model's NaN or infinite weights would only give NaN predictions.
        let bad = have
            .data()
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .position(|v| !v.is_finite());
        if let Some(at) = bad {
            return Err(format!(
                "tensor '{name}' holds a NaN or infinite value (element {at}): the model it \
                 was saved from had diverged; train it again"
            ));
        }
    }
    for &name in &names {
        if file.tensor(name).is_err() {
            let want = expected.tensor(name).map_err(|e| e.to_string())?;
            return Err(format!(
                "has no tensor '{name}' (expected shape {:?})",
                want.shape()
            ));
        }
    }
    Ok(())
}

/// A name prefix as a regular expression that matches it literally.
fn escape(prefix: &str) -> String {
    prefix.replace('.', "\\.")
}

fn fail(path: &Path, reason: String) -> Error {
    Error::Checkpoint {
        path: path.to_path_buf(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;
    use burn::nn::{Linear, LinearConfig};
    use safetensors::tensor::TensorView;
    use std::fs;

    #[derive(Module, Debug)]
    struct Model {
        linear: Linear,
    }

    const LAYOUT: Layout = Layout {
        chapter: "test",
        rename: &[("linear.", "1.")],
    };

    fn model(inputs: usize, outputs: usize) -> Model {
        Model {
            linear: LinearConfig::new(inputs, outputs).init(&cpu()),
        }
    }

    #[test]
    fn saves_pytorch_names_and_layout_and_loads_them_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.safetensors");
        let original = model(3, 2);
        save(&original, &LAYOUT, &path).unwrap();
        let bytes = fs::read(&path).unwrap();
        let file = SafeTensors::deserialize(&bytes).unwrap();
        let mut names = file.names();
        names.sort();
        assert_eq!(names, ["1.bias", "1.weight"]);
        assert_eq!(file.tensor("1.weight").unwrap().shape(), [2, 3]); // [out, in]

        let loaded = load(model(3, 2), &LAYOUT, &path).unwrap();
        let w = |m: &Model| -> Vec<f32> { m.linear.weight.val().try_into_vec_as().unwrap() };
        assert_eq!(w(&loaded), w(&original));
    }

    #[test]
    fn wrong_shape_missing_tensor_and_garbage_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.safetensors");
        save(&model(3, 10), &LAYOUT, &path).unwrap();
        let err = load(model(784, 10), &LAYOUT, &path)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("model.safetensors") && err.contains("[10, 3], expected [10, 784]"),
            "{err}"
        );

        // A file holding only the weight.
        let values = vec![0u8; 4 * 6];
        let view = TensorView::new(Dtype::F32, vec![2, 3], &values).unwrap();
        fs::write(
            &path,
            safetensors::serialize([("1.weight", view)], None).unwrap(),
        )
        .unwrap();
        let err = load(model(3, 2), &LAYOUT, &path).unwrap_err().to_string();
        assert!(err.contains("no tensor '1.bias'"), "{err}");

        fs::write(&path, b"not a checkpoint").unwrap();
        let err = load(model(3, 2), &LAYOUT, &path).unwrap_err().to_string();
        assert!(err.contains("not a safetensors file"), "{err}");
    }

    /// Issue 26: `softmax --load /dev/zero` read until memory ran out; a diverged model's
    /// checkpoint loaded as if it were a model.
    #[test]
    fn endless_files_and_non_finite_weights_are_refused() {
        let err = load(model(3, 2), &LAYOUT, Path::new("/dev/zero"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a regular file"), "{err}");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("diverged.safetensors");
        let mut weight: Vec<u8> = [0.5f32; 6].iter().flat_map(|v| v.to_le_bytes()).collect();
        weight[8..12].copy_from_slice(&f32::NAN.to_le_bytes());
        let bias: Vec<u8> = [0.0f32; 2].iter().flat_map(|v| v.to_le_bytes()).collect();
        let tensors = [
            (
                "1.weight",
                TensorView::new(Dtype::F32, vec![2, 3], &weight).unwrap(),
            ),
            (
                "1.bias",
                TensorView::new(Dtype::F32, vec![2], &bias).unwrap(),
            ),
        ];
        fs::write(&path, safetensors::serialize(tensors, None).unwrap()).unwrap();
        let err = load(model(3, 2), &LAYOUT, &path).unwrap_err().to_string();
        assert!(
            err.contains("'1.weight' holds a NaN") && err.contains("element 2"),
            "{err}"
        );

        // A file far larger than the model's is refused before it is read.
        fs::write(&path, vec![0u8; 4 << 20]).unwrap();
        let err = load(model(3, 2), &LAYOUT, &path).unwrap_err().to_string();
        assert!(
            err.contains("more than a checkpoint of this model can be"),
            "{err}"
        );
    }
}
