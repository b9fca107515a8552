#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# test_tool_inputs.sh GCMA-REPLAY GCMA-DEMO SRC_DIR
#
# Suite tools: bad input to gcma-replay and gcma-demo is an error (exit 2
# and a message naming it), never a run on something else: numbers are
# decimal (a leading 0 is not octal) or 0x hex with nothing around
# them (no sign, no suffix), and an input gcma-replay cannot read whole (a directory, a
# read error, more bytes than an input holds) is refused, not replayed
# as an empty or cut program. gcma-sim's own input checks are in
# tests/sim (t_not_a_scenario, t_numbers).
set -u
replay=$1 demo=$2 src=$3
. "$src/tests/tools/tap.sh"

trace=$src/tests/fuzz/traces/find_area_end.txt

for v in ' -1' '-1' '1x' '' '99999999999999999999999'; do
	expect 2 '^$' "^gcma-demo: --pages: bad value '$v'" \
		"gcma-demo --pages '$v'" -- '"$demo" --pages "'"$v"'"'
	expect 2 '^$' "^gcma-replay: --seed: bad value '$v'" \
		"gcma-replay --random 1 --seed '$v'" -- \
		'"$replay" --random 1 --seed "'"$v"'"'
done
expect 2 '^$' "^gcma-demo: --area: bad value 'many'" "gcma-demo --area many" -- \
	'"$demo" --area many'
expect 2 '^$' "^gcma-demo: --seed: bad value '0x'" \
	"gcma-demo --seed 0x" -- '"$demo" --seed 0x'
expect 0 'state after freeing' '^$' "gcma-demo with 0x numbers" -- \
	'"$demo" --pages 0x1000 --area 0x400 --seed 7'

expect 2 '^$' "^gcma-replay: $tap_tmp: Is a directory" \
	"gcma-replay DIRECTORY" -- '"$replay" "$tap_tmp"'
expect 2 '^$' "^gcma-replay: $tap_tmp/dir.txt: Is a directory" \
	"gcma-replay DIRECTORY.txt" -- 'mkdir -p "$tap_tmp/dir.txt" && "$replay" "$tap_tmp/dir.txt"'
expect 2 '^$' "^gcma-replay: $tap_tmp/big.bin: more than [0-9]+ bytes" \
	"gcma-replay of an input longer than one input holds" -- \
	'head -c 1000000 /dev/zero >"$tap_tmp/big.bin" && "$replay" "$tap_tmp/big.bin"'
expect 0 'PASS' '^$' "gcma-replay of a trace on stdin" -- \
	'"$replay" - <"$trace"'
tap_done
