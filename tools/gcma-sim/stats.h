/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Latency statistics of one configuration and request size.
 */
#ifndef _GCMA_SIM_STATS_H
#define _GCMA_SIM_STATS_H

#include <stdbool.h>
#include <stdint.h>

struct lat_stats {
	unsigned long n;	/* requests */
	unsigned long ok;	/* of those, successful */
	double min_us, max_us, avg_us, p50_us, p99_us;
	double success_rate;	/* ok / n, 0 when n is 0 */
};

int lat_stats_compute(const uint64_t *ns, const int *ret, unsigned long n,
		      struct lat_stats *out);

/* Below this many requests the nearest-rank p99 is the maximum. */
#define LAT_P99_MIN_REQUESTS	100

/**
 * struct mean_ci - the mean of per-seed values and its 95% interval.
 * @n: values (seeds).
 * @mean: their mean.
 * @half: half-width of the 95% Student-t interval; 0 when @n < 2.
 * @sd: sample standard deviation (n - 1); 0 when @n < 2.
 */
struct mean_ci {
	unsigned int n;
	double mean, half, sd;
};

double t95_quantile(unsigned int df);
void mean_ci_compute(const double *v, unsigned int n, struct mean_ci *out);
bool mean_ci_overlap(const struct mean_ci *a, const struct mean_ci *b);

#endif /* _GCMA_SIM_STATS_H */
