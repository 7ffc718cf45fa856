#!/usr/bin/env bash
# Creates the Python environment of the Hugging Face peers that the Gemma and tokenizer tests
# check against: PyTorch 2.13 (CPU wheel), transformers 5.17, safetensors and tokenizers, in
# .venv-peers/ at the repository root (ignored by git). Prints the environment's python.
# Idempotent: a stamp naming the pinned set skips the work when it is already installed; a
# lock makes test files that call it at once wait for one install.
#
#   scripts/peers-venv.sh            # → /path/to/repo/.venv-peers/bin/python
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exec "$root/scripts/python-venv.sh" peers "${TSMLX_PEERS_VENV:-$root/.venv-peers}" "import torch, transformers, safetensors, tokenizers" "torch==2.13.0+cpu" "transformers==5.17.*" "safetensors" "tokenizers"
