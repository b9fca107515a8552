#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR MIT
#
# test_no_builtins.sh SRC_DIR [MM_DIR]
#
# The portable core calls the kernel's APIs, never a compiler builtin:
# no __atomic_*, __sync_*, __builtin_* or __c11_atomic_* and no C11
# <stdatomic.h>/_Atomic in MM_DIR/*.c and MM_DIR/*.h (default:
# SRC_DIR/lib/mm), comments included. The kernel shim (lib/kernel/:
# atomic.h, bitops.h, compiler.h, ...) wraps them as atomic_t,
# cmpxchg()/try_cmpxchg()/xchg(), set_bit()/set_mask_bits(),
# smp_load_acquire(), READ_ONCE(), likely(), __ffs() and so on.
# Prints each use as FILE:LINE: TEXT; exit 0 when there is none, else 1.
set -u
src=$1
dir=${2:-$src/lib/mm}
re='(__atomic_|__sync_|__builtin_|__c11_atomic_)[A-Za-z0-9_]*|\b_Atomic\b|stdatomic\.h'

set -- "$dir"/*.c "$dir"/*.h
[ -e "$1" ] || { echo "no sources in $dir" >&2; exit 1; }
if grep -nE -- "$re" "$@"; then
	echo "compiler builtins in $dir: use the kernel API of lib/kernel/" >&2
	exit 1
fi
echo "ok - no compiler builtin in $# files of $dir"
