/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * The xarray: a radix tree of pointers indexed by unsigned long, with the
 * kernel's API and semantics for the subset cleancache and its users need.
 *
 * Readers (xa_load(), xa_find(), xa_for_each()) take only the RCU read
 * lock; writers serialise on xa_lock. Nodes are freed after a grace
 * period, so a reader inside rcu_read_lock() never touches freed memory.
 * The locking rules of each call are in docs/xarray.md.
 *
 * Entries: any pointer, or a value entry made with xa_mk_value(), except
 * the internal values xa_is_advanced() names (as in kernel 6.12).
 * Pointers with the low two bits 0b10 are internal entries; those the
 * xarray uses itself are nodes, XA_RETRY_ENTRY, XA_ZERO_ENTRY (a
 * reserved index, which users may store) and errors. A call that must report an error with an entry returns an error
 * entry: test it with xa_is_err() and decode it with xa_err().
 */
#ifndef _LIBGCMA_XARRAY_H
#define _LIBGCMA_XARRAY_H

#include <limits.h>
#include <libgcma/gfp.h>
#include <libgcma/list.h>
#include <libgcma/spinlock.h>
#include <libgcma/violation.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Flags for xa_init_flags(). */
#define XA_FLAGS_LOCK_IRQ	((gfp_t)0x01000000u)	/* accepted, no effect */
#define XA_FLAGS_LOCK_BH	((gfp_t)0x02000000u)	/* accepted, no effect */
#define XA_FLAGS_TRACK_FREE	((gfp_t)0x04000000u)
#define XA_FLAGS_ZERO_BUSY	((gfp_t)0x08000000u)
/* Set while some entry of the array carries @mark (xa_marked()). */
#define XA_FLAGS_MARK(mark)	((gfp_t)(0x10000000u << (unsigned int)(mark)))
#define XA_FLAGS_ALLOC		(XA_FLAGS_TRACK_FREE)
#define XA_FLAGS_ALLOC1		(XA_FLAGS_TRACK_FREE | XA_FLAGS_ZERO_BUSY)
/* Set by xa_alloc_cyclic() when its next id wrapped through 0. */
#define XA_FLAGS_ALLOC_WRAPPED	((gfp_t)0x80000000u)

/**
 * struct xarray - the array head.
 * @xa_lock: serialises writers.
 * @xa_flags: XA_FLAGS_* given at init.
 * @xa_head: the root entry or node; NULL when empty.
 */
struct xarray {
	spinlock_t xa_lock;
	gfp_t xa_flags;
	void *xa_head;
};

#ifdef __cplusplus
/* C++ before C++20 has no designated initializers. */
#define XARRAY_INIT(name, flags) \
	{ __SPIN_LOCK_UNLOCKED(name.xa_lock), (gfp_t)(flags), NULL }
#else
#define XARRAY_INIT(name, flags) {				\
	.xa_lock = __SPIN_LOCK_UNLOCKED(name.xa_lock),		\
	.xa_flags = (flags),					\
	.xa_head = NULL,					\
}
#endif
#define DEFINE_XARRAY_FLAGS(name, flags) \
	struct xarray name = XARRAY_INIT(name, flags)
#define DEFINE_XARRAY(name)		DEFINE_XARRAY_FLAGS(name, 0)
#define DEFINE_XARRAY_ALLOC(name)	DEFINE_XARRAY_FLAGS(name, XA_FLAGS_ALLOC)
#define DEFINE_XARRAY_ALLOC1(name)	DEFINE_XARRAY_FLAGS(name, XA_FLAGS_ALLOC1)

/*
 * Marks: three independent bits per entry (XA_MARK_0..2), and the search
 * filter XA_PRESENT (any present entry). In an array that tracks free
 * indices (XA_FLAGS_ALLOC*), XA_MARK_0 is the allocator's XA_FREE_MARK and
 * not the user's: using it there is a WARN violation.
 */
typedef unsigned int xa_mark_t;
#define XA_MARK_0	((xa_mark_t)0U)
#define XA_MARK_1	((xa_mark_t)1U)
#define XA_MARK_2	((xa_mark_t)2U)
#define XA_PRESENT	((xa_mark_t)8U)
#define XA_MARK_MAX	XA_MARK_2
#define XA_FREE_MARK	XA_MARK_0
#define XA_MAX_MARKS	3

/**
 * struct xa_limit - the id range xa_alloc() may use, inclusive.
 * @max: highest id.
 * @min: lowest id.
 */
