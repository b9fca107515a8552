// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * cleancache_check(): the invariant checker.
 *
 * It walks everything cleancache owns -- every pool's free list, the
 * LRU, and every inode of every registered filesystem -- and recounts:
 *
 *  - a FREE folio is on its own pool's list only, with no mapping;
 *  - the LRU holds exactly the CACHED folios: each is in exactly one
 *    inode's xarray, at the slot its back pointers (mapping = the inode,
 *    index) name, and every xarray entry is such a folio, never a TAKEN
 *    or FREE one;
 *  - every donated folio has refcount 0 and is order-0;
 *  - a hashed inode has a non-empty xarray, sits in the bucket of its
 *    inode number and points at its filesystem, and that filesystem is
 *    registered (entries of a removed one would never be invalidated);
 *  - per pool, size == FREE + CACHED (so no folio is TRANSIENT or lost)
 *    and the cached counter == the CACHED recount;
 *  - stored - (invalidated + reclaimed + recalled) == the CACHED recount;
 *  - the LRU rotation batches (the lru_batch option) hold no rotation an
 *    eviction should have applied (check_lru_batches());
 *  - refcounts at rest (check_refs_at_rest()): a hashed inode holds only
 *    the hash's reference, a registered filesystem only the registry's,
 *    and a filesystem out of the registry none (it is gone), except for
 *    the one reference on an inode and one on its filesystem that each
 *    open inode walk holds. A reference above that is a get without its
 *    put: the object is never freed, and a removed filesystem's entries
 *    are never invalidated.
 *
 * "Exactly one xarray slot per LRU folio" is proven without allocating:
 * the LRU pass sets a SEEN bit in each folio's state word, the xarray
 * pass clears it (finding it clear means the folio is not on the LRU or
 * is in two slots), and a second LRU pass reports and clears what is
 * left.
 *
 * The checker takes every lock it needs, one at a time, so it is safe to
 * call at any moment; its verdict is exact only when the machine is
 * quiet: no cleancache call (store, restore, invalidate, backend call,
 * add/remove fs, walk start/end) in flight on any thread. TRANSIENT
 * folios and references above the resting ones are not tolerated; an
 * inode walk left open between calls is part of the resting state.
 */
#include "kernel/kernel.h"
#include "kernel/list_walk.h"
#include "kernel/port.h"
#include "kernel/string.h"
#include "mm/cleancache_internal.h"

struct cc_check {
	struct cleancache *cc;
	int nr_pools;
	unsigned long errors;
	unsigned long bound;
	struct cc_check_count *count;
	long lru_total;
	long fs_extra;		/* references above the resting ones */
	long inode_extra;
	long walks;		/* open inode walks, read before the walk */
};

/* Set the SEEN bit of a tagged folio; false if it was already set. */
static bool cc_mark_seen(struct folio *folio)
{
	unsigned long old = folio_cc_word(folio);

	do {
		if (!cc_word_tagged(old))
			return true;
		if (old & CC_PRIV_SEEN)
			return false;
	} while (!folio_cc_try_update(folio, &old, old | CC_PRIV_SEEN));
	return true;
}

/* Clear the SEEN bit of a tagged folio; whether it was set. */
static bool cc_clear_seen(struct folio *folio)
{
	unsigned long old = folio_cc_word(folio);

	do {
		if (!cc_word_tagged(old) || !(old & CC_PRIV_SEEN))
			return false;
	} while (!folio_cc_try_update(folio, &old, old & ~CC_PRIV_SEEN));
	return true;
}

/* What every donated folio must satisfy, whatever its state. */
static inline void check_donated(struct cc_check *chk, struct folio *folio,
			  const char *where)
{
	if (folio_ref_count(folio) != 0)
		check_report(&chk->errors, "%s: folio %p has refcount %d", where,
			      (void *)folio, folio_ref_count(folio));
	if (folio_test_large(folio))
		check_report(&chk->errors, "%s: folio %p is large (order %u)", where,
			      (void *)folio, folio_order(folio));
}

