//! d2l-zh 3.6 softmax回归的从零开始实现: softmax regression from scratch.
//!
//! The section's seven steps, in its order: initialise the parameters (初始化模型参数), define
//! softmax (定义softmax操作), the model (定义模型), the loss (定义损失函数), classification
//! accuracy (分类精度), train (训练) and predict (预测).

use burn::module::{Module, Param};
use burn::tensor::{Int, Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Normal};

use crate::device::Device;
use crate::nn::optim::sgd;
use crate::train::Net;

/// 28 × 28 pixels, flattened.
pub const NUM_INPUTS: usize = 784;
/// Ten classes.
pub const NUM_OUTPUTS: usize = 10;

/// The parameters: weights W `[784, 10]` and bias b `[10]`, as a burn `Module` so that
/// evaluation (`valid()`), devices and checkpoints work as for any other model.
#[derive(Module, Debug)]
pub struct SoftmaxScratch {
    /// W, one column per class.
    pub w: Param<Tensor<2>>,
    /// b, one entry per class.
    pub b: Param<Tensor<1>>,
}

/// Step 1, 初始化模型参数: W ~ N(0, 0.01²), b = 0, both tracked by autograd.
pub fn init_params(seed: u64, device: &Device) -> SoftmaxScratch {
    let mut rng = StdRng::seed_from_u64(seed);
    let normal = Normal::new(0.0f32, 0.01).expect("N(0, 0.01²) should be valid");
    let w: Vec<f32> = (0..NUM_INPUTS * NUM_OUTPUTS)
        .map(|_| normal.sample(&mut rng))
        .collect();
    let device = device.clone().autodiff();
    SoftmaxScratch {
        w: Param::from_tensor(Tensor::<2>::from_data(
            TensorData::new(w, [NUM_INPUTS, NUM_OUTPUTS]),
            &device,
        )),
        b: Param::from_tensor(Tensor::<1>::zeros([NUM_OUTPUTS], &device)),
    }
}

// Step 2, 定义softmax操作: the book's formula ([`softmax_naive`]) overflows for large scores,
// so the model uses the form that subtracts each row's maximum first ([`softmax`]). Later
// chapters use them as `nn::activation::softmax`.

/// softmax(X)ᵢⱼ = exp(Xᵢⱼ) / Σₖ exp(Xᵢₖ), row by row, as d2l-zh 3.6 writes it.
///
/// Kept to compare with: exp overflows f32 above about 88, so a row like `[100, 0]` gives
/// ∞ / ∞ = NaN. [`softmax`] is what the models use.
pub fn softmax_naive(x: Tensor<2>) -> Tensor<2> {
    let x_exp = x.exp();
    let partition = x_exp.clone().sum_dim(1); // [n, 1]: the normaliser of each row
    x_exp / partition // broadcasts over the columns
}

/// The stable softmax: subtract each row's maximum before `exp`.
///
/// exp(xⱼ − m) / Σₖ exp(xₖ − m) equals the book's formula for any m, and with m = maxₖ xₖ every
/// exponent is ≤ 0, so nothing overflows and the largest term is exactly 1.
pub fn softmax(x: Tensor<2>) -> Tensor<2> {
    let row_max = x.clone().max_dim(1).detach(); // [n, 1]; a constant shift has zero gradient
    softmax_naive(x - row_max)
}

/// Step 3, 定义模型: ŷ = softmax(XW + b), with each image flattened to a row of 784 pixels.
impl Net<Tensor<4>> for SoftmaxScratch {
    fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        let x = x.flatten::<2>(1, 3); // [n, 784]
        softmax(x.matmul(self.w.val()) + self.b.val().unsqueeze::<2>()) // [n, 10]
    }
}

// Step 4, 定义损失函数: −log ŷ[range(n), y], picked by gather (later chapters:
// `nn::loss::cross_entropy`).

/// Cross-entropy from probabilities: −log ŷ[i, yᵢ], picked by fancy indexing (d2l-zh 3.6).
///
/// `y_hat` is `[n, q]` with rows that sum to one; `y` holds the `n` class indices. Returns one
/// loss per example. A probability of exactly 0 gives +∞, as in the book.
pub fn cross_entropy(y_hat: Tensor<2>, y: Tensor<1, Int>) -> Tensor<1> {
    let [n] = y.dims();
    // ŷ[range(n), y]: gather picks column yᵢ of row i.
    let picked = y_hat.gather(1, y.reshape([n, 1])); // [n, 1]
    picked.log().neg().reshape([n])
}