struct xa_limit {
	uint32_t max;
	uint32_t min;
};

#ifdef __cplusplus
/* No compound literals in C++: a temporary, fields in declaration order. */
#define XA_LIMIT(_min, _max) \
	(xa_limit{ (uint32_t)(_max), (uint32_t)(_min) })
#else
#define XA_LIMIT(_min, _max)	(struct xa_limit) { .min = (_min), .max = (_max) }
#endif
#define xa_limit_32b		XA_LIMIT(0, UINT_MAX)
#define xa_limit_31b		XA_LIMIT(0, INT_MAX)
#define xa_limit_16b		XA_LIMIT(0, USHRT_MAX)

/**
 * xa_mk_value() - make a value entry from an integer.
 * @v: value to store; at most LONG_MAX.
 *
 * A larger @v loses its top bit; as the kernel does, that is a WARN_ON
 * (a violation recorded by sim_report_violation()).
 *
 * Context: Any context.
 * Return: an entry xa_is_value() recognises.
 */
static inline void *xa_mk_value(unsigned long v)
{
	if (__builtin_expect(v > (unsigned long)LONG_MAX, 0))
		sim_report_violation("WARN_ON", __FILE__, __LINE__,
				     "xa_mk_value",
				     "value %lu is above LONG_MAX", v);
	return (void *)((v << 1) | 1);
}

/**
 * xa_to_value() - the integer in a value entry.
 * @entry: a value entry.
 *
 * Context: Any context.
 * Return: the integer given to xa_mk_value().
 */
static inline unsigned long xa_to_value(const void *entry)
{
	return (unsigned long)entry >> 1;
}

/**
 * xa_is_value() - is @entry a value entry?
 * @entry: an entry.
 *
 * Context: Any context.
 * Return: true for entries made by xa_mk_value().
 */
static inline bool xa_is_value(const void *entry)
{
	return (unsigned long)entry & 1;
}

/* Internal entries: low bits 0b10. Errors are -MAX_ERRNO..-1 shifted. */
static inline void *xa_mk_internal(unsigned long v)
{
	return (void *)((v << 2) | 2);
}

static inline unsigned long xa_to_internal(const void *entry)
{
	return (unsigned long)entry >> 2;
}

static inline bool xa_is_internal(const void *entry)
{
	return ((unsigned long)entry & 3) == 2;
}

/* Reserved internal values: 0..255 are the kernel's sibling entries. */
#define XA_RETRY_ENTRY		xa_mk_internal(256)
#define XA_ZERO_ENTRY		xa_mk_internal(257)

/**
 * xa_mk_sibling() - the entry a multi-index entry leaves in its other slots.
 * @offset: the slot of the entry itself (its canonical slot) in the node.
 *
 * Context: Any context.
 * Return: the sibling entry pointing at @offset.
 */
static inline void *xa_mk_sibling(unsigned int offset)
{
	return xa_mk_internal(offset);
}

/**
 * xa_to_sibling() - the canonical slot a sibling entry points at.
 * @entry: a sibling entry.
 *
 * Context: Any context.
 * Return: the offset.
 */
static inline unsigned long xa_to_sibling(const void *entry)
{
	return xa_to_internal(entry);
}

/**
 * xa_is_sibling() - is @entry a sibling entry?
 * @entry: an entry read from a node.
 *
 * Context: Any context.
 * Return: true for the internal values below XA_RETRY_ENTRY.
 */
static inline bool xa_is_sibling(const void *entry)
{
	return xa_is_internal(entry) &&
	       (unsigned long)entry < (unsigned long)XA_RETRY_ENTRY;
}

/**
 * xa_is_zero() - is @entry the zero entry (a reserved index)?
 * @entry: an entry.
 *
 * Context: Any context.
 * Return: true for XA_ZERO_ENTRY.
 */
static inline bool xa_is_zero(const void *entry)
{
	return entry == XA_ZERO_ENTRY;
}

/**
 * xa_is_retry() - is @entry the retry entry?
 * @entry: an entry read under RCU.
 *
 * Context: Any context.
 * Return: true for XA_RETRY_ENTRY: the walk must start again.
 */
static inline bool xa_is_retry(const void *entry)
{
	return __builtin_expect(entry == XA_RETRY_ENTRY, 0);
}

