#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# test_mutate_tool.sh SRC_DIR BUILD_DIR
#
# Suite tools: the mutation tool (tools/mutate/gcma-mutate) lists the
# same mutants of lib/mm for the same seed and other ones for another
# seed, uses every operator, and each mutant is a patch that applies to
# the tree by hand (patch -p1); a build that fails only on -Werror'd
# warnings is a compiler kill, any other failure stillborn, and the report
# counts and lists compiler kills apart (with real gcc and clang output).
# Without python3-clang for /usr/bin/python3
# (tools/install-deps.sh --mutate) the tool exits 77 and so does this
# test (meson counts it as skipped). Plain exit-status protocol: TAP's
# "# SKIP" would count as a failure.
set -u
src=$1 build=$2
. "$src/tests/tools/tap.sh"
tool="$src/tools/mutate/gcma-mutate"

st=0
"$tool" list --build "$build" --files folio_put --count 1 >/dev/null 2>"$tap_tmp/err" || st=$?
if [ "$st" -eq 77 ]; then
	cat "$tap_tmp/err"
	echo "1..0 # SKIP python3-clang-14 not installed"
	exit 77
fi

expect 0 '^$' '^$' "the tool refuses to run without libclang (exit 77)" -- \
	"/usr/bin/python3 -S '$tool' list --build '$build' --files folio_put >/dev/null 2>&1; [ \$? -eq 77 ]"

"$tool" list --build "$build" >"$tap_tmp/all"
# The sampled listings parse two small files only (the test stays quick).
small="--files folio_put compound"
"$tool" list --build "$build" $small --count 20 --seed 7 >"$tap_tmp/a"
"$tool" list --build "$build" $small --count 20 --seed 7 >"$tap_tmp/b"
"$tool" list --build "$build" $small --count 20 --seed 8 >"$tap_tmp/c"
expect 0 '^$' '^$' "20 mutants from seed 7" -- "[ \$(wc -l <'$tap_tmp/a') -eq 20 ]"
expect 0 '^$' '^$' "the same seed lists the same mutants" -- "cmp -s '$tap_tmp/a' '$tap_tmp/b'"
expect 1 '^$' '^$' "another seed lists other mutants" -- "cmp -s '$tap_tmp/a' '$tap_tmp/c'"
expect 0 '^$' '^$' "over 200 mutants of lib/mm" -- "[ \$(wc -l <'$tap_tmp/all') -gt 200 ]"
for op in rel bound negate delcall ret flag; do
	expect 0 '^$' '^$' "operator $op is used" -- \
		"cut -d' ' -f3 '$tap_tmp/all' | grep -qx $op"
done
expect 0 '^$' '^$' "every id is listed once" -- \
	"[ -z \"\$(cut -d' ' -f1 '$tap_tmp/all' | sort | uniq -d)\" ]"
# A statement macro (check_report() expands to an if) is not a condition
# in the file: negating its invocation makes a mutant that cannot build.
expect 0 '^$' '^$' "no negate mutant wraps a statement macro's invocation" -- \
	"! grep -q ' negate [^:]*: check_report(' '$tap_tmp/all'"

# Each sampled mutant's patch applies to the tree and changes one hunk.
for id in $(cut -d' ' -f1 "$tap_tmp/a" | head -n 5); do
	"$tool" patch --build "$build" "$id" $small >"$tap_tmp/$id.diff"
	expect 0 '^$' '^$' "mutant $id is a patch that applies (patch -p1)" -- \
		"patch -s -p1 --dry-run -d '$src' <'$tap_tmp/$id.diff' && [ \$(grep -c '^@@' '$tap_tmp/$id.diff') -eq 1 ]"
done

# Compiler kills (docs/testing.md, "Mutation testing"): a build that
# failed only on warnings -Werror made errors is the compiler's kill, any
# other failure leaves the mutant stillborn. Real output of the
# compilers the builds use, in colour as meson asks for.
verdict="$src/tests/mutation/build_verdict.py"
printf '%s\n' 'struct fs { long hash[64]; void *cc; };' \
	'void init(struct fs *fs, void *cc);' \
	'void init(struct fs *fs, void *cc)' '{' \
	'	for (int i = 0; i <= 64; i++)' '		fs->hash[i] = 0;' \
	'	fs->cc = cc;' '}' >"$tap_tmp/past_end.c"
printf '%s\n' 'int f(void);' 'int f(void)' '{' '	int unused;' '	return 0;' '}' \
	>"$tap_tmp/unused.c"
