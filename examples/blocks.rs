//! d2l-zh 5.1, layers and blocks, as a notebook: `notebooks/5.1-blocks.ipynb` is generated from
//! this file (see `tests/notebooks.rs`); run it as a program with `cargo run --release --example
//! blocks`.

// %% [markdown]
// # 5.1 层和块 / Layers and blocks
//
// 在 burn 里,块就是派生了 `Module` 的结构体:它持有参数(或其他块),`forward` 说明输入怎样流过它。
// 层、层组和整个模型都是块,可以任意嵌套。源码在 `src/chapters/computation/blocks.rs`。
//
// In burn, a block is a struct that derives `Module`: it holds parameters (or other blocks),
// and its `forward` says how the input flows through. A layer, a group of layers and a whole
// model are all blocks, nested as deep as you like. The code is in
// `src/chapters/computation/blocks.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::burn::module::Module;
use d2l::burn::nn::{LinearConfig, Relu};
use d2l::chapters::computation::blocks::{Chimera, FixedHiddenMlp, Layer, Mlp, MySequential};
use d2l::chapters::tensor::show;
use d2l::prelude::{Distribution, Tensor};

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 输入 / The input
    //
    // 两个样本,每个 20 个特征,取自 U(0, 1)。
    //
    // Two examples of 20 features each, drawn from U(0, 1).

    // %%
    let device = d2l::device::cpu();
    device.seed(42);
    let x = Tensor::<2>::random([2, 20], Distribution::Uniform(0.0, 1.0), &device);
    println!("X: {:?}", x.dims());

    // %% [markdown]
    // ## 1. 自定义块 / A block of our own
    //
    // `Mlp` 有两个全连接层 `hidden`(20 → 256)和 `out`(256 → 10),`forward` 为
    // out(ReLU(hidden(X)))。
    //
    // `Mlp` holds two fully connected layers, `hidden` (20 → 256) and `out` (256 → 10); its
    // `forward` is out(ReLU(hidden(X))).

    // %%
    let net = Mlp::new(&device);
    println!("{} parameters", net.num_params());
    println!("net(X) = {}", show(&net.forward(x.clone()).into_data()));

    // %% [markdown]
    // ## 2. 顺序块 / A sequential block by hand
    //
    // `MySequential` 把块放在一个列表里,依次调用,每个的输出是下一个的输入。不同种类的层放进一个
    // 列表,靠的是一个枚举 `Layer`(burn 的 `Module` 也能派生给枚举)。
    //
    // `MySequential` keeps its blocks in a list and calls them in turn, each output feeding the
    // next. Layers of different kinds fit in one list as an enum, `Layer` (burn derives `Module`
    // for enums too).

    // %%
    let seq = MySequential::new(vec![
        Layer::Linear(LinearConfig::new(20, 256).init(&device)),
        Layer::Relu(Relu::new()),
        Layer::Linear(LinearConfig::new(256, 10).init(&device)),
    ]);
    println!(
        "{} blocks, {} parameters",
        seq.blocks.len(),
        seq.num_params()
    );
    println!("seq(X) = {}", show(&seq.forward(x.clone()).into_data()));

    // %% [markdown]
    // ## 3. 在 `forward` 里执行代码 / Code in `forward`
    //
    // `FixedHiddenMlp` 有一个不参与训练的常数权重,同一个层用了两次,还有一个循环:当 Σ|x| > 1
    // 时把 x 减半。只有那个层的 20·20 + 20 个数是参数。
    //
    // `FixedHiddenMlp` has a constant weight that is not trained, uses one layer twice, and runs
    // a loop: while Σ|x| > 1, halve x. Only that layer's 20·20 + 20 numbers are parameters.

    // %%
    let fixed = FixedHiddenMlp::new(&device);
    println!("{} parameters", fixed.num_params());
    println!("fixed(X) = {}", show(&fixed.forward(x.clone()).into_data()));

    // %% [markdown]
    // ## 4. 嵌套 / Nesting
    //
    // `Chimera` 把 `NestMlp`、一个全连接层和 `FixedHiddenMlp` 串在一起:块里套块。
    //
    // `Chimera` chains `NestMlp`, a fully connected layer and `FixedHiddenMlp`: blocks inside
    // blocks.

    // %%
    let chimera = Chimera::new(&device);
    println!("{} parameters", chimera.num_params());
    println!("chimera(X) = {}", show(&chimera.forward(x).into_data()));

    Ok(())
}
