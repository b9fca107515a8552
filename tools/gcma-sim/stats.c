// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * min/max/avg/p50/p99 and success rate of a set of request latencies.
 *
 * Every request counts in the latency figures, failed ones too (their
 * time was spent; the 2015 test module timed every cma_alloc() call).
 * Percentiles are nearest-rank: p = the ceil(p/100 * n)-th smallest.
 */
#include <errno.h>
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
