#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# run-tests.sh [BUILD_DIR]
#
# Installs missing packages, builds libgcma and runs every test suite
# (unit, stress, install, abi). Extra arguments after the build dir go to
# `meson test` (e.g. --suite unit, --setup=valgrind).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
[ $# -gt 0 ] && shift

"$top/tools/install-deps.sh"
[ -f "$build/build.ninja" ] || meson setup "$build" "$top" >/dev/null
ninja -C "$build" >/dev/null
meson test -C "$build" --print-errorlogs "$@"