/*
 * Is a list entry a page descriptor? One that is not (a list head bad
 * input spliced in) is reported, by folio_pfn() and here, and ends the
 * walk before its fields are read.
 */
static bool cc_check_is_page(struct cc_check *chk, struct folio *folio,
			     const char *where)
{
	if (folio_pfn(folio) != ULONG_MAX)
		return true;
	check_report(&chk->errors, "%s: entry %p is no page", where, (const void *)folio);
	return false;
}

static void check_pools(struct cc_check *chk)
{
	for (int id = 0; id < chk->nr_pools; id++) {
		struct cleancache_pool *pool = &chk->cc->pools[id];
		struct list_head *head = &pool->folio_list, *pos, *prev;
		unsigned long n;

		spin_lock(&pool->lock);
		list_for_each_checked(pos, prev, head, n, chk->bound) {
			struct folio *folio = list_entry(pos, struct folio, lru);

			if (!cc_check_is_page(chk, folio, pool->name))
				break;
			check_donated(chk, folio, pool->name);
			if (folio_cc_pool_id(folio) != id ||
			    folio_cc_state(folio) != CC_FOLIO_FREE)
				check_report(&chk->errors,
					      "pool %s: folio %p on the free list has pool %d state %d",
					      pool->name, (void *)folio,
					      folio_cc_pool_id(folio),
					      folio_cc_state(folio));
			if (folio->mapping)
				check_report(&chk->errors, "pool %s: FREE folio %p has mapping %p",
					      pool->name, (void *)folio,
					      (void *)folio->mapping);
		}
		if (list_walk_broken(pos, prev, head))
			check_report(&chk->errors,
				      "pool %s: free list is corrupt after %lu entries (a loop, a link that does not point back, or longer than every donated folio)",
				      pool->name, n);
		chk->count[id].free = (long)n;
		spin_unlock(&pool->lock);
	}
}

static void check_lru_mark(struct cc_check *chk)
{
	struct cleancache *cc = chk->cc;
	struct list_head *pos, *prev;
	unsigned long n;

	spin_lock(&cc->lru_lock);
	list_for_each_checked(pos, prev, &cc->lru, n, chk->bound) {
		struct folio *folio = list_entry(pos, struct folio, lru);
		int id;

		if (!cc_check_is_page(chk, folio, "LRU"))
			break;
		id = folio_cc_pool_id(folio);
		check_donated(chk, folio, "LRU");
		if (id < 0 || id >= chk->nr_pools ||
		    folio_cc_state(folio) != CC_FOLIO_CACHED) {
			check_report(&chk->errors, "LRU: folio %p has pool %d state %d, not CACHED",
				      (void *)folio, id, folio_cc_state(folio));
			continue;
		}
		if (!folio->mapping)
			check_report(&chk->errors, "LRU: CACHED folio %p has no inode",
				      (void *)folio);
		if (!cc_mark_seen(folio))
			check_report(&chk->errors, "LRU: folio %p is on it twice",
				      (void *)folio);
		chk->count[id].lru++;
		chk->lru_total++;
	}
	if (list_walk_broken(pos, prev, &cc->lru))
		check_report(&chk->errors,
			      "LRU is corrupt after %lu entries (a loop, a link that does not point back, or longer than every donated folio)",
			      n);
	spin_unlock(&cc->lru_lock);
}

