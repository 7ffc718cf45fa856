"""Executes a notebook with Debian's nbclient through the tsmlx kernel (without saving it) and
prints JSON: the outputs of every code cell from this run ("fresh") and as saved in the file ("saved").

Usage: /usr/bin/python3 test/kernel/run_notebook.py <notebook.ipynb> [cell timeout in seconds, default 120]
The kernelspec must be reachable through JUPYTER_PATH (kernels/tsmlx/kernel.json).
"""
import json
import os
import re
import sys

import nbformat
from nbclient import NotebookClient

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def summarize(nb):
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outs = []
        for o in cell.get("outputs", []):
            if o.output_type == "stream":
                outs.append({"type": "stream", "name": o.name, "text": o.text})
            elif o.output_type == "error":
                outs.append({"type": "error", "ename": o.ename, "evalue": o.evalue,
                             "traceback": [ANSI.sub("", t) for t in o.traceback]})
            else:
                outs.append({"type": o.output_type, "mimes": sorted(o.data.keys()),
                             "text": o.data.get("text/plain"), "html": o.data.get("text/html"),
                             "markdown": o.data.get("text/markdown")})
        cells.append({"source": cell.source, "tags": cell.metadata.get("tags", []), "outputs": outs})
    return cells


path = os.path.abspath(sys.argv[1])
saved = nbformat.read(path, as_version=4)
fresh = nbformat.read(path, as_version=4)
cell_timeout = int(sys.argv[2]) if len(sys.argv) > 2 else 120
client = NotebookClient(fresh, kernel_name="tsmlx", timeout=cell_timeout,
                        resources={"metadata": {"path": os.path.dirname(path)}})
client.execute()
print(json.dumps({"fresh": summarize(fresh), "saved": summarize(saved)}))
