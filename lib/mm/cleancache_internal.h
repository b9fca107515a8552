/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * cleancache internals: the structures behind <libgcma/cleancache.h>, the
 * per-folio state accessors and the statistics counters. Shared by
 * cleancache.c, cleancache_stats.c, cleancache_check.c and the unit tests.
 *
 * The lookup chain:
 *
 *   super_block->cleancache_id --fs_xa--> cleancache_fs
 *     --inode_hash[hash(i_ino)], matched by struct inode *--> cleancache_inode
 *       --folios (xarray, index -> folio)--> donated folio
 *
 * A donated folio's own descriptor says where it is (see "Per-folio
 * state" below); docs/cleancache.md has the state machine and the locking.
 */
#ifndef _MM_CLEANCACHE_INTERNAL_H
#define _MM_CLEANCACHE_INTERNAL_H

#include <libgcma/cleancache.h>
#include <libgcma/folio.h>
#include <libgcma/xarray.h>
#include "kernel/atomic.h"
#include "kernel/compiler.h"
#include "kernel/kernel.h"
#include "kernel/rcupdate.h"
#include "kernel/refcount.h"
#include "kernel/slab.h"
#include "kernel/spinlock.h"

/* ---- hash lists with RCU readers --------------------------------------- */

/*
 * The kernel's <linux/list.h> hlist and <linux/rculist.h> helpers, the
 * subset cleancache uses. They belong in the kernel shim; they are here
 * until the shim grows them, and step aside if it already has them.
 */
#ifndef HLIST_HEAD_INIT
#define HLIST_HEAD_INIT	{ .first = NULL }

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct hlist_head {
	struct hlist_node *first;
};

static inline void INIT_HLIST_HEAD(struct hlist_head *h)
{
	h->first = NULL;
}

static inline void INIT_HLIST_NODE(struct hlist_node *n)
{
	n->next = NULL;
	n->pprev = NULL;
}

/* hlist_unhashed - is @n on no list? (only stable under the list's lock) */
static inline bool hlist_unhashed(const struct hlist_node *n)
{
	return !READ_ONCE(n->pprev);
}

/*
 * hlist_add_head_rcu - publish @n at the front of @h. Writers serialise
 * on a lock; readers may walk @h concurrently with
 * hlist_for_each_entry_rcu().
 */
static inline void hlist_add_head_rcu(struct hlist_node *n,
				      struct hlist_head *h)
{
	struct hlist_node *first = h->first;

	n->next = first;
	WRITE_ONCE(n->pprev, &h->first);
	rcu_assign_pointer(h->first, n);
	if (first)
		WRITE_ONCE(first->pprev, &n->next);
}

/*
 * hlist_del_init_rcu - unlink @n, leaving ->next intact for readers
 * still standing on it; hlist_unhashed(@n) is true afterwards.
 */
static inline void hlist_del_init_rcu(struct hlist_node *n)
{
	struct hlist_node *next = n->next;
	struct hlist_node **pprev = n->pprev;

	if (hlist_unhashed(n))
		return;
	WRITE_ONCE(*pprev, next);
	if (next)
		WRITE_ONCE(next->pprev, pprev);
	WRITE_ONCE(n->pprev, NULL);
}

#define hlist_entry_safe(ptr, type, member) ({				\
	__typeof__(ptr) ____p = (ptr);					\
	____p ? container_of(____p, type, member) : NULL;		\
})

/* hlist_for_each_entry_rcu - walk @head inside rcu_read_lock(). */
#define hlist_for_each_entry_rcu(pos, head, member)			\
	for (pos = hlist_entry_safe(rcu_dereference((head)->first),	\
				    __typeof__(*(pos)), member);	\
	     pos;							\
	     pos = hlist_entry_safe(rcu_dereference((pos)->member.next), \
				    __typeof__(*(pos)), member))
#endif /* HLIST_HEAD_INIT */

/* ---- objects ----------------------------------------------------------- */

/**
 * struct cleancache_owner_ops - a frontend whose entries are not clean.
 * @recall: called when a backend takes back a folio holding the entry
 *	(@inode, @index), with the data still in @folio and the entry
 *	already erased; the owner must save what it needs before it
 *	returns and must not fail. Called with the inode's xa_lock held
 *	(inside rcu_read_lock() for a range call): it may take locks of its
 *	own and allocate with GFP_NOWAIT, but must not call into cleancache.
 *
 * Filesystems register without ops (cleancache_add_fs()); a frontend
 * with ops (the frontswap-like client, docs/frontswap.md) registers with
 * cleancache_add_fs_owned(). Its entries are never evicted from the
 * LRU to make room for a store: they leave only by invalidation, removal
 * of the fs, or a backend's recall, which calls @recall.
 */
