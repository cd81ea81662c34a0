//! d2l-zh 2.3 线性代数: scalars, vectors, matrices and tensors; sums and means along axes;
//! dot, matrix-vector and matrix-matrix products; norms.
//!
//! [`walkthrough`] runs the section's examples in order, like `d2l tensor` does for 2.1, and
//! the norms are written out ([`l2_norm`], [`l1_norm`], [`frobenius_norm`]) since they are
//! definitions a learner should see, not library calls.
//!
//! Where burn differs from PyTorch: a reduction keeps the rank (`sum_dim(1)` of a 5x4 matrix is
//! 5x1, PyTorch's `keepdim=True`; squeeze for the 1-D result), and a product needs equal ranks
//! (a matrix times a vector is a matrix times a one-column matrix).

use burn::tensor::{Int, Tensor};
use std::borrow::Cow;

use crate::chapters::walkthrough::{Step, step};
use crate::device::Device;

/// ‖x‖₂ = √(Σᵢ xᵢ²): the length of a vector.
pub fn l2_norm(x: Tensor<1>) -> f32 {
    x.square().sum().sqrt().into_scalar::<f32>()
}

/// ‖x‖₁ = Σᵢ |xᵢ|: less sensitive to one large entry than the L2 norm.
pub fn l1_norm(x: Tensor<1>) -> f32 {
    x.abs().sum().into_scalar::<f32>()
}

/// ‖X‖_F = √(Σᵢⱼ xᵢⱼ²): the L2 norm of a matrix read as one long vector.
pub fn frobenius_norm(x: Tensor<2>) -> f32 {
    x.square().sum().sqrt().into_scalar::<f32>()
}

