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
jupyter=/usr/bin/jupyter
[ -x "$jupyter" ] || jupyter="$(command -v jupyter)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
node "$root/dist/kernel/kernelspec.js" "$tmp/tsmlx"
"$jupyter" kernelspec install --name tsmlx --replace "${mode[@]}" "$tmp/tsmlx"
