#!/usr/bin/env bash
# Registers the tsmlx kernel ("TypeScript (tsmlx)") with Jupyter: `tsmlx kernel install` run from
# this checkout, so the kernelspec points at its dist/kernel/main.js (run `make build` first).
# Usage: scripts/install-kernelspec.sh [--user | --sys-prefix | --prefix DIR]   (default --user)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -f "$root/dist/src/cli/bin.js" ] || [ ! -f "$root/dist/kernel/main.js" ]; then
  echo "install-kernelspec: $root/dist is not built; run 'make build' first" >&2
  exit 1
fi
exec node "$root/dist/src/cli/bin.js" kernel install "$@"
