//! d2l-zh 5.4, custom layers, as a notebook: `notebooks/5.4-custom-layers.ipynb` is generated
//! from this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example custom-layers`.

// %% [markdown]
// # 5.4 自定义层 / Custom layers
//
// 一个没有参数的层(把输入减去均值),和一个自己持有参数的全连接层。在 burn 里二者都只是派生了
// `Module` 的结构体加一个 `forward` 方法。源码在 `src/chapters/computation/custom_layers.rs`,
// `d2l custom-layers` 做同样的事。
//
// A layer without parameters (it subtracts the mean from its input) and a fully connected layer
// that holds its own parameters. In burn each is just a struct that derives `Module`, with a
// `forward` method. The code is in `src/chapters/computation/custom_layers.rs`;
// `d2l custom-layers` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::burn::module::Module;
use d2l::chapters::computation::custom_layers::{CenteredLayer, CenteredNet, MyLinear};
use d2l::chapters::tensor::show;
use d2l::prelude::{Distribution, Tensor};

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 不带参数的层 / A layer without parameters
    //
    // `CenteredLayer` 计算 X − mean(X)。放在 Linear(8, 128) 之后,输出的均值是 0(在浮点误差内)。
    //
    // `CenteredLayer` computes X − mean(X). After a Linear(8, 128), the output's mean is 0 (up to
    // rounding).

    // %%
    let device = d2l::device::cpu();
    device.seed(42);
    let x = Tensor::<1>::from_data([1.0f32, 2.0, 3.0, 4.0, 5.0], &device);
    println!("{}", show(&CenteredLayer.forward(x).into_data()));
    let net = CenteredNet::new(&device);
    let y = net.forward(Tensor::<2>::random(
        [4, 8],
        Distribution::Uniform(0.0, 1.0),
        &device,
    ));
    println!(
        "mean of the output: {:.2e} ({} parameters, all in the Linear)",
        y.mean().into_scalar::<f32>(),
        net.num_params()
    );

    // %% [markdown]
    // ## 带参数的层 / A layer with parameters
    //
    // `MyLinear` 持有 W([输入, 输出])和 b,都取自 N(0, 1),`forward` 是 ReLU(XW + b)。
    // 用 `Param` 包起来,burn 就会把它们当作可训练参数。
    //
    // `MyLinear` holds W ([in, out]) and b, both drawn from N(0, 1); its `forward` is
    // ReLU(XW + b). Wrapped in `Param`, burn treats them as trainable parameters.

    // %%
    let linear = MyLinear::new(5, 3, &device);
    println!("weight = {}", show(&linear.weight.val().into_data()));
    let x = Tensor::<2>::random([2, 5], Distribution::Uniform(0.0, 1.0), &device);
    println!("forward = {}", show(&linear.forward(x).into_data()));
    let first = MyLinear::new(64, 8, &device);
    let second = MyLinear::new(8, 1, &device);
    let x = Tensor::<2>::random([2, 64], Distribution::Uniform(0.0, 1.0), &device);
    println!(
        "two in a row: {} ({} parameters)",
        show(&second.forward(first.forward(x)).into_data()),
        first.num_params() + second.num_params()
    );

    Ok(())
}
