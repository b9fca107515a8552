// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * cleancache: a victim cache for clean file-backed folios, held in folios
 * that backends donate and may take back at any moment, with guaranteed
 * success.
 *
 * The frontend is called by filesystems and the page cache: a clean
 * folio about to leave the page cache is offered with
 * cleancache_store_folio(), a read first tries cleancache_restore_folio()
 * (or, for readahead, an inode walk), and truncation, eviction and
 * direct I/O invalidate. The backend (GCMA) donates folios with
 * cleancache_backend_put_folio[s]() and takes them back with
 * cleancache_backend_get_folio().
 *
 * Each donated folio is in exactly one state, kept in its own descriptor
 * (see cleancache_internal.h):
 *
 *   FREE       on its pool's free list, poisoned
 *   CACHED     in one inode's xarray at folio->index and on the LRU
 *   TRANSIENT  owned by one operation, on no list
 *   TAKEN      given back to its backend (pool id -1)
 *
 * Lock nesting, outermost first:
 *
 *   ccinode->folios.xa_lock
 *     fs->hash_lock
 *
 *   ccinode->folios.xa_lock
 *     lru_batch[cpu].lock       (the lru_batch option only)
 *       lru_lock
 *         pool->lock
 *
 *   ccinode->folios.xa_lock
 *     pool->lock
 *
 * No two xa_locks are ever held together, and neither hash_lock nor
 * lru_lock nor pool->lock is held while an xa_lock is taken. RCU protects
 * the lock-free walks of fs_xa and of the inode hash chains; every object
 * found that way is pinned with refcount_inc_not_zero() and freed only
 * after a grace period.
 */
#include <libgcma/cleancache.h>
#include <libgcma/fs.h>
#include "kernel/bug.h"
#include "kernel/highmem.h"
#include "kernel/kernel.h"
#include "kernel/list_walk.h"
#include "kernel/port.h"
#include "kernel/mmzone.h"
#include "kernel/smp.h"
#include "kernel/string.h"
#include "kernel/trace_cleancache.h"
#include "mm/cleancache_internal.h"
#include "mm/folio_range.h"

/**
 * cleancache_get_state() - the attached machine's cleancache.
 *
 * In a kernel tree this is the file's globals.
 *
 * Context: Any context.
 * Return: the state, or NULL (reported as an API violation) when the
 * calling thread is attached to no machine.
 */
struct cleancache *cleancache_get_state(void)
{
	return machine_local(ML_CLEANCACHE);
}

/* ---- folio helpers ----------------------------------------------------- */

static struct cleancache_pool *folio_pool(struct cleancache *cc,
					  const struct folio *folio)
{
	return &cc->pools[folio_cc_pool_id(folio)];
}

/* Nobody may touch a FREE folio's data: poison it (data mode). */
static void cc_poison(struct folio *folio)
{
	kasan_poison_pages(folio_page(folio, 0), 0, false);
}

static void cc_unpoison(struct folio *folio)
{
	kasan_unpoison_pages(folio_page(folio, 0), 0, false);
}

/*
 * Claim a folio that is not cleancache's for pool @pool_id, as TRANSIENT.
 * The compare-and-swap makes two racing donations of one folio fail
 * cleanly instead of linking it twice.
 */
static bool cc_claim_folio(struct folio *folio, int pool_id)
{
	unsigned long old = folio_cc_word(folio);

	do {
		if (cc_word_tagged(old))
			return false;
	} while (!folio_cc_try_update(folio, &old,
				      cc_word(pool_id, CC_FOLIO_TRANSIENT)));
	return true;
}

/* FREE -> TRANSIENT: take the tail of @pool's free list. */
static struct folio *take_free_folio(struct cleancache_pool *pool, int id)
{
	struct folio *folio;

	if (list_empty(&pool->folio_list))
		return NULL;
	folio = list_last_entry(&pool->folio_list, struct folio, lru);
	VM_WARN_ON_ONCE_FOLIO(folio_cc_state(folio) != CC_FOLIO_FREE, folio);
	list_del_init(&folio->lru);
	folio_cc_set(folio, id, CC_FOLIO_TRANSIENT);
	return folio;
}

/*
 * A free folio from the first pool (in id order) that has one. Called
 * with the storing inode's xa_lock held.
 */
static struct folio *pick_folio_from_any_pool(struct cleancache *cc)
{
	int nr = cleancache_nr_pools(cc);
	struct folio *folio = NULL;

	for (int id = 0; id < nr && !folio; id++) {
		struct cleancache_pool *pool = &cc->pools[id];

		/* Unlocked peek: skip empty pools without their lock. */
		if (READ_ONCE(pool->folio_list.next) == &pool->folio_list)
			continue;
		spin_lock(&pool->lock);
		folio = take_free_folio(pool, id);
		spin_unlock(&pool->lock);
	}
	return folio;
}

/*
 * TRANSIENT -> FREE: back to its own pool's free list, at the tail if
 * @tail (a folio picked from there goes back where it was, so a store
 * that fails leaves the list as it found it), else at the head. A folio
 * no longer TRANSIENT was taken from the store that held it (only v2's
 * get_folio does that, SIM_DEFECT_INFLIGHT_GET_FOLIO): a violation, and
 * the folio is left to whoever has it now.
 */
static void give_folio_back(struct cleancache *cc, struct folio *folio,
			    bool tail)
{
	struct cleancache_pool *pool;
	int id;

	if (WARN_ON_ONCE(folio_cc_state(folio) != CC_FOLIO_TRANSIENT))
		return;
	pool = folio_pool(cc, folio);
	id = folio_cc_pool_id(folio);
	cc_poison(folio);
	spin_lock(&pool->lock);
	folio->mapping = NULL;
	folio->index = 0;
	folio_cc_set(folio, id, CC_FOLIO_FREE);
	if (tail)
		list_add_tail(&folio->lru, &pool->folio_list);
	else
		list_add(&folio->lru, &pool->folio_list);
	spin_unlock(&pool->lock);
}

/*
 * TRANSIENT -> CACHED: @folio now holds @ccinode's data at @index and
 * goes to the LRU head. Called with the inode's xa_lock held, after the
 * xarray store.
 *
 * Return: true; false, with a violation and nothing changed, if the
 * folio is no longer TRANSIENT: someone took it while the store held it
 * (only v2's get_folio does, SIM_DEFECT_INFLIGHT_GET_FOLIO); its pool id
 * is gone then, so it must not be touched.
 */
static bool attach_folio(struct cleancache *cc, struct folio *folio,
			 struct cleancache_inode *ccinode, pgoff_t index)
{
	struct cleancache_pool *pool;

	lockdep_assert_held(&ccinode->folios.xa_lock);
	if (WARN_ON_ONCE(folio_cc_state(folio) != CC_FOLIO_TRANSIENT))
		return false;
	pool = folio_pool(cc, folio);
	spin_lock(&cc->lru_lock);
	spin_lock(&pool->lock);
	folio->mapping = (struct address_space *)ccinode;
	folio->index = index;
	folio_cc_set(folio, folio_cc_pool_id(folio), CC_FOLIO_CACHED);
	list_add(&folio->lru, &cc->lru);
	atomic_long_inc(&pool->cached);
	spin_unlock(&pool->lock);
	spin_unlock(&cc->lru_lock);
	return true;
}

/*
 * CACHED -> @state (FREE, TRANSIENT or NONE), once @folio has been erased
 * from its inode's xarray; called with that xa_lock held. Off the LRU
 * first, then the new state, both under the locks that guard them, so an
 * LRU walker never meets a folio that is not CACHED.
 *
 * A folio found TRANSIENT here is being taken back by
 * cleancache_backend_get_range(), which took it off the LRU and owns it;
 * the caller's erase stands (the entry is gone either way) but the folio
 * is left to the range call. A folio in no pool or in another state (only
 * after SIM_DEFECT_INFLIGHT_GET_FOLIO) is a violation and is left alone.
 * Return: false in those cases, else true.
 */
static bool detach_folio(struct cleancache *cc, struct folio *folio,
			 enum cleancache_folio_state state)
{
	struct cleancache_pool *pool;
	int id = folio_cc_pool_id(folio);

	/* Taken back while cached: only after a v2 defect. */
	if (WARN_ON_ONCE(id < 0))
		return false;
	pool = &cc->pools[id];

	spin_lock(&cc->lru_lock);
	spin_lock(&pool->lock);
	if (folio_cc_state(folio) == CC_FOLIO_TRANSIENT ||
	    WARN_ON_ONCE(folio_cc_state(folio) != CC_FOLIO_CACHED)) {
		/* The second case only after a v2 defect: leave it alone. */
		spin_unlock(&pool->lock);
		spin_unlock(&cc->lru_lock);
		return false;
	}
	if (state == CC_FOLIO_FREE)
		cc_poison(folio);
	list_del_init(&folio->lru);
	folio->mapping = NULL;
	folio->index = 0;
	atomic_long_dec(&pool->cached);
	switch (state) {
	case CC_FOLIO_FREE:
		folio_cc_set(folio, id, CC_FOLIO_FREE);
		list_add(&folio->lru, &pool->folio_list);
		break;
	case CC_FOLIO_TRANSIENT:
		folio_cc_set(folio, id, CC_FOLIO_TRANSIENT);
		break;
	default:
		folio_cc_clear(folio);
		atomic_long_dec(&pool->size);
		atomic_long_inc(&pool->recalled);
		break;
	}
	spin_unlock(&pool->lock);
	spin_unlock(&cc->lru_lock);
	return true;
}

/* ---- LRU rotation batches (the lru_batch option) --------------------- */

/*
 * Apply @batch's rotations in the order they were recorded and empty it.
 * A rotation is applied only if its folio still holds the entry it was
 * recorded for: CACHED (exact under lru_lock: every way into and out of
 * CACHED takes it) at the same inode and index. An entry invalidated,
 * evicted or taken back meanwhile is skipped; one stored again at the
 * same key meanwhile is moved, which a strict LRU would also have done.
 */
static void apply_lru_batch(struct cleancache *cc, struct cc_lru_batch *batch)
{
	lockdep_assert_held(&batch->lock);
	lockdep_assert_held(&cc->lru_lock);
	for (unsigned int i = 0; i < batch->nr; i++) {
		struct cc_lru_rotation *rot = &batch->rot[i];
		struct folio *folio = rot->folio;

		if (folio_cc_state(folio) == CC_FOLIO_CACHED &&
		    folio_cc_inode(folio) == rot->ccinode &&
		    folio_cc_index(folio) == rot->index &&
		    !list_empty(&folio->lru))
			list_move(&folio->lru, &cc->lru);
	}
	/* Lockless readers: drain_lru_batches_for_eviction(). */
	WRITE_ONCE(batch->nr, 0);
}

static void drain_lru_batch(struct cleancache *cc, struct cc_lru_batch *batch)
{
	lockdep_assert_held(&batch->lock);
	spin_lock(&cc->lru_lock);
	apply_lru_batch(cc, batch);
	spin_unlock(&cc->lru_lock);
}

