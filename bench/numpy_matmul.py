"""numpy/OpenBLAS peer for bench/dot_general.ts: times a @ b for the shapes given, prints JSON."""
import json
import sys
import time

import numpy as np


def bench(shape_a, shape_b, reps):
    rng = np.random.default_rng(0)
    a = rng.standard_normal(shape_a, dtype=np.float32)
    b = rng.standard_normal(shape_b, dtype=np.float32)
    np.matmul(a, b)  # warm-up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        np.matmul(a, b)
        times.append(time.perf_counter() - t0)
    return times


def main():
    cases = json.loads(sys.argv[1])
    out = {c["name"]: bench(c["a"], c["b"], c["reps"]) for c in cases}
    blas = "unknown"
    try:
        from threadpoolctl import threadpool_info

        blas = ", ".join(f'{i["internal_api"]} {i.get("version")} ({i["num_threads"]} threads)' for i in threadpool_info())
    except Exception:
        pass
    print(json.dumps({"times": out, "blas": blas, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
