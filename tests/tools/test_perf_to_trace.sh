#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# test_perf_to_trace.sh SRC_DIR GCMA_SIM
#
# Suite tools: tools/perf-to-trace.py on a hand-written `perf script`
# capture (tests/tools/perf-script-sample.txt): the page faults become
# anon accesses of their process (write bit, first touch), code fetches
# and other events are skipped, page-cache adds become file reads (an
# order-2 folio four pages), a delete then an add is a refault; the
# trace it writes replays in gcma-sim; a known event it cannot read
# stops it with FILE:LINE (exit 1); usage errors exit 2.
set -u
src=$1 sim=$2
. "$src/tests/tools/tap.sh"
if ! command -v python3 >/dev/null; then
	echo "1..0 # SKIP no python3"
	exit 77
fi
conv="python3 '$src/tools/perf-to-trace.py'"
in=$src/tests/tools/perf-script-sample.txt
want="gcma-trace 1
# converted by perf-to-trace.py from $in (page size 4096)
0 2001 anon 2001 0 w
100000 2001 anon 2001 1 w
200000 2001 anon 2001 0 r
# file 1 = dev 253:5 ino 0x1a2b
400000 2001 file 1 2 r
500000 2001 file 1 4 r 4
800000 2001 file 1 2 r
# file 2 = dev 259:2 ino 0xff
900000 3003 file 2 0 r
1000000 3003 anon 3003 0 w
1100000 3003 anon 3003 0 r"
printf '%s\n' "$want" >"$tap_tmp/want"

expect 0 '^$' '9 lines out: 9 page reads, 3 page writes; 2 input lines skipped .* 4 folios added, 1 deleted, 1 pages refaulted; 0 events out of time order' \
	"the sample converts" -- "$conv '$in' -o '$tap_tmp/dev.trace'"
expect 0 '^$' '^$' "the trace is the expected one" -- \
	"cmp '$tap_tmp/want' '$tap_tmp/dev.trace'"
expect 0 '^gcma-trace 1 ' '.*' "standard input to standard output" -- \
	"$conv <'$in'"
# 16 KiB pages: an order-2 folio is 16 trace pages, its offset in bytes.
expect 0 ' 500000 2001 file 1 4 r 16 ' '.*' "--page-size 16384" -- \
	"$conv --page-size 16384 '$in'"

# The trace drives gcma-sim's machine (a small scenario, gcma).
cat >"$tap_tmp/replay.ini" <<EOT
[run]
configs = gcma
baseline = false
[machine]
pages = 8192
area_pages = 2048
[workload]
kind = trace
trace = dev.trace
cpu_us = 100
warmup_steps = 20
steps = 2
[requests]
sizes = 16
repeat = 2
EOT
expect 0 'gcma +16 ' '.*' "gcma-sim replays it" -- \
	"'$sim' --scenario '$tap_tmp/replay.ini' --quiet"

# A filemap line that is not the tracepoint's format: FILE:LINE, exit 1.
sed '9s/ofs=8192/ofs=x/' "$in" >"$tap_tmp/bad.txt"
expect 1 '.*' "^perf-to-trace.py: $tap_tmp/bad.txt:9: not 'dev MAJ:MIN ino HEX pfn=0xN ofs=N order=N'" \
	"a bad filemap line" -- "$conv '$tap_tmp/bad.txt' -o '$tap_tmp/x'"
printf '  a 1 [0] 1.000000: exceptions:page_fault_user: address=0x1000\n' >"$tap_tmp/bad2.txt"
expect 1 '.*' ":1: not 'address=ADDR ip=IP error_code=0xN'" \
	"a bad fault line" -- "$conv '$tap_tmp/bad2.txt'"
expect 1 '^$' "^perf-to-trace.py: /nonexistent/x: No such file or directory" \
	"a missing input" -- "$conv /nonexistent/x"
expect 2 '^$' "^perf-to-trace.py: --page-size: '8192' is not 4096, 16384 or 65536" \
	"a bad page size" -- "$conv --page-size 8192 '$in'"
expect 2 '^$' "^perf-to-trace.py: unknown option '--frobnicate'" \
	"an unknown option" -- "$conv --frobnicate"
expect 0 '^Usage: perf-to-trace.py' '^$' "--help" -- "$conv --help"
tap_done
