// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The slots of configurations running at once (run_gate.h).
 */
#include "run_gate.h"

_Static_assert(SCN_THREADS_MAX <= 64, "a slot is a bit of run_gate.busy");

/**
 * run_gate_init() - a gate of @max free slots.
 * @g: the gate.
 * @max: slots, 1 to SCN_THREADS_MAX (0 is taken as 1, more as the limit).
 *
 * Context: Process context, before any thread uses @g.
 * Return: nothing.
 */
void run_gate_init(struct run_gate *g, unsigned int max)
{
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->freed, NULL);
	if (!max)
		max = 1;
	g->max = max > SCN_THREADS_MAX ? SCN_THREADS_MAX : max;
	g->busy = 0;
}

/**
 * run_gate_take() - take the lowest free slot, waiting for one.
 * @g: the gate.
 *
 * Context: Process context; sleeps until a slot is given back.
 * Return: the slot's number, below @g->max.
 */
unsigned int run_gate_take(struct run_gate *g)
{
	unsigned int slot;

	pthread_mutex_lock(&g->lock);
	for (;;) {
		for (slot = 0; slot < g->max; slot++)
			if (!(g->busy & (1ULL << slot)))
				break;
		if (slot < g->max)
			break;
		pthread_cond_wait(&g->freed, &g->lock);
	}
	g->busy |= 1ULL << slot;
	pthread_mutex_unlock(&g->lock);
	return slot;
}

/**
 * run_gate_put() - give back a slot run_gate_take() returned.
 * @g: the gate.
 * @slot: the slot.
 *
 * Context: Any thread.
 * Return: nothing.
 */
void run_gate_put(struct run_gate *g, unsigned int slot)
{
	pthread_mutex_lock(&g->lock);
	g->busy &= ~(1ULL << slot);
	pthread_cond_broadcast(&g->freed);
	pthread_mutex_unlock(&g->lock);
}

/**
 * run_gate_destroy() - free what run_gate_init() set up.
 * @g: the gate; every slot given back.
 *
 * Context: Process context.
 * Return: nothing.
 */
void run_gate_destroy(struct run_gate *g)
{
	pthread_cond_destroy(&g->freed);
	pthread_mutex_destroy(&g->lock);
}
