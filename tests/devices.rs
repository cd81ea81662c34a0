//! d2l-zh 5.6 (GPU): every chapter's model, batches and figures go to the device that
//! `--device` names. On the CPU always; on wgpu where the build has it, which runs on any
//! machine with a Vulkan driver, a GPU-less one too (Mesa's lavapipe: `.ci/run` installs it).

use d2l::chapters::linear_regression::{self, LinregConfig};
use d2l::chapters::softmax_regression::{self, SoftmaxConfig, SoftmaxImpl, SoftmaxReport};
use d2l::data::Batches;
use d2l::data::load_data_fashion_mnist;
use d2l::device::Device;
use d2l::train::{BookSettings, TrainConfig};

use crate::util::{d2l, json_line, real_fashion_mnist, text};

/// One epoch of softmax regression on `device`, after checking that the batches and the
/// parameters live there. `None` without the data set.
fn softmax_one_epoch_on(device: &Device, implementation: SoftmaxImpl) -> Option<SoftmaxReport> {
    let dir = real_fashion_mnist()?;
    let (train_iter, _) = load_data_fashion_mnist(&dir, 256, None, 42, device).unwrap();
    let (x, y) = train_iter.batches().next().unwrap();
    assert_eq!(x.device(), *device, "image batch");
    assert_eq!(y.device(), *device, "label batch");

    let cfg = SoftmaxConfig {
        implementation,
        train: TrainConfig {
            epochs: 1,
            ..SoftmaxConfig::TRAIN
        },
        ..SoftmaxConfig::default()
    };
    let run = softmax_regression::run(&cfg, &dir, Default::default(), device, &mut ()).unwrap();
    let linear = &run.model.linear;
    let w = linear.weight.val().inner();
    let b = linear.bias.as_ref().unwrap().val().inner();
    assert_eq!(w.device(), *device, "W after training");
    assert_eq!(b.device(), *device, "b after training");
    Some(run.report)
}

/// Linear regression on `device` by both trained implementations: the book's parameters back,
/// with the data and the parameters on `device`.
fn linreg_on(device: &Device) -> Vec<linear_regression::LinregReport> {
    let cfg = LinregConfig {
        device: device.clone(),
        ..LinregConfig::default()
    };
    let (features, labels) = cfg.data();
    assert_eq!(features.device(), *device);
    assert_eq!(labels.device(), *device);
    let reports = vec![
        linear_regression::scratch::train(&cfg, &mut ()).unwrap(),
        linear_regression::concise::train(&cfg, &mut ()).unwrap(),
    ];
    for report in &reports {
        assert!(
            report.w_error.iter().all(|e| e.abs() < 1e-3) && report.b_error.abs() < 1e-3,
            "{} on {}: w error {:?}, b error {}",
            report.implementation,
            report.device,
            report.w_error,
            report.b_error
        );
    }
    reports
}

#[test]
fn everything_stays_on_the_cpu_when_asked_for_explicitly() {
    let cpu = d2l::device::resolve("cpu".parse().unwrap()).unwrap();
    for report in linreg_on(&cpu) {
        assert_eq!(report.device, "cpu (flex)");
    }
    if let Some(report) = softmax_one_epoch_on(&cpu, SoftmaxImpl::Concise) {
        assert_eq!(report.device, "cpu (flex)");
    }
}

#[test]
fn the_cli_reports_the_device_it_trained_on() {
    let work = tempfile::tempdir().unwrap();
    let output = d2l(work.path(), None, &["linreg", "--device", "cpu", "--json"]);
    assert!(output.status.success(), "{:?}", text(&output));
    assert_eq!(json_line(&output)["device"], "cpu (flex)");
    assert!(text(&output).0.contains(" s on cpu (flex)"));

    let Some(dir) = real_fashion_mnist() else {
        return;
    };
    let args = [
        "softmax",
        "--device",
        "cpu",
        "--epochs",
        "1",
        "--no-plots",
        "--json",
    ];
    let output = d2l(work.path(), dir.parent(), &args);
    assert!(output.status.success(), "{:?}", text(&output));
    assert_eq!(json_line(&output)["device"], "cpu (flex)");
}

#[test]
fn devices_says_what_auto_picks() {
    let work = tempfile::tempdir().unwrap();
    let output = d2l(work.path(), None, &["devices"]);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.starts_with("cpu      cpu (flex)\n"), "{stdout}");
    // auto takes the first hardware GPU listed, else the CPU; never a software device.
    let first_gpu = stdout
        .lines()
        .find(|line| line.ends_with("(GPU)"))
        .map(|line| line.split_whitespace().next().unwrap());
    let expected = format!("--device auto picks: {}", first_gpu.unwrap_or("cpu"));
    assert!(stdout.contains(&expected), "{stdout}");
    if cfg!(not(any(feature = "cuda", feature = "wgpu"))) {
        assert!(stdout.contains("no GPU found: this build has no GPU backend"));
        assert_eq!(d2l::device::try_all_gpus(), vec![d2l::device::cpu()]);
    }
}

#[cfg(feature = "wgpu")]
mod wgpu {
    use super::*;
    use d2l::device::DeviceSpec;

    fn wgpu0() -> Device {
        d2l::device::resolve(DeviceSpec::Wgpu(0)).unwrap_or_else(|err| {
            panic!("{err}: a wgpu build needs a Vulkan driver (apt install mesa-vulkan-drivers)")
        })
    }

    #[test]
    fn linear_regression_recovers_the_parameters_on_wgpu() {
        let device = wgpu0();
        for report in linreg_on(&device) {
            assert_ne!(report.device, "cpu (flex)");
        }
    }

    #[test]
    fn softmax_on_wgpu_matches_the_cpu() {
        let Some(on_wgpu) = softmax_one_epoch_on(&wgpu0(), SoftmaxImpl::Scratch) else {
            return;
        };
        let on_cpu = softmax_one_epoch_on(&d2l::device::cpu(), SoftmaxImpl::Scratch).unwrap();
        let (on_wgpu, on_cpu) = (&on_wgpu.result, &on_cpu.result);
        // Same seed, same initial weights, same batches: only the float rounding differs.
        let (gpu_loss, cpu_loss) = (on_wgpu.train_loss.unwrap(), on_cpu.train_loss.unwrap());
        assert!(
            (gpu_loss - cpu_loss).abs() < 1e-3 * cpu_loss,
            "{gpu_loss} vs {cpu_loss}"
        );
        assert!(
            (on_wgpu.test_acc - on_cpu.test_acc).abs() < 0.005,
            "{} vs {}",
            on_wgpu.test_acc,
            on_cpu.test_acc
        );
        assert!(on_wgpu.test_acc > 0.75, "{}", on_wgpu.test_acc);
    }

    #[test]
    fn a_device_number_out_of_range_is_named() {
        let err = d2l::device::resolve(DeviceSpec::Wgpu(99))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("wgpu:99: no such device"), "{err}");

        let work = tempfile::tempdir().unwrap();
        let output = d2l(work.path(), None, &["linreg", "--device", "wgpu:99"]);
        let (_, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(1));
        assert!(
            stderr.contains("no such device") && !stderr.contains("panicked"),
            "{stderr}"
        );
    }

    #[test]
    fn devices_lists_the_wgpu_device() {
        let work = tempfile::tempdir().unwrap();
        let output = d2l(work.path(), None, &["devices"]);
        let (stdout, _) = text(&output);
        assert!(stdout.contains("\nwgpu:0 "), "{stdout}");
    }
}
