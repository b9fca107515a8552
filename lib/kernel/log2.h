/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* Integer base-2 logarithms and powers of two (kernel shim). */
#ifndef _KSHIM_LOG2_H
#define _KSHIM_LOG2_H

#include "kernel/bitops.h"

static inline bool is_power_of_2(unsigned long n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

/*
 * ilog2 - floor(log2(@n)); @n must be non-zero. An int, as the kernel's:
 * min(ilog2(n), an unsigned long) does not build there, nor here.
 */
static inline int ilog2(unsigned long n)
{
	return (int)__fls(n);
}

#endif /* _KSHIM_LOG2_H */
