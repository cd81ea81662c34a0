//! d2l-zh 3.5, the image classification data set, as a notebook:
//! `notebooks/3.5-fashion-mnist.ipynb` is generated from this file (see `tests/notebooks.rs`);
//! run it as a program with `cargo run --release --example fashion-mnist`.

// %% [markdown]
// # 3.5 图像分类数据集 / The image classification data set
//
// Fashion-MNIST:10 类衣物的 28 × 28 灰度图像,训练集 60000 张,测试集 10000 张。文件从
// `$D2L_DATA_DIR/fashion-mnist` 或用户缓存目录读取,没有时从官方镜像下载并校验 MD5。源码在
// `src/data/fashion_mnist.rs`,`d2l data info fashion-mnist` 和 `d2l data show fashion-mnist`
// 做同样的事。
//
// Fashion-MNIST: 28 × 28 grey images of 10 kinds of clothing, 60,000 for training and 10,000
// for testing. The files come from `$D2L_DATA_DIR/fashion-mnist` or the user cache folder, and
// are downloaded from the official mirrors (MD5 checked) when missing. The code is in
// `src/data/fashion_mnist.rs`; `d2l data info fashion-mnist` and `d2l data show fashion-mnist`
// do the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::data::Batches;
use d2l::data::fashion_mnist::{TEXT_LABELS, get_fashion_mnist_labels, load_fashion_mnist};
use d2l::plot::{notebook, show_images};
use d2l::prelude::Timer;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 读取数据集 / Reading the data set
    //
    // 每个像素读成 [0, 1] 中的 f32;每类各有 6000 张训练图像。
    //
    // Each pixel becomes an f32 in [0, 1]; every class has 6,000 training images.

    // %%
    let device = d2l::device::cpu();
    let (train_iter, test_iter) = load_fashion_mnist(256, 42, &device)?;
    println!(
        "{} training and {} test images of {:?} pixels",
        train_iter.dataset().len(),
        test_iter.dataset().len(),
        train_iter.dataset().image_size()
    );
    let counts: Vec<String> = train_iter
        .dataset()
        .class_counts()
        .iter()
        .zip(TEXT_LABELS)
        .map(|(count, name)| format!("{name}: {count}"))
        .collect();
    println!("{}", counts.join(", "));

    // %% [markdown]
    // ## 类别与图像 / Classes and images
    //
    // 标签是 0 到 9 的数字,`get_fashion_mnist_labels` 把它们换成名字。下面是训练集的前 18 张。
    //
    // Labels are numbers from 0 to 9; `get_fashion_mnist_labels` turns them into names. Below
    // are the first 18 training images.

    // %%
    let labels: Vec<usize> = (0..18)
        .map(|i| train_iter.dataset().get(i).1 as usize)
        .collect();
    let titles: Vec<String> = get_fashion_mnist_labels(&labels)
        .iter()
        .map(|name| name.to_string())
        .collect();
    let images: Vec<Vec<f32>> = (0..18).map(|i| train_iter.dataset().image(i)).collect();
    let grid = std::path::PathBuf::from("fashion-mnist.png");
    show_images(&grid, &images, (28, 28), (2, 9), &titles, 2)?;
    notebook::show(&grid)?;

    // %% [markdown]
    // ## 小批量 / Minibatches
    //
    // 批量大小 256,训练集每轮打乱。一个小批量 X 的形状是 [256, 1, 28, 28],y 是 256 个标签。
    // 读完一整轮的时间应当远小于训练一轮的时间(批量在后台线程上组装)。
    //
    // Batches of 256, the training set shuffled every pass. A minibatch X is [256, 1, 28, 28]
    // and y holds 256 labels. Reading a whole pass should take far less time than training on it
    // (batches are assembled on a background thread).

    // %%
    let (x, y) = train_iter
        .batches()
        .next()
        .expect("60,000 images fill batches");
    println!("X: {:?}, y: {:?}", x.dims(), y.dims());
    let timer = Timer::new();
    let batches = train_iter.batches().count();
    let seconds = timer.stop();
    println!("one pass: {batches} batches in {seconds:.2} s");

    Ok(())
}
