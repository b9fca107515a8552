// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * xarray marks: three bits per entry, XA_MARK_0..XA_MARK_2.
 *
 * Layout. In a leaf, bit n of node->marks[m] says the entry in slot n
 * carries mark m. Above the leaves, bit n says some entry below slot n
 * does. The array's own XA_FLAGS_MARK(m) bit in xa_flags says some entry
 * does; when index 0 lives in the head, that bit is index 0's mark.
 * Writers keep all three levels consistent under xa_lock; readers follow
 * the bits under RCU, so a search skips every subtree without the mark.
 *
 * Rules (the kernel's): only a present entry (a reservation counts) can
 * be marked; erasing an entry clears its marks, replacing it keeps them.
 * In an array that tracks free indices, XA_MARK_0 is the allocator's
 * XA_FREE_MARK: libgcma keeps free space in its own bitmap, and a user
 * touching XA_MARK_0 there records a WARN violation instead.
 */
#include "libgcma-config.h"
#include <libgcma/xarray.h>
#include "kernel/bitops.h"
#include "kernel/bug.h"
#include "kernel/compiler.h"
#include "kernel/kernel.h"
#include "kernel/port.h"
#include "kernel/rcupdate.h"
#include "mm/xarray_internal.h"

static void xa_flags_mark(struct xarray *xa, xa_mark_t mark, bool set)
{
	gfp_t flags = xa->xa_flags;

	if (set)
		flags |= XA_FLAGS_MARK(mark);
	else
		flags &= ~XA_FLAGS_MARK(mark);
	WRITE_ONCE(xa->xa_flags, flags);
}

/* Set @mark on slot @offset of @node and on every level above it. */
static void xa_mark_set_at(struct xarray *xa, struct xa_node *node,
			   unsigned int offset, xa_mark_t mark)
{
	while (node) {
		unsigned long was = node->marks[mark];

		WRITE_ONCE(node->marks[mark], was | (1UL << offset));
		if (was)
			return;
		offset = node->offset;
		node = node->parent;
	}
	xa_flags_mark(xa, mark, true);
}

/*
 * Clear @mark on slot @offset of @node, and above while nothing is left.
 * A bit already clear ends the walk: the levels above say the same as
 * before (an unmarked entry's erase, the common case, touches nothing).
 */
static void xa_mark_clear_at(struct xarray *xa, struct xa_node *node,
			     unsigned int offset, xa_mark_t mark)
{
	while (node) {
		unsigned long was = node->marks[mark];
		unsigned long now = was & ~(1UL << offset);

		if (now == was)
			return;
		WRITE_ONCE(node->marks[mark], now);
		if (now)
			return;
		offset = node->offset;
		node = node->parent;
	}
	xa_flags_mark(xa, mark, false);
}

/**
 * xa_marks_clear_index() - drop every mark of an entry being erased.
 * @xa: the array.
 * @leaf: the leaf holding it, or NULL when it lives in the head.
 * @offset: its slot in @leaf.
 *
 * Context: xa_lock held.
 * Return: nothing.
 */
void xa_marks_clear_index(struct xarray *xa, struct xa_node *leaf,
			  unsigned int offset)
{
	xa_mark_t mark;

	for (mark = XA_MARK_0; mark <= XA_MARK_MAX; mark++)
		xa_mark_clear_at(xa, leaf, offset, mark);
}

/**
 * xa_marks_below_head() - slot 0 of @node takes over what the head was.
 * @xa: the array.
 * @node: a new root whose slot 0 holds the old head (entry or node).
 *
 * The array's mark bits stay as they are: the same entries carry marks.
 *
 * Context: xa_lock held; @node not yet visible to readers.
 * Return: nothing.
 */
void xa_marks_below_head(const struct xarray *xa, struct xa_node *node)
{
	xa_mark_t mark;

	for (mark = XA_MARK_0; mark <= XA_MARK_MAX; mark++)
		if (xa->xa_flags & XA_FLAGS_MARK(mark))
			node->marks[mark] |= 1UL;
}

/**
 * xa_marks_to_head() - the head takes over slot 0 of the root.
 * @xa: the array.
 * @root: the root being shrunk away.
 * @entry: what the head will hold (NULL for a ZERO_BUSY zero entry).
 *
 * Context: xa_lock held.
 * Return: nothing.
 */
void xa_marks_to_head(struct xarray *xa, const struct xa_node *root,
		      const void *entry)
{
	xa_mark_t mark;

	for (mark = XA_MARK_0; mark <= XA_MARK_MAX; mark++)
		xa_flags_mark(xa, mark, entry && (root->marks[mark] & 1UL));
}

/**
 * xa_marks_clear_array() - the array holds nothing any more.
 * @xa: the array.
 *
 * Context: xa_lock held.
 * Return: nothing.
 */
void xa_marks_clear_array(struct xarray *xa)
{
	WRITE_ONCE(xa->xa_flags, xa->xa_flags &
		   ~(XA_FLAGS_MARK(XA_MARK_0) | XA_FLAGS_MARK(XA_MARK_1) |
		     XA_FLAGS_MARK(XA_MARK_2)));
}

/**
 * xa_mark_usable() - may the caller use @mark on @xa?
 * @xa: the array.
 * @mark: the mark.
 *
 * Context: Any context.
 * Return: true for XA_MARK_0..2, except XA_MARK_0 (the allocator's free
 * mark) in an array that tracks free indices; false, with a WARN
 * violation, otherwise.
 */
bool xa_mark_usable(const struct xarray *xa, xa_mark_t mark)
{
	if (WARN(mark > XA_MARK_MAX, "xarray %p: no mark %u", (void *)xa,
		 mark))
		return false;
	if (WARN(mark == XA_FREE_MARK && xa_track_free(xa),
		 "xarray %p: XA_MARK_0 is XA_FREE_MARK in an allocating array",
		 (void *)xa))
		return false;
	return true;
}

/* Set (or clear) @mark on @index if it holds an entry; xa_lock held. */
static void xa_mark_locked(struct xarray *xa, unsigned long index,
			   xa_mark_t mark, bool set)
{
	void *head = rcu_dereference_protected(xa->xa_head, 1);
	struct xa_node *leaf = NULL;
	unsigned int offset = 0;

	if (!xa_mark_usable(xa, mark))
		return;
	if (xa_is_node(head)) {
		leaf = xa_find_leaf(xa, index, &offset);
		if (!leaf || !leaf->slots[offset])
			return;
	} else if (index || !head) {
		return;
	}
	if (set)
		xa_mark_set_at(xa, leaf, offset, mark);
	else
		xa_mark_clear_at(xa, leaf, offset, mark);
}

/**
 * __xa_set_mark() - set @mark on the entry at @index, with xa_lock held.
 * @xa: the array.
 * @index: the index.
 * @mark: XA_MARK_0..XA_MARK_2.
 *
 * Nothing happens if @index holds no entry (a reservation can be marked).
 *
 * Context: An attached thread, any context. Expects xa_lock held on entry
 * and keeps it held; never allocates.
 * Return: nothing. A bad @mark, or XA_MARK_0 on an allocating array, is a
 * WARN violation; a thread attached to no machine, an API violation.
 */
void __xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	if (unlikely(!caller_attached(__func__)))
		return;
	xa_assert_held(xa);
	xa_mark_locked(xa, index, mark, true);
}

