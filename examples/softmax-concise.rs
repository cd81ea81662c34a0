//! d2l-zh 3.7, the concise softmax regression, as a notebook:
//! `notebooks/3.7-softmax-regression-concise.ipynb` is generated from this file (see
//! `tests/notebooks.rs`); run it as a program with `cargo run --release --example
//! softmax-concise`.

// %% [markdown]
// # 3.7 softmax 回归的简洁实现 / The concise softmax regression
//
// 与 3.6 相同的模型,改用 burn 的 `Linear` 层和 SGD 优化器。损失直接由未规范化的输出(logits)
// 计算:log-sum-exp 里先减去最大值,不会溢出,也不必先算 softmax。源码在
// `src/chapters/softmax_regression/concise.rs`。
//
// The model of 3.6 with burn's `Linear` layer and SGD optimiser. The loss is computed from the
// raw outputs (logits): log-sum-exp with the maximum taken out first, which cannot overflow and
// never forms the softmax itself. The code is in `src/chapters/softmax_regression/concise.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::softmax_regression::concise::{SoftmaxRegression, loss};
use d2l::chapters::tensor::show;
use d2l::data::fashion_mnist::load_fashion_mnist;
use d2l::nn::optim::OptimizerUpdater;
use d2l::plot::curves::ch3_curves;
use d2l::plot::notebook::show_figure;
use d2l::prelude::{Int, Tensor};
use d2l::train::{PrintEpochs, train_ch3};

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 1. 模型 / The model
    //
    // 展平后接一个 `Linear(784, 10)`,权重取自 N(0, 0.01²)。burn 把权重存成 784 × 10(输入在前)。
    //
    // Flatten, then one `Linear(784, 10)` with weights from N(0, 0.01²). burn stores the weight as
    // 784 × 10 (inputs first).

    // %%
    let device = d2l::device::cpu();
    let net = SoftmaxRegression::new(42, &device);
    println!(
        "weight {:?}, bias {:?}",
        net.linear.weight.dims(),
        net.linear.bias.as_ref().map(|b| b.dims())
    );

    // %% [markdown]
    // ## 2. 从 logits 算交叉熵 / Cross-entropy from logits
    //
    // 输出 [100, 0, -100] 时,类别 2 的 softmax 概率 e⁻²⁰⁰ 在 f32 中是 0,先算 softmax 再取对数会
    // 得到 -log 0 = ∞;直接从 logits 算,损失是准确的 100 和 200。
    //
    // With outputs [100, 0, -100], class 2's softmax probability e⁻²⁰⁰ is 0 in f32, so a softmax
    // followed by a log would give -log 0 = ∞; from the logits the losses are exactly 100 and
    // 200.

    // %%
    let logits = Tensor::<2>::from_data([[100.0f32, 0.0, -100.0]], &device);
    let losses: Vec<String> = [1i64, 2]
        .into_iter()
        .map(|label| {
            let y = Tensor::<1, Int>::from_data([label], &device);
            format!(
                "label {label}: loss {}",
                show(&loss(logits.clone(), y).into_data())
            )
        })
        .collect();
    println!("{}", losses.join("\n"));

    // %% [markdown]
    // ## 3. 训练 / Training
    //
    // 批量 256,学习率 0.1,10 轮,与 3.6 相同的 `train_ch3`。
    //
    // Batches of 256, learning rate 0.1, 10 epochs, the same `train_ch3` as in 3.6.

    // %%
    let (train_iter, test_iter) = load_fashion_mnist(256, 42, &device)?;
    // Made again in the cell that trains it: evcxr compiles each cell on its own, and burn's
    // autodiff bookkeeping does not carry gradients from one cell to the next.
    let mut net = SoftmaxRegression::new(42, &device);
    let history = train_ch3(
        &mut net,
        &train_iter,
        &test_iter,
        loss,
        10,
        &mut OptimizerUpdater::sgd(0.1),
        &mut PrintEpochs,
    )?;
    show_figure("softmax-concise", &ch3_curves(&history.epochs))?;

    Ok(())
}
