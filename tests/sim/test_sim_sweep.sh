#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# test_sim_sweep.sh SRC_DIR GCMA_SIM [local|parallel]
#
# tools/sim-sweep.py on a tiny scenario (docs/simulator.md, "Sweeps").
# local: the points run on this machine and merge into one JSON/CSV
# (every point, its keys, gcma-sim's results); a point gcma-sim refuses
# stops the sweep before anything runs (exit 2); a missing result is
# named by the merge (exit 1); the Slurm script passes `bash -n` and,
# run task by task with SLURM_ARRAY_TASK_ID as Slurm would, gives the
# same merged bytes. parallel: the job list run by GNU parallel with
# --sshloginfile naming this machine (`:`) merges to the same bytes as
# the local run; exit 77 (skip) without GNU parallel.
set -eu
src=$1 sim=$2 mode=${3:-local}
sweep="$src/tools/sim-sweep.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "FAIL: $*" >&2
	exit 1
}

if [ "$mode" = parallel ] &&
   ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
	echo "SKIP: GNU parallel not installed (tools/install-deps.sh --dev)"
	exit 77
fi

cat >"$tmp/tiny.ini" <<'INI'
[run]
configs = cma,gcma
[machine]
pages = 16384
area_pages = 4096
[workload]
jobs = 4
src_pages = 12000
unit_pages = 64
hdr_pages = 2000
anon_pages = 512
obj_pages = 2048
warmup_steps = 300
steps = 2
[requests]
sizes = 1,64
repeat = 2
INI
set -- "$tmp/tiny.ini" --sim "$sim" --set machine.pages=16384,20480 \
	--set 'requests.sizes=1,64;16' --seeds 1-2

# All points on this machine, merged.
"$sweep" "$@" -o "$tmp/local" --jobs 2 || fail "local sweep: exit $?"
python3 - "$tmp/local" <<'PY' || fail "merged output"
import csv, json, sys
d = sys.argv[1]
doc = json.load(open(d + "/sweep.json"))
assert doc["sweep"] == 1, doc["sweep"]
assert doc["keys"] == ["machine.pages", "requests.sizes", "run.seed"]
pts = doc["points"]
assert len(pts) == 8, len(pts)
seen = set()
for i, p in enumerate(pts):
    k = p["point"]
    seen.add((k["machine.pages"], k["requests.sizes"], k["run.seed"]))
    assert p["index"] == i and p["status"] == 0
    # gcma-sim's own JSON, with the point's values in it.
    assert p["pages"] == int(k["machine.pages"]), p
    assert p["schema_version"] == 2, p
    assert [r["seed"] for r in p["runs"]] == [int(k["run.seed"])], p
    res = p["runs"][0]["results"]
    sizes = sorted({r["pages"] for r in res})
    assert sizes == sorted(int(x) for x in k["requests.sizes"].split(",")), p
    assert {r["config"] for r in res} == {"cma", "gcma"}
assert len(seen) == 8
rows = list(csv.reader(open(d + "/sweep.csv")))
assert rows[0][:5] == ["machine.pages", "requests.sizes", "run.seed",
                       "status", "config"], rows[0]
assert len(rows) == 1 + sum(len(p["runs"][0]["results"]) for p in pts), len(rows)
PY
# Another seed changes numbers; the same seed does not.
python3 - "$tmp/local" <<'PY' || fail "seeds"
import json, sys
pts = json.load(open(sys.argv[1] + "/sweep.json"))["points"]
assert pts[0]["runs"][0]["results"] != pts[1]["runs"][0]["results"]
PY

if [ "$mode" = local ]; then
	# A point gcma-sim refuses: nothing runs.
	st=0
	"$sweep" "$tmp/tiny.ini" --sim "$sim" -o "$tmp/bad" \
		--set machine.no_such_key=1 2>"$tmp/err" || st=$?
	[ $st -eq 2 ] || fail "bad key: exit $st, not 2"
	grep -q "no_such_key" "$tmp/err" || fail "bad key: $(cat "$tmp/err")"
	[ ! -e "$tmp/bad/results/point-0000.json" ] &&
		[ -z "$(ls "$tmp/bad/results")" ] || fail "a bad sweep ran"
	"$sweep" "$tmp/tiny.ini" -o "$tmp/x" --set machine.pages=1-0 \
		2>/dev/null && fail "an empty range was accepted"

	# Slurm: the script parses, and each array task run as Slurm would
	# run it gives the same merge.
	"$sweep" "$@" -o "$tmp/slurm" --emit >/dev/null
	bash -n "$tmp/slurm/sweep.sbatch" || fail "sweep.sbatch: bash -n"
	grep -q '^#SBATCH --array=0-7$' "$tmp/slurm/sweep.sbatch" ||
		fail "sweep.sbatch: not an array of 8"
	# Before any task ran: every point is named as missing.
	st=0
	"$sweep" --merge "$tmp/slurm" 2>"$tmp/err" || st=$?
	[ $st -eq 1 ] || fail "a merge without results: exit $st, not 1"
	[ "$(grep -c 'no result' "$tmp/err")" -eq 8 ] || fail "missing points"
	for i in 0 1 2 3 4 5 6 7; do
		SLURM_ARRAY_TASK_ID=$i bash "$tmp/slurm/sweep.sbatch" ||
			fail "array task $i"
	done
	"$sweep" --merge "$tmp/slurm" || fail "slurm merge: exit $?"
	cmp "$tmp/local/sweep.json" "$tmp/slurm/sweep.json" ||
		fail "slurm and local merges differ"
	cmp "$tmp/local/sweep.csv" "$tmp/slurm/sweep.csv" ||
		fail "slurm and local CSV differ"
	echo "PASS: local sweep, refusals, Slurm array"
	exit 0
fi

# GNU parallel over an ssh login file naming this machine.
"$sweep" "$@" -o "$tmp/gnu" --emit >/dev/null
echo ':' >"$tmp/hosts"
parallel --will-cite --sshloginfile "$tmp/hosts" --joblog "$tmp/gnu/joblog" \
	<"$tmp/gnu/jobs.txt" || fail "parallel: exit $?"
[ "$(wc -l <"$tmp/gnu/joblog")" -eq 9 ] || fail "joblog: not 8 jobs"
"$sweep" --merge "$tmp/gnu" || fail "parallel merge: exit $?"
cmp "$tmp/local/sweep.json" "$tmp/gnu/sweep.json" ||
	fail "parallel and local merges differ"
echo "PASS: GNU parallel --sshloginfile :"
