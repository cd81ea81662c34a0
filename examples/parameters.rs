//! d2l-zh 5.2, parameter management, as a notebook: `notebooks/5.2-parameters.ipynb` is
//! generated from this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example parameters`.

// %% [markdown]
// # 5.2 参数管理 / Parameters
//
// 按名字列出每个参数,直接读取一个,手动初始化,以及让网络的两处共享同一层的参数。注意:burn 的
// `Linear` 把权重存成 [输入, 输出](y = xW + b),是 PyTorch [输出, 输入] 的转置。源码在
// `src/chapters/computation/parameters.rs`,`d2l parameters` 做同样的事。
//
// Every parameter by name, reading one directly, initialising by hand, and one layer's
// parameters shared by two places in the network. Note: burn's `Linear` keeps its weight as
// [in, out] (y = xW + b), the transpose of PyTorch's [out, in]. The code is in
// `src/chapters/computation/parameters.rs`; `d2l parameters` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::burn::module::{Initializer, Module};
use d2l::burn::nn::Linear;
use d2l::chapters::computation::blocks::Layer;
use d2l::chapters::computation::parameters::{
    SharedNet, my_init, named_parameters, net, shared_gradient,
};
use d2l::chapters::tensor::show;
use d2l::prelude::{Distribution, Tensor};

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 访问参数 / Reading parameters
    //
    // 网络是 Linear(4, 8) → ReLU → Linear(8, 1)。`named_parameters` 像 PyTorch 那样用点号连接名字。
    //
    // The network is Linear(4, 8) → ReLU → Linear(8, 1). `named_parameters` joins the names with
    // dots, as PyTorch prints them.

    // %%
    let device = d2l::device::cpu();
    device.seed(42);
    let default = Initializer::KaimingUniform {
        gain: 1.0 / 3.0f64.sqrt(),
        fan_out_only: false,
    };
    let model = net([default.clone(), default], &device);
    let x = Tensor::<2>::random([2, 4], Distribution::Uniform(0.0, 1.0), &device);
    println!("net(X) = {}", show(&model.forward(x.clone()).into_data()));
    let names: Vec<String> = named_parameters(&model)
        .into_iter()
        .map(|(name, shape)| format!("{name}: {shape:?}"))
        .collect();
    println!("{}", names.join("\n"));
    // The type is written out: evcxr cannot name it from the `match` by itself.
    let last: Linear = match &model.blocks[2] {
        Layer::Linear(linear) => linear.clone(),
        Layer::Relu(_) => unreachable!("block 2 is a Linear"),
    };
    println!("net[2].weight = {}", show(&last.weight.val().into_data()));
    println!(
        "net[2].bias = {}",
        show(&last.bias.as_ref().expect("a bias").val().into_data())
    );

    // %% [markdown]
    // ## 参数初始化 / Initialisation
    //
    // burn 在创建层时用 `Initializer` 初始化:正态、常数、Xavier。自定义规则 `my_init`:
    // 先取 U(−10, 10),再把 |w| < 5 的置为 0。
    //
    // burn initialises a layer when it is made, with an `Initializer`: normal, constant,
    // Xavier. The custom rule `my_init` draws from U(−10, 10), then sets every |w| < 5 to 0.

    // %%
    let inits = [
        (
            "N(0, 0.01²)",
            Initializer::Normal {
                mean: 0.0,
                std: 0.01,
            },
        ),
        ("constant 1", Initializer::Constant { value: 1.0 }),
        ("Xavier uniform", Initializer::XavierUniform { gain: 1.0 }),
    ];
    let lines: Vec<String> = inits
        .into_iter()
        .map(|(name, init)| {
            let model = net([init.clone(), init], &device);
            let first = match &model.blocks[0] {
                Layer::Linear(linear) => linear.weight.val(),
                Layer::Relu(_) => unreachable!("block 0 is a Linear"),
            };
            let column = first.slice([0..4, 0..1]).reshape([4]);
            format!(
                "{name:<15} net[0].weight[:, 0] = {}",
                show(&column.into_data())
            )
        })
        .collect();
    println!("{}", lines.join("\n"));
    let first: Linear = match &model.blocks[0] {
        Layer::Linear(linear) => linear.clone(),
        Layer::Relu(_) => unreachable!("block 0 is a Linear"),
    };
    let custom = my_init(first);
    println!(
        "my_init, first two rows:\n{}",
        show(&custom.weight.val().slice([0..2, 0..8]).into_data())
    );

    // %% [markdown]
    // ## 参数绑定 / Shared parameters
    //
    // 在 burn 里模块拥有它的字段,所以"共享"就是在 `forward` 里把同一个字段用两次。参数只算一次;
    // 反向传播把两处的梯度加在一起。
    //
    // In burn a module owns its fields, so sharing means using one field twice in `forward`.
    // Its parameters count once, and the backward pass adds the gradients of both uses.

    // %%
    let autodiff = device.clone().autodiff();
    let shared = SharedNet::new(&autodiff);
    println!(
        "{} parameters (first 40 + shared 72 + last 9)",
        shared.num_params()
    );
    let x = Tensor::<2>::random([2, 4], Distribution::Uniform(0.0, 1.0), &autodiff);
    let (grad, sum) = shared_gradient(&shared, x);
    println!(
        "max |g_shared − (g_use1 + g_use2)| = {}",
        (grad - sum).abs().max().into_scalar::<f32>()
    );

    Ok(())
}
