//! d2l-zh 2.6 概率: rolling a fair die many times, and watching the relative frequencies settle
//! at 1/6 (the law of large numbers).
//!
//! [`multinomial`] draws from a discrete distribution by inverting its cumulative distribution:
//! a uniform number u in [0, 1) lands on face i when P(face < i) <= u < P(face <= i). The
//! experiment of the section ([`die_experiment`]) rolls `draws` dice in each of `groups` groups
//! and, after each group, estimates every face's probability from all rolls so far: the
//! cumulative sum of the counts divided by the number of rolls (tensor operations, as the book
//! does them).

use burn::tensor::{Tensor, TensorData};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde::Serialize;

use crate::device::Device;
use crate::error::{Error, Result};
use crate::plot::curves::{Curves, Series};

/// A fair die: six faces of probability 1/6.
pub const FAIR_PROBS: [f64; 6] = [1.0 / 6.0; 6];

/// The most rolls one call of [`die_experiment`] makes (`groups × draws`).
pub const MAX_ROLLS: usize = 100_000_000;

/// Counts of each face in `n` draws from the distribution `probs` (which sum to 1):
/// `torch.distributions.multinomial.Multinomial(n, probs).sample()`.
pub fn multinomial(n: usize, probs: &[f64], rng: &mut StdRng) -> Vec<u64> {
    let cumulative: Vec<f64> = probs
        .iter()
        .scan(0.0, |total, p| {
            *total += p;
            Some(*total)
        })
        .collect();
    let mut counts = vec![0u64; probs.len()];
    for _ in 0..n {
        let u: f64 = rng.random();
        // The first face whose cumulative probability exceeds u; the last one if rounding left
        // the total a hair below 1.
        let face = cumulative
            .iter()
            .position(|&c| u < c)
            .unwrap_or(probs.len() - 1);
        counts[face] += 1;
    }
    counts
}

/// The estimates after each group: `estimates[g][i]` is face i's relative frequency over the
/// first g + 1 groups.
#[derive(Debug, Clone, Serialize)]
pub struct DieExperiment {
    /// Rolls per group.
    pub draws: usize,
    /// `[groups][6]` running relative frequencies.
    pub estimates: Vec<[f64; 6]>,
}

impl DieExperiment {
    /// The relative frequencies after every roll.
    pub fn last(&self) -> [f64; 6] {
        self.estimates.last().copied().unwrap_or([f64::NAN; 6])
    }

    /// Each face's running estimate against the number of groups, with the line at 1/6.
    pub fn chart(&self) -> Curves {
        let groups = self.estimates.len();
        let mut series: Vec<Series> = (0..6)
            .map(|face| {
                let points = self
                    .estimates
                    .iter()
                    .enumerate()
                    .map(|(g, row)| ((g + 1) as f64, row[face]))
                    .collect();
                Series::new(format!("P(die={})", face + 1), points)
            })
            .collect();
        series.push(Series::new(
            "1/6",
            vec![(1.0, 1.0 / 6.0), (groups as f64, 1.0 / 6.0)],
        ));
        let top = self
            .estimates
            .iter()
            .flatten()
            .fold(0.2f64, |m, &p| m.max(p));
        Curves {
            title: String::new(),
            xlabel: "Groups of experiments".into(),
            ylabel: "Estimated probability".into(),
            xlim: (1.0, groups.max(2) as f64),
            ylim: (0.0, (top + 0.02).min(1.0)),
            series,
            size: (600, 450),
            log_y: false,
            log_x: false,
            markers: false,
        }
    }
}

/// Checks the experiment's size before any work: both counts at least 1, the product bounded.
pub fn validate(groups: usize, draws: usize) -> Result<()> {
    for (name, value) in [("--groups", groups), ("--draws", draws)] {
        if value == 0 {
            return Err(Error::Hyper {
                name,
                value: value.to_string(),
                expected: "at least 1, with --groups x --draws at most 100,000,000",
            });
        }
    }
    if groups.saturating_mul(draws) > MAX_ROLLS {
        return Err(Error::Hyper {
            name: "--groups",
            value: format!("{groups} (x --draws {draws})"),
            expected: "--groups x --draws at most 100,000,000",
        });
    }
    Ok(())
}