/**
 * xa_is_advanced() - may @entry be stored only through the advanced API?
 * @entry: an entry a caller wants to store.
 *
 * The normal API (xa_store(), xa_insert(), xa_cmpxchg(), xa_alloc())
 * refuses these with -EINVAL: the internal values up to XA_RETRY_ENTRY.
 * Every other entry, XA_ZERO_ENTRY and pointers aligned to only 2 bytes
 * included, may be stored.
 *
 * Context: Any context.
 * Return: true if the normal API refuses @entry.
 */
static inline bool xa_is_advanced(const void *entry)
{
	return xa_is_internal(entry) &&
	       (unsigned long)entry <= (unsigned long)XA_RETRY_ENTRY;
}

/**
 * xa_is_err() - does @entry report an error?
 * @entry: a value returned by an xarray call.
 *
 * Context: Any context.
 * Return: true for an error entry.
 */
static inline bool xa_is_err(const void *entry)
{
	return xa_is_internal(entry) &&
	       (unsigned long)entry >= (unsigned long)xa_mk_internal(-4095L);
}

/**
 * xa_err() - the errno of an error entry.
 * @entry: a value returned by an xarray call.
 *
 * Context: Any context.
 * Return: the negative errno for an error entry, else 0.
 */
static inline int xa_err(const void *entry)
{
	if (xa_is_err(entry))
		return (int)((long)entry >> 2);
	return 0;
}

/**
 * xa_init_flags() - initialise an empty xarray.
 * @xa: the array.
 * @flags: XA_FLAGS_* bits.
 *
 * Context: Any context.
 * Return: nothing.
 */
static inline void xa_init_flags(struct xarray *xa, gfp_t flags)
{
	spin_lock_init(&xa->xa_lock);
	xa->xa_flags = flags;
	xa->xa_head = NULL;
}

/**
 * xa_init() - initialise an empty xarray without flags.
 * @xa: the array.
 *
 * Context: Any context.
 * Return: nothing.
 */
static inline void xa_init(struct xarray *xa)
{
	xa_init_flags(xa, 0);
}

/**
 * xa_empty() - does @xa hold no entry?
 * @xa: the array.
 *
 * Context: Any context; the answer may be stale without the lock.
 * Return: true if the array is empty.
 */
static inline bool xa_empty(const struct xarray *xa)
{
	return __atomic_load_n(&xa->xa_head, __ATOMIC_RELAXED) == NULL;
}

/**
 * xa_marked() - does any entry of @xa carry @mark?
 * @xa: the array.
 * @mark: XA_MARK_0..XA_MARK_2.
 *
 * Context: Any context; the answer may be stale without the lock.
 * Return: true if some entry has @mark set.
 */
static inline bool xa_marked(const struct xarray *xa, xa_mark_t mark)
{
	return __atomic_load_n(&xa->xa_flags, __ATOMIC_RELAXED) &
	       XA_FLAGS_MARK(mark);
}

#define xa_lock(xa)		spin_lock(&(xa)->xa_lock)
#define xa_unlock(xa)		spin_unlock(&(xa)->xa_lock)
#define xa_lock_irq(xa)		spin_lock(&(xa)->xa_lock)
#define xa_unlock_irq(xa)	spin_unlock(&(xa)->xa_lock)
#define xa_lock_bh(xa)		spin_lock(&(xa)->xa_lock)
#define xa_unlock_bh(xa)	spin_unlock(&(xa)->xa_lock)

LIBGCMA_API void *xa_load(struct xarray *xa, unsigned long index);
LIBGCMA_API void *xa_store(struct xarray *xa, unsigned long index,
			   void *entry, gfp_t gfp);
LIBGCMA_API void *__xa_store(struct xarray *xa, unsigned long index,
			     void *entry, gfp_t gfp);
LIBGCMA_API int xa_insert(struct xarray *xa, unsigned long index,
			  void *entry, gfp_t gfp);
LIBGCMA_API int __xa_insert(struct xarray *xa, unsigned long index,
			    void *entry, gfp_t gfp);
LIBGCMA_API void *xa_erase(struct xarray *xa, unsigned long index);
LIBGCMA_API void *__xa_erase(struct xarray *xa, unsigned long index);
LIBGCMA_API void *xa_cmpxchg(struct xarray *xa, unsigned long index,
			     void *old, void *entry, gfp_t gfp);
LIBGCMA_API void *__xa_cmpxchg(struct xarray *xa, unsigned long index,
			       void *old, void *entry, gfp_t gfp);
LIBGCMA_API int xa_alloc(struct xarray *xa, uint32_t *id, void *entry,
			 struct xa_limit limit, gfp_t gfp);
LIBGCMA_API int __xa_alloc(struct xarray *xa, uint32_t *id, void *entry,
			   struct xa_limit limit, gfp_t gfp);
