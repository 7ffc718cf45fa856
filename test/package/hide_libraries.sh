#!/usr/bin/env bash
# Runs a command with some shared libraries hidden from the dynamic loader, as on a machine
# without their packages: in a private mount namespace, the multiarch library folder is replaced
# by a folder of links to everything in it except the files matching the patterns.
# Usage (as root, or where unshare -m is allowed):
#   unshare -m test/package/hide_libraries.sh 'libdnnl*' 'openblas*' -- cmd args...
set -euo pipefail
patterns=()
while [ "$1" != "--" ]; do patterns+=("$1"); shift; done
shift
libdir=/usr/lib/x86_64-linux-gnu
work="$(mktemp -d)"
mkdir "$work/orig" "$work/view"
mount --bind "$libdir" "$work/orig"
mount -t tmpfs tmpfs "$work/view"
ln -s "$work/orig"/* "$work/view/"
for p in "${patterns[@]}"; do rm -f "$work/view"/$p; done
mount --bind "$work/view" "$libdir"
exec "$@"
