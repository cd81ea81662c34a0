//! d2l-zh 11.3, gradient descent, as a notebook: `notebooks/11.3-gd.ipynb` is generated from
//! this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example gd`.

// %% [markdown]
// # 11.3 梯度下降 / Gradient descent
//
// 梯度下降沿梯度的反方向走一步:x ← x − η f'(x)。由泰勒展开 f(x − η f'(x)) = f(x) − η f'(x)² + O(η²),
// 只要 η 足够小,f 就会下降。源码在 `src/chapters/optimization/gradient_descent.rs`,
// `d2l gd` 命令做同样的事。
//
// Gradient descent steps against the gradient: x ← x − η f'(x). By Taylor's theorem
// f(x − η f'(x)) = f(x) − η f'(x)² + O(η²), so a small enough η lowers f. The code is in
// `src/chapters/optimization/gradient_descent.rs`; `d2l gd` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::optimization::gradient_descent::{
    Trace, chart_2d, cosh, cosh_grad, cosh_hess, f, f_grad, gd, gd_2d, newton, nonconvex,
    nonconvex_grad, nonconvex_hess,
};
use d2l::plot::curves::Panels;
use d2l::plot::notebook::show_figure;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 学习率 / The learning rate
    //
    // 在 f(x) = x² 上每一步是 x ← (1 − 2η)x,从 x = 10 出发 10 步后 x = 10(1 − 2η)¹⁰:
    // η = 0.2 很快接近 0,η = 0.05 太慢,η = 1.1 来回越过最小值并发散。
    //
    // On f(x) = x² each step is x ← (1 − 2η)x, so after 10 steps from x = 10, x = 10(1 − 2η)¹⁰:
    // η = 0.2 gets close to 0, η = 0.05 is too slow, η = 1.1 overshoots back and forth and
    // diverges.

    // %%
    let mut charts = Vec::new();
    for eta in [0.2, 0.05, 1.1] {
        let run = Trace {
            name: format!("x², η = {eta}"),
            xs: gd(eta, f_grad, 10),
        };
        println!("η = {eta}: epoch 10, x: {:.6}", run.last());
        charts.push(run.chart(f));
    }
    show_figure("gd-learning-rates", &Panels(charts))?;

    // %% [markdown]
    // ## 局部最小值 / Local minima
    //
    // f(x) = x cos(cx),c = 0.15π,有多个局部最小值;η = 2 时梯度下降停在一个较差的局部最小值附近。
    //
    // f(x) = x cos(cx) with c = 0.15π has several local minima; with η = 2 gradient descent ends
    // near a poor one.

    // %%
    let run = Trace {
        name: "x cos(cx), η = 2".into(),
        xs: gd(2.0, nonconvex_grad, 10),
    };
    println!("epoch 10, x: {:.6}", run.last());
    show_figure("gd-nonconvex", &run.chart(nonconvex))?;

    // %% [markdown]
    // ## 牛顿法 / Newton's method
    //
    // 牛顿法用曲率除梯度:x ← x − η f'(x)/f''(x)。在凸函数 cosh(cx) 上它很快到达 0;
    // 在非凸函数上 f'' < 0 的地方它会往上走,需要更小的 η。
    //
    // Newton's method divides the gradient by the curvature: x ← x − η f'(x)/f''(x). On the
    // convex cosh(cx) it reaches 0 quickly; on the non-convex f it climbs where f'' < 0 and
    // needs a smaller η.

    // %%
    let run = Trace {
        name: "Newton, cosh(cx)".into(),
        xs: newton(1.0, cosh_grad, cosh_hess, 10),
    };
    println!("cosh: epoch 10, x: {:.6}", run.last());
    show_figure("newton-cosh", &run.chart(cosh))?;

    // %% [markdown]
    // η = 1 时牛顿法在非凸函数上走向更高处;η = 0.5 时它到达附近的局部最小值。
    //
    // With η = 1 Newton's method climbs on the non-convex f; with η = 0.5 it reaches the local
    // minimum nearby.

    // %%
    let mut charts = Vec::new();
    for eta in [1.0, 0.5] {
        let run = Trace {
            name: format!("Newton, x cos(cx), η = {eta}"),
            xs: newton(eta, nonconvex_grad, nonconvex_hess, 10),
        };
        println!("x cos(cx), η = {eta}: epoch 10, x: {:.6}", run.last());
        charts.push(run.chart(nonconvex));
    }
    show_figure("newton-nonconvex", &Panels(charts))?;

    // %% [markdown]
    // ## 二维 / Two dimensions
    //
    // f(x₁, x₂) = x₁² + 2x₂²,从 (−5, −2) 出发,η = 0.1,20 步:x₁ 每步乘 0.8,x₂ 每步乘 0.6。
    //
    // f(x₁, x₂) = x₁² + 2x₂² from (−5, −2), η = 0.1, 20 steps: x₁ shrinks by 0.8 a step, x₂ by
    // 0.6.

    // %%
    let path = gd_2d(0.1, 20);
    let (x1, x2) = *path.last().unwrap();
    println!("epoch 20, x1: {x1:.6}, x2: {x2:.6}");
    show_figure("gd-2d", &chart_2d(&path))?;

    Ok(())
}
