"""Runs a list of cells through the tsmlx kernel with Debian's jupyter_client, one at a time,
and prints one JSON list: per cell its reply status, error and outputs (text/plain of results,
their MIME types and display ids).

Usage: /usr/bin/python3 test/kernel/drive_cells.py <notebook-dir> <cells.json>
The kernelspec must be reachable through JUPYTER_PATH (kernels/tsmlx/kernel.json).
"""
import json
import sys
import time

from jupyter_client.manager import KernelManager

TIMEOUT = 60
notebook_dir, cells_path = sys.argv[1], sys.argv[2]
cells = json.load(open(cells_path))

km = KernelManager(kernel_name="tsmlx")
km.start_kernel(cwd=notebook_dir, stderr=open(f"{notebook_dir}/kernel-stderr.log", "w"))
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=60)
out = []
try:
    for code in cells:
        msg_id = kc.execute(code)
        deadline = time.time() + TIMEOUT
        while True:
            reply = kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        outputs = []
        while True:
            msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            t, c = msg["msg_type"], msg["content"]
            if t == "status" and c["execution_state"] == "idle":
                break
            if t in ("execute_result", "display_data", "update_display_data"):
                outputs.append({
                    "type": t,
                    "text": c["data"].get("text/plain"),
                    "mimes": sorted(c["data"].keys()),
                    "display_id": c.get("transient", {}).get("display_id"),
                })
            elif t == "stream":
                outputs.append({"type": t, "name": c["name"], "text": c["text"]})
            elif t == "error":
                outputs.append({"type": t, "ename": c["ename"], "evalue": c["evalue"], "traceback": c["traceback"]})
        out.append({"status": reply["content"]["status"], "outputs": outputs})
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps(out))
