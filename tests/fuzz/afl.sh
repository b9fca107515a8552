#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# tests/fuzz/afl.sh - build the fuzz target with AFL++ and, optionally,
# start a campaign (docs/testing.md, "Fuzzing").
#
#   tests/fuzz/afl.sh build OUT           build OUT/fuzz_ops with
#                                         afl-clang-fast and AFL++'s
#                                         libFuzzer driver (libAFLDriver.a)
#   tests/fuzz/afl.sh --help              this text
#   tests/fuzz/afl.sh run OUT FINDINGS [SECONDS] [-M NAME | -S NAME]
#                                         afl-fuzz on it from the seed
#                                         corpus; one instance per call
#                                         (a main -M and secondaries -S for
#                                         a parallel campaign sharing
#                                         FINDINGS); SECONDS bounds it
#                                         (default 60)
#
# The build goes through tests/fuzz/build.sh, so it is the OSS-Fuzz build
# with AFL++ as the engine. AFL++ is the Debian package afl++
# (tools/install-deps.sh --dev installs it). Without -fsanitize flags in
# CFLAGS the target is built plain; AFL_USE_ASAN=1 AFL_USE_UBSAN=1 add
# the sanitizers the AFL++ way.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
driver=${AFL_DRIVER:-/usr/lib/afl/libAFLDriver.a}

. "$top/tools/common/usage.sh"

usage() {
	script_usage_error "build OUT, or run OUT FINDINGS [SECONDS] [AFL-FUZZ OPTIONS]"
}

case ${1:-} in
-*) script_option "$1" ;;
esac
[ $# -ge 2 ] || usage
cmd=$1
out=$2
shift 2

case "$cmd" in
build)
	command -v afl-clang-fast >/dev/null || {
		echo "afl.sh: afl-clang-fast not found (apt-get install afl++)" >&2
		exit 1
	}
	[ -f "$driver" ] || {
		echo "afl.sh: $driver not found (set AFL_DRIVER)" >&2
		exit 1
	}
	work=$(mktemp -d /tmp/gcma-afl-work.XXXXXX)
	CC=afl-clang-fast CFLAGS="${CFLAGS:--g -O1}" \
		LIB_FUZZING_ENGINE="$driver -lstdc++" OUT="$out" WORK="$work" \
		"$top/tests/fuzz/build.sh"
	rm -rf "$work"
	;;
run)
	[ $# -ge 1 ] || usage
	findings=$1
	secs=${2:-60}
	[ $# -ge 2 ] && shift 2 || shift 1
	# The seed corpus as it is in the tree; AFL++ copies it.
	AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
		afl-fuzz -V "$secs" -i "$top/tests/fuzz/corpus" -o "$findings" \
		"$@" -- "$out/fuzz_ops"
	;;
*)
	usage
	;;
esac
