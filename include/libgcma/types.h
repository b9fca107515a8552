/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Basic kernel types shared by every libgcma header.
 *
 * These carry the kernel's names so that code written against libgcma
 * reads like mm code, but they live under <libgcma/...> and never shadow
 * <linux/types.h>.
 */
#ifndef _LIBGCMA_TYPES_H
#define _LIBGCMA_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef LIBGCMA_API
#define LIBGCMA_API __attribute__((visibility("default")))
#endif

#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif

typedef unsigned int gfp_t;
typedef unsigned long pgoff_t;

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long counter;
} atomic_long_t;

/** PAGE_SHIFT - log2 of the simulated page size (4 KiB). */
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)

/*
 * MAX_PAGE_ORDER - largest buddy order, as on x86-64 with 4 KiB pages.
 * prep_compound_page() accepts orders up to it; GCMA's __GFP_COMP
 * allocations stay below it.
 */
#define MAX_PAGE_ORDER	10

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_TYPES_H */
