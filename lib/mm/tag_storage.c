// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Tag storage: a second cleancache donor, for the arm64 MTE case.
 *
 * A donor is a boot-time carve-out (PG_reserved pages at refcount 1, as
 * memblock leaves them) that holds the memory tags of some RAM while
 * that RAM uses MTE, and is ordinary memory otherwise. Registration gives
 * it its own cleancache pool and donates every page, as GCMA does with
 * an area. tag_storage_activate() takes the whole range back in one
 * cleancache_backend_get_range() call: a FREE page comes out at once, a
 * CACHED one loses its clean data, and a page a store is filling or a
 * restore is copying from is waited for (cleancache's per-inode lock),
 * never failed. Nothing else can hold a donated page: cleancache hands
 * out no references, so the take-back always succeeds. That is the
 * guarantee MTE needs (David Hildenbrand, 2025 thread). Each page then
 * belongs to tag storage at refcount 1, zeroed (all tags clear).
 * tag_storage_deactivate() checks every page, then donates the range
 * again.
 *
 * Locking: @ts->lock serialises registration; each donor's lock
 * serialises its activation and deactivation (both sleep). Donors never
 * overlap each other or a GCMA area: registration needs reserved boot
 * pages, which both take out of that state.
 */
#include <libgcma/cleancache.h>
#include "kernel/bug.h"
#include "kernel/highmem.h"
#include "kernel/kernel.h"
#include "kernel/port.h"
#include "kernel/slab.h"
#include "kernel/string.h"
#include "mm/cleancache_internal.h"
#include "mm/tag_storage_internal.h"

/* cond_resched() every this many pfns of a page walk. */
#define TS_RESCHED_PFNS	4096UL

/* Flags a page tag storage gives back must not carry. */
#define TS_FLAGS_IN_USE \
	((1UL << PG_locked) | (1UL << PG_lru) | (1UL << PG_writeback) | \
	 (1UL << PG_private) | (1UL << PG_reserved))

/**
 * tag_storage_get_state() - the attached machine's tag-storage donors.
 *
 * In a kernel tree this is the file's globals.
 *
 * Context: Any context.
 * Return: the state, or NULL (reported as an API violation) when the
 * calling thread is attached to no machine.
 */
struct tag_storage *tag_storage_get_state(void)
{
	return machine_local(ML_TAG_STORAGE);
}

static inline struct folio *ts_desc(unsigned long pfn)
{
	return (struct folio *)pfn_to_page(pfn);
}

static void ts_stat_add(struct tag_storage_donor *d,
			enum tag_storage_stat_item item, long n)
{
	atomic_long_add(n, &d->stats[item]);
}

/* The attached machine's published donor @id in *@dp: 0, -ENXIO, -EINVAL. */
static int ts_donor(int id, struct tag_storage_donor **dp)
{
	struct tag_storage *ts = tag_storage_get_state();

	if (!ts)
		return -ENXIO;
	if (id < 0 || id >= tag_storage_nr_published(ts))
		return -EINVAL;
	*dp = &ts->donors[id];
	return 0;
}

/* Whether @pfn is a reserved boot page nobody has claimed. */
static bool ts_boot_page(unsigned long pfn)
{
	struct folio *folio = ts_desc(pfn);

	return folio_test_reserved(folio) && folio_ref_count(folio) == 1 &&
	       !folio->private && !folio_test_head(folio) &&
	       !PageTail((struct page *)folio) &&
	       folio_cc_pool_id(folio) == -1;
}

/**
 * tag_storage_register() - make a reserved range a tag-storage donor.
 * @name: its name, also its cleancache pool's: 1 to
 *	TAG_STORAGE_NAME_MAX_LEN - 1 bytes, no '/'.
 * @start_pfn: first pfn.
 * @count: number of pfns.
 *
 * Every pfn must be a reserved boot page (PG_reserved, refcount 1, not
 * part of a large folio, not donated), as sim_memblock_alloc() leaves
 * it. Everything is validated first; then a cleancache pool is
 * registered, every page is unreserved, frozen at refcount 0 and donated,
 * and the donor is published inactive.
 *
 * Context: Process context; sleeps on the registration lock.
 * Return: the donor's id (0, 1, ... in registration order); -EINVAL for
 * a NULL, empty, too long or '/'-containing name, a count of 0, a range
 * that wraps or leaves the machine; -ENOSPC when MAX_TAG_STORAGE_DONORS
 * exist; -EBUSY when a page is not a reserved boot page (another donor's,
 * a GCMA area's, system memory); the error of
 * cleancache_backend_register_pool() (-EEXIST for a name in use, -ENOMEM
 * when cleancache has no pool left); -ENXIO from a thread attached to no
 * machine. Nothing changes on failure.
 */
int tag_storage_register(const char *name, unsigned long start_pfn,
			 unsigned long count)
{
	struct tag_storage *ts = tag_storage_get_state();
	struct tag_storage_donor *d;
	unsigned long end, pfn;
	int nr, pool_id, ret;

	if (!ts)
		return -ENXIO;
	if (!name || !*name ||
	    strnlen(name, TAG_STORAGE_NAME_MAX_LEN) >= TAG_STORAGE_NAME_MAX_LEN ||
	    strchr(name, '/'))
		return -EINVAL;
	if (!count || start_pfn + count < start_pfn)
		return -EINVAL;
	end = start_pfn + count;
	if (!pfn_valid(start_pfn) || !pfn_valid(end - 1))
		return -EINVAL;

	mutex_lock(&ts->lock);
	nr = atomic_read(&ts->nr_donors);
	ret = -ENOSPC;
	if (nr >= MAX_TAG_STORAGE_DONORS)
		goto unlock;
	ret = -EBUSY;
	for (pfn = start_pfn; pfn < end; pfn++)
		if (!ts_boot_page(pfn))
			goto unlock;
	/* A pool cannot be unregistered: the last step that may fail. */
	pool_id = cleancache_backend_register_pool(name);
	if (pool_id < 0) {
		ret = pool_id;
		goto unlock;
	}
	d = &ts->donors[nr];
	memset(d, 0, sizeof(*d));
	mutex_init(&d->lock);
	d->pool_id = pool_id;
	d->start_pfn = start_pfn;
	d->end_pfn = end;
	strscpy(d->name, name, sizeof(d->name));
	for (pfn = start_pfn; pfn < end; pfn++) {
		folio_clear_reserved(ts_desc(pfn));
		folio_set_count(ts_desc(pfn), 0);
	}
	ret = cleancache_backend_put_range(pool_id, start_pfn, count);
	if (WARN(ret, "tag_storage: %s: donating [%#lx, %#lx) failed (%d)",
		 name, start_pfn, end, ret)) {
		/* put_range changed nothing: give the pages back to boot. */
		for (pfn = start_pfn; pfn < end; pfn++) {
			folio_set_count(ts_desc(pfn), 1);
			folio_set_reserved(ts_desc(pfn));
		}
		mutex_destroy(&d->lock);
		memset(d, 0, sizeof(*d));
		goto unlock;
	}
	atomic_set_release(&ts->nr_donors, nr + 1);
	ret = nr;
unlock:
	mutex_unlock(&ts->lock);
	return ret;
}

/*
 * Make the pages cleancache handed back tag storage's: unpoisoned,
 * zeroed (every tag clear; no cached file data shows through) and at
 * refcount 1.
 */
static void ts_own_pages(struct tag_storage_donor *d)
{
	for (unsigned long pfn = d->start_pfn; pfn < d->end_pfn; pfn++) {
		struct folio *folio = ts_desc(pfn);
		void *addr;

		kasan_unpoison_pages(folio_page(folio, 0), 0, false);
		addr = folio_address(folio);
		if (addr)
			memset(addr, 0, PAGE_SIZE);
		folio_set_count(folio, 1);
		if (!((pfn - d->start_pfn + 1) % TS_RESCHED_PFNS))
			cond_resched();
	}
}

/**
 * tag_storage_activate() - take a donor's whole range back for tags.
 * @id: the donor, from tag_storage_register().
 *
 * Every page leaves cleancache (its cached data, if any, is dropped and
 * counted in @entries_dropped; a page a cleancache store or restore is
 * working on is waited for) and comes back zeroed at refcount 1, owned
 * by tag storage. On an inactive donor this always succeeds: donated
 * pages hold no references anybody else can keep.
 *
 * Context: Process context; sleeps on the donor's lock, may
 * cond_resched() and wait for a cleancache operation on a page.
 * Return: 0; -EINVAL for an unknown @id; -EALREADY when the donor is
 * active already; -ENXIO from a thread attached to no machine. Nothing
 * changes on failure. The error of cleancache_backend_get_range() would
 * mean a page left the pool behind the donor's back (a WARN; the range
 * stays donated).
 */
int tag_storage_activate(int id)
{
	struct cleancache_pool_stats before, after;
	struct tag_storage_donor *d;
	unsigned long nr;
	int ret = ts_donor(id, &d);

	if (ret)
		return ret;
	nr = d->end_pfn - d->start_pfn;

	mutex_lock(&d->lock);
	ret = -EALREADY;
	if (d->active)
		goto out;
	/* Only this donor takes from its pool, and it holds its lock. */
	ret = cleancache_pool_stats_get(d->pool_id, &before);
	if (ret)
		goto out;
	ret = cleancache_backend_get_range(d->pool_id, d->start_pfn, nr);
	if (WARN(ret, "tag_storage: %s: taking [%#lx, %#lx) back failed (%d)",
		 d->name, d->start_pfn, d->end_pfn, ret))
		goto out;
	ts_own_pages(d);
	WRITE_ONCE(d->active, true);
	if (!cleancache_pool_stats_get(d->pool_id, &after))
		ts_stat_add(d, TS_STAT_ENTRIES_DROPPED,
			    (long)(after.recalled - before.recalled));
	ts_stat_add(d, TS_STAT_ACTIVATIONS, 1);
	ts_stat_add(d, TS_STAT_PAGES_TAKEN, (long)nr);
	sim_cost(SIM_COST_RANGE_CALL, 1);
	sim_cost(SIM_COST_RANGE_PAGE, nr);
	/* Clearing a page costs about what copying one does. */
	sim_cost(SIM_COST_PAGE_COPY, nr);
out:
	if (ret)
		ts_stat_add(d, TS_STAT_REFUSED, 1);
	mutex_unlock(&d->lock);
	return ret;
}

/* The first pfn of @d tag storage cannot give back, or @d->end_pfn. */
static unsigned long ts_first_in_use(struct tag_storage_donor *d)
{
	for (unsigned long pfn = d->start_pfn; pfn < d->end_pfn; pfn++) {
		struct folio *folio = ts_desc(pfn);

		if (folio_ref_count(folio) != 1 || folio->mapping ||
		    folio->private || folio_test_large(folio) ||
		    PageTail((struct page *)folio) ||
		    (folio->flags & TS_FLAGS_IN_USE))
			return pfn;
	}
	return d->end_pfn;
}

/**
 * tag_storage_deactivate() - donate an active donor's range again.
 * @id: the donor.
 *
 * Every page must be as activation left it, give or take its contents
 * and harmless flags: refcount 1, order-0, no mapping or private word,
 * not locked, on an LRU, under writeback, PG_private or reserved. All
 * are checked first; then each is prepared (flags cleared, refcount 0)
 * and the range is donated to the donor's pool in one call.
 *
 * Context: Process context; sleeps on the donor's lock.
 * Return: 0; -EINVAL for an unknown @id; -EALREADY when the donor is not
 * active; -EBUSY when a page is still in use (nothing changed); the
 * error of cleancache_backend_put_range() (a WARN: a bug; the range
 * stays active, unchanged); -ENXIO from a thread attached to no machine.
 */
int tag_storage_deactivate(int id)
{
	struct tag_storage_donor *d;
	unsigned long pfn;
	int ret = ts_donor(id, &d);

	if (ret)
		return ret;

	mutex_lock(&d->lock);
	ret = -EALREADY;
	if (!d->active)
		goto out;
	ret = -EBUSY;
	if (ts_first_in_use(d) != d->end_pfn)
		goto out;
	for (pfn = d->start_pfn; pfn < d->end_pfn; pfn++) {
		struct folio *folio = ts_desc(pfn);

		folio->flags &= ~PAGE_FLAGS_CHECK_AT_PREP;
		folio_set_count(folio, 0);
	}
	ret = cleancache_backend_put_range(d->pool_id, d->start_pfn,
					   d->end_pfn - d->start_pfn);
	if (WARN(ret, "tag_storage: %s: donating [%#lx, %#lx) failed (%d)",
		 d->name, d->start_pfn, d->end_pfn, ret)) {
		for (pfn = d->start_pfn; pfn < d->end_pfn; pfn++)
			folio_set_count(ts_desc(pfn), 1);
		goto out;
	}
	WRITE_ONCE(d->active, false);
	ts_stat_add(d, TS_STAT_DEACTIVATIONS, 1);
	sim_cost(SIM_COST_RANGE_CALL, 1);
	sim_cost(SIM_COST_RANGE_PAGE, d->end_pfn - d->start_pfn);
out:
	if (ret)
		ts_stat_add(d, TS_STAT_REFUSED, 1);
	mutex_unlock(&d->lock);
	return ret;
}

/**
 * tag_storage_nr_donors() - how many donors are registered.
 *
 * Context: Any context.
 * Return: the number, or -ENXIO from a thread attached to no machine.
 */
int tag_storage_nr_donors(void)
{
	struct tag_storage *ts = tag_storage_get_state();

	return ts ? tag_storage_nr_published(ts) : -ENXIO;
}

/**
 * tag_storage_get_info() - what donor @id holds.
 * @id: 0 .. tag_storage_nr_donors() - 1.
 * @out: filled in.
 *
 * The counters are read one by one while calls may run.
 *
 * Context: Any context.
 * Return: 0; -EINVAL for a NULL @out or an unknown @id; -ENXIO from a
 * thread attached to no machine.
 */
int tag_storage_get_info(int id, struct tag_storage_info *out)
{
	struct tag_storage_donor *d;
	int ret = ts_donor(id, &d);

	if (ret)
		return ret;
	if (!out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	memcpy(out->name, d->name, sizeof(out->name));
	out->start_pfn = d->start_pfn;
	out->end_pfn = d->end_pfn;
	out->pool_id = d->pool_id;
	out->active = READ_ONCE(d->active);
	out->activations = atomic_long_read(&d->stats[TS_STAT_ACTIVATIONS]);
	out->deactivations = atomic_long_read(&d->stats[TS_STAT_DEACTIVATIONS]);
	out->refused = atomic_long_read(&d->stats[TS_STAT_REFUSED]);
	out->pages_taken = atomic_long_read(&d->stats[TS_STAT_PAGES_TAKEN]);
	out->entries_dropped =
		atomic_long_read(&d->stats[TS_STAT_ENTRIES_DROPPED]);
	return 0;
}

/* ---- machine-local state ----------------------------------------------- */

/**
 * tag_storage_state_create() - one machine's donors (its initcall).
 *
 * Context: Process context, on the machine being created.
 * Return: the state, or NULL if the allocation fails.
 */
void *tag_storage_state_create(void)
{
	struct tag_storage *ts = kzalloc(sizeof(*ts), GFP_KERNEL);

	if (!ts)
		return NULL;
	mutex_init(&ts->lock);
	atomic_set(&ts->nr_donors, 0);
	return ts;
}

/**
 * tag_storage_state_destroy() - free one machine's donors.
 * @state: from tag_storage_state_create(), or NULL.
 *
 * The pages belong to the machine's memmap and go with it.
 *
 * Context: Machine destruction: no thread attached.
 * Return: nothing.
 */
void tag_storage_state_destroy(void *state)
{
	struct tag_storage *ts = state;
	int nr;

	if (!ts)
		return;
	nr = atomic_read(&ts->nr_donors);
	for (int i = 0; i < nr; i++)
		mutex_destroy(&ts->donors[i].lock);
	mutex_destroy(&ts->lock);
	kfree(ts);
}
