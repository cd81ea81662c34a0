//! d2l-zh 2.4, calculus, as a notebook: `notebooks/2.4-calculus.ipynb` is generated from this
//! file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example calculus`.

// %% [markdown]
// # 2.4 微积分 / Calculus
//
// 导数是差商 (f(x + h) − f(x)) / h 在 h → 0 时的极限。本节的函数是 f(x) = 3x² − 4x,
// 它在 x = 1 处的导数是 6x − 4 = 2。源码在 `src/chapters/calculus.rs`,`d2l calculus`
// 命令做同样的事。
//
// The derivative is the limit of the difference quotient (f(x + h) − f(x)) / h as h → 0. The
// section's function is f(x) = 3x² − 4x, whose derivative 6x − 4 is 2 at x = 1. The code is in
// `src/chapters/calculus.rs`; `d2l calculus` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::calculus::{f, numerical_lim, numerical_lims, tangent_figure};
use d2l::plot::notebook::show_figure;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 差商趋近导数 / The quotient approaches the derivative
    //
    // 对 h = 0.1, 0.01, …, 0.00001:代数上差商等于 2 + 3h,所以每次缩小 h,误差也缩小十倍。
    //
    // For h = 0.1, 0.01, …, 0.00001. Algebraically the quotient is 2 + 3h, so each tenfold
    // smaller h makes the error ten times smaller.

    // %%
    let lines: Vec<String> = numerical_lims(0.1, 5)?
        .iter()
        .map(|l| format!("h={:.5}, numerical limit={:.5}", l.h, l.value))
        .collect();
    println!("{}", lines.join("\n"));

    // %% [markdown]
    // `numerical_lim` 可用于任何函数。h 太小时浮点舍入占了上风:f(1 + h) 和 f(1) 几乎相同,
    // 它们的差只剩几位有效数字。
    //
    // `numerical_lim` takes any function. With h too small, rounding wins: f(1 + h) and f(1)
    // are nearly equal and their difference keeps only a few significant digits.

    // %%
    println!(
        "x² at x = 3, h = 1e-4:  {:.6}",
        numerical_lim(|x| x * x, 3.0, 1e-4)
    );
    println!("f at x = 1, h = 1e-15: {:.6}", numerical_lim(f, 1.0, 1e-15));

    // %% [markdown]
    // ## 切线 / The tangent line
    //
    // 自动微分给出精确的斜率 f'(1) = 2(见 2.5 节),于是 x = 1 处的切线是
    // y = f(1) + f'(1)(x − 1) = 2x − 3。
    //
    // Autograd gives the exact slope f'(1) = 2 (see section 2.5), so the tangent at x = 1 is
    // y = f(1) + f'(1)(x − 1) = 2x − 3.

    // %%
    let device = d2l::device::cpu();
    let figure = tangent_figure(&device);
    println!("f'(1) by autograd = {}", figure.slope);
    show_figure("calculus", &figure.chart())?;

    Ok(())
}
