//! Fashion-MNIST (d2l-zh 3.5 图像分类数据集): the data set, its labels, and the loader.
//!
//! Images stay as `u8` in memory (47 MB for the 60,000 training images) and become `f32` in
//! [0, 1] only when a batch is served. Batches are assembled on a background thread, one buffer
//! per batch, so that the next one is ready when the model asks: the job of the book's
//! `DataLoader(num_workers=4)`, without processes.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, sync_channel};
use std::thread;

use burn::tensor::{Int, Tensor, TensorData};

use crate::data::array::{batch_indices, epoch_rng};
use crate::data::batches::Batches;
use crate::data::download::{Checksum, RemoteFile, verify};
use crate::data::idx::{read_images, read_labels};
use crate::data::location::DataDirs;
use crate::device::Device;
use crate::error::{Error, Result};

/// The folder name under a data root.
pub const DATASET: &str = "fashion-mnist";

/// The ten classes, in label order (d2l-zh `get_fashion_mnist_labels`).
pub const TEXT_LABELS: [&str; 10] = [
    "t-shirt",
    "trouser",
    "pullover",
    "dress",
    "coat",
    "sandal",
    "shirt",
    "sneaker",
    "bag",
    "ankle boot",
];

/// The official files and their md5 sums.
pub const FILES: [RemoteFile; 4] = [
    RemoteFile {
        name: "train-images-idx3-ubyte.gz",
        checksum: Checksum::Md5("8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
    },
    RemoteFile {
        name: "train-labels-idx1-ubyte.gz",
        checksum: Checksum::Md5("25c81989df183df01b3e8a0aad5dffbe"),
    },
    RemoteFile {
        name: "t10k-images-idx3-ubyte.gz",
        checksum: Checksum::Md5("bef4ecab320f06d8554ea6380940ec79"),
    },
    RemoteFile {
        name: "t10k-labels-idx1-ubyte.gz",
        checksum: Checksum::Md5("bb300cfdad3c16e7a12a480ee83cd310"),
    },
];

/// Where the official files are served, tried in order.
pub const MIRRORS: [&str; 2] = [
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com",
    "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion",
];

/// `(height, width)` of a Fashion-MNIST (and MNIST) image.
pub const IMAGE_SIZE: (usize, usize) = (28, 28);

/// Maps label indices to their names (d2l-zh 3.5 `get_fashion_mnist_labels`).
pub fn get_fashion_mnist_labels(labels: &[usize]) -> Vec<&'static str> {
    labels.iter().map(|&i| TEXT_LABELS[i]).collect()
}

/// Training or test split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// 60,000 images.
    Train,
    /// 10,000 images.
    Test,
}

impl Split {
    fn files(self) -> (&'static RemoteFile, &'static RemoteFile) {
        match self {
            Split::Train => (&FILES[0], &FILES[1]),
            Split::Test => (&FILES[2], &FILES[3]),
        }
    }
}

/// One split of Fashion-MNIST (or any IDX data set of the same layout, MNIST included).
#[derive(Debug, Clone)]
pub struct FashionMnist {
    pixels: Vec<u8>,
    labels: Vec<u8>,
    rows: usize,
    cols: usize,
}

impl FashionMnist {
    /// Reads `split` from the folder `dir` that holds the four files.
    pub fn load(dir: &Path, split: Split) -> Result<Self> {
        let (images_file, labels_file) = split.files();
        Self::from_files(&dir.join(images_file.name), &dir.join(labels_file.name))
    }

