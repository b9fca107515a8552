#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# build.sh WORK [BUILD]
# build.sh --help
#
# Builds the objects of the libgcma patch series (port.py) in the patched
# kernel tree WORK with make ARCH=um W=1, out of tree in BUILD (default:
# WORK/../build-um, kept between runs). The config is UML's defconfig with
# CMA, CLEANCACHE and GCMA on. Fails on any error or warning; prints each
# step's time.
set -eu
. "$(dirname "$0")/../common/usage.sh"
default_build="build-um"
. "$(dirname "$0")/tree_args.sh"
objs="mm/cleancache.o mm/cleancache_stats.o mm/cleancache_check.o mm/cleancache_check_pfns.o
	mm/libgcma_init.o mm/gcma.o mm/gcma_check.o"
jobs=$(nproc 2>/dev/null || echo 2)
log=$build/libgcma-build.log
step() {
	t0=$(date +%s)
	if ! "$@" >>"$log" 2>&1; then
		tail -n 40 "$log" >&2
		echo "build.sh: failed: $*" >&2
		exit 1
	fi
	echo "build.sh: $(($(date +%s) - t0)) s: $*" >&2
}
: >"$log"
kmake() {
	make -s -C "$work" O="$build" ARCH=um -j"$jobs" "$@"
}
configured() {
	for opt in CMA CLEANCACHE GCMA; do
		grep -q "^CONFIG_$opt=y" "$build/.config" 2>/dev/null || return 1
	done
}
if ! configured; then
	[ -f "$build/.config" ] || step kmake defconfig
	step "$work/scripts/config" --file "$build/.config" -e CMA \
		-e CLEANCACHE -e GCMA
	step kmake olddefconfig
	configured || {
		echo "build.sh: CMA, CLEANCACHE or GCMA did not stay on" >&2
		exit 1
	}
fi
step kmake prepare
: >"$log"
# Each run compiles them again: a warning must show every time.
for o in $objs; do
	rm -f "$build/$o"
done
# shellcheck disable=SC2086 # the object list splits on purpose
step kmake W=1 $objs
if grep -E 'warning:|error:' "$log" >&2; then
	echo "build.sh: the ported objects build with warnings" >&2
	exit 1
fi
echo "build.sh: $(echo "$objs" | wc -w) objects, 0 warnings (W=1)" >&2
