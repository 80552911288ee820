#!/bin/sh
# A longer libFuzzer run of the kernel-side decoder than ctest's short one.
# usage: bench/marshal/fuzz-long.sh [build dir, default build] [seconds, default 300]
# The corpus grows in <build>/marshal-fuzz-corpus and is kept between runs.
set -eu
build=${1:-build}
seconds=${2:-300}
root=$(cd "$(dirname "$0")/../.." && pwd)
fuzzer="$build/tests/marshal/marshal-fuzzer"
if [ ! -x "$fuzzer" ]; then
	echo "fuzz-long: $fuzzer not built (cmake --build $build --target fuzz_marshal)" >&2
	exit 1
fi
corpus="$build/marshal-fuzz-corpus"
mkdir -p "$corpus"
cp -n "$root"/tests/marshal/golden/*.bin "$corpus"/
exec "$fuzzer" -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=1024 \
	-print_final_stats=1 "$corpus"
