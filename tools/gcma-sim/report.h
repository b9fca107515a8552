/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Output of a run: a table for people, CSV and JSON for programs. The
 * three print the same numbers with the same precision.
 */
#ifndef _GCMA_SIM_REPORT_H
#define _GCMA_SIM_REPORT_H

#include <stdio.h>

#include "seeds.h"

enum report_format {
	REPORT_TABLE,
	REPORT_CSV,
	REPORT_JSON,
};

/* The JSON's schema_version; docs/simulator.md "JSON" has the bump rules. */
#define REPORT_SCHEMA_VERSION	2

#define REPORT_INTERVAL_METHOD \
	"95% Student t over seeds: mean +- t(0.975, n-1) * sd / sqrt(n)"

/* The CSV header's first columns; the rest follow (report_csv.c). */
#define REPORT_CSV_HEADER \
	"config,pages,min_us,max_us,avg_us,p50_us,p99_us,success_rate"

int report_format_parse(const char *name, enum report_format *out);
int report_write(const struct seeds_result *sr, enum report_format fmt,
		 FILE *out);
void report_json_string(const char *s, FILE *out);

#endif /* _GCMA_SIM_REPORT_H */
