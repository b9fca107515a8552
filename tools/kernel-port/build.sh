#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# build.sh WORK [BUILD]
# build.sh --help
#
# Builds the objects of the libgcma patch series (port.py) in the patched
# kernel tree WORK with make ARCH=um W=1, out of tree in BUILD (default:
# WORK/../build-um, kept between runs). The objects are the .c files under
# mm/ the series adds or changes (git diff against the tag libgcma-base);
# the config is UML's defconfig with KUNIT, CMA and every option the
# series' Kconfig lines add. Fails on any error or warning; prints each
# step's time.
set -eu
. "$(dirname "$0")/../common/usage.sh"
default_build="build-um"
. "$(dirname "$0")/tree_args.sh"
objs=$(git -C "$work" diff --name-only --diff-filter=AM libgcma-base HEAD \
	-- 'mm/*.c' | sed 's/\.c$/.o/')
opts="KUNIT CMA $(git -C "$work" diff libgcma-base HEAD -- '*Kconfig*' |
	sed -n 's/^+config \([A-Z0-9_]*\)$/\1/p')"
[ -n "$objs" ] || {
	echo "build.sh: $work has no series (run port.py)" >&2
	exit 1
}
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
	for opt in $opts; do
		grep -q "^CONFIG_$opt=y" "$build/.config" 2>/dev/null || return 1
	done
}
if ! configured; then
	[ -f "$build/.config" ] || step kmake defconfig
	# shellcheck disable=SC2046 # one -e per option
	step "$work/scripts/config" --file "$build/.config" \
		$(printf -- '-e %s ' $opts)
	step kmake olddefconfig
	configured || {
		echo "build.sh: one of $opts did not stay on" >&2
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
