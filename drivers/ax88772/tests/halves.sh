#!/bin/sh
# halves.sh <split dir> <the original asix.ko>
#
# The split asix as the build left it (scripts/build-split.sh): asix_k.ko is
# a module named asix_k that claims exactly the USB devices the original
# asix.ko claims and depends on the stock usbnet and on udrv; the user half
# linked with no missing kernel symbol, plain and under ASan+UBSan.
set -eu
out=$1 original=$2
failed=0

fail() {
	echo "halves: $*" >&2
	failed=1
}

ko=$out/asix_k.ko
[ -f "$ko" ] || { echo "halves: no $ko (did target asix-split build?)" >&2; exit 1; }
[ -f "$original" ] || { echo "halves: no original $original" >&2; exit 1; }

name=$(modinfo -F name "$ko")
[ "$name" = asix_k ] || fail "module name is '$name', expected asix_k"

depends=",$(modinfo -F depends "$ko"),"
for module in usbnet udrv; do
	case "$depends" in
	*,$module,*) ;;
	*) fail "depends '$depends' lacks $module" ;;
	esac
done

modinfo -F alias "$original" | sort >"$out/aliases.original"
modinfo -F alias "$ko" | sort >"$out/aliases.split"
if ! diff -u "$out/aliases.original" "$out/aliases.split" >&2; then
	fail "usb aliases differ from the original's (above)"
fi
# The AX88772 (0b95:7720), the device the split is for.
grep -q '^usb:v0B95p7720d' "$out/aliases.split" || fail "no alias for the AX88772 0b95:7720"

for variant in plain asan; do
	line=$(grep "^$variant: ksymcov: " "$out/ksymcov.txt" || true)
	case "$line" in
	"") fail "no ksymcov line for the $variant user half in $out/ksymcov.txt" ;;
	*" 0 missing") echo "$line" ;;
	*) fail "the $variant user half has missing symbols: $line" ;;
	esac
done

[ -x "$out/asix-udrv" ] || fail "no executable $out/asix-udrv"
[ -x "$out/asix-udrv-asan" ] || fail "no executable $out/asix-udrv-asan"
readelf -d "$out/asix-udrv-asan" | grep -q 'NEEDED.*libasan' ||
	fail "asix-udrv-asan does not link libasan"
readelf -d "$out/asix-udrv" | grep -q 'NEEDED.*libasan' &&
	fail "asix-udrv (plain) links libasan"

[ $failed = 0 ] || exit 1
echo "halves: asix_k.ko ($(wc -l <"$out/aliases.split") usb aliases, depends$depends), user halves linked"
