/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * CPU contention of the foreground requests (docs/simulator.md, [sched]).
 */
#ifndef _GCMA_SIM_CONTENTION_H
#define _GCMA_SIM_CONTENTION_H

#include <stdint.h>

#include <libgcma/libgcma.h>

#include "scenario.h"

/**
 * struct sched_model - the foreground's share of CPUs busy with the
 * background jobs.
 * @preempt_ns: mean CPU time the request runs between preemptions
 *	(0: never preempted).
 * @wait_ns: mean time a preempted request waits to run again.
 * @wake_ns: mean time a request waits for a CPU after a device sleep.
 * @prng: the model's own generator, seeded from the scenario.
 */
struct sched_model {
	uint64_t preempt_ns;
	uint64_t wait_ns;
	uint64_t wake_ns;
	double busy;		/* share of the CPUs the jobs keep busy (1: all) */
	uint64_t prng;
};

/**
 * struct sched_split - a cost account split by where the time went.
 * @cpu_ns: on a CPU (runnable: may wait for one).
 * @dev_ns: asleep on the device (device events and queued-write waits).
 * @sleeps: device events: each a sleep and a wake-up.
 */
struct sched_split {
	uint64_t cpu_ns;
	uint64_t dev_ns;
	uint64_t sleeps;
};

uint64_t sched_rand(uint64_t *state);
uint64_t sched_exp(uint64_t *state, uint64_t mean);
void sched_init(struct sched_model *sm, const struct scn_scenario *s);
void sched_split(const struct sim_cost_model *model,
		 const struct sim_cost_account *a, struct sched_split *out);
uint64_t sched_wait(struct sched_model *sm, uint64_t cpu_ns, uint64_t sleeps);
unsigned int sched_request_align(const struct scn_scenario *s,
				 unsigned long pages);

#endif /* _GCMA_SIM_CONTENTION_H */