static void check_inode(struct cc_check *chk, struct cleancache_fs *fs,
			unsigned int bucket, struct cleancache_inode *ccinode,
			bool registered)
{
	unsigned long index, entries = 0;
	struct folio *folio;

	if (ccinode->fs != fs)
		check_report(&chk->errors, "inode %lu: fs %p, hashed in fs %p",
			      ccinode->ino, (void *)ccinode->fs, (void *)fs);
	if (cleancache_inode_hash(ccinode->ino) != bucket)
		check_report(&chk->errors, "inode %lu: in bucket %u, hashes to %u",
			      ccinode->ino, bucket,
			      cleancache_inode_hash(ccinode->ino));

	xa_lock(&ccinode->folios);
	if (!ccinode->hashed)
		check_report(&chk->errors, "inode %lu: on the hash but not marked hashed",
			      ccinode->ino);
	if (xa_empty(&ccinode->folios))
		check_report(&chk->errors, "inode %lu: hashed with an empty xarray",
			      ccinode->ino);
	xa_for_each(&ccinode->folios, index, folio) {
		int id = folio_cc_pool_id(folio);

		check_donated(chk, folio, "xarray");
		if (id < 0 || id >= chk->nr_pools ||
		    folio_cc_state(folio) != CC_FOLIO_CACHED) {
			check_report(&chk->errors,
				      "inode %lu index %lu: folio %p has pool %d state %d, not CACHED",
				      ccinode->ino, index, (void *)folio, id,
				      folio_cc_state(folio));
			continue;
		}
		if (folio_cc_inode(folio) != ccinode ||
		    folio_cc_index(folio) != index)
			check_report(&chk->errors,
				      "inode %lu index %lu: folio %p points at inode %p index %lu",
				      ccinode->ino, index, (void *)folio,
				      (void *)folio_cc_inode(folio),
				      folio_cc_index(folio));
		if (!cc_clear_seen(folio))
			check_report(&chk->errors,
				      "inode %lu index %lu: folio %p is not on the LRU, or in two slots",
				      ccinode->ino, index, (void *)folio);
		chk->count[id].xa++;
		entries++;
	}
	xa_unlock(&ccinode->folios);
	/*
	 * Removal drops every entry at once; a store racing with it drops
	 * its own when it ends. So when nothing is in flight, the entries of
	 * an fs out of the registry outlived its removal, or its id was
	 * replaced: nobody will ever invalidate them.
	 */
	if (!registered && entries)
		check_report(&chk->errors,
			      "fs %d is not registered but inode %lu caches %lu entries",
			      fs->id, ccinode->ino, entries);
}

/*
 * Add the references @refs on an object above its resting value @rest to
 * @extra. Return true when the object is to be named now: with no inode
 * walk open every reference above @rest is a leak; with walks open only
 * the totals can be compared (check_refs_at_rest()).
 */
static bool ref_above_rest(struct cc_check *chk, long *extra, int refs,
			   int rest)
{
	if (refs == rest)
		return false;
	*extra += refs - rest;
	return !chk->walks;
}

static void check_refs_at_rest(struct cc_check *chk)
{
	if (!chk->walks)
		return;
	/*
	 * Each walk pins its fs, which stays on fs_list while pinned; the
	 * inode it pins may have been emptied and unhashed since (out of
	 * the checker's sight), so hashed inodes hold at most one each.
	 */
	if (chk->fs_extra != chk->walks || chk->inode_extra > chk->walks)
		check_report(&chk->errors,
			      "%ld open inode walks, but filesystems hold %ld and hashed inodes %ld references above their resting ones (a get without its put)",
			      chk->walks, chk->fs_extra, chk->inode_extra);
}

