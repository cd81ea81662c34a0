//! Minibatches over tensors that are already in memory (d2l-zh 3.2.2 `data_iter`, 3.3.2
//! `load_array`).

use std::cell::{Cell, RefCell};

use burn::tensor::{Int, Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use super::batches::Batches;

/// The example indices of one epoch cut into minibatches; the last batch may be smaller.
///
/// With `shuffle` the order is a random permutation drawn from `rng`, as d2l's `data_iter` does
/// with `random.shuffle(indices)`.
pub fn batch_indices(
    n: usize,
    batch_size: usize,
    shuffle: bool,
    rng: &mut StdRng,
) -> Vec<Vec<i64>> {
    let mut indices: Vec<i64> = (0..n as i64).collect();
    if shuffle {
        indices.shuffle(rng);
    }
    indices
        .chunks(batch_size.max(1))
        .map(<[i64]>::to_vec)
        .collect()
}

/// Yields `(X[batch], y[batch])` for one pass over the data, in random order.
///
/// This is the book's hand-written `data_iter`: shuffle the indices, then pick rows with
/// fancy indexing (`select` along dimension 0 is numpy's `X[indices]`).
pub fn data_iter(
    batch_size: usize,
    features: &Tensor<2>,
    labels: &Tensor<2>,
    rng: &mut StdRng,
) -> impl Iterator<Item = (Tensor<2>, Tensor<2>)> + use<> {
    let [n, _] = features.dims();
    let batches = batch_indices(n, batch_size, true, rng);
    minibatches(features.clone(), labels.clone(), batches)
}

/// Picks the rows of each batch from `features` and `labels`.
fn minibatches(
    features: Tensor<2>,
    labels: Tensor<2>,
    batches: Vec<Vec<i64>>,
) -> impl Iterator<Item = (Tensor<2>, Tensor<2>)> {
    let device = features.device();
    batches.into_iter().map(move |batch| {
        let len = batch.len();
        let index = Tensor::<1, Int>::from_data(TensorData::new(batch, [len]), &device);
        (
            features.clone().select(0, index.clone()),
            labels.clone().select(0, index),
        )
    })
}

/// A reusable minibatch loader over in-memory tensors (d2l's `load_array`).
///
/// Each call to [`ArrayLoader::iter`] is one epoch; with `shuffle`, every epoch has a new order
/// that depends only on the seed and the epoch number, so runs are repeatable.
pub struct ArrayLoader {
    features: Tensor<2>,
    labels: Tensor<2>,
    batch_size: usize,
    shuffle: bool,
    seed: u64,
    epoch: Cell<u64>,
}

/// Wraps `(features, labels)` in an [`ArrayLoader`] (d2l-zh 3.3 `load_array`).
pub fn load_array(
    (features, labels): (Tensor<2>, Tensor<2>),
    batch_size: usize,
    shuffle: bool,
    seed: u64,
) -> ArrayLoader {
    ArrayLoader {
        features,
        labels,
        batch_size,
        shuffle,
        seed,
        epoch: Cell::new(0),
    }
}

impl ArrayLoader {
    /// The minibatches of the next epoch.
    pub fn iter(&self) -> impl Iterator<Item = (Tensor<2>, Tensor<2>)> + use<> {
        let epoch = self.epoch.get();
        self.epoch.set(epoch + 1);
        let mut rng = epoch_rng(self.seed, epoch);
        let [n, _] = self.features.dims();
        let batches = batch_indices(n, self.batch_size, self.shuffle, &mut rng);
        minibatches(self.features.clone(), self.labels.clone(), batches)
    }

    /// Number of examples.
    pub fn len(&self) -> usize {
        self.features.dims()[0]
    }

    /// Whether there are no examples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Batches for ArrayLoader {
    type Input = Tensor<2>;
    type Target = Tensor<2>;

    fn batches(&self) -> Box<dyn Iterator<Item = (Tensor<2>, Tensor<2>)> + '_> {
        Box::new(self.iter())
    }

    fn num_batches(&self) -> usize {
        self.len().div_ceil(self.batch_size.max(1))
    }
}

/// The book's `data_iter` as a [`Batches`]: every epoch reshuffles with one generator that runs
/// on from epoch to epoch, exactly as calling `data_iter` once per epoch does.
pub struct DataIter {
    features: Tensor<2>,
    labels: Tensor<2>,
    batch_size: usize,
    rng: RefCell<StdRng>,
}

impl DataIter {
    /// Minibatches of `batch_size` rows of `(features, labels)`, shuffled by `seed`.
    pub fn new(features: Tensor<2>, labels: Tensor<2>, batch_size: usize, seed: u64) -> Self {
        Self {
            features,
            labels,
            batch_size,
            rng: RefCell::new(StdRng::seed_from_u64(seed)),
        }
    }
}

impl Batches for DataIter {
    type Input = Tensor<2>;
    type Target = Tensor<2>;

    fn batches(&self) -> Box<dyn Iterator<Item = (Tensor<2>, Tensor<2>)> + '_> {
        let mut rng = self.rng.borrow_mut();
        Box::new(data_iter(
            self.batch_size,
            &self.features,
            &self.labels,
            &mut rng,
        ))
    }

    fn num_batches(&self) -> usize {
        self.features.dims()[0].div_ceil(self.batch_size.max(1))
    }
}

/// The random generator for `epoch` of a loader seeded with `seed`: independent streams per
/// epoch, so that two epochs differ but a rerun repeats them.
pub fn epoch_rng(seed: u64, epoch: u64) -> StdRng {
    StdRng::seed_from_u64(seed ^ epoch.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn every_index_once_and_a_short_last_batch() {
        let mut rng = StdRng::seed_from_u64(1);
        let batches = batch_indices(10, 4, true, &mut rng);
        assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), [4, 4, 2]);
        let mut all: Vec<i64> = batches.concat();
        assert_ne!(all, (0..10).collect::<Vec<_>>(), "shuffled order expected");
        all.sort();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn loader_rows_stay_paired_and_epochs_differ() {
        let data = || {
            let x = Tensor::<2>::from_data(
                TensorData::new((0..8).map(|v| v as f32).collect(), [8, 1]),
                &cpu(),
            );
            (x.clone(), x.mul_scalar(10.0))
        };
        let epoch = |loader: &ArrayLoader| -> Vec<f32> {
            loader
                .iter()
                .flat_map(|(xb, yb)| {
                    let xs: Vec<f32> = xb.try_into_vec_as().unwrap();
                    let ys: Vec<f32> = yb.try_into_vec_as().unwrap();
                    xs.iter()
                        .zip(&ys)
                        .for_each(|(a, b)| assert_eq!(a * 10.0, *b));
                    xs
                })
                .collect()
        };
        let loader = load_array(data(), 3, true, 5);
        let first = epoch(&loader);
        let second = epoch(&loader);
        assert_eq!(first.len(), 8);
        assert_ne!(first, second);
        assert_eq!(
            epoch(&load_array(data(), 3, true, 5)),
            first,
            "same seed, same order"
        );
    }
}
