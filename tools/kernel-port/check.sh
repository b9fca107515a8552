#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# check.sh [--cache DIR] [--results FILE]
# check.sh --help
#
# The port kit in one command: unpacks the Linux 6.12 source once
# (unpack.sh), generates the patch series from this checkout (port.py),
# runs the tree's checkpatch.pl on it and with -f on the lib/mm models
# the series leaves behind (checkpatch-models.sh), builds every object
# the series adds or changes with make ARCH=um W=1 (build.sh), builds a
# UML KUnit kernel, boots it and runs every suite (kunit.sh), and prints how long
# each step took. The cache (the unpacked tree, its patched copy and the
# two build folders) is DIR, else $LIBGCMA_KERNEL_CACHE, else
# ${XDG_CACHE_HOME:-$HOME/.cache}/libgcma/linux-6.12; a cold cache costs
# minutes, a warm one seconds (docs/porting.md, "Port kit").
#
# --results FILE  where the KUnit cases go, one line each in meson's
#                 testlog format for tools/count-results.py (default:
#                 build/kernel-port/testlog-kunit.json)
# Exit status: 0 when the build has no warning and every KUnit case
# passes; 1 otherwise; 77 when the kernel source is not installed
# (tools/install-deps.sh --kernel).
set -eu
. "$(dirname "$0")/../common/usage.sh"
kit=$(cd "$(dirname "$0")" && pwd -P)
top=$(cd "$kit/../.." && pwd -P)
cache=${LIBGCMA_KERNEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/libgcma/linux-6.12}
results=$top/build/kernel-port/testlog-kunit.json
while [ $# -gt 0 ]; do
	case $1 in
	--cache) [ $# -ge 2 ] || script_usage_error "--cache needs a folder"
		cache=$2; shift ;;
	--results) [ $# -ge 2 ] || script_usage_error "--results needs a file"
		results=$2; shift ;;
	*) script_option "$1" ;;
	esac
	shift
done
mkdir -p "$(dirname "$results")"
# A failure before KUnit ran counts as one failed case.
printf '{"name": "kunit:run", "result": "FAIL"}\n' >"$results"

times=
t_all=$(date +%s)
timed() {
	name=$1
	shift
	t0=$(date +%s)
	echo "=== check.sh: $name" >&2
	rc=0
	"$@" || rc=$?
	dt=$(($(date +%s) - t0))
	times="$times$(printf '%-12s %5d s' "$name" "$dt")
"
	return $rc
}
report() {
	printf '%s' "$times" | sed 's/^/check.sh: /' >&2
	echo "check.sh: total        $(($(date +%s) - t_all)) s" >&2
}

rc=0
timed unpack "$kit/unpack.sh" --cache "$cache" >"$results.tree" || rc=$?
if [ $rc -ne 0 ]; then
	[ $rc -eq 77 ] && printf '' >"$results"
	report
	exit $rc
fi
tree=$(cat "$results.tree")
rm -f "$results.tree"
work=$(dirname "$tree")/work
series=$top/build/kernel-port/series
timed port python3 "$kit/port.py" --tree "$tree" --work "$work" \
	--out "$series" >/dev/null || { report; exit 1; }
# Any checkpatch error or warning fails the check (docs/porting.md,
# "checkpatch").
timed checkpatch "$kit/checkpatch.sh" "$work" "$series" || { report; exit 1; }
# The lib/mm models the series leaves behind (xarray, page_contig, cma):
# checkpatch -f only, they cannot be built in the tree.
timed models "$kit/checkpatch-models.sh" "$tree" || { report; exit 1; }
timed build "$kit/build.sh" "$work" || { report; exit 1; }
kbuild=$(dirname "$work")/kunit-um
rm -f "$kbuild/test.log" "$kbuild/results.json"
timed kunit "$kit/kunit.sh" "$work" || rc=1
python3 "$work/tools/testing/kunit/kunit.py" parse \
	--json="$kbuild/results.json" "$kbuild/test.log" >/dev/null 2>&1 || :
python3 "$kit/kunit_results.py" "$kbuild/results.json" "$results" || rc=1
report
exit $rc
