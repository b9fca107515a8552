// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The accounting policies' arithmetic (tools/gcma-sim/acct_policy.c,
 * docs/gcma.md "Accounting") on known machine states, worked by hand:
 * MemTotal and the totals under the carveout outside and inside
 * MemTotal, MemAvailable overstated by the carveout, RSS and the OOM
 * killer's choice, the memcg limit, lmkd's trigger; bad input; and the
 * consistency check catching a page counted twice.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "acct_policy.h"

/*
 * A 10000-page machine with a 2000-page carveout: 1200 pages hold
 * cleancache, 100 frontswap, 500 are the client's buffer, 200 are free.
 */
static const struct acct_state gcma_state = {
	.gcma = true, .machine = 10000, .area = 2000, .free = 1500,
	.file = 1800, .anon = 2500, .cleancache = 1200, .frontswap = 100,
	.area_alloc = 500, .low = 100, .memcg_limit = 800,
	.lmkd_minfree = 2000, .lmkd_min_adj = 900,
};

/* The client (600 own pages, the 500-page buffer) and two cached apps. */
static const struct acct_proc phone_procs[] = {
	{ .rss = 600, .buf = 500, .adj = 0 },
	{ .rss = 900, .swap = 100, .adj = 900 },
	{ .rss = 1000, .adj = 900 },
};

/* The same processes all at adj 0 (a desktop): RSS decides. */
static const struct acct_proc desktop_procs[] = {
	{ .rss = 600, .buf = 500, .adj = 0 },
	{ .rss = 900, .swap = 50, .adj = 0 },
	{ .rss = 1000, .adj = 0 },
};

static struct acct_view view(const struct acct_state *st,
			     const struct acct_proc *procs, unsigned int nr,
			     unsigned int policy)
{
	struct acct_view v;

	assert_int_equal(acct_policy_view(st, procs, nr, policy, &v), 0);
	assert_int_equal(acct_view_check(st, &v), 0);
	return v;
}

/* Today's GCMA: MemTotal without the carveout, which no figure shows. */
static void t_outside(void **state)
{
	struct acct_view v = view(&gcma_state, phone_procs, 3, 0);

	assert_string_equal(acct_policy_name(0), "outside");
	assert_int_equal(v.mem_total, 8000);
	assert_int_equal(v.mem_free, 1500);
	assert_int_equal(v.cached, 1800);
	assert_int_equal(v.cma_total, 0);
	/* 8000 = 1500 + 1800 + 2500 + 2200 of the kernel's. */
	assert_int_equal(v.other, 2200);
	/* 1500 - 100 + 1800 - min(900, 100). */
	assert_int_equal(v.mem_avail, 3100);
	assert_int_equal(v.usable_avail, 3100);
	assert_int_equal(v.avail_overstated, 0);
	assert_int_equal(v.client_rss, 600);
	assert_int_equal(v.rss_beyond_total, 0);
	/* badness 600, totalpages 8000: (1000 + 75) * 2 / 3. */
	assert_int_equal(v.client_badness, 600);
	assert_int_equal(v.client_oom_score, 716);
	/* 900 + 100 + 900 * 8 = 8200 = 1000 + 7200: the first one wins. */
	assert_int_equal(v.oom_victim, 1);
	assert_int_equal(v.oom_freed, 900);
	/* Free above the watermark 1400 and Cached 1800, both < 2000. */
	assert_int_equal(v.lmkd_victim, 2);
}

/* Inside MemTotal: every page counted once, the totals add up. */
static void t_inside_totals_add_up(void **state)
{
	struct acct_view out = view(&gcma_state, phone_procs, 3, 0);

	for (unsigned int p = ACCT_INSIDE; p < ACCT_NR_POLICIES;
	     p = (p + 1) | ACCT_INSIDE) {
		struct acct_view v = view(&gcma_state, phone_procs, 3, p);
		const struct acct_state *st = &gcma_state;

		assert_int_equal(v.mem_total, st->machine);
		/* The carveout's 200 free pages, its 1200 cached ones. */
		assert_int_equal(v.mem_free, 1700);
		assert_int_equal(v.cached, 3000);
		assert_int_equal(v.cma_total, 2000);
		assert_int_equal(v.cma_free, 200);
		assert_int_equal((long)(v.mem_free + v.cached + st->anon +
					st->frontswap + st->area_alloc) +
				 v.other, (long)v.mem_total);
		/* The kernel's own pages do not depend on the policy. */
		assert_int_equal(v.other, out.other);
		/* Available to apps: none of the carveout's 1400 pages. */
		assert_int_equal(v.mem_avail, 4500);
		assert_int_equal(v.usable_avail, out.mem_avail);
		assert_int_equal(v.avail_overstated, 1400);
		assert_int_equal(v.rss_beyond_total, 0);
	}
}