LIBGCMA_API int xa_alloc_cyclic(struct xarray *xa, uint32_t *id, void *entry,
				struct xa_limit limit, uint32_t *next,
				gfp_t gfp);
LIBGCMA_API int __xa_alloc_cyclic(struct xarray *xa, uint32_t *id,
				  void *entry, struct xa_limit limit,
				  uint32_t *next, gfp_t gfp);
#define xa_alloc_cyclic_bh	xa_alloc_cyclic
#define xa_alloc_cyclic_irq	xa_alloc_cyclic
LIBGCMA_API void *xa_find(struct xarray *xa, unsigned long *index,
			  unsigned long max, xa_mark_t filter);
LIBGCMA_API void *xa_find_after(struct xarray *xa, unsigned long *index,
				unsigned long max, xa_mark_t filter);
LIBGCMA_API void xa_destroy(struct xarray *xa);
LIBGCMA_API bool xa_get_mark(struct xarray *xa, unsigned long index,
			     xa_mark_t mark);
LIBGCMA_API void xa_set_mark(struct xarray *xa, unsigned long index,
			     xa_mark_t mark);
LIBGCMA_API void __xa_set_mark(struct xarray *xa, unsigned long index,
			       xa_mark_t mark);
LIBGCMA_API void xa_clear_mark(struct xarray *xa, unsigned long index,
			       xa_mark_t mark);
LIBGCMA_API void __xa_clear_mark(struct xarray *xa, unsigned long index,
				 xa_mark_t mark);

#define xa_cmpxchg_bh(xa, i, o, e, gfp)	xa_cmpxchg(xa, i, o, e, gfp)
#define xa_cmpxchg_irq(xa, i, o, e, gfp)	xa_cmpxchg(xa, i, o, e, gfp)

/**
 * xa_reserve() - reserve @index.
 * @xa: the array.
 * @index: the index.
 * @gfp: allocation flags for the nodes the reservation may need.
 *
 * A reserved index reads as NULL but is occupied: xa_insert() answers
 * -EBUSY and xa_alloc() skips it, and a later store there needs no
 * memory. Reserving an index that holds an entry (or is reserved)
 * succeeds and changes nothing. Undo with xa_release() or xa_erase().
 *
 * Context: An attached thread, any context. Takes and releases xa_lock.
 * Return: 0, or -ENOMEM if a node could not be allocated, -ENXIO for a
 * thread attached to no machine (an API violation).
 */
static inline int xa_reserve(struct xarray *xa, unsigned long index,
			     gfp_t gfp)
{
	return xa_err(xa_cmpxchg(xa, index, NULL, XA_ZERO_ENTRY, gfp));
}

/**
 * xa_reserve_bh() - xa_reserve(); softirqs do not exist here.
 * @xa: the array.
 * @index: the index.
 * @gfp: allocation flags.
 *
 * Context: As xa_reserve().
 * Return: as xa_reserve().
 */
static inline int xa_reserve_bh(struct xarray *xa, unsigned long index,
				gfp_t gfp)
{
	return xa_reserve(xa, index, gfp);
}

/**
 * xa_reserve_irq() - xa_reserve(); interrupts do not exist here.
 * @xa: the array.
 * @index: the index.
 * @gfp: allocation flags.
 *
 * Context: As xa_reserve().
 * Return: as xa_reserve().
 */
static inline int xa_reserve_irq(struct xarray *xa, unsigned long index,
				 gfp_t gfp)
{
	return xa_reserve(xa, index, gfp);
}

/**
 * xa_release() - undo xa_reserve().
 * @xa: the array.
 * @index: the index.
 *
 * Erases @index only if it is still reserved; an entry stored there since
 * stays.
 *
 * Context: An attached thread, any context. Takes and releases xa_lock;
 * never allocates.
 * Return: nothing.
 */
static inline void xa_release(struct xarray *xa, unsigned long index)
{
	xa_cmpxchg(xa, index, XA_ZERO_ENTRY, NULL, 0);
}

/**
 * xa_for_each() - iterate over the present entries of @xa.
 * @xa: the array.
 * @index: unsigned long cursor; holds each entry's index in the body.
 * @entry: void * receiving each entry.
 *
 * Safe against concurrent modification and against erasing the current
 * entry in the body; each step is one xa_find_after() under RCU, so an
 * entry stored or erased during the walk may or may not be seen.
 */
