//! d2l-zh 4.5.3 简洁实现: weight decay inside the optimizer.
//!
//! The book gives PyTorch's SGD two parameter groups, the weight with `weight_decay=wd` and the
//! bias without; burn's `ModuleOptimizer` has parameter groups too (`with_group`).

use burn::module::{Initializer, ParamGroup};
use burn::nn::{Linear, LinearConfig};
use burn::optim::SgdConfig;
use burn::optim::decay::WeightDecayConfig;

use crate::device::Device;
use crate::nn::optim::OptimizerUpdater;

/// `nn.Linear(num_inputs, 1)` with `param.data.normal_()`: weight and bias ~ N(0, 1).
pub fn init(num_inputs: usize, seed: u64, device: &Device) -> Linear {
    let device = device.clone().autodiff();
    device.seed(seed);
    LinearConfig::new(num_inputs, 1)
        .with_initializer(Initializer::Normal {
            mean: 0.0,
            std: 1.0,
        })
        .init(&device)
}

/// `torch.optim.SGD([{"params": net[0].weight, "weight_decay": wd}, {"params": net[0].bias}],
/// lr=lr)`: plain SGD for every parameter, and SGD with decay `wd` for the weight's group.
pub fn trainer(net: &Linear, lr: f64, wd: f64) -> OptimizerUpdater {
    let decayed = SgdConfig::new()
        .with_weight_decay(Some(WeightDecayConfig::new(wd as f32)))
        .build();
    let optimizer = SgdConfig::new().init().with_group(
        ParamGroup::from_ids(vec![net.weight.id]),
        decayed,
        None,
    );
    OptimizerUpdater::new(optimizer, lr)
}
