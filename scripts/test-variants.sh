#!/usr/bin/env bash
# Runs the README's test command (`make test`) from a fresh clone of this checkout's HEAD once per
# processor variant: the plugin's instruction set forced down (TSMLX_ISA) and OpenBLAS's kernels
# forced to other core types (OPENBLAS_CORETYPE), as on other x86-64 CPUs. The clone is built once;
# each variant reruns the whole suite under its setting. Prints one line per variant with its
# result and time; logs go to test-artifacts/variants/<variant>.log.
#
# Usage: scripts/test-variants.sh [VARIANT ...]
#   VARIANT is isa=baseline|avx2|avx512 or blas=<OpenBLAS core type>; default: all of
#   isa=baseline isa=avx2 isa=avx512 blas=Haswell blas=SkylakeX blas=Zen
# A variant the processor cannot run (AVX-512 paths on an AVX2 machine) is reported as skipped.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(isa=baseline isa=avx2 isa=avx512 blas=Haswell blas=SkylakeX blas=Zen)
logs="$root/test-artifacts/variants"
mkdir -p "$logs"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q --no-hardlinks "$root" "$work/tsmlx"
cd "$work/tsmlx"
flags="$(grep -m1 '^flags' /proc/cpuinfo)"
has() { for f in "$@"; do [[ " $flags " == *" $f "* ]] || return 1; done; }
can_run() {
  case "$1" in
    isa=avx512 | blas=SkylakeX | blas=Cooperlake) has avx512f avx512cd avx512bw avx512dq avx512vl ;;
    isa=avx2 | blas=Haswell | blas=Zen) has avx2 fma ;;
    *) return 0 ;;
  esac
}
echo "building the clone at $(git rev-parse --short HEAD) ..."
start=$(date +%s)
make build > "$logs/build.log" 2>&1 || { echo "build failed: see $logs/build.log"; exit 1; }
echo "built in $(( $(date +%s) - start )) s"
failed=0
for v in "${variants[@]}"; do
  case "$v" in
    isa=*) env_set=(TSMLX_ISA="${v#isa=}") ;;
    blas=*) env_set=(OPENBLAS_CORETYPE="${v#blas=}") ;;
    *) echo "unknown variant $v (expected isa=... or blas=...)"; exit 2 ;;
  esac
  if ! can_run "$v"; then
    echo "$v: skipped (this processor lacks it)"
    continue
  fi
  start=$(date +%s)
  if env -u OPENBLAS_CORETYPE -u TSMLX_ISA "${env_set[@]}" CI=true make test > "$logs/$v.log" 2>&1; then
    result=passed
  else
    result=FAILED
    failed=1
  fi
  counts="$(grep -E '^# (pass|fail) ' "$logs/$v.log" | tr '\n' ' ' | sed 's/# //g')"
  echo "$v: $result in $(( $(date +%s) - start )) s ($counts) log: $logs/$v.log"
done
exit $failed
