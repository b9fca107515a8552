// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The xarray's advanced API: struct xa_state, a cursor that the caller
 * moves through the array under its own locking.
 *
 * Locking is the kernel's: xas_load() and xas_find() need the RCU read
 * lock or xa_lock held across the walk and for as long as the caller uses
 * @xas->xa_node or the entry; xas_store() needs xa_lock. Any xas_* call
 * may be made from a loop that drops the lock after xas_pause().
 *
 * Memory: xas_store() never blocks. It allocates with GFP_NOWAIT, after
 * first using the nodes xas_nomem() put on @xas->xa_alloc, and on failure
 * records -ENOMEM in @xas, leaving the array unchanged and keeping every
 * node it did get for the next try. The caller then drops the lock and
 * calls xas_nomem(), which allocates one more node with the caller's gfp
 * and asks for a retry, or frees what is left once there is no error.
 *
 * Differences from the kernel: a walk that meets a
 * node that left the tree starts again from the head by itself instead
 * of returning XA_RETRY_ENTRY from xas_find(). xas_load() may still
 * return a retry entry; xas_retry() handles it.
 */
#include "libgcma-config.h"
#include <libgcma/xarray.h>
#include "kernel/bug.h"
#include "kernel/compiler.h"
#include "kernel/kernel.h"
#include "kernel/port.h"
#include "kernel/rcupdate.h"
#include "kernel/slab.h"
#include "mm/xarray_internal.h"

static void *xas_find_filtered(struct xa_state *xas, unsigned long max,
			       xa_mark_t filter);

static void xas_set_bounds(struct xa_state *xas)
{
	xas->xa_node = XAS_BOUNDS;
}

/*
 * Walk from the head to the slot of @xas->xa_index; leave @xas at the
 * node the walk ended in (NULL for the head). Return the raw entry.
 */
static void *xas_walk(struct xa_state *xas)
{
	void *entry = rcu_dereference(xas->xa->xa_head);
	unsigned long index = xas->xa_index;
	struct xa_node *node;

	if (!xa_is_node(entry)) {
		if (index) {
			xas_set_bounds(xas);
			return NULL;
		}
		xas->xa_node = NULL;
		xas->xa_offset = 0;
		return entry;
	}
	node = xa_to_node(entry);
	if (index > xa_max_for_shift(node->shift)) {
		xas_set_bounds(xas);
		return NULL;
	}
	/* a cursor of higher order stops above the nodes its range covers */
	if (xas->xa_shift > node->shift) {
		xas->xa_node = NULL;
		xas->xa_offset = 0;
		return entry;
	}
	for (;;) {
		unsigned int offset = xa_offset(node, index);

		entry = rcu_dereference(node->slots[offset]);
		if (!node->shift || !xa_is_node(entry) ||
		    xas->xa_shift > xa_to_node(entry)->shift) {
			xas->xa_node = node;
			/* a multi-index entry: its own slot */
			if (xa_is_sibling(entry))
				entry = xa_sibling_entry(node, node->shift,
							 entry, &offset);
			xas->xa_offset = offset;
			return entry;
		}
		node = xa_to_node(entry);
	}
}

/**
 * xas_load() - the raw entry at @xas's index.
 * @xas: the cursor.
 *
 * Leaves @xas at the node holding the index (NULL for the head), or in
 * the bounds state when the index lies beyond the tree.
 *
 * Context: An attached thread; RCU read lock or xa_lock held.
 * Return: the entry, zero and retry entries included (see xas_retry());
 * NULL if the index is empty or @xas holds an error, and, with -ENXIO
 * recorded in @xas, for a thread attached to no machine (an API
 * violation).
 */
void *xas_load(struct xa_state *xas)
{
	void *entry;

	if (unlikely(!caller_attached(__func__))) {
		xas_set_err(xas, -ENXIO);
		return NULL;
	}
	if (xas_error(xas))
		return NULL;
	rcu_read_lock();
	entry = xas_walk(xas);
	rcu_read_unlock();
	return entry;
}

