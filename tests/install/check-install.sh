#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# check-install.sh BUILD_DIR SRC_DIR PREFIX LIBDIR
# check-install.sh --help
#
# Installs the build into a temporary DESTDIR, checks that only a
# libgcma/ directory lands under include/ (no header may shadow a system
# header), then compiles harness.c with nothing but
# `pkg-config --cflags --libs libgcma` and runs it against the installed
# shared library.
set -eu
. "$(dirname "$0")/../../tools/common/usage.sh"
case ${1:-} in
-*) script_option "$1" ;;
esac
[ $# -eq 4 ] || script_usage_error "BUILD_DIR SRC_DIR PREFIX LIBDIR expected"
build=$1
src=$2
prefix=$3
libdir=$4
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
