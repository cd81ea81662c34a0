//! The bodies of the fuzz targets in `fuzz/` (run with `cargo +nightly fuzz`), kept in the library
//! so that `cargo test` on stable replays the committed corpus through the same code
//! (`tests/fuzz_corpus.rs`). Each takes arbitrary bytes as the contents of a file and feeds it to a
//! reader the way a command does; a reader may refuse the file, but must never panic.
//!
//! Not part of the library's teaching surface: hidden from the docs.

use std::io::Write;

use crate::device::Device;

/// Runs `read` on a temporary file that holds `bytes`, named `name` (the readers look at the
/// name only for messages).
fn with_file<T>(name: &str, bytes: &[u8], read: impl FnOnce(&std::path::Path) -> T) -> T {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(name);
    let mut file = std::fs::File::create(&path).expect("a temporary file");
    file.write_all(bytes).expect("writing the temporary file");
    drop(file);
    read(&path)
}

/// The IDX/gzip reader: `bytes` as an image file, as a label file, and as one split of
/// Fashion-MNIST whose image and label files are both `bytes`.
pub fn idx(bytes: &[u8]) {
    use crate::data::fashion_mnist::FashionMnist;
    use crate::data::idx::{read_images, read_labels};
    with_file("fuzz-idx3-ubyte.gz", bytes, |path| {
        if let Ok(images) = read_images(path) {
            assert_eq!(
                images.pixels.len(),
                images.count * images.rows * images.cols
            );
        }
        if let Ok(labels) = read_labels(path, 10) {
            assert!(labels.iter().all(|&l| l < 10));
        }
        if let Ok(set) = FashionMnist::from_files(path, path) {
            let last = set.len() - 1;
            let (pixels, _) = set.get(last);
            assert_eq!(pixels.len(), set.image_size().0 * set.image_size().1);
        }
    });
}

/// The CSV → features pipeline of `d2l preprocess FILE`: read with pandas' missing-value
/// tokens, the first column split off as the target when the first byte is odd, gaps filled with
/// the mean (or standardised when the first byte's second bit is set), one-hot encoding, and the
/// f32 tensor.
#[cfg(feature = "polars")]
pub fn csv(bytes: &[u8]) {
    use crate::data::preprocess::{
        CsvOptions, Fill, column_names, fill_numeric, get_dummies, read_csv, split_target,
        standardize, to_tensor,
    };
    let flags = bytes.first().copied().unwrap_or(0);
    with_file("fuzz.csv", bytes, |path| {
        let Ok(frame) = read_csv(path, &CsvOptions::pandas()) else {
            return;
        };
        let inputs = match column_names(&frame).first() {
            Some(first) if flags & 1 == 1 => match split_target(&frame, first) {
                Ok((inputs, target)) => {
                    assert_eq!(target.len(), frame.height());
                    inputs
                }
                Err(_) => return,
            },
            _ => frame,
        };
        let filled = if flags & 2 == 2 {
            standardize(&inputs)
        } else {
            fill_numeric(&inputs, Fill::Mean)
        };
        let Ok(encoded) = get_dummies(&filled.frame) else {
            return;
        };
        if let Ok(x) = to_tensor(&encoded, burn::tensor::DType::F32, &Device::default()) {
            assert_eq!(x.dims(), [encoded.height(), encoded.width()]);
        }
    });
}

/// Checkpoint loading: `bytes` as a softmax-regression checkpoint (`d2l softmax --load`), as
/// the 5.5 MLP's, and as a file of named tensors (`d2l read-write`).
pub fn checkpoint(bytes: &[u8]) {
    use crate::chapters::computation::blocks::Mlp;
    use crate::chapters::computation::read_write::{MLP_CHECKPOINT, load_tensors};
    use crate::chapters::softmax_regression::{self, concise::SoftmaxRegression};
    let device = Device::default();
    with_file("fuzz.safetensors", bytes, |path| {
        if let Ok(net) = softmax_regression::load::<SoftmaxRegression>(path, &device) {
            assert_eq!(net.linear.weight.val().dims(), [784, 10]);
        }
        let _ = crate::checkpoint::load(Mlp::new(&device), &MLP_CHECKPOINT, path);
        let _ = load_tensors(path, &device);
    });
}
