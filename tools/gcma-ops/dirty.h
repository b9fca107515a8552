/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * What an op touched: the pfns whose memmap descriptor changed since the
 * last look, found by comparing the memmap with a copy kept from then.
 * Every write to a descriptor shows (no hook can be forgotten), whatever
 * wrote it: the op, a defect or a corruption. The executor's checks
 * after each op look at these pfns only, and run the whole checkers
 * every GOPS_FULL_CHECK_EVERY ops and after the last (docs/testing.md,
 * "Speed").
 */
#ifndef _GCMA_OPS_DIRTY_H
#define _GCMA_OPS_DIRTY_H

#include <stdbool.h>

struct page;
struct sim_machine;

/**
 * struct gops_dirty - the copy and what differed at the last look.
 * @memmap: the machine's descriptors (pfn @base first).
 * @base: first pfn of the machine.
 * @nr_pages: its pfns.
 * @shadow: the descriptors as the last look saw them.
 * @pfns: the pfns whose descriptor differed at the last look.
 * @nr: how many.
 */
struct gops_dirty {
	const struct page *memmap;
	unsigned long base;
	unsigned long nr_pages;
	struct page *shadow;
	unsigned long *pfns;
	unsigned long nr;
};

int gops_dirty_init(struct gops_dirty *d, struct sim_machine *m);
void gops_dirty_collect(struct gops_dirty *d);
void gops_dirty_absorb(struct gops_dirty *d);
bool gops_dirty_any(const struct gops_dirty *d, unsigned long start,
		    unsigned long nr);
void gops_dirty_exit(struct gops_dirty *d);

#endif /* _GCMA_OPS_DIRTY_H */
