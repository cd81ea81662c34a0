//! The IDX format of MNIST and Fashion-MNIST, raw or gzipped.
//!
//! An IDX file is a big-endian header, `0x00 0x00 <type> <ndim>` then `ndim` u32 sizes, followed by
//! the payload. Images are type 0x08 (unsigned byte) with 3 dimensions, magic 2051; labels are
//! type 0x08 with 1 dimension, magic 2049. The format also has signed bytes, shorts, ints, floats
//! and doubles (types 0x09, 0x0B-0x0E): those are named in the error, not read.
//!
//! The gzip layer follows RFC 1952: optional header fields (name, comment, extra, header CRC) and
//! several members one after another (`cat a.gz b.gz`, or what pigz writes) are read; the CRC and
//! length of each member are checked.

use std::fs;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use flate2::bufread::GzDecoder;

use crate::error::{Error, Result};

/// Magic number of an IDX file of u8 images `[n, rows, cols]`.
pub const IMAGES_MAGIC: u32 = 2051;
/// Magic number of an IDX file of u8 labels `[n]`.
pub const LABELS_MAGIC: u32 = 2049;

/// Images as stored: `count` images of `rows × cols` bytes, row-major.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdxImages {
    /// Number of images.
    pub count: usize,
    /// Height.
    pub rows: usize,
    /// Width.
    pub cols: usize,
    /// `count * rows * cols` pixels, 0 = background.
    pub pixels: Vec<u8>,
}

/// Reads a file, unzipping it if it starts with the gzip magic bytes.
///
/// The gzip stream is decompressed straight from the file into one buffer, so the compressed
/// bytes are never held in memory next to the decompressed ones.
pub fn read_maybe_gz(path: &Path) -> Result<Vec<u8>> {
    let mut file = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut magic = [0u8; 2];
    let is_gzip = matches!(file.read(&mut magic), Ok(2)) && magic == [0x1f, 0x8b];
    file.seek(SeekFrom::Start(0))
        .map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    if is_gzip {
        // The last four bytes of a gzip file hold the uncompressed size of its last member (mod
        // 2³²): a hint for one allocation, never trusted beyond what deflate can expand the
        // compressed bytes to (at most 1032 to 1), so that a forged trailer cannot reserve 4 GB.
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size >= 4 {
            let mut tail = [0u8; 4];
            file.seek(SeekFrom::End(-4))
                .and_then(|_| file.read_exact(&mut tail))
                .map_err(|e| Error::io(path, e))?;
            file.seek(SeekFrom::Start(0))
                .map_err(|e| Error::io(path, e))?;
            let most = usize::try_from(size.saturating_mul(1032)).unwrap_or(usize::MAX);
            out.reserve_exact((u32::from_le_bytes(tail) as usize).min(most));
        }
        gunzip_members(path, BufReader::with_capacity(1 << 16, file), &mut out)?;
    } else {
        file.read_to_end(&mut out).map_err(|e| Error::io(path, e))?;
    }
    Ok(out)
}

/// The element types of the IDX format, by their type byte.
fn type_name(code: u8) -> Option<&'static str> {
    Some(match code {
        0x08 => "unsigned byte",
        0x09 => "signed byte",
        0x0B => "short (16-bit)",
        0x0C => "int (32-bit)",
        0x0D => "float (32-bit)",
        0x0E => "double (64-bit)",
        _ => return None,
    })
}

/// Decompresses every gzip member of `reader` into `out`. After the last member, zero bytes
/// (padding, which gzip(1) also ignores) may follow; anything else is an error.
fn gunzip_members(path: &Path, mut reader: impl BufRead, out: &mut Vec<u8>) -> Result<()> {
    let invalid = |e: std::io::Error| Error::format(path, format!("not a valid gzip file: {e}"));
    loop {
        // The bufread decoder takes exactly one member's bytes from `reader`.
        GzDecoder::new(&mut reader)
            .read_to_end(out)
            .map_err(invalid)?;
        match reader.fill_buf().map_err(|e| Error::io(path, e))? {
            [] => return Ok(()),
            [0x1f, ..] => continue,
            _ => break,
        }
    }
    loop {
        let rest = reader.fill_buf().map_err(|e| Error::io(path, e))?;
        if rest.is_empty() {
            return Ok(());
        }
        if rest.iter().any(|&b| b != 0) {
            return Err(Error::format(
                path,
                "not a valid gzip file: bytes after the compressed data are neither another \
                 gzip member nor zero padding",
            ));
        }
        let n = rest.len();
        reader.consume(n);
    }
}

