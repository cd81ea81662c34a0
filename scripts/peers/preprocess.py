#!/usr/bin/env python3
"""The pandas side of `d2l bench preprocess`: what `d2l preprocess FILE` does, in pandas, as
d2l-zh 2.2 writes it: read the CSV, fill numeric gaps with the column mean, one-hot encode the
text columns with a column for missing values, and convert to a float32 array (the tensor).

Prints one JSON line with the result's shape and the peak RSS; `d2l bench` times the whole
process from outside.
"""
import json
import resource
import sys

import numpy as np
import pandas as pd


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: preprocess.py FILE.csv")
    data = pd.read_csv(sys.argv[1])
    numeric = data.select_dtypes(include="number").columns
    data[numeric] = data[numeric].fillna(data[numeric].mean())
    features = pd.get_dummies(data, dummy_na=True)
    x = features.to_numpy(dtype=np.float32)
    print(
        json.dumps(
            {
                "peer": f"pandas {pd.__version__}",
                "rows": x.shape[0],
                "columns": x.shape[1],
                "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            }
        )
    )


if __name__ == "__main__":
    main()
