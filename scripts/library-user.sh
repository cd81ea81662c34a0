#!/usr/bin/env bash
# Checks what the README tells a library user: a crate outside this repository that depends on
# d2l by path, with the two [patch.crates-io] lines the README gives, builds d2l on d2l-rs's
# patched burn crates (d2l::device::engine() says so). Too slow for `cargo test` (a release
# build of burn in a folder of its own: ~5 min on 2 cores); run it after changing the patches,
# the README's lines or the burn version.
#
#   scripts/library-user.sh            # the README's lines: must report "patched (d2l-rs)"
#   scripts/library-user.sh --without  # without them: must report burn as published
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/learner/src"
{
  cat <<TOML
[package]
name = "learner"
version = "0.1.0"
edition = "2024"

[dependencies]
d2l = { path = "$repo", default-features = false }
TOML
  if [ "${1:-}" != "--without" ]; then
    # The README's lines (section "Using d2l from your own crate"), with its path filled in.
    cat <<TOML

[patch.crates-io]
burn-flex = { path = "$repo/patches/burn-flex" }
burn-autodiff = { path = "$repo/patches/burn-autodiff" }
TOML
  fi
} > "$work/learner/Cargo.toml"
echo 'fn main() { println!("{}", d2l::device::engine()); }' > "$work/learner/src/main.rs"
export CARGO_TARGET_DIR="${D2L_LIBRARY_CHECK_TARGET:-$work/target}"
# From the scratch crate's folder, outside the repository: its .cargo/config.toml does not apply.
engine="$(cd "$work/learner" && cargo run --release --quiet)"
echo "$engine"
if [ "${1:-}" = "--without" ]; then
  [[ "$engine" == *"as published"* ]]
else
  [[ "$engine" == *"patched (d2l-rs)"* ]]
fi
echo "library-user check passed"
