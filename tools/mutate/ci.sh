#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# ci.sh [--out DIR] [--count N] [--seed S]
# ci.sh --full [--out DIR] [--duration SEC]
#
# The mutation step of .ci/run (docs/testing.md, "Mutation testing").
# Default: a sampled run of N mutants of lib/mm (40) drawn with a seed
# that changes with the commit (git rev-parse --short HEAD), fast suites
# only, two workers; fails (exit 1) when the score is below the baseline
# recorded in tests/mutation/baseline.txt. --full: every mutant, with the
# stress suite and a fuzz campaign for fast survivors, for at most
# --duration seconds (default 3600; run it again to resume). Skips (exit
# 77) when python3-clang-14 is missing (tools/install-deps.sh --mutate).
#
#   --out DIR       results and report (default: mutation-ci, or
#                   mutation-full with --full, in the source tree)
#   --count N       sample size (default 40)
#   --seed S        sample seed (default: the commit)
#   --full          the full run described above
#   --duration SEC  with --full: stop starting mutants after SEC seconds
#   -h, --help      this text
set -eu
. "$(dirname "$0")/../common/usage.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
out=
count=40
seed=
full=
duration=3600

while [ $# -gt 0 ]; do
	case $1 in
	--out|--count|--seed|--duration)
		[ $# -ge 2 ] && [ -n "$2" ] || script_usage_error "$1 needs an argument" ;;
	esac
	case $1 in
	--out) out=$2; shift 2 ;;
	--count) count=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--duration) duration=$2; shift 2 ;;
	--full) full=1; shift ;;
	*) script_option "$1" ;;
	esac
done

tool=$top/tools/mutate/gcma-mutate
if [ -n "$full" ]; then
	exec "$tool" run --out "${out:-$top/mutation-full}" --count 0 \
		--duration "$duration"
fi
[ -n "$seed" ] || seed=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo 1)
baseline=$(awk '!/^#/ && NF { print $1; exit }' "$top/tests/mutation/baseline.txt")
out=${out:-$top/mutation-ci}
# A sample is new every commit: start from a clean result file, keep the
# worker build folders (they only rebuild what changed).
rm -f "$out/results.jsonl"
echo "mutation: $count mutants, seed $seed, baseline $baseline%"
exec "$tool" run --out "$out" --count "$count" --seed "$seed" --no-slow \
	--time-limit 60 --min-score "$baseline"
