"""numpy peer for bench/elementwise_chain.ts: y = max(x * a + b, 0) * exp(-x) over N f32.

  python3 bench/elementwise_chain_numpy.py N REPS

Times two forms, each rep on the same input: the plain expression (numpy allocates a
temporary per op) and the same six ufuncs writing into preallocated arrays (out=).
numpy's ufuncs run on one thread. Prints one JSON line: seconds per rep for each form.
"""
import json
import sys
import time

import numpy as np

A, B = np.float32(1.5), np.float32(0.25)


def plain(x):
    return np.maximum(x * A + B, np.float32(0)) * np.exp(-x)


def into(x, t, u, y):
    np.multiply(x, A, out=t)
    np.add(t, B, out=t)
    np.maximum(t, np.float32(0), out=t)
    np.negative(x, out=u)
    np.exp(u, out=u)
    np.multiply(t, u, out=y)
    return y


def main():
    n, reps = int(sys.argv[1]), int(sys.argv[2])
    x = (np.arange(n, dtype=np.float32) % np.float32(1024)) / np.float32(256) - np.float32(2)
    t, u, y = np.empty_like(x), np.empty_like(x), np.empty_like(x)
    check = float(np.abs(plain(x[:4096]) - into(x[:4096], t[:4096], u[:4096], y[:4096])).max())
    out = {"plain": [], "out": [], "check": check, "numpy": np.__version__}
    for form, fn in (("plain", lambda: plain(x)), ("out", lambda: into(x, t, u, y))):
        fn()  # warm-up (page faults of the preallocated arrays)
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            out[form].append(time.perf_counter() - t0)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
