#!/bin/sh
# usage: expect-failure.sh FILECHECK CHECKFILE COMMAND...
# Passes when COMMAND exits 1 and its diagnostics (stderr) match CHECKFILE.
filecheck=$1 checkfile=$2
shift 2
err=$("$@" 2>&1 >/dev/null)
status=$?
if [ "$status" -ne 1 ]; then
	echo "expected exit status 1, got $status" >&2
	exit 1
fi
printf '%s\n' "$err" | "$filecheck" "$checkfile"
