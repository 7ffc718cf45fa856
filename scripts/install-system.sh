#!/usr/bin/env bash
# Installs the Debian packages tsmlx builds and tests with; installs only what is missing.
set -euo pipefail
PACKAGES=(
  g++ make pkg-config
  libopenblas-dev          # BLAS for dot_general in the CPU plugin
  libdnnl-dev              # oneDNN: convolutions and pooling in the CPU plugin
  mlir-19-tools            # mlir-opt-19 checks every emitted StableHLO module
  python3-numpy python3-threadpoolctl   # numpy/OpenBLAS peer in bench/
  python3-torch            # PyTorch peer for bench/fashion_mnist_torch.py and bench/cifar.ts
  # Real data offline: Fashion-MNIST IDX files under /usr/share/datasets/fashion-mnist
  dataset-fashion-mnist
  # Jupyter front ends and clients that test the kernel (Debian's python: /usr/bin/python3)
  python3-jupyter-client python3-jupyter-kernel-test python3-nbclient
  jupyter-notebook jupyter-nbconvert
  python3-pil              # an independent PNG decoder for test/display/image.test.ts
  fonts-dejavu-core        # the face resvg draws chart text with (src/display/vega.ts)
  chromium                 # headless browser for the notebook UI test
  clang libclang-rt-14-dev # libFuzzer, ASan and UBSan for the engine's fuzz target (native/cpu/test/standalone/fuzz_compile.cc)
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