/*
 * Before an eviction decision: start a new epoch, then apply every CPU's
 * batch. The empty-batch test is lockless, so the epoch and a batch's
 * count pair up as store-buffering: the eviction bumps the epoch, then
 * reads ->nr; a first rotation raises ->nr, then reads the epoch; a full
 * barrier on each side means at least one sees the other. Either the
 * eviction sees the rotation and applies it (waiting for the batch lock),
 * or the rotation reads the new epoch. So no rotation older than the
 * current epoch is ever pending, which cleancache_check() verifies.
 */
static void drain_lru_batches_for_eviction(struct cleancache *cc)
{
	if (!READ_ONCE(cc->lru_batched))
		return;
	atomic_long_inc(&cc->lru_epoch);
	/*
	 * The new epoch before reading ->nr: pairs with the smp_mb() in
	 * batch_lru_rotation() between its ->nr store and its epoch read.
	 */
	smp_mb();
	for (unsigned int slot = 0; slot < CC_LRU_BATCH_SLOTS; slot++) {
		struct cc_lru_batch *batch = &cc->lru_batch[slot];

		if (!READ_ONCE(batch->nr))
			continue;
		spin_lock(&batch->lock);
		if (batch->nr)
			drain_lru_batch(cc, batch);
		spin_unlock(&batch->lock);
	}
}

/*
 * Record the rotation of @folio, holding (@ccinode, @index), in this
 * CPU's batch; apply the batch once it is full. Called with the inode's
 * xa_lock held. The folio's descriptor is not read here: it is touched
 * once, when the batch is applied.
 */
static void batch_lru_rotation(struct cleancache *cc, struct folio *folio,
			       struct cleancache_inode *ccinode, pgoff_t index)
{
	struct cc_lru_batch *batch;
	struct cc_lru_rotation *rot;
	unsigned int nr;

	batch = &cc->lru_batch[raw_smp_processor_id() % CC_LRU_BATCH_SLOTS];
	spin_lock(&batch->lock);
	nr = batch->nr;
	rot = &batch->rot[nr];
	/* Lockless readers: drain_lru_batches_for_eviction(). */
	WRITE_ONCE(batch->nr, nr + 1);
	if (!nr) {
		/*
		 * ->nr before reading the epoch: pairs with the smp_mb() in
		 * drain_lru_batches_for_eviction() between its epoch bump and
		 * its ->nr read.
		 */
		smp_mb();
		batch->epoch = atomic_long_read(&cc->lru_epoch);
	}
	rot->folio = folio;
	rot->ccinode = ccinode;
	rot->index = index;
	if (batch->nr == CC_LRU_BATCH_SIZE)
		drain_lru_batch(cc, batch);
	spin_unlock(&batch->lock);
}

/*
 * Move @folio, CACHED at (@ccinode, @index), to the LRU head: at once
 * (the default, v2's semantics), or through this CPU's batch with the
 * lru_batch option. Called with @ccinode's xa_lock held.
 */
static void rotate_lru_folio(struct cleancache *cc, struct folio *folio,
			     struct cleancache_inode *ccinode, pgoff_t index)
{
	lockdep_assert_held(&ccinode->folios.xa_lock);
	if (READ_ONCE(cc->lru_batching)) {
		batch_lru_rotation(cc, folio, ccinode, index);
		return;
	}
	spin_lock(&cc->lru_lock);
	if (!list_empty(&folio->lru))
		list_move(&folio->lru, &cc->lru);
	spin_unlock(&cc->lru_lock);
}

/**
 * cleancache_set_lru_batch() - batch LRU rotations per CPU, or not.
 * @on: true to record the rotation of a hit or an overwrite in a per-CPU
 *	batch (applied when it fills and before every eviction decision);
 *	false for the default, a rotation under the global lru_lock each
 *	time (the 2025 series' semantics).
 *
 * The LRU order this gives is in docs/cleancache.md ("LRU batching"):
 * every eviction still picks the least recently used entry as of the
 * epoch of the last touch, but within one epoch (between two evictions)
 * rotations take effect when their batch is applied, not when they were
 * made. Turning the option off applies every batch first. In a kernel
 * this is a sysfs or boot-time knob, set before the cache is busy.
 *
 * Context: Process context.
 * Return: 0; -ENXIO from a thread attached to no machine.
 */
int cleancache_set_lru_batch(bool on)
{
	struct cleancache *cc = cleancache_get_state();

	if (!cc)
		return -ENXIO;
	if (on)
		WRITE_ONCE(cc->lru_batched, true);
	WRITE_ONCE(cc->lru_batching, on);
	if (!on)
		drain_lru_batches_for_eviction(cc);
	return 0;
}

/* ---- filesystems ------------------------------------------------------- */

static struct cleancache_fs *get_fs(struct cleancache *cc, int id)
{
	struct cleancache_fs *fs;

	if (id < 0)
		return NULL;
	rcu_read_lock();
	fs = xa_load(&cc->fs_xa, (unsigned long)id);
	if (fs && !refcount_inc_not_zero(&fs->ref_count))
		fs = NULL;
	rcu_read_unlock();
	return fs;
}

static void fs_free_rcu(struct rcu_head *head)
{
	struct cleancache_fs *fs = container_of(head, struct cleancache_fs,
						rcu);

	kmem_cache_free(fs->cc->fs_cache, fs);
}

static unsigned int invalidate_ccinode(struct cleancache *cc,
				       struct cleancache_inode *ccinode);
static bool get_inode(struct cleancache_inode *ccinode);
static void put_inode(struct cleancache_inode *ccinode);

/*
 * Drop a reference on @fs. The last one (the fs is already out of fs_xa,
 * so no new user can find it) empties every inode still hashed, which
 * unhashes it, and frees the fs after a grace period.
 *
 * Other threads may still hold inodes of this fs, reached through the
 * LRU or a backend's get_folio, and unhash them concurrently: so each
 * bucket's first entry is pinned under hash_lock, then emptied without
 * it, until the bucket is empty.
 */
/*
 * Send every entry of @fs back to its pool. The caller holds a reference
 * on @fs (or dropped the last one).
 */
static void invalidate_fs(struct cleancache *cc, struct cleancache_fs *fs)
{
	for (unsigned int b = 0; b < CLEANCACHE_INODE_HASH_SIZE; b++) {
		for (;;) {
			struct cleancache_inode *ccinode;

			/*
			 * Most buckets are empty: no lock for those (->first
			 * is only written with WRITE_ONCE() or
			 * rcu_assign_pointer()).
			 */
			if (!READ_ONCE(fs->inode_hash[b].first))
				break;
			spin_lock(&fs->hash_lock);
			ccinode = hlist_entry_safe(fs->inode_hash[b].first,
						   struct cleancache_inode,
						   hash);
			/* The hash holds a reference on each inode in it. */
			if (ccinode && WARN_ON(!get_inode(ccinode)))
				ccinode = NULL;
			spin_unlock(&fs->hash_lock);
			if (!ccinode)
				break;
			invalidate_ccinode(cc, ccinode);
			put_inode(ccinode);
		}
	}
}

static void put_fs(struct cleancache *cc, struct cleancache_fs *fs)
{
	if (!refcount_dec_and_test(&fs->ref_count))
		return;

	/* Entries stored by users that held a reference across removal. */
	invalidate_fs(cc, fs);
	spin_lock(&cc->fs_list_lock);
	list_del(&fs->node);
	spin_unlock(&cc->fs_list_lock);
	call_rcu(&fs->rcu, fs_free_rcu);
}

/* ---- inodes ------------------------------------------------------------ */

static bool get_inode(struct cleancache_inode *ccinode)
{
	return refcount_inc_not_zero(&ccinode->ref_count);
}

static void inode_free_rcu(struct rcu_head *head)
{
	struct cleancache_inode *ccinode =
		container_of(head, struct cleancache_inode, rcu);

	kmem_cache_free(ccinode->cc->inode_cache, ccinode);
}

static void put_inode(struct cleancache_inode *ccinode)
{
	if (!refcount_dec_and_test(&ccinode->ref_count))
		return;
	/* The hash's reference goes only when the xarray is empty. */
	VM_WARN_ON_ONCE(!xa_empty(&ccinode->folios));
	VM_WARN_ON_ONCE(ccinode->hashed);
	call_rcu(&ccinode->rcu, inode_free_rcu);
}

/* Find @inode's cleancache inode in @fs and pin it; NULL if none. */
static struct cleancache_inode *find_and_get_inode(struct cleancache_fs *fs,
						   struct inode *inode)
{
	struct hlist_head *head;
	struct cleancache_inode *tmp, *found = NULL;

