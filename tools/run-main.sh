#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# run-main.sh [BUILD_DIR] [-- ARGS...]
# run-main.sh --help
#
# The main job: installs missing packages, builds libgcma, and runs the
# simulator gcma-sim (ARGS are its options; none: the default scenario,
# the 2015 GCMA evaluation, docs/simulator.md). tools/gcma-demo is still
# built. BUILD_DIR defaults to build/ in the tree.
#
# Examples:
#   tools/run-main.sh                      # the default scenario
#   tools/run-main.sh build -- --help      # gcma-sim's options
#   tools/run-main.sh build -- --config gcma --format csv
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tools/common/usage.sh"
build=$top/build
case ${1:-} in
--) shift ;;
-*) script_option "$1" "gcma-sim's options go after --: ${0##*/} build -- $1" ;;
?*)
	build=$1
	shift
	[ "${1:-}" = "--" ] && shift
	;;
esac

"$top/tools/install-deps.sh"
[ -f "$build/build.ninja" ] || meson setup "$build" "$top" >/dev/null
ninja -C "$build" >/dev/null
exec "$build/tools/gcma-sim/gcma-sim" "$@"
