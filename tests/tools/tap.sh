# SPDX-License-Identifier: GPL-2.0-only OR MIT
# shellcheck shell=sh
#
# tests/tools/tap.sh - sourced by the tests of tests/tools: run a command,
# check its exit status and what it printed, report TAP.
#
# expect STATUS OUT_RE ERR_RE DESC -- CMD...
#   Runs CMD (a shell command line, evaluated, so it may redirect or
#   close fds) with stdout and stderr captured; "ok" when the exit status
#   is STATUS, stdout matches the extended regular expression OUT_RE and
#   stderr matches ERR_RE ("^$": must be empty; ".*": anything).
# tap_done
#   Prints the plan; exits 1 if any check failed.

tap_n=0
tap_failed=0
tap_tmp=$(mktemp -d)
trap 'rm -rf "$tap_tmp"' EXIT

# Does FILE, its lines joined by blanks, match the regular expression RE?
tap_matches() {
	printf '%s\n' "$(tr -d '\000' <"$1" | tr '\n' ' ')" | grep -Eq -- "$2"
}

expect() {
	want=$1 out_re=$2 err_re=$3 desc=$4
	shift 5
	tap_n=$((tap_n + 1))
	st=0
	eval "$*" >"$tap_tmp/out" 2>"$tap_tmp/err" || st=$?
	why=
	[ "$st" -eq "$want" ] || why="exit status $st, want $want"
	if [ -z "$why" ] && ! tap_matches "$tap_tmp/out" "$out_re"; then
		why="stdout does not match /$out_re/"
	fi
	if [ -z "$why" ] && ! tap_matches "$tap_tmp/err" "$err_re"; then
		why="stderr does not match /$err_re/"
	fi
	if [ -z "$why" ]; then
		echo "ok $tap_n - $desc"
		return 0
	fi
	echo "not ok $tap_n - $desc: $why"
	echo "# command: $*"
	sed 's/^/# stdout: /' "$tap_tmp/out" | head -n 5
	sed 's/^/# stderr: /' "$tap_tmp/err" | head -n 5
	tap_failed=$((tap_failed + 1))
}

tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
