//! d2l-zh 4.2 多层感知机的从零开始实现: a multilayer perceptron by hand.
//!
//! The section's steps, in its order: initialise the parameters (初始化模型参数), the activation
//! function (激活函数), the model (模型), the loss (损失函数) and training (训练).

use burn::module::{Module, Param};
use burn::tensor::{Int, Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Normal};

use crate::device::Device;
use crate::train::Net;

/// One hidden layer: W1 `[784, h]`, b1 `[h]`, W2 `[h, 10]`, b2 `[10]`.
#[derive(Module, Debug)]
pub struct MlpScratch {
    /// Input to hidden weights.
    pub w1: Param<Tensor<2>>,
    /// Hidden bias.
    pub b1: Param<Tensor<1>>,
    /// Hidden to output weights.
    pub w2: Param<Tensor<2>>,
    /// Output bias.
    pub b2: Param<Tensor<1>>,
}

/// Step 1, 初始化模型参数: every weight ~ N(0, 0.01²), every bias 0, all tracked by autograd.
///
/// Small random weights break the symmetry between hidden units: with equal weights every unit
/// would compute, and learn, the same thing.
pub fn init_params(
    num_inputs: usize,
    num_hiddens: usize,
    num_outputs: usize,
    seed: u64,
    device: &Device,
) -> MlpScratch {
    let mut rng = StdRng::seed_from_u64(seed);
    let normal = Normal::new(0.0f32, 0.01).expect("N(0, 0.01²) should be valid");
    let device = device.clone().autodiff();
    let mut weights = |rows: usize, cols: usize| {
        let values: Vec<f32> = (0..rows * cols).map(|_| normal.sample(&mut rng)).collect();
        Param::from_tensor(Tensor::<2>::from_data(
            TensorData::new(values, [rows, cols]),
            &device,
        ))
    };
    let (w1, w2) = (
        weights(num_inputs, num_hiddens),
        weights(num_hiddens, num_outputs),
    );
    MlpScratch {
        w1,
        b1: Param::from_tensor(Tensor::zeros([num_hiddens], &device)),
        w2,
        b2: Param::from_tensor(Tensor::zeros([num_outputs], &device)),
    }
}

/// Step 2, 激活函数: ReLU(x) = max(x, 0), element by element. The book compares with a tensor
/// of zeros (`torch.max(X, a)`); `clamp_min(0)` is the same maximum against the constant 0,
/// without building that tensor and its gradient mask on every minibatch.
pub fn relu<const D: usize>(x: Tensor<D>) -> Tensor<D> {
    x.clamp_min(0.0)
}

/// Step 3, 模型: H = ReLU(XW1 + b1), O = HW2 + b2; the output is logits.
impl Net<Tensor<4>> for MlpScratch {
    fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        let x = x.flatten::<2>(1, 3); // [n, 784]
        let h = relu(x.matmul(self.w1.val()) + self.b1.val().unsqueeze::<2>()); // [n, h]
        h.matmul(self.w2.val()) + self.b2.val().unsqueeze::<2>() // [n, 10]
    }
}

/// Step 4, 损失函数: cross-entropy from the logits, one loss per example
/// (`nn.CrossEntropyLoss(reduction='none')`), computed stably with log-sum-exp.
pub fn loss(logits: Tensor<2>, y: Tensor<1, Int>) -> Tensor<1> {
    crate::nn::loss::cross_entropy_logits(logits, y)
}

/// Step 5, 训练: `train_ch3` with minibatch SGD (`torch.optim.SGD(params, lr=lr)`), see
/// [`super::run`].
pub use crate::train::train_ch3;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn relu_keeps_positives_and_zeroes_the_rest() {
        let x = Tensor::<1>::from_data([-2.0f32, -0.0, 0.5, 3.0], &cpu());
        let y: Vec<f32> = relu(x).try_into_vec_as().unwrap();
        assert_eq!(y, [0.0, 0.0, 0.5, 3.0]);
    }

    /// Guards the patched burn-flex `mask_fill` (patches/burn-flex/PATCH.md): the in-place,
    /// branch-free select must give exactly max(x, 0), on a tensor long enough for SIMD.
    #[test]
    fn clamp_min_equals_max_with_zero_elementwise() {
        use rand::RngExt;
        let mut rng = StdRng::seed_from_u64(7);
        let values: Vec<f32> = (0..100_003)
            .map(|_| rng.random::<f32>() * 2.0 - 1.0)
            .collect();
        let x = Tensor::<1>::from_data(TensorData::new(values.clone(), [values.len()]), &cpu());
        let y: Vec<f32> = relu(x).try_into_vec_as().unwrap();
        let expected: Vec<f32> = values.iter().map(|v| v.max(0.0)).collect();
        assert_eq!(y, expected);
        // And through autodiff: the gradient is the step function.
        let device = cpu().autodiff();
        let x = Tensor::<1>::from_data(TensorData::new(values.clone(), [values.len()]), &device)
            .require_grad();
        let grads = relu(x.clone()).sum().backward();
        let grad: Vec<f32> = x.grad(&grads).unwrap().try_into_vec_as().unwrap();
        let step: Vec<f32> = values.iter().map(|&v| f32::from(v > 0.0)).collect();
        assert_eq!(grad, step);
    }

    #[test]
    fn the_model_maps_images_to_ten_logits() {
        let net = init_params(784, 256, 10, 0, &cpu());
        assert_eq!(net.w1.val().dims(), [784, 256]);
        assert_eq!(net.num_params(), 784 * 256 + 256 + 256 * 10 + 10);
        let logits = net
            .valid()
            .forward(Tensor::<4>::ones([3, 1, 28, 28], &cpu()));
        assert_eq!(logits.dims(), [3, 10]);
    }
}