struct cleancache_owner_ops {
	void (*recall)(struct inode *inode, pgoff_t index,
		       struct folio *folio);
};

#define CLEANCACHE_INODE_HASH_BITS	6
#define CLEANCACHE_INODE_HASH_SIZE	(1U << CLEANCACHE_INODE_HASH_BITS)

/**
 * struct cleancache_fs - one registered filesystem.
 * @ref_count: one for the fs_xa entry, one per user; the last put
 *	invalidates every inode still hashed and frees after a grace period.
 * @id: this filesystem's index in fs_xa.
 * @node: linkage in the cleancache's fs_list, from add_fs to the last put.
 * @hash_lock: serialises changes to @inode_hash.
 * @inode_hash: cleancache inodes, by hash of i_ino; RCU readers.
 * @cc: the cleancache it belongs to (the kernel's globals).
 * @ops: the owner's ops, or NULL for a filesystem (clean entries).
 * @sb: the superblock (or owner's struct) it was registered for; compared,
 *	never dereferenced: a second registration of it is refused.
 * @rcu: for the deferred free.
 */
struct cleancache_fs {
	const struct cleancache_owner_ops *ops;
	const void *sb;
	refcount_t ref_count;
	int id;
	struct list_head node;
	spinlock_t hash_lock;
	struct hlist_head inode_hash[CLEANCACHE_INODE_HASH_SIZE];
	struct cleancache *cc;
	struct rcu_head rcu;
};

/**
 * struct cleancache_inode - the cached folios of one inode.
 * @inode: identity key; compared, never dereferenced after creation.
 * @ino: @inode's i_ino when this object was made (hash bucket, traces).
 * @hash: linkage in @fs's inode_hash.
 * @hashed: on @fs's hash; written under @folios.xa_lock and hash_lock,
 *	so stable for the holder of either. Once false, never true again.
 * @ref_count: one for the hash while @hashed, one per user.
 * @folios: index -> CACHED folio; every access under its xa_lock.
 * @fs: the owning filesystem; dereferenced only while @hashed or while
 *	the caller holds a reference on the fs (an inode walk).
 * @cc: the cleancache it belongs to (the kernel's globals).
 * @ops: @fs's ops, copied at creation (read where @fs may not be).
 * @rcu: for the deferred free.
 */
struct cleancache_inode {
	/*
	 * The first cache line (eight words) holds what a hash-chain walk
	 * reads and nothing that every operation writes: a walk passes
	 * through other inodes' nodes, and with the reference count and
	 * the xa_lock in the same line every store, restore or invalidate
	 * of one inode would take that line away from the CPUs walking past
	 * it (the 2-thread cost of every lookup, docs/locking.md).
	 */
	struct inode *inode;
	unsigned long ino;
	struct hlist_node hash;
	bool hashed;
	struct cleancache_fs *fs;
	struct cleancache *cc;
	const struct cleancache_owner_ops *ops;
	/* Written by every operation on this inode. */
	refcount_t ref_count;
	struct xarray folios;
	struct rcu_head rcu;
};

/**
 * struct cleancache_pool - the folios one backend donated.
 * @lock: protects @folio_list and the state word of this pool's folios.
 * @folio_list: FREE folios; added at the head, taken from the tail.
 * @name: the name given at registration (the sysfs directory).
 * @size: folios donated and not taken back (+put, -get).
 * @cached: of those, CACHED folios (+attach, -detach).
 * @recalled: CACHED folios taken back by the backend, ever.
 */
struct cleancache_pool {
	spinlock_t lock;
	struct list_head folio_list;
	char name[CLEANCACHE_POOL_NAME_LEN];
	atomic_long_t size;
	atomic_long_t cached;
	atomic_long_t recalled;
};

/*
 * struct cc_check_count - what cleancache_check() recounted of one pool:
 * FREE folios on its list, CACHED folios on the LRU and in xarrays.
 */
struct cc_check_count {
	long free;
	long lru;
	long xa;
};

/*
 * LRU rotation batches (the lru_batch option, docs/cleancache.md "LRU
 * batching"). With the option on, a hit or an overwrite records its
 * rotation in the batch of the CPU it runs on instead of taking lru_lock;
 * a batch is applied under lru_lock when it fills and, every batch, before
 * each eviction decision, as the kernel drains its per-CPU folio batches.
 * A kernel port keeps one batch per CPU (DEFINE_PER_CPU with a local_lock);
 * here CPUs map onto CC_LRU_BATCH_SLOTS slots, each with its own lock,
 * because a userspace thread can migrate in the middle of an update.
 */
