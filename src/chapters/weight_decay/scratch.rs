//! d2l-zh 4.5.2 从零开始实现: the L2 penalty written into the loss.

use burn::module::{Module, Param};
use burn::tensor::{Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Normal};

use crate::device::Device;
use crate::nn::optim::sgd;
use crate::train::Net;

/// w `[num_inputs, 1]` and b `[1]`.
#[derive(Module, Debug)]
pub struct LinearModel {
    /// The weights.
    pub w: Param<Tensor<2>>,
    /// The bias.
    pub b: Param<Tensor<1>>,
}

/// `net = lambda X: d2l.linreg(X, w, b)`: ŷ = Xw + b, as in 3.2.
impl Net<Tensor<2>> for LinearModel {
    fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        x.matmul(self.w.val()) + self.b.val().unsqueeze::<2>()
    }
}

/// 初始化模型参数: w ~ N(0, 1) (large on purpose: there is something to decay), b = 0.
pub fn init_params(num_inputs: usize, seed: u64, device: &Device) -> LinearModel {
    let mut rng = StdRng::seed_from_u64(seed);
    let normal = Normal::new(0.0f32, 1.0).expect("N(0, 1) should be valid");
    let w: Vec<f32> = (0..num_inputs).map(|_| normal.sample(&mut rng)).collect();
    let device = device.clone().autodiff();
    LinearModel {
        w: Param::from_tensor(Tensor::from_data(
            TensorData::new(w, [num_inputs, 1]),
            &device,
        )),
        b: Param::from_tensor(Tensor::zeros([1], &device)),
    }
}

/// 定义L2范数惩罚: ‖w‖² / 2.
pub fn l2_penalty(w: Tensor<2>) -> Tensor<1> {
    w.square().sum().div_scalar(2.0)
}

/// 训练: `l = loss(net(X), y) + lambd * l2_penalty(w)`, summed, then the book's `sgd` on w and b.
///
/// The loop hands over the plain squared losses (what it reports); the penalty joins them here,
/// where the gradient is taken.
pub fn updater(lr: f64, lambd: f64) -> impl FnMut(&mut LinearModel, Tensor<1>) {
    move |net, losses| {
        let batch_size = losses.dims()[0];
        let penalty = l2_penalty(net.w.val()).mul_scalar(lambd); // [1], broadcast to each example
        let grads = (losses + penalty).sum().backward();
        net.w = net.w.clone().map(|w| sgd(w, &grads, lr, batch_size));
        net.b = net.b.clone().map(|b| sgd(b, &grads, lr, batch_size));
    }
}
