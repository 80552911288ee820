#!/usr/bin/env bash
# The main job: take the e1000 from Debian's kernel sources through as much of
# the split-driver pipeline as exists, and show it in a real Linux 6.1 guest.
#
#  1. extract e1000 from linux-source-6.1 and build its compile database
#  2. analyze it: every function kernel|user with its reason, the cut
#  3. split it into a kernel half and a user half; build e1000_k.ko with Kbuild
#  4. boot Linux 6.1 under QEMU with two 82540EM NICs on an internal hub: load
#     udrv.ko and e1000_k.ko (its channel waits for a user half, which cannot
#     be built yet), then the stock e1000, and ping between the NICs
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
echo "== 3. split: $out/e1000-split (report: split.txt) =="
"$tool" split -p "$build/drivers/e1000" -o "$out/e1000-split" --driver=e1000 \
	--annotations="$top/drivers/e1000/e1000.annotations" 2>/dev/null
sed -n '1,12p' "$out/e1000-split/split.txt"
make -C "$(cmake -L -N "$build" | sed -n 's/^KERNEL_HEADERS_DIR:PATH=//p')" \
	M="$out/e1000-split/kernel" -j2 modules >"$out/kernel-half-build.log" 2>&1
ls -l "$out/e1000-split/kernel/e1000_k.ko"

echo
echo "== 4. Linux 6.1 guest: kernel half, then traffic through the stock e1000 =="
abi=$(cat "$build/guest-kernel/.abi")
exec python3 "$top/tests/qemu/harness.py" --kernel-dir "$build/guest-kernel" \
	--work "$out/guest" --script "$top/scripts/guest/e1000-main-job.sh" \
	--ko "$build/kernel-stub/udrv.kbuild/udrv.ko" \
	--ko "$out/e1000-split/kernel/e1000_k.ko" \
	--ko "$build/guest-kernel/lib/modules/$abi/kernel/drivers/net/ethernet/intel/e1000/e1000.ko" \
	--nics e1000-pair --timeout 120 --verbose
