#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# sim-outputs.sh GCMA_SIM OUTDIR - write the outputs a speed change must
# leave byte for byte as they were (docs/simulator.md, "Speed"): the
# default scenario at seed 1 as table with its trace, CSV and JSON;
# two-areas.ini and apps-zram.ini at seed 1 as table with trace; phone.ini
# at seed 1 as JSON. Run it for the binary before and after a change
# (release builds) and compare the two folders: `cmp` each file, or
# `diff -r BEFORE AFTER`. Run from the source tree's top (scenario paths).
set -e
if [ $# -ne 2 ]; then
	echo "usage: $0 GCMA_SIM OUTDIR" >&2
	exit 2
fi
sim=$1
out=$2
mkdir -p "$out"
"$sim" --seed 1 --trace "$out/default.trace" > "$out/default.table"
"$sim" --seed 1 --format csv > "$out/default.csv"
"$sim" --seed 1 --format json > "$out/default.json"
for s in two-areas apps-zram; do
	"$sim" --scenario "scenarios/$s.ini" --seed 1 \
		--trace "$out/$s.trace" > "$out/$s.table"
done
"$sim" --scenario scenarios/phone.ini --seed 1 --format json > "$out/phone.json"