/**
 * xas_store() - make @xas's index hold @entry.
 * @xas: the cursor.
 * @entry: the new entry, XA_ZERO_ENTRY included; NULL erases (and clears
 *	the index's marks).
 *
 * Never blocks: the nodes a store needs come from @xas->xa_alloc and then
 * GFP_NOWAIT allocations. On failure -ENOMEM is recorded in @xas and the
 * array is unchanged: drop the lock, call xas_nomem(), and try again.
 * Afterwards @xas is at the node holding the index, or (after an erase)
 * restarts its next walk from the head.
 *
 * Context: An attached thread; xa_lock held (the lock validator reports
 * a call without it).
 * Return: the raw entry the index held (XA_ZERO_ENTRY for a reservation),
 * or NULL with an error recorded in @xas: -ENOMEM, -EINVAL for an entry
 * xa_is_advanced() names (a WARN violation; a cursor of order above 0
 * stores a multi-index entry, see xa_store_multi()), -ENXIO for a thread
 * attached to no machine (an API violation). Nothing is stored when @xas
 * already holds an error.
 */
void *xas_store(struct xa_state *xas, void *entry)
{
	void *head, *old;

	if (unlikely(!caller_attached(__func__))) {
		xas_set_err(xas, -ENXIO);
		return NULL;
	}
	if (xas_error(xas))
		return NULL;
	if (WARN_ON_ONCE(xa_is_advanced(entry))) {
		xas_set_err(xas, -EINVAL);
		return NULL;
	}
	xa_assert_held(xas->xa);
	head = xa_head_locked(xas->xa);
	old = xa_store_state(xas, entry);
	if (xas_error(xas))
		return NULL;
	/*
	 * Only an erase takes nodes away. When it took the root away (the
	 * tree emptied or shrank), whatever is left lies below the index,
	 * and the cursor is out of bounds, as in the kernel; otherwise it
	 * stays at the index, in the leaf or the node above the hole.
	 */
	if (!entry && xa_is_node(head) && xa_head_locked(xas->xa) != head)
		xas_set_bounds(xas);
	else
		xas_walk(xas);
	return old;
}

/**
 * xas_find() - the next entry at most @max.
 * @xas: the cursor.
 * @max: the last index to look at.
 *
 * A cursor fresh from XA_STATE(), xas_set(), xas_reset() or xas_pause()
 * looks at its own index first; a cursor positioned by an earlier call
 * looks after it. On success @xas moves to the entry's index; when nothing
 * is left it enters the bounds state and its index is unchanged.
 *
 * Context: An attached thread; RCU read lock or xa_lock held.
 * Return: the entry (reservations included: skip them with xas_retry()),
 * or NULL when none is left, when @xas holds an error, and, with -ENXIO
 * recorded, for a thread attached to no machine (an API violation).
 */
void *xas_find(struct xa_state *xas, unsigned long max)
{
	if (unlikely(!caller_attached(__func__))) {
		xas_set_err(xas, -ENXIO);
		return NULL;
	}
	return xas_find_filtered(xas, max, XA_PRESENT);
}

/**
 * xas_find_marked() - the next entry carrying @mark, at most @max.
 * @xas: the cursor.
 * @max: the last index to look at.
 * @mark: XA_MARK_0..XA_MARK_2.
 *
 * Moves like xas_find(), over the entries carrying @mark only;
 * reservations are skipped even when marked.
 *
 * Context: An attached thread; RCU read lock or xa_lock held.
 * Return: the entry, or NULL when none is left, when @xas holds an error,
 * for a bad @mark or XA_MARK_0 on an allocating array (WARN violations),
 * and, with -ENXIO recorded, for a thread attached to no machine.
 */
void *xas_find_marked(struct xa_state *xas, unsigned long max,
		      xa_mark_t mark)
{
	if (unlikely(!caller_attached(__func__))) {
		xas_set_err(xas, -ENXIO);
		return NULL;
	}
	if (!xa_mark_usable(xas->xa, mark))
		return NULL;
	return xas_find_filtered(xas, max, mark);
}

