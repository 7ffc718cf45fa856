"""Throughput of a burst of execute requests: N execute_requests sent at once by Debian's
jupyter_client, time until the last execute_reply, for the tsmlx kernel and for ipykernel on
the same machine, and their ratio.

Usage: /usr/bin/python3 bench/kernel_throughput.py [N=1000]   (after `make ts`)
"""
import json
import os
import shutil
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000


def burst(kernel_name, code, n):
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        kc.execute_interactive(code(0), timeout=60)  # warm: the first cell loads the compiler
        started = time.perf_counter()
        ids = {kc.execute(code(i)) for i in range(n)}
        replies = 0
        while ids:
            msg = kc.get_shell_msg(timeout=300)
            if msg["parent_header"].get("msg_id") in ids:
                ids.discard(msg["parent_header"]["msg_id"])
                replies += msg["content"]["status"] == "ok"
        seconds = time.perf_counter() - started
        return seconds, replies
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    data = tempfile.mkdtemp(prefix="tsmlx-throughput-")
    try:
        spec = os.path.join(data, "kernels", "tsmlx")
        os.makedirs(spec)
        with open(os.path.join(spec, "kernel.json"), "w") as f:
            json.dump({"argv": [shutil.which("node"), os.path.join(ROOT, "dist", "kernel", "main.js"),
                                "{connection_file}"], "display_name": "tsmlx", "language": "typescript",
                       "interrupt_mode": "message"}, f)
        os.environ["JUPYTER_PATH"] = data
        os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # ipykernel's debugger notice on stderr
        os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(data, "runtime")
        results = {}
        for name, code in [("tsmlx", lambda i: f"const x{i % 7} = {i}; x{i % 7}"),
                           ("python3", lambda i: f"x{i % 7} = {i}; x{i % 7}")]:
            seconds, ok = burst(name, code, N)
            results[name] = seconds
            print(f"{name:8s} {N} execute requests: {seconds:.2f} s ({N / seconds:.0f}/s), {ok} ok")
        print(f"tsmlx / ipykernel time: {results['tsmlx'] / results['python3']:.2f}")
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
