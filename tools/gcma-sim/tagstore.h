/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * gcma-sim's tag-storage donor ([tagstore], docs/tag_storage.md): a
 * carve-out donated to cleancache beside the configuration's area and
 * taken back whole every activate_every requests, with the cost of each
 * take-back measured.
 */
#ifndef _GCMA_SIM_TAGSTORE_H
#define _GCMA_SIM_TAGSTORE_H

#include <stdint.h>
#include <stdio.h>

#include "scenario.h"

struct sim_machine;

/**
 * struct tagstore_stats - what the donor's activations cost in one pass.
 * @activations: activations (each succeeded: a failure stops the pass).
 * @act_ns: their virtual time, summed.
 * @act_ns_max: the longest.
 * @pages_taken: pages taken back from cleancache.
 * @entries_dropped: cleancache entries (clean file pages) they dropped.
 */
struct tagstore_stats {
	uint64_t activations;
	uint64_t act_ns;
	uint64_t act_ns_max;
	uint64_t pages_taken;
	uint64_t entries_dropped;
};

int tagstore_reserve(const struct scn_scenario *s, struct sim_machine *m,
		     unsigned long *start);
int tagstore_register(const struct scn_scenario *s, unsigned long start);
int tagstore_tick(const struct scn_scenario *s, struct sim_machine *m,
		  unsigned long slot, struct tagstore_stats *st);
void tagstore_report(const struct scn_scenario *s, const char *config,
		     const struct tagstore_stats *st, FILE *out);

#endif /* _GCMA_SIM_TAGSTORE_H */