#define CC_LRU_BATCH_SIZE	15
#define CC_LRU_BATCH_SLOTS	16

/* One recorded rotation: the entry (@ccinode, @index) held in @folio. */
struct cc_lru_rotation {
	struct folio *folio;
	struct cleancache_inode *ccinode;
	pgoff_t index;
};

/**
 * struct cc_lru_batch - one CPU's rotations not yet applied to the LRU.
 * @lock: protects the rest; nests inside an xa_lock, outside lru_lock.
 * @nr: rotations recorded, at most CC_LRU_BATCH_SIZE.
 * @epoch: the LRU epoch (struct cleancache) when the first was recorded.
 * @rot: the rotations, oldest first.
 */
struct cc_lru_batch {
	spinlock_t lock;
	unsigned int nr;
	unsigned long epoch;
	struct cc_lru_rotation rot[CC_LRU_BATCH_SIZE];
};

/* Global counters, /sys/kernel/mm/cleancache/<name> (cached is derived). */
enum cleancache_stat_item {
	CC_STAT_STORED,
	CC_STAT_SKIPPED,
	CC_STAT_RESTORED,
	CC_STAT_MISSED,
	CC_STAT_RECLAIMED,
	CC_STAT_RECALLED,
	CC_STAT_INVALIDATED,
	CC_STAT_NR,
};

/**
 * struct cleancache - what the kernel keeps in mm/cleancache.c's globals,
 * once per simulated machine (machine_local(ML_CLEANCACHE)).
 * @fs_list_lock: protects @fs_list.
 * @fs_list: every live fs object, registered or removed but still
 *	referenced (the checker and teardown walk it).
 * @fs_xa: fs id -> struct cleancache_fs (allocating, RCU readers).
 * @inode_cache: slab of struct cleancache_inode.
 * @fs_cache: slab of struct cleancache_fs.
 * @pools_lock: serialises pool registration.
 * @nr_pools: registered pools; only grows; read with acquire.
 * @pools: the pools, ids 0 .. @nr_pools - 1.
 * @lru_lock: protects @lru.
 * @lru: every CACHED folio, most recently used at the head.
 * @lru_batching: the lru_batch option is on (READ_ONCE).
 * @lru_batched: it was on at some time: batches may hold rotations.
 * @lru_epoch: evictions begun so far (each bumps it, then drains).
 * @lru_batch: the per-CPU rotation batches.
 * @stats: global counters, indexed by enum cleancache_stat_item.
 * @walks: inode walks open (cleancache_start_inode_walk() without its
 *	end): each holds one reference on an inode and one on its fs that
 *	the checker's refcount-at-rest rule allows for.
 * @check_lock: serialises cleancache_check(), the user of @check_count.
 * @check_count: the checker's per-pool recounts (too large for its stack).
 */
struct cleancache {
	struct xarray fs_xa;
	spinlock_t fs_list_lock;
	struct list_head fs_list;
	struct kmem_cache *inode_cache;
	struct kmem_cache *fs_cache;
	spinlock_t pools_lock;
	atomic_t nr_pools;
	struct cleancache_pool pools[CLEANCACHE_MAX_POOLS];
	spinlock_t lru_lock;
	struct list_head lru;
	bool lru_batching;
	bool lru_batched;
	atomic_long_t lru_epoch;
	struct cc_lru_batch lru_batch[CC_LRU_BATCH_SLOTS];
	atomic_long_t stats[CC_STAT_NR];
	atomic_long_t walks;
	struct mutex check_lock;
	struct cc_check_count check_count[CLEANCACHE_MAX_POOLS];
};

/* The calling thread's cleancache, or NULL (reported) when unattached. */
struct cleancache *cleancache_get_state(void);

/* Pools registered so far; the entries below it are initialised. */
static inline int cleancache_nr_pools(struct cleancache *cc)
{
	return atomic_read_acquire(&cc->nr_pools);
}

static inline void cc_stat_inc(struct cleancache *cc,
			       enum cleancache_stat_item item)
{
	atomic_long_inc(&cc->stats[item]);
}

static inline void cc_stat_add(struct cleancache *cc,
			       enum cleancache_stat_item item, long n)
{
	atomic_long_add(n, &cc->stats[item]);
}

/*
 * cc_stat_cached - stored - (invalidated + reclaimed + recalled). The
 * subtrahends are read first: every drop they count follows the store
 * it undoes, so the difference never goes negative.
 */
