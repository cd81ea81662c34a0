//! d2l-zh 5.2 参数管理: every parameter by name and shape, one read directly, initialisation by
//! hand, and one layer's parameters shared by two places in the network.
//!
//! burn stores a `Linear` weight as `[in, out]` (y = x W + b), the transpose of PyTorch's
//! `[out, in]`; our checkpoints transpose it back (see `crate::checkpoint`).

use burn::module::{Initializer, Module, ModuleVisitor, Param};
use burn::nn::{Linear, LinearConfig, Relu};
use burn::tensor::{Distribution, Tensor, TensorData};
use std::borrow::Cow;

use crate::chapters::computation::blocks::{Layer, MySequential};
use crate::chapters::walkthrough::{Step, show, step};
use crate::device::Device;

/// `nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))`, each layer initialised by
/// `init`.
pub fn net(init: [Initializer; 2], device: &Device) -> MySequential {
    let [first, last] = init;
    MySequential::new(vec![
        Layer::Linear(LinearConfig::new(4, 8).with_initializer(first).init(device)),
        Layer::Relu(Relu::new()),
        Layer::Linear(LinearConfig::new(8, 1).with_initializer(last).init(device)),
    ])
}

/// Every float parameter of a module as `(name, shape)`, the names joined with dots as
/// PyTorch's `named_parameters()` prints them (`blocks.0.weight`).
pub fn named_parameters<M: Module>(module: &M) -> Vec<(String, Vec<usize>)> {
    struct Names {
        path: Vec<String>,
        found: Vec<(String, Vec<usize>)>,
    }
    impl ModuleVisitor for Names {
        // An enum's variant (`Layer::Linear`) is a level of burn's module tree but not a name
        // PyTorch would show; it is left out.
        fn enter_module(&mut self, name: &str, container_type: &str) {
            if !container_type.starts_with("Enum:") {
                self.path.push(name.to_string());
            }
        }
        fn exit_module(&mut self, _name: &str, container_type: &str) {
            if !container_type.starts_with("Enum:") {
                self.path.pop();
            }
        }
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            let name = self.path.join(".");
            self.found.push((name, param.val().dims().to_vec()));
        }
    }
    let mut names = Names {
        path: Vec::new(),
        found: Vec::new(),
    };
    module.visit(&mut names);
    names.found
}

/// 5.2.2's own rule (自定义初始化): w ~ U(−10, 10), then every |w| < 5 set to 0.
pub fn my_init(linear: Linear) -> Linear {
    let weight = linear.weight.val();
    let device = weight.device();
    let u = Tensor::random(weight.dims(), Distribution::Uniform(-10.0, 10.0), &device);
    let small = u.clone().abs().lower_elem(5.0);
    Linear {
        weight: Param::from_tensor(u.mask_fill(small, 0.0)),
        ..linear
    }
}

/// 5.2.3 参数绑定: the same 8 × 8 layer in the second and third hidden position. In burn a
/// module owns its fields, so sharing means one field used twice in `forward`; autograd then
/// adds up the gradients of both uses.
#[derive(Module, Debug)]
pub struct SharedNet {
    /// `nn.Linear(4, 8)`.
    pub first: Linear,
    /// `shared = nn.Linear(8, 8)`, used twice.
    pub shared: Linear,
    /// `nn.Linear(8, 1)`.
    pub last: Linear,
}

impl SharedNet {
    /// Fresh layers.
    pub fn new(device: &Device) -> Self {
        Self {
            first: LinearConfig::new(4, 8).init(device),
            shared: LinearConfig::new(8, 8).init(device),
            last: LinearConfig::new(8, 1).init(device),
        }
    }

    /// first, relu, shared, relu, shared, relu, last.
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        let relu = |x: Tensor<2>| x.clamp_min(0.0);
        let h = relu(self.first.forward(x));
        let h = relu(self.shared.forward(h));
        let h = relu(self.shared.forward(h));
        self.last.forward(h)
    }
}

