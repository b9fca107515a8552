#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# test_mutate_tool.sh SRC_DIR BUILD_DIR
#
# Suite tools: the mutation tool (tools/mutate/gcma-mutate) lists the
# same mutants of lib/mm for the same seed and other ones for another
# seed, uses every operator, and each mutant is a patch that applies to
# the tree by hand (patch -p1). Without python3-clang for /usr/bin/python3
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
tap_done
