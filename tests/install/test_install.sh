#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# test_install.sh BUILD_DIR SRC_DIR PREFIX LIBDIR README
# test_install.sh --help
#
# Installs the build into a temporary DESTDIR, checks that only a
# libgcma/ directory lands under include/ (no header may shadow a system
# header), then compiles harness.c with nothing but
# `pkg-config --cflags --libs libgcma` and runs it against the installed
# shared library, and the README's examples (tests/install/
# readme-examples.py) the same way, each of whose output must be what the
# README shows. The installed programs must start with no
# LD_LIBRARY_PATH (they carry an rpath to the installed library).
set -eu
. "$(dirname "$0")/../../tools/common/usage.sh"
case ${1:-} in
-*) script_option "$1" ;;
esac
[ $# -eq 5 ] || script_usage_error "BUILD_DIR SRC_DIR PREFIX LIBDIR README expected"
build=$1
src=$2
prefix=$3
libdir=$4
readme=$5
case $libdir in
/*) ;;
*) libdir=$prefix/$libdir ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
root=$tmp/root

DESTDIR=$root meson install -C "$build" --no-rebuild >"$tmp/install.log" 2>&1 || {
	cat "$tmp/install.log"
	exit 1
}

for entry in "$root$prefix/include"/*; do
	if [ "$(basename "$entry")" != libgcma ]; then
		echo "FAIL: installed header outside include/libgcma: $entry"
		exit 1
	fi
done

export PKG_CONFIG_SYSROOT_DIR=$root
export PKG_CONFIG_PATH=$root$libdir/pkgconfig
cflags=$(pkg-config --cflags libgcma)
libs=$(pkg-config --libs libgcma)
echo "pkg-config --cflags --libs libgcma: $cflags $libs"
${CC:-cc} -Wall -Werror $cflags "$src/harness.c" -o "$tmp/harness" $libs
LD_LIBRARY_PATH=$root$libdir "$tmp/harness"

mkdir "$tmp/readme"
names=$(python3 "$src/readme-examples.py" "$readme" "$tmp/readme")
[ -n "$names" ] || { echo "FAIL: no example in $readme"; exit 1; }
for name in $names; do
	ex=$tmp/readme/$name
	${CC:-cc} -Wall -Werror $cflags "$ex.c" -o "$ex" $libs || {
		echo "FAIL: the README's example '$name' does not compile"
		exit 1
	}
	LD_LIBRARY_PATH=$root$libdir "$ex" >"$ex.out" || {
		echo "FAIL: the README's example '$name' exits $?"
		exit 1
	}
	if ! diff -u "$ex.expected" "$ex.out"; then
		echo "FAIL: the README's example '$name' prints something else than the README says"
		exit 1
	fi
	echo "README example '$name': output as shown"
done

for prog in gcma-sim gcma-demo; do
	bin=$root$prefix/bin/$prog
	if [ ! -x "$bin" ]; then
		echo "FAIL: $prog is not installed in $prefix/bin"
		exit 1
	fi
done
if ! env -u LD_LIBRARY_PATH "$root$prefix/bin/gcma-sim" --help >"$tmp/sim.out" 2>&1; then
	echo "FAIL: the installed gcma-sim does not start:"
	cat "$tmp/sim.out"
	exit 1
fi
if ! env -u LD_LIBRARY_PATH "$root$prefix/bin/gcma-demo" >"$tmp/demo.out" 2>&1; then
	echo "FAIL: the installed gcma-demo does not run:"
	cat "$tmp/demo.out"
	exit 1
fi
echo "installed gcma-sim and gcma-demo start without LD_LIBRARY_PATH"
