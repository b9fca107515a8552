/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * What the engine's passes share with the clients' pass (clients_run.c):
 * the machine of one configuration and one measured cma_alloc().
 */
#ifndef _GCMA_SIM_ENGINE_MACHINE_H
#define _GCMA_SIM_ENGINE_MACHINE_H

#include <stdint.h>

#include "contention.h"
#include "engine.h"
#include "workload.h"

struct page;

/**
 * struct eng_machine - one configuration's machine.
 * @m: the machine.
 * @area: the [machine] area, or the first [area.NAME] one.
 * @areas: the [area.NAME] areas, in the scenario's order.
 * @swap_type: the swap type, -1, or SWAP_TYPE_NONE ([swap], swap_kind.c).
 */
struct eng_machine {
	struct sim_machine *m;
	struct cma *area;
	struct cma *areas[SCN_MAX_AREAS];
	int swap_type;
};

int engine_alloc_measured(struct sim_run *run, enum scn_config c,
			  struct eng_machine *em, struct cma *area,
			  struct sched_model *sm, const struct workload *w,
			  unsigned long pages, unsigned long rep,
			  struct page **page, uint64_t *ns, int *res,
			  uint64_t *bg_ns);
int engine_meminfo(const struct scn_scenario *s, enum scn_config c,
		   const struct workload *w, struct cfg_result *r,
		   unsigned long slot);

#endif /* _GCMA_SIM_ENGINE_MACHINE_H */
