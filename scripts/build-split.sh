#!/bin/sh
# Splits a driver of Debian's linux-source and builds both halves, as a user
# of split-driver would: the marshal description and in-place codec, the
# split, the kernel half with Kbuild (<driver>_k.ko) and the user half with
# its own generated CMake project (<driver>-udrv, and <driver>-udrv-asan
# under ASan+UBSan). The user half's kenv symbol coverage lines go to
# <out>/ksymcov.txt ("plain: ksymcov: ...", "asan: ksymcov: ...").
#
# usage: build-split.sh <driver> <split-driver> <db-dir> <annotations or -> <headers>
#                       <split-driver source dir> <split-driver build dir> <out>
#                       [translation units...]
# Without translation units every one of the database is the driver's; a
# minidriver next to its framework (asix next to usbnet) names its own.
set -eu
driver=$1 tool=$2 db=$3 annotations=$4 headers=$5 src=$6 bin=$7 out=$8
shift 8
log=$out/logs
rm -rf "$out/codec" "$out/user-build" "$out/user-build-asan" "$out/ksymcov.txt"
mkdir -p "$log"

step() {
	name=$1
	shift
	if ! "$@" >"$log/$name.log" 2>&1; then
		tail -n 40 "$log/$name.log" >&2
		echo "build-split: $driver: $name failed (log: $log/$name.log)" >&2
		exit 1
	fi
}

# "-": a driver with no sidecar.
sidecar=--annotations=$annotations
[ "$annotations" = - ] && sidecar=--driver="$driver"

step marshal "$tool" marshal -p "$db" "$sidecar" --driver="$driver" -o "$out/codec" "$@"
step split "$tool" split -p "$db" -o "$out/halves" --driver="$driver" "$sidecar" \
	--codec="$out/codec" "$@"
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
	if ! coverage=$(grep -h '^ksymcov:' "$log/user-half-$variant.log"); then
		echo "build-split: $driver: no ksymcov line in $log/user-half-$variant.log" >&2
		exit 1
	fi
	echo "$variant: $coverage" >>"$out/ksymcov.txt"
done
cp "$out/halves/kernel/${driver}_k.ko" "$out/${driver}_k.ko"
cp "$out/user-build/${driver}-udrv" "$out/${driver}-udrv"
cp "$out/user-build-asan/${driver}-udrv" "$out/${driver}-udrv-asan"
cat "$out/ksymcov.txt"
echo "build-split: $out/${driver}_k.ko, $out/${driver}-udrv, $out/${driver}-udrv-asan"
