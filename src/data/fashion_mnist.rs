//! Fashion-MNIST (d2l-zh 3.5 图像分类数据集): the data set, its labels, and the loader.
//!
//! Images stay as `u8` in memory (47 MB for the 60,000 training images) and become `f32` in
//! [0, 1] only when a batch is served. Batches are assembled on a background thread, one buffer
//! per batch, so that the next one is ready when the model asks: the job of the book's
//! `DataLoader(num_workers=4)`, without processes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread;

use crate::data::download::{Checksum, RemoteFile, verify};
use crate::data::idx::{read_images, read_labels};
pub use crate::data::image_loader::ImageLoader;
use crate::data::image_loader::to_unit;
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

/// Images in the training set (the largest minibatch that makes sense).
pub const TRAIN_EXAMPLES: usize = 60_000;

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

    /// The first `n` images and their labels (all of them when there are fewer): the subset a
    /// CPU-sized run trains on (`--limit`). Fashion-MNIST's files are not sorted by class, so
    /// the first images hold every class about equally.
    pub fn first(mut self, n: usize) -> Self {
        let n = n.min(self.len());
        self.labels.truncate(n);
        self.pixels.truncate(n * self.rows * self.cols);
        self
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

/// The book's `d2l.load_data_fashion_mnist(batch_size)` in one call, for notebooks and examples:
/// the files are found where the `d2l` command looks (`$D2L_DATA_DIR`, then the user cache
/// folder) or downloaded there from the official mirrors, then loaded as
/// [`load_data_fashion_mnist`] does, the training set shuffled by `seed`.
pub fn load_fashion_mnist(
    batch_size: usize,
    seed: u64,
    device: &Device,
) -> Result<(ImageLoader, ImageLoader)> {
    load_data_fashion_mnist(&fashion_mnist_dir()?, batch_size, None, seed, device)
}

/// The folder of the four Fashion-MNIST files, found where the `d2l` command looks
/// (`$D2L_DATA_DIR`, then the user cache folder) or downloaded there, for notebooks and
/// examples that hand it to a section's `run`.
pub fn fashion_mnist_dir() -> Result<PathBuf> {
    locate_or_download(&DataDirs::resolve(None), &default_mirrors(), &mut |_, _| {})
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
    let (train, test) = read_train_and_test(dir)?;
    let (train, test) = (Arc::new(train), Arc::new(test));
    Ok((
        ImageLoader::new(train, batch_size, true, resize, seed, device),
        ImageLoader::new(test, batch_size, false, resize, seed, device),
    ))
}

/// Both splits from the folder `dir`, checked to hold Fashion-MNIST's 28 × 28 images.
pub fn read_train_and_test(dir: &Path) -> Result<(FashionMnist, FashionMnist)> {
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
    Ok((train, test))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::batches::Batches;
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
