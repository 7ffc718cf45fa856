"""Starts the tsmlx kernel with Debian's jupyter_client, asks it to complete each code given
on the command line at its end, and prints one JSON line: {code: [matches]}.

Usage: /usr/bin/python3 test/package/complete.py <notebook-dir> <code> [<code> ...]
The kernelspec must be reachable through JUPYTER_PATH (kernels/tsmlx/kernel.json).
"""
import json
import sys

from jupyter_client.manager import KernelManager

notebook_dir, codes = sys.argv[1], sys.argv[2:]
km = KernelManager(kernel_name="tsmlx")
km.start_kernel(cwd=notebook_dir)
kc = km.client()
kc.start_channels()
try:
    kc.wait_for_ready(timeout=60)
    found = {}
    for code in codes:
        reply = kc.complete(code, len(code), reply=True, timeout=60)
        found[code] = reply["content"].get("matches", [])
    print(json.dumps(found))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    del kc, km
