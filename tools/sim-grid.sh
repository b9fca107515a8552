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
# how many of the averages are within 3x of the published ones (sizes the
# 2015 table lacks are shown as "-" and not counted), how many
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

# Scores one point's CSV (stdin) against the published table: sizes the
# table lacks are shown as "-" and not counted; max10x (cma only) counts
# the sizes from 1024 pages whose maximum is >= 10x the published gcma one.
score='
import csv, sys
pub = {}
for r in csv.DictReader(l for l in open(sys.argv[1]) if not l.startswith("#")):
    pub[(r["config"], int(r["pages"]))] = (float(r["avg_us"]), float(r["max_us"]))
cfg = sys.argv[2]
ok = known = mx = big = 0
ratios = []
for f in csv.reader(sys.stdin):
    if not f or f[0] != cfg:
        continue
    pages, mxv, avg = int(f[1]), float(f[3]), float(f[4])
    if (cfg, pages) not in pub:
        ratios.append("-")
        continue
    r = avg / pub[(cfg, pages)][0]
    ratios.append("%.2g" % r)
    known += 1
    ok += 1 / 3 <= r <= 3
    if pages >= 1024 and ("gcma", pages) in pub:
        big += 1
        mx += mxv >= 10 * pub[("gcma", pages)][1]
maxs = "max10x=%d/%d" % (mx, big) if cfg == "cma" else "max10x=-"
print(sys.argv[3], "avg_ok=%d/%d" % (ok, known), maxs, " ".join(ratios))
'
grep -q "^$config," "$top/tools/common/published-2015.csv" ||
	script_usage_error "unknown configuration '$config' (the 2015 table has cma, gcma, gcma.zram)"

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
	python3 -c "$score" "$top/tools/common/published-2015.csv" "$config" "$point"
done < "$tmp/points"
