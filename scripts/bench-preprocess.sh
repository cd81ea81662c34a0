#!/usr/bin/env bash
# d2l-rs against pandas on the same generated CSV (1,000,000 rows x 20 columns), in one run.
# Needs a release build and python3 with pandas (`pip install pandas`).
set -euo pipefail
cd "$(dirname "$0")/.."
file="${1:-target/bench-preprocess.csv}"
rows="${ROWS:-1000000}"
./target/release/d2l bench preprocess --rows "$rows" --file "$file" --runs 3
python3 - "$file" <<'PY'
import sys, time, resource
import pandas as pd
path = sys.argv[1]
times = []
for _ in range(3):
    start = time.perf_counter()
    data = pd.read_csv(path)
    numeric = data.select_dtypes(include="number").columns
    data[numeric] = data[numeric].fillna(data[numeric].mean())
    features = pd.get_dummies(data, dummy_na=True)
    times.append(time.perf_counter() - start)
times.sort()
print(f"pandas {pd.__version__}: read_csv + fillna(mean) + get_dummies {times[1]:.3f} s (median of 3), "
      f"result {features.shape[0]} x {features.shape[1]}")
print(f"pandas peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} kB")
PY
