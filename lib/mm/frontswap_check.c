// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * frontswap_check(), the swap client's invariant checker, and its
 * statistics. For every swap type that is on:
 *
 *  - no slot is left mid-store (FSW_STORING, FSW_RECALLED);
 *  - a slot has FSW_FRONT exactly when the type's cleancache inode has
 *    an entry at that index, and that entry is one CACHED folio of that
 *    inode at that index, not allocated by GCMA (a store may use any
 *    pool's free folio, GCMA's or another backend's, but no pfn GCMA
 *    handed out holds swap data); no entry lies elsewhere;
 *  - FSW_SWAPCACHE exactly when the slot has a swap-cache page;
 *  - write-through: every slot frontswap holds is on the device too;
 *  - the per-type and global counts match the bits, and the global count
 *    is within the ratio bound;
 *  - a zram-like device holds no more system pages than it needs.
 *
 * cleancache_check() proves that each donated folio is in one slot only.
 * Run with no swap or GCMA call in flight.
 */
#include <libgcma/frontswap.h>
#include "kernel/kernel.h"
#include "kernel/port.h"
#include "kernel/string.h"
#include "mm/cleancache_internal.h"
#include "mm/frontswap_internal.h"
#include "mm/gcma_internal.h"

/* @t's cleancache inode, or NULL if it holds nothing; inside RCU. */
static struct cleancache_inode *type_ccinode(struct cleancache *cc,
					     struct frontswap_type *t)
{
	struct cleancache_inode *ccinode;
	struct cleancache_fs *fs;
	struct hlist_head *head;

	if (t->sb.cleancache_id < 0)
		return NULL;
	fs = xa_load(&cc->fs_xa, (unsigned long)t->sb.cleancache_id);
	if (!fs)
		return NULL;
	head = &fs->inode_hash[cleancache_inode_hash(t->inode.i_ino)];
	hlist_for_each_entry_rcu(ccinode, head, hash)
		if (ccinode->inode == &t->inode && READ_ONCE(ccinode->hashed))
			return ccinode;
	return NULL;
}

/* Whether GCMA handed @pfn out (false outside the GCMA areas). */
static bool pfn_allocated_by_gcma(unsigned long pfn)
{
	struct gcma *g = gcma_get_state();
	struct gcma_area *area = g ? gcma_area_of_pfn(g, pfn) : NULL;

	return area && gcma_test_pfn(area, pfn);
}

/* Check one slot frontswap holds: its folio. */
static void check_front_folio(struct frontswap_type *t,
			      struct cleancache_inode *ccinode, pgoff_t i,
			      struct folio *folio, unsigned long *errs)
{
	if (folio_cc_state(folio) != CC_FOLIO_CACHED ||
	    folio_cc_inode(folio) != ccinode || folio_cc_index(folio) != i)
		check_report(errs, "%s slot %lu: folio %#lx is not CACHED there (state %d)",
			       t->sb.s_id, i, folio_pfn(folio),
			       folio_cc_state(folio));
	if (pfn_allocated_by_gcma(folio_pfn(folio)))
		check_report(errs, "%s slot %lu: pfn %#lx is allocated by GCMA",
			       t->sb.s_id, i, folio_pfn(folio));
}

/* Check one type; its inode's xa_lock and the frontswap lock held. */
static unsigned long check_type(struct frontswap_type *t,
				struct cleancache_inode *ccinode,
				unsigned long *errs)
{
	unsigned long front = 0, dev = 0, sc = 0, entries = 0, index;
	struct folio *folio;

	for (pgoff_t i = 0; i < t->cfg.nr_slots; i++) {
		unsigned char bits = t->slot[i];

		folio = ccinode ? xa_load(&ccinode->folios, i) : NULL;
		if (bits & (FSW_STORING | FSW_RECALLED))
			check_report(errs, "%s slot %lu: left mid-store (%#x)",
				       t->sb.s_id, i, bits);
		if (!(bits & FSW_FRONT) != !folio)
			check_report(errs, "%s slot %lu: FRONT %d but entry %p",
				       t->sb.s_id, i, !!(bits & FSW_FRONT),
				       (void *)folio);
		if (folio)
			check_front_folio(t, ccinode, i, folio, errs);
		if (!(bits & FSW_SWAPCACHE) != !t->swapcache[i])
			check_report(errs, "%s slot %lu: SWAPCACHE %d but page %p",
				       t->sb.s_id, i, !!(bits & FSW_SWAPCACHE),
				       (void *)t->swapcache[i]);
		if ((bits & FSW_FRONT) && !(bits & FSW_DEVICE) &&
		    t->cfg.policy == FRONTSWAP_WRITE_THROUGH)
			check_report(errs, "%s slot %lu: write-through slot not on the device",
				       t->sb.s_id, i);
		front += !!(bits & FSW_FRONT);
		dev += !!(bits & FSW_DEVICE);
		sc += !!(bits & FSW_SWAPCACHE);
	}
	if (ccinode)
		xa_for_each(&ccinode->folios, index, folio)
			entries++;
	if (entries != front)
		check_report(errs, "%s: %lu entries in cleancache, %lu slots held",
			       t->sb.s_id, entries, front);
	if (front != t->nr_front || dev != t->nr_device ||
	    sc != t->nr_swapcache)
		check_report(errs, "%s: counted %lu/%lu/%lu, counters %lu/%lu/%lu",
			       t->sb.s_id, front, dev, sc, t->nr_front,
			       t->nr_device, t->nr_swapcache);
	if (t->zram_held > frontswap_device_pages_target(t))
		check_report(errs, "%s: zram holds %lu pages for %lu slots",
			       t->sb.s_id, t->zram_held, dev);
	return front;
}

/**
 * frontswap_check() - check the swap client's invariants.
 *
 * Violations are reported (check_report()) and counted.
 *
 * Context: Process context; no swap or GCMA call in flight.
 * Return: 0; -EUCLEAN if an invariant does not hold; -ENXIO from an
 * unattached thread.
 */
int frontswap_check(void)
{
	struct frontswap *fsw = frontswap_get_state();
	struct cleancache *cc = cleancache_get_state();
	unsigned long errs = 0, total = 0, limit;

	if (!fsw || !cc)
		return -ENXIO;
	rcu_read_lock();
	for (int i = 0; i < FRONTSWAP_MAX_TYPES; i++) {
		struct frontswap_type *t = frontswap_type_get(fsw, i);
		struct cleancache_inode *ccinode;

		if (!t)
			continue;
		ccinode = type_ccinode(cc, t);
		if (ccinode)
			xa_lock(&ccinode->folios);
		spin_lock(&fsw->lock);
		total += check_type(t, ccinode, &errs);
		spin_unlock(&fsw->lock);
		if (ccinode)
			xa_unlock(&ccinode->folios);
	}
	rcu_read_unlock();
	spin_lock(&fsw->lock);
	limit = frontswap_limit(fsw);
	if (total != fsw->nr_front)
		check_report(&errs, "%lu slots held, global counter %lu",
			       total, fsw->nr_front);
	if (fsw->nr_front > limit)
		check_report(&errs, "%lu slots held over the ratio bound %lu",
			       fsw->nr_front, limit);
	spin_unlock(&fsw->lock);
	check_report_rest(&errs);
	return errs ? -EUCLEAN : 0;
}
