// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Planted: a SIM_ constant outside a port macro's arguments. */
#include "kernel/port.h"

int planted_cost(void)
{
	sim_cost(SIM_COST_PAGE_COPY, 1);
	return SIM_COST_PAGE_COPY;
}