// Step 5, 分类精度: the count of argmax ŷ = y (later chapters: `nn::metrics::accuracy`), and its
// fraction over a data set, `evaluate_accuracy` in `training.rs` with the loop.

/// The number of correct predictions: argmax ŷᵢ = yᵢ (d2l-zh 3.6 `accuracy`).
///
/// Like the book, this is a count, not a fraction; divide by `n` for the accuracy.
pub fn accuracy(y_hat: Tensor<2>, y: Tensor<1, Int>) -> usize {
    correct_predictions(y_hat, y).into_scalar::<i64>() as usize
}

/// The same count as [`accuracy`], left on the device as a one-element tensor.
///
/// A training loop adds these up and reads the total once per epoch: reading a number back
/// makes the host wait for a GPU to finish, and doing that every minibatch keeps the GPU idle
/// between batches.
pub fn correct_predictions(y_hat: Tensor<2>, y: Tensor<1, Int>) -> Tensor<1, Int> {
    let [n] = y.dims();
    let predicted = y_hat.argmax(1).reshape([n]); // [n] class indices
    predicted.equal(y).int().sum()
}

pub use super::training::evaluate_accuracy;

/// Step 6, 训练: the book's `updater`, minibatch SGD on W and b with learning rate `lr`.
///
/// The losses are summed before `backward`, and `sgd` divides by the batch size.
pub fn updater(lr: f64) -> impl FnMut(&mut SoftmaxScratch, Tensor<1>) {
    move |net, losses| {
        let batch_size = losses.dims()[0];
        let grads = losses.sum().backward();
        net.w = net.w.clone().map(|w| sgd(w, &grads, lr, batch_size));
        net.b = net.b.clone().map(|b| sgd(b, &grads, lr, batch_size));
    }
}

/// Step 6 continued, and step 7, 预测: `train_ch3` and `predict_ch3`, in `training.rs`, which
/// every classifier after this section runs.
pub use super::training::{predict_ch3, train_ch3};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;
    use burn::tensor::Int;

    #[test]
    fn cross_entropy_gradient_is_softmax_minus_one_hot() {
        // ∂/∂o of mean_i −log softmax(o)ᵢ,yᵢ = (softmax(o) − one_hot(y)) / n.
        let device = cpu().autodiff();
        let logits = [[0.5f32, -1.0, 2.0], [1.0, 0.0, -0.5]];
        let o = Tensor::<2>::from_data(logits, &device).require_grad();
        let y = Tensor::<1, Int>::from_data([2, 0], &device);
        let grads = cross_entropy(softmax(o.clone()), y).mean().backward();
        let autograd: Vec<f32> = o.grad(&grads).unwrap().try_into_vec_as().unwrap();

        let expected: Vec<f32> = logits
            .iter()
            .zip([2usize, 0])
            .flat_map(|(row, label)| {
                let z: f32 = row.iter().map(|v| v.exp()).sum();
                (0..3).map(move |j| (row[j].exp() / z - if j == label { 1.0 } else { 0.0 }) / 2.0)
            })
            .collect();
        for (a, e) in autograd.iter().zip(&expected) {
            assert!((a - e).abs() < 1e-5, "{autograd:?} vs {expected:?}");
        }
    }

    #[test]
    fn an_update_moves_both_parameters_and_keeps_them_trainable() {
        let mut net = init_params(0, &cpu());
        let x = Tensor::<4>::ones([2, 1, 28, 28], &cpu());
        let y = Tensor::<1, Int>::from_data([3, 7], &cpu());
        let before = net.b.val().inner().try_into_vec_as::<f32>().unwrap();
        let losses = cross_entropy(net.forward(x.clone()), y.clone());
        updater(0.1)(&mut net, losses);
        let after = net.b.val().inner().try_into_vec_as::<f32>().unwrap();
        assert_ne!(before, after);
        // The next step must find gradients again (the update left the old graph).
        let grads = cross_entropy(net.forward(x), y).sum().backward();
        assert!(net.w.val().grad(&grads).is_some() && net.b.val().grad(&grads).is_some());
    }

    #[test]
    fn net_maps_images_to_probability_rows() {
        let net = init_params(0, &cpu());
        let x = Tensor::<4>::ones([3, 1, 28, 28], &cpu());
        let y_hat = net.valid().forward(x);
        assert_eq!(y_hat.dims(), [3, 10]);
        let sums: Vec<f32> = y_hat.sum_dim(1).try_into_vec_as().unwrap();
        assert!(sums.iter().all(|s| (s - 1.0).abs() < 1e-5), "{sums:?}");
    }
}