static inline long cc_stat_cached(struct cleancache *cc)
{
	long gone;

	gone = atomic_long_read(&cc->stats[CC_STAT_INVALIDATED]) +
	       atomic_long_read(&cc->stats[CC_STAT_RECLAIMED]) +
	       atomic_long_read(&cc->stats[CC_STAT_RECALLED]);
	/* The drops before the stores: pairs with the stores' ordering. */
	smp_rmb();
	return atomic_long_read(&cc->stats[CC_STAT_STORED]) - gone;
}

/* ---- per-folio state --------------------------------------------------- */

/*
 * A donated folio carries its cleancache state in its own descriptor:
 *
 *   folio->private  tag | SEEN | state << 8 | pool id   (see below)
 *   folio->mapping  the cleancache_inode holding it (CACHED), else NULL
 *   folio->index    its index in that inode (CACHED), else 0
 *   folio->lru      its pool's free list (FREE) or the LRU (CACHED)
 *   refcount        0 throughout
 *
 * The private word is tagged with CC_PRIV_MAGIC in its top 16 bits, which
 * no pointer has, so a folio whose private word belongs to someone else
 * reads as "not cleancache's" (state NONE, pool id -1): what v2 calls a
 * cc_pool_id of -1, the state this file calls TAKEN once a backend has
 * taken the folio back.
 *
 * The state changes under the pool's lock (the folio's pool never
 * changes while it is donated), except that a donation claims a NONE
 * folio with a cmpxchg, a donor that owns a range exclusively
 * (cc_link_owned_folio()) writes FREE into folios nobody else can reach
 * before cleancache_backend_put_linked() splices them in under the
 * lock, and a range recall clears the word of a TRANSIENT folio it alone
 * can reach (recall_range()). Lock-free reads see a consistent word.
 */
enum cleancache_folio_state {
	CC_FOLIO_NONE,		/* not donated, or taken back (TAKEN) */
	CC_FOLIO_FREE,		/* on its pool's free list */
	CC_FOLIO_CACHED,	/* in one inode's xarray and on the LRU */
	CC_FOLIO_TRANSIENT,	/* inside one operation, on no list */
};

#define CC_PRIV_MAGIC		(0xcc5eUL << 48)
#define CC_PRIV_MAGIC_MASK	(0xffffUL << 48)
#define CC_PRIV_SEEN		(1UL << 16)	/* cleancache_check() only */
#define CC_PRIV_STATE_SHIFT	8
#define CC_PRIV_STATE_MASK	(0xffUL << CC_PRIV_STATE_SHIFT)
#define CC_PRIV_POOL_MASK	0xffUL

static inline unsigned long folio_cc_word(const struct folio *folio)
{
	/* Pairs with folio_cc_set()/folio_cc_clear()'s release. */
	return (unsigned long)smp_load_acquire(&folio->private);
}

/*
 * folio_cc_try_update - if @folio's cleancache word is still *@old, make
 * it @new (fully ordered) and return true; else return false with the
 * word seen in *@old, for the caller's next try.
 */
static inline bool folio_cc_try_update(struct folio *folio,
				       unsigned long *old, unsigned long new)
{
	void *seen = (void *)*old;
	bool done = try_cmpxchg(&folio->private, &seen, (void *)new);

	*old = (unsigned long)seen;
	return done;
}

static inline bool cc_word_tagged(unsigned long word)
{
	return (word & CC_PRIV_MAGIC_MASK) == CC_PRIV_MAGIC;
}

static inline unsigned long cc_word(int pool_id,
				    enum cleancache_folio_state state)
{
	return CC_PRIV_MAGIC | ((unsigned long)state << CC_PRIV_STATE_SHIFT) |
	       ((unsigned long)pool_id & CC_PRIV_POOL_MASK);
}

/**
 * folio_cc_pool_id() - the pool a folio was donated to.
 * @folio: any folio.
 *
 * Context: Any context; exact under the pool's lock.
 * Return: the pool id, or -1 if the folio is not cleancache's.
 */
static inline int folio_cc_pool_id(const struct folio *folio)
{
	unsigned long word = folio_cc_word(folio);

	if (!cc_word_tagged(word))
		return -1;
	return (int)(word & CC_PRIV_POOL_MASK);
}

/**
 * folio_cc_state() - where a folio is, as far as cleancache knows.
 * @folio: any folio.
 *
 * Context: Any context; exact under the pool's lock.
 * Return: the state; CC_FOLIO_NONE for a folio that is not cleancache's.
 */