#define xa_for_each(xa, index, entry)					\
	xa_for_each_range(xa, index, entry, 0, ULONG_MAX)

/**
 * xa_for_each_range() - iterate over the present entries in [@start, @last].
 * @xa: the array.
 * @index: unsigned long cursor; holds each entry's index in the body.
 * @entry: void * receiving each entry.
 * @start: first index to look at.
 * @last: last index to look at.
 *
 * As xa_for_each(), limited to the range.
 */
#define xa_for_each_range(xa, index, entry, start, last)		\
	for (index = (start),						\
	     entry = xa_find(xa, &index, last, XA_PRESENT);		\
	     entry;							\
	     entry = xa_find_after(xa, &index, last, XA_PRESENT))

/**
 * xa_for_each_start() - iterate over the present entries from @start on.
 * @xa: the array.
 * @index: unsigned long cursor; holds each entry's index in the body.
 * @entry: void * receiving each entry.
 * @start: first index to look at.
 *
 * As xa_for_each(), starting at @start.
 */
#define xa_for_each_start(xa, index, entry, start)			\
	xa_for_each_range(xa, index, entry, start, ULONG_MAX)

/**
 * xa_for_each_marked() - iterate over the present entries carrying @filter.
 * @xa: the array.
 * @index: unsigned long cursor; holds each entry's index in the body.
 * @entry: void * receiving each entry.
 * @filter: XA_MARK_0..XA_MARK_2 (or XA_PRESENT: every present entry).
 *
 * As xa_for_each(): one RCU section per step, safe against concurrent
 * changes; an entry marked or unmarked during the walk may or may not be
 * visited.
 */
#define xa_for_each_marked(xa, index, entry, filter)			\
	for (index = 0, entry = xa_find(xa, &index, ULONG_MAX, filter);	\
	     entry;							\
	     entry = xa_find_after(xa, &index, ULONG_MAX, filter))

/* Everything below is the advanced API (docs/xarray.md, "Advanced API"). */

struct xa_node;

/* In-tree builds know the node size; an installed header may not. */
#if !defined(XA_CHUNK_SHIFT) && defined(__has_include)
#if __has_include("libgcma-config.h")
#include "libgcma-config.h"
#endif
#endif

#ifdef XA_CHUNK_SHIFT
/*
 * The node layout is visible, as in the kernel, to code that knows the
 * library's node size (XA_CHUNK_SHIFT, from the build's libgcma-config.h;
 * 6 unless the xa_chunk_shift option says otherwise): the workingset-style
 * users of xas_set_update() read @count and @nr_values and keep nodes on
 * their own lists through @private_list. Everything else in it belongs to
 * the xarray.
 */
#ifndef XA_CHUNK_SIZE
#define XA_CHUNK_SIZE		(1UL << XA_CHUNK_SHIFT)
#define XA_CHUNK_MASK		(XA_CHUNK_SIZE - 1)
#endif

/**
 * struct xa_node - one level of the radix tree.
 * @shift: bits of the index below this level; 0 for a leaf.
 * @offset: slot of this node in @parent.
 * @count: slots that are not NULL (entries, zero entries or children).
 * @nr_values: slots holding value entries (xa_is_value()).
 * @parent: node one level up, NULL for the root.
 * @array: the xarray this node belongs to.
 * @private_list: the tree user's (xas_set_update()); empty when the node
 *	leaves the tree.
 * @rcu_head: storage for the grace-period callback that frees the node,
 *	used only once the node has left the tree (so it may share
 *	@private_list's bytes, as in the kernel).
 * @free: XA_FLAGS_TRACK_FREE arrays only: bit n is set when slot n has
 *	room for a new entry (it is NULL, or its subtree has a free slot).
 * @slots: entries (leaf) or child nodes (above the leaves).
 * @marks: bit n of marks[m] is set when the entry in slot n (a leaf) or
 *	some entry below slot n carries mark m.
 *
 * @shift is set before the node is published and never changes, so an
 * RCU reader may use it. Every other field except @slots and @marks
 * belongs to the writer holding xa_lock.
 */
struct xa_node {
	unsigned char shift;
	unsigned char offset;
	unsigned char count;
	unsigned char nr_values;
	struct xa_node *parent;
	struct xarray *array;
	union {
		struct list_head private_list;
		void *rcu_head[2];
	};
	unsigned long free;
	void *slots[XA_CHUNK_SIZE];
	/* after the slots, as in the kernel: xa_load()'s lines stay put */
	unsigned long marks[XA_MAX_MARKS];
};

