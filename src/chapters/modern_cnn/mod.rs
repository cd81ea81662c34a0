//! Modern convolutional neural networks, d2l-zh chapter 7 (现代卷积神经网络).
//!
//! Each section builds its network as the book does, as burn modules, and trains it with the
//! chapter's one job ([`training::run`], the book's `train_ch6`):
//!
//! - [`alexnet`]: 7.1, AlexNet;
//! - [`vgg`]: 7.2, VGG-11 from `vgg_block`s (channels / 4, as the book trains it);
//! - [`nin`]: 7.3, network in network, from `nin_block`s;
//! - [`googlenet`]: 7.4, GoogLeNet from `Inception` blocks;
//! - [`batch_norm`]: 7.5, batch normalization from scratch and with burn's `BatchNorm`, in
//!   LeNet, trained by the same [`FashionMnistJob`](crate::train::FashionMnistJob) as every
//!   classifier before it;
//! - [`resnet`]: 7.6, ResNet-18 from `Residual` blocks;
//! - [`densenet`]: 7.7, DenseNet from `conv_block`, `DenseBlock` and `transition_block`.
//!
//! [`layers`] holds the constructors with the book's initialisation and the shape trace,
//! [`training`] the settings (the book's, and a CPU-sized `--quick` preset) and the run.

pub mod alexnet;
pub mod batch_norm;
pub mod densenet;
pub mod googlenet;
pub mod layers;
pub mod nin;
pub mod resnet;
pub mod training;
pub mod vgg;

pub use training::{BookResult, CnnConfig, CnnSection, ModernCnn, Quick, run};

#[cfg(test)]
pub(crate) mod tests {
    use crate::train::LayerShape;

    /// `shapes` is exactly the book's table: the same layers in the same order, each with the
    /// same output shape.
    pub fn assert_table(shapes: &[LayerShape], book: &[(&str, &[usize])]) {
        let ours: Vec<(&str, &[usize])> = shapes
            .iter()
            .map(|s| (s.layer, s.shape.as_slice()))
            .collect();
        assert_eq!(ours, book);
    }

    /// Dropout (AlexNet) and batch norm (ResNet) act differently while training and while
    /// evaluating, and burn tells the two apart by the device: a model on the autodiff device
    /// trains, its `valid()` copy evaluates. Evaluating must be repeatable and must not depend
    /// on the other images of the minibatch.
    #[test]
    fn training_and_evaluation_differ_and_evaluation_is_repeatable() {
        use super::alexnet::AlexNet;
        use super::resnet::ResNet;
        use super::training::ModernCnn;
        use crate::device::cpu;
        use crate::train::Net;
        use burn::module::Module;
        use burn::tensor::{Distribution, Tensor};

        let values = |t: Tensor<2>| -> Vec<f32> { t.inner().try_into_vec_as().unwrap() };
        let device = cpu().autodiff();
        device.seed(5);
        let x = Tensor::<4>::random([2, 1, 65, 65], Distribution::Default, &device);
        let plain = x.clone().inner();

        let alexnet = AlexNet::new(65, 0, &cpu());
        let (a, b) = (
            values(alexnet.forward(x.clone())),
            values(alexnet.forward(x.clone())),
        );
        assert_ne!(a, b, "dropout draws a new mask on every training pass");
        let eval = alexnet.valid();
        let (c, d) = (
            values(eval.forward(plain.clone())),
            values(eval.forward(plain.clone())),
        );
        assert_eq!(c, d, "no dropout when evaluating");

        let resnet = ResNet::new(65, 0, &cpu());
        let training = values(resnet.forward(x.clone()));
        let eval = resnet.valid();
        let both = values(eval.forward(plain.clone()));
        assert_ne!(
            training, both,
            "batch statistics while training, moving ones to evaluate"
        );
        // Evaluated alone, the first image gets the scores it got beside the second.
        let first = plain.narrow(0, 0, 1);
        let alone = values(eval.forward(first));
        for (p, q) in alone.iter().zip(&both[..10]) {
            assert!((p - q).abs() < 1e-4, "{alone:?} vs {both:?}");
        }
    }

    /// Sets every parameter of a module to 0.
    pub struct Zero;

    impl burn::module::ModuleMapper for Zero {
        fn map_float<const D: usize>(
            &mut self,
            param: burn::module::Param<burn::tensor::Tensor<D>>,
        ) -> burn::module::Param<burn::tensor::Tensor<D>> {
            param.map(|t| t.zeros_like())
        }
    }
}
