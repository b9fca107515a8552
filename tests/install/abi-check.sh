#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# abi-check.sh LIBGCMA_SO HEADER_DIR
#
# The shared library must export exactly the functions the public headers
# declare with LIBGCMA_API: nothing internal leaks out (kmalloc, the
# shim), and nothing documented is missing.
set -eu
so=$1
hdrs=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

nm -D --defined-only "$so" | awk '$2 ~ /^[TtWiD]$/ { print $3 }' |
	sed 's/@.*//' | sort -u >"$tmp/exported"
grep -h 'LIBGCMA_API' "$hdrs"/*.h | grep -v '^#' | grep '(' |
	sed 's/(.*//; s/.*[ *]//' | sort -u >"$tmp/declared"

if ! cmp -s "$tmp/exported" "$tmp/declared"; then
	echo "FAIL: exported symbols (<) differ from LIBGCMA_API declarations (>)"
	diff "$tmp/exported" "$tmp/declared" || true
	exit 1
fi
echo "abi: $(wc -l <"$tmp/exported") exported symbols, all declared LIBGCMA_API"
