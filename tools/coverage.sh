#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# coverage.sh [BUILD_DIR] [--html] [-- MESON_TEST_ARGS...]
# coverage.sh --help
#
# Line and branch coverage of lib/ with gcovr: configures BUILD_DIR
# (default: build-cov) with -Db_coverage=true --buildtype=debug (-O0: at
# -O2 gcc merges and moves branches, and gcov's counts no longer map to
# the source), runs `meson test` in the default setup, then prints three
# gcovr text reports on stdout:
#   1. lib/ per file, lines;  2. lib/ per file, branches;
#   3. the portable core alone: lib/mm and lib/kernel (lines and branches).
# The last lines are one summary line each for lib/, lib/mm and lib/kernel
# ("coverage lib/mm lines=93.1% branches=81.0%"), which the README quotes.
# --html also writes BUILD_DIR/coverage/index.html (per-file details).
#
# Nothing is excluded silently: the only exclusions are gcovr's own
# markers in the sources (GCOVR_EXCL_LINE, GCOVR_EXCL_START/STOP, see
# docs/testing.md "Coverage"). Counters from earlier runs are reset first.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tools/common/usage.sh"
build=$top/build-cov
html=
if [ $# -gt 0 ]; then
	case $1 in
	--html | --) ;;
	-*) script_option "$1" "meson test's options go after --" ;;
	*)
		build=$1
		shift
		;;
	esac
fi
if [ $# -gt 0 ] && [ "$1" = "--html" ]; then
	html=1
	shift
fi
if [ $# -gt 0 ]; then
	[ "$1" = "--" ] || script_option "$1" "meson test's options go after --"
	shift
fi

command -v gcovr >/dev/null 2>&1 || {
	echo "coverage: gcovr missing (tools/install-deps.sh --dev)" >&2
	exit 1
}

if [ -f "$build/build.ninja" ]; then
	meson configure "$build" -Db_coverage=true --buildtype=debug >/dev/null
else
	meson setup "$build" "$top" -Db_coverage=true --buildtype=debug \
		>/dev/null
fi
ninja -C "$build" -j"${JOBS:-2}" >/dev/null
find "$build" -name '*.gcda' -delete
# A failing test still leaves its counters: report them, then fail.
status=0
meson test -C "$build" --num-processes "${JOBS:-2}" --print-errorlogs "$@" \
	>"$build/coverage-test.log" 2>&1 || status=$?
tail -n 12 "$build/coverage-test.log" >&2

# gcovr filters are regular expressions on absolute paths.
top_re=$(printf '%s' "$top" | sed 's/[].[^$*+?(){}|\\]/\\&/g')

# Only this build's counters: gcovr searches its root by default, which
# would merge in every other build dir of the tree. Sources under lib/.
report() {
	gcovr --root "$top" --object-directory "$build" \
		--exclude-unreachable-branches "$@" "$build"
}

echo "== lib/ lines =="
report --filter "$top_re/lib/"
echo "== lib/ branches =="
report --filter "$top_re/lib/" --branches
echo "== portable core: lib/mm, lib/kernel =="
report --filter "$top_re/lib/mm/" --filter "$top_re/lib/kernel/" --branches \
	--sort-percentage

summary() {
	label=$1
	shift
	report "$@" --print-summary --output /dev/null |
		awk -v l="$label" '
			/^lines:/ { ln = $2 }
			/^branches:/ { br = $2 }
			END { printf "coverage %s lines=%s branches=%s\n", l, ln, br }'
}
summary lib/ --filter "$top_re/lib/"
summary lib/mm --filter "$top_re/lib/mm/"
summary lib/kernel --filter "$top_re/lib/kernel/"

if [ -n "$html" ]; then
	mkdir -p "$build/coverage"
	report --filter "$top_re/lib/" --html-details \
		--output "$build/coverage/index.html"
	echo "html: $build/coverage/index.html"
fi
exit $status