/*
 * One step of xas_next() (@step 1) or xas_prev() (@step -1), as the
 * kernel takes it: a cursor in the restart state or holding an error
 * does not move its index first; one at the head moves out of bounds;
 * one in a node moves its offset with the index, climbing to the parent
 * when it leaves the node and descending to the new index's slot.
 */
static void *xas_step(struct xa_state *xas, int step)
{
	struct xa_node *node = xas->xa_node;
	unsigned char edge = step > 0 ? XA_CHUNK_SIZE : 255;
	void *entry;

	/* RESTART and error entries have bit 1 set ("frozen") */
	if (!((unsigned long)node & 2))
		xas->xa_index += step;
	if (!node) {
		xas_set_bounds(xas);
		return NULL;
	}
	if (xas_invalid(xas)) {
		if (xas_error(xas))
			return NULL;
		return xas_walk(xas);
	}
	if (xas->xa_offset != xa_offset(node, xas->xa_index))
		xas->xa_offset += step;
	while (xas->xa_offset == edge) {
		xas->xa_offset = node->offset + step;
		node = node->parent;
		xas->xa_node = node;
		if (!node) {
			xas_set_bounds(xas);
			return NULL;
		}
	}
	for (;;) {
		entry = rcu_dereference(node->slots[xas->xa_offset]);
		if (!node->shift || !xa_is_node(entry))
			return entry;
		node = xa_to_node(entry);
		xas->xa_node = node;
		xas->xa_offset = xa_offset(node, xas->xa_index);
	}
}

/**
 * xas_next() - move @xas to the next index and return its entry.
 * @xas: the cursor.
 *
 * Unlike xas_find(), visits every index, empty ones included. A cursor
 * fresh from XA_STATE(), xas_set() or xas_reset() returns the entry of
 * its own index; one at the head (index 0 held there) or beyond the
 * tree's end moves out of bounds; ULONG_MAX wraps to 0.
 *
 * Context: An attached thread; RCU read lock or xa_lock held.
 * Return: the raw entry at the new index (zero and retry entries
 * included), NULL for an empty index, out of bounds, when @xas holds an
 * error, and, with -ENXIO recorded, for a thread attached to no machine.
 */
void *xas_next(struct xa_state *xas)
{
	void *entry;

	if (unlikely(!caller_attached(__func__))) {
		xas_set_err(xas, -ENXIO);
		return NULL;
	}
	rcu_read_lock();
	entry = xas_step(xas, 1);
	rcu_read_unlock();
	return entry;
}

/**
 * xas_prev() - move @xas to the previous index and return its entry.
 * @xas: the cursor.
 *
 * The mirror of xas_next(); index 0 wraps to ULONG_MAX.
 *
 * Context: An attached thread; RCU read lock or xa_lock held.
 * Return: as xas_next().
 */
void *xas_prev(struct xa_state *xas)
{
	void *entry;

	if (unlikely(!caller_attached(__func__))) {
		xas_set_err(xas, -ENXIO);
		return NULL;
	}
	rcu_read_lock();
	entry = xas_step(xas, -1);
	rcu_read_unlock();
	return entry;
}

/*
 * xas_find_conflict() once positioned: the next entry in the cursor's
 * range, slot by slot at the cursor's level and below, siblings skipped.
 */
static void *xas_conflict_next(struct xa_state *xas)
{
	void *curr;

	if (xas->xa_node->shift > xas->xa_shift)
		return NULL;
	for (;;) {
		struct xa_node *node = xas->xa_node;

		if (node->shift == xas->xa_shift) {
			if ((xas->xa_offset & xas->xa_sibs) == xas->xa_sibs)
				break;
		} else if (xas->xa_offset == XA_CHUNK_MASK) {
			/* the end of a child: back to its slot above */
			xas->xa_offset = node->offset;
			xas->xa_node = node->parent;
			if (!xas->xa_node)
				break;
			continue;
		}
		curr = rcu_dereference(node->slots[++xas->xa_offset]);
		if (xa_is_sibling(curr))
			continue;
		while (xas->xa_node->shift && xa_is_node(curr)) {
			xas->xa_node = xa_to_node(curr);
			xas->xa_offset = 0;
			curr = rcu_dereference(xas->xa_node->slots[0]);
		}
		if (curr)
			return curr;
	}
	xas->xa_offset -= xas->xa_sibs;
	return NULL;
}

