// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The statistics of several seeds: Student-t quantiles and intervals
 * against hand-computed values, --seeds parsing, and percentiles pooled
 * over the requests of every seed (not averaged per seed).
 */
#include <math.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "seeds.h"
#include "stats.h"

#define near(a, b, eps)	assert_true(fabs((a) - (b)) <= (eps))

static void t_t95(void **state)
{
	assert_true(t95_quantile(0) == 0);
	near(t95_quantile(1), 12.7062, 1e-9);
	near(t95_quantile(4), 2.7764, 1e-9);
	near(t95_quantile(9), 2.2622, 1e-9);
	near(t95_quantile(30), 2.0423, 1e-9);
	/* Between 30 and 40, linear in 1/df: 2.0423 - 0.0212 * 4/7. */
	near(t95_quantile(35), 2.0423 - 0.0212 * 4.0 / 7.0, 1e-9);
	near(t95_quantile(35), 2.0301, 5e-4);	/* the exact quantile */
	near(t95_quantile(120), 1.9799, 1e-9);
	near(t95_quantile(1000000), 1.9600, 1e-4);
}

static void t_mean_ci(void **state)
{
	const double five[] = { 1, 2, 3, 4, 5 }, two[] = { 10, 12 };
	const double one[] = { 7 };
	struct mean_ci a, b, c;

	/* mean 3, sd sqrt(2.5), half 2.7764 * sqrt(2.5) / sqrt(5) = 1.963211 */
	mean_ci_compute(five, 5, &a);
	assert_int_equal(a.n, 5);
	near(a.mean, 3.0, 1e-12);
	near(a.sd, 1.58113883, 1e-8);
	near(a.half, 1.963211, 1e-6);
	/* Two seeds: half = t(1) * sd / sqrt(2) = 12.7062 * sqrt(2) / sqrt(2). */
	mean_ci_compute(two, 2, &b);
	near(b.mean, 11.0, 1e-12);
	near(b.half, 12.7062, 1e-9);
	/* One seed: no interval. */
	mean_ci_compute(one, 1, &c);
	near(c.mean, 7.0, 1e-12);
	assert_true(c.half == 0 && c.sd == 0);
	/* [1.04, 4.96] and [-1.71, 23.71] overlap; [7, 7] and [1.04, 4.96] not. */
	assert_true(mean_ci_overlap(&a, &b));
	assert_false(mean_ci_overlap(&a, &c));
	assert_true(mean_ci_overlap(&b, &c));
}

static void expect_seeds(const char *spec, uint64_t first,
			 const uint64_t *want, unsigned int nr)
{
	char err[128] = "";
	uint64_t *seeds;
	unsigned int n;

	if (seeds_parse(spec, first, &seeds, &n, err, sizeof(err)))
		fail_msg("'%s': %s", spec, err);
	assert_int_equal(n, nr);
	for (unsigned int i = 0; i < nr; i++)
		assert_int_equal(seeds[i], want[i]);
	free(seeds);
}

static void expect_bad(const char *spec, const char *msg)
{
	char err[128] = "";
	uint64_t *seeds;
	unsigned int n;

	assert_int_not_equal(seeds_parse(spec, 1, &seeds, &n, err,
					 sizeof(err)), 0);
	assert_null(seeds);
	assert_int_equal(n, 0);
	assert_string_equal(err, msg);
}

static void t_seeds_parse(void **state)
{
	const uint64_t a[] = { 1, 2, 3 }, b[] = { 7, 8, 9 };
	const uint64_t c[] = { 1, 3, 7 }, d[] = { 4, 5, 6, 10 };

	expect_seeds("3", 1, a, 3);
	expect_seeds("3", 7, b, 3);	/* N seeds from the scenario's */
	expect_seeds("7-9", 1, b, 3);
	expect_seeds("1,3,7", 1, c, 3);
	expect_seeds("4-6,10", 1, d, 4);
	expect_seeds("0x7-9", 1, b, 3);
	expect_bad("0", "'0' is not a count of 1-1000 seeds, a range A-B or a list");
	expect_bad("1001", "'1001' is not a count of 1-1000 seeds, a range A-B or a list");
	expect_bad("1,,2", "an empty element in '1,,2'");
	expect_bad("1,2,", "an empty element in '1,2,'");
	expect_bad("5-3", "range 5-3 is empty");
	expect_bad("1,2-4,3", "seed 3 given twice");
	expect_bad("-3", "'-3' is not a seed or a range A-B");
	expect_bad("1-x", "'1-x' is not a seed or a range A-B");
	expect_bad("1-1001", "more than 1000 seeds");
}

