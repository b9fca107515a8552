// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * [hurdles]: the 2013 thread's hurdles besides the pins of [pins].
 *
 *   - aio: each pin round sets up `aio` AIO ring pages (order-0 movable
 *     allocations, as aio_setup_ring() makes them, pinned SIM_PIN_AIO by
 *     holder "aio-ROUND") and tears down the rings of `aio_hold` rounds
 *     ago: pages unmovable for the ring's life;
 *   - bufferhead: each round attaches buffer heads to `bufferhead` cached
 *     header pages, or pages of the apps' files with the apps background
 *     (sim_bh_attach(); `bufferhead_dirty_pct` percent of them dirty): a
 *     migration must write and drop them first;
 *   - hog_pages: unmovable kernel memory allocated once, before the
 *     warm-up, and held to the end: free memory for migration targets
 *     runs short sooner;
 *   - noswap: reclaim never evicts anonymous memory
 *     (sim_hurdle_set_noswap()); by default on in a configuration with
 *     [swap] kind = none, an explicit `noswap` wins.
 *
 * The file pages are chosen by a Weyl sequence over the file,
 * not by the workload's generator, so adding a hurdle does not change
 * the workload's own choices.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <libgcma/libgcma.h>

#include "apps.h"
#include "hurdles.h"
#include "workload.h"

/* 2^64 / golden ratio: consecutive multiples spread over any range. */
#define HURDLE_WEYL	0x9e3779b97f4a7c15ULL

struct hurdles {
	struct folio **hog;
	unsigned long nr_hog;
	uint64_t weyl;
};

static void hurdle_aio_holder(char *buf, size_t len, unsigned long round)
{
	snprintf(buf, len, "aio-%lu", round);
}

/* Unmovable memory that stays: GFP_KERNEL pages, never from CMA. */
static int hurdles_hog(struct hurdles *h, unsigned long nr)
{
	h->hog = calloc(nr ? nr : 1, sizeof(*h->hog));
	if (!h->hog)
		return -ENOMEM;
	while (h->nr_hog < nr) {
		struct folio *f = folio_alloc(GFP_KERNEL | __GFP_NOWARN, 0);

		if (!f)
			break;
		h->hog[h->nr_hog++] = f;
	}
	return 0;
}

/**
 * hurdles_init() - set up @w's machine for [hurdles]: no swap, the hog.
 * @w: a workload being initialised (its machine and scenario set).
 * @no_swap: the configuration has no swap ([swap] kind = none): the
 *	noswap hurdle unless [hurdles] noswap is given.
 *
 * Context: Process context, attached to the workload's machine.
 * Return: 0; -ENOMEM; -errno from sim_hurdle_set_noswap().
 */
int hurdles_init(struct workload *w, bool no_swap)
{
	const struct scn_scenario *s = w->s;
	bool noswap = s->noswap_given ? s->noswap : no_swap;
	struct hurdles *h;
	int ret;

	if (!s->aio && !s->bufferhead && !s->hog_pages && !noswap)
		return 0;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	w->hurdles = h;
	ret = noswap ? sim_hurdle_set_noswap(w->m, true) : 0;
	return ret ?: hurdles_hog(h, s->hog_pages);
}

/* New AIO rings: fresh movable pages pinned for the ring's life. */
static int hurdles_aio(struct workload *w, unsigned long round)
{
	char holder[32];

	hurdle_aio_holder(holder, sizeof(holder), round);
	for (unsigned long i = 0; i < w->s->aio; i++) {
		struct folio *f = folio_alloc(GFP_HIGHUSER_MOVABLE |
					      __GFP_NOWARN, 0);
		int ret;

		if (!f)
			break;
		ret = sim_pin_folio(f, SIM_PIN_AIO, 0, holder, NULL);
		folio_put(f);
		if (ret)
			return ret == -ENOMEM ? 0 : ret;
	}
	return 0;
}

/* @x scaled from [0, 2^64) to [0, @n). */
static unsigned long hurdles_scale(uint64_t x, unsigned long n)
{
	return (unsigned long)(((unsigned __int128)x * n) >> 64);
}

/*
 * Buffer heads on cached file pages (a page not cached is skipped): the
 * header set's with the compile loop; with the apps, an app's file (the
 * app from the sequence's low bits, the page from its high bits).
 */
static void hurdles_bufferheads(struct workload *w, struct hurdles *h)
{
	const struct scn_scenario *s = w->s;

	for (unsigned long i = 0; i < s->bufferhead; i++) {
		struct inode *inode = w->hdr;
		unsigned long pages = s->hdr_pages;
		bool dirty;

		h->weyl += HURDLE_WEYL;
		if (w->apps) {
			const struct app *a = &w->apps->app[(h->weyl & 0xffff) %
							    w->apps->nr];

			inode = a->file;
			pages = a->file_pages;
		}
		dirty = (h->weyl >> 7) % 100 < s->bufferhead_dirty_pct;
		sim_bh_attach(inode, hurdles_scale(h->weyl, pages), dirty);
	}
}

/**
 * hurdles_round() - one pin round's hurdles.
 * @w: the workload.
 * @round: the round's number (workload_pins()).
 *
 * Context: Process context, attached to the workload's machine.
 * Return: 0; -errno from the pin calls.
 */
int hurdles_round(struct workload *w, unsigned long round)
{
	const struct scn_scenario *s = w->s;
	char holder[32];

	if (!w->hurdles)
		return 0;
	if (s->aio && round >= s->aio_hold) {
		hurdle_aio_holder(holder, sizeof(holder), round - s->aio_hold);
		sim_unpin_holder(w->m, holder);
	}
	hurdles_bufferheads(w, w->hurdles);
	return hurdles_aio(w, round);
}

/**
 * hurdles_fini() - tear down every ring, free the hog.
 * @w: the workload, before its filesystems are unmounted.
 *
 * Context: Process context, attached to the workload's machine.
 * Return: nothing.
 */
void hurdles_fini(struct workload *w)
{
	struct hurdles *h = w->hurdles;
	char holder[32];

	if (!h)
		return;
	for (unsigned long r = 0; w->s->aio && r < w->pin_round; r++) {
		hurdle_aio_holder(holder, sizeof(holder), r);
		sim_unpin_holder(w->m, holder);
	}
	for (unsigned long i = 0; i < h->nr_hog; i++)
		folio_put(h->hog[i]);
	free(h->hog);
	free(h);
	w->hurdles = NULL;
}