/**
 * __xa_clear_mark() - clear @mark on the entry at @index, xa_lock held.
 * @xa: the array.
 * @index: the index.
 * @mark: XA_MARK_0..XA_MARK_2.
 *
 * Context: An attached thread, any context. Expects xa_lock held on entry
 * and keeps it held; never allocates.
 * Return: nothing; violations as __xa_set_mark().
 */
void __xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	if (unlikely(!caller_attached(__func__)))
		return;
	xa_assert_held(xa);
	xa_mark_locked(xa, index, mark, false);
}

/**
 * xa_set_mark() - set @mark on the entry at @index.
 * @xa: the array.
 * @index: the index.
 * @mark: XA_MARK_0..XA_MARK_2.
 *
 * Context: An attached thread, any context. Takes and releases xa_lock.
 * Return: nothing; violations as __xa_set_mark().
 */
void xa_set_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	if (unlikely(!caller_attached(__func__)))
		return;
	xa_lock(xa);
	xa_mark_locked(xa, index, mark, true);
	xa_unlock(xa);
}

/**
 * xa_clear_mark() - clear @mark on the entry at @index.
 * @xa: the array.
 * @index: the index.
 * @mark: XA_MARK_0..XA_MARK_2.
 *
 * Context: An attached thread, any context. Takes and releases xa_lock.
 * Return: nothing; violations as __xa_set_mark().
 */
void xa_clear_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	if (unlikely(!caller_attached(__func__)))
		return;
	xa_lock(xa);
	xa_mark_locked(xa, index, mark, false);
	xa_unlock(xa);
}

/* xa_get_mark() inside the RCU read lock: follow the bits downwards. */
static bool xa_get_mark_rcu(struct xarray *xa, unsigned long index,
			    xa_mark_t mark)
{
	for (;;) {
		void *entry = rcu_dereference(xa->xa_head);
		struct xa_node *node;

		if (!xa_marked(xa, mark))
			return false;
		if (!xa_is_node(entry))
			return !index && entry;
		node = xa_to_node(entry);
		if (index > xa_max_for_shift(node->shift))
			return false;
		for (;;) {
			unsigned int offset = (index >> node->shift) &
					      XA_CHUNK_MASK;

			entry = rcu_dereference(node->slots[offset]);
			/* a multi-index entry's marks are on its own slot */
			if (xa_is_sibling(entry))
				entry = xa_sibling_entry(node, node->shift,
							 entry, &offset);
			if (!(READ_ONCE(node->marks[mark]) & (1UL << offset)))
				return false;
			if (xa_is_retry(entry))
				break;
			if (!node->shift || !xa_is_node(entry))
				return entry != NULL;
			node = xa_to_node(entry);
		}
	}
}

