/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * splitmix64, the generator of the simulator's backgrounds (as the
 * library's sim_pin_random() uses): one 64-bit state, every value from
 * the seed.
 */
#ifndef _GCMA_SIM_SPLITMIX_H
#define _GCMA_SIM_SPLITMIX_H

#include <stdint.h>

/**
 * splitmix64() - the next 64 random bits of generator @state.
 * @state: the generator, advanced.
 *
 * Context: Any context.
 * Return: the bits.
 */
static inline uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif /* _GCMA_SIM_SPLITMIX_H */
