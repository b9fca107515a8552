#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# checkpatch-models.sh TREE
# checkpatch-models.sh --help
#
# Runs the kernel tree TREE's scripts/checkpatch.pl -f on the lib/mm files
# the patch series does not carry because the kernel has its own code for
# them (docs/porting.md, "What stays behind"), listed one a line in
# checkpatch-models.txt. They cannot be built in the tree: the xarray model
# defines every xa_* function lib/xarray.c has, on a node of its own
# layout (a free bitmap, the test-only checker), and page_contig.c and
# cma.c model mm/page_alloc.c and mm/cma.c. But they follow the same
# style, and a port of one of them starts from its text. Ignored:
# USE_LOCKDEP (__xas_nomem()'s spin_is_locked() is no assertion: it tells
# an __xa_* call made without xa_lock, already reported, from one made
# with it). Prints each finding and a total; exit 1 on any error or
# warning.
set -eu
. "$(dirname "$0")/../common/usage.sh"
[ $# -ge 1 ] || script_usage_error "need the kernel tree"
case $1 in -*) script_option "$1" ;; esac
[ $# -eq 1 ] || script_usage_error "need the kernel tree only"
kit=$(cd "$(dirname "$0")" && pwd -P)
top=$(cd "$kit/../.." && pwd -P)
files=$(sed -n 's/^\([^#].*\)$/\1/p' "$kit/checkpatch-models.txt")
# shellcheck disable=SC2086 # the file list splits on purpose
out=$(cd "$top" && perl "$1/scripts/checkpatch.pl" --no-tree -f --terse \
	--show-types --ignore USE_LOCKDEP $files 2>&1) || :
printf '%s\n' "$out" | grep -E ': (ERROR|WARNING):' || :
errors=$(printf '%s\n' "$out" | grep -c ': ERROR:' || :)
warnings=$(printf '%s\n' "$out" | grep -c ': WARNING:' || :)
echo "checkpatch-models.sh: $(echo "$files" | wc -w) files, $errors errors, $warnings warnings"
[ "$errors" -eq 0 ] && [ "$warnings" -eq 0 ]
