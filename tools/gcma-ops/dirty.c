// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The pfns an op touched (dirty.h): a copy of the memmap, compared with
 * it 4 KiB at a time, then descriptor by descriptor where a block
 * differs.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libgcma/libgcma.h>

#include "dirty.h"

/*
 * Descriptors compared with one memcmp() (4 KiB): libc's vector code;
 * only a block that differs is looked at descriptor by descriptor.
 */
#define DIRTY_BLOCK	64
/* Descriptors of a sub-block of a block that differs (512 bytes). */
#define DIRTY_SUB	8

/*
 * The buffers of the last run, kept for the next one of the same size
 * (the executor runs one machine at a time): a fresh 256 KiB buffer per
 * run would be a fresh mapping, with its page faults and zeroing.
 */
static struct {
	unsigned long nr_pages;
	struct page *shadow;
	unsigned long *pfns;
} dirty_spare;

static void dirty_spare_free(void)
{
	free(dirty_spare.shadow);
	free(dirty_spare.pfns);
	dirty_spare.shadow = NULL;
	dirty_spare.pfns = NULL;
}

/**
 * gops_dirty_init() - start watching @m's memmap.
 * @d: the watch.
 * @m: the machine; the calling thread is attached to it.
 *
 * The first gops_dirty_collect() reports what changed after this call.
 *
 * Context: Process context.
 * Return: 0, -EINVAL, or -ENOMEM.
 */
int gops_dirty_init(struct gops_dirty *d, struct sim_machine *m)
{
	struct sim_machine_info info;

	memset(d, 0, sizeof(*d));
	if (sim_machine_get_info(m, &info))
		return -EINVAL;
	d->base = info.base_pfn;
	d->nr_pages = info.nr_pages;
	d->memmap = pfn_to_page(info.base_pfn);
	if (dirty_spare.shadow && dirty_spare.nr_pages == d->nr_pages) {
		d->shadow = dirty_spare.shadow;
		d->pfns = dirty_spare.pfns;
		dirty_spare.shadow = NULL;
		dirty_spare.pfns = NULL;
	} else {
		d->shadow = malloc(d->nr_pages * sizeof(*d->shadow));
		d->pfns = malloc(d->nr_pages * sizeof(*d->pfns));
	}
	if (!d->memmap || !d->shadow || !d->pfns) {
		gops_dirty_exit(d);
		return -ENOMEM;
	}
	memcpy(d->shadow, d->memmap, d->nr_pages * sizeof(*d->shadow));
	return 0;
}

/* Do two descriptors differ? Eight words, no call. */
static inline bool desc_differs(const struct page *a, const struct page *b)
{
	const uint64_t *x = (const uint64_t *)a, *y = (const uint64_t *)b;
	uint64_t d = 0;

	for (int w = 0; w < (int)(sizeof(struct page) / 8); w++)
		d |= x[w] ^ y[w];
	return d;
}

/*
 * A block that differs, 8 descriptors (512 bytes) at a time: an op
 * changes a few descriptors, so most of them compare equal in one
 * memcmp() instead of one by one.
 */
static void dirty_collect_sub(struct gops_dirty *d, unsigned long s,
			      unsigned long end)
{
	if (!memcmp(&d->memmap[s], &d->shadow[s],
		    (end - s) * sizeof(struct page)))
		return;
	for (unsigned long i = s; i < end; i++) {
		if (!desc_differs(&d->memmap[i], &d->shadow[i]))
			continue;
		d->shadow[i] = d->memmap[i];
		d->pfns[d->nr++] = d->base + i;
	}
}

/**
 * gops_dirty_collect() - the pfns whose descriptor changed since the
 * last call (or gops_dirty_init()).
 * @d: the watch; receives them in @d->pfns, @d->nr, in pfn order.
 *
 * Context: No other thread writes the memmap meanwhile.
 * Return: nothing.
 */
void gops_dirty_collect(struct gops_dirty *d)
{
	d->nr = 0;
	for (unsigned long b = 0; b < d->nr_pages; b += DIRTY_BLOCK) {
		unsigned long end = b + DIRTY_BLOCK < d->nr_pages ?
				    b + DIRTY_BLOCK : d->nr_pages;

		if (!memcmp(&d->memmap[b], &d->shadow[b],
			    (end - b) * sizeof(struct page)))
			continue;
		for (unsigned long s = b; s < end; s += DIRTY_SUB)
			dirty_collect_sub(d, s, s + DIRTY_SUB < end ?
					  s + DIRTY_SUB : end);
	}
}

/**
 * gops_dirty_any() - did the last look find a change in a pfn range?
 * @d: the watch.
 * @start: first pfn of the range.
 * @nr: its pfns.
 *
 * Context: Any context.
 * Return: true if a pfn of [@start, @start + @nr) is in @d->pfns.
 */
bool gops_dirty_any(const struct gops_dirty *d, unsigned long start,
		    unsigned long nr)
{
	for (unsigned long i = 0; i < d->nr; i++)
		if (d->pfns[i] >= start && d->pfns[i] - start < nr)
			return true;
	return false;
}

/**
 * gops_dirty_absorb() - take the memmap as it is now as seen, without
 * reporting what changed.
 * @d: the watch; @d->pfns and @d->nr are left as they are.
 *
 * For a test that corrupts the machine where only the whole checkers
 * will look.
 *
 * Context: No other thread writes the memmap meanwhile.
 * Return: nothing.
 */
void gops_dirty_absorb(struct gops_dirty *d)
{
	memcpy(d->shadow, d->memmap, d->nr_pages * sizeof(*d->shadow));
}

/**
 * gops_dirty_exit() - stop watching; keep the buffers for the next run.
 * @d: the watch.
 *
 * Context: Process context.
 * Return: nothing.
 */
void gops_dirty_exit(struct gops_dirty *d)
{
	static bool registered;

	if (d->shadow && d->pfns) {
		if (!registered && !atexit(dirty_spare_free))
			registered = true;
		if (registered) {
			dirty_spare_free();
			dirty_spare.nr_pages = d->nr_pages;
			dirty_spare.shadow = d->shadow;
			dirty_spare.pfns = d->pfns;
			d->shadow = NULL;
			d->pfns = NULL;
		}
	}
	free(d->shadow);
	free(d->pfns);
	memset(d, 0, sizeof(*d));
}
