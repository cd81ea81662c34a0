//! d2l-zh 3.3, concise linear regression, as a notebook:
//! `notebooks/3.3-linear-regression-concise.ipynb` is generated from this file (see
//! `tests/notebooks.rs`); run it as a program with `cargo run --release --example linreg-concise`.

// %% [markdown]
// # 3.3 线性回归的简洁实现 / Linear regression, concisely
//
// 与 3.2 相同的数据和模型,这次用 burn 的组件:`load_array` 读小批量,`Linear(2, 1)` 是模型,
// 均方误差是损失,burn 的 `Sgd` 更新参数。最后与最小二乘的解析解比较。源码在
// `src/chapters/linear_regression/concise.rs` 和 `closed_form.rs`,`d2l linreg --impl concise`
// 与 `--impl closed-form` 做同样的事。
//
// The same data and model as in 3.2, this time with burn's parts: `load_array` hands out
// minibatches, `Linear(2, 1)` is the model, the mean squared error the loss, and burn's `Sgd`
// updates the parameters. At the end, the least-squares solution in closed form for comparison.
// The code is in `src/chapters/linear_regression/concise.rs` and `closed_form.rs`;
// `d2l linreg --impl concise` and `--impl closed-form` do the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::linear_regression::{LinregConfig, closed_form, concise};
use d2l::chapters::tensor::show;
use d2l::data::load_array;
use d2l::nn::layers::linear_normal;
use d2l::train::PrintEpochs;

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 数据与小批量 / Data and minibatches
    //
    // 书中的设置:1000 个样本,真实参数 w = [2, −3.4]、b = 4.2,批量大小 10,学习率 0.03,3 轮。
    // `load_array` 每轮打乱顺序。
    //
    // The book's settings: 1000 examples, true w = [2, −3.4] and b = 4.2, batches of 10, learning
    // rate 0.03, 3 epochs. `load_array` shuffles every pass.

    // %%
    let cfg = LinregConfig::default();
    let (features, labels) = cfg.data();
    let data_iter = load_array((features, labels), cfg.batch_size, true, 44);
    let (x, y) = data_iter
        .iter()
        .next()
        .expect("1000 examples fill 100 batches");
    println!("X = {}", show(&x.into_data()));
    println!("y = {}", show(&y.into_data()));

    // %% [markdown]
    // ## 模型 / The model
    //
    // `Linear(2, 1)`:权重取自 N(0, 0.01²),偏置为 0,与书中 `net[0].weight.data.normal_(0, 0.01)`
    // 相同。
    //
    // `Linear(2, 1)` with weights from N(0, 0.01²) and a zero bias, as the book's
    // `net[0].weight.data.normal_(0, 0.01)`.

    // %%
    let net = linear_normal(2, 1, 0.01, 43, &cfg.device);
    println!("weight: {}", show(&net.weight.val().into_data()));

    // %% [markdown]
    // ## 训练 / Training
    //
    // 每轮:对每个小批量求损失、反向传播、用 `Sgd` 走一步;轮末打印全部样本上的均方误差。
    //
    // Each epoch: for each minibatch, the loss, its gradient and one `Sgd` step; at the end of
    // the epoch, the mean squared error over all examples.

    // %%
    let report = concise::train(&cfg, &mut PrintEpochs)?;
    println!(
        "w = [{:.4}, {:.4}], b = {:.4}",
        report.w[0], report.w[1], report.b
    );
    println!(
        "error in estimating w: [{:.6}, {:.6}], b: {:.6}",
        report.w_error[0], report.w_error[1], report.b_error
    );

    // %% [markdown]
    // ## 解析解 / The closed form
    //
    // 在 X 后面加一列 1,偏置就成了又一个权重;w* = argmin ‖Xw − y‖²。书中写作
    // w* = (XᵀX)⁻¹Xᵀy,这里用 QR 分解求同一个解,不需要构造 XᵀX。
    //
    // With a column of ones appended to X the bias is one more weight, and
    // w* = argmin ‖Xw − y‖². The book writes w* = (XᵀX)⁻¹Xᵀy; here a QR decomposition finds the
    // same solution without forming XᵀX.

    // %%
    let exact = closed_form::solve(&cfg)?;
    // `loss` is the scratch version's ½(ŷ − y)² averaged; twice that is the MSE printed above.
    println!(
        "w* = [{:.4}, {:.4}], b* = {:.4}, mean squared error {:.6}",
        exact.w[0],
        exact.w[1],
        exact.b,
        2.0 * exact.loss
    );

    Ok(())
}
