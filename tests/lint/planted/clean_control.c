// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Control: nothing here is a finding. fprintf(stderr, ...) and malloc()
 * in a comment, "printf(\"%d\", errno)" in a string, a member called
 * free, a local called time, the port macros with their SIM_ constants.
 */
#include <libgcma/folio.h>
#include "kernel/port.h"
#include "kernel/string.h"
#include "libgcma-config.h"

struct planted_area {
	unsigned long free;
};

static const char *const planted_msg = "printf(\"%d\", errno) // free(p)";

unsigned long planted_ok(struct planted_area *a, char *buf, size_t len)
{
	unsigned long time = a->free;

	sim_cost(SIM_COST_PAGE_COPY, time);
	if (sim_defect(SIM_DEFECT_FIND_AREA_END))
		time++;
	snprintf(buf, len, "%s %lu", planted_msg, time);
	return time + strlen(buf);
}
