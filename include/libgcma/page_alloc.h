/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The page allocator of the machine's system memory: a buddy allocator
 * with the kernel's migrate types, pageblocks and fallback rules
 * (docs/page_alloc.md).
 *
 * folio_alloc() is the kernel's call on the attached machine; the folio
 * is freed by the folio_put() that drops its last reference. The sim_*
 * calls read the counters of a given machine, print its free lists the
 * way /proc/buddyinfo and /proc/pagetypeinfo do, and check its
 * invariants.
 */
#ifndef _LIBGCMA_PAGE_ALLOC_H
#define _LIBGCMA_PAGE_ALLOC_H

#include <stdio.h>

#include <libgcma/folio.h>
#include <libgcma/gfp.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim_machine;

LIBGCMA_API struct folio *folio_alloc(gfp_t gfp, unsigned int order);
LIBGCMA_API unsigned long sim_nr_free_pages(const struct sim_machine *m);
LIBGCMA_API unsigned long sim_nr_free_cma_pages(const struct sim_machine *m);
LIBGCMA_API int sim_page_alloc_show(struct sim_machine *m, FILE *out);
LIBGCMA_API int sim_page_alloc_check(struct sim_machine *m);
LIBGCMA_API int sim_page_alloc_check_pfns(struct sim_machine *m,
					  const unsigned long *pfns,
					  unsigned long nr);
LIBGCMA_API int sim_page_alloc_check_blocks(struct sim_machine *m,
					    const unsigned long *pfns,
					    unsigned long nr);
LIBGCMA_API int sim_page_alloc_set_cma_balance(struct sim_machine *m, bool on);
LIBGCMA_API int sim_page_alloc_set_pcp(struct sim_machine *m, unsigned int cpus,
				       unsigned int high, unsigned int batch);
LIBGCMA_API int sim_page_alloc_set_cma_pcp(struct sim_machine *m, bool to_pcp);
LIBGCMA_API long sim_page_alloc_drain(struct sim_machine *m);
LIBGCMA_API unsigned long sim_nr_pcp_pages(const struct sim_machine *m);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_PAGE_ALLOC_H */
