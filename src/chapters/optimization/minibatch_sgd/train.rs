//! The chapter's two training loops: `train_ch11` with an optimizer written by hand, and
//! `train_concise_ch11` with a burn optimizer.

use std::time::Instant;

use burn::module::Module;
use burn::nn::Linear;
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::{Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Normal};

use super::curves::{Ch11Config, LossCurve, LossPoint, RECORD_EVERY};
use super::data::AirfoilTensors;
use crate::data::airfoil::FEATURES;
use crate::data::load_array;
use crate::device::Device;
use crate::error::{Error, Result};
use crate::nn::layers::linear_normal;

/// The update rule of a from-scratch optimizer, the book's `trainer_fn(params, states,
/// hyperparams)` taken apart: [`train_ch11`] calls [`update`](Self::update) once per
/// parameter, slot 0 for w and slot 1 for b, then [`end_step`](Self::end_step).
pub trait ScratchOptimizer {
    /// The new value of the parameter in `slot` from its value and the gradient of the
    /// minibatch's mean loss. Both live outside the autodiff graph.
    fn update(&mut self, slot: usize, param: Tensor<2>, grad: Tensor<2>) -> Tensor<2>;

    /// After every parameter was updated: Adam's step counter t ← t + 1.
    fn end_step(&mut self) {}
}

/// One zero state per parameter, shaped like w `[feature_dim, 1]` and b `[1, 1]`: the book's
/// `init_momentum_states` and its siblings.
pub fn zero_states(feature_dim: usize, device: &Device) -> [Tensor<2>; 2] {
    [
        Tensor::zeros([feature_dim, 1], device),
        Tensor::zeros([1, 1], device),
    ]
}

/// The book's `sgd(params, states, hyperparams)` of chapter 11: p ← p − η g, with g the
/// gradient of the mean loss (chapter 3's `sgd` divided a summed loss by the batch instead).
#[derive(Debug, Clone, Copy)]
pub struct ScratchSgd {
    /// η.
    pub lr: f64,
}

impl ScratchOptimizer for ScratchSgd {
    fn update(&mut self, _slot: usize, param: Tensor<2>, grad: Tensor<2>) -> Tensor<2> {
        param - grad.mul_scalar(self.lr)
    }
}

/// ½(ŷ − y)² over the whole data set with ŷ = Xw + b: `evaluate_loss(net, data_iter, loss)`.
fn mean_half_squared_error(data: &AirfoilTensors, y_hat: Tensor<2>) -> f64 {
    let error = y_hat - data.labels.clone();
    error.square().mean().into_scalar::<f32>() as f64 / 2.0
}

/// The run's bookkeeping shared by both loops: examples seen, training time, measurements.
struct Recorder {
    config: Ch11Config,
    batches_per_epoch: f64,
    batches: usize,
    examples: usize,
    seconds: f64,
    points: Vec<LossPoint>,
}

impl Recorder {
    fn new(config: Ch11Config, examples: usize) -> Self {
        Self {
            config,
            batches_per_epoch: examples.div_ceil(config.batch_size) as f64,
            batches: 0,
            examples: 0,
            seconds: 0.0,
            points: Vec::new(),
        }
    }

    /// Counts a minibatch that took `started.elapsed()`; true when a measurement is due.
    fn step(&mut self, size: usize, started: Instant) -> bool {
        self.seconds += started.elapsed().as_secs_f64();
        self.batches += 1;
        self.examples += size;
        self.examples.is_multiple_of(RECORD_EVERY)
    }

    /// Records `loss`, stopping the run if it is not finite.
    fn record(&mut self, loss: f64) -> Result<()> {
        let epoch = self.batches as f64 / self.batches_per_epoch;
        crate::train::check_finite(epoch.ceil() as usize, loss)?;
        self.points.push(LossPoint {
            epoch,
            examples: self.examples,
            seconds: self.seconds,
            loss,
        });
        Ok(())
    }

    fn finish(self, name: &str, final_loss: f64) -> Result<LossCurve> {
        crate::train::check_finite(self.config.epochs, final_loss)?;
        Ok(LossCurve {
            name: name.to_string(),
            config: self.config,
            points: self.points,
            final_loss,
            seconds_per_epoch: self.seconds / self.config.epochs.max(1) as f64,
        })
    }
}

fn check_config(config: &Ch11Config, data: &AirfoilTensors) -> Result<()> {
    if config.batch_size == 0 || config.batch_size > data.len() {
        return Err(Error::Invalid {
            name: "--batch-size",
            reason: format!(
                "{} is not between 1 and the {} examples held",
                config.batch_size,
                data.len()
            ),
        });
    }
    Ok(())
}

