//! d2l-zh 3.3 线性回归的简洁实现: the same model with burn's building blocks.
//!
//! `nn.Linear(2, 1)` becomes burn's [`Linear`], `nn.MSELoss()` becomes [`MseLoss`] and
//! `torch.optim.SGD` becomes burn's `Sgd`; the data come from [`load_array`]. `cfg.loss` swaps
//! the loss for L1 or Huber's, to see how each copes with outliers.

use std::time::Instant;

use burn::nn::Linear;
use burn::tensor::Tensor;

use super::{LinregConfig, LinregReport};
use crate::data::load_array;
use crate::error::Result;
use crate::nn::layers::linear_normal;
use crate::nn::optim::OptimizerUpdater;
use crate::train::{Observer, evaluate_loss, mean_loss, train_regression};

/// Trains `Linear(n, 1)` with SGD and `cfg.loss`; the observer sees the loss over all examples
/// after each epoch (for MSE without the ½, as `nn.MSELoss` prints it).
pub fn train(cfg: &LinregConfig, observer: &mut impl Observer) -> Result<LinregReport> {
    cfg.validate()?;
    let start = Instant::now();
    let (features, labels) = cfg.data();
    let examples = features.dims()[0];
    // data_iter = load_array((features, labels), batch_size)
    let data_iter = load_array(
        (features.clone(), labels.clone()),
        cfg.batch_size,
        true,
        cfg.seed.wrapping_add(2),
    );
    let whole_set = load_array((features, labels), examples, false, 0);

    // net = nn.Sequential(nn.Linear(2, 1)); net[0].weight.data.normal_(0, 0.01); bias 0
    let mut net: Linear = linear_normal(
        cfg.true_w.len(),
        1,
        0.01,
        cfg.seed.wrapping_add(1),
        &cfg.device,
    );
    // loss = nn.MSELoss(reduction='none'): one loss per example; the optimizer averages them.
    let criterion = cfg.loss;
    let loss = move |y_hat: Tensor<2>, y: Tensor<2>| criterion.per_element(y_hat, y).flatten(0, 1);
    // trainer = torch.optim.SGD(net.parameters(), lr=0.03)
    let mut trainer = OptimizerUpdater::sgd(cfg.lr);
    let history = train_regression(
        &mut net,
        &data_iter,
        &whole_set,
        None,
        loss,
        mean_loss(loss),
        cfg.epochs,
        &mut trainer,
        observer,
    )?;

    let final_loss = match history.last() {
        Some(last) => last.train_loss,
        None => evaluate_loss(&net, &whole_set, &loss),
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
        super::LinregImpl::Concise,
        cfg,
        history.train_losses(),
        final_loss,
        estimate,
        crate::device::describe(&cfg.device),
        start.elapsed().as_secs_f64(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::loss::RegressionLoss;

    #[test]
    fn robust_losses_shrug_off_outliers_that_pull_mse_away() {
        let run = |loss| {
            let cfg = LinregConfig {
                loss,
                outliers: 0.05,
                epochs: 5,
                ..LinregConfig::default()
            };
            let report = train(&cfg, &mut ()).unwrap();
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