static void check_filesystems(struct cc_check *chk)
{
	struct cleancache *cc = chk->cc;
	struct cleancache_fs *fs;
	unsigned long id;

	/* Every registered fs records its own id. */
	rcu_read_lock();
	xa_for_each(&cc->fs_xa, id, fs)
		if (fs->id != (int)id)
			check_report(&chk->errors, "fs %lu: records id %d", id, fs->id);
	rcu_read_unlock();

	/*
	 * Walk every live fs, registered or removed but still referenced:
	 * a removed one may hold entries stored by a user whose reference
	 * outlived the removal.
	 */
	spin_lock(&cc->fs_list_lock);
	rcu_read_lock();
	list_for_each_entry(fs, &cc->fs_list, node) {
		bool registered;
		int refs;

		if (!refcount_inc_not_zero(&fs->ref_count))
			continue;	/* its last put is running */
		registered = xa_load(&cc->fs_xa, (unsigned long)fs->id) == fs;
		for (unsigned int b = 0; b < CLEANCACHE_INODE_HASH_SIZE; b++) {
			struct cleancache_inode *ccinode;

			hlist_for_each_entry_rcu(ccinode, &fs->inode_hash[b],
						 hash) {
				if (!refcount_inc_not_zero(&ccinode->ref_count)) {
					check_report(&chk->errors,
						      "fs %d inode %lu: hashed with refcount 0",
						      fs->id, ccinode->ino);
					continue;
				}
				check_inode(chk, fs, b, ccinode, registered);
				/* Less ours; at rest the hash holds one. */
				refs = refcount_read(&ccinode->ref_count) - 1;
				if (ref_above_rest(chk, &chk->inode_extra, refs, 1))
					check_report(&chk->errors,
						      "fs %d inode %lu: %d references at rest, 1 expected (a get without its put)",
						      fs->id, ccinode->ino, refs);
				/* Never the last reference: the hash has one. */
				refcount_dec(&ccinode->ref_count);
			}
		}
		/* Less ours; at rest the registry's, or none once removed. */
		refs = refcount_read(&fs->ref_count) - 1;
		if (ref_above_rest(chk, &chk->fs_extra, refs, registered))
			check_report(&chk->errors,
				      "fs %d: %d references at rest, %d expected (a get without its put)",
				      fs->id, refs, registered);
		/* Never the last: the registry or a user holds one. */
		refcount_dec(&fs->ref_count);
	}
	rcu_read_unlock();
	spin_unlock(&cc->fs_list_lock);
}

static void check_lru_leftovers(struct cc_check *chk)
{
	struct cleancache *cc = chk->cc;
	struct list_head *pos, *prev;
	unsigned long n;

	spin_lock(&cc->lru_lock);
	/* A corrupt LRU was reported by check_lru_mark(). */
	list_for_each_checked(pos, prev, &cc->lru, n, chk->bound) {
		struct folio *folio = list_entry(pos, struct folio, lru);

		if (folio_pfn(folio) == ULONG_MAX)
			break;
		if (cc_clear_seen(folio))
			check_report(&chk->errors,
				      "LRU: folio %p (inode %p index %lu) is in no inode's xarray",
				      (void *)folio, (void *)folio_cc_inode(folio),
				      folio_cc_index(folio));
	}
	spin_unlock(&cc->lru_lock);
}

/*
 * The lru_batch option's weaker order guarantee (docs/cleancache.md, "LRU
 * batching"): each batch holds fewer rotations than it has room for (a
 * full one is applied at once), none with the option off, and none
 * recorded before the current epoch: every eviction applies every batch
 * before it decides.
 */
static void check_lru_batches(struct cc_check *chk)
{
	struct cleancache *cc = chk->cc;
	unsigned long epoch = atomic_long_read(&cc->lru_epoch);
	bool batching = READ_ONCE(cc->lru_batching);

	for (unsigned int slot = 0; slot < CC_LRU_BATCH_SLOTS; slot++) {
		struct cc_lru_batch *batch = &cc->lru_batch[slot];

		spin_lock(&batch->lock);
		if (batch->nr >= CC_LRU_BATCH_SIZE)
			check_report(&chk->errors,
				      "LRU batch %u: %u rotations, a full batch is applied at %u",
				      slot, batch->nr, CC_LRU_BATCH_SIZE);
		else if (batch->nr && !batching)
			check_report(&chk->errors,
				      "LRU batch %u: %u rotations pending with lru_batch off",
				      slot, batch->nr);
		else if (batch->nr && batch->epoch != epoch)
			check_report(&chk->errors,
				      "LRU batch %u: %u rotations from epoch %lu pending in epoch %lu (an eviction did not apply them)",
				      slot, batch->nr, batch->epoch, epoch);
		spin_unlock(&batch->lock);
	}
}

