/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Several seeds of one scenario: run each (one engine_run() per seed),
 * then aggregate: every cell's mean and 95% interval across seeds, the
 * latency percentiles over all requests of all seeds.
 */
#ifndef _GCMA_SIM_SEEDS_H
#define _GCMA_SIM_SEEDS_H

#include "engine.h"
#include "metrics.h"
#include "stats.h"

#define SEEDS_MAX	1000

/**
 * struct seeds_cell - one cell across seeds.
 * @m: the cell (its @value is the first seed's).
 * @v: one value per seed.
 * @ci: mean and 95% interval of @v.
 */
struct seeds_cell {
	struct metric m;
	double *v;
	struct mean_ci ci;
};

/**
 * struct seeds_result - the runs of every seed and their aggregate.
 * @base: the scenario (its seed is ignored).
 * @nr: seeds.
 * @seeds: the seeds, in run order.
 * @scn: the scenario of each seed (@base with its seed).
 * @runs: the run of each seed.
 * @cells: every cell, aggregated (seeds_aggregate()).
 * @nr_cells: how many.
 * @pooled: latency statistics over the requests of every seed.
 * @why: why seeds_aggregate() failed, or "".
 */
struct seeds_result {
	const struct scn_scenario *base;
	unsigned int nr;
	uint64_t *seeds;
	struct scn_scenario *scn;
	struct sim_run *runs;
	struct seeds_cell *cells;
	unsigned int nr_cells;
	struct lat_stats pooled[SCN_CFG_NR][SCN_MAX_SIZES];
	char why[256];
};

int seeds_parse(const char *spec, uint64_t first, uint64_t **seeds,
		unsigned int *nr, char *err, size_t errlen);
int seeds_init(struct seeds_result *sr, const struct scn_scenario *base,
	       const uint64_t *seeds, unsigned int nr,
	       const struct sim_run *proto);
int seeds_run(struct seeds_result *sr);
int seeds_aggregate(struct seeds_result *sr);
void seeds_free(struct seeds_result *sr);
const struct seeds_cell *seeds_find(const struct seeds_result *sr,
				    const char *section, enum scn_config c,
				    unsigned long pages, const char *name);

#endif /* _GCMA_SIM_SEEDS_H */
