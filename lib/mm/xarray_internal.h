/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * xarray internals shared by lib/mm/xarray.c and the xarray tests: the node
 * layout, the internal entries, and a structural checker.
 *
 * Nothing here is public API. The checker walks a tree without taking any
 * lock; call it with xa_lock held or while no writer can run.
 */
#ifndef _MM_XARRAY_INTERNAL_H
#define _MM_XARRAY_INTERNAL_H

#include "libgcma-config.h"
#include <libgcma/xarray.h>
#include "kernel/compiler.h"
#include "kernel/kernel.h"
#include "kernel/rcupdate.h"
#include "kernel/string.h"

#ifndef XA_CHUNK_SHIFT
#error "XA_CHUNK_SHIFT must come from libgcma-config.h"
#endif

/* Levels a tree may need to cover every unsigned long index. */
#define XA_MAX_LEVELS		DIV_ROUND_UP(BITS_PER_LONG, XA_CHUNK_SHIFT)

/* One free bit per slot; a node's free map must fit in one word. */
#define XA_FREE_ALL		(~0UL >> (BITS_PER_LONG - XA_CHUNK_SIZE))

/*
 * Internal entries that may appear in a slot: XA_RETRY_ENTRY and
 * XA_ZERO_ENTRY (include/libgcma/xarray.h), node pointers (internal
 * entries above 4096 in the slots of nodes above the leaves and in the
 * head), and error entries, which sit at the very top of the address
 * space and are only ever returned by the xarray itself.
 */
#define XA_ERROR(err)		xa_mk_internal((unsigned long)(long)(err))

/*
 * struct xa_node is in include/libgcma/xarray.h (the kernel's layout is
 * public too). Its callback storage holds a struct rcu_head once the node
 * has left the tree.
 */
_Static_assert(sizeof(((struct xa_node *)0)->rcu_head) >=
	       sizeof(struct rcu_head), "xa_node rcu_head storage too small");

static inline struct rcu_head *xa_node_rcu(struct xa_node *node)
{
	return (struct rcu_head *)(void *)node->rcu_head;
}

/*
 * May @entry live in xa_head? Not if a reader would take it for a node
 * (internal and above 4096: a pointer aligned to only 2 bytes, or an
 * error-looking one), and, as in the kernel, not the zero entry when it
 * is stored (a shrink may still move it there): such an entry at index 0
 * gets a leaf of its own.
 */
static inline bool xa_head_may_hold(const void *entry)
{
	if (!xa_is_internal(entry))
		return true;
	return !xa_is_zero(entry) && (unsigned long)entry <= 4096;
}

static inline bool xa_track_free(const struct xarray *xa)
{
	return xa->xa_flags & XA_FLAGS_TRACK_FREE;
}

static inline bool xa_zero_busy(const struct xarray *xa)
{
	return xa->xa_flags & XA_FLAGS_ZERO_BUSY;
}

/* Slot @offset of @node, for a writer (xa_lock held). */
static inline void *xa_slot_locked(const struct xa_node *node,
				   unsigned int offset)
{
	struct xa_node *n = (struct xa_node *)node;

	return rcu_dereference_protected(n->slots[offset], 1);
}

/* Highest index a tree whose root has @shift can hold. */
static inline unsigned long xa_max_for_shift(unsigned int shift)
{
	if (shift + XA_CHUNK_SHIFT >= BITS_PER_LONG)
		return ULONG_MAX;
	return (1UL << (shift + XA_CHUNK_SHIFT)) - 1;
}

static inline unsigned int xa_offset(const struct xa_node *node,
				     unsigned long index)
{
	return (index >> node->shift) & XA_CHUNK_MASK;
}

/* What one slot of a find (under RCU) tells the walk to do next. */
enum xa_find_step {
	XA_FIND_FOUND,		/* *entryp is the entry at *indexp */
	XA_FIND_DOWN,		/* *nodep is now the child to walk */
	XA_FIND_NEXT,		/* *indexp moved to the next slot of *nodep */
	XA_FIND_RESTART,	/* walk again from the head at *indexp */
	XA_FIND_END,		/* nothing at or below @max */
};

/*
 * The entry a sibling slot of @node (whose shift is @shift) stands for.
 * A reader racing a split may find a node there instead, or, racing a
 * store of a larger entry over it, a sibling of that entry: either way
 * it must walk again. RCU read lock or xa_lock held.
 */
static inline void *xa_sibling_entry(const struct xa_node *node,
				     unsigned int shift, const void *sibling)
{
	void *entry = rcu_dereference(((struct xa_node *)node)->slots[
						xa_to_sibling(sibling)]);

	if ((shift && xa_is_node(entry)) || xa_is_sibling(entry))
		return XA_RETRY_ENTRY;
	return entry;
}

