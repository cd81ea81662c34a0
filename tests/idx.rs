//! IDX and gzip conformance: what the two formats allow is read, what is inconsistent is refused
//! with a message that names the file and the problem.
//!
//! gzip is RFC 1952: a member is a 10-byte header (`1f 8b 08 FLG MTIME XFL OS`), optional
//! fields chosen by FLG (FEXTRA 0x04, FNAME 0x08, FCOMMENT 0x10, FHCRC 0x02), a raw deflate
//! stream, then the CRC-32 and the length (mod 2^32) of the data, little-endian; a file may hold
//! several members one after another. IDX is Yann LeCun's MNIST format: `0 0 type ndim`, `ndim`
//! big-endian u32 sizes, the elements.

use std::io::Write;
use std::path::{Path, PathBuf};

use d2l::data::fashion_mnist::{FILES, FashionMnist, load_data_fashion_mnist};
use d2l::data::idx::{IMAGES_MAGIC, LABELS_MAGIC, encode, read_images, read_labels};
use d2l::device::Device;
use flate2::Compression;
use flate2::write::{DeflateEncoder, GzEncoder};

/// Two 2 × 3 images with pixels 0..12.
fn images() -> Vec<u8> {
    encode(IMAGES_MAGIC, &[2, 2, 3], &(0..12).collect::<Vec<u8>>())
}

fn gzip(bytes: &[u8], level: u32) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::new(level));
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// One gzip member written field by field, with FLG's optional fields as asked.
fn member(
    data: &[u8],
    name: Option<&str>,
    comment: Option<&str>,
    extra: Option<&[u8]>,
    hcrc: bool,
) -> Vec<u8> {
    let mut flags = 0u8;
    flags |= if hcrc { 0x02 } else { 0 };
    flags |= if extra.is_some() { 0x04 } else { 0 };
    flags |= if name.is_some() { 0x08 } else { 0 };
    flags |= if comment.is_some() { 0x10 } else { 0 };
    let mut out = vec![0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 255];
    if let Some(extra) = extra {
        out.extend_from_slice(&(extra.len() as u16).to_le_bytes());
        out.extend_from_slice(extra);
    }
    for text in [name, comment].into_iter().flatten() {
        out.extend_from_slice(text.as_bytes());
        out.push(0);
    }
    if hcrc {
        let mut crc = flate2::Crc::new();
        crc.update(&out);
        out.extend_from_slice(&(crc.sum() as u16).to_le_bytes());
    }
    let mut deflate = DeflateEncoder::new(Vec::new(), Compression::default());
    deflate.write_all(data).unwrap();
    out.extend(deflate.finish().unwrap());
    let mut crc = flate2::Crc::new();
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn what_gzip_allows_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let plain = images();
    let (head, tail) = plain.split_at(7); // the second member starts inside the header
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("raw, not gzipped", plain.clone()),
        ("stored blocks (level 0)", gzip(&plain, 0)),
        ("level 9", gzip(&plain, 9)),
        (
            "file name",
            member(&plain, Some("train-images-idx3-ubyte"), None, None, false),
        ),
        (
            "comment",
            member(&plain, None, Some("made by a test"), None, false),
        ),
        (
            "extra field",
            member(&plain, None, None, Some(b"AB\x02\x00hi"), false),
        ),
        (
            "header CRC",
            member(&plain, Some("x"), Some("y"), Some(b"z"), true),
        ),
        ("two members", [gzip(head, 6), gzip(tail, 6)].concat()),
        (
            "an empty member first",
            [gzip(b"", 6), gzip(&plain, 6)].concat(),
        ),
    ];
    let expected = read_images(&write(dir.path(), "plain", &plain)).unwrap();
    assert_eq!((expected.count, expected.rows, expected.cols), (2, 2, 3));
    for (i, (what, bytes)) in cases.iter().enumerate() {
        let path = write(dir.path(), &format!("case-{i}.gz"), bytes);
        let read = read_images(&path).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(read, expected, "{what}");
    }
}

#[test]
fn inconsistent_gzip_is_refused_with_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let good = gzip(&images(), 6);
    let n = good.len();
    let mut bad_crc = good.clone();
    bad_crc[n - 8] ^= 1;
    let mut bad_length = good.clone();
    bad_length[n - 4] ^= 1;
    let mut bad_method = good.clone();
    bad_method[2] = 7; // only 8 (deflate) is defined
    let mut bad_header_crc = member(&images(), Some("x"), None, None, true);
    bad_header_crc[12] ^= 0xff; // inside the CRC-16 after "x\0"
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("crc", bad_crc),
        ("length", bad_length),
        ("cut", good[..n / 2].to_vec()),
        ("method", bad_method),
        ("header-crc", bad_header_crc),
        (
            "garbage-after",
            [good.clone(), b"not gzip".to_vec()].concat(),
        ),
    ];
    for (name, bytes) in cases {
        let path = write(dir.path(), name, &bytes);
        let err = read_images(&path).expect_err(name).to_string();
        assert!(err.contains(name), "{name}: {err}");
        assert!(
            err.contains("gzip") || err.contains("IDX") || err.contains("payload"),
            "{name}: {err}"
        );
        if name == "garbage-after" {
            assert!(err.contains("neither another gzip member"), "{err}");
        }
    }
}

