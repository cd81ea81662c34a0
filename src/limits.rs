//! Every size a user can ask for, bounded in one place before anything is allocated, so that
//! a large value is one clear line instead of an abort, a capacity overflow or the OOM killer.
//!
//! Where sizes multiply (a hidden layer times the next, a padded image times a kernel), the
//! memory a run would take is estimated with [`check_memory`] against [`MAX_MEMORY`]. The
//! README's Limits section lists every bound here; a test keeps the two in step.

use crate::error::{Error, Result};

/// Passes over a training set, for every command that trains (10,000: the book trains 10 to
/// 1,500, and 10,000 epochs of Fashion-MNIST would take days on a CPU).
pub const MAX_EPOCHS: usize = 10_000;

/// Units of a hidden layer (`--num-hiddens`, `--hidden`): 32 times the book's 256, 8,192. Two
/// such layers in a row (4.6's dropout MLP) hold 67 million weights, about 0.8 GB to train;
/// wider layers are bounded by [`MAX_MEMORY`] as well, for library users.
pub const MAX_HIDDENS: usize = 8_192;

/// Examples in a minibatch: 2^20. Fashion-MNIST has 60,000; a larger batch is one batch.
pub const MAX_BATCH_SIZE: usize = 1 << 20;

/// The memory a run's parameters, gradients and the largest intermediate tensor may take
/// together, by estimate: 4 GiB.
pub const MAX_MEMORY: u64 = 4 << 30;

/// Every bound as the README states it: `(flags, range)`.
pub const TABLE: &[(&str, &str)] = &[
    (
        "`--epochs`",
        "1 to 10,000 (softmax: 0 with `--load` only evaluates)",
    ),
    ("`--num-hiddens`, `kaggle-house --hidden`", "1 to 8,192"),
    ("`--batch-size`", "1 to 1,048,576"),
    ("`bench preprocess --rows`", "1 to 20,000,000"),
    ("`bench --timeout`", "1 to 86,400 s per run (default 3,600)"),
    (
        "`softmax --load`",
        "at most twice the size of the model's own checkpoint",
    ),
    ("memory", "4 GiB by estimate where sizes multiply"),
];

/// Refuses a run whose estimated memory, `bytes`, is over [`MAX_MEMORY`], naming `flag` (the
/// one to make smaller) and the estimate.
pub fn check_memory(flag: &'static str, bytes: u128) -> Result<()> {
    if bytes <= u128::from(MAX_MEMORY) {
        return Ok(());
    }
    Err(Error::Invalid {
        name: flag,
        reason: format!(
            "this run would need about {:.1} GiB, more than the {} GiB d2l allows: give a \
             smaller value",
            bytes as f64 / f64::from(1u32 << 30),
            MAX_MEMORY >> 30
        ),
    })
}

/// The memory of training a stack of fully connected layers with widths `sizes` (inputs first)
/// on minibatches of `batch`: weights, their gradients and one more copy for the update (12
/// bytes a parameter), and the activations of a minibatch twice (forward and backward).
pub fn dense_training_bytes(sizes: &[usize], batch: usize) -> u128 {
    let params: u128 = sizes
        .windows(2)
        .map(|w| (w[0] as u128 + 1) * w[1] as u128)
        .sum();
    let activations: u128 = sizes.iter().map(|&s| s as u128 * batch as u128).sum();
    12 * params + 8 * activations
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_books_networks_fit_and_huge_ones_do_not() {
        let book = dense_training_bytes(&[784, 256, 256, 10], 256);
        assert!(check_memory("--num-hiddens", book).is_ok());
        let widest_dropout = dense_training_bytes(&[784, MAX_HIDDENS, MAX_HIDDENS, 10], 256);
        assert!(check_memory("--num-hiddens", widest_dropout).is_ok());
        let too_wide = dense_training_bytes(&[784, 20_000, 20_000, 10], 256);
        let err = check_memory("--num-hiddens", too_wide)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("invalid --num-hiddens: this run would need about"),
            "{err}"
        );
    }

    /// README's Limits section states every bound of [`TABLE`].
    #[test]
    fn the_readme_lists_every_limit() {
        let readme = include_str!("../README.md");
        let limits = &readme[readme.find("## Limits").expect("a Limits section")..];
        let limits = &limits[..limits[3..].find("\n## ").map_or(limits.len(), |i| i + 3)];
        for (flags, range) in TABLE {
            let line = format!("| {flags} | {range} |");
            assert!(
                limits.contains(&line),
                "README Limits lacks the row: {line}"
            );
        }
    }
}