/* How a find treats what it meets (xa_find_rcu(), xa_find_marked_rcu()). */
#define XA_FIND_ZEROS	1U	/* return reservations too */
#define XA_FIND_STARTS	2U	/* only entries that start at or after the index */

/*
 * Look at slot @offset of *@nodep, the slot of *@indexp, for a find that
 * skips NULL slots, reservations unless XA_FIND_ZEROS is in @how, and the
 * sibling slots of multi-index entries. @first says *@indexp is where
 * the find started: there a sibling stands for its entry (an index in the
 * middle of a multi-index entry finds it), unless XA_FIND_STARTS asks
 * for entries starting at or after *@indexp only. RCU read lock held.
 */
static inline enum xa_find_step xa_find_slot(struct xa_node **nodep,
					     unsigned int offset,
					     unsigned long *indexp,
					     unsigned long max, void **entryp,
					     unsigned int how, bool first)
{
	struct xa_node *node = *nodep;
	void *entry = rcu_dereference(node->slots[offset]);
	bool starts = how & XA_FIND_STARTS;
	unsigned long next;

	if (xa_is_retry(entry))
		return XA_FIND_RESTART;
	if (node->shift && xa_is_node(entry)) {
		*nodep = xa_to_node(entry);
		return XA_FIND_DOWN;
	}
	if (xa_is_sibling(entry)) {
		if (first && !starts) {
			entry = xa_sibling_entry(node, node->shift, entry);
			if (xa_is_retry(entry))
				return XA_FIND_RESTART;
		} else {
			entry = NULL;
		}
	} else if (starts && (*indexp & ((1UL << node->shift) - 1))) {
		entry = NULL;	/* began before *indexp */
	}
	if (entry && ((how & XA_FIND_ZEROS) || !xa_is_zero(entry))) {
		*entryp = entry;
		return XA_FIND_FOUND;
	}
	/* the first index of the next slot at this level */
	next = (*indexp | ((1UL << node->shift) - 1)) + 1;
	if (!next || next > max)
		return XA_FIND_END;
	*indexp = next;
	return offset == XA_CHUNK_MASK ? XA_FIND_RESTART : XA_FIND_NEXT;
}

/* The most nodes one store can need: two full paths below a new root. */
#define XA_MAX_NEW_NODES	(2 * XA_MAX_LEVELS)

/**
 * struct xa_prealloc - the nodes one store will link into the tree.
 * @nr: nodes left in @node.
 * @spare: the xa_state's chain of spare nodes (linked through ->parent):
 *	used first, and given back whatever the store did not use.
 * @update: the cursor's xas_set_update() callback, or NULL.
 * @node: allocated, not yet published.
 */
struct xa_prealloc {
	unsigned int nr;
	struct xa_node **spare;
	xa_update_node_t update;
	struct xa_node *node[XA_MAX_NEW_NODES];
};

/* lib/mm/xarray.c */
int xa_prealloc_fill(struct xa_prealloc *p, unsigned int nr,
		     struct xa_node **spare);
void xa_prealloc_release(struct xa_prealloc *p);
struct xa_node *xa_prealloc_take(struct xa_prealloc *p, struct xarray *xa,
				 unsigned int shift);
struct xa_node *xa_expand(struct xarray *xa, struct xa_prealloc *p,
			  unsigned long index);
void xa_node_changed(xa_update_node_t update, struct xa_node *node);
void xa_node_free(struct xa_node *node);
void xa_shrink(struct xarray *xa, xa_update_node_t update);
struct xa_node *xa_find_leaf(const struct xarray *xa, unsigned long index,
			     unsigned int *offset);
void xa_assert_held(struct xarray *xa);
void *xa_store_state(struct xa_state *xas, void *entry);
void xa_reserve_nodes(struct xa_state *xas);
void xa_reserve_count(struct xa_state *xas, unsigned long need);
void *xa_find_rcu(struct xarray *xa, unsigned long *indexp,
		  unsigned long max, unsigned int how);
void xa_update_free(const struct xarray *xa, struct xa_node *node,
		    unsigned int offset);
void xa_prune(struct xarray *xa, struct xa_node *node, unsigned int offset,
	      xa_update_node_t update);
void xa_free_tree(struct xa_node *top, xa_update_node_t update);
unsigned int xa_shift_for(unsigned long index);
bool __xas_nomem(struct xa_state *xas, gfp_t gfp);
void *xa_state_result(const struct xa_state *xas, void *curr);