	head = &fs->inode_hash[cleancache_inode_hash(inode->i_ino)];
	rcu_read_lock();
	hlist_for_each_entry_rcu(tmp, head, hash) {
		if (tmp->inode != inode || !READ_ONCE(tmp->hashed))
			continue;
		if (get_inode(tmp)) {
			found = tmp;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

/*
 * Make and hash a cleancache inode for @inode, returned with two
 * references: the hash's and the caller's. ERR_PTR(-EEXIST) if another
 * thread hashed one first (look it up again), ERR_PTR(-ENOMEM) if the
 * allocation fails.
 */
static struct cleancache_inode *add_and_get_inode(struct cleancache *cc,
						  struct cleancache_fs *fs,
						  struct inode *inode)
{
	struct cleancache_inode *ccinode, *other;

	ccinode = kmem_cache_alloc(cc->inode_cache, GFP_ATOMIC | __GFP_NOWARN);
	if (!ccinode)
		return ERR_PTR(-ENOMEM);
	ccinode->inode = inode;
	ccinode->ino = inode->i_ino;
	INIT_HLIST_NODE(&ccinode->hash);
	ccinode->hashed = false;
	refcount_set(&ccinode->ref_count, 1);
	xa_init_flags(&ccinode->folios, XA_FLAGS_LOCK_IRQ);
	ccinode->fs = fs;
	ccinode->cc = cc;
	ccinode->ops = fs->ops;

	spin_lock(&fs->hash_lock);
	other = find_and_get_inode(fs, inode);
	if (other) {
		spin_unlock(&fs->hash_lock);
		put_inode(other);
		/* Never published: no grace period needed. */
		kmem_cache_free(cc->inode_cache, ccinode);
		return ERR_PTR(-EEXIST);
	}
	WRITE_ONCE(ccinode->hashed, true);
	hlist_add_head_rcu(&ccinode->hash,
			   &fs->inode_hash[cleancache_inode_hash(ccinode->ino)]);
	refcount_inc(&ccinode->ref_count);
	spin_unlock(&fs->hash_lock);
	return ccinode;
}

/*
 * Unhash @ccinode if its xarray is empty and drop the hash's reference.
 * Called with its xa_lock held by a caller that holds its own reference.
 * An unhashed inode stays empty: stores re-check ->hashed under xa_lock.
 */
static void remove_inode_if_empty(struct cleancache_inode *ccinode)
{
	struct cleancache_fs *fs;

	lockdep_assert_held(&ccinode->folios.xa_lock);
	if (!ccinode->hashed || !xa_empty(&ccinode->folios))
		return;
	fs = ccinode->fs;
	spin_lock(&fs->hash_lock);
	hlist_del_init_rcu(&ccinode->hash);
	WRITE_ONCE(ccinode->hashed, false);
	spin_unlock(&fs->hash_lock);
	refcount_dec(&ccinode->ref_count);
}

/*
 * Erase the CACHED @folio at @index from @ccinode and give it @state.
 * Called with the xa_lock held. Return: false if a range recall owns
 * the folio (see detach_folio()): the entry is erased, the folio is not
 * the caller's.
 */
static bool erase_folio_from_inode(struct cleancache *cc,
				   struct cleancache_inode *ccinode,
				   pgoff_t index, struct folio *folio,
				   enum cleancache_folio_state state)
{
	void *old = __xa_erase(&ccinode->folios, index);
	bool detached;

	VM_WARN_ON_ONCE_FOLIO(old != folio, folio);
	detached = detach_folio(cc, folio, state);
	/* A backend takes it back (NONE): an owner saves its data first. */
	if (detached && state == CC_FOLIO_NONE && ccinode->ops)
		ccinode->ops->recall(ccinode->inode, index, folio);
	remove_inode_if_empty(ccinode);
	return detached;
}

/*
 * Take @folio out of @ccinode if it is still there at @index, leaving it
 * in @state (TRANSIENT for reuse by a store, NONE for a backend).
 * Return: whether it was there and is now the caller's.
 */
static bool isolate_folio_from_inode(struct cleancache *cc,
				     struct cleancache_inode *ccinode,
				     pgoff_t index, struct folio *folio,
				     enum cleancache_folio_state state)
{
	bool isolated = false;

	xa_lock(&ccinode->folios);
	if (xa_load(&ccinode->folios, index) == folio) {
		isolated = erase_folio_from_inode(cc, ccinode, index, folio,
						  state);
		/*
		 * A range recall took the folio meanwhile: the entry it
		 * will not find is counted as recalled here.
		 */
		if (!isolated)
			cc_stat_inc(cc, CC_STAT_RECALLED);
	}
	xa_unlock(&ccinode->folios);
	return isolated;
}

/*
 * Move every entry of @ccinode back to its pool and unhash it.
 * Return: the number of entries.
 */
static unsigned int invalidate_ccinode(struct cleancache *cc,
				       struct cleancache_inode *ccinode)
{
	unsigned int count = 0;
	unsigned long index;
	struct folio *folio;

	xa_lock(&ccinode->folios);
	xa_for_each(&ccinode->folios, index, folio) {
		erase_folio_from_inode(cc, ccinode, index, folio,
				       CC_FOLIO_FREE);
		count++;
	}
	remove_inode_if_empty(ccinode);
	xa_unlock(&ccinode->folios);

	cc_stat_add(cc, CC_STAT_INVALIDATED, count);
	trace_cleancache_invalidate_inode(ccinode->ino, count);
	return count;
}

/* ---- LRU eviction ------------------------------------------------------ */

/*
 * Evict the least recently used CACHED folio and return it TRANSIENT, for
 * the caller to fill. NULL if the LRU is empty. Called with no xa_lock
 * held: the victim's own inode is locked to isolate it.
 */
static struct folio *reclaim_folio_from_lru(struct cleancache *cc)
{
	struct cleancache_inode *ccinode;
	struct list_head *pos, *next;
	struct folio *folio;
	pgoff_t index = 0;
	unsigned long n;

again:
	ccinode = NULL;
	folio = NULL;
	drain_lru_batches_for_eviction(cc);
	spin_lock(&cc->lru_lock);
	/* A corrupt LRU (kernel/list_walk.h) ends the walk: nothing evicted. */
	list_for_each_prev_checked(pos, next, &cc->lru, n, ULONG_MAX) {
		struct cleancache_pool *pool;

		folio = list_entry(pos, struct folio, lru);
		pool = folio_pool(cc, folio);
		spin_lock(&pool->lock);
		if (folio_cc_state(folio) == CC_FOLIO_CACHED) {
			ccinode = folio_cc_inode(folio);
			index = folio_cc_index(folio);
			/* An owner's entry is not clean: never evicted. */
			if (ccinode && (ccinode->ops || !get_inode(ccinode)))
				ccinode = NULL;
		}
		spin_unlock(&pool->lock);
		if (ccinode)
			break;
	}
	if (!ccinode)
		WARN(list_walk_prev_broken(pos, next, &cc->lru),
		     "cleancache: LRU is corrupt after %lu entries from its tail",
		     n);
	spin_unlock(&cc->lru_lock);
	if (!ccinode)
		return NULL;

	if (!isolate_folio_from_inode(cc, ccinode, index, folio,
				      CC_FOLIO_TRANSIENT)) {
		/* Invalidated or recalled meanwhile: try the new tail. */
		put_inode(ccinode);
		goto again;
	}
	trace_cleancache_evict(folio_pfn(folio), ccinode->ino, index,
			       folio_cc_pool_id(folio));
	put_inode(ccinode);
	return folio;
}

/* ---- store, restore, invalidate ---------------------------------------- */

/*
 * The workingset rules of a store:
 *
 *   workingset, entry present   overwrite it, rotate it to the LRU head
 *   workingset, entry absent    fill a free folio, or else the LRU tail
 *   !workingset, entry present  drop the stale entry (counted reclaimed)
 *   !workingset, entry absent   nothing
 *
 * The xa_lock is dropped to evict from the LRU (the victim's inode may be
 * this one, and two xa_locks are never held together). Once it is taken
 * again, the store re-validates: if this inode was emptied and unhashed
 * meanwhile, the victim goes back to its pool and the store starts over
 * from the lookup; if another store filled the slot meanwhile, the victim
 * goes back to its pool and this store becomes an overwrite.
 *
 * *@used and *@used_pool are set to the cleancache folio that holds or
 * held the data and its pool. @workingset is @folio's flag for a
 * filesystem's store, true for an owner's (it always stores).
 */
static enum cleancache_store_result
store_into_inode(struct cleancache *cc, struct cleancache_fs *fs,
		 struct inode *inode, pgoff_t index, struct folio *folio,
		 bool workingset, struct folio **used, int *used_pool)
{
	enum cleancache_store_result ret;
	struct cleancache_inode *ccinode;
	struct folio *stored, *victim;
	bool created, picked;

	*used = NULL;
find_inode:
	created = false;
	ccinode = find_and_get_inode(fs, inode);
	if (!ccinode) {
		if (!workingset)
			return CC_STORE_SKIPPED;
		ccinode = add_and_get_inode(cc, fs, inode);
		if (IS_ERR(ccinode)) {
			if (PTR_ERR(ccinode) == -EEXIST)
				goto find_inode;
			return CC_STORE_FAILED;
		}
		created = true;
	}

	xa_lock(&ccinode->folios);
	if (!ccinode->hashed) {
		/* Emptied and unhashed since the lookup: it is dead. */
		xa_unlock(&ccinode->folios);
		put_inode(ccinode);
		goto find_inode;
	}

	stored = xa_load(&ccinode->folios, index);
	if (stored) {
		if (workingset)
			goto overwrite;
		erase_folio_from_inode(cc, ccinode, index, stored,
				       CC_FOLIO_FREE);
		cc_stat_inc(cc, CC_STAT_RECLAIMED);
		*used = stored;
		*used_pool = folio_cc_pool_id(stored);
		ret = CC_STORE_DROPPED;
		goto out_unlock;
	}
	if (!workingset) {
		ret = CC_STORE_SKIPPED;
		goto out_unlock;
	}

	victim = pick_folio_from_any_pool(cc);
	picked = victim != NULL;
	if (!victim) {
		xa_unlock(&ccinode->folios);
		victim = reclaim_folio_from_lru(cc);
		xa_lock(&ccinode->folios);
		if (!victim) {
			ret = CC_STORE_FAILED;
			goto out_unlock;
		}
		/* The victim's entry is gone for good, whatever follows. */
		cc_stat_inc(cc, CC_STAT_RECLAIMED);
		if (!ccinode->hashed) {
			give_folio_back(cc, victim, false);
			xa_unlock(&ccinode->folios);
			put_inode(ccinode);
			goto find_inode;
		}
		stored = xa_load(&ccinode->folios, index);
		if (stored) {
			give_folio_back(cc, victim, false);
			goto overwrite;
		}
	}

	if (xa_is_err(__xa_store(&ccinode->folios, index, victim,
				 GFP_ATOMIC | __GFP_NOWARN))) {
		/* Picked from a pool's tail: put it back there. */
		give_folio_back(cc, victim, picked);
		ret = CC_STORE_FAILED;
		goto out_unlock;
	}
	/* Fill it before it is CACHED: nobody else may see it half-written. */
	cc_unpoison(victim);
	copy_highpage(folio_page(victim, 0), folio_page(folio, 0));
	if (!attach_folio(cc, victim, ccinode, index)) {
		/* Handed out while we filled it: the entry must go. */
		__xa_erase(&ccinode->folios, index);
		ret = CC_STORE_FAILED;
		goto out_unlock;
	}
	cc_stat_inc(cc, CC_STAT_STORED);
	*used = victim;
	*used_pool = folio_cc_pool_id(victim);
	ret = CC_STORE_STORED;
	goto out_unlock;

overwrite:
	rotate_lru_folio(cc, stored, ccinode, index);
	copy_highpage(folio_page(stored, 0), folio_page(folio, 0));
	*used = stored;
	*used_pool = folio_cc_pool_id(stored);
	ret = CC_STORE_OVERWRITTEN;
out_unlock:
	/* A new inode that ended up holding nothing leaves the hash. */
	if (created)
		remove_inode_if_empty(ccinode);
	xa_unlock(&ccinode->folios);
	put_inode(ccinode);
	return ret;
}

/*
 * Look @inode's cleancache inode up without pinning it: the caller is
 * inside rcu_read_lock(), which keeps the object (and its fs) from being
 * freed until it leaves. An inode unhashed meanwhile is empty and stays
 * so, which reads as a miss.
 */
static struct cleancache_inode *cc_find_inode_rcu(struct cleancache_fs *fs,
						  struct inode *inode)
{
	struct hlist_head *head;
	struct cleancache_inode *tmp;

	head = &fs->inode_hash[cleancache_inode_hash(inode->i_ino)];
	hlist_for_each_entry_rcu(tmp, head, hash)
		if (tmp->inode == inode && READ_ONCE(tmp->hashed))
			return tmp;
	return NULL;
}

/*
 * A restore only reads, so it needs no reference on the fs or the inode:
 * the whole lookup and copy run inside one RCU read-side section (taking
 * the inode's xa_lock inside it is fine, nothing in cleancache waits for
 * a grace period). This keeps the hottest path free of writes to shared
 * reference counts.
 */
static bool load_from_inode(struct cleancache *cc, struct inode *inode,
			    pgoff_t index, struct folio *folio)
{
	struct cleancache_inode *ccinode = NULL;
	struct folio *stored = NULL;
	struct cleancache_fs *fs;
	int id;

	rcu_read_lock();
	id = READ_ONCE(inode->i_sb->cleancache_id);
	fs = id < 0 ? NULL : xa_load(&cc->fs_xa, (unsigned long)id);
	if (!fs || !refcount_read(&fs->ref_count)) {
		/* Unregistered, or being removed: not even a miss. */
		rcu_read_unlock();
		return false;
	}
	ccinode = cc_find_inode_rcu(fs, inode);
	if (ccinode) {
		xa_lock(&ccinode->folios);
		stored = xa_load(&ccinode->folios, index);
		if (stored) {
			rotate_lru_folio(cc, stored, ccinode, index);
			copy_highpage(folio_page(folio, 0),
				      folio_page(stored, 0));
		}
		xa_unlock(&ccinode->folios);
	}
	rcu_read_unlock();

	cc_stat_inc(cc, stored ? CC_STAT_RESTORED : CC_STAT_MISSED);
	trace_cleancache_restore(inode->i_ino, index, stored);
	return stored;
}

static bool invalidate_folio(struct cleancache *cc, struct cleancache_fs *fs,
			     struct inode *inode, pgoff_t index)
{
	struct cleancache_inode *ccinode;
	struct folio *stored;

	ccinode = find_and_get_inode(fs, inode);
	if (!ccinode)
		return false;

	xa_lock(&ccinode->folios);
	stored = xa_load(&ccinode->folios, index);
	if (stored)
		erase_folio_from_inode(cc, ccinode, index, stored,
				       CC_FOLIO_FREE);
	xa_unlock(&ccinode->folios);
	put_inode(ccinode);

	if (stored) {
		cc_stat_inc(cc, CC_STAT_INVALIDATED);
		trace_cleancache_invalidate(inode->i_ino, index, 1);
	}
	return stored;
}

/* The fs registered for @inode's superblock, pinned; NULL if none. */
static struct cleancache_fs *inode_get_fs(struct cleancache *cc,
					  struct inode *inode)
{
	int id;

	if (!inode->i_sb)
		return NULL;
	id = READ_ONCE(inode->i_sb->cleancache_id);
	if (id == CLEANCACHE_ID_INVALID)
		return NULL;
	return get_fs(cc, id);
}

/* ---- frontend API ------------------------------------------------------ */

/**
 * cleancache_add_fs() - register a filesystem with cleancache.
 * @sb: its superblock, as alloc_super() would pass it.
 *
 * Allocates the filesystem's object (reference count 1, empty inode
 * hash) and an id in the allocating fs registry, stored in
 * @sb->cleancache_id. On failure (but -EEXIST, below) the id is
 * CLEANCACHE_ID_INVALID and the filesystem simply is not cached.
 *
 * A super block registered already (its id names the fs registered for
 * it) is refused and keeps its id: a second registration would replace
 * the id, and the first one's entries would outlive every invalidation
 * and the removal.
 *
 * Context: Process context; may allocate.
 * Return: 0; -EINVAL for a NULL @sb; -EEXIST, with nothing changed, for
 * a @sb registered already; -ENOMEM; -EBUSY when every id is in use;
 * -ENXIO from a thread attached to no machine.
 */
int cleancache_add_fs(struct super_block *sb)
{
	return cleancache_add_fs_owned(sb, NULL);
}

/*
 * Is @sb registered already? Its id names a registered fs made for it.
 * Any other id is stale or never set (alloc_super() zeroes the super
 * block, so a new one holds id 0, which may be another's).
 */
static bool sb_registered(struct cleancache *cc, const struct super_block *sb)
{
	struct cleancache_fs *fs = get_fs(cc, sb->cleancache_id);
	bool mine;

	if (!fs)
		return false;
	mine = fs->sb == sb;
	put_fs(cc, fs);
	return mine;
}

/**
 * cleancache_add_fs_owned() - register a frontend whose entries are
 * not clean.
 * @sb: its superblock (any struct the owner keeps; only ->cleancache_id
 *	is used, and the address, to refuse a second registration).
 * @ops: the owner's ops (struct cleancache_owner_ops), or NULL for a
 *	filesystem: then this is cleancache_add_fs().
 *
 * Context: Process context; may allocate.
 * Return: as cleancache_add_fs().
 */
int cleancache_add_fs_owned(struct super_block *sb,
			      const struct cleancache_owner_ops *ops)
{
	struct cleancache *cc = cleancache_get_state();
	struct cleancache_fs *fs;
	uint32_t id;
	int ret;

	if (!cc) {
		if (sb)
			sb->cleancache_id = CLEANCACHE_ID_INVALID;
		return -ENXIO;
	}
	if (!sb)
		return -EINVAL;
	if (sb_registered(cc, sb))
		return -EEXIST;

	fs = kmem_cache_zalloc(cc->fs_cache, GFP_KERNEL);
	if (!fs) {
		sb->cleancache_id = CLEANCACHE_ID_INVALID;
		return -ENOMEM;
	}
	refcount_set(&fs->ref_count, 1);
	fs->ops = ops;
	fs->sb = sb;
	spin_lock_init(&fs->hash_lock);
	for (unsigned int b = 0; b < CLEANCACHE_INODE_HASH_SIZE; b++)
		INIT_HLIST_HEAD(&fs->inode_hash[b]);
	fs->cc = cc;

	ret = xa_alloc(&cc->fs_xa, &id, fs, xa_limit_32b, GFP_KERNEL);
	if (ret) {
		sb->cleancache_id = CLEANCACHE_ID_INVALID;
		kmem_cache_free(cc->fs_cache, fs);
		return ret;
	}
	fs->id = (int)id;
	spin_lock(&cc->fs_list_lock);
	list_add_tail(&fs->node, &cc->fs_list);
	spin_unlock(&cc->fs_list_lock);
	sb->cleancache_id = (int)id;
	return 0;
}

/**
 * cleancache_remove_fs() - unregister a filesystem.
 * @sb: its superblock, as deactivate_locked_super() would pass it.
 *
 * Sets @sb->cleancache_id to CLEANCACHE_ID_INVALID, sends every entry of
 * the filesystem back to its pool (counted as invalidated) and drops the
 * registry's reference. The objects are freed after a grace period once
 * the last user (a readahead walk, say) is gone; entries a concurrent
 * store added meanwhile are invalidated then. Safe against a concurrent
 * second removal of the same @sb: only the caller that erases the
 * registry entry drops its reference.
 *
 * Context: Process context.
 * Return: nothing.
 */
void cleancache_remove_fs(struct super_block *sb)
{
	struct cleancache *cc = cleancache_get_state();
	struct cleancache_fs *fs;
	int id;

	if (!cc || !sb)
		return;
	id = sb->cleancache_id;
	sb->cleancache_id = CLEANCACHE_ID_INVALID;
	fs = get_fs(cc, id);
	if (!fs)
		return;
	if (xa_erase(&cc->fs_xa, (unsigned long)id) == fs) {
		/*
		 * Dead entries must not keep donated folios busy while a
		 * readahead walk still pins the fs: drop them now, not at
		 * the last reference as v2 does.
		 */
		invalidate_fs(cc, fs);
		put_fs(cc, fs);		/* the registry's reference */
	}
	put_fs(cc, fs);			/* ours */
}

/**
 * cleancache_store_folio() - offer a clean folio leaving the page cache.
 * @inode: the folio's inode.
 * @folio: a locked, uptodate, mappedtodisk page-cache folio; its index is
 *	the offset stored.
 *
 * Applies the workingset rules (a workingset folio is stored or
 * refreshed; a non-workingset one only drops a stale entry). Allocation
 * failures are benign: nothing is cached. Every call that returns false
 * counts as skipped.
 *
 * Context: Process context; @folio locked (a VM_WARN_ON_ONCE otherwise).
 * Return: true if @folio's data is now in cleancache. False for a NULL
 * @inode or @folio, a large folio, an unregistered or removed
 * filesystem, a non-workingset folio, no free folio and nothing to
 * evict, or an allocation failure.
 */
bool cleancache_store_folio(struct inode *inode, struct folio *folio)
{
	struct cleancache *cc = cleancache_get_state();
	enum cleancache_store_result r = CC_STORE_SKIPPED;
	struct folio *used = NULL;
	struct cleancache_fs *fs;
	int used_pool = -1;

	if (!cc || !folio)
		return false;
	VM_WARN_ON_ONCE_FOLIO(!folio_test_locked(folio), folio);

	if (inode && !folio_test_large(folio)) {
		fs = inode_get_fs(cc, inode);
		if (fs) {
			r = store_into_inode(cc, fs, inode, folio->index,
					     folio, folio_test_workingset(folio),
					     &used, &used_pool);
			put_fs(cc, fs);
		}
	}
	if (r != CC_STORE_STORED && r != CC_STORE_OVERWRITTEN)
		cc_stat_inc(cc, CC_STAT_SKIPPED);
	if (inode) {
		if (used)
			trace_cleancache_store(inode->i_ino, folio->index, true,
					       folio_pfn(used), used_pool, r);
		else
			trace_cleancache_store(inode->i_ino, folio->index,
					       false, 0, -1, r);
	}
	return r == CC_STORE_STORED || r == CC_STORE_OVERWRITTEN;
}

/**
 * cleancache_restore_folio() - fill a page-cache folio from cleancache.
 * @inode: the folio's inode.
 * @folio: the folio to fill; its index is the offset looked up.
 *
 * On a hit the data is copied into @folio, and the cached copy stays in
 * place (non-exclusive) and moves to the LRU head.
 *
 * Context: Process context.
 * Return: true on a hit. False for a NULL @inode or @folio, a large
 * folio, an unregistered or removed filesystem, or a miss.
 */
bool cleancache_restore_folio(struct inode *inode, struct folio *folio)
{
	struct cleancache *cc = cleancache_get_state();

	if (!cc || !inode || !inode->i_sb || !folio ||
	    folio_test_large(folio))
		return false;
	return load_from_inode(cc, inode, folio->index, folio);
}

/**
 * cleancache_invalidate_folio() - drop the entry at a folio's index.
 * @inode: the inode (its superblock names the filesystem: @folio->mapping
 *	may already be NULL).
 * @folio: the locked folio whose index is dropped.
 *
 * The cached folio, if any, goes back to its own pool's free list.
 *
 * Context: Process context; @folio locked (a VM_WARN_ON_ONCE otherwise).
 * Return: true if an entry existed.
 */
bool cleancache_invalidate_folio(struct inode *inode, struct folio *folio)
{
	struct cleancache *cc = cleancache_get_state();
	struct cleancache_fs *fs;
	bool ret;

	if (!cc || !folio)
		return false;
	VM_WARN_ON_ONCE_FOLIO(!folio_test_locked(folio), folio);
	if (!inode || folio_test_large(folio))
		return false;
	fs = inode_get_fs(cc, inode);
	if (!fs)
		return false;
	ret = invalidate_folio(cc, fs, inode, folio->index);
	put_fs(cc, fs);
	return ret;
}

/**
 * cleancache_invalidate_inode() - drop every entry of an inode.
 * @inode: the inode, on truncation, eviction or block-device invalidation.
 *
 * Every cached folio of @inode goes back to its own pool, and the
 * inode's cleancache object leaves the hash, so a later inode at the
 * same address or with the same number starts empty. Stores that run
 * concurrently may add entries back; the filesystem calls this after the
 * page-cache folios are gone, as truncation does.
 *
 * Context: Process context.
 * Return: true if at least one entry was dropped.
 */
bool cleancache_invalidate_inode(struct inode *inode)
{
	struct cleancache *cc = cleancache_get_state();
	struct cleancache_inode *ccinode;
	struct cleancache_fs *fs;
	unsigned int count = 0;

	if (!cc || !inode)
		return false;
	fs = inode_get_fs(cc, inode);
	if (!fs)
		return false;
	ccinode = find_and_get_inode(fs, inode);
	if (ccinode) {
		count = invalidate_ccinode(cc, ccinode);
		put_inode(ccinode);
	}
	put_fs(cc, fs);
	return count > 0;
}

/* ---- owned frontends -------------------------------------------------- */

/**
 * cleancache_store_index() - an owner stores a folio at an index.
 * @inode: an inode of a superblock registered with
 *	cleancache_add_fs_owned().
 * @index: the offset stored; @folio->index is not read.
 * @folio: the data; need not be locked or workingset (the owner
 *	serialises its calls per index, the workingset rules do not apply:
 *	the store always stores or overwrites).
 *
 * As cleancache_store_folio() otherwise: a free donated folio is filled,
 * or else the least recently used clean entry is evicted for it.
 *
 * Context: Process context.
 * Return: true if the data is in cleancache now; false for a NULL or
 * large folio, an unregistered fs, no free folio and no clean entry to
 * evict, or an allocation failure.
 */
bool cleancache_store_index(struct inode *inode, pgoff_t index,
			      struct folio *folio)
{
	struct cleancache *cc = cleancache_get_state();
	enum cleancache_store_result r = CC_STORE_SKIPPED;
	struct folio *used = NULL;
	struct cleancache_fs *fs;
	int used_pool = -1;

	if (!cc || !inode || !folio || folio_test_large(folio))
		return false;
	fs = inode_get_fs(cc, inode);
	if (fs) {
		r = store_into_inode(cc, fs, inode, index, folio, true, &used,
				     &used_pool);
		put_fs(cc, fs);
	}
	if (r != CC_STORE_STORED && r != CC_STORE_OVERWRITTEN)
		cc_stat_inc(cc, CC_STAT_SKIPPED);
	trace_cleancache_store(inode->i_ino, index, used != NULL,
			       used ? folio_pfn(used) : 0, used_pool, r);
	return r == CC_STORE_STORED || r == CC_STORE_OVERWRITTEN;
}

/**
 * cleancache_restore_index() - an owner loads the entry at an index.
 * @inode: as for cleancache_store_index().
 * @index: the offset looked up; @folio->index is not read.
 * @folio: filled on a hit; the entry stays.
 *
 * Context: Process context.
 * Return: true on a hit.
 */
bool cleancache_restore_index(struct inode *inode, pgoff_t index,
				struct folio *folio)
{
	struct cleancache *cc = cleancache_get_state();

	if (!cc || !inode || !inode->i_sb || !folio ||
	    folio_test_large(folio))
		return false;
	return load_from_inode(cc, inode, index, folio);
}

/**
 * cleancache_invalidate_index() - drop the entry at an index.
 * @inode: as for cleancache_store_index().
 * @index: the offset dropped.
 *
 * cleancache_invalidate_folio() without a folio: the owner frees a slot
 * it has no page for.
 *
 * Context: Process context.
 * Return: true if an entry existed.
 */
bool cleancache_invalidate_index(struct inode *inode, pgoff_t index)
{
	struct cleancache *cc = cleancache_get_state();
	struct cleancache_fs *fs;
	bool ret;

	if (!cc || !inode)
		return false;
	fs = inode_get_fs(cc, inode);
	if (!fs)
		return false;
	ret = invalidate_folio(cc, fs, inode, index);
	put_fs(cc, fs);
	return ret;
}

/**
 * cleancache_start_inode_walk() - pin an inode for a readahead restore.
 * @inode: the inode being read.
 * @count: pages in the readahead window; added to the missed counter
 *	when the walk returns NULL.
 *
 * Context: Process context.
 * Return: the inode's cleancache object, holding a reference on it and
 * on its filesystem, for cleancache_restore_from_inode() and
 * cleancache_end_inode_walk(); NULL if the filesystem is gone or the
 * inode has nothing cached; ERR_PTR(-EINVAL) for a NULL @inode or an
 * unregistered filesystem (and from a thread attached to no machine).
 */
struct cleancache_inode *cleancache_start_inode_walk(struct inode *inode,
						     unsigned long count)
{
	struct cleancache *cc = cleancache_get_state();
	struct cleancache_inode *ccinode;
	struct cleancache_fs *fs;

	if (!cc || !inode || !inode->i_sb ||
	    READ_ONCE(inode->i_sb->cleancache_id) == CLEANCACHE_ID_INVALID)
		return ERR_PTR(-EINVAL);
	fs = inode_get_fs(cc, inode);
	ccinode = fs ? find_and_get_inode(fs, inode) : NULL;
	if (!ccinode) {
		/* The whole window will be read from disk. */
		if (fs)
			put_fs(cc, fs);
		cc_stat_add(cc, CC_STAT_MISSED, (long)count);
		trace_cleancache_restore_walk_miss(inode->i_ino, count);
		return NULL;
	}
	atomic_long_inc(&cc->walks);
	return ccinode;
}

/**
 * cleancache_end_inode_walk() - release what cleancache_start_inode_walk()
 * pinned.
 * @ccinode: its non-NULL, non-error return value.
 *
 * Context: Process context.
 * Return: nothing.
 */
void cleancache_end_inode_walk(struct cleancache_inode *ccinode)
{
	struct cleancache *cc;
	struct cleancache_fs *fs;

	if (IS_ERR_OR_NULL(ccinode))
		return;
	cc = ccinode->cc;
	fs = ccinode->fs;	/* pinned by the walk */
	atomic_long_dec(&cc->walks);
	put_inode(ccinode);
	put_fs(cc, fs);
}

/**
 * cleancache_restore_from_inode() - restore one folio of a readahead walk.
 * @ccinode: from cleancache_start_inode_walk().
 * @folio: the page-cache folio to fill; its index is the offset.
 *
 * Like cleancache_restore_folio() without the lookups. The caller stops
 * its walk at the first miss.
 *
 * Context: Process context, between start and end of the walk.
 * Return: true on a hit; false on a miss, for a NULL or error @ccinode,
 * a NULL @folio or a large folio.
 */
bool cleancache_restore_from_inode(struct cleancache_inode *ccinode,
				   struct folio *folio)
{
	struct cleancache *cc = cleancache_get_state();
	struct folio *stored;

	if (!cc || IS_ERR_OR_NULL(ccinode) || !folio ||
	    folio_test_large(folio))
		return false;

	xa_lock(&ccinode->folios);
	stored = xa_load(&ccinode->folios, folio->index);
	if (stored) {
		rotate_lru_folio(cc, stored, ccinode, folio->index);
		copy_highpage(folio_page(folio, 0), folio_page(stored, 0));
	}
	xa_unlock(&ccinode->folios);

	cc_stat_inc(cc, stored ? CC_STAT_RESTORED : CC_STAT_MISSED);
	trace_cleancache_restore(ccinode->ino, folio->index, stored);
	return stored;
}

/* ---- backend API ------------------------------------------------------- */

/**
 * cleancache_backend_register_pool() - register a backend's pool.
 * @name: the pool's name (its directory in the stats), 1 to
 *	CLEANCACHE_POOL_NAME_LEN - 1 characters, no '/'.
 *
 * Pools get dense ids from 0 and are never unregistered.
 *
 * Context: Process context.
 * Return: the pool id; -EINVAL for a NULL, empty or '/'-containing name;
 * -ENAMETOOLONG; -EEXIST for the name of a registered pool; -ENOMEM once
 * CLEANCACHE_MAX_POOLS pools exist; -ENXIO from a thread attached to no
 * machine.
 */
int cleancache_backend_register_pool(const char *name)
{
	struct cleancache *cc = cleancache_get_state();
	struct cleancache_pool *pool;
	size_t len;
	int id;

	if (!cc)
		return -ENXIO;
	if (!name)
		return -EINVAL;
	len = strnlen(name, CLEANCACHE_POOL_NAME_LEN);
	if (len == CLEANCACHE_POOL_NAME_LEN)
		return -ENAMETOOLONG;
	if (!len || memchr(name, '/', len))
		return -EINVAL;

	spin_lock(&cc->pools_lock);
	id = atomic_read(&cc->nr_pools);
	for (int i = 0; i < id; i++) {
		if (!strcmp(cc->pools[i].name, name)) {
			spin_unlock(&cc->pools_lock);
			return -EEXIST;
		}
	}
	if (id >= CLEANCACHE_MAX_POOLS) {
		spin_unlock(&cc->pools_lock);
		return -ENOMEM;
	}
	pool = &cc->pools[id];
	spin_lock_init(&pool->lock);
	INIT_LIST_HEAD(&pool->folio_list);
	memcpy(pool->name, name, len + 1);
	atomic_long_set(&pool->size, 0);
	atomic_long_set(&pool->cached, 0);
	atomic_long_set(&pool->recalled, 0);
	/* Publish the initialised entry with the new count. */
	atomic_set_release(&cc->nr_pools, id + 1);
	spin_unlock(&cc->pools_lock);
	return id;
}

/**
 * cleancache_backend_get_folio() - take a donated folio back.
 * @pool_id: the pool it was donated to.
 * @folio: the folio.
 *
 * A FREE folio is unlinked from its pool; a CACHED one is removed from
 * its inode (its data is dropped, counted as recalled). A folio that an
 * operation holds in flight is waited for until it is FREE or CACHED,
 * then taken: a folio is never handed back while a store fills it. This
 * cannot fail for a folio of @pool_id: that is the guarantee.
 *
 * The folio comes back with refcount 0, no mapping, an empty lru and, in
 * data mode, poisoned like a free page: the backend sets the refcount
 * and unpoisons it when it hands it out.
 *
 * Context: Process context; may spin briefly (cond_resched()).
 * Return: 0; -EOPNOTSUPP for a large folio; -EINVAL for a NULL folio, a
 * pool that does not exist or a folio that is not in @pool_id (never
 * donated, donated elsewhere, or already taken back); -ENXIO from a
 * thread attached to no machine.
 */
int cleancache_backend_get_folio(int pool_id, struct folio *folio)
{
	struct cleancache *cc = cleancache_get_state();
	struct cleancache_inode *ccinode;
	struct cleancache_pool *pool;
	bool was_cached = false;
	pgoff_t index;

	if (!cc)
		return -ENXIO;
	if (!folio)
		return -EINVAL;
	if (folio_test_large(folio))
		return -EOPNOTSUPP;
	if (pool_id < 0 || pool_id >= cleancache_nr_pools(cc) ||
	    folio_cc_pool_id(folio) != pool_id)
		return -EINVAL;

	pool = &cc->pools[pool_id];
again:
	spin_lock(&pool->lock);
	if (folio_cc_pool_id(folio) != pool_id) {
		/* Taken back by a concurrent call. */
		spin_unlock(&pool->lock);
		return -EINVAL;
	}
	switch (folio_cc_state(folio)) {
	case CC_FOLIO_FREE:
take_free:
		list_del_init(&folio->lru);
		folio_cc_clear(folio);
		atomic_long_dec(&pool->size);
		spin_unlock(&pool->lock);
		break;
	case CC_FOLIO_TRANSIENT:
		/*
		 * v2 calls a folio free when it is attached to no inode,
		 * which a store's folio is between pick and attach.
		 */
		if (sim_defect(SIM_DEFECT_INFLIGHT_GET_FOLIO) &&
		    !folio_cc_inode(folio))
			goto take_free;
		/* Being filled, evicted or given back: wait for it to land. */
		spin_unlock(&pool->lock);
		cond_resched();
		goto again;
	case CC_FOLIO_CACHED:
		ccinode = folio_cc_inode(folio);
		index = folio_cc_index(folio);
		if (WARN_ON(!ccinode || !get_inode(ccinode))) {
			spin_unlock(&pool->lock);
			return -EINVAL;
		}
		spin_unlock(&pool->lock);
		if (!isolate_folio_from_inode(cc, ccinode, index, folio,
					      CC_FOLIO_NONE)) {
			/* Moved meanwhile: look at it again. */
			put_inode(ccinode);
			goto again;
		}
		put_inode(ccinode);
		cc_stat_inc(cc, CC_STAT_RECALLED);
		was_cached = true;
		break;
	default:
		spin_unlock(&pool->lock);
		WARN(1, "cleancache: folio in pool %d with no state", pool_id);
		return -EINVAL;
	}

	VM_WARN_ON_ONCE_FOLIO(folio_ref_count(folio) != 0, folio);
	VM_WARN_ON_ONCE_FOLIO(!list_empty(&folio->lru), folio);
	cc_poison(folio);
	trace_cleancache_recall(pool_id, folio_pfn(folio), was_cached);
	return 0;
}

/* Flags no page a backend owns carries at refcount 0. */
#define CC_DONATE_BAD_FLAGS \
	((1UL << PG_reserved) | (1UL << PG_lru) | (1UL << PG_locked) | \
	 (1UL << PG_writeback))

/*
 * Is @folio, found at refcount 0, somebody else's? The 2025 series
 * checks the refcount and the order only; these pages pass both: a tail
 * of a compound folio, a reserved page (memblock's, never handed over),
 * a page on an LRU, locked or under writeback, and a page the page
 * allocator holds free (its lru links a buddy free list; see
 * pfn_range_has_free_page()).
 */
static bool cc_foreign_folio(const struct folio *folio)
{
	return PageTail((const struct page *)folio) ||
	       (READ_ONCE(folio->flags) & CC_DONATE_BAD_FLAGS);
}

/* Validate @folio for donation and claim it (TRANSIENT); 0 or -EINVAL. */
static int prepare_donation(struct folio *folio, int pool_id)
{
	if (cc_foreign_folio(folio))
		return -EINVAL;
	if (WARN_ON_ONCE(folio_test_large(folio)))
		return -EINVAL;
	if (folio_ref_count(folio) != 0)
		return -EINVAL;
	if (pfn_range_has_free_page(folio_pfn(folio), 1))
		return -EINVAL;
	if (!cc_claim_folio(folio, pool_id))
		return -EINVAL;		/* already donated */
	folio->mapping = NULL;
	folio->index = 0;
	cc_poison(folio);
	return 0;
}

/**
 * cleancache_backend_put_folio() - donate one folio.
 * @pool_id: a registered pool.
 * @folio: an order-0 folio at refcount 0 that is not donated already.
 *
 * The folio goes to the head of the pool's free list, poisoned in data
 * mode.
 *
 * Context: Process context.
 * Return: 0; -EINVAL for a NULL folio, an unregistered pool, a refcount
 * other than 0, a folio already donated, a page that is not the
 * caller's (a tail page, a reserved page, a page on an LRU, locked or
 * under writeback, a page the page allocator holds free), or a large
 * folio (also a WARN_ON_ONCE violation); -ENXIO from a thread attached to
 * no machine.
 */
int cleancache_backend_put_folio(int pool_id, struct folio *folio)
{
	struct cleancache *cc = cleancache_get_state();
	struct cleancache_pool *pool;
	int ret;

	if (!cc)
		return -ENXIO;
	if (!folio || pool_id < 0 || pool_id >= cleancache_nr_pools(cc))
		return -EINVAL;
	ret = prepare_donation(folio, pool_id);
	if (ret)
		return ret;

	pool = &cc->pools[pool_id];
	spin_lock(&pool->lock);
	folio_cc_set(folio, pool_id, CC_FOLIO_FREE);
	list_add(&folio->lru, &pool->folio_list);
	atomic_long_inc(&pool->size);
	spin_unlock(&pool->lock);

	trace_cleancache_donate(pool_id, folio_pfn(folio), 1);
	return 0;
}

/*
 * Is the caller's list @folios corrupt (a link that does not point back,
 * a loop)? A WARN then: nothing may be taken from it.
 */
static bool cc_list_broken(struct list_head *folios)
{
	struct list_head *pos, *prev;
	unsigned long n;

	list_for_each_checked(pos, prev, folios, n, ULONG_MAX)
		;
	return WARN(list_walk_broken(pos, prev, folios),
		    "cleancache: corrupt folio list after %lu entries", n);
}

/**
 * cleancache_backend_put_folios() - donate a list of folios.
 * @pool_id: a registered pool.
 * @folios: folios linked by their lru.
 *
 * Each folio that cleancache_backend_put_folio() would accept moves to
 * the head of the pool's free list (the list's order reversed, as v2
 * does); the others stay on @folios for the caller.
 *
 * Context: Process context.
 * Return: 0 if @folios is empty afterwards, else -EINVAL; -EINVAL with
 * nothing moved for a NULL list, an unregistered pool, or a corrupt list
 * (a link that does not point back, a loop: also a WARN); -ENXIO from a
 * thread attached to no machine.
 */
int cleancache_backend_put_folios(int pool_id, struct list_head *folios)
{
	struct cleancache *cc = cleancache_get_state();
	struct folio *folio, *tmp, *first = NULL;
	struct cleancache_pool *pool;
	LIST_HEAD(donated);
	unsigned long nr = 0;

	if (!cc)
		return -ENXIO;
	if (!folios || pool_id < 0 || pool_id >= cleancache_nr_pools(cc))
		return -EINVAL;
	if (cc_list_broken(folios))
		return -EINVAL;

	list_for_each_entry_safe(folio, tmp, folios, lru) {
		if (prepare_donation(folio, pool_id))
			continue;
		if (!first)
			first = folio;
		list_move(&folio->lru, &donated);
		nr++;
	}

	if (nr) {
		pool = &cc->pools[pool_id];
		spin_lock(&pool->lock);
		list_for_each_entry(folio, &donated, lru)
			folio_cc_set(folio, pool_id, CC_FOLIO_FREE);
		list_splice_init(&donated, &pool->folio_list);
		atomic_long_add((long)nr, &pool->size);
		spin_unlock(&pool->lock);
		trace_cleancache_donate(pool_id, folio_pfn(first), nr);
	}
	return list_empty(folios) ? 0 : -EINVAL;
}

/* ---- backend range API ------------------------------------------------- */

/* Folios per lock acquisition of the range calls. */
#define CC_RANGE_BATCH	256U
/*
 * CACHED folios one lock acquisition of a range take records for the
 * xarray pass: the record lives on the stack (24 bytes each), and a
 * batch ends early when it is full. FREE folios do not count, so a
 * mostly free range (GCMA's usual case) still moves CC_RANGE_BATCH
 * folios per acquisition.
 */
#define CC_RECALL_BATCH	16U
/* Folios between two cond_resched() of one range call. */
#define CC_RANGE_RESCHED	4096UL

/* Poison (or open) @nr descriptors from @folio, in chunks kasan takes. */
static void cc_kasan_range(struct folio *folio, unsigned long nr, bool poison)
{
	struct page *page = folio_page(folio, 0);

	while (nr) {
		unsigned int order = min_t(unsigned int, ilog2(nr), MAX_PAGE_ORDER);

		if (poison)
			kasan_poison_pages(page, order, false);
		else
			kasan_unpoison_pages(page, order, false);
		page = nth_page(page, 1UL << order);
		nr -= 1UL << order;
	}
}

/* The descriptor of @start_pfn if [@start_pfn, +@nr) is valid, or NULL. */
static struct folio *cc_range_first(unsigned long start_pfn, unsigned long nr)
{
	if (!nr || start_pfn + nr < start_pfn || !pfn_valid(start_pfn) ||
	    !pfn_valid(start_pfn + nr - 1))
		return NULL;
	return (struct folio *)pfn_to_page(start_pfn);
}

/**
 * struct cc_recall - a CACHED folio a range call took off the LRU.
 * @folio: the folio, TRANSIENT and owned by the range call.
 * @ccinode: the inode whose xarray may still hold it.
 * @index: its index there.
 */
struct cc_recall {
	struct folio *folio;
	struct cleancache_inode *ccinode;
	pgoff_t index;
};

/*
 * Close the gap a run of unlinked folios left in a list: @prev and @next
 * were the nodes before its first and after its last folio. No-op for
 * no run (@prev NULL).
 */
static inline void unlink_run(struct list_head *prev, struct list_head *next)
{
	if (!prev)
		return;
	/* @prev may be the pool's head, peeked at without the lock. */
	WRITE_ONCE(prev->next, next);
	next->prev = prev;
}

/*
 * Take up to @n folios from @folios (consecutive descriptors) out of
 * @pool under one acquisition of lru_lock and the pool's lock: a FREE
 * folio is unlinked and is the caller's at once; a CACHED one leaves the
 * LRU, becomes TRANSIENT and is recorded in @rec (room for @max_rec)
 * for the xarray pass. Stops at the first folio that is not in the pool
 * (-EINVAL), part of a large folio (-EOPNOTSUPP) or in flight (-EAGAIN),
 * and before a CACHED folio that @rec has no room for (0: the caller
 * goes on from there). A FREE folio leaves at refcount @refs. Called
 * inside rcu_read_lock(), which keeps the recorded inodes alive.
 * Return: 0 or the error; *@took the folios taken, *@nr_rec how many of
 * them are in @rec.
 */
static int take_range_locked(struct cleancache *cc,
			     struct cleancache_pool *pool, int pool_id,
			     struct folio *folios, unsigned int n, int refs,
			     struct cc_recall *rec, unsigned int max_rec,
			     unsigned int *took, unsigned int *nr_rec)
{
	const unsigned long free_word = cc_word(pool_id, CC_FOLIO_FREE);
	const unsigned long cached_word = cc_word(pool_id, CC_FOLIO_CACHED);
	struct list_head *run_prev = NULL, *run_next = NULL;
	struct folio *run_last = NULL;
	unsigned int i, nrec = 0;
	int ret = 0;

	spin_lock(&cc->lru_lock);
	spin_lock(&pool->lock);
	for (i = 0; i < n; i++) {
		struct folio *folio = folio_range_nth(folios, i);
		unsigned long word;

		if (PageTail((struct page *)folio) || folio_test_large(folio)) {
			ret = -EOPNOTSUPP;
			break;
		}
		/*
		 * One load of the state word decides; under the pool's lock
		 * only the checker's SEEN bit can change in it.
		 */
		word = folio_cc_word(folio) & ~CC_PRIV_SEEN;
		if (word == free_word) {
			/*
			 * FREE folios that follow each other on the free list
			 * (a donated range does) leave it as one segment: the
			 * list is mended once per run, not once per folio.
			 */
			if (!run_last || folio->lru.prev != &run_last->lru) {
				unlink_run(run_prev, run_next);
				run_prev = folio->lru.prev;
			}
			run_last = folio;
			run_next = folio->lru.next;
			INIT_LIST_HEAD(&folio->lru);
			folio_cc_clear(folio);
			folio_set_count(folio, refs);
			continue;
		}
		unlink_run(run_prev, run_next);
		run_last = NULL;
		run_prev = NULL;
		if (word == cached_word) {
			if (nrec == max_rec)
				break;
			list_del_init(&folio->lru);
			rec[nrec].folio = folio;
			rec[nrec].ccinode = folio_cc_inode(folio);
			rec[nrec].index = folio_cc_index(folio);
			nrec++;
			folio_cc_set(folio, pool_id, CC_FOLIO_TRANSIENT);
			continue;
		}
		if (sim_defect(SIM_DEFECT_INFLIGHT_GET_FOLIO) &&
		    word == cc_word(pool_id, CC_FOLIO_TRANSIENT) &&
		    !folio_cc_inode(folio)) {
			/* v2: attached to no inode, so free (see get_folio). */
			folio_cc_clear(folio);
			folio_set_count(folio, refs);
			continue;
		}
		ret = folio_cc_pool_id(folio) != pool_id ? -EINVAL : -EAGAIN;
		break;
	}
	unlink_run(run_prev, run_next);
	atomic_long_sub((long)(i - nrec), &pool->size);
	atomic_long_sub((long)nrec, &pool->cached);
	spin_unlock(&pool->lock);
	spin_unlock(&cc->lru_lock);
	*took = i;
	*nr_rec = nrec;
	return ret;
}

/*
 * Erase the recorded folios from their inodes (one xa_lock acquisition
 * per run of folios of the same inode), then hand them to the caller at
 * refcount @refs.
 * An entry already erased by someone else was counted by them. Called
 * inside rcu_read_lock(): an inode emptied here drops the hash's
 * reference, possibly the last (freed after the grace period).
 */
static void recall_range(struct cleancache *cc, struct cleancache_pool *pool,
			 struct cc_recall *rec, unsigned int nrec, int refs)
{
	struct cleancache_inode *locked = NULL;
	unsigned long recalled = 0;

	for (unsigned int i = 0; i < nrec; i++) {
		struct cleancache_inode *ccinode = rec[i].ccinode;
		struct folio *folio = rec[i].folio;

		if (ccinode != locked) {
			if (locked)
				xa_unlock(&locked->folios);
			xa_lock(&ccinode->folios);
			locked = ccinode;
		}
		if (__xa_cmpxchg(&ccinode->folios, rec[i].index, folio, NULL,
				 0) == folio) {
			recalled++;
			/* An owner saves the data before the folio goes. */
			if (ccinode->ops)
				ccinode->ops->recall(ccinode->inode,
						     rec[i].index, folio);
			if (ccinode->hashed && xa_empty(&ccinode->folios)) {
				struct cleancache_fs *fs = ccinode->fs;

				spin_lock(&fs->hash_lock);
				hlist_del_init_rcu(&ccinode->hash);
				WRITE_ONCE(ccinode->hashed, false);
				spin_unlock(&fs->hash_lock);
				put_inode(ccinode);
			}
		}
		/*
		 * TRANSIENT -> NONE without the pool's lock: nobody else can
		 * reach the folio any more. It is on no list, and its entry
		 * is gone: erased just now, or by an erase path that met it
		 * TRANSIENT under this same xa_lock, left it to us
		 * (detach_folio()) and finished before we got the lock.
		 */
		folio->mapping = NULL;
		folio->index = 0;
		folio_cc_clear(folio);
		folio_set_count(folio, refs);
	}
	if (locked)
		xa_unlock(&locked->folios);

	atomic_long_sub((long)nrec, &pool->size);
	atomic_long_add((long)nrec, &pool->recalled);
	cc_stat_add(cc, CC_STAT_RECALLED, (long)recalled);
	sim_cost(SIM_COST_CC_DROP, recalled);
}

/* Donate [@folios, +@nr) back FREE after a failed range take. */
static void untake_range(struct cleancache *cc, int pool_id,
			 struct folio *folios, unsigned long nr);

/**
 * cleancache_backend_get_range_allocated() - take a range back, post-alloc'ed.
 * @pool_id: as for cleancache_backend_get_range().
 * @start_pfn: first pfn.
 * @nr: number of pfns.
 * @refs: the refcount every folio leaves with.
 *
 * cleancache_backend_get_range() for a backend that hands the folios out
 * at once (GCMA passes 1): each folio's refcount is set in the same visit
 * that takes it out, instead of in a pass of the backend's own.
 *
 * Context: Process context; may cond_resched().
 * Return: as cleancache_backend_get_range(); on failure every folio is
 * back in the pool at refcount 0.
 */
int cleancache_backend_get_range_allocated(int pool_id, unsigned long start_pfn,
				   unsigned long nr, int refs)
{
	struct cleancache *cc = cleancache_get_state();
	struct cc_recall rec[CC_RECALL_BATCH];
	struct cleancache_pool *pool;
	unsigned long done = 0, cached = 0, since = 0;
	struct folio *first;
	int ret = 0;

	if (!cc)
		return -ENXIO;
	if (pool_id < 0 || pool_id >= cleancache_nr_pools(cc))
		return -EINVAL;
	first = cc_range_first(start_pfn, nr);
	if (!first)
		return -EINVAL;
	pool = &cc->pools[pool_id];

	while (done < nr) {
		unsigned int n = (unsigned int)min(nr - done,
						   (unsigned long)CC_RANGE_BATCH);
		unsigned int took, nrec;

		rcu_read_lock();
		ret = take_range_locked(cc, pool, pool_id,
					folio_range_nth(first, done), n,
					refs, rec, ARRAY_SIZE(rec), &took,
					&nrec);
		if (nrec)
			recall_range(cc, pool, rec, nrec, refs);
		rcu_read_unlock();
		cc_kasan_range(folio_range_nth(first, done), took, true);
		done += took;
		cached += nrec;
		if (ret == -EAGAIN) {
			/* A store is filling it, or it is being evicted. */
			cond_resched();
			ret = 0;
			continue;
		}
		if (ret)
			break;
		since += took;
		if (done < nr && since >= CC_RANGE_RESCHED) {
			cond_resched();
			since = 0;
		}
	}
	if (ret && done)
		untake_range(cc, pool_id, first, done);
	trace_cleancache_recall_range(pool_id, start_pfn, ret ? 0 : nr, cached,
				      ret);
	return ret;
}

/**
 * cleancache_backend_get_range() - take a pfn range of donated folios back.
 * @pool_id: the pool every folio of the range was donated to.
 * @start_pfn: first pfn.
 * @nr: number of pfns.
 *
 * cleancache_backend_get_folio() for every pfn of the range in ascending
 * order, with the locking done per batch of folios rather than per
 * folio: FREE folios are unlinked under one pool-lock acquisition per
 * batch, CACHED folios leave the LRU under that same acquisition and
 * their entries are then erased under one xa_lock acquisition per run of
 * folios of one inode. A folio in flight is waited for, as
 * cleancache_backend_get_folio() does.
 *
 * The folios come back as cleancache_backend_get_folio() returns them.
 * If a pfn fails, the folios taken before it are donated back FREE (the
 * data of those that were CACHED is dropped, counted as recalled) and
 * the error is returned.
 *
 * Context: Process context; may cond_resched().
 * Return: 0; -EINVAL for a count of 0, a range that wraps or leaves the
 * machine, an unregistered pool, or a pfn that is not in @pool_id;
 * -EOPNOTSUPP for a pfn of a large folio; -ENXIO from a thread attached
 * to no machine.
 */
int cleancache_backend_get_range(int pool_id, unsigned long start_pfn,
				 unsigned long nr)
{
	return cleancache_backend_get_range_allocated(pool_id, start_pfn, nr, 0);
}

/*
 * Claim and link @n folios from @folios FREE in @pool under one
 * pool-lock acquisition, from the last one down, each at the head of the
 * free list: the pool's head then holds them in ascending pfn order.
 * Return: how many, counted from the last; fewer if one is claimed by
 * someone else meanwhile (a racing donation: a bug).
 */
static unsigned int put_range_locked(struct cleancache_pool *pool,
				     int pool_id, struct folio *folios,
				     unsigned int n)
{
	unsigned long word = cc_word(pool_id, CC_FOLIO_FREE);
	unsigned int linked = 0;

	spin_lock(&pool->lock);
	while (linked < n) {
		struct folio *folio = folio_range_nth(folios, n - 1 - linked);
		unsigned long old = 0;

		if (!folio_cc_try_update(folio, &old, word))
			break;
		folio->mapping = NULL;
		folio->index = 0;
		list_add(&folio->lru, &pool->folio_list);
		linked++;
	}
	atomic_long_add((long)linked, &pool->size);
	spin_unlock(&pool->lock);
	return linked;
}

/*
 * Whether @folio may be donated by a range call; the caller also asks
 * pfn_range_has_free_page() once for the whole range.
 */
static bool range_folio_donatable(const struct folio *folio)
{
	return !cc_foreign_folio(folio) &&
	       !folio_test_large(folio) && !folio_ref_count(folio) &&
	       !READ_ONCE(folio->private);
}

/*
 * Take the first @nr folios of a range donation back out of @pool
 * (they are FREE and nobody else's yet: the call has not returned).
 */
static void unput_range(struct cleancache_pool *pool, struct folio *folios,
			unsigned long nr)
{
	spin_lock(&pool->lock);
	for (unsigned long i = 0; i < nr; i++) {
		struct folio *folio = folio_range_nth(folios, i);

		list_del_init(&folio->lru);
		folio_cc_clear(folio);
	}
	atomic_long_sub((long)nr, &pool->size);
	spin_unlock(&pool->lock);
}

/**
 * cleancache_backend_put_range() - donate a pfn range.
 * @pool_id: a registered pool.
 * @start_pfn: first pfn.
 * @nr: number of pfns.
 *
 * Every folio of the range must be order-0, at refcount 0, with no
 * private word (a freed page's state; so not donated already). All are
 * checked first; then they are poisoned (data mode) and linked at the
 * head of the pool's free list, under one lock acquisition per batch, in
 * ascending pfn order, as cleancache_backend_put_folios() links a list
 * built with list_add_tail(): stores take the range's first pfns last.
 *
 * Context: Process context; may cond_resched().
 * Return: 0; -EINVAL with nothing changed for a count of 0, a range that
 * wraps or leaves the machine, an unregistered pool, or a folio that is
 * large, referenced, has a private word (donated already, say) or is
 * not the caller's (as for cleancache_backend_put_folio(): a tail,
 * reserved, LRU, locked or writeback page, a page free in the page
 * allocator); -EBUSY with nothing changed if a folio is claimed by a concurrent
 * donation meanwhile (a WARN: a caller bug); -ENXIO from a thread
 * attached to no machine.
 */
int cleancache_backend_put_range(int pool_id, unsigned long start_pfn,
				 unsigned long nr)
{
	struct cleancache *cc = cleancache_get_state();
	struct cleancache_pool *pool;
	unsigned long done = 0;
	struct folio *first;

	if (!cc)
		return -ENXIO;
	if (pool_id < 0 || pool_id >= cleancache_nr_pools(cc))
		return -EINVAL;
	first = cc_range_first(start_pfn, nr);
	if (!first)
		return -EINVAL;
	for (unsigned long i = 0; i < nr; i++)
		if (!range_folio_donatable(folio_range_nth(first, i)))
			return -EINVAL;
	if (pfn_range_has_free_page(start_pfn, nr))
		return -EINVAL;
	pool = &cc->pools[pool_id];

	cc_kasan_range(first, nr, true);
	/* From the top down, so the range sits in pfn order at the head. */
	while (done < nr) {
		unsigned int n = (unsigned int)min(nr - done,
						   (unsigned long)CC_RANGE_BATCH);
		unsigned long lo = nr - done - n;
		unsigned int linked = put_range_locked(pool, pool_id,
							folio_range_nth(first, lo),
							n);

		done += linked;
		if (WARN(linked < n, "cleancache: pfn %#lx donated twice",
			 start_pfn + nr - done - 1)) {
			unput_range(pool, folio_range_nth(first, nr - done),
				    done);
			cc_kasan_range(first, nr, false);
			return -EBUSY;
		}
		if (done < nr)
			cond_resched();
	}
	trace_cleancache_donate(pool_id, start_pfn, nr);
	return 0;
}

/**
 * cleancache_backend_put_linked() - donate a range made ready in place.
 * @pool_id: a registered pool.
 * @start_pfn: first pfn.
 * @nr: number of pfns.
 *
 * The second half of an owned range donation: every folio of the range
 * has been through cc_link_owned_folio() for @pool_id (in any order), by
 * a caller that owns the range exclusively (see
 * cleancache_backend_put_owned_range()). The range is poisoned (data mode)
 * and spliced at the head of the pool's free list in O(1), under one
 * acquisition of the pool's lock: the pool's head then holds it in
 * ascending pfn order, as after cleancache_backend_put_range().
 *
 * Context: Process context.
 * Return: 0; -EINVAL with nothing changed for a count of 0, a range that
 * wraps or leaves the machine, an unregistered pool, or a range whose
 * ends were not made ready (a WARN); -ENXIO from a thread attached to
 * no machine.
 */
int cleancache_backend_put_linked(int pool_id, unsigned long start_pfn,
				    unsigned long nr)
{
	struct cleancache *cc = cleancache_get_state();
	struct cleancache_pool *pool;
	struct folio *first, *last;
	unsigned long word;

	if (!cc)
		return -ENXIO;
	if (pool_id < 0 || pool_id >= cleancache_nr_pools(cc))
		return -EINVAL;
	first = cc_range_first(start_pfn, nr);
	if (!first)
		return -EINVAL;
	last = folio_range_nth(first, nr - 1);
	word = cc_word(pool_id, CC_FOLIO_FREE);
	if (WARN(folio_cc_word(first) != word || folio_cc_word(last) != word ||
		 (nr > 1 && first->lru.next != &folio_range_nth(first, 1)->lru),
		 "cleancache: pfns [%#lx, %#lx) not ready for pool %d",
		 start_pfn, start_pfn + nr, pool_id))
		return -EINVAL;
	pool = &cc->pools[pool_id];

	cc_kasan_range(first, nr, true);
	spin_lock(&pool->lock);
	/*
	 * pick_folio_from_any_pool() peeks at the head's ->next without the
	 * lock, and pfn walkers read ->lru.next of any folio (it is
	 * compound_head): mark the stores, as the kernel's list_add() does.
	 */
	first->lru.prev = &pool->folio_list;
	WRITE_ONCE(last->lru.next, pool->folio_list.next);
	pool->folio_list.next->prev = &last->lru;
	WRITE_ONCE(pool->folio_list.next, &first->lru);
	atomic_long_add((long)nr, &pool->size);
	spin_unlock(&pool->lock);
	trace_cleancache_donate(pool_id, start_pfn, nr);
	return 0;
}

/**
 * cleancache_backend_put_owned_range() - donate a pfn range the caller owns.
 * @pool_id: a registered pool.
 * @start_pfn: first pfn.
 * @nr: number of pfns.
 *
 * cleancache_backend_put_range() for a backend that owns every folio of
 * the range exclusively while the call runs: nobody else references,
 * donates or takes them (GCMA: the pfns are set in its allocation
 * bitmap, see gcma_alloc_range()). Each folio is checked and made ready
 * with cc_link_owned_folio() in one pass of plain stores, no atomic
 * operation per folio, then cleancache_backend_put_linked() splices
 * the range in.
 *
 * Context: Process context.
 * Return: 0; -EINVAL with nothing changed for a count of 0, a range that
 * wraps or leaves the machine, an unregistered pool, or a folio that is
 * large, referenced, has a private word or is not the caller's as for
 * cleancache_backend_put_range() (a WARN: the caller did not own the
 * range as promised); -ENXIO from a thread attached to no machine.
 */
int cleancache_backend_put_owned_range(int pool_id, unsigned long start_pfn,
				   unsigned long nr)
{
	struct cleancache *cc = cleancache_get_state();
	struct folio *first;
	unsigned long i;

	if (!cc)
		return -ENXIO;
	if (pool_id < 0 || pool_id >= cleancache_nr_pools(cc))
		return -EINVAL;
	first = cc_range_first(start_pfn, nr);
	if (!first)
		return -EINVAL;

	if (pfn_range_has_free_page(start_pfn, nr))
		i = 0;
	else
		for (i = 0; i < nr; i++) {
			struct folio *folio = folio_range_nth(first, i);

			if (!range_folio_donatable(folio))
				break;
			cc_link_owned_folio(folio, pool_id, first, nr);
		}
	if (WARN(i < nr, "cleancache: pfn %#lx is not the donor's to give",
		 start_pfn + i)) {
		while (i--) {
			struct folio *folio = folio_range_nth(first, i);

			INIT_LIST_HEAD(&folio->lru);
			folio_cc_clear(folio);
		}
		return -EINVAL;
	}
	return cleancache_backend_put_linked(pool_id, start_pfn, nr);
}

static void untake_range(struct cleancache *cc, int pool_id,
			 struct folio *folios, unsigned long nr)
{
	struct cleancache_pool *pool = &cc->pools[pool_id];
	unsigned long left = nr;

	for (unsigned long i = 0; i < nr; i++)
		folio_set_count(folio_range_nth(folios, i), 0);
	while (left) {
		unsigned int n = (unsigned int)min_t(unsigned long, left,
						     CC_RANGE_BATCH);
		unsigned int linked = put_range_locked(pool, pool_id,
							folio_range_nth(folios,
									left - n),
							n);

		left -= linked;
		/* A folio claimed meanwhile is someone else's: skip it. */
		if (WARN_ON(linked < n))
			left--;
	}
}

/* ---- machine-local state ----------------------------------------------- */

/**
 * cleancache_state_create() - make one machine's cleancache (its initcall).
 *
 * Context: Process context, on the machine being created.
 * Return: the state, or NULL if an allocation fails.
 */
void *cleancache_state_create(void)
{
	struct cleancache *cc;

	/* A hash-chain walk's fields fill the first cache line alone. */
	BUILD_BUG_ON(offsetof(struct cleancache_inode, ref_count) <
		     8 * sizeof(void *));
	cc = kzalloc(sizeof(*cc), GFP_KERNEL);
	if (!cc)
		return NULL;
	cc->inode_cache = kmem_cache_create("cleancache_inode",
					    sizeof(struct cleancache_inode),
					    0, SLAB_HWCACHE_ALIGN, NULL);
	cc->fs_cache = kmem_cache_create("cleancache_fs",
					 sizeof(struct cleancache_fs), 0, 0,
					 NULL);
	if (!cc->inode_cache || !cc->fs_cache) {
		kmem_cache_destroy(cc->inode_cache);
		kmem_cache_destroy(cc->fs_cache);
		kfree(cc);
		return NULL;
	}
	sim_fault_class(cc->inode_cache, SIM_FAULT_CC_INODE);
	sim_fault_class(cc->fs_cache, SIM_FAULT_CC_FS);
	xa_init_flags(&cc->fs_xa, XA_FLAGS_ALLOC);
	spin_lock_init(&cc->fs_list_lock);
	INIT_LIST_HEAD(&cc->fs_list);
	spin_lock_init(&cc->pools_lock);
	atomic_set(&cc->nr_pools, 0);
	spin_lock_init(&cc->lru_lock);
	INIT_LIST_HEAD(&cc->lru);
	for (unsigned int slot = 0; slot < CC_LRU_BATCH_SLOTS; slot++)
		spin_lock_init(&cc->lru_batch[slot].lock);
	mutex_init(&cc->check_lock);
	return cc;
}

/* Free @fs and every inode still hashed in it, with no grace period. */
static void cleancache_fs_destroy(struct cleancache *cc,
				  struct cleancache_fs *fs)
{
	for (unsigned int b = 0; b < CLEANCACHE_INODE_HASH_SIZE; b++) {
		struct hlist_node *node = fs->inode_hash[b].first;

		while (node) {
			struct cleancache_inode *ccinode =
				container_of(node, struct cleancache_inode,
					     hash);

			node = node->next;
			xa_destroy(&ccinode->folios);
			kmem_cache_free(cc->inode_cache, ccinode);
		}
	}
	kmem_cache_free(cc->fs_cache, fs);
}

/**
 * cleancache_state_destroy() - free one machine's cleancache.
 * @state: from cleancache_state_create(), or NULL.
 *
 * Filesystems that were never removed are freed with their inodes; the
 * donated folios themselves belong to the machine's memmap.
 *
 * Context: Machine destruction: no thread attached, every RCU callback
 * has run.
 * Return: nothing.
 */
void cleancache_state_destroy(void *state)
{
	struct cleancache *cc = state;
	struct cleancache_fs *fs, *next;

	if (!cc)
		return;
	list_for_each_entry_safe(fs, next, &cc->fs_list, node)
		cleancache_fs_destroy(cc, fs);
	xa_destroy(&cc->fs_xa);
	/* xa_destroy() frees tree nodes through call_rcu(). */
	rcu_barrier();
	kmem_cache_destroy(cc->inode_cache);
	kmem_cache_destroy(cc->fs_cache);
	mutex_destroy(&cc->check_lock);
	kfree(cc);
}
