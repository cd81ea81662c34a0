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

/// One device that a GPU backend of this build can open, as `d2l devices` lists it.
#[derive(Debug, Clone)]
pub struct Accelerator {
    /// How `--device` names it: `cuda:0`, `wgpu:1`.
    pub spec: DeviceSpec,
    /// The name the driver reports: `NVIDIA H200`, `llvmpipe (LLVM 15.0.6, 256 bits)`.
    pub name: String,
    /// False for a device that is no card, such as Mesa's lavapipe (Vulkan on the CPU): it runs
    /// the GPU code path, slowly, and `auto` never picks it.
    pub hardware: bool,
    /// The device itself.
    pub device: Device,
}

/// Opens the device that `spec` names; `Auto` never fails (it falls back to the CPU).
pub fn resolve(spec: DeviceSpec) -> Result<Device> {
    match spec {
        DeviceSpec::Cpu => Ok(cpu()),
        DeviceSpec::Auto => Ok(try_gpu(0)),
        DeviceSpec::Cuda(index) => pick(cuda_devices()?, "cuda", index),
        DeviceSpec::Wgpu(index) => pick(wgpu_devices()?, "wgpu", index),
    }
}

/// Every device of every GPU backend compiled in, CUDA first; within a backend, real GPUs come
/// before software devices, so `wgpu:0` is a GPU wherever the machine has one.
///
/// A backend that is compiled in but finds no driver contributes nothing.
pub fn accelerators() -> Vec<Accelerator> {
    let mut all = cuda_devices().unwrap_or_default();
    all.extend(wgpu_devices().unwrap_or_default());
    all
}

/// GPU `i` if there is one, else the CPU (d2l's `try_gpu`).
pub fn try_gpu(i: usize) -> Device {
    gpus().into_iter().nth(i).unwrap_or_else(cpu)
}

/// The hardware GPUs this build can open, in `accelerators` order.
pub fn gpus() -> Vec<Device> {
    accelerators()
        .into_iter()
        .filter(|accelerator| accelerator.hardware)
        .map(|accelerator| accelerator.device)
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

/// A short description of `device` for logs and JSON reports: `cpu (flex)`, or the name the
/// driver gives a GPU.
pub fn describe(device: &Device) -> String {
    if *device == cpu() {
        return "cpu (flex)".to_string();
    }
    #[cfg(any(feature = "cuda", feature = "wgpu"))]
    if let Some(identity) = device.identity() {
        return identity.name;
    }
    format!("{device:?}")
}

/// How many of d2l-rs's changes the burn-flex and burn-autodiff of this build carry: `Some`
/// for the patched copies in `patches/` (their build scripts announce themselves), `None` for
/// the published crates. A `[patch]` in d2l's manifest reaches only builds of this repository;
/// a notebook or a library user gets the patches through the lines the README gives.
pub fn patches() -> Option<(usize, usize)> {
    let count = |text: &str| text.parse::<usize>().ok();
    Some((
        count(env!("D2L_BURN_FLEX_PATCHES"))?,
        count(env!("D2L_BURN_AUTODIFF_PATCHES"))?,
    ))
}

/// One line naming the engine this build of d2l computes with, which notebooks print first:
/// the same numbers come out either way, but the published burn-flex trains several times
/// slower (README, Notebooks).
pub fn engine() -> String {
    match patches() {
        Some((flex, autodiff)) => format!(
            "burn engine: patched (d2l-rs): burn-flex with {flex} changes, burn-autodiff with \
             {autodiff}"
        ),
        None => "burn engine: burn-flex and burn-autodiff as published, without d2l-rs's \
                 patches (slower; the README's Notebooks section says how to get them)"
            .to_string(),
    }
}

/// Device `index` of `devices` (one backend's), or an error that says how many there are.
fn pick(devices: Vec<Accelerator>, backend: &str, index: usize) -> Result<Device> {
    let count = devices.len();
    devices
        .into_iter()
        .nth(index)
        .map(|accelerator| accelerator.device)
        .ok_or_else(|| {
            Error::Device(match count {
                0 => format!("{backend}:{index}: no {backend} device found (is the driver installed?)"),
                _ => format!(
                    "{backend}:{index}: no such device; this machine has {count} {backend} device(s), \
                     numbered from 0 (`d2l devices` lists them)"
                ),
            })
        })
}

/// The devices of one cubecl backend (CUDA or wgpu), hardware first, numbered as `--device`
/// names them (`spec(0)`, `spec(1)`, ...).
#[cfg(any(feature = "cuda", feature = "wgpu"))]
fn list(backend: burn::tensor::DeviceType, spec: fn(usize) -> DeviceSpec) -> Vec<Accelerator> {
    // A backend without its driver may panic while it looks for devices: that means "none here".
    let mut found = quietly(|| {
        Device::enumerate(backend)
            .into_vec()
            .into_iter()
            .map(|device| {
                // A card has a physical identity (a PCI address); lavapipe and the like have none.
                let identity = device.identity();
                Accelerator {
                    spec: spec(0),
                    hardware: identity.as_ref().is_some_and(|id| id.physical.is_some()),
                    name: identity.map_or_else(|| format!("{device:?}"), |id| id.name),
                    device,
                }
            })
            .collect::<Vec<_>>()
    })
    .unwrap_or_default();
    // A stable sort: the driver's order stays within hardware and within software devices.
    found.sort_by_key(|accelerator| !accelerator.hardware);
    for (index, accelerator) in found.iter_mut().enumerate() {
        accelerator.spec = spec(index);
    }
    found
}

/// Runs `probe`, turning a panic into `None` without printing it (the panic hook is process-wide,
/// so a panic on another thread meanwhile goes unprinted too: call it only to look for devices).
#[cfg(any(feature = "cuda", feature = "wgpu"))]
fn quietly<T>(probe: impl FnOnce() -> T + std::panic::UnwindSafe) -> Option<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(probe).ok();
    std::panic::set_hook(hook);
    result
}