    /// Reads an image file and a label file and checks that they belong together.
    pub fn from_files(images_path: &Path, labels_path: &Path) -> Result<Self> {
        let images = read_images(images_path)?;
        if images.count == 0 || images.rows == 0 || images.cols == 0 {
            return Err(Error::format(
                images_path,
                format!(
                    "{} images of {} × {} pixels: a data set needs at least one image of at \
                     least one pixel",
                    images.count, images.rows, images.cols
                ),
            ));
        }
        let labels = read_labels(labels_path, TEXT_LABELS.len() as u8)?;
        if images.count != labels.len() {
            return Err(Error::format(
                labels_path,
                format!(
                    "{} labels but {} has {} images (expected the same count)",
                    labels.len(),
                    images_path.display(),
                    images.count
                ),
            ));
        }
        Ok(Self {
            pixels: images.pixels,
            labels,
            rows: images.rows,
            cols: images.cols,
        })
    }

    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there are no images.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// `(height, width)` of every image.
    pub fn image_size(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// Image `i` with its pixels scaled to [0, 1], as the loaders serve it (`rows × cols`).
    pub fn image(&self, i: usize) -> Vec<f32> {
        self.get(i).0.iter().copied().map(to_unit).collect()
    }

    /// Image `i` as stored (bytes 0-255) and its label.
    pub fn get(&self, i: usize) -> (&[u8], u8) {
        let size = self.rows * self.cols;
        (&self.pixels[i * size..(i + 1) * size], self.labels[i])
    }

    /// Every label, in order.
    pub fn labels(&self) -> &[u8] {
        &self.labels
    }

    /// How many images each class has.
    pub fn class_counts(&self) -> [usize; 10] {
        let mut counts = [0; 10];
        for &label in &self.labels {
            counts[label as usize] += 1;
        }
        counts
    }
}

/// Finds the four files (`--data-dir`, `$D2L_DATA_DIR`, cache) or downloads them into the first
/// root, checking every checksum. Returns the folder that holds them.
pub fn locate_or_download(
    dirs: &DataDirs,
    mirrors: &[String],
    on_event: &mut dyn FnMut(&str, crate::data::download::Event),
) -> Result<PathBuf> {
    crate::data::download::locate_or_download(DATASET, &FILES, dirs, mirrors, on_event)
}

/// Checks the md5 of each of the four files in `dir`.
pub fn verify_files(dir: &Path) -> Result<()> {
    FILES
        .iter()
        .try_for_each(|f| verify(&dir.join(f.name), f.checksum))
}

/// The official mirrors as owned strings.
pub fn default_mirrors() -> Vec<String> {
    MIRRORS.iter().map(|m| m.to_string()).collect()
}

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
fn to_unit(pixel: u8) -> f32 {
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

/// The book's `d2l.load_data_fashion_mnist(batch_size)` in one call, for notebooks and examples:
/// the files are found where the `d2l` command looks (`$D2L_DATA_DIR`, then the user cache
/// folder) or downloaded there from the official mirrors, then loaded as
/// [`load_data_fashion_mnist`] does, the training set shuffled by `seed`.
pub fn load_fashion_mnist(
    batch_size: usize,
    seed: u64,
    device: &Device,
) -> Result<(ImageLoader, ImageLoader)> {
    let dir = locate_or_download(&DataDirs::resolve(None), &default_mirrors(), &mut |_, _| {})?;
    load_data_fashion_mnist(&dir, batch_size, None, seed, device)
}

/// The book's `load_data_fashion_mnist(batch_size, resize)`: a shuffled training loader and an
/// ordered test loader.
pub fn load_data_fashion_mnist(
    dir: &Path,
    batch_size: usize,
    resize: Option<(usize, usize)>,
    seed: u64,
    device: &Device,
) -> Result<(ImageLoader, ImageLoader)> {
    // Decompressing the training images takes most of the time: read the test set beside it.
    let (train, test) = thread::scope(|scope| {
        let test = scope.spawn(|| FashionMnist::load(dir, Split::Test));
        let train = FashionMnist::load(dir, Split::Train);
        (
            train,
            test.join().expect("reading the test set should not panic"),
        )
    });
    let (train, test) = (train?, test?);
    // Every model here takes Fashion-MNIST's 28 × 28 images (784 inputs); other sizes would
    // reach a matrix product of the wrong shape.
    for (split, set) in [(Split::Train, &train), (Split::Test, &test)] {
        if set.image_size() != IMAGE_SIZE {
            let (rows, cols) = set.image_size();
            return Err(Error::format(
                dir.join(split.files().0.name),
                format!(
                    "images of {rows} × {cols} pixels, expected {} × {} as in Fashion-MNIST \
                     (and in the train and test files alike)",
                    IMAGE_SIZE.0, IMAGE_SIZE.1
                ),
            ));
        }
    }
    let (train, test) = (Arc::new(train), Arc::new(test));
    Ok((
        ImageLoader::new(train, batch_size, true, resize, seed, device),
        ImageLoader::new(test, batch_size, false, resize, seed, device),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::idx::{IMAGES_MAGIC, LABELS_MAGIC, encode};

    /// A tiny data set of `n` 2×2 images whose pixels all equal the image's index.
    fn tiny(n: usize) -> FashionMnist {
        FashionMnist {
            pixels: (0..n).flat_map(|i| [i as u8; 4]).collect(),
            labels: (0..n).map(|i| (i % 10) as u8).collect(),
            rows: 2,
            cols: 2,
        }
    }

    #[test]
    fn labels_have_the_book_names() {
        assert_eq!(get_fashion_mnist_labels(&[0, 9]), ["t-shirt", "ankle boot"]);
    }

    #[test]
    fn count_mismatch_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let images = dir.path().join("images");
        let labels = dir.path().join("labels");
        std::fs::write(&images, encode(IMAGES_MAGIC, &[2, 1, 1], &[0, 1])).unwrap();
        std::fs::write(&labels, encode(LABELS_MAGIC, &[3], &[0, 1, 2])).unwrap();
        let err = FashionMnist::from_files(&images, &labels)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("3 labels") && err.contains("has 2 images"),
            "{err}"
        );
    }

    #[test]
    fn each_epoch_serves_every_image_once_in_a_new_order() {
        let data = Arc::new(tiny(10));
        let loader = ImageLoader::new(data, 4, true, None, 9, &crate::device::cpu());
        let epoch = |loader: &ImageLoader| -> Vec<i64> {
            let mut seen = Vec::new();
            for (x, y) in loader.batches() {
                let pixels: Vec<f32> = x.try_into_vec_as().unwrap();
                let labels: Vec<i64> = y.try_into_vec_as().unwrap();
                for (k, label) in labels.iter().enumerate() {
                    let index = (pixels[4 * k] * 255.0).round() as i64;
                    assert_eq!(index % 10, *label, "pixels and label must stay together");
                    seen.push(index);
                }
            }
            seen
        };
        let first = epoch(&loader);
        let second = epoch(&loader);
        assert_ne!(first, second);
        let mut sorted = first.clone();
        sorted.sort();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
        let again = ImageLoader::new(Arc::new(tiny(10)), 4, true, None, 9, &crate::device::cpu());
        assert_eq!(epoch(&again), first, "same seed, same order");
    }

    #[test]
    fn batches_have_the_right_shapes_and_a_short_last_batch() {
        let loader = ImageLoader::new(
            Arc::new(tiny(10)),
            4,
            false,
            Some((3, 5)),
            0,
            &crate::device::cpu(),
        );
        assert_eq!(loader.num_batches(), 3);
        let shapes: Vec<[usize; 4]> = loader.batches().map(|(x, _)| x.dims()).collect();
        assert_eq!(shapes, [[4, 1, 3, 5], [4, 1, 3, 5], [2, 1, 3, 5]]);
    }
}
