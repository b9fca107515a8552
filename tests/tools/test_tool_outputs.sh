#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# test_tool_outputs.sh GCMA-SIM GCMA-REPLAY GCMA-DEMO SRC_DIR
#
# Suite tools: the programs of tools/ never lose output silently. With
# stdout on a full disk (/dev/full) or closed (>&-), and with a --shrink
# or --emit-test file that cannot be written, each exits 3 with a message
# naming the output, never 0 (and never 2, "bad usage", without a word).
set -u
sim=$1 replay=$2 demo=$3 src=$4
. "$src/tests/tools/tap.sh"

trace=$src/tests/fuzz/traces/find_area_end.txt
ebadf='standard output: Bad file descriptor'

# stdout_checked PROG CMD: CMD with stdout on /dev/full, then closed:
# exit 3 and "PROG: standard output: <reason>" each time.
stdout_checked() {
	expect 3 '^$' "^$1: standard output: No space left on device $" \
		"$2 > /dev/full" -- "$2 >/dev/full"
	expect 3 '^$' "^$1: $ebadf $" "$2 >&-" -- "$2 >&-"
}

stdout_checked gcma-sim '"$sim" --help'
stdout_checked gcma-sim '"$sim" --dump-scenario'
# A closed stdout is refused before any file is opened: the --trace file
# would take fd 1 and get the results.
cat >"$tap_tmp/small.ini" <<'INI'
[machine]
pages = 16384
area_pages = 4096
[workload]
src_pages = 12000
hdr_pages = 2000
anon_pages = 512
obj_pages = 2048
warmup_steps = 100
steps = 1
[requests]
sizes = 1, 64
repeat = 1
INI
expect 3 '^$' "gcma-sim: $ebadf" "gcma-sim --trace FILE >&-" -- \
	'"$sim" --scenario "$tap_tmp/small.ini" --config gcma --quiet --trace "$tap_tmp/t.csv" >&-'
expect 0 '^$' '^$' "... and wrote no trace file" -- '[ ! -e "$tap_tmp/t.csv" ]'
expect 0 'seed = 1 ' '^$' "gcma-sim --dump-scenario 2>&- (stderr closed)" -- \
	'"$sim" --dump-scenario 2>&-'

expect 0 'PASS: 7 ops' '^$' "gcma-replay TRACE" -- '"$replay" "$trace"'
stdout_checked gcma-replay '"$replay" "$trace"'
expect 3 '.*' 'gcma-replay: --shrink /dev/full: No space left on device' \
	"gcma-replay --shrink /dev/full" -- \
	'"$replay" --quiet --defect find_area_end "$trace" --shrink /dev/full'

# --emit-test into a directory where no file may grow (RLIMIT_FSIZE 0,
# SIGXFSZ ignored: write() fails with EFBIG): an error, and nothing left
# half-written: no test file, meson.build as it was.
dir=$tap_tmp/regressions
mkdir "$dir"
printf 'regression_tests = [\n]\n' >"$dir/meson.build"
cp "$dir/meson.build" "$tap_tmp/meson.build.before"
# (The limit holds in the subshell only: its messages and status go
# through a pipe to a cat outside it.)
expect 0 '^gcma-replay: --emit-test t1: File too large status=3 $' '^$' \
	"gcma-replay --emit-test, no room to write" -- \
	'(trap "" XFSZ; ulimit -f 0; "$replay" --quiet --defect find_area_end "$trace" --emit-test t1 --tests-dir "$dir" 2>&1 >/dev/null; echo "status=$?") | cat'
expect 0 '^$' '^$' "--emit-test left no test file, meson.build unchanged" -- \
	'[ ! -e "$dir/test_t1.c" ] && cmp "$dir/meson.build" "$tap_tmp/meson.build.before"'
expect 1 'wrote .*/test_t1.c' '^$' "gcma-replay --emit-test with room (exit 1: the violation)" -- \
	'"$replay" --quiet --defect find_area_end "$trace" --emit-test t1 --tests-dir "$dir"'
expect 0 '^$' '^$' "--emit-test wrote the test and registered it" -- \
	'[ -s "$dir/test_t1.c" ] && grep -q "'"'t1'"'" "$dir/meson.build"'

expect 0 'state after freeing' '^$' "gcma-demo" -- \
	'"$demo" --pages 4096 --area 1024'
stdout_checked gcma-demo '"$demo" --pages 4096 --area 1024'
tap_done
