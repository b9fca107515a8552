// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Destroying the executor's machines a batch at a time, and keeping the
 * last one for the next run (retire.h).
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

/* The last run's machine, if it passed; its size; destroyed at exit. */
static struct sim_machine *spare;
static unsigned long spare_pages;
static bool spare_registered;

static void spare_flush(void)
{
	if (spare)
		sim_machine_destroy(spare);
	spare = NULL;
}

/**
 * gops_machine_get() - a fresh machine for a run.
 * @cfg: its configuration: the executor's, only the size varies.
 * @fresh: create one even if a spare machine of the size is kept.
 * @out: receives it.
 *
 * The spare machine of the previous run, reset, when it has @cfg's size
 * and @fresh is false; else a new one (the spare of another size is
 * retired).
 *
 * Context: Process context; the caller is attached to no machine.
 * Return: 0, or the -errno of sim_machine_create() or
 * sim_machine_reset().
 */
int gops_machine_get(const struct sim_machine_config *cfg, bool fresh,
		     struct sim_machine **out)
{
	int ret;

	if (!spare_registered && !atexit(spare_flush))
		spare_registered = true;
	if (spare && (fresh || spare_pages != cfg->nr_pages)) {
		gops_retire(spare);
		spare = NULL;
	}
	if (!spare)
		return sim_machine_create(cfg, out);
	ret = sim_machine_reset(&spare);
	if (!ret)
		*out = spare;
	spare = NULL;
	return ret;
}

/**
 * gops_machine_put() - the executor is done with @m.
 * @m: the run's machine, its filesystems unmounted, no thread attached.
 * @reusable: the run passed: @m may be reset for the next run; else it is
 *	retired (a state a checker found wrong is not torn down twice).
 *
 * Context: Process context; the executor's thread.
 * Return: nothing.
 */
void gops_machine_put(struct sim_machine *m, bool reusable)
{
	struct sim_machine_info info;

	if (!reusable || !spare_registered || sim_machine_get_info(m, &info)) {
		gops_retire(m);
		return;
	}
	if (spare)
		gops_retire(spare);
	spare = m;
	spare_pages = info.nr_pages;
}