static void check_counters(struct cc_check *chk)
{
	struct cleancache *cc = chk->cc;
	long cached;

	for (int id = 0; id < chk->nr_pools; id++) {
		struct cleancache_pool *pool = &cc->pools[id];
		long size = atomic_long_read(&pool->size);
		long pcached = atomic_long_read(&pool->cached);

		if (size != chk->count[id].free + chk->count[id].lru)
			check_report(&chk->errors,
				      "pool %s: size %ld != %ld FREE + %ld CACHED (a folio is TRANSIENT or lost)",
				      pool->name, size, chk->count[id].free,
				      chk->count[id].lru);
		if (pcached != chk->count[id].lru)
			check_report(&chk->errors, "pool %s: cached %ld != %ld CACHED on the LRU",
				      pool->name, pcached, chk->count[id].lru);
		if (chk->count[id].xa != chk->count[id].lru)
			check_report(&chk->errors, "pool %s: %ld folios in xarrays, %ld on the LRU",
				      pool->name, chk->count[id].xa, chk->count[id].lru);
	}
	cached = cc_stat_cached(cc);
	if (cached != chk->lru_total)
		check_report(&chk->errors,
			      "cached %ld (stored %ld - invalidated %ld - reclaimed %ld - recalled %ld) != %ld CACHED folios",
			      cached,
			      atomic_long_read(&cc->stats[CC_STAT_STORED]),
			      atomic_long_read(&cc->stats[CC_STAT_INVALIDATED]),
			      atomic_long_read(&cc->stats[CC_STAT_RECLAIMED]),
			      atomic_long_read(&cc->stats[CC_STAT_RECALLED]),
			      chk->lru_total);
}

/**
 * cleancache_check() - verify every cleancache invariant on this machine.
 *
 * Walks the pools, the LRU and every inode of every registered
 * filesystem (see the top of this file for the list), recording one
 * violation of kind "CHECK" per problem found (at most 32 per call, then
 * one summary).
 *
 * Context: Process context, not inside rcu_read_lock(), holding no
 * cleancache lock; may sleep (calls on one machine are serialised by a
 * mutex: their recounts live in struct cleancache). Takes each lock it
 * needs, so it may run concurrently with other operations without harm,
 * but its answer is exact only when no cleancache operation is in
 * flight.
 * Return: 0 if every invariant holds, -EUCLEAN otherwise; -ENXIO from a
 * thread attached to no machine.
 */
int cleancache_check(void)
{
	struct cleancache *cc = cleancache_get_state();
	struct cc_check check, *chk = &check;
	long donated = 0;

	if (!cc)
		return -ENXIO;
	mutex_lock(&cc->check_lock);
	/* Only the registered pools' counters: the rest is never read. */
	chk->cc = cc;
	chk->nr_pools = cleancache_nr_pools(cc);
	chk->errors = 0;

	chk->lru_total = 0;
	chk->fs_extra = 0;
	chk->inode_extra = 0;
	chk->walks = atomic_long_read(&cc->walks);
	chk->count = cc->check_count;
	for (int id = 0; id < chk->nr_pools; id++)
		chk->count[id] = (struct cc_check_count){ 0 };
	for (int id = 0; id < chk->nr_pools; id++)
		donated += atomic_long_read(&cc->pools[id].size);
	chk->bound = donated < 0 ? 1 : (unsigned long)donated + 1;

	check_pools(chk);
	check_lru_mark(chk);
	check_filesystems(chk);
	check_lru_leftovers(chk);
	check_lru_batches(chk);
	check_counters(chk);
	check_refs_at_rest(chk);

	check_report_rest(&chk->errors);
	mutex_unlock(&cc->check_lock);
	return chk->errors ? -EUCLEAN : 0;
}
