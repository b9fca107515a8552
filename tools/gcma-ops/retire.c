// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Destroying the executor's machines a batch at a time (retire.h).
 */
#include <stdbool.h>
#include <stdlib.h>

#include <libgcma/libgcma.h>

#include "retire.h"

static struct sim_machine *retired[GOPS_RETIRE_BATCH];
static int nr_retired;
/* Pages of the machines in retired[]. */
static unsigned long retired_pages;

/**
 * gops_retire_flush() - destroy every retired machine now.
 *
 * Context: Process context; runs at exit too.
 * Return: nothing.
 */
void gops_retire_flush(void)
{
	while (nr_retired)
		sim_machine_destroy(retired[--nr_retired]);
	retired_pages = 0;
}

/**
 * gops_retire() - destroy @m, now or with the next ones.
 * @m: a machine no thread is attached to and nothing will use again; its
 *	filesystems unmounted (else each destroy waits for its own unmount's
 *	callbacks and the batch saves nothing).
 *
 * Context: Process context; the executor's thread.
 * Return: nothing.
 */
void gops_retire(struct sim_machine *m)
{
	static bool registered;
	struct sim_machine_info info;

	if (!registered && !atexit(gops_retire_flush))
		registered = true;
	if (!registered) {
		sim_machine_destroy(m);
		return;
	}
	if (sim_machine_get_info(m, &info))
		info.nr_pages = GOPS_RETIRE_PAGES;
	/* Keep the batch's pages within the budget, whatever their mix. */
	if (nr_retired && retired_pages + info.nr_pages > GOPS_RETIRE_PAGES)
		gops_retire_flush();
	retired[nr_retired++] = m;
	retired_pages += info.nr_pages;
	if (nr_retired == GOPS_RETIRE_BATCH ||
	    retired_pages >= GOPS_RETIRE_PAGES)
		gops_retire_flush();
}
