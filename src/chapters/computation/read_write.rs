//! d2l-zh 5.5 读写文件: a tensor, a list and a map of tensors, and a whole model's parameters
//! saved to files and loaded back. The format is safetensors (what `torch.save` is to PyTorch,
//! but readable from any language): `safetensors.torch.load_file` opens every file written here.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use burn::tensor::{Int, Tensor, TensorData};
use safetensors::SafeTensors;
use safetensors::tensor::{Dtype, TensorView};

use crate::chapters::computation::blocks::Mlp;
use crate::chapters::walkthrough::{Step, show, step};
use crate::checkpoint::{self, Layout};
use crate::device::Device;
use crate::error::{Error, Result};
use crate::fsutil::write_atomic;

/// The MLP's checkpoint: its module names as they are (`hidden.weight`, `out.bias`).
pub const MLP_CHECKPOINT: Layout = Layout {
    chapter: "5.5",
    rename: &[],
};

/// Saves named 1-D tensors to `path` as one safetensors file (`torch.save(mydict, 'mydict')`).
pub fn save_tensors(path: &Path, tensors: &[(&str, Tensor<1>)]) -> Result<()> {
    let data: Vec<(String, Vec<u8>, usize)> = tensors
        .iter()
        .map(|(name, t)| {
            let values: Vec<f32> = t.clone().try_into_vec_as().expect("f32 tensor");
            let bytes = values.iter().flat_map(|v| v.to_le_bytes()).collect();
            (name.to_string(), bytes, values.len())
        })
        .collect();
    let views = data
        .iter()
        .map(|(name, bytes, n)| {
            TensorView::new(Dtype::F32, vec![*n], bytes)
                .map(|view| (name.clone(), view))
                .map_err(|e| Error::format(path, e.to_string()))
        })
        .collect::<Result<Vec<_>>>()?;
    let bytes =
        safetensors::serialize(views, None).map_err(|e| Error::format(path, e.to_string()))?;
    write_atomic(path, &bytes)
}

/// Loads every tensor of a file written by [`save_tensors`], by name (`torch.load`), refusing
/// anything that is not a 1-D f32 tensor with a message that names the file and the tensor.
pub fn load_tensors(path: &Path, device: &Device) -> Result<BTreeMap<String, Tensor<1>>> {
    let bytes = crate::fsutil::read_bounded(path, MAX_FILE_BYTES, "a tensor file")?;
    let file = SafeTensors::deserialize(&bytes)
        .map_err(|e| Error::format(path, format!("not a safetensors file: {e}")))?;
    let mut tensors = BTreeMap::new();
    for (name, view) in file.tensors() {
        if view.dtype() != Dtype::F32 || view.shape().len() != 1 {
            return Err(Error::format(
                path,
                format!(
                    "tensor '{name}' is {:?} {:?}: expected a 1-D F32 tensor",
                    view.dtype(),
                    view.shape()
                ),
            ));
        }
        let values: Vec<f32> = view
            .data()
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let n = values.len();
        tensors.insert(
            name,
            Tensor::from_data(TensorData::new(values, [n]), device),
        );
    }
    Ok(tensors)
}

/// The largest file [`load_tensors`] reads (1 GiB): the section's files are a few hundred bytes.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// The four files [`walkthrough`] writes into its folder: a tensor, a list, a map and the MLP's
/// parameters.
pub const FILES: [&str; 4] = [
    "x-file.safetensors",
    "x-files.safetensors",
    "mydict.safetensors",
    "mlp.params.safetensors",
];