#[cfg(feature = "cuda")]
fn cuda_devices() -> Result<Vec<Accelerator>> {
    Ok(list(burn::tensor::DeviceType::Cuda, DeviceSpec::Cuda))
}

#[cfg(not(feature = "cuda"))]
fn cuda_devices() -> Result<Vec<Accelerator>> {
    Err(Error::Device(
        "cuda: this build has no CUDA support; rebuild with `cargo build --release --features cuda`"
            .to_string(),
    ))
}

#[cfg(feature = "wgpu")]
fn wgpu_devices() -> Result<Vec<Accelerator>> {
    Ok(list(burn::tensor::DeviceType::Wgpu, DeviceSpec::Wgpu))
}

#[cfg(not(feature = "wgpu"))]
fn wgpu_devices() -> Result<Vec<Accelerator>> {
    Err(Error::Device(
        "wgpu: this build has no wgpu support; rebuild with `cargo build --release --features wgpu`"
            .to_string(),
    ))
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

    #[test]
    fn picking_a_device_that_is_not_there_says_how_many_there_are() {
        let listed = |count| {
            (0..count)
                .map(|i| Accelerator {
                    spec: DeviceSpec::Wgpu(i),
                    name: format!("card {i}"),
                    hardware: true,
                    device: cpu(),
                })
                .collect::<Vec<_>>()
        };
        assert!(pick(listed(2), "wgpu", 1).is_ok());
        let err = pick(listed(2), "wgpu", 2).unwrap_err().to_string();
        assert!(
            err.starts_with("wgpu:2: no such device; this machine has 2 wgpu device(s)"),
            "{err}"
        );
        let err = pick(listed(0), "cuda", 0).unwrap_err().to_string();
        assert_eq!(
            err,
            "cuda:0: no cuda device found (is the driver installed?)"
        );
    }

    #[cfg(not(any(feature = "cuda", feature = "wgpu")))]
    #[test]
    fn without_gpus_everything_falls_back_to_the_cpu() {
        assert_eq!(try_all_gpus().len(), 1);
        assert_eq!(describe(&try_gpu(0)), describe(&cpu()));
    }
}
