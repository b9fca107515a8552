/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Scenario sections [area.NAME] and [client.NAME]: several CMA areas in
 * one machine and the clients that allocate from them
 * (docs/simulator.md "Areas and clients").
 */
#ifndef _GCMA_SIM_SCENARIO_AREAS_H
#define _GCMA_SIM_SCENARIO_AREAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define SCN_MAX_AREAS		8
#define SCN_MAX_CLIENTS		16
#define SCN_CLIENT_SIZES	16
#define SCN_AREA_NAME_LEN	24

/* How a client's requests arrive. */
enum scn_arrival {
	SCN_ARRIVAL_PERIODIC,	/* one every period_us */
	SCN_ARRIVAL_POISSON,	/* exponential gaps, mean period_us */
	SCN_ARRIVAL_BURST,	/* burst requests at once, every period_us */
	SCN_ARRIVAL_NR,
};

/* How long a client keeps a buffer before it releases it. */
enum scn_hold {
	SCN_HOLD_FIXED,		/* hold_us */
	SCN_HOLD_EXP,		/* exponential, mean hold_us */
	SCN_HOLD_UNIFORM,	/* uniform in [0, 2 * hold_us] */
	SCN_HOLD_NR,
};

/**
 * struct scn_area - one [area.NAME] section.
 * @name: NAME.
 * @pages: its size, a multiple of 1024 pages.
 * @guarantee: served by GCMA in the gcma and gcma.zram configurations
 *	(always classic in cma).
 * @seen: the keys given (bit per key), to refuse one given twice.
 */
struct scn_area {
	char name[SCN_AREA_NAME_LEN];
	unsigned long pages;
	bool guarantee;
	unsigned int seen;
};

/**
 * struct scn_client - one [client.NAME] section.
 * @name: NAME.
 * @area: index of its area in &struct scn_areas.area.
 * @area_name: the area key as given (resolved by scn_areas_validate()).
 * @sizes: request sizes in pages; @weights: their weights.
 * @nr_sizes: how many.
 * @arrival: the arrival process; @period_us its mean gap; @burst the
 *	requests of one burst (SCN_ARRIVAL_BURST).
 * @start_us: the first arrival's time after the warm-up.
 * @hold: the hold-time distribution; @hold_us its mean.
 * @concurrency: buffers held at once at most (0: no limit); an arrival
 *	over the limit waits for a release.
 * @count: requests in the run.
 * @seen: the keys given (bit per key).
 */
struct scn_client {
	char name[SCN_AREA_NAME_LEN];
	unsigned int area;
	char area_name[SCN_AREA_NAME_LEN];
	unsigned long sizes[SCN_CLIENT_SIZES];
	unsigned long weights[SCN_CLIENT_SIZES];
	unsigned int nr_sizes;
	enum scn_arrival arrival;
	unsigned long period_us;
	unsigned long burst;
	unsigned long start_us;
	enum scn_hold hold;
	unsigned long hold_us;
	unsigned long concurrency;
	unsigned long count;
	unsigned int seen;
};

/**
 * struct scn_areas - the areas and clients of a scenario; none (both 0):
 * the legacy single area of [machine] area_pages and the [requests].
 */
struct scn_areas {
	struct scn_area area[SCN_MAX_AREAS];
	unsigned int nr_areas;
	struct scn_client client[SCN_MAX_CLIENTS];
	unsigned int nr_clients;
};

int scn_areas_key(struct scn_areas *a, const char *section,
		  const char *name, const char *value, char *err,
		  size_t errlen);
int scn_areas_validate(struct scn_areas *a, unsigned long nr_pages,
		       char *err, size_t errlen);
unsigned long scn_areas_pages(const struct scn_areas *a);
unsigned long scn_areas_requests(const struct scn_areas *a);
const char *scn_arrival_name(enum scn_arrival v);
const char *scn_hold_name(enum scn_hold v);
void scn_areas_write(const struct scn_areas *a, FILE *out);

#endif /* _GCMA_SIM_SCENARIO_AREAS_H */
