// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * min/max/avg/p50/p99 and success rate of a set of request latencies.
 *
 * Every request counts in the latency figures, failed ones too (their
 * time was spent; the 2015 test module timed every cma_alloc() call).
 * Percentiles are nearest-rank: p = the ceil(p/100 * n)-th smallest.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The nearest-rank @pct percentile of @sorted[0..n), in µs. */
static double rank_us(const uint64_t *sorted, unsigned long n,
		      unsigned int pct)
{
	unsigned long r = (n * pct + 99) / 100;

	return sorted[r ? r - 1 : 0] / 1000.0;
}

/**
 * lat_stats_compute() - statistics of @n requests.
 * @ns: latency of each request in virtual ns.
 * @ret: result of each request (0 is success).
 * @n: number of requests.
 * @out: filled; all zero for @n == 0.
 *
 * Context: Process context.
 * Return: 0; -ENOMEM.
 */
int lat_stats_compute(const uint64_t *ns, const int *ret, unsigned long n,
		      struct lat_stats *out)
{
	uint64_t *sorted;
	long double sum = 0;

	memset(out, 0, sizeof(*out));
	if (!n)
		return 0;
	sorted = malloc(n * sizeof(*sorted));
	if (!sorted)
		return -ENOMEM;
	memcpy(sorted, ns, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), u64_cmp);
	for (unsigned long i = 0; i < n; i++) {
		sum += ns[i];
		out->ok += !ret[i];
	}
	out->n = n;
	out->min_us = sorted[0] / 1000.0;
	out->max_us = sorted[n - 1] / 1000.0;
	out->avg_us = (double)(sum / n) / 1000.0;
	out->p50_us = rank_us(sorted, n, 50);
	out->p99_us = rank_us(sorted, n, 99);
	out->success_rate = (double)out->ok / n;
	free(sorted);
	return 0;
}

/*
 * Two-sided 95% quantiles of Student's t (t_{0.975}) for 1-30 degrees of
 * freedom, then 40, 60, 120 and infinity (the normal 1.960); standard
 * tables, four decimals.
 */
static const double t95_small[31] = {
	0, 12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060,
	2.2622, 2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199,
	2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639,
	2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
};

static const struct {
	unsigned int df;
	double t;
} t95_large[] = {
	{ 30, 2.0423 }, { 40, 2.0211 }, { 60, 2.0003 }, { 120, 1.9799 },
};

/**
 * t95_quantile() - t_{0.975, df}: the factor of a 95% two-sided interval.
 * @df: degrees of freedom (seeds - 1), at least 1.
 *
 * Tabulated for 1-30, 40, 60 and 120; between two tabulated values (and
 * beyond 120, towards 1.960) linear in 1/df, which is within 0.001 of
 * the exact quantile.
 *
 * Context: Any context.
 * Return: the quantile; 0 for @df == 0 (no interval).
 */
double t95_quantile(unsigned int df)
{
	size_t i;

	if (!df)
		return 0;
	if (df <= 30)
		return t95_small[df];
	for (i = 1; i < sizeof(t95_large) / sizeof(t95_large[0]); i++) {
		if (df <= t95_large[i].df) {
			double x0 = 1.0 / t95_large[i - 1].df;
			double x1 = 1.0 / t95_large[i].df;

			return t95_large[i - 1].t + (t95_large[i].t -
				t95_large[i - 1].t) * (x0 - 1.0 / df) / (x0 - x1);
		}
	}
	return 1.9600 + (1.9799 - 1.9600) * 120.0 / df;
}

/**
 * mean_ci_compute() - mean and 95% Student-t interval of @n values.
 * @v: one value per seed.
 * @n: how many.
 * @out: filled: mean, sample sd, half-width t95 * sd / sqrt(n).
 *
 * Context: Any context.
 * Return: nothing.
 */
void mean_ci_compute(const double *v, unsigned int n, struct mean_ci *out)
{
	long double sum = 0, sq = 0;

	memset(out, 0, sizeof(*out));
	out->n = n;
	if (!n)
		return;
	for (unsigned int i = 0; i < n; i++)
		sum += v[i];
	out->mean = (double)(sum / n);
	if (n < 2)
		return;
	for (unsigned int i = 0; i < n; i++)
		sq += (v[i] - (long double)out->mean) *
		      (v[i] - (long double)out->mean);
	out->sd = sqrt((double)(sq / (n - 1)));
	out->half = t95_quantile(n - 1) * out->sd / sqrt((double)n);
}

/**
 * mean_ci_overlap() - do the 95% intervals of @a and @b overlap?
 * @a: one cell.
 * @b: the other.
 *
 * A cell of one seed has no interval: its point counts as the interval.
 *
 * Context: Any context.
 * Return: true when [mean - half, mean + half] of the two intersect.
 */
bool mean_ci_overlap(const struct mean_ci *a, const struct mean_ci *b)
{
	return a->mean - a->half <= b->mean + b->half &&
	       b->mean - b->half <= a->mean + a->half;
}