/* Is @entry a pointer to a node (internal, above 4096, not an error)? */
static inline bool xa_is_node(const void *entry)
{
	return xa_is_internal(entry) && (unsigned long)entry > 4096 &&
	       !xa_is_err(entry);
}

static inline struct xa_node *xa_to_node(const void *entry)
{
	return (struct xa_node *)((unsigned long)entry - 2);
}

static inline void *xa_mk_node(const struct xa_node *node)
{
	return (void *)((unsigned long)node | 2);
}

/*
 * The kernel's accessors for code that walks nodes itself. xa_head() and
 * xa_entry() need the RCU read lock or xa_lock held, the _locked forms
 * xa_lock.
 */
static inline void *xa_head(const struct xarray *xa)
{
	return __atomic_load_n(&xa->xa_head, __ATOMIC_ACQUIRE);
}

static inline void *xa_head_locked(const struct xarray *xa)
{
	return xa->xa_head;
}

static inline void *xa_entry(const struct xarray *xa,
			     const struct xa_node *node, unsigned int offset)
{
	(void)xa;
	return __atomic_load_n(&node->slots[offset], __ATOMIC_ACQUIRE);
}

static inline void *xa_entry_locked(const struct xarray *xa,
				    const struct xa_node *node,
				    unsigned int offset)
{
	(void)xa;
	return node->slots[offset];
}

static inline struct xa_node *xa_parent_locked(const struct xarray *xa,
					       const struct xa_node *node)
{
	(void)xa;
	return node->parent;
}
#endif /* XA_CHUNK_SHIFT */

/**
 * typedef xa_update_node_t - called when a node's entry counts change.
 * @node: the node, whose @count or @nr_values just changed (to 0 when it
 *	is about to leave the tree).
 *
 * Set with xas_set_update(); called with xa_lock held. The page cache's
 * workingset code keeps nodes holding only value (shadow) entries on a
 * list through @node->private_list this way.
 */
typedef void (*xa_update_node_t)(struct xa_node *node);

LIBGCMA_API void xa_delete_node(struct xa_node *node, xa_update_node_t update);

/**
 * struct xa_state - a cursor into an xarray, for the xas_* calls.
 * @xa: the array.
 * @xa_index: the index the cursor is at.
 * @xa_shift: the shift of the node an entry of the cursor's order lives
 *	in: the order rounded down to a multiple of XA_CHUNK_SHIFT (0 for
 *	XA_STATE()).
 * @xa_sibs: sibling slots after the entry's own slot in that node
 *	((1 << (order % XA_CHUNK_SHIFT)) - 1 for XA_STATE_ORDER()).
 * @xa_offset: slot of @xa_index in @xa_node.
 * @xa_pad: unused.
 * @xa_node: the leaf the last walk ended in, NULL when the entry lives
 *	in the head, or XAS_RESTART, XAS_BOUNDS, or an error entry.
 * @xa_alloc: nodes xas_nomem() allocated for the next xas_store().
 * @xa_update: called for each node whose counts a store through this
 *	cursor changes (xas_set_update()), or NULL.
 *
 * Lives on the stack of one thread. A node pointer in @xa_node is valid
 * only while the caller holds the RCU read lock or xa_lock.
 */
struct xa_state {
	struct xarray *xa;
	unsigned long xa_index;
	unsigned char xa_shift;
	unsigned char xa_sibs;
	unsigned char xa_offset;
	unsigned char xa_pad;
	struct xa_node *xa_node;
	struct xa_node *xa_alloc;
	xa_update_node_t xa_update;
};

#define XAS_BOUNDS	((struct xa_node *)1UL)
#define XAS_RESTART	((struct xa_node *)3UL)

#ifdef __cplusplus
#define __XA_STATE(array, index) \
	{ (array), (index), 0, 0, 0, 0, XAS_RESTART, NULL, NULL }
#else
#define __XA_STATE(array, index) {				\
	.xa = (array), .xa_index = (index), .xa_shift = 0,		\
	.xa_sibs = 0, .xa_offset = 0, .xa_pad = 0,			\
	.xa_node = XAS_RESTART, .xa_alloc = NULL, .xa_update = NULL,	\
}
#endif
/*
 * Declare an xa_state @name for the order-@order entry covering @index
 * (the kernel's CONFIG_XARRAY_MULTI encoding: see @xa_shift and @xa_sibs;
 * needs XA_CHUNK_SHIFT, the library's node size).
 */
