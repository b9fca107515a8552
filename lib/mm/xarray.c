// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The xarray: a radix tree mapping unsigned long indices to pointers.
 *
 * Shape. xa_head is NULL (empty), a plain entry (the array holds only
 * index 0), or a node. A node has XA_CHUNK_SIZE slots and a shift: the
 * slot for @index is (index >> shift) & XA_CHUNK_MASK. Leaves (shift 0)
 * hold entries; the slots of higher nodes hold child nodes. The root's
 * shift decides the largest index the tree can hold; a store above it
 * adds root levels, and an erase that leaves the root with only slot 0
 * in use removes root levels again.
 *
 * Readers walk from xa_head with rcu_dereference() inside
 * rcu_read_lock() and never write. Writers hold xa_lock, fill a new node
 * before linking it with rcu_assign_pointer(), and hand unlinked nodes to
 * call_rcu(), so a reader never steps on freed memory. A reader that
 * meets a retry entry was looking at a node that left the tree and starts
 * over from the head.
 *
 * Allocation. Every writer goes through an xa_state (xa_store_state()).
 * Every node a store needs is obtained before the tree is touched: from
 * the cursor's spares, then GFP_NOWAIT under xa_lock. If one fails the
 * array is unchanged, the nodes obtained go back on the spares, -ENOMEM
 * is recorded, and the caller's __xas_nomem()/xas_nomem() loop adds one
 * node with its own gfp (xa_lock dropped if that may sleep) and retries.
 *
 * Free tracking. In an XA_FLAGS_TRACK_FREE array every node keeps a
 * bitmap of the slots below which some index is still unused, so
 * xa_alloc() descends straight to the lowest free index.
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

static struct kmem_cache *xa_node_cachep;
static DEFINE_SPINLOCK(xa_node_cache_lock);

/**
 * xa_node_cache() - the cache of xa_node objects, made by whichever
 * thread needs it first.
 *
 * In a kernel, radix_tree_init() makes it at boot. Here an xarray works
 * before and without any machine, so the first user makes one and
 * publishes it under xa_node_cache_lock; a thread that loses the race
 * destroys its own.
 *
 * Context: Process context (it may create the cache); takes and releases
 * xa_node_cache_lock.
 * Return: the cache, or NULL if it could not be made.
 */
struct kmem_cache *xa_node_cache(void)
{
	/* a cache seen here is initialised: pairs with the release below */
	struct kmem_cache *cache = smp_load_acquire(&xa_node_cachep);
	struct kmem_cache *made;

	BUILD_BUG_ON(XA_CHUNK_SIZE > BITS_PER_LONG);
	BUILD_BUG_ON(XA_CHUNK_SHIFT < 2);
	if (cache)
		return cache;
	made = kmem_cache_create("xa_node", sizeof(struct xa_node), 0,
				 SLAB_RECLAIM_ACCOUNT, NULL);
	if (!made)
		return NULL;
	sim_fault_class(made, SIM_FAULT_XA_NODE);
	spin_lock(&xa_node_cache_lock);
	cache = xa_node_cachep;
	if (!cache) {
		/* publish it made; pairs with the acquire above */
		smp_store_release(&xa_node_cachep, made);
		cache = made;
		made = NULL;
	}
	spin_unlock(&xa_node_cache_lock);
	kmem_cache_destroy(made);
	return cache;
}

static void xa_node_rcu_free(struct rcu_head *head)
{
	struct xa_node *node = (struct xa_node *)((char *)head -
				offsetof(struct xa_node, rcu_head));

	kmem_cache_free(xa_node_cachep, node);
}

/**
 * xa_node_free() - give an unlinked node back after a grace period.
 * @node: a node no longer reachable from the array.
 *
 * The node goes back to the cache once current readers are done. Its
 * tree user must have taken it off any private list (the kernel BUG()s;
 * here it is a WARN, and the node is unlinked from the list).
 *
 * Context: xa_lock held.
 * Return: nothing.
 */
void xa_node_free(struct xa_node *node)
{
	if (WARN_ON_ONCE(!list_empty(&node->private_list)))
		list_del_init(&node->private_list);
	call_rcu(xa_node_rcu(node), xa_node_rcu_free);
}

/**
 * xa_node_changed() - tell the tree user that @node's counts changed.
 * @update: the callback of xas_set_update(), or NULL.
 * @node: the node.
 *
 * Context: xa_lock held.
 * Return: nothing.
 */
void xa_node_changed(xa_update_node_t update, struct xa_node *node)
{
	if (update)
		update(node);
}

static inline void *xa_zero_to_null(void *entry)
{
	return xa_is_zero(entry) ? NULL : entry;
}

/**
 * xa_shift_for() - the smallest root shift whose tree reaches @index.
 * @index: the index.
 *
 * Context: Any context.
 * Return: a multiple of XA_CHUNK_SHIFT below BITS_PER_LONG.
 */
unsigned int xa_shift_for(unsigned long index)
{
	unsigned int shift = 0;

	while (shift + XA_CHUNK_SHIFT < BITS_PER_LONG &&
	       (index >> (shift + XA_CHUNK_SHIFT)))
		shift += XA_CHUNK_SHIFT;
	return shift;
}

/**
 * xa_assert_held() - the caller must hold @xa's xa_lock.
 * @xa: the array.
 *
 * The __xa_* and xas_* writers run with xa_lock held by the caller; a
 * lockdep violation when not (only when the lock validator is built).
 *
 * Context: xa_lock held.
 * Return: nothing.
 */
void xa_assert_held(struct xarray *xa)
{
	lockdep_assert_held(&xa->xa_lock);
}

/**
 * xa_update_free() - recompute the free bit of a slot.
 * @xa: the array (nothing happens unless it tracks free slots).
 * @node: the node.
 * @offset: the slot of @node that changed.
 *
 * Free tracking: the free bit of @offset in @node follows what the slot
 * holds, and the change is carried up for as long as a node switches
 * between "has room" and "full".
 *
 * Context: xa_lock held.
 * Return: nothing.
 */
void xa_update_free(const struct xarray *xa, struct xa_node *node,
		    unsigned int offset)
{
	if (!xa_track_free(xa))
		return;
	while (node) {
		void *entry = node->slots[offset];
		bool was_free = node->free != 0;
		bool room;

		if (!entry)
			room = true;
		else if (node->shift && xa_is_node(entry))
			room = xa_to_node(entry)->free != 0;
		else
			room = false;
		if (room)
			node->free |= 1UL << offset;
		else
			node->free &= ~(1UL << offset);
		if (was_free == (node->free != 0))
			break;
		offset = node->offset;
		node = node->parent;
	}
}

/**
 * xa_prealloc_release() - put the nodes a store did not use back.
 * @p: the store's nodes.
 *
 * Every node left in @p goes to its spare chain, for the next store.
 *
 * Context: xa_lock held.
 * Return: nothing.
 */
void xa_prealloc_release(struct xa_prealloc *p)
{
	while (p->nr) {
		struct xa_node *node = p->node[--p->nr];

		node->parent = *p->spare;
		*p->spare = node;
	}
}

