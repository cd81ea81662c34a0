#!/usr/bin/env bash
# GPU check for d2l-rs (d2l-zh 5.6, GPU).
#
#   scripts/gpu-check.sh build [cuda|wgpu]   build target/release/d2l with a GPU backend; needs no GPU.
#                                            `cuda` downloads burn's LLVM bundle once (see README).
#   scripts/gpu-check.sh run   [cuda|wgpu]   on the machine with the GPU: list the devices, train
#                                            softmax regression (10 epochs, both implementations)
#                                            and linear regression on the GPU, then the same softmax
#                                            on the CPU; prints time per epoch, test accuracy and
#                                            the device each ran on.
#
# `run` needs only the binary (D2L=path, default target/release/d2l) and Fashion-MNIST under
# $D2L_DATA_DIR/fashion-mnist: copy both to the GPU machine, which needs no Rust toolchain.
set -euo pipefail
mode="${1:-run}"
backend="${2:-cuda}"
here="$(cd "$(dirname "$0")/.." && pwd)"

case "$backend" in
  cuda|wgpu) ;;
  *) echo "unknown backend '$backend' (expected cuda or wgpu)" >&2; exit 2 ;;
esac

case "$mode" in
  build)
    cd "$here"
    cargo build --release --features "$backend"
    echo "built $here/target/release/d2l with --features $backend"
    ;;
  run)
    d2l="${D2L:-$here/target/release/d2l}"
    [ -x "$d2l" ] || { echo "no d2l binary at $d2l (set D2L=...)" >&2; exit 1; }
    echo "== d2l devices"
    "$d2l" devices
    for device in "$backend" cpu; do
      for impl in scratch concise; do
        echo "== softmax --impl $impl --device $device (10 epochs)"
        "$d2l" softmax --impl "$impl" --device "$device" --no-plots
      done
    done
    for impl in scratch concise; do
      echo "== linreg --impl $impl --device $backend"
      "$d2l" linreg --impl "$impl" --device "$backend" | tail -2
    done
    echo "== bench softmax --device $backend (medians of 3)"
    "$d2l" bench softmax --device "$backend" --runs 3
    ;;
  *)
    echo "usage: $0 build|run [cuda|wgpu]" >&2
    exit 2
    ;;
esac
