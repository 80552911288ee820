#!/bin/sh
# build-half.sh <split-driver> <db-dir> <out> <headers> <name> -- <split args>
#
# Splits a driver into <out>, builds the original and the kernel half with
# Kbuild against <headers>, and fails if the half does not produce
# <name>_k.ko or warns about anything the original build does not (warnings
# compared by message, without line numbers, which the rewrite moves).
# Then compiles the user half's driver files with the original compile
# commands (check-user-half.py): kenv's recipe and link come later.
set -eu
tool=$1 db=$2 out=$3 headers=$4 name=$5
shift 5
[ "$1" = "--" ] && shift
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

"$tool" split -p "$db" -o "$out" "$@"

warnings() {
	sed -n 's/^[^:]*\/\([^/:]*\):[0-9]*:[0-9]*: warning: /\1: /p' "$1" | sort -u
}

# The original, as driver-source compdb built it (<db>/kbuild), rebuilt afresh.
mkdir "$scratch/orig"
for f in "$db"/kbuild/*.c "$db"/kbuild/*.h "$db"/kbuild/Kbuild "$db"/kbuild/Makefile.upstream; do
	case "$f" in *.mod.c) continue ;; esac
	if [ -e "$f" ]; then cp "$f" "$scratch/orig/"; fi
done
make -C "$headers" M="$scratch/orig" -j2 modules >"$scratch/orig.log" 2>&1 || {
	cat "$scratch/orig.log" >&2; echo "the original does not build" >&2; exit 1; }
make -C "$headers" M="$out/kernel" -j2 modules >"$scratch/half.log" 2>&1 || {
	cat "$scratch/half.log" >&2; echo "the kernel half does not build" >&2; exit 1; }
test -f "$out/kernel/${name}_k.ko" || { echo "no ${name}_k.ko" >&2; exit 1; }
warnings "$scratch/orig.log" >"$scratch/orig.w"
warnings "$scratch/half.log" >"$scratch/half.w"
new=$(comm -13 "$scratch/orig.w" "$scratch/half.w")
if [ -n "$new" ]; then
	echo "warnings the original build does not have:" >&2
	echo "$new" >&2
	grep -B2 -A6 'warning:' "$scratch/half.log" >&2
	exit 1
fi
echo "built $out/kernel/${name}_k.ko ($(wc -l <"$scratch/orig.w") warnings in the original, none new)"
python3 "$(dirname "$0")/check-user-half.py" "$db" "$out"