/**
 * xas_find_conflict() - the next entry an xas_store() at @xas would replace.
 * @xas: the cursor, of any order.
 *
 * The step of xas_for_each_conflict(). A cursor not yet positioned walks
 * to its index and returns what is there; then, as in the kernel, every
 * further entry inside the cursor's range, in index order, each once.
 * xas_get_order() works on the cursor at each.
 *
 * Context: An attached thread; xa_lock held.
 * Return: the entry (reservations included), or NULL when there is no
 * (further) conflict, when @xas holds an error, and, with -ENXIO
 * recorded, for a thread attached to no machine (an API violation).
 */
void *xas_find_conflict(struct xa_state *xas)
{
	unsigned char shift = xas->xa_shift;
	void *entry = NULL;

	if (unlikely(!caller_attached(__func__))) {
		xas_set_err(xas, -ENXIO);
		return NULL;
	}
	if (xas_error(xas) || !xas->xa_node)
		return NULL;
	rcu_read_lock();
	if (xas_invalid(xas)) {
		/* walk all the way down to the index, whatever the order */
		xas->xa_shift = 0;
		entry = xas_walk(xas);
		xas->xa_shift = shift;
	}
	if (!entry && xas_is_node(xas))
		entry = xas_conflict_next(xas);
	rcu_read_unlock();
	return entry;
}

/*
 * Ranges whose stores could need more nodes than this are refused: the
 * kernel would try to allocate them all (2^58 for the whole index space).
 */
#define XA_RANGE_MAX_NODES	(1UL << 17)

/**
 * xa_level_missing() - does a store at @index need a new node at @shift?
 * @head: the array's head.
 * @shift: the level.
 * @index: the index.
 *
 * Context: xa_lock held.
 * Return: true when no node of level @shift covers @index and no
 * multi-index entry above stops the walk short of that level.
 */
bool xa_level_missing(void *head, unsigned int shift, unsigned long index)
{
	struct xa_node *node;

	if (!xa_is_node(head))
		return true;
	node = xa_to_node(head);
	if (node->shift < shift || index > xa_max_for_shift(node->shift))
		return true;
	while (node->shift > shift) {
		void *entry = xa_slot_locked(node, xa_offset(node, index));

		if (!entry)
			return true;
		if (!xa_is_node(entry))
			return false;
		node = xa_to_node(entry);
	}
	return false;
}

/*
 * How many nodes the kernel's xas_create_range() would create for order-0
 * stores at every index of [@first, @last]: at every level up to the
 * root, each node covering part of the range that is not there yet
 * (below a multi-index entry none), and the path up from index 0 when
 * the head entry moves into a leaf or the root gains levels. Above
 * XA_RANGE_MAX_NODES, returns XA_RANGE_MAX_NODES + 1.
 */
static unsigned long xa_range_nodes_needed(const struct xarray *xa,
					   unsigned long first,
					   unsigned long last)
{
	void *head = xa_head_locked(xa);
	unsigned int top = xa_shift_for(last), root = 0;
	unsigned long need = 0;
	unsigned int shift;

	if (xa_is_node(head)) {
		root = xa_to_node(head)->shift;
		top = max(top, root);
	}
	for (shift = 0; shift <= top; shift += XA_CHUNK_SHIFT) {
		unsigned int up = shift + XA_CHUNK_SHIFT;
		unsigned long lo = up < BITS_PER_LONG ? first >> up : 0;
		unsigned long hi = up < BITS_PER_LONG ? last >> up : 0;
		unsigned long c;

		if (hi - lo >= XA_RANGE_MAX_NODES - need)
			return XA_RANGE_MAX_NODES + 1;
		for (c = lo; c <= hi; c++)
			need += xa_level_missing(head, shift,
						 up < BITS_PER_LONG ? c << up : 0);
		if (lo && ((head && !xa_is_node(head)) ||
			   (xa_is_node(head) && shift > root)))
			need++;
	}
	return need;
}

