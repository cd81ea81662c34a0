"""Reference outputs of pandas for the CSV differential test (tests/csv_pandas.rs).

Each case is a small CSV file with one quirk of the format (blank lines, quoted fields with
commas and line breaks, a byte-order mark, CRLF, missing-value tokens, numbers written as text,
huge and tiny numbers). For each, pandas runs the book's steps of d2l-zh 2.2, as `d2l preprocess
FILE` does them:

    frame = pd.read_csv(path)
    frame = frame.fillna(frame.mean(numeric_only=True))
    frame = pd.get_dummies(frame, dummy_na=True)
    x = frame.to_numpy(dtype=np.float32)

and the shape, the column names and the values of x are written to
tests/fixtures/csv_pandas.json. Regenerate (pandas 3, e.g. the peers venv of scripts/peers):

    python scripts/csv_fixtures.py
"""

import io
import json
import math
import pathlib

import numpy as np
import pandas as pd

CASES = {
    "blank_lines": "a,b\n1,x\n\n2,y\n\n\n3,x\n\n",
    "quoted_commas_and_newlines": 'id,text,v\n1,"a, b",1.5\n2,"two\nlines",2.5\n3,"say ""hi""",NA\n',
    "byte_order_mark": "\ufeffsize,kind\n10,a\n20,b\n",
    "crlf": "size,kind\r\n1,a\r\n,b\r\n3,\r\n",
    "na_tokens": "v,w\nNA,a\nN/A,NULL\nnan,b\n4,#N/A\n-NaN,None\n6,\n",
    "numeric_looking_strings": "code,n\n007,1e3\n010,+3\n100,.5\n",
    "text_that_looks_numeric": 'z,n\n0x10,1\n"1,000",2\n1_000,3\n',
    "huge_and_tiny": "big,tiny\n1e38,1e-30\n-3.4e38,1e-45\n12345678901234567,-0.0\n",
    "only_missing_column": "a,b\n1,\n2,\n3,\n",
    "integers_and_floats_mixed": "m\n1\n2\n2.5\n",
    "dummies_order": "n,c,d\n1,y,q\n2,x,NA\nNA,y,p\n",
    "booleans": "flag,n\nTrue,1\nFalse,2\nTRUE,3\n",
    "booleans_with_gaps": "flag,n\ntrue,1\nNA,2\nFALSE,3\n",
    "blanks_around_numbers": 'p,q\n 5 ,1\n"6 ",2\n7,3\n',
}


def reference(text):
    frame = pd.read_csv(io.StringIO(text))
    frame = frame.fillna(frame.mean(numeric_only=True))
    frame = pd.get_dummies(frame, dummy_na=True)
    x = frame.to_numpy(dtype=np.float32)

    def cell(v):
        v = float(v)
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return v

    return {
        "csv": text,
        "shape": list(x.shape),
        "columns": [str(c) for c in frame.columns],
        "values": [[cell(v) for v in row] for row in x],
    }


def main():
    out = {"pandas": pd.__version__, "cases": {k: reference(v) for k, v in CASES.items()}}
    path = pathlib.Path(__file__).resolve().parent.parent / "tests/fixtures/csv_pandas.json"
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path} (pandas {pd.__version__}, {len(CASES)} cases)")


if __name__ == "__main__":
    main()