/// Checks the header and the payload length; returns the sizes and the header's length.
fn parse(path: &Path, bytes: &[u8], magic: u32, what: &str) -> Result<(Vec<usize>, usize)> {
    let fail = |reason: String| Error::format(path, reason);
    if bytes.len() < 4 {
        return Err(fail(format!(
            "file is {} bytes long, too short for an IDX header (expected {what})",
            bytes.len()
        )));
    }
    let found = u32::from_be_bytes(bytes[0..4].try_into().expect("4 bytes"));
    let (expected_type, expected_ndim) = ((magic >> 8) as u8, magic as u8);
    if found != magic {
        let [zero_a, zero_b, kind, ndim] = bytes[0..4] else {
            unreachable!("4 bytes")
        };
        let reason = if zero_a != 0 || zero_b != 0 {
            "not an IDX file: an IDX header starts with two zero bytes".to_string()
        } else if kind != expected_type {
            match type_name(kind) {
                Some(name) => format!(
                    "IDX elements of type 0x{kind:02X} ({name}) are not supported, {what} are \
                     unsigned bytes (0x{expected_type:02X})"
                ),
                None => format!("unknown IDX element type 0x{kind:02X}"),
            }
        } else {
            format!("{ndim} dimensions, IDX {what} have {expected_ndim}")
        };
        return Err(fail(format!(
            "wrong magic number {found} (expected {magic} for IDX {what}): {reason}"
        )));
    }
    let ndim = expected_ndim as usize;
    let header = 4 + 4 * ndim;
    if bytes.len() < header {
        return Err(fail(format!(
            "truncated header: {} bytes, expected {header}",
            bytes.len()
        )));
    }
    let dims: Vec<usize> = (0..ndim)
        .map(|i| {
            u32::from_be_bytes(bytes[4 + 4 * i..8 + 4 * i].try_into().expect("4 bytes")) as usize
        })
        .collect();
    let payload = &bytes[header..];
    // Three u32 sizes can multiply past usize: such a header cannot match any file.
    let expected = dims
        .iter()
        .try_fold(1usize, |product, &d| product.checked_mul(d));
    if expected != Some(payload.len()) {
        let need = expected.map_or_else(|| "more than 2^64".to_string(), |e| e.to_string());
        let truncated = expected.is_none_or(|e| payload.len() < e);
        return Err(fail(format!(
            "payload is {} bytes but the header's sizes {dims:?} need {need}{}",
            payload.len(),
            if truncated { " (truncated file?)" } else { "" }
        )));
    }
    Ok((dims, header))
}

/// Reads an IDX image file (magic 2051).
pub fn read_images(path: &Path) -> Result<IdxImages> {
    let mut bytes = read_maybe_gz(path)?;
    let (dims, header) = parse(path, &bytes, IMAGES_MAGIC, "images")?;
    bytes.drain(..header); // keep the one buffer: the pixels are what follows the header
    Ok(IdxImages {
        count: dims[0],
        rows: dims[1],
        cols: dims[2],
        pixels: bytes,
    })
}

/// Reads an IDX label file (magic 2049) and checks every label is below `num_classes`.
pub fn read_labels(path: &Path, num_classes: u8) -> Result<Vec<u8>> {
    let mut bytes = read_maybe_gz(path)?;
    let (_, header) = parse(path, &bytes, LABELS_MAGIC, "labels")?;
    bytes.drain(..header);
    if let Some((i, label)) = bytes.iter().enumerate().find(|(_, l)| **l >= num_classes) {
        return Err(Error::format(
            path,
            format!("label {label} at index {i} is out of range (expected 0..{num_classes})"),
        ));
    }
    Ok(bytes)
}

/// Encodes images or labels as IDX bytes (for tests and for writing small data sets).
pub fn encode(magic: u32, dims: &[u32], payload: &[u8]) -> Vec<u8> {
    let mut out = magic.to_be_bytes().to_vec();
    for d in dims {
        out.extend_from_slice(&d.to_be_bytes());
    }
    out.extend_from_slice(payload);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = dir.join(name);
        fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn reads_raw_and_gzipped_files() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = encode(
            IMAGES_MAGIC,
            &[2, 2, 3],
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        );
        let raw = read_images(&write(dir.path(), "raw", &bytes)).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &bytes).unwrap();
        let zipped = read_images(&write(dir.path(), "raw.gz", &gz.finish().unwrap())).unwrap();
        assert_eq!(raw, zipped);
        assert_eq!((raw.count, raw.rows, raw.cols), (2, 2, 3));
        assert_eq!(raw.pixels[11], 12);
    }

    #[test]
    fn bad_files_name_the_file_and_the_problem() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            (
                "wrong-magic",
                encode(LABELS_MAGIC, &[1], &[0]),
                "wrong magic number 2049 (expected 2051",
            ),
            (
                "truncated",
                encode(IMAGES_MAGIC, &[2, 2, 2], &[0; 7]),
                "payload is 7 bytes",
            ),
            ("empty", Vec::new(), "too short"),
            (
                "header-only",
                IMAGES_MAGIC.to_be_bytes().to_vec(),
                "truncated header",
            ),
        ];
        for (name, bytes, expected) in cases {
            let path = write(dir.path(), name, &bytes);
            let err = read_images(&path).unwrap_err().to_string();
            assert!(
                err.contains(name) && err.contains(expected),
                "{name}: {err}"
            );
        }
        let labels = write(
            dir.path(),
            "label-ten",
            &encode(LABELS_MAGIC, &[3], &[1, 10, 2]),
        );
        let err = read_labels(&labels, 10).unwrap_err().to_string();
        assert!(
            err.contains("label-ten") && err.contains("label 10 at index 1"),
            "{err}"
        );
    }
}
