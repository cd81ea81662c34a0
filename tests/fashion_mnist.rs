//! d2l-zh 3.5: the real Fashion-MNIST files, and the CLI's handling of missing or broken data.

use std::sync::Arc;

use d2l::data::Batches;
use d2l::data::fashion_mnist::{self, FashionMnist, ImageLoader, Split, TEXT_LABELS};
use d2l::data::idx::{IMAGES_MAGIC, LABELS_MAGIC, encode};

use crate::util::{d2l, real_fashion_mnist, text};

#[test]
fn real_files_have_the_official_counts_checksums_and_classes() {
    let Some(dir) = real_fashion_mnist() else {
        return;
    };
    fashion_mnist::verify_files(&dir).unwrap();
    let train = FashionMnist::load(&dir, Split::Train).unwrap();
    let test = FashionMnist::load(&dir, Split::Test).unwrap();
    assert_eq!((train.len(), test.len()), (60_000, 10_000));
    assert_eq!(train.image_size(), (28, 28));
    assert_eq!(train.class_counts(), [6000; 10]);
    assert_eq!(test.class_counts(), [1000; 10]);
    assert_eq!(TEXT_LABELS[train.get(0).1 as usize], "ankle boot");
}

#[test]
fn real_loader_serves_float_batches_of_256() {
    let Some(dir) = real_fashion_mnist() else {
        return;
    };
    let test = Arc::new(FashionMnist::load(&dir, Split::Test).unwrap());
    let loader = ImageLoader::new(test, 256, false, None, 0, &d2l::device::cpu());
    assert_eq!(loader.num_batches(), 40);
    let mut seen = 0;
    for (x, y) in loader.batches() {
        let [n, c, h, w] = x.dims();
        assert_eq!((c, h, w), (1, 28, 28));
        assert_eq!(y.dims(), [n]);
        let max = x.max().into_scalar::<f32>();
        assert!(
            max <= 1.0 && max > 0.5,
            "pixels should be scaled to [0, 1], max {max}"
        );
        seen += n;
    }
    assert_eq!(seen, 10_000, "the last partial batch (16 images) is kept");
}

#[test]
fn cli_info_lists_files_and_class_counts() {
    let Some(dir) = real_fashion_mnist() else {
        return;
    };
    let root = dir.parent().unwrap();
    let work = tempfile::tempdir().unwrap();
    let output = d2l(work.path(), Some(root), &["data", "info", "fashion-mnist"]);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stdout.contains("train: 60000 images of 28 x 28"),
        "{stdout}"
    );
    assert!(stdout.contains("9 ankle boot   6000"), "{stdout}");
}

#[test]
fn cli_show_draws_the_grid() {
    let Some(dir) = real_fashion_mnist() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let output = d2l(
        work.path(),
        dir.parent(),
        &[
            "data",
            "show",
            "fashion-mnist",
            "--n",
            "18",
            "--out",
            "grid.png",
        ],
    );
    assert!(output.status.success(), "{:?}", text(&output));
    let png = std::fs::read(work.path().join("grid.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");
}

#[test]
fn a_broken_file_is_named_in_the_error() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("fashion-mnist");
    std::fs::create_dir_all(&dir).unwrap();
    // Valid-looking label files, a truncated training image file.
    std::fs::write(
        dir.join("train-images-idx3-ubyte.gz"),
        encode(IMAGES_MAGIC, &[2, 28, 28], &[0; 100]),
    )
    .unwrap();
    std::fs::write(
        dir.join("train-labels-idx1-ubyte.gz"),
        encode(LABELS_MAGIC, &[2], &[0, 1]),
    )
    .unwrap();
    std::fs::write(
        dir.join("t10k-images-idx3-ubyte.gz"),
        encode(IMAGES_MAGIC, &[1, 28, 28], &[0; 784]),
    )
    .unwrap();
    std::fs::write(
        dir.join("t10k-labels-idx1-ubyte.gz"),
        encode(LABELS_MAGIC, &[1], &[0]),
    )
    .unwrap();
    let work = tempfile::tempdir().unwrap();
    let output = d2l(
        work.path(),
        Some(root.path()),
        &["softmax", "--epochs", "1", "--no-plots"],
    );
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("train-images-idx3-ubyte.gz") && stderr.contains("truncated"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_missing_data_set_says_where_and_how_to_fetch_it() {
    let work = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    // A mirror that refuses connections, so that nothing is fetched from the internet.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mirror = format!("http://127.0.0.1:{port}");
    let output = d2l(
        work.path(),
        Some(empty.path()),
        &["softmax", "--no-plots", "--mirror", &mirror],
    );
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("fashion-mnist is missing"), "{stderr}");
    assert!(
        stderr.contains(&empty.path().join("fashion-mnist").display().to_string()),
        "{stderr}"
    );
    assert!(
        stderr.contains("d2l data download fashion-mnist"),
        "{stderr}"
    );
}
