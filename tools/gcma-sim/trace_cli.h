/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * gcma-sim's page-access trace options: the trace of [workload] kind =
 * trace checked before anything runs, and --record-trace FILE.
 */
#ifndef _GCMA_SIM_TRACE_CLI_H
#define _GCMA_SIM_TRACE_CLI_H

#include <stdio.h>

#include "scenario.h"
#include "trace_record.h"

int trace_cli_check(const struct scn_scenario *s, const char *record,
		    unsigned int nr_seeds, FILE *err);
int trace_cli_open(const struct scn_scenario *s, const char *record,
		   struct trace_writer *w, FILE *err);
int trace_cli_close(struct trace_writer *w, const char *record, FILE *err);

#endif /* _GCMA_SIM_TRACE_CLI_H */
