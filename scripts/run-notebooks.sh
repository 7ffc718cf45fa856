#!/usr/bin/env bash
# Re-executes notebooks in place through the tsmlx kernel, so their saved outputs come from a real run.
# Usage: scripts/run-notebooks.sh [notebooks/tour.ipynb ...]   (default: every notebook in notebooks/)
# Uses a private kernelspec (nothing is registered for the user); run `make build` first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
mkdir -p "$tmp/home"
trap 'rm -rf "$tmp"' EXIT
node "$root/dist/kernel/kernelspec.js" "$tmp/kernels/tsmlx"
export JUPYTER_PATH="$tmp" JUPYTER_CONFIG_DIR="$tmp/config" JUPYTER_RUNTIME_DIR="$tmp/runtime"
notebooks=("$@")
[ ${#notebooks[@]} -gt 0 ] || notebooks=("$root"/notebooks/*.ipynb)
for nb in "${notebooks[@]}"; do
  echo "executing $nb"
  envs=()
  # cifar10.ipynb is saved as the offline tests run it: no CIFAR-10 cache, no download, synthetic data.
  [ "$(basename "$nb")" != cifar10.ipynb ] ||
    envs=(-u TSMLX_CIFAR10_DIR -u XDG_CACHE_HOME HOME="$tmp/home" TSMLX_CIFAR10_DOWNLOAD=0)
  # gemma.ipynb is saved as the tests run it: no checkpoint, TINY_GEMMA with random weights.
  [ "$(basename "$nb")" != gemma.ipynb ] || envs=(-u TSMLX_GEMMA_DIR)
  env "${envs[@]}" /usr/bin/jupyter-nbconvert --to notebook --execute --inplace \
    --ExecutePreprocessor.kernel_name=tsmlx --ExecutePreprocessor.timeout=300 "$nb"
done
