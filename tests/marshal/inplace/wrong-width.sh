#!/bin/sh
# The in-place codec checks the description against the real struct at
# compile time: with ip_types.h's temperature widened to 32 bits, the
# generated ip_sdm.c must not build, and the compiler must name the member.
# usage: wrong-width.sh <cc> <codec-dir> <runtime-dir> <types.h>
set -eu
cc=$1 codec=$2 runtime=$3 types=$4
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
sed 's/int16_t temperature;/int32_t temperature;/' "$types" >"$d/ip_types.h"
grep -q 'int32_t temperature;' "$d/ip_types.h"
if "$cc" -std=gnu11 -c -I "$d" -I "$codec" -I "$runtime" "$codec/ip_sdm.c" -o "$d/ip_sdm.o" 2>"$d/err"; then
	echo "wrong-width: a 4-byte member described as i16 compiled" >&2
	exit 1
fi
cat "$d/err" >&2
grep -q 'struct ip_adapter.temperature: the description (IpAdapter.temperature) says 2 byte' "$d/err"
