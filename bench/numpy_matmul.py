"""numpy/OpenBLAS peer for bench/dot_general.ts: times each case's product, prints JSON.

  python3 bench/numpy_matmul.py '[{"name": ..., "a": [..], "b": [..], "ta": false, "tb": true, "reps": 5}]'

`a` and `b` are the stored shapes; `ta`/`tb` say that the last two dims are used transposed
(a view, as numpy's matmul takes it: BLAS gets a transpose flag, nothing is copied).
`a_perm` (optional) is a permutation applied to `a` first, for a batch dim stored inside.
"""
import json
import sys
import time

import numpy as np


def bench(case):
    rng = np.random.default_rng(0)
    a = rng.standard_normal(case["a"], dtype=np.float32)
    b = rng.standard_normal(case["b"], dtype=np.float32)
    if case.get("a_perm"):
        a = a.transpose(case["a_perm"])
    if case.get("ta"):
        a = np.swapaxes(a, -1, -2)
    if case.get("tb"):
        b = np.swapaxes(b, -1, -2)
    np.matmul(a, b)  # warm-up
    times = []
    for _ in range(case["reps"]):
        t0 = time.perf_counter()
        np.matmul(a, b)
        times.append(time.perf_counter() - t0)
    return times


def main():
    cases = json.loads(sys.argv[1])
    out = {c["name"]: bench(c) for c in cases}
    blas = "unknown"
    try:
        from threadpoolctl import threadpool_info

        blas = ", ".join(
            f'{i["internal_api"]} {i.get("version")} {i.get("architecture", "")} ({i["num_threads"]} threads)'
            for i in threadpool_info()
        )
    except Exception:
        pass
    print(json.dumps({"times": out, "blas": blas, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