/**
 * xa_prealloc_fill() - get the nodes a store needs.
 * @p: where they go.
 * @nr: how many (at most XA_MAX_NEW_NODES).
 * @spare: the cursor's chain of spare nodes.
 *
 * From the spare chain first, then from the cache without sleeping
 * (xa_lock is held), as the kernel's xas_alloc() does. On failure every
 * node goes to the spare chain, so that the retry after __xas_nomem()
 * starts where this one stopped.
 *
 * Context: xa_lock held.
 * Return: 0, or -ENOMEM.
 */
int xa_prealloc_fill(struct xa_prealloc *p, unsigned int nr,
		     struct xa_node **spare)
{
	struct kmem_cache *cache = xa_node_cache();

	p->nr = 0;
	p->spare = spare;
	p->update = NULL;
	if (WARN_ON_ONCE(nr > XA_MAX_NEW_NODES))
		return -EINVAL;
	while (p->nr < nr) {
		struct xa_node *node = *spare;

		if (node)
			*spare = node->parent;
		else if (cache)
			node = kmem_cache_alloc(cache, GFP_NOWAIT | __GFP_NOWARN);
		if (!node) {
			xa_prealloc_release(p);
			return -ENOMEM;
		}
		p->node[p->nr++] = node;
	}
	return 0;
}

/**
 * xa_prealloc_take() - take one node of @p and make it empty.
 * @p: the store's nodes.
 * @xa: the array the node will belong to.
 * @shift: its level.
 *
 * Context: xa_lock held.
 * Return: the node, or NULL (a WARN violation) when @p has none left.
 */
struct xa_node *xa_prealloc_take(struct xa_prealloc *p, struct xarray *xa,
				 unsigned int shift)
{
	struct xa_node *node;

	if (WARN_ON_ONCE(!p->nr))
		return NULL;
	node = p->node[--p->nr];
	memset(node, 0, sizeof(*node));
	INIT_LIST_HEAD(&node->private_list);
	node->shift = shift;
	node->array = xa;
	if (xa_track_free(xa))
		node->free = XA_FREE_ALL;
	return node;
}

/*
 * How many nodes storing non-NULL @item at @index needs, given that the
 * index holds nothing yet.
 */
static unsigned int xa_nodes_needed(const struct xarray *xa,
				    unsigned long index, const void *item)
{
	void *head = xa_head_locked(xa);
	unsigned int top = xa_shift_for(index);
	unsigned int below = top / XA_CHUNK_SHIFT;
	struct xa_node *node;

	if (!head)
		return index || !xa_head_may_hold(item) ? below + 1 : 0;
	if (!xa_is_node(head)) {
		/*
		 * The head entry moves into a new leaf under a new root path,
		 * and @index (whose top slot is not 0) gets its own path.
		 */
		return index ? 2 * below + 1 : 0;
	}
	node = xa_to_node(head);
	if (top > node->shift)
		return (top - node->shift) / XA_CHUNK_SHIFT + below;
	while (node->shift) {
		void *entry = xa_slot_locked(node, xa_offset(node, index));

		if (!entry)
			return node->shift / XA_CHUNK_SHIFT;
		/* a multi-index entry: the store replaces it in place */
		if (!xa_is_node(entry))
			return 0;
		node = xa_to_node(entry);
	}
	return 0;
}

/*
 * Build, out of sight of readers, a path of nodes from @top_shift down to
 * a leaf that holds @entry at @index. Return its top node.
 */
static struct xa_node *xa_build_path(struct xarray *xa, struct xa_prealloc *p,
				     unsigned int top_shift,
				     unsigned long index, void *entry)
{
	struct xa_node *child = NULL;
	unsigned int shift = 0;

	for (;;) {
		struct xa_node *node = xa_prealloc_take(p, xa, shift);
		unsigned int offset;

		offset = xa_offset(node, index);
		if (child) {
			node->slots[offset] = xa_mk_node(child);
			child->parent = node;
			child->offset = offset;
		} else {
			node->slots[offset] = entry;
			node->nr_values = xa_is_value(entry);
		}
		node->count = 1;
		xa_update_free(xa, node, offset);
		xa_node_changed(p->update, node);
		if (shift == top_shift)
			return node;
		child = node;
		shift += XA_CHUNK_SHIFT;
	}
}

/**
 * xa_expand() - give the tree enough root levels to reach @index.
 * @xa: the array, not empty.
 * @p: nodes for the new levels (and the leaf below).
 * @index: the index to reach.
 *
 * If the head held the entry of index 0, that entry first moves into a
 * leaf of its own.
 *
 * Context: xa_lock held.
 * Return: the (possibly new) root.
 */
struct xa_node *xa_expand(struct xarray *xa, struct xa_prealloc *p,
			  unsigned long index)
{
	unsigned int top = xa_shift_for(index);
	void *head = xa_head_locked(xa);
	struct xa_node *root;

	if (xa_is_node(head)) {
		root = xa_to_node(head);
		if (root->shift >= top)
			return root;
	} else {
		root = xa_prealloc_take(p, xa, 0);
		root->slots[0] = head;
		root->count = 1;
		root->nr_values = xa_is_value(head);
		xa_marks_below_head(xa, root);
		xa_update_free(xa, root, 0);
		xa_node_changed(p->update, root);
	}
	while (root->shift < top) {
		struct xa_node *node;

		node = xa_prealloc_take(p, xa, root->shift + XA_CHUNK_SHIFT);
		node->slots[0] = xa_mk_node(root);
		node->count = 1;
		xa_marks_below_head(xa, node);
		root->parent = node;
		root->offset = 0;
		xa_update_free(xa, node, 0);
		xa_node_changed(p->update, node);
		root = node;
	}
	rcu_assign_pointer(xa->xa_head, xa_mk_node(root));
	return root;
}

/* Put non-NULL @entry into the empty slot @offset of leaf @node. */
static void xa_leaf_fill(struct xarray *xa, struct xa_node *node,
			 unsigned int offset, void *entry,
			 xa_update_node_t update)
{
	rcu_assign_pointer(node->slots[offset], entry);
	node->count++;
	node->nr_values += xa_is_value(entry);
	xa_update_free(xa, node, offset);
	xa_node_changed(update, node);
}

/*
 * Store non-NULL @entry at @index, which holds nothing, using the nodes
 * in @p (exactly xa_nodes_needed() of them).
 */
static void xa_store_new(struct xarray *xa, struct xa_prealloc *p,
			 unsigned long index, void *entry)
{
	struct xa_node *node;

	if (!xa_head_locked(xa) && (index || !xa_head_may_hold(entry))) {
		node = xa_build_path(xa, p, xa_shift_for(index), index, entry);
		rcu_assign_pointer(xa->xa_head, xa_mk_node(node));
		return;
	}
	if (!xa_head_locked(xa)) {
		rcu_assign_pointer(xa->xa_head, entry);
		return;
	}

	node = xa_expand(xa, p, index);
	for (;;) {
		unsigned int offset = xa_offset(node, index);
		void *next;

		if (!node->shift) {
			xa_leaf_fill(xa, node, offset, entry, p->update);
			return;
		}
		next = xa_slot_locked(node, offset);
		if (!next) {
			struct xa_node *path;

			path = xa_build_path(xa, p,
					     node->shift - XA_CHUNK_SHIFT,
					     index, entry);
			path->parent = node;
			path->offset = offset;
			rcu_assign_pointer(node->slots[offset],
					   xa_mk_node(path));
			node->count++;
			xa_update_free(xa, node, offset);
			xa_node_changed(p->update, node);
			return;
		}
		node = xa_to_node(next);
	}
}

