//! d2l-zh 3.3 线性回归的简洁实现: the same model with burn's building blocks.
//!
//! `nn.Linear(2, 1)` becomes burn's [`Linear`], `nn.MSELoss()` becomes [`MseLoss`] and
//! `torch.optim.SGD` becomes burn's `Sgd`; the data come from [`load_array`]. `cfg.loss` swaps
//! the loss for L1 or Huber's, to see how each copes with outliers.

use std::time::Instant;

use burn::nn::Linear;
use burn::nn::loss::MseLoss;
use burn::optim::{GradientsParams, SgdConfig};
use burn::tensor::Tensor;

use super::{LinregConfig, LinregReport, check_finite};
use crate::data::load_array;
use crate::error::Result;
use crate::nn::layers::linear_normal;
use crate::nn::loss::{Reduction, RegressionLoss};

/// Trains `Linear(n, 1)` with SGD and `cfg.loss`; `on_epoch(epoch, loss)` after each epoch, with
/// the loss over all examples (for MSE without the ½, as `nn.MSELoss` prints it).
pub fn train(cfg: &LinregConfig, mut on_epoch: impl FnMut(usize, f64)) -> Result<LinregReport> {
    cfg.validate()?;
    let start = Instant::now();
    let data = cfg.data();
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
    let loss = |y_hat: Tensor<2>, y: Tensor<2>| -> Tensor<1> {
        match cfg.loss {
            // loss = nn.MSELoss()
            RegressionLoss::Mse => {
                MseLoss::new().forward(y_hat, y, burn::nn::loss::Reduction::Mean)
            }
            other => other.forward(y_hat, y, Reduction::Mean),
        }
    };
    // trainer = torch.optim.SGD(net.parameters(), lr=0.03)
    let mut trainer = SgdConfig::new().init();

    let mut epoch_losses = Vec::with_capacity(cfg.epochs);
    for epoch in 1..=cfg.epochs {
        for (x, y) in data_iter.iter() {
            let l = loss(net.forward(x), y);
            let grads = GradientsParams::from_grads(l.backward(), &net);
            net = trainer.step(cfg.lr, net, grads);
        }
        let l = loss(net.forward(features.clone()), labels.clone())
            .inner()
            .into_scalar::<f32>() as f64;
        check_finite(epoch, l)?;
        on_epoch(epoch, l);
        epoch_losses.push(l);
    }

    let final_loss = match epoch_losses.last() {
        Some(l) => *l,
        None => loss(net.forward(features), labels)
            .inner()
            .into_scalar::<f32>() as f64,
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
        final_loss,
        estimate,
        crate::device::describe(&cfg.device),
        start.elapsed().as_secs_f64(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robust_losses_shrug_off_outliers_that_pull_mse_away() {
        let run = |loss| {
            let cfg = LinregConfig {
                loss,
                outliers: 0.05,
                epochs: 5,
                ..LinregConfig::default()
            };
            let report = train(&cfg, |_, _| {}).unwrap();
            report
                .w_error
                .iter()
                .map(|e| e.abs())
                .fold(report.b_error.abs(), f64::max)
        };
        let mse = run(RegressionLoss::Mse);
        let l1 = run(RegressionLoss::L1);
        let huber = run(RegressionLoss::Huber { delta: 1.0 });
        assert!(
            l1 < mse && huber < mse,
            "largest error: mse {mse}, l1 {l1}, huber {huber}"
        );
        assert!(huber < 0.05, "huber {huber}");
    }
}