/*
 * Two seeds of 50 requests of one size: 1..50 µs and 51..100 µs. Over
 * all 100 requests p50 is 50 µs and p99 99 µs (nearest rank), which no
 * per-seed figure or their mean gives (p99 per seed: 50 and 100).
 */
static void t_pooled_percentiles(void **state)
{
	struct scn_scenario s;
	struct sim_run proto = { 0 };
	struct seeds_result sr;
	const uint64_t seeds[] = { 1, 2 };
	const struct seeds_cell *p99;

	scn_defaults(&s);
	s.nr_sizes = 1;
	s.sizes[0] = 16;
	s.repeat = 50;
	s.baseline = false;
	assert_int_equal(seeds_init(&sr, &s, seeds, 2, &proto), 0);
	for (unsigned int k = 0; k < 2; k++) {
		struct cfg_result *r = &sr.runs[k].cfg[SCN_CFG_GCMA];
		uint64_t ns[50];
		int ret[50] = { 0 };

		r->ran = true;
		r->lat_ns = calloc(50, sizeof(*r->lat_ns));
		r->lat_ret = calloc(50, sizeof(*r->lat_ret));
		assert_non_null(r->lat_ns);
		assert_non_null(r->lat_ret);
		for (int i = 0; i < 50; i++)
			ns[i] = (uint64_t)(k * 50 + 50 - i) * 1000;	/* unsorted */
		ret[0] = k ? -16 : 0;	/* one failure in the second seed */
		memcpy(r->lat_ns, ns, sizeof(ns));
		memcpy(r->lat_ret, ret, sizeof(ret));
		assert_int_equal(lat_stats_compute(ns, ret, 50, &r->size[0]), 0);
	}
	assert_int_equal(seeds_aggregate(&sr), 0);
	assert_int_equal(sr.pooled[SCN_CFG_GCMA][0].n, 100);
	near(sr.pooled[SCN_CFG_GCMA][0].min_us, 1.0, 1e-9);
	near(sr.pooled[SCN_CFG_GCMA][0].p50_us, 50.0, 1e-9);
	near(sr.pooled[SCN_CFG_GCMA][0].p99_us, 99.0, 1e-9);
	near(sr.pooled[SCN_CFG_GCMA][0].max_us, 100.0, 1e-9);
	near(sr.pooled[SCN_CFG_GCMA][0].success_rate, 0.99, 1e-9);
	/* The per-seed p99s are the maxima, 50 and 100: mean 75. */
	p99 = seeds_find(&sr, "latency", SCN_CFG_GCMA, 16, "p99_us");
	assert_non_null(p99);
	near(p99->ci.mean, 75.0, 1e-9);
	near(p99->ci.half, 12.7062 * 25.0 * sqrt(2.0) / sqrt(2.0), 1e-6);
	assert_null(seeds_find(&sr, "latency", SCN_CFG_CMA, 16, "p99_us"));
	seeds_free(&sr);
}

/*
 * Seed 7's gcma check failed and its run stopped before its meminfo
 * snapshot: its cells are not seed 3's, and the aggregate says which
 * seed, which configuration and what failed (not a bare -EPROTO).
 */
static void t_aggregate_names_failed_seed(void **state)
{
	struct scn_scenario s;
	struct sim_run proto = { 0 };
	struct seeds_result sr;
	const uint64_t seeds[] = { 3, 7 };
	struct cfg_result *ok, *bad;

	scn_defaults(&s);
	s.nr_sizes = 1;
	s.sizes[0] = 16;
	s.repeat = 1;
	assert_int_equal(seeds_init(&sr, &s, seeds, 2, &proto), 0);
	ok = &sr.runs[0].cfg[SCN_CFG_GCMA];
	bad = &sr.runs[1].cfg[SCN_CFG_GCMA];
	ok->ran = bad->ran = true;
	ok->mi = calloc(1, sizeof(*ok->mi));
	assert_non_null(ok->mi);
	ok->nr_mi = 1;
	bad->check_failed = true;
	snprintf(bad->check_msg, sizeof(bad->check_msg),
		 "requests pass stopped: Cannot allocate memory");
	assert_int_equal(seeds_aggregate(&sr), -EPROTO);
	assert_string_equal(sr.why,
		"seed 7: gcma: check failed (requests pass stopped: Cannot allocate memory); its run stopped early, so its results cannot be aggregated with the other seeds'");
	seeds_free(&sr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_t95),
		cmocka_unit_test(t_mean_ci),
		cmocka_unit_test(t_seeds_parse),
		cmocka_unit_test(t_pooled_percentiles),
		cmocka_unit_test(t_aggregate_names_failed_seed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