/**
 * xas_create_range() - make sure stores over @xas's range need no memory.
 * @xas: the cursor; of order N, its range is the 2^N indices of the
 *	order-N entry at its index.
 *
 * As the kernel's: afterwards order-0 xas_store()s at every index of the
 * range, made under the same lock (moving with xas_next()), do not fail
 * for memory. The kernel links the (empty) nodes into the tree; this
 * xarray never holds an empty node, so they wait on @xas->xa_alloc
 * instead, as many as the kernel would link (xas_nomem() or
 * xas_destroy() frees any spares). On success the cursor is, as in the
 * kernel, of order 0 at the range's first index. On failure it is
 * unchanged and -ENOMEM is recorded for the usual xas_nomem() loop. A
 * cursor already holding an error keeps it. A range that could need
 * more than 2^17 nodes gets -EINVAL and a WARN violation (the kernel
 * tries to allocate them all).
 *
 * Context: An attached thread; xa_lock held.
 * Return: nothing; errors are recorded in @xas (-ENXIO for a thread
 * attached to no machine, an API violation).
 */
void xas_create_range(struct xa_state *xas)
{
	unsigned long first = xas->xa_index, last, need;

	if (unlikely(!caller_attached(__func__))) {
		xas_set_err(xas, -ENXIO);
		return;
	}
	if (xas_error(xas))
		return;
	xa_assert_held(xas->xa);
	if (!xas->xa_shift && !xas->xa_sibs) {
		xa_reserve_nodes(xas);
		return;
	}
	/* wraps to ~0UL for the order that covers every index */
	last = first | (((xas->xa_sibs + 1UL) << xas->xa_shift) - 1);
	need = xa_range_nodes_needed(xas->xa, first, last);
	if (WARN_ON_ONCE(need > XA_RANGE_MAX_NODES)) {
		xas_set_err(xas, -EINVAL);
		return;
	}
	xa_reserve_count(xas, need);
	if (xas_error(xas))
		return;
	xas->xa_shift = 0;
	xas->xa_sibs = 0;
	xas->xa_node = XAS_RESTART;
}

/**
 * xas_set_order() - move @xas to the order-@order entry covering @index.
 * @xas: the cursor.
 * @index: any index inside the entry.
 * @order: the entry's order, 0 to BITS_PER_LONG.
 *
 * As XA_STATE_ORDER(): the index is rounded down to the entry's first,
 * @xas->xa_shift and @xas->xa_sibs describe where such an entry lives,
 * and the next walk starts from the head.
 *
 * Context: Any context.
 * Return: nothing.
 */
void xas_set_order(struct xa_state *xas, unsigned long index,
		   unsigned int order)
{
	if (WARN_ON_ONCE(order > BITS_PER_LONG))
		order = BITS_PER_LONG;
	xas->xa_index = XA_ORDER_INDEX(index, order);
	xas->xa_shift = XA_ORDER_SHIFT(order);
	xas->xa_sibs = XA_ORDER_SIBS(order);
	xas->xa_node = XAS_RESTART;
}

/**
 * xas_reload() - the entry at @xas's index, read again.
 * @xas: the cursor, positioned by an earlier walk under the same lock.
 *
 * Cheaper than xas_load(): reads again, in the node the last walk ended
 * at, the slot of the cursor's own index, and when that is a sibling the
 * slot it leads to (a retry entry if a split put a node there, as
 * xas_load() gives). Not the slot the walk found the entry in: between the
 * walk and the reload a writer may have erased or split a multi-index
 * entry and stored another entry at its first index, and a caller that
 * revalidates (the page cache after folio_try_get()) must then see that
 * its index holds something else. A cursor that is not positioned walks
 * from the head instead.
 *
 * Context: An attached thread; the RCU read lock or xa_lock held since
 * the walk that positioned @xas.
 * Return: as xas_load().
 */
