/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The outputs of several seeds: the table with 95% intervals and the
 * JSON's "summary" list (docs/simulator.md "Several seeds").
 */
#ifndef _GCMA_SIM_REPORT_SEEDS_H
#define _GCMA_SIM_REPORT_SEEDS_H

#include <stdio.h>

#include "seeds.h"

void report_seeds_table(const struct seeds_result *sr, FILE *out);
void report_seeds_json_summary(const struct seeds_result *sr, FILE *out);
void report_seeds_list(const struct seeds_result *sr, FILE *out);
double report_pooled(const struct lat_stats *p, const char *name,
		     bool *has);

#endif /* _GCMA_SIM_REPORT_SEEDS_H */
