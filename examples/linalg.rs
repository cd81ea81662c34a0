//! d2l-zh 2.3, linear algebra, as a notebook: `notebooks/2.3-linear-algebra.ipynb` is generated
//! from this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example linalg`.

// %% [markdown]
// # 2.3 线性代数 / Linear algebra
//
// 标量、向量、矩阵和张量;按轴求和与求平均;点积、矩阵-向量积、矩阵乘法;范数。与 PyTorch
// 的两点不同:burn 的按轴归约保留该轴(相当于 `keepdim=True`),乘积要求两边维数相同(矩阵乘
// 向量写成矩阵乘一列的矩阵)。源码在 `src/chapters/linear_algebra.rs`,`d2l linalg` 打印同样的例子。
//
// Scalars, vectors, matrices and tensors; sums and means along axes; dot products,
// matrix-vector and matrix-matrix products; norms. Two differences from PyTorch: burn's
// reductions along an axis keep it (PyTorch's `keepdim=True`), and a product needs equal ranks
// (a matrix times a vector is a matrix times a one-column matrix). The code is in
// `src/chapters/linear_algebra.rs`; `d2l linalg` prints the same examples.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::linear_algebra::{frobenius_norm, l1_norm, l2_norm};
use d2l::chapters::tensor::show;
use d2l::prelude::{Int, Tensor};

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 标量、向量、矩阵、张量 / Scalars, vectors, matrices, tensors
    //
    // 标量是只有一个元素的张量;向量的长度是元素个数;矩阵转置后行变成列;对称矩阵等于它的转置。
    //
    // A scalar is a tensor of one element; a vector's length is its number of elements;
    // transposing a matrix turns rows into columns; a symmetric matrix equals its transpose.

    // %%
    let device = d2l::device::cpu();
    let x = Tensor::<1>::from_data([3.0f32], &device);
    let y = Tensor::<1>::from_data([2.0f32], &device);
    let scalars = Tensor::cat(
        vec![
            x.clone() + y.clone(),
            x.clone() * y.clone(),
            x.clone() / y.clone(),
            x.powf(y),
        ],
        0,
    );
    println!(
        "x + y, x * y, x / y, x ** y = {}",
        show(&scalars.into_data())
    );
    let x = Tensor::<1, Int>::arange(0..4, &device).float();
    println!(
        "x = {}, x[3] = {}, len {}",
        show(&x.clone().into_data()),
        show(&x.clone().slice(3..4).into_data()),
        x.dims()[0]
    );
    let a = Tensor::<1, Int>::arange(0..20, &device)
        .float()
        .reshape([5, 4]);
    println!("A =\n{}", show(&a.clone().into_data()));
    println!("A.T =\n{}", show(&a.clone().transpose().into_data()));
    let b = Tensor::<2>::from_data(
        [[1.0f32, 2.0, 3.0], [2.0, 0.0, 4.0], [3.0, 4.0, 5.0]],
        &device,
    );
    println!(
        "B == B.T:\n{}",
        show(&b.clone().equal(b.transpose()).into_data())
    );
    let t = Tensor::<1, Int>::arange(0..24, &device).reshape([2, 3, 4]);
    println!("X (2 x 3 x 4) =\n{}", show(&t.into_data()));

    // %% [markdown]
    // ## 按元素运算 / Elementwise operations
    //
    // 形状相同的两个张量按元素相加或相乘(Hadamard 积 A ⊙ B),形状不变。
    //
    // Two tensors of the same shape add or multiply elementwise (the Hadamard product A ⊙ B);
    // the shape stays.

    // %%
    let b = a.clone();
    println!("A + B =\n{}", show(&(a.clone() + b.clone()).into_data()));
    println!("A * B =\n{}", show(&(a.clone() * b).into_data()));

    // %% [markdown]
    // ## 降维 / Reductions
    //
    // `sum_dim(0)` 沿行向下求和,每列一个数,结果是 1 × 4(保留了轴);`squeeze_dim` 去掉它。
    // 保留轴的好处:A / sum_A 可以直接广播,每行除以该行的和。
    //
    // `sum_dim(0)` sums down the rows, one number per column, as 1 × 4 (the axis is kept);
    // `squeeze_dim` drops it. Keeping the axis pays off in A / sum_A, which broadcasts: each row
    // divided by its own sum.

    // %%
    println!("A.sum() = {}", show(&a.clone().sum().into_data()));
    println!(
        "A.sum(axis=0) = {}",
        show(&a.clone().sum_dim(0).into_data())
    );
    println!(
        "A.sum(axis=1) = {}",
        show(&a.clone().sum_dim(1).squeeze_dim::<1>(1).into_data())
    );
    println!(
        "A.mean() = {}, A.mean(axis=0) = {}",
        show(&a.clone().mean().into_data()),
        show(&a.clone().mean_dim(0).into_data())
    );
    let sum_a = a.clone().sum_dim(1);
    println!("A / sum_A =\n{}", show(&(a.clone() / sum_a).into_data()));
    println!(
        "A.cumsum(axis=0) =\n{}",
        show(&a.clone().cumsum(0).into_data())
    );

    // %% [markdown]
    // ## 乘积 / Products
    //
    // 点积 xᵀy = Σ xᵢyᵢ;矩阵-向量积 Ax 的每个元素是 A 的一行与 x 的点积;矩阵乘法 AB 是 A 的
    // 行与 B 的列两两点积。
    //
    // The dot product xᵀy = Σ xᵢyᵢ; each element of the matrix-vector product Ax is the dot
    // product of a row of A with x; the matrix product AB takes the dot product of every row of
    // A with every column of B.

    // %%
    let ones = Tensor::<1>::ones([4], &device);
    println!(
        "x·y = {}, sum(x * y) = {}",
        show(&x.clone().dot(ones.clone()).into_data()),
        show(&(x.clone() * ones).sum().into_data())
    );
    let ax = a
        .clone()
        .matmul(x.clone().unsqueeze_dim::<2>(1))
        .squeeze_dim::<1>(1);
    println!("Ax = {}", show(&ax.into_data()));
    let b = Tensor::<2>::ones([4, 3], &device);
    println!("AB =\n{}", show(&a.matmul(b).into_data()));

    // %% [markdown]
    // ## 范数 / Norms
    //
    // L2 范数 ‖x‖₂ = √(Σ xᵢ²),L1 范数 ‖x‖₁ = Σ |xᵢ|,矩阵的 Frobenius 范数 √(Σ xᵢⱼ²)。
    //
    // The L2 norm ‖x‖₂ = √(Σ xᵢ²), the L1 norm ‖x‖₁ = Σ |xᵢ|, and a matrix's Frobenius norm
    // √(Σ xᵢⱼ²).

    // %%
    let u = Tensor::<1>::from_data([3.0f32, -4.0], &device);
    println!("‖u‖₂ = {}", l2_norm(u.clone()));
    println!("‖u‖₁ = {}", l1_norm(u));
    println!(
        "‖ones(4, 9)‖_F = {}",
        frobenius_norm(Tensor::<2>::ones([4, 9], &device))
    );

    Ok(())
}
