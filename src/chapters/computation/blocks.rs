//! d2l-zh 5.1 层和块: a block is anything with parameters and a forward pass (in burn, a struct
//! that derives `Module`), and blocks nest: a layer, a group of layers and a whole model are all
//! blocks.

use burn::module::Module;
use burn::nn::{Linear, LinearConfig, Relu};
use burn::tensor::{Distribution, Tensor};

use crate::chapters::walkthrough::{Step, step};
use crate::device::Device;

/// 5.1.1 自定义块: the 20-256-10 MLP as a block of its own; `forward` says how the input flows.
#[derive(Module, Debug)]
pub struct Mlp {
    /// `nn.Linear(20, 256)`.
    pub hidden: Linear,
    /// `nn.Linear(256, 10)`.
    pub out: Linear,
}

impl Mlp {
    /// Both layers with burn's default initialisation (as PyTorch's, Kaiming-uniform).
    pub fn new(device: &Device) -> Self {
        Self {
            hidden: LinearConfig::new(20, 256).init(device),
            out: LinearConfig::new(256, 10).init(device),
        }
    }

    /// out(relu(hidden(x))).
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        self.out
            .forward(Relu::new().forward(self.hidden.forward(x)))
    }
}

/// One entry of [`MySequential`]: burn's modules derive for enums too, so a list of different
/// layers is a list of one enum.
#[derive(Module, Debug)]
pub enum Layer {
    /// A fully connected layer.
    Linear(Linear),
    /// max(x, 0).
    Relu(Relu),
}

impl Layer {
    /// The layer's own forward pass.
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        match self {
            Layer::Linear(linear) => linear.forward(x),
            Layer::Relu(relu) => relu.forward(x),
        }
    }
}

/// 5.1.2 顺序块: `nn.Sequential` by hand, the blocks in a list, each output the next input.
#[derive(Module, Debug)]
pub struct MySequential {
    /// The blocks, in order (`self._modules` in the book).
    pub blocks: Vec<Layer>,
}

impl MySequential {
    /// `MySequential(*args)`.
    pub fn new(blocks: Vec<Layer>) -> Self {
        Self { blocks }
    }

    /// Each block in turn.
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        self.blocks.iter().fold(x, |x, block| block.forward(x))
    }
}

/// 5.1.3 在前向传播函数中执行代码: a constant (not trained) weight, one layer used twice, and a
/// loop in `forward`.
#[derive(Module, Debug)]
pub struct FixedHiddenMlp {
    /// `torch.rand((20, 20), requires_grad=False)`: skipped by the module, so no optimizer and
    /// no checkpoint sees it.
    #[module(skip)]
    pub rand_weight: Tensor<2>,
    /// `nn.Linear(20, 20)`, applied twice: both uses share its parameters.
    pub linear: Linear,
}

impl FixedHiddenMlp {
    /// A random constant weight in U(0, 1) and a fresh layer.
    pub fn new(device: &Device) -> Self {
        Self {
            rand_weight: Tensor::random([20, 20], Distribution::Uniform(0.0, 1.0), device),
            linear: LinearConfig::new(20, 20).init(device),
        }
    }

    /// linear, relu(x W + 1), the same linear again, then halve until ‖x‖₁ ≤ 1 and sum.
    pub fn forward(&self, x: Tensor<2>) -> Tensor<1> {
        let x = self.linear.forward(x);
        let x = Relu::new().forward(x.matmul(self.rand_weight.clone()) + 1.0);
        let mut x = self.linear.forward(x);
        // Control flow on values: Python's `while X.abs().sum() > 1` reads a number back.
        while x.clone().abs().sum().into_scalar::<f32>() > 1.0 {
            x = x / 2.0;
        }
        x.sum()
    }
}

/// 5.1.3's nested block: a sequential part and a layer after it.
#[derive(Module, Debug)]
pub struct NestMlp {
    /// `nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())`.
    pub net: MySequential,
    /// `nn.Linear(32, 16)`.
    pub linear: Linear,
}

impl NestMlp {
    /// Fresh layers.
    pub fn new(device: &Device) -> Self {
        Self {
            net: MySequential::new(vec![
                Layer::Linear(LinearConfig::new(20, 64).init(device)),
                Layer::Relu(Relu::new()),
                Layer::Linear(LinearConfig::new(64, 32).init(device)),
                Layer::Relu(Relu::new()),
            ]),
            linear: LinearConfig::new(32, 16).init(device),
        }
    }

    /// linear(net(x)).
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        self.linear.forward(self.net.forward(x))
    }
}

