// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * gcma-sim's tag-storage donor: [tagstore] pages of boot memory donated
 * to cleancache (lib/mm/tag_storage.c), activated before request slot
 * k * activate_every and deactivated active_requests requests later (0:
 * at once; activate_every or more: it stays active once activated).
 * Each activation's virtual time (the cost model's range call, range
 * page, cleancache drop and page copy charges), pages and dropped
 * entries are added up for the report.
 */
#include <errno.h>
#include <inttypes.h>

#include <libgcma/libgcma.h>

#include "tagstore.h"

/* The one donor gcma-sim registers. */
#define TAGSTORE_ID	0

/**
 * tagstore_reserve() - reserve the donor's pages before the machine boots.
 * @s: the scenario; [tagstore] pages = 0 reserves nothing.
 * @m: the machine, not booted yet.
 * @start: its first pfn.
 *
 * Context: Machine set-up, before sim_machine_boot_done().
 * Return: 0 or the error of sim_memblock_alloc().
 */
int tagstore_reserve(const struct scn_scenario *s, struct sim_machine *m,
		     unsigned long *start)
{
	if (!s->tag_pages)
		return 0;
	return sim_memblock_alloc(m, s->tag_pages, 1, "tagstore", start);
}

/**
 * tagstore_register() - donate the reserved pages (after boot).
 * @s: the scenario.
 * @start: from tagstore_reserve().
 *
 * Context: The machine's thread, after sim_machine_boot_done().
 * Return: 0 or the error of tag_storage_register().
 */
int tagstore_register(const struct scn_scenario *s, unsigned long start)
{
	int id;

	if (!s->tag_pages)
		return 0;
	id = tag_storage_register("tagstore", start, s->tag_pages);
	return id < 0 ? id : id == TAGSTORE_ID ? 0 : -EEXIST;
}

/* Activate the donor, adding its cost to @st. */
static int tagstore_activate(struct sim_machine *m, struct tagstore_stats *st)
{
	struct tag_storage_info before, after;
	uint64_t t0, ns;
	int ret = tag_storage_get_info(TAGSTORE_ID, &before);

	if (ret)
		return ret;
	t0 = sim_clock_now(m);
	ret = tag_storage_activate(TAGSTORE_ID);
	if (ret)
		return ret;
	ns = sim_clock_now(m) - t0;
	ret = tag_storage_get_info(TAGSTORE_ID, &after);
	if (ret)
		return ret;
	st->activations++;
	st->act_ns += ns;
	if (ns > st->act_ns_max)
		st->act_ns_max = ns;
	st->pages_taken += after.pages_taken - before.pages_taken;
	st->entries_dropped += after.entries_dropped - before.entries_dropped;
	return 0;
}

/**
 * tagstore_tick() - what the donor does before request slot @slot.
 * @s: the scenario.
 * @m: the machine.
 * @slot: the request's index in the pass (0, 1, ...).
 * @st: where the activations' cost is added.
 *
 * Context: The machine's thread.
 * Return: 0; the error of an activation or deactivation (the guarantee
 * broken, or the donor in use: the pass stops).
 */
int tagstore_tick(const struct scn_scenario *s, struct sim_machine *m,
		  unsigned long slot, struct tagstore_stats *st)
{
	unsigned long every = s->tag_activate_every;
	unsigned long phase;
	int ret;

	if (!s->tag_pages || !every)
		return 0;
	phase = slot % every;
	/* active_requests >= activate_every: active from the first on. */
	if (phase && phase == s->tag_active_requests)
		return tag_storage_deactivate(TAGSTORE_ID);
	if (phase)
		return 0;
	ret = tagstore_activate(m, st);
	if (ret == -EALREADY)
		return 0;
	if (!ret && !s->tag_active_requests)
		ret = tag_storage_deactivate(TAGSTORE_ID);
	return ret;
}

/**
 * tagstore_report() - one line of what the take-backs cost.
 * @s: the scenario; nothing is printed without a donor.
 * @config: the configuration's name.
 * @st: its requests pass's figures.
 * @out: where.
 *
 * Context: Any context.
 * Return: nothing.
 */
void tagstore_report(const struct scn_scenario *s, const char *config,
		     const struct tagstore_stats *st, FILE *out)
{
	uint64_t n = st->activations;

	if (!s->tag_pages)
		return;
	fprintf(out, "tagstore (%s): activations=%" PRIu64
		" avg_us=%.1f max_us=%.1f pages_taken=%" PRIu64
		" entries_dropped=%" PRIu64 " dropped_per_activation=%.1f\n",
		config, n, n ? st->act_ns / 1e3 / (double)n : 0.0,
		st->act_ns_max / 1e3, st->pages_taken, st->entries_dropped,
		n ? (double)st->entries_dropped / (double)n : 0.0);
}
