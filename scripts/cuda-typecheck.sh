#!/usr/bin/env bash
# Type-checks and lints the `cuda` feature (cargo clippy) on a machine without internet.
#
# burn 0.22's CUDA backend (cubecl-cuda 0.11, every release) links LLVM 23, and the build script
# of tracel-llvm-bundler downloads that LLVM from GitHub: offline it panics. A check links
# nothing, so a stand-in for the bundle is enough: a folder marked as installed whose
# `llvm-config` is Debian's LLVM 19, whose headers compile cubecl-llvm's two small C++ shims.
# This proves that our `#[cfg(feature = "cuda")]` code compiles against burn's CUDA API; it
# builds no binary (for that, see README, "GPUs").
#
# Usage: scripts/cuda-typecheck.sh [FEATURES]   (default: cuda; CI checks "cuda,wgpu" at once)
# D2L_CUDA_CHECK_TARGET_DIR: the target folder. By default one of its own (target/cuda-check),
# so that no real build ever reuses what the stand-in produced; CI, which never builds cuda,
# points it at its own cache and so shares the checked dependencies with the rest of its steps.
set -euo pipefail
features="${1:-cuda}"
cd "$(dirname "$0")/.."

llvm_config=/usr/lib/llvm-19/bin/llvm-config
# llvm-config comes with llvm-19, the headers with llvm-19-dev: look for a header.
if [ ! -f /usr/lib/llvm-19/include/llvm/Linker/Linker.h ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends llvm-19-dev ||
    { apt-get update && apt-get install -y --no-install-recommends llvm-19-dev; }
fi

# The bundle's folder name carries the bundler's version, as Cargo.lock pins it.
version=$(grep -A1 '^name = "tracel-llvm-bundler"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
[ -n "$version" ] || { echo "tracel-llvm-bundler is not in Cargo.lock" >&2; exit 1; }

target="${D2L_CUDA_CHECK_TARGET_DIR:-${CARGO_TARGET_DIR:-target}/cuda-check}"
mkdir -p "$target"
target="$(cd "$target" && pwd)"
bundle="$target/xdg-data/tracel/tracel-llvm-$version"
mkdir -p "$bundle/bin"
ln -sf "$llvm_config" "$bundle/bin/llvm-config"
# Only once: the bundler's build script reruns whenever this file changes.
[ -e "$bundle/.tracel-llvm-installed" ] || touch "$bundle/.tracel-llvm-installed"

# The bundler finds its bundle under the XDG data folder.
# polars is left out (--no-default-features): nothing of it depends on the backend.
XDG_DATA_HOME="$target/xdg-data" \
  cargo clippy --all-targets --no-default-features --features "$features" --target-dir "$target" -- -D warnings
echo "--features $features type-checks (with a stand-in for LLVM 23; nothing was linked)"
