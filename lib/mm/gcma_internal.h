/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * GCMA internals shared by gcma.c and the invariant checker
 * (gcma_check.c). Not part of the public API.
 */
#ifndef _MM_GCMA_INTERNAL_H
#define _MM_GCMA_INTERNAL_H

#include <libgcma/gcma.h>
#include "kernel/atomic.h"
#include "kernel/compiler.h"
#include "kernel/kernel.h"
#include "kernel/spinlock.h"

#define GCMA_BITS_TO_LONGS(n)	DIV_ROUND_UP((n), BITS_PER_LONG)

/* Per-area counters (struct gcma_area_info, docs/gcma.md). */
enum gcma_stat_item {
	GCMA_STAT_ALLOC_SUCCESS,
	GCMA_STAT_ALLOC_FAIL,
	GCMA_STAT_ALLOC_PAGES,
	GCMA_STAT_FREE_SUCCESS,
	GCMA_STAT_FREE_FAIL,
	GCMA_STAT_FREE_PAGES,
	GCMA_STAT_NR,
};

/**
 * struct gcma_area - one registered area (v2's struct gcma_area, plus
 * the allocation bitmap and counters).
 * @pool_id: the cleancache pool its free pages are donated to.
 * @start_pfn: first pfn.
 * @end_pfn: first pfn past the area (exclusive).
 * @name: its name, also the pool's.
 * @bitmap: one bit per pfn, set while GCMA has handed the pfn out. Bits
 *	change with atomic word operations: neighbouring ranges share words.
 * @freeing: one bit per pfn, set while a gcma_free_range() call owns the
 *	pfn (between its first check and the donation); the second half of
 *	@bitmap's allocation. It makes overlapping frees fail cleanly
 *	without an atomic operation per page (see gcma_free_range()).
 * @allocated: set bits.
 * @stats: counters, indexed by enum gcma_stat_item.
 *
 * Everything but @bitmap, @allocated and @stats is written once, before
 * the area is published; areas are never removed.
 */
struct gcma_area {
	int pool_id;
	unsigned long start_pfn;
	unsigned long end_pfn;
	char name[GCMA_AREA_NAME_MAX_LEN];
	unsigned long *bitmap;
	unsigned long *freeing;
	atomic_long_t allocated;
	atomic_long_t stats[GCMA_STAT_NR];
};

/**
 * struct gcma - what the kernel keeps in mm/gcma.c's globals, once per
 * simulated machine (machine_local(ML_GCMA)).
 * @lock: serialises registration (v2's gcma_area_lock).
 * @nr_areas: published areas; only grows; release store, acquire load.
 * @areas: the areas, 0 .. @nr_areas - 1.
 */
struct gcma {
	struct mutex lock;
	atomic_t nr_areas;
	struct gcma_area areas[MAX_GCMA_AREAS];
};

/* The calling thread's GCMA state, or NULL (reported) when unattached. */
struct gcma *gcma_get_state(void);

static inline int gcma_nr_published(struct gcma *g)
{
	return atomic_read_acquire(&g->nr_areas);
}

static inline bool gcma_test_pfn(const struct gcma_area *area,
				 unsigned long pfn)
{
	unsigned long i = pfn - area->start_pfn;

	return test_bit_acquire(i, area->bitmap);
}

/*
 * gcma_area_of_pfn - the published area holding @pfn, or NULL. For the
 * checkers: it follows no defect switch (find_area() in gcma.c is v2's
 * lookup, defects included).
 */
static inline struct gcma_area *gcma_area_of_pfn(struct gcma *g,
						 unsigned long pfn)
{
	int nr = gcma_nr_published(g);

	for (int i = 0; i < nr; i++) {
		struct gcma_area *area = &g->areas[i];

		if (pfn >= area->start_pfn && pfn < area->end_pfn)
			return area;
	}
	return NULL;
}

#endif /* _MM_GCMA_INTERNAL_H */
