#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# test_kernel_strict.sh SRC_DIR BUILD_DIR CC [CC_ARGS...]
#
# The kernel shim (lib/kernel/) is at least as strict as the Linux 6.12
# headers: every snippet of tests/strict/cases/ is compiled with the
# project's compiler, and its first line says what must happen:
#   /* expect: ok */                  compiles, with -Werror
#   /* expect: error REGEX */         fails, and the compiler's message
#                                     matches the extended regex REGEX
# Prints TAP-like lines; exit 0 when all behave, 1 otherwise, 77 (skip)
# when the compiler cannot be found.
set -u
src=$1 bld=$2
shift 2
command -v "$1" >/dev/null 2>&1 || { echo "# SKIP: no compiler $1"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# -Wshadow=local as the project builds with, where the compiler has it
# (the nested min() of a case must not shadow); clang has not.
: >"$tmp/empty.c"
shadow=
"$@" -Werror -Wshadow=local -c -o /dev/null "$tmp/empty.c" 2>/dev/null &&
	shadow=-Wshadow=local
flags="-std=gnu11 -O2 -Wall -Wextra $shadow -Wno-unused-parameter
-Werror -D_GNU_SOURCE -I$src/include -I$src/lib -I$bld -c -o /dev/null"
n=0 failed=0
for f in "$src"/tests/strict/cases/*.c; do
	n=$((n + 1))
	name=${f##*/}
	expect=$(sed -n '1s|^/\* expect: \(.*\) \*/$|\1|p' "$f")
	st=0
	# shellcheck disable=SC2086
	"$@" $flags "$f" >"$tmp/log" 2>&1 || st=$?
	case $expect in
	ok)
		[ "$st" -eq 0 ] && ok=1 || ok=0 ;;
	error\ *)
		re=${expect#error }
		if [ "$st" -ne 0 ] && grep -Eq -- "$re" "$tmp/log"; then
			ok=1
		else
			ok=0
		fi ;;
	*)
		echo "# $name: no '/* expect: ok */' or '/* expect: error RE */' first line"
		ok=0 ;;
	esac
	if [ "$ok" -eq 1 ]; then
		echo "ok $n - $name ($expect)"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name (expected $expect, exit $st)"
		sed 's/^/#   /' "$tmp/log" | head -20
	fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
