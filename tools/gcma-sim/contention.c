// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * How the foreground request shares the CPUs with the background jobs,
 * and how it asks for its pages.
 *
 * The cost model gives the CPU time a request's events take. On the 2015
 * board that request ran next to `make -j16` on four cores, and its wall
 * time includes the time it waited for a CPU: the published GCMA latency
 * is about 1 us per page at best but 1.4 to 3.9 times that on average.
 * The model: while the request runs, preemptions arrive as a Poisson
 * process in its own CPU time (mean interval [sched] preempt_us), and
 * each keeps it off the CPU for an exponential time (mean wait_us). Both
 * come from a generator of their own seeded from the scenario, so every
 * configuration meets the same sequence and the output stays a function
 * of the seed.
 *
 * Alignment: the evaluation's driver allocated through the DMA API, which
 * asks cma_alloc() for an alignment of get_order(size) capped at
 * CONFIG_CMA_ALIGNMENT (8 in the kernels of the time): [requests]
 * dma_align and cma_alignment.
 */
#include <math.h>

#include "contention.h"

/* splitmix64, the generator the library uses too. */
static uint64_t sched_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* An exponential variate of mean @mean (0 for a mean of 0). */
static uint64_t sched_exp(uint64_t *state, uint64_t mean)
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
	sm->prng = s->seed ^ 0x7363686564ULL;	/* "sched" */
}

/**
 * sched_wait() - time a request of @cpu_ns CPU time waits for CPUs.
 * @sm: the model.
 * @cpu_ns: the request's CPU time (its cost account).
 *
 * Context: Any context.
 * Return: the waiting time in ns, to add to @cpu_ns for the latency.
 */
uint64_t sched_wait(struct sched_model *sm, uint64_t cpu_ns)
{
	uint64_t wait = 0, at;

	if (!sm->preempt_ns || !sm->wait_ns)
		return 0;
	for (at = sched_exp(&sm->prng, sm->preempt_ns); at < cpu_ns;
	     at += sched_exp(&sm->prng, sm->preempt_ns))
		wait += sched_exp(&sm->prng, sm->wait_ns);
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
