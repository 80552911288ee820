#!/usr/bin/env bash
# Runs the kernel's checkpatch.pl (from linux-source-6.1, extracted into the
# build tree) on every kernel C file of the project: everything under
# kernel-stub/ and the .c/.h files beside any Kbuild file.
#
# usage: checkpatch-project.sh CHECKPATCH_DIR
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
checkpatch="$1/scripts/checkpatch.pl"
[ -f "$checkpatch" ] || { echo "checkpatch-project: $checkpatch missing" >&2; exit 2; }

cd "$top"
mapfile -t files < <(
	{
		git ls-files 'kernel-stub/*.c' 'kernel-stub/*.h'
		git ls-files '*Kbuild' | while read -r kbuild; do
			git ls-files "$(dirname "$kbuild")/*.c" "$(dirname "$kbuild")/*.h"
		done
	} | sort -u
)
[ ${#files[@]} -gt 0 ] || { echo "checkpatch-project: no kernel C files found" >&2; exit 2; }

# checkpatch caches CamelCase words in its working directory when that is a
# git tree: run it from a scratch directory so the source tree stays clean.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
status=0
for f in "${files[@]}"; do
	# CAMELCASE is ignored: generated codec names mirror Cap'n Proto struct
	# names (mt_Device), which the schema language spells in CamelCase.
	if ! perl "$checkpatch" --no-tree --quiet --strict --show-types --ignore CAMELCASE -f "$top/$f"; then
		status=1
	fi
done
echo "checkpatch-project: ${#files[@]} files checked"
exit $status
