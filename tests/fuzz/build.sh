#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# tests/fuzz/build.sh - build the fuzz target the OSS-Fuzz /
# ClusterFuzzLite way (docs/testing.md, "Fuzzing"). No arguments
# (--help: this text).
#
# Reads the variables those builders set:
#   CC, CFLAGS         compiler and flags (sanitizers, coverage)
#   LIB_FUZZING_ENGINE the engine to link (-fsanitize=fuzzer, or AFL++'s
#                      libAFLDriver.a, ...)
#   OUT                where the target and its seed corpus go
#   WORK               scratch space (default: a directory under /tmp)
#   SRC                unused: the tree is the one holding this script
# and writes $OUT/fuzz_ops and $OUT/fuzz_ops_seed_corpus.zip.
#
# The library and the op executor are built with meson (static, no
# tests), with $CC and $CFLAGS, so they are instrumented like the
# target. liburcu is linked statically when its archive exists: the
# machine that runs the target may not have it installed.
#
# By hand, with libFuzzer:
#   CC=clang CFLAGS="-g -O1 -fsanitize=address,undefined,fuzzer-no-link" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out tests/fuzz/build.sh
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tools/common/usage.sh"
[ $# -eq 0 ] || script_option "$1" "the build is set by variables (CC, CFLAGS, OUT, ...)"
: "${CC:=clang}"
: "${CFLAGS:=-g -O1 -fsanitize=address,undefined,fuzzer-no-link}"
CFLAGS="$CFLAGS -fsanitize-coverage-ignorelist=$top/tests/fuzz/coverage-ignore.txt"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}"
: "${OUT:?set OUT to the output directory}"
: "${WORK:=$(mktemp -d /tmp/gcma-fuzz-work.XXXXXX)}"
build="$WORK/gcma-fuzz-build"

mkdir -p "$OUT"
# meson takes CFLAGS from the environment; b_lundef=false because the
# sanitizer runtimes are linked only into executables.
if [ ! -d "$build" ]; then
	CC="$CC" CFLAGS="$CFLAGS" meson setup "$build" "$top" \
		-Dtests=disabled -Dbench=false -Db_lundef=false \
		-Dbuildtype=plain --default-library=static
fi
ninja -C "$build" lib/libgcma-internal.a tools/gcma-ops/libgcma-ops.a

urcu="-lurcu-memb -lurcu-common"
for dir in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
	if [ -f "$dir/liburcu-memb.a" ] && [ -f "$dir/liburcu-common.a" ]; then
		urcu="$dir/liburcu-memb.a $dir/liburcu-common.a"
		break
	fi
done

# shellcheck disable=SC2086 # the flag variables are lists
$CC $CFLAGS -D_GNU_SOURCE -I"$top/include" -I"$top/tools/gcma-ops" \
	-c "$top/tests/fuzz/fuzz_ops.c" -o "$build/fuzz_ops.o"
# shellcheck disable=SC2086
$CC $CFLAGS "$build/fuzz_ops.o" "$build/tools/gcma-ops/libgcma-ops.a" \
	"$build/lib/libgcma-internal.a" $urcu -lpthread \
	$LIB_FUZZING_ENGINE -o "$OUT/fuzz_ops"

rm -f "$OUT/fuzz_ops_seed_corpus.zip"
(cd "$top/tests/fuzz/corpus" && zip -q -j "$OUT/fuzz_ops_seed_corpus.zip" ./*)
echo "build.sh: $OUT/fuzz_ops and $OUT/fuzz_ops_seed_corpus.zip"
