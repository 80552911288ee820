#!/usr/bin/env bash
# Runs every test of split-driver: installs the Debian packages it needs,
# configures and builds everything (tools, kernel modules, the guest kernel,
# driver sources), then runs ctest (unit, golden and QEMU tests).
#
# usage: scripts/test.sh [build-dir] [extra ctest args...]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
shift || true

"$top/scripts/install-deps.sh"
cmake -S "$top" -B "$build" -G Ninja
cmake --build "$build" -j2
ctest --test-dir "$build" --output-on-failure -j2 "$@"
