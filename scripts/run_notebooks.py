"""Executes notebooks with the evcxr kernel and stores their outputs (see scripts/notebooks.sh).

For each notebook: run every cell in order (the working folder is notebooks/), fail on the first
cell error, then record the sha1 of the code it ran in metadata.d2l.executed_code_sha1, which
tests/notebooks.rs compares with the code of the notebook's example.

    python scripts/run_notebooks.py [notebooks/NAME.ipynb ...]
"""

import hashlib
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = pathlib.Path(__file__).resolve().parent.parent


def code_sha1(nb):
    code = ["".join(c.source) for c in nb.cells if c.cell_type == "code"]
    return hashlib.sha1("\n\0\n".join(code).encode("utf-8")).hexdigest()


def run(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="rust",
        timeout=3600,
        startup_timeout=120,
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    )
    started = time.monotonic()
    try:
        client.execute()
    except CellExecutionError as err:
        # evcxr's compile errors come as the failed cell's outputs (the error itself is often
        # empty): show them with the error.
        shown = [str(err)]
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    shown += [output.get("evalue", "")] + output.get("traceback", [])
                elif output.get("output_type") == "stream" and output.get("name") == "stderr":
                    shown.append(output.get("text", ""))
        raise CellExecutionError("\n".join(shown), "cell", "a cell failed") from None
    # evcxr reports a panic in a cell as printed text, not as a cell error: look for it.
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and "panicked at" in output.get("text", ""):
                raise CellExecutionError(output["text"], "panic", f"cell {i} panicked")
    # A notebook that trains prints its engine first (d2l::device::engine()): it must be the
    # patched one, or the stored outputs and timings would come from the slower published burn.
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("text", "") if output.get("output_type") == "stream" else ""
            if text.startswith("burn engine:") and "patched (d2l-rs)" not in text:
                raise CellExecutionError(
                    text + "notebooks/evcxr.toml and .cargo/config.toml should give the kernel "
                    "the patched burn crates; is the kernel started in notebooks/?",
                    "engine",
                    "built without d2l-rs's patches",
                )
    nb.metadata.setdefault("d2l", {})["executed_code_sha1"] = code_sha1(nb)
    nbformat.write(nb, path)
    return time.monotonic() - started


def main(args):
    paths = [pathlib.Path(a) for a in args] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    total = 0.0
    for path in paths:
        try:
            seconds = run(path)
        except CellExecutionError as err:
            print(f"{path}: a cell failed:\n{err}", file=sys.stderr)
            return 1
        total += seconds
        print(f"{path.name}: {seconds:.0f} s", flush=True)
    print(f"{len(paths)} notebooks in {total:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
