//! d2l-zh 5.5, file I/O, as a notebook: `notebooks/5.5-read-write.ipynb` is generated from this
//! file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example read-write`.

// %% [markdown]
// # 5.5 读写文件 / Reading and writing files
//
// 把一个张量、一组张量、一个名字到张量的映射,以及整个模型的参数存进文件再读回来。格式是
// safetensors:任何语言都能读,PyTorch 里用 `safetensors.torch.load_file` 打开。源码在
// `src/chapters/computation/read_write.rs` 和 `src/checkpoint.rs`,`d2l read-write` 做同样的事。
//
// A tensor, a list of tensors, a map from names to tensors, and a whole model's parameters,
// saved to files and read back. The format is safetensors: readable from any language, opened in
// PyTorch with `safetensors.torch.load_file`. The code is in
// `src/chapters/computation/read_write.rs` and `src/checkpoint.rs`; `d2l read-write` does the
// same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::computation::blocks::Mlp;
use d2l::chapters::computation::read_write::{MLP_CHECKPOINT, load_tensors, save_tensors};
use d2l::chapters::tensor::show;
use d2l::checkpoint;
use d2l::prelude::{Distribution, Int, Tensor};

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 张量 / Tensors
    //
    // 一个文件可以存多个有名字的张量:一个张量、一个列表(名字 "0"、"1")、一个映射都这样存。
    //
    // One file holds any number of named tensors: a single tensor, a list (names "0", "1") and a
    // map are all stored that way.

    // %%
    let device = d2l::device::cpu();
    let dir = std::env::temp_dir().join("d2l-read-write");
    std::fs::create_dir_all(&dir).map_err(|e| d2l::Error::io(&dir, e))?;
    let x = Tensor::<1, Int>::arange(0..4, &device).float();
    let y = Tensor::<1>::zeros([4], &device);
    let x_file = dir.join("x-file.safetensors");
    save_tensors(&x_file, &[("x", x.clone())])?;
    let x2 = load_tensors(&x_file, &device)?;
    println!("x2 = {}", show(&x2["x"].clone().into_data()));
    let dict_file = dir.join("mydict.safetensors");
    save_tensors(&dict_file, &[("x", x), ("y", y)])?;
    let lines: Vec<String> = load_tensors(&dict_file, &device)?
        .into_iter()
        .map(|(name, t)| format!("'{name}': {}", show(&t.into_data())))
        .collect();
    println!("mydict = {{{}}}", lines.join(", "));

    // %% [markdown]
    // ## 模型参数 / Model parameters
    //
    // 存下 5.1 的多层感知机(20 → 256 → 10)的参数,再加载进一个随机初始化的新模型:两个模型对同一个
    // 输入给出完全相同的输出。
    //
    // The parameters of 5.1's MLP (20 → 256 → 10) are saved, then loaded into a new model with
    // other random weights: both give exactly the same output for the same input.

    // %%
    device.seed(42);
    let net = Mlp::new(&device);
    let x = Tensor::<2>::random([2, 20], Distribution::Normal(0.0, 1.0), &device);
    let y = net.forward(x.clone());
    let params = dir.join("mlp.params.safetensors");
    checkpoint::save(&net, &MLP_CHECKPOINT, &params)?;
    let fresh = Mlp::new(&device);
    println!(
        "a fresh MLP differs: {}",
        !fresh
            .forward(x.clone())
            .equal(y.clone())
            .all()
            .into_scalar::<bool>()
    );
    let clone = checkpoint::load(fresh, &MLP_CHECKPOINT, &params)?;
    println!(
        "after loading, Y_clone == Y:\n{}",
        show(&clone.forward(x).equal(y).into_data())
    );

    // %% [markdown]
    // ## 出错时 / When it goes wrong
    //
    // 形状不对的文件不会被悄悄加载:错误信息指出第一个不匹配的张量。
    //
    // A file of the wrong shapes is not loaded quietly: the error names the first tensor that
    // does not match.

    // %%
    match checkpoint::load(Mlp::new(&device), &MLP_CHECKPOINT, &dict_file) {
        Ok(_) => println!("loaded (unexpected)"),
        Err(e) => println!("error: {e}"),
    };

    Ok(())
}
