/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * CMA internals shared by lib/mm/cma.c (declaration, activation,
 * allocation, release) and lib/mm/cma_debug.c (stats, debugfs, dumps,
 * checker). The kernel's mm/cma.h.
 */
#ifndef _MM_CMA_INTERNAL_H
#define _MM_CMA_INTERNAL_H

#include <libgcma/cma.h>
#include "kernel/atomic.h"
#include "kernel/kernel.h"
#include "kernel/spinlock.h"

/* Per-area counters (struct cma_stats). */
enum cma_stat_item {
	CMA_ALLOC_PAGES_SUCCESS,
	CMA_ALLOC_PAGES_FAIL,
	CMA_RELEASE_PAGES_SUCCESS,
	CMA_BUSY_RETRIES,
	CMA_NR_MIGRATED,
	CMA_NR_RECLAIMED,
	CMA_NR_MAPPED,
	CMA_ERR_ISOLATE,
	CMA_ERR_MIGRATE,
	CMA_ERR_TEST,
	CMA_STAT_NR,
};

/**
 * struct cma - one contiguous memory area.
 * @base_pfn: first pfn.
 * @count: pages; 0 while the area is not usable (failed activation).
 * @available_count: pages whose bitmap bits are clear (under @lock).
 * @order_per_bit: one bitmap bit covers 2^@order_per_bit pages.
 * @bitmap: allocated chunks (under @lock).
 * @lock: protects @bitmap and @available_count.
 * @alloc_mutex: serialises alloc_contig_range()/gcma_alloc_range() calls
 *	of the area, as the kernel's cma->alloc_mutex.
 * @name: its name.
 * @gcma: declared with `guarantee`: allocations go to GCMA.
 * @active: activated at boot; allocations are refused before.
 * @stats: counters (atomic).
 */
struct cma {
	unsigned long base_pfn;
	unsigned long count;
	unsigned long available_count;
	unsigned int order_per_bit;
	unsigned long *bitmap;
	spinlock_t lock;
	struct mutex alloc_mutex;
	char name[CMA_MAX_NAME];
	bool gcma;
	bool active;
	atomic_long_t stats[CMA_STAT_NR];
};

/**
 * struct cma_state - what the kernel keeps in mm/cma.c's globals, once
 * per machine.
 * @lock: serialises declarations and activation.
 * @nr_areas: areas declared (only grows).
 * @areas: the areas.
 */
struct cma_state {
	struct mutex lock;
	int nr_areas;
	struct cma areas[MAX_CMA_AREAS];
};

struct cma_state *cma_get_state(void);
bool cma_is_area(struct cma_state *st, const struct cma *cma);

static inline unsigned long cma_bitmap_maxno(const struct cma *cma)
{
	return cma->count >> cma->order_per_bit;
}

/* Bits covering @pages pages, rounded up. */
static inline unsigned long cma_bitmap_pages_to_bits(const struct cma *cma,
						     unsigned long pages)
{
	return ALIGN(pages, 1UL << cma->order_per_bit) >> cma->order_per_bit;
}

static inline void cma_stat_add(struct cma *cma, enum cma_stat_item item,
				unsigned long n)
{
	atomic_long_add(n, &cma->stats[item]);
}

int cma_declare_contiguous_area(phys_addr_t base, phys_addr_t size,
			     phys_addr_t limit, phys_addr_t alignment,
			     unsigned int order_per_bit, bool fixed,
			     const char *name, struct cma **res_cma, bool gcma);

/* lib/mm/cma_debug.c: the free-extent line of cma_debug_show_areas(). */
int cma_free_extents_unchecked(struct cma *cma, char *buf, size_t len);

/* lib/mm/cma_debug.c: the sysfs and debugfs files of area @v as text. */
struct seq_file;
int cma_sysfs_seq_show(struct seq_file *m, void *v);
int cma_debugfs_seq_show(struct seq_file *m, void *v);

#endif /* _MM_CMA_INTERNAL_H */