/// `chimera = nn.Sequential(NestMLP(), nn.Linear(16, 20), FixedHiddenMLP())`: blocks of every
/// kind, nested.
#[derive(Module, Debug)]
pub struct Chimera {
    /// [`NestMlp`].
    pub nest: NestMlp,
    /// `nn.Linear(16, 20)`.
    pub linear: Linear,
    /// [`FixedHiddenMlp`].
    pub fixed: FixedHiddenMlp,
}

impl Chimera {
    /// Fresh blocks.
    pub fn new(device: &Device) -> Self {
        Self {
            nest: NestMlp::new(device),
            linear: LinearConfig::new(16, 20).init(device),
            fixed: FixedHiddenMlp::new(device),
        }
    }

    /// fixed(linear(nest(x))).
    pub fn forward(&self, x: Tensor<2>) -> Tensor<1> {
        self.fixed
            .forward(self.linear.forward(self.nest.forward(x)))
    }
}

/// The section's examples in order, with `seed` for every random draw.
pub fn walkthrough(seed: u64, device: &Device) -> Vec<Step> {
    device.seed(seed);
    let x = Tensor::<2>::random([2, 20], Distribution::Uniform(0.0, 1.0), device);
    let mut steps = vec![step(
        "5.1",
        "X = torch.rand(2, 20)",
        "Tensor::<2>::random([2, 20], Distribution::Uniform(0.0, 1.0), &device)",
        x.to_data(),
    )];
    let net = Mlp::new(device);
    steps.push(step(
        "5.1.1",
        "MLP()(X): the block's forward, [2, 10]",
        "Mlp::new(&device).forward(x.clone())",
        net.forward(x.clone()).to_data(),
    ));
    let seq = MySequential::new(vec![
        Layer::Linear(LinearConfig::new(20, 256).init(device)),
        Layer::Relu(Relu::new()),
        Layer::Linear(LinearConfig::new(256, 10).init(device)),
    ]);
    steps.push(step(
        "5.1.2",
        "MySequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))(X)",
        "MySequential::new(vec![Layer::Linear(..), Layer::Relu(..), Layer::Linear(..)]).forward(x)",
        seq.forward(x.clone()).to_data(),
    ));
    steps.push(step(
        "5.1.3",
        "FixedHiddenMLP()(X): a constant weight, a shared layer and a while loop",
        "FixedHiddenMlp::new(&device).forward(x.clone())",
        FixedHiddenMlp::new(device).forward(x.clone()).to_data(),
    ));
    steps.push(step(
        "5.1.3",
        "chimera(X): NestMLP, a Linear and FixedHiddenMLP nested in one block",
        "Chimera::new(&device).forward(x)",
        Chimera::new(device).forward(x).to_data(),
    ));
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn blocks_give_the_books_shapes_and_the_loop_ends_below_one() {
        let device = cpu();
        let x = Tensor::<2>::random([2, 20], Distribution::Uniform(0.0, 1.0), &device);
        assert_eq!(Mlp::new(&device).forward(x.clone()).dims(), [2, 10]);
        let fixed = FixedHiddenMlp::new(&device);
        // Σ|x| ≤ 1 after the loop, so the sum is in [-1, 1].
        let y = fixed.forward(x.clone()).into_scalar::<f32>();
        assert!(y.abs() <= 1.0, "{y}");
        // The constant is not a parameter: only the shared layer's 20·20 + 20 are.
        assert_eq!(fixed.num_params(), 420);
        assert_eq!(NestMlp::new(&device).forward(x.clone()).dims(), [2, 16]);
        assert!(Chimera::new(&device).forward(x).into_scalar::<f32>().abs() <= 1.0);
    }

    #[test]
    fn my_sequential_equals_calling_the_layers_in_turn() {
        let device = cpu();
        let (a, b) = (
            LinearConfig::new(20, 8).init(&device),
            LinearConfig::new(8, 3).init(&device),
        );
        let x = Tensor::<2>::random([4, 20], Distribution::Normal(0.0, 1.0), &device);
        let by_hand = b.forward(a.forward(x.clone()).clamp_min(0.0));
        let seq = MySequential::new(vec![
            Layer::Linear(a),
            Layer::Relu(Relu::new()),
            Layer::Linear(b),
        ]);
        let d: f32 = (seq.forward(x) - by_hand).abs().max().into_scalar();
        assert_eq!(d, 0.0);
        assert_eq!(seq.num_params(), 20 * 8 + 8 + 8 * 3 + 3);
    }
}
