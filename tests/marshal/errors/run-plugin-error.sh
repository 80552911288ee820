#!/bin/sh
# Runs capnp with capnpc-sdmarshal on a schema that must be refused, and
# checks its diagnostics with FileCheck against the schema's CHECK lines.
# usage: run-plugin-error.sh <plugin> <FileCheck> <schema-import-dir> <schema>
set -u
plugin=$1 filecheck=$2 imports=$3 schema=$4
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if capnp compile --src-prefix "$(dirname "$schema")" -I "$imports" \
	"-o$plugin:$out" "$schema" 2>"$out/stderr"; then
	echo "capnp compile succeeded on a schema that must be refused" >&2
	exit 1
fi
cat "$out/stderr" >&2
if ls "$out"/*_sdm* >/dev/null 2>&1; then
	echo "files were generated despite errors" >&2
	exit 1
fi
"$filecheck" --input-file "$out/stderr" "$schema"
