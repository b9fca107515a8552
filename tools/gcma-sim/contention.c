// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * How the foreground request shares the CPUs with the background jobs,
 * and how it asks for its pages.
 *
 * The cost model gives the time a request's events take; some of it is
 * CPU time, some is device time (a synchronous writeback, a read, a swap
 * write or read, a wait behind writes queued on the device: the account's
 * wait_ns). On the 2015 board the request ran next to `make -j16` on
 * [sched] cpus cores, so it also waited for a CPU, but only while it was
 * runnable:
 *   - during its CPU time, preemptions arrive as a Poisson process (mean
 *     interval preempt_us) and each keeps it off the CPU for an
 *     exponential time (mean wait_us);
 *   - after each sleep on the device it wakes up and waits for a CPU
 *     again, an exponential time of mean wake_us (CFS places a waking
 *     sleeper ahead of the running jobs, so the wait is short: a context
 *     switch, not a time slice);
 *   - while it sleeps on the device it waits for nothing else.
 * The draws come from a generator of their own seeded from the scenario,
 * so every configuration meets the same sequence and the output stays a
 * function of the seed.
 *
 * Alignment: the evaluation's driver allocated through the DMA API, which
 * asks cma_alloc() for an alignment of get_order(size) capped at
 * CONFIG_CMA_ALIGNMENT (8 in the kernels of the time): [requests]
 * dma_align and cma_alignment.
 */
#include <math.h>

#include "contention.h"

/**
 * sched_rand() - the next draw of a splitmix64 generator (the library's).
 * @state: the generator; advanced.
 *
 * Context: Any context.
 * Return: 64 random bits.
 */
uint64_t sched_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/**
 * sched_exp() - an exponential variate.
 * @state: a sched_rand() generator; advanced.
 * @mean: its mean.
 *
 * Context: Any context.
 * Return: the draw, rounded down; 0 for a mean of 0.
 */
uint64_t sched_exp(uint64_t *state, uint64_t mean)
{
	/* A uniform in (0, 1]: never log(0). */
	double u = ((double)(sched_rand(state) >> 11) + 1.0) / 9007199254740992.0;

	return mean ? (uint64_t)(-log(u) * (double)mean) : 0;
}

/**
 * sched_init() - a contention model from the scenario's [sched] keys.
 * @sm: filled.
 * @s: the scenario.
 *
 * Context: Any context.
 * Return: nothing.
 */
void sched_init(struct sched_model *sm, const struct scn_scenario *s)
{
	sm->preempt_ns = (uint64_t)s->preempt_us * 1000;
	sm->wait_ns = (uint64_t)s->wait_us * 1000;
	sm->wake_ns = (uint64_t)s->wake_us * 1000;
	sm->busy = 1.0;
	sm->prng = s->seed ^ 0x7363686564ULL;	/* "sched" */
}

/* The events a request sleeps on: the device's (docs/cost-model.md). */
static const enum sim_cost_event sched_io_events[] = {
	SIM_COST_WRITEBACK, SIM_COST_DISK_READ, SIM_COST_SWAP_WRITE,
	SIM_COST_SWAP_READ,
};

/**
 * sched_split() - split a cost account into CPU and device time.
 * @model: the machine's cost model.
 * @a: the account (a request's or a workload step's).
 * @out: filled: @out->dev_ns is the device events' time plus the
 *	account's waits, @out->cpu_ns the rest, @out->sleeps the device
 *	events (each one sleep and one wake-up).
 *
 * Context: Any context.
 * Return: nothing.
 */
void sched_split(const struct sim_cost_model *model,
		 const struct sim_cost_account *a, struct sched_split *out)
{
	uint64_t dev = a->wait_ns, sleeps = 0;

	for (size_t i = 0; i < sizeof(sched_io_events) /
			       sizeof(sched_io_events[0]); i++) {
		enum sim_cost_event ev = sched_io_events[i];

		dev += a->count[ev] * model->ns[ev];
		sleeps += a->count[ev];
	}
	if (dev > a->ns)
		dev = a->ns;
	out->dev_ns = dev;
	out->cpu_ns = a->ns - dev;
	out->sleeps = sleeps;
}

/**
 * sched_wait() - time a request waits for a CPU.
 * @sm: the model.
 * @cpu_ns: the request's CPU time (sched_split()).
 * @sleeps: how many times it slept on the device (each a wake-up).
 *
 * Context: Any context.
 * Return: the waiting time in ns, to add to the request's account for
 * its latency.
 */
uint64_t sched_wait(struct sched_model *sm, uint64_t cpu_ns, uint64_t sleeps)
{
	uint64_t wait = 0, at, mean = sm->preempt_ns;

	/* Fewer runnable jobs: preemptions as much rarer (@busy < 1). */
	if (sm->busy < 1.0)
		mean = sm->busy > 0.0 ? (uint64_t)((double)mean / sm->busy) : 0;
	if (mean && sm->wait_ns)
		for (at = sched_exp(&sm->prng, mean); at < cpu_ns;
		     at += sched_exp(&sm->prng, mean))
			wait += sched_exp(&sm->prng, sm->wait_ns);
	for (uint64_t i = 0; sm->wake_ns && i < sleeps; i++)
		wait += sched_exp(&sm->prng, sm->wake_ns);
	return wait;
}

/**
 * sched_request_align() - the alignment order a request of @pages asks
 * cma_alloc() for.
 * @s: the scenario.
 * @pages: the request.
 *
 * Context: Any context.
 * Return: with dma_align, min(order of @pages rounded up, cma_alignment);
 * else the scenario's align.
 */
unsigned int sched_request_align(const struct scn_scenario *s,
				 unsigned long pages)
{
	unsigned int order = 0;

	if (!s->dma_align)
		return (unsigned int)s->align;
	while ((1UL << order) < pages)
		order++;
	return order < s->cma_alignment ? order : (unsigned int)s->cma_alignment;
}