/* RSS: the buffer in the client's RSS; outside, beyond MemTotal. */
static void t_rss(void **state)
{
	struct acct_view o = view(&gcma_state, phone_procs, 3, ACCT_RSS);
	struct acct_view i = view(&gcma_state, phone_procs, 3,
				  ACCT_RSS | ACCT_INSIDE);

	assert_string_equal(acct_policy_name(ACCT_RSS), "outside+rss");
	assert_int_equal(o.client_rss, 1100);
	assert_int_equal(o.rss_beyond_total, 500);
	/* 1100 * 1000 / 8000 = 137: (1000 + 137) * 2 / 3. */
	assert_int_equal(o.client_oom_score, 758);
	/* totalpages 10000: (1000 + 110) * 2 / 3. */
	assert_int_equal(i.client_oom_score, 740);
	assert_int_equal(i.rss_beyond_total, 0);
	/* The cached apps still go first: adj outweighs RSS. */
	assert_int_equal(o.oom_victim, 1);
	assert_int_equal(o.lmkd_victim, 2);
	/* RSS does not change memcg usage. */
	assert_int_equal(o.memcg_usage, 600);
	assert_false(o.memcg_over);
}

/* At equal adj, counting the buffer makes the client the OOM victim. */
static void t_rss_picks_client(void **state)
{
	struct acct_state cma = gcma_state;
	struct acct_view v;

	v = view(&gcma_state, desktop_procs, 3, 0);
	assert_int_equal(v.oom_victim, 2);
	assert_int_equal(v.oom_freed, 1000);
	v = view(&gcma_state, desktop_procs, 3, ACCT_RSS);
	assert_int_equal(v.oom_victim, ACCT_CLIENT);
	/* Its buffer goes back to the carveout: only its 600 pages help. */
	assert_int_equal(v.oom_freed, 600);
	/* A classic area's buffer is system memory: it frees all 1100. */
	cma.gcma = false;
	cma.cleancache = cma.frontswap = 0;
	cma.cma_free = 300;
	v = view(&cma, desktop_procs, 3, ACCT_RSS);
	assert_int_equal(v.oom_victim, ACCT_CLIENT);
	assert_int_equal(v.oom_freed, 1100);
}

/* memcg: the buffer charged puts the client's memcg over its limit. */
static void t_memcg(void **state)
{
	struct acct_state nolimit = gcma_state;
	struct acct_view v;

	v = view(&gcma_state, phone_procs, 3, ACCT_INSIDE | ACCT_RSS);
	assert_int_equal(v.memcg_usage, 600);
	assert_false(v.memcg_over);
	v = view(&gcma_state, phone_procs, 3, ACCT_MEMCG);
	assert_string_equal(acct_policy_name(ACCT_MEMCG), "outside+memcg");
	assert_int_equal(v.memcg_usage, 1100);
	assert_true(v.memcg_over);
	/* memcg alone does not change RSS or the OOM killer's view. */
	assert_int_equal(v.client_rss, 600);
	assert_int_equal(v.client_oom_score, 716);
	nolimit.memcg_limit = 0;
	v = view(&nolimit, phone_procs, 3, ACCT_MEMCG);
	assert_false(v.memcg_over);
}