/**
 * xa_shrink() - remove root levels the tree does not need.
 * @xa: the array.
 * @update: the node callback, or NULL.
 *
 * While the root uses only slot 0, the tree is taller than it needs to
 * be: that slot's content becomes the new head and the old root is freed
 * after a grace period.
 *
 * Context: xa_lock held.
 * Return: nothing.
 */
void xa_shrink(struct xarray *xa, xa_update_node_t update)
{
	for (;;) {
		void *head = xa_head_locked(xa);
		struct xa_node *root;
		void *entry;

		if (!xa_is_node(head))
			return;
		root = xa_to_node(head);
		if (root->count != 1)
			return;
		entry = xa_slot_locked(root, 0);
		if (!entry)
			return;
		if (!root->shift && !xa_is_zero(entry) &&
		    !xa_head_may_hold(entry))
			return;
		/* a multi-index entry stays in its node, as in the kernel */
		if (root->shift && !xa_is_node(entry))
			return;
		/* an empty head already means "index 0 is busy" */
		if (xa_is_zero(entry) && xa_zero_busy(xa))
			entry = NULL;
		if (root->shift && xa_is_node(entry)) {
			struct xa_node *child = xa_to_node(entry);

			child->parent = NULL;
			child->offset = 0;
		}
		xa_marks_to_head(xa, root, entry);
		rcu_assign_pointer(xa->xa_head, entry);
		root->count = 0;
		root->nr_values = 0;
		xa_node_changed(update, root);
		/*
		 * A reader still in the old root would read slot 0 as index
		 * 0's entry even after a later store replaced the head:
		 * send it back to the head instead. A child node stays
		 * valid, so readers may keep walking through it.
		 */
		if (!root->shift)
			WRITE_ONCE(root->slots[0], XA_RETRY_ENTRY);
		xa_node_free(root);
	}
}

/*
 * Clear @offset of leaf @node, then unlink every node left empty and
 * remove root levels that are no longer needed.
 */
static void xa_delete(struct xarray *xa, struct xa_node *node,
		      unsigned int offset, xa_update_node_t update)
{
	node->nr_values -= xa_is_value(xa_slot_locked(node, offset));
	WRITE_ONCE(node->slots[offset], NULL);
	node->count--;
	xa_node_changed(update, node);
	xa_prune(xa, node, offset, update);
}

/**
 * xa_prune() - tidy up after slots of @node were emptied.
 * @xa: the array.
 * @node: the node whose counts were just lowered.
 * @offset: a slot of @node that changed (its free bit is recomputed).
 * @update: the node callback, or NULL.
 *
 * Unlinks @node if it is empty, then every ancestor this leaves empty,
 * and removes root levels that are no longer needed.
 *
 * Context: xa_lock held.
 * Return: nothing.
 */
void xa_prune(struct xarray *xa, struct xa_node *node, unsigned int offset,
	      xa_update_node_t update)
{
	while (!node->count) {
		struct xa_node *parent = node->parent;

		offset = node->offset;
		if (!parent) {
			WRITE_ONCE(xa->xa_head, NULL);
			xa_node_free(node);
			return;
		}
		WRITE_ONCE(parent->slots[offset], NULL);
		parent->count--;
		xa_node_free(node);
		node = parent;
		xa_node_changed(update, node);
	}
	xa_update_free(xa, node, offset);
	xa_shrink(xa, update);
}

/**
 * xa_find_leaf() - the node whose slot holds @index's entry.
 * @xa: the array.
 * @index: the index.
 * @offset: set to the entry's own slot (a sibling slot leads back to it)
 *	when a node is returned.
 *
 * Context: xa_lock held.
 * Return: @index's leaf, or the node above holding a multi-index entry
 * over @index; NULL when no node covers @index (or the head holds the
 * tree's only entry).
 */
struct xa_node *xa_find_leaf(const struct xarray *xa, unsigned long index,
			     unsigned int *offset)
{
	void *entry = xa_head_locked(xa);
	struct xa_node *node;
	unsigned int slot;

	if (!xa_is_node(entry))
		return NULL;
	node = xa_to_node(entry);
	if (index > xa_max_for_shift(node->shift))
		return NULL;
	for (;;) {
		slot = xa_offset(node, index);
		entry = xa_slot_locked(node, slot);
		if (!node->shift || !xa_is_node(entry))
			break;
		node = xa_to_node(entry);
	}
	if (!entry && node->shift)
		return NULL;
	if (xa_is_sibling(entry))
		slot = xa_to_sibling(entry);
	*offset = slot;
	return node;
}

/*
 * Is the entry in @node's slot @offset (its own slot) a multi-index one:
 * in a node above the leaves, or followed by sibling slots?
 */
static bool xa_is_multi_at(const struct xa_node *node, unsigned int offset)
{
	if (node->shift)
		return true;
	return offset < XA_CHUNK_MASK &&
	       xa_is_sibling(xa_slot_locked(node, offset + 1));
}

/* The raw entry at @index (zero entries included), xa_lock held. */
static void *xa_load_locked(const struct xarray *xa, unsigned long index)
{
	void *head = xa_head_locked(xa);
	struct xa_node *leaf;
	unsigned int offset;

	if (!xa_is_node(head))
		return index ? NULL : head;
	leaf = xa_find_leaf(xa, index, &offset);
	return leaf ? xa_slot_locked(leaf, offset) : NULL;
}

/*
 * Replace the entry of index 0, which lives in the head, by @entry, which
 * may not: @entry gets a leaf of its own.
 */
static int xa_store_head_leaf(struct xarray *xa, void *entry,
			      struct xa_node **spare, xa_update_node_t update)
{
	struct xa_prealloc p;
	struct xa_node *leaf;
	int err;

	err = xa_prealloc_fill(&p, 1, spare);
	if (err)
		return err;
	p.update = update;
	leaf = xa_build_path(xa, &p, 0, 0, entry);
	xa_marks_below_head(xa, leaf);
	rcu_assign_pointer(xa->xa_head, xa_mk_node(leaf));
	return 0;
}

/* xa_store_state() once the old entry has been found. */
static int xa_write(struct xarray *xa, unsigned long index, void *entry,
		    void *old, struct xa_node *leaf, unsigned int offset,
		    struct xa_node **spare, xa_update_node_t update)
{
	struct xa_prealloc p;
	int err;

