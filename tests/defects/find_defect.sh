#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# find_defect.sh fuzz DEFECT GCMA-REPLAY SECONDS
# find_defect.sh stress DEFECT STRESS-PROGRAM SECONDS
#
# The defects suite (docs/testing.md, "Kernel defects"): with one v2
# defect switched on, the fuzzer (gcma-replay --random, seed 1) or a stress
# program must report a violation within SECONDS. The fuzzer's failure is
# shrunk and the shrunk trace printed. Exit 0 when the defect was found,
# 1 when it was not.
#
# find_defect.sh clean - GCMA-REPLAY SECONDS
#   The same fuzzer with every switch off for SECONDS: must find nothing.
# find_defect.sh --help
set -u
. "$(dirname "$0")/../../tools/common/usage.sh"
case ${1:-} in
-*) script_option "$1" ;;
esac
[ $# -eq 4 ] || script_usage_error "fuzz|stress|clean DEFECT PROGRAM SECONDS expected"

kind=$1 defect=$2 prog=$3 seconds=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case $kind in
fuzz)
	"$prog" --quiet --random 100000000 --seed 1 --max-seconds "$seconds" \
		--defect "$defect" --shrink "$tmp/shrunk.txt"
	st=$?
	if [ "$st" -ne 1 ]; then
		echo "find_defect: $defect: the fuzzer found nothing in $seconds s"
		exit 1
	fi
	echo "--- shrunk trace ($defect):"
	cat "$tmp/shrunk.txt"
	echo "--- the same trace with every switch off:"
	"$prog" "$tmp/shrunk.txt" | tail -n 1
	;;
stress)
	# A violation the library records (it aborts at the first), or an
	# error the stress program's own oracles report ("cleancache: backend
	# 5: held folio ... was overwritten": the folio handed to two
	# owners); the program may crash right after, on the corrupted state.
	start=$(date +%s)
	LIBGCMA_DEFECTS=$defect LIBGCMA_VIOLATIONS=abort \
		timeout $((seconds + 30)) \
		"$prog" --duration "$seconds" --seed 1 >"$tmp/out" 2>&1
	st=$?
	tail -n 5 "$tmp/out"
	if grep -q -e "VM_BUG_ON\|WARN\|BUG_ON\|CHECK" \
		-e "^cleancache: [a-z]* [0-9]*: " -e "^[a-z_]* stress: " "$tmp/out"; then
		:
	elif [ "$st" -eq 139 ] || [ "$st" -eq 134 ]; then
		# About 1 run in 20: the corrupted state crashes a thread before
		# any check looks. Without the switch it never crashes (suite
		# stress), so the crash is the defect's doing.
		echo "find_defect: $defect: the stress program crashed (exit $st) before a check reported"
	else
		echo "find_defect: $defect: the stress program reported nothing in $seconds s (exit $st)"
		exit 1
	fi
	echo "find_defect: $defect: violation after $(( $(date +%s) - start )) s (a race: no single-threaded trace; test_defects reproduces it step by step)"
	;;
clean)
	"$prog" --quiet --random 100000000 --seed 7 --max-seconds "$seconds"
	exit $?
	;;
*)
	script_usage_error "'$kind' is not fuzz, stress or clean"
	;;
esac
exit 0
