//! d2l-zh 2.1 数据操作: tensors as numpy and torch use them, with burn.
//!
//! [`walkthrough`] runs the section's examples in order and returns each result with a caption,
//! for `d2l tensor` to print. The notes in the captions say where burn differs from torch.

use burn::tensor::{Bool, Distribution, Int, Tensor, TensorData, s};
use std::borrow::Cow;

use crate::device::Device;
use crate::shown;

/// Where the walkthrough types live now; notebooks and examples name them here.
pub use crate::chapters::walkthrough::{Step, show, step};

/// The examples of d2l-zh 2.1, in order, computed on `device`; `seed` fixes the random ones.
pub fn walkthrough(device: &Device, seed: u64) -> Vec<Step> {
    // Owned, so that each step's code reads `&device` as it would in a program.
    let device = device.clone();
    let mut steps = Vec::new();

    // 2.1.1 入门: creating tensors and looking at their shape.
    let x = shown!(
        steps,
        "2.1.1",
        "x = torch.arange(12): the integers 0..12",
        Tensor::<1, Int>::arange(0..12, &device)
    );
    steps.push(Step {
        section: "2.1.1",
        caption: Cow::Borrowed("x.shape and x.numel()"),
        code: Cow::Borrowed("x.dims(), x.shape().num_elements()"),
        value: format!("{:?}, {}", x.dims(), x.shape().num_elements()),
    });
    shown!(
        steps,
        "2.1.1",
        "x.reshape(3, -1): -1 is inferred (here 4)",
        x.float().reshape([3, -1])
    );
    shown!(
        steps,
        "2.1.1",
        "torch.zeros((2, 3, 4))",
        Tensor::<3>::zeros([2, 3, 4], &device)
    );
    shown!(
        steps,
        "2.1.1",
        "torch.ones((2, 3, 4))",
        Tensor::<3>::ones([2, 3, 4], &device)
    );
    device.seed(seed);
    shown!(
        steps,
        "2.1.1",
        "torch.randn(3, 4): samples of N(0, 1) (device.seed(seed) makes them repeatable)",
        Tensor::<2>::random([3, 4], Distribution::Normal(0.0, 1.0), &device)
    );
    let nested = Tensor::<2>::from_data(
        [
            [2.0f32, 1.0, 4.0, 3.0],
            [1.0, 2.0, 3.0, 4.0],
            [4.0, 3.0, 2.0, 1.0],
        ],
        &device,
    );
    steps.push(step(
        "2.1.1",
        "torch.tensor([[2, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])",
        "Tensor::<2>::from_data([[2.0, 1.0, 4.0, 3.0], ...], &device)",
        nested.to_data(),
    ));

    // 2.1.2 运算符: elementwise operations.
    let a = Tensor::<1>::from_data([1.0f32, 2.0, 4.0, 8.0], &device);
    let b = Tensor::<1>::from_data([2.0f32, 2.0, 2.0, 2.0], &device);
    steps.push(step(
        "2.1.2",
        "x + y",
        "a.clone() + b.clone()",
        (a.clone() + b.clone()).to_data(),
    ));
    steps.push(step(
        "2.1.2",
        "x - y",
        "a.clone() - b.clone()",
        (a.clone() - b.clone()).to_data(),
    ));
    steps.push(step(
        "2.1.2",
        "x * y (elementwise)",
        "a.clone() * b.clone()",
        (a.clone() * b.clone()).to_data(),
    ));
    steps.push(step(
        "2.1.2",
        "x / y",
        "a.clone() / b.clone()",
        (a.clone() / b.clone()).to_data(),
    ));
    shown!(steps, "2.1.2", "x ** y", a.clone().powf(b.clone()));
    steps.push(step("2.1.2", "torch.exp(x)", "a.exp()", a.exp().to_data()));
    let x = Tensor::<1, Int>::arange(0..12, &device)
        .float()
        .reshape([3, 4]);
    steps.push(step(
        "2.1.2",
        "torch.cat((X, Y), dim=0): stack rows",
        "Tensor::cat(vec![x.clone(), y.clone()], 0)",
        Tensor::cat(vec![x.clone(), nested.clone()], 0).to_data(),
    ));
    steps.push(step(
        "2.1.2",
        "torch.cat((X, Y), dim=1): stack columns",
        "Tensor::cat(vec![x.clone(), y.clone()], 1)",
        Tensor::cat(vec![x.clone(), nested.clone()], 1).to_data(),
    ));
    let equal: Tensor<2, Bool> = x.clone().equal(nested.clone());
    steps.push(step(
        "2.1.2",
        "X == Y: a boolean tensor",
        "x.clone().equal(y.clone())",
        equal.to_data(),
    ));
    shown!(
        steps,
        "2.1.2",
        "X.sum(): a one-element tensor",
        x.clone().sum()
    );

    // 2.1.3 广播机制: broadcasting. burn broadcasts tensors of equal rank only.
    let col = Tensor::<1, Int>::arange(0..3, &device).reshape([3, 1]);
    let row = Tensor::<1, Int>::arange(0..2, &device).reshape([1, 2]);
    steps.push(step(
        "2.1.3",
        "a (3, 1) plus b (1, 2) broadcasts to (3, 2); burn needs equal ranks, so a (3,) would first need unsqueeze",
        "a.reshape([3, 1]) + b.reshape([1, 2])",
        (col + row).to_data(),
    ));

    // 2.1.4 索引和切片: indexing and slicing.
    shown!(
        steps,
        "2.1.4",
        "X[-1]: the last row; negative indices count from the end, and burn keeps the rank (1 x 4)",
        x.clone().slice(s![-1])
    );
    shown!(
        steps,
        "2.1.4",
        "X[1:3]: rows 1 and 2",
        x.clone().slice(s![1..3])
    );
    shown!(
        steps,
        "2.1.4",
        "X[1, 2] = 9: write one element",
        x.clone().slice_fill(s![1, 2], 9.0)
    );
    shown!(
        steps,
        "2.1.4",
        "X[0:2, :] = 12: write a block",
        x.clone().slice_fill(s![0..2, ..], 12.0)
    );
    let rows = Tensor::<1, Int>::from_data([2, 0], &device);
    shown!(
        steps,
        "2.1.4",
        "X[[2, 0]]: fancy indexing picks rows by an index tensor",
        x.clone().select(0, rows)
    );
    let picks = Tensor::<2, Int>::from_data([[3], [0], [1]], &device);
    steps.push(step(
        "2.1.4",
        "X[range(3), [3, 0, 1]]: one element per row, as cross-entropy picks ŷ[i, yᵢ]",
        "x.clone().gather(1, [[3], [0], [1]])",
        x.clone().gather(1, picks).to_data(),
    ));

    // 2.1.5 节省内存: burn tensors are values. An operation consumes its input; when nothing
    // else refers to that buffer (no clone alive), the backend writes the result into it, which
    // is what `X[:] = X + Y` or `X += Y` buys in torch. Keeping a clone forces a new buffer.
    let z = x.clone() + nested.clone(); // x is still used below, so this allocates
    let z = z.mul_scalar(2.0); // z is not used again: the backend may reuse its buffer
    steps.push(step(
        "2.1.5",
        "Z = (X + Y) * 2: with no clone of Z alive, the multiply may reuse Z's buffer (torch's in-place X += Y)",
        "(x.clone() + y.clone()).mul_scalar(2.0)",
        z.to_data(),
    ));

    // 2.1.6 转换为其他Python对象: to a Vec, back, and to a scalar.
    let values: Vec<f32> = x.clone().try_into_vec_as().expect("x holds floats");
    steps.push(Step {
        section: "2.1.6",
        caption: Cow::Borrowed("X.numpy(): the values as a Vec<f32>, row-major (ndarray::Array::from_shape_vec takes it as is)"),
        code: Cow::Borrowed("x.clone().try_into_vec_as::<f32>()"),
        value: format!("{values:?}"),
    });
    shown!(
        steps,
        "2.1.6",
        "torch.tensor(A): a Vec and a shape back to a tensor",
        Tensor::<2>::from_data(TensorData::new(values, [3, 4]), &device)
    );
    let scalar = Tensor::<1>::from_data([3.5f32], &device);
    steps.push(Step {
        section: "2.1.6",
        caption: Cow::Borrowed("a.item(), float(a), int(a): a one-element tensor to a Rust number"),
        code: Cow::Borrowed("a.clone().into_scalar::<f32>(), a.into_scalar::<f32>() as i64"),
        value: format!(
            "{}, {}",
            scalar.clone().into_scalar::<f32>(),
            scalar.into_scalar::<f32>() as i64
        ),
    });
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn the_walkthrough_gives_the_books_values() {
        let steps = walkthrough(&cpu(), 0);
        let value = |caption_start: &str| {
            steps
                .iter()
                .find(|s| s.caption.starts_with(caption_start))
                .unwrap_or_else(|| panic!("no step {caption_start}"))
                .value
                .clone()
        };
        assert_eq!(
            value("x = torch.arange(12)"),
            "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]"
        );
        assert_eq!(value("x.shape"), "[12], 12");
        assert_eq!(value("x ** y"), "[1., 4., 16., 64.]");
        assert_eq!(value("X.sum()"), "[66.]");
        assert_eq!(
            value("X == Y"),
            "[[false, true, false, true],\n [false, false, false, false],\n [false, false, false, false]]"
        );
        assert_eq!(
            value("a (3, 1) plus b (1, 2)"),
            "[[0, 1],\n [1, 2],\n [2, 3]]"
        );
        assert_eq!(value("X[-1]"), "[[8., 9., 10., 11.]]");
        assert_eq!(
            value("X[1, 2] = 9"),
            "[[0., 1., 2., 3.],\n [4., 5., 9., 7.],\n [8., 9., 10., 11.]]"
        );
        assert_eq!(value("X[range(3), [3, 0, 1]]"), "[[3.],\n [4.],\n [9.]]");
        assert_eq!(value("a.item()"), "3.5, 3");
        assert!(steps.iter().any(|s| s.section == "2.1.5"));
    }

    #[test]
    fn show_formats_like_numpy() {
        let data = TensorData::new(vec![0.5f32, 1.0, -2.25, 3.0], [2, 2]);
        assert_eq!(show(&data), "[[0.5, 1.],\n [-2.25, 3.]]");
        let cube = TensorData::new(vec![0i64, 1, 2, 3, 4, 5, 6, 7], [2, 2, 2]);
        assert_eq!(
            show(&cube),
            "[[[0, 1],\n  [2, 3]],\n\n [[4, 5],\n  [6, 7]]]"
        );
    }
}