	if (!old) {
		if (!entry)
			return 0;
		/* an empty slot of an existing leaf: no node to add */
		if (leaf) {
			xa_leaf_fill(xa, leaf, offset, entry, update);
			return 0;
		}
		err = xa_prealloc_fill(&p, xa_nodes_needed(xa, index, entry),
				       spare);
		if (err)
			return err;
		p.update = update;
		xa_store_new(xa, &p, index, entry);
		WARN_ON_ONCE(p.nr);
		xa_prealloc_release(&p);
		return 0;
	}
	if (!leaf) {
		/* index 0, living in the head */
		if (!entry) {
			xa_marks_clear_index(xa, NULL, 0);
			WRITE_ONCE(xa->xa_head, NULL);
		} else if (xa_head_may_hold(entry)) {
			rcu_assign_pointer(xa->xa_head, entry);
		} else {
			return xa_store_head_leaf(xa, entry, spare, update);
		}
		return 0;
	}
	if (entry) {
		/* a full slot stays full: the count and free bits stay */
		int values = xa_is_value(entry) - xa_is_value(old);

		rcu_assign_pointer(leaf->slots[offset], entry);
		if (values) {
			leaf->nr_values += values;
			xa_node_changed(update, leaf);
		}
		return 0;
	}
	xa_marks_clear_index(xa, leaf, offset);
	xa_delete(xa, leaf, offset, update);
	return 0;
}

/**
 * xa_store_state() - the one writer behind every modifying call.
 * @xas: the cursor: array, index, and the spare nodes in @xas->xa_alloc.
 * @entry: what the index will hold; NULL erases (and clears its marks).
 *
 * Never sleeps: nodes come from @xas->xa_alloc, then from GFP_NOWAIT
 * allocations. When they run out, -ENOMEM is recorded in @xas, the array
 * is untouched, and the nodes obtained so far stay in @xas->xa_alloc for
 * the retry that __xas_nomem() asks for. Does not move the cursor.
 *
 * Context: xa_lock held.
 * Return: the previous raw entry (zero entries included), or NULL with
 * an error recorded in @xas (also when @xas held one on entry).
 */
void *xa_store_state(struct xa_state *xas, void *entry)
{
	struct xarray *xa = xas->xa;
	void *head = xa_head_locked(xa);
	struct xa_node *leaf = NULL;
	unsigned int offset = 0;
	void *old;
	int err;

	if (xas_error(xas))
		return NULL;
	if (xas->xa_shift || xas->xa_sibs)
		return xa_store_multi(xas, entry);
	if (xa_is_node(head)) {
		leaf = xa_find_leaf(xa, xas->xa_index, &offset);
		if (leaf && xa_is_multi_at(leaf, offset))
			return xa_store_multi(xas, entry);
		old = leaf ? xa_slot_locked(leaf, offset) : NULL;
	} else {
		old = xas->xa_index ? NULL : head;
	}
	err = xa_write(xa, xas->xa_index, entry, old, leaf, offset,
		       &xas->xa_alloc, xas->xa_update);
	if (err) {
		xas_set_err(xas, err);
		return NULL;
	}
	return old;
}

/**
 * xa_reserve_count() - have @need nodes on @xas->xa_alloc.
 * @xas: the cursor.
 * @need: how many nodes the stores that follow may take.
 *
 * Nodes already on the chain count; the rest come from GFP_NOWAIT
 * allocations.
 *
 * Context: xa_lock held.
 * Return: nothing; -ENOMEM recorded in @xas when an allocation failed
 * (the nodes obtained stay on the chain for the xas_nomem() retry).
 */
void xa_reserve_count(struct xa_state *xas, unsigned long need)
{
	struct kmem_cache *cache = xa_node_cache();
	struct xa_node *node;
	unsigned long have = 0;

	for (node = xas->xa_alloc; node; node = node->parent)
		have++;
	while (have < need) {
		node = cache ? kmem_cache_alloc(cache,
						GFP_NOWAIT | __GFP_NOWARN) : NULL;
		if (!node) {
			xas_set_err(xas, -ENOMEM);
			return;
		}
		node->parent = xas->xa_alloc;
		xas->xa_alloc = node;
		have++;
	}
}

/**
 * xa_reserve_nodes() - put on @xas->xa_alloc every node a store of a
 * plain entry at @xas's index would need.
 * @xas: the cursor.
 *
 * What xas_create_range() does for an order-0 cursor here: the kernel
 * links empty nodes into the tree, which this xarray never holds, so the
 * nodes wait on the cursor and the store that follows cannot fail for
 * memory.
 *
 * Context: xa_lock held.
 * Return: nothing; errors as xa_reserve_count().
 */
void xa_reserve_nodes(struct xa_state *xas)
{
	xa_reserve_count(xas, xa_nodes_needed(xas->xa, xas->xa_index,
					      (void *)xas));
}

/**
 * xa_state_result() - the result of a normal-API call made through @xas.
 * @xas: the cursor the call used.
 * @curr: the call's result when it has no error.
 *
 * Context: Any context.
 * Return: @xas's error as an error entry (XA_ERROR()), or @curr.
 */
void *xa_state_result(const struct xa_state *xas, void *curr)
{
	if (xas_error(xas))
		return XA_ERROR(xas_error(xas));
	return curr;
}

/**
 * xas_destroy() - free the nodes xas_nomem() allocated and nobody used.
 * @xas: the cursor.
 *
 * xas_nomem() calls it when there is nothing to retry; call it directly
 * when abandoning a cursor after xas_nomem() returned true.
 *
 * Context: Any context.
 * Return: nothing.
 */
void xas_destroy(struct xa_state *xas)
{
	struct xa_node *node = xas->xa_alloc;

	xas->xa_alloc = NULL;
	while (node) {
		struct xa_node *next = node->parent;

		kmem_cache_free(xa_node_cache(), node);
		node = next;
	}
}

/*
 * One more node for the next try, from the cache with @gfp. On failure
 * the spare nodes go back too: the caller gives up.
 */
static bool xas_alloc_spare(struct xa_state *xas, gfp_t gfp)
{
	struct kmem_cache *cache = xa_node_cache();
	struct xa_node *node;

	node = cache ? kmem_cache_alloc(cache, gfp & ~__GFP_ZERO) : NULL;
	if (!node) {
		xas_destroy(xas);
		return false;
	}
	node->parent = xas->xa_alloc;
	xas->xa_alloc = node;
	xas->xa_node = XAS_RESTART;
	return true;
}

/**
 * xas_nomem() - allocate memory after xas_store() failed for lack of it.
 * @xas: the cursor.
 * @gfp: allocation flags; may block if they allow it.
 *
 * If @xas records -ENOMEM, allocate one node for the next xas_store(),
 * clear the error and ask for a retry. Otherwise free any nodes left over
 * and end the loop. The usual shape is
 * `do { xas_lock(&xas); xas_store(&xas, entry); xas_unlock(&xas); }
 * while (xas_nomem(&xas, GFP_KERNEL));`.
 *
 * Context: Any context; without xa_lock if @gfp may sleep (xa_lock is a
 * spinning lock: the lock validator reports sleeping under it).
 * Return: true if the caller should retry; false if there was nothing to
 * retry or the allocation failed (then -ENOMEM stays recorded).
 */
bool xas_nomem(struct xa_state *xas, gfp_t gfp)
{
	if (xas_error(xas) != -ENOMEM) {
		xas_destroy(xas);
		return false;
	}
	return xas_alloc_spare(xas, gfp);
}

