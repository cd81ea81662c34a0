#!/usr/bin/env bash
# GPU check for d2l-rs (issue: GPU training).
#
#   scripts/gpu-check.sh build [cuda|wgpu]   build target/release/d2l with a GPU backend (no GPU needed)
#   scripts/gpu-check.sh run   [cuda|wgpu]   on a machine with the GPU: softmax (10 epochs) and
#                                            linear regression, printing time per epoch, test
#                                            accuracy and the backend used
#
# `run` needs the d2l binary next to it (or D2L=path) and Fashion-MNIST under $D2L_DATA_DIR.
set -euo pipefail
mode="${1:-run}"
backend="${2:-cuda}"
here="$(cd "$(dirname "$0")/.." && pwd)"

case "$mode" in
  build)
    cd "$here"
    cargo build --release --features "$backend"
    echo "built $here/target/release/d2l with --features $backend"
    ;;
  run)
    d2l="${D2L:-$here/target/release/d2l}"
    [ -x "$d2l" ] || { echo "no d2l binary at $d2l (set D2L=...)" >&2; exit 1; }
    "$d2l" devices 2>/dev/null || true
    for impl in scratch concise; do
      echo "== softmax --impl $impl --device $backend"
      "$d2l" softmax --impl "$impl" --device "$backend" --no-plots --json | tail -1
    done
    echo "== linreg --impl concise --device $backend"
    "$d2l" linreg --impl concise --device "$backend" --json | tail -1
    ;;
  *)
    echo "usage: $0 build|run [cuda|wgpu]" >&2
    exit 2
    ;;
esac
