//! d2l-zh 4.8, numerical stability, as a notebook: `notebooks/4.8-numerical-stability.ipynb` is
//! generated from this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example stability`.

// %% [markdown]
// # 4.8 数值稳定性和模型初始化 / Numerical stability and initialisation
//
// 深层网络的梯度是许多矩阵与导数的乘积。因子普遍小于 1 时乘积消失,普遍大于 1 时乘积爆炸。
// 源码在 `src/chapters/stability.rs`,`d2l stability` 做同样的事。
//
// A deep network's gradient is a product of many matrices and derivatives. When the factors are
// mostly below 1 the product vanishes; when mostly above 1, it explodes. The code is in
// `src/chapters/stability.rs`; `d2l stability` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::activations::{activation_curves, grid};
use d2l::chapters::stability::exploding_product;
use d2l::plot::notebook::show_figure;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 梯度消失 / Vanishing gradients
    //
    // sigmoid 的导数最大只有 0.25(在 0 处),输入稍大或稍小就几乎为 0:许多层的这种因子相乘,
    // 梯度就没了。这是 ReLU 成为默认选择的原因之一。
    //
    // Sigmoid's derivative is 0.25 at most (at 0) and nearly 0 for inputs a little away from it:
    // many layers of such factors multiply the gradient away. That is one reason ReLU became the
    // default.

    // %%
    let device = d2l::device::cpu();
    let sigmoid = activation_curves(&grid(), &device)
        .into_iter()
        .find(|c| c.name == "sigmoid")
        .expect("sigmoid is one of the activations");
    let largest = sigmoid.gradient.iter().copied().fold(0.0, f64::max);
    println!(
        "sigmoid'(x): at most {largest:.2}, {:.1e} at x = -8",
        sigmoid.gradient[0]
    );
    println!(
        "0.25 to the power 20 (20 layers at best): {:.1e}",
        0.25f64.powi(20)
    );
    show_figure("stability", &sigmoid.chart())?;

    // %% [markdown]
    // ## 梯度爆炸 / Exploding gradients
    //
    // 一个元素取自 N(0, 1) 的 4 × 4 矩阵,再乘上 100 个这样的矩阵:元素的量级涨到 1e20 以上,
    // 这样的梯度无法用来训练。
    //
    // A 4 × 4 matrix of N(0, 1) entries, multiplied by 100 more of them: the entries grow past
    // 1e20, and gradients like that cannot train anything.

    // %%
    let explosion = exploding_product(100, 42, &device);
    let rows: Vec<String> = explosion
        .product
        .chunks(4)
        .map(|row| {
            let cells: Vec<String> = row.iter().map(|v| format!("{v:>11.4e}")).collect();
            format!("[{}]", cells.join(", "))
        })
        .collect();
    println!("after {} factors:\n{}", explosion.factors, rows.join("\n"));

    // %% [markdown]
    // ## 初始化 / Initialisation
    //
    // Xavier 初始化让每层输出和梯度的方差保持不变:权重方差取 2 / (n_in + n_out)。
    // 5.2 的笔记本里有它的用法。
    //
    // Xavier initialisation keeps the variance of each layer's outputs and gradients steady by
    // drawing weights with variance 2 / (n_in + n_out). The 5.2 notebook shows it in use.

    // %%
    let (n_in, n_out) = (784.0f64, 256.0f64);
    println!(
        "Xavier for 784 -> 256: variance {:.5}, uniform on ±{:.4}",
        2.0 / (n_in + n_out),
        (6.0 / (n_in + n_out)).sqrt()
    );

    Ok(())
}
