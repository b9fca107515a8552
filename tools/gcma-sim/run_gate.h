/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The budget of configurations running at once (--jobs): a counting gate
 * of numbered slots, shared by every seed's engine_run() so that jobs
 * means configurations at once across all seeds. A slot's number also
 * names its place on the progress line.
 */
#ifndef _GCMA_SIM_RUN_GATE_H
#define _GCMA_SIM_RUN_GATE_H

#include <pthread.h>
#include <stdint.h>

#include "scenario.h"

/*
 * struct run_gate - @max slots; @busy has bit n set while slot n is
 * taken (under @lock); @freed is signalled when one is given back.
 */
struct run_gate {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	unsigned int max;
	uint64_t busy;
};

void run_gate_init(struct run_gate *g, unsigned int max);
unsigned int run_gate_take(struct run_gate *g);
void run_gate_put(struct run_gate *g, unsigned int slot);
void run_gate_destroy(struct run_gate *g);

#endif /* _GCMA_SIM_RUN_GATE_H */
