/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Fixture shared by the frontswap test programs (test_frontswap.c,
 * test_fs_swap.c). Include once, from a test program.
 *
 * Each test runs on a 1024-page machine with page data whose top 256
 * pages are one GCMA area (cc_test.h's carve-out, registered with
 * gcma_register_area()); teardown switches every swap type off and takes
 * every donated page back. F_CHECK() runs frontswap_check(),
 * gcma_check() and cleancache_check().
 */
#ifndef _GCMA_FSW_TEST_H
#define _GCMA_FSW_TEST_H

#include "cc_test.h"
#include <libgcma/sim_swap.h>
#include "mm/cleancache_internal.h"

#define CARVE		768UL
#define NR_CARVE	256UL

static int fsw_setup(void **state)
{
	static const struct cc_opts o = {
		.nr_pages = 1024, .nr_carve = NR_CARVE,
		.carve_align = NR_CARVE, .mode = SIM_DATA_PAGES,
	};
	int ret = cc_setup_opts(state, &o);

	assert_int_equal(cc(state)->carve_pfn, CARVE);
	assert_errno(gcma_register_area("gcma", CARVE, NR_CARVE), 0);
	return ret;
}

static void __f_check(const char *file, int line)
{
	int ret = frontswap_check();

	if (!ret)
		ret = gcma_check();
	if (ret) {
		test_print_violations(sim_current_machine());
		print_error("%s:%d: frontswap/gcma check returned %d\n", file,
			    line, ret);
		_fail(file, line);
	}
	__cc_check(file, line);
}

/* F_CHECK - the frontswap, GCMA and cleancache checkers pass, now. */
#define F_CHECK()	__f_check(__FILE__, __LINE__)

/*
 * Switch every type off, then take every donated page back (as GCMA's
 * own teardown does) so that the fixture can restore the carve-out.
 */
static int fsw_teardown(void **state)
{
	struct cc_test *t = *state;
	struct gcma_area_info info;
	int errors = 0;

	if (frontswap_check()) {
		print_error("teardown: frontswap_check() fails on entry\n");
		errors++;
	}
	for (int type = 0; type < SIM_MAX_SWAPFILES; type++)
		sim_swapoff(type);
	assert_errno(gcma_area_get_info(0, &info), 0);
	for (unsigned long pfn = info.start_pfn; pfn < info.end_pfn; pfn++) {
		struct folio *d = (struct folio *)pfn_to_page(pfn);
		int ret;

		if (folio_ref_count(d))
			continue;	/* allocated by the test */
		ret = cleancache_backend_get_folio(info.pool_id, d);
		if (ret && ret != -EINVAL)
			errors++;
	}
	for (unsigned long i = 0; i < t->nr_carve; i++)
		t->state[i] = CC_D_OWNED;
	cc_teardown(state);
	if (errors)
		fail_msg("%d frontswap teardown errors", errors);
	return 0;
}

/* The client's statistics, now. */
static struct sim_frontswap_stats fstats(void)
{
	struct sim_frontswap_stats s;

	assert_errno(sim_frontswap_stats_get(&s), 0);
	return s;
}

/* Virtual-time events of one call, from the calling thread's account. */
#define ACCOUNT(call, acct) do {					\
		sim_cost_account_reset();				\
		call;							\
		sim_cost_account_get(acct);				\
	} while (0)

/* Switch a type on: @nr_slots slots of device @dev, policy @policy. */
static int swapon(enum sim_swap_device dev, enum sim_swap_policy policy,
		  unsigned long nr_slots)
{
	struct sim_swap_config cfg = {
		.nr_slots = nr_slots, .device = dev, .policy = policy,
	};
	int type = sim_swapon(&cfg);

	assert_true(type >= 0);
	F_CHECK();
	return type;
}

#endif /* _GCMA_FSW_TEST_H */
