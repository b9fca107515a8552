/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * What the page allocator's unit tests share (test_page_alloc*.c): a
 * 4096-page machine at pfn 0 whose [2048, 3072) may be CMA, the fixture
 * state, its teardown (the checker must find nothing), and small helpers.
 */
#ifndef _GCMA_PA_TEST_H
#define _GCMA_PA_TEST_H

#include <stdlib.h>

#include "harness.h"
#include "mm/page_alloc_internal.h"
#include "sim/sim_internal.h"

#define NR_PAGES	4096UL
#define CMA_BASE	2048UL
#define CMA_PAGES	1024UL

struct pa_test {
	struct test_machine tm;
	struct sim_machine *m;
};

#define T(state)	((struct pa_test *)*(state))

/* The checker must find nothing. */
#define CHECK(t)	assert_int_equal(sim_page_alloc_check((t)->m), 0)

static inline int teardown(void **state)
{
	struct pa_test *t = T(state);

	CHECK(t);
	test_machine_down(&t->tm);
	free(t);
	return 0;
}

static inline struct zone *zone(void)
{
	return page_zone_local();
}

static inline unsigned long alloc_pfn(gfp_t gfp, unsigned int order)
{
	struct folio *folio = folio_alloc(gfp, order);

	assert_non_null(folio);
	return folio_pfn(folio);
}

static inline void put_pfn(unsigned long pfn)
{
	folio_put(pfn_folio(pfn));
}

#endif /* _GCMA_PA_TEST_H */
