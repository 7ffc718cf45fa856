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
exec "$root/scripts/python-venv.sh" jax "${TSMLX_JAX_VENV:-$root/.venv-jax}" "import jax, jaxlib, optax" "jax==0.10.2" "jaxlib==0.10.2" "optax"