/* lib/mm/xarray_multi.c */
void *xa_store_multi(struct xa_state *xas, void *entry);

/* lib/mm/xarray_marks.c */
void xa_marks_clear_index(struct xarray *xa, struct xa_node *leaf,
			  unsigned int offset);
void xa_marks_below_head(const struct xarray *xa, struct xa_node *node);
void xa_marks_to_head(struct xarray *xa, const struct xa_node *root,
		      const void *entry);
void xa_marks_clear_array(struct xarray *xa);
bool xa_mark_usable(const struct xarray *xa, xa_mark_t mark);
void *xa_find_marked_rcu(struct xarray *xa, unsigned long *indexp,
			 unsigned long max, xa_mark_t mark, unsigned int how);
void xa_marks_squash(struct xa_node *node, unsigned int offset,
		     unsigned int sibs);

struct kmem_cache *xa_node_cache(void);
/*
 * Live xa_node objects in the process, freed-after-grace-period included
 * (lib/sim/xa_nodes.c, for tests).
 */
long xa_node_nr_live(void);

/**
 * struct xa_check_stats - what xa_check() counted.
 * @nr_nodes: nodes reachable from the head.
 * @nr_present: present entries (what xa_for_each() would visit).
 * @nr_reserved: zero entries (reserved indices).
 * @height: levels of nodes; 0 when the head holds no node.
 */
struct xa_check_stats {
	unsigned long nr_nodes;
	unsigned long nr_present;
	unsigned long nr_reserved;
	unsigned int height;
};

/* Called by xa_check() for every non-NULL entry, zero entries included. */
typedef void (*xa_check_visit_t)(void *ctx, unsigned long index, void *entry);

struct xa_check_ctx {
	const struct xarray *xa;
	struct xa_check_stats *st;
	xa_check_visit_t visit;
	void *arg;
	char *msg;
	size_t len;
};

static inline int xa_check_fail(struct xa_check_ctx *c, const char *what,
				const struct xa_node *node, unsigned int slot)
{
	if (c->msg && c->len)
		snprintf(c->msg, c->len, "%s (node %p shift %u slot %u)", what,
			 (const void *)node, node ? node->shift : 0, slot);
	return -EUCLEAN;
}

static inline int xa_check_leaf_entry(struct xa_check_ctx *c,
				      const struct xa_node *node,
				      unsigned int slot, unsigned long index,
				      void *entry)
{
	if (xa_is_zero(entry)) {
		c->st->nr_reserved++;
	} else if (xa_is_advanced(entry)) {
		return xa_check_fail(c, "internal entry in a leaf", node, slot);
	} else {
		c->st->nr_present++;
	}
	if (c->visit)
		c->visit(c->arg, index, entry);
	return 0;
}

