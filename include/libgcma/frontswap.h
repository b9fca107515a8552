/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The frontswap-like client: a cache of anonymous pages leaving for swap,
 * kept in folios that GCMA donated to cleancache, as the 2015 GCMA design
 * and the 2013 frontswap proposal describe (docs/frontswap.md).
 *
 * Kernel names only (the 2013 frontswap API, one call per swap slot):
 * frontswap_store(), frontswap_load(), frontswap_invalidate_page(),
 * frontswap_invalidate_area(), and the invariant checker. The swap
 * devices, the swap path around frontswap, the recall policies, the
 * ratio and the statistics are the simulation's: <libgcma/sim_swap.h>.
 *
 * Every call acts on the machine the calling thread is attached to.
 */
#ifndef _LIBGCMA_FRONTSWAP_H
#define _LIBGCMA_FRONTSWAP_H

#include <libgcma/folio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Swap types one machine may have on at once: @type is below this. */
#define FRONTSWAP_MAX_TYPES	8

/**
 * enum frontswap_policy - what a recall does with swap data in a folio
 *	GCMA takes back (gcma_alloc_range()).
 * @FRONTSWAP_WRITE_THROUGH: every store also wrote the page to the swap
 *	device (charged at store); the recall just drops the folio's copy.
 * @FRONTSWAP_WRITE_BACK: the recall writes the page to the swap device
 *	first (charged to the recalling call).
 * @FRONTSWAP_PUT_BACK: the recall copies the page into a system page
 *	(folio_alloc(GFP_NOWAIT)) kept in the swap client's swap cache; if
 *	no page can be had it writes back instead.
 * @FRONTSWAP_NR_POLICIES: number of policies.
 */
enum frontswap_policy {
	FRONTSWAP_WRITE_THROUGH,
	FRONTSWAP_WRITE_BACK,
	FRONTSWAP_PUT_BACK,
	FRONTSWAP_NR_POLICIES,
};

/* Kernel names: the 2013 frontswap API, a slot named by (type, offset). */
LIBGCMA_API int frontswap_store(unsigned int type, pgoff_t offset,
				struct folio *folio);
LIBGCMA_API int frontswap_load(unsigned int type, pgoff_t offset,
			       struct folio *folio);
LIBGCMA_API int frontswap_invalidate_page(unsigned int type, pgoff_t offset);
LIBGCMA_API int frontswap_invalidate_area(unsigned int type);
LIBGCMA_API int frontswap_check(void);

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_FRONTSWAP_H */
