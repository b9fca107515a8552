// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Multi-index entries: one entry covering 2^order aligned indices (the
 * kernel's CONFIG_XARRAY_MULTI), as the page cache uses for large folios.
 *
 * Layout (the kernel's). An entry of order N lives in the node whose shift
 * S is N rounded down to a multiple of XA_CHUNK_SHIFT: in the slot of its
 * first index (its own, "canonical" slot), followed by
 * (1 << (N - S)) - 1 sibling entries (xa_mk_sibling(canonical)) in the
 * next slots. So nodes above the leaves hold entries as well as child
 * nodes; a reader tells them apart with xa_is_node() there (which is why
 * an entry that looks like a node, a pointer aligned to only 2 bytes, may
 * not be stored at an order of XA_CHUNK_SHIFT or more), and turns a
 * sibling into the entry it stands for. Counts are the kernel's: every
 * sibling slot counts in ->count, and in ->nr_values when its entry is a
 * value. Marks live on the canonical slot only.
 *
 * Writes (xa_store_multi()) follow the kernel's xas_store(): storing over
 * a range replaces whatever was there (child nodes and their entries go,
 * their marks are gathered onto the new entry); storing into part of a
 * larger entry, or an order-0 store inside one, replaces the larger
 * entry's value for all its indices; storing NULL erases the entry that
 * covers the index, all of it. As for order-0 stores, every node a store
 * needs is obtained before the tree changes.
 */
#include "libgcma-config.h"
#include <libgcma/xarray.h>
#include "kernel/bug.h"
#include "kernel/compiler.h"
#include "kernel/kernel.h"
#include "kernel/port.h"
#include "kernel/rcupdate.h"
#include "kernel/slab.h"
#include "kernel/string.h"
#include "mm/xarray_internal.h"

/* The canonical slot of the entry in slot @offset of @node. */
static unsigned int xa_canonical(const struct xa_node *node,
				 unsigned int offset)
{
	void *entry = xa_slot_locked(node, offset);

	while (xa_is_sibling(entry) && xa_to_sibling(entry) < offset) {
		offset = xa_to_sibling(entry);
		entry = xa_slot_locked(node, offset);
	}
	return offset;
}

/*
 * The last index a store through @xas covers; as in the kernel, one more
 * when the entry starts at 0 and would fill the node it needs, so that
 * such an entry gets a node of its own instead of the head.
 */
static unsigned long xa_multi_max(const struct xa_state *xas)
{
	unsigned long size = (xas->xa_sibs + 1UL) << xas->xa_shift;
	unsigned long mask = size - 1;
	unsigned long max = xas->xa_index | mask;

	if (mask == max && max != ULONG_MAX)
		max++;
	return max;
}

/* The slot of @index in a node of @shift. */
static unsigned int xa_offset_at(unsigned long index, unsigned int shift)
{
	return (index >> shift) & XA_CHUNK_MASK;
}

/*
 * How many nodes storing through @xas (reaching @max) will link in: new
 * root levels, then new nodes down to the entry's level where its path is
 * missing. Nothing changes.
 */
static unsigned int xa_multi_nodes_needed(const struct xa_state *xas,
					  unsigned long max)
{
	unsigned int order = xas->xa_shift, top = xa_shift_for(max);
	void *head = xa_head_locked(xas->xa);
	struct xa_node *node = NULL;
	unsigned int shift, need = 0;

	if (!head)
		return (top - order) / XA_CHUNK_SHIFT + 1;
	if (xa_is_node(head)) {
		node = xa_to_node(head);
		shift = node->shift;
		if (top > shift) {
			need = (top - shift) / XA_CHUNK_SHIFT;
			shift = top;
		}
	} else {
		/* the head's entry moves into a leaf below new levels */
		need = top / XA_CHUNK_SHIFT + 1;
		shift = top;
	}
	while (shift > order) {
		unsigned int offset = xa_offset_at(xas->xa_index, shift);
		void *entry;

		if (!node || shift > node->shift) {
			/* a new root level: only slot 0 leads anywhere */
			if (offset)
				return need + (shift - order) / XA_CHUNK_SHIFT;
			shift -= XA_CHUNK_SHIFT;
			continue;
		}
		entry = xa_slot_locked(node, offset);
		if (!entry)
			return need + (shift - order) / XA_CHUNK_SHIFT;
		if (!xa_is_node(entry))
			return need;
		node = xa_to_node(entry);
		shift -= XA_CHUNK_SHIFT;
	}
	return need;
}

/*
 * Fill slot @offset of @node, a node nobody sees yet or whose slots
 * there are empty, with @entry and @sibs siblings.
 */
static void xa_multi_fill(struct xarray *xa, struct xa_node *node,
			  unsigned int offset, unsigned int sibs, void *entry,
			  xa_update_node_t update)
{
	unsigned int i;

	for (i = 0; i <= sibs; i++) {
		rcu_assign_pointer(node->slots[offset + i],
				   i ? xa_mk_sibling(offset) : entry);
		xa_update_free(xa, node, offset + i);
	}
	node->count += sibs + 1;
	node->nr_values += xa_is_value(entry) * (sibs + 1);
	xa_node_changed(update, node);
}

/*
 * Build, out of sight of readers, nodes from @top down to @bottom along
 * @index, holding @entry and @sibs siblings at the bottom. Return the
 * top node.
 */
static struct xa_node *xa_multi_chain(struct xarray *xa,
				      struct xa_prealloc *p, unsigned int top,
				      unsigned int bottom, unsigned long index,
				      unsigned int sibs, void *entry)
{
	struct xa_node *node = xa_prealloc_take(p, xa, bottom);

	xa_multi_fill(xa, node, xa_offset_at(index, bottom), sibs, entry,
		      p->update);
	while (node->shift < top) {
		struct xa_node *parent;
		unsigned int offset;

		parent = xa_prealloc_take(p, xa, node->shift + XA_CHUNK_SHIFT);
		offset = xa_offset_at(index, parent->shift);
		parent->slots[offset] = xa_mk_node(node);
		parent->count = 1;
		node->parent = parent;
		node->offset = offset;
		xa_update_free(xa, parent, offset);
		xa_node_changed(p->update, parent);
		node = parent;
	}
	return node;
}

/*
 * The kernel's store loop: from canonical slot @offset of @node, write
 * @entry and then siblings up to @offset + @sibs (NULL: empty the slots
 * of the entry there and of every entry starting up to @offset + @sibs,
 * with their siblings). Child nodes replaced go, with everything below.
 * Return the entry that was in @offset.
 */
static void *xa_multi_write(struct xa_state *xas, struct xa_node *node,
			    unsigned int offset, unsigned int sibs,
			    void *entry)
{
	struct xarray *xa = xas->xa;
	unsigned int max = min(offset + sibs, (unsigned int)XA_CHUNK_MASK);
	unsigned int i = offset, last;
	void *first = xa_slot_locked(node, offset);
	void *old = first, *next = first;
	void *stored = entry;
	bool value = xa_is_value(entry);
	int count = 0, values = 0;

	if (first == entry && !sibs)
		return first;
	xa_marks_squash(node, offset, max - offset);
	if (!entry)
		xa_marks_clear_index(xa, node, offset);
	for (;;) {
		rcu_assign_pointer(node->slots[i], entry);
		last = i;
		if (node->shift && xa_is_node(next))
			xa_free_tree(xa_to_node(next), xas->xa_update);
		count += !next - !entry;
		values += !xa_is_value(first) - !value;
		if (entry) {
			if (i == max)
				break;
			if (!xa_is_sibling(entry))
				entry = xa_mk_sibling(offset);
		} else if (i == XA_CHUNK_MASK) {
			break;
		}
		next = xa_slot_locked(node, ++i);
		if (!xa_is_sibling(next)) {
			if (!entry && i > max)
				break;
			first = next;
		}
	}
	/*
	 * Sibling slots past @max still stand for the entry now in @offset:
	 * count them as values or not (the kernel leaves its count stale).
	 */
	for (i = last + 1; entry && i <= XA_CHUNK_MASK &&
	     xa_slot_locked(node, i) == xa_mk_sibling(offset); i++)
		values += xa_is_value(stored) - xa_is_value(old);
	node->count += count;
	node->nr_values += values;
	if (count || values)
		xa_node_changed(xas->xa_update, node);
	for (i = offset; i <= last; i++)
		xa_update_free(xa, node, i);
	if (count < 0)
		xa_prune(xa, node, offset, xas->xa_update);
	return old;
}

/* xa_store_multi() of NULL: erase what the cursor's range holds. */
static void *xa_multi_erase(struct xa_state *xas)
{
	struct xarray *xa = xas->xa;
	unsigned long index = xas->xa_index;
	void *entry = xa_head_locked(xa);
	struct xa_node *node = NULL;
	unsigned int offset = 0;

	if (!xa_is_node(entry)) {
		if (index || !entry)
			return NULL;
		xa_marks_clear_index(xa, NULL, 0);
		WRITE_ONCE(xa->xa_head, NULL);
		return entry;
	}
	if (index > xa_max_for_shift(xa_to_node(entry)->shift))
		return NULL;
	for (;;) {
		struct xa_node *child = xa_to_node(entry);

		/* a node wholly inside the range goes from its parent */
		if (xas->xa_shift > child->shift)
			break;
		node = child;
		offset = xa_canonical(node, xa_offset(node, index));
		entry = xa_slot_locked(node, offset);
		if (!node->shift || !xa_is_node(entry))
			break;
	}
	if (!node) {
		/* the cursor's range covers the whole tree */
		WRITE_ONCE(xa->xa_head, NULL);
		xa_marks_clear_array(xa);
		xa_free_tree(xa_to_node(entry), xas->xa_update);
		return NULL;
	}
	return xa_multi_write(xas, node, offset,
			      node->shift == xas->xa_shift ? xas->xa_sibs : 0,
			      NULL);
}

/*
 * Store non-NULL @entry through @xas with the nodes in @p (exactly
 * xa_multi_nodes_needed() of them), reaching @max.
 */
static void *xa_multi_create(struct xa_state *xas, struct xa_prealloc *p,
			     unsigned long max, void *entry)
{
	struct xarray *xa = xas->xa;
	unsigned long index = xas->xa_index;
	unsigned int order = xas->xa_shift;
	struct xa_node *node, *chain;
	unsigned int offset;
	void *next;

	if (!xa_head_locked(xa)) {
		chain = xa_multi_chain(xa, p, xa_shift_for(max), order, index,
				       xas->xa_sibs, entry);
		rcu_assign_pointer(xa->xa_head, xa_mk_node(chain));
		return NULL;
	}
	node = xa_expand(xa, p, max);
	while (node->shift > order) {
		offset = xa_offset(node, index);
		next = xa_slot_locked(node, offset);
		if (!next) {
			chain = xa_multi_chain(xa, p,
					       node->shift - XA_CHUNK_SHIFT,
					       order, index, xas->xa_sibs,
					       entry);
			chain->parent = node;
			chain->offset = offset;
			rcu_assign_pointer(node->slots[offset],
					   xa_mk_node(chain));
			node->count++;
			xa_update_free(xa, node, offset);
			xa_node_changed(p->update, node);
			return NULL;
		}
		if (!xa_is_node(next)) {
			/* a larger entry covers the index: it takes @entry */
			return xa_multi_write(xas, node,
					      xa_canonical(node, offset), 0,
					      entry);
		}
		node = xa_to_node(next);
	}
	offset = xa_canonical(node, xa_offset(node, index));
	return xa_multi_write(xas, node, offset, xas->xa_sibs, entry);
}

/**
 * xa_store_multi() - xa_store_state() for multi-index stores.
 * @xas: a cursor of order above 0, or one whose index lies inside a
 *	multi-index entry.
 * @entry: the new entry; NULL erases.
 *
 * Never sleeps; on -ENOMEM the array is unchanged and the nodes obtained
 * wait in @xas->xa_alloc, as for order-0 stores.
 *
 * Context: xa_lock held.
 * Return: the raw entry that was in the slot the store started at (for
 * a store over a range, the kernel's "essentially meaningless" value),
 * or NULL with an error recorded: -ENOMEM, or -EINVAL (a WARN
 * violation) for an entry that looks like a node going above the leaves.
 */
void *xa_store_multi(struct xa_state *xas, void *entry)
{
	struct xa_prealloc p;
	unsigned long max;
	void *old;
	int err;

	if (!entry)
		return xa_multi_erase(xas);
	if (xa_is_node(entry)) {
		unsigned int offset;
		struct xa_node *node = xas->xa_shift ? NULL :
			xa_find_leaf(xas->xa, xas->xa_index, &offset);

		if (WARN_ON_ONCE(xas->xa_shift || (node && node->shift))) {
			xas_set_err(xas, -EINVAL);
			return NULL;
		}
	}
	max = xa_multi_max(xas);
	err = xa_prealloc_fill(&p, xa_multi_nodes_needed(xas, max),
			       &xas->xa_alloc);
	if (err) {
		xas_set_err(xas, err);
		return NULL;
	}
	p.update = xas->xa_update;
	old = xa_multi_create(xas, &p, max, entry);
	WARN_ON_ONCE(p.nr);
	xa_prealloc_release(&p);
	return old;
}

/*
 * Point @xas at the largest piece of [@first, @last] that one entry can
 * cover: aligned, at one node level, and not crossing the end of a node.
 */
static void xa_range_piece(struct xa_state *xas, unsigned long first,
			   unsigned long last)
{
	unsigned long span = last - first, mask, units;
	unsigned int shift = 0;

	/* climb while @first is aligned and a whole slot above still fits */
	while (shift + XA_CHUNK_SHIFT < BITS_PER_LONG &&
	       !(first & ((1UL << (shift + XA_CHUNK_SHIFT)) - 1)) &&
	       span >= (1UL << (shift + XA_CHUNK_SHIFT)) - 1)
		shift += XA_CHUNK_SHIFT;
	/* whole slots of this level in the range: (span + 1) >> shift */
	mask = (1UL << shift) - 1;
	units = (span >> shift) + ((span & mask) == mask);
	units = min(units, XA_CHUNK_SIZE - xa_offset_at(first, shift));
	xas_set(xas, first);
	xas->xa_shift = shift;
	xas->xa_sibs = units - 1;
}

/*
 * Count the node of level @shift over @index, unless the last one counted
 * at that level (@seen, per level: its number + 1) is the same.
 */
static unsigned int xa_range_count(unsigned long *seen, unsigned int shift,
				   unsigned long index)
{
	unsigned int up = shift + XA_CHUNK_SHIFT;
	unsigned long id = (up < BITS_PER_LONG ? index >> up : 0) + 1;

	if (seen[shift / XA_CHUNK_SHIFT] == id)
		return 0;
	seen[shift / XA_CHUNK_SHIFT] = id;
	return 1;
}

/*
 * How many nodes the pieces of a store of non-NULL entries over [@first,
 * @last] (xa_range_piece()'s) link in, all of them, so that they can be
 * had before the first piece changes anything: for each piece, the ones
 * xa_store_state() takes (the head entry's move into a leaf, new root
 * levels, the missing nodes of its path down to its level), less those
 * an earlier piece adds. The pieces go up in index, so the pieces passing
 * through one node are consecutive: remembering the last node counted at
 * each level is enough. @xas is scratch.
 */
static unsigned long xa_range_nodes(struct xa_state *xas, unsigned long first,
				    unsigned long last)
{
	void *head = xa_head_locked(xas->xa);
	unsigned long seen[XA_MAX_LEVELS] = { 0 };
	unsigned long index = first, need = 0, size;
	bool rooted = xa_is_node(head);
	unsigned int shift, top, root = rooted ? xa_to_node(head)->shift : 0;

	for (;; index += size) {
		xa_range_piece(xas, index, last);
		top = xa_shift_for(xas->xa_shift || xas->xa_sibs ?
				   xa_multi_max(xas) : index);
		if (!rooted && head) {
			/* the head's entry moves into a leaf of index 0 */
			for (shift = 0; shift <= top; shift += XA_CHUNK_SHIFT)
				need += xa_range_count(seen, shift, 0);
		} else if (rooted) {
			/* new root levels: each has the old root in slot 0 */
			for (shift = root + XA_CHUNK_SHIFT; shift <= top;
			     shift += XA_CHUNK_SHIFT)
				need += xa_range_count(seen, shift, 0);
		}
		if (!rooted || top > root)
			root = top;
		rooted = true;
		for (shift = xas->xa_shift; shift <= root;
		     shift += XA_CHUNK_SHIFT)
			if (xa_level_missing(head, shift, index))
				need += xa_range_count(seen, shift, index);
		size = (xas->xa_sibs + 1UL) << xas->xa_shift;
		if (!size || index + size - 1 >= last)
			return need;
	}
}

/**
 * xa_store_range() - store @entry at every index from @first to @last.
 * @xa: the array.
 * @first: the first index.
 * @last: the last index (inclusive).
 * @entry: the entry; NULL erases the range.
 * @gfp: allocation flags for the nodes the stores may need.
 *
 * The range is covered by as few multi-index entries as the layout
 * allows (each aligned, within one node); what the range held before is
 * replaced. Loading any index of the range afterwards gives @entry.
 *
 * Context: An attached thread (see Return), any context. Takes and
 * releases xa_lock; allocates under it, or with it dropped when @gfp may
 * sleep.
 * Return: NULL, or an error entry: xa_err() gives -EINVAL for an
 * internal @entry (a WARN violation) or @last below @first, -ENOMEM when
 * a node could not be allocated (every node the range needs is had
 * before anything is stored, so then nothing changed; the kernel keeps
 * the part stored so far), -ENXIO for a thread attached to no machine
 * (an API violation).
 */
void *xa_store_range(struct xarray *xa, unsigned long first,
		     unsigned long last, void *entry, gfp_t gfp)
{
	XA_STATE(xas, xa, 0);
	bool reserve = entry && first != last;

	if (unlikely(!caller_attached(__func__)))
		return XA_ERROR(-ENXIO);
	if (WARN_ON_ONCE(xa_is_internal(entry)))
		return XA_ERROR(-EINVAL);
	if (last < first)
		return XA_ERROR(-EINVAL);
	xa_lock(xa);
	do {
		unsigned long index = first;

		/* one index is one store, which fails whole by itself */
		if (reserve)
			xa_reserve_count(&xas, xa_range_nodes(&xas, first,
							      last));
		if (xas_error(&xas))
			continue;
		for (;;) {
			unsigned long size;

			xa_range_piece(&xas, index, last);
			xa_store_state(&xas, entry);
			if (xas_error(&xas)) {
				/* short of nodes: xa_range_nodes() is wrong */
				WARN_ON_ONCE(reserve);
				break;
			}
			size = (xas.xa_sibs + 1UL) << xas.xa_shift;
			if (!size || index + size - 1 >= last)
				break;
			index += size;
		}
	} while (__xas_nomem(&xas, gfp));
	xa_unlock(xa);
	return xa_state_result(&xas, NULL);
}

/**
 * xas_get_order() - the order of the entry @xas was walked to.
 * @xas: a cursor positioned by xas_load() or a find.
 *
 * Context: An attached thread; RCU read lock or xa_lock held since the
 * walk.
 * Return: 0 to BITS_PER_LONG; 0 for an entry in the head or a cursor not
 * positioned at a node.
 */
int xas_get_order(struct xa_state *xas)
{
	struct xa_node *node = xas->xa_node;
	unsigned int order = 0;

	if (!node || xas_invalid(xas))
		return 0;
	while (xas->xa_offset + (1U << order) < XA_CHUNK_SIZE &&
	       xa_is_sibling(rcu_dereference(node->slots[xas->xa_offset +
						       (1U << order)])))
		order++;
	return order + node->shift;
}

/**
 * xa_get_order() - the order of the entry at @index.
 * @xa: the array.
 * @index: any index inside the entry.
 *
 * Context: An attached thread (see Return), any context. Takes and
 * releases the RCU read lock.
 * Return: the entry's order; 0 for an empty index, and for a thread
 * attached to no machine (an API violation).
 */
int xa_get_order(struct xarray *xa, unsigned long index)
{
	XA_STATE(xas, xa, index);
	int order = 0;

	if (unlikely(!caller_attached(__func__)))
		return 0;
	rcu_read_lock();
	if (xas_load(&xas))
		order = xas_get_order(&xas);
	rcu_read_unlock();
	return order;
}

/**
 * xas_split_alloc() - get the nodes xas_split() will need.
 * @xas: a cursor of the order the pieces will have.
 * @entry: the entry the pieces will hold (xas_split() stores it).
 * @order: the order of the entry being split.
 * @gfp: allocation flags; may sleep if they allow it.
 *
 * A split within one node needs nothing; a split of an entry one level
 * above the pieces needs one node for each slot the entry covers. As in
 * the kernel, an entry more than one level above the pieces cannot be
 * split (a WARN violation and -ENOMEM; the kernel lets an order of
 * exactly two levels more through, and its split then makes pieces of
 * the wrong order). The nodes wait on
 * @xas->xa_alloc; xas_destroy() (or xas_nomem()) frees any left over.
 *
 * Context: An attached thread; without xa_lock if @gfp may sleep.
 * Return: nothing; -ENOMEM recorded in @xas (and every spare node freed)
 * on failure.
 */
void xas_split_alloc(struct xa_state *xas, void *entry, unsigned int order,
		     gfp_t gfp)
{
	unsigned int sibs = (1U << (order % XA_CHUNK_SHIFT)) - 1;
	unsigned int shift = xas->xa_shift;
	struct kmem_cache *cache = xa_node_cache();

	(void)entry;
	/* the kernel lets order == shift + 2 levels through, and splits wrong */
	if (WARN_ON_ONCE(shift + 2 * XA_CHUNK_SHIFT <= order))
		goto nomem;
	if (shift + XA_CHUNK_SHIFT > order)
		return;
	do {
		struct xa_node *node;

		node = cache ? kmem_cache_alloc(cache, gfp & ~__GFP_ZERO) : NULL;
		if (!node)
			goto nomem;
		node->parent = xas->xa_alloc;
		xas->xa_alloc = node;
	} while (sibs-- > 0);
	return;
nomem:
	xas_destroy(xas);
	xas_set_err(xas, -ENOMEM);
}

/* A node one level below @parent's slot @offset, full of @entry pieces. */
static struct xa_node *xa_split_child(struct xa_state *xas,
				      struct xa_node *parent,
				      unsigned int offset, void *entry,
				      unsigned long marks[XA_MAX_MARKS])
{
	struct xa_node *child = xas->xa_alloc;
	unsigned int i, m;

	xas->xa_alloc = child->parent;
	memset(child, 0, sizeof(*child));
	INIT_LIST_HEAD(&child->private_list);
	child->shift = parent->shift - XA_CHUNK_SHIFT;
	child->array = xas->xa;
	child->parent = parent;
	child->offset = offset;
	for (i = 0; i < XA_CHUNK_SIZE; i++) {
		unsigned int canon = i & ~(unsigned int)xas->xa_sibs;

		child->slots[i] = i == canon ? entry : xa_mk_sibling(canon);
		for (m = 0; m < XA_MAX_MARKS; m++)
			if (marks[m] && i == canon)
				child->marks[m] |= 1UL << i;
	}
	child->count = XA_CHUNK_SIZE;
	child->nr_values = xa_is_value(entry) ? XA_CHUNK_SIZE : 0;
	return child;
}

/**
 * xas_split() - split a multi-index entry into entries of @xas's order.
 * @xas: a cursor of the pieces' order, at an index inside the entry.
 * @entry: what every piece holds.
 * @order: the order of the entry being split.
 *
 * Every piece gets the marks the entry had. A split one level down takes
 * the nodes xas_split_alloc() put on @xas->xa_alloc; readers see the old
 * entry or a piece at every index, never a hole.
 *
 * Context: An attached thread; xa_lock held.
 * Return: nothing; errors recorded in @xas, each a WARN violation that
 * changes nothing: -EINVAL when @xas's index holds no entry, or one whose
 * order is not @order, when the pieces would be larger, or for an
 * entry that looks like a node in a node above the leaves;
 * -ENOMEM when xas_split_alloc() was not called or failed.
 */
void xas_split(struct xa_state *xas, void *entry, unsigned int order)
{
	unsigned int sibs = (1U << (order % XA_CHUNK_SHIFT)) - 1;
	unsigned long marks[XA_MAX_MARKS];
	unsigned int offset, m, piece, have = 0;
	struct xa_node *node, *spare;
	void *curr;
	int values = 0;

	if (unlikely(!caller_attached(__func__)))
		return;
	curr = xas_load(xas);
	node = xas->xa_node;
	if (!node || xas_invalid(xas))
		return;
	xa_assert_held(xas->xa);
	/*
	 * Bad input the kernel does not catch: no entry there, an entry of
	 * another order (the kernel splits @order's slots and leaves the
	 * rest leading to a piece, or overwrites the next entry), pieces
	 * larger than it (pieces of its own order store @entry over it, as
	 * the kernel's), or an entry that looks like a node where the split
	 * leaves something in a node above the leaves.
	 */
	piece = xas->xa_shift + ilog2(xas->xa_sibs + 1UL);
	if (WARN_ON_ONCE(!curr || xas_get_order(xas) != (int)order ||
			 piece > order || (xa_is_node(entry) && node->shift))) {
		xas_set_err(xas, -EINVAL);
		return;
	}
	for (spare = xas->xa_alloc; spare; spare = spare->parent)
		have++;
	if (xas->xa_shift < node->shift && WARN_ON_ONCE(have < sibs + 1)) {
		xas_set_err(xas, -ENOMEM);
		return;
	}
	for (m = 0; m < XA_MAX_MARKS; m++)
		marks[m] = node->marks[m] & (1UL << xas->xa_offset);
	offset = xas->xa_offset + sibs;
	do {
		if (xas->xa_shift < node->shift) {
			struct xa_node *child;

			child = xa_split_child(xas, node, offset, entry, marks);
			for (m = 0; m < XA_MAX_MARKS; m++)
				if (marks[m])
					node->marks[m] |= 1UL << offset;
			rcu_assign_pointer(node->slots[offset],
					   xa_mk_node(child));
			values -= xa_is_value(curr);
			xa_node_changed(xas->xa_update, child);
		} else {
			unsigned int canon = offset - xas->xa_sibs;

			for (m = 0; m < XA_MAX_MARKS; m++)
				if (marks[m])
					node->marks[m] |= 1UL << canon;
			rcu_assign_pointer(node->slots[canon], entry);
			while (offset > canon)
				rcu_assign_pointer(node->slots[offset--],
						   xa_mk_sibling(canon));
			values += (xa_is_value(entry) - xa_is_value(curr)) *
				  (xas->xa_sibs + 1);
		}
	} while (offset-- > xas->xa_offset);
	node->nr_values += values;
	xa_node_changed(xas->xa_update, node);
}
