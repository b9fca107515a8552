// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* Planted: a checker reporting with the simulation's own call. */
#include "kernel/port.h"

void planted_check(unsigned long pfn)
{
	sim_report_violation("CHECK", __FILE__, __LINE__, __func__,
			     "pfn %#lx", pfn);
}