printf '%s\n' 'int f(void);' 'int f(void)' '{' '	return 0' '}' >"$tap_tmp/syntax.c"
printf '%s\n' '#include "no_such_header.h"' >"$tap_tmp/fatal.c"
for cc in gcc clang; do
	command -v $cc >/dev/null 2>&1 || continue
	for f in past_end unused syntax fatal; do
		$cc -O2 -Wall -Werror -fdiagnostics-color=always -c -o /dev/null \
			"$tap_tmp/$f.c" >"$tap_tmp/$cc-$f.log" 2>&1
	done
	expect 0 '^compiler: -Wunused-variable \| unused\.c:4:[0-9]+: unused variable' '^$' \
		"$cc: a build failing on a -Werror'd warning only is a compiler kill" -- \
		"'$verdict' '$tap_tmp/$cc-unused.log'"
	expect 0 '^stillborn $' '^$' "$cc: a syntax error is stillborn" -- \
		"'$verdict' '$tap_tmp/$cc-syntax.log'"
	expect 0 '^stillborn $' '^$' "$cc: a missing header (fatal error) is stillborn" -- \
		"'$verdict' '$tap_tmp/$cc-fatal.log'"
	cat "$tap_tmp/$cc-unused.log" "$tap_tmp/$cc-syntax.log" >"$tap_tmp/$cc-mixed.log"
	expect 0 '^stillborn $' '^$' "$cc: a -Werror'd warning with a real error is stillborn" -- \
		"'$verdict' '$tap_tmp/$cc-mixed.log'"
done
# gcc 12 folds 2cd4720a72's loop (one past the hash table) into a clear
# and names it only with this warning.
if command -v gcc >/dev/null 2>&1; then
	expect 0 '^compiler: -Waggressive-loop-optimizations \| past_end\.c:6:[0-9]+: iteration 64' '^$' \
		"gcc: a loop one past an array is killed by -Waggressive-loop-optimizations" -- \
		"'$verdict' '$tap_tmp/gcc-past_end.log'"
fi
printf '%s\n' 'FAILED: tests/x' '/usr/bin/ld: f.o: undefined reference to g' \
	'collect2: error: ld returned 1 exit status' >"$tap_tmp/link.log"
expect 0 '^stillborn $' '^$' "a link error is stillborn" -- "'$verdict' '$tap_tmp/link.log'"

# The report counts a compiler kill as killed, apart from the tests'
# kills; a stillborn mutant stays out of the score. Four of the sampled
# mutants: one killed by the compiler, one by a test, one survivor, and
# one stillborn as result files written before compiler kills hold it.
ids=$(cut -d' ' -f1 "$tap_tmp/a" | head -n 4)
set -- $ids
mkdir -p "$tap_tmp/mutout"
row() {
	f=$(grep "^$1 " "$tap_tmp/a" | cut -d' ' -f2 | cut -d: -f1)
	printf '{"id": "%s", "file": "'"$f"'", "line": %s, "op": "rel", "status": "%s", "by": %s, "tier": "%s", "slow_run": false, "seconds": 1.0%s}\n' "$@"
}
{
	row "$1" 1 killed '"compiler: -Waggressive-loop-optimizations"' build \
		', "warning": "cleancache_internal.h:50:18: iteration 64 invokes undefined behavior [-Werror=aggressive-loop-optimizations]"'
	row "$2" 2 killed '"test_cleancache"' fast ''
	row "$3" 3 survived null fast ''
	row "$4" 4 stillborn '"tests/unit/test_cleancache"' fast ''
} >"$tap_tmp/mutout/results.jsonl"
"$tool" report --build "$build" $small --out "$tap_tmp/mutout" --ids $ids \
	>"$tap_tmp/summary"
cat >"$tap_tmp/check_report.py" <<'PY'
import json, sys
rep = json.load(open(sys.argv[1]))
t, c = rep["total"], rep["compiler_kills"]
want = dict(run=4, stillborn=1, killed_build=1, killed_fast=1, survived=1,
	    scored=3, score_fast=66.7)
bad = {k: t[k] for k, v in want.items() if t[k] != v}
if [(k["id"], k["by"]) for k in c] != [(sys.argv[2], "compiler: -Waggressive-loop-optimizations")] \
		or "iteration 64" not in c[0]["warning"]:
	bad["compiler_kills"] = c
sys.exit(str(bad) if bad else 0)
PY
expect 0 '^$' '^$' "report.json: 1 compiler kill (listed with its warning), 1 test kill, 1 survivor, 1 stillborn, 2 of 3" -- \
	"/usr/bin/python3 '$tap_tmp/check_report.py' '$tap_tmp/mutout/report.json' $1"
expect 0 '^$' '^$' "report.txt: a column and a section for the compiler's kills" -- \
	"grep -Eq '^TOTAL +4 +1 +0 +1 +1 +0 +1 +66\.7%' '$tap_tmp/mutout/report.txt' &&
	 grep -q '^Killed by the compiler (1)' '$tap_tmp/mutout/report.txt' &&
	 grep -q '^  $1 lib/mm/[a-z_]*\.c:1 rel in .*: cleancache_internal.h:50:18: iteration 64' '$tap_tmp/mutout/report.txt'"
expect 0 '1 killed by the compiler, 1 by the fast suites' '^$' \
	"the summary line counts the compiler's kill" -- "cat '$tap_tmp/summary'"
cat >"$tap_tmp/retry.py" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import mutrun
r = mutrun.Runner("", sys.argv[2], 0, 0, False, 0, 0, 0)
r.forget_survivors()
sys.exit(0 if sorted(r.done()) == sorted(sys.argv[3:]) else str(sorted(r.done())))
PY
expect 0 '^$' '^$' "--retry-survivors keeps the compiler kill and forgets the survivor" -- \
	"/usr/bin/python3 '$tap_tmp/retry.py' '$src/tools/mutate' '$tap_tmp/mutout' $1 $2 $4"
tap_done
