//! The minibatch loader of Fashion-MNIST (the book's `DataLoader` over `FashionMNIST`): shuffled
//! batches of `[n, 1, h, w]` images in [0, 1], resized on request, prepared on a second thread.

use std::cell::Cell;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, sync_channel};
use std::thread;

use burn::tensor::{Int, Tensor, TensorData};

use crate::data::array::{batch_indices, epoch_rng};
use crate::data::batches::Batches;
use crate::data::fashion_mnist::FashionMnist;
use crate::device::Device;

/// Serves `(X, y)` minibatches of one split: `X` is `[n, 1, h, w]` in [0, 1], `y` the labels.
///
/// Each call to [`Batches::batches`] is one epoch. With `shuffle`, the order is a new
/// permutation every epoch that depends only on the seed and the epoch number.
pub struct ImageLoader {
    data: Arc<FashionMnist>,
    batch_size: usize,
    shuffle: bool,
    resize: Option<(usize, usize)>,
    seed: u64,
    epoch: Cell<u64>,
    device: Device,
}

impl ImageLoader {
    /// A loader over `data`; `resize` scales every image bilinearly to `(height, width)`.
    pub fn new(
        data: Arc<FashionMnist>,
        batch_size: usize,
        shuffle: bool,
        resize: Option<(usize, usize)>,
        seed: u64,
        device: &Device,
    ) -> Self {
        Self {
            data,
            batch_size: batch_size.max(1),
            shuffle,
            resize,
            seed,
            epoch: Cell::new(0),
            device: device.clone(),
        }
    }

    /// The data set behind the loader.
    pub fn dataset(&self) -> &FashionMnist {
        &self.data
    }

    /// `(height, width)` of the images served.
    pub fn output_size(&self) -> (usize, usize) {
        self.resize.unwrap_or_else(|| self.data.image_size())
    }

    /// The raw batches of the next epoch, assembled on a background thread: `(pixels, labels)`
    /// where `pixels` holds `n * h * w` floats in [0, 1].
    pub fn raw_batches(&self) -> Receiver<(Vec<f32>, Vec<i64>)> {
        let epoch = self.epoch.get();
        self.epoch.set(epoch + 1);
        let batches = batch_indices(
            self.data.len(),
            self.batch_size,
            self.shuffle,
            &mut epoch_rng(self.seed, epoch),
        );
        let data = Arc::clone(&self.data);
        let resize = self.resize;
        // Two batches in flight: enough to hide assembly behind the model's work.
        let (sender, receiver) = sync_channel(2);
        thread::spawn(move || {
            for batch in batches {
                let assembled = assemble(&data, &batch, resize);
                if sender.send(assembled).is_err() {
                    break; // the consumer stopped early
                }
            }
        });
        receiver
    }
}

/// A stored pixel (0-255) as the models see it, in [0, 1] (the book's `ToTensor()`).
pub(crate) fn to_unit(pixel: u8) -> f32 {
    pixel as f32 * (1.0 / 255.0)
}

/// Copies the images of `batch` into one `f32` buffer, scaled to [0, 1] (and resized).
///
/// The buffer is filled by `extend`, not zeroed first: zeroing 800 KB per batch cost as much as
/// the conversion itself.
fn assemble(
    data: &FashionMnist,
    batch: &[i64],
    resize: Option<(usize, usize)>,
) -> (Vec<f32>, Vec<i64>) {
    let (rows, cols) = data.image_size();
    let (out_h, out_w) = resize.unwrap_or((rows, cols));
    let mut pixels = Vec::with_capacity(batch.len() * out_h * out_w);
    let mut labels = Vec::with_capacity(batch.len());
    let mut resized = vec![0.0f32; if resize.is_some() { out_h * out_w } else { 0 }];
    for &i in batch {
        let (image, label) = data.get(i as usize);
        match resize {
            None => pixels.extend(image.iter().copied().map(to_unit)),
            Some(_) => {
                super::image::resize_bilinear(image, rows, cols, out_h, out_w, &mut resized);
                pixels.extend_from_slice(&resized);
            }
        }
        labels.push(label as i64);
    }
    (pixels, labels)
}

impl Batches for ImageLoader {
    type Input = Tensor<4>;
    type Target = Tensor<1, Int>;

    fn batches(&self) -> Box<dyn Iterator<Item = (Tensor<4>, Tensor<1, Int>)> + '_> {
        let (h, w) = self.output_size();
        let receiver = self.raw_batches();
        Box::new(receiver.into_iter().map(move |(pixels, labels)| {
            let n = labels.len();
            let x = Tensor::<4>::from_data(TensorData::new(pixels, [n, 1, h, w]), &self.device);
            let y = Tensor::<1, Int>::from_data(TensorData::new(labels, [n]), &self.device);
            (x, y)
        }))
    }

    fn num_batches(&self) -> usize {
        self.data.len().div_ceil(self.batch_size)
    }
}
