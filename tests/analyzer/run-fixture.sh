#!/bin/sh
# run-fixture.sh <split-driver> <FileCheck> <fixture.c>
#
# Runs `split-driver analyze` on one fixture and checks its text report (or,
# for `// EXPECT-FAIL` fixtures, its errors and exit status 1) against the
# fixture's CHECK lines. `// ARGS:` adds options (%S: the fixture's directory);
# compiler flags after `--` in ARGS go to the fixed compile database.
set -eu
tool=$1 filecheck=$2 fixture=$3
dir=$(dirname "$fixture")
args=$(sed -n 's|^// ARGS: *||p' "$fixture" | sed "s|%S|$dir|g")
options=$args flags=
case "$args" in
  "-- "*) options= flags=${args#-- } ;;
  *" -- "*) options=${args%% -- *} flags=${args#* -- } ;;
esac
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
# shellcheck disable=SC2086
"$tool" analyze --driver=fixture $options "$fixture" -- -I"$dir" $flags >"$out" 2>&1 || status=$?
if grep -q '^// EXPECT-FAIL' "$fixture"; then
  if [ "$status" -ne 1 ]; then
    echo "expected exit status 1, got $status" >&2
    cat "$out" >&2
    exit 1
  fi
elif [ "$status" -ne 0 ]; then
  echo "split-driver analyze failed with status $status" >&2
  cat "$out" >&2
  exit 1
fi
"$filecheck" --input-file="$out" "$fixture"