#define XA_ORDER_INDEX(index, order)					\
	((order) < sizeof(unsigned long) * 8 ?				\
	 ((unsigned long)(index) >> (order)) << (order) : 0UL)
#define XA_ORDER_SHIFT(order)	((order) - ((order) % XA_CHUNK_SHIFT))
#define XA_ORDER_SIBS(order)	((1U << ((order) % XA_CHUNK_SHIFT)) - 1)
#ifdef __cplusplus
#define XA_STATE_ORDER(name, array, index, order)			\
	struct xa_state name = { (array), XA_ORDER_INDEX(index, order),	\
		(unsigned char)XA_ORDER_SHIFT(order),			\
		(unsigned char)XA_ORDER_SIBS(order), 0, 0, XAS_RESTART,	\
		NULL, NULL }
#else
#define XA_STATE_ORDER(name, array, index, order)			\
	struct xa_state name = {					\
		.xa = (array),						\
		.xa_index = XA_ORDER_INDEX(index, order),		\
		.xa_shift = (unsigned char)XA_ORDER_SHIFT(order),	\
		.xa_sibs = (unsigned char)XA_ORDER_SIBS(order),		\
		.xa_offset = 0, .xa_pad = 0,				\
		.xa_node = XAS_RESTART, .xa_alloc = NULL,		\
		.xa_update = NULL,					\
	}
#endif

/* Declare an xa_state @name for @index of @array, ready to walk. */
#define XA_STATE(name, array, index) \
	struct xa_state name = __XA_STATE(array, index)

#define xas_lock(xas)		xa_lock((xas)->xa)
#define xas_unlock(xas)		xa_unlock((xas)->xa)
#define xas_lock_bh(xas)	xa_lock_bh((xas)->xa)
#define xas_unlock_bh(xas)	xa_unlock_bh((xas)->xa)
#define xas_lock_irq(xas)	xa_lock_irq((xas)->xa)
#define xas_unlock_irq(xas)	xa_unlock_irq((xas)->xa)

/**
 * xas_error() - the error recorded in @xas.
 * @xas: the cursor.
 *
 * Context: Any context.
 * Return: the negative errno, or 0.
 */
static inline int xas_error(const struct xa_state *xas)
{
	return xa_err(xas->xa_node);
}

/**
 * xas_set_err() - record an error in @xas.
 * @xas: the cursor.
 * @err: a negative errno.
 *
 * Every later walk returns NULL until xas_set() or xas_nomem() clears it.
 *
 * Context: Any context.
 * Return: nothing.
 */
static inline void xas_set_err(struct xa_state *xas, long err)
{
	xas->xa_node = (struct xa_node *)xa_mk_internal((unsigned long)err);
}

/**
 * xas_invalid() - is @xas in an error, bounds or restart state?
 * @xas: the cursor.
 *
 * Context: Any context.
 * Return: true unless @xas points at a node or at the head.
 */
static inline bool xas_invalid(const struct xa_state *xas)
{
	return (unsigned long)xas->xa_node & 3;
}

/**
 * xas_valid() - is @xas positioned (at a node or the head)?
 * @xas: the cursor.
 *
 * Context: Any context.
 * Return: !xas_invalid().
 */
static inline bool xas_valid(const struct xa_state *xas)
{
	return !xas_invalid(xas);
}

/**
 * xas_is_node() - does @xas point at a node?
 * @xas: the cursor.
 *
 * Context: Any context.
 * Return: true if @xas->xa_node is a real node.
 */
static inline bool xas_is_node(const struct xa_state *xas)
{
	return xas_valid(xas) && xas->xa_node;
}

/**
 * xas_reset() - make the next walk start again from the head.
 * @xas: the cursor.
 *
 * Keeps an error; use xas_set() to clear one.
 *
 * Context: Any context.
 * Return: nothing.
 */
static inline void xas_reset(struct xa_state *xas)
{
	if (!xas_error(xas))
		xas->xa_node = XAS_RESTART;
}

/**
 * xas_set() - move @xas to @index, clearing any error.
 * @xas: the cursor.
 * @index: the new index.
 *
 * Context: Any context.
 * Return: nothing.
 */
static inline void xas_set(struct xa_state *xas, unsigned long index)
{
	xas->xa_index = index;
	xas->xa_node = XAS_RESTART;
}

/**
 * xas_retry() - should the walk skip @entry or start again?
 * @xas: the cursor.
 * @entry: what the last xas_* call returned.
 *
 * A zero entry (a reservation) is skipped; a retry entry (a node that
 * left the tree under an RCU reader) resets @xas so the next call walks
 * again from the head.
 *
 * Context: Any context.
 * Return: true if the caller should go round its loop again.
 */
