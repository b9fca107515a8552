/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * xa_rcu_multi.h - the --multi run of test_xa_rcu.c (test_xa_rcu_multi):
 * multi-index entries under RCU readers. Part of that program's
 * translation unit: it uses its objects, retire(), the ager and the
 * reader's check_obj() and reader_leave().
 *
 * The keys are blocks of XM_SIZE indexes (aligned; three quarters dense
 * from 0, the rest at 2^32, 2^63, the last block below ULONG_MAX and
 * random places). A writer locks one block and, keeping a shadow of it
 * (what every index holds, the span of the entry there, its shape),
 * stores an order-N entry (XA_STATE_ORDER() + xas_store() in the
 * xas_nomem() loop; an object or a value entry), erases an order-N range
 * the same way, stores an object over any range with xa_store_range() or
 * erases one with it, splits an order-N entry (xas_split_alloc(),
 * xas_split()) into pieces of a smaller order, erases at one index with
 * xa_erase() or stores an order-0 entry with xa_store(). A store inside a
 * larger power-of-two entry gives that whole entry the new value, as the
 * kernel does; an update that would cut through the pieces of an
 * xa_store_range() (whose layout the kernel leaves to the store) is
 * skipped. After each update the writer checks the return value against
 * the shadow, loads every index the update touched and, at each entry's
 * first index, xa_get_order(); objects no index holds any more are
 * retired to the ager.
 *
 * Every object and value entry says which indexes it may be found at and
 * the block generation it was stored at. Around each update the writer
 * publishes, per index, a state word: busy while the update runs, then
 * the update's generation and whether it left an entry (splits change
 * nothing: readers must not notice them, but for the window below).
 * The reader's oracle, for each xa_load() or revalidated xas_load() at
 * a random index, with the state read before (s1) and after (s2):
 *  - never an internal entry (a sibling, a node, a retry entry leaking);
 *  - the entry covers the index, and a value entry is of this block,
 *    with one exception, the kernel's own window (below);
 *  - an object is alive or retired less than two grace periods ago (the
 *    age oracle of test_xa_rcu.c);
 *  - the entry is not older than the last update of the index that had
 *    finished before the load began (generation >= that of s1);
 *  - if s1 == s2 and no update was running: exactly the entry that update
 *    left (its generation; present or NULL): no hole during a split, no
 *    stale piece, nothing left behind by a store of the wrong order.
 * Readers also walk a block with xas_for_each() (xas_retry(), indexes
 * strictly increasing, every entry as above but the generation checks).
 *
 * The window: a load that meets a sibling slot reads the slot it names
 * in a second load, as the kernel's xas_descend() does. Between the two
 * a writer may split the entry and update the piece the sibling named,
 * or erase the whole entry and store a smaller one at its first index:
 * the load then returns that piece's entry, or NULL, which was never at
 * the index. The kernel's xa_load() has the same window; the page cache
 * closes it by checking the entry with xas_reload() after taking its
 * reference. So an xa_load() may return a torn result, counted as
 * torn_reads: an entry of this block that lies wholly below the index,
 * or NULL, and only if the index was updated during the load or the
 * block's split count moved (@splits, odd while a split runs). An
 * xas_load() and every entry of a walk are checked again with
 * xas_reload() (a walk restarts with xas_reset() when that differs, as
 * filemap's find_get_entry() does), and must pass the whole oracle.
 * Every 100 ms the main thread pauses the writers and compares the whole
 * array with the shadows and runs xa_check().
 */
#ifndef _XA_RCU_MULTI_H
#define _XA_RCU_MULTI_H

#include "mm/xarray_internal.h"

#define XM_ORDER	8
#define XM_SIZE		(1U << XM_ORDER)

/* The state word of an index: generation << 2 | busy | present. */
#define XM_PRESENT	1UL
#define XM_BUSY		2UL
#define XM_GEN_SHIFT	2

/* Value entries: block tag (20 bits), first, last (8 each), generation (24). */
#define XM_TAG_BITS	20
#define XM_GEN_BITS	24
#define XM_GEN_MASK	((1UL << XM_GEN_BITS) - 1)

enum xm_shape { XM_NONE, XM_POW2, XM_RANGE };

/**
 * struct xm_block - one block of indexes and its writer's shadow of it.
 * @lock: held by the writer updating the block.
 * @base: its first index.
 * @gen: generation of its latest update.
 * @entry: what each index holds.
 * @first: first offset of the entry each index is in (the whole range of
 *	an xa_store_range(), whose pieces are unknown).
 * @last: last offset of that entry.
 * @shape: XM_POW2 (an aligned power-of-two entry), XM_RANGE, XM_NONE.
 * @state: the state words readers check against.
 * @splits: splits started and finished (odd while one runs), for the
 *	readers' torn-load rule.
 */
struct xm_block {
	pthread_mutex_t lock;
	unsigned long base;
	unsigned long gen;
	void *entry[XM_SIZE];
	unsigned short first[XM_SIZE];
	unsigned short last[XM_SIZE];
	unsigned char shape[XM_SIZE];
	unsigned long state[XM_SIZE];
	unsigned long splits;
};

static const char *const xm_op_name[XR_MULTI_OPS] = {
	[XM_STORE_ORDER] = "order_stores",
	[XM_STORE_VALUE] = "value_stores",
	[XM_ERASE_ORDER] = "order_erases",
	[XM_STORE_RANGE] = "range_stores",
	[XM_ERASE_RANGE] = "range_erases",
	[XM_SPLIT] = "splits",
	[XM_ERASE] = "erases",
	[XM_STORE0] = "order0_stores",
	[XM_SKIPPED] = "skipped",
	[XM_CHECKS] = "full_checks",
};

static struct xm_block *xm_blocks;
static unsigned long xm_nr_blocks;
/* The main thread's periodic checks: their count and errors. */
static struct xr_thread xm_main = { .role = XR_MAIN };

/* ---- entries -------------------------------------------------------- */

static unsigned long xm_tag(const struct xm_block *b)
{
	return key_tag(b->base) & ((1UL << XM_TAG_BITS) - 1);
}

static void *xm_value(const struct xm_block *b, unsigned int lo,
		      unsigned int hi, unsigned long gen)
{
	unsigned long v = xm_tag(b);

	v = (v << XM_ORDER) | lo;
	v = (v << XM_ORDER) | hi;
	return xa_mk_value((v << XM_GEN_BITS) | (gen & XM_GEN_MASK));
}

/* @a is not older than @b, generations compared modulo 2^XM_GEN_BITS. */
static bool xm_not_older(unsigned long a, unsigned long b)
{
	return !(((a - b) & XM_GEN_MASK) >> (XM_GEN_BITS - 1));
}

static unsigned int xm_log2(unsigned int size)
{
	return (unsigned int)__builtin_ctz(size);
}

/* ---- the reader's oracle -------------------------------------------- */

/*
 * xm_check - check @entry found at offset @off of @b, with the index's
 * state @s1 read before the load and @s2 after (XM_BUSY in both when
 * unknown). @may_tear: an xa_load() that the window described at the
 * top may have torn. Return: the object, to re-check before
 * rcu_read_unlock().
 */
static struct xr_obj *xm_check(struct xr_thread *t, struct xm_block *b,
			       unsigned int off, void *entry,
			       unsigned long s1, unsigned long s2, bool may_tear)
{
	unsigned long index = b->base + off, gen, floor = s1 >> XM_GEN_SHIFT;
	bool exact = s1 == s2 && !(s1 & XM_BUSY);
	struct xr_obj *obj = NULL;

	t->reads++;
	t->xm_exact += exact;
	if (!entry) {
		t->reads_null++;
		if (exact && (s1 & XM_PRESENT)) {
			if (may_tear)
				t->xm_torn++;
			else
				xr_error(t, "index %#lx: a hole where generation %lu stored an entry",
					 index, floor);
		}
		return NULL;
	}
	if (xa_is_value(entry)) {
		unsigned long v = xa_to_value(entry);
		unsigned int hi = (v >> XM_GEN_BITS) & (XM_SIZE - 1);
		unsigned int lo = (v >> (XM_GEN_BITS + XM_ORDER)) &
				  (XM_SIZE - 1);

		t->reads_value++;
		gen = v & XM_GEN_MASK;
		if (v >> (XM_GEN_BITS + 2 * XM_ORDER) == xm_tag(b) &&
		    may_tear && hi < off) {
			t->xm_torn++;
			return NULL;
		}
		if (v >> (XM_GEN_BITS + 2 * XM_ORDER) != xm_tag(b) ||
		    off < lo || off > hi) {
			xr_error(t, "index %#lx holds value %#lx of another index",
				 index, v);
			return NULL;
		}
	} else if (xa_is_internal(entry)) {
		xr_error(t, "index %#lx: reader got internal entry %p",
			 index, entry);
		return NULL;
	} else {
		struct xr_obj *o = entry;
		unsigned long key = LOAD(o->key);

		if (may_tear && key >= b->base && LOAD(o->last) < index) {
			/* a piece below, of this block: alive all the same */
			t->xm_torn++;
			return check_obj(t, key, o);
		}
		obj = check_obj(t, index, o);
		if (!obj)
			return NULL;
		gen = LOAD(obj->gen);
	}
	if (!(s1 & XM_BUSY) && !xm_not_older(gen, floor))
		xr_error(t, "index %#lx: entry of generation %lu, but generation %lu had updated it before the load",
			 index, gen & XM_GEN_MASK, floor & XM_GEN_MASK);
	else if (exact && (!(s1 & XM_PRESENT) ||
			   ((gen ^ floor) & XM_GEN_MASK)))
		xr_error(t, "index %#lx: entry of generation %lu where generation %lu left %s",
			 index, gen & XM_GEN_MASK, floor & XM_GEN_MASK,
			 s1 & XM_PRESENT ? "another" : "nothing");
	return obj;
}

/* One xa_load() or xas_load() at a random index, checked. */
static unsigned int xm_read_one(struct xr_thread *t, struct xr_obj **seen,
				unsigned int n)
{
	struct xm_block *b = &xm_blocks[xr_below(t, xm_nr_blocks)];
	unsigned int off = (unsigned int)xr_below(t, XM_SIZE);
	unsigned long s1, s2, split1, split2;
	bool plain = xr_below(t, 4);
	struct xr_obj *obj;
	void *entry;

	split1 = LOAD(b->splits);
	s1 = LOAD(b->state[off]);
	if (plain) {
		entry = xa_load(&xr_xa, b->base + off);
	} else {
		XA_STATE(xas, &xr_xa, b->base + off);

		for (;;) {
			entry = xas_load(&xas);
			if (xas_retry(&xas, entry))
				continue;
			if (entry == xas_reload(&xas))
				break;
			t->xm_reloads++;
			xas_reset(&xas);
		}
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	s2 = LOAD(b->state[off]);
	split2 = LOAD(b->splits);
	obj = xm_check(t, b, off, entry, s1, s2,
		       plain && (s1 != s2 || (s1 & XM_BUSY) ||
				 split1 != split2 || (split1 & 1)));
	if (obj && n < MAX_SEEN)
		seen[n++] = obj;
	return n;
}

/* xas_for_each() from a random offset of a block to its end. */
static unsigned int xm_walk(struct xr_thread *t, struct xr_obj **seen,
			    unsigned int n)
{
	struct xm_block *b = &xm_blocks[xr_below(t, xm_nr_blocks)];
	XA_STATE(xas, &xr_xa, b->base + xr_below(t, XM_SIZE));
	unsigned long prev = 0;
	bool first = true;
	struct xr_obj *obj;
	void *entry;

	t->xas_walks++;
	xas_for_each(&xas, entry, b->base + XM_SIZE - 1) {
		if (xas_retry(&xas, entry))
			continue;
		if (entry != xas_reload(&xas)) {
			t->xm_reloads++;
			xas_reset(&xas);
			continue;
		}
		if (xas.xa_index < b->base || (!first && xas.xa_index <= prev)) {
			xr_error(t, "xas walk of block %#lx: index %#lx after %#lx",
				 b->base, xas.xa_index, prev);
			break;
		}
		first = false;
		prev = xas.xa_index;
		obj = xm_check(t, b, (unsigned int)(xas.xa_index - b->base),
			       entry, XM_BUSY, XM_BUSY, false);
		if (obj && n < MAX_SEEN)
			seen[n++] = obj;
	}
	if (xas_error(&xas))
		xr_error(t, "xas walk: error %d", xas_error(&xas));
	return n;
}

static void xm_reader(struct xr_thread *t)
{
	struct xr_obj *seen[MAX_SEEN];
	unsigned int n, batch;

	while (!__atomic_load_n(&stop_workers, __ATOMIC_RELAXED)) {
		n = 0;
		batch = 1 + (unsigned int)xr_below(t, MAX_SEEN / 2);
		rcu_read_lock();
		for (unsigned int i = 0; i < batch; i++) {
			n = xm_read_one(t, seen, n);
			if (!xr_below(t, 256))
				sched_yield();
		}
		if (!xr_below(t, 8))
			n = xm_walk(t, seen, n);
		reader_leave(t, seen, n);
	}
}

/* ---- the writer ----------------------------------------------------- */

/*
 * xm_plan - may an update of offsets [@first, @last] of @b go ahead, and
 * which offsets [*@lo, *@hi] will it change? Every entry it overlaps must
 * lie inside it; or, for an @aligned update (one power-of-two entry), a
 * power-of-two entry may contain it: that whole entry changes.
 */
static bool xm_plan(const struct xm_block *b, unsigned int first,
		    unsigned int last, bool aligned, unsigned int *lo,
		    unsigned int *hi)
{
	*lo = first;
	*hi = last;
	if (aligned && b->shape[first] == XM_POW2 &&
	    b->first[first] <= first && b->last[first] >= last) {
		*lo = b->first[first];
		*hi = b->last[first];
		return true;
	}
	for (unsigned int i = first; i <= last; i++)
		if (b->shape[i] != XM_NONE &&
		    (b->first[i] < first || b->last[i] > last))
			return false;
	return true;
}

/* Set offsets [@lo, @hi] of the shadow to one entry of @shape. */
static void xm_shadow_set(struct xm_block *b, unsigned int lo, unsigned int hi,
			  void *entry, enum xm_shape shape)
{
	for (unsigned int i = lo; i <= hi; i++) {
		b->entry[i] = entry;
		b->shape[i] = entry ? shape : XM_NONE;
		b->first[i] = entry ? lo : i;
		b->last[i] = entry ? hi : i;
	}
}

/* The writer's check: the array holds what the shadow says, orders too. */
static void xm_verify(struct xr_thread *t, const struct xm_block *b,
		      unsigned int lo, unsigned int hi, const char *op)
{
	for (unsigned int i = lo; i <= hi; i++) {
		unsigned long index = b->base + i;
		void *entry = xa_load(&xr_xa, index);
		int order;

		if (entry != b->entry[i]) {
			xr_error(t, "after %s: index %#lx holds %p, expected %p",
				 op, index, entry, b->entry[i]);
			return;
		}
		if (b->shape[i] != XM_POW2 || b->first[i] != i)
			continue;
		order = xa_get_order(&xr_xa, index);
		if (order != (int)xm_log2(b->last[i] - b->first[i] + 1U)) {
			xr_error(t, "after %s: entry at %#lx has order %d, expected %u",
				 op, index, order,
				 xm_log2(b->last[i] - b->first[i] + 1U));
			return;
		}
	}
}

/* Retire each object of @old[0..@n) that no index of @b holds any more. */
static void xm_retire_gone(struct xr_thread *t, const struct xm_block *b,
			   void **old, unsigned int n)
{
	for (unsigned int k = 0; k < n; k++) {
		bool dup = false, held = false;

		if (!old[k] || xa_is_value(old[k]))
			continue;
		for (unsigned int j = 0; j < k && !dup; j++)
			dup = old[j] == old[k];
		for (unsigned int i = 0; i < XM_SIZE && !held && !dup; i++)
			held = b->entry[i] == old[k];
		if (!dup && !held)
			retire(t, ((struct xr_obj *)old[k])->key, old[k]);
	}
}

/*
 * What an update hands back must have been in the range it replaced: as
 * in the kernel, the last entry its store passed over, which is a node
 * when it replaced a subtree (freed after a grace period: not to be
 * touched), else one of the entries; the entry when there was only one.
 */
static void xm_check_ret(struct xr_thread *t, const struct xm_block *b,
			 void **old, unsigned int n, void *ret,
			 unsigned int lo, const char *op)
{
	bool found = !ret || xa_is_node(ret), all_same = true;

	for (unsigned int k = 0; k < n; k++) {
		found |= old[k] == ret;
		all_same &= old[k] == old[0];
	}
	if (!found || (all_same && ret != old[0] && !xa_is_node(ret)))
		xr_error(t, "%s at %#lx returned %p, the range held %p..%p",
			 op, b->base + lo, ret, old[0], old[n - 1]);
}

/*
 * xm_update - one store or erase of offsets [@first, @last] of @b, by
 * @kind, with the shadow, state words, checks and retiring around it.
 */
static void xm_update(struct xr_thread *t, struct xm_block *b,
		      enum xm_op kind, unsigned int first, unsigned int last)
{
	bool range = kind == XM_STORE_RANGE || kind == XM_ERASE_RANGE;
	unsigned long index = b->base + first, gen;
	void *old[XM_SIZE], *entry = NULL, *ret;
	unsigned int lo, hi, n;

	if (!xm_plan(b, first, last, !range, &lo, &hi)) {
		t->xm_ops[XM_SKIPPED]++;
		return;
	}
	gen = ++b->gen;
	if (kind == XM_STORE_VALUE) {
		entry = xm_value(b, lo, hi, gen);
	} else if (kind != XM_ERASE_ORDER && kind != XM_ERASE_RANGE &&
		   kind != XM_ERASE) {
		struct xr_obj *obj = obj_new(b->base + lo);

		obj->last = b->base + hi;
		obj->gen = gen;
		entry = obj;
	}
	n = hi - lo + 1;
	memcpy(old, &b->entry[lo], n * sizeof(*old));
	for (unsigned int i = lo; i <= hi; i++)
		STORE(b->state[i], b->state[i] | XM_BUSY);

	if (kind == XM_STORE0) {
		ret = xa_store(&xr_xa, index, entry, GFP_KERNEL);
	} else if (kind == XM_ERASE) {
		ret = xa_erase(&xr_xa, index);
	} else if (range) {
		ret = xa_store_range(&xr_xa, index, b->base + last, entry,
				     GFP_KERNEL);
	} else {
		XA_STATE_ORDER(xas, &xr_xa, index, xm_log2(last - first + 1));

		do {
			xas_lock(&xas);
			ret = xas_store(&xas, entry);
			xas_unlock(&xas);
		} while (xas_nomem(&xas, GFP_KERNEL));
		if (xas_error(&xas))
			ret = XA_ERROR(xas_error(&xas));
	}
	t->xm_ops[kind]++;
	if (xa_is_err(ret)) {
		xr_error(t, "%s at %#lx: error %d", xm_op_name[kind], index,
			 xa_err(ret));
		ret = NULL;
	}
	if (range && ret)
		xr_error(t, "xa_store_range at %#lx returned %p", index, ret);
	else if (!range)
		xm_check_ret(t, b, old, n, ret, lo, xm_op_name[kind]);

	xm_shadow_set(b, lo, hi, entry, range ? XM_RANGE : XM_POW2);
	for (unsigned int i = lo; i <= hi; i++)
		STORE(b->state[i], gen << XM_GEN_SHIFT | (entry ? XM_PRESENT : 0));
	xm_verify(t, b, lo, hi, xm_op_name[kind]);
	xm_retire_gone(t, b, old, n);
}

/* Split the power-of-two entry at a random offset into smaller pieces. */
static void xm_split(struct xr_thread *t, struct xm_block *b)
{
	unsigned int off = (unsigned int)xr_below(t, XM_SIZE);
	unsigned int lo = b->first[off], size = b->last[off] - lo + 1U;
	unsigned int order = xm_log2(size), new_order, piece;
	void *entry = b->entry[off];

	if (b->shape[off] != XM_POW2 || !order) {
		t->xm_ops[XM_SKIPPED]++;
		return;
	}
	/* The kernel splits at most one node level down. */
	new_order = (unsigned int)xr_below(t, order);
	if (new_order - new_order % XA_CHUNK_SHIFT + XA_CHUNK_SHIFT < order)
		new_order = order - 1;

	XA_STATE_ORDER(xas, &xr_xa, b->base + lo, new_order);

	xas_split_alloc(&xas, entry, order, GFP_KERNEL);
	if (!xas_error(&xas)) {
		STORE(b->splits, b->splits + 1);
		xas_lock(&xas);
		xas_split(&xas, entry, order);
		xas_unlock(&xas);
		STORE(b->splits, b->splits + 1);
	}
	xas_destroy(&xas);
	t->xm_ops[XM_SPLIT]++;
	if (xas_error(&xas)) {
		xr_error(t, "splitting order %u at %#lx into order %u: error %d",
			 order, b->base + lo, new_order, xas_error(&xas));
		return;
	}
	piece = 1U << new_order;
	for (unsigned int p = lo; p < lo + size; p += piece)
		xm_shadow_set(b, p, p + piece - 1, entry, XM_POW2);
	xm_verify(t, b, lo, lo + size - 1, "split");
}

/* Offsets [*first, *last] of an aligned entry of a random order. */
static void xm_pick_aligned(struct xr_thread *t, unsigned int *first,
			    unsigned int *last)
{
	unsigned int size = 1U << xr_below(t, XM_ORDER + 1);

	*first = (unsigned int)xr_below(t, XM_SIZE) & ~(size - 1);
	*last = *first + size - 1;
}

static void xm_writer(struct xr_thread *t)
{
	while (!__atomic_load_n(&stop_workers, __ATOMIC_RELAXED)) {
		struct xm_block *b = &xm_blocks[xr_below(t, xm_nr_blocks)];
		unsigned int op = (unsigned int)xr_below(t, 100), first, last;

		t->writes++;
		if (under_valgrind && !(t->writes & 3))
			sched_yield();
		pthread_rwlock_rdlock(&pause_lock);
		pthread_mutex_lock(&b->lock);
		if (op < 60)
			xm_pick_aligned(t, &first, &last);
		if (op < 25) {
			xm_update(t, b, XM_STORE_ORDER, first, last);
		} else if (op < 32) {
			xm_update(t, b, XM_STORE_VALUE, first, last);
		} else if (op < 40) {
			xm_update(t, b, XM_ERASE_ORDER, first, last);
		} else if (op < 60) {
			xm_split(t, b);
		} else if (op < 75) {
			first = (unsigned int)xr_below(t, XM_SIZE);
			last = first + (unsigned int)xr_below(t, XM_SIZE - first);
			xm_update(t, b, op < 70 ? XM_STORE_RANGE : XM_ERASE_RANGE,
				  first, last);
		} else {
			first = (unsigned int)xr_below(t, XM_SIZE);
			xm_update(t, b, op < 85 ? XM_ERASE : XM_STORE0, first,
				  first);
		}
		pthread_mutex_unlock(&b->lock);
		pthread_rwlock_unlock(&pause_lock);
	}
}

/* ---- set-up, the periodic check, teardown --------------------------- */

static bool xm_base_taken(unsigned long base, unsigned long nr)
{
	for (unsigned long i = 0; i < nr; i++)
		if (xm_blocks[i].base == base)
			return true;
	return false;
}

static void xm_make_blocks(void)
{
	unsigned long nr = opt.nr_keys / XM_SIZE, dense, i;
	unsigned long mask = ~(unsigned long)(XM_SIZE - 1);
	uint64_t s = opt.seed ^ 0x6b657973UL;

	xm_nr_blocks = nr < 8 ? 8 : nr;
	xm_blocks = calloc(xm_nr_blocks, sizeof(*xm_blocks));
	if (!xm_blocks)
		abort();
	dense = xm_nr_blocks * 3 / 4;
	for (i = 0; i < xm_nr_blocks; i++) {
		struct xm_block *b = &xm_blocks[i];

		pthread_mutex_init(&b->lock, NULL);
		if (i < dense)
			b->base = i * XM_SIZE;
		else if (i == dense)
			b->base = ULONG_MAX & mask;
		else if (i == dense + 1)
			b->base = 1UL << 63;
		else if (i == dense + 2)
			b->base = 1UL << 32;
		else
			do {
				b->base = (unsigned long)xr_next(&s) & mask;
			} while (xm_base_taken(b->base, i));
		xm_shadow_set(b, 0, XM_SIZE - 1, NULL, XM_NONE);
	}
}

/* With the writers paused: the array is what the shadows say. */
static void xm_check_all(void)
{
	struct xr_thread t = { .role = XR_MAIN };
	struct xa_check_stats st;
	char msg[160];

	for (unsigned long k = 0; k < xm_nr_blocks; k++)
		xm_verify(&t, &xm_blocks[k], 0, XM_SIZE - 1, "pause");
	if (xa_check(&xr_xa, &st, NULL, NULL, msg, sizeof(msg)))
		xr_error(&t, "xa_check: %s", msg);
	xm_main.errors += t.errors;
	xm_main.xm_ops[XM_CHECKS]++;
}

/* Erase every block, retiring what it held. */
static void xm_teardown(struct xr_thread *self)
{
	for (unsigned long k = 0; k < xm_nr_blocks; k++) {
		struct xm_block *b = &xm_blocks[k];
		void *old[XM_SIZE], *ret;

		memcpy(old, b->entry, sizeof(old));
		ret = xa_store_range(&xr_xa, b->base, b->base + XM_SIZE - 1,
				     NULL, GFP_KERNEL);
		if (ret)
			xr_error(self, "erasing block %#lx: %p", b->base, ret);
		xm_shadow_set(b, 0, XM_SIZE - 1, NULL, XM_NONE);
		xm_retire_gone(self, b, old, XM_SIZE);
		pthread_mutex_destroy(&b->lock);
	}
	free(xm_blocks);
}

#endif /* _XA_RCU_MULTI_H */
