/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Tag-storage donor internals shared by tag_storage.c and its invariant
 * checker (tag_storage_check.c). Not part of the public API.
 */
#ifndef _MM_TAG_STORAGE_INTERNAL_H
#define _MM_TAG_STORAGE_INTERNAL_H

#include <libgcma/tag_storage.h>
#include "kernel/atomic.h"
#include "kernel/compiler.h"
#include "kernel/kernel.h"
#include "kernel/spinlock.h"

/* Per-donor counters (struct tag_storage_info). */
enum tag_storage_stat_item {
	TS_STAT_ACTIVATIONS,
	TS_STAT_DEACTIVATIONS,
	TS_STAT_REFUSED,
	TS_STAT_PAGES_TAKEN,
	TS_STAT_ENTRIES_DROPPED,
	TS_STAT_NR,
};

/**
 * struct tag_storage_donor - one registered carve-out.
 * @lock: serialises activation and deactivation of this donor.
 * @pool_id: its cleancache pool, used by no other donor or GCMA area.
 * @start_pfn: first pfn.
 * @end_pfn: first pfn past the donor (exclusive).
 * @name: its name, also the pool's.
 * @active: true while tag storage owns every page (refcount 1, out of
 *	cleancache); false while every page is donated to @pool_id.
 *	Written under @lock with WRITE_ONCE(), read anywhere.
 * @stats: counters, indexed by enum tag_storage_stat_item.
 *
 * Everything but @active and @stats is written once, before the donor
 * is published; donors are never removed.
 */
struct tag_storage_donor {
	struct mutex lock;
	int pool_id;
	unsigned long start_pfn;
	unsigned long end_pfn;
	char name[TAG_STORAGE_NAME_MAX_LEN];
	bool active;
	atomic_long_t stats[TS_STAT_NR];
};

/**
 * struct tag_storage - a kernel's file-scope globals, once per machine
 * (machine_local(ML_TAG_STORAGE)).
 * @lock: serialises registration.
 * @nr_donors: published donors; only grows; release store, acquire load.
 * @donors: the donors, 0 .. @nr_donors - 1.
 */
struct tag_storage {
	struct mutex lock;
	atomic_t nr_donors;
	struct tag_storage_donor donors[MAX_TAG_STORAGE_DONORS];
};

/* The calling thread's state, or NULL (reported) when unattached. */
struct tag_storage *tag_storage_get_state(void);

static inline int tag_storage_nr_published(struct tag_storage *ts)
{
	return atomic_read_acquire(&ts->nr_donors);
}

#endif /* _MM_TAG_STORAGE_INTERNAL_H */
