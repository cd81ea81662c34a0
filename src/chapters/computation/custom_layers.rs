//! d2l-zh 5.4 自定义层: a layer without parameters that centres its input, and a fully
//! connected layer written out with its own parameters.

use burn::module::{Module, Param};
use burn::nn::{Linear, LinearConfig};
use burn::tensor::{Distribution, Tensor};

use crate::chapters::walkthrough::{Step, step};
use crate::device::Device;

/// 5.4.1 不带参数的层: x − mean(x), over every element.
#[derive(Module, Debug, Default)]
pub struct CenteredLayer;

impl CenteredLayer {
    /// X - X.mean().
    pub fn forward<const D: usize>(&self, x: Tensor<D>) -> Tensor<D> {
        let mean = x.clone().mean();
        x - mean.unsqueeze::<D>()
    }
}

/// `nn.Sequential(nn.Linear(8, 128), CenteredLayer())`.
#[derive(Module, Debug)]
pub struct CenteredNet {
    /// `nn.Linear(8, 128)`.
    pub linear: Linear,
    /// Centres the layer's output.
    pub centered: CenteredLayer,
}

impl CenteredNet {
    /// A fresh layer.
    pub fn new(device: &Device) -> Self {
        Self {
            linear: LinearConfig::new(8, 128).init(device),
            centered: CenteredLayer,
        }
    }

    /// centered(linear(x)).
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        self.centered.forward(self.linear.forward(x))
    }
}

/// 5.4.2 带参数的层: relu(x W + b) with W `[in_units, units]` and b `[units]` drawn from
/// N(0, 1), both trained.
#[derive(Module, Debug)]
pub struct MyLinear {
    /// `torch.randn(in_units, units)`.
    pub weight: Param<Tensor<2>>,
    /// `torch.randn(units,)`.
    pub bias: Param<Tensor<1>>,
}

impl MyLinear {
    /// `MyLinear(in_units, units)`.
    pub fn new(in_units: usize, units: usize, device: &Device) -> Self {
        let normal = Distribution::Normal(0.0, 1.0);
        Self {
            weight: Param::from_tensor(Tensor::random([in_units, units], normal, device)),
            bias: Param::from_tensor(Tensor::random([units], normal, device)),
        }
    }

    /// relu(x W + b).
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        let linear = x.matmul(self.weight.val()) + self.bias.val().unsqueeze::<2>();
        linear.clamp_min(0.0)
    }
}

/// The section's examples in order, with `seed` for every random draw.
pub fn walkthrough(seed: u64, device: &Device) -> Vec<Step> {
    device.seed(seed);
    let layer = CenteredLayer;
    let mut steps = vec![step(
        "5.4.1",
        "CenteredLayer()(torch.FloatTensor([1, 2, 3, 4, 5]))",
        "CenteredLayer.forward(Tensor::<1>::from_data([1.0, 2.0, 3.0, 4.0, 5.0], &device))",
        layer
            .forward(Tensor::<1>::from_data([1.0f32, 2.0, 3.0, 4.0, 5.0], device))
            .to_data(),
    )];
    let net = CenteredNet::new(device);
    let y = net.forward(Tensor::random(
        [4, 8],
        Distribution::Uniform(0.0, 1.0),
        device,
    ));
    steps.push(step(
        "5.4.1",
        "net(torch.rand(4, 8)).mean() after Linear(8, 128) + CenteredLayer: zero up to rounding",
        "net.forward(x).mean()",
        y.mean().to_data(),
    ));
    let linear = MyLinear::new(5, 3, device);
    steps.push(step(
        "5.4.2",
        "linear = MyLinear(5, 3); linear.weight",
        "MyLinear::new(5, 3, &device).weight.val()",
        linear.weight.val().to_data(),
    ));
    steps.push(step(
        "5.4.2",
        "linear(torch.rand(2, 5)): relu(X W + b), [2, 3]",
        "linear.forward(x)",
        linear
            .forward(Tensor::random(
                [2, 5],
                Distribution::Uniform(0.0, 1.0),
                device,
            ))
            .to_data(),
    ));
    let (first, second) = (MyLinear::new(64, 8, device), MyLinear::new(8, 1, device));
    let x = Tensor::random([2, 64], Distribution::Uniform(0.0, 1.0), device);
    steps.push(step(
        "5.4.2",
        "nn.Sequential(MyLinear(64, 8), MyLinear(8, 1))(torch.rand(2, 64))",
        "second.forward(first.forward(x))",
        second.forward(first.forward(x)).to_data(),
    ));
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn centering_gives_the_books_values_and_a_zero_mean() {
        let y = CenteredLayer.forward(Tensor::<1>::from_data([1.0f32, 2.0, 3.0, 4.0, 5.0], &cpu()));
        assert_eq!(
            y.try_into_vec_as::<f32>().unwrap(),
            [-2.0, -1.0, 0.0, 1.0, 2.0]
        );
        let net = CenteredNet::new(&cpu());
        let x = Tensor::random([4, 8], Distribution::Uniform(0.0, 1.0), &cpu());
        let mean: f32 = net.forward(x).mean().into_scalar();
        assert!(mean.abs() < 1e-6, "{mean}");
        assert_eq!(CenteredLayer.num_params(), 0);
    }

    #[test]
    fn my_linear_is_relu_of_an_affine_map_and_trains() {
        let device = cpu().autodiff();
        let layer = MyLinear::new(5, 3, &device);
        assert_eq!(layer.num_params(), 5 * 3 + 3);
        let x = Tensor::<2>::random([2, 5], Distribution::Normal(0.0, 1.0), &device);
        let y = layer.forward(x.clone());
        let by_hand =
            (x.matmul(layer.weight.val()) + layer.bias.val().unsqueeze::<2>()).clamp_min(0.0);
        let d: f32 = (y.clone() - by_hand).abs().max().into_scalar();
        assert_eq!(d, 0.0);
        assert!(y.inner().min().into_scalar::<f32>() >= 0.0);
        let grads = layer
            .forward(Tensor::ones([1, 5], &device))
            .sum()
            .backward();
        assert!(layer.weight.val().grad(&grads).is_some());
    }
}
