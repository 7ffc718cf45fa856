"""Compiles StableHLO modules on XLA's CPU backend (through jaxlib) and runs each on the inputs
saved beside it, comparing XLA's outputs with the outputs the tsmlx plugin gave.

    python xla_run.py DIR

DIR/index.json lists {"name", "mlir" (path), "bin", "ulps", "inputs": [specs], "outputs": [specs]}
with specs {"dtype", "shape", "offset", "bytes"} into the .bin file (raw little-endian bytes).
Prints one JSON line per module: {"name", "status": "ok" | "mismatch" | "rejected" | "failed",
"detail"}. Floats agree within the module's ulps (at least 2: XLA's and the plugin's elementary
functions round differently) or 1e-6 relative; integers and booleans exactly; NaN matches NaN.
"""

import json
import os
import sys

import jax
import ml_dtypes
import numpy as np

jax.config.update("jax_platforms", "cpu")
jax.config.update("jax_enable_x64", True)

from jax._src import compiler, xla_bridge  # noqa: E402

DTYPES = {
    "bool": np.bool_,
    "i8": np.int8,
    "i16": np.int16,
    "i32": np.int32,
    "i64": np.int64,
    "u8": np.uint8,
    "u32": np.uint32,
    "u64": np.uint64,
    "f16": np.float16,
    "bf16": ml_dtypes.bfloat16,
    "f32": np.float32,
    "f64": np.float64,
}


def arrays(blob, specs):
    out = []
    for s in specs:
        raw = blob[s["offset"] : s["offset"] + s["bytes"]]
        out.append(np.frombuffer(raw, dtype=DTYPES[s["dtype"]]).reshape(s["shape"]))
    return out


def difference(got, want, ulps):
    if got.dtype != want.dtype:
        return f"dtype {got.dtype}, expected {want.dtype}"
    if got.shape != want.shape:
        return f"shape {got.shape}, expected {want.shape}"
    if not np.issubdtype(want.dtype, np.floating) and want.dtype != ml_dtypes.bfloat16:
        bad = np.nonzero(got != want)[0] if got.ndim == 1 else np.argwhere(got != want)
        if len(bad):
            i = tuple(np.atleast_1d(bad[0]))
            return f"element {i} is {got[i]}, XLA gives {want[i]}"
        return None
    g = got.astype(np.float64)
    w = want.astype(np.float64)
    both_nan = np.isnan(g) & np.isnan(w)
    spacing = np.abs(np.spacing(want.astype(want.dtype))).astype(np.float64)
    tol = np.maximum(spacing * max(ulps, 2), np.abs(w) * 1e-6)
    with np.errstate(invalid="ignore"):
        ok = both_nan | (g == w) | (np.abs(g - w) <= tol)
    if ok.all():
        return None
    i = tuple(np.argwhere(~ok)[0])
    return f"element {i} is {g[i]!r}, XLA gives {w[i]!r}"


def main(directory):
    backend = xla_bridge.get_backend("cpu")
    devices = backend.devices()[:1]
    # The options jax.jit compiles with (XLA's CPU defaults alone let min/max drop NaN).
    options = compiler.get_compile_options(num_replicas=1, num_partitions=1, backend=backend)
    with open(os.path.join(directory, "index.json")) as fh:
        index = json.load(fh)
    for m in index["modules"]:
        result = {"name": m["name"], "status": "ok", "detail": ""}
        try:
            with open(m["mlir"]) as fh:
                text = fh.read()
            try:
                exe = backend.compile_and_load(text, devices, options)
            except Exception as e:  # XLA refuses the module: an emitter bug
                result.update(status="rejected", detail=str(e).splitlines()[0][:2000])
                print(json.dumps(result), flush=True)
                continue
            with open(os.path.join(directory, m["bin"]), "rb") as fh:
                blob = fh.read()
            ins = [jax.device_put(a, devices[0]) for a in arrays(blob, m["inputs"])]
            outs = [np.asarray(o) for o in exe.execute(ins)]
            want = arrays(blob, m["outputs"])
            if len(outs) != len(want):
                result.update(status="mismatch", detail=f"XLA gives {len(outs)} outputs, the plugin {len(want)}")
            else:
                for k, (x, p) in enumerate(zip(outs, want)):
                    d = difference(p, x, m.get("ulps", 0))
                    if d:
                        result.update(status="mismatch", detail=f"output {k}: plugin's {d}")
                        break
        except Exception as e:
            result.update(status="failed", detail=repr(e)[:2000])
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
