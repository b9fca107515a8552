#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# run-tests.sh [BUILD_DIR [MESON_TEST_ARGS...]]
# run-tests.sh --help
#
# Installs missing packages, builds libgcma and runs every test suite of
# the default setup (all but campaign). Extra arguments after the build
# dir go to `meson test`. BUILD_DIR defaults to build/ in the tree.
#
# Examples:
#   tools/run-tests.sh                                  # everything
#   tools/run-tests.sh build --suite unit               # just the unit tests
#   tools/run-tests.sh build --setup=valgrind --suite unit --suite stress
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tools/common/usage.sh"
build=$top/build
case ${1:-} in
--) shift ;;
-*) script_option "$1" "meson test's options go after the build dir: ${0##*/} build $1" ;;
?*)
	build=$1
	shift
	;;
esac

"$top/tools/install-deps.sh"
[ -f "$build/build.ninja" ] || meson setup "$build" "$top" >/dev/null
ninja -C "$build" >/dev/null
meson test -C "$build" --print-errorlogs "$@"
