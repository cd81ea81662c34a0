//! d2l-zh 2.1, data manipulation, as a notebook: `notebooks/2.1-tensors.ipynb` is generated from
//! this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example tensor`.

// %% [markdown]
// # 2.1 数据操作 / Tensors
//
// burn 的张量 `Tensor<D>`(维数 D 是类型的一部分)上的基本操作:创建、运算、广播、索引和切片。
// `d2l tensor` 命令打印同样的例子。
//
// The basics of burn's tensors, `Tensor<D>` (the rank D is part of the type): creating them,
// operators, broadcasting, indexing and slicing. `d2l tensor` prints the same examples.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::tensor::show;
use d2l::prelude::{Int, Tensor, s};

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 入门 / Getting started
    //
    // `arange` 给出 0 到 11,`reshape` 改变形状而不改变元素;`-1` 表示由其余维度推出。
    //
    // `arange` gives 0 to 11, and `reshape` changes the shape, not the elements; `-1` is inferred
    // from the other sizes.

    // %%
    let device = d2l::device::cpu();
    let x = Tensor::<1, Int>::arange(0..12, &device).float();
    println!(
        "x = {}, shape {:?}, {} elements",
        show(&x.clone().into_data()),
        x.dims(),
        x.shape().num_elements()
    );
    let x = x.reshape([3, -1]);
    println!("X =\n{}", show(&x.clone().into_data()));
    println!(
        "zeros [2, 3, 4] has {} elements",
        Tensor::<3>::zeros([2, 3, 4], &device)
            .shape()
            .num_elements()
    );

    // %% [markdown]
    // ## 运算符 / Operators
    //
    // 按元素的加、减、乘、除、求幂和 exp;沿行或沿列拼接;逐元素比较;求和。
    //
    // Elementwise +, -, *, /, power and exp; joining along rows or columns; elementwise
    // comparison; sums.

    // %%
    let a = Tensor::<1>::from_data([1.0f32, 2.0, 4.0, 8.0], &device);
    let b = Tensor::<1>::from_data([2.0f32, 2.0, 2.0, 2.0], &device);
    // Lines collected and printed at once: a cell that ends with a loop shows `()` in evcxr.
    let lines: Vec<String> = [
        ("a + b", a.clone() + b.clone()),
        ("a - b", a.clone() - b.clone()),
        ("a * b", a.clone() * b.clone()),
        ("a / b", a.clone() / b.clone()),
        ("a ** b", a.clone().powf(b.clone())),
        ("exp(a)", a.exp()),
    ]
    .into_iter()
    .map(|(name, value)| format!("{name:7} = {}", show(&value.into_data())))
    .collect();
    println!("{}", lines.join("\n"));

    // %%
    let y = Tensor::<2>::from_data(
        [
            [2.0f32, 1.0, 4.0, 3.0],
            [1.0, 2.0, 3.0, 4.0],
            [4.0, 3.0, 2.0, 1.0],
        ],
        &device,
    );
    println!(
        "cat rows: {:?}",
        Tensor::cat(vec![x.clone(), y.clone()], 0).dims()
    );
    println!(
        "cat columns: {:?}",
        Tensor::cat(vec![x.clone(), y.clone()], 1).dims()
    );
    println!("X == Y:\n{}", show(&x.clone().equal(y.clone()).into_data()));
    println!("X.sum() = {}", x.clone().sum().into_scalar::<f32>());

    // %% [markdown]
    // ## 广播 / Broadcasting
    //
    // 形状不同的两个张量相加时,长度为 1 的轴被复制到对方的长度:(3, 1) + (1, 2) 得到 (3, 2)。burn 要求
    // 两者的维数相同。
    //
    // Adding tensors of different shapes copies each axis of length 1 to the other's length:
    // (3, 1) + (1, 2) gives (3, 2). burn needs both to have the same rank.

    // %%
    let col = Tensor::<1, Int>::arange(0..3, &device).reshape([3, 1]);
    let row = Tensor::<1, Int>::arange(0..2, &device).reshape([1, 2]);
    println!("{}", show(&(col + row).into_data()));

    // %% [markdown]
    // ## 索引和切片 / Indexing and slicing
    //
    // `s![-1]` 取最后一行,`s![1..3]` 取第 2、3 行;`slice_fill` 写入一个区域。
    //
    // `s![-1]` takes the last row and `s![1..3]` rows 2 and 3; `slice_fill` writes a region.

    // %%
    println!("X[-1] = {}", show(&x.clone().slice(s![-1]).into_data()));
    println!("X[1:3] =\n{}", show(&x.clone().slice(s![1..3]).into_data()));
    let written = x.clone().slice_fill(s![1, 2], 9.0);
    println!("X[1, 2] = 9:\n{}", show(&written.into_data()));
    let cleared = x.slice_fill(s![0..2, ..], 12.0);
    println!("X[0:2, :] = 12:\n{}", show(&cleared.into_data()));

    Ok(())
}
