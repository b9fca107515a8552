#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# unpack.sh [--cache DIR] [--tarball FILE]
# unpack.sh --help
#
# Unpacks the Linux 6.12 source (Debian's linux-source-6.12 package,
# tools/install-deps.sh --kernel) once into a cache folder and prints the
# tree's path. A second call finds the tree and only prints it. The cache
# is DIR, else $LIBGCMA_KERNEL_CACHE, else
# ${XDG_CACHE_HOME:-$HOME/.cache}/libgcma/linux-6.12; it must lie outside
# the libgcma source tree. Kernel code never enters this repository.
# Exit 77 when the tarball is not installed (callers that are tests skip).
set -eu
. "$(dirname "$0")/../common/usage.sh"
cache=${LIBGCMA_KERNEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/libgcma/linux-6.12}
tarball=/usr/src/linux-source-6.12.tar.xz
while [ $# -gt 0 ]; do
	case $1 in
	--cache) [ $# -ge 2 ] || script_usage_error "--cache needs a folder"
		cache=$2; shift ;;
	--tarball) [ $# -ge 2 ] || script_usage_error "--tarball needs a file"
		tarball=$2; shift ;;
	*) script_option "$1" ;;
	esac
	shift
done

srcdir=$(cd "$(dirname "$0")/../.." && pwd -P)
cache=$(realpath -m "$cache")
case $cache/ in
"$srcdir"/*)
	echo "unpack.sh: cache $cache is inside the source tree $srcdir" >&2
	exit 2 ;;
esac

tree=$cache/src
if [ -f "$tree/.libgcma-unpacked" ]; then
	echo "$tree"
	exit 0
fi
if [ ! -f "$tarball" ]; then
	echo "unpack.sh: $tarball not found (tools/install-deps.sh --kernel)" >&2
	exit 77
fi
mkdir -p "$cache"
rm -rf "$tree" "$tree.tmp"
mkdir -p "$tree.tmp"
echo "unpack.sh: unpacking $tarball into $tree" >&2
tar -xJf "$tarball" -C "$tree.tmp" --strip-components=1
: >"$tree.tmp/.libgcma-unpacked"
mv "$tree.tmp" "$tree"
echo "$tree"
