//! d2l-zh 11.2, convexity, as a notebook: `notebooks/11.2-convexity.ipynb` is generated from
//! this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example convexity`.

// %% [markdown]
// # 11.2 凸性 / Convexity
//
// 函数 f 是凸的,当且仅当任意两点之间的弦都在图像之上:对所有 a、b 和 λ ∈ [0, 1],
// λf(a) + (1 − λ)f(b) ≥ f(λa + (1 − λ)b)。源码在 `src/chapters/optimization/convexity.rs`,
// `d2l convexity` 命令做同样的事。
//
// f is convex when every chord lies above its graph: for all a, b and λ ∈ [0, 1],
// λf(a) + (1 − λ)f(b) ≥ f(λa + (1 − λ)b). The code is in
// `src/chapters/optimization/convexity.rs`; `d2l convexity` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::optimization::convexity::{self, FUNCTIONS, worst_chord_gap};
use d2l::plot::curves::Panels;
use d2l::plot::notebook::show_figure;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 弦 / Chords
    //
    // 在 [−2, 2] 上取 81 个点,检查每一对点之间、λ = 0.1, …, 0.9 的弦比函数低多少:
    // 0.5x² 和 exp(0.5x) 从不低于函数,cos(πx) 的弦在峰值附近低了 2。
    //
    // 81 points on [−2, 2]; for every pair and λ = 0.1, …, 0.9, how far does the chord fall
    // below the function? Never for 0.5x² and exp(0.5x); by 2 for cos(πx), near its peaks.

    // %%
    // Lines collected and printed at once: a cell that ends with a loop shows `()` in evcxr.
    let lines: Vec<String> = FUNCTIONS
        .iter()
        .map(|(name, f, _)| {
            let gap = worst_chord_gap(f, (-2.0, 2.0), 80);
            format!("{name:<12} chord below the graph by at most {gap:.4}")
        })
        .collect();
    println!("{}", lines.join("\n"));

    // %% [markdown]
    // 图中画出从 x = −1.5 到 x = 1 的弦;最后一幅是 (x − 1)²:凸函数的局部最小值(x = 1)就是全局最小值。
    //
    // The chord from x = −1.5 to x = 1 is drawn; the last panel is (x − 1)²: a convex
    // function's local minimum (x = 1) is its global one.

    // %%
    let result = convexity::run(42);
    show_figure("convexity", &Panels(result.charts()))?;

    // %% [markdown]
    // ## 詹森不等式 / Jensen's inequality
    //
    // 对凸函数 f,E[f(X)] ≥ f(E[X])。用 10,000 个 N(0, 1) 样本检查:E[0.5X²] ≈ 0.5,
    // E[exp(0.5X)] ≈ e^{1/8} ≈ 1.133,都大于 f(E[X]) ≈ f(0)。
    //
    // For convex f, E[f(X)] ≥ f(E[X]). On 10,000 draws of N(0, 1): E[0.5X²] ≈ 0.5 and
    // E[exp(0.5X)] ≈ e^{1/8} ≈ 1.133, both above f(E[X]) ≈ f(0).

    // %%
    let lines: Vec<String> = result
        .jensen
        .iter()
        .map(|(name, mean_of_f, f_of_mean)| {
            format!("{name:<12} E[f(X)] = {mean_of_f:.4} >= f(E[X]) = {f_of_mean:.4}")
        })
        .collect();
    println!("{}", lines.join("\n"));

    Ok(())
}
