//! The common regression losses, as a notebook: `notebooks/losses.ipynb` is generated from
//! this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example losses`.

// %% [markdown]
// # 损失函数 / Losses: L2, L1 and Huber
//
// 目标 y = 0,预测 y' ∈ [−3, 3]:每种损失 l(y') 画出它本身、它假设的噪声分布 exp(−l)
// (L2 对应高斯,L1 对应拉普拉斯)和它的梯度(自动微分求得)。L2 的梯度随误差增长,离群点会
// 主导训练;L1 的梯度大小恒为 1;Huber 损失在 |y'| ≤ δ 时像 L2,之外像 L1。源码在
// `src/chapters/losses.rs` 和 `src/nn/loss.rs`,`d2l losses` 做同样的事。
//
// Target y = 0, predictions y' in [−3, 3]: each loss l(y') is drawn with the noise distribution
// it assumes, exp(−l) (Gaussian for L2, Laplace for L1), and its gradient, by autograd. L2's
// gradient grows with the error, so outliers dominate training; L1's has size 1 everywhere;
// Huber's loss is L2 within |y'| ≤ δ and L1 outside. The code is in `src/chapters/losses.rs`
// and `src/nn/loss.rs`; `d2l losses` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::losses::{loss_curves, loss_panels};
use d2l::chapters::tensor::show;
use d2l::nn::loss::{Reduction, RegressionLoss};
use d2l::plot::notebook::show_figure;
use d2l::prelude::Tensor;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 逐个元素的损失 / Losses per element
    //
    // `RegressionLoss` 的 `per_element` 给出每个样本的损失,`forward` 再按 `Reduction` 求平均或求和。
    //
    // `per_element` of a `RegressionLoss` gives one loss per example; `forward` then averages or
    // sums them as its `Reduction` says.

    // %%
    let device = d2l::device::cpu();
    let y_hat = Tensor::<1>::from_data([-2.0f32, -0.5, 0.0, 0.5, 2.0], &device);
    let y = y_hat.zeros_like();
    println!("y'                = {}", show(&y_hat.clone().into_data()));
    let losses = [
        RegressionLoss::Squared,
        RegressionLoss::L1,
        RegressionLoss::Huber { delta: 1.0 },
    ];
    let lines: Vec<String> = losses
        .iter()
        .map(|loss| {
            let per_element = loss.per_element(y_hat.clone(), y.clone());
            let mean = loss.forward(y_hat.clone(), y.clone(), Reduction::Mean);
            format!(
                "{:<17} = {}, mean {}",
                loss.name(),
                show(&per_element.into_data()),
                show(&mean.into_data())
            )
        })
        .collect();
    println!("{}", lines.join("\n"));

    // %% [markdown]
    // ## 损失、似然与梯度 / Loss, likelihood and gradient
    //
    // 在 [−3, 3] 上取 61 个点。
    //
    // On 61 points in [−3, 3].

    // %%
    let curves = loss_curves(61, &device);
    let lines: Vec<String> = curves
        .iter()
        .map(|c| {
            let i = c.x.iter().position(|x| (x - 2.0).abs() < 1e-9).unwrap_or(0);
            format!(
                "{:<14} loss(2) = {:.3}, gradient(2) = {:.3}",
                c.name, c.loss[i], c.gradient[i]
            )
        })
        .collect();
    println!("{}", lines.join("\n"));
    show_figure("losses", &loss_panels(&curves))?;

    Ok(())
}