/// The examples of d2l-zh 2.3, in order, computed on `device`.
pub fn walkthrough(device: &Device) -> Vec<Step> {
    let mut steps = Vec::new();

    // 2.3.1 标量: a scalar is a tensor with one element.
    let x = Tensor::<1>::from_data([3.0f32], device);
    let y = Tensor::<1>::from_data([2.0f32], device);
    let scalars = Tensor::cat(
        vec![
            x.clone() + y.clone(),
            x.clone() * y.clone(),
            x.clone() / y.clone(),
            x.powf(y),
        ],
        0,
    );
    steps.push(step(
        "2.3.1",
        "x = 3, y = 2: x + y, x * y, x / y, x ** y",
        "[x + y, x * y, x / y, x.powf(y)]",
        scalars.to_data(),
    ));

    // 2.3.2 向量: a vector is a list of scalars, its length the number of elements.
    let x = Tensor::<1, Int>::arange(0..4, device).float();
    steps.push(step(
        "2.3.2",
        "x = torch.arange(4)",
        "Tensor::<1, Int>::arange(0..4, &device).float()",
        x.to_data(),
    ));
    steps.push(step(
        "2.3.2",
        "x[3]: one element (burn keeps it a tensor of one element)",
        "x.clone().slice(3..4)",
        x.clone().slice(3..4).to_data(),
    ));
    steps.push(Step {
        section: "2.3.2",
        caption: Cow::Borrowed("len(x) and x.shape"),
        code: Cow::Borrowed("x.dims()[0], x.dims()"),
        value: format!("{}, {:?}", x.dims()[0], x.dims()),
    });

    // 2.3.3 矩阵: a 5x4 matrix and its transpose; a symmetric matrix equals its transpose.
    let a = Tensor::<1, Int>::arange(0..20, device)
        .float()
        .reshape([5, 4]);
    steps.push(step(
        "2.3.3",
        "A = torch.arange(20).reshape(5, 4)",
        "Tensor::<1, Int>::arange(0..20, &device).float().reshape([5, 4])",
        a.to_data(),
    ));
    steps.push(step(
        "2.3.3",
        "A.T: rows become columns",
        "a.clone().transpose()",
        a.clone().transpose().to_data(),
    ));
    let b = Tensor::<2>::from_data(
        [[1.0f32, 2.0, 3.0], [2.0, 0.0, 4.0], [3.0, 4.0, 5.0]],
        device,
    );
    steps.push(step(
        "2.3.3",
        "B == B.T for the symmetric B = [[1, 2, 3], [2, 0, 4], [3, 4, 5]]",
        "b.clone().equal(b.clone().transpose())",
        b.clone().equal(b.transpose()).to_data(),
    ));

    // 2.3.4 张量: more than two axes, e.g. height x width x colour channel.
    let t = Tensor::<1, Int>::arange(0..24, device).reshape([2, 3, 4]);
    steps.push(step(
        "2.3.4",
        "X = torch.arange(24).reshape(2, 3, 4)",
        "Tensor::<1, Int>::arange(0..24, &device).reshape([2, 3, 4])",
        t.to_data(),
    ));

    // 2.3.5 张量算法的基本性质: elementwise operations keep the shape.
    let b = a.clone();
    steps.push(step(
        "2.3.5",
        "A + B with B = A.clone()",
        "a.clone() + b.clone()",
        (a.clone() + b.clone()).to_data(),
    ));
    steps.push(step(
        "2.3.5",
        "A * B: the Hadamard (elementwise) product",
        "a.clone() * b.clone()",
        (a.clone() * b).to_data(),
    ));
    let t = t.float();
    steps.push(step(
        "2.3.5",
        "a + X with a = 2: a scalar is added to every element",
        "x.clone().add_scalar(2.0)",
        t.clone().add_scalar(2.0).to_data(),
    ));
    steps.push(Step {
        section: "2.3.5",
        caption: Cow::Borrowed("(a * X).shape: unchanged"),
        code: Cow::Borrowed("x.clone().mul_scalar(2.0).dims()"),
        value: format!("{:?}", t.mul_scalar(2.0).dims()),
    });

    // 2.3.6 降维: sums and means over all elements or along axes.
    steps.push(step(
        "2.3.6",
        "x.sum()",
        "x.clone().sum()",
        x.clone().sum().to_data(),
    ));
    steps.push(step(
        "2.3.6",
        "A.sum(): every element",
        "a.clone().sum()",
        a.clone().sum().to_data(),
    ));
    steps.push(step(
        "2.3.6",
        "A.sum(axis=0): down the rows, one sum per column (burn keeps the axis: 1 x 4)",
        "a.clone().sum_dim(0)",
        a.clone().sum_dim(0).to_data(),
    ));
    steps.push(step(
        "2.3.6",
        "A.sum(axis=1): along each row, squeezed to a vector of 5 as PyTorch returns it",
        "a.clone().sum_dim(1).squeeze_dim::<1>(1)",
        a.clone().sum_dim(1).squeeze_dim::<1>(1).to_data(),
    ));
    steps.push(step(
        "2.3.6",
        "A.sum(axis=[0, 1]) == A.sum()",
        "a.clone().sum_dims(&[0, 1])",
        a.clone().sum_dims(&[0, 1]).to_data(),
    ));
    steps.push(step(
        "2.3.6",
        "A.mean() and A.sum() / A.numel()",
        "[a.clone().mean(), a.clone().sum() / 20]",
        Tensor::cat(vec![a.clone().mean(), a.clone().sum().div_scalar(20.0)], 0).to_data(),
    ));
    steps.push(step(
        "2.3.6",
        "A.mean(axis=0)",
        "a.clone().mean_dim(0)",
        a.clone().mean_dim(0).to_data(),
    ));

    // 2.3.6.1 非降维求和: keeping the axis lets the sum broadcast back against A.
    let sum_a = a.clone().sum_dim(1);
    steps.push(step(
        "2.3.6.1",
        "sum_A = A.sum(axis=1, keepdims=True): burn's sum_dim always keeps it",
        "a.clone().sum_dim(1)",
        sum_a.to_data(),
    ));
    steps.push(step(
        "2.3.6.1",
        "A / sum_A: each row divided by its sum (rows now sum to 1)",
        "a.clone() / sum_a",
        (a.clone() / sum_a).to_data(),
    ));
    steps.push(step(
        "2.3.6.1",
        "A.cumsum(axis=0): running sums down the rows",
        "a.clone().cumsum(0)",
        a.clone().cumsum(0).to_data(),
    ));

    // 2.3.7 点积: Σᵢ xᵢyᵢ, the same as summing the elementwise product.
    let y = Tensor::<1>::ones([4], device);
    steps.push(step(
        "2.3.7",
        "torch.dot(x, y) with y = ones(4)",
        "x.clone().dot(y.clone())",
        x.clone().dot(y.clone()).to_data(),
    ));
    steps.push(step(
        "2.3.7",
        "torch.sum(x * y): the same number",
        "(x.clone() * y.clone()).sum()",
        (x.clone() * y).sum().to_data(),
    ));

    // 2.3.8 矩阵-向量积: Ax stacks the dot products of A's rows with x.
    let ax = a
        .clone()
        .matmul(x.clone().unsqueeze_dim::<2>(1))
        .squeeze_dim::<1>(1);
    steps.push(step(
        "2.3.8",
        "torch.mv(A, x): burn multiplies A (5 x 4) by x as a 4 x 1 matrix, then squeezes",
        "a.clone().matmul(x.clone().unsqueeze_dim(1)).squeeze_dim(1)",
        ax.to_data(),
    ));

    // 2.3.9 矩阵-矩阵乘法: AB is n x m matrix-vector products side by side.
    let b = Tensor::<2>::ones([4, 3], device);
    steps.push(step(
        "2.3.9",
        "torch.mm(A, B) with B = ones(4, 3)",
        "a.clone().matmul(b)",
        a.clone().matmul(b).to_data(),
    ));

    // 2.3.10 范数: sizes of vectors and matrices.
    let u = Tensor::<1>::from_data([3.0f32, -4.0], device);
    steps.push(Step {
        section: "2.3.10",
        caption: Cow::Borrowed("torch.norm(u), u = [3, -4]: the L2 norm √(3² + 4²)"),
        code: Cow::Borrowed("u.clone().square().sum().sqrt()"),
        value: format!("{}", l2_norm(u.clone())),
    });
    steps.push(Step {
        section: "2.3.10",
        caption: Cow::Borrowed("torch.abs(u).sum(): the L1 norm"),
        code: Cow::Borrowed("u.clone().abs().sum()"),
        value: format!("{}", l1_norm(u)),
    });
    steps.push(Step {
        section: "2.3.10",
        caption: Cow::Borrowed("torch.norm(torch.ones((4, 9))): the Frobenius norm √36"),
        code: Cow::Borrowed("Tensor::<2>::ones([4, 9], &device).square().sum().sqrt()"),
        value: format!("{}", frobenius_norm(Tensor::<2>::ones([4, 9], device))),
    });
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    fn value_of(steps: &[Step], caption_start: &str) -> String {
        steps
            .iter()
            .find(|s| s.caption.starts_with(caption_start))
            .unwrap_or_else(|| panic!("no step {caption_start}"))
            .value
            .clone()
    }

    #[test]
    fn the_books_norms() {
        let device = cpu();
        let u = Tensor::<1>::from_data([3.0f32, -4.0], &device);
        assert_eq!(l2_norm(u.clone()), 5.0);
        assert_eq!(l1_norm(u), 7.0);
        assert_eq!(frobenius_norm(Tensor::ones([4, 9], &device)), 6.0);
    }

    #[test]
    fn the_walkthrough_gives_the_books_values() {
        let steps = walkthrough(&cpu());
        assert_eq!(
            value_of(&steps, "x = 3, y = 2"),
            "[5., 6., 1.5, 9.]",
            "scalars"
        );
        assert_eq!(
            value_of(&steps, "B == B.T"),
            "[[true, true, true],\n [true, true, true],\n [true, true, true]]"
        );
        assert_eq!(value_of(&steps, "A.sum(): every"), "[190.]");
        assert_eq!(value_of(&steps, "A.sum(axis=0)"), "[[40., 45., 50., 55.]]");
        assert_eq!(
            value_of(&steps, "A.sum(axis=1)"),
            "[6., 22., 38., 54., 70.]"
        );
        assert_eq!(value_of(&steps, "A.mean() and"), "[9.5, 9.5]");
        assert_eq!(value_of(&steps, "A.mean(axis=0)"), "[[8., 9., 10., 11.]]");
        assert_eq!(value_of(&steps, "torch.dot"), "[6.]");
        assert_eq!(value_of(&steps, "torch.mv"), "[14., 38., 62., 86., 110.]");
        assert!(value_of(&steps, "torch.mm").starts_with("[[6., 6., 6.],\n [22., 22., 22.]"));
        assert!(value_of(&steps, "A.cumsum").starts_with("[[0., 1., 2., 3.],\n [4., 6., 8., 10.]"));
    }

    #[test]
    fn rows_divided_by_their_sums_sum_to_one() {
        let device = cpu();
        let a = Tensor::<1, Int>::arange(1..21, &device)
            .float()
            .reshape([5, 4]);
        let normalised = a.clone() / a.sum_dim(1);
        let sums: Vec<f32> = normalised.sum_dim(1).try_into_vec_as().unwrap();
        assert!(sums.iter().all(|s| (s - 1.0).abs() < 1e-6), "{sums:?}");
    }
}
