#!/bin/sh
# Splits Debian's e1000 and builds both halves, as a user of split-driver
# would: the marshal description and in-place codec, the split, the kernel
# half with Kbuild (e1000_k.ko) and the user half with its own generated
# CMake project (e1000-udrv, and e1000-udrv-asan under ASan+UBSan).
#
# usage: build-split.sh <split-driver> <db-dir> <annotations> <headers>
#                       <split-driver source dir> <split-driver build dir> <out>
set -eu
tool=$1 db=$2 annotations=$3 headers=$4 src=$5 bin=$6 out=$7
log=$out/logs
rm -rf "$out/codec" "$out/user-build" "$out/user-build-asan"
mkdir -p "$log"

step() {
	name=$1
	shift
	if ! "$@" >"$log/$name.log" 2>&1; then
		tail -n 40 "$log/$name.log" >&2
		echo "build-split: $name failed (log: $log/$name.log)" >&2
		exit 1
	fi
}

step marshal "$tool" marshal -p "$db" --annotations="$annotations" -o "$out/codec"
step split "$tool" split -p "$db" -o "$out/halves" --driver=e1000 \
	--annotations="$annotations" --codec="$out/codec"
step kernel-half make -C "$headers" M="$out/halves/kernel" -j2 modules
for variant in plain asan; do
	dir=$out/user-build
	sanitize=OFF
	if [ $variant = asan ]; then
		dir=$out/user-build-asan
		sanitize=ON
	fi
	step user-half-$variant-configure cmake -S "$out/halves/user" -B "$dir" -G Ninja \
		-DSPLIT_DRIVER_SOURCE_DIR="$src" -DSPLIT_DRIVER_BINARY_DIR="$bin" \
		-DSPLIT_DRIVER_SANITIZE=$sanitize
	step user-half-$variant cmake --build "$dir" -j2
done
cp "$out/halves/kernel/e1000_k.ko" "$out/e1000_k.ko"
cp "$out/user-build/e1000-udrv" "$out/e1000-udrv"
cp "$out/user-build-asan/e1000-udrv" "$out/e1000-udrv-asan"
grep -h '^ksymcov:' "$log/user-half-plain.log" || true
echo "build-split: $out/e1000_k.ko, $out/e1000-udrv, $out/e1000-udrv-asan"