/// `counts = Multinomial(draws, fair_probs).sample((groups,))`, then
/// `cum_counts = counts.cumsum(dim=0)` and
/// `estimates = cum_counts / cum_counts.sum(dim=1, keepdims=True)`.
pub fn die_experiment(
    groups: usize,
    draws: usize,
    seed: u64,
    device: &Device,
) -> Result<DieExperiment> {
    validate(groups, draws)?;
    let mut rng = StdRng::seed_from_u64(seed);
    let counts: Vec<f32> = (0..groups)
        .flat_map(|_| multinomial(draws, &FAIR_PROBS, &mut rng))
        .map(|c| c as f32)
        .collect();
    let counts = Tensor::<2>::from_data(TensorData::new(counts, [groups, 6]), device);
    let cum_counts = counts.cumsum(0);
    let estimates = cum_counts.clone() / cum_counts.sum_dim(1);
    let values: Vec<f32> = estimates.try_into_vec_as().expect("f32 estimates");
    Ok(DieExperiment {
        draws,
        estimates: values
            .chunks_exact(6)
            .map(|row| std::array::from_fn(|i| f64::from(row[i])))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn multinomial_counts_add_up_and_follow_the_probabilities() {
        let mut rng = StdRng::seed_from_u64(0);
        let counts = multinomial(10, &FAIR_PROBS, &mut rng);
        assert_eq!(counts.iter().sum::<u64>(), 10);
        // A loaded die: face 0 never, face 2 three times as often as face 1.
        let counts = multinomial(40_000, &[0.0, 0.25, 0.75], &mut rng);
        assert_eq!(counts[0], 0);
        let ratio = counts[2] as f64 / counts[1] as f64;
        assert!((ratio - 3.0).abs() < 0.1, "{counts:?}");
    }

    #[test]
    fn after_ten_thousand_rolls_every_face_is_near_one_sixth() {
        let experiment = die_experiment(1000, 10, 42, &cpu()).unwrap();
        assert_eq!(experiment.estimates.len(), 1000);
        for (face, p) in experiment.last().iter().enumerate() {
            assert!((p - 1.0 / 6.0).abs() < 0.02, "face {face}: {p}");
        }
        // Each row is a distribution.
        for row in &experiment.estimates {
            assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-5);
        }
    }

    #[test]
    fn the_estimates_settle_as_rolls_accumulate() {
        // Over seeds, the spread around 1/6 after 10 rolls is far larger than after 5,000.
        let spread = |row: [f64; 6]| row.iter().map(|p| (p - 1.0 / 6.0).abs()).sum::<f64>();
        for seed in 0..4 {
            let experiment = die_experiment(500, 10, seed, &cpu()).unwrap();
            let (first, last) = (spread(experiment.estimates[0]), spread(experiment.last()));
            assert!(last < first, "seed {seed}: {first} then {last}");
        }
    }

    #[test]
    fn the_same_seed_rolls_the_same_dice() {
        let a = die_experiment(20, 10, 7, &cpu()).unwrap();
        let b = die_experiment(20, 10, 7, &cpu()).unwrap();
        assert_eq!(a.estimates, b.estimates);
    }

    #[test]
    fn zero_or_too_many_rolls_are_refused() {
        assert!(
            validate(0, 10)
                .unwrap_err()
                .to_string()
                .contains("--groups")
        );
        assert!(validate(10, 0).unwrap_err().to_string().contains("--draws"));
        assert!(validate(1_000_000, 1_000).is_err());
        assert!(validate(500, 10).is_ok());
    }
}
