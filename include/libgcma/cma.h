/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Contiguous memory areas: classic CMA (migration through
 * alloc_contig_range()) and CMA areas declared with `guarantee`, which
 * route to GCMA (the 2025 series' patch 8/8).
 *
 * The kernel-named calls act on the machine the calling thread is
 * attached to. An area is declared during the machine's boot phase
 * (cma_declare_contiguous(), cma_init_reserved_mem(), or the
 * simulation's devicetree stand-in, <libgcma/sim_cma.h>) and activated by
 * sim_machine_boot_done(): a classic area's pageblocks become
 * MIGRATE_CMA pageblocks of the page allocator, which lends them to
 * movable allocations; a `guarantee` area becomes a GCMA area whose pages
 * cleancache borrows. docs/cma.md has the semantics, deviations, cost
 * model and how to read the stats, dumps and trace events.
 */
#ifndef _LIBGCMA_CMA_H
#define _LIBGCMA_CMA_H

#include <stdio.h>
#include <libgcma/folio.h>
#include <libgcma/gfp.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cma;

typedef uint64_t phys_addr_t;

/* Areas per machine (the kernel's CONFIG_CMA_AREAS). */
#define MAX_CMA_AREAS		20
/* Longest area name, with its NUL (the kernel's CMA_MAX_NAME). */
#define CMA_MAX_NAME		64

/* Which step of alloc_contig_range() failed (struct acr_info.err). */
#define ACR_ERR_ISOLATE		(1U << 0)	/* pageblock isolation */
#define ACR_ERR_MIGRATE		(1U << 1)	/* a folio stayed busy */
#define ACR_ERR_TEST		(1U << 2)	/* a pfn was not free at the end */

/**
 * struct acr_info - what one alloc_contig_range() call did (the Android
 * kernels' struct of that name).
 * @nr_mapped: pages of isolated folios that were mapped.
 * @nr_migrated: folios migrated out of the range.
 * @nr_reclaimed: clean folios dropped instead of migrated.
 * @err: ACR_ERR_* bits of the steps that failed.
 * @failed_pfn: the first pfn that made it fail, 0 on success.
 */
struct acr_info {
	unsigned long nr_mapped;
	unsigned long nr_migrated;
	unsigned long nr_reclaimed;
	unsigned int err;
	unsigned long failed_pfn;
};

/**
 * struct cma_stats - an area's counters: the sysfs files, and what
 * classic CMA did to serve them.
 * @alloc_pages_success: pages of successful allocations.
 * @alloc_pages_fail: pages of failed allocations.
 * @release_pages_success: pages released.
 * @total_pages: pages in the area.
 * @available_pages: pages not allocated.
 * @gcma: the area is a GCMA (`guarantee`) area.
 * @busy_retries: allocations retried at another position after -EBUSY.
 * @nr_migrated: folios migrated out (classic).
 * @nr_reclaimed: folios reclaimed instead (classic).
 * @nr_mapped: pages of mapped folios moved (classic).
 * @err_isolate: attempts failed at isolation.
 * @err_migrate: attempts failed with a folio that stayed busy.
 * @err_test: attempts failed with a pfn not free at the end.
 */
struct cma_stats {
	unsigned long alloc_pages_success;
	unsigned long alloc_pages_fail;
	unsigned long release_pages_success;
	unsigned long total_pages;
	unsigned long available_pages;
	bool gcma;
	unsigned long busy_retries;
	unsigned long nr_migrated;
	unsigned long nr_reclaimed;
	unsigned long nr_mapped;
	unsigned long err_isolate;
	unsigned long err_migrate;
	unsigned long err_test;
};

/* Declaration, during the machine's boot phase. */
LIBGCMA_API int cma_declare_contiguous(phys_addr_t base, phys_addr_t size,
				       phys_addr_t limit,
				       phys_addr_t alignment,
				       unsigned int order_per_bit, bool fixed,
				       const char *name,
				       struct cma **res_cma);
LIBGCMA_API int cma_init_reserved_mem(phys_addr_t base, phys_addr_t size,
				      unsigned int order_per_bit,
				      const char *name, struct cma **res_cma);
LIBGCMA_API int __cma_init_reserved_mem(phys_addr_t base, phys_addr_t size,
					unsigned int order_per_bit,
					const char *name,
					struct cma **res_cma, bool gcma);

/* Allocation and release. */
LIBGCMA_API struct page *cma_alloc(struct cma *cma, unsigned long count,
				   unsigned int align, bool no_warn);
LIBGCMA_API int cma_alloc_pages(struct cma *cma, unsigned long count,
				unsigned int align, gfp_t gfp,
				struct page **pagep);
LIBGCMA_API bool cma_release(struct cma *cma, const struct page *pages,
			     unsigned long count);
LIBGCMA_API int cma_release_pages(struct cma *cma, const struct page *pages,
				  unsigned long count);
LIBGCMA_API int alloc_contig_range(unsigned long start, unsigned long end,
				   int migratetype, gfp_t gfp,
				   struct acr_info *info);

/* Introspection. */
LIBGCMA_API const char *cma_get_name(const struct cma *cma);
LIBGCMA_API phys_addr_t cma_get_base(const struct cma *cma);
LIBGCMA_API unsigned long cma_get_size(const struct cma *cma);
LIBGCMA_API int cma_for_each_area(int (*it)(struct cma *cma, void *data),
				  void *data);
LIBGCMA_API struct cma *cma_find_area(const char *name);
LIBGCMA_API int cma_get_stats(struct cma *cma, struct cma_stats *out);
LIBGCMA_API int cma_sysfs_show(struct cma *cma, FILE *out);
LIBGCMA_API int cma_debugfs_show(struct cma *cma, FILE *out);
LIBGCMA_API int cma_debug_show_areas(struct cma *cma);
LIBGCMA_API int cma_free_extents(struct cma *cma, char *buf, size_t len);
LIBGCMA_API int cma_check(void);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_CMA_H */
