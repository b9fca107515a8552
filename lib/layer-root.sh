#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# layer-root.sh ROOT LIBDIR FOLDER...
#
# Make ROOT an include root that holds only FOLDER... of LIBDIR (as
# symlinks), so that a layer compiled with -IROOT can include
# "kernel/x.h" but not a header of a folder above it (lib/meson.build).
set -eu
root=$1
lib=$2
shift 2
rm -rf "$root"
mkdir -p "$root"
for f in "$@"; do
	ln -s "$lib/$f" "$root/$f"
done
