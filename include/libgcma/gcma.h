/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * GCMA: guaranteed contiguous memory allocation.
 *
 * A GCMA area is a boot-time carve-out whose pages are donated to
 * cleancache while nobody needs them. A range allocation takes its pages
 * back from cleancache (dropping whatever clean data they cached), which
 * cannot fail and never waits for I/O, migration or pins: an allocation
 * succeeds whenever the range is not already allocated.
 *
 * The three calls have the kernel's signatures and the 2025 v2 semantics,
 * with the fixes listed in docs/gcma.md. Every call acts on the GCMA areas
 * of the machine the calling thread is attached to. The info calls, the
 * counters and gcma_check() are simulation additions.
 */
#ifndef _LIBGCMA_GCMA_H
#define _LIBGCMA_GCMA_H

#include <libgcma/types.h>
#include <libgcma/gfp.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A kernel port (docs/porting.md) exports nothing: the mark goes empty. */
#ifndef LIBGCMA_API
#define LIBGCMA_API
#endif

#define MAX_GCMA_AREAS		64
#define GCMA_AREA_NAME_MAX_LEN	32

LIBGCMA_API int gcma_register_area(const char *name, unsigned long start_pfn,
				   unsigned long count);
LIBGCMA_API int gcma_alloc_range(unsigned long start_pfn, unsigned long count,
				 gfp_t gfp);
LIBGCMA_API int gcma_free_range(unsigned long start_pfn, unsigned long count);

/**
 * struct gcma_area_info - what one GCMA area holds (simulation addition).
 * @name: the name given at registration (also its cleancache pool's).
 * @start_pfn: first pfn.
 * @end_pfn: first pfn past the area (exclusive).
 * @pool_id: its cleancache pool.
 * @allocated: pages GCMA has handed out and not taken back.
 * @alloc_success: gcma_alloc_range() calls that succeeded.
 * @alloc_fail: gcma_alloc_range() calls on this area that failed.
 * @alloc_pages: pages handed out, ever.
 * @free_success: gcma_free_range() calls that succeeded.
 * @free_fail: gcma_free_range() calls on this area that failed.
 * @free_pages: pages taken back, ever.
 */
struct gcma_area_info {
	char name[GCMA_AREA_NAME_MAX_LEN];
	unsigned long start_pfn;
	unsigned long end_pfn;
	int pool_id;
	unsigned long allocated;
	uint64_t alloc_success;
	uint64_t alloc_fail;
	uint64_t alloc_pages;
	uint64_t free_success;
	uint64_t free_fail;
	uint64_t free_pages;
};

LIBGCMA_API int gcma_nr_areas(void);
LIBGCMA_API int gcma_area_get_info(int id, struct gcma_area_info *out);
LIBGCMA_API int gcma_check(void);
LIBGCMA_API int gcma_check_pfns(const unsigned long *pfns, unsigned long nr);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_GCMA_H */
