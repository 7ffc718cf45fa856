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
venv="${TSMLX_PEERS_VENV:-$root/.venv-peers}"
pins=("torch==2.13.0+cpu" "transformers==5.17.*" "safetensors" "tokenizers")
stamp="$venv/.tsmlx-peers"
want="${pins[*]}"
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/python" ]; then
  echo "$venv/bin/python"
  exit 0
fi
start=$(date +%s)
rm -rf "$venv"
python3 -m venv "$venv" >&2
# The packages come from the local wheel mirror that pip's configuration names; an index it
# cannot reach is not retried.
"$venv/bin/pip" install --retries 0 --timeout 3 --no-input --disable-pip-version-check \
  "${pins[@]}" >&2
"$venv/bin/python" -c "import torch, transformers, safetensors, tokenizers" >&2
echo "$want" >"$stamp"
echo "peers-venv: $venv ready in $(($(date +%s) - start)) s" >&2
echo "$venv/bin/python"
