// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * A client's arrivals, sizes and hold times (docs/simulator.md "Areas and
 * clients"). Times are virtual ns after the warm-up:
 *   - periodic: request k arrives at start_us + k * period_us;
 *   - poisson:  gaps are exponential of mean period_us, the first one
 *     after start_us;
 *   - burst:    burst requests at once, the bursts every period_us from
 *     start_us.
 * A size is drawn with probability weight / total weight; a hold time is
 * hold_us (fixed), exponential of mean hold_us (exp) or uniform in
 * [0, 2 * hold_us] (uniform).
 */
#include <errno.h>
#include <string.h>

#include "client_model.h"
#include "contention.h"

/**
 * client_model_init() - a client's model at the start of a run.
 * @cm: filled.
 * @c: the client (validated: at least one size, a period, a count).
 * @seed: the scenario's seed.
 * @index: the client's index, so two clients draw different sequences.
 *
 * Context: Any context.
 * Return: nothing.
 */
void client_model_init(struct client_model *cm, const struct scn_client *c,
		       uint64_t seed, unsigned int index)
{
	uint64_t base = seed ^ (0x636c69656e74ULL + ((uint64_t)index << 48));

	memset(cm, 0, sizeof(*cm));
	cm->c = c;
	cm->arrival_prng = base ^ 0x61727269ULL;	/* "arri" */
	cm->size_prng = base ^ 0x73697a65ULL;		/* "size" */
	cm->hold_prng = base ^ 0x686f6c64ULL;		/* "hold" */
	sched_rand(&cm->arrival_prng);
	for (unsigned int i = 0; i < c->nr_sizes; i++)
		cm->weight_total += c->weights[i];
}

/**
 * client_next_arrival() - the time of the client's next request.
 * @cm: the model; advanced by one arrival.
 * @at_ns: its arrival time in virtual ns after the warm-up.
 *
 * Context: Any context.
 * Return: 0; -ENOENT when all of the client's count have arrived.
 */
int client_next_arrival(struct client_model *cm, uint64_t *at_ns)
{
	const struct scn_client *c = cm->c;
	uint64_t start = (uint64_t)c->start_us * 1000;
	uint64_t period = (uint64_t)c->period_us * 1000;
	unsigned long k = cm->arrived;

	if (k >= c->count)
		return -ENOENT;
	switch (c->arrival) {
	case SCN_ARRIVAL_POISSON:
		cm->last_ns = (k ? cm->last_ns : start) +
			      sched_exp(&cm->arrival_prng, period);
		break;
	case SCN_ARRIVAL_BURST:
		cm->last_ns = start + (uint64_t)(k / c->burst) * period;
		break;
	default:
		cm->last_ns = start + (uint64_t)k * period;
		break;
	}
	cm->arrived++;
	*at_ns = cm->last_ns;
	return 0;
}

/**
 * client_pick_size() - draw the size of a request.
 * @cm: the model; its size generator advances.
 *
 * Context: Any context.
 * Return: an index into the client's sizes, with probability of its
 * weight over the total.
 */
unsigned int client_pick_size(struct client_model *cm)
{
	const struct scn_client *c = cm->c;
	uint64_t x = (uint64_t)(((unsigned __int128)sched_rand(&cm->size_prng) *
				 cm->weight_total) >> 64);
	unsigned int i;

	for (i = 0; i + 1 < c->nr_sizes; i++) {
		if (x < c->weights[i])
			break;
		x -= c->weights[i];
	}
	return i;
}

/**
 * client_hold_ns() - draw how long a buffer is kept.
 * @cm: the model; its hold generator advances (not for a fixed hold).
 *
 * Context: Any context.
 * Return: the hold time in virtual ns.
 */
uint64_t client_hold_ns(struct client_model *cm)
{
	uint64_t mean = (uint64_t)cm->c->hold_us * 1000;

	switch (cm->c->hold) {
	case SCN_HOLD_EXP:
		return sched_exp(&cm->hold_prng, mean);
	case SCN_HOLD_UNIFORM:
		return (uint64_t)(((unsigned __int128)sched_rand(&cm->hold_prng) *
				   (2 * mean + 1)) >> 64);
	default:
		return mean;
	}
}