static inline int xa_check_node(struct xa_check_ctx *c,
				const struct xa_node *node,
				const struct xa_node *parent,
				unsigned int offset, unsigned long base,
				unsigned int depth)
{
	unsigned long free = 0, marks[XA_MAX_MARKS] = { 0 };
	unsigned int i, m, count = 0, values = 0;
	int ret, canon = -1;

	c->st->nr_nodes++;
	if (depth + 1 > c->st->height)
		c->st->height = depth + 1;
	if (depth >= XA_MAX_LEVELS)
		return xa_check_fail(c, "tree deeper than possible", node, 0);
	if (node->array != c->xa)
		return xa_check_fail(c, "node of another array", node, 0);
	if (node->parent != parent)
		return xa_check_fail(c, "wrong parent pointer", node, 0);
	if (parent && node->offset != offset)
		return xa_check_fail(c, "wrong offset in parent", node, offset);
	if (!parent && node->offset != 0)
		return xa_check_fail(c, "root offset not 0", node, 0);
	if (node->shift % XA_CHUNK_SHIFT || node->shift >= BITS_PER_LONG)
		return xa_check_fail(c, "bad shift", node, 0);
	if (parent && node->shift + XA_CHUNK_SHIFT != parent->shift)
		return xa_check_fail(c, "shift not one level below parent",
				     node, 0);

	for (i = 0; i < XA_CHUNK_SIZE; i++) {
		void *entry = node->slots[i];
		unsigned long index = base | ((unsigned long)i << node->shift);

		if (!entry) {
			free |= 1UL << i;
			canon = -1;
			continue;
		}
		count++;
		if (xa_is_sibling(entry)) {
			/* a multi-index entry's: every slot back to it too */
			if (canon < 0 || xa_to_sibling(entry) != (unsigned)canon)
				return xa_check_fail(c, "stray sibling entry",
						     node, i);
			values += xa_is_value(node->slots[canon]);
			for (m = 0; m < XA_MAX_MARKS; m++)
				if (node->marks[m] & (1UL << i))
					return xa_check_fail(c,
						"mark on a sibling slot", node, i);
			continue;
		}
		canon = -1;
		if (!node->shift || !xa_is_node(entry)) {
			canon = i;
			if (xa_is_value(entry))
				values++;
			ret = xa_check_leaf_entry(c, node, i, index, entry);
			if (ret)
				return ret;
			for (m = 0; m < XA_MAX_MARKS; m++)
				marks[m] |= node->marks[m] & (1UL << i);
			continue;
		}
		ret = xa_check_node(c, xa_to_node(entry), node, i, index,
				    depth + 1);
		if (ret)
			return ret;
		if (xa_to_node(entry)->free)
			free |= 1UL << i;
		for (m = 0; m < XA_MAX_MARKS; m++)
			if (xa_to_node(entry)->marks[m])
				marks[m] |= 1UL << i;
	}
	for (m = 0; m < XA_MAX_MARKS; m++)
		if (node->marks[m] != marks[m])
			return xa_check_fail(c, "mark bitmap wrong", node, m);
	if (!parent) {
		for (m = 0; m < XA_MAX_MARKS; m++)
			if (!node->marks[m] != !xa_marked(c->xa, m))
				return xa_check_fail(c, "array mark wrong",
						     node, m);
	}
	if (count != node->count)
		return xa_check_fail(c, "count does not match slots", node, 0);
	if (values != node->nr_values)
		return xa_check_fail(c, "nr_values does not match slots",
				     node, 0);
	if (!count)
		return xa_check_fail(c, "empty node left in the tree", node, 0);
	/*
	 * Only an erase shrinks (as in the kernel): a leaf root may keep a
	 * lone entry in slot 0 after a store replaced what was there.
	 */
	if (!parent && count == 1 && node->shift &&
	    xa_is_node(node->slots[0]))
		return xa_check_fail(c, "root should have been shrunk",
				     node, 0);
	if (xa_track_free(c->xa) && node->free != free)
		return xa_check_fail(c, "free bitmap wrong", node, 0);
	if (!xa_track_free(c->xa) && node->free)
		return xa_check_fail(c, "free bitmap on a non-tracking array",
				     node, 0);
	return 0;
}

/**
 * xa_check() - verify the structure of @xa.
 * @xa: the array.
 * @st: filled with what was found (may not be NULL).
 * @visit: called for each non-NULL entry in index order, or NULL.
 * @arg: passed to @visit.
 * @msg: receives a description of the first problem, or NULL.
 * @len: size of @msg.
 *
 * Checks parent pointers, offsets, shifts, counts and value counts, the
 * free bitmaps of XA_FLAGS_TRACK_FREE arrays, that every sibling entry
 * follows its multi-index entry (which is visited once, at its first
 * index), that no
 * entry the normal API refuses (xa_is_advanced()) is reachable, that the
 * head holds no entry that must live in a leaf, that the mark bitmaps
 * match the entries below them and the array's mark flags, and that the
 * root is not one that should have been shrunk.
 *
 * Context: xa_lock held, or no concurrent writer.
 * Return: 0, or -EUCLEAN at the first inconsistency.
 */
static inline int xa_check(const struct xarray *xa, struct xa_check_stats *st,
			   xa_check_visit_t visit, void *arg, char *msg,
			   size_t len)
{
	struct xa_check_ctx c = {
		.xa = xa, .st = st, .visit = visit, .arg = arg,
		.msg = msg, .len = len,
	};
	void *head = READ_ONCE(((struct xarray *)xa)->xa_head);

	memset(st, 0, sizeof(*st));
	if (msg && len)
		msg[0] = '\0';
	if (!xa_is_node(head)) {
		unsigned int m;

		for (m = 0; m < XA_MAX_MARKS; m++)
			if (!head && xa_marked(xa, m))
				return xa_check_fail(&c, "mark on an empty array",
						     NULL, m);
		if (!head)
			return 0;
		if (xa_is_advanced(head))
			return xa_check_fail(&c, "internal entry in the head",
					     NULL, 0);
		if (!xa_is_zero(head) && !xa_head_may_hold(head))
			return xa_check_fail(&c, "leaf-only entry in the head",
					     NULL, 0);
		return xa_check_leaf_entry(&c, NULL, 0, 0, head);
	}
	return xa_check_node(&c, xa_to_node(head), NULL, 0, 0, 0);
}

#endif /* _MM_XARRAY_INTERNAL_H */
