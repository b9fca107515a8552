/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The accounting policies' report ([accounting] report) in the table and
 * the JSON run entries (docs/simulator.md "Accounting policies").
 */
#ifndef _GCMA_SIM_REPORT_ACCT_H
#define _GCMA_SIM_REPORT_ACCT_H

#include <stdio.h>

#include "engine.h"

void report_acct_table(const struct sim_run *run, FILE *out);
void report_acct_json(const struct cfg_result *r, FILE *out);

#endif /* _GCMA_SIM_REPORT_ACCT_H */
