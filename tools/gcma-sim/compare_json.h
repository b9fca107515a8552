/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Reading a gcma-sim JSON file back: its scenario, seeds and "summary"
 * cells (docs/simulator.md "JSON"), for compare mode. A small parser
 * for the JSON gcma-sim writes (any valid JSON is accepted; only those
 * members are kept).
 */
#ifndef _GCMA_SIM_COMPARE_JSON_H
#define _GCMA_SIM_COMPARE_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "stats.h"

/**
 * struct cmp_cell - one summary cell read back.
 * @section, @config, @metric: its key, with @pages.
 * @ci: mean and half-width; @ci.n is the seeds.
 * @has_mean: the mean was not null.
 * @has_ci: the interval was not null (two seeds or more).
 * @prec: decimals to print it with.
 * @pooled: latency min/max/p50/p99/success over every request of every
 *	seed, when @has_pooled.
 */
struct cmp_cell {
	char section[24], config[16], metric[48];
	unsigned long pages;
	struct mean_ci ci;
	bool has_mean, has_ci, has_pooled;
	int prec;
	double pooled;
};

/**
 * struct cmp_file - what compare needs of one file.
 * @scenario: its scenario name.
 * @schema: its schema_version.
 * @seeds: how many seeds; @seed_list their text ("1-10", "3").
 * @cells: its summary cells; @nr_cells how many.
 */
struct cmp_file {
	char scenario[64];
	int schema;
	unsigned int seeds;
	char seed_list[64];
	struct cmp_cell *cells;
	unsigned int nr_cells;
};

int cmp_file_parse(const char *text, size_t len, struct cmp_file *f,
		   char *err, size_t errlen);
void cmp_file_free(struct cmp_file *f);

#endif /* _GCMA_SIM_COMPARE_JSON_H */
