/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * [swap]: the swap of one configuration's machine (docs/simulator.md,
 * "Swap per configuration").
 */
#ifndef _GCMA_SIM_SWAP_KIND_H
#define _GCMA_SIM_SWAP_KIND_H

#include "scenario.h"

/* The swap_type of a machine without any swap (kind none). */
#define SWAP_TYPE_NONE	(-2)

int swap_kind_setup(const struct scn_scenario *s, enum scn_config c,
		    int *swap_type);

#endif /* _GCMA_SIM_SWAP_KIND_H */
