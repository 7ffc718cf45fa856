#!/usr/bin/env bash
# Creates (once) a project-local Python environment with pinned packages from pip and prints its
# python. Idempotent: a stamp naming the pinned set skips the work when it is already installed;
# a lock makes callers that start at once wait for one install. The packages come from the local
# wheel mirror that pip's configuration names; an index it cannot reach is not retried.
# Usage: scripts/python-venv.sh NAME DIR "IMPORT CHECK" PIN...
#   scripts/python-venv.sh jax .venv-jax "import jax" "jax==0.10.2"   # → .venv-jax/bin/python
set -euo pipefail
name="$1" venv="$2" check="$3"
shift 3
pins=("$@")
stamp="$venv/.tsmlx-$name"
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
"$venv/bin/pip" install --retries 0 --timeout 3 --no-input --disable-pip-version-check "${pins[@]}" >&2
"$venv/bin/python" -c "$check" >&2
echo "$want" >"$stamp"
echo "$name-venv: $venv ready in $(($(date +%s) - start)) s" >&2
echo "$venv/bin/python"
