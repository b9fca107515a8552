#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# kunit.sh WORK [BUILD]
# kunit.sh --help
#
# Builds a UML kernel of the patched tree WORK (port.py) with KUnit,
# CMA and every option the series adds (CLEANCACHE, GCMA, its KUnit
# suites), boots it and runs
# the suites (tools/testing/kunit/kunit.py run --arch=um), out of tree in
# BUILD (default: WORK/../kunit-um, kept between runs: a rebuild takes
# seconds, a cold build minutes). Exit status: kunit.py's (0 when every
# case passes).
set -eu
. "$(dirname "$0")/../common/usage.sh"
default_build="kunit-um"
. "$(dirname "$0")/tree_args.sh"
printf '%s\n' CONFIG_KUNIT=y CONFIG_CMA=y CONFIG_CLEANCACHE=y \
	CONFIG_GCMA=y CONFIG_GCMA_KUNIT_TEST=y >"$build/.kunitconfig"
# Every option the series' Kconfig lines add (its KUnit tests among them)
git -C "$work" diff libgcma-base HEAD -- '*Kconfig*' |
	sed -n 's/^+config \([A-Z0-9_]*\)$/CONFIG_\1=y/p' >>"$build/.kunitconfig"
cd "$work"
exec python3 tools/testing/kunit/kunit.py run --arch=um \
	--build_dir="$build" --kunitconfig="$build/.kunitconfig" \
	--jobs="$(nproc 2>/dev/null || echo 2)"