/**
 * __xas_nomem() - xas_nomem() for a caller holding xa_lock.
 * @xas: the cursor.
 * @gfp: allocation flags.
 *
 * As the kernel's: when @gfp may sleep, xa_lock is dropped around the
 * allocation and taken again, so the caller must look at the array again
 * on retry (the normal API's loops do). With a non-sleeping @gfp the
 * allocation is made under the lock.
 *
 * Context: xa_lock held (an __xa_* call made without it, already
 * reported, has no lock to drop and allocates without dropping).
 * Return: as xas_nomem().
 */
bool __xas_nomem(struct xa_state *xas, gfp_t gfp)
{
	bool ret;

	if (xas_error(xas) != -ENOMEM) {
		xas_destroy(xas);
		return false;
	}
	if (!gfpflags_allow_blocking(gfp) ||
	    !spin_is_locked(&xas->xa->xa_lock))
		return xas_alloc_spare(xas, gfp);
	xas_unlock(xas);
	ret = xas_alloc_spare(xas, gfp);
	xas_lock(xas);
	return ret;
}

/**
 * xa_load() - the entry at @index.
 * @xa: the array.
 * @index: the index.
 *
 * Context: An attached thread (see Return), any context.
 * Takes and releases the RCU read lock. The caller
 * may already hold it, and must hold it for as long as it uses the entry
 * if another thread may erase and free that entry.
 * Return: the entry, or NULL when @index holds nothing or is reserved,
 * and for a thread attached to no machine (an API violation).
 */
void *xa_load(struct xarray *xa, unsigned long index)
{
	void *entry;

	if (unlikely(!caller_attached(__func__)))
		return NULL;

	rcu_read_lock();
	do {
		struct xa_node *node;
		unsigned int shift;

		entry = rcu_dereference(xa->xa_head);
		if (!xa_is_node(entry)) {
			if (index)
				entry = NULL;
			break;
		}
		node = xa_to_node(entry);
		if (index > xa_max_for_shift(node->shift)) {
			entry = NULL;
			break;
		}
		/*
		 * A child's shift is always its parent's minus XA_CHUNK_SHIFT,
		 * even across a concurrent grow or shrink, so only the root's
		 * is read: on a cold node, reading ->shift before the slot
		 * would be a second dependent cache miss per level.
		 */
		shift = node->shift;
		for (;;) {
			entry = rcu_dereference(node->slots[(index >> shift) &
							   XA_CHUNK_MASK]);
			if (!shift || !xa_is_node(entry))
				break;
			node = xa_to_node(entry);
			shift -= XA_CHUNK_SHIFT;
		}
		if (unlikely(xa_is_sibling(entry)))
			entry = xa_sibling_entry(node, shift, entry, NULL);
	} while (xa_is_retry(entry));
	rcu_read_unlock();
	return xa_zero_to_null(entry);
}

/* __xa_store() for a caller that checked caller_attached() already. */
static void *xa_store_held(struct xarray *xa, unsigned long index, void *entry,
			   gfp_t gfp)
{
	XA_STATE(xas, xa, index);
	void *curr;

	if (WARN_ON_ONCE(xa_is_advanced(entry)))
		return XA_ERROR(-EINVAL);
	xa_assert_held(xa);
	if (!entry && xa_track_free(xa))
		entry = XA_ZERO_ENTRY;
	do {
		curr = xa_store_state(&xas, entry);
	} while (__xas_nomem(&xas, gfp));
	return xa_state_result(&xas, xa_zero_to_null(curr));
}

/**
 * __xa_store() - make @index hold @entry, with xa_lock held.
 * @xa: the array.
 * @index: the index.
 * @entry: the new entry; NULL erases, except in an XA_FLAGS_TRACK_FREE
 *	array, where it reserves @index.
 * @gfp: allocation flags for the nodes the store may need.
 *
 * Context: An attached thread (see Return), any context.
 * Expects xa_lock held on entry and holds it on return; drops and
 * retakes it to allocate when @gfp may sleep.
 * Return: the entry @index held before (NULL if it was empty or
 * reserved), or an error entry: xa_err() gives -EINVAL for an @entry
 * xa_is_advanced() names, -ENOMEM when a node could not be allocated, -ENXIO for a
 * thread attached to no machine (an API violation). On error the array
 * is unchanged.
 */
void *__xa_store(struct xarray *xa, unsigned long index, void *entry,
		 gfp_t gfp)
{
	if (unlikely(!caller_attached(__func__)))
		return XA_ERROR(-ENXIO);
	return xa_store_held(xa, index, entry, gfp);
}

/**
 * xa_store() - make @index hold @entry.
 * @xa: the array.
 * @index: the index.
 * @entry: the new entry; NULL erases, except in an XA_FLAGS_TRACK_FREE
 *	array, where it reserves @index.
 * @gfp: allocation flags for the nodes the store may need.
 *
 * Context: An attached thread (see Return), any context.
 * Takes and releases xa_lock; allocates under it, or with it dropped
 * when @gfp may sleep (then the call may sleep).
 * Return: as __xa_store().
 */
void *xa_store(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	void *curr;

	if (unlikely(!caller_attached(__func__)))
		return XA_ERROR(-ENXIO);
	xa_lock(xa);
	curr = xa_store_held(xa, index, entry, gfp);
	xa_unlock(xa);
	return curr;
}

/* __xa_insert() for a caller that checked caller_attached() already. */
static int xa_insert_held(struct xarray *xa, unsigned long index, void *entry,
			  gfp_t gfp)
{
	XA_STATE(xas, xa, index);

	if (WARN_ON_ONCE(xa_is_advanced(entry)))
		return -EINVAL;
	xa_assert_held(xa);
	if (!entry)
		entry = XA_ZERO_ENTRY;
	do {
		if (xa_load_locked(xa, index))
			xas_set_err(&xas, -EBUSY);
		else
			xa_store_state(&xas, entry);
	} while (__xas_nomem(&xas, gfp));
	return xas_error(&xas);
}

/**
 * __xa_insert() - store @entry at @index only if it is empty.
 * @xa: the array.
 * @index: the index.
 * @entry: the new entry; NULL reserves @index.
 * @gfp: allocation flags for the nodes the store may need.
 *
 * A reserved index counts as occupied.
 *
 * Context: An attached thread (see Return), any context.
 * Expects xa_lock held on entry and holds it on return; drops and
 * retakes it to allocate when @gfp may sleep.
 * Return: 0 on success, -EBUSY if @index holds an entry or is reserved,
 * -ENOMEM if a node could not be allocated, -EINVAL for an @entry
 * xa_is_advanced() names, -ENXIO for a thread attached to no machine (an API violation).
 * The array is unchanged on error.
 */
int __xa_insert(struct xarray *xa, unsigned long index, void *entry,
		gfp_t gfp)
{
	if (unlikely(!caller_attached(__func__)))
		return -ENXIO;
	return xa_insert_held(xa, index, entry, gfp);
}