static inline bool xas_retry(struct xa_state *xas, const void *entry)
{
	if (xa_is_zero(entry))
		return true;
	if (!xa_is_retry(entry))
		return false;
	xas_reset(xas);
	return true;
}

/**
 * xas_set_update() - call @update for each node a store through @xas changes.
 * @xas: the cursor.
 * @update: the callback, or NULL.
 *
 * Context: Any context.
 * Return: nothing.
 */
static inline void xas_set_update(struct xa_state *xas,
				  xa_update_node_t update)
{
	xas->xa_update = update;
}

LIBGCMA_API void xas_init_marks(const struct xa_state *xas);
LIBGCMA_API void *xas_load(struct xa_state *xas);
LIBGCMA_API void *xas_store(struct xa_state *xas, void *entry);
LIBGCMA_API void *xas_find(struct xa_state *xas, unsigned long max);
LIBGCMA_API void *xas_next_entry(struct xa_state *xas, unsigned long max);
LIBGCMA_API void *xas_find_marked(struct xa_state *xas, unsigned long max,
				  xa_mark_t mark);
LIBGCMA_API void *xas_reload(struct xa_state *xas);
LIBGCMA_API void xas_set_mark(const struct xa_state *xas, xa_mark_t mark);
LIBGCMA_API void xas_clear_mark(const struct xa_state *xas, xa_mark_t mark);
LIBGCMA_API bool xas_get_mark(const struct xa_state *xas, xa_mark_t mark);
LIBGCMA_API void xas_pause(struct xa_state *xas);
LIBGCMA_API bool xas_nomem(struct xa_state *xas, gfp_t gfp);
LIBGCMA_API void xas_destroy(struct xa_state *xas);
LIBGCMA_API void *xas_find_conflict(struct xa_state *xas);
LIBGCMA_API void *xas_next(struct xa_state *xas);
LIBGCMA_API void xas_create_range(struct xa_state *xas);
LIBGCMA_API void *xas_prev(struct xa_state *xas);
LIBGCMA_API void xas_set_order(struct xa_state *xas, unsigned long index,
			       unsigned int order);

/* How many entries a loop may visit between reschedules (the kernel's). */
#define XA_CHECK_SCHED		4096

/* Multi-index entries (lib/mm/xarray_multi.c; docs/xarray.md). */
LIBGCMA_API int xa_get_order(struct xarray *xa, unsigned long index);
LIBGCMA_API int xas_get_order(struct xa_state *xas);
LIBGCMA_API void *xa_store_range(struct xarray *xa, unsigned long first,
				 unsigned long last, void *entry, gfp_t gfp);
LIBGCMA_API void xas_split(struct xa_state *xas, void *entry,
			   unsigned int order);
LIBGCMA_API void xas_split_alloc(struct xa_state *xas, void *entry,
				 unsigned int order, gfp_t gfp);

/**
 * xas_for_each() - iterate over the entries from @xas's index to @max.
 * @xas: the cursor.
 * @entry: void * receiving each entry; check it with xas_retry().
 * @max: the last index.
 *
 * Hold the RCU read lock or xa_lock across the whole loop, or call
 * xas_pause() before dropping it. Zero and retry entries are returned:
 * start the body with `if (xas_retry(&xas, entry)) continue;`.
 */
#define xas_for_each(xas, entry, max)					\
	for (entry = xas_find(xas, max); entry;				\
	     entry = xas_next_entry(xas, max))

/**
 * xas_for_each_marked() - iterate over the entries carrying @mark.
 * @xas: the cursor.
 * @entry: void * receiving each entry.
 * @max: the last index.
 * @mark: XA_MARK_0..XA_MARK_2.
 *
 * Locking as xas_for_each(); reservations are not visited.
 */
#define xas_for_each_marked(xas, entry, max, mark)			\
	for (entry = xas_find_marked(xas, max, mark); entry;		\
	     entry = xas_find_marked(xas, max, mark))

/**
 * xas_for_each_conflict() - iterate over the entries an xas_store() of
 * @xas's order would replace.
 * @xas: the cursor.
 * @entry: void * receiving each entry (reservations included).
 *
 * Context: xa_lock held across the loop.
 */
#define xas_for_each_conflict(xas, entry)				\
	while ((entry = xas_find_conflict(xas)))

#ifdef __cplusplus
}
#endif

#endif /* _LIBGCMA_XARRAY_H */
