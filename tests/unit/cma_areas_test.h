/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The machine the CMA edge tests share (test_cma_api.c,
 * test_page_alloc_check.c): booted, no page data, a classic area "cma0"
 * and a guarantee (GCMA-backed) area "gcma0" declared at boot.
 */
#ifndef _GCMA_CMA_AREAS_TEST_H
#define _GCMA_CMA_AREAS_TEST_H

#include "harness.h"

/*
 * Bring up a @nr_pages machine attached to the test thread with "cma0"
 * at @cma0 and "gcma0" at @gcma0, @area pages each; boot it.
 */
static inline struct sim_machine *cma_areas_up(struct test_machine *tm,
					       unsigned long nr_pages,
					       unsigned long cma0,
					       unsigned long gcma0,
					       unsigned long area,
					       struct cma **c, struct cma **g)
{
	struct sim_machine *m = test_machine_up(tm, nr_pages, 0,
						SIM_DATA_NONE);

	assert_errno(sim_cma_declare(m, "cma0", cma0, area, 0, false, c), 0);
	assert_errno(sim_cma_declare(m, "gcma0", gcma0, area, 0, true, g), 0);
	assert_errno(sim_machine_boot_done(m), 0);
	return m;
}

#endif /* _GCMA_CMA_AREAS_TEST_H */
