/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Latency statistics of one configuration and request size.
 */
#ifndef _GCMA_SIM_STATS_H
#define _GCMA_SIM_STATS_H

#include <stdint.h>

struct lat_stats {
	unsigned long n;	/* requests */
	unsigned long ok;	/* of those, successful */
	double min_us, max_us, avg_us, p50_us, p99_us;
	double success_rate;	/* ok / n, 0 when n is 0 */
};

int lat_stats_compute(const uint64_t *ns, const int *ret, unsigned long n,
		      struct lat_stats *out);

#endif /* _GCMA_SIM_STATS_H */
