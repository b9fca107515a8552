#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# test_sim_grid.sh SRC_DIR
#
# Suite tools: tools/sim-grid.sh scores every configuration the 2015 table
# has (gcma.zram too) and a size the table lacks is shown as "-" and left
# out of the count, not a Python KeyError. The simulator is a stand-in
# script printing a fixed CSV, so the test runs no simulation.
set -u
src=$1
. "$src/tests/tools/tap.sh"

fake=$tap_tmp/build/tools/gcma-sim
mkdir -p "$fake"
# A stand-in gcma-sim: the CSV's first five columns for the configuration
# given with --config (1 page at the published average, 3 pages unknown to
# the table, 1024 pages at 4x the published average).
cat >"$fake/gcma-sim" <<'SIM'
#!/bin/sh
while [ $# -gt 0 ]; do
	[ "$1" = --config ] && cfg=$2
	shift
done
case $cfg in
cma) a1=684 a1024=49212 ;;
gcma) a1=26 a1024=13980 ;;
gcma.zram) a1=101 a1024=4768 ;;
esac
echo config,pages,min_us,max_us,avg_us
echo "$cfg,1,1,$a1,$a1"
echo "$cfg,3,1,5,3"
echo "$cfg,1024,1,999999999,$a1024"
SIM
chmod +x "$fake/gcma-sim"

# max10x is cma's count only: its 1024-page maximum is >= 10x gcma's.
for cfg in cma gcma gcma.zram; do
	m=-
	[ "$cfg" = cma ] && m=1/1
	expect 0 "avg_ok=1/2 max10x=$m 1 - 4( |\$)" '^$' \
		"sim-grid.sh scores $cfg, a size the table lacks as -" -- \
		'"$src/tools/sim-grid.sh" "$tap_tmp/build" '"$cfg"' machine.free_target=1100'
done
expect 2 '^$' "unknown configuration 'zram'" \
	"sim-grid.sh refuses a configuration the table lacks" -- \
	'"$src/tools/sim-grid.sh" "$tap_tmp/build" zram machine.free_target=1100'
tap_done