/// The book's `train_ch11(trainer_fn, states, hyperparams, data_iter, feature_dim,
/// num_epochs)`: a linear model ŷ = Xw + b with w ~ N(0, 0.01²) and b = 0, the loss ½(ŷ − y)²
/// averaged over each minibatch, and `optimizer` updating w and b from its gradients.
pub fn train_ch11(
    optimizer: &mut impl ScratchOptimizer,
    data: &AirfoilTensors,
    config: Ch11Config,
    name: &str,
) -> Result<LossCurve> {
    check_config(&config, data)?;
    let device = data.features.device();
    let mut rng = StdRng::seed_from_u64(config.seed);
    let normal = Normal::new(0.0f32, 0.01).expect("N(0, 0.01²) is a distribution");
    let w: Vec<f32> = (0..FEATURES).map(|_| normal.sample(&mut rng)).collect();
    // The parameters live outside the graph; each step lifts them into it to take gradients.
    let mut params = [
        Tensor::<2>::from_data(TensorData::new(w, [FEATURES, 1]), &device),
        Tensor::<2>::zeros([1, 1], &device),
    ];
    let loader = load_array(
        (data.features.clone(), data.labels.clone()),
        config.batch_size,
        true,
        config.seed.wrapping_add(1),
    );
    let net =
        |params: &[Tensor<2>; 2], x: Tensor<2>| x.matmul(params[0].clone()) + params[1].clone();
    let mut recorder = Recorder::new(config, data.len());
    for _ in 0..config.epochs {
        for (x, y) in loader.iter() {
            let started = Instant::now();
            let size = x.dims()[0];
            let tracked = params.clone().map(|p| p.autodiff().require_grad());
            // l = squared_loss(net(X), y).mean(); l.backward()
            let y_hat = x.matmul(tracked[0].clone()) + tracked[1].clone();
            let grads = (y_hat - y).square().mean().div_scalar(2.0).backward();
            for (slot, (param, p)) in tracked.iter().zip(params.iter_mut()).enumerate() {
                let grad = param.grad(&grads).expect("w and b take part in the loss");
                *p = optimizer.update(slot, p.clone(), grad);
            }
            optimizer.end_step();
            if recorder.step(size, started) {
                let y_hat = net(&params, data.features.clone());
                recorder.record(mean_half_squared_error(data, y_hat))?;
            }
        }
    }
    let final_loss = mean_half_squared_error(data, net(&params, data.features.clone()));
    recorder.finish(name, final_loss)
}

/// The book's `train_concise_ch11(trainer_fn, hyperparams, data_iter, num_epochs)`: burn's
/// `Linear(5, 1)` (weights N(0, 0.01²), bias 0) trained by `optimizer` at rate `lr` on the
/// mean squared error. burn's (and PyTorch's) `MSELoss` has no ½, so the gradients are twice
/// those of [`train_ch11`] and the loss is halved when measured, as the book does.
pub fn train_concise_ch11(
    mut optimizer: ModuleOptimizer,
    lr: f64,
    data: &AirfoilTensors,
    config: Ch11Config,
    name: &str,
) -> Result<LossCurve> {
    check_config(&config, data)?;
    let device = data.features.device();
    let mut net: Linear = linear_normal(FEATURES, 1, 0.01, config.seed, &device);
    let loader = load_array(
        (data.features.clone(), data.labels.clone()),
        config.batch_size,
        true,
        config.seed.wrapping_add(1),
    );
    let mut recorder = Recorder::new(config, data.len());
    for _ in 0..config.epochs {
        for (x, y) in loader.iter() {
            let started = Instant::now();
            let size = x.dims()[0];
            let loss = (net.forward(x) - y).square().mean();
            let grads = GradientsParams::from_grads(loss.backward(), &net);
            net = optimizer.step(lr, net, grads);
            if recorder.step(size, started) {
                // Measured on the inner model: a forward pass on the autodiff device without
                // a backward pass would keep its graph.
                let y_hat = net.valid().forward(data.features.clone());
                recorder.record(mean_half_squared_error(data, y_hat))?;
            }
        }
    }
    let y_hat = net.valid().forward(data.features.clone());
    recorder.finish(name, mean_half_squared_error(data, y_hat))
}

#[cfg(test)]
mod tests {
    use burn::optim::SgdConfig;

    use super::*;
    use crate::data::airfoil::Airfoil;
    use crate::device::cpu;

    /// A line y = 2x₁ − x₂ + 0.5 the model can fit exactly.
    fn line(n: usize) -> AirfoilTensors {
        let features: Vec<f32> = (0..n * FEATURES)
            .map(|i| ((i * 37 % 101) as f32 / 50.0) - 1.0)
            .collect();
        let labels: Vec<f32> = features
            .chunks(FEATURES)
            .map(|r| 2.0 * r[0] - r[1] + 0.5)
            .collect();
        AirfoilTensors::new(&Airfoil { features, labels }, &cpu())
    }

    #[test]
    fn scratch_and_concise_sgd_fit_a_line_and_record_every_200_examples() {
        let data = line(400);
        let config = Ch11Config {
            batch_size: 10,
            epochs: 3,
            seed: 1,
        };
        let scratch = train_ch11(&mut ScratchSgd { lr: 0.1 }, &data, config, "s").unwrap();
        assert_eq!(scratch.points.len(), 6);
        assert_eq!(scratch.points[0].examples, 200);
        assert!((scratch.points[0].epoch - 0.5).abs() < 1e-12);
        // y's variance is about 1.7: a loss below 0.01 means the line was found.
        assert!(scratch.final_loss < 1e-2, "{}", scratch.final_loss);
        assert!(scratch.points[0].loss > 2.0 * scratch.final_loss);
        let concise =
            train_concise_ch11(SgdConfig::new().init(), 0.05, &data, config, "c").unwrap();
        assert!(concise.final_loss < 1e-2, "{}", concise.final_loss);
    }

    #[test]
    fn a_diverging_run_stops_with_the_epoch_named() {
        let data = line(400);
        let config = Ch11Config {
            batch_size: 400,
            epochs: 200,
            seed: 1,
        };
        let err = train_ch11(&mut ScratchSgd { lr: 50.0 }, &data, config, "s").unwrap_err();
        assert!(matches!(err, Error::Diverged { .. }), "{err}");
        let too_big = Ch11Config {
            batch_size: 401,
            ..config
        };
        let err = train_ch11(&mut ScratchSgd { lr: 0.1 }, &data, too_big, "s").unwrap_err();
        assert!(err.to_string().contains("--batch-size"), "{err}");
    }
}
