/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The apps background's metrics ([workload] kind = apps) in the table,
 * CSV and JSON outputs; nothing for the compile background.
 */
#ifndef _GCMA_SIM_REPORT_APPS_H
#define _GCMA_SIM_REPORT_APPS_H

#include <stdio.h>

#include "engine.h"

typedef void (*apps_cell_fn)(void *arg, const char *section,
			     const char *name, double value, int prec,
			     bool missing);

void report_apps_table(const struct sim_run *run, FILE *out);
void report_apps_json(const struct sim_run *run, const struct cfg_result *r,
		      FILE *out);
void report_apps_cells(const struct sim_run *run, const struct cfg_result *r,
		       apps_cell_fn fn, void *arg);

#endif /* _GCMA_SIM_REPORT_APPS_H */
