//! d2l-zh 5.6, GPUs, as a notebook: `notebooks/5.6-gpus.ipynb` is generated from this file (see
//! `tests/notebooks.rs`); run it as a program with `cargo run --release --example gpus`.

// %% [markdown]
// # 5.6 GPU
//
// 张量存放在某个设备上;运算在操作数所在的设备上进行;模型的参数也在一个设备上。默认构建只有 CPU
// (burn 的 `flex` 后端);加上 cargo 特性 `cuda` 或 `wgpu` 才有 GPU。命令行里 `--device` 选设备,
// `d2l devices` 列出可用的设备。源码在 `src/device.rs` 和 `src/chapters/computation/gpus.rs`。
//
// A tensor lives on a device; an operation runs where its operands are; a model's parameters
// live on a device too. The default build has the CPU only (burn's `flex` backend); the cargo
// features `cuda` or `wgpu` add a GPU. On the command line `--device` picks one and
// `d2l devices` lists them. The code is in `src/device.rs` and
// `src/chapters/computation/gpus.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::burn::module::{Module, Param};
use d2l::burn::nn::Linear;
use d2l::chapters::tensor::show;
use d2l::device::{self, DeviceSpec};
use d2l::prelude::Tensor;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 有哪些设备 / Which devices there are
    //
    // `try_gpu(i)` 在没有第 i 个 GPU 时退回 CPU;按名字要一个不存在的设备则是一个错误,说明有哪些。
    //
    // `try_gpu(i)` falls back to the CPU when there is no GPU i; asking for a missing device by
    // name is an error that says what there is.

    // %%
    let gpus: Vec<String> = device::accelerators()
        .iter()
        .map(|a| format!("{} ({})", a.spec, a.name))
        .collect();
    println!("GPUs: {gpus:?} ({})", device::gpu_features());
    println!("try_gpu(0):  {}", device::describe(&device::try_gpu(0)));
    println!("try_gpu(10): {}", device::describe(&device::try_gpu(10)));
    match "cuda:10".parse::<DeviceSpec>().map(device::resolve) {
        Ok(Ok(d)) => println!("cuda:10 is {}", device::describe(&d)),
        Ok(Err(e)) => println!("cuda:10: error: {e}"),
        Err(e) => println!("cuda:10: error: {e}"),
    };

    // %% [markdown]
    // ## 张量与计算 / Tensors and computation
    //
    // 两个操作数在同一个设备上,结果也留在那里。
    //
    // Both operands on one device, and the result stays there.

    // %%
    let device = device::try_gpu(0);
    let x = Tensor::<2>::ones([2, 3], &device);
    println!("X is on {}", device::describe(&x.device()));
    println!("X + X = {}", show(&(x.clone() + x.clone()).into_data()));

    // %% [markdown]
    // ## 模型 / A model
    //
    // 权重为 1、偏置为 0 的 Linear(3, 1),参数放在同一个设备上。
    //
    // A Linear(3, 1) with weight 1 and bias 0, its parameters on the same device.

    // %%
    let net: Linear = Linear {
        weight: Param::from_tensor(Tensor::ones([3, 1], &device)),
        bias: Some(Param::from_tensor(Tensor::zeros([1], &device))),
    };
    println!("net(X) = {}", show(&net.forward(x).into_data()));
    let on: Vec<String> = net.devices().iter().map(device::describe).collect();
    println!("parameters on {}", on.join(", "));

    Ok(())
}