#[test]
fn idx_headers_that_do_not_fit_are_refused_saying_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut four_dims = encode(IMAGES_MAGIC, &[1, 1, 1], &[0]);
    four_dims[3] = 4;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "floats",
            encode(0x0D03, &[1, 1, 1], &[0; 4]),
            "0x0D (float (32-bit))",
        ),
        (
            "signed",
            encode(0x0903, &[1, 1, 1], &[0]),
            "0x09 (signed byte)",
        ),
        (
            "unknown-type",
            encode(0x0703, &[1, 1, 1], &[0]),
            "unknown IDX element type 0x07",
        ),
        ("four-dims", four_dims, "4 dimensions"),
        ("text", b"P5 28 28 255\n".to_vec(), "not an IDX file"),
        (
            "labels-not-images",
            encode(LABELS_MAGIC, &[1], &[0]),
            "1 dimensions",
        ),
        (
            "too-long",
            encode(IMAGES_MAGIC, &[1, 2, 2], &[0; 5]),
            "payload is 5 bytes",
        ),
        (
            "overflowing-sizes",
            encode(IMAGES_MAGIC, &[u32::MAX, u32::MAX, u32::MAX], &[0; 8]),
            "more than 2^64",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = write(dir.path(), name, &bytes);
        let err = read_images(&path).expect_err(name).to_string();
        assert!(
            err.contains(name) && err.contains(expected),
            "{name}: {err}"
        );
    }
}

/// A split with a label file and an image file that do not belong together.
#[test]
fn images_and_labels_that_do_not_belong_together_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let images_path = write(dir.path(), "images", &images());
    let three_labels = write(
        dir.path(),
        "labels-3",
        &encode(LABELS_MAGIC, &[3], &[0, 1, 2]),
    );
    let err = FashionMnist::from_files(&images_path, &three_labels)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("3 labels") && err.contains("2 images"),
        "{err}"
    );

    let label_ten = write(
        dir.path(),
        "labels-10",
        &encode(LABELS_MAGIC, &[2], &[0, 10]),
    );
    let err = read_labels(&label_ten, 10).unwrap_err().to_string();
    assert!(err.contains("label 10 at index 1"), "{err}");

    let empty = write(
        dir.path(),
        "no-images",
        &encode(IMAGES_MAGIC, &[0, 28, 28], &[]),
    );
    let zero = write(dir.path(), "labels-0", &encode(LABELS_MAGIC, &[0], &[]));
    let err = FashionMnist::from_files(&empty, &zero)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no-images") && err.contains("at least one image"),
        "{err}"
    );
    let flat = write(
        dir.path(),
        "zero-rows",
        &encode(IMAGES_MAGIC, &[2, 0, 28], &[]),
    );
    let two = write(dir.path(), "labels-2", &encode(LABELS_MAGIC, &[2], &[0, 1]));
    let err = FashionMnist::from_files(&flat, &two)
        .unwrap_err()
        .to_string();
    assert!(err.contains("2 images of 0 × 28"), "{err}");
}

/// A data-set folder whose train and test images differ in size (or are not 28 × 28) is refused
/// before any model sees a batch of the wrong width.
#[test]
fn train_and_test_images_of_other_sizes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let split = |side: u32, n: u32| {
        let pixels = vec![7u8; (n * side * side) as usize];
        (
            gzip(&encode(IMAGES_MAGIC, &[n, side, side], &pixels), 1),
            gzip(&encode(LABELS_MAGIC, &[n], &vec![3u8; n as usize]), 1),
        )
    };
    let place = |train_side: u32, test_side: u32| {
        let (train_x, train_y) = split(train_side, 4);
        let (test_x, test_y) = split(test_side, 2);
        for (file, bytes) in FILES.iter().zip([train_x, train_y, test_x, test_y]) {
            write(dir.path(), file.name, &bytes);
        }
    };
    let device = Device::default();
    place(28, 28);
    let (train, test) = load_data_fashion_mnist(dir.path(), 2, None, 0, &device).unwrap();
    assert_eq!((train.dataset().len(), test.dataset().len()), (4, 2));

    place(28, 20);
    let err = load_data_fashion_mnist(dir.path(), 2, None, 0, &device)
        .err()
        .expect("test images of 20 × 20 are refused")
        .to_string();
    assert!(
        err.contains(FILES[2].name) && err.contains("20 × 20") && err.contains("28 × 28"),
        "{err}"
    );
    place(32, 32);
    let err = load_data_fashion_mnist(dir.path(), 2, None, 0, &device)
        .err()
        .expect("32 × 32 images are refused")
        .to_string();
    assert!(
        err.contains(FILES[0].name) && err.contains("32 × 32"),
        "{err}"
    );
}
