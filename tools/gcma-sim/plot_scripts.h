/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The gnuplot scripts (with their data inline) of --plot's charts.
 */
#ifndef _GCMA_SIM_PLOT_SCRIPTS_H
#define _GCMA_SIM_PLOT_SCRIPTS_H

#include <stdio.h>

#include "seeds.h"

/**
 * struct plot_job - one chart: the results and the script that draws them.
 * @sr: the results.
 * @config: the configuration (CDF charts).
 * @script: writes the gnuplot script and data of the chart to its stream.
 */
struct plot_job {
	const struct seeds_result *sr;
	enum scn_config config;
	void (*script)(const struct plot_job *job, FILE *g);
};

void plot_latency_script(const struct plot_job *job, FILE *g);
void plot_app_script(const struct plot_job *job, FILE *g);
void plot_cdf_script(const struct plot_job *job, FILE *g);

#endif /* _GCMA_SIM_PLOT_SCRIPTS_H */
