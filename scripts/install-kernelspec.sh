#!/usr/bin/env bash
# Registers the tsmlx kernel ("TypeScript (tsmlx)") with Jupyter.
# Usage: scripts/install-kernelspec.sh [--user | --sys-prefix | --prefix DIR]   (default --user)
# The kernelspec points at this checkout's dist/kernel/main.js: run `make build` first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mode=("${@:---user}")
if [ ! -f "$root/dist/kernel/main.js" ]; then
  echo "install-kernelspec: $root/dist/kernel/main.js is missing; run 'make build' first" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
node "$root/dist/kernel/kernelspec.js" "$tmp/tsmlx"
# `jupyter kernelspec` comes with Debian's jupyter-client package; the python module always
# comes with python3-jupyter-client (use Debian's python: python3 on PATH may be another one).
if [ -x /usr/bin/jupyter-kernelspec ]; then
  kernelspec=(/usr/bin/jupyter-kernelspec)
else
  kernelspec=(/usr/bin/python3 -m jupyter_client.kernelspecapp)
fi
"${kernelspec[@]}" install --name tsmlx "${mode[@]}" "$tmp/tsmlx"