/**
 * xa_insert() - store @entry at @index only if it is empty.
 * @xa: the array.
 * @index: the index.
 * @entry: the new entry; NULL reserves @index.
 * @gfp: allocation flags for the nodes the store may need.
 *
 * Context: An attached thread (see Return), any context.
 * Takes and releases xa_lock; allocates under it, or with it dropped
 * when @gfp may sleep (then the call may sleep).
 * Return: as __xa_insert().
 */
int xa_insert(struct xarray *xa, unsigned long index, void *entry, gfp_t gfp)
{
	int ret;

	if (unlikely(!caller_attached(__func__)))
		return -ENXIO;
	xa_lock(xa);
	ret = xa_insert_held(xa, index, entry, gfp);
	xa_unlock(xa);
	return ret;
}

/* __xa_erase() for a caller that checked caller_attached() already. */
static void *xa_erase_held(struct xarray *xa, unsigned long index)
{
	XA_STATE(xas, xa, index);	/* an erase takes no nodes */

	xa_assert_held(xa);
	return xa_zero_to_null(xa_store_state(&xas, NULL));
}

/**
 * __xa_erase() - empty @index, with xa_lock held.
 * @xa: the array.
 * @index: the index.
 *
 * Erasing never allocates and cannot fail. A reserved index becomes free.
 *
 * Context: An attached thread (see Return), any context.
 * Expects xa_lock held on entry and keeps it held.
 * Return: the entry @index held (NULL if it was empty or reserved);
 * NULL, with nothing erased, for a thread attached to no machine (an API
 * violation).
 */
void *__xa_erase(struct xarray *xa, unsigned long index)
{
	if (unlikely(!caller_attached(__func__)))
		return NULL;
	return xa_erase_held(xa, index);
}

/**
 * xa_erase() - empty @index.
 * @xa: the array.
 * @index: the index.
 *
 * Context: An attached thread (see Return), any context.
 * Takes and releases xa_lock.
 * Return: as __xa_erase().
 */
void *xa_erase(struct xarray *xa, unsigned long index)
{
	void *old;

	if (unlikely(!caller_attached(__func__)))
		return NULL;
	xa_lock(xa);
	old = xa_erase_held(xa, index);
	xa_unlock(xa);
	return old;
}

/* __xa_cmpxchg() for a caller that checked caller_attached() already. */
static void *xa_cmpxchg_held(struct xarray *xa, unsigned long index, void *old,
			     void *entry, gfp_t gfp)
{
	XA_STATE(xas, xa, index);
	void *curr;

	if (WARN_ON_ONCE(xa_is_advanced(entry)))
		return XA_ERROR(-EINVAL);
	xa_assert_held(xa);
	do {
		/* the raw entry: a reservation (XA_ZERO_ENTRY) is not NULL */
		curr = xa_load_locked(xa, index);
		if (curr == old)
			xa_store_state(&xas, entry);
	} while (__xas_nomem(&xas, gfp));
	return xa_state_result(&xas, xa_zero_to_null(curr));
}

/**
 * __xa_cmpxchg() - store @entry at @index if it holds @old.
 * @xa: the array.
 * @index: the index.
 * @old: the entry expected, compared with the raw entry: a reserved index
 *	holds XA_ZERO_ENTRY and does not match NULL.
 * @entry: the new entry; NULL erases.
 * @gfp: allocation flags for the nodes the store may need.
 *
 * Context: An attached thread (see Return), any context.
 * Expects xa_lock held on entry and holds it on return; drops and
 * retakes it to allocate when @gfp may sleep.
 * Return: the entry @index held before the call (NULL if it was empty or
 * reserved); the store happened if and only if the raw entry equalled
 * @old. An error entry (-EINVAL for an @entry xa_is_advanced() names, -ENOMEM when a node could
 * not be allocated, -ENXIO for a thread attached to no machine: an API
 * violation) means nothing changed.
 */
void *__xa_cmpxchg(struct xarray *xa, unsigned long index, void *old,
		   void *entry, gfp_t gfp)
{
	if (unlikely(!caller_attached(__func__)))
		return XA_ERROR(-ENXIO);
	return xa_cmpxchg_held(xa, index, old, entry, gfp);
}

/**
 * xa_cmpxchg() - store @entry at @index if it holds @old.
 * @xa: the array.
 * @index: the index.
 * @old: the entry expected, compared with the raw entry: a reserved index
 *	holds XA_ZERO_ENTRY and does not match NULL.
 * @entry: the new entry; NULL erases.
 * @gfp: allocation flags for the nodes the store may need.
 *
 * Context: An attached thread (see Return), any context.
 * Takes and releases xa_lock; allocates under it, or with it dropped
 * when @gfp may sleep (then the call may sleep).
 * Return: as __xa_cmpxchg().
 */
void *xa_cmpxchg(struct xarray *xa, unsigned long index, void *old,
		 void *entry, gfp_t gfp)
{
	void *curr;

	if (unlikely(!caller_attached(__func__)))
		return XA_ERROR(-ENXIO);
	xa_lock(xa);
	curr = xa_cmpxchg_held(xa, index, old, entry, gfp);
	xa_unlock(xa);
	return curr;
}

/*
 * The lowest index >= @start below @node that is free, following the
 * free bitmaps; @start lies inside @node's range.
 */
static bool xa_node_find_free(const struct xa_node *node, unsigned long start,
			      unsigned long *found)
{
	unsigned int first = xa_offset(node, start);
	unsigned long bits = node->free & (XA_FREE_ALL << first);
	unsigned long span = xa_max_for_shift(node->shift);

	while (bits) {
		unsigned int offset = __ffs(bits);
		unsigned long index = start;
		void *entry;

		if (offset != first)
			index = (start & ~span) |
				((unsigned long)offset << node->shift);
		entry = node->slots[offset];
		if (!entry) {
			*found = index;
			return true;
		}
		if (WARN_ON_ONCE(!node->shift || !xa_is_node(entry))) {
			bits &= bits - 1;
			continue;
		}
		/* only the first child can lack room at or after @start */
		if (xa_node_find_free(xa_to_node(entry), index, found))
			return true;
		bits &= bits - 1;
	}
	return false;
}

/* The lowest free index of @xa in [@min, @max]. */
static bool xa_find_free(const struct xarray *xa, unsigned long min,
			 unsigned long max, unsigned long *found)
{
	void *head = xa_head_locked(xa);
	unsigned long index = min;

	if (!head) {
		index = min;
	} else if (!xa_is_node(head)) {
		index = min ? min : 1;
	} else {
		struct xa_node *root = xa_to_node(head);
		unsigned long top = xa_max_for_shift(root->shift);

		if (min <= top && !xa_node_find_free(root, min, &index)) {
			if (top == ULONG_MAX)
				return false;
			index = top + 1;
		}
	}
	if (index > max || index < min)
		return false;
	*found = index;
	return true;
}

/* __xa_alloc() for a caller that checked caller_attached() already. */
static int xa_alloc_held(struct xarray *xa, uint32_t *id, void *entry,
			 struct xa_limit limit, gfp_t gfp)
{
	unsigned long min = limit.min, index = 0;
	XA_STATE(xas, xa, 0);
	void *old = NULL;
	int err;