/**
 * xa_get_mark() - does the entry at @index carry @mark?
 * @xa: the array.
 * @index: the index.
 * @mark: XA_MARK_0..XA_MARK_2.
 *
 * Context: An attached thread, any context. Takes and releases the RCU
 * read lock; the answer may be stale by the time it is used.
 * Return: true if @index holds an entry with @mark set; false otherwise,
 * for a bad @mark or XA_MARK_0 on an allocating array (WARN violations),
 * and for a thread attached to no machine (an API violation).
 */
bool xa_get_mark(struct xarray *xa, unsigned long index, xa_mark_t mark)
{
	bool ret;

	if (unlikely(!caller_attached(__func__)))
		return false;
	if (!xa_mark_usable(xa, mark))
		return false;
	rcu_read_lock();
	ret = xa_get_mark_rcu(xa, index, mark);
	rcu_read_unlock();
	return ret;
}

/**
 * xa_find_marked_rcu() - the first present entry carrying @mark at an
 * index in [*@indexp, @max].
 * @xa: the array.
 * @indexp: in: first index; out: the entry's index (only when found).
 * @max: last index.
 * @mark: a usable mark.
 * @how: 0 or XA_FIND_STARTS.
 *
 * Each pass walks down from the head following the mark bits; a pass that
 * runs out of marked slots in a node starts again from the head after
 * that node's range. Reservations are skipped. Starting inside a
 * multi-index entry finds it at its first index, unless @how has
 * XA_FIND_STARTS (then only entries starting at or after *@indexp count).
 *
 * Context: RCU read lock held.
 * Return: the entry, or NULL.
 */
void *xa_find_marked_rcu(struct xarray *xa, unsigned long *indexp,
			 unsigned long max, xa_mark_t mark, unsigned int how)
{
	unsigned long start = *indexp, index = start;

	while (index <= max) {
		void *entry = rcu_dereference(xa->xa_head);
		struct xa_node *node;

		if (!xa_marked(xa, mark))
			return NULL;
		if (!xa_is_node(entry)) {
			if (index || !entry || xa_is_zero(entry))
				return NULL;
			*indexp = 0;
			return entry;
		}
		node = xa_to_node(entry);
		if (index > xa_max_for_shift(node->shift))
			return NULL;
		for (;;) {
			unsigned int offset = xa_offset(node, index);
			unsigned long span = xa_max_for_shift(node->shift);
			unsigned long bits, next;
			void *here = rcu_dereference(node->slots[offset]);

			/*
			 * Starting inside a multi-index entry: as the
			 * kernel, look at the entry from its first index
			 * (or, for XA_FIND_STARTS, not at all).
			 */
			if (index == start && xa_is_sibling(here) &&
			    !(how & XA_FIND_STARTS)) {
				xa_sibling_entry(node, node->shift, here,
						 &offset);
				index = (index & ~span) |
					((unsigned long)offset << node->shift);
				start = index;
			}
			bits = READ_ONCE(node->marks[mark]) &
			       (XA_FREE_ALL << offset);

			if (!bits) {
				/* nothing marked in the rest of this node */
				next = (index | span) + 1;
				if (!next || next > max)
					return NULL;
				index = next;
				break;
			}
			if (__ffs(bits) != offset) {
				offset = __ffs(bits);
				index = (index & ~span) |
					((unsigned long)offset << node->shift);
				if (index > max)
					return NULL;
			}
			/*
			 * a marked reservation, or a slot emptied meanwhile,
			 * moves on to the next slot
			 */
			switch (xa_find_slot(&node, offset, &index, max,
					     &entry, how & XA_FIND_STARTS,
					     index == start)) {
			case XA_FIND_FOUND:
				*indexp = index;
				return entry;
			case XA_FIND_END:
				return NULL;
			case XA_FIND_DOWN:
			case XA_FIND_NEXT:
				continue;
			case XA_FIND_RESTART:
				break;
			}
			break;
		}
	}
	return NULL;
}

/**
 * xa_marks_squash() - gather the marks of a multi-index entry's slots.
 * @node: the node the entry is being stored in.
 * @offset: its own slot.
 * @sibs: how many slots after @offset it covers.
 *
 * A mark set on any of the slots (an entry there, or something below a
 * child node there) is set on @offset and cleared on the others, as the
 * kernel does: only an entry's own slot carries its marks.
 *
 * Context: xa_lock held.
 * Return: nothing.
 */
void xa_marks_squash(struct xa_node *node, unsigned int offset,
		     unsigned int sibs)
{
	unsigned long range;
	xa_mark_t mark;

	if (!sibs)
		return;
	range = (XA_FREE_ALL >> (XA_CHUNK_SIZE - sibs)) << (offset + 1);
	for (mark = XA_MARK_0; mark <= XA_MARK_MAX; mark++) {
		unsigned long bits = node->marks[mark];

		if (!(bits & range))
			continue;
		WRITE_ONCE(node->marks[mark], (bits & ~range) | (1UL << offset));
	}
}
