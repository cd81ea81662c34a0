//! d2l-zh 3.3 线性回归的简洁实现: the same model with burn's building blocks.
//!
//! `nn.Linear(2, 1)` becomes burn's [`Linear`], `nn.MSELoss()` becomes [`MseLoss`] and
//! `torch.optim.SGD` becomes burn's `Sgd`; the data come from [`load_array`].

use std::time::Instant;

use burn::nn::Linear;
use burn::nn::loss::{MseLoss, Reduction};
use burn::optim::{GradientsParams, SgdConfig};
use burn::tensor::Tensor;

use super::{LinregConfig, LinregReport, check_finite};
use crate::data::{load_array, synthetic_data};
use crate::error::Result;
use crate::nn::layers::linear_normal;

/// Trains `Linear(n, 1)` with mean squared error and SGD; `on_epoch(epoch, loss)` after each
/// epoch, with the loss over all examples (MSE without the ½, as `nn.MSELoss` prints it).
pub fn train(cfg: &LinregConfig, mut on_epoch: impl FnMut(usize, f64)) -> Result<LinregReport> {
    cfg.validate()?;
    let start = Instant::now();
    let data = synthetic_data(&cfg.true_w, cfg.true_b, cfg.examples, cfg.seed, &cfg.device);
    let (features, labels) = data.clone();
    let data_iter = load_array(data, cfg.batch_size, true, cfg.seed.wrapping_add(2));

    // net[0].weight.data.normal_(0, 0.01); net[0].bias.data.fill_(0)
    let mut net: Linear = linear_normal(
        cfg.true_w.len(),
        1,
        0.01,
        cfg.seed.wrapping_add(1),
        &cfg.device,
    );

    let loss = MseLoss::new();
    let mut trainer = SgdConfig::new().init();

    let mut epoch_losses = Vec::with_capacity(cfg.epochs);
    for epoch in 1..=cfg.epochs {
        for (x, y) in data_iter.iter() {
            let l = loss.forward(net.forward(x), y, Reduction::Mean);
            let grads = GradientsParams::from_grads(l.backward(), &net);
            net = trainer.step(cfg.lr, net, grads);
        }
        let l = loss.forward(
            net.forward(features.clone()),
            labels.clone(),
            Reduction::Mean,
        );
        let l = l.inner().into_scalar::<f32>() as f64;
        check_finite(epoch, l)?;
        on_epoch(epoch, l);
        epoch_losses.push(l);
    }

    let loss_value = match epoch_losses.last() {
        Some(l) => *l,
        None => {
            let l: Tensor<1> = loss.forward(net.forward(features), labels, Reduction::Mean);
            l.inner().into_scalar::<f32>() as f64
        }
    };
    let w: Vec<f32> = net
        .weight
        .val()
        .inner()
        .try_into_vec_as()
        .expect("w should hold f32");
    let b = net
        .bias
        .as_ref()
        .map_or(0.0, |b| b.val().inner().into_scalar::<f32>() as f64);
    let estimate = (w.into_iter().map(f64::from).collect(), b);
    Ok(LinregReport::new(
        "concise",
        cfg,
        epoch_losses,
        loss_value,
        estimate,
        start.elapsed().as_secs_f64(),
    ))
}
