//! d2l-zh 2.6, probability, as a notebook: `notebooks/2.6-probability.ipynb` is generated from
//! this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example probability`.

// %% [markdown]
// # 2.6 概率 / Probability
//
// 掷一个公平的骰子:每面的概率是 1/6。掷得越多,各面出现的相对频率越接近 1/6(大数定律)。
// 源码在 `src/chapters/probability.rs`,`d2l probability` 命令做同样的事。
//
// Rolling a fair die: each face has probability 1/6. The more rolls, the closer each face's
// relative frequency comes to 1/6 (the law of large numbers). The code is in
// `src/chapters/probability.rs`; `d2l probability` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::probability::{FAIR_PROBS, die_experiment, multinomial};
use d2l::plot::notebook::show_figure;
use d2l::rand::SeedableRng;
use d2l::rand::rngs::StdRng;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 抽样 / Sampling
    //
    // `multinomial(n, probs, rng)` 掷 n 次,返回每面的次数。它把 [0, 1) 上的均匀随机数 u 放进
    // 累积概率的区间:P(面 < i) ≤ u < P(面 ≤ i) 时记为第 i 面。
    //
    // `multinomial(n, probs, rng)` rolls n times and returns the count of each face. It puts a
    // uniform number u in [0, 1) into the cumulative probabilities: u lands on face i when
    // P(face < i) ≤ u < P(face ≤ i).

    // %%
    let mut rng = StdRng::seed_from_u64(42);
    println!("one roll:   {:?}", multinomial(1, &FAIR_PROBS, &mut rng));
    println!("ten rolls:  {:?}", multinomial(10, &FAIR_PROBS, &mut rng));
    let thousand = multinomial(1000, &FAIR_PROBS, &mut rng);
    let frequencies: Vec<String> = thousand
        .iter()
        .map(|c| format!("{:.3}", *c as f64 / 1000.0))
        .collect();
    println!("1000 rolls: [{}]", frequencies.join(", "));

    // %% [markdown]
    // ## 频率趋于概率 / Frequencies settle at the probabilities
    //
    // 500 组,每组掷 10 次。每组之后,用至今所有的投掷估计每面的概率:次数的累加和
    // (`cumsum`)除以总次数,这两步是张量运算。
    //
    // 500 groups of 10 rolls. After each group, every face's probability is estimated from all
    // rolls so far: the running sum of the counts (`cumsum`) divided by the number of rolls,
    // both tensor operations.

    // %%
    let device = d2l::device::cpu();
    let experiment = die_experiment(500, 10, 42, &device)?;
    let last: Vec<String> = experiment
        .last()
        .iter()
        .map(|p| format!("{p:.4}"))
        .collect();
    println!(
        "after 5000 rolls: [{}] (1/6 = {:.4})",
        last.join(", "),
        1.0 / 6.0
    );
    show_figure("probability", &experiment.chart())?;

    Ok(())
}
