#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# sim-grid.sh BUILDDIR CONFIG "section.key=v1,v2 ..." ...
# sim-grid.sh --help
#
# Calibration helper for gcma-sim (docs/simulator.md, "Calibration"): runs
# the default scenario once per point of the grid given by the arguments
# after CONFIG (each "section.key=v1,v2,..."), for one configuration,
# without the baseline pass, and prints one line per point: the settings,
# how many of the 8 averages are within 3x of the published ones, how many
# of the 6 sizes from 1024 pages have a maximum >= 10x the published GCMA
# maximum (for cma; stricter than tests/sim/test_sim_published.c, which
# compares with the simulated gcma maximum, usually lower), and the ratio
# simulated/published of each average.
#
# Example:
#   tools/sim-grid.sh build cma machine.free_target=1100,1200 cost.writeback=1500000,3000000
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tools/common/usage.sh"
case ${1:-} in
-*) script_option "$1" ;;
esac
[ $# -ge 2 ] || script_usage_error "BUILDDIR and CONFIG expected"
build=$1 config=$2
shift 2
for axis; do
	case $axis in
	?*.?*=?*) ;;
	*) script_usage_error "'$axis' is not section.key=v1,v2,..." ;;
	esac
done
sim="$build/tools/gcma-sim/gcma-sim"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Expand the grid into one line per point: "section.key=value ..." items.
printf '\n' > "$tmp/points"
for axis in "$@"; do
	name=${axis%%=*}
	values=$(printf '%s' "${axis#*=}" | tr ',' ' ')
	: > "$tmp/next"
	while IFS= read -r point; do
		for v in $values; do
			printf '%s %s=%s\n' "$point" "$name" "$v" >> "$tmp/next"
		done
	done < "$tmp/points"
	mv "$tmp/next" "$tmp/points"
done

while IFS= read -r point; do
	ini="$tmp/point.ini"
	# The default scenario with each section.key=value of the point set
	# in its section, and no baseline pass.
	python3 -c '
import sys
lines = open(sys.argv[1]).read().splitlines()
sets = [kv.split("=", 1) for kv in sys.argv[3:]] + [["run.baseline", "false"]]
for name, value in sets:
    sec, key = name.split(".", 1)
    cur, done = None, False
    for i, l in enumerate(lines):
        if l.startswith("["):
            cur = l.strip("[] ")
        elif cur == sec and l.split("=")[0].strip() == key:
            lines[i] = "%s = %s" % (key, value)
            done = True
    if not done:
        lines += ["[%s]" % sec, "%s = %s" % (key, value)]
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
' "$top/scenarios/default.ini" "$ini" $point
	"$sim" --scenario "$ini" --config "$config" --format csv --quiet |
	python3 -c '
import sys
pub = {"cma": {1: 684, 512: 1162, 1024: 12303, 2048: 33084, 4096: 298640,
               8192: 407076, 16384: 657603, 32000: 641340},
       "gcma": {1: 26, 512: 2002, 1024: 3495, 2048: 5983, 4096: 13091,
                8192: 17519, 16384: 30474, 32000: 44675}}
gmax = {1: 279, 512: 10140, 1024: 17426, 2048: 27027, 4096: 86887,
        8192: 75976, 16384: 98087, 32000: 92502}
ok = mx = 0
ratios = []
for line in sys.stdin:
    f = line.strip().split(",")
    if f[0] == "config" or f[0] not in pub:
        continue
    pages, mxv, avg = int(f[1]), float(f[3]), float(f[4])
    r = avg / pub[f[0]][pages]
    ratios.append("%.2g" % r)
    ok += 1 / 3 <= r <= 3
    mx += pages >= 1024 and mxv >= 10 * gmax[pages]
print(sys.argv[1], "avg_ok=%d/8 max10x=%d/6" % (ok, mx), " ".join(ratios))
' "$point"
done < "$tmp/points"
