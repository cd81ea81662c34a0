//! d2l-zh 4.4, model selection, underfitting and overfitting, as a notebook:
//! `notebooks/4.4-model-selection.ipynb` is generated from this file (see `tests/notebooks.rs`);
//! run it as a program with `cargo run --release --example polyfit`.

// %% [markdown]
// # 4.4 模型选择、欠拟合和过拟合 / Model selection, underfitting and overfitting
//
// 用多项式回归观察模型容量的影响:同一份数据,特征太少(欠拟合)、恰好(正常)和太多(过拟合)时,
// 训练损失和测试损失如何变化。源码在 `src/chapters/polynomial.rs`。
//
// Polynomial regression shows what a model's capacity does: on one data set, too few
// features (underfitting), the right ones (normal) and too many (overfitting), and how the
// training and test losses move. The code is in `src/chapters/polynomial.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::polynomial::{MAX_DEGREE, PolyConfig, TRUE_W, fit, poly_data};
use d2l::chapters::tensor::show;
use d2l::plot::curves::{Panels, loss_curves};
use d2l::plot::notebook::show_figure;

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 生成数据集 / The data
    //
    // y = 5 + 1.2x − 3.4x²/2! + 5.6x³/3! + ε,ε ~ N(0, 0.1²)。特征是前 20 项 xⁱ/i!(除以 i! 让高次项
    // 不至于太大),其中只有前 4 项有用。训练集和测试集各 100 个样本。
    //
    // y = 5 + 1.2x − 3.4x²/2! + 5.6x³/3! + ε with ε ~ N(0, 0.1²). The features are the first 20
    // terms xⁱ/i! (dividing by i! keeps the high powers in range); only the first 4 matter. 100
    // examples to train on and 100 to test on.

    // %%
    let device = d2l::device::cpu();
    let cfg = PolyConfig::default();
    let data = poly_data(&cfg, &device);
    let (features, labels) = data.clone();
    println!(
        "features {:?} ({MAX_DEGREE} terms), labels {:?}; true weights {TRUE_W:?}",
        features.dims(),
        labels.dims()
    );
    println!(
        "first two examples, first 4 terms: {}",
        show(&features.clone().slice([0..2, 0..4]).into_data())
    );
    println!(
        "their labels: {}",
        show(&labels.clone().slice([0..2, 0..1]).into_data())
    );

    // %% [markdown]
    // ## 三阶多项式(正常) / A cubic (normal)
    //
    // 线性模型(无偏置)用前 4 项,平方损失,SGD,学习率 0.01,批量 10,400 轮。学到的权重应接近
    // [5, 1.2, -3.4, 5.6],测试损失与训练损失相近。
    //
    // A linear model without bias on the first 4 terms, squared loss, SGD with learning rate
    // 0.01, batches of 10, 400 epochs. The weights should come close to [5, 1.2, -3.4, 5.6], and
    // the test loss stay near the training loss.

    // %%
    let normal = fit(
        &cfg,
        &data,
        ("normal".into(), 4, cfg.epochs),
        &device,
        &mut (),
    )?;
    fn rounded(w: &[f64]) -> Vec<String> {
        w.iter().map(|v| format!("{v:.3}")).collect()
    }
    println!("weights: {:?}", rounded(&normal.weights));
    println!(
        "train loss {:.4}, test loss {:.4}",
        normal.train_loss, normal.test_loss
    );

    // %% [markdown]
    // ## 线性函数(欠拟合) / A line (underfitting)
    //
    // 只用前 2 项(1 和 x):模型表达不了三次曲线,训练损失降不下去。
    //
    // Only the first 2 terms (1 and x): the model cannot express a cubic, so even the training
    // loss stays high.

    // %%
    let underfit = fit(
        &cfg,
        &data,
        ("underfit".into(), 2, cfg.epochs),
        &device,
        &mut (),
    )?;
    println!("weights: {:?}", rounded(&underfit.weights));
    println!(
        "train loss {:.4}, test loss {:.4}",
        underfit.train_loss, underfit.test_loss
    );

    // %% [markdown]
    // ## 高阶多项式(过拟合) / Twenty terms (overfitting)
    //
    // 全部 20 项、1500 轮:多出的 16 个权重本应为 0,模型却用它们去拟合 100 个训练样本的噪声。
    //
    // All 20 terms for 1500 epochs: the 16 extra weights should be 0, but the model uses them to
    // follow the noise of its 100 training examples.

    // %%
    let overfit = fit(
        &cfg,
        &data,
        ("overfit".into(), MAX_DEGREE, cfg.overfit_epochs),
        &device,
        &mut (),
    )?;
    println!("weights: {:?}", rounded(&overfit.weights));
    println!(
        "train loss {:.4}, test loss {:.4}",
        overfit.train_loss, overfit.test_loss
    );

    // %% [markdown]
    // ## 损失曲线 / The loss curves
    //
    // 对数纵轴上的训练损失和测试损失,每个模型一张图。
    //
    // Training and test loss on a log axis, one chart per model.

    // %%
    let panels = Panels(
        [&normal, &underfit, &overfit]
            .iter()
            .map(|f| loss_curves(format!("{} ({} terms)", f.name, f.degree), &f.epochs, 20))
            .collect(),
    );
    show_figure("polyfit", &panels)?;

    Ok(())
}
