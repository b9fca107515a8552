#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# run-all.sh BUILD_DIR [ARGS...] - run every benchmark built in BUILD_DIR
# and print their BENCH lines on stdout as they come (everything else
# goes to stderr). ARGS are passed to bench_xarray, e.g. --n 100000.
# Exits non-zero if a benchmark fails. Timings are reported, never judged.
set -eu

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
	echo "usage: $0 BUILD_DIR [bench_xarray args...]" >&2
	exit 2
fi
build=$1
shift

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0

run() {
	exe="$build/bench/$1"
	shift
	if [ ! -x "$exe" ]; then
		echo "run-all: $exe not built (configure with -Dbench=true)" >&2
		status=1
		return
	fi
	echo "run-all: $exe $*" >&2
	{ "$exe" "$@" || echo $? >"$tmp/rc"; } | grep --line-buffered '^BENCH ' || true
	if [ -s "$tmp/rc" ]; then
		echo "run-all: $exe failed (exit $(cat "$tmp/rc"))" >&2
		rm -f "$tmp/rc"
		status=1
	fi
}

run bench_xarray "$@"
run bench_rss
run bench_cleancache
run bench_gcma
run bench_cma
run bench_sim
exit $status
