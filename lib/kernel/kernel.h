/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* Arithmetic and bit helpers with the kernel's names (kernel shim). */
#ifndef _KSHIM_KERNEL_H
#define _KSHIM_KERNEL_H

#include <limits.h>
#include <errno.h>
#include "kernel/compiler.h"
#include "kernel/bitops.h"
#include "kernel/log2.h"
#include "kernel/minmax.h"

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define ALIGN(x, a)		(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)

/* Physical addresses and pfns (phys_addr_t is in <libgcma/cma.h>). */
#define PFN_PHYS(pfn)		((uint64_t)(pfn) << PAGE_SHIFT)
#define PHYS_PFN(addr)		((unsigned long)((addr) >> PAGE_SHIFT))
#define PAGE_ALIGNED(addr)	IS_ALIGNED((uint64_t)(addr), PAGE_SIZE)

/* Error pointers, as in the kernel's <linux/err.h>. */
#define MAX_ERRNO	4095
#define IS_ERR_VALUE(x)	((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR(ptr);
}

/* cond_resched - a voluntary scheduling point. */
void cond_resched(void);

#endif /* _KSHIM_KERNEL_H */
