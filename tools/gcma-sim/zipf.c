// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The Zipf sampler (zipf.h): the cumulative distribution in a table,
 * a draw is a binary search of a uniform number in [0, 1) in it.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "zipf.h"

/**
 * zipf_init() - the distribution over @n ranks with exponent @s.
 * @z: filled.
 * @n: ranks, at least 1.
 * @s: the exponent, >= 0 (0: uniform).
 *
 * Context: Process context.
 * Return: 0; -EINVAL for @n = 0 or a negative @s; -ENOMEM.
 */
int zipf_init(struct zipf *z, unsigned long n, double s)
{
	double sum = 0.0;

	z->n = 0;
	z->cdf = NULL;
	if (!n || !(s >= 0.0))
		return -EINVAL;
	z->cdf = malloc(n * sizeof(*z->cdf));
	if (!z->cdf)
		return -ENOMEM;
	for (unsigned long k = 0; k < n; k++) {
		sum += pow((double)(k + 1), -s);
		z->cdf[k] = sum;
	}
	for (unsigned long k = 0; k < n; k++)
		z->cdf[k] /= sum;
	z->cdf[n - 1] = 1.0;
	z->n = n;
	return 0;
}

/**
 * zipf_sample() - the rank random number @r draws.
 * @z: an initialised distribution.
 * @r: 64 uniform random bits.
 *
 * Context: Any context.
 * Return: a rank in [0, n).
 */
unsigned long zipf_sample(const struct zipf *z, uint64_t r)
{
	double u = (double)(r >> 11) * 0x1.0p-53;
	unsigned long lo = 0, hi = z->n - 1;

	/* The first rank whose cumulative probability exceeds u. */
	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (z->cdf[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/**
 * zipf_fini() - free the table.
 * @z: initialised, or zeroed.
 *
 * Context: Process context.
 * Return: nothing.
 */
void zipf_fini(struct zipf *z)
{
	free(z->cdf);
	z->cdf = NULL;
	z->n = 0;
}