	if (WARN_ON_ONCE(xa_is_advanced(entry)))
		return -EINVAL;
	if (WARN_ON_ONCE(!xa_track_free(xa)))
		return -EINVAL;
	if (WARN_ON_ONCE(!id))
		return -EINVAL;
	xa_assert_held(xa);
	if (!entry)
		entry = XA_ZERO_ENTRY;
	if (!min && xa_zero_busy(xa))
		min = 1;
	do {
		if (min > limit.max ||
		    !xa_find_free(xa, min, limit.max, &index)) {
			xas_set_err(&xas, -EBUSY);
			continue;
		}
		xas.xa_index = index;
		old = xa_store_state(&xas, entry);
	} while (__xas_nomem(&xas, gfp));
	err = xas_error(&xas);
	if (err)
		return err;
	WARN_ON_ONCE(old);
	*id = (uint32_t)index;
	return 0;
}

/**
 * __xa_alloc() - store @entry at the lowest free index in @limit.
 * @xa: an array initialised with XA_FLAGS_ALLOC or XA_FLAGS_ALLOC1.
 * @id: receives the index on success; untouched on failure.
 * @entry: the new entry; NULL reserves the index.
 * @limit: inclusive range of acceptable indices; with XA_FLAGS_ALLOC1
 *	index 0 is never handed out.
 * @gfp: allocation flags for the nodes the store may need.
 *
 * Context: An attached thread (see Return), any context.
 * Expects xa_lock held on entry and holds it on return; drops and
 * retakes it to allocate when @gfp may sleep.
 * Return: 0 on success, -EBUSY if every index in @limit is in use or
 * reserved, -ENOMEM if a node could not be allocated, -EINVAL for an
 * @entry xa_is_advanced() names or an array that does not track free indices, -ENXIO
 * for a thread attached to no machine (an API violation). The array is
 * unchanged on error.
 */
int __xa_alloc(struct xarray *xa, uint32_t *id, void *entry,
	       struct xa_limit limit, gfp_t gfp)
{
	if (unlikely(!caller_attached(__func__)))
		return -ENXIO;
	return xa_alloc_held(xa, id, entry, limit, gfp);
}

/**
 * xa_alloc() - store @entry at the lowest free index in @limit.
 * @xa: an array initialised with XA_FLAGS_ALLOC or XA_FLAGS_ALLOC1.
 * @id: receives the index on success; untouched on failure.
 * @entry: the new entry; NULL reserves the index.
 * @limit: inclusive range of acceptable indices.
 * @gfp: allocation flags for the nodes the store may need.
 *
 * Context: An attached thread (see Return), any context.
 * Takes and releases xa_lock; allocates under it, or with it dropped
 * when @gfp may sleep (then the call may sleep).
 * Return: as __xa_alloc().
 */
int xa_alloc(struct xarray *xa, uint32_t *id, void *entry,
	     struct xa_limit limit, gfp_t gfp)
{
	int ret;

	if (unlikely(!caller_attached(__func__)))
		return -ENXIO;
	xa_lock(xa);
	ret = xa_alloc_held(xa, id, entry, limit, gfp);
	xa_unlock(xa);
	return ret;
}

/* __xa_alloc_cyclic() for a caller that checked caller_attached(). */
static int xa_alloc_cyclic_held(struct xarray *xa, uint32_t *id, void *entry,
				struct xa_limit limit, uint32_t *next,
				gfp_t gfp)
{
	uint32_t start = limit.min;
	int ret;

	if (WARN_ON_ONCE(!next))
		return -EINVAL;
	/* from *next to the top of the range first ... */
	if (*next > limit.min)
		limit.min = *next;
	ret = xa_alloc_held(xa, id, entry, limit, gfp);
	if (!ret && (xa->xa_flags & XA_FLAGS_ALLOC_WRAPPED)) {
		xa->xa_flags &= ~XA_FLAGS_ALLOC_WRAPPED;
		ret = 1;
	}
	/* ... then around again from its bottom */
	if (ret < 0 && limit.min > start) {
		limit.min = start;
		ret = xa_alloc_held(xa, id, entry, limit, gfp);
		if (!ret)
			ret = 1;
	}
	if (ret >= 0) {
		*next = *id + 1;
		if (!*next)
			xa->xa_flags |= XA_FLAGS_ALLOC_WRAPPED;
	}
	return ret;
}

/**
 * __xa_alloc_cyclic() - store @entry at the first free id from *@next on,
 * wrapping round to the bottom of @limit.
 * @xa: an array initialised with XA_FLAGS_ALLOC or XA_FLAGS_ALLOC1.
 * @id: receives the id on success; untouched on failure.
 * @entry: the new entry; NULL reserves the id.
 * @limit: inclusive range of acceptable ids.
 * @next: where the search starts; set to the id after the one handed out.
 * @gfp: allocation flags for the nodes the store may need.
 *
 * Context: An attached thread (see Return), any context.
 * Expects xa_lock held on entry and holds it on return; drops and
 * retakes it to allocate when @gfp may sleep.
 * Return: 0 on success; 1 on success after the search wrapped round (or
 * after *@next itself wrapped through 0 on an earlier call); errors as
 * __xa_alloc(), and -EINVAL for a NULL @next (a WARN violation).
 */
int __xa_alloc_cyclic(struct xarray *xa, uint32_t *id, void *entry,
		      struct xa_limit limit, uint32_t *next, gfp_t gfp)
{
	if (unlikely(!caller_attached(__func__)))
		return -ENXIO;
	return xa_alloc_cyclic_held(xa, id, entry, limit, next, gfp);
}

/**
 * xa_alloc_cyclic() - __xa_alloc_cyclic() taking xa_lock itself.
 * @xa: an array initialised with XA_FLAGS_ALLOC or XA_FLAGS_ALLOC1.
 * @id: receives the id on success; untouched on failure.
 * @entry: the new entry; NULL reserves the id.
 * @limit: inclusive range of acceptable ids.
 * @next: where the search starts; set to the id after the one handed out.
 * @gfp: allocation flags for the nodes the store may need.
 *
 * Context: An attached thread (see Return), any context.
 * Takes and releases xa_lock; allocates under it, or with it dropped
 * when @gfp may sleep (then the call may sleep).
 * Return: as __xa_alloc_cyclic().
 */
int xa_alloc_cyclic(struct xarray *xa, uint32_t *id, void *entry,
		    struct xa_limit limit, uint32_t *next, gfp_t gfp)
{
	int ret;

	if (unlikely(!caller_attached(__func__)))
		return -ENXIO;
	xa_lock(xa);
	ret = xa_alloc_cyclic_held(xa, id, entry, limit, next, gfp);
	xa_unlock(xa);
	return ret;
}

/**
 * xa_find_rcu() - the first present entry at an index in [*@indexp, @max].
 * @xa: the array.
 * @indexp: in: the first index; out: the entry's index (only when found).
 * @max: the last index.
 * @how: 0, or XA_FIND_ZEROS (reservations count too) and XA_FIND_STARTS
 *	(only entries starting at or after *@indexp count).
 *
 * Each pass walks down from the head; a pass ends when it leaves the
 * node it reached, and the next one starts again from the head at the
 * first index not yet examined.
 *
 * Context: RCU read lock held.
 * Return: the entry, or NULL.
 */