/// The gradient of the shared weight, and the sum of the gradients that two separate copies of
/// the layer (same values) receive: autograd adds both uses, so the two are equal.
pub fn shared_gradient(net: &SharedNet, x: Tensor<2>) -> (Tensor<2>, Tensor<2>) {
    let grads = net.forward(x.clone()).sum().backward();
    let shared = net.shared.weight.val().grad(&grads).expect("trained");
    // The same network with two independent copies of the shared layer.
    let copy = |l: &Linear| Linear {
        weight: Param::from_tensor(l.weight.val().inner().autodiff().require_grad()),
        bias: l
            .bias
            .as_ref()
            .map(|b| Param::from_tensor(b.val().inner().autodiff().require_grad())),
    };
    let (a, b) = (copy(&net.shared), copy(&net.shared));
    let relu = |x: Tensor<2>| x.clamp_min(0.0);
    let h = relu(net.first.forward(x));
    let y = net.last.forward(relu(b.forward(relu(a.forward(h)))));
    let grads = y.sum().backward();
    let sum = a.weight.val().grad(&grads).expect("trained")
        + b.weight.val().grad(&grads).expect("trained");
    (shared, sum)
}

/// `net[index]` of [`net`], which is a `Linear` at 0 and 2.
fn linear_at(net: &MySequential, index: usize) -> &Linear {
    match &net.blocks[index] {
        Layer::Linear(linear) => linear,
        Layer::Relu(_) => unreachable!("block {index} of net() is a Linear"),
    }
}

