#!/usr/bin/env bash
# The main job: take the e1000 from Debian's kernel sources through as much of
# the split-driver pipeline as exists, and show it in a real Linux 6.1 guest.
#
#  1. extract e1000 from linux-source-6.1 and build its compile database
#  2. analyze it: every function kernel|user with its reason, the cut
#  3. describe what crosses (split-driver marshal: the in-place codec), split it
#     into a kernel half and a user half; build e1000_k.ko with Kbuild and the
#     user half e1000-udrv with its generated CMake project (the build does
#     this: scripts/build-split.sh)
#  4. boot Linux 6.1 under QEMU with two emulated 82540EM NICs on an internal
#     hub: the user half probes both NICs and opens them, and pings flow through
#     the split driver both ways
#  5. boot again: the stock e1000 pings between the NICs (the reference)
#
# usage: scripts/run-e1000.sh [build-dir]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
out=$build/run-e1000
tool=$build/tools/split-driver/split-driver

"$top/scripts/install-deps.sh"
cmake -S "$top" -B "$build" -G Ninja >/dev/null
cmake --build "$build" -j2
rm -rf "$out"
mkdir -p "$out"

echo
echo "== 1. e1000 sources from linux-source-6.1 (never committed) =="
python3 - "$build/drivers/e1000/compile_commands.json" <<'PY'
import json, os, sys
for e in json.load(open(sys.argv[1])):
    print(f"  {os.path.basename(e['file']):20} {sum(1 for _ in open(e['file'])):6} lines")
PY

echo
echo "== 2. analysis: $out/e1000-analysis.txt, picture $out/e1000-cut.svg =="
"$tool" analyze -p "$build/drivers/e1000" --annotations="$top/drivers/e1000/e1000.annotations" \
	--format=text -o "$out/e1000-analysis.txt" 2>/dev/null
"$tool" analyze -p "$build/drivers/e1000" --annotations="$top/drivers/e1000/e1000.annotations" \
	--format=svg -o "$out/e1000-cut.svg" 2>/dev/null
sed -n '1,/^$/p' "$out/e1000-analysis.txt" | head -20
grep -A1 -E "^function (e1000_intr|e1000_clean|e1000_xmit_frame|e1000_probe|e1000_open|e1000_watchdog):" \
	"$out/e1000-analysis.txt"

echo
split=$build/drivers/e1000/split
echo "== 3. split: $split/halves (report: split.txt; description and codec: $split/codec) =="
sed -n '1,12p' "$split/halves/split.txt"
grep -h '^ksymcov:' "$split/logs/user-half-plain.log" || true
ls -l "$split/e1000_k.ko" "$split/e1000-udrv"

abi=$(cat "$build/guest-kernel/.abi")
harness() {
	python3 "$top/tests/qemu/harness.py" --kernel-dir "$build/guest-kernel" \
		--nics e1000-pair --timeout 120 --verbose "$@"
}
echo
echo "== 4. Linux 6.1 guest: the split e1000, control path in the user half, traffic =="
harness --work "$out/guest-split" --script "$top/scripts/guest/e1000-main-job.sh" \
	--ko "$build/kernel-stub/udrv.kbuild/udrv.ko" --ko "$split/e1000_k.ko" \
	--program "$split/e1000-udrv:/bin/e1000-udrv"
echo
echo "== 5. Linux 6.1 guest: the stock e1000 passes traffic (reference) =="
harness --work "$out/guest-stock" --script "$top/scripts/guest/e1000-stock-ping.sh" \
	--ko "$build/guest-kernel/lib/modules/$abi/kernel/drivers/net/ethernet/intel/e1000/e1000.ko"
