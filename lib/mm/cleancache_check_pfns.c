// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * cleancache_check_pfns(): cleancache_check()'s per-folio invariants for
 * the pfns an operation touched, and its counter equations.
 *
 * A list a donated folio is on is linked through the folio's own lru
 * field and its neighbours': whatever changes a list changes the
 * descriptors around the change, so a caller that hands in every pfn
 * whose descriptor changed re-checks the links that changed. What it
 * cannot see (a list or an xarray node corrupted without touching a
 * descriptor, a folio missing from every list) is left to
 * cleancache_check(), which such a caller runs now and then and at the
 * end.
 */
#include "kernel/kernel.h"
#include "kernel/port.h"
#include "mm/cleancache_internal.h"

/*
 * Does @entry, a neighbour of @folio on the list headed by @head, link
 * back to it? A neighbour that is neither @head nor a page descriptor is
 * reported (by folio_pfn() too) before any of its fields is read.
 */
static void cc_check_link(struct folio *folio, struct list_head *entry,
			  struct list_head *head, bool next, const char *list,
			  unsigned long *errs)
{
	struct list_head *back;

	if (entry != head &&
	    folio_pfn(list_entry(entry, struct folio, lru)) == ULONG_MAX) {
		check_report(errs, "%s: folio %#lx links to %p, no page",
			     list, folio_pfn(folio), (void *)entry);
		return;
	}
	back = next ? entry->prev : entry->next;
	if (back != &folio->lru)
		check_report(errs, "%s: folio %#lx's %s neighbour does not link back",
			     list, folio_pfn(folio), next ? "next" : "previous");
}

static void cc_check_links(struct folio *folio, struct list_head *head,
			   const char *list, unsigned long *errs)
{
	cc_check_link(folio, folio->lru.next, head, true, list, errs);
	cc_check_link(folio, folio->lru.prev, head, false, list, errs);
}

/* A CACHED folio sits in its inode's xarray at the index it records. */
static void cc_check_slot(struct folio *folio, unsigned long *errs)
{
	struct cleancache_inode *ccinode = folio_cc_inode(folio);
	pgoff_t index = folio_cc_index(folio);

	if (!ccinode) {
		check_report(errs, "CACHED folio %#lx has no inode",
			     folio_pfn(folio));
		return;
	}
	if (xa_load(&ccinode->folios, index) != folio)
		check_report(errs, "CACHED folio %#lx is not at index %lu of inode %lu",
			     folio_pfn(folio), index, ccinode->ino);
}

static void cc_check_pfn(struct cleancache *cc, unsigned long pfn,
			 unsigned long *errs)
{
	struct folio *folio = page_folio(pfn_to_page(pfn));
	enum cleancache_folio_state state = folio_cc_state(folio);
	int id = folio_cc_pool_id(folio);
	struct cleancache_pool *pool;

	if (state == CC_FOLIO_NONE)
		return;
	if (id >= cleancache_nr_pools(cc)) {
		check_report(errs, "folio %#lx: pool %d, only %d registered",
			     pfn, id, cleancache_nr_pools(cc));
		return;
	}
	if (folio_ref_count(folio) != 0)
		check_report(errs, "donated folio %#lx has refcount %d", pfn,
			     folio_ref_count(folio));
	if (folio_test_large(folio))
		check_report(errs, "donated folio %#lx is large (order %u)",
			     pfn, folio_order(folio));
	pool = &cc->pools[id];
	switch (state) {
	case CC_FOLIO_FREE:
		spin_lock(&pool->lock);
		if (folio->mapping)
			check_report(errs, "pool %s: FREE folio %#lx has mapping %p",
				     pool->name, pfn, (void *)folio->mapping);
		cc_check_links(folio, &pool->folio_list, pool->name, errs);
		spin_unlock(&pool->lock);
		break;
	case CC_FOLIO_CACHED:
		spin_lock(&cc->lru_lock);
		cc_check_links(folio, &cc->lru, "LRU", errs);
		spin_unlock(&cc->lru_lock);
		rcu_read_lock();
		cc_check_slot(folio, errs);
		rcu_read_unlock();
		break;
	default:
		check_report(errs, "pool %s: folio %#lx is in state %d with no operation in flight",
			     pool->name, pfn, state);
	}
}

/* The counter equations, which need no walk. */
static void cc_check_counts(struct cleancache *cc, unsigned long *errs)
{
	long cached = 0;

	for (int id = 0; id < cleancache_nr_pools(cc); id++) {
		struct cleancache_pool *pool = &cc->pools[id];
		long size = atomic_long_read(&pool->size);
		long pcached = atomic_long_read(&pool->cached);

		if (pcached < 0 || pcached > size)
			check_report(errs, "pool %s: cached %ld, size %ld",
				     pool->name, pcached, size);
		cached += pcached;
	}
	if (cc_stat_cached(cc) != cached)
		check_report(errs,
			     "cached %ld (stored - invalidated - reclaimed - recalled) != %ld, the pools' cached counters",
			     cc_stat_cached(cc), cached);
}

/**
 * cleancache_check_pfns() - check the cleancache invariants of some pfns.
 * @pfns: the pfns (those an operation touched), in any order; pfns that
 *	are not the machine's or not donated to cleancache are ignored.
 * @nr: how many.
 *
 * For each donated folio among @pfns: refcount 0 and order 0; a pool that
 * is registered; a FREE one has no mapping and its free-list neighbours
 * link back to it; a CACHED one's LRU neighbours link back to it and its
 * inode's xarray holds it at its index; none is TRANSIENT. Then the
 * counter equations: each pool's cached counter within its size, and
 * their sum equal to stored - (invalidated + reclaimed + recalled).
 * Whatever it reports, cleancache_check() reports too; a caller that runs
 * it after each operation runs cleancache_check() now and then and at the
 * end.
 *
 * Context: Process context, not inside rcu_read_lock(), holding no
 * cleancache lock; exact only when no cleancache operation is in flight.
 * Return: 0 if the checked invariants hold; -EUCLEAN otherwise; -EINVAL
 * for a NULL @pfns with @nr non-zero; -ENXIO from a thread attached to
 * no machine.
 */
int cleancache_check_pfns(const unsigned long *pfns, unsigned long nr)
{
	struct cleancache *cc = cleancache_get_state();
	unsigned long errs = 0;

	if (!pfns && nr)
		return -EINVAL;
	if (!cc)
		return -ENXIO;
	for (unsigned long i = 0; i < nr; i++)
		if (pfn_valid(pfns[i]))
			cc_check_pfn(cc, pfns[i], &errs);
	cc_check_counts(cc, &errs);
	check_report_rest(&errs);
	return errs ? -EUCLEAN : 0;
}
