//! d2l-zh 5.6 GPU: where a tensor lives, computing on the device that holds the operands, and
//! a model's parameters on a chosen device. `--device` picks it (`d2l devices` lists them);
//! the default build has the CPU only and names the cargo feature that adds a GPU.

use burn::module::Module;
use burn::tensor::Tensor;
use std::borrow::Cow;

use crate::chapters::walkthrough::{Step, step};
use crate::device::{self, Device, DeviceSpec};

/// The section's examples on `device`.
pub fn walkthrough(device: &Device) -> Vec<Step> {
    let gpus: Vec<String> = device::accelerators()
        .iter()
        .map(|a| format!("{} ({})", a.spec, a.name))
        .collect();
    let mut steps = vec![
        Step {
            section: "5.6.1",
            caption: Cow::Borrowed(
                "torch.cuda.device_count(): the GPUs this build and machine have",
            ),
            code: Cow::Borrowed("d2l::device::accelerators()"),
            value: if gpus.is_empty() {
                format!("none ({})", device::gpu_features())
            } else {
                gpus.join("\n")
            },
        },
        Step {
            section: "5.6.1",
            caption: Cow::Borrowed("try_gpu(10): a GPU that is not there falls back to the CPU"),
            code: Cow::Borrowed("d2l::device::describe(&d2l::device::try_gpu(10))"),
            value: device::describe(&device::try_gpu(10)),
        },
        Step {
            section: "5.6.1",
            caption: Cow::Borrowed(
                "asking for it by name instead is an error that says what there is",
            ),
            code: Cow::Borrowed("d2l::device::resolve(\"cuda:10\".parse()?)"),
            value: match "cuda:10".parse::<DeviceSpec>().map(device::resolve) {
                Ok(Ok(d)) => device::describe(&d),
                Ok(Err(e)) => format!("error: {e}"),
                Err(e) => format!("error: {e}"),
            },
        },
    ];
    let x = Tensor::<2>::ones([2, 3], device);
    steps.push(Step {
        section: "5.6.2",
        caption: Cow::Borrowed("X = torch.ones(2, 3, device=try_gpu()); X.device"),
        code: Cow::Borrowed("Tensor::<2>::ones([2, 3], &device).device()"),
        value: device::describe(&x.device()),
    });
    steps.push(step(
        "5.6.2",
        "X + X: both operands on one device, the result stays there",
        "x.clone() + x",
        (x.clone() + x.clone()).to_data(),
    ));
    let net = burn::nn::Linear {
        weight: burn::module::Param::from_tensor(Tensor::ones([3, 1], device)),
        bias: Some(burn::module::Param::from_tensor(Tensor::zeros([1], device))),
    };
    steps.push(step(
        "5.6.3",
        "net = nn.Linear(3, 1).to(device), weight 1 and bias 0: net(X) computed where the parameters are",
        "net.forward(x)",
        net.forward(x).to_data(),
    ));
    let on: Vec<String> = net.devices().iter().map(device::describe).collect();
    steps.push(Step {
        section: "5.6.3",
        caption: Cow::Borrowed("net[0].weight.data.device"),
        code: Cow::Borrowed("net.devices()"),
        value: on.join(", "),
    });
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_walkthrough_computes_on_the_cpu() {
        let steps = walkthrough(&device::cpu());
        let x_plus_x = steps.iter().find(|s| s.code == "x.clone() + x").unwrap();
        assert_eq!(x_plus_x.value, "[[2., 2., 2.],\n [2., 2., 2.]]");
        let missing = &steps[2].value;
        assert!(missing.starts_with("error:"), "{missing}");
        let net = steps.iter().find(|s| s.code == "net.forward(x)").unwrap();
        assert_eq!(net.value, "[[3.],\n [3.]]");
    }
}
