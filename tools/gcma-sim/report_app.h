/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The app-side and memory accounting in the table and JSON outputs.
 */
#ifndef _GCMA_SIM_REPORT_APP_H
#define _GCMA_SIM_REPORT_APP_H

#include <stdio.h>

#include "engine.h"

void report_app_table(const struct sim_run *run, FILE *out);
void report_app_json(const struct cfg_result *r, FILE *out);

#endif /* _GCMA_SIM_REPORT_APP_H */
