/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The CSV output: one row per seed, configuration and size with every
 * result (docs/simulator.md "CSV").
 */
#ifndef _GCMA_SIM_REPORT_CSV_H
#define _GCMA_SIM_REPORT_CSV_H

#include <stdio.h>

#include "seeds.h"

void report_csv_write(const struct seeds_result *sr, FILE *out);

#endif /* _GCMA_SIM_REPORT_CSV_H */
