/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The [client.NAME]s in the outputs: one row per configuration and
 * client (all its requests) and one per size it asks for
 * (docs/simulator.md "Areas and clients").
 */
#ifndef _GCMA_SIM_REPORT_CLIENTS_H
#define _GCMA_SIM_REPORT_CLIENTS_H

#include <stdio.h>

#include "engine.h"
#include "seeds.h"

void report_clients_table(const struct sim_run *run, FILE *out);
void report_clients_csv(const struct seeds_result *sr, FILE *out);
void report_clients_json(const struct sim_run *run, enum scn_config c,
			 FILE *out);

#endif /* _GCMA_SIM_REPORT_CLIENTS_H */
