#!/usr/bin/env bash
# Creates the Python environment with JAX 0.10.2 (XLA's CPU compiler, from pip) and optax that
# the StableHLO interoperability tests use: JAX lowers its programs for tsmlx's plugin to run
# (test/native/cpu/jax_modules.test.ts) and XLA runs tsmlx's golden modules
# (test/stablehlo/xla_goldens.test.ts). In .venv-jax/ at the repository root (ignored by git).
# Prints the environment's python. Idempotent: a stamp naming the pinned set skips the work when
# it is already installed; a lock makes test files that call it at once wait for one install.
#
#   scripts/jax-venv.sh            # → /path/to/repo/.venv-jax/bin/python
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${TSMLX_JAX_VENV:-$root/.venv-jax}"
pins=("jax==0.10.2" "jaxlib==0.10.2" "optax")
stamp="$venv/.tsmlx-jax"
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
"$venv/bin/python" -c "import jax, jaxlib, optax" >&2
echo "$want" >"$stamp"
echo "jax-venv: $venv ready in $(($(date +%s) - start)) s" >&2
echo "$venv/bin/python"
