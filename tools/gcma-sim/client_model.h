/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * One allocating client's random model: when its requests arrive, what
 * size each asks for, how long each buffer is held. Three generators of
 * its own, seeded from the scenario's seed and the client's index, so
 * the arrivals do not depend on the sizes drawn or on other clients.
 */
#ifndef _GCMA_SIM_CLIENT_MODEL_H
#define _GCMA_SIM_CLIENT_MODEL_H

#include <stdint.h>

#include "scenario_areas.h"

/**
 * struct client_model - a client's generators and arrival state.
 * @c: the client's scenario section.
 * @arrival_prng, @size_prng, @hold_prng: the generators.
 * @last_ns: the previous arrival's time (poisson gaps add to it).
 * @arrived: arrivals drawn so far.
 * @weight_total: the sum of @c's size weights.
 */
struct client_model {
	const struct scn_client *c;
	uint64_t arrival_prng, size_prng, hold_prng;
	uint64_t last_ns;
	unsigned long arrived;
	uint64_t weight_total;
};

void client_model_init(struct client_model *cm, const struct scn_client *c,
		       uint64_t seed, unsigned int index);
int client_next_arrival(struct client_model *cm, uint64_t *at_ns);
unsigned int client_pick_size(struct client_model *cm);
uint64_t client_hold_ns(struct client_model *cm);

#endif /* _GCMA_SIM_CLIENT_MODEL_H */