/// The section's steps, writing its files into `dir`; `seed` draws the MLP and its input.
pub fn walkthrough(dir: &Path, seed: u64, device: &Device) -> Result<Vec<Step>> {
    device.seed(seed);
    let mut steps = Vec::new();
    let x = Tensor::<1, Int>::arange(0..4, device).float();
    let x_file = dir.join(FILES[0]);
    save_tensors(&x_file, &[("x", x.clone())])?;
    let x2 = load_tensors(&x_file, device)?
        .remove("x")
        .expect("just saved");
    steps.push(step(
        "5.5.1",
        "torch.save(x, 'x-file'); x2 = torch.load('x-file')",
        "save_tensors(&dir.join(\"x-file.safetensors\"), &[(\"x\", x)])?; load_tensors(..)?[\"x\"]",
        x2.to_data(),
    ));
    let y = Tensor::<1>::zeros([4], device);
    let list_file = dir.join(FILES[1]);
    save_tensors(&list_file, &[("0", x.clone()), ("1", y.clone())])?;
    let list = load_tensors(&list_file, device)?;
    steps.push(Step {
        section: "5.5.1",
        caption: Cow::Borrowed(
            "torch.save([x, y], 'x-files'): a list, stored under the names 0 and 1",
        ),
        code: Cow::Borrowed("save_tensors(&path, &[(\"0\", x), (\"1\", y)])?"),
        value: list
            .values()
            .map(|t| show(&t.to_data()))
            .collect::<Vec<_>>()
            .join(", "),
    });
    let dict_file = dir.join(FILES[2]);
    save_tensors(&dict_file, &[("x", x), ("y", y)])?;
    let dict = load_tensors(&dict_file, device)?;
    steps.push(Step {
        section: "5.5.1",
        caption: Cow::Borrowed("torch.save({'x': x, 'y': y}, 'mydict'): a map of names to tensors"),
        code: Cow::Borrowed("load_tensors(&dict_file, &device)?"),
        value: dict
            .iter()
            .map(|(k, t)| format!("'{k}': {}", show(&t.to_data())))
            .collect::<Vec<_>>()
            .join(", "),
    });

    let net = Mlp::new(device);
    let x = Tensor::<2>::random(
        [2, 20],
        burn::tensor::Distribution::Normal(0.0, 1.0),
        device,
    );
    let y = net.forward(x.clone());
    let params = dir.join(FILES[3]);
    checkpoint::save(&net, &MLP_CHECKPOINT, &params)?;
    // A fresh MLP, with other random weights, then the file's parameters loaded into it.
    let clone = checkpoint::load(Mlp::new(device), &MLP_CHECKPOINT, &params)?;
    let y_clone = clone.forward(x);
    steps.push(step(
        "5.5.2",
        "torch.save(net.state_dict(), 'mlp.params'); clone.load_state_dict(...); Y_clone == Y",
        "checkpoint::load(Mlp::new(&device), &MLP_CHECKPOINT, &params)?.forward(x).equal(y)",
        y_clone.equal(y).to_data(),
    ));
    steps.push(Step {
        section: "5.5",
        caption: Cow::Borrowed("the files, readable in PyTorch with safetensors.torch.load_file"),
        code: Cow::Borrowed("dir"),
        value: [&x_file, &list_file, &dict_file, &params]
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    });
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapters::computation::blocks::Mlp;
    use crate::device::cpu;
    use burn::nn::LinearConfig;

    #[test]
    fn tensors_and_a_model_come_back_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let steps = walkthrough(dir.path(), 7, &cpu()).unwrap();
        assert_eq!(steps[0].value, "[0., 1., 2., 3.]");
        assert_eq!(steps[1].value, "[0., 1., 2., 3.], [0., 0., 0., 0.]");
        assert_eq!(
            steps[2].value,
            "'x': [0., 1., 2., 3.], 'y': [0., 0., 0., 0.]"
        );
        assert!(steps[3].value.starts_with("[[true"), "{}", steps[3].value);
        assert!(!steps[3].value.contains("false"), "{}", steps[3].value);
        for name in ["x-file", "x-files", "mydict", "mlp.params"] {
            assert!(
                dir.path().join(format!("{name}.safetensors")).is_file(),
                "{name}"
            );
        }
    }

    #[test]
    fn a_checkpoint_of_another_architecture_names_the_first_tensor_that_differs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mlp.safetensors");
        let device = cpu();
        checkpoint::save(&Mlp::new(&device), &MLP_CHECKPOINT, &path).unwrap();
        let narrower = Mlp {
            hidden: LinearConfig::new(20, 128).init(&device),
            out: LinearConfig::new(128, 10).init(&device),
        };
        let err = checkpoint::load(narrower, &MLP_CHECKPOINT, &path)
            .unwrap_err()
            .to_string();
        assert!(err.contains("mlp.safetensors"), "{err}");
        assert!(
            err.contains("hidden.bias") && err.contains("[256]") && err.contains("[128]"),
            "{err}"
        );
    }

    #[test]
    fn a_tensor_file_of_the_wrong_kind_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.safetensors");
        std::fs::write(&path, b"not safetensors").unwrap();
        let err = load_tensors(&path, &cpu()).unwrap_err().to_string();
        assert!(
            err.contains("bad.safetensors") && err.contains("not a safetensors file"),
            "{err}"
        );
        let bytes = 2.0f32.to_le_bytes().repeat(4);
        let view = TensorView::new(Dtype::F32, vec![2, 2], &bytes).unwrap();
        std::fs::write(&path, safetensors::serialize([("m", view)], None).unwrap()).unwrap();
        let err = load_tensors(&path, &cpu()).unwrap_err().to_string();
        assert!(err.contains("'m'") && err.contains("[2, 2]"), "{err}");
    }
}
