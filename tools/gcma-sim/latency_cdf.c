// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The empirical CDF of request latencies: for each configuration and
 * size, every request of every seed in ascending order, with its rank r
 * (1-based) and the fraction r / n of requests at or below it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "latency_cdf.h"

static int cdf_u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/**
 * latency_cdf_sorted() - the latencies of @c at size index @si over all
 * seeds, ascending.
 * @sr: run.
 * @c: a configuration that ran.
 * @si: index into the scenario's sizes.
 * @ns: a new array (free() it), in virtual ns.
 * @n: its length (seeds x repeat).
 *
 * Context: Process context.
 * Return: 0; -ENOMEM.
 */
int latency_cdf_sorted(const struct seeds_result *sr, enum scn_config c,
		       unsigned int si, uint64_t **ns, unsigned long *n)
{
	unsigned long per = sr->base->repeat;

	*n = per * sr->nr;
	*ns = malloc(*n * sizeof(**ns));
	if (!*ns)
		return -ENOMEM;
	for (unsigned int k = 0; k < sr->nr; k++)
		memcpy(*ns + k * per, sr->runs[k].cfg[c].lat_ns + si * per,
		       per * sizeof(**ns));
	qsort(*ns, *n, sizeof(**ns), cdf_u64_cmp);
	return 0;
}

/**
 * latency_cdf_write() - the CSV: header LATENCY_CDF_HEADER, then one row
 * per request.
 * @sr: run (one seed or more).
 * @out: where.
 *
 * Context: Process context.
 * Return: 0; -ENOMEM; -EIO (@out reported an error).
 */
int latency_cdf_write(const struct seeds_result *sr, FILE *out)
{
	const struct scn_scenario *s = sr->base;

	fprintf(out, "%s\n", LATENCY_CDF_HEADER);
	for (int c = 0; c < SCN_CFG_NR; c++) {
		if (!sr->runs[0].cfg[c].ran)
			continue;
		for (unsigned int si = 0; si < s->nr_sizes; si++) {
			uint64_t *ns;
			unsigned long n;

			if (latency_cdf_sorted(sr, c, si, &ns, &n))
				return -ENOMEM;
			for (unsigned long r = 0; r < n; r++)
				fprintf(out, "%s,%lu,%lu,%.1f,%.4f\n",
					scn_config_name(c), s->sizes[si], r + 1,
					ns[r] / 1000.0, (double)(r + 1) / n);
			free(ns);
		}
	}
	return ferror(out) ? -EIO : 0;
}
