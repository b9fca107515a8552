/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * --latency-cdf FILE: the distribution of every request's latency, per
 * configuration and size, over all seeds (docs/simulator.md).
 */
#ifndef _GCMA_SIM_LATENCY_CDF_H
#define _GCMA_SIM_LATENCY_CDF_H

#include <stdio.h>

#include "seeds.h"

#define LATENCY_CDF_HEADER	"config,pages,rank,latency_us,cdf"

int latency_cdf_write(const struct seeds_result *sr, FILE *out);
int latency_cdf_sorted(const struct seeds_result *sr, enum scn_config c,
		       unsigned int si, uint64_t **ns, unsigned long *n);

#endif /* _GCMA_SIM_LATENCY_CDF_H */
