//! A table to a `[rows, columns]` tensor, row after row, filled on all cores into a buffer of
//! fresh zero pages.

use burn::tensor::{DType, Tensor, TensorData};
use polars::prelude::*;
use rayon::prelude::*;

use super::one_hot::Categories;
use super::*;
use crate::device::Device;
use crate::error::{Error, Result};

/// The table as a `[rows, columns]` tensor of dtype `dtype` (F32 or F64); every column must be
/// numeric by now. Missing values become NaN.
pub fn to_tensor(frame: &DataFrame, dtype: DType, device: &Device) -> Result<Tensor<2>> {
    let (rows, cols) = frame.shape();
    if let Some(text) = frame.columns().iter().find(|c| !is_numeric(c)) {
        return Err(Error::Hyper {
            name: "column",
            value: text.name().to_string(),
            expected: "a numeric column (one-hot encode text columns first)",
        });
    }
    let columns: Vec<&Column> = frame.columns().iter().collect();
    let shape = [rows, cols];
    let data = match dtype {
        DType::F64 => TensorData::new(
            one_hot_rows::<Float64Type>(&columns, &[], shape, f64::NAN, 1.0),
            shape,
        ),
        _ => TensorData::new(
            one_hot_rows::<Float32Type>(&columns, &[], shape, f32::NAN, 1.0),
            shape,
        ),
    };
    Ok(Tensor::from_data(data, (device, dtype)))
}

/// The rows of `numeric` followed by the one-hot blocks of `text`, row after row (polars stores
/// them column after column): the one writer behind [`to_tensor`] and [`dummies_to_tensor`].
///
/// Numeric columns are cast to `T` 16 at a time, so the extra memory is 16 columns, not a second
/// copy of the table; the pass that copies the last group also writes the 1s.
pub(super) fn one_hot_rows<T: PolarsNumericType>(
    numeric: &[&Column],
    text: &[Categories],
    [rows, cols]: [usize; 2],
    missing: T::Native,
    one: T::Native,
) -> Vec<T::Native> {
    let mut out = large_buffer::<T::Native>(rows * cols);
    if rows == 0 || cols == 0 {
        return out;
    }
    // Where each text column's block starts in a row.
    let offsets: Vec<usize> = text
        .iter()
        .scan(numeric.len(), |start, categories| {
            let here = *start;
            *start += categories.width();
            Some(here)
        })
        .collect();
    let groups: Vec<&[&Column]> = numeric.chunks(COLUMN_GROUP).collect();
    let passes = groups.len().max(1); // one pass even without numeric columns, for the 1s
    for pass in 0..passes {
        let cast: Vec<ChunkedArray<T>> = groups
            .get(pass)
            .map_or(&[][..], |g| *g)
            .par_iter()
            .map(|column| values_or::<T>(column, missing))
            .collect();
        let values: Vec<&[T::Native]> = cast
            .iter()
            .map(|ca| ca.cont_slice().expect("one chunk without nulls"))
            .collect();
        let first_column = pass * COLUMN_GROUP;
        let ones = if pass + 1 == passes { text } else { &[] };
        // Blocks of rows on all cores; each block writes this group's columns of its rows.
        out.par_chunks_mut(cols * ROW_BLOCK)
            .enumerate()
            .for_each(|(block, chunk)| {
                let first_row = block * ROW_BLOCK;
                for (i, row) in chunk.chunks_exact_mut(cols).enumerate() {
                    let targets = &mut row[first_column..first_column + values.len()];
                    for (target, column) in targets.iter_mut().zip(&values) {
                        *target = column[first_row + i];
                    }
                    for (categories, &offset) in ones.iter().zip(&offsets) {
                        row[offset + categories.codes[first_row + i] as usize] = one;
                    }
                }
            });
    }
    out
}

/// Columns this many at a time: each row then receives 16 adjacent values (one cache line of
/// f32) instead of one value per column pass, 230 passes that each touch every row.
pub(super) const COLUMN_GROUP: usize = 16;

/// Rows per parallel task when copying a group of columns.
pub(super) const ROW_BLOCK: usize = 4096;

/// A numeric column as one chunk of `T`, `missing` where it has no value.
pub(super) fn values_or<T: PolarsNumericType>(
    column: &Column,
    missing: T::Native,
) -> ChunkedArray<T> {
    let series = if column.null_count() == column.len() {
        // No values at all (polars reads such a column as strings): all missing.
        Series::full_null(column.name().clone(), column.len(), &T::get_static_dtype())
    } else {
        column
            .as_materialized_series()
            .cast(&T::get_static_dtype())
            .expect("numeric columns cast to floats")
    };
    series
        .unpack::<T>()
        .expect("cast to T")
        .fill_null_with_values(missing)
        .expect("filling floats with a float")
        .rechunk()
        .into_owned()
}

/// `len` zeros (`T` is f32 or f64), for a table's tensor, which can take a gigabyte.
///
/// The memory is asked for as zeros and not written here: fresh pages from the kernel are zero
/// already, so the first write to each page, by the parallel loop that fills the table, is
/// where the kernel provides it, on every core at once (writing the zeros here took 0.3-1 s on
/// one core for 880 MB). On Linux the buffer also asks for 2 MB pages (transparent huge pages,
/// where the kernel has them on `madvise`): one page fault per 2 MB instead of one per 4 kB.
pub(super) fn large_buffer<T: Default + Clone>(len: usize) -> Vec<T> {
    // `vec![0.0; n]` allocates with `calloc`, which leaves fresh pages untouched.
    #[allow(unused_mut)]
    let mut buffer = vec![T::default(); len];
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let start = buffer.as_mut_ptr() as usize;
        let end = start + len * std::mem::size_of::<T>();
        let (first, last) = (start.next_multiple_of(HUGE), end / HUGE * HUGE);
        if last > first {
            // SAFETY: [first, last) lies inside this vector's allocation; the call only gives
            // the kernel advice about those pages and changes no memory.
            unsafe {
                libc::madvise(
                    first as *mut libc::c_void,
                    last - first,
                    libc::MADV_HUGEPAGE,
                );
            }
        }
    }
    buffer
}
