#!/usr/bin/env bash
# Executes the notebooks in notebooks/ (all, or those given) with the evcxr Jupyter kernel and
# stores their outputs in them. Installs what that needs when it is missing: the rust-src
# component, evcxr_jupyter 0.22.0 and its kernel spec, and Python's nbclient in a virtual
# environment (~/.cache/d2l-rs/notebook-venv, or $D2L_NOTEBOOK_VENV).
#
#   scripts/notebooks.sh                                   # every notebook
#   scripts/notebooks.sh notebooks/3.6-softmax-regression-scratch.ipynb
#
# First it writes each notebook's cells from its example (examples/*.rs) where they differ, so
# the code that runs is the code `cargo test` compiled. Data comes from $D2L_DATA_DIR like
# everything else. evcxr builds d2l and burn once in target/evcxr (notebooks/evcxr.toml; kept
# between runs): the first run takes minutes, later ones reuse that build. There cargo finds
# .cargo/config.toml, so d2l is built with the patched burn crates of patches/; a notebook that
# trains prints its engine first, and a run that was not patched fails.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup component list --installed 2>/dev/null | grep -q '^rust-src' || rustup component add rust-src
command -v evcxr_jupyter >/dev/null 2>&1 || cargo install --locked evcxr_jupyter --version 0.22.0
venv="${D2L_NOTEBOOK_VENV:-$HOME/.cache/d2l-rs/notebook-venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import nbclient, nbformat' 2>/dev/null ||
  "$venv/bin/pip" install --quiet nbclient nbformat ipykernel
kernels="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels/rust"
[ -f "$kernels/kernel.json" ] || evcxr_jupyter --install

D2L_WRITE_NOTEBOOKS=1 cargo test --release --quiet --test integration \
  notebooks::every_notebook_is_its_example_and_was_executed_from_it

"$venv/bin/python" scripts/run_notebooks.py "$@"
