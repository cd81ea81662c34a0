//! `d2l lenet`: LeNet on Fashion-MNIST, d2l-zh 6.6.

use clap::Args;
use d2l::chapters::cnn::lenet::{self, LeNet, LeNetConfig};

use crate::classifier::{self, ClassifierFlags};

/// LeNet, the first convolutional network, on Fashion-MNIST (d2l-zh 6.6). Defaults are the
/// book's.
#[derive(Debug, Args)]
pub struct LeNetArgs {
    #[command(flatten)]
    pub classifier: ClassifierFlags<LeNetConfig>,
}

pub fn run(args: LeNetArgs) -> anyhow::Result<()> {
    classifier::run(&args.classifier, false, |cx| {
        if !cx.json {
            let net = LeNet::new(cx.train.seed, &cx.device);
            for layer in lenet::layer_shapes(&net, &cx.device) {
                println!("{:<10} output shape: {:?}", layer.layer, layer.shape);
            }
        }
        let cfg = LeNetConfig { train: cx.train };
        lenet::run(&cfg, &cx.data_dir, &cx.device, &mut cx.printer)
    })
}
