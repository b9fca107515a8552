#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# run-main.sh [BUILD_DIR] [-- ARGS...]
#
# The main job: installs missing packages, builds libgcma, and runs the
# simulator gcma-sim (ARGS are its options; none: the default scenario,
# the 2015 GCMA evaluation, docs/simulator.md). tools/gcma-demo is still
# built.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift

"$top/tools/install-deps.sh"
[ -f "$build/build.ninja" ] || meson setup "$build" "$top" >/dev/null
ninja -C "$build" >/dev/null
exec "$build/tools/gcma-sim/gcma-sim" "$@"