void *xa_find_rcu(struct xarray *xa, unsigned long *indexp,
		  unsigned long max, unsigned int how)
{
	unsigned long start = *indexp, index = start;
	bool zeros = how & XA_FIND_ZEROS;

	while (index <= max) {
		void *entry = rcu_dereference(xa->xa_head);
		struct xa_node *node;

		if (!xa_is_node(entry)) {
			if (index || !entry || (xa_is_zero(entry) && !zeros))
				return NULL;
			*indexp = 0;
			return entry;
		}
		node = xa_to_node(entry);
		if (index > xa_max_for_shift(node->shift))
			return NULL;
		for (;;) {
			switch (xa_find_slot(&node, xa_offset(node, index),
					     &index, max, &entry, how,
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

static void *xa_find_filtered(struct xarray *xa, unsigned long *indexp,
			      unsigned long max, xa_mark_t filter,
			      unsigned int how)
{
	if (filter == XA_PRESENT)
		return xa_find_rcu(xa, indexp, max, how);
	return xa_find_marked_rcu(xa, indexp, max, filter, how);
}

/**
 * xa_find() - the first present entry at or after *@index.
 * @xa: the array.
 * @index: in: the first index to look at; out: the index of the entry
 *	found (unchanged when nothing is found).
 * @max: the last index to look at.
 * @filter: XA_PRESENT for any present entry, or XA_MARK_0..2 for the
 *	entries carrying that mark.
 *
 * Reserved indices are skipped.
 *
 * Context: An attached thread (see Return), any context.
 * Takes and releases the RCU read lock.
 * Return: the entry, or NULL if no present entry matching @filter lies
 * in [*@index, @max]; NULL also for a bad @filter or XA_MARK_0 on an
 * allocating array (WARN violations), and for a thread attached to no
 * machine (an API violation).
 */
void *xa_find(struct xarray *xa, unsigned long *index, unsigned long max,
	      xa_mark_t filter)
{
	void *entry;

	if (unlikely(!caller_attached(__func__)))
		return NULL;
	if (filter != XA_PRESENT && !xa_mark_usable(xa, filter))
		return NULL;
	rcu_read_lock();
	entry = xa_find_filtered(xa, index, max, filter, 0);
	rcu_read_unlock();
	return entry;
}

/**
 * xa_find_after() - the first present entry after *@index.
 * @xa: the array.
 * @index: in: the index of the previous entry; out: the index of the
 *	entry found (unchanged when nothing is found).
 * @max: the last index to look at.
 * @filter: XA_PRESENT, or XA_MARK_0..2 (as xa_find()).
 *
 * Does not wrap: when *@index is ULONG_MAX there is nothing after it.
 *
 * Context: An attached thread (see Return), any context.
 * Takes and releases the RCU read lock.
 * Return: the entry, or NULL if no present entry matching @filter lies in
 * (*@index, @max]; NULL also as for xa_find().
 */
void *xa_find_after(struct xarray *xa, unsigned long *index,
		    unsigned long max, xa_mark_t filter)
{
	unsigned long next;
	void *entry;

	if (unlikely(!caller_attached(__func__)))
		return NULL;
	if (filter != XA_PRESENT && !xa_mark_usable(xa, filter))
		return NULL;
	if (*index == ULONG_MAX)
		return NULL;
	next = *index + 1;
	rcu_read_lock();
	entry = xa_find_filtered(xa, &next, max, filter, XA_FIND_STARTS);
	rcu_read_unlock();
	if (entry)
		*index = next;
	return entry;
}

/**
 * xa_free_tree() - tear down a detached tree.
 * @top: its top node, no longer reachable from the array.
 * @update: the node callback, or NULL.
 *
 * Every slot a reader may still be looking at becomes a retry entry, and
 * every node goes to RCU. Walks depth first using the parent pointers,
 * so it needs no stack.
 *
 * Context: xa_lock held.
 * Return: nothing.
 */
void xa_free_tree(struct xa_node *top, xa_update_node_t update)
{
	struct xa_node *node = top;
	unsigned int offset = 0;

	for (;;) {
		struct xa_node *parent;
		bool last;

		if (offset < XA_CHUNK_SIZE) {
			void *entry = xa_slot_locked(node, offset);

			if (node->shift && xa_is_node(entry)) {
				node = xa_to_node(entry);
				offset = 0;
				continue;
			}
			if (entry)
				WRITE_ONCE(node->slots[offset], XA_RETRY_ENTRY);
			offset++;
			continue;
		}
		parent = node->parent;
		offset = node->offset;
		last = node == top;
		node->count = 0;
		node->nr_values = 0;
		xa_node_changed(update, node);
		xa_node_free(node);
		if (last)
			return;
		WRITE_ONCE(parent->slots[offset], XA_RETRY_ENTRY);
		node = parent;
		offset++;
	}
}

/**
 * xa_delete_node() - remove @node, and everything below it, from its tree.
 * @node: a node of an array whose xa_lock the caller holds.
 * @update: called for each node whose counts change (the nodes that leave
 *	the tree included, with counts of 0), or NULL.
 *
 * The private interface the kernel gives its workingset code: the entries
 * below @node are erased (with their marks), the nodes above it that this
 * leaves empty are removed, and the tree shrinks as after an erase.
 * Readers still inside the removed nodes find retry entries.
 *
 * Context: An attached thread; xa_lock held (the lock validator reports
 * a call without it), and not released.
 * Return: nothing. From a thread attached to no machine: an API
 * violation, and nothing is removed.
 */
void xa_delete_node(struct xa_node *node, xa_update_node_t update)
{
	struct xarray *xa = node->array;
	struct xa_node *parent = node->parent;

	if (unlikely(!caller_attached(__func__)))
		return;
	xa_assert_held(xa);
	if (parent) {
		xa_marks_clear_index(xa, parent, node->offset);
		xa_delete(xa, parent, node->offset, update);
	} else {
		WRITE_ONCE(xa->xa_head, NULL);
		xa_marks_clear_array(xa);
	}
	xa_free_tree(node, update);
}

/**
 * xa_destroy() - remove every entry and free every node.
 * @xa: the array.
 *
 * The entries themselves are not freed: do that first if they need it.
 * Nodes are freed after a grace period, so concurrent readers stay safe.
 * The array is empty afterwards and may be used again.
 *
 * Context: An attached thread, any context. Takes and releases xa_lock.
 * Return: nothing. From a thread attached to no machine: an API violation,
 * and the array is left alone.
 */
void xa_destroy(struct xarray *xa)
{
	void *head;

	if (unlikely(!caller_attached(__func__)))
		return;
	xa_lock(xa);
	head = xa_head_locked(xa);
	WRITE_ONCE(xa->xa_head, NULL);
	xa_marks_clear_array(xa);
	if (xa_is_node(head))
		xa_free_tree(xa_to_node(head), NULL);
	xa_unlock(xa);
}
