/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Output of a run: a table for people, CSV and JSON for programs. The
 * three print the same numbers with the same precision.
 */
#ifndef _GCMA_SIM_REPORT_H
#define _GCMA_SIM_REPORT_H

#include <stdio.h>

#include "engine.h"

enum report_format {
	REPORT_TABLE,
	REPORT_CSV,
	REPORT_JSON,
};

#define REPORT_CSV_HEADER \
	"config,pages,min_us,max_us,avg_us,p50_us,p99_us,success_rate"

int report_format_parse(const char *name, enum report_format *out);
int report_write(const struct sim_run *run, enum report_format fmt,
		 FILE *out);

#endif /* _GCMA_SIM_REPORT_H */