void *xas_reload(struct xa_state *xas)
{
	struct xa_node *node = xas->xa_node;
	void *entry;

	if (xas_invalid(xas))
		return xas_load(xas);
	if (!node)
		return rcu_dereference(xas->xa->xa_head);
	entry = rcu_dereference(node->slots[xa_offset(node, xas->xa_index)]);
	if (!xa_is_sibling(entry))
		return entry;
	return xa_sibling_entry(node, node->shift, entry, NULL);
}

/**
 * xas_set_mark() - set @mark on the entry at @xas's index.
 * @xas: the cursor.
 * @mark: XA_MARK_0..XA_MARK_2.
 *
 * Context: An attached thread; xa_lock held (the lock validator
 * reports a call without it).
 * Return: nothing; nothing happens for an empty index or a cursor not
 * positioned by a walk (restart, bounds or error state, as in the
 * kernel); violations as __xa_set_mark().
 */
void xas_set_mark(const struct xa_state *xas, xa_mark_t mark)
{
	if (xas_invalid(xas))
		return;
	__xa_set_mark(xas->xa, xas->xa_index, mark);
}

/**
 * xas_clear_mark() - clear @mark on the entry at @xas's index.
 * @xas: the cursor.
 * @mark: XA_MARK_0..XA_MARK_2.
 *
 * Context: An attached thread; xa_lock held (the lock validator
 * reports a call without it).
 * Return: nothing; as xas_set_mark().
 */
void xas_clear_mark(const struct xa_state *xas, xa_mark_t mark)
{
	if (xas_invalid(xas))
		return;
	__xa_clear_mark(xas->xa, xas->xa_index, mark);
}

/**
 * xas_init_marks() - clear every mark of the entry at @xas's index.
 * @xas: the cursor, positioned by a walk.
 *
 * What a new entry starts with: no marks (in an array that tracks free
 * indices, XA_MARK_0 is the allocator's and is left alone).
 *
 * Context: An attached thread; xa_lock held.
 * Return: nothing; as xas_clear_mark() for a cursor not positioned.
 */
void xas_init_marks(const struct xa_state *xas)
{
	xa_mark_t mark;

	for (mark = XA_MARK_0; mark <= XA_MARK_MAX; mark++) {
		if (mark == XA_FREE_MARK && xa_track_free(xas->xa))
			continue;
		xas_clear_mark(xas, mark);
	}
}

/**
 * xas_get_mark() - does the entry at @xas's index carry @mark?
 * @xas: the cursor.
 * @mark: XA_MARK_0..XA_MARK_2.
 *
 * Context: An attached thread; RCU read lock or xa_lock held.
 * Return: as xa_get_mark(); false for a cursor not positioned by a walk
 * (restart, bounds or error state).
 */
bool xas_get_mark(const struct xa_state *xas, xa_mark_t mark)
{
	if (xas_invalid(xas))
		return false;
	return xa_get_mark(xas->xa, xas->xa_index, mark);
}

/*
 * Where a find that found nothing leaves @xas, as in the kernel:
 * xas_find() is out of bounds; xas_find_marked() restarts when the search
 * went past @max and is out of bounds only when the tree ended first.
 */
static void xas_find_none(struct xa_state *xas, unsigned long index,
			  unsigned long max, xa_mark_t filter)
{
	void *head = rcu_dereference(xas->xa->xa_head);
	unsigned long top = 0;

	if (xa_is_node(head))
		top = xa_max_for_shift(xa_to_node(head)->shift);
	if (filter != XA_PRESENT && (top >= max || index > max))
		xas->xa_node = XAS_RESTART;
	else
		xas_set_bounds(xas);
}

/*
 * xas_find()'s step within the leaf @xas stands in, as the kernel's
 * xas_find() takes it: the next slot after the cursor's index (sibling
 * slots skipped) holding an entry, zero entries included. After the
 * cursor's index, not after the slot its entry starts in: under RCU a
 * writer may have split or replaced that entry since, and its old
 * sibling slots may now hold entries below the index. NULL when the
 * leaf has none left at most @max, or meets a retry entry (the leaf left
 * the tree): the walk from the head then decides.
 */
