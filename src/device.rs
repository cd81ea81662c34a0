//! Choosing where tensors live (d2l-zh 5.6 "GPU": `try_gpu`, `try_all_gpus`).
//!
//! The default build has one device, burn's pure-Rust `flex` CPU backend. GPU backends come with
//! the cargo features `cuda` and `wgpu`; asking for one that this build lacks is an error that
//! names the feature, never a panic. Nothing here keeps a hidden global device: every function
//! that creates tensors takes a `&Device`.

use std::fmt;
use std::str::FromStr;

pub use burn::tensor::Device;

use crate::error::{Error, Result};

/// What `--device` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeviceSpec {
    /// The first GPU this build supports and can open, else the CPU.
    #[default]
    Auto,
    /// burn's `flex` CPU backend.
    Cpu,
    /// NVIDIA GPU number N (cargo feature `cuda`).
    Cuda(usize),
    /// Any GPU through wgpu (Vulkan, Metal, DX12), number N (cargo feature `wgpu`).
    Wgpu(usize),
}

impl FromStr for DeviceSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let (kind, index) = match text.split_once(':') {
            Some((kind, index)) => {
                let index = index.parse::<usize>().map_err(|_| {
                    format!("'{index}' is not a device number (expected e.g. cuda:0)")
                })?;
                (kind, Some(index))
            }
            None => (text, None),
        };
        match (kind, index) {
            ("auto", None) => Ok(DeviceSpec::Auto),
            ("cpu", None) => Ok(DeviceSpec::Cpu),
            ("cuda", index) => Ok(DeviceSpec::Cuda(index.unwrap_or(0))),
            ("wgpu", index) => Ok(DeviceSpec::Wgpu(index.unwrap_or(0))),
            _ => Err(format!(
                "unknown device '{text}' (expected auto, cpu, cuda[:N] or wgpu[:N])"
            )),
        }
    }
}

impl fmt::Display for DeviceSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeviceSpec::Auto => write!(f, "auto"),
            DeviceSpec::Cpu => write!(f, "cpu"),
            DeviceSpec::Cuda(i) => write!(f, "cuda:{i}"),
            DeviceSpec::Wgpu(i) => write!(f, "wgpu:{i}"),
        }
    }
}

/// The CPU device: burn's `flex` backend, always available.
pub fn cpu() -> Device {
    Device::flex()
}

/// Opens the device that `spec` names; `Auto` never fails (it falls back to the CPU).
pub fn resolve(spec: DeviceSpec) -> Result<Device> {
    match spec {
        DeviceSpec::Cpu => Ok(cpu()),
        DeviceSpec::Auto => Ok(try_gpu(0)),
        DeviceSpec::Cuda(index) => cuda(index),
        DeviceSpec::Wgpu(index) => wgpu(index),
    }
}

/// GPU `i` if this build has a GPU backend, else the CPU (d2l's `try_gpu`).
pub fn try_gpu(i: usize) -> Device {
    cuda(i).or_else(|_| wgpu(i)).unwrap_or_else(|_| cpu())
}

/// The GPUs this build can open (device 0 of each compiled backend is probed).
pub fn gpus() -> Vec<Device> {
    [cuda(0), wgpu(0)]
        .into_iter()
        .filter_map(Result::ok)
        .collect()
}

/// Every GPU this build can use, or `[cpu]` when there is none (d2l's `try_all_gpus`).
pub fn try_all_gpus() -> Vec<Device> {
    let gpus = gpus();
    if gpus.is_empty() { vec![cpu()] } else { gpus }
}

/// The GPU backends compiled into this build, for messages.
pub fn gpu_features() -> &'static str {
    match (cfg!(feature = "cuda"), cfg!(feature = "wgpu")) {
        (true, true) => "the cuda and wgpu backends",
        (true, false) => "the cuda backend",
        (false, true) => "the wgpu backend",
        (false, false) => "no GPU backend",
    }
}

/// A short name of the backend behind `device`, for logs and JSON reports.
pub fn describe(device: &Device) -> String {
    format!("{device:?}")
}

#[cfg(feature = "cuda")]
fn cuda(index: usize) -> Result<Device> {
    // Opening a CUDA device that is not there panics inside the runtime, so catch it and say so.
    std::panic::catch_unwind(|| {
        let device = Device::cuda(index);
        let _probe = burn::tensor::Tensor::<1>::zeros([1], &device).into_data();
        device
    })
    .map_err(|_| {
        Error::Device(format!(
            "cuda:{index}: no CUDA device found (is the driver installed?)"
        ))
    })
}

#[cfg(not(feature = "cuda"))]
fn cuda(index: usize) -> Result<Device> {
    Err(Error::Device(format!(
        "cuda:{index}: this build has no CUDA support; rebuild with `cargo build --release --features cuda`"
    )))
}

#[cfg(feature = "wgpu")]
fn wgpu(index: usize) -> Result<Device> {
    use burn::tensor::DeviceKind;
    std::panic::catch_unwind(|| {
        let device = Device::wgpu(DeviceKind::DiscreteGpu(index));
        let _probe = burn::tensor::Tensor::<1>::zeros([1], &device).into_data();
        device
    })
    .map_err(|_| Error::Device(format!("wgpu:{index}: no GPU adapter found")))
}

#[cfg(not(feature = "wgpu"))]
fn wgpu(index: usize) -> Result<Device> {
    Err(Error::Device(format!(
        "wgpu:{index}: this build has no wgpu support; rebuild with `cargo build --release --features wgpu`"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_spelling() {
        assert_eq!("auto".parse(), Ok(DeviceSpec::Auto));
        assert_eq!("cpu".parse(), Ok(DeviceSpec::Cpu));
        assert_eq!("cuda".parse(), Ok(DeviceSpec::Cuda(0)));
        assert_eq!("cuda:1".parse(), Ok(DeviceSpec::Cuda(1)));
        assert_eq!("wgpu:0".parse(), Ok(DeviceSpec::Wgpu(0)));
        assert!(
            "tpu"
                .parse::<DeviceSpec>()
                .unwrap_err()
                .contains("expected auto")
        );
        assert!("cuda:x".parse::<DeviceSpec>().is_err());
    }

    #[cfg(not(feature = "cuda"))]
    #[test]
    fn missing_feature_is_an_error_that_names_it() {
        let err = resolve(DeviceSpec::Cuda(0)).unwrap_err().to_string();
        assert!(err.contains("--features cuda"), "{err}");
    }

    #[cfg(not(any(feature = "cuda", feature = "wgpu")))]
    #[test]
    fn without_gpus_everything_falls_back_to_the_cpu() {
        assert_eq!(try_all_gpus().len(), 1);
        assert_eq!(describe(&try_gpu(0)), describe(&cpu()));
    }
}