/// The section's examples in order, with `seed` for every random draw.
pub fn walkthrough(seed: u64, device: &Device) -> Vec<Step> {
    device.seed(seed);
    let default = || Initializer::KaimingUniform {
        gain: 1.0 / 3.0f64.sqrt(),
        fan_out_only: false,
    };
    let model = net([default(), default()], device);
    let x = Tensor::<2>::random([2, 4], Distribution::Uniform(0.0, 1.0), device);
    let mut steps = vec![step(
        "5.2",
        "net(X) for X = torch.rand(size=(2, 4))",
        "net.forward(x.clone())",
        model.forward(x.clone()).to_data(),
    )];
    let last = linear_at(&model, 2);
    steps.push(step(
        "5.2.1",
        "net[2].weight: burn keeps it as [in, out] = [8, 1]",
        "net.blocks[2] -> linear.weight.val()",
        last.weight.val().to_data(),
    ));
    steps.push(step(
        "5.2.1",
        "net[2].bias",
        "linear.bias.as_ref().unwrap().val()",
        last.bias.as_ref().expect("bias").val().to_data(),
    ));
    let names: Vec<String> = named_parameters(&model)
        .into_iter()
        .map(|(name, shape)| format!("('{name}', {shape:?})"))
        .collect();
    steps.push(Step {
        section: "5.2.1",
        caption: Cow::Borrowed("[(name, param.shape) for name, param in net.named_parameters()]"),
        code: Cow::Borrowed("named_parameters(&net)"),
        value: names.join("\n"),
    });

    let first_row = |net: &MySequential| {
        let linear = linear_at(net, 0);
        let w = linear.weight.val().slice([0..4, 0..1]).reshape([4]);
        let b = linear.bias.as_ref().expect("bias").val().narrow(0, 0, 1);
        format!("{}, {}", show(&w.to_data()), show(&b.to_data()))
    };
    let normal = net(
        [
            Initializer::Normal {
                mean: 0.0,
                std: 0.01,
            },
            Initializer::Normal {
                mean: 0.0,
                std: 0.01,
            },
        ],
        device,
    );
    steps.push(Step {
        section: "5.2.2",
        caption: Cow::Borrowed("init_normal: N(0, 0.01^2) (burn's initializer draws the bias too; the book zeroes it): net[0] column 0, bias[0]"),
        code: Cow::Borrowed("LinearConfig::new(4, 8).with_initializer(Initializer::Normal { mean: 0.0, std: 0.01 })"),
        value: first_row(&normal),
    });
    let constant = net(
        [
            Initializer::Constant { value: 1.0 },
            Initializer::Constant { value: 1.0 },
        ],
        device,
    );
    steps.push(Step {
        section: "5.2.2",
        caption: Cow::Borrowed("init_constant: every weight and bias 1"),
        code: Cow::Borrowed(
            "LinearConfig::new(4, 8).with_initializer(Initializer::Constant { value: 1.0 })",
        ),
        value: first_row(&constant),
    });
    let mixed = net(
        [
            Initializer::XavierUniform { gain: 1.0 },
            Initializer::Constant { value: 42.0 },
        ],
        device,
    );
    steps.push(Step {
        section: "5.2.2",
        caption: Cow::Borrowed(
            "net[0] Xavier-uniform, net[2] the constant 42: net[0].weight column 0, net[2].weight",
        ),
        code: Cow::Borrowed(
            "Initializer::XavierUniform { gain: 1.0 } / Initializer::Constant { value: 42.0 }",
        ),
        value: format!(
            "{}\n{}",
            show(
                &linear_at(&mixed, 0)
                    .weight
                    .val()
                    .slice([0..4, 0..1])
                    .reshape([4])
                    .to_data()
            ),
            show(&linear_at(&mixed, 2).weight.val().reshape([8]).to_data())
        ),
    });
    let custom = my_init(linear_at(&model, 0).clone());
    steps.push(step(
        "5.2.2",
        "my_init: U(-10, 10), then |w| < 5 set to 0; net[0].weight[:2] (burn's first two rows)",
        "my_init(linear).weight.val().slice([0..2, 0..8])",
        custom.weight.val().slice([0..2, 0..8]).to_data(),
    ));
    let set = {
        let w = linear_at(&model, 0).weight.val() + 1.0;
        let corner = Tensor::<2>::from_data(TensorData::new(vec![42.0f32], [1, 1]), device);
        w.slice_assign([0..1, 0..1], corner)
    };
    steps.push(step(
        "5.2.2",
        "net[0].weight.data[:] += 1; net[0].weight.data[0, 0] = 42; its first row",
        "(weight + 1.0).slice_assign([0..1, 0..1], 42)",
        set.slice([0..1, 0..8]).to_data(),
    ));

    let shared = SharedNet::new(&device.clone().autodiff());
    let x = Tensor::<2>::random(
        [2, 4],
        Distribution::Uniform(0.0, 1.0),
        &device.clone().autodiff(),
    );
    steps.push(Step {
        section: "5.2.3",
        caption: Cow::Borrowed(
            "one Linear(8, 8) used in two places: its parameters are counted once",
        ),
        code: Cow::Borrowed("shared.num_params() (first 40 + shared 72 + last 9)"),
        value: shared.num_params().to_string(),
    });
    let (grad, sum) = shared_gradient(&shared, x);
    steps.push(step(
        "5.2.3",
        "its gradient is the sum of what both uses receive: max |g_shared - (g_use1 + g_use2)|",
        "shared_gradient(&net, x)",
        (grad - sum).abs().max().to_data(),
    ));
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn parameters_are_listed_by_name_and_shape() {
        let model = net(
            [
                Initializer::Constant { value: 1.0 },
                Initializer::Constant { value: 1.0 },
            ],
            &cpu(),
        );
        let names = named_parameters(&model);
        let names: Vec<(&str, &[usize])> = names
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_slice()))
            .collect();
        assert_eq!(
            names,
            [
                ("blocks.0.weight", &[4usize, 8][..]),
                ("blocks.0.bias", &[8][..]),
                ("blocks.2.weight", &[8, 1][..]),
                ("blocks.2.bias", &[1][..]),
            ]
        );
        // Every weight and bias is 1: each output is Σ of 8 ReLU(Σ of 4 inputs + 1) + 1.
        let x = Tensor::<2>::ones([1, 4], &cpu());
        let y: f32 = model.forward(x).into_scalar();
        assert_eq!(y, 8.0 * 5.0 + 1.0);
    }

    #[test]
    fn my_init_leaves_only_large_weights() {
        let linear = LinearConfig::new(40, 50).init(&cpu());
        let w: Vec<f32> = my_init(linear).weight.val().try_into_vec_as().unwrap();
        assert!(
            w.iter()
                .all(|&v| v == 0.0 || (5.0..=10.0).contains(&v.abs()))
        );
        let zeros = w.iter().filter(|&&v| v == 0.0).count() as f64 / w.len() as f64;
        assert!((zeros - 0.5).abs() < 0.06, "{zeros}");
    }

    #[test]
    fn a_shared_layer_counts_once_and_adds_both_gradients() {
        let device = cpu().autodiff();
        let net = SharedNet::new(&device);
        assert_eq!(net.num_params(), 4 * 8 + 8 + 8 * 8 + 8 + 8 + 1);
        let x = Tensor::<2>::random([3, 4], Distribution::Normal(0.0, 1.0), &device);
        let (shared, sum) = shared_gradient(&net, x);
        let worst: f32 = (shared.clone() - sum).abs().max().into_scalar();
        assert!(worst < 1e-6, "{worst}");
        assert!(
            shared.abs().sum().into_scalar::<f32>() > 0.0,
            "the gradient is not zero"
        );
    }
}
