/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Every result of a run as a flat list of named numbers ("cells"), in
 * one fixed order: what the multi-seed summary aggregates, the CSV's
 * columns and the JSON's summary list (docs/simulator.md "Output").
 */
#ifndef _GCMA_SIM_METRICS_H
#define _GCMA_SIM_METRICS_H

#include <stdbool.h>

#include "engine.h"

#define METRIC_NAME_LEN	48

/**
 * struct metric - one cell of a run's results.
 * @section: "latency", "summary", "background", "app", "app_baseline",
 *	"causes", "apps", "apps_baseline" ([workload] kind = apps),
 *	"meminfo", "frontswap" or "accounting" (a static string).
 * @config: the configuration.
 * @pages: the request size for "latency" cells; 0 otherwise.
 * @name: the column's name (avg_us, bg_slowdown_pct, MemFree, ...).
 * @value: the number.
 * @prec: decimals it is printed with.
 * @missing: no value in this run (no baseline, no swap client).
 */
struct metric {
	const char *section;
	enum scn_config config;
	unsigned long pages;
	char name[METRIC_NAME_LEN];
	double value;
	int prec;
	bool missing;
};

typedef void (*metric_fn)(void *arg, const struct metric *m);

void metrics_of_config(const struct sim_run *run, enum scn_config c,
		       metric_fn fn, void *arg);
void metrics_of_run(const struct sim_run *run, metric_fn fn, void *arg);

#endif /* _GCMA_SIM_METRICS_H */
