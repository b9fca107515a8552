#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# install-deps.sh [--dev] [--kernel] [--mutate]
# install-deps.sh --help
#
# Installs the Debian 12 packages libgcma needs that are missing: the
# build (meson, ninja, gcc, pkg-config, liburcu, libinih for gcma-sim's
# scenario files), the tests (cmocka, valgrind). --dev adds the
# fuzz/coverage tools (clang, gcovr) and gnuplot-nox (gcma-sim --plot,
# which the sim tests exercise; without it --plot says so and draws
# nothing) and GNU parallel (tools/sim-sweep.py job lists). --kernel
# adds the Linux 6.12 source package and what a UML
# (ARCH=um) build of it needs, for the port kit (tools/kernel-port/,
# docs/porting.md "Port kit"). --mutate adds libclang's Python binding
# for /usr/bin/python3 (python3-clang-14), which the mutation tool
# tools/mutate/gcma-mutate parses lib/mm with (docs/testing.md,
# "Mutation testing").
# Uses apt-get as root, or through sudo.
set -eu
. "$(dirname "$0")/common/usage.sh"
dev=
kernel=
mutate=
for arg; do
	case $arg in
	--dev) dev=1 ;;
	--kernel) kernel=1 ;;
	--mutate) mutate=1 ;;
	*) script_option "$arg" ;;
	esac
done

pkgs="meson ninja-build gcc libc6-dev g++ pkg-config liburcu-dev libinih-dev libcmocka-dev valgrind python3"
if [ -n "$dev" ]; then
	pkgs="$pkgs clang libclang-rt-14-dev gcovr gnuplot-nox"
	pkgs="$pkgs afl++ zip"	# tests/fuzz/afl.sh, tests/fuzz/build.sh
	pkgs="$pkgs parallel"	# tools/sim-sweep.py job lists (GNU parallel)
fi
if [ -n "$kernel" ]; then
	# tools/kernel-port/: the source tarball, the tools to unpack and
	# patch it, and what make ARCH=um and kunit.py need
	pkgs="$pkgs linux-source-6.12 xz-utils tar git make flex bison bc"
	pkgs="$pkgs libelf-dev libssl-dev perl python3"
fi
if [ -n "$mutate" ]; then
	pkgs="$pkgs python3-clang-14 libclang1-14"	# tools/mutate/
fi

missing=
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
else
	echo "install-deps: need root or sudo to install:$missing" >&2
	exit 1
fi
echo "install-deps: installing$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
