#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# test_abi.sh LIBGCMA_SO HEADER_DIR
# test_abi.sh --help
#
# The shared library must export exactly the functions the public headers
# declare with LIBGCMA_API: nothing internal leaks out (kmalloc, the
# shim), and nothing documented is missing.
set -eu
. "$(dirname "$0")/../../tools/common/usage.sh"
case ${1:-} in
-*) script_option "$1" ;;
esac
[ $# -eq 2 ] || script_usage_error "LIBGCMA_SO and HEADER_DIR expected"
so=$1
hdrs=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

nm -D --defined-only "$so" | awk '$2 ~ /^[TtWiD]$/ { print $3 }' |
	sed 's/@.*//' | sort -u >"$tmp/exported"
# Strip comments, split at ';' so a declaration spanning lines is one
# record, and take the identifier right before the first '(' that follows
# LIBGCMA_API.
python3 - "$hdrs" >"$tmp/declared" <<'PY'
import glob, re, sys
names = set()
for path in glob.glob(sys.argv[1] + "/*.h"):
    text = re.sub(r"/\*.*?\*/", " ", open(path).read(), flags=re.S)
    text = "\n".join(l for l in text.split("\n") if not l.lstrip().startswith("#"))
    for decl in text.split(";"):
        m = re.search(r"LIBGCMA_API\b[^(]*?([A-Za-z_][A-Za-z0-9_]*)\s*\(", decl, re.S)
        if m:
            names.add(m.group(1))
print("\n".join(sorted(names)))
PY
sort -o "$tmp/declared" "$tmp/declared"

if ! cmp -s "$tmp/exported" "$tmp/declared"; then
	echo "FAIL: exported symbols (<) differ from LIBGCMA_API declarations (>)"
	diff "$tmp/exported" "$tmp/declared" || true
	exit 1
fi
echo "abi: $(wc -l <"$tmp/exported") exported symbols, all declared LIBGCMA_API"
