#!/usr/bin/env bash
# Installs the Debian packages split-driver needs. Idempotent: when every
# package is already installed it returns in well under a second without
# touching the network.
set -euo pipefail

packages=(
	# build
	build-essential cmake ninja-build pkg-config git python3 xz-utils
	# libTooling (analyzer) and FileCheck (golden tests)
	clang-19 libclang-19-dev llvm-19-dev llvm-19-tools
	# pictures: the analyzer's cut, protocol specs (dot)
	graphviz
	# libFuzzer and sanitizer runtimes for clang 19 (marshal decoder fuzzing)
	libclang-rt-19-dev
	# wire format
	capnproto libcapnp-dev
	# tests
	libgtest-dev libgmock-dev
	# benchmarks: Boost.Context, measured against the Dingo fiber switch
	libboost-context-dev
	# real kernel inputs: headers/Kbuild and the driver sources
	linux-headers-amd64 linux-source-6.1
	# kernel build helpers needed by Kbuild
	bc bison flex libelf-dev libssl-dev kmod
	# guest: emulator, userland, cpio for the initramfs
	qemu-system-x86 busybox-static cpio iproute2 ethtool
)

# One dpkg-query for all packages: a fast no-op when everything is there.
mapfile -t missing < <(
	dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${packages[@]}" 2>/dev/null |
		awk '$2 == "installed" { ok[$1] = 1 } END { for (p in ok) print p }' |
		sort | comm -13 - <(printf '%s\n' "${packages[@]}" | sort)
)

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