static void *xas_find_in_leaf(struct xa_state *xas, unsigned long max)
{
	struct xa_node *node = xas->xa_node;
	unsigned int offset = xas->xa_index & XA_CHUNK_MASK;
	unsigned long base = xas->xa_index & ~(unsigned long)XA_CHUNK_MASK;
	void *entry = NULL;

	rcu_read_lock();
	while (++offset < XA_CHUNK_SIZE && base + offset <= max) {
		entry = rcu_dereference(node->slots[offset]);
		if (!entry || xa_is_sibling(entry))
			continue;
		if (xa_is_retry(entry))
			break;
		xas->xa_index = base + offset;
		xas->xa_offset = offset;
		rcu_read_unlock();
		return entry;
	}
	rcu_read_unlock();
	return NULL;
}

/* xas_find() and xas_find_marked() once the caller has been checked. */
static void *xas_find_filtered(struct xa_state *xas, unsigned long max,
			       xa_mark_t filter)
{
	unsigned long index = xas->xa_index;
	unsigned int how = XA_FIND_ZEROS;
	void *entry;

	if (xas_error(xas) || xas->xa_node == XAS_BOUNDS)
		return NULL;
	/* Fast path: the next entry is in the leaf the cursor stands in. */
	if (filter == XA_PRESENT && xas_valid(xas) && xas->xa_node &&
	    !xas->xa_node->shift && !xas->xa_shift) {
		entry = xas_find_in_leaf(xas, max);
		if (entry)
			return entry;
	}
	if (xas_valid(xas)) {
		if (index == ULONG_MAX) {
			xas_set_bounds(xas);
			return NULL;
		}
		/* past the rest of the current (multi-index) entry */
		index++;
		how |= XA_FIND_STARTS;
	}
	if (index > max) {
		xas_find_none(xas, index, max, filter);
		return NULL;
	}
	rcu_read_lock();
	if (filter == XA_PRESENT)
		entry = xa_find_rcu(xas->xa, &index, max, how);
	else
		entry = xa_find_marked_rcu(xas->xa, &index, max, filter, how);
	if (entry) {
		xas->xa_index = index;
		xas_walk(xas);
	} else {
		xas_find_none(xas, index, max, filter);
	}
	rcu_read_unlock();
	return entry;
}

/**
 * xas_next_entry() - the entry after the current one, at most @max.
 * @xas: the cursor.
 * @max: the last index to look at.
 *
 * The step of xas_for_each(); the same as xas_find().
 *
 * Context: As xas_find().
 * Return: as xas_find().
 */
void *xas_next_entry(struct xa_state *xas, unsigned long max)
{
	return xas_find(xas, max);
}

/**
 * xas_pause() - let the caller drop its lock inside an iteration.
 * @xas: the cursor.
 *
 * The next xas_find()/xas_next_entry() walks again from the head and
 * starts after the current index, so nothing is visited twice, whatever
 * happened to the tree meanwhile. Does nothing to a cursor in an error,
 * bounds or restart state.
 *
 * Context: Any context.
 * Return: nothing.
 */
void xas_pause(struct xa_state *xas)
{
	struct xa_node *node = xas->xa_node;
	unsigned int offset;

	if (xas_invalid(xas))
		return;
	xas->xa_node = XAS_RESTART;
	if (!node) {
		if (xas->xa_index == ULONG_MAX)
			xas_set_bounds(xas);
		else
			xas->xa_index++;
		return;
	}
	/* past the whole entry at the cursor, sibling slots included */
	offset = xas->xa_offset;
	while (++offset < XA_CHUNK_SIZE &&
	       xa_is_sibling(rcu_dereference(node->slots[offset])))
		;
	xas->xa_index &= ~0UL << node->shift;
	xas->xa_index += (unsigned long)(offset - xas->xa_offset) << node->shift;
	if (!xas->xa_index)
		xas_set_bounds(xas);
}
