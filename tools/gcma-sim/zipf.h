/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A Zipf sampler over n ranks: rank k (0-based) drawn with probability
 * proportional to 1 / (k + 1)^s. Deterministic: a draw is a function of
 * the 64-bit random number it is given.
 */
#ifndef _GCMA_SIM_ZIPF_H
#define _GCMA_SIM_ZIPF_H

#include <stdint.h>

struct zipf {
	unsigned long n;
	double *cdf;		/* cdf[k]: P(rank <= k); cdf[n - 1] = 1 */
};

int zipf_init(struct zipf *z, unsigned long n, double s);
unsigned long zipf_sample(const struct zipf *z, uint64_t r);
void zipf_fini(struct zipf *z);

#endif /* _GCMA_SIM_ZIPF_H */