static inline enum cleancache_folio_state
folio_cc_state(const struct folio *folio)
{
	unsigned long word = folio_cc_word(folio);

	if (!cc_word_tagged(word))
		return CC_FOLIO_NONE;
	return (enum cleancache_folio_state)((word & CC_PRIV_STATE_MASK) >>
					     CC_PRIV_STATE_SHIFT);
}

/* folio_cc_set - record @folio as in @state of pool @pool_id. */
static inline void folio_cc_set(struct folio *folio, int pool_id,
				enum cleancache_folio_state state)
{
	/* Publishes the folio's list and index state before the word. */
	smp_store_release(&folio->private, (void *)cc_word(pool_id, state));
}

/* folio_cc_clear - @folio is no longer cleancache's (pool id -1). */
static inline void folio_cc_clear(struct folio *folio)
{
	/* Lockless readers see the word cleared after the unlink. */
	smp_store_release(&folio->private, NULL);
}

/* The inode holding a CACHED folio (v2's folio->cc_inode). */
static inline struct cleancache_inode *folio_cc_inode(const struct folio *folio)
{
	return (struct cleancache_inode *)READ_ONCE(folio->mapping);
}

/* The index of a CACHED folio in its inode (v2's folio->cc_index). */
static inline pgoff_t folio_cc_index(const struct folio *folio)
{
	return READ_ONCE(folio->index);
}

/* Bucket of an inode number in a cleancache_fs's inode hash. */
static inline unsigned int cleancache_inode_hash(unsigned long ino)
{
	return (unsigned int)((ino * 0x61c8864680b583ebUL) >>
			      (BITS_PER_LONG - CLEANCACHE_INODE_HASH_BITS));
}

/* lib/mm/cleancache_stats.c: /sys/kernel/mm/cleancache/ as text. */
struct seq_file;
int cleancache_stats_seq_show(struct seq_file *m, void *v);

/* ---- owned frontends (entries that are not clean) --------------------- */

int cleancache_add_fs_owned(struct super_block *sb,
			      const struct cleancache_owner_ops *ops);
bool cleancache_store_index(struct inode *inode, pgoff_t index,
			      struct folio *folio);
bool cleancache_restore_index(struct inode *inode, pgoff_t index,
				struct folio *folio);
bool cleancache_invalidate_index(struct inode *inode, pgoff_t index);

/* ---- owned range donation ---------------------------------------------- */

/*
 * A backend that owns a range of folios exclusively (nobody else can
 * reference, donate or take them while it works: GCMA's bitmaps make it
 * so) may donate it without an atomic operation per folio, in one pass
 * of its own: cc_link_owned_folio() on every folio of the range, then
 * cleancache_backend_put_linked() once. cleancache_backend_put_owned_range()
 * does both for folios that are ready to donate as they are.
 */
int cleancache_backend_put_linked(int pool_id, unsigned long start_pfn,
				    unsigned long nr);
/* cleancache_backend_get_range(), folios out at refcount @refs. */
int cleancache_backend_get_range_allocated(int pool_id, unsigned long start_pfn,
				   unsigned long nr, int refs);
int cleancache_backend_put_owned_range(int pool_id, unsigned long start_pfn,
				   unsigned long nr);

/**
 * cc_link_owned_folio() - make one folio of an owned range ready to donate.
 * @folio: an order-0 folio at refcount 0, owned by the caller.
 * @pool_id: the pool it goes to.
 * @first: the range's first folio.
 * @nr: the range's length.
 *
 * @folio becomes FREE in @pool_id, with no mapping, linked to its
 * neighbours in the range by address (the range's two ends are linked to
 * the pool by cleancache_backend_put_linked()). Plain stores: nobody
 * else can reach the folio until the range is spliced in under the pool's
 * lock.
 *
 * Context: Any context; the caller owns the range.
 * Return: nothing.
 */
static inline void cc_link_owned_folio(struct folio *folio, int pool_id,
				       struct folio *first, unsigned long nr)
{
	folio->mapping = NULL;
	folio->index = 0;
	struct page *first_page = &first->page;
	unsigned long i = (unsigned long)(&folio->page - first_page);

	/* Neighbouring pfns: pages, not folios (a folio spans several). */
	folio->lru.prev = i ? &nth_page(first_page, i - 1)->lru : NULL;
	folio->lru.next = i + 1 < nr ? &nth_page(first_page, i + 1)->lru : NULL;
	WRITE_ONCE(folio->private, (void *)cc_word(pool_id, CC_FOLIO_FREE));
}

#endif /* _MM_CLEANCACHE_INTERNAL_H */