/* Inside: the carveout's cached pages keep lmkd from acting. */
static void t_lmkd_inside(void **state)
{
	struct acct_state off = gcma_state;
	struct acct_view v;

	v = view(&gcma_state, phone_procs, 3, ACCT_INSIDE);
	/* Free above the watermark 1600 < 2000 but Cached 3000. */
	assert_int_equal(v.lmkd_victim, ACCT_NONE);
	v = view(&gcma_state, phone_procs, 3, 0);
	assert_int_equal(v.lmkd_victim, 2);
	/* No process at lmkd's adj: nothing to kill. */
	off.lmkd_min_adj = 1000;
	v = view(&off, phone_procs, 3, 0);
	assert_int_equal(v.lmkd_victim, ACCT_NONE);
	off.lmkd_min_adj = 900;
	off.lmkd_minfree = 0;
	v = view(&off, phone_procs, 3, 0);
	assert_int_equal(v.lmkd_victim, ACCT_NONE);
}

/* A classic area is system memory: the MemTotal axis changes nothing. */
static void t_cma_total_axis(void **state)
{
	struct acct_state cma = gcma_state;

	cma.gcma = false;
	cma.cleancache = cma.frontswap = 0;
	cma.cma_free = 300;
	for (unsigned int p = 0; p < ACCT_INSIDE; p++) {
		struct acct_view o = view(&cma, phone_procs, 3, p);
		struct acct_view i = view(&cma, phone_procs, 3,
					  p | ACCT_INSIDE);

		assert_int_equal(o.mem_total, 10000);
		assert_int_equal(o.cma_total, 2000);
		assert_int_equal(o.cma_free, 300);
		/* 10000 = 1500 + 1800 + 2500 + 500 + 3700. */
		assert_int_equal(o.other, 3700);
		assert_int_equal(o.avail_overstated, 0);
		i.policy = o.policy;
		assert_memory_equal(&o, &i, sizeof(o));
	}
}

/* Bad input: -EINVAL and the view untouched. */
static void t_bad_input(void **state)
{
	struct acct_proc bad_adj[] = { { .rss = 1, .adj = 1001 } };
	struct acct_state over = gcma_state;
	struct acct_view v;

	memset(&v, 0x5a, sizeof(v));
	assert_int_equal(acct_policy_view(&gcma_state, phone_procs, 3,
					  ACCT_NR_POLICIES, &v), -EINVAL);
	assert_int_equal(acct_policy_view(&gcma_state, phone_procs, 0, 0, &v),
			 -EINVAL);
	assert_int_equal(acct_policy_view(&gcma_state, bad_adj, 1, 0, &v),
			 -EINVAL);
	/* Uses of the carveout beyond it. */
	over.cleancache = 1401;
	assert_int_equal(acct_policy_view(&over, phone_procs, 3, 0, &v),
			 -EINVAL);
	over = gcma_state;
	over.area = over.machine;
	assert_int_equal(acct_policy_view(&over, phone_procs, 3, 0, &v),
			 -EINVAL);
	assert_int_equal(*(unsigned char *)&v, 0x5a);
	assert_string_equal(acct_policy_name(ACCT_NR_POLICIES), "?");
}

/*
 * A state counting a page twice (a carveout page in MemFree too: free
 * 8000 outside a MemTotal of 8000 with file and anon pages) fails the
 * check: the kernel's own pages come out negative.
 */
static void t_check_double_count(void **state)
{
	struct acct_state twice = gcma_state;
	struct acct_view v;

	twice.free = 8000;
	assert_int_equal(acct_policy_view(&twice, phone_procs, 3, 0, &v), 0);
	assert_true(v.other < 0);
	assert_int_equal(acct_view_check(&twice, &v), -ERANGE);
	assert_int_equal(acct_policy_view(&twice, phone_procs, 3, ACCT_INSIDE,
					  &v), 0);
	assert_int_equal(acct_view_check(&twice, &v), -ERANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_outside),
		cmocka_unit_test(t_inside_totals_add_up),
		cmocka_unit_test(t_rss),
		cmocka_unit_test(t_rss_picks_client),
		cmocka_unit_test(t_memcg),
		cmocka_unit_test(t_lmkd_inside),
		cmocka_unit_test(t_cma_total_axis),
		cmocka_unit_test(t_bad_input),
		cmocka_unit_test(t_check_double_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
