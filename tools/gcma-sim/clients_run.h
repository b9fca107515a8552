/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The [area.NAME] areas of a machine and the pass of the [client.NAME]
 * clients: their requests interleaved in virtual time
 * (docs/simulator.md "Areas and clients").
 */
#ifndef _GCMA_SIM_CLIENTS_RUN_H
#define _GCMA_SIM_CLIENTS_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "engine.h"
#include "scenario.h"
#include "stats.h"

struct eng_machine;
struct sched_model;
struct workload;

/**
 * struct client_result - one client's requests in one configuration.
 * @requests: requests made (its count, when the pass completed).
 * @failed: of those, failed (cma_alloc() returned an error).
 * @deferred: arrivals that found @concurrency buffers held and waited
 *	for a release.
 * @queued_ns: the time those waited, in all.
 * @max_held: the most buffers it held at once.
 * @all: latency over every request.
 * @size: latency by size (the client's sizes, in its order).
 */
struct client_result {
	unsigned long requests;
	unsigned long failed;
	unsigned long deferred;
	uint64_t queued_ns;
	unsigned long max_held;
	struct lat_stats all;
	struct lat_stats size[SCN_CLIENT_SIZES];
};

/**
 * struct clients_result - every client, and the background's plan.
 * @client: by the scenario's client order.
 * @pre_steps: the background steps run before each request, in the order
 *	the requests were made (the baseline pass runs the same).
 * @nr_issued: requests made.
 * @tail_steps: the background steps after the last request.
 * @end_ns: virtual time after the warm-up when the last buffer went.
 */
struct clients_result {
	struct client_result client[SCN_MAX_CLIENTS];
	unsigned long *pre_steps;
	unsigned long nr_issued;
	unsigned long tail_steps;
	uint64_t end_ns;
};

int clients_declare_areas(const struct scn_scenario *s, enum scn_config c,
			  struct eng_machine *em);
bool clients_area_guarantee(const struct scn_scenario *s, enum scn_config c,
			    unsigned int area);
void clients_meminfo_area(const struct scn_scenario *s, enum scn_config c,
			  unsigned long *carveout, unsigned long *cma);
int clients_pass(struct sim_run *run, enum scn_config c,
		 struct cfg_result *r, struct eng_machine *em,
		 struct sched_model *sm, struct workload *w,
		 struct tagstore_stats *tag, bool requests);
void clients_result_free(struct clients_result *cr);

#endif /* _GCMA_SIM_CLIENTS_RUN_H */
